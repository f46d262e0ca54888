"""Model inputs that used to end in tracebacks or wrong answers (issue 18, items 8, 10 and 12)."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from careerrep.errors import CollinearityWarning, ModelSpecError, SeparationWarning
from careerrep.models.design import aliased_columns
from careerrep.models.logit import LogitModel
from careerrep.models.multinomial import MultinomialModel
from careerrep.models.ordinal import OrdinalModel
from tests.conformance.families import conformance_frame

FRAME = conformance_frame()


def test_an_infinite_predictor_is_refused_naming_column_and_row() -> None:
    frame = FRAME.copy()
    frame.loc[frame.index[3], "x"] = np.inf
    with pytest.raises(ModelSpecError, match=r"predictor 'x' is inf in row 3"):
        OrdinalModel("rank ~ x + g", frame)


def test_hc1_needs_more_cases_than_parameters() -> None:
    frame = pd.DataFrame({"e": [0, 1, 1], "x": [0.0, 1.0, 2.0], "z": [1.0, 0.0, 3.0]})
    model = LogitModel("e ~ x + z", frame)
    # As many cases as parameters always fit perfectly: separation is warned about first.
    with (
        pytest.warns(SeparationWarning),
        pytest.raises(ModelSpecError, match="n = 3 cases for k = 3 parameters"),
    ):
        model.fit(cov="HC1")


@pytest.mark.parametrize("shift", [1e3, 1e6, 1e9])
def test_the_alias_check_ignores_a_predictor_s_mean(shift: float) -> None:
    x = FRAME["x"].to_numpy()
    X = np.column_stack([np.ones_like(x), x + shift])
    assert aliased_columns(X, ["Intercept", "x"]) == []
    assert aliased_columns(np.column_stack([X, 2 * X[:, 1] - shift]), ["Intercept", "x", "x2"]) == ["x2"]


def test_a_large_mean_is_not_called_collinear() -> None:
    frame = FRAME.assign(big=FRAME["x"] + 1e6)
    fit = LogitModel("event ~ big", frame).fit()  # fits: shifting x changes only the intercept
    reference = LogitModel("event ~ x", FRAME).fit()
    assert fit.params["big"] == pytest.approx(reference.params["x"], rel=1e-6)


def test_near_collinear_predictors_warn_with_the_numbers() -> None:
    rng = np.random.default_rng(0)
    frame = FRAME.assign(z=FRAME["x"] + rng.normal(scale=1e-4, size=len(FRAME)))
    with pytest.warns(CollinearityWarning, match=r"condition number .* the estimates of \['x', 'z'\]"):
        LogitModel("event ~ x + z", frame).fit()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        LogitModel("event ~ x + g", FRAME).fit()  # ordinary data: no warning


def test_separated_multinomial_fits_give_infinite_ses_without_numpy_warnings() -> None:
    rng = np.random.default_rng(1)
    x = rng.normal(size=60)
    y = np.where(x > 0.5, "c", np.where(rng.random(60) < 0.5, "a", "b"))
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        with pytest.warns(SeparationWarning, match="c:"):
            fit = MultinomialModel("y ~ x", pd.DataFrame({"x": x, "y": y})).fit()
    assert np.isinf(fit.bse[["c:Intercept", "c:x"]]).all()
    assert np.isfinite(fit.bse[["b:Intercept", "b:x"]]).all()
