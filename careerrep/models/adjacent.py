"""Adjacent-category logit family, as R ``VGAM::acat``.

Model (VGAM ``acat()``, ``reverse = FALSE``, its only link ``loglink``)::

    log( P(Y = j + 1) / P(Y = j) ) = eta_j = theta_j + x'beta + n'gamma_j,   j = 1..K-1

so ``P(Y = k)`` is proportional to ``exp(eta_1 + ... + eta_{k-1})``: a positive
coefficient moves cases *up*, and ``exp(beta)`` is the odds ratio of each next
category against the one below it. The split ``j`` threshold is reported as
``"lo|hi"`` (VGAM ``"(Intercept):j"``), a nominal term as ``"lo|hi.<term>"``
(VGAM ``parallel = FALSE ~ term``, ``"<term>:j"``).

brms ``acat`` writes ``P(Y = j+1) / (P(Y = j) + P(Y = j+1)) = F(x'b + n'bcs_j - tau_j)``
(read off the Stan code of brms 2.18.0 and checked: careerrep's log-likelihood
at brms's draws equals brms's ``log_lik()``, tests/models/bayes/test_bayes_split_brms.py):
its coefficients equal careerrep's (``gamma_j = bcs_j``) and ``tau_j = -theta_j``.
brms also allows probit and cloglog there; VGAM has no such model. The PyMC
term (:mod:`careerrep.models.split_pymc`) is written for brms's definition,
``log(P(Y = j+1) / P(Y = j)) = log F(eta_j) - log(1 - F(eta_j))``, which is
``eta_j`` for the logit link.

The model class is :class:`AdjacentModel`. The model is a multinomial logit
whose category scores are cumulative sums of the split predictors, so every
parameter value gives valid probabilities and the log-likelihood is concave.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
from scipy import special

from careerrep.errors import ModelSpecError
from careerrep.models.links import Link, get_link
from careerrep.models.threshold_likelihood import RowDerivatives, SplitFamily
from careerrep.models.threshold_model import SplitModel

ADJACENT_LINKS = ("logit",)


class AdjacentFamily:
    """``P(Y = k) = softmax_k(sum_{j<k} eta_j)``."""

    name = "acat"
    location_sign = 1.0

    @staticmethod
    def _scores(eta: np.ndarray) -> np.ndarray:
        n = len(eta)
        return np.concatenate([np.zeros((n, 1)), np.cumsum(eta, axis=1)], axis=1)

    def row_derivatives(self, eta: np.ndarray, y: np.ndarray, link: Link) -> RowDerivatives:
        """``d log p_y / d eta_j = [j < y] - P(Y > j)``; ``h_jl = -(P(Y > max(j,l)) - P(Y > j) P(Y > l))``."""
        J = eta.shape[1]
        scores = self._scores(eta)
        log_norm = special.logsumexp(scores, axis=1)
        logp = scores[np.arange(len(y)), y] - log_norm
        probs = np.exp(scores - log_norm[:, None])
        above = np.cumsum(probs[:, ::-1], axis=1)[:, ::-1][:, 1:]  # P(Y > j), (n, J)
        above_t = np.ascontiguousarray(above.T)  # (J, n), split-major as the engine wants
        g = (np.arange(J)[:, None] < y[None, :]).astype(np.float64) - above_t
        top = np.maximum.outer(np.arange(J), np.arange(J))
        h = -(above_t[top] - above_t[:, None, :] * above_t[None, :, :])
        return RowDerivatives(logp, g, h)

    def effect_text(self, split: str | None) -> str:
        """What ``exp(coefficient)`` is the odds ratio of: the next category against the one below."""
        if split is None:
            return "next category against the one below (all splits)"
        low, high = split.split("|")
        return f"{high} vs {low}"

    def probabilities(self, eta: np.ndarray, link: Link) -> np.ndarray:
        """``(n, K)`` softmax of the cumulative split predictors."""
        return special.softmax(self._scores(eta), axis=1)

    def start_thresholds(self, shares: np.ndarray, link: Link) -> np.ndarray:
        """``log(share_{j+1} / share_j)``."""
        return np.log(shares[1:] / shares[:-1])

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
    """Adjacent-category logit model (R ``VGAM::acat``).

    ``log(P(Y = j + 1) / P(Y = j)) = theta_j + x'beta + n'gamma_j``; see
    :mod:`careerrep.models.adjacent`.

    Parameters
    ----------
    formula, data, nominal, weights, levels
        As for :class:`SequentialModel`.
    link
        Only ``"logit"`` (other links raise ``ModelSpecError``).
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
                f"{list(ADJACENT_LINKS)} only (as VGAM::acat)"
            )
        self._setup(formula, data, link=link, nominal=nominal, scale=None, weights=weights, levels=levels)

    @property
    def split_family(self) -> SplitFamily:
        """The adjacent-category family core."""
        return ADJACENT

    def describe(self) -> list[str]:
        """Header lines for summaries."""
        return [
            f"Adjacent-category logit model: {self._spec_line()}",
            "log(P(Y = j+1) / P(Y = j)) = theta_j + x'beta (VGAM acat); "
            f"outcome order: {' < '.join(self.labels)}",
        ]
