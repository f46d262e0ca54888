"""Reader labels in summaries: ``Summary.relabelled`` (MLE and posterior) and plain-text tables (mixed)."""

from __future__ import annotations

import pandas as pd

from careerrep.report.summary import Summary, relabel_text_tables

LABELS = {"social_share": "Share of coverage on social networks"}


def posterior_like() -> Summary:
    shown = pd.DataFrame(
        {"mean": ["0.5000", "-1.2000"], "sd": ["0.1000", "0.3000"]}, index=["social_share", "fired|resigned"]
    )
    notes = ["social_share: the data barely inform this coefficient (posterior sd is 90 % of the prior sd)."]
    return Summary(["Bayesian ordinal model"], shown, notes, shown.astype(float))


def test_rows_and_notes_take_the_labels_and_numbers_keep_the_names() -> None:
    relabelled = posterior_like().relabelled(LABELS)
    assert list(relabelled.shown.index) == ["Share of coverage on social networks", "fired|resigned"]
    assert relabelled.notes[0].startswith("Share of coverage on social networks: the data barely inform")
    assert relabelled.notes[-1] == "Labels: Share of coverage on social networks = social_share"
    assert list(relabelled.frame.index) == ["social_share", "fired|resigned"]  # what programs look up
    table = [line for line in relabelled.splitlines() if "0000" in line or "mean" in line]
    assert len({len(line) for line in table}) == 1, table
    assert "Share of coverage on social networks" in relabelled._repr_html_()


def test_no_labels_leave_the_summary_as_it_is() -> None:
    summary = posterior_like()
    assert summary.relabelled({}) is summary and summary.relabelled(None) is summary


def test_plain_text_tables_are_relabelled_and_realigned() -> None:
    fixed = pd.DataFrame({"estimate": [0.13, -1.7]}, index=["social_share", "fired|resigned"]).to_string()
    icc = pd.DataFrame({"icc": [0.05]}, index=["(1|country)"]).to_string()
    text = f"Mixed model: outcome ~ social_share\n\nFixed effects:\n{fixed}\n\nICC:\n{icc}"
    out = relabel_text_tables(text, ["social_share", "fired|resigned", "sd(1|country)"], LABELS)
    lines = out.split("\n")
    assert lines[0] == "Mixed model: outcome ~ social_share"  # the formula keeps the variable names
    block = out.split("Fixed effects:\n")[1].split("\n\n")[0].splitlines()
    assert block[1].startswith("Share of coverage on social networks ") and block[2].startswith(
        "fired|resigned "
    )
    assert len({len(line) for line in block}) == 1, block
    assert block[1].split()[-1] == "0.13" and block[2].split()[-1] == "-1.70"
    assert out.endswith(icc)  # a table of other rows is left alone
