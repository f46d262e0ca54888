"""PyTensor log-likelihoods of the ordinal families beyond proportional odds (the PyMC terms).

The same formulas as the numpy cores (:mod:`.cumulative_general`,
:mod:`.sequential`, :mod:`.adjacent`), written for PyTensor so that NUTS
gets their gradients. Every function takes the split predictors ``eta``
(``(u, J)``, ``J = K - 1``, over collapsed rows *sorted by outcome*), one
slice of rows per category, and the rows' summed frequency weights, and
returns the weighted sum of ``log p(y_i)``: a scalar, so the model holds no
``n x K`` probability matrix per draw. The threshold maps turn the category
probabilities of a typical case (the induced Dirichlet prior) into that
case's split predictors, inverting each family's probability formula.

Conventions (careerrep = R ``clm``/``VGAM``; brms in the family modules):

* cumulative: ``P(Y <= j) = F(eta_j)``;
* cratio: ``P(Y > j | Y >= j) = F(eta_j)``; sratio: ``P(Y = j | Y >= j) = F(eta_j)``;
* acat: ``P(Y = j + 1) / (P(Y = j) + P(Y = j + 1)) = F(eta_j)``, so
  ``log(P(Y = j + 1) / P(Y = j)) = log F(eta_j) - log(1 - F(eta_j))``
  (``= eta_j`` for the logit link, VGAM ``acat``; brms ``acat`` for any link).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from careerrep.models.links import Link

#: Cumulative probabilities are clipped this far inside (0, 1) before a quantile
#: (a Dirichlet cumulative sum can round to exactly 0 or 1).
_EDGE = 1e-12


def pt_cumulative_loglik(eta: Any, slices: list[slice], counts: np.ndarray, link: Link) -> Any:
    """``sum_i w_i log(F(eta_{i,y}) - F(eta_{i,y-1}))``; ``-inf`` where nominal effects cross.

    Crossing split predictors (``eta_{y-1} >= eta_y``) leave an observed
    category no probability: the term is ``-inf`` (NUTS rejects the point, as
    Stan does brms's NaN). The interval is evaluated at a safe point there so
    that the gradient of the unused branch stays finite.
    """
    import pytensor.tensor as pt

    top = len(slices) - 1
    total: Any = pt.constant(0.0)
    for k, rows in enumerate(slices):
        if rows.stop <= rows.start:
            continue
        e, w = eta[rows], counts[rows]
        if k == 0:
            terms = link.pt_log_cdf(e[:, 0])
        elif k == top:
            terms = link.pt_log_sf(e[:, top - 1])
        else:
            low, high = e[:, k - 1], e[:, k]
            valid = high > low
            safe_high = pt.switch(valid, high, low + 1.0)
            terms = pt.switch(valid, link.pt_log_interval(low, safe_high), -np.inf)
        total = total + pt.sum(w * terms)
    return total


def pt_sequential_loglik(
    eta: Any, slices: list[slice], counts: np.ndarray, link: Link, continue_is_cdf: bool
) -> Any:
    """Sum over the splits a case passed (``j < y``) and the one where it stopped (``j = y``).

    ``continue_is_cdf``: ``F(eta_j)`` is the probability of moving beyond ``j``
    (cratio) or, when False, of stopping at ``j`` (sratio).
    """
    import pytensor.tensor as pt

    log_go, log_stop = (
        (link.pt_log_cdf, link.pt_log_sf) if continue_is_cdf else (link.pt_log_sf, link.pt_log_cdf)
    )
    top = len(slices) - 1
    total: Any = pt.constant(0.0)
    for k, rows in enumerate(slices):
        if rows.stop <= rows.start:
            continue
        e, w = eta[rows], counts[rows]
        terms: Any = pt.zeros_like(e[:, 0])
        if k > 0:
            terms = terms + pt.sum(log_go(e[:, :k]), axis=1)
        if k < top:
            terms = terms + log_stop(e[:, k])
        total = total + pt.sum(w * terms)
    return total


def pt_adjacent_loglik(eta: Any, slices: list[slice], counts: np.ndarray, link: Link) -> Any:
    """``sum_i w_i (s_{i,y} - logsumexp_k s_ik)`` with scores ``s_ik = sum_{j<k} log-odds_j``."""
    import pytensor.tensor as pt
    from pymc.math import logsumexp

    log_odds = link.pt_log_cdf(eta) - link.pt_log_sf(eta)  # log(P(Y = j + 1) / P(Y = j))
    scores = pt.concatenate([pt.zeros_like(log_odds[:, :1]), pt.cumsum(log_odds, axis=1)], axis=1)
    total: Any = -pt.sum(counts * logsumexp(scores, axis=1))
    for k, rows in enumerate(slices):
        if rows.stop > rows.start:
            total = total + pt.sum(counts[rows] * scores[rows, k])
    return total


def pt_cumulative_splits(probs: Any, link: Link) -> Any:
    """Split predictors ``F^{-1}(P(Y <= j))`` of a case with category probabilities ``probs``."""
    import pytensor.tensor as pt

    return link.pt_ppf(pt.clip(pt.cumsum(probs)[:-1], _EDGE, 1.0 - _EDGE))


def pt_sequential_splits(probs: Any, link: Link, continue_is_cdf: bool) -> Any:
    """``F^{-1}`` of ``P(Y > j | Y >= j)`` (cratio) or ``P(Y = j | Y >= j)`` (sratio)."""
    import pytensor.tensor as pt

    at_least = pt.cumsum(probs[::-1])[::-1]  # P(Y >= j), j = 0..K-1
    stop = pt.clip(probs[:-1] / at_least[:-1], _EDGE, 1.0 - _EDGE)
    return link.pt_ppf(1.0 - stop if continue_is_cdf else stop)


def pt_adjacent_splits(probs: Any, link: Link) -> Any:
    """``F^{-1}(P(Y = j + 1) / (P(Y = j) + P(Y = j + 1)))``."""
    import pytensor.tensor as pt

    upper = pt.clip(probs[1:] / (probs[:-1] + probs[1:]), _EDGE, 1.0 - _EDGE)
    return link.pt_ppf(upper)
