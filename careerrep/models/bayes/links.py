"""Category log-probabilities of the cumulative link model, in numpy and in PyTensor.

Convention (as ``MASS::polr``): ``P(Y <= k | x) = F(c_k - eta)``, with
``eta = x'beta`` and ``F`` the link's CDF. The probability of a middle category
is ``F(b) - F(a)`` with ``a = c_{k-1} - eta < b = c_k - eta``; subtracting two
CDF values loses every digit when both are near 1, so each link supplies a
stable ``log(F(b) - F(a))``:

* logit:   ``log F(b) + log(1 - F(a)) + log1mexp(a - b)`` (exact identity
  ``F(b) - F(a) = F(b) (1 - F(a)) (1 - exp(a - b))``);
* probit:  difference of log-CDFs in the lower tail, of log-survivals in the upper;
* cloglog: ``-exp(a) + log1mexp(-(exp(b) - exp(a)))``.

The numpy functions serve predictions and pointwise log-likelihoods from draws;
the PyTensor ones build the sampled log-density. Both follow the same formulas.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from scipy import special

LINKS = ("logit", "probit", "cloglog")


# ----------------------------------------------------------------------------
# numpy
# ----------------------------------------------------------------------------


def _np_log1mexp(x: np.ndarray) -> np.ndarray:
    """log(1 - exp(x)) for x <= 0, accurate on both sides of log(1/2)."""
    x = np.minimum(x, 0.0)
    with np.errstate(divide="ignore"):
        return np.where(x < -0.6931471805599453, np.log1p(-np.exp(x)), np.log(-np.expm1(x)))


def np_log_cdf(z: np.ndarray, link: str) -> np.ndarray:
    """log F(z) for the link's CDF F."""
    if link == "logit":
        return special.log_expit(z)
    if link == "probit":
        return special.log_ndtr(z)
    return _np_log1mexp(-np.exp(z))


def np_log_sf(z: np.ndarray, link: str) -> np.ndarray:
    """log(1 - F(z))."""
    if link == "logit":
        return special.log_expit(-z)
    if link == "probit":
        return special.log_ndtr(-z)
    return -np.exp(z)


def np_log_interval(a: np.ndarray, b: np.ndarray, link: str) -> np.ndarray:
    """log(F(b) - F(a)) for a < b, stable in both tails."""
    if link == "logit":
        return special.log_expit(b) + special.log_expit(-a) + _np_log1mexp(a - b)
    if link == "probit":
        upper = (a + b) > 0
        hi = np.where(upper, special.log_ndtr(-a), special.log_ndtr(b))
        lo = np.where(upper, special.log_ndtr(-b), special.log_ndtr(a))
        return hi + _np_log1mexp(lo - hi)
    return -np.exp(a) + _np_log1mexp(np.exp(b) * np.expm1(a - b))


def np_category_logp(cuts: np.ndarray, eta: np.ndarray, link: str) -> np.ndarray:
    """Log-probabilities of every category.

    Parameters
    ----------
    cuts
        (..., K-1) increasing cut points.
    eta
        (..., n) linear predictors; leading dimensions broadcast with ``cuts``.
    link
        "logit", "probit" or "cloglog".

    Returns
    -------
    np.ndarray
        (..., n, K) log-probabilities; each row's exponentials sum to 1.
    """
    z = cuts[..., None, :] - eta[..., :, None]  # (..., n, K-1)
    first = np_log_cdf(z[..., :1], link)
    last = np_log_sf(z[..., -1:], link)
    middle = np_log_interval(z[..., :-1], z[..., 1:], link)
    return np.concatenate([first, middle, last], axis=-1)


def np_quantile(u: np.ndarray, link: str) -> np.ndarray:
    """The link's quantile function F^{-1}(u) for u in (0, 1)."""
    if link == "logit":
        return special.logit(u)
    if link == "probit":
        return special.ndtri(u)
    return np.log(-np.log1p(-u))


# ----------------------------------------------------------------------------
# PyTensor
# ----------------------------------------------------------------------------


def pt_link_functions(link: str) -> tuple[Callable[..., Any], Callable[..., Any], Callable[..., Any]]:
    """(log_cdf, log_sf, log_interval) as PyTensor functions for ``link``."""
    import pytensor.tensor as pt
    from pymc.distributions.dist_math import normal_lcdf

    if link == "logit":

        def log_cdf(z: Any) -> Any:
            return -pt.softplus(-z)

        def log_sf(z: Any) -> Any:
            return -pt.softplus(z)

        def log_interval(a: Any, b: Any) -> Any:
            return -pt.softplus(-b) - pt.softplus(a) + pt.log1mexp(a - b)

    elif link == "probit":

        def log_cdf(z: Any) -> Any:
            return normal_lcdf(0.0, 1.0, z)

        def log_sf(z: Any) -> Any:
            return normal_lcdf(0.0, 1.0, -z)

        def log_interval(a: Any, b: Any) -> Any:
            # Work in whichever tail the interval sits, so neither CDF rounds to 1.
            upper = pt.gt(a + b, 0)
            hi = pt.switch(upper, log_sf(a), log_cdf(b))
            lo = pt.switch(upper, log_sf(b), log_cdf(a))
            return hi + pt.log1mexp(lo - hi)

    else:

        def log_cdf(z: Any) -> Any:
            return pt.log1mexp(-pt.exp(z))

        def log_sf(z: Any) -> Any:
            return -pt.exp(z)

        def log_interval(a: Any, b: Any) -> Any:
            return -pt.exp(a) + pt.log1mexp(pt.exp(b) * pt.expm1(a - b))

    return log_cdf, log_sf, log_interval


def pt_quantile(u: Any, link: str) -> Any:
    """F^{-1}(u) in PyTensor, used to turn Dirichlet cumulative sums into cut points."""
    import pytensor.tensor as pt

    if link == "logit":
        return pt.log(u) - pt.log1p(-u)
    if link == "probit":
        return np.sqrt(2.0) * pt.erfinv(2.0 * u - 1.0)
    return pt.log(-pt.log1p(-u))


def pt_ordinal_loglik(eta: Any, cuts: Any, slices: list[slice], counts: np.ndarray, link: str) -> Any:
    """Summed, count-weighted log-likelihood of the cumulative link model.

    Rows must be sorted by outcome, ``slices[k]`` holding category k's rows:
    then every term uses basic slicing and a scalar cut point (C-implemented
    ops, no integer-array indexing, whose gradient is slow in PyTensor), the
    lowest and highest categories need one CDF each, and nothing of size
    n x K is ever formed.

    Parameters
    ----------
    eta
        (n,) PyTensor linear predictor, rows sorted by outcome.
    cuts
        (K-1,) PyTensor cut points on the same (centred) scale as ``eta``.
    slices
        K slices of the rows of each category.
    counts
        (n,) frequency weights (numpy constant).
    link
        Link name.
    """
    import pytensor.tensor as pt

    log_cdf, log_sf, log_interval = pt_link_functions(link)
    top = len(slices) - 1
    total: Any = pt.constant(0.0)
    for k, rows in enumerate(slices):
        if rows.stop <= rows.start:
            continue
        eta_k, w_k = eta[rows], counts[rows]
        if k == 0:
            terms = log_cdf(cuts[0] - eta_k)
        elif k == top:
            terms = log_sf(cuts[top - 1] - eta_k)
        else:
            terms = log_interval(cuts[k - 1] - eta_k, cuts[k] - eta_k)
        total = total + pt.sum(w_k * terms)
    return total
