"""Bayesian ordinal model: careerrep (PyMC) vs bambi ``family="cumulative"``.

Same seeded data (benchmarks/bayes_data.py), n = 1,000 and 10,000, 4 chains x
1,000 draws (1,000 tuning). Reports wall time split into build+compile and
sampling, min bulk ESS over the coefficients and thresholds, and ESS/s
(min bulk ESS / sampling seconds). bambi is never a careerrep dependency:
install it in a throwaway venv to run its half (``--peer`` skips it when absent).

    python benchmarks/bench_bayes.py            # both sizes, both tools
    python benchmarks/bench_bayes.py --n 1000   # one size
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bayes_data import FORMULA, benchmark_frame


def run_careerrep(n: int, draws: int, chains: int, seed: int) -> dict[str, float]:
    """Fit with careerrep; returns timings and the min bulk ESS."""
    from careerrep.models import OrdinalModel

    model = OrdinalModel(FORMULA, benchmark_frame(n))
    started = time.perf_counter()
    result = model.sample(draws=draws, chains=chains, seed=seed, tune=1000)
    total = time.perf_counter() - started
    sampling = result.timing["sampling_seconds"]
    ess = float(result.summary_frame()["ess_bulk"].min())
    return {
        "total": total,
        "compile": result.timing["total_seconds"] - sampling,
        "sampling": sampling,
        "ess": ess,
        "divergences": result.diagnostics.divergences,
    }


def run_bambi(n: int, draws: int, chains: int, seed: int) -> dict[str, float] | None:
    """Fit the same model with bambi (cumulative logit); None when bambi is absent."""
    try:
        import arviz as az
        import bambi as bmb
    except ImportError:
        return None
    frame = benchmark_frame(n)
    started = time.perf_counter()
    model = bmb.Model(FORMULA, frame, family="cumulative")
    idata = model.fit(draws=draws, tune=1000, chains=chains, random_seed=seed, progressbar=False)
    total = time.perf_counter() - started
    sampling = float(idata.posterior.attrs.get("sampling_time", np.nan))
    ess = az.ess(idata, method="bulk")
    names = [v for v in ess.data_vars if not v.endswith("_mean") and v != "outcome_mean"]
    values = np.concatenate([np.ravel(ess[v].to_numpy()) for v in names])
    return {
        "total": total,
        "compile": total - sampling,
        "sampling": sampling,
        "ess": float(np.nanmin(values)),
        "divergences": int(idata.sample_stats["diverging"].sum()),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, nargs="*", default=[1000, 10000])
    parser.add_argument("--draws", type=int, default=1000)
    parser.add_argument("--chains", type=int, default=4)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    print(f"{'tool':<10} {'n':>6} {'compile s':>10} {'sample s':>9} {'min ESS':>8} {'ESS/s':>8} {'div':>4}")
    for n in args.n:
        ours = run_careerrep(n, args.draws, args.chains, args.seed)
        peer = run_bambi(n, args.draws, args.chains, args.seed)
        for tool, row in (("careerrep", ours), ("bambi", peer)):
            if row is None:
                print(f"{tool:<10} {n:>6}   (not installed)")
                continue
            rate = row["ess"] / row["sampling"]
            print(
                f"{tool:<10} {n:>6} {row['compile']:>10.1f} {row['sampling']:>9.1f} "
                f"{row['ess']:>8.0f} {rate:>8.1f} {row['divergences']:>4.0f}"
            )
        if peer is not None:
            ratio = (ours["ess"] / ours["sampling"]) / (peer["ess"] / peer["sampling"])
            print(f"{'':<10} {n:>6}  ESS/s ratio careerrep / bambi = {ratio:.2f}")


if __name__ == "__main__":
    main()
