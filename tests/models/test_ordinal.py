"""OrdinalModel against R (ordinal::clm, MASS::polr, sandwich) and statsmodels, plus invariants.

Peers and versions are recorded in each fixture JSON (peer, peer_version,
r_version, call); see tests/fixtures/r/README.md.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from careerrep.errors import BoundaryWarning, ConvergenceWarning, ModelSpecError
from careerrep.models import OrdinalModel
from careerrep.models.ordinal_likelihood import ordinal_probabilities
from tests.models.conftest import load_r_fixture, r_matrix, r_series

CLM = [
    (f"clm_{data}_{link}", link, weights)
    for data, weights in (("wine", None), ("housing", "Freq"))
    for link in ("logit", "probit", "cloglog")
]
POLR = [
    ("polr_housing_logistic", "logit"),
    ("polr_housing_probit", "probit"),
    ("polr_housing_cloglog", "cloglog"),
    ("polr_wine_logistic", "logit"),
]


@pytest.mark.parametrize(("name", "link", "weights"), CLM)
def test_matches_clm(name: str, link: str, weights: str | None) -> None:
    # clm: Newton with analytic Hessian, gradTol 1e-12, so tight tolerances apply.
    record, frame = load_r_fixture(name)
    result = OrdinalModel(record["formula"], frame, link=link, weights=weights).fit()
    expected = r_series(record, "params")
    assert list(result.params.index) == list(expected.index)
    np.testing.assert_allclose(result.params, expected, rtol=1e-8)
    np.testing.assert_allclose(result.bse[expected.index], r_series(record, "bse"), rtol=1e-6)
    np.testing.assert_allclose(result.cov_params(), r_matrix(record, "vcov"), rtol=1e-6, atol=1e-12)
    assert result.loglik == pytest.approx(record["loglik"], abs=1e-8)
    assert result.aic == pytest.approx(record["aic"], abs=1e-7)
    assert result.bic == pytest.approx(record["bic"], abs=1e-7)
    assert result.nobs == record["nobs"]
    assert result.converged


@pytest.mark.parametrize(("name", "link"), POLR)
def test_matches_polr(name: str, link: str) -> None:
    # polr stops BFGS on a relative loglik change and uses a numerical Hessian:
    # good to ~1e-7 (estimates) and ~1e-6 (vcov) only, per the fixture README.
    record, frame = load_r_fixture(name)
    result = OrdinalModel(record["formula"], frame, link=link, weights=record["weights"]).fit()
    expected = r_series(record, "params")
    np.testing.assert_allclose(result.params[expected.index], expected, rtol=1e-6)
    np.testing.assert_allclose(result.bse[expected.index], r_series(record, "bse"), rtol=1e-4)
    assert result.loglik == pytest.approx(record["loglik"], abs=1e-8)
    assert get_polr_name(link) == record["link"]


def get_polr_name(link: str) -> str:
    from careerrep.models.links import get_link

    return get_link(link).r_polr_name


@pytest.mark.parametrize(
    ("key", "cov", "cluster_type"),
    [("vcov_sandwich", "HC0", "HC1"), ("vcov_CL_HC0", "cluster", "HC0"), ("vcov_CL_HC1", "cluster", "HC1")],
)
def test_sandwich_matches_r(key: str, cov: str, cluster_type: str) -> None:
    # clm_wine_logit carries sandwich::sandwich() and vcovCL(cluster = ~judge) matrices.
    record, frame = load_r_fixture("clm_wine_logit")
    model = OrdinalModel(record["formula"], frame)
    result = model.fit(cov=cov, groups=frame["judge"], cluster_type=cluster_type)
    np.testing.assert_allclose(result.cov_params(), r_matrix(record, key), rtol=1e-6, atol=1e-12)
    assert result.cov_type == cov


def test_matches_statsmodels_ordered_model() -> None:
    from statsmodels.miscmodels.ordinal_model import OrderedModel as SMOrdered

    rng = np.random.default_rng(7)
    n = 400
    frame = pd.DataFrame({"x1": rng.normal(size=n), "x2": rng.normal(size=n)})
    latent = 0.8 * frame.x1 - 0.5 * frame.x2 + rng.normal(size=n)
    frame["y"] = pd.Categorical.from_codes(
        np.digitize(latent, [-0.8, 0.2, 1.0]), ["a", "b", "c", "d"], ordered=True
    )
    ours = OrdinalModel("y ~ x1 + x2", frame, link="probit").fit()
    peer = SMOrdered(frame["y"], frame[["x1", "x2"]], distr="probit").fit(
        method="newton", disp=False, maxiter=200
    )
    cuts = peer.model.transform_threshold_params(peer.params)[1:-1]
    np.testing.assert_allclose(ours.params[:2], peer.params[:2], rtol=1e-6)
    np.testing.assert_allclose(ours.params[2:], cuts, rtol=1e-6)
    assert ours.loglik == pytest.approx(peer.llf, abs=1e-8)


def _simulated(seed: int, n: int = 60) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame({"x": rng.normal(size=n), "g": rng.choice(["u", "v", "w"], size=n)})
    latent = frame.x + (frame.g == "v") + rng.logistic(size=n)
    codes = np.digitize(latent, [-1.0, 0.5, 2.0])
    codes[:4] = [0, 1, 2, 3]  # every category observed
    frame["y"] = pd.Categorical.from_codes(codes, ["lo", "mid", "hi", "top"], ordered=True)
    return frame


PROPERTY = settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(seed=st.integers(0, 2**32 - 1), link=st.sampled_from(["logit", "probit", "cloglog"]))
def test_probabilities_are_a_distribution(seed: int, link: str) -> None:
    result = OrdinalModel("y ~ x + g", _simulated(seed), link=link).fit()
    probs = result.predict()
    assert list(probs.columns) == ["lo", "mid", "hi", "top"]
    assert ((probs >= 0) & (probs <= 1)).all().all()
    np.testing.assert_allclose(probs.sum(axis=1), 1.0, atol=1e-12)


@PROPERTY
@given(seed=st.integers(0, 2**32 - 1))
def test_invariant_to_row_order_and_duplication(seed: int) -> None:
    frame = _simulated(seed)
    base = OrdinalModel("y ~ x + g", frame).fit()
    shuffled = frame.sample(frac=1.0, random_state=np.random.default_rng(seed))
    np.testing.assert_allclose(
        OrdinalModel("y ~ x + g", shuffled).fit().params, base.params, rtol=1e-7, atol=1e-9
    )
    doubled = OrdinalModel("y ~ x + g", frame, weights=np.full(len(frame), 2.0)).fit()
    duplicated = OrdinalModel("y ~ x + g", pd.concat([frame, frame], ignore_index=True)).fit()
    np.testing.assert_allclose(doubled.params, duplicated.params, rtol=1e-7, atol=1e-9)
    np.testing.assert_allclose(doubled.bse, duplicated.bse, rtol=1e-6)
    assert doubled.loglik == pytest.approx(duplicated.loglik, abs=1e-8)
    # Duplicating the data halves the variance: SEs shrink by sqrt(2) exactly.
    np.testing.assert_allclose(doubled.bse * np.sqrt(2.0), base.bse, rtol=1e-6)


@PROPERTY
@given(seed=st.integers(0, 2**32 - 1), shift=st.floats(-5, 5))
def test_shifting_a_covariate_moves_only_thresholds(seed: int, shift: float) -> None:
    frame = _simulated(seed)
    base = OrdinalModel("y ~ x + g", frame).fit()
    moved = OrdinalModel("y ~ x + g", frame.assign(x=frame.x + shift)).fit()
    np.testing.assert_allclose(moved.params[:3], base.params[:3], rtol=1e-7, atol=1e-9)
    # logit P(Y <= k) = theta_k - beta (x + shift): theta moves by beta * shift.
    np.testing.assert_allclose(
        moved.params[3:], base.params[3:] + base.params["x"] * shift, rtol=1e-7, atol=1e-8
    )


def test_predict_newdata_and_probability_function_agree() -> None:
    frame = _simulated(3)
    result = OrdinalModel("y ~ x + g", frame).fit()
    new = pd.DataFrame({"x": [0.0, 1.5], "g": ["w", "u"]}, index=["a", "b"])
    probs = result.predict(new)
    assert list(probs.index) == ["a", "b"]
    X = result.model.design_matrix(new)
    np.testing.assert_allclose(
        probs.to_numpy(), ordinal_probabilities(result.params.to_numpy(), X, 3, "logit")
    )
    # By construction: P(Y <= lo) at x = 0, g = u is expit(theta_1).
    assert probs.loc["b", "lo"] == pytest.approx(
        1 / (1 + np.exp(-result.params["lo|mid"] + 1.5 * result.params["x"]))
    )


def test_outcome_order_rules() -> None:
    frame = _simulated(1)
    strings = frame.assign(y=frame.y.astype(str))
    with pytest.raises(ModelSpecError, match="levels="):
        OrdinalModel("y ~ x", strings)
    model = OrdinalModel("y ~ x", strings, levels=["lo", "mid", "hi", "top"])
    assert model.thresholds == ("lo|mid", "mid|hi", "hi|top")
    with pytest.raises(ModelSpecError, match="no observations"):
        OrdinalModel("y ~ x", strings, levels=["lo", "mid", "hi", "top", "star"])
    with pytest.raises(ModelSpecError, match="link"):
        OrdinalModel("y ~ x", frame, link="cauchit")


def test_random_intercepts_are_fitted_as_a_mixed_model() -> None:
    frame = _simulated(2)
    model = OrdinalModel("y ~ x + (1|g)", frame)
    assert "(1|g)" in model.design.groups
    # Three groups whose SD is estimated at 0 here: the boundary warning is expected.
    with pytest.warns(BoundaryWarning, match=r"\(1\|g\): the variance estimate is on its boundary"):
        result = model.fit()  # careerrep.models.mixed (tests/models/mixed/test_wired_fit.py)
    assert "sd(1|g)" in result.params.index


def test_non_convergence_warns_with_numbers() -> None:
    frame = _simulated(4)
    with pytest.warns(ConvergenceWarning, match=r"gradient\| = .*1 iterations|after 1 iterations"):
        result = OrdinalModel("y ~ x + g", frame).fit(max_iter=1)
    assert not result.converged
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert OrdinalModel("y ~ x + g", frame).fit().converged
