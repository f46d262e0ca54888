"""Multinomial (baseline-category) logit: numerics and ``MultinomialModel``.

``log(P(Y = j) / P(Y = ref)) = x'beta_j`` for each non-reference category
``j``. Parameters are ordered level by level, each block holding every
coefficient, and named ``"<level>:<coef>"`` as R ``nnet::multinom`` prints
``coef()`` row by row. The log-likelihood is concave; Newton with the
analytic Hessian blocks ``-X' diag(w p_j (delta_jl - p_l)) X`` converges in a
few iterations (nnet uses BFGS, which is why our optimum is the tighter one).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
from scipy import special

from careerrep.errors import ModelSpecError
from careerrep.models.base import BaseModel, check_cov
from careerrep.models.newton import maximize, warn_if_not_converged
from careerrep.models.result import MLEResult
from careerrep.models.separation import (
    check_multinomial_separation,
    fit_looks_separated,
    warn_if_separated,
)


def multinomial_probabilities(
    params: np.ndarray, X: np.ndarray, n_categories: int, reference: int = 0
) -> np.ndarray:
    """``(n, K)`` category probabilities of a baseline-category logit.

    Parameters
    ----------
    params
        ``(K - 1) * p`` coefficients, one block of ``p`` per non-reference
        category in label order.
    X
        ``(n, p)`` predictors (with intercept column if the model has one).
    n_categories
        ``K``.
    reference
        Index of the reference category (its linear predictor is 0).
    """
    p = X.shape[1]
    blocks = np.asarray(params, dtype=np.float64).reshape(n_categories - 1, p)
    eta = np.insert(X @ blocks.T, reference, 0.0, axis=1)
    return special.softmax(eta, axis=1)


def multinomial_derivatives(
    X: np.ndarray,
    y: np.ndarray,
    w: np.ndarray,
    params: np.ndarray,
    n_categories: int,
    reference: int,
) -> tuple[float, np.ndarray, np.ndarray]:
    """Weighted log-likelihood, gradient and Hessian at ``params``."""
    p = X.shape[1]
    probs = multinomial_probabilities(params, X, n_categories, reference)
    free = [k for k in range(n_categories) if k != reference]
    observed = probs[np.arange(len(y)), y]
    with np.errstate(divide="ignore"):
        loglik = float(w @ np.log(observed))
    grad = np.empty(len(free) * p)
    hess = np.empty((len(free) * p, len(free) * p))
    for a, j in enumerate(free):
        grad[a * p : (a + 1) * p] = X.T @ (w * ((y == j) - probs[:, j]))
        for b, k in enumerate(free[: a + 1]):
            v = w * probs[:, j] * ((j == k) - probs[:, k])
            block = -(X.T @ (X * v[:, None]))
            hess[a * p : (a + 1) * p, b * p : (b + 1) * p] = block
            hess[b * p : (b + 1) * p, a * p : (a + 1) * p] = block.T
    return loglik, grad, hess


def multinomial_scores(
    X: np.ndarray, y: np.ndarray, params: np.ndarray, n_categories: int, reference: int
) -> np.ndarray:
    """``(n, (K-1) p)`` unweighted per-row scores ``x_i (1[y_i = j] - p_ij)``."""
    probs = multinomial_probabilities(params, X, n_categories, reference)
    free = [k for k in range(n_categories) if k != reference]
    return np.hstack([X * ((y == j) - probs[:, j])[:, None] for j in free])


@dataclass(frozen=True, eq=False, init=False)
class MultinomialModel(BaseModel):
    """Baseline-category (multinomial) logit for unordered outcomes.

    Parameters
    ----------
    formula
        ``"outcome ~ predictors"`` (formulaic).
    data
        DataFrame or CaseTable (its ``signals()``).
    weights
        Frequency weights: a column name or an array (R's ``weights``).
    levels
        Outcome levels (order of the parameter blocks); default: category
        order, sorted numbers or sorted strings.
    reference
        Reference outcome label; default the first level (as ``nnet::multinom``).
    """

    family: ClassVar[str] = "multinomial"
    reference: str

    def __init__(
        self,
        formula: str,
        data: Any,
        weights: Any = None,
        levels: Sequence[Any] | None = None,
        reference: Any = None,
    ) -> None:
        self._build(formula, data, weights, levels)
        ref = self.labels[0] if reference is None else str(reference)
        if ref not in self.labels:
            raise ModelSpecError(f"reference={reference!r} is not an outcome level {self.labels}")
        object.__setattr__(self, "reference", ref)

    @property
    def reference_index(self) -> int:
        """Position of the reference category in ``labels``."""
        return self.labels.index(self.reference)

    @property
    def param_names(self) -> tuple[str, ...]:
        """``"<level>:<coef>"`` for every non-reference level, level by level."""
        return tuple(
            f"{level}:{coef}" for level in self.labels if level != self.reference for coef in self.coef_names
        )

    def describe(self) -> list[str]:
        """Header lines for summaries."""
        return [
            f"Multinomial logit: {self.formula}",
            f"log(P(Y = j) / P(Y = {self.reference!r})) = x'beta_j; levels: {list(self.labels)}",
        ]

    def probabilities(self, params: np.ndarray, X: np.ndarray) -> np.ndarray:
        """``(n, K)`` category probabilities."""
        return multinomial_probabilities(params, X, len(self.labels), self.reference_index)

    def fit(
        self,
        cov: str = "nonrobust",
        groups: Any = None,
        method: str = "mle",
        cluster_type: str = "HC1",
        max_iter: int = 100,
    ) -> MLEResult:
        """Maximum-likelihood fit by Newton (see ``OrdinalModel.fit`` for the arguments)."""
        self._refuse_random_intercepts()
        check_cov(cov)
        if method != "mle":
            raise ModelSpecError(f"MultinomialModel.fit supports method='mle' only, got {method!r}")
        X, y, w = self.design.X, self.design.y, self.design.weights
        K, ref = len(self.labels), self.reference_index

        def loglik(params: np.ndarray) -> tuple[float, np.ndarray, np.ndarray]:
            return multinomial_derivatives(X, y, w, params, K, ref)

        outcome = maximize(loglik, np.zeros((K - 1) * X.shape[1]), max_iter=max_iter)
        observed = self.probabilities(outcome.x, X)[np.arange(len(y)), y]
        separated = fit_looks_separated(outcome.converged, observed) and warn_if_separated(
            check_multinomial_separation(X, y, w, K, ref), self.param_names
        )
        if not separated:  # the separation warning already says why it cannot converge
            warn_if_not_converged(outcome, "multinomial logit fit")
        clusters = self._cluster_codes(groups) if cov == "cluster" else None
        scores = multinomial_scores(X, y, outcome.x, K, ref) if cov != "nonrobust" else None
        return self._result(outcome, scores, w, cov, clusters, cluster_type, separated, loglik=loglik)
