"""``careerrep fit`` and ``careerrep report`` on a simulated CaseTable file."""

from __future__ import annotations

import os
import subprocess
import sys
from importlib.metadata import version

import matplotlib
import numpy as np

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


# ---------------------------------------------------------------- the command as a user runs it


def careerrep(*arguments: str, cwd=None) -> subprocess.CompletedProcess[str]:
    """``python -m careerrep ARGUMENTS`` in a fresh interpreter (warnings are errors)."""
    # A short test chain may draw a sampler-health notice on some seed; it is not what is tested.
    allowed = "ignore::FutureWarning:arviz,ignore:posterior draws may be unreliable"
    env = {**os.environ, "MPLBACKEND": "Agg", "PYTHONWARNINGS": f"error,{allowed}"}
    return subprocess.run(
        [sys.executable, "-m", "careerrep", *arguments],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_version_and_python_dash_m():
    completed = careerrep("--version")
    assert completed.returncode == 0
    assert completed.stdout.strip() == f"careerrep {version('careerrep')}"


def test_event_fits_a_binary_logit_from_a_case_table(cases_file, tmp_path):
    out = tmp_path / "fired"
    completed = careerrep("fit", str(cases_file), "--formula", FORMULA, "--event", "Fired", "--out", str(out))
    assert completed.returncode == 0, completed.stderr
    assert "Logistic" in completed.stdout or "logit" in completed.stdout.lower()
    assert "not fired" in completed.stdout and "fired" in completed.stdout
    coefficients = (out / "coefficients.md").read_text()
    assert "Odds ratio" in coefficients and "| Model | logit |" in coefficients
    two = careerrep("report", str(cases_file), "--formula", FORMULA, "--event", "fired,resigned")
    assert two.returncode == 0, two.stderr
    assert "logit of 'fired or resigned' against 'not fired or resigned'" in two.stdout
    wrong = careerrep("report", str(cases_file), "--formula", FORMULA, "--event", "sacked")
    assert wrong.returncode == 2
    assert "sacked" in wrong.stderr and "fired" in wrong.stderr and len(wrong.stderr.splitlines()) == 1


def test_cov_and_groups_choose_the_covariance(cases_file):
    robust = careerrep("fit", str(cases_file), "--formula", FORMULA, "--groups", "official")
    assert robust.returncode == 0, robust.stderr
    assert "Covariance: cluster" in robust.stdout
    hc1 = careerrep("fit", str(cases_file), "--formula", FORMULA, "--cov", "HC1")
    assert "Covariance: HC1" in hc1.stdout
    missing = careerrep("fit", str(cases_file), "--formula", FORMULA, "--cov", "cluster")
    assert missing.returncode == 2 and "--groups" in missing.stderr


def test_a_measurement_outcome_is_refused_and_levels_are_passed_on(cases_file):
    swapped = careerrep("fit", str(cases_file), "--formula", "social_share ~ outcome")
    assert swapped.returncode == 2
    assert "float column" in swapped.stderr and "levels" in swapped.stderr
    ordered = careerrep(
        "fit", str(cases_file), "--formula", FORMULA, "--levels", "fired,resigned,retained,promoted"
    )
    assert ordered.returncode == 0, ordered.stderr
    reversed_levels = careerrep(
        "fit", str(cases_file), "--formula", FORMULA, "--levels", "promoted,retained,resigned,fired"
    )
    assert reversed_levels.returncode == 0
    assert "promoted|retained" in reversed_levels.stdout  # the thresholds follow the given order


@pytest.mark.parametrize("formula", ["outcome ~ 1", "outcome ~ C(country)"])
def test_a_formula_without_predictors_writes_nothing(cases_file, tmp_path, formula):
    out = tmp_path / "report"
    completed = careerrep("fit", str(cases_file), "--formula", formula, "--out", str(out))
    assert completed.returncode == 2, completed.stderr
    assert "no predictor" in completed.stderr and "internal error" not in completed.stderr
    assert completed.stdout == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == []  # no report folder, no staging folder


def test_a_failing_fit_leaves_an_existing_folder_as_it_was(cases_file, tmp_path):
    out = tmp_path / "report"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    (out / "summary.txt").write_text("old summary")
    completed = careerrep(
        "fit", str(cases_file), "--formula", FORMULA, "--predicted", "nope", "--out", str(out)
    )
    assert completed.returncode == 2 and "--predicted 'nope'" in completed.stderr
    assert sorted(p.name for p in out.iterdir()) == ["notes.txt", "summary.txt"]
    assert (out / "summary.txt").read_text() == "old summary"
    assert [p.name for p in tmp_path.iterdir()] == ["report"]  # the staging folder is gone
    done = careerrep(
        "fit", str(cases_file), "--formula", FORMULA, "--predicted", "log_mentions_per_day", "--out", str(out)
    )
    assert done.returncode == 0, done.stderr
    assert (out / "notes.txt").read_text() == "mine"  # the user's own file is kept
    assert "log-likelihood" in (out / "summary.txt").read_text()


def test_one_interval_level_everywhere(cases_file, tmp_path):
    out = tmp_path / "level"
    completed = careerrep("fit", str(cases_file), "--formula", FORMULA, "--level", "0.9", "--out", str(out))
    assert completed.returncode == 0, completed.stderr
    summary = (out / "summary.txt").read_text()
    for text in (
        completed.stdout,
        summary,
        (out / "coefficients.md").read_text(),
        (out / "effects.md").read_text(),
    ):
        assert "90%" in text and "95%" not in text


@pytest.mark.parametrize(
    ("suffix", "marker"),
    [(".md", "|:---|"), (".tex", r"\toprule"), (".html", "<table"), (".txt", "----")],
)
def test_report_output_follows_the_suffix(cases_file, tmp_path, suffix, marker):
    target = tmp_path / f"table{suffix}"
    completed = careerrep("report", str(cases_file), "--formula", FORMULA, "--output", str(target))
    assert completed.returncode == 0, completed.stderr
    assert marker in target.read_text()


def test_report_refuses_an_unknown_suffix_and_a_contradicting_format(cases_file, tmp_path):
    unknown = careerrep("report", str(cases_file), "--formula", FORMULA, "--output", str(tmp_path / "t.docx"))
    assert unknown.returncode == 2 and "*.docx" in unknown.stderr
    clash = careerrep(
        "report",
        str(cases_file),
        "--formula",
        FORMULA,
        "--format",
        "html",
        "--output",
        str(tmp_path / "t.tex"),
    )
    assert clash.returncode == 2 and "latex" in clash.stderr
    assert list(tmp_path.iterdir()) == []


def test_debug_is_accepted_after_the_subcommand(tmp_path):
    completed = careerrep("fit", str(tmp_path / "missing.csv"), "--formula", FORMULA, "--debug")
    assert completed.returncode == 1
    assert "Traceback" in completed.stderr and "FileNotFoundError" in completed.stderr
    quiet = careerrep("fit", str(tmp_path / "missing.csv"), "--formula", FORMULA)
    assert quiet.returncode == 2 and "Traceback" not in quiet.stderr


@pytest.mark.slow
def test_bayes_odds_ratios_agree_with_the_coefficient_summary(cases_file, tmp_path):
    # Issue 16, item 1: the summary's coefficient interval and the odds-ratio table must tell
    # the same story (an interval holding 0 <=> an odds-ratio interval holding 1).
    out = tmp_path / "bayes"
    completed = careerrep(
        "fit", str(cases_file), "--formula", FORMULA, "--bayes", "--draws", "300", "--chains", "2",
        "--level", "0.9", "--out", str(out),
    )  # fmt: skip
    assert completed.returncode == 0, completed.stderr[-2000:]
    summary = (out / "summary.txt").read_text()
    coefficients = (out / "coefficients.md").read_text()
    assert "exp(HDI 90%)" in coefficients and "posterior medians" in coefficients
    rows = coefficients.splitlines()
    for term in ("logratio_social_mass", "log_mentions_per_day"):
        line = next(line for line in summary.splitlines() if line.startswith(term))
        low, high = (float(v) for v in line.split()[3:5])  # mean, sd, hdi_5%, hdi_95%
        at = next(i for i, row in enumerate(rows) if row.startswith(f"| {term} |"))
        shown = rows[at + 1].split("|")[2].strip().strip("[]").split(",")
        or_low, or_high = (float(v) for v in shown)
        assert or_low == pytest.approx(np.exp(low), abs=2e-3, rel=2e-3)
        assert or_high == pytest.approx(np.exp(high), abs=2e-3, rel=2e-3)
        assert (low < 0 < high) == (or_low < 1 < or_high)


def test_predicted_png_plots_the_variable_chosen_with_predicted(cases_file, tmp_path):
    """The figure the CLI writes is the library's predicted-probability plot of that variable."""
    from matplotlib.image import imread

    from careerrep import plots
    from careerrep.models import OrdinalModel
    from careerrep.table import CaseTable

    out = tmp_path / "chosen"
    done = careerrep(
        "fit", str(cases_file), "--formula", FORMULA, "--predicted", "log_mentions_per_day", "--out", str(out)
    )
    assert done.returncode == 0, done.stderr
    written = imread(out / "predicted.png")
    result = OrdinalModel(FORMULA, CaseTable.read_csv(cases_file).signals()).fit()
    rendered = {}
    for variable in ("log_mentions_per_day", "logratio_social_mass"):
        path = tmp_path / f"{variable}.png"
        plots.predicted_probabilities(result, variable, level=0.95).savefig(path, dpi=150)
        rendered[variable] = imread(path)
    assert written.shape == rendered["log_mentions_per_day"].shape
    assert np.array_equal(written, rendered["log_mentions_per_day"])
    assert not np.array_equal(written, rendered["logratio_social_mass"])  # the default variable
