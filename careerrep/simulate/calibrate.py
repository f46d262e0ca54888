"""Thresholds that give target outcome shares over a scenario's own signal distribution.

With ``P(Y <= k | eta) = F(theta_k - eta)``, the marginal cumulative share is
``E[F(theta_k - eta)]`` over the distribution of ``eta``. We approximate that
expectation by a large fixed reference cohort (drawn with a fixed seed, so a
scenario always gets the same thresholds) and solve each equation
``mean_i F(theta_k - eta_i) = c_k`` for ``theta_k`` by bisection:
the left side is increasing in ``theta_k``, so the root is unique.

The reference cohort's Monte Carlo error moves the realised shares by about
``sqrt(c (1 - c) / REFERENCE_CASES)`` ~ 0.3 percentage points: far below what
a study of a few hundred cases can see.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from careerrep.models.links import get_link
from careerrep.simulate.arrays import GeneratingProcess, draw_counts, latent_propensity, signal_arrays

REFERENCE_CASES = 20_000
REFERENCE_SEED = 20190731  # any fixed number: the thresholds must not depend on the study seed


def reference_propensity(scenario: GeneratingProcess) -> np.ndarray:
    """Latent propensities ``eta`` of the fixed reference cohort (missing signals dropped).

    Country intercepts are drawn per case, ``N(0, sd^2)``, so the reference
    averages over countries instead of fixing one set of them.
    """
    rng = np.random.default_rng(REFERENCE_SEED)
    counts = draw_counts(scenario, REFERENCE_CASES, rng)
    eta = latent_propensity(scenario, counts, signal_arrays(counts))
    if counts.group_intercepts.size:
        eta = eta - counts.group_intercepts[counts.group]
        eta = eta + rng.normal(0.0, scenario.groups.sd, size=len(eta))  # type: ignore[union-attr]
    return eta[np.isfinite(eta)]


def thresholds_for_shares(scenario: GeneratingProcess, shares: Sequence[float]) -> tuple[float, ...]:
    """Cut points whose marginal outcome shares over the scenario's cohort are ``shares``.

    Parameters
    ----------
    scenario
        A scenario whose effects, parts and link are set (its thresholds are not used).
    shares
        Target share of each outcome label, lowest first, summing to 1.

    Returns
    -------
    tuple of float
        ``len(shares) - 1`` strictly increasing cut points.
    """
    eta = reference_propensity(scenario)
    cdf = get_link(scenario.link).cdf
    spread = float(np.max(np.abs(eta))) + 50.0  # F(+-spread - eta) is 1 / 0 to machine precision
    cut_points = []
    for target in np.cumsum(shares)[:-1]:
        low, high = -spread, spread
        for _ in range(80):  # bisection: the interval shrinks below 1e-12 long before 80 halvings
            middle = 0.5 * (low + high)
            if float(np.mean(cdf(middle - eta))) < target:
                low = middle
            else:
                high = middle
        cut_points.append(0.5 * (low + high))
    return tuple(cut_points)
