"""Run a Python script the way a user would: a fresh interpreter in a scratch folder."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def run_script(script: Path, workdir: Path, timeout: int) -> subprocess.CompletedProcess[str]:
    """Run ``script`` in ``workdir`` with figures off-screen and warnings as errors.

    ``CAREERREP_OUTPUT`` points the script's outputs at ``workdir``. The one expected
    warning (arviz 0.23 announcing its refactor on import) is allowed.
    """
    env = {
        **os.environ,
        "MPLBACKEND": "Agg",
        "CAREERREP_OUTPUT": str(workdir),
        "PYTHONWARNINGS": "error,ignore::FutureWarning:arviz",
        # The `careerrep` command of this interpreter's environment, as after `pip install`.
        "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]),
    }
    return subprocess.run(
        [sys.executable, str(script)], cwd=workdir, env=env, capture_output=True, text=True, timeout=timeout
    )


def failure_report(name: str, completed: subprocess.CompletedProcess[str]) -> str:
    """The tail of a failed run's output, for an assertion message."""
    return f"{name} failed:\n{completed.stdout[-3000:]}\n{completed.stderr[-5000:]}"
