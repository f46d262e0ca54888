"""Recovery by simulation: group SDs of 0.5-2 with 30-200 groups, and Wald coverage.

A seeded grid of random-intercept ordinal models (4 categories, logit,
``y* = 0.7 x + b_g + e``), fitted by Laplace. Thresholds were sized from a
separate run on seeds 24-63 (40 replicates per cell), not from the seeds
used here:

=================  ==========  =========  ====================  ===========
cell               SD mean     SD sd      mean beta (sd)        coverage
=================  ==========  =========  ====================  ===========
30 groups x 10     0.341       0.287      0.696 (0.121)         0.975
  SD 0.5
30 groups x 10     1.907       0.431      0.691 (0.139)         0.975
  SD 2.0
200 groups x 5     0.954       0.101      0.677 (0.076)         0.900
  SD 1.0
=================  ==========  =========  ====================  ===========

(The ML estimate of an SD from 30 groups is biased low, as in clmm and
glmer; pooled coverage of the 95 % Wald interval for beta was 0.950 over the
120 intervals.) Each bound below is the sizing run's mean -/+ 4 standard
errors of a batch mean of this size, and each contains the true value.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from careerrep.errors import BoundaryWarning
from careerrep.models.mixed import MixedOrdinalModel

BETA = 0.7


def _draw(seed: int, n_groups: int, per_group: int, sd: float) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    g = np.repeat(np.arange(n_groups), per_group)
    x = rng.normal(size=len(g))
    latent = BETA * x + sd * rng.normal(size=n_groups)[g] + rng.logistic(size=len(g))
    y = np.digitize(latent, [-1.0, 0.5, 2.0])
    return pd.DataFrame(
        {"y": pd.Categorical(y, categories=[0, 1, 2, 3], ordered=True), "x": x, "g": g.astype(str)}
    )


def _replicates(n_groups: int, per_group: int, sd: float, seeds: range) -> pd.DataFrame:
    rows = []
    for seed in seeds:
        frame = _draw(seed, n_groups, per_group, sd)
        with warnings.catch_warnings():
            # Some 30-group replicates of SD 0.5 estimate the SD at 0: expected, and
            # part of what the recovery numbers measure.
            warnings.simplefilter("ignore", BoundaryWarning)
            result = MixedOrdinalModel("y ~ x + (1|g)", frame).fit(lr_tests=False)
        ci = result.conf_int()
        rows.append(
            {
                "sd_hat": result.params["sd(1|g)"],
                "beta_hat": result.params["x"],
                "covered": bool(ci.loc["x", "lower"] <= BETA <= ci.loc["x", "upper"]),
            }
        )
    return pd.DataFrame(rows)


CELLS = [
    # groups, rows per group, true SD, seeds, (SD lower, SD upper), sizing mean/sd of beta
    (30, 10, 0.5, range(20), (0.08, 0.60), (0.696, 0.121)),
    (30, 10, 2.0, range(20), (1.52, 2.29), (0.691, 0.139)),
    (200, 5, 1.0, range(10), (0.826, 1.08), (0.677, 0.076)),
]


@pytest.mark.parametrize(("n_groups", "per_group", "sd", "seeds", "sd_bounds", "beta_sizing"), CELLS)
def test_group_sd_and_coefficient_are_recovered(
    n_groups: int,
    per_group: int,
    sd: float,
    seeds: range,
    sd_bounds: tuple[float, float],
    beta_sizing: tuple[float, float],
) -> None:
    reps = _replicates(n_groups, per_group, sd, seeds)
    lower, upper = sd_bounds
    assert lower < sd < upper  # the bounds are a test of recovery, not of bias
    assert lower < reps["sd_hat"].mean() < upper
    beta_mean, beta_sd = beta_sizing
    margin = 4.0 * beta_sd / np.sqrt(len(seeds))
    assert abs(reps["beta_hat"].mean() - BETA) < abs(beta_mean - BETA) + margin


def test_wald_intervals_for_fixed_effects_cover_at_95_percent() -> None:
    # 50 intervals: at 95 % coverage the count covered is Binomial(50, 0.95), sd 1.54;
    # 4 sd below the mean is 41.1 covered, so 42 or more is required (0.84).
    reps = pd.concat(
        [
            _replicates(30, 10, 0.5, range(100, 120)),
            _replicates(30, 10, 2.0, range(100, 120)),
            _replicates(200, 5, 1.0, range(100, 110)),
        ]
    )
    assert len(reps) == 50
    assert reps["covered"].sum() >= 42
