"""The progress-bar rule: refused by the caller, or stderr not a terminal, means no bar."""

from __future__ import annotations

import sys

import pytest

from careerrep.progress import progress_enabled
from tests.terminal import fake_stderr


@pytest.mark.parametrize(
    ("wish", "tty", "expected"),
    [
        (None, True, True),
        (True, True, True),
        (False, True, False),
        (None, False, False),
        (True, False, False),
    ],
)
def test_a_bar_needs_a_terminal_and_no_refusal(
    monkeypatch: pytest.MonkeyPatch, wish: bool | None, tty: bool, expected: bool
) -> None:
    monkeypatch.setattr(sys, "stderr", fake_stderr(tty))
    assert progress_enabled(wish) is expected
