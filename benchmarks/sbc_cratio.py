"""Simulation-based calibration (Talts et al. 2018) of the Bayesian continuation-ratio model.

The same design as ``sbc_ordinal.py``, for ``SequentialModel(kind="cratio")``
with a location term ``x`` (continuous) and a category-specific term ``g``
(binary, ``nominal="~ g"``), K = 4 outcomes: 7 parameters (``x``, three
thresholds, three ``"lo|hi.g[T.b]"`` slopes). For each replicate: draw the
parameters from the default priors (autoscaled normal slopes, the induced
Dirichlet on the typical case's category probabilities) with the model's own
prior sampler, simulate n = 60 outcomes from the family's probabilities,
sample the posterior (1 chain, 400 draws thinned to L = 99 ranks), and record
the rank of each true value among the draws. If sampler and model agree the
ranks are uniform on 0..L; a chi-square test on 10 bins checks each parameter.

    python benchmarks/sbc_cratio.py --reps 100
"""

from __future__ import annotations

import argparse
import warnings

import numpy as np
import pandas as pd
from scipy import stats

from careerrep.errors import SamplingWarning
from careerrep.models import SequentialModel
from careerrep.models.bayes import BayesData, prior_predictive, sample_arrays

LABELS = ("fired", "resigned", "retained", "promoted")


def one_replicate(rep: int, n: int, seed: int, ranks_per: int) -> tuple[np.ndarray, tuple[str, ...]]:
    """Ranks of the true parameters among thinned posterior draws, and the parameter names."""
    rng = np.random.default_rng([seed, rep])
    frame = pd.DataFrame(
        {
            "y": pd.Categorical(np.array(LABELS)[np.arange(n) % 4], categories=LABELS, ordered=True),
            "x": rng.normal(size=n),
            "g": rng.choice(["a", "b"], size=n),
        }
    )
    model = SequentialModel("y ~ x", frame, kind="cratio", nominal="~ g")
    family = model.family
    X = np.hstack([model.design.X, model.N, model.Z])

    def arrays(y: np.ndarray) -> BayesData:
        return BayesData(family, X, y, LABELS, tuple(family.columns))

    names = family.layout.names
    truth = prior_predictive(arrays(model.design.y), draws=1, seed=int(rng.integers(2**31)))
    true = truth[list(names)].to_numpy()[0]
    probs = family.probabilities(true[None, :], X)[0]
    y = (rng.random(n)[:, None] > np.cumsum(probs, axis=1)[:, :-1]).sum(axis=1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SamplingWarning)
        result = sample_arrays(arrays(y), draws=400, chains=1, tune=400, seed=rep, cores=1)
    draws = result.param_draws()[list(names)].to_numpy()[:: 400 // ranks_per][:ranks_per]
    return (draws < true).sum(axis=0), names


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reps", type=int, default=100)
    parser.add_argument("--n", type=int, default=60)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    ranks_per = 99
    results = [one_replicate(r, args.n, args.seed, ranks_per) for r in range(args.reps)]
    ranks = np.array([r for r, _ in results])
    names = results[0][1]
    bins = 10
    print(f"SBC cratio: {args.reps} replicates, n = {args.n}, {ranks_per} thinned draws each")
    for j, name in enumerate(names):
        counts = np.histogram(ranks[:, j], bins=bins, range=(0, ranks_per + 1))[0]
        chi2, p = stats.chisquare(counts)
        print(f"{name:<16} bins {counts.tolist()}  chi2 = {chi2:.1f}, p = {p:.3f}")


if __name__ == "__main__":
    main()
