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
# Functions whose interval probability is a keyword (their positional arguments are data).
FUNCTIONS = {
    "hazard_ratios",
    "kaplan_meier",
    "aalen_johansen",
    "cumulative_incidence",
    "incidence_difference",
    "spell_study",
    "study",
    "power_curve",
}
OLD_NAMES = {"alpha", "hdi_prob", "prob"}
# Calls that are meant: a user estimator's statsmodels-like result takes conf_int(alpha) positionally.
FOREIGN = {"simulate/estimators.py": "else result.conf_int(tail_probability(level))"}


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
    """Lines calling an interval method positionally, or it or an interval function with an old keyword."""
    lines = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", None)
        old_keyword = any(k.arg in OLD_NAMES for k in node.keywords)
        if isinstance(node.func, ast.Attribute) and name in METHODS:
            positional = bool(node.args) and name != "predict_interval"  # its first is newdata
            if positional or old_keyword:
                lines.append(node.lineno)
        elif name in FUNCTIONS and old_keyword:
            lines.append(node.lineno)
    return lines


def test_the_scan_finds_an_old_spelling() -> None:
    assert _calls_with_old_spellings(
        ast.parse("r.conf_int(0.1)\nr.summary(hdi_prob=0.9)\nr.conf_int(level=0.9)")
    ) == [
        1,
        2,
    ]
    exits_and_studies = (
        "hazard_ratios(fit, alpha=0.1)\nexits.kaplan_meier(d, 'stop', 'event', alpha=0.1)\n"
        "study(s, 40, 2, alpha=0.1)\nstudy(s, 40, 2, level=0.9)\nax.fill_between(x, y, alpha=0.2)"
    )
    assert _calls_with_old_spellings(ast.parse(exits_and_studies)) == [1, 2, 3]


def test_the_package_itself_passes_level_only() -> None:
    found = {}
    scanned = set()
    for path in sorted(PACKAGE.rglob("*.py")):
        scanned.add(path.relative_to(PACKAGE).parts[0])
        text = path.read_text(encoding="utf-8")
        source = text.splitlines()
        allowed = FOREIGN.get(path.relative_to(PACKAGE).as_posix())
        lines = [
            n
            for n in _calls_with_old_spellings(ast.parse(text))
            if not allowed or allowed not in source[n - 1]
        ]
        if lines:
            found[str(path.relative_to(PACKAGE))] = lines
    assert {"exits", "simulate", "models", "cli"} <= scanned
    for name, allowed in FOREIGN.items():  # an allowance that no longer matches must go
        assert allowed in (PACKAGE / name).read_text(encoding="utf-8"), name
    assert found == {}
