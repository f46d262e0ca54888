"""The sampler's progress bar follows careerrep's rule: shown when stderr is a terminal, never when refused.

Both samplers are replaced by a spy that records the ``progressbar`` it was
given and stops there, so no draws are made.
"""

from __future__ import annotations

import sys
from typing import Any

import pytest

from careerrep.models.bayes import BayesData, sampler
from tests.models.bayes.test_bayes_backends import _arrays
from tests.terminal import fake_stderr


class _Stop(Exception):
    pass


def _spy(seen: dict[str, Any]) -> Any:
    def record(*args: Any, **kwargs: Any) -> Any:
        seen["progressbar"] = kwargs["progressbar"]
        raise _Stop

    return record


@pytest.mark.parametrize(("backend", "link"), [("nutpie", "logit"), ("pymc", "probit")])
@pytest.mark.parametrize(
    ("progress", "tty", "shown"), [(None, True, True), (False, True, False), (None, False, False)]
)
def test_the_progress_bar_needs_a_terminal_and_no_refusal(
    monkeypatch: pytest.MonkeyPatch, backend: str, link: str, progress: bool | None, tty: bool, shown: bool
) -> None:
    seen: dict[str, Any] = {}
    if backend == "nutpie":
        from careerrep.models.bayes import nutpie_backend

        monkeypatch.setattr(nutpie_backend, "sample_log_posterior", _spy(seen))
    else:
        import pymc

        monkeypatch.setattr(pymc, "sample", _spy(seen))
    monkeypatch.setattr(sys, "stderr", fake_stderr(tty))
    data: BayesData = _arrays(link)
    with pytest.raises(_Stop):
        sampler.sample_arrays(data, draws=10, chains=1, seed=1, backend=backend, progress=progress)
    assert seen["progressbar"] is shown
