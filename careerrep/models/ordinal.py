"""Cumulative link (ordinal) models: numerics and the ``OrdinalModel`` class.

Model, with the sign convention of R's ``MASS::polr`` and ``ordinal::clm``::

    P(Y <= k | x) = F(theta_k - x'beta),   k = 1..K-1,   theta_1 < ... < theta_{K-1}

so a positive ``beta`` shifts cases towards higher categories. ``F`` is the
link's distribution (logit, probit, cloglog).

Fitting is Newton with the analytic gradient and Hessian. The thresholds are
kept ordered by the parameterisation used inside the optimiser,
``alpha = (theta_1, log(theta_2 - theta_1), ...)``; results are reported on
the cut-point scale, with the covariance from the cut-point-scale Hessian
(at the optimum this equals mapping the internal covariance by the Jacobian).

For speed the rows are sorted by outcome once, so every per-category sum is a
contiguous slice and no ``n x K`` array is built per iteration.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np

from careerrep.errors import ModelSpecError
from careerrep.models.base import BaseModel, check_cov
from careerrep.models.links import Link, get_link
from careerrep.models.newton import NewtonOutcome, maximize, warn_if_not_converged
from careerrep.models.result import MLEResult
from careerrep.models.separation import (
    check_ordinal_separation,
    fit_looks_separated,
    warn_if_separated,
)


def ordinal_probabilities(
    params: np.ndarray, X: np.ndarray, n_thresholds: int, link: str | Link
) -> np.ndarray:
    """Category probabilities of a cumulative link model.

    Parameters
    ----------
    params
        Coefficients (``p``) then cut points (``n_thresholds``, increasing).
    X
        ``(n, p)`` predictors without an intercept column.
    n_thresholds
        ``K - 1``.
    link
        Link name or :class:`Link`.

    Returns
    -------
    numpy.ndarray
        ``(n, K)`` probabilities; each row sums to one.
    """
    lk = get_link(link) if isinstance(link, str) else link
    params = np.asarray(params, dtype=np.float64)
    beta, theta = params[:-n_thresholds], params[-n_thresholds:]
    eta = X @ beta
    cum = lk.cdf(theta[None, :] - eta[:, None])
    cum = np.concatenate([np.zeros((len(eta), 1)), cum, np.ones((len(eta), 1))], axis=1)
    return np.diff(cum, axis=1)


@dataclass(frozen=True)
class OrdinalDerivatives:
    """Log-likelihood, gradient and Hessian on the cut-point scale (beta, theta)."""

    loglik: float
    gradient: np.ndarray
    hessian: np.ndarray


class SortedOrdinalData:
    """Predictors, outcome codes and weights sorted by outcome, with category slices.

    Parameters
    ----------
    X, y, weights
        As in :class:`~careerrep.models.design.Design`.
    n_categories
        ``K``.
    """

    def __init__(self, X: np.ndarray, y: np.ndarray, weights: np.ndarray, n_categories: int):
        self.order = np.argsort(y, kind="stable")
        self.X = np.ascontiguousarray(X[self.order])
        self.y = y[self.order]
        self.w = weights[self.order]
        self.K = n_categories
        counts = np.bincount(self.y, minlength=n_categories)
        self.bounds = np.concatenate([[0], np.cumsum(counts)])

    def category(self, k: int) -> slice:
        """Rows of category ``k`` (0-based) in the sorted arrays."""
        return slice(int(self.bounds[k]), int(self.bounds[k + 1]))


def _pieces(data: SortedOrdinalData, params: np.ndarray, link: Link) -> tuple[np.ndarray, ...]:
    """Per-row quantities shared by the log-likelihood and its derivatives."""
    K = data.K
    beta, theta = params[: -(K - 1)], params[-(K - 1) :]
    eta = data.X @ beta
    theta_ext = np.concatenate([[-np.inf], theta, [np.inf]])
    counts = np.diff(data.bounds)
    upper = np.repeat(theta_ext[1:], counts) - eta
    lower = np.repeat(theta_ext[:-1], counts) - eta
    prob = link.cdf(upper) - link.cdf(lower)
    return upper, lower, prob


def ordinal_loglik(data: SortedOrdinalData, params: np.ndarray, link: Link) -> float:
    """Weighted log-likelihood at ``params`` (coefficients then cut points)."""
    _, _, prob = _pieces(data, params, link)
    with np.errstate(divide="ignore", invalid="ignore"):
        return float(data.w @ np.log(prob)) if np.all(prob > 0) else -np.inf


def ordinal_derivatives(
    data: SortedOrdinalData, params: np.ndarray, link: Link, *, scores: bool = False
) -> tuple[OrdinalDerivatives, np.ndarray | None]:
    """Log-likelihood, analytic gradient and Hessian; optionally per-row scores.

    With ``u = theta_y - eta`` and ``l = theta_{y-1} - eta``, ``log p = log(F(u) - F(l))``
    has ``d/du = f(u)/p = a``, ``d/dl = -f(l)/p = -b``, ``d2/du2 = f'(u)/p - a^2``,
    ``d2/dl2 = -f'(l)/p - b^2``, ``d2/dudl = a b``; ``eta`` enters both with sign -1.

    Returns
    -------
    (OrdinalDerivatives, scores)
        ``scores`` is the ``(n, p + K - 1)`` matrix of unweighted per-row
        score vectors in the sorted row order, or None.
    """
    K, X, w, y = data.K, data.X, data.w, data.y
    p = X.shape[1]
    beta, theta = params[: -(K - 1)], params[-(K - 1) :]
    eta = X @ beta
    counts = np.diff(data.bounds)
    theta_ext = np.concatenate([[-np.inf], theta, [np.inf]])
    upper = np.repeat(theta_ext[1:], counts) - eta
    lower = np.repeat(theta_ext[:-1], counts) - eta
    cdf_u, pdf_u, dpdf_u = link.cdf_pdf_dpdf(upper)
    cdf_l, pdf_l, dpdf_l = link.cdf_pdf_dpdf(lower)
    prob = cdf_u - cdf_l
    if not np.all(prob > 0):
        nan = np.full(p + K - 1, np.nan)
        return OrdinalDerivatives(-np.inf, nan, np.full((p + K - 1,) * 2, np.nan)), None
    a = pdf_u / prob
    b = pdf_l / prob
    h_uu = dpdf_u / prob - a * a
    h_ll = -dpdf_l / prob - b * b
    h_ul = a * b
    loglik = float(w @ np.log(prob))

    n_thr = K - 1
    grad = np.empty(p + n_thr)
    grad[:p] = -(X.T @ (w * (a - b)))
    wa = np.bincount(y, weights=w * a, minlength=K)
    wb = np.bincount(y, weights=w * b, minlength=K)
    grad[p:] = wa[:n_thr] - wb[1:]

    hess = np.empty((p + n_thr, p + n_thr))
    d2eta = w * (h_uu + 2.0 * h_ul + h_ll)
    hess[:p, :p] = X.T @ (X * d2eta[:, None])
    v_upper = w * (h_uu + h_ul)  # d/d theta_y of d/d eta (times -1)
    v_lower = w * (h_ul + h_ll)  # d/d theta_{y-1} of d/d eta (times -1)
    for k in range(n_thr):
        rows_k, rows_next = data.category(k), data.category(k + 1)
        cross = X[rows_k].T @ v_upper[rows_k] + X[rows_next].T @ v_lower[rows_next]
        hess[:p, p + k] = hess[p + k, :p] = -cross
    s_uu = np.bincount(y, weights=w * h_uu, minlength=K)
    s_ll = np.bincount(y, weights=w * h_ll, minlength=K)
    s_ul = np.bincount(y, weights=w * h_ul, minlength=K)
    hess[p:, p:] = np.diag(s_uu[:n_thr] + s_ll[1:])
    idx = np.arange(n_thr - 1)
    hess[p + idx, p + idx + 1] = hess[p + idx + 1, p + idx] = s_ul[1:n_thr]

    row_scores = None
    if scores:
        row_scores = np.zeros((len(y), p + n_thr))
        row_scores[:, :p] = -X * (a - b)[:, None]
        for k in range(n_thr):
            row_scores[data.category(k), p + k] += a[data.category(k)]
            row_scores[data.category(k + 1), p + k] -= b[data.category(k + 1)]
    return OrdinalDerivatives(loglik, grad, hess), row_scores


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

    def objective(z: np.ndarray) -> tuple[float, np.ndarray, np.ndarray]:
        alpha = z[p:]
        params = np.concatenate([z[:p], thresholds_from_internal(alpha)])
        d, _ = ordinal_derivatives(data, params, link)
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
    params = np.concatenate([outcome.x[:p], thresholds_from_internal(outcome.x[p:])])
    final, _ = ordinal_derivatives(data, params, link)
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


@dataclass(frozen=True, eq=False, init=False)
class OrdinalModel(BaseModel):
    """Cumulative link model ``P(Y <= k) = F(theta_k - x'beta)`` (R ``polr``/``clm`` convention).

    Parameters
    ----------
    formula
        ``"outcome ~ predictors"`` (formulaic); any intercept is absorbed by the thresholds.
    data
        DataFrame or CaseTable (its ``signals()``).
    link
        ``"logit"`` (proportional odds), ``"probit"`` or ``"cloglog"``.
    weights
        Frequency weights: a column name or an array (R's ``weights``).
    levels
        Outcome order low to high; needed unless the outcome is an ordered
        Categorical or numeric.

    Examples
    --------
    >>> model = OrdinalModel("outcome ~ net_sentiment", frame)  # doctest: +SKIP
    >>> model.fit().params                                       # doctest: +SKIP
    """

    family: ClassVar[str] = "ordinal"
    link: str

    def __init__(
        self,
        formula: str,
        data: Any,
        link: str = "logit",
        weights: Any = None,
        levels: Sequence[Any] | None = None,
    ) -> None:
        object.__setattr__(self, "link", get_link(link).name)
        self._build(formula, data, weights, levels)

    @property
    def thresholds(self) -> tuple[str, ...]:
        """Threshold names ``"lower|upper"`` as R prints them."""
        labels = self.labels
        return tuple(f"{lo}|{hi}" for lo, hi in itertools.pairwise(labels))

    @property
    def param_names(self) -> tuple[str, ...]:
        """Coefficient names then threshold names."""
        return (*self.coef_names, *self.thresholds)

    def describe(self) -> list[str]:
        """Header lines for summaries."""
        return [
            f"Ordinal regression (cumulative link, {self.link}): {self.formula}",
            f"P(Y <= k) = F(theta_k - x'beta); outcome order: {' < '.join(self.labels)}",
        ]

    def probabilities(self, params: np.ndarray, X: np.ndarray) -> np.ndarray:
        """``(n, K)`` category probabilities (see :func:`ordinal_probabilities`)."""
        return ordinal_probabilities(params, X, len(self.labels) - 1, self.link)

    def fit(
        self,
        cov: str = "nonrobust",
        groups: Any = None,
        method: str = "mle",
        cluster_type: str = "HC1",
        max_iter: int = 100,
    ) -> MLEResult:
        """Maximum-likelihood fit by Newton with analytic derivatives.

        Parameters
        ----------
        cov
            ``"nonrobust"``, ``"HC0"``, ``"HC1"`` or ``"cluster"`` (see
            :mod:`careerrep.models.covariance` for the exact conventions).
        groups
            Cluster column name or array (``cov="cluster"``).
        method
            Only ``"mle"``.
        cluster_type
            ``"HC1"`` or ``"HC0"`` small-sample factor for ``cov="cluster"``.
        max_iter
            Newton iteration limit.

        Returns
        -------
        MLEResult
            Coefficients then thresholds (cut-point scale).
        """
        self._refuse_random_intercepts()
        check_cov(cov)
        if method != "mle":
            raise ModelSpecError(f"OrdinalModel.fit supports method='mle' only, got {method!r}")
        link = get_link(self.link)
        design = self.design
        data = SortedOrdinalData(design.X, design.y, design.weights, len(self.labels))
        clusters = self._cluster_codes(groups)[data.order] if cov == "cluster" else None
        outcome = fit_ordinal(data, link, max_iter=max_iter)
        _, _, observed = _pieces(data, outcome.x, link)
        separated = fit_looks_separated(outcome.converged, observed) and warn_if_separated(
            check_ordinal_separation(design.X, design.y, design.weights, len(self.labels)),
            self.coef_names,
        )
        if not separated:  # the separation warning already says why it cannot converge
            warn_if_not_converged(outcome, f"ordinal ({link.name}) fit")
        scores = None
        if cov != "nonrobust":
            _, scores = ordinal_derivatives(data, outcome.x, link, scores=True)
        return self._result(outcome, scores, data.w, cov, clusters, cluster_type, separated)
