"""Reading a mention-level export in chunks: CSV, Excel-CSV and JSON lines.

The file is never loaded whole: it is read ``chunksize`` rows at a time and
each chunk is handed on as an :class:`ExportChunk` (the mapped columns as
text, renamed to careerrep's field names, with the row number of every row).

Formats
-------
``csv``
    Any delimiter among ``,``, ``;`` and tab (read from the header line).
    "Excel CSV" as saved on a machine with a Russian or Kazakh locale (semicolon
    separated, a UTF-8 byte-order mark, comma as decimal mark) is recognised:
    a ``;`` delimiter implies a ``,`` decimal mark. Encoding: UTF-8 (with or
    without BOM), else Windows-1251. Each of ``sep``, ``decimal`` and
    ``encoding`` can be set in the mapping instead.
``jsonl``
    One JSON object per line (``.jsonl``, ``.ndjson``; ``.json`` is read as
    JSON lines too). A line that is not a JSON object is a problem row.

Row numbers count as a person sees the file: in CSV the header is row 1 and
blank lines count (they become problem rows); in JSON lines, the line number.
A quoted CSV cell that spans several lines shifts the numbers after it.
"""

from __future__ import annotations

import codecs
import itertools
import json
import os
from collections.abc import Generator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from careerrep.errors import IngestError
from careerrep.ingest.mapping import REQUIRED_FIELDS, ColumnMapping
from careerrep.ingest.problems import INVALID_JSON

DEFAULT_CHUNKSIZE = 250_000
_SNIFF_BYTES = 64 * 1024
_JSONL_SUFFIXES = {".jsonl", ".ndjson", ".json"}


@dataclass(frozen=True)
class CsvDialect:
    """How a CSV file is written: delimiter, decimal mark and text encoding."""

    sep: str
    decimal: str
    encoding: str


@dataclass(frozen=True)
class ExportChunk:
    """Some consecutive rows of an export.

    Attributes
    ----------
    data
        One column per mapped field present in the file (named by field:
        ``date``, ``platform``, ...), values as text, missing as NA.
    rows
        Row number of each row of ``data`` (see the module docstring).
    decimal
        The decimal mark numbers in ``data`` are written with.
    unreadable
        Rows that could not be parsed at all, as ``(row, reason, text)``.
    """

    data: pd.DataFrame
    rows: np.ndarray
    decimal: str = "."
    unreadable: tuple[tuple[int, str, str], ...] = field(default=())


def export_format(path: str | os.PathLike[str], fmt: str | None = None) -> str:
    """``"csv"`` or ``"jsonl"``: ``fmt`` if given, else from the file's suffix."""
    if fmt is not None:
        if fmt not in ("csv", "jsonl"):
            raise IngestError(f"format = {fmt!r}: use 'csv' or 'jsonl'")
        return fmt
    return "jsonl" if Path(path).suffix.lower() in _JSONL_SUFFIXES else "csv"


def detect_dialect(path: str | os.PathLike[str], mapping: ColumnMapping) -> CsvDialect:
    """Delimiter, decimal mark and encoding of a CSV file (the mapping's settings win)."""
    with open(path, "rb") as handle:
        sample = handle.read(_SNIFF_BYTES)
    encoding = mapping.encoding
    if encoding is None:
        if sample.startswith(codecs.BOM_UTF8):
            encoding = "utf-8-sig"
        else:
            try:
                # final=False: the sample may end in the middle of a character.
                codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
                encoding = "utf-8"
            except UnicodeDecodeError:
                encoding = "cp1251"
    sep = mapping.sep
    if sep is None:
        text = sample.decode(encoding, errors="replace").lstrip("\ufeff")
        header = text.splitlines()[0] if text else ""
        counts = {candidate: header.count(candidate) for candidate in (",", ";", "\t")}
        sep = max(counts, key=lambda c: counts[c]) if any(counts.values()) else ","
    decimal = mapping.decimal or ("," if sep == ";" else ".")
    return CsvDialect(sep=sep, decimal=decimal, encoding=encoding)


def read_small_csv(path: str | os.PathLike[str], mapping: ColumnMapping, what: str) -> pd.DataFrame:
    """A small side file (cases file, comment sheet) read whole, every cell as text.

    The dialect is detected as for exports; column names are stripped; empty cells
    become ``None``. ``what`` names the file in errors (``"cases file"``).
    """
    if not Path(path).is_file():
        raise FileNotFoundError(f"{path}: no such {what}")
    dialect = detect_dialect(path, mapping)
    try:
        frame = pd.read_csv(
            path, sep=dialect.sep, encoding=dialect.encoding, dtype=str, keep_default_na=False, na_values=[""]
        )
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as error:
        raise IngestError(f"{Path(path).name}: not a readable CSV file ({error})") from None
    frame.columns = [str(c).strip() for c in frame.columns]
    return frame.astype(object).where(frame.notna(), None)


def mapped_columns(
    header: list[str], mapping: ColumnMapping, source: str, *, check: bool = True
) -> dict[str, str]:
    """Field -> column for the mapped columns the header has.

    Raises
    ------
    IngestError
        If ``check`` and a required column, or a column named in the mapping, is missing.
    """
    present = set(header)
    missing = (
        []
        if not check
        else [
            f"{name!r} ({field_name})"
            for field_name, name in mapping.columns.items()
            if (field_name in REQUIRED_FIELDS or field_name in mapping.explicit) and name not in present
        ]
    )
    if missing:
        shown = ", ".join(repr(h) for h in header[:20])
        raise IngestError(f"{source}: missing column(s) {', '.join(missing)}; the file has {shown}")
    return {field_name: name for field_name, name in mapping.columns.items() if name in present}


def read_export(
    path: str | os.PathLike[str],
    mapping: ColumnMapping,
    *,
    chunksize: int = DEFAULT_CHUNKSIZE,
    fmt: str | None = None,
) -> Generator[ExportChunk, None, None]:
    """Yield the export's rows ``chunksize`` at a time, as :class:`ExportChunk`.

    Raises
    ------
    IngestError
        If the file cannot be parsed as the format at all, or lacks a required column.
    """
    if not isinstance(chunksize, int) or chunksize < 1:
        raise IngestError(f"chunksize = {chunksize!r} is not a positive integer")
    if not Path(path).is_file():
        raise FileNotFoundError(f"{path}: no such export file")
    if export_format(path, fmt) == "jsonl":
        yield from _read_jsonl(path, mapping, chunksize)
    else:
        yield from _read_csv(path, mapping, chunksize)


def _read_csv(
    path: str | os.PathLike[str], mapping: ColumnMapping, chunksize: int
) -> Generator[ExportChunk, None, None]:
    dialect = detect_dialect(path, mapping)
    source = Path(path).name
    try:
        header = pd.read_csv(path, sep=dialect.sep, encoding=dialect.encoding, nrows=0).columns.tolist()
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as error:
        raise IngestError(f"{source}: not a readable CSV file ({error})") from None
    columns = mapped_columns(header, mapping, source)
    rename = {column: field_name for field_name, column in columns.items()}
    with pd.read_csv(
        path,
        sep=dialect.sep,
        encoding=dialect.encoding,
        usecols=list(rename),
        dtype=object,  # plain Python strings: faster to read and factorize than Arrow strings
        keep_default_na=False,
        na_values=[""],
        skip_blank_lines=False,  # a blank line keeps its row number (and becomes a problem row)
        chunksize=chunksize,
    ) as reader:
        first_row = 2  # row 1 is the header
        try:
            for frame in reader:
                frame = frame.rename(columns=rename)
                rows = np.arange(first_row, first_row + len(frame), dtype=np.int64)
                first_row += len(frame)
                yield ExportChunk(data=frame.reset_index(drop=True), rows=rows, decimal=dialect.decimal)
        except (pd.errors.ParserError, UnicodeDecodeError) as error:
            raise IngestError(f"{source}: CSV parsing failed after row {first_row - 1} ({error})") from None


def _read_jsonl(
    path: str | os.PathLike[str], mapping: ColumnMapping, chunksize: int
) -> Generator[ExportChunk, None, None]:
    source = Path(path).name
    columns: dict[str, str] | None = None
    with open(path, encoding=mapping.encoding or "utf-8-sig") as handle:
        line_number = 0
        while True:
            lines = list(itertools.islice(handle, chunksize))
            if not lines:
                break
            records: list[dict[str, object]] = []
            rows: list[int] = []
            unreadable: list[tuple[int, str, str]] = []
            for line in lines:
                line_number += 1
                try:
                    record = json.loads(line)
                except json.JSONDecodeError:
                    record = None
                if not isinstance(record, dict):
                    unreadable.append((line_number, INVALID_JSON, line.strip()[:80]))
                    continue
                records.append(record)
                rows.append(line_number)
            keys = list(dict.fromkeys(key for record in records for key in record))
            if columns is None:
                if not keys:
                    # Nothing readable yet: report these lines and look again in the next chunk.
                    yield ExportChunk(
                        pd.DataFrame(), np.array([], dtype=np.int64), unreadable=tuple(unreadable)
                    )
                    continue
                columns = mapped_columns(keys, mapping, source)
            else:
                # A key left out of every early record (an empty cell) may appear later on.
                columns = {**columns, **mapped_columns(keys, mapping, source, check=False)}
            data = pd.DataFrame.from_records(
                [[record.get(column) for column in columns.values()] for record in records],
                columns=list(columns),
            )
            yield ExportChunk(
                data=_as_text(data), rows=np.asarray(rows, dtype=np.int64), unreadable=tuple(unreadable)
            )
    if columns is None:
        raise IngestError(f"{source}: no JSON object found in the file")


def _as_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Every cell as text (numbers as written by ``str``), missing as NA, as the CSV reader gives."""
    out = pd.DataFrame(index=frame.index)
    for column in frame.columns:
        values = frame[column]
        text = values.map(lambda v: None if v is None or (isinstance(v, float) and v != v) else str(v))
        out[column] = text.where(text != "", None).astype(object)
    return out
