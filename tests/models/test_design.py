"""build_design: formula parsing, missing data, weights, random intercepts, duck-typed tables."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from careerrep.errors import MissingDataWarning, ModelSpecError
from careerrep.models.design import build_design, split_random_intercepts


def _frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "y": pd.Categorical(["a", "b", "c", "a", "c", "b"], ["a", "b", "c"], ordered=True),
            "x": [0.5, 1.0, np.nan, 2.0, 3.0, 1.5],
            "g": ["u", "v", "u", "v", "u", "v"],
            "w": [1.0, 2.0, 1.0, 1.0, 3.0, 1.0],
        }
    )


def test_missing_rows_dropped_with_warning_naming_variables() -> None:
    with pytest.warns(MissingDataWarning, match=r"dropped 1 of 6 rows.*\['x'\]"):
        design, _ = build_design("y ~ x + g", _frame(), family="ordinal", weights="w")
    assert design.n_dropped == 1
    assert list(design.row_index) == [0, 1, 3, 4, 5]
    assert design.coef_names == ("x", "g[T.v]")  # no intercept for ordinal models
    np.testing.assert_array_equal(design.weights, [1.0, 2.0, 1.0, 3.0, 1.0])
    np.testing.assert_array_equal(design.y, [0, 1, 0, 2, 1])


def test_logit_keeps_intercept_and_transforms() -> None:
    frame = _frame().dropna().assign(y=lambda d: (d.y == "c").astype(int))
    design, spec = build_design("y ~ np.log(x) + x:g", frame, family="logit")
    assert design.coef_names[0] == "Intercept"
    np.testing.assert_allclose(design.X[:, 1], np.log(frame.x))
    new = spec.design_matrix(pd.DataFrame({"x": [np.e], "g": ["v"]}))
    assert new.shape == (1, design.X.shape[1])
    assert new[0, 1] == pytest.approx(1.0)


def test_random_intercepts_are_split_out() -> None:
    assert split_random_intercepts("y ~ x + (1|country) + (1 | year)") == ("y ~ x", ("country", "year"))
    design, _ = build_design("y ~ x + (1|g)", _frame().dropna(), family="ordinal")
    codes, levels = design.groups["(1|g)"]
    assert levels == ("u", "v")
    np.testing.assert_array_equal(codes, [0, 1, 1, 0, 1])


def test_case_table_duck_typing() -> None:
    class Table:
        def signals(self) -> pd.DataFrame:
            return _frame().dropna()

    design, _ = build_design("y ~ x", Table(), family="ordinal")
    assert design.X.shape == (5, 1)


@pytest.mark.parametrize(
    ("formula", "kwargs", "message"),
    [
        ("z ~ x", {}, "outcome column 'z'"),
        ("y ~ x", {"weights": "nope"}, "weights column"),
        ("y ~ x", {"weights": [1.0, 2.0]}, "shape"),
        ("y ~ x", {"weights": [-1.0] * 5}, "non-negative"),
        ("y ~ x + I(2 * x)", {}, "linear combinations"),
        ("y x", {}, "formula must look like"),
    ],
)
def test_clear_errors(formula: str, kwargs: dict, message: str) -> None:
    with pytest.raises(ModelSpecError, match=message):
        build_design(formula, _frame().dropna(), family="ordinal", **kwargs)


def test_data_must_be_a_frame() -> None:
    with pytest.raises(ModelSpecError, match="DataFrame"):
        build_design("y ~ x", [1, 2, 3], family="ordinal")
