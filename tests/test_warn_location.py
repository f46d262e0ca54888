"""Warnings point at the user's line; diagnostics print the digits that make them true."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from careerrep._warn import beyond
from careerrep.errors import MissingDataWarning, SeparationWarning
from careerrep.models.bayes.diagnostics import Diagnostics
from careerrep.models.logit import LogitModel
from careerrep.models.ordinal import OrdinalModel


def _caught(call):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        call()
    return caught


def test_separation_warning_points_at_the_fit_line():
    frame = pd.DataFrame({"x": [0.0, 1.0, 2.0, 3.0, 4.0, 5.0], "y": [0, 0, 0, 1, 1, 1]})
    model = LogitModel("y ~ x", frame)
    caught = _caught(lambda: model.fit())  # the lambda's line is in this file
    separation = [w for w in caught if issubclass(w.category, SeparationWarning)]
    assert separation and all(w.filename == __file__ for w in separation)


def test_missing_data_warning_points_at_the_model_line():
    rng = np.random.default_rng(1)
    frame = pd.DataFrame({"x": rng.normal(size=60)})
    frame["y"] = pd.Categorical.from_codes(rng.integers(0, 3, 60), categories=list("abc"), ordered=True)
    frame.loc[3, "x"] = np.nan
    caught = _caught(lambda: OrdinalModel("y ~ x", frame))
    (missing,) = [w for w in caught if issubclass(w.category, MissingDataWarning)]
    assert missing.filename == __file__


def test_rhat_and_ess_problems_print_true_comparisons():
    diagnostics = Diagnostics(
        max_rhat=1.0104, min_ess_bulk=399.6, min_ess_tail=500.0, divergences=0, chains=2, draws=300
    )
    assert "max R-hat = 1.0104 > 1.01" in diagnostics.problems
    assert "min bulk ESS = 399.6 < 400" in diagnostics.problems
    assert "max R-hat: 1.0104" in diagnostics.text()


@given(st.floats(1.0, 3.0), st.floats(1.0, 3.0))
def test_beyond_keeps_the_comparison_true(value, limit):
    if value > limit:
        assert float(beyond(value, limit, max_digits=17)) > limit or value - limit < 1e-15
    elif value < limit:
        assert float(beyond(value, limit, above=False, max_digits=17)) < limit or limit - value < 1e-15


@pytest.mark.parametrize(("value", "limit", "text"), [(1.0104, 1.01, "1.0104"), (1.2, 1.01, "1.20")])
def test_beyond_uses_the_fewest_decimals(value, limit, text):
    assert beyond(value, limit) == text
