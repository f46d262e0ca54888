"""Covariance matrices of ML estimates: model-based, HC0/HC1 and cluster-robust.

All take the Hessian ``H`` of the (frequency-)weighted log-likelihood at the
estimate and, for the robust kinds, the matrix of *unweighted* per-row score
vectors ``s_i`` with the row weights ``w_i``. Conventions (``k`` = number of
parameters including thresholds, ``n = sum(w)``, ``G`` = number of clusters)::

    nonrobust   (-H)^{-1}
    HC0         B M B,  B = (-H)^{-1},  M = sum_i w_i s_i s_i'
    HC1         HC0 * n / (n - k)
    cluster     B M_G B * G/(G-1) * (n-1)/(n-k),  M_G = sum_g u_g u_g',  u_g = sum_{i in g} w_i s_i
    (cluster with cluster_type="HC0": only the G/(G-1) factor)

With unit weights these are exactly R ``sandwich``'s ``sandwich()`` /
``vcovHC(type="HC0"|"HC1")`` and ``vcovCL(cluster=, type="HC0"|"HC1")`` with
its defaults (``cadjust=TRUE``, ``fix=FALSE``). With frequency weights a row
of weight ``w`` counts as ``w`` identical cases (``M`` uses ``w_i``, not
``w_i^2`` as sandwich does for ``glm`` prior weights), so fitting duplicated
rows and fitting doubled weights give the same robust covariance.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import numpy as np
from scipy import linalg

from careerrep.errors import CollinearityWarning, FitError, ModelSpecError

COV_TYPES = ("nonrobust", "HC0", "HC1", "cluster")


def model_based(hessian: np.ndarray, allow_singular: bool = False) -> np.ndarray:
    """Inverse observed information ``(-H)^{-1}``.

    Parameters
    ----------
    hessian
        Hessian of the log-likelihood at the estimate.
    allow_singular
        Under detected separation the information is singular because some
        estimates are infinite; then return infinite variances (NaN
        covariances) instead of raising, so the result says "unbounded".

    Raises
    ------
    FitError
        If ``-H`` is singular and ``allow_singular`` is False.
    """
    neg_h = -np.asarray(hessian)
    try:
        # Near-singular information (e.g. under separation) is reported by the
        # separation/convergence warnings with their numbers; scipy's generic
        # LinAlgWarning would only repeat it without them.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", linalg.LinAlgWarning)
            cov = linalg.inv(neg_h, check_finite=True)
    except (linalg.LinAlgError, ValueError) as exc:
        if allow_singular:
            cov = np.full(neg_h.shape, np.nan)
            np.fill_diagonal(cov, np.inf)
            return cov
        raise FitError(f"the information matrix is singular or not finite: {exc}") from exc
    return 0.5 * (cov + cov.T)


def robust(
    hessian: np.ndarray,
    scores: np.ndarray,
    weights: np.ndarray,
    cov_type: str,
    clusters: np.ndarray | None = None,
    cluster_type: str = "HC1",
    allow_singular: bool = False,
) -> np.ndarray:
    """Sandwich covariance of kind ``cov_type`` (``"HC0"``, ``"HC1"`` or ``"cluster"``).

    Parameters
    ----------
    hessian
        ``(k, k)`` Hessian of the weighted log-likelihood.
    scores
        ``(n, k)`` unweighted per-row scores.
    weights
        ``(n,)`` frequency weights.
    cov_type
        ``"HC0"``, ``"HC1"`` or ``"cluster"``.
    clusters
        ``(n,)`` integer cluster codes (``cluster`` only).
    cluster_type
        ``"HC1"`` (default; R ``vcovCL(type="HC1")``, Stata's) or ``"HC0"``.
    allow_singular
        See :func:`model_based`.

    Returns
    -------
    numpy.ndarray
        ``(k, k)`` covariance matrix.
    """
    bread = model_based(hessian, allow_singular)
    n = float(weights.sum())
    k = hessian.shape[0]
    if (cov_type == "HC1" or (cov_type == "cluster" and cluster_type == "HC1")) and n <= k:
        raise ModelSpecError(
            f"cov={cov_type!r} with the HC1 factor n / (n - k) needs more cases than parameters; "
            f"got n = {n:g} cases for k = {k} parameters: use cov='HC0' or more cases"
        )
    if cov_type in ("HC0", "HC1"):
        meat = scores.T @ (scores * weights[:, None])
        factor = n / (n - k) if cov_type == "HC1" else 1.0
    elif cov_type == "cluster":
        if clusters is None:
            raise ModelSpecError('cov="cluster" needs groups= (a column name or one code per row)')
        if cluster_type not in ("HC0", "HC1"):
            raise ModelSpecError(f"cluster_type must be 'HC0' or 'HC1', got {cluster_type!r}")
        n_clusters = int(clusters.max()) + 1
        if n_clusters < 2:
            raise ModelSpecError("cluster-robust covariance needs at least two clusters")
        weighted = scores * weights[:, None]
        summed = np.column_stack(
            [np.bincount(clusters, weights=weighted[:, j], minlength=n_clusters) for j in range(k)]
        )
        meat = summed.T @ summed
        factor = n_clusters / (n_clusters - 1)
        if cluster_type == "HC1":
            factor *= (n - 1) / (n - k)
    else:
        raise ModelSpecError(f"cov must be one of {COV_TYPES}, got {cov_type!r}")
    # A singular information matrix (separation) leaves inf/NaN in the bread; the fit has
    # already warned about it, so the NaN standard errors need no second, vaguer warning.
    with np.errstate(invalid="ignore", over="ignore"):
        cov = factor * bread @ meat @ bread
    return 0.5 * (cov + cov.T)


#: Condition number of the information matrix scaled to unit diagonal above which
#: the estimates are reported as unstable: the scaled matrix of two predictors with
#: correlation r has condition (1 + r) / (1 - r), so 1e7 is |r| > 1 - 2e-7.
COLLINEARITY_CONDITION = 1e7


def warn_if_near_collinear(hessian: np.ndarray, names: Sequence[str], slopes: Sequence[int]) -> None:
    """``CollinearityWarning`` with the numbers when the slopes' information is nearly singular.

    The check is on the slopes' information with the intercepts and
    thresholds profiled out (the Schur complement), scaled to unit diagonal:
    so it does not depend on the predictors' units or means (a shift of a
    column is absorbed by the intercept). The parameters named are those with
    a large share (|component| > 0.3) of the weakest direction.
    """
    info = -np.asarray(hessian, dtype=np.float64)
    s = np.asarray(list(slopes), dtype=np.int64)
    if s.size < 2 or not np.all(np.isfinite(info)):
        return
    o = np.setdiff1d(np.arange(info.shape[0]), s)
    block = info[np.ix_(s, s)]
    if o.size:
        try:
            block = block - info[np.ix_(s, o)] @ np.linalg.solve(info[np.ix_(o, o)], info[np.ix_(o, s)])
        except np.linalg.LinAlgError:
            return  # singular: the fit's own warnings (separation, convergence) apply
    diagonal = np.diag(block)
    if np.any(diagonal <= 0):
        return
    scale = 1.0 / np.sqrt(diagonal)
    values, vectors = np.linalg.eigh(block * np.outer(scale, scale))
    if values[0] <= 0:
        return
    condition = float(values[-1] / values[0])
    if condition > COLLINEARITY_CONDITION:
        weak = [names[s[j]] for j in np.flatnonzero(np.abs(vectors[:, 0]) > 0.3)]
        warnings.warn(
            f"near-collinear predictors: the information of the slopes (intercepts and thresholds "
            f"profiled out, scaled to unit diagonal) has condition number {condition:.3g} "
            f"(> {COLLINEARITY_CONDITION:g}); the estimates of {weak} are unstable (a nearly "
            f"exact linear combination of them is not identified by the data). Drop or combine them.",
            CollinearityWarning,
            stacklevel=3,
        )
