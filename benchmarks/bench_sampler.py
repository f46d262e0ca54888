"""Bayesian ordinal sampling speed: careerrep (two backends), PyMC, PyMC + nutpie and bambi in one run.

Two data sets, as in issue 17: ``normal`` (5 N(0,1) covariates, 4 categories,
``y ~ x1 + ... + x5``) and ``signals`` (benchmarks/bayes_data.py: three
uncentred signals and a country factor). Tools: ``careerrep`` (its default
backend: nutpie's NUTS on the NumPy log posterior), ``careerrep-pymc``
(``backend="pymc"``), ``pymc`` and ``nutpie`` (careerrep's PyMC model under
``pm.sample`` with PyMC's NUTS or with ``nuts_sampler="nutpie"``) and bambi. Every tool samples 2 chains x
``--draws`` after ``--tune`` warm-up steps with ``cores=2``, each in its own
fresh Python process, and is scored by the minimum bulk ESS over every
parameter divided by the wall time of the whole fit (model build, compilation
and sampling; imports excluded). nutpie is measured warm: its process compiles
and samples once, then compiles and samples again, and the second fit counts.
bambi runs from its own venv (``--bambi-python``, never a careerrep dependency).

``--cold`` instead times a first ``.sample()`` of a 60-case and of a 1,000-case
ordinal model in a fresh process with empty caches (HOME, XDG_CACHE_HOME and
PyTensor's compile dir point at a new temporary directory), imports included.

    python benchmarks/bench_sampler.py --n 10000
    python benchmarks/bench_sampler.py --n 1000 --draws 300 --tune 300   # a quick check
    python benchmarks/bench_sampler.py --cold
    python benchmarks/bench_sampler.py --backend pymc --cold            # careerrep's fallback
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
TOOLS = ("careerrep", "careerrep-pymc", "pymc", "nutpie", "bambi")

# Runs inside the child process; prints one JSON line.
CHILD = r"""
import json, resource, sys, time, warnings
started = time.perf_counter()
warnings.filterwarnings("ignore")
sys.path.insert(0, {here!r})
import numpy as np
import pandas as pd
tool, data_name, n, draws, tune, seed, backend = {args!r}

def frame():
    if data_name == "signals":
        from bayes_data import FORMULA, benchmark_frame
        return FORMULA, benchmark_frame(n)
    rng = np.random.default_rng(20261201)
    X = rng.normal(size=(n, 5))
    eta = X @ np.array([0.5, -0.3, 0.2, 0.0, 0.4])
    codes = np.searchsorted([-1.0, 0.2, 1.3], eta + rng.logistic(size=n))
    df = pd.DataFrame(X, columns=[f"x{{j}}" for j in range(1, 6)])
    df["y"] = pd.Categorical.from_codes(codes, dtype=pd.CategoricalDtype(list("abcd"), ordered=True))
    return "y ~ x1 + x2 + x3 + x4 + x5", df

formula, df = frame()

def min_bulk_ess(idata, names):
    import arviz as az
    ess = az.ess(idata, var_names=names, method="bulk")
    return float(min(np.nanmin(ess[v].to_numpy()) for v in ess.data_vars))

def fit():
    t = time.perf_counter()
    if tool.startswith("careerrep"):
        from careerrep.models import OrdinalModel
        chosen = "pymc" if tool == "careerrep-pymc" else (backend or "auto")
        result = OrdinalModel(formula, df).sample(draws=draws, tune=tune, chains=2, cores=2, seed=seed,
                                                  backend=chosen)
        ess = float(result.summary_frame()["ess_bulk"].min())
        return time.perf_counter() - t, ess
    if tool == "bambi":
        import bambi as bmb
        idata = bmb.Model(formula, df, family="cumulative").fit(
            draws=draws, tune=tune, chains=2, cores=2, random_seed=seed, progressbar=False)
        names = [v for v in idata.posterior.data_vars if not v.endswith("_mean")]
        return time.perf_counter() - t, min_bulk_ess(idata, names)
    # PyMC's NUTS or nutpie on careerrep's PyMC model (same priors and collapsed likelihood).
    import pymc as pm
    from careerrep.models import OrdinalModel
    from careerrep.models.bayes.build import build_model
    from careerrep.models.bayes.glue import model_arrays
    from careerrep.models.bayes.priors import resolve_priors
    data, _ = model_arrays(OrdinalModel(formula, df))
    built = build_model(data, resolve_priors(None))
    with built.model:
        idata = pm.sample(draws=draws, tune=tune, chains=2, cores=2, random_seed=seed, progressbar=False,
                          compute_convergence_checks=False, target_accept=0.9,
                          nuts_sampler="nutpie" if tool == "nutpie" else "pymc")
    names = ["beta", "category_probs", *[v for v in idata.posterior.data_vars if v.startswith("sd_")]]
    return time.perf_counter() - t, min_bulk_ess(idata, names)

seconds, ess = fit()
if tool == "nutpie":  # warm: the second fit reuses the compile caches of the first
    seconds, ess = fit()
usage = resource.getrusage(resource.RUSAGE_SELF)
print("RESULT " + json.dumps({{"seconds": seconds, "ess": ess,
                              "process_seconds": time.perf_counter() - started,
                              "cpu_seconds": usage.ru_utime + usage.ru_stime}}))
"""


def run_child(
    python: str,
    tool: str,
    data: str,
    n: int,
    draws: int,
    tune: int,
    seed: int,
    backend: str | None,
    cold: bool,
) -> dict[str, float] | None:
    """One fit in a fresh process; None when the tool is not installed there."""
    code = CHILD.format(here=str(HERE), args=(tool, data, n, draws, tune, seed, backend))
    env = dict(os.environ)
    with tempfile.TemporaryDirectory() as tmp:
        if cold:
            env.update(
                HOME=tmp, XDG_CACHE_HOME=tmp, NUMBA_CACHE_DIR=tmp, PYTENSOR_FLAGS=f"base_compiledir={tmp}"
            )
        started = time.perf_counter()
        proc = subprocess.run([python, "-c", code], capture_output=True, text=True, env=env, check=False)
        wall = time.perf_counter() - started
    lines = [line for line in proc.stdout.splitlines() if line.startswith("RESULT ")]
    if not lines:
        tail = (proc.stderr or "").strip().splitlines()[-3:]
        print(f"  {tool} {data} n={n}: failed: {' | '.join(tail)}", file=sys.stderr)
        return None
    row: dict[str, float] = json.loads(lines[-1][len("RESULT ") :])
    row["wall_with_imports"] = wall
    return row


def throughput(args: argparse.Namespace) -> None:
    pythons = {
        "careerrep": sys.executable,
        "careerrep-pymc": sys.executable,
        "pymc": sys.executable,
        "nutpie": sys.executable,
        "bambi": args.bambi_python,
    }
    print(f"draws {args.draws}, tune {args.tune}, 2 chains, cores=2; ESS/s = min bulk ESS / fit seconds")
    header = f"{'data':<8} {'n':>6} {'tool':<15} {'fit s':>7} {'cpu s':>7} {'min ESS':>8}"
    print(f"{header} {'ESS/s':>8} {'ours/x':>7} {'load':>5}")
    for data in args.data:
        for n in args.n:
            ours = None  # careerrep's row; it runs first, so every later row shows the ratio
            for tool in args.tools:
                if tool == "bambi" and not Path(args.bambi_python).exists():
                    continue
                row = run_child(
                    pythons[tool], tool, data, n, args.draws, args.tune, args.seed, args.backend, cold=False
                )
                if row is None:
                    continue
                rate = row["ess"] / row["seconds"]
                ours = row if tool == "careerrep" else ours
                ratio = (ours["ess"] / ours["seconds"]) / rate if ours else float("nan")
                print(  # one row as soon as it is measured: a long run shows its progress
                    f"{data:<8} {n:>6} {tool:<15} {row['seconds']:>7.1f} {row['cpu_seconds']:>7.1f} "
                    f"{row['ess']:>8.0f} {rate:>8.1f} {ratio:>7.2f} {os.getloadavg()[0]:>5.1f}",
                    flush=True,
                )


def cold_start(args: argparse.Namespace) -> None:
    print("first .sample() in a fresh process with empty caches, imports included (2 chains, cores=2)")
    print(f"{'n':>6} {'backend':<8} {'wall s':>7} {'cpu s':>7} {'fit s':>7} {'load':>5}")
    for n in (60, 1000):
        row = run_child(
            sys.executable,
            "careerrep",
            "normal",
            n,
            args.draws,
            args.tune,
            args.seed,
            args.backend,
            cold=True,
        )
        if row is not None:
            print(
                f"{n:>6} {args.backend or 'default':<8} {row['wall_with_imports']:>7.1f} "
                f"{row['cpu_seconds']:>7.1f} {row['seconds']:>7.1f} {os.getloadavg()[0]:>5.1f}",
                flush=True,
            )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--n", type=int, nargs="*", default=[10000])
    parser.add_argument("--data", nargs="*", default=["normal", "signals"], choices=["normal", "signals"])
    parser.add_argument("--tools", nargs="*", default=list(TOOLS), choices=list(TOOLS))
    parser.add_argument("--draws", type=int, default=1000)
    parser.add_argument("--tune", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--backend", default=None, help="careerrep's sample(backend=...); default: its default"
    )
    parser.add_argument("--bambi-python", default="/work/venv-bambi/bin/python")
    parser.add_argument("--cold", action="store_true", help="time cold starts instead of throughput")
    args = parser.parse_args()
    print(time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "load average", os.getloadavg())
    cold_start(args) if args.cold else throughput(args)


if __name__ == "__main__":
    main()
