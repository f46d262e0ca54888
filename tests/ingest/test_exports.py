"""Export reading: dialect detection, chunk row numbers, blank lines, required columns."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from careerrep.errors import IngestError
from careerrep.ingest.exports import detect_dialect, read_export
from careerrep.ingest.mapping import ColumnMapping


def test_excel_csv_is_detected(tmp_path: Path) -> None:
    path = tmp_path / "e.csv"
    path.write_bytes("date;source_type;reach\n2019-07-23;СМИ;1,5\n".encode("utf-8-sig"))
    dialect = detect_dialect(path, ColumnMapping())
    assert (dialect.sep, dialect.decimal, dialect.encoding) == (";", ",", "utf-8-sig")
    path.write_bytes("date,source_type\n2019-07-23,СМИ\n".encode("cp1251"))
    assert detect_dialect(path, ColumnMapping()).encoding == "cp1251"


def test_row_numbers_run_across_chunks_and_count_blank_lines(tmp_path: Path) -> None:
    path = tmp_path / "m.csv"
    lines = ["date,source_type"] + [f"2019-07-{d:02d},social" for d in range(1, 8)]
    lines.insert(4, "")  # a blank line at file row 5
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    chunks = list(read_export(path, ColumnMapping(), chunksize=3))
    rows = np.concatenate([c.rows for c in chunks])
    assert rows.tolist() == list(range(2, 10))
    data = [c.data for c in chunks]
    blank = [bool(frame["date"].isna().iloc[i]) for frame in data for i in range(len(frame))]
    assert blank == [r == 5 for r in range(2, 10)]


def test_a_missing_required_or_named_column_fails_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "m.csv"
    path.write_text("day,source_type\n2019-07-01,social\n", encoding="utf-8")
    with pytest.raises(IngestError, match="missing column.*'date'"):
        list(read_export(path, ColumnMapping()))
    mapping = ColumnMapping().with_columns(date="day", platform="network")
    with pytest.raises(IngestError, match="'network'"):
        list(read_export(path, mapping))
