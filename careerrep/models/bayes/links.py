"""Category log-probabilities of the cumulative link model, in numpy and in PyTensor.

Convention (as ``MASS::polr``): ``P(Y <= k | x) = F(c_k - eta)``, with
``eta = x'beta`` and ``F`` the link's CDF. The stable per-link formulas live in
one place, :class:`careerrep.models.links.Link` (numpy and PyTensor forms side
by side); this module assembles them into whole-category log-probabilities
(numpy, for predictions from draws) and the sorted-rows PyTensor likelihood
(the sampler's fast path).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from careerrep.models.links import LINKS, Link, get_link


def np_log_cdf(z: np.ndarray, link: str | Link) -> np.ndarray:
    """log F(z) for the link's CDF F."""
    return get_link(link).log_cdf(z)


def np_log_sf(z: np.ndarray, link: str | Link) -> np.ndarray:
    """log(1 - F(z))."""
    return get_link(link).log_sf(z)


def np_log_interval(a: np.ndarray, b: np.ndarray, link: str | Link) -> np.ndarray:
    """log(F(b) - F(a)) for a < b, stable in both tails."""
    return get_link(link).log_interval(a, b)


def np_category_logp(cuts: np.ndarray, eta: np.ndarray, link: str | Link) -> np.ndarray:
    """Log-probabilities of every category.

    Parameters
    ----------
    cuts
        (..., K-1) increasing cut points.
    eta
        (..., n) linear predictors; leading dimensions broadcast with ``cuts``.
    link
        "logit", "probit" or "cloglog" (or a :class:`Link`).

    Returns
    -------
    np.ndarray
        (..., n, K) log-probabilities; each row's exponentials sum to 1.
    """
    lk = get_link(link)
    z = cuts[..., None, :] - eta[..., :, None]  # (..., n, K-1)
    first = lk.log_cdf(z[..., :1])
    last = lk.log_sf(z[..., -1:])
    middle = lk.log_interval(z[..., :-1], z[..., 1:])
    return np.concatenate([first, middle, last], axis=-1)


def np_quantile(u: np.ndarray, link: str | Link) -> np.ndarray:
    """The link's quantile function F^{-1}(u) for u in (0, 1)."""
    return get_link(link).ppf(u)


def pt_quantile(u: Any, link: str | Link) -> Any:
    """F^{-1}(u) in PyTensor, used to turn Dirichlet cumulative sums into cut points."""
    return get_link(link).pt_ppf(u)


def pt_ordinal_loglik(eta: Any, cuts: Any, slices: list[slice], counts: np.ndarray, link: str | Link) -> Any:
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
        Link name or :class:`Link`.
    """
    import pytensor.tensor as pt

    lk = get_link(link)
    top = len(slices) - 1
    total: Any = pt.constant(0.0)
    for k, rows in enumerate(slices):
        if rows.stop <= rows.start:
            continue
        eta_k, w_k = eta[rows], counts[rows]
        if k == 0:
            terms = lk.pt_log_cdf(cuts[0] - eta_k)
        elif k == top:
            terms = lk.pt_log_sf(cuts[top - 1] - eta_k)
        else:
            terms = lk.pt_log_interval(cuts[k - 1] - eta_k, cuts[k] - eta_k)
        total = total + pt.sum(w_k * terms)
    return total


__all__ = [
    "LINKS",
    "np_category_logp",
    "np_log_cdf",
    "np_log_interval",
    "np_log_sf",
    "np_quantile",
    "pt_ordinal_loglik",
    "pt_quantile",
]
