"""How far the data moved each parameter away from its prior.

*Posterior contraction* (Schad, Betancourt & Vasishth 2021, "Toward a
principled Bayesian workflow in cognitive science") compares a parameter's
posterior variance with its prior variance::

    contraction = 1 - posterior_var / prior_var

Near 1 the data pinned the parameter down; near 0 the posterior mostly
restates the prior (with a few cases that is the honest answer, not a bug).
It can dip below 0 by Monte Carlo noise or when the posterior is wider than
the prior.

This file computes the prior sd of every *reported* parameter, as actually
used by :func:`~careerrep.models.bayes.build.build_model`:

* coefficients: the sd after the ``coef_scale / sd(x)`` autoscaling and any
  per-coefficient override (exact);
* logit / multinomial intercepts: the model puts ``Normal(0, intercept_scale)``
  on the intercept at the predictor means; the reported intercept subtracts
  ``mean(x)'beta``, so its prior variance adds ``sum(mean(x)^2 sd^2)`` (exact);
* ordered-normal thresholds: the ordered ``Normal(mu, sigma)`` prior is the law
  of the sorted draws of ``K - 1`` independent normals, so cut point k is
  ``mu + sigma * Phi^-1(U)`` with ``U ~ Beta(k, K - k)``;
* induced-Dirichlet thresholds: the cumulative probability below cut point k
  is ``Beta(A_k, A - A_k)`` (``A_k`` the sum of the first k concentrations),
  the centred cut point is its link quantile, and the reported threshold adds
  the independent ``mean(x)'beta`` shift.

The variance of a link quantile of a Beta variable is exact for the logit link
(``trigamma(a) + trigamma(b)``) and otherwise a Monte Carlo estimate from
:data:`QUANTILE_DRAWS` draws with the fixed seed :data:`QUANTILE_SEED`
(deterministic, about 0.5 % relative error, a few milliseconds).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import special

from careerrep.models.bayes.build import BuiltModel
from careerrep.models.bayes.links import np_quantile
from careerrep.models.bayes.priors import Priors
from careerrep.models.family import SLOPE_ROLES, ParameterLayout, Role

#: Below this contraction the summary says the data barely inform a coefficient
#: (the posterior sd is then above sqrt(0.8), about 89 %, of the prior sd).
WEAKLY_INFORMED = 0.2

#: Monte Carlo size and fixed seed for quantile variances without a closed form.
QUANTILE_DRAWS = 200_000
QUANTILE_SEED = 20_210_901


def beta_quantile_variance(a: float, b: float, link: str) -> float:
    """Variance of ``F^-1(U)`` for ``U ~ Beta(a, b)`` and the link's quantile ``F^-1``.

    Parameters
    ----------
    a, b
        Positive Beta shape parameters.
    link
        ``"logit"`` (exact: ``trigamma(a) + trigamma(b)``), ``"probit"`` or
        ``"cloglog"`` (seeded Monte Carlo, see the module docstring).

    Returns
    -------
    float
        The variance on the link (latent) scale.
    """
    if link == "logit":
        return float(special.polygamma(1, a) + special.polygamma(1, b))
    rng = np.random.default_rng(QUANTILE_SEED)
    u = np.clip(rng.beta(a, b, size=QUANTILE_DRAWS), 1e-12, 1.0 - 1e-12)  # as the model clips
    return float(np.var(np_quantile(u, link), ddof=1))


def threshold_prior_variance(priors: Priors, n_categories: int, link: str) -> np.ndarray:
    """(K - 1,) prior variances of the cut points, before any ``mean(x)'beta`` shift."""
    if priors.thresholds == "normal":
        m = n_categories - 1
        unit = [beta_quantile_variance(float(k), float(m + 1 - k), "probit") for k in range(1, m + 1)]
        return priors.threshold_sigma**2 * np.asarray(unit)
    alpha = priors.alpha_vector(n_categories)
    below = np.cumsum(alpha)[:-1]
    return np.array([beta_quantile_variance(float(a), float(alpha.sum() - a), link) for a in below])


def reported_prior_sd(built: BuiltModel, priors: Priors) -> np.ndarray:
    """Prior sd of each reported parameter, in ``reported_names`` order.

    Parameters
    ----------
    built
        The built model (its data, predictor means and coefficient prior sds).
    priors
        The resolved priors it was built with.

    Returns
    -------
    np.ndarray
        Coefficients then thresholds (ordinal); ``Intercept`` then coefficients
        (logit); one such block per non-reference level (multinomial).
    """
    data, coef_sd = built.data, np.asarray(built.coef_prior_sd, dtype=float)
    # Variance the reported intercepts/thresholds inherit from mean(x)'beta.
    shift_var = float(np.sum(built.x_mean**2 * coef_sd**2))
    cut_sd = np.array([])
    if data.layout.of_role(Role.THRESHOLD):
        cut_var = threshold_prior_variance(priors, data.n_categories, data.link)
        if priors.thresholds == "dirichlet":
            cut_var = cut_var + shift_var
        cut_sd = np.sqrt(cut_var)
    intercept_sd = float(np.sqrt(priors.intercept_scale**2 + shift_var))
    # Standard deviation of HalfNormal(scale): scale * sqrt(1 - 2 / pi).
    group_sd = priors.group_sd_scale * float(np.sqrt(1.0 - 2.0 / np.pi))
    columns = list(data.coef_names)
    out = []
    thresholds_seen = 0
    for parameter in data.layout:
        if parameter.role is Role.THRESHOLD:
            out.append(float(cut_sd[thresholds_seen]))
            thresholds_seen += 1
        elif parameter.role is Role.INTERCEPT:
            out.append(intercept_sd)
        elif parameter.role is Role.VARIANCE:
            out.append(group_sd)
        elif parameter.column in columns:
            out.append(float(coef_sd[columns.index(parameter.column)]))
        else:  # a parameter this prior scheme does not know (a future family's)
            out.append(np.nan)
    return np.asarray(out, dtype=float)


def contraction(posterior_sd: np.ndarray, prior_sd: np.ndarray) -> np.ndarray:
    """``1 - posterior_var / prior_var``; NaN where the prior sd is unknown or not finite."""
    posterior_sd = np.asarray(posterior_sd, dtype=float)
    prior_sd = np.asarray(prior_sd, dtype=float)
    known = np.isfinite(prior_sd) & (prior_sd > 0)
    safe = np.where(known, prior_sd, 1.0)
    return np.where(known, 1.0 - (posterior_sd / safe) ** 2, np.nan)


def weakly_informed_notes(table: pd.DataFrame, layout: ParameterLayout) -> list[str]:
    """One plain sentence per slope coefficient whose contraction is below :data:`WEAKLY_INFORMED`.

    ``table`` is a summary frame with ``std_error`` (the posterior sd), ``prior_sd`` and ``contraction``
    columns indexed by parameter name; ``layout`` says which rows are slopes.
    """
    slopes = {p.name for p in layout if p.role in SLOPE_ROLES}
    notes = []
    for name, row in table.iterrows():
        if str(name) not in slopes or not row["contraction"] < WEAKLY_INFORMED:
            continue
        ratio = 100 * row["std_error"] / row["prior_sd"]
        notes.append(
            f"{name}: the data barely inform this coefficient (posterior sd is {ratio:.0f} % "
            "of the prior sd); the posterior mostly restates the prior."
        )
    return notes
