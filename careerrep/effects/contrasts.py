"""Counterfactual comparisons and average predictions.

:func:`contrast` answers "what happens to each outcome probability if ...":
the cases are predicted twice, once as they are (or under a ``baseline``
change) and once under the change, and the first differences of the
case-weighted average probabilities are reported with intervals.
Changes are applied to the data and the predictors rebuilt with the model's
formula, so a change stated in readable units ("+1,000 mentions",
"social share 0.3 -> 0.7", "10 points from mass media to social networks")
goes through whatever transform the model uses.

:func:`average_predictions` gives the case-averaged outcome probabilities
with intervals as a variable moves over a grid (the curves of
:func:`careerrep.plots.predicted_probabilities`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from careerrep.effects import kernels
from careerrep.effects.counterfactual import Changes, apply_changes, describe_changes
from careerrep.effects.intervals import check_level, summarize
from careerrep.effects.marginal import cases_for, categorical_levels, is_categorical
from careerrep.effects.posterior import rope_bounds
from careerrep.effects.source import effect_source
from careerrep.effects.tidy import tidy_frame
from careerrep.errors import ModelSpecError

EXTRA_COLUMNS = ("contrast", "before", "after", "prob_before", "prob_after", "at")
PREDICTION_COLUMNS = ("value", "outcome", "estimate", "std_error", "lower", "upper", "interval")


def contrast(
    result: Any,
    variable: str | None = None,
    values: Sequence[Any] | None = None,
    *,
    changes: Changes | None = None,
    baseline: Changes | None = None,
    label: str | None = None,
    at: Mapping[str, Any] | pd.DataFrame | None = None,
    level: float = 0.95,
    ci: str | None = None,
    rope: float | tuple[float, float] | None = None,
    recompute: bool = True,
) -> pd.DataFrame:
    """First differences in average outcome probabilities between two versions of the cases.

    Either ``variable`` with ``values=(before, after)`` (set the variable to
    each value for every case) or ``changes`` (applied to the cases; compared
    with the cases as observed, or with ``baseline`` if given).

    Parameters
    ----------
    result
        ``MLEResult`` or ``PosteriorResult``.
    variable, values
        E.g. ``"social_share", (0.3, 0.7)`` or ``"tone", ("negative", "positive")``.
    changes, baseline
        ``{column: value or function}`` or a function ``frame -> frame``, e.g.
        ``{"mentions": lambda m: m + 1000}`` or
        ``careerrep.effects.shift_share("mass_media_share", "social_share", 0.10)``.
    label
        Text for the ``contrast`` column (default: described from the change).
    at
        Cases to average over (as in :func:`careerrep.effects.marginal_effects`).
    level, ci, rope
        Interval probability; posterior interval kind (``"hdi"``/``"eti"``);
        posterior ROPE for the difference in probability.
    recompute
        Recompute derived signal columns after the change (default True).

    Returns
    -------
    pandas.DataFrame
        One row per outcome: core effect columns (``estimate`` = after - before,
        in probability units) plus ``contrast``, ``before``, ``after`` (the
        two scenarios described), ``prob_before``, ``prob_after`` (point
        estimates of the average probabilities) and ``at``.
    """
    check_level(level)
    if variable is not None:
        if changes is not None or baseline is not None:
            raise ModelSpecError("give either variable= and values=, or changes=, not both")
        if values is None or len(values) != 2:
            raise ModelSpecError(f"values must be a pair (before, after), got {values!r}")
        baseline, changes = {variable: values[0]}, {variable: values[1]}
        default_label = f"{variable}: {values[0]} -> {values[1]}"
    elif changes is not None:
        default_label = describe_changes(changes)
    else:
        raise ModelSpecError("contrast needs variable= and values=, or changes=")
    source = effect_source(result)
    if variable is not None and variable in source.frame.columns and is_categorical(source.model, variable):
        levels = categorical_levels(source.frame, variable)
        unknown = [v for v in values or () if v not in levels]
        if unknown:
            raise ModelSpecError(f"{variable} = {unknown} is not a level of {variable!r} (levels {levels})")
    cases = cases_for(source, at)
    before_frame = apply_changes(cases.frame, baseline, recompute)
    after_frame = apply_changes(cases.frame, changes, recompute)
    X0, X1 = source.design_matrix(before_frame), source.design_matrix(after_frame)
    spec, w = source.family, cases.weights

    def both(params: np.ndarray) -> np.ndarray:
        before = kernels.average_probabilities(spec, params, X0, w)
        after = kernels.average_probabilities(spec, params, X1, w)
        return np.concatenate([after - before, before, after], axis=1)

    K = len(source.labels)
    # Point values of the two average probabilities (posterior means for draws).
    points = (
        both(source.draws).mean(axis=0) if source.draws is not None else both(source.estimate[None, :])[0]
    )
    difference = summarize(
        source,
        lambda p: both(p)[:, :K],
        level=level,
        interval=(ci or "hdi").lower(),
        rope=rope_bounds(rope, 0.0),
    )
    extras = {
        "contrast": [label or default_label] * K,
        "before": [describe_changes(baseline)] * K,
        "after": [describe_changes(changes)] * K,
        "prob_before": points[K : 2 * K],
        "prob_after": points[2 * K :],
        "at": [cases.description] * K,
    }
    term = variable if variable is not None else (label or default_label)
    return tidy_frame([term] * K, list(source.labels), difference, extras, EXTRA_COLUMNS)


def average_predictions(
    result: Any,
    variable: str,
    grid: Sequence[Any] | np.ndarray,
    *,
    at: Mapping[str, Any] | pd.DataFrame | None = None,
    level: float = 0.95,
    ci: str | None = None,
) -> pd.DataFrame:
    """Case-averaged outcome probabilities with ``variable`` set to each grid value.

    Returns
    -------
    pandas.DataFrame
        Columns ``value, outcome, estimate, std_error, lower, upper, interval``:
        one row per grid value and outcome (Wald/delta method for MLE, HDI or
        ETI of the draws for posteriors).
    """
    check_level(level)
    source = effect_source(result)
    cases = cases_for(source, at)
    if variable not in cases.frame.columns:
        raise ModelSpecError(
            f"variable {variable!r} is not a column of the data the effects use "
            f"({sorted(map(str, cases.frame.columns))}: a model keeps only the columns its formula uses)"
        )
    matrices = [source.design_matrix(apply_changes(cases.frame, {variable: v})) for v in grid]
    spec, w = source.family, cases.weights

    def curves(params: np.ndarray) -> np.ndarray:
        return np.concatenate([kernels.average_probabilities(spec, params, X, w) for X in matrices], axis=1)

    summary = summarize(source, curves, level=level, interval=(ci or "hdi").lower())
    K = len(source.labels)
    return pd.DataFrame(
        {
            "value": np.repeat(np.asarray(list(grid), dtype=object), K),
            "outcome": list(source.labels) * len(matrices),
            "estimate": summary.estimate,
            "std_error": summary.std_error,
            "lower": summary.lower,
            "upper": summary.upper,
            "interval": summary.interval,
        },
        columns=list(PREDICTION_COLUMNS),
    )
