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
        odds_ratios(OrdinalModel("outcome ~ x", cases).fit(), ci="profile")
