"""Fitting the cumulative link model: Newton on an internal scale that keeps thresholds ordered.

The thresholds are kept ordered by the parameterisation used inside the
optimiser, ``alpha = (theta_1, log(theta_2 - theta_1), ...)``; results are
reported on the cut-point scale, with the covariance from the cut-point-scale
Hessian (at the optimum this equals mapping the internal covariance by the
Jacobian). The log-likelihood, its derivatives and the category
probabilities are in :mod:`careerrep.models.ordinal_likelihood`.
"""

from __future__ import annotations

import numpy as np

from careerrep.models.links import Link
from careerrep.models.newton import NewtonOutcome, maximize
from careerrep.models.ordinal_likelihood import (
    OrdinalDerivatives,
    SortedOrdinalData,
    ordinal_derivatives,
)


def thresholds_from_internal(alpha: np.ndarray) -> np.ndarray:
    """Cut points from ``(theta_1, log increments)``: always strictly increasing."""
    return alpha[0] + np.concatenate([[0.0], np.cumsum(np.exp(alpha[1:]))])


def internal_from_thresholds(theta: np.ndarray) -> np.ndarray:
    """Inverse of :func:`thresholds_from_internal` (``theta`` strictly increasing)."""
    return np.concatenate([[theta[0]], np.log(np.diff(theta))])


def starting_values(data: SortedOrdinalData, link: Link) -> np.ndarray:
    """Internal starting values: zero coefficients, thresholds at the marginal quantiles."""
    totals = np.array([data.w[data.category(k)].sum() for k in range(data.K)])
    cumulative = np.cumsum(totals)[:-1] / totals.sum()
    theta = link.ppf(np.clip(cumulative, 1e-6, 1 - 1e-6))
    theta = np.maximum.accumulate(theta + np.arange(len(theta)) * 1e-6)  # strictly increasing
    return np.concatenate([np.zeros(data.X.shape[1]), internal_from_thresholds(theta)])


def fit_ordinal(data: SortedOrdinalData, link: Link, *, max_iter: int = 100) -> NewtonOutcome:
    """Maximise the ordinal log-likelihood; returns the outcome on the cut-point scale.

    Newton runs on ``(beta, alpha)``; the internal gradient and Hessian follow
    from the cut-point ones by the chain rule: with ``J = d theta / d alpha``,
    ``g_alpha = J' g_theta`` and ``H_alpha = J' H_theta J + diag(c)``, where
    ``c_j = exp(alpha_j) * sum_{k >= j} g_theta_k`` (``j >= 2``) is the
    curvature of the exponential map. The caller decides whether to warn
    about non-convergence (separation explains it better when present).
    """
    p = data.X.shape[1]
    n_thr = data.K - 1

    def jacobian(alpha: np.ndarray) -> np.ndarray:
        jac = np.tril(np.ones((n_thr, n_thr))) * np.concatenate([[1.0], np.exp(alpha[1:])])
        return jac

    # Cut-point-scale results of every evaluation, keyed by the internal point
    # (a few small arrays each): the optimiser returns one of the points it
    # evaluated, so the result needs no further pass over the data.
    evaluated: dict[bytes, tuple[np.ndarray, OrdinalDerivatives]] = {}

    def cut_point_scale(z: np.ndarray) -> tuple[np.ndarray, OrdinalDerivatives]:
        key = z.tobytes()
        if key not in evaluated:
            params = np.concatenate([z[:p], thresholds_from_internal(z[p:])])
            evaluated[key] = params, ordinal_derivatives(data, params, link)[0]
        return evaluated[key]

    def objective(z: np.ndarray) -> tuple[float, np.ndarray, np.ndarray]:
        alpha = z[p:]
        _, d = cut_point_scale(z)
        if not np.isfinite(d.loglik):
            return d.loglik, d.gradient, d.hessian
        jac = jacobian(alpha)
        grad = np.concatenate([d.gradient[:p], jac.T @ d.gradient[p:]])
        hess = np.empty_like(d.hessian)
        hess[:p, :p] = d.hessian[:p, :p]
        hess[:p, p:] = d.hessian[:p, p:] @ jac
        hess[p:, :p] = hess[:p, p:].T
        tail = np.cumsum(d.gradient[p:][::-1])[::-1]  # sum_{k >= j} g_theta_k
        curvature = np.concatenate([[0.0], np.exp(alpha[1:]) * tail[1:]])
        hess[p:, p:] = jac.T @ d.hessian[p:, p:] @ jac + np.diag(curvature)
        return d.loglik, grad, hess

    outcome = maximize(objective, starting_values(data, link), max_iter=max_iter)
    params, final = cut_point_scale(outcome.x)
    result = NewtonOutcome(
        params,
        final.loglik,
        final.gradient,
        final.hessian,
        outcome.iterations,
        outcome.converged,
        outcome.message,
    )
    return result


def ordered_cut_point_loglik(
    data: SortedOrdinalData, params: np.ndarray, link: Link
) -> tuple[float, np.ndarray, np.ndarray]:
    """Log-likelihood, gradient and Hessian on the cut-point scale; ``-inf`` unless ordered.

    For profile-likelihood intervals (:mod:`careerrep.models.profile`), which
    work on the reported scale so that fixing a cut point is a linear
    constraint. Unordered cut points are outside the model: ``-inf`` there
    makes Newton's step halving keep every refit inside the ordered region
    (with every category observed the likelihood itself would do so, as some
    probability turns negative; an empty category would not).
    """
    n_thr = data.K - 1
    if n_thr > 1 and not np.all(np.diff(params[-n_thr:]) > 0):
        size = len(params)
        return -np.inf, np.full(size, np.nan), np.full((size, size), np.nan)
    d, _ = ordinal_derivatives(data, params, link)
    return d.loglik, d.gradient, d.hessian
