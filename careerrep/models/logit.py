"""Binary logistic regression: numerics and the ``LogitModel`` class.

``P(Y = event | x) = expit(x'beta)``. Fitted by Newton (= IRLS for this
canonical link) with the analytic gradient ``X'W(y - mu)`` and Hessian
``-X' diag(w mu (1 - mu)) X``, or by Firth's penalised likelihood
(``method="firth"``, see :mod:`careerrep.models.firth`). Before an ordinary ML
fit the data are checked for separation (:mod:`careerrep.models.separation`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any, ClassVar

import numpy as np
from scipy import special

from careerrep.errors import ModelSpecError
from careerrep.models.base import BaseModel, check_cov
from careerrep.models.firth import fit_firth, profile_intervals
from careerrep.models.newton import maximize, warn_if_not_converged
from careerrep.models.result import MLEResult
from careerrep.models.separation import (
    check_binary_separation,
    fit_looks_separated,
    warn_if_separated,
)


def logit_probabilities(params: np.ndarray, X: np.ndarray) -> np.ndarray:
    """``(n, 2)`` probabilities ``[P(non-event), P(event)]`` at coefficients ``params``."""
    event = special.expit(X @ np.asarray(params, dtype=np.float64))
    return np.column_stack([1.0 - event, event])


def logit_derivatives(
    X: np.ndarray, y: np.ndarray, w: np.ndarray, beta: np.ndarray
) -> tuple[float, np.ndarray, np.ndarray]:
    """Weighted log-likelihood, gradient and Hessian of the logit model at ``beta``."""
    eta = X @ beta
    mu = special.expit(eta)
    loglik = float(w @ (y * eta - np.logaddexp(0.0, eta)))
    grad = X.T @ (w * (y - mu))
    hess = -(X.T @ (X * (w * mu * (1.0 - mu))[:, None]))
    return loglik, grad, hess


def logit_scores(X: np.ndarray, y: np.ndarray, beta: np.ndarray) -> np.ndarray:
    """``(n, p)`` unweighted per-row scores ``x_i (y_i - mu_i)``."""
    return X * (y - special.expit(X @ beta))[:, None]


@dataclass(frozen=True, eq=False, init=False)
class LogitModel(BaseModel):
    """Binary logistic regression.

    Parameters
    ----------
    formula
        ``"outcome ~ predictors"`` (formulaic; intercept included by default).
    data
        DataFrame or CaseTable (its ``signals()``).
    weights
        Frequency weights: a column name or an array.
    levels
        The two outcome values ``[non-event, event]``. Without it: booleans and
        numbers use their order (``1``/``True`` is the event), categoricals
        their category order, strings sorted order (as R's ``factor``); the
        second level is the event coded 1 (``describe()`` says which).
    """

    family: ClassVar[str] = "logit"

    def __init__(
        self,
        formula: str,
        data: Any,
        weights: Any = None,
        levels: Sequence[Any] | None = None,
    ) -> None:
        self._build(formula, data, weights, levels)

    @property
    def event(self) -> str:
        """The outcome label coded 1."""
        return self.labels[1]

    @property
    def param_names(self) -> tuple[str, ...]:
        """Coefficient names."""
        return self.coef_names

    def describe(self) -> list[str]:
        """Header lines for summaries."""
        return [
            f"Binary logit: {self.formula}",
            f"P(Y = {self.labels[1]!r}) = expit(x'beta); reference outcome {self.labels[0]!r}",
        ]

    def probabilities(self, params: np.ndarray, X: np.ndarray) -> np.ndarray:
        """``(n, 2)`` probabilities of the two outcome labels."""
        return logit_probabilities(params, X)

    def fit(
        self,
        cov: str = "nonrobust",
        groups: Any = None,
        method: str = "mle",
        ci: str | None = None,
        cluster_type: str = "HC1",
        max_iter: int = 100,
    ) -> MLEResult:
        """Fit by maximum likelihood (``method="mle"``) or Firth (``method="firth"``).

        Parameters
        ----------
        cov
            ``"nonrobust"``, ``"HC0"``, ``"HC1"`` or ``"cluster"`` (ML only).
        groups
            Cluster column name or array for ``cov="cluster"``.
        method
            ``"mle"`` or ``"firth"`` (penalised likelihood; finite under separation).
        ci
            Default interval kind of the result (``ci_kind``): ``"wald"`` or
            ``"profile"``. Firth defaults to ``"profile"`` (profile penalised
            likelihood, as R ``logistf``), ML to ``"wald"``. Either kind stays
            available through ``result.conf_int(method=...)`` (profile for ML
            with ``cov="nonrobust"`` only).
        cluster_type
            ``"HC1"`` or ``"HC0"`` factor for ``cov="cluster"``.
        max_iter
            Newton iteration limit.
        """
        self._refuse_random_intercepts()
        check_cov(cov)
        X, w = self.design.X, self.design.weights
        y = self.design.y.astype(np.float64)
        if method == "firth":
            return self._fit_firth(X, y, w, cov, ci or "profile", max_iter)
        if method != "mle":
            raise ModelSpecError(f"method must be 'mle' or 'firth', got {method!r}")
        if ci not in (None, "wald", "profile"):
            raise ModelSpecError(f"ci must be 'wald' or 'profile', got {ci!r}")
        if ci == "profile" and cov != "nonrobust":
            raise ModelSpecError(f"profile-likelihood intervals need cov='nonrobust', got cov={cov!r}")

        def loglik(beta: np.ndarray) -> tuple[float, np.ndarray, np.ndarray]:
            return logit_derivatives(X, y, w, beta)

        outcome = maximize(loglik, np.zeros(X.shape[1]), max_iter=max_iter)
        observed = logit_probabilities(outcome.x, X)[np.arange(len(y)), self.design.y]
        separated = fit_looks_separated(outcome.converged, observed) and warn_if_separated(
            check_binary_separation(X, self.design.y, w),
            self.coef_names,
            advice="Use LogitModel.fit(method='firth') for finite, bias-reduced estimates.",
        )
        if not separated:  # the separation warning already says why it cannot converge
            warn_if_not_converged(outcome, "logit fit")
        clusters = self._cluster_codes(groups) if cov == "cluster" else None
        scores = logit_scores(X, y, outcome.x) if cov != "nonrobust" else None
        return self._result(
            outcome,
            scores,
            w,
            cov,
            clusters,
            cluster_type,
            separated,
            loglik=loglik,
            ci_kind="profile" if ci == "profile" else "Wald",
        )

    def _fit_firth(
        self, X: np.ndarray, y: np.ndarray, w: np.ndarray, cov: str, ci: str, max_iter: int
    ) -> MLEResult:
        if cov != "nonrobust":
            raise ModelSpecError("method='firth' supports cov='nonrobust' only")
        if ci not in ("wald", "profile"):
            raise ModelSpecError(f"ci must be 'wald' or 'profile', got {ci!r}")
        fit = fit_firth(X, y, w, max_iter=max_iter)
        warn_if_not_converged(fit.outcome, "Firth logit fit")
        loglik, _, _ = logit_derivatives(X, y, w, fit.outcome.x)
        # Report the ordinary log-likelihood (as logistf/brglm2 do); keep -I as the Hessian.
        unpenalised = replace(fit.outcome, value=loglik)
        names = self.coef_names

        def profile(alpha: float) -> Any:
            return profile_intervals(X, y, w, fit, alpha, names)

        return self._result(
            unpenalised,
            None,
            w,
            cov,
            None,
            method="firth",
            ci_kind="profile" if ci == "profile" else "Wald",
            notes=(
                f"Firth penalised log-likelihood = {fit.outcome.value:.4f} "
                f"(log-likelihood + 0.5 log det I); SEs from I^-1 at the estimate.",
            ),
            profile_interval=profile,
        )
