"""docs/getting-started.md followed literally in an empty folder: what a new user sees is what the page says.

tests/test_docs.py checks that every page runs; this checks the walk-through's
output as a reader meets it: whole tables (no columns folded into "..."), the
``--label`` in the summary the command prints, and a robust covariance named
in the table that uses it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.scripts import failure_report, run_script
from tests.test_docs import DOCS, page_script


@pytest.fixture(scope="module")
def walk_through(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    folder = tmp_path_factory.mktemp("empty")
    script = folder.parent / f"{folder.name}-getting-started.py"  # beside, so the folder starts empty
    script.write_text(page_script(DOCS / "getting-started.md"), encoding="utf-8")
    completed = run_script(script, folder, timeout=900)
    assert completed.returncode == 0, failure_report("getting-started.md", completed)
    return folder, completed.stdout


def test_no_table_is_folded_to_fit_the_terminal(walk_through: tuple[Path, str]) -> None:
    _, printed = walk_through
    assert not re.search(r"\[\d+ rows x \d+ columns\]", printed), printed
    assert not re.search(r"\s\.\.\.\s", printed), printed
    header = next(
        line for line in printed.splitlines() if "log_mentions_per_day" in line and "mentions" in line
    )
    for column in ("days", "social_share", "sentiment_negative", "outcome"):
        assert column in header, header


def test_the_label_reaches_the_printed_summary(walk_through: tuple[Path, str]) -> None:
    folder, printed = walk_through
    assert any(line.startswith("Negative coverage ") for line in printed.splitlines()), printed
    assert "Labels: Negative coverage = sentiment_negative" in printed
    summary = (folder / "results" / "summary.txt").read_text(encoding="utf-8")
    assert "Negative coverage" in summary and not re.search(r"^sentiment_negative ", summary, re.MULTILINE)


def test_robust_standard_errors_are_named_in_the_table(walk_through: tuple[Path, str]) -> None:
    folder, printed = walk_through
    table = (folder / "fired.md").read_text(encoding="utf-8")
    assert "HC1" in table and "robust" in table
    assert "outcome scale: fired < resigned < retained < promoted" in printed
