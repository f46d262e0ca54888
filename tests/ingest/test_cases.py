"""The cases file: every bad row reported with its row number; follow-up windows."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from careerrep.errors import IngestError
from careerrep.ingest.cases import read_cases

GOOD = {
    "case_id": "B-2019",
    "official": "B.",
    "country": "Kazakhstan",
    "window_start": "2019-07-23",
    "window_end": "2019-07-31",
    "outcome": "fired",
    "outcome_date": "2019-07-31",
    "follow_up_end": "2019-09-02",
}


def test_follow_up_starts_the_day_after_the_outcome_by_default() -> None:
    (spec,) = read_cases(pd.DataFrame([GOOD]))
    assert spec.follow_up is not None
    assert (spec.follow_up.start, spec.follow_up.end) == (dt.date(2019, 8, 1), dt.date(2019, 9, 2))
    assert spec.row == 2


def test_bad_rows_are_all_listed_with_rows_and_columns(tmp_path: Path) -> None:
    rows = [
        GOOD,
        {**GOOD, "case_id": "X", "window_end": "2019-07-01"},
        {**GOOD, "case_id": "Y", "outcome": "sacked"},
        {**GOOD, "case_id": "B-2019"},
        {**GOOD, "case_id": "Z", "window_start": "23/07/2019"},
    ]
    path = tmp_path / "cases.csv"
    pd.DataFrame(rows).to_csv(path, sep=";", index=False, encoding="utf-8-sig")
    with pytest.raises(IngestError) as raised:
        read_cases(path)
    message = str(raised.value)
    assert "4 bad case row(s)" in message
    assert "row 3, column 'window_end'" in message
    assert "row 4, column 'outcome'" in message
    assert "row 5, column 'case_id': 'B-2019' already used in row 2" in message
    assert "row 6, column 'window_start'" in message


def test_unknown_and_missing_columns_are_refused() -> None:
    with pytest.raises(IngestError, match="unknown column"):
        read_cases(pd.DataFrame([{**GOOD, "outcom": "fired"}]))
    with pytest.raises(IngestError, match="missing column"):
        read_cases(pd.DataFrame([{k: v for k, v in GOOD.items() if k != "country"}]))
