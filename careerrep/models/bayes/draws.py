"""Outcome probabilities from posterior draws (pure numpy).

:class:`DrawSet` holds the reported (raw predictor scale) parameters of every
draw, flattened over chains. :func:`category_logp` turns it and a predictor
matrix into per-draw log-probabilities of each outcome category. Callers that
predict for many rows go through :func:`row_chunks`, so memory stays bounded
by ``draws x chunk x K`` instead of ``draws x n x K``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

import numpy as np
from scipy import special

from careerrep.models.bayes.links import np_category_logp

# About 64 MB of float64 per chunk of (draws, rows, categories).
_CHUNK_ELEMENTS = 8_000_000


@dataclass(frozen=True)
class DrawSet:
    """Posterior draws of the reported parameters, S draws flattened over chains.

    ``beta`` is (S, p) — (S, p, K-1) for multinomial models; ``thresholds``
    (S, K-1) for ordinal models; ``intercept`` (S,) for logit and (S, K-1) for
    multinomial models; ``group_effects`` maps a group term to (S, L[, K-1]).
    """

    family: str
    link: str
    n_categories: int
    beta: np.ndarray
    thresholds: np.ndarray | None = None
    intercept: np.ndarray | None = None
    group_effects: Mapping[str, np.ndarray] = field(default_factory=dict)

    @property
    def n_draws(self) -> int:
        """Number of draws S."""
        return int(self.beta.shape[0])


def linear_predictor(
    draws: DrawSet,
    X: np.ndarray,
    group_codes: Mapping[str, np.ndarray] | None = None,
    latent: Mapping[int, np.ndarray] | None = None,
) -> np.ndarray:
    """x'beta (+ group intercepts) per draw, without thresholds or intercepts.

    Parameters
    ----------
    draws
        The posterior draws.
    X
        (n, p) predictors on the raw scale, no intercept column.
    group_codes
        ``{term: (n,) codes}``; a code of -1 (an unseen level) adds no group
        effect, i.e. predicts for a typical new group.
    latent
        ``{column index: (S, n) values}`` replacing X's column per draw
        (latent shares, imputed covariates).

    Returns
    -------
    np.ndarray
        (S, n) — (S, n, K-1) for multinomial models.
    """
    if draws.beta.ndim == 3:
        eta = np.einsum("np,spk->snk", X, draws.beta)
    else:
        eta = X @ draws.beta.T
        eta = eta.T
    for j, values in (latent or {}).items():
        delta = values - X[None, :, j]
        coef = draws.beta[:, j]
        eta = eta + (delta[..., None] * coef[:, None, :] if eta.ndim == 3 else delta * coef[:, None])
    for term, codes in (group_codes or {}).items():
        effects = draws.group_effects[term]
        known = codes >= 0
        picked = effects[:, np.where(known, codes, 0)]
        picked = picked * known[None, :, None] if picked.ndim == 3 else picked * known[None, :]
        eta = eta + picked
    return np.asarray(eta)


def category_logp(draws: DrawSet, eta: np.ndarray) -> np.ndarray:
    """(S, n, K) log-probabilities of each outcome category per draw.

    Parameters
    ----------
    draws
        The posterior draws (thresholds/intercepts are taken from here).
    eta
        Output of :func:`linear_predictor` for the same draws.
    """
    if draws.family == "ordinal":
        if draws.thresholds is None:
            raise ValueError("ordinal draws need thresholds")
        return np_category_logp(draws.thresholds, eta, draws.link)
    if draws.intercept is None:
        raise ValueError(f"{draws.family} draws need an intercept")
    if draws.family == "logit":
        full = draws.intercept[:, None] + eta
        return np.stack([special.log_expit(-full), special.log_expit(full)], axis=-1)
    full = draws.intercept[:, None, :] + eta
    full = np.concatenate([np.zeros((*full.shape[:2], 1)), full], axis=-1)
    return full - special.logsumexp(full, axis=-1, keepdims=True)


def row_chunks(n_rows: int, n_draws: int, n_categories: int) -> Iterator[slice]:
    """Slices of rows small enough that one chunk of draws x rows x K fits in ~64 MB."""
    size = max(1, _CHUNK_ELEMENTS // max(1, n_draws * n_categories))
    for start in range(0, n_rows, size):
        yield slice(start, min(n_rows, start + size))


def pointwise_loglik(
    draws: DrawSet,
    X: np.ndarray,
    y: np.ndarray,
    group_codes: Mapping[str, np.ndarray] | None = None,
    latent: Mapping[int, np.ndarray] | None = None,
) -> np.ndarray:
    """(S, n) log-likelihood of each single case under each draw."""
    out = np.empty((draws.n_draws, X.shape[0]))
    for rows in row_chunks(X.shape[0], draws.n_draws, draws.n_categories):
        codes = {t: c[rows] for t, c in (group_codes or {}).items()}
        lat = {j: v[:, rows] for j, v in (latent or {}).items()}
        logp = category_logp(draws, linear_predictor(draws, X[rows], codes, lat))
        out[:, rows] = np.take_along_axis(logp, y[None, rows, None], axis=-1)[..., 0]
    return out
