"""Outcome probabilities from posterior draws (pure numpy), through the model's family.

:class:`DrawSet` holds the reported (raw predictor scale) fixed-effect
parameters of every draw in the family's layout order, flattened over chains,
plus the group-level effects. :func:`linear_predictor` and
:func:`category_logp` hand them to the family's probability core
(:meth:`~careerrep.models.family.Family.predictor`,
:meth:`~careerrep.models.family.Family.log_probabilities_from_predictor`), the
same code the MLE and the effects use. Callers that predict for many rows go
through :func:`row_chunks`, so memory stays bounded by ``draws x chunk x K``
instead of ``draws x n x K``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

import numpy as np

from careerrep.models.family import Family

# About 64 MB of float64 per chunk of (draws, rows, categories).
_CHUNK_ELEMENTS = 8_000_000


@dataclass(frozen=True)
class DrawSet:
    """Posterior draws of the reported parameters, S draws flattened over chains.

    Attributes
    ----------
    family
        The bound family (its ``columns`` include ``"Intercept"`` when the
        model has one; the sampled predictors do not).
    params
        ``(S, m)`` fixed-effect parameters in ``family.layout`` order.
    intercept_column
        Position of ``"Intercept"`` in ``family.columns`` (None without one):
        a column of ones is put back there before the family sees ``X``.
    group_effects
        ``{term: (S, L) or (S, L, W)}`` group-level effects on the predictor.
    """

    family: Family
    params: np.ndarray
    intercept_column: int | None = None
    group_effects: Mapping[str, np.ndarray] = field(default_factory=dict)

    @property
    def n_draws(self) -> int:
        """Number of draws S."""
        return int(self.params.shape[0])

    @property
    def n_categories(self) -> int:
        """Number of outcome categories K."""
        return self.family.n_categories

    def full_predictors(self, X: np.ndarray) -> np.ndarray:
        """``X`` (no intercept column) with the intercept column put back where the family has it."""
        if self.intercept_column is None:
            return X
        return np.insert(X, self.intercept_column, 1.0, axis=1)

    def full_column(self, j: int) -> int:
        """Index in ``family.columns`` of column ``j`` of the sampled predictors."""
        if self.intercept_column is not None and j >= self.intercept_column:
            return j + 1
        return j


def linear_predictor(
    draws: DrawSet,
    X: np.ndarray,
    group_codes: Mapping[str, np.ndarray] | None = None,
    latent: Mapping[int, np.ndarray] | None = None,
) -> np.ndarray:
    """``(S, n, W)`` linear predictors per draw (group intercepts included).

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
    """
    family = draws.family
    full = draws.full_predictors(np.asarray(X, dtype=np.float64))
    eta = family.predictor(draws.params, full)
    for j, values in (latent or {}).items():
        unit = np.zeros((1, full.shape[1]))
        unit[0, draws.full_column(j)] = 1.0
        coef = family.predictor(draws.params, unit)  # (S, 1, W): the column's slope per predictor
        delta = values - X[None, :, j]
        eta = eta + delta[..., None] * coef
    for term, codes in (group_codes or {}).items():
        effects = draws.group_effects[term]
        known = codes >= 0
        picked = effects[:, np.where(known, codes, 0)]
        if picked.ndim == 2:
            picked = picked[..., None]
        eta = eta + picked * known[None, :, None]
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
    return draws.family.log_probabilities_from_predictor(draws.params, eta)


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
