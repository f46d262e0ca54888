"""The cases file: which official, which window, what happened.

One row per case. Columns (dates ISO ``YYYY-MM-DD``):

===================  ========  ===============================================
column               required  meaning
===================  ========  ===============================================
case_id              yes       unique id, e.g. ``B-2019``
official             yes       name or pseudonym (matched against the export's
                               ``official`` column when it has one)
country              yes       country of the office
window_start         yes       first day of the event window
window_end           yes       last day of the event window (included)
outcome              no        a label on the outcome scale (``fired`` ...)
outcome_date         no        when the outcome happened
follow_up_end        no        last day of the follow-up window
follow_up_start      no        first day of it; by default the day after the
                               outcome date (or after the window, if no date)
position, event,     no        free text copied into the record
citation, notes
===================  ========  ===============================================

The cases file is small and decides where every mention goes, so it is always
read strictly: any bad row fails the read with all its problems listed.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from careerrep.errors import IngestError
from careerrep.ingest.files import row_numbers
from careerrep.ingest.mapping import normalise_label
from careerrep.parts import EventWindow
from careerrep.scale import CAREER_SCALE, OutcomeScale

REQUIRED_CASE_COLUMNS = ("case_id", "official", "country", "window_start", "window_end")
OPTIONAL_CASE_COLUMNS = (
    "outcome",
    "outcome_date",
    "follow_up_start",
    "follow_up_end",
    "position",
    "event",
    "citation",
    "notes",
)


@dataclass(frozen=True)
class CaseSpec:
    """One row of the cases file, checked.

    Attributes
    ----------
    case_id, official, country
        As in :class:`~careerrep.records.CaseRecord`.
    window
        The event window (both ends included).
    outcome, outcome_date
        The career outcome and its date, if known.
    follow_up
        The follow-up window, or ``None`` when the file gives no ``follow_up_end``.
    position, event, citation, notes
        Free text for the record.
    row
        Row of the cases file this came from (header is row 1).
    """

    case_id: str
    official: str
    country: str
    window: EventWindow
    outcome: str | None = None
    outcome_date: dt.date | None = None
    follow_up: EventWindow | None = None
    position: str | None = None
    event: str | None = None
    citation: str | None = None
    notes: str | None = None
    row: int = 0


def read_cases(
    source: str | os.PathLike[str] | pd.DataFrame, scale: OutcomeScale = CAREER_SCALE
) -> tuple[CaseSpec, ...]:
    """Read and check a cases file (CSV, any dialect the export reader knows; or ``.xlsx``) or frame.

    Row numbers in messages are the file's (header = row 1, blank rows
    counted). Outcome labels are matched case-insensitively and written as
    the scale spells them (``Fired`` -> ``fired``).

    Raises
    ------
    IngestError
        Listing every bad row (row number, column, value) and duplicated case ids.
    """
    if isinstance(source, pd.DataFrame):
        frame, name = source.astype(object).where(source.notna(), None), "cases"
    else:
        frame, name = _read_cases_csv(source), Path(source).name
    missing = [c for c in REQUIRED_CASE_COLUMNS if c not in frame.columns]
    unknown = [c for c in frame.columns if c not in REQUIRED_CASE_COLUMNS + OPTIONAL_CASE_COLUMNS]
    if missing or unknown:
        parts = [f"missing column(s) {', '.join(missing)}"] if missing else []
        parts += [f"unknown column(s) {', '.join(map(repr, unknown))}"] if unknown else []
        raise IngestError(f"{name}: {'; '.join(parts)}")
    specs: list[CaseSpec] = []
    errors: list[str] = []
    seen: dict[str, int] = {}
    off_scale = False
    for row, values in zip(row_numbers(frame), frame.to_dict(orient="records"), strict=True):
        try:
            spec = _spec(values, row, scale)
        except _CellProblem as problem:
            errors.append(f"row {row}, column {problem.column!r}: {problem.message}")
            off_scale = off_scale or problem.column == "outcome"
            continue
        if spec.case_id in seen:
            errors.append(
                f"row {row}, column 'case_id': {spec.case_id!r} already used in row {seen[spec.case_id]}"
            )
            continue
        seen[spec.case_id] = row
        specs.append(spec)
    if errors:
        # A study with its own outcome labels most likely forgot to say so: tell it how.
        hint = (
            f" (outcomes are read on the scale {scale}; give a study's own labels, lowest first, with "
            'scale=OutcomeScale([...]) or careerrep ingest --scale "low<...<high")'
            if off_scale
            else ""
        )
        raise IngestError(
            f"{name}: {len(errors)} bad case row(s), first: {errors[0]}{hint}\n  " + "\n  ".join(errors[:20])
        )
    if not specs:
        raise IngestError(f"{name}: no cases")
    return tuple(specs)


def _read_cases_csv(path: str | os.PathLike[str]) -> pd.DataFrame:
    from careerrep.ingest.files import read_small_csv
    from careerrep.ingest.mapping import ColumnMapping

    return read_small_csv(path, ColumnMapping(), "cases file")


class _CellProblem(Exception):
    def __init__(self, column: str, message: str) -> None:
        super().__init__(message)
        self.column = column
        self.message = message


def _text(values: dict[Any, Any], column: str, *, required: bool) -> str | None:
    value = values.get(column)
    if value is None or (isinstance(value, float) and value != value):
        if required:
            raise _CellProblem(column, "is empty")
        return None
    text = str(value).strip()
    if not text:
        if required:
            raise _CellProblem(column, "is empty")
        return None
    return text


def _date(values: dict[Any, Any], column: str, *, required: bool) -> dt.date | None:
    text = _text(values, column, required=required)
    if text is None:
        return None
    # Spreadsheets often save a date as "2019-07-23 00:00:00": the day is what counts.
    day = text[:10] if len(text) > 10 and text[10] in " T" else text
    try:
        return dt.date.fromisoformat(day)
    except ValueError:
        raise _CellProblem(column, f"{text!r} is not an ISO date (YYYY-MM-DD)") from None


def _required_date(values: dict[Any, Any], column: str) -> dt.date:
    day = _date(values, column, required=True)
    if day is None:  # unreachable: required=True raises on an empty cell
        raise _CellProblem(column, "is empty")
    return day


def _spec(values: dict[Any, Any], row: int, scale: OutcomeScale) -> CaseSpec:
    case_id = _text(values, "case_id", required=True)
    start = _required_date(values, "window_start")
    end = _required_date(values, "window_end")
    if end < start:
        raise _CellProblem("window_end", f"{end} is before window_start {start}")
    outcome = _outcome(values, scale)
    outcome_date = _date(values, "outcome_date", required=False)
    if outcome_date is not None and outcome_date < start:
        raise _CellProblem("outcome_date", f"{outcome_date} is before the window starts ({start})")
    follow_up = _follow_up(values, end, outcome_date)
    return CaseSpec(
        case_id=case_id,  # type: ignore[arg-type]
        official=_text(values, "official", required=True),  # type: ignore[arg-type]
        country=_text(values, "country", required=True),  # type: ignore[arg-type]
        window=EventWindow(start, end),
        outcome=outcome,
        outcome_date=outcome_date,
        follow_up=follow_up,
        position=_text(values, "position", required=False),
        event=_text(values, "event", required=False),
        citation=_text(values, "citation", required=False),
        notes=_text(values, "notes", required=False),
        row=row,
    )


def _outcome(values: dict[Any, Any], scale: OutcomeScale) -> str | None:
    """The outcome label as the scale spells it, matched case-insensitively like the export's labels."""
    text = _text(values, "outcome", required=False)
    if text is None:
        return None
    matches = [label for label in scale if normalise_label(label) == normalise_label(text)]
    if len(matches) != 1:
        raise _CellProblem("outcome", f"{text!r} is not on the scale {scale}")
    return matches[0]


def _follow_up(
    values: dict[Any, Any], window_end: dt.date, outcome_date: dt.date | None
) -> EventWindow | None:
    start = _date(values, "follow_up_start", required=False)
    end = _date(values, "follow_up_end", required=False)
    if end is None:
        if start is not None:
            raise _CellProblem("follow_up_end", "is empty but follow_up_start is given")
        return None
    if start is None:
        start = max(outcome_date or window_end, window_end) + dt.timedelta(days=1)
    if start <= window_end:
        raise _CellProblem("follow_up_start", f"{start} is not after the window ends ({window_end})")
    if end < start:
        raise _CellProblem("follow_up_end", f"{end} is before the follow-up starts ({start})")
    return EventWindow(start, end)
