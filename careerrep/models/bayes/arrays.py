"""The arrays a Bayesian model is built from, independent of any model class.

:class:`BayesData` is what :func:`careerrep.models.bayes.build.build_model`
needs: predictors without an intercept column, outcome codes, frequency
weights, group codes, and the optional latent columns (shares measured from
small samples, covariates with missing values). Tests and simulations build it
directly from arrays; :mod:`careerrep.models.bayes.glue` builds it from a
careerrep model.

:func:`collapse_rows` merges identical (predictors, outcome, groups) rows into
one row with the summed weight. The likelihood is a weighted sum over rows, so
this is exact, and with categorical predictors it shrinks n = 10,000 cases to a
few dozen rows.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from careerrep.errors import ModelSpecError
from careerrep.models.family import Family, Parameter, ParameterLayout, Role, variance_name
from careerrep.models.links import get_link


@dataclass(frozen=True)
class LatentShare:
    """A predictor column that is a share estimated from ``successes / trials``.

    The true share of each case is a latent variable with a binomial likelihood
    for its counts, so its sampling uncertainty reaches the coefficients.
    """

    column: str
    successes: np.ndarray  # (n,) counts, e.g. negative comments
    trials: np.ndarray  # (n,) sample sizes, e.g. coded comments


@dataclass(frozen=True)
class MissingCovariate:
    """A continuous predictor column with missing values, imputed inside the model.

    Missing entries (``missing`` is True) get ``Normal(mu, sigma)`` draws whose
    ``mu`` and ``sigma`` are learned from the observed entries.
    """

    column: str
    missing: np.ndarray  # (n,) bool


@dataclass(frozen=True)
class BayesData:
    """Model-ready arrays for one Bayesian fit.

    Parameters
    ----------
    family
        A bound :class:`~careerrep.models.family.Family` whose ``columns`` are
        ``coef_names`` plus ``"Intercept"`` where the model has one, or a
        family name ("ordinal", "logit", "multinomial"): then it is bound here
        from ``labels``, ``coef_names`` (the intercept first) and ``link``.
    X
        (n, p) float predictors, NO intercept column (the model adds its own
        intercept or thresholds). Entries of latent/missing columns that are
        not observed may hold any finite placeholder.
    y
        (n,) int codes 0..K-1 into ``labels``.
    labels
        Outcome labels, low to high.
    coef_names
        Names of the p columns of X.
    weights
        (n,) frequency weights; ones when None.
    link
        Ordinal link: "logit", "probit" or "cloglog" (ignored otherwise).
    groups
        ``{term: (codes, level_names)}`` for group-level intercepts.
    latent_shares, missing
        Latent predictor columns (see :class:`LatentShare`, :class:`MissingCovariate`).
    intercept
        Logit/multinomial only: estimate an intercept (reported as
        ``"Intercept"``). Ordinal models always have thresholds instead.
    """

    family: Any  # Family after __post_init__ (a name is accepted and resolved)
    X: np.ndarray
    y: np.ndarray
    labels: tuple[str, ...]
    coef_names: tuple[str, ...]
    weights: np.ndarray | None = None
    link: str = "logit"
    groups: Mapping[str, tuple[np.ndarray, tuple[str, ...]]] = field(default_factory=dict)
    latent_shares: tuple[LatentShare, ...] = ()
    missing: tuple[MissingCovariate, ...] = ()
    intercept: bool = True

    def __post_init__(self) -> None:
        object.__setattr__(self, "family", self._bound_family())
        X = np.asarray(self.X, dtype=float)
        if X.ndim != 2:
            raise ModelSpecError(f"X must be 2-D (n, p), got shape {X.shape}")
        n = X.shape[0]
        y = np.asarray(self.y)
        if y.shape != (n,):
            raise ModelSpecError(f"y has shape {y.shape}; X has {n} rows")
        K = len(self.labels)
        if n and (y.min() < 0 or y.max() >= K):
            raise ModelSpecError(f"y codes must lie in 0..{K - 1}, got {y.min()}..{y.max()}")
        if len(self.coef_names) != X.shape[1]:
            raise ModelSpecError(f"{len(self.coef_names)} coef_names for {X.shape[1]} columns")
        weights = np.ones(n) if self.weights is None else np.asarray(self.weights, dtype=float)
        if weights.shape != (n,) or np.any(~np.isfinite(weights) | (weights < 0)):
            raise ModelSpecError("weights must be n finite non-negative numbers")
        latent_columns = [s.column for s in self.latent_shares] + [m.column for m in self.missing]
        for name in latent_columns:
            if name not in self.coef_names:
                raise ModelSpecError(
                    f"latent column {name!r} is not a predictor column; columns: {list(self.coef_names)}"
                )
        observed = np.ones_like(X, dtype=bool)
        for m in self.missing:
            observed[:, self.coef_names.index(m.column)] = ~np.asarray(m.missing, dtype=bool)
        if not np.all(np.isfinite(X[observed])):
            raise ModelSpecError("X has non-finite entries outside the declared missing values")
        object.__setattr__(self, "X", X)
        object.__setattr__(self, "y", y.astype(np.int64))
        object.__setattr__(self, "weights", weights)

    def _bound_family(self) -> Family:
        if isinstance(self.family, Family):
            if tuple(self.family.labels) != tuple(self.labels):
                raise ModelSpecError(f"family labels {self.family.labels} differ from labels {self.labels}")
            sampled = tuple(c for c in self.family.columns if c != "Intercept")
            if sampled != tuple(self.coef_names):
                raise ModelSpecError(
                    f"family columns {self.family.columns} do not match coef_names {self.coef_names}"
                )
            object.__setattr__(self, "link", self.family.link.name)
            object.__setattr__(self, "intercept", "Intercept" in self.family.columns)
            return self.family
        from careerrep.models.families import FAMILIES

        if not isinstance(self.family, str) or self.family not in FAMILIES:
            raise ModelSpecError(f"family = {self.family!r}; expected one of {sorted(FAMILIES)} or a Family")
        cls = FAMILIES[self.family]
        cls.check_labels(tuple(self.labels))
        link = get_link(self.link)
        with_intercept = self.intercept and cls.keeps_intercept
        columns = ("Intercept", *self.coef_names) if with_intercept else tuple(self.coef_names)
        object.__setattr__(self, "intercept", with_intercept)
        return cls(tuple(self.labels), columns, link)

    @property
    def layout(self) -> ParameterLayout:
        """The reported parameters: the family's, then one sd per group term (and predictor)."""
        family: Family = self.family
        extra = []
        contrasts = _predictor_labels(family)
        for term in self.groups:
            if contrasts is None:
                extra.append(Parameter(variance_name(term), Role.VARIANCE, block=term))
            else:
                extra.extend(
                    Parameter(variance_name(term, level), Role.VARIANCE, column=level, block=term)
                    for level in contrasts
                )
        return family.layout.extended(extra)

    @property
    def n_categories(self) -> int:
        """Number of outcome categories K."""
        return len(self.labels)

    @property
    def has_latent_columns(self) -> bool:
        """True when some predictor column is a per-case latent variable."""
        return bool(self.latent_shares or self.missing)


def _predictor_labels(family: Family) -> list[str] | None:
    """Labels of the ``W > 1`` linear predictors (multinomial contrasts), or None for one predictor."""
    dims = family.pymc_predictor_dims()
    if not dims:
        return None
    return list(family.pymc_coords()[dims[0]])


@dataclass(frozen=True)
class Collapsed:
    """Unique rows sorted by outcome, and how the original rows map onto them."""

    X: np.ndarray  # (u, p)
    y: np.ndarray  # (u,) non-decreasing
    counts: np.ndarray  # (u,) summed weights
    group_codes: dict[str, np.ndarray]  # term -> (u,)
    row_to_unique: np.ndarray  # (n,) index into the unique rows
    source_row: np.ndarray  # (u,) one original row of each unique row

    def category_slices(self, n_categories: int) -> list[slice]:
        """Rows of each outcome category: contiguous, because rows are sorted by y."""
        bounds = np.searchsorted(self.y, np.arange(n_categories + 1))
        return [slice(int(bounds[k]), int(bounds[k + 1])) for k in range(n_categories)]


def collapse_rows(data: BayesData) -> Collapsed:
    """Merge identical (X, y, group codes) rows, summing their weights; sort by outcome.

    Sorting by outcome lets the log-likelihood use one contiguous slice per
    category (cheap basic indexing in the PyTensor graph). Rows with latent
    columns are never merged (each case has its own latent value), only sorted.
    """
    n = data.X.shape[0]
    codes = {term: np.asarray(c, dtype=np.int64) for term, (c, _) in data.groups.items()}
    weights = np.asarray(data.weights, dtype=float)
    if data.has_latent_columns or n == 0:
        first = np.arange(n)
        inverse = np.arange(n)
    else:
        key = np.column_stack([data.X, data.y.astype(float), *[c.astype(float) for c in codes.values()]])
        _, first, inverse = np.unique(key, axis=0, return_index=True, return_inverse=True)
        inverse = inverse.reshape(-1)
    order = np.argsort(data.y[first], kind="stable")
    rank = np.empty_like(order)
    rank[order] = np.arange(order.size)
    source = first[order]
    counts = np.bincount(rank[inverse], weights=weights, minlength=source.size)
    return Collapsed(
        X=data.X[source],
        y=data.y[source],
        counts=counts,
        group_codes={term: c[source] for term, c in codes.items()},
        row_to_unique=rank[inverse],
        source_row=source,
    )
