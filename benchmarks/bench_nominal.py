"""Time the cumulative model with one nominal term against R ``ordinal::clm``, same data, one run.

Run:  python benchmarks/bench_nominal.py [--n 100000] [--seed 0] [--repeat 3] [--no-r]

Data: p = 5 standard-normal location covariates and one binary nominal term
``d`` (its thresholds spread from (-1, 0, 1) to (-1.6, 0, 1.6), so they never
cross), 4 outcome categories. careerrep fits
``CumulativeModel("y ~ x1 + ... + x5", data, nominal="~ d")`` (time includes
building the design from the formula); R fits
``clm(y ~ x1 + ... + x5, nominal = ~ d, data = d, control = clm.control(gradTol = 1e-10))``
in a child ``Rscript``, timed there with ``system.time`` around ``clm`` only
(reading the CSV is not timed). Each side fits ``--repeat`` times in one process
and the fastest is reported (as ``timeit`` does: the first fit pays one-off costs,
on both sides). The script prints both times, the ratio and
the largest absolute difference between the estimates. No Python package
fits nominal effects (statsmodels' ``OrderedModel`` has no partial
proportional odds), so there is no Python peer. Timings on a shared machine
are noisy: compare CPU times, and rerun on a quiet one before quoting.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from careerrep.models import CumulativeModel

P = 5
LABELS = ["fired", "resigned", "retained", "promoted"]
LOCATION = "y ~ " + " + ".join(f"x{j}" for j in range(1, P + 1))

R_SCRIPT = r"""
suppressPackageStartupMessages(library(ordinal))
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1])
d$y <- factor(d$y, levels = c("fired", "resigned", "retained", "promoted"), ordered = TRUE)
repeats <- as.integer(args[2])
wall <- cpu <- numeric(repeats)
for (i in seq_len(repeats)) {
  timing <- system.time(fit <- clm(y ~ x1 + x2 + x3 + x4 + x5, nominal = ~ d, data = d,
                                   control = clm.control(gradTol = 1e-10)))
  wall[i] <- timing[["elapsed"]]
  cpu[i] <- timing[["user.self"]] + timing[["sys.self"]]
}
est <- c(fit$beta, fit$alpha)
cat(sprintf('{"wall": %.6f, "cpu": %.6f, "cpu_all": [%s], "estimates": [%s], "version": "%s"}\n',
            min(wall), min(cpu), paste(sprintf("%.4f", cpu), collapse = ", "),
            paste(sprintf("%.17g", est), collapse = ", "), as.character(packageVersion("ordinal"))))
"""


def simulate(n: int, seed: int) -> pd.DataFrame:
    """Cumulative-logit data with a category-specific effect of the binary ``d``."""
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, P))
    d = rng.integers(0, 2, size=n)
    cuts = np.array([-1.0, 0.0, 1.0])[None, :] + np.array([-0.6, 0.0, 0.6])[None, :] * d[:, None]
    latent = X @ np.linspace(-0.5, 0.5, P) + rng.logistic(size=n)
    codes = (latent[:, None] > cuts).sum(axis=1)
    frame = pd.DataFrame(X, columns=[f"x{j}" for j in range(1, P + 1)])
    frame["d"] = d.astype(float)
    frame["y"] = pd.Categorical.from_codes(codes, categories=LABELS, ordered=True)
    return frame


def run_r(frame: pd.DataFrame, repeats: int) -> dict[str, object] | None:
    """Fit and time the same model with R clm (best of ``repeats``); None if Rscript or ordinal is missing."""
    if shutil.which("Rscript") is None:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        csv, script = Path(tmp) / "data.csv", Path(tmp) / "fit.R"
        frame.assign(y=frame["y"].astype(str)).to_csv(csv, index=False)
        script.write_text(R_SCRIPT)
        out = subprocess.run(
            ["Rscript", str(script), str(csv), str(repeats)], capture_output=True, text=True, check=False
        )
    if out.returncode != 0:
        print("Rscript failed:", out.stderr.strip()[-300:])
        return None
    result: dict[str, object] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=3, help="fits per side; the fastest is reported")
    parser.add_argument("--no-r", action="store_true", help="skip the R fit")
    args = parser.parse_args()
    frame = simulate(args.n, args.seed)
    walls, cpus = [], []
    for _ in range(args.repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        result = CumulativeModel(LOCATION, frame, nominal="~ d").fit()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    ours = (min(walls), min(cpus))
    print(f"n = {args.n}, p = {P} location + 1 nominal term, K = {len(LABELS)}, best of {args.repeat}")
    print(
        f"careerrep CumulativeModel: wall {ours[0]:.3f} s, CPU {ours[1]:.3f} s "
        f"(CPU each: {', '.join(f'{c:.3f}' for c in cpus)}), {result.iterations} Newton steps"
    )
    peer = None if args.no_r else run_r(frame, args.repeat)
    if peer is None:
        print("R clm: not run")
        return
    # clm's order: beta, then alpha = thresholds, then the nominal d block; ours is the same here.
    diff = float(np.max(np.abs(result.params.to_numpy() - np.asarray(peer["estimates"]))))
    r_wall, r_cpu = float(peer["wall"]), float(peer["cpu"])  # type: ignore[arg-type]
    print(
        f"R ordinal::clm {peer['version']}: wall {r_wall:.3f} s, CPU {r_cpu:.3f} s "
        f"(CPU each: {peer['cpu_all']})"
    )
    print(
        f"ratio R / careerrep: wall {r_wall / ours[0]:.1f}x, CPU {r_cpu / ours[1]:.1f}x; "
        f"max |diff| = {diff:.1e}"
    )


if __name__ == "__main__":
    main()
