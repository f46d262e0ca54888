"""Outcome probabilities and their slopes for a batch of parameter vectors (pure numpy).

Every effect careerrep reports is a function of *averaged* outcome
probabilities: an average marginal effect is the case-weighted mean of the
slope of ``P(Y = k)`` along a predictor, a contrast is the difference of two
case-weighted mean probabilities. This module computes those averages for
``S`` parameter vectors at once (the rows of an ``(S, m)`` array), because
the same code then serves

* a posterior: the ``S`` rows are posterior draws, and
* a maximum-likelihood fit: ``S = 1`` for the estimate, or the ``4 m``
  perturbed vectors of the finite-difference stencil for the delta method.

Parameter layouts follow the MLE results (see :mod:`careerrep.models`):
ordinal ``(beta, thresholds)`` with no intercept column in ``X``; logit
``beta`` with the intercept column in ``X``; multinomial ``(K - 1)`` blocks of
``p`` coefficients, one per non-reference outcome, in label order.

Slopes are analytic in the linear predictor (the chain rule through the link),
so the only finite difference an average marginal effect needs is the one in
the parameters for its standard error.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
from scipy import special

from careerrep.models.links import get_link

# Upper bound on draws x rows x categories held in memory at once (~32 MB of float64).
_CHUNK_ELEMENTS = 4_000_000


@dataclass(frozen=True)
class FamilySpec:
    """What the kernels need to know about a model: its family and parameter layout.

    Attributes
    ----------
    family
        ``"ordinal"``, ``"logit"`` or ``"multinomial"``.
    n_categories
        Number of outcome categories ``K`` (2 for a logit).
    n_columns
        Number of columns ``p`` of the predictor matrix.
    link
        Ordinal link name (``"logit"``, ``"probit"``, ``"cloglog"``); logit otherwise.
    reference
        Multinomial reference category index (its linear predictor is 0).
    """

    family: str
    n_categories: int
    n_columns: int
    link: str = "logit"
    reference: int = 0


def _draw_chunks(n_draws: int, n_rows: int, n_categories: int) -> Iterator[slice]:
    size = max(1, _CHUNK_ELEMENTS // max(1, n_rows * n_categories))
    for start in range(0, n_draws, size):
        yield slice(start, min(n_draws, start + size))


def _linear_predictors(spec: FamilySpec, params: np.ndarray, X: np.ndarray) -> np.ndarray:
    """``(S, n)`` for ordinal/logit, ``(S, n, K)`` (reference column zero) for multinomial."""
    p = spec.n_columns
    if spec.family == "multinomial":
        blocks = params.reshape(len(params), spec.n_categories - 1, p)
        free = np.einsum("np,skp->snk", X, blocks)
        return np.insert(free, spec.reference, 0.0, axis=2)
    return params[:, :p] @ X.T


def probabilities(spec: FamilySpec, params: np.ndarray, X: np.ndarray) -> np.ndarray:
    """``(S, n, K)`` outcome probabilities for ``S`` parameter vectors.

    Parameters
    ----------
    spec
        Family and layout.
    params
        ``(S, m)`` parameter vectors in the MLE result's order.
    X
        ``(n, p)`` predictor matrix as the model builds it.
    """
    params = np.atleast_2d(np.asarray(params, dtype=np.float64))
    eta = _linear_predictors(spec, params, X)
    if spec.family == "multinomial":
        return special.softmax(eta, axis=2)
    if spec.family == "logit":
        event = special.expit(eta)
        return np.stack([1.0 - event, event], axis=2)
    link = get_link(spec.link)
    theta = params[:, spec.n_columns :]
    cum = link.cdf(theta[:, None, :] - eta[:, :, None])
    shape = (*eta.shape, 1)
    return np.diff(np.concatenate([np.zeros(shape), cum, np.ones(shape)], axis=2), axis=2)


def slopes(spec: FamilySpec, params: np.ndarray, X: np.ndarray, dX: np.ndarray) -> np.ndarray:
    """``(S, n, K)`` derivatives ``d P(Y = k | X + t dX) / dt`` at ``t = 0``.

    ``dX`` is the derivative of the predictor matrix with respect to the
    variable of interest (a column of ones for a variable entering linearly;
    ``1 / x`` for ``np.log(x)``; the partner column for an interaction).
    """
    params = np.atleast_2d(np.asarray(params, dtype=np.float64))
    eta = _linear_predictors(spec, params, X)
    d_eta = _linear_predictors(spec, params, dX)
    if spec.family == "multinomial":
        probs = special.softmax(eta, axis=2)
        mean_shift = np.sum(probs * d_eta, axis=2, keepdims=True)
        return probs * (d_eta - mean_shift)
    if spec.family == "logit":
        event = special.expit(eta)
        d_event = event * (1.0 - event) * d_eta
        return np.stack([-d_event, d_event], axis=2)
    link = get_link(spec.link)
    theta = params[:, spec.n_columns :]
    density = link.pdf(theta[:, None, :] - eta[:, :, None])
    shape = (*eta.shape, 1)
    # d/d eta of F(theta_k - eta) is -f(theta_k - eta); P(Y = k) differences the cumulative ones.
    d_cum = -density * d_eta[:, :, None]
    return np.diff(np.concatenate([np.zeros(shape), d_cum, np.zeros(shape)], axis=2), axis=2)


def average_probabilities(
    spec: FamilySpec, params: np.ndarray, X: np.ndarray, weights: np.ndarray
) -> np.ndarray:
    """``(S, K)`` weighted mean over rows of the outcome probabilities."""
    params = np.atleast_2d(np.asarray(params, dtype=np.float64))
    w = np.asarray(weights, dtype=np.float64) / np.sum(weights)
    out = np.empty((params.shape[0], spec.n_categories))
    for rows in _draw_chunks(params.shape[0], X.shape[0], spec.n_categories):
        out[rows] = np.einsum("snk,n->sk", probabilities(spec, params[rows], X), w)
    return out


def average_slopes(
    spec: FamilySpec, params: np.ndarray, X: np.ndarray, dX: np.ndarray, weights: np.ndarray
) -> np.ndarray:
    """``(S, K)`` weighted mean over rows of the outcome-probability slopes along ``dX``."""
    params = np.atleast_2d(np.asarray(params, dtype=np.float64))
    w = np.asarray(weights, dtype=np.float64) / np.sum(weights)
    out = np.empty((params.shape[0], spec.n_categories))
    for rows in _draw_chunks(params.shape[0], X.shape[0], spec.n_categories):
        out[rows] = np.einsum("snk,n->sk", slopes(spec, params[rows], X, dX), w)
    return out
