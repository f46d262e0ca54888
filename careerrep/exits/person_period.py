"""Person-period rows from tenure spells, with windowed and lagged media covariates.

Each spell is cut into periods of ``period_days`` days: period ``j`` covers
``(start, stop] = ((j - 1) P, min(j P, duration)]`` days since the spell began.
The last period of a spell that ended in an exit carries ``event = 1`` and its
``exit_type``; every other row has ``event = 0`` and ``exit_type = "none"``.

Time-varying covariates come from a dated coverage series (one row per case
and calendar day; see :mod:`careerrep.ingest.coverage`). **No look-ahead**: the
covariate of a period that opens on calendar day ``D`` with lag ``L`` uses
only coverage dated on or before ``D - 1 - L`` (coverage of day ``D`` is only
complete at its end, after the period has begun). The lag is in every column
name (``negative_sum_30d_lag7d``), so a table says what it used.

Coverage dated after a spell ended cannot explain that exit: it is refused
(naming the case and the dates) unless the caller asks to drop it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from careerrep.errors import SpellError
from careerrep.exits.spells import SpellTable

__all__ = ["Cumulative", "DaysSince", "Share", "Strikes", "Window", "person_periods"]

#: exit_type of a row whose period does not end in an exit.
NO_EXIT = "none"


@dataclass(frozen=True)
class Window:
    """Sum of ``column`` over the ``days`` days ending ``lag`` days before the period opens."""

    column: str
    days: int
    lag: int = 0

    @property
    def name(self) -> str:
        """Column name in the output."""
        return f"{self.column}_sum_{self.days}d_lag{self.lag}d"


@dataclass(frozen=True)
class Share:
    """``numerator / denominator`` summed over a ``days`` window (NaN where the denominator is 0)."""

    numerator: str
    denominator: str
    days: int
    lag: int = 0

    @property
    def name(self) -> str:
        """Column name in the output."""
        return f"{self.numerator}_share_{self.days}d_lag{self.lag}d"


@dataclass(frozen=True)
class Cumulative:
    """Sum of ``column`` from the spell's first day up to ``lag`` days before the period opens."""

    column: str
    lag: int = 0

    @property
    def name(self) -> str:
        """Column name in the output."""
        return f"{self.column}_cum_lag{self.lag}d"


@dataclass(frozen=True)
class Strikes:
    """Days in the spell so far (up to the lag) on which ``column >= threshold``: spikes or calls."""

    column: str
    threshold: float = 1.0
    lag: int = 0

    @property
    def name(self) -> str:
        """Column name in the output."""
        return f"{self.column}_strikes_ge{self.threshold:g}_lag{self.lag}d"


@dataclass(frozen=True)
class DaysSince:
    """Days from the last strike (``column >= threshold``) to the lagged cut-off; since the start if none."""

    column: str
    threshold: float = 1.0
    lag: int = 0

    @property
    def name(self) -> str:
        """Column name in the output."""
        return f"days_since_{self.column}_ge{self.threshold:g}_lag{self.lag}d"


Covariate = Window | Share | Cumulative | Strikes | DaysSince


def _reach(spec: Covariate) -> int:
    """How many days before the spell's start the covariate may look."""
    return spec.days + spec.lag + 1 if isinstance(spec, Window | Share) else 0


def person_periods(
    spells: SpellTable,
    period_days: int = 1,
    coverage: pd.DataFrame | None = None,
    covariates: Sequence[Covariate] = (),
    spell_columns: Sequence[str] = (),
    coverage_after_exit: str = "refuse",
) -> pd.DataFrame:
    """Expand ``spells`` to one row per spell and period, with time-varying covariates.

    Parameters
    ----------
    spells
        Validated spells.
    period_days
        Period length in days (1 daily, 7 weekly, 30 about monthly).
    coverage
        Dated coverage: columns ``case_id``, ``date`` and the numeric columns
        the covariates name, at most one row per case and day; days without a
        row count as zero coverage.
    covariates
        :class:`Window`, :class:`Share`, :class:`Cumulative`, :class:`Strikes`,
        :class:`DaysSince` specifications.
    spell_columns
        Per-spell columns of ``spells.frame`` to copy to every row.
    coverage_after_exit
        ``"refuse"`` (default: a :class:`SpellError` names the case and dates)
        or ``"drop"`` (coverage after a spell's end is ignored).

    Returns
    -------
    pandas.DataFrame
        ``case_id``, ``official`` (Categoricals), ``period`` (1-based),
        ``start``, ``stop`` (days since the spell began), ``date`` (calendar
        day the period opens), ``event`` (0/1), ``exit_type`` (Categorical
        over ``"none"`` and the scale's exits), the spell columns, then one
        column per covariate (its ``name``).
    """
    if not isinstance(period_days, int | np.integer) or period_days < 1:
        raise SpellError(f"period_days must be a positive integer, got {period_days!r}")
    if coverage_after_exit not in ("refuse", "drop"):
        raise SpellError(f"coverage_after_exit must be 'refuse' or 'drop', got {coverage_after_exit!r}")
    frame = spells.frame
    missing = [c for c in spell_columns if c not in frame.columns]
    if missing:
        raise SpellError(f"spell columns {missing} are not in the spells table")
    duration = spells.durations.astype(np.int64)
    n_periods = -(-duration // period_days)
    spell = np.repeat(np.arange(len(frame)), n_periods)
    first = np.concatenate([[0], np.cumsum(n_periods)[:-1]])
    period = np.arange(len(spell)) - np.repeat(first, n_periods) + 1
    start = (period - 1) * period_days
    stop = np.minimum(period * period_days, duration[spell])
    last = period == n_periods[spell]
    exited = spells.exit_codes[spell] > 0
    event = (last & exited).astype(np.int64)
    rows = pd.DataFrame(
        {
            # Categoricals: codes into the spells' ids, not millions of repeated strings.
            "case_id": pd.Categorical.from_codes(spell, categories=pd.Index(frame["case_id"])),
            "official": _repeated(frame["official"], spell),
            "period": period,
            "start": start.astype(np.float64),
            "stop": stop.astype(np.float64),
            "date": frame["start"].to_numpy()[spell] + pd.to_timedelta(start, unit="D"),
            "event": event,
            "exit_type": pd.Categorical.from_codes(
                np.where(event == 1, spells.exit_codes[spell], 0),
                categories=pd.Index([NO_EXIT, *spells.scale.exits]),
            ),
        }
    )
    for column in spell_columns:  # take() keeps the dtype (an ordered Categorical stays one)
        rows[column] = frame[column].take(spell).reset_index(drop=True)
    if covariates:
        if coverage is None:
            raise SpellError("covariates need a coverage table")
        grid = _CoverageGrid.build(spells, coverage, covariates, coverage_after_exit)
        for spec in covariates:
            rows[spec.name] = grid.evaluate(spec, spell, start)
    return rows


@dataclass(frozen=True, eq=False)
class _CoverageGrid:
    """Coverage on one daily grid per spell, from ``reach`` days before its start to its end.

    ``origin[s]`` is the grid index of spell ``s``'s first day; cumulative sums
    over the whole concatenated grid answer every window by two look-ups.
    """

    values: dict[str, np.ndarray]
    cumulative: dict[str, np.ndarray]
    origin: np.ndarray
    block_start: np.ndarray

    @classmethod
    def build(
        cls, spells: SpellTable, coverage: pd.DataFrame, covariates: Sequence[Covariate], after_exit: str
    ) -> _CoverageGrid:
        needed = sorted({c for spec in covariates for c in _columns(spec)})
        absent = [c for c in ["case_id", "date", *needed] if c not in coverage.columns]
        if absent:
            raise SpellError(f"coverage columns {absent} are not in the coverage table")
        frame = spells.frame
        reach = max(_reach(spec) for spec in covariates)
        # Integer keys from here on: factorising the ids once and working in day numbers avoids
        # copying and hashing millions of strings and timestamps (the bulk of the time otherwise).
        codes, uniques = pd.factorize(coverage["case_id"])
        if (codes < 0).any():
            raise SpellError(f"coverage row {int(np.flatnonzero(codes < 0)[0])} has no case_id")
        names = pd.Index(uniques).astype(str)
        spell_of = pd.Index(frame["case_id"]).get_indexer(names)
        if (spell_of < 0).any():
            unknown = sorted(np.asarray(names)[spell_of < 0].tolist())[:5]
            raise SpellError(f"coverage names cases that are not spells: {unknown}")
        spell = spell_of[codes]
        dates = pd.to_datetime(coverage["date"]).to_numpy().astype("datetime64[D]")
        if np.isnat(dates).any():
            i = int(np.flatnonzero(np.isnat(dates))[0])
            raise SpellError(f"case {names[codes[i]]!r}: coverage row {i} has no date")
        starts = frame["start"].to_numpy().astype("datetime64[D]")
        day = (dates - starts[spell]).astype(np.int64)
        repeat = _first_repeat(spell.astype(np.int64) * (1 << 32) + day)
        if repeat is not None:
            when = pd.Timestamp(dates[repeat])
            raise SpellError(f"case {names[codes[repeat]]!r}: coverage has two rows for date {when:%Y-%m-%d}")
        duration = spells.durations.astype(np.int64)
        late = day >= duration[spell]  # dated on or after the exit day: cannot explain the exit
        if late.any() and after_exit == "refuse":
            i = int(np.flatnonzero(late)[0])
            s = spell[i]
            raise SpellError(
                f"case {frame['case_id'].iloc[s]!r}: coverage dated {pd.Timestamp(dates[i]):%Y-%m-%d} "
                f"is on or after the spell's end {frame['end'].iloc[s]:%Y-%m-%d} "
                f"({int(late.sum())} such rows); pass coverage_after_exit='drop' to ignore it"
            )
        keep = (~late) & (day >= -reach)
        lengths = duration + reach
        block_start = np.concatenate([[0], np.cumsum(lengths)[:-1]])
        origin = block_start + reach
        position = origin[spell[keep]] + day[keep]
        values, cumulative = {}, {}
        for column in needed:
            numbers = pd.to_numeric(coverage[column], errors="coerce").to_numpy(dtype=np.float64)
            if np.isnan(numbers).any():
                raise SpellError(f"coverage column {column!r} has missing or non-numeric values")
            series = np.zeros(int(lengths.sum()))
            series[position] = numbers[keep]
            values[column] = series
            cumulative[column] = np.concatenate([[0.0], np.cumsum(series)])
        return cls(values=values, cumulative=cumulative, origin=origin, block_start=block_start)

    def _window(self, column: str, spell: np.ndarray, opens: np.ndarray, lag: int, days: int) -> np.ndarray:
        """Sum over grid days ``[opens - lag - days, opens - lag - 1]`` of each row's spell."""
        end = self.origin[spell] + opens - lag  # exclusive
        begin = np.maximum(end - days, self.block_start[spell])
        end = np.maximum(end, begin)
        return self.cumulative[column][end] - self.cumulative[column][begin]

    def evaluate(self, spec: Covariate, spell: np.ndarray, opens: np.ndarray) -> np.ndarray:
        """Covariate values for rows (spell index, period-opening day since start)."""
        if isinstance(spec, Window):
            return self._window(spec.column, spell, opens, spec.lag, spec.days)
        if isinstance(spec, Share):
            top = self._window(spec.numerator, spell, opens, spec.lag, spec.days)
            bottom = self._window(spec.denominator, spell, opens, spec.lag, spec.days)
            with np.errstate(divide="ignore", invalid="ignore"):
                return np.where(bottom > 0, top / bottom, np.nan)
        since_start = np.maximum(opens - spec.lag, 0)
        if isinstance(spec, Cumulative):
            return self._window(spec.column, spell, opens, spec.lag, since_start)
        return self._strikes(spec, spell, opens, since_start)

    def _strikes(
        self, spec: Strikes | DaysSince, spell: np.ndarray, opens: np.ndarray, upto: np.ndarray
    ) -> np.ndarray:
        hit = (self.values[spec.column] >= spec.threshold).astype(np.float64)
        count = np.concatenate([[0.0], np.cumsum(hit)])
        begin = self.origin[spell]
        end = begin + upto  # exclusive: days [0, opens - lag - 1] of the spell
        if isinstance(spec, Strikes):
            return count[end] - count[begin]
        # Last strike before `end`: the grid index where the running count last went up.
        last_hit = np.maximum.accumulate(np.where(hit > 0, np.arange(len(hit)), -1))
        previous = np.where(end > 0, last_hit[np.maximum(end - 1, 0)], -1)
        cutoff = opens - spec.lag  # the lagged information day, as days since start
        struck = previous >= begin
        return np.where(struck, cutoff - (previous - begin), np.maximum(cutoff, 0)).astype(np.float64)


def _first_repeat(keys: np.ndarray) -> int | None:
    """Position of a key that appears earlier too, or ``None``: O(n) for sorted keys, else a sort."""
    steps = np.diff(keys)
    if (steps > 0).all():  # coverage sorted by case and date, as it usually comes: no repeat
        return None
    order = np.argsort(keys, kind="stable")
    same = np.flatnonzero(np.diff(keys[order]) == 0)
    return None if len(same) == 0 else int(order[same + 1].min())


def _repeated(values: pd.Series, index: np.ndarray) -> pd.Categorical:
    """``values[index]`` as a Categorical over the distinct values (cheap for millions of rows)."""
    codes, uniques = pd.factorize(values)
    return pd.Categorical.from_codes(codes[index], categories=pd.Index(uniques))


def _columns(spec: Covariate) -> tuple[str, ...]:
    return (spec.numerator, spec.denominator) if isinstance(spec, Share) else (spec.column,)
