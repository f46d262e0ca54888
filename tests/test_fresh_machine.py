"""The suite must pass on a machine that has never run careerrep, whatever its caches hold.

ArviZ 0.23 warns once a day on import and writes a stamp to its cache; the suite turns warnings
into errors. A child pytest with the project's own configuration imports arviz and pymc under a
HOME whose ArviZ stamp is absent, stale, unreadable or current: every case must pass.
"""

from __future__ import annotations

import datetime
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PROBE = ROOT / "tests" / "probes" / "arviz_notice_probe.py"

STAMPS = {
    "no cache at all": None,
    "stamp from another day": "2000-01-01",
    "unreadable stamp": "not a date",
    "stamp from today": datetime.date.today().isoformat(),
}


@pytest.mark.parametrize("state", list(STAMPS), ids=list(STAMPS))
def test_arviz_notice_cannot_break_a_run(state: str, tmp_path: Path) -> None:
    home = tmp_path / "home"
    cache = home / ".cache"
    stamp = STAMPS[state]
    if stamp is not None:
        (cache / "arviz").mkdir(parents=True)
        (cache / "arviz" / "daily_warning").write_text(stamp)
    env = {
        **os.environ,
        "HOME": str(home),
        "XDG_CACHE_HOME": str(cache),
        "MPLCONFIGDIR": str(home / "mpl"),
        "PYTENSOR_FLAGS": f"base_compiledir={home / 'pytensor'}",
    }
    child = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(PROBE)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert child.returncode == 0, child.stdout[-3000:] + child.stderr[-3000:]
    assert "1 passed" in child.stdout
