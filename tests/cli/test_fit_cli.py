"""``careerrep fit`` and ``careerrep report`` on a simulated CaseTable file."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import pytest

from careerrep.cli import main
from careerrep.simulate import draw, kazakhstan_scenario

FORMULA = "outcome ~ logratio_social_mass + log_mentions_per_day"


@pytest.fixture(scope="module")
def cases_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("cases") / "cases.csv"
    draw(kazakhstan_scenario(), 150, seed=3).to_csv(path)
    return path


def test_fit_writes_tables_and_figures(cases_file, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["fit", str(cases_file), "--formula", FORMULA, "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "logratio_social_mass" in printed and "wrote" in printed
    for name in (
        "summary.txt",
        "coefficients.md",
        "coefficients.tex",
        "effects.md",
        "effects.tex",
        "forest.png",
        "predicted.png",
    ):
        assert (out / name).stat().st_size > 100, name
    assert r"\toprule" in (out / "coefficients.tex").read_text()
    assert "Odds ratio" in (out / "coefficients.md").read_text()


def test_report_prints_one_table(cases_file, capsys):
    assert main(["report", str(cases_file), "--formula", FORMULA, "--format", "latex", "--effects"]) == 0
    assert r"\bottomrule" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["fit", "missing.csv", "--formula", FORMULA], "no such file"),
        (["fit", "CASES", "--formula", "outcome ~ not_a_column"], "not_a_column"),
        (["fit", "CASES", "--formula", "outcome ~ logratio_social_mass", "--model", "logit"], "two-level"),
        (["fit", "CASES.txt", "--formula", FORMULA], "unknown file type"),
    ],
)
def test_bad_input_exits_2_with_one_line(cases_file, tmp_path, capsys, arguments, message):
    arguments = [str(cases_file) if a == "CASES" else a for a in arguments]
    if arguments[1] == "CASES.txt":
        wrong = tmp_path / "cases.txt"
        wrong.write_text("x")
        arguments[1] = str(wrong)
    assert main(arguments) == 2
    error = capsys.readouterr().err.strip()
    assert len(error.splitlines()) == 1 and message in error
