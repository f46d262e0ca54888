"""Time careerrep.ingest on a large synthetic export, beside a plain pandas peer.

The export has N mention rows (default 1,000,000) spread over 200 cases,
assigned by official and window, with every optional column. Two timings:

- careerrep: ``ingest(export, cases, strict=True)`` streaming in chunks
  (checks every row, places mentions, builds the records);
- peer: ``pandas.read_csv`` of the whole file plus one ``groupby`` count per
  breakdown (no checks, whole file in memory): the least work that gives
  the same counts.

Each runs in a fresh process, whose peak resident memory (``VmHWM`` from
``/proc/self/status``, Linux; it includes the ~110 MiB of imported libraries)
is reported beside the time. Timings are wall clock: run on an idle machine. Run:

    python benchmarks/bench_ingest.py [N_ROWS]
"""

from __future__ import annotations

import multiprocessing
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from careerrep.ingest import ingest

N_CASES = 200


def write_export(folder: Path, n_rows: int, seed: int = 0) -> tuple[Path, Path]:
    """A mention export with ``n_rows`` rows and its cases file."""
    rng = np.random.default_rng(seed)
    starts = pd.Timestamp("2019-01-01") + pd.to_timedelta(rng.integers(0, 600, N_CASES), unit="D")
    lengths = rng.integers(10, 120, N_CASES)
    cases = pd.DataFrame(
        {
            "case_id": [f"C{i:04d}" for i in range(N_CASES)],
            "official": [f"Official {i:04d}" for i in range(N_CASES)],
            "country": "Kazakhstan",
            "window_start": starts.strftime("%Y-%m-%d"),
            "window_end": (starts + pd.to_timedelta(lengths - 1, unit="D")).strftime("%Y-%m-%d"),
            "outcome": rng.choice(["fired", "resigned", "retained", "promoted"], N_CASES),
        }
    )
    case = rng.integers(0, N_CASES, n_rows)
    day = starts.to_numpy()[case] + (rng.integers(0, 1 << 30, n_rows) % lengths[case]).astype(
        "timedelta64[D]"
    )
    social = rng.random(n_rows) < 0.6
    export = pd.DataFrame(
        {
            "official": cases["official"].to_numpy()[case],
            "date": pd.DatetimeIndex(day).strftime("%Y-%m-%d")
            + " "
            + pd.Series(rng.integers(0, 24, n_rows)).map("{:02d}:30".format),
            "source_type": np.where(social, "social", "mass media"),
            "media_type": np.where(
                social, "", rng.choice(["news agencies", "print media", "electronic media"], n_rows)
            ),
            "platform": np.where(
                social, rng.choice(["Facebook", "VKontakte", "Instagram", "Telegram"], n_rows), ""
            ),
            "region": rng.choice(["Kazakhstan-wide", "Almaty", "Nur-Sultan", "Shymkent"], n_rows),
            "language": rng.choice(["kk", "ru"], n_rows),
            "sentiment": rng.choice(["negative", "neutral", "positive"], n_rows),
            "reach": rng.integers(0, 100_000, n_rows),
        }
    )
    export_path, cases_path = folder / "mentions.csv", folder / "cases.csv"
    export.to_csv(export_path, index=False)
    cases.to_csv(cases_path, index=False)
    return export_path, cases_path


def peer(export_path: Path) -> pd.DataFrame:
    """Whole-file pandas: read, count per official and breakdown (no checks, no windows)."""
    frame = pd.read_csv(export_path, dtype=str)
    counts = [
        frame.groupby(["official", column]).size()
        for column in ("source_type", "media_type", "platform", "region", "sentiment")
    ]
    return pd.concat(counts)


def _timed(job: str, export_path: Path, cases_path: Path) -> tuple[float, float, int]:
    """Run one job; return its seconds, the process's peak RSS in MiB, and rows used."""
    t0 = time.perf_counter()
    used = ingest(export_path, cases_path).report.rows_used if job == "careerrep" else len(peer(export_path))
    seconds = time.perf_counter() - t0
    return seconds, peak_rss_mib(), used


def peak_rss_mib() -> float:
    """This process's peak resident memory (``ru_maxrss`` would include the parent's, kept across exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def in_fresh_process(job: str, export_path: Path, cases_path: Path) -> tuple[float, float, int]:
    """:func:`_timed` in a new interpreter, so peak memory is this job's alone."""
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        return pool.apply(_timed, (job, export_path, cases_path))


def main(n_rows: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        export_path, cases_path = write_export(Path(tmp), n_rows)
        size = export_path.stat().st_size / 2**20
        print(f"export: {n_rows:,} rows, {size:.0f} MiB, {N_CASES} cases (by official and window)")
        ours, our_memory, used = in_fresh_process("careerrep", export_path, cases_path)
        theirs, their_memory, _ = in_fresh_process("pandas", export_path, cases_path)
        print(f"careerrep.ingest   : {ours:6.2f} s, peak RSS {our_memory:5.0f} MiB ({used:,} rows used)")
        print(f"pandas read+groupby: {theirs:6.2f} s, peak RSS {their_memory:5.0f} MiB")
        print(f"ratio careerrep / pandas: time {ours / theirs:.2f}, memory {our_memory / their_memory:.2f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
