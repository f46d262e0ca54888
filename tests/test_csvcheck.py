"""The CSV shape scan: the fast byte path agrees with the csv module on every quote-free file."""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from careerrep import csvcheck
from careerrep.csvcheck import scan_csv


def _slow(path: Path, sep: str, encoding: str) -> csvcheck.CsvLayout:
    original = csvcheck._fast_layout
    csvcheck._fast_layout = lambda *args: None  # type: ignore[assignment]
    try:
        return scan_csv(path, sep, encoding)
    finally:
        csvcheck._fast_layout = original


@settings(max_examples=200)
@given(
    st.lists(st.sampled_from([*"ab,; ж\t", "\n", "\r\n"]), max_size=60).map("".join),
    st.sampled_from([",", ";", "\t"]),
    st.sampled_from(["utf-8", "cp1251"]),
    st.integers(1, 7),
)
def test_fast_and_csv_module_scans_agree(text: str, sep: str, encoding: str, block: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "f.csv"
        path.write_bytes(text.encode(encoding))
        original = csvcheck._BLOCK
        csvcheck._BLOCK = block  # tiny blocks: lines cross block boundaries
        try:
            fast = csvcheck._fast_layout(path, sep, encoding)
        finally:
            csvcheck._BLOCK = original
        slow = _slow(path, sep, encoding)
    assert fast is not None
    assert fast.header == slow.header
    assert np.array_equal(fast.starts, slow.starts)
    assert np.array_equal(fast.widths, slow.widths)
    assert fast.cut == slow.cut


@pytest.mark.parametrize("text", ['a,b\n"x,y",2\n', "a,b\r1,2\r", "a,b\n1,\x002\n"])
def test_quotes_bare_carriage_returns_and_nul_take_the_csv_module_path(tmp_path: Path, text: str) -> None:
    path = tmp_path / "f.csv"
    path.write_bytes(text.encode())
    assert csvcheck._fast_layout(path, ",", "utf-8") is None
