"""The cumulative family's log-likelihood by sorted outcome blocks (nominal terms, no scale terms).

The general engine (:func:`careerrep.models.threshold_likelihood.split_derivatives`)
builds ``(J, n)`` first and ``(J, J, n)`` second derivatives and then one
weighted product per pair of splits and pair of columns. For a cumulative
model most of that is zero: a row in category ``k`` depends on two split
predictors only, ``u = eta_k`` (its upper threshold) and ``l = eta_{k-1}`` (its
lower one). With the rows sorted by outcome (the fit sorts them once), each
category is a contiguous block, and per block

* the two predictors are one product ``M_k [c_u, c_l]`` with the stacked
  columns ``M = [X, A]`` (location, then constant and nominal columns);
* the gradient is ``M_k' [w g_u, w g_l]``;
* the Hessian is three ``M_k' diag(w h) M_k`` products (``uu``, ``ll``,
  ``ul``; one for the outer categories), ``(p + q)``-square each, placed at
  the parameter positions of splits ``k`` and ``k - 1``.

That is ``O(n (p + q)^2)`` work in BLAS, without ``n x J x J`` temporaries.
Without nominal terms it is the proportional-odds likelihood; with scale
terms the predictors are not linear in the parameters and the general engine
is used (:meth:`CumulativeFamily.sorted_derivatives` returns None).
"""

from __future__ import annotations

import numpy as np
from scipy import special

from careerrep.models.link_tails import log_terms
from careerrep.models.links import Link
from careerrep.models.threshold_likelihood import SplitData, SplitDerivatives


def cumulative_block_derivatives(
    data: SplitData, params: np.ndarray, link: Link, sign: float
) -> SplitDerivatives | None:
    """Weighted log-likelihood, gradient and Hessian of the cumulative model, block by block.

    Returns None when this path does not apply: scale terms, or
    rows not sorted by outcome. Outside the model (some observed category with
    probability ``<= 0``: crossing nominal thresholds) the log-likelihood is
    ``-inf`` and the derivatives NaN, as in the general engine.
    """
    y, w = data.y, data.w
    if data.Z.shape[1] or (len(y) and np.any(y[1:] < y[:-1])):
        return None
    p, q, J = data.X.shape[1], data.A.shape[1], data.K - 1
    M, k = data.stacked, data.n_params
    b, a = params[:p], params[p:].reshape(q, J)
    # Coefficients of M for split j: sign * b, then a_{., j}; parameter positions of the same.
    coef = np.vstack([np.repeat(sign * b[:, None], J, axis=1), a])  # (m, J)
    positions = [np.r_[np.arange(p), p + np.arange(q) * J + j] for j in range(J)]
    signs = np.r_[np.full(p, sign), np.ones(q)]
    bounds = np.searchsorted(y, np.arange(J + 2))
    loglik = 0.0
    grad = np.zeros(k)
    hess = np.zeros((k, k))

    def add(j: int, other: int, block: np.ndarray) -> None:
        signed = block * np.outer(signs, signs)
        hess[np.ix_(positions[j], positions[other])] += signed
        if j != other:
            hess[np.ix_(positions[other], positions[j])] += signed.T

    for cat in range(J + 1):
        upper, lower = (cat if cat < J else None), (cat - 1 if cat > 0 else None)
        splits = [j for j in (upper, lower) if j is not None]
        total = _BlockSums(len(splits), M.shape[1])
        # Rows in cache-sized chunks: the elementwise work and the three products of a
        # chunk reuse the same rows of M while they are in the CPU cache (~3x faster
        # than whole-category arrays at n = 1e5).
        for start in range(int(bounds[cat]), int(bounds[cat + 1]), _CHUNK_ROWS):
            rows = slice(start, min(start + _CHUNK_ROWS, int(bounds[cat + 1])))
            if not _add_chunk(total, M[rows], w[rows], coef[:, splits], upper, lower, link):
                return _outside(k)
        loglik += total.loglik
        for position, split in enumerate(splits):
            grad[positions[split]] += signs * total.gradient[:, position]
        if upper is not None:
            add(upper, upper, total.uu)
        if lower is not None:
            add(lower, lower, total.ll)
        if upper is not None and lower is not None:
            add(upper, lower, total.ul)
    return SplitDerivatives(loglik, grad, hess)


# Rows per chunk: a (chunk, p + q) slice of M stays in the L2 cache.
_CHUNK_ROWS = 4096


class _BlockSums:
    """Running sums over one category's rows: log-likelihood, ``M' w g`` and the ``M' w h M`` blocks."""

    def __init__(self, n_splits: int, m: int) -> None:
        self.loglik = 0.0
        self.gradient = np.zeros((m, n_splits))
        self.uu = np.zeros((m, m))
        self.ll = np.zeros((m, m))
        self.ul = np.zeros((m, m))


def _add_chunk(
    total: _BlockSums,
    Mk: np.ndarray,
    wk: np.ndarray,
    coef: np.ndarray,
    upper: int | None,
    lower: int | None,
    link: Link,
) -> bool:
    """Add one chunk of one category's rows to ``total``; False if a probability is not positive.

    ``coef`` holds the columns of the chunk's splits (upper first); the outer
    categories have one split (a single ``log F`` or ``log(1 - F)`` term, exact in
    the far tail), the inner ones two.
    """
    if upper is None or lower is None:
        logp, g, h = one_tail(Mk @ coef[:, 0], link, upper=lower is not None)
        if not np.all(np.isfinite(logp)):
            return False
        total.loglik += float(wk @ logp)
        total.gradient[:, 0] += Mk.T @ (wk * g)
        block = (Mk.T * (wk * h)) @ Mk
        if lower is None:
            total.uu += block
        else:
            total.ll += block
        return True
    eta = Mk @ coef  # (rows, 2): upper u = eta_cat, lower l = eta_{cat-1}
    u, lo = eta[:, 0], eta[:, 1]
    cdf_u, pdf_u, dpdf_u = link.cdf_pdf_dpdf(u)
    cdf_l, pdf_l, dpdf_l = link.cdf_pdf_dpdf(lo)
    prob = interval_probability(lo, u, cdf_l, cdf_u, link)
    if not np.all(prob > 0):
        return False
    total.loglik += float(wk @ np.log(prob))
    inv = wk / prob
    a_u, b_l = pdf_u / prob, pdf_l / prob
    total.gradient += Mk.T @ np.column_stack([inv * pdf_u, -inv * pdf_l])
    total.uu += (Mk.T * (inv * dpdf_u - wk * a_u * a_u)) @ Mk
    total.ll += (Mk.T * (-inv * dpdf_l - wk * b_l * b_l)) @ Mk
    total.ul += (Mk.T * (wk * a_u * b_l)) @ Mk
    return True


def cumulative_block_log_probabilities(
    data: SplitData, params: np.ndarray, link: Link, sign: float
) -> np.ndarray | None:
    """``log P(Y = y_i)`` of every (sorted) row, block by block; None where the blocks do not apply."""
    y = data.y
    if data.Z.shape[1] or (len(y) and np.any(y[1:] < y[:-1])):
        return None
    p, q, J = data.X.shape[1], data.A.shape[1], data.K - 1
    b, a = params[:p], params[p:].reshape(q, J)
    coef = np.vstack([np.repeat(sign * b[:, None], J, axis=1), a])  # (p + q, J)
    bounds = np.searchsorted(y, np.arange(J + 2))
    out = np.empty(len(y))
    for cat in range(J + 1):
        rows = slice(int(bounds[cat]), int(bounds[cat + 1]))
        if cat == 0:
            out[rows] = one_tail(data.stacked[rows] @ coef[:, 0], link, upper=False)[0]
        elif cat == J:
            out[rows] = one_tail(data.stacked[rows] @ coef[:, J - 1], link, upper=True)[0]
        else:
            eta = data.stacked[rows] @ coef[:, [cat, cat - 1]]
            prob = interval_probability(eta[:, 1], eta[:, 0], link.cdf(eta[:, 1]), link.cdf(eta[:, 0]), link)
            with np.errstate(divide="ignore", invalid="ignore"):
                out[rows] = np.where(prob > 0, np.log(np.where(prob > 0, prob, 1.0)), -np.inf)
    return out


def _outside(k: int) -> SplitDerivatives:
    return SplitDerivatives(-np.inf, np.full(k, np.nan), np.full((k, k), np.nan))


def one_tail(x: np.ndarray, link: Link, upper: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``log F(x)`` and its two derivatives, or (``upper``) those of ``log(1 - F(x))``.

    The same closed forms as :func:`careerrep.models.link_tails.log_terms`, exact in the
    far tails, computed for one side only (half the transcendental functions). The
    logistic and normal distributions are symmetric: ``log(1 - F(x)) = log F(-x)``.
    """
    if link.name == "cloglog":
        if upper:  # log S = -e^x: all three are -e^x
            ex = -np.exp(np.minimum(x, 700.0))
            return ex, ex, ex
        terms = log_terms(x, link)
        return terms.log_f, terms.d_f, terms.d2_f
    z = -x if upper else x
    if link.name == "logit":
        # One exp and one log1p: e = exp(-|z|), F(z) = 1 / (1 + e) for z >= 0, e / (1 + e) below.
        e = np.exp(-np.abs(z))
        inv = 1.0 / (1.0 + e)
        positive = z >= 0
        q = np.where(positive, e * inv, inv)  # 1 - F(z) = d log F(z) / dz
        f = np.where(positive, inv, e * inv)  # F(z), not 1 - q: exact when F is tiny
        log_f = np.minimum(z, 0.0) - np.log1p(e)
        d_f, d2_f = q, -q * f
    else:  # probit: phi / Phi = sqrt(2/pi) / erfcx(-z / sqrt 2)
        r = _SQRT_2_OVER_PI / special.erfcx(-z * _INV_SQRT_2)
        log_f, d_f, d2_f = special.log_ndtr(z), r, -r * (z + r)
    return (log_f, -d_f, d2_f) if upper else (log_f, d_f, d2_f)


_SQRT_2_OVER_PI = float(np.sqrt(2.0 / np.pi))
_INV_SQRT_2 = float(1.0 / np.sqrt(2.0))


def interval_probability(
    lower: np.ndarray, upper: np.ndarray, cdf_l: np.ndarray, cdf_u: np.ndarray, link: Link
) -> np.ndarray:
    """``F(upper) - F(lower)``, as ``S(lower) - S(upper)`` in the upper tail (``lower > 0``).

    Above 0 both ``F`` are near 1 and their difference loses digits (cloglog at
    3 keeps only 8); the survival functions keep them all.
    """
    out = np.asarray(cdf_u - cdf_l, dtype=np.float64)
    tail = lower > 0
    if tail.any():
        out[tail] = survival(lower[tail], link) - survival(upper[tail], link)
    return out


def survival(x: np.ndarray, link: Link) -> np.ndarray:
    """``1 - F(x)`` without cancellation (``F(-x)`` for the symmetric links)."""
    if link.name in ("logit", "probit"):
        return np.asarray(link.cdf(-x))
    return np.exp(-np.exp(np.minimum(x, 700.0)))
