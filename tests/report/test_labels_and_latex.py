"""Reader labels in every table, and LaTeX that compiles as a journal expects.

* ``labels=`` maps variable names to reader labels, contrast levels and
  multinomial outcome prefixes kept, thresholds never relabelled.
* LaTeX: ``|`` in threshold names is escaped (a bare ``|`` prints as an em dash
  in the default font), and notes sit in a threeparttable note block so they
  wrap at the table's width instead of widening its last column.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from careerrep.effects import marginal_effects
from careerrep.models.multinomial import MultinomialModel
from careerrep.models.ordinal import OrdinalModel
from careerrep.report import effects_table, table
from careerrep.report.formats import latex_escape
from careerrep.report.labels import reader_label

LABELS = {"share": "Social share", "rank": "Rank"}


@pytest.fixture(scope="module")
def frame():
    rng = np.random.default_rng(3)
    n = 300
    data = pd.DataFrame({"share": rng.uniform(size=n), "rank": rng.choice(["junior", "senior"], n)})
    latent = 1.5 * data["share"] + 0.6 * (data["rank"] == "senior") + rng.logistic(size=n)
    codes = np.digitize(latent, [0.3, 1.0, 1.8])
    data["y"] = pd.Categorical.from_codes(codes, categories=["low", "mid", "high", "top"], ordered=True)
    return data


def test_reader_label_rules():
    assert reader_label("share", LABELS) == "Social share"
    assert reader_label("rank[T.senior]", LABELS) == "Rank: senior"
    assert reader_label("share:rank[T.senior]", LABELS) == "Social share × Rank: senior"
    assert reader_label("mid:share", LABELS, outcomes=("low", "mid")) == "mid: Social share"
    assert reader_label("low|mid", {"low|mid": "x"}) == "low|mid"
    assert reader_label("other", LABELS) == "other"
    assert reader_label("share", None) == "share"


@given(st.text(min_size=1, max_size=30).filter(lambda s: "|" not in s and ":" not in s))
def test_a_name_without_an_entry_is_unchanged(name):
    assert reader_label(name, LABELS if name not in LABELS else {}) == name


@pytest.mark.parametrize("fmt", ["text", "markdown", "latex", "html"])
def test_tables_show_reader_labels(frame, fmt):
    result = OrdinalModel("y ~ share + rank", frame).fit()
    text = table(result, format=fmt, labels=LABELS)
    assert "Social share" in text and "Rank: senior" in text
    assert "rank[T.senior]" not in text and "share " not in text.replace("Social share", "")
    effects = effects_table(marginal_effects(result), fmt, labels=LABELS)
    assert "Social share" in effects and "Rank" in effects


def test_multinomial_parameters_keep_their_outcome(frame):
    data = frame.assign(y=frame["y"].astype(str))
    result = MultinomialModel("y ~ share", data).fit()
    text = table(result, labels=LABELS)
    assert re.search(r"^mid: Social share", text, re.MULTILINE)


def test_latex_escapes_bars_and_keeps_notes_inside_the_table_width(frame):
    result = OrdinalModel("y ~ share + rank", frame).fit()
    tex = table(result, format="latex")
    assert r"low\textbar{}mid" in tex and "low|mid" not in tex
    assert r"\begin{threeparttable}" in tex and r"\end{threeparttable}" in tex
    notes = tex[tex.index(r"\begin{tablenotes}") : tex.index(r"\end{tablenotes}")]
    assert r"\item In brackets" in notes
    assert r"\multicolumn" not in tex  # no note row that stretches a column
    body = tex[tex.index(r"\begin{tabular}") : tex.index(r"\end{tabular}")]
    assert "In brackets" not in body
    assert tex.index(r"\end{tabular}") < tex.index(r"\begin{tablenotes}")


@given(st.text(max_size=40))
def test_latex_escape_leaves_no_bare_special_character(text):
    escaped = latex_escape(text)
    stripped = re.sub(r"\\[a-zA-Z]+\{\}|\\[&%$#_{}]|\$\\times\$", "", escaped)
    assert not set(stripped) & set("&%$#_{}~^\\|<>×")


def test_latex_numbers_get_minus_signs_not_hyphens(frame):
    result = OrdinalModel("y ~ share + rank", frame.assign(share=-frame["share"])).fit()
    tex = table(result, format="latex", digits=3)
    bounds = result.conf_int().to_numpy().ravel()
    negative = [v for v in bounds if v < -0.0005]
    assert negative  # the fixture has negative bounds to show
    for value in negative:
        assert f"$-${abs(value):.3f}" in tex
    assert not re.search(r"(?<![\w.$])-\d", tex)  # no hyphen left before a digit
