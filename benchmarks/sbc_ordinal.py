"""Simulation-based calibration (Talts et al. 2018) of the Bayesian ordinal model.

For each replicate: draw parameters from the default priors (autoscaled normal
coefficient, induced-Dirichlet thresholds), simulate n = 60 outcomes, sample
the posterior (1 chain, 400 draws thinned to L = 99 ranks), and record the
rank of the true value among the posterior draws. If the sampler and the
model agree, each parameter's ranks are uniform on 0..L; a chi-square test on
10 bins checks it. Default 100 replicates; about 3-6 minutes on 2 cores, so
this is a script, not a test.

    python benchmarks/sbc_ordinal.py --reps 100
"""

from __future__ import annotations

import argparse
import warnings

import numpy as np
from scipy import stats

from careerrep.errors import SamplingWarning
from careerrep.models.bayes import BayesData, prior_predictive, sample_arrays

LABELS = ("fired", "resigned", "retained", "promoted")


def one_replicate(rep: int, n: int, seed: int, ranks_per: int) -> np.ndarray:
    """Ranks of the true parameters among thinned posterior draws."""
    rng = np.random.default_rng([seed, rep])
    x = rng.normal(size=(n, 1))
    template = BayesData("ordinal", x, np.arange(n) % 4, LABELS, ("x",))
    truth = prior_predictive(template, draws=1, seed=int(rng.integers(2**31))).iloc[0]
    # The prior speaks about centred predictors; x is centred in the model, so shift back.
    beta = truth["x"]
    cuts = truth[["fired|resigned", "resigned|retained", "retained|promoted"]].to_numpy()
    latent = x[:, 0] * beta + rng.logistic(size=n)
    y = np.searchsorted(cuts, latent)
    data = BayesData("ordinal", x, y, LABELS, ("x",))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SamplingWarning)
        result = sample_arrays(data, draws=400, chains=1, tune=400, seed=rep, cores=1)
    draws = result.param_draws().to_numpy()[:: 400 // ranks_per][:ranks_per]
    true = np.concatenate([[beta], cuts])
    return (draws < true).sum(axis=0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reps", type=int, default=100)
    parser.add_argument("--n", type=int, default=60)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    ranks_per = 99
    ranks = np.array([one_replicate(r, args.n, args.seed, ranks_per) for r in range(args.reps)])
    names = ["x", "fired|resigned", "resigned|retained", "retained|promoted"]
    bins = 10
    print(f"SBC: {args.reps} replicates, n = {args.n}, {ranks_per} thinned draws each")
    for j, name in enumerate(names):
        counts = np.histogram(ranks[:, j], bins=bins, range=(0, ranks_per + 1))[0]
        chi2, p = stats.chisquare(counts)
        print(f"{name:<20} bins {counts.tolist()}  chi2 = {chi2:.1f}, p = {p:.3f}")


if __name__ == "__main__":
    main()
