"""Ingest under bad input: number cells, truncated files, typos, thousands separators (issue 18)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from careerrep.cli import main
from careerrep.errors import IngestError
from careerrep.ingest import demo_export, ingest


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory):
    return demo_export(tmp_path_factory.mktemp("demo"), n_cases=3, seed=1)


def _with_cells(demo, tmp_path: Path, column: str, cells: dict[int, str]) -> Path:
    frame = pd.read_csv(demo.export, dtype=str, keep_default_na=False)
    for position, value in cells.items():
        frame.loc[position, column] = value
    path = tmp_path / "export.csv"
    frame.to_csv(path, index=False)
    return path


# --- item 1: number cells plain parsing cannot read ---------------------------------------


@pytest.mark.parametrize("column", ["reach", "engagement"])
def test_grouped_numbers_are_read_and_unreadable_ones_are_problem_rows(
    demo, tmp_path: Path, column: str, capsys: pytest.CaptureFixture[str]
) -> None:
    frame = pd.read_csv(demo.export, dtype=str, keep_default_na=False)
    if column not in frame.columns:
        frame[column] = "1"
    frame[column] = "1"
    path = tmp_path / "export.csv"
    frame.loc[0, column] = "1 200"  # spaces as thousands separators are removed (the docs promise it)
    frame.loc[1, column] = "1,234"  # a comma beside '.' decimals can only group thousands
    frame.to_csv(path, index=False)
    result = ingest(path, demo.cases)
    expected = len(frame) - 2 + 1200 + 1234
    assert result.case_totals[column].sum() == expected
    for bad, reason in (("n/a", "not a number"), ("nan", "not a number"), ("inf", "not a number"),
                        ("1,2", "not a number"), ("-5", "negative number")):
        frame.loc[2, column] = bad
        frame.to_csv(path, index=False)
        with pytest.raises(IngestError, match=rf"row 4, column '{column}': {reason}"):
            ingest(path, demo.cases)
        lenient = ingest(path, demo.cases, strict=False)
        assert lenient.report.skipped_by_reason() == {reason: 1}
        out = tmp_path / "t.csv"
        assert main(["ingest", str(path), "--cases", str(demo.cases), "--out", str(out)]) == 2
        assert "internal error" not in capsys.readouterr().err
        assert main(["ingest", str(path), "--cases", str(demo.cases), "--lenient", "--out", str(out)]) == 0
        assert f"1 x {reason} (first rows: 4)" in capsys.readouterr().out
