"""Kaplan–Meier survival and Aalen–Johansen cumulative incidence, with SEs and intervals.

Both take (start, stop] rows (``start=None``: every row starts at 0) and
report at every distinct stop time, as R ``survival::survfit`` does.

* Kaplan–Meier: ``S(t) = prod_{s <= t} (1 - d_s / n_s)``; Greenwood's
  variance; the interval is R's default ``conf.type = "log"``,
  ``S exp(-/+ z se(log S))`` capped at 1.
* Aalen–Johansen for competing exits: ``F_j(t) = sum_{s <= t} S(s-) d_js / n_s``
  for each exit type ``j``; the variance is the infinitesimal jackknife
  ``sum_i (dF_j(t) / dw_i)^2`` (R's default for multi-state ``survfit``), and
  the interval is ``F exp(-/+ z se / F)`` capped at 1.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy import special

from careerrep.errors import ModelSpecError
from careerrep.exits.design import event_indicator
from careerrep.models.result import interval_level, tail_probability

__all__ = ["aalen_johansen", "kaplan_meier"]

#: state label of "no exit yet" in Aalen–Johansen output.
EVENT_FREE = "event_free"


def _times(data: pd.DataFrame, stop: str, start: str | None) -> tuple[np.ndarray, np.ndarray]:
    for name in (stop, start):
        if name is not None and name not in data.columns:
            raise ModelSpecError(f"column {name!r} is not in the data (columns: {list(data.columns)})")
    stop_values = pd.to_numeric(data[stop], errors="raise").to_numpy(dtype=np.float64)
    start_values = (
        np.zeros(len(data))
        if start is None
        else pd.to_numeric(data[start], errors="raise").to_numpy(np.float64)
    )
    if np.isnan(stop_values).any() or np.isnan(start_values).any():
        raise ModelSpecError("start/stop times have missing values")
    bad = np.flatnonzero(~(stop_values > start_values))
    if len(bad):
        i = int(bad[0])
        raise ModelSpecError(f"row {i}: stop = {stop_values[i]:g} is not after start = {start_values[i]:g}")
    return start_values, stop_values


def _at_risk(start: np.ndarray, stop: np.ndarray, times: np.ndarray) -> np.ndarray:
    """Rows with ``start < t <= stop`` at each of ``times`` (sorted)."""
    stopped_before = np.searchsorted(np.sort(stop), times, side="left")  # stop < t
    started = np.searchsorted(np.sort(start), times, side="left")  # start < t
    return (started - stopped_before).astype(np.float64)


def _z(level: float | None, alpha: float | None, where: str) -> float:
    """The normal quantile of a two-sided interval at ``level`` (``alpha`` deprecated)."""
    tail = tail_probability(interval_level(level, where=where, alpha=alpha))
    return float(special.ndtri(1.0 - tail / 2.0))


def kaplan_meier(
    data: pd.DataFrame,
    stop: str,
    event: str,
    start: str | None = None,
    alpha: float | None = None,
    *,
    level: float | None = None,
) -> pd.DataFrame:
    """Kaplan–Meier survival curve of (start, stop] rows with a 0/1 ``event`` column.

    Returns
    -------
    pandas.DataFrame
        One row per distinct stop time: ``time``, ``n_risk``, ``n_event``,
        ``survival``, ``std_error`` (of the survival probability, Greenwood; NaN where ``S = 0``),
        ``std_error_log`` (of ``log S``: R's ``survfit()$std.err``), ``lower``,
        ``upper`` (the log-scale interval at ``level``, default 0.95; NaN where ``S = 0``).
        ``alpha`` is deprecated (``level = 1 - alpha``; a ``FutureWarning``).
    """
    z = _z(level, alpha, "kaplan_meier")
    begin, end = _times(data, stop, start)
    died = event_indicator(data[event], event)
    times = np.unique(end)
    n_risk = _at_risk(begin, end, times)
    n_event = np.bincount(np.searchsorted(times, end[died]), minlength=len(times)).astype(np.float64)
    survival = np.cumprod(1.0 - n_event / n_risk)
    with np.errstate(divide="ignore", invalid="ignore"):
        greenwood = np.cumsum(np.where(n_event > 0, n_event / (n_risk * (n_risk - n_event)), 0.0))
        se_log = np.sqrt(greenwood)
        lower = np.where(survival > 0, survival * np.exp(-z * se_log), np.nan)
        upper = np.where(survival > 0, np.minimum(1.0, survival * np.exp(z * se_log)), np.nan)
        std_error = np.where(survival > 0, survival * se_log, np.nan)
    return pd.DataFrame(
        {
            "time": times,
            "n_risk": n_risk,
            "n_event": n_event,
            "survival": survival,
            "std_error": std_error,
            "std_error_log": se_log,
            "lower": lower,
            "upper": upper,
        }
    )


def aalen_johansen(
    data: pd.DataFrame,
    stop: str,
    exit: str,
    censoring: Sequence[str] = ("censored",),
    start: str | None = None,
    alpha: float | None = None,
    *,
    level: float | None = None,
) -> pd.DataFrame:
    """Cumulative incidence of each competing exit (Aalen–Johansen), with IJ standard errors.

    Parameters
    ----------
    data
        One row per (start, stop] interval.
    stop, start
        Time columns (same unit; ``start=None`` means 0).
    exit
        Column naming how each row ends: an exit type, or one of ``censoring``
        (still running at ``stop``). Exit types are ordered by the column's
        categories when it is a Categorical, else sorted.
    censoring
        The labels that mean "no exit at stop".
    level
        Interval probability (default 0.95). ``alpha`` is deprecated
        (``level = 1 - alpha``; a ``FutureWarning``).

    Returns
    -------
    pandas.DataFrame
        Long format, one row per (time, state): ``time``, ``n_risk``, ``state``
        (``"event_free"`` then each exit type), ``probability`` (the state's
        probability at ``time``: the event-free survival or the cumulative
        incidence), ``std_error``, ``lower``, ``upper`` (NaN where the
        probability is 0).
    """
    z = _z(level, alpha, "aalen_johansen")
    begin, end = _times(data, stop, start)
    labels, codes = _exit_codes(data[exit], exit, tuple(str(c) for c in censoring))
    times = np.unique(end)
    n_risk = _at_risk(begin, end, times)
    at = np.searchsorted(times, end)  # each row's stop-time index
    K, m = len(labels), len(times)
    counts = np.zeros((m, K))
    np.add.at(counts, (at[codes > 0], codes[codes > 0] - 1), 1.0)
    hazard_cause = counts / n_risk[:, None]
    variance_s, variance_f, survival, incidence = _influence_variance(begin, end, codes, times, hazard_cause)
    probability = np.column_stack([survival, incidence])
    std = np.sqrt(np.column_stack([variance_s, variance_f]))
    with np.errstate(divide="ignore", invalid="ignore"):
        lower = np.where(probability > 0, probability * np.exp(-z * std / probability), np.nan)
        upper = np.where(
            probability > 0, np.minimum(1.0, probability * np.exp(z * std / probability)), np.nan
        )
    states = [EVENT_FREE, *labels]
    return pd.DataFrame(
        {
            "time": np.repeat(times, K + 1),
            "n_risk": np.repeat(n_risk, K + 1),
            "state": pd.Categorical(np.tile(states, m), categories=states),
            "probability": probability.ravel(),
            "std_error": std.ravel(),
            "lower": lower.ravel(),
            "upper": upper.ravel(),
        }
    )


def _exit_codes(values: pd.Series, name: str, censoring: tuple[str, ...]) -> tuple[list[str], np.ndarray]:
    """Exit-type labels and per-row codes (0 = censored, k = k-th exit type)."""
    if values.isna().any():
        raise ModelSpecError(f"exit column {name!r} has missing values")
    if isinstance(values.dtype, pd.CategoricalDtype):
        order = [str(c) for c in values.cat.categories]
    else:
        order = sorted({str(v) for v in values})
    labels = [label for label in order if label not in censoring]
    if not labels:
        raise ModelSpecError(
            f"exit column {name!r} has no exit other than the censoring labels {list(censoring)}"
        )
    found = {str(v) for v in values}
    if censoring and not found & set(censoring):
        raise ModelSpecError(
            f"no row of {name!r} has a censoring label {list(censoring)} (values: {sorted(found)}); "
            "pass censoring=() if every row really ends in an exit"
        )
    lookup = {label: k + 1 for k, label in enumerate(labels)} | dict.fromkeys(censoring, 0)
    return labels, np.array([lookup[str(v)] for v in values], dtype=np.int64)


def _influence_variance(
    start: np.ndarray,
    stop: np.ndarray,
    codes: np.ndarray,
    times: np.ndarray,
    hazard_cause: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Infinitesimal-jackknife variances of ``S(t)`` and each ``F_j(t)``, plus the estimates.

    For row ``i`` at time ``t_k`` with ``n_k`` at risk, the hazard derivatives
    are ``(dN_ijk - Y_ik h_jk) / n_k``; the product-limit recursion carries
    them to ``dS_k / dw_i`` and ``dF_jk / dw_i``. Rows with the same
    (start, stop, exit) have the same influence and are handled once, weighted
    by their count.
    """
    keys = np.column_stack([start, stop, codes.astype(np.float64)])
    unique_rows, copies = np.unique(keys, axis=0, return_counts=True)
    u_start, u_at = unique_rows[:, 0], np.searchsorted(times, unique_rows[:, 1])
    u_code = unique_rows[:, 2].astype(np.int64)
    n_risk = _at_risk(start, stop, times)
    m, K = hazard_cause.shape
    weight = copies.astype(np.float64)
    d_survival = np.zeros(len(weight))
    d_incidence = np.zeros((len(weight), K))
    survival_before = 1.0
    incidence = np.zeros(K)
    out_s, out_f = np.empty(m), np.empty((m, K))
    var_s, var_f = np.empty(m), np.empty((m, K))
    hazard = hazard_cause.sum(axis=1)
    for k in range(m):
        at_risk = (u_start < times[k]) & (u_at >= k)
        ends_here = u_at == k
        d_cause = -(at_risk[:, None] * hazard_cause[k])
        rows = np.flatnonzero(ends_here & (u_code > 0))
        d_cause[rows, u_code[rows] - 1] += 1.0
        d_cause /= n_risk[k]
        d_all = d_cause.sum(axis=1)
        d_incidence += d_survival[:, None] * hazard_cause[k] + survival_before * d_cause
        d_survival = d_survival * (1.0 - hazard[k]) - survival_before * d_all
        incidence = incidence + survival_before * hazard_cause[k]
        survival_before = survival_before * (1.0 - hazard[k])
        out_s[k], out_f[k] = survival_before, incidence
        var_s[k] = weight @ d_survival**2
        var_f[k] = weight @ d_incidence**2
    return var_s, var_f, out_s, out_f
