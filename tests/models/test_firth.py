"""Firth logit against brglm2 (R) and logistf's endometrial intervals as published by firthlogist."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from careerrep.errors import SeparationWarning
from careerrep.models import LogitModel
from careerrep.models.firth import fit_firth
from tests.models.conftest import load_r_fixture, r_series


@pytest.mark.parametrize("name", ["brglm2_endometrial_AS_mean", "brglm2_birthwt_AS_mean"])
def test_matches_brglm2(name: str) -> None:
    # brglm2::brglmFit(type = "AS_mean") with the logit link is Firth's estimator.
    record, frame = load_r_fixture(name)
    result = LogitModel(record["formula"], frame).fit(method="firth", ci="wald")
    np.testing.assert_allclose(result.params, r_series(record, "params"), rtol=1e-7)
    np.testing.assert_allclose(result.bse, r_series(record, "bse"), rtol=1e-6)
    assert result.loglik == pytest.approx(record["loglik"], abs=1e-7)
    assert result.ci_kind == "Wald"
    ci = result.conf_int()
    np.testing.assert_allclose(ci["lower"], r_series(record, "wald_ci_lower"), rtol=1e-6)
    np.testing.assert_allclose(ci["upper"], r_series(record, "wald_ci_upper"), rtol=1e-6)
    assert "penalised log-likelihood = " in result.summary()
    penalised = float(result.notes[0].split("= ")[1].split(" ")[0])
    assert penalised == pytest.approx(record["penalized_loglik"], abs=1e-3)


def test_profile_intervals_match_logistf_endometrial() -> None:
    # logistf(HG ~ NV + PI + EH, data = endometrial): profile penalised-likelihood 95 % CIs
    # as recorded from logistf in the test suite of the independent Python package
    # firthlogist (jzluo/firthlogist, firthlogist/tests/test_firthlogist.py, fixture
    # "endometrial", "logistf_ci"). logistf is not packaged for Debian, so these
    # published numbers stand in for a generated fixture.
    _, frame = load_r_fixture("brglm2_endometrial_AS_mean")
    result = LogitModel("HG ~ NV + PI + EH", frame).fit(method="firth")
    assert result.ci_kind == "profile"
    logistf = pd.DataFrame(
        {
            "lower": [1.0825371, 0.6097244, -0.1244587, -4.3651832],
            "upper": [7.20928050, 7.85463171, 0.04045547, -1.23272106],
        },
        index=["Intercept", "NV", "PI", "EH"],
    )
    # logistf iterates its profile to ~1e-5 (its xconv/gconv defaults), hence rtol.
    np.testing.assert_allclose(result.conf_int(), logistf, rtol=1e-5)


def test_profile_bounds_solve_the_likelihood_ratio_equation() -> None:
    # Known by construction: at each bound the penalised LR statistic equals chi2_1(0.9).
    rng = np.random.default_rng(3)
    n = 40
    X = np.column_stack([np.ones(n), rng.normal(size=n)])
    y = (rng.random(n) < 0.4).astype(float)
    frame = pd.DataFrame({"x": X[:, 1], "y": y})
    result = LogitModel("y ~ x", frame).fit(method="firth")
    full = fit_firth(X, y, np.ones(n)).outcome.value
    for j, name in enumerate(["Intercept", "x"]):
        for bound in result.conf_int(level=0.9).loc[name]:
            restricted = fit_firth(X, y, np.ones(n), fixed={j: bound}).outcome.value
            assert 2 * (full - restricted) == pytest.approx(stats.chi2.ppf(0.9, 1), abs=1e-6)


def test_three_kazakhstan_cases_warn_about_separation_and_firth_stays_finite() -> None:
    # The paper's three cases are perfectly separated by social share (70.55 % fired,
    # 39.7 % and 58.05 % not): ML must warn rather than report its runaway numbers as
    # estimates, and Firth must give finite estimates with profile intervals around them.
    from careerrep.datasets import kazakhstan_2019

    cases = kazakhstan_2019().signals()
    cases["fired"] = (cases["outcome"] == "fired").astype(int)
    model = LogitModel("fired ~ social_share", cases)
    with pytest.warns(SeparationWarning, match="social_share"):
        model.fit()
    firth = model.fit(method="firth")
    assert firth.converged and np.all(np.isfinite(firth.params))
    ci = firth.conf_int()
    assert firth.ci_kind == "profile"
    assert np.all(np.isfinite(ci.to_numpy()))
    assert np.all((ci["lower"] < firth.params) & (firth.params < ci["upper"]))
