"""Odds-ratio and relative-risk-ratio tables say what they are and agree with the coefficients.

* Posterior odds ratios are exp of the coefficient's posterior summary (median and
  interval bounds), so a coefficient interval that holds 0 gives an odds-ratio
  interval that holds 1, in the effects frame and in the table alike (issue 16, item 1).
* A float (or many-valued integer) outcome is refused for ordinal and multinomial
  models unless levels are given (item 2).
* Multinomial tables are relative-risk ratios against the named reference outcome,
  with intercepts on the log scale and no word of thresholds (item 3).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

from careerrep.effects import odds_ratios
from careerrep.errors import ModelSpecError
from careerrep.models.logit import LogitModel
from careerrep.models.multinomial import MultinomialModel
from careerrep.models.ordinal import OrdinalModel
from careerrep.report import table
from tests.seeds import shifted

LEVELS = ["fired", "resigned", "retained", "promoted"]

# Short chains: a sampler-health notice on some seed must not fail checks that hold by construction.
pytestmark = pytest.mark.filterwarnings("ignore:posterior draws may be unreliable")


def _frame(n: int, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame({"x": rng.normal(size=n), "z": rng.normal(size=n)})
    latent = 0.8 * frame["x"] + rng.logistic(size=n)  # z has no effect: its interval straddles 0
    codes = np.digitize(latent, [-1.0, 0.2, 1.2])
    frame["outcome"] = pd.Categorical.from_codes(codes, dtype=pd.CategoricalDtype(LEVELS, ordered=True))
    frame["choice"] = pd.Categorical.from_codes(codes % 3, categories=["stay", "left", "moved"])
    frame["share"] = rng.uniform(size=n)
    frame["count"] = rng.integers(0, 500, size=n)
    return frame


@pytest.fixture(scope="module")
def posterior():
    # The checks below hold by construction, for any seed (tests.seeds shifts it for sweeps).
    frame = _frame(120, seed=shifted(5))
    return OrdinalModel("outcome ~ x + z", frame).sample(draws=300, chains=2, seed=shifted(3))


def _log_odds_draws(result, name: str) -> np.ndarray:
    return result.param_draws()[name].to_numpy(float)


@pytest.mark.slow
def test_posterior_odds_ratios_are_exp_of_the_coefficient_summary(posterior):
    coefficients = odds_ratios(posterior, exponentiate=False).set_index("term")
    ratios = odds_ratios(posterior).set_index("term")
    for term in ("x", "z"):
        draws = _log_odds_draws(posterior, term)
        assert ratios.loc[term, "estimate"] == pytest.approx(np.exp(np.median(draws)), rel=1e-12)
        assert ratios.loc[term, "lower"] == pytest.approx(np.exp(coefficients.loc[term, "lower"]), rel=1e-12)
        assert ratios.loc[term, "upper"] == pytest.approx(np.exp(coefficients.loc[term, "upper"]), rel=1e-12)
        holds_zero = coefficients.loc[term, "lower"] < 0 < coefficients.loc[term, "upper"]
        holds_one = ratios.loc[term, "lower"] < 1 < ratios.loc[term, "upper"]
        assert holds_zero == holds_one
        assert ratios.loc[term, "p_direction"] == coefficients.loc[term, "p_direction"]
    assert (ratios["interval"] == "exp(HDI 95%)").all()
    eti = odds_ratios(posterior, ci="eti", level=0.9).set_index("term")
    draws = _log_odds_draws(posterior, "z")
    low, high = np.exp(np.quantile(draws, [0.05, 0.95]))
    assert eti.loc["z", ["lower", "upper"]].to_numpy(float) == pytest.approx([low, high], rel=1e-12)
    assert (eti["interval"] == "ETI 90%").all()


@pytest.mark.slow
def test_posterior_odds_ratio_table_agrees_with_the_coefficient_table(posterior):
    ratios = odds_ratios(posterior).set_index("term")
    text = table(posterior, exponentiate=True, format="text", digits=4)
    coefficient_text = table(posterior, format="text", digits=4)
    for term in ("x", "z"):
        row = ratios.loc[term]
        assert f"{row['estimate']:.4f}" in text
        assert f"[{row['lower']:.4f}, {row['upper']:.4f}]" in text
        draws = _log_odds_draws(posterior, term)
        assert f"{draws.mean():.4f}" in coefficient_text  # coefficients keep the posterior mean
    assert "exp(HDI 95%)" in text and "median" in text


@pytest.mark.parametrize("outcome", ["share", "count"])
@pytest.mark.parametrize("model", [OrdinalModel, MultinomialModel])
def test_a_measurement_outcome_is_refused_with_the_reason(model, outcome):
    frame = _frame(80, seed=1)
    with pytest.raises(ModelSpecError, match=rf"outcome '{outcome}' .* levels=\["):
        model(f"{outcome} ~ x", frame)


def test_an_integer_outcome_with_few_values_or_given_levels_is_accepted():
    frame = _frame(200, seed=2)
    frame["grade"] = frame["outcome"].cat.codes.astype(int)
    assert OrdinalModel("grade ~ x", frame).labels == ("0", "1", "2", "3")
    frame["score"] = frame["grade"].astype(float)
    fitted = OrdinalModel("score ~ x", frame, levels=[0.0, 1.0, 2.0, 3.0])
    assert len(fitted.labels) == 4


@pytest.fixture(scope="module")
def multinomial():
    frame = _frame(400, seed=4)
    return frame, MultinomialModel("choice ~ x + z", frame).fit()


@pytest.mark.parametrize("fmt", ["text", "markdown", "latex", "html"])
def test_multinomial_table_is_relative_risk_ratios_against_the_reference(multinomial, fmt):
    frame, result = multinomial
    text = table(result, exponentiate=True, format=fmt, digits=4).replace("$-$", "-")
    assert "Relative-risk ratio (vs stay)" in text
    assert "Odds ratio" not in text and "odds ratio" not in text
    assert "threshold" not in text.lower()
    assert "reference outcome stay" in text
    # Peer: statsmodels MNLogit, first category (stay) as the reference.
    codes = frame["choice"].cat.codes
    peer = sm.MNLogit(codes, sm.add_constant(frame[["x", "z"]])).fit(disp=0)
    for column, level in zip(peer.params.columns, ["left", "moved"], strict=True):
        intercept = peer.params.loc["const", column]
        assert f"{intercept:.4f}" in text  # intercepts stay on the log scale
        assert f"{np.exp(intercept):.4f}" not in text
        assert f"{np.exp(peer.params.loc['x', column]):.4f}" in text, level
    effects = odds_ratios(result)
    assert set(effects["scale"]) == {"relative-risk ratio"}
    assert set(effects["outcome"]) == {"left vs stay", "moved vs stay"}


def test_logit_and_ordinal_odds_ratio_tables_keep_intercepts_and_thresholds_on_log_scale():
    frame = _frame(300, seed=6)
    frame["event"] = (frame["outcome"].cat.codes >= 2).astype(int)
    logit = LogitModel("event ~ x", frame).fit()
    ordinal = OrdinalModel("outcome ~ x", frame).fit()
    text = table(logit, ordinal, exponentiate=True, stars=True, digits=4)
    assert "Odds ratio" in text
    assert f"{logit.params['Intercept']:.4f}" in text
    assert "intercepts and thresholds are not exponentiated" in text
    threshold_line = next(line for line in text.splitlines() if line.startswith("fired|resigned"))
    assert "*" not in threshold_line  # no stars on thresholds
    assert re.search(r"^x\s+\S+\*\*\*", text, re.MULTILINE)


@pytest.mark.slow
def test_posterior_result_and_summary_print_briefly_and_render_in_notebooks(posterior):
    text = repr(posterior)
    assert "\n" not in text and len(text) < 200 and "2 chains x 300 draws" in text
    summary = posterior.summary(level=0.9)
    assert isinstance(summary, str) and "hdi_5%" in summary
    assert summary._repr_html_().count("<table") == 1
    assert summary.frame.loc["x", "mean"] == pytest.approx(_log_odds_draws(posterior, "x").mean())
