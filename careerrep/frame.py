"""One case record <-> one flat row (the layout of ``CaseTable.to_frame()``, CSV and Parquet).

Columns are field paths: ``window.start``, ``source_mix.social``. Breakdown
shares get one column per key, ``source_mix.platforms:Facebook`` (empty =
not reported, which is not the same as 0). Parts that are lists
(``comment_samples``, ``source_mix.outlets``) are stored as JSON text in one
column, so a case with any number of comment samples still fits one row and
nothing is lost in a round trip. Dated coverage (``coverage``, see
:mod:`careerrep.case_coverage`) is one JSON object per cell in the same way;
the column is there only when some case has it. The outcome scale is written in a ``scale``
column as a JSON list (``["fired", "resigned", ...]``; the older
``fired < resigned < ...`` is still read) so a CSV file carries its own scale.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections.abc import Mapping
from typing import Any

import pandas as pd

from careerrep.errors import CellError as CellError  # its home is errors.py
from careerrep.parts import SourceMix
from careerrep.records import CaseRecord

TEXT_FIELDS = ("case_id", "official", "country", "position", "event", "citation", "notes")
BREAKDOWNS = ("media_types", "platforms", "regions")
SENTIMENT = ("negative", "neutral", "positive")
INT_COLUMNS = (
    "mentions",
    "publication_sentiment.negative",
    "publication_sentiment.neutral",
    "publication_sentiment.positive",
    "follow_up.mentions",
)
DATE_COLUMNS = (
    "window.start",
    "window.end",
    "outcome_date",
    "follow_up.window.start",
    "follow_up.window.end",
)
JSON_COLUMNS = ("comment_samples", "source_mix.outlets", "follow_up.source_mix.outlets", "coverage")
MIX_PREFIXES = ("source_mix", "follow_up.source_mix")
FIXED_COLUMNS = frozenset(
    (
        *TEXT_FIELDS,
        "window.start",
        "window.end",
        "mentions",
        *(f"publication_sentiment.{tone}" for tone in SENTIMENT),
        "comment_samples",
        "follow_up.window.start",
        "follow_up.window.end",
        "follow_up.mentions",
        "outcome",
        "outcome_date",
        "scale",
        "coverage",
        *(f"{prefix}.{name}" for prefix in MIX_PREFIXES for name in ("mass_media", "social", "outlets")),
    )
)
# What a writer puts in a cell: ASCII digits only (no "5_6_7", no "٤٢", no spaces).
_INT_TEXT = re.compile(r"-?[0-9]+", re.ASCII)
_FLOAT_TEXT = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?", re.ASCII)


# --- record -> row -------------------------------------------------------------------------


def _mix_to_row(mix: SourceMix | None, prefix: str) -> dict[str, Any]:
    if mix is None:
        return {}
    row: dict[str, Any] = {f"{prefix}.mass_media": mix.mass_media, f"{prefix}.social": mix.social}
    for name in BREAKDOWNS:
        for key, share in getattr(mix, name).items:
            row[f"{prefix}.{name}:{key}"] = share
    row[f"{prefix}.outlets"] = json.dumps([list(pair) for pair in mix.outlets], ensure_ascii=False)
    return row


def record_to_row(record: CaseRecord) -> dict[str, Any]:
    """The flat row of one record (dates as ``datetime.date``, missing as ``None``)."""
    row: dict[str, Any] = {name: getattr(record, name) for name in TEXT_FIELDS}
    row["window.start"] = record.window.start
    row["window.end"] = record.window.end
    row["mentions"] = record.mentions
    row.update(_mix_to_row(record.source_mix, "source_mix"))
    sentiment = record.publication_sentiment
    for tone in SENTIMENT:
        row[f"publication_sentiment.{tone}"] = None if sentiment is None else getattr(sentiment, tone)
    row["comment_samples"] = json.dumps(
        [sample.to_dict() for sample in record.comment_samples], ensure_ascii=False
    )
    follow = record.follow_up
    if follow is not None:
        row["follow_up.window.start"] = follow.window.start
        row["follow_up.window.end"] = follow.window.end
        row["follow_up.mentions"] = follow.mentions
        row.update(_mix_to_row(follow.source_mix, "follow_up.source_mix"))
    row["outcome"] = record.outcome
    row["outcome_date"] = record.outcome_date
    # JSON, not "a < b": a label may itself hold '<' or leading spaces ('left <1 year').
    row["scale"] = json.dumps(list(record.scale.labels), ensure_ascii=False)
    if record.coverage is not None:
        # Column-wise JSON, one cell per case: the series stays with its case in every flat format.
        row["coverage"] = json.dumps(record.coverage.to_dict(), separators=(",", ":"))
    return row


# --- row -> record -------------------------------------------------------------------------


def _missing(value: object) -> bool:
    return (
        value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and math.isnan(value))
    )


def _cell(row: Mapping[str, Any], column: str) -> Any:
    """The cell's value with every kind of missing turned into ``None``."""
    value = row.get(column)
    return None if _missing(value) else value


def _text(row: Mapping[str, Any], column: str) -> str | None:
    value = _cell(row, column)
    if value is None:
        return None
    if not isinstance(value, str):
        raise CellError(column, value, "is not text")
    return value


def _int(row: Mapping[str, Any], column: str) -> int | None:
    value = _cell(row, column)
    if value is None:
        return None
    if isinstance(value, bool):
        raise CellError(column, value, "is not an integer")
    if isinstance(value, int):
        return value
    if hasattr(value, "is_integer") and hasattr(value, "__int__"):
        # numpy integers and floats from untyped readers; a fractional count is refused.
        if float(value).is_integer():
            return int(value)
        raise CellError(column, value, "is not an integer count")
    if isinstance(value, str):
        if _INT_TEXT.fullmatch(value) is None:
            raise CellError(column, value, "is not an integer")
        return int(value)
    raise CellError(column, value, "is not an integer")


def _float(row: Mapping[str, Any], column: str) -> float | None:
    value = _cell(row, column)
    if value is None:
        return None
    if isinstance(value, str):
        if _FLOAT_TEXT.fullmatch(value) is None:
            raise CellError(column, value, "is not a number")
        return float(value)
    if isinstance(value, bool) or not hasattr(value, "__float__"):
        raise CellError(column, value, "is not a number")
    return float(value)


def _date(row: Mapping[str, Any], column: str) -> dt.date | None:
    value = _cell(row, column)
    if value is None:
        return None
    if isinstance(value, pd.Timestamp | dt.datetime):
        if (value.hour, value.minute, value.second, value.microsecond) != (0, 0, 0, 0):
            raise CellError(column, str(value), "has a time of day; a date is expected")
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise CellError(column, value, "is not an ISO date (YYYY-MM-DD)") from None
    raise CellError(column, value, "is not a date")


def _json(row: Mapping[str, Any], column: str) -> Any:
    value = _text(row, column)
    if value is None:
        return None
    try:
        return json.loads(value)
    except json.JSONDecodeError as error:
        raise CellError(column, value[:60], f"is not valid JSON ({error.msg})") from None


def _mix_from_row(row: Mapping[str, Any], prefix: str) -> dict[str, Any] | None:
    mass = _float(row, f"{prefix}.mass_media")
    social = _float(row, f"{prefix}.social")
    if mass is None and social is None:
        return None
    mix: dict[str, Any] = {"mass_media": mass, "social": social}
    for name in BREAKDOWNS:
        head = f"{prefix}.{name}:"
        shares = {}
        for column in row:
            if column.startswith(head):
                share = _float(row, column)
                if share is not None:
                    shares[column[len(head) :]] = share
        mix[name] = shares
    mix["outlets"] = _json_list(row, f"{prefix}.outlets")
    return mix


def _json_list(row: Mapping[str, Any], column: str) -> list[Any]:
    """A JSON list cell (empty cell = empty list); ``{}`` or a number is refused, not read as none."""
    value = _json(row, column)
    if value is None:
        return []
    if not isinstance(value, list):
        raise CellError(column, str(row.get(column))[:60], "is not a JSON list")
    return value


def row_to_dict(row: Mapping[str, Any]) -> dict[str, Any]:
    """The :meth:`CaseRecord.from_dict` input for one flat row (raises :class:`CellError`)."""
    data: dict[str, Any] = {name: _text(row, name) for name in TEXT_FIELDS}
    data["window"] = {"start": _date(row, "window.start"), "end": _date(row, "window.end")}
    data["mentions"] = _int(row, "mentions")
    data["source_mix"] = _mix_from_row(row, "source_mix")
    counts = {tone: _int(row, f"publication_sentiment.{tone}") for tone in SENTIMENT}
    given = [value is not None for value in counts.values()]
    if any(given) and not all(given):
        column = f"publication_sentiment.{SENTIMENT[given.index(False)]}"
        raise CellError(column, None, "is empty while the other sentiment counts are given")
    data["publication_sentiment"] = counts if all(given) else None
    data["comment_samples"] = _json_list(row, "comment_samples")
    follow_start = _date(row, "follow_up.window.start")
    follow_mentions = _int(row, "follow_up.mentions")
    if follow_start is None and follow_mentions is None:
        data["follow_up"] = None
    else:
        data["follow_up"] = {
            "window": {"start": follow_start, "end": _date(row, "follow_up.window.end")},
            "mentions": follow_mentions,
            "source_mix": _mix_from_row(row, "follow_up.source_mix"),
        }
    data["outcome"] = _text(row, "outcome")
    data["outcome_date"] = _date(row, "outcome_date")
    data["scale"] = _scale(row)
    data["coverage"] = _json_object(row, "coverage")
    return data


def _json_object(row: Mapping[str, Any], column: str) -> dict[str, Any] | None:
    """A JSON object cell (empty cell = none); a list or a number is refused."""
    value = _json(row, column)
    if value is None:
        return None
    if not isinstance(value, dict):
        raise CellError(column, str(row.get(column))[:60], "is not a JSON object")
    return value


def _scale(row: Mapping[str, Any]) -> list[Any] | None:
    """The scale column: a JSON list of labels, or (files of careerrep 0.1) ``fired < resigned < ...``."""
    text = _text(row, "scale")
    if text is None:
        return None
    if text.startswith("["):
        labels = _json(row, "scale")
        if not isinstance(labels, list):
            raise CellError("scale", text[:60], "is not a JSON list of outcome labels")
        return labels
    return [label.strip() for label in text.split("<")]


def unknown_columns(columns: list[str]) -> list[str]:
    """Columns that are not part of the flat layout (a typo would otherwise be read as 'not reported')."""
    unknown = []
    for column in columns:
        if column in FIXED_COLUMNS:
            continue
        head, colon, key = column.partition(":")
        prefix, _, name = head.rpartition(".")
        if colon and key and prefix in MIX_PREFIXES and name in BREAKDOWNS:
            continue
        unknown.append(column)
    return unknown


def column_for_field(field: str) -> str:
    """The frame column that holds a record field path (for error messages)."""
    for json_column in JSON_COLUMNS:
        if field.startswith(json_column) and json_column != "comment_samples":
            return json_column
    if field.startswith("comment_samples"):
        return "comment_samples"
    for name in BREAKDOWNS:
        marker = f".{name}."
        if marker in field:
            head, key = field.split(marker, 1)
            return f"{head}.{name}:{key}"
        if field.endswith(f".{name}"):
            return f"{field}:*"  # the whole breakdown (e.g. its shares sum above 1)
    return field
