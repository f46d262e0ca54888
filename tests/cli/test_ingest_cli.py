"""`careerrep ingest`: exit codes, the table it writes, strict vs lenient, --help."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from careerrep.cli import main
from careerrep.ingest import demo_export, ingest
from careerrep.table import CaseTable


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory):
    return demo_export(tmp_path_factory.mktemp("demo"), n_cases=8, seed=3)


@pytest.mark.parametrize("suffix", [".csv", ".json", ".parquet"])
def test_writes_the_table_ingest_builds(
    demo, tmp_path: Path, suffix: str, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / f"table{suffix}"
    code = main(
        [
            "ingest",
            str(demo.export),
            "--cases",
            str(demo.cases),
            "--comments",
            str(demo.comments),
            "--out",
            str(out),
        ]
    )
    assert code == 0
    reader = {".csv": CaseTable.read_csv, ".json": CaseTable.read_json, ".parquet": CaseTable.read_parquet}[
        suffix
    ]
    expected = ingest(demo.export, demo.cases, comments=demo.comments).table
    assert reader(out).records == expected.records
    assert f"wrote 8 case(s) to {out}" in capsys.readouterr().out


def test_bad_input_exits_2_with_one_line(demo, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    frame = pd.read_csv(demo.export, dtype=str)
    frame.loc[4, "source_type"] = "radio"
    spoiled = tmp_path / "spoiled.csv"
    frame.to_csv(spoiled, index=False)
    out = tmp_path / "t.csv"
    assert main(["ingest", str(spoiled), "--cases", str(demo.cases), "--out", str(out)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "row 6" in err and "unknown source type" in err
    assert not out.exists()
    assert main(["ingest", str(spoiled), "--cases", str(demo.cases), "--lenient", "--out", str(out)]) == 0
    assert "1 x unknown source type (first rows: 6)" in capsys.readouterr().out
    for argv in (
        ["ingest", str(demo.export), "--cases", str(tmp_path / "nope.csv"), "--out", str(out)],
        ["ingest", str(demo.export), "--cases", str(demo.cases), "--out", str(tmp_path / "t.xlsx")],
        [
            "ingest",
            str(demo.export),
            "--cases",
            str(demo.cases),
            "--mapping",
            str(spoiled),
            "--out",
            str(out),
        ],
    ):
        assert main(argv) == 2
        assert capsys.readouterr().err.startswith("careerrep: error: ")


def test_internal_errors_exit_1(
    demo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("boom")

    monkeypatch.setattr("careerrep.ingest.ingest", broken)
    assert (
        main(["ingest", str(demo.export), "--cases", str(demo.cases), "--out", str(tmp_path / "t.csv")]) == 1
    )
    assert "internal error" in capsys.readouterr().err


def test_help_has_examples(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as raised:
        main(["ingest", "--help"])
    assert raised.value.code == 0
    text = capsys.readouterr().out
    assert "examples:" in text and "--lenient" in text and "exit status" in text
