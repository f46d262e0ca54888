"""Odds ratios against statsmodels (Logit at test time) and per-sd effects by construction."""

from __future__ import annotations

import numpy as np
import pytest
import statsmodels.api as sm

from careerrep.effects import odds_ratios
from careerrep.errors import ModelSpecError
from careerrep.models.logit import LogitModel
from careerrep.models.ordinal import OrdinalModel


def test_logit_odds_ratios_match_statsmodels(cases):
    result = LogitModel("event ~ x + log_mentions_per_day", cases).fit()
    ours = odds_ratios(result)
    peer = sm.Logit(cases["event"], sm.add_constant(cases[["x", "log_mentions_per_day"]])).fit(disp=0)
    bounds = peer.conf_int(0.05).iloc[1:]
    np.testing.assert_allclose(ours["estimate"], np.exp(peer.params.iloc[1:]), rtol=1e-7)
    np.testing.assert_allclose(ours["lower"], np.exp(bounds[0]), rtol=1e-6)
    np.testing.assert_allclose(ours["upper"], np.exp(bounds[1]), rtol=1e-6)
    np.testing.assert_allclose(ours["p_value"], peer.pvalues.iloc[1:], rtol=1e-5)
    assert set(ours["interval"]) == {"Wald 95%"}
    assert "Intercept" not in set(ours["term"])


def test_per_sd_odds_ratio_equals_refit_on_standardised_predictor(cases):
    sd = cases["x"].std(ddof=0)
    per_sd = odds_ratios(OrdinalModel("outcome ~ x + tone", cases).fit(), standardize=True)
    refit = odds_ratios(OrdinalModel("outcome ~ xs + tone", cases.assign(xs=cases["x"] / sd)).fit())
    np.testing.assert_allclose(per_sd["estimate"].iloc[0], refit["estimate"].iloc[0], rtol=1e-6)
    np.testing.assert_allclose(per_sd["lower"].iloc[0], refit["lower"].iloc[0], rtol=1e-6)
    assert per_sd["per"].iloc[0].startswith("1 sd")
    assert (per_sd["per"].iloc[1:] == "1 unit").all()  # dummies stay per unit


def test_coefficients_scale_and_errors(cases):
    result = OrdinalModel("outcome ~ x", cases, link="probit").fit()
    frame = odds_ratios(result, exponentiate=False, level=0.9)
    np.testing.assert_allclose(frame["estimate"], result.params[["x"]])
    assert frame["interval"].iloc[0] == "Wald 90%"
    with pytest.raises(ModelSpecError, match="logit link"):
        odds_ratios(result)
    with pytest.raises(ModelSpecError, match="profile"):
        odds_ratios(OrdinalModel("outcome ~ x", cases).fit(cov="HC1"), ci="profile")


def test_profile_odds_ratios_of_an_ml_fit_are_the_exponentiated_profile_bounds(cases):
    # ci="profile" reads MLEResult.conf_int(method="profile") (checked against R's confint
    # in tests/models/test_profile.py); per sd, the bounds of b scale with the sd (by construction).
    result = OrdinalModel("outcome ~ x + tone", cases).fit()
    bounds = result.conf_int(level=0.9, method="profile").loc[["x", "tone[T.neutral]", "tone[T.positive]"]]
    frame = odds_ratios(result, ci="profile", level=0.9, standardize=["x"])
    sd = cases["x"].std(ddof=0)
    np.testing.assert_allclose(frame["lower"], np.exp(bounds["lower"] * [sd, 1, 1]), rtol=1e-12)
    np.testing.assert_allclose(frame["upper"], np.exp(bounds["upper"] * [sd, 1, 1]), rtol=1e-12)
    assert set(frame["interval"]) == {"profile 90%"}
    assert result.ci_kind == "Wald"  # the default kind of the result is unchanged
