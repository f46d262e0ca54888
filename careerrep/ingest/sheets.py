"""Excel workbooks and Parquet files as text rows, for the export and side-file readers.

Every cell comes out as text, as the CSV reader gives it, so the same
parsers check it: a whole-number float (``1200.0``, how Excel stores counts)
is written ``1200``, a date or date-time cell as ISO 8601 (``2019-07-23`` or
``2019-07-23T10:05:00``), an empty cell as ``None``.

Row numbers: in a workbook, the row number Excel shows (header row 1, blank
rows counted); in a Parquet file, the record number plus one, as if the
column names were row 1 (so both read like a CSV file).
"""

from __future__ import annotations

import datetime as dt
import math
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from careerrep.errors import IngestError

EXCEL_SUFFIXES = {".xlsx", ".xlsm"}
PARQUET_SUFFIXES = {".parquet", ".pq"}


def cell_text(value: Any) -> str | None:
    """One spreadsheet or Parquet value as the text a CSV file would hold (``None`` if empty)."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float):
        if math.isnan(value):
            return None
        return str(int(value)) if value.is_integer() and abs(value) < 2**53 else repr(value)
    if isinstance(value, dt.datetime | pd.Timestamp):
        if (value.hour, value.minute, value.second, value.microsecond) == (0, 0, 0, 0):
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool | np.bool_):
        return str(bool(value)).lower()
    if isinstance(value, np.floating):
        return cell_text(float(value))
    text = str(value)
    return text if text.strip() else None


def excel_rows(path: str | os.PathLike[str]) -> Iterator[tuple[int, list[str | None]]]:
    """``(row number, cells as text)`` of the first sheet, header first, blank rows included."""
    try:
        import openpyxl
    except ImportError:  # pragma: no cover - openpyxl is a dependency
        raise IngestError("reading Excel files needs openpyxl: pip install openpyxl") from None
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises zipfile, KeyError and XML errors for broken files
        raise IngestError(
            f"{Path(path).name}: not a readable Excel workbook ({type(error).__name__}: {error})"
        ) from None
    try:
        sheet = workbook.worksheets[0]
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, [cell_text(value) for value in values]
    finally:
        workbook.close()


def excel_frame(path: str | os.PathLike[str], what: str) -> pd.DataFrame:
    """A small workbook (cases file, comment sheet) as text, indexed by row number, blank rows dropped."""
    rows = list(excel_rows(path))
    if not rows:
        raise IngestError(f"{Path(path).name}: the {what} is empty")
    _, header = rows[0]
    width = len(header)
    while width and header[width - 1] is None:
        width -= 1
    names = [("" if name is None else name).strip() for name in header[:width]]
    records = []
    numbers = []
    for number, values in rows[1:]:
        cells = (values + [None] * width)[:width]
        extra = [v for v in values[width:] if v is not None]
        if extra:
            raise IngestError(f"{Path(path).name}: row {number} has cells right of the last column name")
        if any(cell is not None for cell in cells):
            records.append(cells)
            numbers.append(number)
    frame = pd.DataFrame(records, columns=names, index=pd.Index(numbers, name="row"), dtype=object)
    return frame


def parquet_batches(
    path: str | os.PathLike[str], columns: list[str] | None, chunksize: int
) -> Iterator[pd.DataFrame]:
    """Record batches of a Parquet file, every cell as text (``None`` if empty)."""
    import pyarrow.parquet as pq

    try:
        parquet = pq.ParquetFile(path)
    except (OSError, ValueError) as error:
        raise IngestError(f"{Path(path).name}: not a readable Parquet file ({error})") from None
    for batch in parquet.iter_batches(batch_size=chunksize, columns=columns):
        frame = batch.to_pandas()
        yield pd.DataFrame(
            {name: [cell_text(v) for v in frame[name].tolist()] for name in frame.columns}, dtype=object
        )


def parquet_columns(path: str | os.PathLike[str]) -> list[str]:
    """The column names of a Parquet file."""
    import pyarrow.parquet as pq

    try:
        return list(pq.ParquetFile(path).schema_arrow.names)
    except (OSError, ValueError) as error:
        raise IngestError(f"{Path(path).name}: not a readable Parquet file ({error})") from None


def parquet_row_count(path: str | os.PathLike[str]) -> int:
    """The number of records of a Parquet file (from its footer, without reading the data)."""
    import pyarrow.parquet as pq

    try:
        return int(pq.ParquetFile(path).metadata.num_rows)
    except (OSError, ValueError) as error:
        raise IngestError(f"{Path(path).name}: not a readable Parquet file ({error})") from None
