"""CaseTable: an ordered collection of case records, and its files.

A table turns records into a flat pandas frame and back, and reads and writes
CSV, JSON and Parquet without losing anything (dates, missing values, nested
breakdowns, comment samples). :meth:`CaseTable.signals` gives the model-ready
one-row-per-case frame.

Readers are all-or-nothing: the first bad value raises
:class:`~careerrep.errors.TableReadError` naming the row, the column and the
case, and no table is returned. Writers write to a temporary file and move it
into place, so a failed write leaves no half-written file behind.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, overload

import pandas as pd

from careerrep.errors import CaseRecordError, TableReadError
from careerrep.frame import (
    DATE_COLUMNS,
    INT_COLUMNS,
    CellError,
    column_for_field,
    record_to_row,
    row_to_dict,
)
from careerrep.records import CaseRecord
from careerrep.scale import CAREER_SCALE, OutcomeScale

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
                raise TypeError(f"records[{i}] is a {type(record).__name__}, not a CaseRecord")
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
            raise KeyError(f"no case {key!r} in the table")
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
        if "case_id" not in frame.columns:
            raise TableReadError("the table has no 'case_id' column")
        records = []
        for position, row in enumerate(frame.to_dict(orient="records"), start=1):
            records.append(_record_from_row({str(k): v for k, v in row.items()}, position, scale))
        return cls(records, scale=scale)

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
        _atomic_write(path, lambda tmp: frame.to_csv(tmp, index=False, encoding="utf-8"))

    @classmethod
    def read_csv(cls, path: str | os.PathLike[str], scale: OutcomeScale | None = None) -> CaseTable:
        """Read a CSV written by :meth:`to_csv` (every cell read as text, then checked)."""
        try:
            frame = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8")
        except (pd.errors.ParserError, UnicodeDecodeError) as error:
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
            document = json.loads(Path(path).read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError) as error:
            raise TableReadError(f"{path}: not valid JSON ({error})") from None
        return cls.from_records_json(document, scale=scale)

    @classmethod
    def from_records_json(cls, document: Any, scale: OutcomeScale | None = None) -> CaseTable:
        """Build a table from parsed JSON: a :meth:`to_json` document or a list of records."""
        if isinstance(document, dict):
            if document.get("scale") is not None and scale is None:
                scale = OutcomeScale(document["scale"])
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
        return cls(records, scale=scale)

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
    target = Path(path)
    handle, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent or ".")
    os.close(handle)
    try:
        write(tmp)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
