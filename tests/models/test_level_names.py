"""One name for the interval probability: ``level=``. The old spellings warn and name the value to pass."""

from __future__ import annotations

import ast
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import careerrep
from careerrep.errors import ModelSpecError
from careerrep.models import OrdinalModel
from careerrep.models.result import interval_level

PACKAGE = Path(careerrep.__file__).parent
METHODS = {"conf_int", "summary_frame", "summary", "predict_interval", "profile_intervals"}
OLD_NAMES = {"alpha", "hdi_prob", "prob"}


@pytest.fixture(scope="module")
def result():  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(5)
    x = rng.normal(size=300)
    codes = np.digitize(0.8 * x + rng.logistic(size=300), [-1.0, 0.5, 1.5])
    frame = pd.DataFrame({"x": x, "y": pd.Categorical(codes, ordered=True)})
    return OrdinalModel("y ~ x", frame).fit()


def test_alpha_still_works_with_a_warning_naming_level(result) -> None:  # type: ignore[no-untyped-def]
    with pytest.warns(
        FutureWarning, match=r"MLEResult.conf_int: alpha=0.1 is deprecated.*level=0.9"
    ) as caught:
        old = result.conf_int(alpha=0.1)
    assert caught[0].filename == __file__  # the warning points at the caller's line
    pd.testing.assert_frame_equal(old, result.conf_int(level=0.9))
    with pytest.warns(FutureWarning, match="level=0.8"):
        pd.testing.assert_frame_equal(result.summary_frame(0.2), result.summary_frame(level=0.8))
    with pytest.warns(FutureWarning, match="MLEResult.summary: alpha=0.1"):
        text = result.summary(alpha=0.1)
    assert text == result.summary(level=0.9) and "90% lower" in text


def test_the_new_name_does_not_warn_and_bad_values_are_refused(result) -> None:  # type: ignore[no-untyped-def]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result.conf_int(level=0.9)
        result.summary_frame()
    with pytest.raises(ModelSpecError, match="not both"):
        result.conf_int(0.1, level=0.9)
    for bad in (0.0, 1.0, True, "0.9"):
        with pytest.raises(ModelSpecError, match="strictly between 0 and 1"):
            interval_level(bad)  # type: ignore[arg-type]
    with pytest.raises(ModelSpecError, match="hdi_prob = 1.2"):
        interval_level(hdi_prob=1.2)
    with pytest.warns(FutureWarning, match="prob=0.8"):
        assert interval_level(prob=0.8) == 0.8


def _calls_with_old_spellings(tree: ast.AST) -> list[int]:
    """Lines calling a result's interval method positionally or with an old keyword."""
    lines = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        if node.func.attr not in METHODS:
            continue
        positional = bool(node.args) and node.func.attr != "predict_interval"  # its first is newdata
        if positional or any(k.arg in OLD_NAMES for k in node.keywords):
            lines.append(node.lineno)
    return lines


def test_the_scan_finds_an_old_spelling() -> None:
    assert _calls_with_old_spellings(
        ast.parse("r.conf_int(0.1)\nr.summary(hdi_prob=0.9)\nr.conf_int(level=0.9)")
    ) == [
        1,
        2,
    ]


def test_the_package_itself_passes_level_only() -> None:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if "simulate" in path.parts or "exits" in path.parts:
            continue  # their alpha= is a study's test level, not a result's interval argument
        lines = _calls_with_old_spellings(ast.parse(path.read_text(encoding="utf-8")))
        if lines:
            found[str(path.relative_to(PACKAGE))] = lines
    assert found == {}
