"""CaseTable: an ordered collection of case records, and its files.

A table turns records into a flat pandas frame and back, and reads and writes
CSV, JSON and Parquet without losing anything (dates, missing values, nested
breakdowns, comment samples, per-case dated coverage -- see
:mod:`careerrep.case_coverage` for how each format holds it). :meth:`CaseTable.signals` gives the model-ready
one-row-per-case frame.

Readers are all-or-nothing: the first bad value raises
:class:`~careerrep.errors.TableReadError` naming the row, the column and the
case, and no table is returned. Writers write to a temporary file and move it
into place, so a failed write leaves no half-written file behind.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, overload

import pandas as pd

from careerrep._atomic import atomic_write
from careerrep.case_coverage import COVERAGE_COUNTS
from careerrep.csvcheck import CsvShapeError, scan_csv
from careerrep.errors import ArgumentTypeError, CaseRecordError, TableReadError, UnknownNameError
from careerrep.frame import (
    DATE_COLUMNS,
    INT_COLUMNS,
    CellError,
    column_for_field,
    record_to_row,
    row_to_dict,
    unknown_columns,
)
from careerrep.records import CaseRecord
from careerrep.scale import CAREER_SCALE, OutcomeScale

if TYPE_CHECKING:
    from careerrep.ingest.coverage import DatedCoverage

JSON_FORMAT_VERSION = 1


@dataclass(frozen=True, init=False)
class CaseTable:
    """An ordered, immutable collection of :class:`CaseRecord` on one outcome scale.

    Parameters
    ----------
    records
        The cases, in the order the table keeps. Case ids must be unique.
    scale
        The outcome scale every record uses; by default the first record's
        scale (or :data:`CAREER_SCALE` for an empty table).
    """

    records: tuple[CaseRecord, ...]
    scale: OutcomeScale

    def __init__(self, records: Iterable[CaseRecord], scale: OutcomeScale | None = None) -> None:
        records = tuple(records)
        for i, record in enumerate(records):
            if not isinstance(record, CaseRecord):
                raise ArgumentTypeError(f"records[{i}] is a {type(record).__name__}, not a CaseRecord")
        if scale is None:
            scale = records[0].scale if records else CAREER_SCALE
        seen: set[str] = set()
        for record in records:
            if record.case_id in seen:
                raise CaseRecordError(f"case {record.case_id!r}: case_id appears twice in the table")
            seen.add(record.case_id)
            if record.scale != scale:
                raise CaseRecordError(
                    f"case {record.case_id!r}: scale = {record.scale} differs from the table's scale {scale}"
                )
        object.__setattr__(self, "records", records)
        object.__setattr__(self, "scale", scale)

    # --- collection behaviour ----------------------------------------------------------

    def __len__(self) -> int:
        return len(self.records)

    def __repr__(self) -> str:
        """A few lines: size, scale, first and last case ids and the outcome counts (not every record)."""
        ids = [r.case_id for r in self.records]
        shown = ", ".join(map(repr, ids if len(ids) <= 4 else [*ids[:2], "...", ids[-1]])).replace(
            "'...'", "..."
        )
        counts: dict[str, int] = dict.fromkeys(map(str, self.scale.labels), 0)
        for record in self.records:
            label = "no outcome" if record.outcome is None else str(record.outcome)
            counts[label] = counts.get(label, 0) + 1
        outcomes = ", ".join(f"{label} {n}" for label, n in counts.items() if n) or "none"
        return (
            f"CaseTable({len(ids)} cases on the scale {' < '.join(self.scale.labels)};\n"
            f"  case ids {shown or '(none)'};\n  outcomes: {outcomes})"
        )

    def __iter__(self) -> Iterator[CaseRecord]:
        return iter(self.records)

    @overload
    def __getitem__(self, key: int | str) -> CaseRecord: ...
    @overload
    def __getitem__(self, key: slice) -> CaseTable: ...
    def __getitem__(self, key: int | str | slice) -> CaseRecord | CaseTable:
        """A record by position or case id, or a sub-table by slice."""
        if isinstance(key, slice):
            return CaseTable(self.records[key], scale=self.scale)
        if isinstance(key, str):
            for record in self.records:
                if record.case_id == key:
                    return record
            raise UnknownNameError(f"no case {key!r} in the table")
        return self.records[key]

    @property
    def case_ids(self) -> tuple[str, ...]:
        """Case ids in table order."""
        return tuple(record.case_id for record in self.records)

    # --- frames ------------------------------------------------------------------------

    def to_frame(self) -> pd.DataFrame:
        """One row per case in the flat layout of :mod:`careerrep.frame`.

        Dates are ``datetime64``, counts nullable ``Int64``, shares ``float``
        (NaN = not reported), ``outcome`` an ordered Categorical on the scale.
        """
        rows = [record_to_row(record) for record in self.records]
        frame = pd.DataFrame(rows)
        if frame.empty:
            frame = pd.DataFrame(columns=list(record_to_row_template()))
        for column in frame.columns:
            if column in INT_COLUMNS:
                frame[column] = frame[column].astype("Int64")
            elif column in DATE_COLUMNS:
                frame[column] = pd.to_datetime(frame[column])
        frame["outcome"] = pd.Categorical(frame["outcome"], dtype=self.scale.dtype)
        return frame

    @classmethod
    def from_frame(cls, frame: pd.DataFrame, scale: OutcomeScale | None = None) -> CaseTable:
        """Rebuild a table from :meth:`to_frame` output (or a frame with the same columns).

        Raises
        ------
        TableReadError
            For the first bad value, naming its row (1-based), column and case.
        """
        columns = [str(c) for c in frame.columns]
        if "case_id" not in columns:
            raise TableReadError("the table has no 'case_id' column")
        twice = sorted({c for c in columns if columns.count(c) > 1})
        if twice:
            raise TableReadError(f"column(s) {', '.join(map(repr, twice))} appear more than once")
        unknown = unknown_columns(columns)
        if unknown:
            raise TableReadError(
                f"unknown column(s) {', '.join(map(repr, unknown))}: not part of the case-table layout "
                "(a misspelt column would otherwise read as 'not reported')"
            )
        records = []
        for position, row in enumerate(frame.to_dict(orient="records"), start=1):
            records.append(_record_from_row({str(k): v for k, v in row.items()}, position, scale))
        return _unique_table(records, scale, "row")

    def dated_coverage(self) -> DatedCoverage:
        """The cases' dated coverage as one ``case_id``-keyed series (for ``person_periods``).

        Cases without a ``coverage`` part have no rows; an event type a case
        lacks counts 0 there.

        Raises
        ------
        CaseRecordError
            When no case has coverage, or cases mix daily and weekly coverage.
        """
        from careerrep.ingest.coverage import DatedCoverage

        having = [record for record in self.records if record.coverage is not None]
        if not having:
            raise CaseRecordError("no case in the table has dated coverage")
        frequencies = {record.coverage.frequency for record in having}  # type: ignore[union-attr]
        if len(frequencies) > 1:
            raise CaseRecordError("the table mixes daily and weekly coverage; one series needs one frequency")
        parts = [record.coverage.to_frame().assign(case_id=record.case_id) for record in having]  # type: ignore[union-attr]
        frame = pd.concat(parts, ignore_index=True)
        events = sorted(c for c in frame.columns if str(c).startswith("event_"))
        frame[events] = frame[events].fillna(0).astype("int64")
        frame = frame[["case_id", "date", *COVERAGE_COUNTS, *events]]
        return DatedCoverage(frame=frame, key="case_id", frequency=frequencies.pop())

    def signals(self) -> pd.DataFrame:
        """Model-ready signals, one row per case (see :func:`careerrep.signals.signals`)."""
        from careerrep.signals import signals

        return signals(self)

    # --- files -------------------------------------------------------------------------

    def to_csv(self, path: str | os.PathLike[str]) -> None:
        """Write the flat frame as UTF-8 CSV (dates ISO, missing empty)."""
        frame = self.to_frame()
        for column in DATE_COLUMNS:
            if column in frame.columns:
                frame[column] = frame[column].dt.strftime("%Y-%m-%d")
        # CRLF line ends: the csv writer then quotes every cell holding a bare "\r" or "\n",
        # so such text reads back as written instead of splitting the row.
        _atomic_write(
            path, lambda tmp: frame.to_csv(tmp, index=False, encoding="utf-8", lineterminator="\r\n")
        )

    @classmethod
    def read_csv(cls, path: str | os.PathLike[str], scale: OutcomeScale | None = None) -> CaseTable:
        """Read a CSV written by :meth:`to_csv` (every cell read as text, then checked).

        Raises
        ------
        TableReadError
            Also for a file that is empty, has a row with more or fewer fields
            than the header, or ends without a line end (cut short).
        """
        _check_csv_shape(path)
        try:
            frame = pd.read_csv(
                path, dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8", index_col=False
            )
        except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as error:
            raise TableReadError(f"{path}: not a readable CSV file ({error})") from None
        return cls.from_frame(frame, scale=scale)

    def to_json(self, path: str | os.PathLike[str]) -> None:
        """Write ``{"format": ..., "scale": [...], "records": [...]}`` as UTF-8 JSON."""
        document = {
            "format": "careerrep.CaseTable",
            "version": JSON_FORMAT_VERSION,
            "scale": list(self.scale.labels),
            "records": [record.to_dict() for record in self.records],
        }
        text = json.dumps(document, ensure_ascii=False, indent=1, allow_nan=False)
        _atomic_write(path, lambda tmp: Path(tmp).write_text(text, encoding="utf-8"))

    @classmethod
    def read_json(cls, path: str | os.PathLike[str], scale: OutcomeScale | None = None) -> CaseTable:
        """Read a JSON file written by :meth:`to_json` (or a bare list of record dicts)."""
        try:
            # utf-8-sig: a byte-order mark (as Windows editors write) is read like the CSV reader does.
            document = json.loads(Path(path).read_text(encoding="utf-8-sig"))
        except (json.JSONDecodeError, UnicodeDecodeError) as error:
            raise TableReadError(f"{path}: not valid JSON ({error})") from None
        return cls.from_records_json(document, scale=scale)

    @classmethod
    def from_records_json(cls, document: Any, scale: OutcomeScale | None = None) -> CaseTable:
        """Build a table from parsed JSON: a :meth:`to_json` document or a list of records."""
        if isinstance(document, dict):
            _check_json_header(document)
            if document.get("scale") is not None and scale is None:
                labels = document["scale"]
                if not isinstance(labels, list):
                    raise TableReadError(f"JSON: scale = {labels!r} is not a list of outcome labels")
                scale = OutcomeScale(labels)
            items = document.get("records")
        else:
            items = document
        if not isinstance(items, list):
            raise TableReadError("JSON: expected a list of records under 'records'")
        records = []
        for position, item in enumerate(items, start=1):
            if not isinstance(item, dict):
                raise TableReadError(f"record {position}: expected an object, got {type(item).__name__}")
            try:
                records.append(CaseRecord.from_dict(item, scale=scale))
            except CaseRecordError as error:
                raise TableReadError(f"record {position}: {error}") from None
        return _unique_table(records, scale, "record")

    def to_parquet(self, path: str | os.PathLike[str]) -> None:
        """Write the flat frame as Parquet (types and the outcome's categories kept)."""
        frame = self.to_frame()
        _atomic_write(path, lambda tmp: frame.to_parquet(tmp, index=False))

    @classmethod
    def read_parquet(cls, path: str | os.PathLike[str], scale: OutcomeScale | None = None) -> CaseTable:
        """Read a Parquet file written by :meth:`to_parquet`."""
        try:
            frame = pd.read_parquet(path)
        except (OSError, ValueError) as error:
            raise TableReadError(f"{path}: not a readable Parquet file ({error})") from None
        if "outcome" in frame.columns:
            frame["outcome"] = frame["outcome"].astype(object)
        return cls.from_frame(frame, scale=scale)


def record_to_row_template() -> Sequence[str]:
    """Column names of an empty table (the fields every row has)."""
    from careerrep.frame import SENTIMENT, TEXT_FIELDS

    return (
        *TEXT_FIELDS,
        "window.start",
        "window.end",
        "mentions",
        "source_mix.mass_media",
        "source_mix.social",
        "source_mix.outlets",
        *(f"publication_sentiment.{tone}" for tone in SENTIMENT),
        "comment_samples",
        "outcome",
        "outcome_date",
        "scale",
    )


def _record_from_row(row: dict[str, Any], position: int, scale: OutcomeScale | None) -> CaseRecord:
    """One frame row as a record, or a TableReadError naming row, column and case."""
    case_id = row.get("case_id")
    where = f"row {position} (case {case_id!r})"
    try:
        data = row_to_dict(row)
        if data.get("scale") is None and scale is not None:
            data["scale"] = list(scale.labels)
        return CaseRecord.from_dict(data, scale=scale)
    except CellError as error:
        raise TableReadError(f"{where}: {error}") from None
    except CaseRecordError as error:
        field = getattr(error, "field", None)
        column = f", column {column_for_field(field)!r}" if field else ""
        raise TableReadError(f"{where}{column}: {error}") from None


def _atomic_write(path: str | os.PathLike[str], write: Callable[[str], object]) -> None:
    """Write through a temporary file in the same folder, then move it into place."""
    atomic_write(path, write)


def _unique_table(records: list[CaseRecord], scale: OutcomeScale | None, unit: str) -> CaseTable:
    """The table, or a TableReadError naming both rows (or records) of a repeated case id."""
    first: dict[str, int] = {}
    for position, record in enumerate(records, start=1):
        if record.case_id in first:
            raise TableReadError(
                f"{unit} {position} (case {record.case_id!r}): case_id already used in {unit} "
                f"{first[record.case_id]}"
            )
        first[record.case_id] = position
    try:
        return CaseTable(records, scale=scale)
    except CaseRecordError as error:  # a record on another scale than the one asked for
        raise TableReadError(str(error)) from None


_JSON_KEYS = {"format", "version", "scale", "records"}


def _check_json_header(document: dict[str, Any]) -> None:
    """Refuse a document of another format, a newer version, or unknown top-level keys."""
    fmt = document.get("format", "careerrep.CaseTable")
    if fmt != "careerrep.CaseTable":
        raise TableReadError(f"JSON: format = {fmt!r}, expected 'careerrep.CaseTable'")
    version = document.get("version", JSON_FORMAT_VERSION)
    if isinstance(version, bool) or not isinstance(version, int) or not 1 <= version <= JSON_FORMAT_VERSION:
        raise TableReadError(
            f"JSON: version = {version!r} is not one this careerrep reads (1 to {JSON_FORMAT_VERSION})"
        )
    unknown = sorted(set(document) - _JSON_KEYS)
    if unknown:
        raise TableReadError(f"JSON: unknown key(s) {', '.join(map(repr, unknown))}")


def _check_csv_shape(path: str | os.PathLike[str]) -> None:
    """Refuse a CSV file that pandas would read with rows padded, merged or cut short."""
    if not Path(path).is_file():
        what = "is a folder, not a file" if Path(path).is_dir() else "does not exist"
        raise TableReadError(f"{path}: {what}")
    try:
        layout = scan_csv(path, ",", "utf-8-sig")
    except CsvShapeError as error:
        raise TableReadError(f"{path}: {error}") from None
    if not layout.header:
        raise TableReadError(f"{path}: the file is empty (not even a header)")
    if layout.cut:
        line = int(layout.starts[-1]) if len(layout.starts) else 1
        raise TableReadError(
            f"{path}: line {line} has no line end: the file looks cut short (every file to_csv writes "
            "ends with one)"
        )
    names = [name.lstrip("\ufeff") for name in layout.header]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise TableReadError(f"{path}: line 1: column(s) {', '.join(map(repr, twice))} appear more than once")
    bad = layout.short_or_long()
    if len(bad):
        raise TableReadError(f"{path}: line {int(layout.starts[bad[0]])} {layout.describe(int(bad[0]))}")
