"""Diagnostics summary: the numbers behind SamplingWarning."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd

from careerrep.models.bayes.diagnostics import check


def test_one_chain_has_no_rhat_and_raises_no_numpy_warning() -> None:
    # R-hat needs two or more chains: with one it is NaN for every parameter, and the
    # summary must say "nan" rather than fail with numpy's all-NaN RuntimeWarning.
    table = pd.DataFrame({"r_hat": [np.nan, np.nan], "ess_bulk": [410.0, 380.0], "ess_tail": [500.0, 450.0]})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        diagnostics = check(table, divergences=0, chains=1, draws=400)
    assert math.isnan(diagnostics.max_rhat)
    assert diagnostics.min_ess_bulk == 380.0
    assert any("ESS" in problem for problem in diagnostics.problems)


def test_max_rhat_ignores_nan_entries_when_some_are_finite() -> None:
    table = pd.DataFrame({"r_hat": [np.nan, 1.02], "ess_bulk": [900.0, 800.0], "ess_tail": [900.0, 800.0]})
    diagnostics = check(table, divergences=2, chains=4, draws=1000)
    assert diagnostics.max_rhat == 1.02
    assert any("R-hat" in problem for problem in diagnostics.problems)
    assert any("divergen" in problem for problem in diagnostics.problems)
