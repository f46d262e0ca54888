"""Time careerrep's Cox fit on (start, stop] rows against statsmodels PHReg and lifelines, and person-periods.

Run:  python benchmarks/bench_cox.py [--rows 10000 100000] [--spells 1000] [--days 365] [--exact-days]
                                    [--lifelines-python /work/venv-lifelines/bin/python]

``--rows N`` draws N rows and keeps about half (rows after a subject's event are dropped):
``--rows 2000000`` gives the 1.03 M (start, stop] rows of the issue's target.

Cox data: subjects with 1-10 consecutive (start, stop] rows each, p = 5
standard-normal covariates redrawn on every row (time-varying), continuous
times (no ties, so Efron = Breslow and PHReg's entry convention does not
matter), about 70% of subjects ending in an event, true log hazard ratios
``linspace(-0.5, 0.5, 5)``. careerrep is timed from its formula
(``CoxModel(...).fit()``, design matrix included); statsmodels ``PHReg`` gets
numpy arrays (``entry=start``, Efron ties); lifelines
``CoxTimeVaryingFitter`` (lifelines pins ``pandas<3``, so it is never a
dependency) runs in its own interpreter (``--lifelines-python``) on the same
rows read from a temporary CSV file (17 significant digits), timed inside that process around
``fit`` only. Each line prints wall and CPU seconds (careerrep and PHReg in
this process; lifelines' CPU is its process's), the wall-time ratios and the
largest absolute difference between the estimates.

Person-period expansion: ``--spells`` spells of ``--days / 2`` to ``--days`` days each
(``--exact-days``: all of ``--days`` days, the issue's 10,000 x 365),
daily coverage on every day, four windowed covariates (7- and 28-day sums,
a 14-day share, strikes so far), daily periods.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from careerrep.exits import CAREER_EXITS, CoxModel, Share, SpellTable, Strikes, Window, person_periods

P = 5
NAMES = [f"x{j}" for j in range(1, P + 1)]
FORMULA = "event ~ " + " + ".join(NAMES)
LIFELINES_SNIPPET = """
import json, sys, time
import pandas as pd
from lifelines import CoxTimeVaryingFitter
frame = pd.read_csv(sys.argv[1])
names = json.loads(sys.argv[2])
wall, cpu = time.perf_counter(), time.process_time()
fitter = CoxTimeVaryingFitter().fit(frame[["id", "start", "stop", "event", *names]], id_col="id",
                                    event_col="event", start_col="start", stop_col="stop")
print(json.dumps({"wall": time.perf_counter() - wall, "cpu": time.process_time() - cpu,
                  "params": [float(fitter.params_[n]) for n in names]}))
"""


def counting_process(n_rows: int, seed: int) -> pd.DataFrame:
    """About ``n_rows`` (start, stop] rows with time-varying covariates and a known Cox model."""
    rng = np.random.default_rng(seed)
    beta = np.linspace(-0.5, 0.5, P)
    pieces = rng.integers(1, 11, n_rows // 5)
    pieces = pieces[: np.searchsorted(np.cumsum(pieces), n_rows) + 1]
    subject = np.repeat(np.arange(len(pieces)), pieces)
    X = rng.standard_normal((len(subject), P))
    length = rng.exponential(1.0, len(subject))
    # Piecewise-constant hazard exp(x'beta): the subject fails in a row with probability 1 - exp(-H).
    fails = rng.random(len(subject)) < -np.expm1(-length * np.exp(X @ beta) * 0.3)
    first_fail = pd.Series(fails).groupby(subject).cummax().to_numpy()
    keep = ~(first_fail & ~fails) & ~(pd.Series(fails).groupby(subject).cumsum().to_numpy() > 1)
    frame = pd.DataFrame(X, columns=NAMES)
    frame["id"], frame["length"], frame["event"] = subject, length, fails.astype(int)
    frame = frame[keep].reset_index(drop=True)
    frame["stop"] = frame.groupby("id")["length"].cumsum()
    frame["start"] = frame["stop"] - frame["length"]
    return frame.drop(columns="length")


def timed(func):  # type: ignore[no-untyped-def]
    """Run ``func``; return ((wall s, CPU s), its value)."""
    wall, cpu = time.perf_counter(), time.process_time()
    value = func()
    return (time.perf_counter() - wall, time.process_time() - cpu), value


def lifelines_fit(frame: pd.DataFrame, python: str) -> dict | None:
    """Fit lifelines' CoxTimeVaryingFitter in its own interpreter; None if it is not there."""
    if not Path(python).is_file():
        return None
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "rows.csv")
        frame.to_csv(path, index=False, float_format="%.17g")  # exact doubles; no pyarrow needed there
        done = subprocess.run(
            [python, "-c", LIFELINES_SNIPPET, path, json.dumps(NAMES)],
            capture_output=True,
            text=True,
            check=True,
        )
    return json.loads(done.stdout.strip().splitlines()[-1])


def bench_cox(n_rows: int, seed: int, lifelines_python: str, peers: bool = True) -> None:
    from statsmodels.duration.hazard_regression import PHReg

    frame = counting_process(n_rows, seed)
    ours_t, ours = timed(lambda: CoxModel(FORMULA, frame, start="start", stop="stop").fit())
    if not peers:
        print(
            f"cox rows={len(frame):>8} events={int(frame['event'].sum()):>7}  careerrep {ours_t[0]:7.3f}s "
            f"(cpu {ours_t[1]:6.3f})  peers not run (--no-peers)",
            flush=True,
        )
        return
    X = frame[NAMES].to_numpy()
    sm_t, sm = timed(
        lambda: PHReg(
            frame["stop"].to_numpy(),
            X,
            status=frame["event"].to_numpy(),
            entry=frame["start"].to_numpy(),
            ties="efron",
        ).fit()
    )
    peer = lifelines_fit(frame, lifelines_python)
    diff_sm = float(np.max(np.abs(ours.params.to_numpy() - sm.params)))
    line = (
        f"cox rows={len(frame):>8} events={int(frame['event'].sum()):>7}  careerrep {ours_t[0]:7.3f}s "
        f"(cpu {ours_t[1]:6.3f})  PHReg {sm_t[0]:7.3f}s ({sm_t[0] / ours_t[0]:5.1f}x, diff {diff_sm:.1e})"
    )
    if peer is not None:
        diff_ll = float(np.max(np.abs(ours.params.to_numpy() - np.asarray(peer["params"]))))
        line += f"  lifelines {peer['wall']:7.3f}s ({peer['wall'] / ours_t[0]:5.1f}x, diff {diff_ll:.1e})"
    else:
        line += "  lifelines: not run (no interpreter at --lifelines-python)"
    print(line, flush=True)


def bench_person_periods(n_spells: int, days: int, seed: int, exact: bool = False) -> None:
    rng = np.random.default_rng(seed)
    start = pd.Timestamp("2020-01-01") + pd.to_timedelta(rng.integers(0, 365, n_spells), unit="D")
    length = np.full(n_spells, days) if exact else rng.integers(days // 2, days + 1, n_spells)
    ids = [f"s{i}" for i in range(n_spells)]
    spells = SpellTable.from_frame(
        pd.DataFrame(
            {
                "case_id": ids,
                "official": ids,
                "start": start,
                "end": start + pd.to_timedelta(length, unit="D"),
                "exit": rng.choice(["fired", "resigned", "censored"], n_spells),
            }
        ),
        CAREER_EXITS,
    )
    spell = np.repeat(np.arange(n_spells), length + 28)
    offset = np.arange(len(spell)) - np.repeat(np.cumsum(length + 28) - (length + 28), length + 28) - 28
    mentions = rng.poisson(3.0, len(spell))
    coverage = pd.DataFrame(
        {
            "case_id": np.asarray(ids)[spell],
            "date": start.to_numpy()[spell] + offset.astype("timedelta64[D]"),
            "mentions": mentions,
            "social": rng.binomial(mentions, 0.5),
            "negative": rng.binomial(mentions, 0.3),
        }
    )
    covariates = [
        Window("negative", 7),
        Window("negative", 28, lag=7),
        Share("social", "mentions", 14),
        Strikes("mentions", threshold=8),
    ]
    elapsed, rows = timed(
        lambda: person_periods(spells, period_days=1, coverage=coverage, covariates=covariates)
    )
    print(
        f"person_periods spells={n_spells} coverage rows={len(coverage)} -> {len(rows)} person-days "
        f"x 4 covariates: {elapsed[0]:.3f}s (cpu {elapsed[1]:.3f})",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--spells", type=int, default=1_000)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--exact-days", action="store_true", help="every spell --days long")
    parser.add_argument("--no-peers", action="store_true", help="time careerrep's Cox fit only")
    parser.add_argument("--no-person-periods", action="store_true", help="skip the person-period timing")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--lifelines-python", default="/work/venv-lifelines/bin/python")
    args = parser.parse_args()
    for n in args.rows:
        bench_cox(n, args.seed, args.lifelines_python, peers=not args.no_peers)
    if not args.no_person_periods:
        bench_person_periods(args.spells, args.days, args.seed, exact=args.exact_days)


if __name__ == "__main__":
    main()
