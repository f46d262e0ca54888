"""LogitModel against R glm + sandwich (birthwt) and statsmodels; separation handling."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from careerrep.errors import ModelSpecError, SeparationWarning
from careerrep.models import LogitModel
from tests.models.conftest import load_r_fixture, r_matrix, r_series


def test_matches_r_glm() -> None:
    # stats::glm(..., family = binomial, control = glm.control(epsilon = 1e-14))
    record, frame = load_r_fixture("glm_birthwt_logit")
    result = LogitModel(record["formula"], frame).fit()
    expected = r_series(record, "params")
    assert list(result.params.index) == list(expected.index)
    np.testing.assert_allclose(result.params, expected, rtol=1e-8)
    np.testing.assert_allclose(result.bse, r_series(record, "bse"), rtol=1e-6)
    assert result.loglik == pytest.approx(record["loglik"], abs=1e-8)
    assert result.aic == pytest.approx(record["aic"], abs=1e-7)
    assert result.bic == pytest.approx(record["bic"], abs=1e-7)
    assert result.model.event == "1"


@pytest.mark.parametrize(
    ("key", "cov", "cluster_type"),
    [
        ("vcov_HC0", "HC0", "HC1"),
        ("vcov_HC1", "HC1", "HC1"),
        ("vcov_CL_HC0", "cluster", "HC0"),
        ("vcov_CL_HC1", "cluster", "HC1"),
    ],
)
def test_sandwich_matches_r(key: str, cov: str, cluster_type: str) -> None:
    # sandwich::vcovHC / vcovCL(cluster = ~ftv) on the same glm.
    record, frame = load_r_fixture("glm_birthwt_logit")
    result = LogitModel(record["formula"], frame).fit(cov=cov, groups=frame["ftv"], cluster_type=cluster_type)
    expected = r_matrix(record, key)
    np.testing.assert_allclose(
        result.cov_params(), expected, rtol=1e-6, atol=1e-8 * float(np.abs(expected.to_numpy()).max())
    )


def test_matches_statsmodels_logit_and_cluster() -> None:
    import statsmodels.api as sm

    rng = np.random.default_rng(11)
    n = 300
    frame = pd.DataFrame({"x": rng.normal(size=n), "g": rng.integers(0, 12, n)})
    frame["y"] = (rng.random(n) < 1 / (1 + np.exp(-(0.3 + frame.x)))).astype(int)
    ours = LogitModel("y ~ x", frame).fit(cov="cluster", groups=frame["g"])
    X = sm.add_constant(frame[["x"]])
    peer = sm.Logit(frame.y, X).fit(disp=False, cov_type="cluster", cov_kwds={"groups": frame.g})
    np.testing.assert_allclose(ours.params, peer.params, rtol=1e-8)
    # statsmodels' cluster covariance = R vcovCL(type = "HC1") (fixture README).
    np.testing.assert_allclose(ours.bse, peer.bse, rtol=1e-8)


def test_event_level_is_explicit() -> None:
    frame = pd.DataFrame({"x": [0.1, 0.5, 0.9, 1.2, 0.3, 0.8], "y": ["no", "yes", "no", "yes", "yes", "no"]})
    model = LogitModel("y ~ x", frame)
    assert model.labels == ("no", "yes") and model.event == "yes"
    flipped = LogitModel("y ~ x", frame, levels=["yes", "no"])
    np.testing.assert_allclose(flipped.fit().params, -model.fit().params, rtol=1e-8)
    assert "P(Y = 'yes')" in model.fit().summary()
    with pytest.raises(ModelSpecError, match="two-level"):
        LogitModel("y ~ x", frame.assign(y=["a", "b", "c", "a", "b", "c"]))


def test_three_case_separation_warns_and_recommends_firth() -> None:
    frame = pd.DataFrame({"y": [0, 0, 1], "x": [1.0, 2.0, 3.0]})
    with pytest.warns(SeparationWarning, match=r"\['Intercept', 'x'\].*firth"):
        result = LogitModel("y ~ x", frame).fit()
    assert not result.converged
    assert any("Separation" in note for note in result.notes)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        firth = LogitModel("y ~ x", frame).fit(method="firth")
    assert np.all(np.isfinite(firth.params)) and np.all(np.abs(firth.params) < 20)


def test_quasi_separation_names_the_variable() -> None:
    rng = np.random.default_rng(5)
    n = 80
    frame = pd.DataFrame({"x": rng.normal(size=n), "d": np.repeat([0, 1], n // 2)})
    frame["y"] = np.where(frame.d == 1, 1, (rng.random(n) < 0.5).astype(int))
    frame.loc[0, "y"], frame.loc[1, "y"] = 0, 1
    with pytest.warns(SeparationWarning, match=r"\['d'\]"):
        LogitModel("y ~ x + d", frame).fit()


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 2**32 - 1))
def test_predictions_and_weights(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = 50
    frame = pd.DataFrame({"x": rng.normal(size=n)})
    frame["y"] = (rng.random(n) < 0.5).astype(int)
    frame.loc[:1, "y"] = [0, 1]
    frame.loc[:3, "x"] = [2.0, -2.0, 1.0, -1.0]  # overlap: no separation
    frame.loc[2:3, "y"] = [0, 1]
    base = LogitModel("y ~ x", frame).fit()
    probs = base.predict()
    assert list(probs.columns) == ["0", "1"]
    np.testing.assert_allclose(probs.sum(axis=1), 1.0)
    doubled = LogitModel("y ~ x", frame, weights=np.full(n, 2.0)).fit(cov="HC1")
    duplicated = LogitModel("y ~ x", pd.concat([frame, frame])).fit(cov="HC1")
    np.testing.assert_allclose(doubled.params, duplicated.params, rtol=1e-8, atol=1e-10)
    np.testing.assert_allclose(doubled.bse, duplicated.bse, rtol=1e-7)
