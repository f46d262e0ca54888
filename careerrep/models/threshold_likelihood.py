"""Likelihood engine shared by the ordinal families with one linear predictor per split.

Cumulative models with nominal and scale effects (:mod:`.cumulative_general`),
continuation- and stopping-ratio models (:mod:`.sequential`) and the
adjacent-category model (:mod:`.adjacent`) all have, for row ``i`` and split
``j = 1..K-1`` (between outcome ``j`` and ``j + 1``), a linear predictor

    eta_ij = s_i * (a_j' A_i + sign * x_i' b),     s_i = exp(-z_i' zeta)

``A_i = (1, n_i)`` holds a constant (its coefficient ``a_j0`` is the split's
threshold) and the nominal (category-specific) predictors; ``b`` are the
location coefficients shared by every split; ``zeta`` the log-scale
coefficients (cumulative family only; ``s = 1`` otherwise). ``sign`` is -1
for the cumulative family (R ``clm``: ``theta_j - x'beta``) and +1 for
VGAM's sequential and adjacent families (``eta_j = intercept_j + x'beta``).

A family supplies only what depends on how the ``eta_ij`` make probabilities:
per row, ``log p(y_i)`` and its first and second derivatives in ``eta_i.``
(:class:`RowDerivatives`). This module turns those into the log-likelihood,
its analytic gradient and Hessian in the parameters by the chain rule (the
scale makes ``eta`` non-linear in ``zeta``, which adds the ``g * d2 eta``
terms), the per-row scores for robust covariances, and starting values
(the Newton fit and the result are in :mod:`.split_fit`).

Parameter order (also the reported order): ``b`` (location), ``zeta``
(scale), then ``a`` term-major: the thresholds ``a_10..a_J0``, then for each
nominal column ``c`` the ``J`` values ``a_1c..a_Jc``, as R ``clm``'s
``alpha``.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import NamedTuple, Protocol

import numpy as np

from careerrep.models.links import Link


class RowDerivatives(NamedTuple):
    """Per-row ``log p(y_i)`` and its derivatives in the split predictors ``eta_i.``.

    ``logp`` is ``(n,)``; ``g[j, i] = d log p_i / d eta_ij`` is ``(J, n)`` and
    ``h[j, l, i] = d2 log p_i / d eta_ij d eta_il`` is ``(J, J, n)``: split-major,
    so each split's (or pair's) values over the rows are contiguous. Rows with
    ``p(y_i) <= 0`` have ``logp = -inf`` (outside the model).
    """

    logp: np.ndarray
    g: np.ndarray
    h: np.ndarray


class SplitFamily(Protocol):
    """What a family with one predictor per split provides to the engine.

    ``bandwidth`` (optional attribute): ``h_ijl = 0`` whenever ``|j - l| >
    bandwidth`` (cumulative 1, sequential 0); the engine skips those pairs.
    """

    name: str
    location_sign: float

    def row_derivatives(self, eta: np.ndarray, y: np.ndarray, link: Link) -> RowDerivatives:
        """``log p(y)`` and derivatives in ``eta`` (``(n, K-1)``) for outcome codes ``y``."""
        ...

    def probabilities(self, eta: np.ndarray, link: Link) -> np.ndarray:
        """``(n, K)`` outcome probabilities (cumulative: may hold negatives; callers check)."""
        ...

    def start_thresholds(self, shares: np.ndarray, link: Link) -> np.ndarray:
        """Thresholds that reproduce the marginal outcome shares with all other terms zero."""
        ...


@dataclass(frozen=True, eq=False)
class SplitData:
    """Model-ready arrays: location ``X``, threshold design ``A = [1, N]``, scale ``Z``.

    ``y`` are outcome codes ``0..K-1`` and ``w`` frequency weights.
    """

    X: np.ndarray
    A: np.ndarray
    Z: np.ndarray
    y: np.ndarray
    w: np.ndarray
    K: int

    @property
    def n_params(self) -> int:
        """Number of parameters ``p + r + q (K - 1)``."""
        return self.X.shape[1] + self.Z.shape[1] + self.A.shape[1] * (self.K - 1)

    @property
    def columns(self) -> np.ndarray:
        """``[X, A]'``, ``(p + q, n)``: the columns each split predictor is linear in (no
        scale), each one contiguous (thin matrix products on them are ~2x faster)."""
        return self.padded_columns[: self.X.shape[1] + self.A.shape[1]]

    @functools.cached_property
    def padded_columns(self) -> np.ndarray:
        """:attr:`columns` and zero rows up to a multiple of 4, C-contiguous.

        BLAS kernels work in blocks of 4 rows: a product of 8 columns with 13
        weighted rows costs less than one of 7 (33 vs 53 us per 4096 rows, OpenBLAS).
        """
        m = self.X.shape[1] + self.A.shape[1]
        padded = np.zeros((-(-m // 4) * 4, len(self.y)))
        padded[: self.X.shape[1]] = self.X.T
        padded[self.X.shape[1] : m] = self.A.T
        return padded

    @functools.cached_property
    def products(self) -> tuple[np.ndarray, np.ndarray]:
        """Row-wise products reused by every Hessian: ``A_c A_d`` (c <= d) and ``x_i A_ic``.

        ``(q(q+1)/2, n)`` and ``(q, n, p)``: with them each Hessian block over all
        split pairs is one matrix product instead of one per pair.
        """
        q = self.A.shape[1]
        upper = [(c, d) for c in range(q) for d in range(c, q)]
        aa = np.stack([self.A[:, c] * self.A[:, d] for c, d in upper])
        xa = np.stack([self.X * self.A[:, c : c + 1] for c in range(q)])
        return aa, xa


class Predictors(NamedTuple):
    """``eta`` (``(n, J)``), the scale factors ``s`` and the parameter blocks."""

    eta: np.ndarray
    s: np.ndarray
    b: np.ndarray
    zeta: np.ndarray
    a: np.ndarray  # (q, J)


def split_predictors(
    params: np.ndarray, X: np.ndarray, A: np.ndarray, Z: np.ndarray, K: int, sign: float
) -> Predictors:
    """``eta_ij = exp(-z_i'zeta) (A_i' a_j + sign x_i'b)`` for parameters in the engine order."""
    p, r, q, J = X.shape[1], Z.shape[1], A.shape[1], K - 1
    b, zeta = params[:p], params[p : p + r]
    a = params[p + r :].reshape(q, J)
    s = np.exp(-(Z @ zeta)) if r else np.ones(len(X))
    eta = (A @ a + sign * (X @ b)[:, None]) * s[:, None]
    return Predictors(eta, s, b, zeta, a)


@dataclass(frozen=True)
class SplitDerivatives:
    """Log-likelihood, gradient and Hessian in the engine's parameter order."""

    loglik: float
    gradient: np.ndarray
    hessian: np.ndarray


def split_derivatives(
    data: SplitData, params: np.ndarray, family: SplitFamily, link: Link, *, scores: bool = False
) -> tuple[SplitDerivatives, np.ndarray | None]:
    """Weighted log-likelihood with its analytic gradient and Hessian; optionally per-row scores.

    With ``L_ij = A_i'a_j + sign x_i'b`` and ``eta = s L``: ``d eta_j/d a_j = s A``,
    ``d eta_j/d b = sign s x``, ``d eta_j/d zeta = -eta_j z``, and the second
    derivatives of ``eta`` are ``eta_j z z'`` (zeta, zeta), ``-s z A'`` (zeta, a_j)
    and ``-sign s z x'`` (zeta, b). The Hessian is
    ``sum_i w_i [sum_jl h_ijl d eta_ij d eta_il' + sum_j g_ij d2 eta_ij]``.

    Returns
    -------
    (SplitDerivatives, scores)
        ``scores`` is the ``(n, k)`` matrix of unweighted per-row score vectors, or None.
        Outside the model (some ``p(y_i) <= 0``) the log-likelihood is ``-inf`` and
        the derivatives NaN.
    """
    X, A, Z, w, sign = data.X, data.A, data.Z, data.w, family.location_sign
    p, r, q, J = X.shape[1], Z.shape[1], A.shape[1], data.K - 1
    k = data.n_params
    # A family may have a faster exact route for its own structure (the cumulative
    # family's sorted outcome blocks); None means "not here", e.g. with scale terms.
    sorted_route = getattr(family, "sorted_derivatives", None)
    if sorted_route is not None and not scores:
        fast = sorted_route(data, params, link)
        if fast is not None:
            return fast, None
    pred = split_predictors(params, X, A, Z, data.K, sign)
    rows = family.row_derivatives(pred.eta, data.y, link)
    if not np.all(np.isfinite(rows.logp)):
        return SplitDerivatives(-np.inf, np.full(k, np.nan), np.full((k, k), np.nan)), None
    eta, s = pred.eta, pred.s
    eta_t = np.ascontiguousarray(eta.T)  # (J, n), split-major like g and h
    g, h = rows.g, rows.h
    band = getattr(family, "bandwidth", J)  # h_jl = 0 for |j - l| > band (cumulative: 1)
    wg = g * w  # (J, n)
    sum_g = wg.sum(axis=0)  # sum_j w g_j
    h_rows = np.stack([h[j, max(0, j - band) : j + band + 1].sum(axis=0) for j in range(J)]) * w
    b_sl, zeta_sl, a_sl = slice(0, p), slice(p, p + r), slice(p + r, k)
    grad = np.empty(k)
    grad[b_sl] = sign * (X.T @ (s * sum_g if r else sum_g))
    grad[zeta_sl] = -(Z.T @ (wg * eta_t).sum(axis=0)) if r else 0.0
    grad[a_sl] = (A.T @ (wg * s if r else wg).T).ravel()

    hess = np.zeros((k, k))  # pairs of splits beyond the bandwidth stay 0
    s2 = s * s if r else 1.0  # no scale terms: s = 1, skip the products
    hess[b_sl, b_sl] = (X.T * (s2 * h_rows.sum(axis=0))) @ X
    # The a block is (q, J) x (q, J) with term-major positions c * J + j. All pairs of
    # splits within the bandwidth at once: one product of their weights with A_c A_d.
    a0 = p + r
    pairs = [(j, m) for j in range(J) for m in range(j, min(j + band + 1, J))]
    aa, xa = data.products
    weights_jm = np.stack([h[j, m] for j, m in pairs]) * (w * s2)  # (P, n)
    sums = weights_jm @ aa.T  # (P, q(q+1)/2)
    upper = [(c, d) for c in range(q) for d in range(c, q)]
    for row, (j, m) in enumerate(pairs):
        for col, (c, d) in enumerate(upper):
            value = sums[row, col]
            for (c1, j1), (d1, m1) in (((c, j), (d, m)), ((d, j), (c, m))):
                hess[a0 + c1 * J + j1, a0 + d1 * J + m1] = value
                hess[a0 + d1 * J + m1, a0 + c1 * J + j1] = value
    # b against a_{c, j}: sum_i x_i A_ic h_rows_ij s2_i, for all j by one product per c.
    hs = (h_rows * s2).T  # (n, J)
    for c in range(q):
        ba = sign * (xa[c].T @ hs)  # (p, J)
        hess[b_sl, a0 + c * J : a0 + (c + 1) * J] = ba
        hess[a0 + c * J : a0 + (c + 1) * J, b_sl] = ba.T
    if r:
        h_eta = (h * eta_t[None, :, :]).sum(axis=1) * w  # (J, n): sum_l w h_jl eta_l
        zz_weight = (h_eta * eta_t).sum(axis=0) + (wg * eta_t).sum(axis=0)
        hess[zeta_sl, zeta_sl] = (Z.T * zz_weight) @ Z
        a_pos = np.arange(q) * J
        for j in range(J):
            az = (A.T * (-(h_eta[j] + wg[j]) * s)) @ Z  # (q, r)
            hess[a0 + a_pos + j, zeta_sl] = az
            hess[zeta_sl, a0 + a_pos + j] = az.T
        bz = sign * ((X.T * (-(h_eta.sum(axis=0) + sum_g) * s)) @ Z)
        hess[b_sl, zeta_sl] = bz
        hess[zeta_sl, b_sl] = bz.T
    result = SplitDerivatives(float(w @ rows.logp), grad, hess)
    if not scores:
        return result, None
    n = len(data.y)
    score = np.empty((n, k))
    score[:, b_sl] = X * (sign * s * g.sum(axis=0))[:, None]
    score[:, zeta_sl] = -Z * (g * eta_t).sum(axis=0)[:, None]
    score[:, a_sl] = (A[:, :, None] * (g * s).T[:, None, :]).reshape(n, q * J)
    return result, score


def starting_values(data: SplitData, family: SplitFamily, link: Link) -> np.ndarray:
    """Zero coefficients; thresholds at the marginal outcome shares (a point inside the model)."""
    totals = np.bincount(data.y, weights=data.w, minlength=data.K)
    shares = np.clip(totals / totals.sum(), 1e-6, None)
    start = np.zeros(data.n_params)
    p, r = data.X.shape[1], data.Z.shape[1]
    start[p + r : p + r + data.K - 1] = family.start_thresholds(shares / shares.sum(), link)
    return start


def crossing_rows(probabilities: np.ndarray) -> np.ndarray:
    """Positions of rows with a negative category probability (crossing nominal thresholds)."""
    return np.flatnonzero((probabilities < 0).any(axis=1))
