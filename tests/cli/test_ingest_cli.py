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
    # Every export has dates, so the CLI keeps each case's daily coverage by default.
    expected = ingest(demo.export, demo.cases, comments=demo.comments, coverage="D").table
    written = reader(out)
    assert written.records == expected.records
    assert all(record.coverage is not None for record in written)
    assert f"wrote 8 case(s) to {out}" in capsys.readouterr().out


@pytest.mark.parametrize(("choice", "frequency"), [("weekly", "W"), ("none", None)])
def test_coverage_option_chooses_weekly_or_none(demo, tmp_path: Path, choice: str, frequency) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "table.json"
    args = ["ingest", str(demo.export), "--cases", str(demo.cases), "--coverage", choice, "--out", str(out)]
    assert main(args) == 0
    expected = ingest(demo.export, demo.cases, coverage=frequency).table
    written = CaseTable.read_json(out)
    assert written == expected
    assert {None if r.coverage is None else r.coverage.frequency for r in written} == {frequency}


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


# --- issue 18 item 7: user errors exit 2 with a clear line, in every subcommand -------------


def _user_error_cases(demo, tmp_path: Path) -> list[tuple[list[str], str]]:  # type: ignore[no-untyped-def]
    afile = tmp_path / "afile"
    afile.write_text("x")
    existing = tmp_path / "existing.txt"
    existing.write_text("x")
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    huge = tmp_path / "huge.csv"
    from careerrep.datasets import kazakhstan_2019

    kazakhstan_2019().to_csv(huge)
    frame = pd.read_csv(huge, dtype=str, keep_default_na=False)
    frame.loc[0, "mentions"] = str(10**30)
    frame.to_csv(huge, index=False)
    from careerrep.simulate import draw, kazakhstan_scenario

    cohort = tmp_path / "cohort.csv"
    draw(kazakhstan_scenario(), 80, seed=1).to_csv(cohort)
    ingest_args = ["ingest", str(demo.export), "--cases", str(demo.cases)]
    return [
        ([*ingest_args, "--out", str(afile / "x.csv")], "is a file, not a folder"),
        ([*ingest_args, "--out", str(tmp_path)], "--out"),
        (["ingest", str(tmp_path), "--cases", str(demo.cases), "--out", str(tmp_path / "t.csv")], "folder"),
        (["fit", str(empty), "--formula", "outcome ~ social_share"], "is empty"),
        (["fit", str(huge), "--formula", "outcome ~ social_share"], "too large to store"),
        (
            ["fit", str(cohort), "--formula", "outcome ~ social_share", "--out", str(existing)],
            "exists and is not a folder",
        ),
        (
            ["simulate", "--n-cases", "20", "--reps", "2", "--workers", "1", "--out", str(afile / "sub")],
            "afile",
        ),
    ]


def test_user_errors_exit_2_not_internal_error(
    demo, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for argv, message in _user_error_cases(demo, tmp_path):
        code = main(argv)
        err = capsys.readouterr().err
        assert code == 2, (argv, err)
        assert err.startswith("careerrep: error: ") and message in err and "internal error" not in err, err
