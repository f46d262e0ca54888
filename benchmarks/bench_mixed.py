"""Time careerrep's mixed models against R's ordinal::clmm and lme4::glmer on the same data.

Run:  python benchmarks/bench_mixed.py [--n 10000] [--groups 200] [--seed 0] [--no-r]
          [--no-sample] [--sample-draws 1000] [--sample-chains 4] [--sample-tune 1000]

Data: one standard-normal covariate and a random intercept per group
(SD 1), ``n`` rows in ``groups`` equal groups; an ordinal outcome with 4
categories (logit link) and a binary outcome from the same latent variable.
For each it fits careerrep (Laplace, and adaptive Gauss-Hermite with 10
nodes) and R (``clmm(..., nAGQ = 1)`` / ``nAGQ = 10``; ``glmer(...,
nAGQ = 1)`` / ``nAGQ = 10``) on the same CSV. careerrep times include
building the design from the formula, but not the LR test refit
(``lr_tests=False``) and not importing the package; R times are measured
inside R around the fit (``system.time``), excluding R's start-up and
reading the CSV. Prints wall times, the ratio R / careerrep and the largest
absolute difference between the fixed-effect estimates and the log-likelihood
difference (ours minus R's; positive: ours is higher). Wall and CPU times are
both shown; on a shared machine CPU time is the steadier number.

``.sample()`` of the same ordinal specification (``OrdinalModel("y ~ x +
(1|g)")``, PyMC NUTS with careerrep's default priors; draws, chains and
tuning steps as given, ``.sample()``'s defaults by default) is timed wall
clock around the call, compilation included (with ``cores > 1`` its chains
run in worker processes, which the parent's CPU time would miss), and compared with the
wall time of careerrep's Laplace fit: the ratio is how many Laplace fits one
posterior costs. The 1-minute load average is printed before and after.
The machine may be shared: run it on a quiet machine for numbers to quote.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from careerrep.models import OrdinalModel
from careerrep.models.mixed import MixedLogitModel, MixedOrdinalModel

R_SCRIPT = r"""
suppressPackageStartupMessages({library(ordinal); library(lme4)})
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1]); d$g <- factor(d$g); d$y <- factor(d$y, ordered = TRUE)
out <- list()
times <- function(t) c(t[["elapsed"]], t[["user.self"]] + t[["sys.self"]])
for (q in c(1, 10)) {
  t <- system.time(m <- clmm(y ~ x + (1 | g), data = d, nAGQ = q))
  out[[paste0("clmm_", q)]] <- c(times(t), coef(m)[["x"]], as.numeric(logLik(m)))
  t <- system.time(m <- glmer(event ~ x + (1 | g), family = binomial, data = d, nAGQ = q))
  out[[paste0("glmer_", q)]] <- c(times(t), fixef(m)[["x"]], as.numeric(logLik(m)))
}
lines <- sapply(out, function(v) paste(sprintf("%.10g", v), collapse = ","))
cat(paste(names(out), lines, sep = "=", collapse = "\n"))
"""


def make_data(n: int, groups: int, seed: int) -> pd.DataFrame:
    """Seeded rows: covariate, group, ordinal and binary outcomes."""
    rng = np.random.default_rng(seed)
    g = np.arange(n) % groups
    x = rng.normal(size=n)
    latent = 0.7 * x + rng.normal(size=groups)[g] + rng.logistic(size=n)
    y = np.digitize(latent, [-1.0, 0.5, 2.0])
    return pd.DataFrame({"y": y, "event": (latent > 0.5).astype(int), "x": x, "g": g})


def as_model_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The CSV frame with an ordered outcome and string group codes (what careerrep fits)."""
    return frame.assign(
        y=pd.Categorical(frame["y"], categories=[0, 1, 2, 3], ordered=True), g=frame["g"].astype(str)
    )


def time_careerrep(frame: pd.DataFrame) -> dict[str, tuple[float, float, float, float]]:
    """``name -> (wall s, CPU s, beta_x, loglik)`` for careerrep's fits."""
    ordinal = as_model_frame(frame)
    out = {}
    for q in (1, 10):
        for name, build in (
            (f"clmm_{q}", lambda: MixedOrdinalModel("y ~ x + (1|g)", ordinal)),
            (f"glmer_{q}", lambda: MixedLogitModel("event ~ x + (1|g)", ordinal)),
        ):
            wall, cpu = time.perf_counter(), time.process_time()
            fit = build().fit(n_agq=q, lr_tests=False)
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            out[name] = (wall, cpu, float(fit.params["x"]), fit.loglik)
    return out


def time_sample(frame: pd.DataFrame, draws: int, chains: int, tune: int, seed: int) -> dict[str, float]:
    """Wall seconds of ``.sample()`` of the random-intercept ordinal model, and what it found."""
    model = OrdinalModel("y ~ x + (1|g)", as_model_frame(frame))
    wall = time.perf_counter()
    posterior = model.sample(draws=draws, chains=chains, seed=seed, tune=tune)
    wall = time.perf_counter() - wall
    table = posterior.summary_frame()
    return {
        "wall": wall,
        "sampling": float(posterior.timing["sampling_seconds"]),
        "x_mean": float(table.loc["x", "mean"]),
        "sd_mean": float(table.loc["sd(1|g)", "mean"]),
        "min_ess_bulk": float(table["ess_bulk"].min()),
        "divergences": float(posterior.diagnostics.divergences),
    }


def time_r(frame: pd.DataFrame) -> dict[str, tuple[float, float, float, float]]:
    """Same fits in R (``Rscript``); empty if R is not installed."""
    if shutil.which("Rscript") is None:
        return {}
    with tempfile.TemporaryDirectory() as tmp:
        csv, script = Path(tmp) / "data.csv", Path(tmp) / "bench.R"
        frame.to_csv(csv, index=False)
        script.write_text(R_SCRIPT)
        done = subprocess.run(["Rscript", str(script), str(csv)], capture_output=True, text=True, check=True)
    out = {}
    for line in done.stdout.strip().splitlines():
        name, values = line.split("=")
        wall, cpu, beta, loglik = (float(v) for v in values.split(","))
        out[name] = (wall, cpu, beta, loglik)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--groups", type=int, default=200)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--no-r", action="store_true", help="time careerrep only")
    parser.add_argument("--no-sample", action="store_true", help="skip .sample()")
    parser.add_argument("--sample-draws", type=int, default=1000)
    parser.add_argument("--sample-chains", type=int, default=4)
    parser.add_argument("--sample-tune", type=int, default=1000)
    args = parser.parse_args()
    load_before = os.getloadavg()[0]
    frame = make_data(args.n, args.groups, args.seed)
    ours = time_careerrep(frame)
    theirs = {} if args.no_r else time_r(frame)
    sampled = (
        None
        if args.no_sample
        else time_sample(frame, args.sample_draws, args.sample_chains, args.sample_tune, args.seed)
    )
    load_after = os.getloadavg()[0]
    print(f"n = {args.n}, {args.groups} groups (seed {args.seed})")
    print(f"load average (1 min): {load_before:.2f} before, {load_after:.2f} after")
    print(
        f"{'fit':<9} {'ours wall':>9} {'ours CPU':>9} {'R wall':>8} {'R CPU':>8} {'R/ours CPU':>10} "
        f"{'|d beta|':>9} {'d loglik':>9}"
    )
    rows = {}
    for name, (wall, cpu, beta, loglik) in ours.items():
        r = theirs.get(name)
        if r:
            print(
                f"{name:<9} {wall:9.2f} {cpu:9.2f} {r[0]:8.2f} {r[1]:8.2f} {r[1] / cpu:10.1f} "
                f"{abs(r[2] - beta):9.1e} {loglik - r[3]:9.1e}"
            )
        else:
            print(f"{name:<9} {wall:9.2f} {cpu:9.2f}")
        rows[name] = {
            "ours_wall": wall,
            "ours_cpu": cpu,
            "r_wall": r[0] if r else None,
            "r_cpu": r[1] if r else None,
        }
    if sampled is not None:
        laplace = ours["clmm_1"][0]
        print(
            f".sample() ({args.sample_chains} chains x {args.sample_draws} draws, "
            f"{args.sample_tune} tuning): "
            f"{sampled['wall']:.1f} s wall ({sampled['sampling']:.1f} s sampling), "
            f"{sampled['wall'] / laplace:.0f}x careerrep's Laplace fit ({laplace:.2f} s wall); "
            f"posterior mean x {sampled['x_mean']:.4f} (Laplace {ours['clmm_1'][2]:.4f}), "
            f"sd(1|g) {sampled['sd_mean']:.3f}, min bulk ESS {sampled['min_ess_bulk']:.0f}, "
            f"{sampled['divergences']:.0f} divergences"
        )
        rows["sample"] = {**sampled, "ratio_to_laplace_wall": sampled["wall"] / laplace}
    rows["load_average"] = {"before": load_before, "after": load_after}
    print(json.dumps(rows))


if __name__ == "__main__":
    main()
