"""Tenure spells: validated (start, end] intervals with an exit type on a competing-exit scale.

A spell is one official in one post (or one tenure) from ``start`` to ``end``;
``exit`` says how it ended: one of the scale's competing exit types
(``"fired"``, ``"resigned"``, ``"promoted"``...) or one of its censoring
reasons (``"censored"``, ``"election"``, ``"reshuffle"``: the spell was still
running, or ended for a reason that is not an exit under study).

Validation refuses what cannot be true, naming the case, the field and the
dates: an end on or before the start, an end after the end of follow-up, an
exit type not on the scale, two spells of one official that overlap. Nothing
is half built: the table either validates as a whole or raises.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from careerrep.errors import SpellError

__all__ = ["CAREER_EXITS", "ExitScale", "SpellTable"]

#: how many problems one error message lists before it says "and N more".
_SHOWN_PROBLEMS = 5


@dataclass(frozen=True)
class ExitScale:
    """Competing exit types and the labels that mean "censored".

    Parameters
    ----------
    exits
        The competing exit types, in the order their codes take (1, 2, ...).
    censoring
        Labels meaning the spell ended without an exit under study (code 0),
        e.g. ``("censored", "election")``.
    """

    exits: tuple[str, ...]
    censoring: tuple[str, ...] = ("censored",)

    def __post_init__(self) -> None:
        object.__setattr__(self, "exits", tuple(str(x) for x in self.exits))
        object.__setattr__(self, "censoring", tuple(str(x) for x in self.censoring))
        if not self.exits:
            raise SpellError("an exit scale needs at least one exit type")
        if not self.censoring:
            raise SpellError("an exit scale needs at least one censoring label")
        labels = self.exits + self.censoring
        if "none" in labels:
            raise SpellError("'none' is reserved (person-period rows without an exit); rename that label")
        duplicated = sorted({x for x in labels if labels.count(x) > 1})
        if duplicated:
            raise SpellError(f"exit scale labels {duplicated} appear more than once")

    @property
    def labels(self) -> tuple[str, ...]:
        """Every label the scale accepts: exits then censoring labels."""
        return self.exits + self.censoring

    def code(self, label: str) -> int:
        """``0`` for a censoring label, ``k`` for the k-th exit type (1-based)."""
        if label in self.censoring:
            return 0
        return self.exits.index(label) + 1


#: fired / resigned / promoted, censored at the end of the data, an election or a reshuffle.
CAREER_EXITS = ExitScale(("fired", "resigned", "promoted"), ("censored", "election", "reshuffle"))


@dataclass(frozen=True, eq=False)
class SpellTable:
    """A validated table of tenure spells, one row per spell.

    Build it with :meth:`from_frame`. ``frame`` holds the columns
    ``case_id``, ``official``, ``start``, ``end`` (``datetime64[ns]`` dates),
    ``exit`` (a string on ``scale``) and any further per-spell covariates the
    input had, in input order.
    """

    frame: pd.DataFrame = field(repr=False)
    scale: ExitScale
    follow_up_end: pd.Timestamp | None = None

    @classmethod
    def from_frame(
        cls,
        data: pd.DataFrame,
        scale: ExitScale,
        *,
        case: str = "case_id",
        official: str = "official",
        start: str = "start",
        end: str = "end",
        exit: str = "exit",
        follow_up_end: str | pd.Timestamp | None = None,
    ) -> SpellTable:
        """Validate ``data`` as spells on ``scale`` (column names given by the keywords).

        ``follow_up_end`` is the last date the data could observe; a spell
        ending after it is refused. Raises :class:`SpellError` naming each
        bad case, the field and the dates.
        """
        columns = {case: "case_id", official: "official", start: "start", end: "end", exit: "exit"}
        missing = [name for name in columns if name not in data.columns]
        if missing:
            raise SpellError(f"spell columns {missing} are not in the data (columns: {list(data.columns)})")
        frame = data.rename(columns=columns).reset_index(drop=True)
        frame["case_id"] = frame["case_id"].astype(str)
        frame["official"] = frame["official"].astype(str)
        for name in ("start", "end"):
            frame[name] = _dates(frame, name)
        frame["exit"] = frame["exit"].astype(str)
        horizon = None if follow_up_end is None else pd.Timestamp(follow_up_end)
        _validate(frame, scale, horizon)
        return cls(frame=frame, scale=scale, follow_up_end=horizon)

    def __len__(self) -> int:
        return len(self.frame)

    @property
    def durations(self) -> np.ndarray:
        """Spell lengths in days (float64; ``end - start``)."""
        return ((self.frame["end"] - self.frame["start"]).dt.days).to_numpy(dtype=np.float64)

    @property
    def exit_codes(self) -> np.ndarray:
        """``0`` for censored spells, ``k`` for the k-th exit type of the scale."""
        return np.array([self.scale.code(x) for x in self.frame["exit"]], dtype=np.int64)

    def survival_frame(self) -> pd.DataFrame:
        """The spells with ``time`` (days), ``status`` (exit code) and ``exit_type`` columns added.

        ``exit_type`` is a Categorical over ``("censored",) + scale.exits``, the
        coding that cause-specific and cumulative-incidence estimators take.
        """
        out = self.frame.copy()
        out["time"] = self.durations
        out["status"] = self.exit_codes
        labels = ("censored", *self.scale.exits)
        out["exit_type"] = pd.Categorical.from_codes(self.exit_codes, categories=pd.Index(labels))
        return out


def _dates(frame: pd.DataFrame, name: str) -> pd.Series:
    converted = pd.to_datetime(frame[name], errors="coerce")
    bad = converted.isna() & frame[name].notna() | frame[name].isna()
    if bad.any():
        rows = frame.loc[bad, ["case_id", name]]
        shown = ", ".join(f"case {c!r}: {name} = {v!r}" for c, v in rows.itertuples(index=False))
        raise SpellError(f"spell dates that are missing or not dates: {shown}")
    return converted.astype("datetime64[ns]")


def _day(value: object) -> str:
    return pd.Timestamp(value).strftime("%Y-%m-%d")  # type: ignore[arg-type]


def _validate(frame: pd.DataFrame, scale: ExitScale, horizon: pd.Timestamp | None) -> None:
    problems: list[str] = []
    case = frame["case_id"].tolist()
    starts, ends = frame["start"].tolist(), frame["end"].tolist()
    duplicated = frame["case_id"][frame["case_id"].duplicated()].unique()
    problems += [f"case {c!r}: case_id appears more than once" for c in duplicated]
    for i in np.flatnonzero((frame["end"] <= frame["start"]).to_numpy()):
        problems.append(f"case {case[i]!r}: end = {_day(ends[i])} is not after start = {_day(starts[i])}")
    if horizon is not None:
        for i in np.flatnonzero((frame["end"] > horizon).to_numpy()):
            problems.append(
                f"case {case[i]!r}: end = {_day(ends[i])} is after the end of follow-up {_day(horizon)}"
            )
    exits = frame["exit"].tolist()
    for i in np.flatnonzero(~frame["exit"].isin(scale.labels).to_numpy()):
        problems.append(
            f"case {case[i]!r}: exit = {exits[i]!r} is not on the exit scale {list(scale.labels)}"
        )
    problems += _overlaps(frame)
    if problems:
        raise SpellError(_joined(problems))


def _overlaps(frame: pd.DataFrame) -> list[str]:
    """Spells of one official whose (start, end] intervals share a day."""
    ordered = frame.sort_values(["official", "start", "end"], kind="stable")
    official = ordered["official"].to_numpy()
    start, end = ordered["start"].to_numpy(), ordered["end"].to_numpy()
    case = ordered["case_id"].to_numpy()
    # (start, end] intervals: the next spell may begin on the day the previous one ended.
    overlap = np.flatnonzero((official[1:] == official[:-1]) & (start[1:] < end[:-1]))
    return [
        f"official {official[i]!r}: case {case[i]!r} ({_day(start[i])} to {_day(end[i])}) overlaps "
        f"case {case[i + 1]!r} (start = {_day(start[i + 1])})"
        for i in overlap
    ]


def _joined(problems: Iterable[str]) -> str:
    listed = list(problems)
    shown = "; ".join(listed[:_SHOWN_PROBLEMS])
    more = len(listed) - _SHOWN_PROBLEMS
    return shown + (f"; and {more} more" if more > 0 else "")
