"""Regression tables in every format; numbers checked against statsmodels' fit."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

from careerrep.models.logit import LogitModel
from careerrep.models.ordinal import OrdinalModel
from careerrep.report import table


@pytest.fixture(scope="module")
def frame():
    rng = np.random.default_rng(8)
    n = 300
    data = pd.DataFrame({"x": rng.normal(size=n), "z": rng.normal(size=n)})
    latent = 0.9 * data["x"] - 0.4 * data["z"] + rng.logistic(size=n)
    data["event"] = (latent > 0).astype(int)
    data["y"] = pd.Categorical.from_codes(
        np.digitize(latent, [-1, 0.5, 1.5]), categories=list("ABCD"), ordered=True
    )
    return data


@pytest.fixture(scope="module")
def results(frame):
    return LogitModel("event ~ x + z", frame).fit(), OrdinalModel("y ~ x + z", frame).fit()


def test_text_table_shows_statsmodels_numbers(frame, results):
    logit, _ = results
    text = table(logit, format="text", digits=4)
    peer = sm.Logit(frame["event"], sm.add_constant(frame[["x", "z"]])).fit(disp=0)
    for value in peer.params:
        assert f"{value:.4f}" in text
    low, high = peer.conf_int().loc["x"]
    assert f"[{low:.4f}, {high:.4f}]" in text
    assert f"{peer.llf:.2f}" in text and f"{peer.aic:.2f}" in text
    assert "*" not in text  # stars are off by default
    assert "Wald 95%" in text


def test_side_by_side_odds_ratios_stars_and_se(results):
    logit, ordinal = results
    text = table(logit, ordinal, exponentiate=True, stars=True, se=True, names=["logit", "ordinal"])
    assert "Odds ratio" in text and "logit" in text and "ordinal" in text
    assert "***" in text
    assert "A|B" in text  # thresholds in their own section, not exponentiated
    threshold = ordinal.params["A|B"]
    assert f"{threshold:.3f}" in text
    se = np.exp(logit.params["x"]) * logit.bse["x"]
    assert f"({se:.3f})" in text


@pytest.mark.parametrize("fmt", ["markdown", "latex", "html", "text"])
def test_every_format_returns_a_string(results, fmt):
    out = table(*results, format=fmt)
    assert isinstance(out, str) and "x" in out
    if fmt == "latex":
        assert out.count(r"\toprule") == 1 and out.count(r"\bottomrule") == 1
        assert r"\midrule" in out and r"95\%" in out
        assert re.search(r"\\begin\{tabular\}\{lcc\}", out)
    if fmt == "markdown":
        rows = [line for line in out.splitlines() if line.startswith("|")]
        assert len({line.count("|") - line.count(r"\|") for line in rows}) == 1
    if fmt == "html":
        assert out.startswith("<table") and out.count("<tr>") > 5


def test_bad_arguments(results):
    with pytest.raises(ValueError, match="format"):
        table(results[0], format="docx")
    with pytest.raises(ValueError, match="names"):
        table(*results, names=["only one"])
