"""The study's estimators against the library's models and statsmodels."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from statsmodels.miscmodels.ordinal_model import OrderedModel

from careerrep.errors import ModelSpecError
from careerrep.models import LogitModel, OrdinalModel
from careerrep.scale import OutcomeScale
from careerrep.simulate import Scenario, ScenarioError, draw, kazakhstan_scenario, study
from careerrep.simulate.estimators import (
    check_estimator,
    estimates_from_result,
    fit_logit,
    fit_mle,
    ordinal_arrays,
)
from tests.seeds import shifted

SCENARIO = kazakhstan_scenario()
BINARY = Scenario(
    effects={"social_share": 2.0, "log_mentions_per_day": -0.5},
    thresholds=(0.3,),
    scale=OutcomeScale(["stayed", "left"]),
)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_fast_mle_equals_ordinal_model_fit(seed: int) -> None:
    table = draw(SCENARIO, 150, seed)
    frame = table.signals()
    fast = fit_mle(*ordinal_arrays(frame, SCENARIO), SCENARIO, 0.95, {})
    model = OrdinalModel(SCENARIO.formula(), table).fit()
    assert fast.parameters == tuple(model.params.index)
    np.testing.assert_allclose(fast.estimate, model.params.to_numpy(), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(fast.se, model.bse.to_numpy(), rtol=1e-10)
    ci = model.conf_int(level=0.95)
    np.testing.assert_allclose(fast.lower, ci["lower"].to_numpy(), rtol=1e-10)
    assert fast.converged == model.converged


def test_fast_mle_matches_statsmodels_ordered_model() -> None:
    # Peer: statsmodels 0.15 OrderedModel(distr="logit").fit(method="newton"), thresholds stored
    # as (theta_1, log increments). Newton (numerical Hessian, default tol=1e-8) converges on every
    # CPU we tried; BFGS with a tight gtol stops short on some and warns. Peer accuracy, measured
    # over data seeds 1-25: estimates within 6.3e-7 relative, SEs within 9.5e-5 relative; the
    # tolerances below keep a 10x margin over those worst cases.
    frame = draw(SCENARIO, 200, 9).signals()
    fast = fit_mle(*ordinal_arrays(frame, SCENARIO), SCENARIO, 0.95, {})
    peer = OrderedModel(frame["outcome"], frame[list(SCENARIO.signals)], distr="logit").fit(
        method="newton", disp=False, maxiter=100
    )
    assert peer.mle_retvals["converged"]
    p = len(SCENARIO.signals)
    raw = np.asarray(peer.params)
    thresholds = raw[p] + np.r_[0.0, np.cumsum(np.exp(raw[p + 1 :]))]
    np.testing.assert_allclose(fast.estimate[:p], raw[:p], rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(fast.estimate[p:], thresholds, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(fast.se[:p], np.asarray(peer.bse)[:p], rtol=1e-3)


def test_missing_rows_are_dropped_with_a_warning_and_empty_levels_refused() -> None:
    from careerrep.errors import MissingDataWarning

    frame = draw(SCENARIO, 60, 4).signals()
    X, y = ordinal_arrays(frame, SCENARIO)
    X[0, 0] = np.nan
    with pytest.warns(MissingDataWarning, match="dropped 1 of 60"):
        fit_mle(X, y, SCENARIO, 0.95, {})
    with pytest.raises(ModelSpecError, match="no observations"):
        fit_mle(X[1:][y[1:] > 0], y[1:][y[1:] > 0], SCENARIO, 0.95, {})


def test_logit_estimator_is_the_logit_model() -> None:
    frame = draw(BINARY, 300, 5).signals()
    estimates = fit_logit(frame, BINARY, 0.95, {}, "mle")
    model = LogitModel(BINARY.formula(), frame, levels=["stayed", "left"]).fit()
    np.testing.assert_allclose(estimates.estimate, model.params.to_numpy(), rtol=1e-12)
    assert estimates.parameters == ("Intercept", "social_share", "log_mentions_per_day")
    # The layout is the fitted family's: the intercept's truth is read by its role.
    assert estimates.layout == model.model.family.layout
    assert BINARY.true_values(estimates.layout)["Intercept"] == -0.3


def test_estimator_names_are_checked_against_the_scenario() -> None:
    with pytest.raises(ScenarioError, match="binary"):
        check_estimator("firth", SCENARIO)
    with pytest.raises(ScenarioError, match="not one of"):
        check_estimator("ols", SCENARIO)
    probit = Scenario(
        effects={"social_share": 1.0}, thresholds=(0.0,), scale=OutcomeScale(["a", "b"]), link="probit"
    )
    with pytest.raises(ScenarioError, match="link"):
        check_estimator("logit", probit)
    check_estimator("mle", probit)


def test_user_results_are_read_from_a_frame_or_refused() -> None:
    frame = pd.DataFrame({"estimate": [1.0], "se": [0.5], "lower": [0.0], "upper": [2.0]}, index=["x"])
    estimates = estimates_from_result(frame, 0.95)
    assert estimates.parameters == ("x",) and estimates.converged
    with pytest.raises(ModelSpecError, match="lacks columns"):
        estimates_from_result(frame.drop(columns="se"), 0.95)
    with pytest.raises(ModelSpecError, match="returned a int"):
        estimates_from_result(3, 0.95)


def test_separated_replicate_warns_like_the_model() -> None:
    # Known by construction: x orders the outcomes perfectly, so the MLE is infinite.
    from careerrep.errors import SeparationWarning

    scenario = Scenario(effects={"social_share": 1.0}, thresholds=(-1.0, 0.0, 1.0))
    y = np.repeat(np.arange(4), 3)
    X = (y + np.tile([0.0, 0.1, 0.2], 4))[:, None] / 4
    with pytest.warns(SeparationWarning):
        fit_mle(X, y, scenario, 0.95, {})


@pytest.mark.slow
def test_bayes_estimator_reports_posterior_summaries_close_to_the_mle_of_the_same_replicate() -> None:
    # Same root seed -> the same drawn cohort for both estimators, so with 150 cases and the
    # default weakly informative priors the posterior means must sit near the MLE (well
    # inside one posterior sd), and every parameter gets an interval around its estimate.
    scenario = kazakhstan_scenario()
    common = {"n_cases": 150, "reps": 1, "seed": shifted(5), "workers": 1, "progress": False}
    bayes = study(scenario, estimator="bayes", options={"draws": 300, "tune": 300, "chains": 2}, **common)
    mle = study(scenario, estimator="mle", **common)
    b, m = bayes.table.set_index("parameter"), mle.table.set_index("parameter")
    assert list(b.index) == list(m.index)
    assert (b["estimator"] == "bayes").all() and (b["error"] == "").all()
    assert ((b["lower"] < b["estimate"]) & (b["estimate"] < b["upper"])).all()
    assert (abs(b["estimate"] - m["estimate"]) < 0.5 * b["se"]).all()
