"""MLEResult: intervals, summary text, predictions, frozenness."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from scipy import stats

from careerrep.models import OrdinalModel
from tests.models.conftest import load_r_fixture


@pytest.fixture(scope="module")
def result():  # type: ignore[no-untyped-def]
    record, frame = load_r_fixture("clm_wine_logit")
    return OrdinalModel(record["formula"], frame).fit()


def test_wald_intervals_from_se(result) -> None:  # type: ignore[no-untyped-def]
    ci = result.conf_int(level=0.9)
    assert list(ci.columns) == ["lower", "upper"] and result.ci_kind == "Wald"
    z = stats.norm.ppf(0.95)
    np.testing.assert_allclose(ci["upper"] - ci["lower"], 2 * z * result.bse)
    np.testing.assert_allclose(result.pvalues, 2 * stats.norm.sf(abs(result.params / result.bse)))
    with pytest.raises(ValueError, match="level = 1.5"):
        result.conf_int(level=1.5)
    with pytest.raises(ValueError, match="alpha = 1.5"):  # refused before the deprecation warning
        result.conf_int(alpha=1.5)


def test_summary_frame_has_fixed_columns_and_matches_the_result(result) -> None:  # type: ignore[no-untyped-def]
    for level in (0.95, 0.8):
        frame = result.summary_frame(level=level)
        assert list(frame.columns) == ["estimate", "std_error", "z", "p_value", "lower", "upper"]
        np.testing.assert_allclose(frame["estimate"], result.params)
        np.testing.assert_allclose(frame["std_error"], result.bse)
        np.testing.assert_allclose(frame[["lower", "upper"]], result.conf_int(level=level))


def test_summary_reads_like_a_table(result) -> None:  # type: ignore[no-untyped-def]
    text = result.summary()
    for piece in [
        "cumulative link, logit",
        "temp[T.warm]",
        "1|2",
        "AIC",
        "N = 72",
        "Covariance: nonrobust",
        "Intervals: Wald",
        "std.err",
    ]:
        assert piece in text
    assert str(result) == text


def test_frozen_and_params_order(result) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.loglik = 0.0  # type: ignore[misc]
    assert list(result.params.index) == ["temp[T.warm]", "contact[T.yes]", "1|2", "2|3", "3|4", "4|5"]
    assert result.cov_params() is not result.cov
    assert result.df_model == 6
