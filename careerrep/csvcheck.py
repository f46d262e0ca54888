"""The shape of a CSV file, checked before pandas reads it.

pandas pads a row that has fewer fields than the header with empty cells and
reads a file cut in the middle of its last line as if it were complete; both
lose data without a word. :func:`scan_csv` reads the file once with the
standard ``csv`` module and records, for every record, the line it starts on
and how many fields it has, whether the last line has its line end, and the
header. Callers then refuse (or, in lenient ingest, skip and count) the rows
that do not fit, naming the line a person sees in an editor.
"""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from careerrep.errors import CsvShapeError as CsvShapeError  # its home is errors.py

# A multi-line quoted cell or a very long notes cell is fine; the csv module's
# default limit (128 KiB per field) is not enough for long comment_samples JSON.
csv.field_size_limit(2**31 - 1)


@dataclass(frozen=True)
class CsvLayout:
    """What :func:`scan_csv` found.

    Attributes
    ----------
    header
        The header's fields, as written (not stripped).
    starts
        For every data record, the line it starts on (the header is line 1).
    widths
        For every data record, its number of fields (0 for a blank line).
    cut
        True when the file does not end with a line end although it is more
        than one line long, or when it is one line without a line end: the
        last record was probably cut short while the file was written or copied.
    """

    header: tuple[str, ...]
    starts: np.ndarray
    widths: np.ndarray
    cut: bool

    def short_or_long(self) -> np.ndarray:
        """Positions of data records whose field count differs from the header's (blank lines aside)."""
        return np.flatnonzero((self.widths != len(self.header)) & (self.widths > 0))

    def describe(self, position: int) -> str:
        """``'has 3 fields, the header has 10'`` for the data record at ``position``."""
        return f"has {int(self.widths[position])} field(s), the header has {len(self.header)}"


def _ends_with_line_end(path: str | os.PathLike[str]) -> bool:
    with open(path, "rb") as handle:
        handle.seek(0, os.SEEK_END)
        if handle.tell() == 0:
            return True
        handle.seek(-1, os.SEEK_END)
        return handle.read(1) in (b"\n", b"\r")


_BLOCK = 1 << 24  # bytes per block of the fast path (16 MiB)
_ASCII_SAFE = {
    "utf-8",
    "utf_8",
    "utf8",
    "utf-8-sig",
    "utf_8_sig",
    "cp1251",
    "windows-1251",
    "ascii",
    "latin-1",
}


def _fast_layout(path: str | os.PathLike[str], sep: str, encoding: str) -> CsvLayout | None:
    """The layout computed on raw bytes, or ``None`` when the file needs the ``csv`` module.

    Without a quote character every line is one record and its width is its
    delimiter count plus one, which numpy counts far faster than the csv
    module splits. This holds for encodings in which the delimiter, the quote
    and the line ends are single ASCII bytes that no other character contains.
    """
    if encoding.lower() not in _ASCII_SAFE or len(sep) != 1 or not sep.isascii() or sep in '\r\n"':
        return None
    delimiter, newline = ord(sep), ord("\n")
    starts: list[np.ndarray] = []
    widths: list[np.ndarray] = []
    header: tuple[str, ...] = ()
    header_seen = False
    line = 0  # lines before the current block
    tail = b""
    with open(path, "rb") as handle:
        while True:
            block = handle.read(_BLOCK)
            data = tail + block
            if not block:
                cut_at = len(data)
            else:
                cut_at = data.rfind(b"\n") + 1
                if cut_at == 0:
                    tail = data
                    continue
            body, tail = data[:cut_at], data[cut_at:]
            if b'"' in body or body.count(b"\r") != body.count(b"\r\n"):
                return None  # quotes or bare carriage returns: only the csv module splits these right
            if b"\x00" in body:
                return None  # let the csv-module path name the line
            if body:
                array = np.frombuffer(body, dtype=np.uint8)
                ends = np.flatnonzero(array == newline)
                if not block and (len(ends) == 0 or ends[-1] != len(array) - 1):
                    ends = np.append(ends, len(array))  # the last line has no line end
                begins = np.concatenate(([0], ends[:-1] + 1))
                delimiters = np.flatnonzero(array == delimiter)
                counts = np.searchsorted(delimiters, ends) - np.searchsorted(delimiters, begins)
                lengths = ends - begins
                lengths = lengths - ((lengths > 0) & (array[np.maximum(ends - 1, 0)] == ord("\r")))
                width = np.where(lengths > 0, counts + 1, 0)
                numbers = line + 1 + np.arange(len(ends), dtype=np.int64)
                if not header_seen:
                    first = body[: ends[0]].decode(encoding, errors="replace").rstrip("\r")
                    header = tuple(first.split(sep)) if first else ()  # a blank line has no fields
                    header_seen = True
                    numbers, width = numbers[1:], width[1:]
                starts.append(numbers)
                widths.append(width.astype(np.int64))
                line += len(ends)
            if not block:
                break
    cut = bool(header) and not _ends_with_line_end(path)
    return CsvLayout(
        header=header,
        starts=np.concatenate(starts) if starts else np.array([], dtype=np.int64),
        widths=np.concatenate(widths) if widths else np.array([], dtype=np.int64),
        cut=cut,
    )


def scan_csv(path: str | os.PathLike[str], sep: str, encoding: str) -> CsvLayout:
    """Split ``path`` into records with the ``csv`` module and record each one's line and width.

    A file without quote characters is split on raw bytes instead (same
    result, many times faster); see :func:`_fast_layout`.

    Raises
    ------
    CsvShapeError
        For text that does not decode in ``encoding``, a NUL character, or a
        quote left open at the end of the file. An empty file gives an empty header.
    """
    fast = _fast_layout(path, sep, encoding)
    if fast is not None:
        return fast
    starts: list[int] = []
    widths: list[int] = []
    header: tuple[str, ...] = ()
    line = 0
    with open(path, encoding=encoding, newline="") as handle:
        reader = csv.reader(handle, delimiter=sep, strict=True)
        try:
            for number, record in enumerate(reader):
                first = line + 1
                line = reader.line_num
                if any("\x00" in cell for cell in record):
                    raise CsvShapeError(first, "contains a NUL character (is this a text file?)")
                if number == 0:
                    header = tuple(record)
                    continue
                starts.append(first)
                widths.append(len(record))
        except UnicodeDecodeError as error:
            raise CsvShapeError(line + 1, f"is not valid {encoding} text ({error.reason})") from None
        except csv.Error as error:
            if "unexpected end of data" in str(error):
                problem = "has a quoted cell that is never closed: the file looks cut short"
                raise CsvShapeError(line + 1, problem) from None
            raise CsvShapeError(line + 1, f"cannot be split into fields ({error})") from None
    cut = bool(header) and not _ends_with_line_end(path)
    return CsvLayout(
        header=header,
        starts=np.asarray(starts, dtype=np.int64),
        widths=np.asarray(widths, dtype=np.int64),
        cut=cut,
    )


def file_name(path: str | os.PathLike[str]) -> str:
    """The file's name, for messages."""
    return Path(path).name
