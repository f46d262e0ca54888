"""Simulation-based calibration (Talts et al. 2018) of the Bayesian continuation-ratio model.

The design of ``sbc_ordinal.py``, for ``SequentialModel(kind="cratio")`` with a
location term ``x`` (continuous) and a category-specific term ``g`` (binary,
``nominal="~ g"``), K = 4 outcomes: 7 parameters (``x``, three thresholds,
three ``"lo|hi.g[T.b]"`` slopes), default priors (autoscaled normal slopes,
induced Dirichlet on the typical case's category probabilities).

For each replicate: the true parameters are one forward draw from the prior
(``pm.sample_prior_predictive`` of the model itself), n = 60 outcomes are
simulated from the family's probabilities, the posterior is sampled (1 chain,
400 tuning + 400 draws thinned to L = 99 ranks) and the rank of each true
value among the draws recorded. If sampler and model agree the ranks are
uniform on 0..L; a chi-square test on 10 bins checks each parameter.

Compiling a PyMC model takes far longer than sampling these small ones, so
the script compiles one model for all replicates: the cases' covariates stay
fixed and the outcomes enter only through the weights of an expanded design
(every case once per category, weight 1 on its observed category, 0 on the
others; an exact rewrite of the same likelihood). The PyMC term is the
family's own (``SplitLinkFamily.pymc_coefficients`` / ``pymc_likelihood``),
assembled as ``careerrep.models.bayes.build.build_model`` does (centred
predictors, coefficient priors from ``coefficient_prior``); NUTS is re-tuned
from scratch for every replicate.

    python benchmarks/sbc_cratio.py --reps 100
"""

from __future__ import annotations

import argparse
import warnings
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from careerrep.models import SequentialModel
from careerrep.models.bayes.arrays import Collapsed
from careerrep.models.bayes.priors import coefficient_prior, resolve_priors
from careerrep.models.families.split import SplitLinkFamily

LABELS = ("fired", "resigned", "retained", "promoted")


def _frame(rng: np.random.Generator, n: int) -> pd.DataFrame:
    """Covariates of n cases (x normal, g alternating a/b); the outcome column is a placeholder."""
    return pd.DataFrame(
        {
            "y": pd.Categorical(np.array(LABELS)[np.arange(n) % 4], categories=LABELS, ordered=True),
            "x": rng.normal(size=n),
            "g": np.where(np.arange(n) % 2 == 0, "a", "b"),
        }
    )


def build(family: SplitLinkFamily, X: np.ndarray) -> tuple[Any, Any]:
    """The PyMC model on the expanded design, and the shared weights the outcomes set."""
    import pymc as pm
    import pytensor

    K = family.n_categories
    n = X.shape[0]
    priors = resolve_priors(None)
    x_mean = X.mean(axis=0)
    prior_mean, prior_sd = coefficient_prior(X, np.ones(n), family.columns, priors)
    expanded = np.tile(X, (K, 1))  # category k's copy of every case: rows k n .. (k + 1) n
    counts = pytensor.shared(np.zeros(n * K), name="counts")
    collapsed = Collapsed(
        X=expanded,
        y=np.repeat(np.arange(K), n),
        counts=counts,  # type: ignore[arg-type]  # a shared tensor: the outcomes change between replicates
        group_codes={},
        row_to_unique=np.arange(n * K),
        source_row=np.arange(n * K),
    )
    coords = {"outcome": list(LABELS), **family.pymc_coords()}
    with pm.Model(coords=coords) as model:
        B = family.pymc_coefficients(prior_mean, prior_sd, ())
        eta = (expanded - x_mean) @ B
        shift = x_mean @ B
        pm.Potential("loglik", family.pymc_likelihood(eta, shift, collapsed, priors, False))
    return model, counts


def main() -> None:
    import pymc as pm

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reps", type=int, default=100)
    parser.add_argument("--n", type=int, default=60)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    ranks_per, n = 99, args.n
    rng = np.random.default_rng(args.seed)
    spec = SequentialModel("y ~ x", _frame(rng, n), kind="cratio", nominal="~ g")
    family = spec.family
    X = np.hstack([spec.design.X, spec.N, spec.Z])
    names = family.layout.names
    model, counts = build(family, X)
    with model, warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*Potential.*")
        prior = pm.sample_prior_predictive(draws=args.reps, random_seed=args.seed).prior
    truths = family.posterior_params(prior, False)  # (reps, 7) in layout order
    step = None
    ranks = []
    for rep in range(args.reps):
        probs = family.probabilities(truths[rep][None, :], X)[0]
        y = (rng.random(n)[:, None] > np.cumsum(probs, axis=1)[:, :-1]).sum(axis=1)
        counts.set_value((np.arange(len(LABELS))[:, None] == y[None, :]).astype(float).reshape(-1))
        with model, warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            if step is None:
                step = pm.NUTS(target_accept=0.9)
            step.reset_tuning()
            step.potential.reset()
            idata = pm.sample(
                draws=400,
                tune=400,
                chains=1,
                step=step,
                random_seed=args.seed + rep,
                progressbar=False,
                compute_convergence_checks=False,
            )
        draws = family.posterior_params(idata.posterior, False)[:: 400 // ranks_per][:ranks_per]
        ranks.append((draws < truths[rep]).sum(axis=0))
        print(f"replicate {rep}: ranks {ranks[-1].tolist()}", flush=True)
    table = np.array(ranks)
    print(f"SBC cratio: {args.reps} replicates, n = {n}, {ranks_per} thinned draws each")
    for j, name in enumerate(names):
        bins = np.histogram(table[:, j], bins=10, range=(0, ranks_per + 1))[0]
        chi2, p = stats.chisquare(bins)
        print(f"{name:<16} bins {bins.tolist()}  chi2 = {chi2:.1f}, p = {p:.3f}")


if __name__ == "__main__":
    main()
