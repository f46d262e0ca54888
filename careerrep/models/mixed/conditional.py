"""The conditional likelihood: one row's log-probability given its linear predictor.

Given the group effects, a row of a cumulative link model has::

    P(Y = k | eta) = F(theta_k - eta) - F(theta_{k-1} - eta),   theta_0 = -inf, theta_K = +inf

with ``eta = x'beta + z'b``. A binary model with a symmetric link (logit,
probit) is the case ``K = 2`` with the single cut point fixed at 0:
``P(Y = 1) = 1 - F(-eta) = F(eta)``. The inner Newton over the group effects
needs the first two derivatives in ``eta``::

    d1 = -(f(a) - f(b)) / P,   d2 = (f'(a) - f'(b)) / P - d1^2,   a = theta_k - eta, b = theta_{k-1} - eta

For log-concave ``F`` (all three links) ``d2 < 0``, so the inner problem is
concave. Where both cut points lie far in the upper tail, ``F(a) - F(b)``
loses every digit; the difference of survival functions keeps them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from careerrep.models.links import Link

# Probabilities below this are treated as this (keeps log finite far in the tails).
_TINY = 1e-300


def survival(link: Link, x: np.ndarray) -> np.ndarray:
    """``1 - F(x)`` computed without cancellation (exactly 0 at +inf, 1 at -inf)."""
    if link.name == "cloglog":
        return np.exp(-np.exp(np.minimum(x, 700.0)))
    return link.cdf(-x)  # logit and probit are symmetric


@dataclass(frozen=True)
class CumulativeRows:
    """Outcome codes, frequency weights and cut-point layout of the model rows.

    Attributes
    ----------
    y
        ``(n,)`` int64 outcome codes ``0..K-1``.
    w
        ``(n,)`` float64 frequency weights.
    n_categories
        ``K``.
    link
        The link's distribution.
    """

    y: np.ndarray
    w: np.ndarray
    n_categories: int
    link: Link

    def bounds(self, thresholds: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Upper and lower cut point of each row's category (``+inf``/``-inf`` at the ends)."""
        extended = np.concatenate([[-np.inf], thresholds, [np.inf]])
        return extended[self.y + 1], extended[self.y]

    def log_probability(self, thresholds: np.ndarray, eta: np.ndarray) -> np.ndarray:
        """``(n,)`` conditional log-probability of each row's observed category."""
        upper, lower = self.bounds(thresholds)
        return np.log(np.maximum(self._probability(upper - eta, lower - eta), _TINY))

    def derivatives(
        self, thresholds: np.ndarray, eta: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Per row: log-probability, and its first and second derivative in ``eta``."""
        upper, lower = self.bounds(thresholds)
        a, b = upper - eta, lower - eta
        # Every link's f and f' are exactly 0 at +-inf (see careerrep.models.links).
        cdf_a, fa, dfa = self.link.cdf_pdf_dpdf(a)
        cdf_b, fb, dfb = self.link.cdf_pdf_dpdf(b)
        prob = np.maximum(self._probability(a, b, cdf_a, cdf_b), _TINY)
        d1 = -(fa - fb) / prob
        d2 = (dfa - dfb) / prob - d1 * d1
        return np.log(prob), d1, d2

    def _probability(
        self,
        a: np.ndarray,
        b: np.ndarray,
        cdf_a: np.ndarray | None = None,
        cdf_b: np.ndarray | None = None,
    ) -> np.ndarray:
        # Upper tail (b > 0): S(b) - S(a) keeps the digits F(a) - F(b) would lose.
        low = (self.link.cdf(a) if cdf_a is None else cdf_a) - (self.link.cdf(b) if cdf_b is None else cdf_b)
        upper_tail = np.flatnonzero(b > 0)
        if upper_tail.size:
            low[upper_tail] = survival(self.link, b[upper_tail]) - survival(self.link, a[upper_tail])
        return low
