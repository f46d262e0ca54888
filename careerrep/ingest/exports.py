"""Reading a mention-level export in chunks: CSV, Excel-CSV, JSON lines, Excel and Parquet.

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
    The whole file must decode in one encoding: a UTF-8 file with a stray
    Windows-1251 byte deep inside is refused naming the line, never read as
    mojibake.
``jsonl``
    One JSON object per line (``.jsonl``, ``.ndjson``; ``.json`` is read as
    JSON lines too). A line that is not a JSON object is a problem row; a
    file that is one JSON array is refused ("a JSON array, expected JSON lines").
``excel``
    The first sheet of an ``.xlsx`` / ``.xlsm`` workbook (read with openpyxl);
    row 1 holds the column names. ``.xls`` (Excel 97-2003) is not read: save
    it as ``.xlsx`` or CSV.
``parquet``
    A Parquet file (``.parquet``), read in record batches.

Any other suffix is refused ("*.ext is not supported; use CSV, JSON lines,
Parquet or Excel"); ``fmt=`` overrides the suffix.

Row numbers count as a person sees the file: in CSV the header is row 1,
blank lines count (they become problem rows) and a record starts on the line
an editor shows it on, even after a quoted cell spanning several lines; in
JSON lines, the line number; in a workbook, Excel's row number; in Parquet,
the record number plus one. A CSV row with more or fewer fields than the
header, and a last line without its line end (a file cut short), are problem
rows too: they are never padded and read as if complete.
"""

from __future__ import annotations

import itertools
import json
import os
from collections.abc import Generator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from careerrep.csvcheck import CsvLayout
from careerrep.errors import IngestError
from careerrep.ingest.files import (
    FORMATS,
    CsvDialect,
    check_file,
    detect_dialect,
    detect_encoding,
    export_format,
    read_small_csv,
    row_numbers,
    scan,
)
from careerrep.ingest.mapping import REQUIRED_FIELDS, ColumnMapping
from careerrep.ingest.problems import CUT_SHORT, INVALID_JSON, WRONG_FIELD_COUNT
from careerrep.ingest.sheets import excel_rows, parquet_batches, parquet_columns, parquet_row_count

__all__ = [
    "DEFAULT_CHUNKSIZE",
    "FORMATS",
    "CsvDialect",
    "ExportChunk",
    "check_file",
    "detect_dialect",
    "detect_encoding",
    "export_format",
    "mapped_columns",
    "read_export",
    "read_small_csv",
    "row_numbers",
]

DEFAULT_CHUNKSIZE = 250_000


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
    total
        Rows of the whole export, when the reader knows them before the end
        (CSV and Parquet; ``None`` for JSON lines and workbooks): the length
        of a progress bar.
    """

    data: pd.DataFrame
    rows: np.ndarray
    decimal: str = "."
    unreadable: tuple[tuple[int, str, str], ...] = field(default=())
    total: int | None = None

    @property
    def size(self) -> int:
        """Rows of the file this chunk covers: read ones and unreadable ones."""
        return len(self.rows) + len(self.unreadable)


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
    fmt = export_format(path, fmt)
    check_file(path, "export file")
    if fmt == "jsonl":
        yield from _read_jsonl(path, mapping, chunksize)
    elif fmt == "excel":
        yield from _read_excel(path, mapping, chunksize)
    elif fmt == "parquet":
        yield from _read_parquet(path, mapping, chunksize)
    else:
        yield from _read_csv(path, mapping, chunksize)


def _read_csv(
    path: str | os.PathLike[str], mapping: ColumnMapping, chunksize: int
) -> Generator[ExportChunk, None, None]:
    dialect = detect_dialect(path, mapping)
    source = Path(path).name
    layout = scan(path, dialect)
    if not layout.header:
        raise IngestError(f"{source}: the file is empty")
    header = [name.lstrip("\ufeff") for name in layout.header]
    columns = mapped_columns(header, mapping, source)
    if not len(layout.starts):
        raise IngestError(f"{source}: the header has no data rows below it")
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
        index_col=False,
        chunksize=chunksize,
    ) as reader:
        offset = 0
        try:
            for frame in reader:
                chunk = _csv_chunk(frame.rename(columns=rename), layout, offset, dialect.decimal)
                offset += len(frame)
                yield chunk
        except (pd.errors.ParserError, UnicodeDecodeError) as error:
            row = int(layout.starts[min(offset, len(layout.starts) - 1)])
            raise IngestError(f"{source}: CSV parsing failed near row {row} ({error})") from None
    if offset != len(layout.starts):  # pragma: no cover - the two readers split records alike
        raise IngestError(f"{source}: rows could not be numbered reliably ({offset} vs {len(layout.starts)})")


def _csv_chunk(frame: pd.DataFrame, layout: CsvLayout, offset: int, decimal: str) -> ExportChunk:
    """One pandas chunk with its true row numbers; rows that do not fit the header set aside."""
    stop = offset + len(frame)
    rows = layout.starts[offset:stop]
    widths = layout.widths[offset:stop]
    width = len(layout.header)
    misfit = (widths != width) & (widths > 0)
    cut = np.zeros(len(frame), dtype=bool)
    if layout.cut and stop == len(layout.starts) and len(frame):
        cut[-1] = True
    unreadable = [
        (int(rows[i]), WRONG_FIELD_COUNT, f"{int(widths[i])} field(s), the header has {width}")
        for i in np.flatnonzero(misfit)
    ]
    unreadable += [(int(rows[i]), CUT_SHORT, "") for i in np.flatnonzero(cut & ~misfit)]
    keep = ~(misfit | cut)
    data = frame.reset_index(drop=True)
    if not keep.all():
        data = data.loc[keep].reset_index(drop=True)
    return ExportChunk(
        data=data,
        rows=rows[keep],
        decimal=decimal,
        unreadable=tuple(unreadable),
        total=len(layout.starts),
    )


def _read_excel(
    path: str | os.PathLike[str], mapping: ColumnMapping, chunksize: int
) -> Generator[ExportChunk, None, None]:
    source = Path(path).name
    rows = excel_rows(path)
    first = next(rows, None)
    if first is None:
        raise IngestError(f"{source}: the workbook's first sheet is empty")
    header = [("" if name is None else name) for name in first[1]]
    columns = mapped_columns(header, mapping, source)
    positions = {field_name: header.index(column) for field_name, column in columns.items()}
    seen_data = False
    while True:
        block = list(itertools.islice(rows, chunksize))
        if not block:
            break
        seen_data = True
        data = pd.DataFrame(
            {
                field_name: [values[i] if i < len(values) else None for _, values in block]
                for field_name, i in positions.items()
            },
            dtype=object,
        )
        yield ExportChunk(data=data, rows=np.asarray([number for number, _ in block], dtype=np.int64))
    if not seen_data:
        raise IngestError(f"{source}: the header has no data rows below it")


def _read_parquet(
    path: str | os.PathLike[str], mapping: ColumnMapping, chunksize: int
) -> Generator[ExportChunk, None, None]:
    source = Path(path).name
    columns = mapped_columns(parquet_columns(path), mapping, source)
    rename = {column: field_name for field_name, column in columns.items()}
    first_row = 2  # as if the column names were row 1, like a CSV file
    total = parquet_row_count(path)
    for frame in parquet_batches(path, list(rename), chunksize):
        rows = np.arange(first_row, first_row + len(frame), dtype=np.int64)
        first_row += len(frame)
        yield ExportChunk(data=frame.rename(columns=rename), rows=rows, total=total)
    if first_row == 2:
        raise IngestError(f"{source}: the file has no rows")


def _read_jsonl(
    path: str | os.PathLike[str], mapping: ColumnMapping, chunksize: int
) -> Generator[ExportChunk, None, None]:
    source = Path(path).name
    columns: dict[str, str] | None = None
    encoding = (mapping.encoding or "utf-8").replace("utf-8-sig", "utf-8")
    with open(path, "rb") as handle:
        _refuse_json_array(handle, source)
        line_number = 0
        while True:
            lines = list(itertools.islice(handle, chunksize))
            if not lines:
                break
            records: list[dict[str, object]] = []
            rows: list[int] = []
            unreadable: list[tuple[int, str, str]] = []
            for raw in lines:
                line_number += 1
                try:
                    line = raw.decode(encoding)
                except UnicodeDecodeError as error:
                    raise IngestError(
                        f"{source}: line {line_number} is not valid {encoding} text ({error.reason}); "
                        'JSON lines are UTF-8 (set "encoding" in the mapping otherwise)'
                    ) from None
                if line_number == 1:
                    line = line.lstrip("\ufeff")
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


def _refuse_json_array(handle: Any, source: str) -> None:
    """A file that is one JSON array (``[{...}, {...}]``) is not JSON lines: say so, do not guess."""
    head = handle.read(4096).lstrip(b"\xef\xbb\xbf \t\r\n")
    handle.seek(0)
    if head.startswith(b"["):
        raise IngestError(
            f"{source}: a JSON array, expected JSON lines (one object per line); convert it with "
            "e.g. jq -c '.[]' export.json > export.jsonl"
        )


def _as_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Every cell as text (numbers as written by ``str``), missing as NA, as the CSV reader gives."""
    out = pd.DataFrame(index=frame.index)
    for column in frame.columns:
        values = frame[column]
        text = values.map(lambda v: None if v is None or (isinstance(v, float) and v != v) else str(v))
        out[column] = text.where(text != "", None).astype(object)
    return out
