"""From a formula and (start, stop] rows to the arrays of a survival model.

The right-hand side is built by formulaic with an intercept that is then
dropped, so a categorical predictor gets treatment contrasts against its first
level, as R's ``coxph`` and ``crr`` design matrices. Missing values are
refused, naming the column and the rows: a survival model silently dropping
rows would change risk sets behind the user's back.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from formulaic import model_matrix

from careerrep.errors import ModelSpecError

__all__ = ["SurvivalDesign", "survival_design"]


@dataclass(frozen=True, eq=False)
class SurvivalDesign:
    """Model-ready arrays: predictors, intervals, event indicator and strata.

    Attributes
    ----------
    X
        ``(n, p)`` float64 predictors, no intercept.
    coef_names
        formulaic column names of ``X``.
    start, stop
        ``(n,)`` float64 interval bounds, ``start < stop``.
    event
        ``(n,)`` bool: the interval ends in the event.
    strata
        ``(n,)`` int codes into ``strata_labels``.
    frame
        The input rows (for cluster columns and prediction).
    """

    X: np.ndarray = field(repr=False)
    coef_names: tuple[str, ...]
    start: np.ndarray = field(repr=False)
    stop: np.ndarray = field(repr=False)
    event: np.ndarray = field(repr=False)
    strata: np.ndarray = field(repr=False)
    strata_labels: tuple[object, ...]
    frame: pd.DataFrame = field(repr=False)


def _column(data: pd.DataFrame, name: str, role: str) -> pd.Series:
    if name not in data.columns:
        raise ModelSpecError(f"{role} column {name!r} is not in the data (columns: {list(data.columns)})")
    values = data[name]
    if values.isna().any():
        rows = list(np.flatnonzero(values.isna().to_numpy())[:5])
        raise ModelSpecError(f"{role} column {name!r} has missing values (rows {rows})")
    return values


def event_indicator(values: pd.Series, name: str) -> np.ndarray:
    """``values`` as a bool event indicator; only 0/1 or booleans are accepted."""
    numeric = pd.to_numeric(values, errors="coerce")
    if numeric.isna().any() or not numeric.isin([0, 1]).all():
        bad = values[numeric.isna() | ~numeric.isin([0, 1])].unique()[:5]
        raise ModelSpecError(f"event column {name!r} must be 0/1 or boolean, found {list(bad)}")
    return numeric.to_numpy(dtype=bool)


def predictor_matrix(rhs: str, data: pd.DataFrame) -> tuple[np.ndarray, tuple[str, ...]]:
    """``(n, p)`` predictors for formula right-hand side ``rhs``, treatment-coded, no intercept."""
    try:
        mm = model_matrix(f"{rhs} + 1", data, na_action="raise")
    except Exception as exc:  # formulaic raises many kinds; the user needs the formula named
        raise ModelSpecError(f"cannot build predictors from {rhs!r}: {exc}") from exc
    names = [name for name in mm.columns if name != "Intercept"]
    if not names:
        raise ModelSpecError(f"formula right-hand side {rhs!r} has no predictors")
    return np.asarray(mm[names], dtype=np.float64), tuple(names)


def survival_design(
    formula: str, data: pd.DataFrame, stop: str, start: str | None = None, strata: str | None = None
) -> SurvivalDesign:
    """Build the arrays of ``"event ~ predictors"`` on (start, stop] rows of ``data``."""
    if not isinstance(data, pd.DataFrame):
        raise ModelSpecError(f"data must be a pandas DataFrame, got {type(data).__name__}")
    if formula.count("~") != 1:
        raise ModelSpecError(f"formula must be 'event ~ predictors', got {formula!r}")
    lhs, rhs = (part.strip() for part in formula.split("~"))
    frame = data.reset_index(drop=True)
    event = event_indicator(_column(frame, lhs, "event"), lhs)
    stop_values = pd.to_numeric(_column(frame, stop, "stop"), errors="raise").to_numpy(dtype=np.float64)
    start_values = (
        np.zeros(len(frame))
        if start is None
        else pd.to_numeric(_column(frame, start, "start"), errors="raise").to_numpy(dtype=np.float64)
    )
    bad = np.flatnonzero(~(stop_values > start_values))
    if len(bad):
        i = int(bad[0])
        raise ModelSpecError(
            f"row {i}: stop = {stop_values[i]:g} is not after start = {start_values[i]:g} "
            f"({len(bad)} such rows)"
        )
    X, names = predictor_matrix(rhs, frame)
    if strata is None:
        codes, labels = np.zeros(len(frame), dtype=np.int64), (None,)
    else:
        factorised, uniques = pd.factorize(_column(frame, strata, "strata"), sort=True)
        codes, labels = factorised.astype(np.int64), tuple(uniques)
    return SurvivalDesign(
        X=X,
        coef_names=names,
        start=start_values,
        stop=stop_values,
        event=event,
        strata=codes,
        strata_labels=labels,
        frame=frame,
    )
