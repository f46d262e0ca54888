"""Simulation throughput: 1,000 replicates of n = 200 ordinal MLE fits (draw + fit + report).

Runs the same seeded study (the Kazakhstan preset, four effects, four
outcomes) in this process (1 worker), on a local process pool of 2 workers
and on a Dask LocalCluster of 2 single-threaded worker processes, checks the
three tables are identical, and prints wall time and replicates (fits) per
second. For scale it times the pieces of one replicate: drawing the cohort,
the careerrep fit inside a study, one ``OrdinalModel(formula, data).fit()``
(formula parsing + separation LP + fit) and one statsmodels ``OrderedModel``
fit (BFGS, the peer) on the same data.

    python benchmarks/bench_simulate.py [--reps 1000] [--n 200] [--no-dask]
"""

from __future__ import annotations

import argparse
import os
import time
import warnings

import numpy as np
import pandas as pd

from careerrep.models import OrdinalModel
from careerrep.simulate import draw, kazakhstan_scenario, study
from careerrep.simulate.arrays import signal_arrays
from careerrep.simulate.draw import draw_cohort
from careerrep.simulate.estimators import fit_mle


def per_call(function, repeat: int) -> float:  # type: ignore[no-untyped-def]
    """Median wall time of ``function()`` over ``repeat`` calls [s]."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return float(np.median(times))


def piece_costs(n: int) -> None:
    """Per-replicate cost of each piece, and the statsmodels peer, on one cohort."""
    from statsmodels.miscmodels.ordinal_model import OrderedModel

    scenario = kazakhstan_scenario()
    counts, codes = draw_cohort(scenario, n, np.random.default_rng(1))
    signals = signal_arrays(counts)
    X = np.column_stack([signals[name] for name in scenario.signals])
    table = draw(scenario, n, 1)
    frame = table.signals()
    cohort = per_call(lambda: draw_cohort(scenario, n, np.random.default_rng(1)), 50)
    records = per_call(lambda: draw(scenario, n, 1), 10)
    fast = per_call(lambda: fit_mle(X, codes, scenario, 0.05, {}), 50)
    model = per_call(lambda: OrdinalModel(scenario.formula(), frame).fit(), 20)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # statsmodels' own convergence chatter
        peer = per_call(
            lambda: OrderedModel(frame["outcome"], frame[list(scenario.signals)], distr="logit").fit(
                method="bfgs", disp=False, maxiter=2000
            ),
            10,
        )
    print(f"one replicate, n = {n} (median times)")
    print(f"  draw cohort (numpy core)            {1e3 * cohort:8.2f} ms")
    print(f"  draw() as validated CaseRecords     {1e3 * records:8.2f} ms   (records=True path)")
    print(f"  study 'mle' fit (model numpy core)  {1e3 * fast:8.2f} ms")
    print(f"  OrdinalModel(formula).fit()         {1e3 * model:8.2f} ms   (formula + separation LP + fit)")
    print(f"  statsmodels OrderedModel BFGS fit   {1e3 * peer:8.2f} ms   -> {peer / fast:.1f}x the study fit")


def timed_study(label: str, reps: int, n: int, **kwargs) -> pd.DataFrame:  # type: ignore[no-untyped-def]
    scenario = kazakhstan_scenario()
    start = time.perf_counter()
    result = study(scenario, n, reps, "mle", seed=2026, progress=False, **kwargs)
    wall = time.perf_counter() - start
    status = result.status()
    print(
        f"  {label:<32} {wall:7.2f} s  {reps / wall:8.1f} fits/s   "
        f"failed {int(status['failed'].sum())}, not converged {int(status['not_converged'].sum())}"
    )
    return result.table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=1000)
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--no-dask", action="store_true")
    args = parser.parse_args()
    print(f"cpu_count = {os.cpu_count()}, load average = {os.getloadavg()[0]:.2f}")
    piece_costs(args.n)
    print(f"\nstudy: {args.reps} replicates of n = {args.n}, ordinal MLE (wall time includes pool start-up)")
    serial = timed_study("in-process (1 worker)", args.reps, args.n, workers=1)
    pooled = timed_study("process pool (2 workers)", args.reps, args.n, workers=2)
    pd.testing.assert_frame_equal(serial, pooled, check_exact=True)
    if not args.no_dask:
        from distributed import Client, LocalCluster

        with (
            LocalCluster(
                n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
            ) as cluster,
            Client(cluster) as client,
        ):
            client.run(lambda: __import__("careerrep.simulate"))  # warm the workers' imports
            on_cluster = timed_study("Dask LocalCluster (2 workers)", args.reps, args.n, executor=client)
        pd.testing.assert_frame_equal(serial, on_cluster, check_exact=True)
    print("tables identical across executors: yes")


if __name__ == "__main__":
    main()
