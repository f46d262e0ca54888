"""Rerun statistical tests over many seeds and report, per test, which seeds fail.

Usage: ``python scripts/seed_sweep.py --shifts 20 tests/models/bayes tests/simulate/test_study.py``

Each shift k runs pytest once with ``CAREERREP_TEST_SEED_SHIFT=k`` (see ``tests/seeds.py``),
so every seed drawn through ``tests.seeds.shifted`` moves. The junit reports are tallied into one
line per test: passes out of runs, and the shifts that failed with the first line of the error.
Shifts run one after another; ``--jobs`` runs that many shifts at once.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run_shift(shift: int, selection: list[str], folder: Path) -> Path:
    """Run the selection with one seed shift; return the path of its junit report."""
    report = folder / f"shift-{shift}.xml"
    env = {**os.environ, "CAREERREP_TEST_SEED_SHIFT": str(shift)}
    subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", f"--junitxml={report}", *selection],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
    )
    return report


def tally(reports: dict[int, Path]) -> dict[str, list[tuple[int, str]]]:
    """Per test id: (shift, '' for a pass or the first line of the failure) for every run."""
    outcomes: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for shift, report in sorted(reports.items()):
        if not report.exists():
            outcomes["<pytest did not run>"].append((shift, "no junit report"))
            continue
        for case in ET.parse(report).getroot().iter("testcase"):
            name = f"{case.get('classname')}::{case.get('name')}"
            problem = case.find("failure")
            if problem is None:
                problem = case.find("error")
            if case.find("skipped") is not None:
                outcomes[name].append((shift, "skipped"))
            elif problem is None:
                outcomes[name].append((shift, ""))
            else:
                outcomes[name].append((shift, (problem.get("message") or "").splitlines()[0][:160]))
    return outcomes


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--shifts", type=int, default=20, help="number of seed shifts, 0..N-1 (default: 20)")
    parser.add_argument("--first", type=int, default=0, help="first shift (default: 0)")
    parser.add_argument("--jobs", type=int, default=1, help="shifts run at once (default: 1)")
    parser.add_argument("selection", nargs="+", help="pytest paths or node ids")
    args = parser.parse_args()
    shifts = range(args.first, args.first + args.shifts)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        with ThreadPoolExecutor(max_workers=args.jobs) as pool:
            paths = dict(
                zip(shifts, pool.map(lambda k: run_shift(k, args.selection, folder), shifts), strict=True)
            )
        outcomes = tally(paths)
    failed_any = False
    for name, runs in sorted(outcomes.items()):
        bad = [(shift, message) for shift, message in runs if message]
        failed_any |= bool(bad)
        print(f"{len(runs) - len(bad)}/{len(runs)} passed  {name}")
        for shift, message in bad:
            print(f"    shift {shift}: {message}")
    return 1 if failed_any else 0


if __name__ == "__main__":
    raise SystemExit(main())
