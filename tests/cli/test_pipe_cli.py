"""``careerrep ... | head``: a reader that stops early gets no error line and no traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from careerrep.simulate import draw, kazakhstan_scenario
from tests.seeds import shifted


def test_a_closed_pipe_is_not_an_error(tmp_path: Path) -> None:
    cases = tmp_path / "cases.csv"
    draw(kazakhstan_scenario(), 120, seed=shifted(2)).to_csv(cases)
    env = {**os.environ, "MPLBACKEND": "Agg", "PYTHONWARNINGS": "error,ignore::FutureWarning:arviz"}
    process = subprocess.Popen(
        [sys.executable, "-m", "careerrep", "fit", str(cases), "--formula", "outcome ~ social_share"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        text=True,
    )
    assert process.stdout is not None
    process.stdout.close()  # like `| head` that has already exited: every write meets a closed pipe
    _, error = process.communicate(timeout=600)
    assert process.returncode == 0, error
    assert error == ""
