"""``careerrep simulate``: outputs, the printed power table, and one-line refusals (exit 2)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from careerrep.cli import main


def test_simulate_writes_tables_and_figure(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    code = main(
        ["simulate", "--n-cases", "30,60", "--reps", "4", "--seed", "3", "--workers", "1", "--out", str(out)]
    )
    assert code == 0
    printed = capsys.readouterr().out
    assert "comment_negative_share" in printed and "power" in printed
    for name in ("replicates.parquet", "replicates.csv", "power.csv", "power_curve.png"):
        assert (out / name).stat().st_size > 0, name
    table = pd.read_parquet(out / "replicates.parquet")
    assert sorted(table["n_cases"].unique()) == [30, 60]
    assert len(table) == 2 * 4 * 7
    # Same command again: everything is resumed from out/runs, same table.
    assert (
        main(
            [
                "simulate",
                "--n-cases",
                "30,60",
                "--reps",
                "4",
                "--seed",
                "3",
                "--workers",
                "1",
                "--out",
                str(out),
                "--format",
                "parquet",
            ]
        )
        == 0
    )
    pd.testing.assert_frame_equal(pd.read_parquet(out / "replicates.parquet"), table)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--n-cases", "20,x"], "comma-separated"),
        (["--n-cases", "1"], "at least 2"),
        (["--n-cases", "20", "--reps", "0"], "positive"),
        (["--n-cases", "20", "--estimator", "ols"], "invalid choice"),
        (["--n-cases", "20", "--format", "xlsx"], "choose from"),
    ],
)
def test_bad_arguments_exit_2(argv: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["simulate", *argv])
    assert stop.value.code == 2
    assert message in capsys.readouterr().err


def test_unusable_choices_exit_2_with_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        [
            "simulate",
            "--n-cases",
            "20",
            "--reps",
            "2",
            "--estimator",
            "firth",
            "--workers",
            "1",
            "--out",
            str(tmp_path),
        ]
    )
    assert code == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("careerrep: error:") and "binary" in err and "\n" not in err
    assert (
        main(["simulate", "--n-cases", "20", "--seed", "-4", "--workers", "1", "--out", str(tmp_path)]) == 2
    )
