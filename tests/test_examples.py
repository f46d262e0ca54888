"""Every script in examples/ runs to completion (in a fresh interpreter, in a temp folder)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = sorted((Path(__file__).resolve().parents[1] / "examples").glob("*.py"))


def test_there_are_examples() -> None:
    assert EXAMPLES, "examples/ has no scripts"


@pytest.mark.parametrize("script", EXAMPLES, ids=[path.name for path in EXAMPLES])
def test_example_runs(script: Path, tmp_path: Path) -> None:
    env = {
        **os.environ,
        "MPLBACKEND": "Agg",
        "CAREERREP_OUTPUT": str(tmp_path),
        "PYTHONWARNINGS": "error",
    }
    # arviz 0.23 announces its refactor on import; that one warning is expected.
    env["PYTHONWARNINGS"] = "error,ignore::FutureWarning:arviz"
    completed = subprocess.run(
        [sys.executable, str(script)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert completed.returncode == 0, (
        f"{script.name} failed:\n{completed.stdout[-3000:]}\n{completed.stderr[-5000:]}"
    )
    assert completed.stdout.strip(), f"{script.name} printed nothing"
