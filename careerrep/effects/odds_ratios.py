"""Odds ratios (or log-odds coefficients) with intervals, per unit or per standard deviation.

Which odds, by family:

* logit: the odds of the event outcome (``P(event) / P(other)``);
* ordinal (logit link): the odds of a *higher* outcome at every split,
  ``P(Y > k) / P(Y <= k)`` (the proportional-odds ratio; a positive
  coefficient moves cases up the scale, as in ``MASS::polr``);
* multinomial: the odds of each outcome against the reference outcome.

Intervals. MLE: Wald (``exp(b -/+ z SE)``, the default), or profile likelihood
(``ci="profile"``: ``result.conf_int(method="profile")``, for fits with
``cov="nonrobust"``; profile penalised likelihood for Firth). The standard error of
an odds ratio is the delta-method ``OR * SE(b)`` (as Stata reports it).
Posterior: the coefficient's draws are summarised on the log-odds scale and
then transformed, so odds-ratio and coefficient tables agree by construction:
the estimate is the posterior median of exp(b) (= exp of the median of b), the
interval ``exp`` of the coefficient's HDI (labelled ``"exp(HDI 95%)"``) or its
equal-tailed interval (``"ETI 95%"``, which is also the ETI of exp(b)); the
probability of direction is taken around 1 (the same draws as around 0 for b).
Coefficients (``exponentiate=False``) keep the posterior mean.

Per standard deviation (``standardize=True`` or a list of terms): the
coefficient times the weighted standard deviation of its predictor column in
the fitted cases, i.e. the odds ratio for a one-sd difference. 0/1 dummy
columns stay per unit (an sd of a dummy is not a meaningful difference).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from careerrep.effects.intervals import check_level, interval_label, summarize
from careerrep.effects.posterior import probability_beyond_rope, rope_bounds
from careerrep.effects.source import EffectSource, effect_source
from careerrep.effects.tidy import tidy_frame
from careerrep.errors import ModelSpecError
from careerrep.models.family import SLOPE_ROLES, Role

EXTRA_COLUMNS = ("scale", "per", "per_value", "parameter")


def _coefficients(source: EffectSource) -> list[tuple[str, str, str, int]]:
    """(parameter, term, outcome, design column) for every slope and intercept, from the layout."""
    family = source.family
    columns = list(family.columns)
    rows = []
    for parameter in family.layout.of_role(*SLOPE_ROLES, Role.INTERCEPT):
        outcome = family.effect_outcome(parameter)
        if outcome is None or parameter.column is None:
            continue
        rows.append((parameter.name, parameter.column, outcome, columns.index(parameter.column)))
    return rows


def _design_sd(source: EffectSource) -> np.ndarray:
    # The family's columns (a SplitModel's hold nominal and scale columns beyond design.X).
    X = source.design_matrix(source.frame)
    w = source.weights / source.weights.sum()
    mean = w @ X
    return np.sqrt(np.clip(w @ (X - mean) ** 2, 0.0, None))


def _is_dummy(column: np.ndarray) -> bool:
    return bool(np.all(np.isin(column, (0.0, 1.0))))


def odds_ratios(
    result: Any,
    *,
    exponentiate: bool = True,
    standardize: bool | Sequence[str] = False,
    level: float = 0.95,
    ci: str | None = None,
    rope: float | tuple[float, float] | None = None,
    intercept: bool = False,
) -> pd.DataFrame:
    """Odds ratios (``exponentiate=True``) or coefficients of the slopes, with intervals.

    Parameters
    ----------
    result
        ``MLEResult`` or ``PosteriorResult`` of a logit, ordinal (logit link
        for odds ratios) or multinomial model.
    exponentiate
        Odds ratios (True) or log-odds coefficients (False).
    standardize
        True: per sd of every non-dummy predictor column; a list: those terms only.
    level
        Interval probability (default 0.95).
    ci
        MLE: ``"wald"`` (default) or ``"profile"`` (profile likelihood; fits
        with ``cov="nonrobust"`` only). Posterior: ``"hdi"`` (default) or ``"eti"``.
    rope
        Posterior only: region of practical equivalence on the reported scale
        (a half-width around the null value 0 or 1, or ``(low, high)``).
    intercept
        Include the intercept(s) of logit and multinomial models.

    Returns
    -------
    pandas.DataFrame
        Core effect columns (see :mod:`careerrep.effects.tidy`) plus ``scale``
        (``"odds ratio"``/``"log-odds"``), ``per`` (``"1 unit"`` or
        ``"1 sd = 0.21"``), ``per_value`` and ``parameter`` (the result's name).
    """
    check_level(level)
    source = effect_source(result)
    if exponentiate and not source.family.log_odds:
        raise ModelSpecError(
            f"exp(coefficient) is an odds ratio only for the logit link; this model uses "
            f"link={source.family.link.name!r}: use exponentiate=False"
        )
    rows = [r for r in _coefficients(source) if intercept or r[1] != "Intercept"]
    sds = _design_sd(source)
    X = source.design_matrix(source.frame)
    wanted = set(standardize) if not isinstance(standardize, bool) else set()
    unknown = wanted - {r[1] for r in rows}
    if unknown:
        raise ModelSpecError(f"standardize names terms {sorted(unknown)} that are not coefficients")
    per_value = []
    for _, term, _, column in rows:
        scale_it = (standardize is True or term in wanted) and term != "Intercept"
        per_value.append(sds[column] if scale_it and not _is_dummy(X[:, column]) else 1.0)
    scales = np.asarray(per_value)
    index = np.array([source.param_names.index(r[0]) for r in rows], dtype=int)
    null = 1.0 if exponentiate else 0.0
    ci_kind = (ci or ("hdi" if source.is_posterior else "wald")).lower()

    if source.is_posterior:
        summary = summarize(
            source,
            lambda params: params[:, index] * scales,
            level=level,
            interval=ci_kind,
            rope=None if exponentiate else rope_bounds(rope, null),
        )
        if exponentiate:
            summary = _exponentiated_draws(summary, rope_bounds(rope, null))
    else:
        if ci_kind not in ("wald", "profile"):
            raise ModelSpecError(f"MLE intervals are 'wald' or 'profile', got ci={ci!r}")
        summary = summarize(source, lambda params: params[:, index] * scales, level=level)
        if ci_kind == "profile":
            summary = _with_profile(result, summary, [r[0] for r in rows], scales, level)
        if exponentiate:
            summary = _exponentiated(summary)
    per = ["1 unit" if s == 1.0 else f"1 sd = {s:.3g}" for s in per_value]
    extras: dict[str, Sequence[Any]] = {
        "scale": [_scale_name(source.family, exponentiate)] * len(rows),
        "per": per,
        "per_value": per_value,
        "parameter": [r[0] for r in rows],
    }
    return tidy_frame([r[1] for r in rows], [r[2] for r in rows], summary, extras, EXTRA_COLUMNS)


def _with_profile(result: Any, summary: Any, names: list[str], scales: np.ndarray, level: float) -> Any:
    # MLEResult.conf_int raises ModelSpecError where the fit has no profile (robust cov).
    bounds = result.conf_int(level=level, method="profile").loc[names]
    lower = np.minimum(bounds["lower"].to_numpy() * scales, bounds["upper"].to_numpy() * scales)
    upper = np.maximum(bounds["lower"].to_numpy() * scales, bounds["upper"].to_numpy() * scales)
    return type(summary)(
        estimate=summary.estimate,
        std_error=summary.std_error,
        lower=lower,
        upper=upper,
        p_value=summary.p_value,
        p_direction=summary.p_direction,
        p_beyond_rope=summary.p_beyond_rope,
        interval=interval_label("profile", level),
    )


def _exponentiated(summary: Any) -> Any:
    odds = np.exp(summary.estimate)
    return type(summary)(
        estimate=odds,
        std_error=odds * summary.std_error,
        lower=np.exp(summary.lower),
        upper=np.exp(summary.upper),
        p_value=summary.p_value,
        p_direction=summary.p_direction,
        p_beyond_rope=summary.p_beyond_rope,
        interval=summary.interval,
    )


def _scale_name(family: Any, exponentiate: bool) -> str:
    if not exponentiate:
        return "log-odds"
    # The family names its exp(slope): a multinomial's is a relative-risk ratio.
    return str(getattr(family, "ratio_name", "odds ratio"))


def _exponentiated_draws(summary: Any, rope: tuple[float, float] | None) -> Any:
    """Odds ratios from the coefficient's posterior summary, by construction in agreement with it.

    exp is monotone, so the median and the equal-tailed bounds of exp(b) are
    exp of those of b; an HDI is not invariant, so the reported interval is the
    coefficient's HDI transformed (it still holds ``level`` of the odds-ratio
    draws, it is just not the narrowest such interval on the odds-ratio scale).
    """
    if summary.draws is None:
        raise ModelSpecError("posterior summary without its draws")
    odds = np.exp(summary.draws)
    q = odds.shape[1]
    return type(summary)(
        estimate=np.exp(np.median(summary.draws, axis=0)),
        std_error=np.full(q, np.nan),
        lower=np.exp(summary.lower),
        upper=np.exp(summary.upper),
        p_value=summary.p_value,
        p_direction=summary.p_direction,  # the share of b beyond 0 is the share of exp(b) beyond 1
        p_beyond_rope=probability_beyond_rope(odds, rope) if rope is not None else np.full(q, np.nan),
        interval=summary.interval if summary.interval.startswith("ETI") else f"exp({summary.interval})",
        draws=odds,
    )
