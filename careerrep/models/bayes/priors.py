"""Default priors for the Bayesian models, and how a user overrides them.

The defaults are meant to be weakly informative *on the outcome scale*:

* Coefficients get ``Normal(0, coef_scale / sd(x_j))`` with ``coef_scale = 2.5``,
  the rstanarm autoscaling rule: a one-standard-deviation change in a predictor
  is a priori unlikely to move the log-odds by more than about 5. A constant
  column keeps ``Normal(0, coef_scale)``.
* Ordinal thresholds get the *induced Dirichlet* prior (Betancourt 2019): the
  category probabilities of a typical case (all predictors at their mean) are
  ``Dirichlet(alpha)``, and the cut points are the link's quantiles of their
  cumulative sums. The cut points are ordered by construction, also when the
  prior is sampled forward, so no initial values are needed.
  ``thresholds="normal"`` instead puts ``Normal(threshold_mu, threshold_sigma)``
  on each cut point *as reported* (at x = 0, like brms with ``center = FALSE``)
  restricted to increasing order.
* Intercepts of the logit and multinomial models, evaluated at the mean of the
  predictors, get ``Normal(0, intercept_scale)``.
* Standard deviations of group-level intercepts get ``HalfNormal(group_sd_scale)``.

Priors are a frozen value; :func:`resolve_priors` accepts ``None`` (defaults), a
:class:`Priors` or a dict of field overrides.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from typing import Any, Literal

import numpy as np

from careerrep.errors import ModelSpecError

ThresholdPrior = Literal["dirichlet", "normal"]


@dataclass(frozen=True)
class Priors:
    """Prior choices for :func:`careerrep.models.bayes.sample_model`.

    Parameters
    ----------
    coef_scale
        Prior standard deviation of a coefficient, in log-odds per standard
        deviation of its predictor when ``autoscale`` is true (default 2.5).
    autoscale
        Divide ``coef_scale`` by the (weighted) standard deviation of each
        predictor column. Set false for ``Normal(0, coef_scale)`` on the raw scale.
    coef
        Per-coefficient overrides ``{name: (mean, sd)}`` on the raw scale,
        names as in the formula output (``"temp[T.warm]"``).
    thresholds
        ``"dirichlet"`` (default) or ``"normal"``; see the module docstring.
    dirichlet_alpha
        Concentration of the induced Dirichlet prior: a scalar for every
        category or one value per category (default 1: uniform on the simplex).
    threshold_mu, threshold_sigma
        Mean and sd of the ordered normal threshold prior (defaults 0 and 5).
    intercept_scale
        Sd of the intercept at the predictor means (logit/multinomial), default 2.5.
    group_sd_scale
        Scale of the half-normal prior on group-level intercept sds, default 1.
    """

    coef_scale: float = 2.5
    autoscale: bool = True
    coef: Mapping[str, tuple[float, float]] = field(default_factory=dict)
    thresholds: ThresholdPrior = "dirichlet"
    dirichlet_alpha: float | Sequence[float] = 1.0
    threshold_mu: float = 0.0
    threshold_sigma: float = 5.0
    intercept_scale: float = 2.5
    group_sd_scale: float = 1.0

    def __post_init__(self) -> None:
        for name in ("coef_scale", "threshold_sigma", "intercept_scale", "group_sd_scale"):
            value = getattr(self, name)
            if not (np.isfinite(value) and value > 0):
                raise ModelSpecError(f"priors.{name} = {value!r} must be a positive number")
        if self.thresholds not in ("dirichlet", "normal"):
            raise ModelSpecError(f"priors.thresholds = {self.thresholds!r}; choose 'dirichlet' or 'normal'")
        alpha = np.atleast_1d(np.asarray(self.dirichlet_alpha, dtype=float))
        if not np.all(np.isfinite(alpha) & (alpha > 0)):
            raise ModelSpecError(f"priors.dirichlet_alpha = {self.dirichlet_alpha!r} must be > 0")
        for name, (_, sd) in self.coef.items():
            if not (np.isfinite(sd) and sd > 0):
                raise ModelSpecError(f"priors.coef[{name!r}] has sd {sd!r}; it must be > 0")

    def alpha_vector(self, n_categories: int) -> np.ndarray:
        """The Dirichlet concentration as one value per outcome category."""
        alpha = np.atleast_1d(np.asarray(self.dirichlet_alpha, dtype=float))
        if alpha.size == 1:
            return np.full(n_categories, float(alpha[0]))
        if alpha.size != n_categories:
            raise ModelSpecError(
                f"priors.dirichlet_alpha has {alpha.size} values but the outcome has "
                f"{n_categories} categories"
            )
        return alpha


def resolve_priors(priors: Priors | Mapping[str, Any] | None) -> Priors:
    """Turn the user's ``priors=`` argument into a :class:`Priors` value.

    A dict overrides the named fields of the defaults; an unknown key is an
    error naming the key and the valid ones.
    """
    if priors is None:
        return Priors()
    if isinstance(priors, Priors):
        return priors
    if not isinstance(priors, Mapping):
        raise ModelSpecError(f"priors must be a Priors, a dict or None, got {type(priors)!r}")
    known = {f.name for f in fields(Priors)}
    unknown = sorted(set(priors) - known)
    if unknown:
        raise ModelSpecError(f"unknown prior setting(s) {unknown}; valid: {sorted(known)}")
    return replace(Priors(), **dict(priors))


def coefficient_prior(
    X: np.ndarray, weights: np.ndarray, coef_names: Sequence[str], priors: Priors
) -> tuple[np.ndarray, np.ndarray]:
    """Prior means and sds of the coefficients on the raw predictor scale.

    Parameters
    ----------
    X
        (n, p) predictor matrix without an intercept column.
    weights
        (n,) frequency weights used for the standard deviations.
    coef_names
        Names of the p columns, for per-coefficient overrides.
    priors
        The resolved prior choices.

    Returns
    -------
    (mean, sd)
        Two (p,) arrays.
    """
    p = X.shape[1]
    mean = np.zeros(p)
    sd = np.full(p, priors.coef_scale)
    if priors.autoscale and p:
        centre = np.average(X, axis=0, weights=weights)
        spread = np.sqrt(np.average((X - centre) ** 2, axis=0, weights=weights))
        # A constant column has no scale to adapt to; keep the raw-scale sd.
        scaled = spread > 1e-12
        sd[scaled] = priors.coef_scale / spread[scaled]
    for j, name in enumerate(coef_names):
        if name in priors.coef:
            mean[j], sd[j] = priors.coef[name]
    unknown = sorted(set(priors.coef) - set(coef_names))
    if unknown:
        raise ModelSpecError(
            f"priors.coef names {unknown} are not coefficients of this model; "
            f"coefficients: {list(coef_names)}"
        )
    return mean, sd
