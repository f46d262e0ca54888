"""Firth's penalised-likelihood logistic regression (Firth 1993; Heinze & Schemper 2002).

Maximises ``l*(beta) = l(beta) + 0.5 log det I(beta)`` with
``I = X' diag(w mu (1 - mu)) X`` (the Jeffreys-prior penalty). Its estimates
are finite under separation and have O(1/n^2) bias. The modified score is
``U*(beta) = X' [w (y - mu) + h (1/2 - mu)]`` with ``h`` the diagonal of the
weighted hat matrix; Newton steps use ``I`` as curvature (as R ``logistf``
does), with step halving on ``l*``.

Intervals: profile penalised likelihood (``logistf``'s default): the bound
for ``beta_j`` is where ``2 (l*(hat) - max l*(beta_j fixed)) = chi2_1(1 - alpha)``,
the penalty always being that of the full model. They are computed by the one
profile implementation, :mod:`careerrep.models.profile`, with
:func:`firth_objective` as the objective. Standard errors are
``I^{-1}`` at the estimate (as ``logistf`` and ``brglm2``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import linalg, special

from careerrep.models.newton import NewtonOutcome, maximize


@dataclass(frozen=True)
class FirthFit:
    """A Firth fit: the Newton outcome on the penalised scale and its data."""

    outcome: NewtonOutcome


def firth_objective(
    X: np.ndarray, y: np.ndarray, w: np.ndarray, beta: np.ndarray
) -> tuple[float, np.ndarray, np.ndarray]:
    """Penalised log-likelihood, modified score and ``-I`` at ``beta``."""
    eta = X @ beta
    mu = special.expit(eta)
    curvature = w * mu * (1.0 - mu)
    info = X.T @ (X * curvature[:, None])
    try:
        chol = linalg.cholesky(info, lower=True, check_finite=False)
    except linalg.LinAlgError:
        p = len(beta)
        return -np.inf, np.full(p, np.nan), np.full((p, p), np.nan)
    inv_info = linalg.cho_solve((chol, True), np.eye(len(beta)), check_finite=False)
    hat = curvature * np.sum((X @ inv_info) * X, axis=1)
    loglik = float(w @ (y * eta - np.logaddexp(0.0, eta)))
    value = loglik + float(np.sum(np.log(np.diag(chol))))  # 0.5 log det I
    grad = X.T @ (w * (y - mu) + hat * (0.5 - mu))
    return value, grad, -info


def fit_firth(
    X: np.ndarray,
    y: np.ndarray,
    w: np.ndarray,
    *,
    fixed: dict[int, float] | None = None,
    start: np.ndarray | None = None,
    max_iter: int = 200,
) -> FirthFit:
    """Maximise the penalised likelihood, optionally with some coefficients fixed.

    Parameters
    ----------
    X, y, w
        Predictors (with intercept if wanted), 0/1 outcome, frequency weights.
    fixed
        ``{column index: value}`` held constant (for profile intervals).
    start
        Full-length starting vector (default zeros).
    max_iter
        Iteration limit.

    Returns
    -------
    FirthFit
        ``outcome.x`` is the full coefficient vector; ``value`` the penalised loglik.
    """
    p = X.shape[1]
    fixed = fixed or {}
    free = np.array([j for j in range(p) if j not in fixed], dtype=np.int64)
    base = np.zeros(p) if start is None else np.array(start, dtype=np.float64)
    for j, value in fixed.items():
        base[j] = value

    def full(z: np.ndarray) -> np.ndarray:
        beta = base.copy()
        beta[free] = z
        return beta

    def objective(z: np.ndarray) -> tuple[float, np.ndarray, np.ndarray]:
        value, grad, hess = firth_objective(X, y, w, full(z))
        return value, grad[free], hess[np.ix_(free, free)]

    # With I as curvature the iteration is quasi-Newton, so allow a looser
    # step tolerance than exact Newton needs; 1e-9 relative is still far below 1e-6.
    outcome = maximize(objective, base[free], max_iter=max_iter, xtol=1e-9, ftol=1e-13)
    value, grad, hess = firth_objective(X, y, w, full(outcome.x))
    return FirthFit(
        NewtonOutcome(
            full(outcome.x),
            value,
            grad,
            hess,
            outcome.iterations,
            outcome.converged,
            outcome.message,
        )
    )
