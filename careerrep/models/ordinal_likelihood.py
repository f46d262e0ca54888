"""The cumulative link log-likelihood: probabilities, and analytic gradient and Hessian.

Model, with the sign convention of R's ``MASS::polr`` and ``ordinal::clm``::

    P(Y <= k | x) = F(theta_k - x'beta),   k = 1..K-1,   theta_1 < ... < theta_{K-1}

For speed the rows are sorted by outcome once (:class:`SortedOrdinalData`), so
every per-category sum is a sum over a contiguous run and no ``n x K`` array is
built per iteration; the per-row work runs over cache-sized row blocks and
skips the link evaluations at the open ends (-inf/+inf) of the first and last
categories. The optimiser that uses these lives in :mod:`careerrep.models.ordinal`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from careerrep.errors import ModelSpecError
from careerrep.models.links import Link, get_link


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


# Rows per block in the per-row loops below. Temporaries of this size stay in
# the CPU cache, which makes the elementwise work about twice as fast as on
# whole 1e6-row arrays, while the Python cost per block stays negligible.
_BLOCK_ROWS = 32_768


@dataclass(frozen=True)
class _RowBlock:
    """A block of consecutive sorted rows and where its categories start.

    Rows are sorted by category, so inside the block the rows with a finite
    upper cut point (category < K - 1) are the first ``n_upper`` and those
    with a finite lower cut point (category > 0) start at ``lower_start``.
    ``categories`` are the categories present and ``starts`` their first rows
    (block-relative), as ``np.add.reduceat`` wants them.
    """

    rows: slice
    n_upper: int
    lower_start: int
    categories: np.ndarray
    starts: np.ndarray


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
        if len(y) and (y.min() < 0 or y.max() >= n_categories):
            raise ModelSpecError(f"outcome codes must lie in 0..{n_categories - 1}; got {y.min()}..{y.max()}")
        # Rows of category 0, then 1, ...: the order a stable argsort gives, ~5x faster.
        self.order = np.concatenate([np.flatnonzero(y == k) for k in range(n_categories)])
        # Column-major: each predictor is contiguous, so the products on row
        # blocks (X_b @ beta, X_b.T @ v) stream memory about 3x faster.
        self.X = np.asfortranarray(np.take(X, self.order, axis=0))
        self.y = y[self.order]
        self.w = weights[self.order]
        self.K = n_categories
        counts = np.bincount(self.y, minlength=n_categories)
        self.bounds = np.concatenate([[0], np.cumsum(counts)])
        self.blocks = [self._block(i) for i in range(0, len(self.y), _BLOCK_ROWS)]

    def category(self, k: int) -> slice:
        """Rows of category ``k`` (0-based) in the sorted arrays."""
        return slice(int(self.bounds[k]), int(self.bounds[k + 1]))

    def _block(self, start: int) -> _RowBlock:
        stop = min(start + _BLOCK_ROWS, len(self.y))
        y = self.y[start:stop]
        categories, starts = np.unique(y, return_index=True)
        return _RowBlock(
            rows=slice(start, stop),
            n_upper=int(np.searchsorted(y, self.K - 1)),
            lower_start=int(np.searchsorted(y, 0, side="right")),
            categories=categories,
            starts=starts,
        )


class _RowTerms(NamedTuple):
    """Per-row pieces of ``log p = log(F(u) - F(l))`` for one block of rows.

    ``a = f(u)/p`` and ``b = f(l)/p`` (first derivatives in ``u`` and ``-l``),
    ``h_uu``, ``h_ll``, ``h_ul`` (second derivatives; see
    :func:`ordinal_derivatives`). On the open side of the first (``l = -inf``)
    and last (``u = +inf``) category ``F``, ``f`` and ``f'`` are the constants
    0 or 1, 0 and 0: the link is not evaluated there (a quarter to a half of
    all evaluations) and the terms of that side are exactly 0.
    """

    prob: np.ndarray
    stacked: np.ndarray  # rows a, b, h_uu, h_ll, h_ul


def _block_probability(
    eta: np.ndarray, y: np.ndarray, block: _RowBlock, theta: np.ndarray, link: Link
) -> tuple[np.ndarray, tuple[np.ndarray, ...], tuple[np.ndarray, ...]]:
    """Observed-category probabilities of a block, and ``F, f, f'`` on each finite side.

    ``upper = theta_y - eta`` for the first ``n_upper`` rows and ``lower =
    theta_{y-1} - eta`` from ``lower_start`` on; ``F(+inf) = 1`` and
    ``F(-inf) = 0`` fill in the rest.
    """
    up, lo = slice(0, block.n_upper), slice(block.lower_start, None)
    upper_side = link.cdf_pdf_dpdf(theta[y[up]] - eta[up])
    lower_side = link.cdf_pdf_dpdf(theta[y[lo] - 1] - eta[lo])
    prob = np.empty(len(eta))
    prob[up] = upper_side[0]
    prob[block.n_upper :] = 1.0
    prob[lo] -= lower_side[0]
    return prob, upper_side, lower_side


def _row_terms(eta: np.ndarray, y: np.ndarray, block: _RowBlock, theta: np.ndarray, link: Link) -> _RowTerms:
    prob, (_, pdf_u, dpdf_u), (_, pdf_l, dpdf_l) = _block_probability(eta, y, block, theta, link)
    up, lo = slice(0, block.n_upper), slice(block.lower_start, None)
    # One (5, rows) array, so that the per-category sums take one call.
    stacked = np.zeros((5, len(eta)))
    a, b, h_uu, h_ll, h_ul = stacked
    a[up] = pdf_u / prob[up]
    b[lo] = pdf_l / prob[lo]
    h_uu[up] = dpdf_u / prob[up] - a[up] * a[up]
    h_ll[lo] = -dpdf_l / prob[lo] - b[lo] * b[lo]
    np.multiply(a, b, out=h_ul)
    return _RowTerms(prob, stacked)


def observed_probabilities(data: SortedOrdinalData, params: np.ndarray, link: Link) -> np.ndarray:
    """Probability of each row's observed category at ``params``, in the sorted row order."""
    theta = params[-(data.K - 1) :]
    eta = data.X @ params[: -(data.K - 1)]
    prob = np.empty(len(eta))
    for block in data.blocks:
        rows = block.rows
        prob[rows] = _block_probability(eta[rows], data.y[rows], block, theta, link)[0]
    return prob


def ordinal_loglik(data: SortedOrdinalData, params: np.ndarray, link: Link) -> float:
    """Weighted log-likelihood at ``params`` (coefficients then cut points)."""
    prob = observed_probabilities(data, params, link)
    with np.errstate(divide="ignore", invalid="ignore"):
        return float(data.w @ np.log(prob)) if np.all(prob > 0) else -np.inf


class _Sums:
    """Running sums over row blocks that make up the gradient and the Hessian.

    ``per_category[k]`` holds the weighted sums of ``a, b, h_uu, h_ll, h_ul``
    over category ``k``; ``x_upper[k]`` and ``x_lower[k]`` the ``X``-weighted
    sums of ``w (h_uu + h_ul)`` and ``w (h_ul + h_ll)`` (``theta_k`` is the
    upper cut of category ``k`` and the lower cut of ``k + 1``). Over all rows:
    ``x_score = X' w (a - b)`` and ``xx = X' diag(w d2eta) X``.
    """

    def __init__(self, p: int, K: int):
        self.loglik = 0.0
        self.per_category = np.zeros((K, 5))
        self.x_upper, self.x_lower = np.zeros((K, p)), np.zeros((K, p))
        self.x_score = np.zeros(p)
        self.xx = np.zeros((p, p))

    def add(self, block: _RowBlock, X: np.ndarray, w: np.ndarray, t: _RowTerms) -> None:
        """Add one block of rows ``X, w`` with row terms ``t``."""
        self.loglik += float(w @ np.log(t.prob))
        weighted = t.stacked * w
        wa, wb, w_uu, w_ll, w_ul = weighted
        # Sorted rows: the sums per category are sums over consecutive runs,
        # taken along the contiguous rows of (quantity x row) arrays.
        self.per_category[block.categories] += np.add.reduceat(weighted, block.starts, axis=1).T
        v_upper = w_uu + w_ul  # d/d theta_y of d/d eta (times -1)
        v_lower = w_ul + w_ll  # d/d theta_{y-1} of d/d eta (times -1)
        Xt = X.T  # (p, rows), C-contiguous because X is column-major
        self.x_score += Xt @ (wa - wb)
        self.xx += (Xt * (v_upper + v_lower)) @ X
        self.x_upper[block.categories] += np.add.reduceat(Xt * v_upper, block.starts, axis=1).T
        self.x_lower[block.categories] += np.add.reduceat(Xt * v_lower, block.starts, axis=1).T

    def derivatives(self) -> OrdinalDerivatives:
        """Assemble the log-likelihood, gradient and Hessian in ``(beta, theta)`` order."""
        p, n_thr = self.x_score.size, self.per_category.shape[0] - 1
        sum_a, sum_b, s_uu, s_ll, s_ul = self.per_category.T
        grad = np.empty(p + n_thr)
        grad[:p] = -self.x_score
        grad[p:] = sum_a[:n_thr] - sum_b[1:]
        hess = np.empty((p + n_thr, p + n_thr))
        hess[:p, :p] = self.xx
        cross = (self.x_upper[:n_thr] + self.x_lower[1:]).T
        hess[:p, p:] = -cross
        hess[p:, :p] = -cross.T
        hess[p:, p:] = np.diag(s_uu[:n_thr] + s_ll[1:])
        idx = np.arange(n_thr - 1)
        hess[p + idx, p + idx + 1] = hess[p + idx + 1, p + idx] = s_ul[1:n_thr]
        return OrdinalDerivatives(self.loglik, grad, hess)


def ordinal_derivatives(
    data: SortedOrdinalData, params: np.ndarray, link: Link, *, scores: bool = False
) -> tuple[OrdinalDerivatives, np.ndarray | None]:
    """Log-likelihood, analytic gradient and Hessian; optionally per-row scores.

    With ``u = theta_y - eta`` and ``l = theta_{y-1} - eta``, ``log p = log(F(u) - F(l))``
    has ``d/du = f(u)/p = a``, ``d/dl = -f(l)/p = -b``, ``d2/du2 = f'(u)/p - a^2``,
    ``d2/dl2 = -f'(l)/p - b^2``, ``d2/dudl = a b``; ``eta`` enters both with sign -1.
    The rows are visited in cache-sized blocks.

    Returns
    -------
    (OrdinalDerivatives, scores)
        ``scores`` is the ``(n, p + K - 1)`` matrix of unweighted per-row
        score vectors in the sorted row order, or None.
    """
    K, X, y, w = data.K, data.X, data.y, data.w
    p, n_thr = X.shape[1], K - 1
    beta, theta = params[:-n_thr], params[-n_thr:]
    eta = X @ beta
    sums = _Sums(p, K)
    row_scores = np.zeros((len(y), p + n_thr)) if scores else None
    for block in data.blocks:
        rows = block.rows
        terms = _row_terms(eta[rows], y[rows], block, theta, link)
        if not (terms.prob > 0).all():
            nan = np.full(p + n_thr, np.nan)
            return OrdinalDerivatives(-np.inf, nan, np.full((p + n_thr,) * 2, np.nan)), None
        sums.add(block, X[rows], w[rows], terms)
        if row_scores is not None:
            _fill_scores(row_scores[rows], X[rows], y[rows], block, terms)
    return sums.derivatives(), row_scores


def _fill_scores(out: np.ndarray, X: np.ndarray, y: np.ndarray, block: _RowBlock, t: _RowTerms) -> None:
    """Per-row scores ``d log p / d(beta, theta)`` of one block."""
    p = X.shape[1]
    a, b = t.stacked[0], t.stacked[1]
    out[:, :p] = -X * (a - b)[:, None]
    upper = np.arange(block.n_upper)
    out[upper, p + y[upper]] += a[upper]
    lower = np.arange(block.lower_start, len(y))
    out[lower, p + y[lower] - 1] -= b[lower]
