"""Fine–Gray against R cmprsk::crr (make_exits_fixtures.R: mgus2, progression vs death)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from careerrep.errors import ModelSpecError
from careerrep.exits import CoxModel, FineGrayModel
from tests.exits.fixtures import dataset, fixture


def mgus2() -> pd.DataFrame:
    frame = dataset("mgus2")
    return frame.assign(state=frame["event"].map({0: "censored", 1: "pcm", 2: "death"}))


@pytest.mark.parametrize("cause", ["pcm", "death"])
def test_fine_gray_matches_crr(cause: str) -> None:
    expected = fixture(f"crr_mgus2_{cause}")
    result = FineGrayModel("state ~ age + male", mgus2(), stop="etime", cause=cause).fit()
    np.testing.assert_allclose(result.params.to_numpy(), list(expected["coef"].values()), rtol=0, atol=1e-8)
    np.testing.assert_allclose(result.bse.to_numpy(), expected["se"], rtol=0, atol=1e-8)
    assert result.loglik == pytest.approx(expected["loglik"], rel=1e-10)
    assert result.loglik_null == pytest.approx(expected["loglik_null"], rel=1e-10)
    # crr flags "death" unconverged only because gtol = 1e-12 is below its rounding; we agree to 1e-12.
    assert result.converged


def test_cumulative_incidence_matches_predict_crr() -> None:
    expected = fixture("predict_crr_mgus2_pcm")
    result = FineGrayModel("state ~ age + male", mgus2(), stop="etime", cause="pcm").fit()
    curve = result.cumulative_incidence({"age": 70.0, "male": 1.0})
    np.testing.assert_allclose(curve["time"], expected["time"])
    np.testing.assert_allclose(curve["cumulative_incidence"], expected["cif"], rtol=1e-8)


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 2**32 - 1))
def test_without_competing_exits_fine_gray_is_breslow_cox(seed: int) -> None:
    """No competing exits: every weight is 1 or 0, so the estimate is Cox's (Breslow ties)."""
    rng = np.random.default_rng(seed)
    n = 80
    frame = pd.DataFrame({"x": rng.normal(size=n), "z": rng.binomial(1, 0.4, n)})
    frame["time"] = np.ceil(rng.exponential(15 * np.exp(-0.4 * frame["x"])))
    frame["dead"] = rng.binomial(1, 0.7, n)
    frame.loc[:1, "dead"] = 1
    frame["state"] = np.where(frame["dead"] == 1, "left", "censored")
    fine_gray = FineGrayModel("state ~ x + z", frame, stop="time", cause="left").fit()
    cox = CoxModel("dead ~ x + z", frame, stop="time", ties="breslow").fit()
    np.testing.assert_allclose(fine_gray.params, cox.params, atol=1e-8)
    np.testing.assert_allclose(fine_gray.naive_cov, cox.naive_cov, atol=1e-10)


def test_bad_input_is_refused() -> None:
    with pytest.raises(ModelSpecError, match="cause 'fired' never occurs"):
        FineGrayModel("state ~ age", mgus2(), stop="etime", cause="fired")
    with pytest.raises(ModelSpecError, match=r"no row of 'state' has a censoring label \['censor'\]"):
        FineGrayModel("state ~ age", mgus2(), stop="etime", cause="pcm", censoring=("censor",))
    with pytest.raises(ModelSpecError, match="column 'days' is not in the data"):
        FineGrayModel("state ~ age", mgus2(), stop="days", cause="pcm")
