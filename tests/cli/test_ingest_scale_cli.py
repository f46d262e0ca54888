"""``careerrep ingest --scale``: a study's own outcome labels, end to end (ingest -> fit) in subprocesses."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from careerrep.ingest import demo_export
from careerrep.table import CaseTable
from tests.seeds import shifted

STUDY_SCALE = "dismissed<resigned<kept<promoted"
# The demo study's labels -> the study's own, spelled as a coder might (case differs from --scale).
RENAMED = {"fired": "Dismissed", "resigned": "RESIGNED", "retained": "Kept", "promoted": "promoted"}


def careerrep(*arguments: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """``python -m careerrep ARGUMENTS`` in a fresh interpreter, warnings as errors."""
    env = {**os.environ, "MPLBACKEND": "Agg", "PYTHONWARNINGS": "error,ignore::FutureWarning:arviz"}
    return subprocess.run(
        [sys.executable, "-m", "careerrep", *arguments],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture(scope="module")
def study(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, pd.Series]:
    """A demo export with its cases file relabelled on the study's scale; also the original outcomes."""
    folder = tmp_path_factory.mktemp("study")
    files = demo_export(folder, n_cases=40, seed=shifted(11))
    cases = pd.read_csv(files.cases, dtype=str, keep_default_na=False)
    original = cases.set_index("case_id")["outcome"]
    cases["outcome"] = cases["outcome"].map(RENAMED)
    relabelled = folder / "cases_study.csv"
    cases.to_csv(relabelled, index=False)
    return files.export, relabelled, original


def test_scale_is_used_to_read_outcomes_and_kept_for_fit(study, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    export, cases, original = study
    out = tmp_path / "table.csv"
    ingested = careerrep(
        "ingest", str(export), "--cases", str(cases), "--scale", STUDY_SCALE, "--out", str(out)
    )
    assert ingested.returncode == 0, ingested.stderr
    assert "outcome scale: dismissed < resigned < kept < promoted" in ingested.stdout
    table = CaseTable.read_csv(out)
    assert table.scale.labels == ("dismissed", "resigned", "kept", "promoted")
    # Each case's outcome is the scale's spelling of its own label, whatever case the file used.
    expected = {"fired": "dismissed", "resigned": "resigned", "retained": "kept", "promoted": "promoted"}
    assert {r.case_id: r.outcome for r in table} == {k: expected[v] for k, v in original.items()}

    fitted = careerrep(
        "fit", str(out), "--formula", "outcome ~ log_mentions_per_day", "--out", str(tmp_path / "r")
    )
    assert fitted.returncode == 0, fitted.stderr
    assert "outcome order: dismissed < resigned < kept < promoted" in fitted.stdout
    for threshold in ("dismissed|resigned", "resigned|kept", "kept|promoted"):
        assert threshold in fitted.stdout
    assert "fired" not in fitted.stdout and "retained" not in fitted.stdout
    binary = careerrep("fit", str(out), "--formula", "outcome ~ log_mentions_per_day", "--event", "dismissed")
    assert binary.returncode == 0, binary.stderr
    assert "not dismissed" in binary.stdout


def test_without_scale_the_study_labels_are_refused_naming_the_scale(study, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    export, cases, _ = study
    completed = careerrep("ingest", str(export), "--cases", str(cases), "--out", str(tmp_path / "t.csv"))
    assert completed.returncode == 2
    error = completed.stderr
    assert re.search(r"'(Dismissed|Kept)' is not on the scale fired < resigned < retained < promoted", error)
    assert 'careerrep ingest --scale "low<...<high"' in error and len(error.strip().splitlines()) == 1
    assert not (tmp_path / "t.csv").exists()


@pytest.mark.parametrize(
    ("scale", "message"),
    [
        ("dismissed,resigned,kept", "separate the labels with '<'"),
        ("promoted>kept>dismissed", "low to high"),
        ("dismissed<<kept", "an empty label"),
        ("Kept<resigned<kept", "'Kept' and 'kept' are the same label"),
        ("dismissed<", "an empty label"),
    ],
)
def test_bad_scale_exits_2_naming_the_problem(study, tmp_path: Path, scale: str, message: str) -> None:  # type: ignore[no-untyped-def]
    export, cases, _ = study
    out = tmp_path / "t.csv"
    completed = careerrep("ingest", str(export), "--cases", str(cases), "--scale", scale, "--out", str(out))
    assert completed.returncode == 2
    error = completed.stderr.strip()
    assert error.startswith("careerrep: error: --scale") and message in error and len(error.splitlines()) == 1
    assert not out.exists()


def test_a_label_missing_from_the_scale_names_row_and_scale(study, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    export, cases, _ = study
    short = "dismissed<resigned<promoted"  # no "kept": the cases file uses it
    completed = careerrep(
        "ingest", str(export), "--cases", str(cases), "--scale", short, "--out", str(tmp_path / "t.csv")
    )
    assert completed.returncode == 2
    assert "column 'outcome': 'Kept' is not on the scale dismissed < resigned < promoted" in completed.stderr
