"""The baseline-category (multinomial) logit family.

``log(P(Y = j) / P(Y = ref)) = x'beta_j`` for every non-reference level ``j``.
Layout: one :attr:`~careerrep.models.family.Role.CONTRAST` block per
non-reference level in label order, each holding every design column (the
intercept included, with role ``INTERCEPT``), named ``"<level>:<column>"`` as
R ``nnet::multinom`` prints ``coef()`` row by row. ``reference`` is the index
of the reference level; the MLE and the posterior share this layout, so
``"c:x"`` means the same contrast in both.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
from scipy import special

from careerrep.errors import ModelSpecError
from careerrep.models.family import Family, NewtonProblem, Parameter, ParameterLayout, Role
from careerrep.models.separation import SeparationCheck, check_multinomial_separation


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


@dataclass(frozen=True, eq=False)
class MultinomialProblem(NewtonProblem):
    """Maximum likelihood of the baseline-category logit."""

    X: np.ndarray
    y: np.ndarray
    w: np.ndarray
    K: int
    reference: int

    @property
    def n_params(self) -> int:
        """``(K - 1) p``."""
        return (self.K - 1) * int(self.X.shape[1])

    def loglik(self, params: np.ndarray) -> tuple[float, np.ndarray, np.ndarray]:
        """Log-likelihood, gradient and Hessian."""
        return multinomial_derivatives(self.X, self.y, self.w, params, self.K, self.reference)

    def start(self) -> np.ndarray:
        """Zeros."""
        return np.zeros(self.n_params)

    def scores(self, params: np.ndarray) -> np.ndarray:
        """Per-row scores."""
        return multinomial_scores(self.X, self.y, params, self.K, self.reference)

    def observed_probabilities(self, params: np.ndarray) -> np.ndarray:
        """Probability of each row's observed outcome."""
        probs = multinomial_probabilities(params, self.X, self.K, self.reference)
        return probs[np.arange(len(self.y)), self.y]

    def separation(self) -> SeparationCheck | None:
        """Per-contrast linear-programming screen."""
        return check_multinomial_separation(self.X, self.y, self.w, self.K, self.reference)


@dataclass(frozen=True)
class MultinomialFamily(Family):
    """Baseline-category logit family; ``reference`` indexes the reference level."""

    name: ClassVar[str] = "multinomial"
    ratio_name: ClassVar[str] = "relative-risk ratio"
    title: ClassVar[str] = "Multinomial logit"
    reference: int = 0

    def __post_init__(self) -> None:
        if not 0 <= self.reference < len(self.labels):
            raise ModelSpecError(f"reference index {self.reference} is not a level of {self.labels}")

    @property
    def reference_label(self) -> str:
        """The reference outcome."""
        return self.labels[self.reference]

    @property
    def contrasts(self) -> tuple[str, ...]:
        """The non-reference levels, in label order (one parameter block each)."""
        return tuple(lb for i, lb in enumerate(self.labels) if i != self.reference)

    @property
    def n_predictors(self) -> int:
        """``K - 1`` linear predictors per row."""
        return self.n_categories - 1

    @property
    def layout(self) -> ParameterLayout:
        """``"<level>:<column>"`` blocks, one per non-reference level."""
        return ParameterLayout(
            tuple(
                Parameter(
                    f"{level}:{c}",
                    Role.INTERCEPT if c == "Intercept" else Role.CONTRAST,
                    column=c,
                    block=level,
                )
                for level in self.contrasts
                for c in self.columns
            )
        )

    def describe(self, formula: str) -> list[str]:
        """Header lines for summaries."""
        return [
            f"Multinomial logit: {formula}",
            f"log(P(Y = j) / P(Y = {self.reference_label!r})) = x'beta_j; levels: {list(self.labels)}",
        ]

    def effect_outcome(self, parameter: Parameter) -> str | None:
        """The contrast level against the reference."""
        if parameter.role in (Role.CONTRAST, Role.INTERCEPT):
            return f"{parameter.block} vs {self.reference_label}"
        return None

    def shift_absorbers(self, slope: Parameter) -> tuple[tuple[int, float], ...] | None:
        """The intercept of the slope's own contrast block, sign -1 (as for a binary logit)."""
        if slope.role is not Role.CONTRAST:
            return None
        found = tuple(
            (i, -1.0)
            for i, p in enumerate(self.layout)
            if p.role is Role.INTERCEPT and p.block == slope.block
        )
        return found or None

    def predictor(self, params: np.ndarray, X: np.ndarray) -> np.ndarray:
        """``(S, n, K - 1)``: ``x'beta_j`` for each contrast."""
        params = np.atleast_2d(params)
        p = len(self.columns)
        blocks = params[:, : (self.n_categories - 1) * p].reshape(len(params), self.n_categories - 1, p)
        return np.einsum("np,skp->snk", np.asarray(X, dtype=np.float64), blocks)

    def _full(self, eta: np.ndarray) -> np.ndarray:
        return np.insert(eta, self.reference, 0.0, axis=2)

    def log_probabilities_from_predictor(self, params: np.ndarray, eta: np.ndarray) -> np.ndarray:
        """Log-softmax with the reference level's predictor at 0."""
        full = self._full(eta)
        return full - special.logsumexp(full, axis=2, keepdims=True)

    def probability_slopes(self, params: np.ndarray, eta: np.ndarray, d_eta: np.ndarray) -> np.ndarray:
        """``dP_k = P_k (d eta_k - sum_l P_l d eta_l)``."""
        probs = special.softmax(self._full(eta), axis=2)
        d_full = self._full(d_eta)
        return probs * (d_full - np.sum(probs * d_full, axis=2, keepdims=True))

    def fit_label(self, method: str) -> str:
        """``"multinomial logit fit"``."""
        return "multinomial logit fit"

    def problem(
        self,
        X: np.ndarray,
        y: np.ndarray,
        weights: np.ndarray,
        method: str = "mle",
        groups: Mapping[str, tuple[np.ndarray, tuple[str, ...]]] | None = None,
    ) -> MultinomialProblem:
        """Newton on the concave log-likelihood."""
        return MultinomialProblem(X, y, weights, self.n_categories, self.reference)

    # ---------------------------------------------------------------- Bayesian
    def pymc_coords(self) -> dict[str, list[str]]:
        """The ``contrast`` dimension: the non-reference levels."""
        return {"contrast": list(self.contrasts)}

    def pymc_predictor_dims(self) -> tuple[str, ...]:
        """``beta`` is ``(coef, contrast)``."""
        return ("contrast",)

    def pymc_likelihood(self, eta: Any, shift: Any, collapsed: Any, priors: Any, has_intercept: bool) -> Any:
        """``intercepts`` per contrast and the categorical log-likelihood (reference predictor 0)."""
        import pymc as pm
        import pytensor.tensor as pt

        if has_intercept:
            alpha = pm.Normal("intercepts_centred", 0.0, priors.intercept_scale, dims="contrast")
            pm.Deterministic("intercepts", alpha - shift, dims="contrast")
            eta = eta + alpha
        else:
            eta = eta + shift
        zeros = pt.zeros((eta.shape[0], 1))
        r = self.reference
        full = pt.concatenate([eta[:, :r], zeros, eta[:, r:]], axis=1)
        log_norm = pt.logsumexp(full, axis=1)
        chosen = full[np.arange(collapsed.y.size), collapsed.y]
        return pt.sum(collapsed.counts * (chosen - log_norm))

    def posterior_params(self, posterior: Any, has_intercept: bool) -> np.ndarray:
        """Blocks per contrast in layout order, each in design-column order."""
        beta = _flat(posterior, "beta")  # (S, p_without_intercept, K-1)
        blocks = []
        for k in range(self.n_categories - 1):
            block = beta[:, :, k]
            if has_intercept:
                at = self.columns.index("Intercept")
                block = np.insert(block, at, _flat(posterior, "intercepts")[:, k], axis=1)
            blocks.append(block)
        return np.concatenate(blocks, axis=1)


def _flat(posterior: Any, name: str) -> np.ndarray:
    values = np.asarray(posterior[name])
    return values.reshape(-1, *values.shape[2:])
