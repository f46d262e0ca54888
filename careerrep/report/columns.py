"""One column of a regression table, from an MLE or a posterior result.

:func:`result_column` reads a result into a :class:`ResultColumn`: per
parameter an estimate, an uncertainty (SE or posterior SD), an interval with
its label, a p-value (MLE only), and the fit statistics the footer shows.
Posterior columns are computed from the draws (means, SDs, HDIs of the
possibly exponentiated draws), never from point estimates.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd

from careerrep.effects.intervals import equal_tailed, hdi, interval_label
from careerrep.errors import ModelSpecError
from careerrep.models.family import VARIANCE_ROLES, Family, ParameterLayout, Role


@dataclass(frozen=True)
class ResultColumn:
    """What a regression table shows for one result (indexed by parameter name)."""

    estimate: pd.Series
    spread: pd.Series
    lower: pd.Series
    upper: pd.Series
    p_value: pd.Series
    interval: str
    spread_name: str
    thresholds: tuple[str, ...]
    family: str
    estimator: str
    stats: dict[str, str] = field(default_factory=dict)
    notes: tuple[str, ...] = ()
    #: Random-effect SDs and correlations (their own section; never exponentiated).
    variance: tuple[str, ...] = ()


def _layout(result: Any) -> ParameterLayout | None:
    """The result's parameters with their roles (a posterior's include variance components)."""
    for layout in (getattr(result, "parameters", None), getattr(result, "layout", None)):
        if isinstance(layout, ParameterLayout):
            return layout
    layout = getattr(getattr(result, "model", None), "layout", None)
    return layout if isinstance(layout, ParameterLayout) else None


def _threshold_names(result: Any) -> tuple[str, ...]:
    layout = _layout(result)
    if layout is not None:
        return tuple(p.name for p in layout.of_role(Role.THRESHOLD))
    # Models not (yet) built on the Family protocol (the SplitModel families) name theirs.
    model = getattr(result, "model", None)
    names = getattr(model, "thresholds", None)
    if names is None:
        raise ModelSpecError(
            f"a table column needs a careerrep result with a parameter layout, got {type(result).__name__}"
        )
    return tuple(names)


def _not_exponentiated(result: Any) -> set[str]:
    """Parameters that ``exp(.)`` would not turn into odds: thresholds, intercepts, variance components."""
    layout = _layout(result)
    if layout is None:
        return set(_threshold_names(result))
    # exp(scale coefficient) is a ratio of latent SDs, not an odds ratio.
    return {p.name for p in layout.of_role(Role.THRESHOLD, Role.INTERCEPT, Role.SCALE, *VARIANCE_ROLES)}


def _kept_on_log_scale(names: Any, keep: set[str]) -> np.ndarray:
    """True where a parameter stays on the log scale (``keep``, see ``_not_exponentiated``)."""
    return np.array([n in keep for n in names], dtype=bool)


def _variance_names(result: Any) -> tuple[str, ...]:
    layout = _layout(result)
    return () if layout is None else tuple(p.name for p in layout.of_role(*VARIANCE_ROLES))


def _family(result: Any) -> str:
    family = getattr(getattr(result, "model", None), "family", None) or getattr(result, "family", None)
    if isinstance(family, Family):
        return family.label
    link = getattr(getattr(result, "model", None), "link", None)
    return f"{family} ({link})" if isinstance(family, str) and link else str(family or "model")


def result_column(result: Any, *, exponentiate: bool, level: float, ci: str | None) -> ResultColumn:
    """Read ``result`` (``MLEResult`` or ``PosteriorResult``) into a table column.

    With ``exponentiate`` every slope is shown as ``exp(.)`` (odds ratios;
    relative-risk ratios for multinomial models); intercepts and ordinal
    thresholds stay on the log-odds scale. Posterior odds ratios are the
    median of exp(b) with exp of the coefficient's interval bounds.
    """
    thresholds = _threshold_names(result)
    keep = _not_exponentiated(result)
    if hasattr(result, "idata") and hasattr(result, "param_draws"):
        column = _posterior_column(result, thresholds, keep, exponentiate, level, ci or "hdi")
    else:
        column = _mle_column(result, thresholds, keep, exponentiate, level)
    return replace(column, variance=_variance_names(result))


def _mle_column(
    result: Any, thresholds: tuple[str, ...], keep: set[str], exponentiate: bool, level: float
) -> ResultColumn:
    params = result.params.astype(float)
    bse = result.bse.astype(float)
    bounds = result.conf_int(level=level)
    lower, upper = bounds["lower"].astype(float), bounds["upper"].astype(float)
    if exponentiate:
        mask = ~_kept_on_log_scale(params.index, keep)
        odds = np.exp(params[mask])
        bse = bse.copy()
        bse[mask] = odds * bse[mask]  # delta method: SE of exp(b)
        lower, upper = lower.copy(), upper.copy()
        lower[mask], upper[mask] = np.exp(lower[mask]), np.exp(upper[mask])
        params = params.copy()
        params[mask] = odds
    stats = {
        "N": f"{result.nobs:g}",
        "Log-likelihood": f"{result.loglik:.2f}",
        "AIC": f"{result.aic:.2f}",
        "BIC": f"{result.bic:.2f}",
    }
    kind = getattr(result, "ci_kind", "Wald")
    method = getattr(result, "method", "mle")
    cov_type = str(getattr(result, "cov_type", "nonrobust"))
    return ResultColumn(
        estimate=params,
        spread=bse,
        lower=lower,
        upper=upper,
        p_value=result.pvalues.astype(float),
        interval=interval_label(kind, level),
        spread_name="SE",
        thresholds=thresholds,
        family=_family(result),
        estimator={"firth": "Firth ML", "mle": "ML"}.get(method, f"ML ({method})"),
        stats=stats,
        notes=covariance_notes(cov_type),
    )


#: What a reader is told about standard errors that are not model-based.
ROBUST_COVARIANCES = {
    "HC0": "standard errors and intervals from the HC0 (heteroskedasticity-robust, sandwich) covariance",
    "HC1": "standard errors and intervals from the HC1 (heteroskedasticity-robust, sandwich, "
    "n/(n-k) corrected) covariance",
    "cluster": "standard errors and intervals from the cluster-robust (sandwich) covariance",
}


def covariance_notes(cov_type: str) -> tuple[str, ...]:
    """A table note naming a robust covariance (none for the model-based one: the default)."""
    note = ROBUST_COVARIANCES.get(cov_type)
    return () if note is None else (f"{note}.",)


def _posterior_column(
    result: Any, thresholds: tuple[str, ...], keep: set[str], exponentiate: bool, level: float, ci: str
) -> ResultColumn:
    draws = result.param_draws()
    names = list(draws.columns)
    values = draws.to_numpy(dtype=float).copy()
    # Intervals on the coefficient scale, then transformed: the odds-ratio column is
    # exp of the coefficient column by construction (median and bounds; see odds_ratios).
    low, high = hdi(values, level) if ci == "hdi" else equal_tailed(values, level)
    estimate = values.mean(axis=0)
    if exponentiate:
        mask = ~_kept_on_log_scale(names, keep)
        estimate[mask] = np.exp(np.median(values[:, mask], axis=0))
        low[mask], high[mask] = np.exp(low[mask]), np.exp(high[mask])
        values[:, mask] = np.exp(values[:, mask])
    index = pd.Index(names)
    stats = {"N": f"{result.nobs:g}"}
    notes: tuple[str, ...] = ()
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            loo = result.loo()
        stats["LOO elpd (SE)"] = f"{float(loo['elpd_loo']):.2f} ({float(loo['se']):.2f})"
        if caught:
            notes = (f"LOO: {str(caught[0].message).splitlines()[0]}",)
    except Exception as error:  # LOO is a footer nicety; its absence must not sink the table
        stats["LOO elpd (SE)"] = "-"
        notes = (f"LOO not available: {type(error).__name__}",)
    return ResultColumn(
        estimate=pd.Series(estimate, index=index),
        spread=pd.Series(values.std(axis=0, ddof=1), index=index),
        lower=pd.Series(low, index=index),
        upper=pd.Series(high, index=index),
        p_value=pd.Series(np.nan, index=index),
        interval=(
            f"exp({interval_label('HDI', level)})"
            if exponentiate and ci == "hdi"
            else interval_label(ci.upper(), level)
        ),
        spread_name="posterior SD",
        thresholds=thresholds,
        family=_family(result),
        estimator="Bayes (posterior median)" if exponentiate else "Bayes (posterior mean)",
        stats=stats,
        notes=notes,
    )
