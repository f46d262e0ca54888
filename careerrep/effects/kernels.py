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

The probabilities and slopes themselves belong to the model's family
(:meth:`~careerrep.models.family.Family.probabilities`,
:meth:`~careerrep.models.family.Family.slopes`, analytic in the linear
predictor), so the only finite difference an average marginal effect needs is
the one in the parameters for its standard error. This module only averages
them over cases, in memory-bounded chunks of draws.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from careerrep.models.family import Family

# Upper bound on draws x rows x categories held in memory at once (~32 MB of float64).
_CHUNK_ELEMENTS = 4_000_000


def _draw_chunks(n_draws: int, n_rows: int, n_categories: int) -> Iterator[slice]:
    size = max(1, _CHUNK_ELEMENTS // max(1, n_rows * n_categories))
    for start in range(0, n_draws, size):
        yield slice(start, min(n_draws, start + size))


def probabilities(family: Family, params: np.ndarray, X: np.ndarray) -> np.ndarray:
    """``(S, n, K)`` outcome probabilities for ``S`` parameter vectors (the family's core)."""
    return family.probabilities(np.atleast_2d(np.asarray(params, dtype=np.float64)), X)


def slopes(family: Family, params: np.ndarray, X: np.ndarray, dX: np.ndarray) -> np.ndarray:
    """``(S, n, K)`` derivatives ``d P(Y = k | X + t dX) / dt`` at ``t = 0``.

    ``dX`` is the derivative of the predictor matrix with respect to the
    variable of interest (a column of ones for a variable entering linearly;
    ``1 / x`` for ``np.log(x)``; the partner column for an interaction).
    """
    return family.slopes(np.atleast_2d(np.asarray(params, dtype=np.float64)), X, dX)


def average_probabilities(
    family: Family, params: np.ndarray, X: np.ndarray, weights: np.ndarray
) -> np.ndarray:
    """``(S, K)`` weighted mean over rows of the outcome probabilities."""
    params = np.atleast_2d(np.asarray(params, dtype=np.float64))
    w = np.asarray(weights, dtype=np.float64) / np.sum(weights)
    out = np.empty((params.shape[0], family.n_categories))
    for rows in _draw_chunks(params.shape[0], X.shape[0], family.n_categories):
        out[rows] = np.einsum("snk,n->sk", probabilities(family, params[rows], X), w)
    return out


def average_slopes(
    family: Family, params: np.ndarray, X: np.ndarray, dX: np.ndarray, weights: np.ndarray
) -> np.ndarray:
    """``(S, K)`` weighted mean over rows of the outcome-probability slopes along ``dX``."""
    params = np.atleast_2d(np.asarray(params, dtype=np.float64))
    w = np.asarray(weights, dtype=np.float64) / np.sum(weights)
    out = np.empty((params.shape[0], family.n_categories))
    for rows in _draw_chunks(params.shape[0], X.shape[0], family.n_categories):
        out[rows] = np.einsum("snk,n->sk", slopes(family, params[rows], X, dX), w)
    return out
