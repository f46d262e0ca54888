"""Every script in examples/ runs to completion (in a fresh interpreter, in a temp folder)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.scripts import failure_report, run_script

EXAMPLES = sorted((Path(__file__).resolve().parents[1] / "examples").glob("*.py"))


def test_there_are_examples() -> None:
    assert EXAMPLES, "examples/ has no scripts"


@pytest.mark.parametrize("script", EXAMPLES, ids=[path.name for path in EXAMPLES])
def test_example_runs(script: Path, tmp_path: Path) -> None:
    completed = run_script(script, tmp_path, timeout=600)
    assert completed.returncode == 0, failure_report(script.name, completed)
    assert completed.stdout.strip(), f"{script.name} printed nothing"
