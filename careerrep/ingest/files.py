"""Which reader a file needs, its text encoding and CSV dialect, and small side files.

Shared by the export reader (:mod:`careerrep.ingest.exports`) and the side
files (cases file, comment sheets): the format from the suffix (an unknown
one is refused by name), the encoding from the whole file, the delimiter from
the header line, and the checks of :mod:`careerrep.csvcheck` (rows that do
not fit the header, a cut last line) with the row numbers a person sees.
"""

from __future__ import annotations

import codecs
import os
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from careerrep.csvcheck import CsvLayout, CsvShapeError, scan_csv
from careerrep.errors import IngestError
from careerrep.ingest.mapping import ColumnMapping
from careerrep.ingest.sheets import EXCEL_SUFFIXES, PARQUET_SUFFIXES, excel_frame

_SNIFF_BYTES = 64 * 1024
_JSONL_SUFFIXES = {".jsonl", ".ndjson", ".json"}
_CSV_SUFFIXES = {".csv", ".tsv", ".tab", ".txt", ""}
FORMATS = ("csv", "jsonl", "excel", "parquet")


@dataclass(frozen=True)
class CsvDialect:
    """How a CSV file is written: delimiter, decimal mark and text encoding."""

    sep: str
    decimal: str
    encoding: str


def export_format(path: str | os.PathLike[str], fmt: str | None = None) -> str:
    """``"csv"``, ``"jsonl"``, ``"excel"`` or ``"parquet"``: ``fmt`` if given, else from the suffix.

    Raises
    ------
    IngestError
        For a suffix none of the readers knows (``.xls``, ``.docx``, ...).
    """
    if fmt is not None:
        if fmt not in FORMATS:
            raise IngestError(f"format = {fmt!r}: use one of {', '.join(map(repr, FORMATS))}")
        return fmt
    suffix = Path(path).suffix.lower()
    if suffix in _JSONL_SUFFIXES:
        return "jsonl"
    if suffix in EXCEL_SUFFIXES:
        return "excel"
    if suffix in PARQUET_SUFFIXES:
        return "parquet"
    if suffix in _CSV_SUFFIXES:
        return "csv"
    hint = " (save Excel 97-2003 workbooks as .xlsx)" if suffix == ".xls" else ""
    raise IngestError(f"*{suffix} is not supported; use CSV, JSON lines, Parquet or Excel{hint}")


def check_file(path: str | os.PathLike[str], what: str) -> None:
    """Refuse a path that does not exist, or is a folder, saying which."""
    target = Path(path)
    if target.is_dir():
        raise IngestError(f"{path}: the {what} is a folder, not a file")
    if not target.is_file():
        raise FileNotFoundError(f"{path}: no such {what}")


def detect_encoding(path: str | os.PathLike[str]) -> str:
    """``utf-8-sig`` (a byte-order mark), ``utf-8`` (the whole file decodes), else ``cp1251``.

    The whole file is checked, not its first block: an ASCII head with
    Windows-1251 text further down is Windows-1251. A file that holds valid
    UTF-8 letters *and* bytes that are not UTF-8 is refused naming the first
    bad line: reading it either way would garble part of it.
    """
    with open(path, "rb") as handle:
        if handle.read(3) == codecs.BOM_UTF8:
            return "utf-8-sig"
        handle.seek(0)
        decoder = codecs.getincrementaldecoder("utf-8")()
        lines_before = 0
        seen_letters = False
        while True:
            block = handle.read(1 << 20)
            try:
                decoder.decode(block, final=not block)
            except UnicodeDecodeError as error:
                head = block[: max(error.start, 0)]
                if seen_letters or not head.isascii():
                    line = lines_before + head.count(b"\n") + 1
                    raise IngestError(
                        f"{Path(path).name}: line {line} is not valid UTF-8 although the lines before "
                        'are; set "encoding" in the mapping if the file is in another encoding'
                    ) from None
                return "cp1251"
            if not block:
                return "utf-8"
            seen_letters = seen_letters or not block.isascii()
            lines_before += block.count(b"\n")


def detect_dialect(path: str | os.PathLike[str], mapping: ColumnMapping) -> CsvDialect:
    """Delimiter, decimal mark and encoding of a CSV file (the mapping's settings win)."""
    encoding = mapping.encoding or detect_encoding(path)
    with open(path, "rb") as handle:
        sample = handle.read(_SNIFF_BYTES)
    sep = mapping.sep
    if sep is None:
        text = sample.decode(encoding, errors="replace").lstrip("\ufeff")
        header = text.splitlines()[0] if text else ""
        counts = {candidate: header.count(candidate) for candidate in (",", ";", "\t")}
        sep = max(counts, key=lambda c: counts[c]) if any(counts.values()) else ","
    decimal = mapping.decimal or ("," if sep == ";" else ".")
    return CsvDialect(sep=sep, decimal=decimal, encoding=encoding)


def scan(path: str | os.PathLike[str], dialect: CsvDialect) -> CsvLayout:
    """The file's records (line and width of each), or an IngestError naming the line."""
    try:
        return scan_csv(path, dialect.sep, dialect.encoding)
    except CsvShapeError as error:
        raise IngestError(f"{Path(path).name}: {error}") from None


def read_small_csv(path: str | os.PathLike[str], mapping: ColumnMapping, what: str) -> pd.DataFrame:
    """A small side file (cases file, comment sheet) read whole, every cell as text.

    CSV (the dialect is detected as for exports) or an Excel workbook. Column
    names are stripped; empty cells become ``None``; blank rows are dropped.
    The index holds each row's number in the file (header = row 1), so
    messages name the row a person sees. ``frame.attrs["decimal"]`` is the
    file's decimal mark. ``what`` names the file in errors (``"cases file"``).

    Raises
    ------
    IngestError
        For an unreadable file, a row with more or fewer fields than the
        header, a last line cut short, a header without rows, or a suffix no
        reader knows.
    """
    check_file(path, what)
    name = Path(path).name
    fmt = export_format(path)
    if fmt == "excel":
        frame = excel_frame(path, what)
        decimal = "."
    elif fmt == "csv":
        dialect = detect_dialect(path, mapping)
        layout = scan(path, dialect)
        if not layout.header:
            raise IngestError(f"{name}: the {what} is empty")
        _refuse_bad_rows(layout, name)
        try:
            frame = pd.read_csv(
                path,
                sep=dialect.sep,
                encoding=dialect.encoding,
                dtype=str,
                keep_default_na=False,
                na_values=[""],
                skip_blank_lines=False,
                index_col=False,
            )
        except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as error:
            raise IngestError(f"{name}: not a readable CSV file ({error})") from None
        if len(frame) != len(layout.starts):  # pragma: no cover - the two readers split records alike
            raise IngestError(f"{name}: rows could not be numbered reliably")
        frame.index = pd.Index(layout.starts, name="row")
        frame = frame.loc[layout.widths > 0]
        frame = frame.dropna(how="all")
        decimal = dialect.decimal
    else:
        raise IngestError(f"{name}: a {what} is CSV or Excel (.xlsx), not {fmt}")
    frame.columns = [str(c).strip() for c in frame.columns]
    twice = sorted({c for c in frame.columns if list(frame.columns).count(c) > 1})
    if twice:
        raise IngestError(f"{name}: column(s) {', '.join(map(repr, twice))} appear more than once")
    if frame.empty:
        raise IngestError(f"{name}: the {what} has a header but no rows")
    frame = frame.astype(object).where(frame.notna(), None)
    frame.attrs["decimal"] = decimal
    return frame


def row_numbers(frame: pd.DataFrame) -> list[int]:
    """Each row's number in its file (kept in the index by :func:`read_small_csv`), else position + 2."""
    if frame.index.name == "row":
        return [int(row) for row in frame.index]
    return [position + 2 for position in range(len(frame))]


def _refuse_bad_rows(layout: CsvLayout, name: str) -> None:
    bad = layout.short_or_long()
    if len(bad):
        raise IngestError(f"{name}: row {int(layout.starts[bad[0]])} {layout.describe(int(bad[0]))}")
    if layout.cut:
        line = int(layout.starts[-1]) if len(layout.starts) else 1
        raise IngestError(f"{name}: row {line} has no line end: the file looks cut short")
