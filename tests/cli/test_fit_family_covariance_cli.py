"""``careerrep fit --family ... --cov/--groups/--levels`` reach the fit; random terms are refused (issue 13).

The covariance numbers themselves are checked against R (sandwich, VGAM) in
tests/models; here the command line must pass the choice through: its printed
standard errors are those of the Python call with the same options, and differ
from the model-based ones.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from careerrep.models.adjacent import AdjacentModel
from careerrep.models.cumulative_general import CumulativeModel
from careerrep.models.sequential import SequentialModel
from careerrep.simulate import GroupEffect, draw, kazakhstan_scenario
from careerrep.table import CaseTable
from tests.seeds import shifted

FORMULA = "outcome ~ logratio_social_mass + log_mentions_per_day"


def careerrep(*arguments: str) -> subprocess.CompletedProcess[str]:
    """``python -m careerrep ARGUMENTS`` in a fresh interpreter, warnings as errors."""
    env = {**os.environ, "MPLBACKEND": "Agg", "PYTHONWARNINGS": "error,ignore::FutureWarning:arviz"}
    return subprocess.run(
        [sys.executable, "-m", "careerrep", *arguments], env=env, capture_output=True, text=True, timeout=600
    )


@pytest.fixture(scope="module")
def cases_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cases") / "cases.csv"
    draw(kazakhstan_scenario(groups=GroupEffect(n_groups=12, sd=1.0)), 300, seed=shifted(8)).to_csv(path)
    return path


def python_model(family: str, data):  # type: ignore[no-untyped-def]
    if family == "cumulative":
        return CumulativeModel("outcome ~ logratio_social_mass", data, nominal="~ log_mentions_per_day")
    if family == "acat":
        return AdjacentModel(FORMULA, data)
    return SequentialModel(FORMULA, data, kind=family)


def printed_std_errors(stdout: str, names: list[str]) -> np.ndarray:
    """The std.err column of the summary table, row by row (rows named by parameter)."""
    rows = {line.split()[0]: line.split() for line in stdout.splitlines() if line.split()}
    return np.array([float(rows[name][2]) for name in names])


@pytest.mark.parametrize(
    ("family", "options", "cov", "groups"),
    [
        ("cumulative", ["--groups", "country"], "cluster", "country"),
        ("cratio", ["--groups", "country"], "cluster", "country"),
        ("sratio", ["--cov", "HC1"], "HC1", None),
        ("acat", ["--cov", "cluster", "--groups", "country"], "cluster", "country"),
    ],
)
def test_family_fit_uses_the_chosen_covariance(
    cases_file: Path, tmp_path: Path, family, options, cov, groups
) -> None:  # type: ignore[no-untyped-def]
    arguments = ["fit", str(cases_file), "--family", family, *options]
    if family == "cumulative":  # one term parallel, one category-specific
        arguments += ["--formula", "outcome ~ logratio_social_mass", "--nominal", "log_mentions_per_day"]
    else:
        arguments += ["--formula", FORMULA]
    completed = careerrep(*arguments, "--out", str(tmp_path / "out"))
    assert completed.returncode == 0, completed.stderr
    assert f"Covariance: {cov}" in completed.stdout
    data = CaseTable.read_csv(cases_file).signals()
    model = python_model(family, data)
    # A model keeps only the columns it uses: the cluster column goes in as values.
    robust = model.fit(cov=cov, groups=None if groups is None else data[groups])
    naive = model.fit()
    names = [name for name in robust.params.index if name not in model.thresholds]  # every predictor's
    shown = printed_std_errors(completed.stdout, names)
    np.testing.assert_allclose(shown, robust.bse[names].to_numpy(), atol=6e-5)  # 4 decimals printed
    assert np.all(np.abs(shown - naive.bse[names].to_numpy()) > 1e-4), (shown, naive.bse[names])
    assert f"Covariance: {cov}" in (tmp_path / "out" / "summary.txt").read_text(encoding="utf-8")


def test_family_fit_takes_levels(cases_file: Path) -> None:
    reversed_order = "promoted,retained,resigned,fired"
    completed = careerrep(
        "fit", str(cases_file), "--formula", FORMULA, "--family", "cratio", "--levels", reversed_order
    )
    assert completed.returncode == 0, completed.stderr
    assert "outcome order: promoted < retained < resigned < fired" in completed.stdout
    assert "promoted|retained" in completed.stdout


@pytest.mark.parametrize("family", ["cumulative", "sratio"])  # one refusal path for all four
def test_random_terms_with_a_family_exit_2_saying_what_exists(
    cases_file: Path, tmp_path: Path, family: str
) -> None:
    out = tmp_path / "out"
    completed = careerrep(
        "fit", str(cases_file), "--formula", f"{FORMULA} + (1|country)", "--family", family, "--out", str(out)
    )
    assert completed.returncode == 2
    error = completed.stderr.strip()
    assert len(error.splitlines()) == 1
    assert f"--family {family} has no mixed-effects version" in error and "on country" in error
    assert "drop --family" in error and "--groups country" in error
    assert not out.exists()


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--cov", "cluster"], "--cov cluster needs --groups COLUMN"),
        (["--cov", "HC0", "--groups", "country"], "--groups is used only with --cov cluster"),
        (["--groups", "no_such_column"], "--groups 'no_such_column' is not a column of the signals"),
    ],
)
def test_bad_covariance_options_with_a_family_exit_2(cases_file: Path, options, message) -> None:  # type: ignore[no-untyped-def]
    completed = careerrep("fit", str(cases_file), "--formula", FORMULA, "--family", "acat", *options)
    assert completed.returncode == 2
    assert message in completed.stderr and len(completed.stderr.strip().splitlines()) == 1
