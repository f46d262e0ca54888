"""Adjacent-category family, as R ``VGAM::acat`` (logit) and ``brms`` ``acat`` (logit, probit, cloglog).

Model::

    P(Y = j + 1) / (P(Y = j) + P(Y = j + 1)) = F(eta_j),   eta_j = theta_j + x'beta + n'gamma_j

for ``j = 1..K-1``, with ``F`` the inverse link. Equivalently ``P(Y = k)`` is
proportional to ``prod_{j<k} F(eta_j) * prod_{j>=k} (1 - F(eta_j))`` (brms's
``inv_link_acat``), i.e. ``log(P(Y = j + 1) / P(Y = j)) = logit F(eta_j)``.

* logit link: ``log(P(Y = j + 1) / P(Y = j)) = eta_j``, VGAM ``acat()``
  (``reverse = FALSE``, its only link ``loglink``): a positive coefficient
  moves cases *up*, and ``exp(beta)`` is the odds ratio of each next category
  against the one below it.
* probit and cloglog links: brms ``acat("probit")`` / ``acat("cloglog")``
  (VGAM has neither). brms writes ``F(disc * (eta - thres_j))``; with
  ``disc = 1`` its coefficients equal careerrep's and ``thres_j = -theta_j``
  (checked against brms's own ``dacat`` in
  ``tests/fixtures/brms/acat_links_wine.json``). The logit ``acat`` with ``cs()``
  terms is also checked against brms's ``log_lik()`` at its posterior draws
  (``tests/models/bayes/test_bayes_split_brms.py``): ``gamma_j = bcs_j``.
  The PyMC term (:mod:`careerrep.models.split_pymc`) uses the same definition,
  ``log F(eta_j) - log(1 - F(eta_j))`` per split, for every link.

The split ``j`` threshold is reported as ``"lo|hi"`` (VGAM ``"(Intercept):j"``),
a nominal term as ``"lo|hi.<term>"`` (VGAM ``parallel = FALSE ~ term``,
``"<term>:j"``; brms ``cs(term)``).

The model class is :class:`AdjacentModel`. The model is a multinomial logit
whose category scores are cumulative sums of ``logit F(eta_j)``, so every
parameter value gives valid probabilities; with the logit link the
log-likelihood is concave.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
from scipy import special

from careerrep.errors import ModelSpecError
from careerrep.models.link_tails import log_terms
from careerrep.models.links import Link, get_link
from careerrep.models.threshold_likelihood import RowDerivatives, SplitFamily
from careerrep.models.threshold_model import SplitModel

ADJACENT_LINKS = ("logit", "probit", "cloglog")


class AdjacentFamily:
    """``P(Y = k) = softmax_k(sum_{j<k} logit F(eta_j))``; the logit link makes ``logit F`` the identity."""

    name = "acat"
    location_sign = 1.0

    @staticmethod
    def _scores(log_odds: np.ndarray) -> np.ndarray:
        n = len(log_odds)
        return np.concatenate([np.zeros((n, 1)), np.cumsum(log_odds, axis=1)], axis=1)

    @staticmethod
    def _log_odds(eta: np.ndarray, link: Link) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``o = log F(eta) - log(1 - F(eta))`` and its first two derivatives, exact in both tails."""
        if link.name == "logit":
            return eta, np.ones_like(eta), np.zeros_like(eta)
        t = log_terms(eta, link)
        return t.log_f - t.log_s, t.d_f - t.d_s, t.d2_f - t.d2_s

    def row_derivatives(self, eta: np.ndarray, y: np.ndarray, link: Link) -> RowDerivatives:
        """``log p_y`` and derivatives in ``eta``, through the adjacent log odds ``o_j = logit F(eta_j)``.

        In ``o``: ``d log p_y / d o_j = [j < y] - P(Y > j)`` and
        ``d2 / d o_j d o_l = -(P(Y > max(j,l)) - P(Y > j) P(Y > l))``; the chain rule
        adds ``o'`` to both and ``g_j o''_j`` to the diagonal.
        """
        J = eta.shape[1]
        log_odds, d1, d2 = self._log_odds(eta, link)
        scores = self._scores(log_odds)
        log_norm = special.logsumexp(scores, axis=1)
        logp = scores[np.arange(len(y)), y] - log_norm
        probs = np.exp(scores - log_norm[:, None])
        above = np.cumsum(probs[:, ::-1], axis=1)[:, ::-1][:, 1:]  # P(Y > j), (n, J)
        above_t = np.ascontiguousarray(above.T)  # (J, n), split-major as the engine wants
        g = (np.arange(J)[:, None] < y[None, :]).astype(np.float64) - above_t
        top = np.maximum.outer(np.arange(J), np.arange(J))
        h = -(above_t[top] - above_t[:, None, :] * above_t[None, :, :])
        if link.name != "logit":
            d1_t, d2_t = np.ascontiguousarray(d1.T), np.ascontiguousarray(d2.T)
            h = h * d1_t[:, None, :] * d1_t[None, :, :]
            h[np.arange(J), np.arange(J)] += g * d2_t
            g = g * d1_t
        return RowDerivatives(logp, g, h)

    def effect_text(self, split: str | None) -> str:
        """What ``exp(coefficient)`` is the odds ratio of: the next category against the one below."""
        if split is None:
            return "next category against the one below (all splits)"
        low, high = split.split("|")
        return f"{high} vs {low}"

    def probabilities(self, eta: np.ndarray, link: Link) -> np.ndarray:
        """``(n, K)`` softmax of the cumulative adjacent log odds."""
        return special.softmax(self._scores(self._log_odds(eta, link)[0]), axis=1)

    def start_thresholds(self, shares: np.ndarray, link: Link) -> np.ndarray:
        """``F^{-1}(share_{j+1} / (share_j + share_{j+1}))`` (logit: ``log(share_{j+1} / share_j)``)."""
        return np.asarray(link.ppf(shares[1:] / (shares[:-1] + shares[1:])), dtype=np.float64)

    # ------------------------------------------------------- Bayesian (PyTensor)
    #: Thresholds need no order (brms ``acat`` declares a plain vector).
    thresholds_ordered = False

    def pymc_loglik(self, eta: Any, slices: list[slice], counts: np.ndarray, link: Link) -> Any:
        """Weighted log-likelihood in PyTensor (see :mod:`careerrep.models.split_pymc`)."""
        from careerrep.models.split_pymc import pt_adjacent_loglik

        return pt_adjacent_loglik(eta, slices, counts, link)

    def pymc_splits(self, probs: Any, link: Link) -> Any:
        """Split predictors of a case with category probabilities ``probs`` (induced Dirichlet prior)."""
        from careerrep.models.split_pymc import pt_adjacent_splits

        return pt_adjacent_splits(probs, link)


ADJACENT = AdjacentFamily()


@dataclass(frozen=True, eq=False, init=False)
class AdjacentModel(SplitModel):
    """Adjacent-category model (R ``VGAM::acat``; brms ``acat`` for the probit and cloglog links).

    ``P(Y = j + 1) / (P(Y = j) + P(Y = j + 1)) = F(theta_j + x'beta + n'gamma_j)``;
    with the logit link ``log(P(Y = j + 1) / P(Y = j)) = theta_j + x'beta + n'gamma_j``.
    See :mod:`careerrep.models.adjacent`.

    Parameters
    ----------
    formula, data, nominal, weights, levels
        As for :class:`SequentialModel`.
    link
        ``"logit"`` (VGAM, brms), ``"probit"`` or ``"cloglog"`` (brms); other
        links raise ``ModelSpecError``.
    """

    split_kind: ClassVar[str] = "adjacent"

    def __init__(
        self,
        formula: str,
        data: Any,
        link: str = "logit",
        nominal: str | None = None,
        weights: Any = None,
        levels: Sequence[Any] | None = None,
    ) -> None:
        if get_link(link).name not in ADJACENT_LINKS:
            raise ModelSpecError(
                f"the adjacent-category family has no link={link!r}; it is defined for "
                f"{list(ADJACENT_LINKS)} only (as brms's acat; VGAM::acat has logit only)"
            )
        self._setup(formula, data, link=link, nominal=nominal, scale=None, weights=weights, levels=levels)

    @property
    def split_family(self) -> SplitFamily:
        """The adjacent-category family core."""
        return ADJACENT

    def describe(self) -> list[str]:
        """Header lines for summaries."""
        return [
            f"Adjacent-category model ({self.link}): {self._spec_line()}",
            "P(Y = j+1) / (P(Y = j) + P(Y = j+1)) = F(theta_j + x'beta) (VGAM acat, brms acat); "
            f"outcome order: {' < '.join(self.labels)}",
        ]
