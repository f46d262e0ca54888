"""Cumulative link family with nominal (category-specific) and scale effects, as R ``ordinal::clm``.

Model (``clm(formula, nominal = ~ n, scale = ~ z)``, same signs)::

    P(Y <= j | x, n, z) = F( (theta_j + n'gamma_j - x'beta) / exp(z'zeta) ),   j = 1..K-1

* ``beta`` (location): positive values shift cases to higher categories, as
  in ``MASS::polr``/``clm`` and careerrep's :class:`~careerrep.OrdinalModel`.
* ``gamma_j`` (nominal, "partial proportional odds"): a separate effect at
  each split; it enters the *threshold*, so a positive ``gamma_j`` makes
  ``Y <= j`` more likely (the opposite sign of a location effect). Reported
  as ``"lo|hi.<term>"`` (clm prints ``"lo|hi.<term>"`` with R's term name,
  e.g. ``"1|2.contactyes"``; careerrep uses formulaic's ``"1|2.contact[T.yes]"``,
  and plain ``"1|2"`` for the threshold clm calls ``"1|2.(Intercept)"``).
* ``zeta`` (scale): the latent variable's scale is ``exp(z'zeta)``; a positive
  ``zeta`` spreads outcomes towards both ends. Reported as ``"scale:<term>"``
  (clm's "log-scale coefficients").

With nominal effects the thresholds ``theta_j + n'gamma_j`` can cross for
some ``n``: then a category gets a negative "probability". The fit stays
where every observed outcome has positive probability; careerrep warns when
a data row would have a negative probability for another category and
refuses to predict for such rows.

brms (checked against brms 2.18.0's ``log_lik()``,
tests/models/bayes/test_bayes_split_brms.py): ``cumulative`` with ``cs(n)`` is
``P(Y <= j) = F(tau_j - n'bcs_j - x'b)``, so ``theta = tau``, ``beta = b`` and
``gamma_j = -bcs_j``; a ``disc ~ 0 + z`` term multiplies ``tau_j - x'b`` by
``exp(z'b_disc)`` (brms's ``disc`` is 1 / scale), so ``zeta = -b_disc``. The
PyMC term (``.sample()``) is in :mod:`careerrep.models.split_pymc`.

This module holds the model class, :class:`CumulativeModel`, and the family
core used by :mod:`careerrep.models.threshold_likelihood`: per-row ``log p``
and its derivatives in the split predictors ``eta_j = (theta_j + n'gamma_j -
x'beta) / exp(z'zeta)``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np

from careerrep.models.cumulative_blocks import (
    cumulative_block_derivatives,
    cumulative_block_log_probabilities,
    interval_probability,
)
from careerrep.models.link_tails import log_terms
from careerrep.models.links import Link
from careerrep.models.threshold_likelihood import RowDerivatives, SplitData, SplitDerivatives, SplitFamily
from careerrep.models.threshold_model import SplitModel


class CumulativeFamily:
    """``P(Y <= j) = F(eta_j)``; ``p(y) = F(eta_y) - F(eta_{y-1})``."""

    name = "cumulative"
    location_sign = -1.0
    bandwidth = 1  # log p(y) depends on eta_y and eta_{y-1} only

    def row_derivatives(self, eta: np.ndarray, y: np.ndarray, link: Link) -> RowDerivatives:
        """``log p(y)``; ``d/d eta_y = f(u)/p``, ``d/d eta_{y-1} = -f(l)/p`` and second derivatives.

        ``u = eta_y`` (absent for the top category), ``l = eta_{y-1}`` (absent for
        the bottom one).
        """
        n, J = eta.shape
        logp = np.empty(n)
        g = np.zeros((J, n))
        h = np.zeros((J, J, n))
        for k, rows in enumerate(category_rows(y, J + 1)):
            if k == 0:  # one log F term, exact in the far tail
                low = log_terms(eta[rows, 0], link)
                logp[rows], g[0, rows], h[0, 0, rows] = low.log_f, low.d_f, low.d2_f
                continue
            if k == J:  # one log(1 - F) term
                high = log_terms(eta[rows, J - 1], link)
                logp[rows], g[J - 1, rows], h[J - 1, J - 1, rows] = high.log_s, high.d_s, high.d2_s
                continue
            u, lo = eta[rows, k], eta[rows, k - 1]
            cdf_u, pdf_u, dpdf_u = link.cdf_pdf_dpdf(u)
            cdf_l, pdf_l, dpdf_l = link.cdf_pdf_dpdf(lo)
            prob = interval_probability(lo, u, cdf_l, cdf_u, link)
            with np.errstate(divide="ignore", invalid="ignore"):
                logp[rows] = np.where(prob > 0, np.log(np.where(prob > 0, prob, 1.0)), -np.inf)
                a, b = pdf_u / prob, pdf_l / prob
                g[k, rows], g[k - 1, rows] = a, -b
                h[k, k, rows] = dpdf_u / prob - a * a
                h[k - 1, k - 1, rows] = -dpdf_l / prob - b * b
                h[k, k - 1, rows] = h[k - 1, k, rows] = a * b
        logp[~np.isfinite(logp)] = -np.inf
        return RowDerivatives(logp, g, h)

    def sorted_derivatives(self, data: SplitData, params: np.ndarray, link: Link) -> SplitDerivatives | None:
        """The likelihood by sorted outcome blocks (:mod:`.cumulative_blocks`); None with scale terms."""
        return cumulative_block_derivatives(
            data, np.asarray(params, dtype=np.float64), link, self.location_sign
        )

    def sorted_log_probabilities(self, data: SplitData, params: np.ndarray, link: Link) -> np.ndarray | None:
        """``log P(Y = y_i)`` per sorted row by outcome blocks; None with scale terms."""
        return cumulative_block_log_probabilities(
            data, np.asarray(params, dtype=np.float64), link, self.location_sign
        )

    def probabilities(self, eta: np.ndarray, link: Link) -> np.ndarray:
        """``(n, K)`` differences of ``F(eta_j)``; negative where the thresholds cross."""
        n = len(eta)
        lower = np.concatenate([np.full((n, 1), -np.inf), eta], axis=1)
        upper = np.concatenate([eta, np.full((n, 1), np.inf)], axis=1)
        return interval_probability(lower, upper, link.cdf(lower), link.cdf(upper), link)

    def effect_text(self, split: str | None) -> str:
        """What ``exp(coefficient)`` is the odds ratio of (logit link): a location or a nominal one."""
        if split is None:
            return "higher outcome (P(Y > k), all k)"
        return f"Y <= {split.split('|')[0]}"

    def start_thresholds(self, shares: np.ndarray, link: Link) -> np.ndarray:
        """``F^{-1}`` of the cumulative marginal shares."""
        cumulative = np.clip(np.cumsum(shares)[:-1], 1e-6, 1 - 1e-6)
        theta = link.ppf(cumulative)
        return np.maximum.accumulate(theta + np.arange(len(theta)) * 1e-6)

    # ------------------------------------------------------- Bayesian (PyTensor)
    #: The ordered-normal threshold prior keeps the cut points increasing (brms ``cumulative``).
    thresholds_ordered = True

    def pymc_loglik(self, eta: Any, slices: list[slice], counts: np.ndarray, link: Link) -> Any:
        """Weighted log-likelihood in PyTensor (see :mod:`careerrep.models.split_pymc`)."""
        from careerrep.models.split_pymc import pt_cumulative_loglik

        return pt_cumulative_loglik(eta, slices, counts, link)

    def pymc_splits(self, probs: Any, link: Link) -> Any:
        """Split predictors of a case with category probabilities ``probs`` (induced Dirichlet prior)."""
        from careerrep.models.split_pymc import pt_cumulative_splits

        return pt_cumulative_splits(probs, link)


CUMULATIVE = CumulativeFamily()


def category_rows(y: np.ndarray, K: int) -> list[slice | np.ndarray]:
    """The rows of each category ``0..K-1``: slices when ``y`` is sorted (the fit sorts it), else indices."""
    if len(y) and np.all(y[1:] >= y[:-1]):
        bounds = np.searchsorted(y, np.arange(K + 1))
        return [slice(int(bounds[k]), int(bounds[k + 1])) for k in range(K)]
    return [np.flatnonzero(y == k) for k in range(K)]


@dataclass(frozen=True, eq=False, init=False)
class CumulativeModel(SplitModel):
    """Cumulative link model with nominal and scale effects (R ``ordinal::clm``).

    ``P(Y <= j) = F((theta_j + n'gamma_j - x'beta) / exp(z'zeta))``; see
    :mod:`careerrep.models.cumulative_general` for signs and names. Without
    ``nominal``/``scale`` it is the model of :class:`~careerrep.OrdinalModel`.

    Parameters
    ----------
    formula
        ``"outcome ~ location terms"`` (formulaic); the outcome must be ordered.
    data
        DataFrame or CaseTable.
    link
        ``"logit"``, ``"probit"`` or ``"cloglog"``.
    nominal
        One-sided formula of category-specific terms, e.g. ``"~ contact"``;
        a term may not also be in ``formula``.
    scale
        One-sided formula of the log-scale terms, e.g. ``"~ temp"``.
    weights
        Frequency weights: a column name or an array.
    levels
        Outcome order low to high (unless the outcome is an ordered Categorical or numeric).
    """

    split_kind: ClassVar[str] = "cumulative"
    takes_scale: ClassVar[bool] = True

    def __init__(
        self,
        formula: str,
        data: Any,
        link: str = "logit",
        nominal: str | None = None,
        scale: str | None = None,
        weights: Any = None,
        levels: Sequence[Any] | None = None,
    ) -> None:
        self._setup(formula, data, link=link, nominal=nominal, scale=scale, weights=weights, levels=levels)

    @property
    def split_family(self) -> SplitFamily:
        """The cumulative family core."""
        return CUMULATIVE

    def describe(self) -> list[str]:
        """Header lines for summaries."""
        return [
            f"Cumulative link model ({self.link}): {self._spec_line()}",
            "P(Y <= j) = F((theta_j + n'gamma_j - x'beta) / exp(z'zeta)) (R clm); "
            f"outcome order: {' < '.join(self.labels)}",
        ]
