"""``careerrep fit --label NAME=TEXT``: the summary (stdout, summary.txt) uses the labels the tables use."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from careerrep.simulate import GroupEffect, draw, kazakhstan_scenario
from tests.seeds import shifted

LABEL = "Social vs mass (log ratio)"
FORMULA = "outcome ~ logratio_social_mass + log_mentions_per_day"


def careerrep(*arguments: str) -> subprocess.CompletedProcess[str]:
    """``python -m careerrep ARGUMENTS`` in a fresh interpreter, warnings as errors."""
    env = {**os.environ, "MPLBACKEND": "Agg", "PYTHONWARNINGS": "error,ignore::FutureWarning:arviz"}
    return subprocess.run(
        [sys.executable, "-m", "careerrep", *arguments], env=env, capture_output=True, text=True, timeout=600
    )


def summary_of(stdout: str) -> str:
    """The summary part of ``careerrep fit`` output (the ``wrote ...`` lines follow it)."""
    return "\n".join(line for line in stdout.splitlines() if not line.startswith("wrote "))


def rows_starting(text: str, name: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith(name)]


@pytest.fixture(scope="module")
def cases_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cases") / "cases.csv"
    draw(kazakhstan_scenario(), 150, seed=shifted(3)).to_csv(path)
    return path


def test_summary_on_stdout_and_in_summary_txt_uses_the_labels(cases_file: Path, tmp_path: Path) -> None:
    plain = careerrep("fit", str(cases_file), "--formula", FORMULA)
    out = tmp_path / "out"
    labelled = careerrep(
        "fit",
        str(cases_file),
        "--formula",
        FORMULA,
        "--label",
        f"logratio_social_mass={LABEL}",
        "--out",
        str(out),
    )
    assert plain.returncode == 0 and labelled.returncode == 0, labelled.stderr
    printed = summary_of(labelled.stdout)
    written = (out / "summary.txt").read_text(encoding="utf-8").rstrip("\n")
    assert printed == written  # one text, on screen and on disk
    for text in (printed, written, (out / "coefficients.md").read_text(encoding="utf-8")):
        assert LABEL in text
    # The row moved to its label with the same numbers; no row keeps the variable name.
    (old_row,) = rows_starting(summary_of(plain.stdout), "logratio_social_mass ")
    (new_row,) = rows_starting(printed, LABEL)
    assert new_row[len(LABEL) :].split() == old_row[len("logratio_social_mass") :].split()
    assert rows_starting(printed, "logratio_social_mass") == []
    assert rows_starting(printed, "log_mentions_per_day ")  # a variable without a label keeps its name
    assert f"Labels: {LABEL} = logratio_social_mass" in printed
    # Columns stay aligned: every line of the coefficient table is as wide as its header.
    lines = printed.splitlines()
    rules = [i for i, line in enumerate(lines) if set(line) == {"-"}]
    table = lines[rules[0] + 1 : rules[1]]
    assert len({len(line) for line in table}) == 1, table


def test_mixed_model_summary_uses_the_labels(tmp_path: Path) -> None:
    cases = tmp_path / "cases.csv"
    scenario = kazakhstan_scenario(groups=GroupEffect(n_groups=12, sd=1.0))
    draw(scenario, 240, seed=shifted(5)).to_csv(cases)
    out = tmp_path / "out"
    formula = "outcome ~ logratio_social_mass + (1|country)"
    completed = careerrep(
        "fit", str(cases), "--formula", formula, "--label", f"logratio_social_mass={LABEL}", "--out", str(out)
    )
    assert completed.returncode == 0, completed.stderr
    printed = summary_of(completed.stdout)
    assert printed == (out / "summary.txt").read_text(encoding="utf-8").rstrip("\n")
    assert rows_starting(printed, LABEL) and not rows_starting(printed, "logratio_social_mass")
    assert "sd(1|country)" in printed  # variance components keep their names, as in the tables
    fixed = printed.split("Fixed effects:\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert len({len(line) for line in fixed}) == 1, fixed


def test_a_label_for_no_variable_of_the_formula_exits_2(cases_file: Path, tmp_path: Path) -> None:
    completed = careerrep(
        "fit",
        str(cases_file),
        "--formula",
        FORMULA,
        "--label",
        "logratio_socail_mass=Typo",
        "--out",
        str(tmp_path / "o"),
    )
    assert completed.returncode == 2
    error = completed.stderr.strip()
    assert "'logratio_socail_mass' is not a variable of the formula" in error and len(error.splitlines()) == 1
    assert "logratio_social_mass, log_mentions_per_day" in error
    assert not (tmp_path / "o").exists()
