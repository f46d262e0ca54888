"""Average marginal effects against statsmodels (logit, multinomial) and R (ordinal).

Peers:
* statsmodels ``Logit/MNLogit(...).fit().get_margeff(at="overall")`` computed at test time,
  on the same design matrix (statsmodels treats each column as its own variable; our
  variables enter linearly here so the two definitions coincide);
* R 4.2.2, ordinal 2022.11.16, numDeriv 2016.8.1.1: tests/fixtures/effects/ordinal_ame.R
  (AMEs by hand, delta-method SEs with numDeriv::jacobian), numbers in ordinal_ame.json.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from hypothesis import given, settings
from hypothesis import strategies as st

from careerrep.effects import marginal_effects
from careerrep.errors import ModelSpecError
from careerrep.models.logit import LogitModel
from careerrep.models.multinomial import MultinomialModel
from careerrep.models.ordinal import OrdinalModel

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "effects"
RTOL = 1e-6


def _with_reference_params(result, params, vcov):
    """The MLE result with R's estimates and covariance (isolates the AME math from the optimiser)."""
    names = list(result.params.index)
    return dataclasses.replace(
        result,
        params=pd.Series(params, index=names),
        cov=pd.DataFrame(np.asarray(vcov), index=names, columns=names),
    )


def test_logit_ame_matches_statsmodels_continuous_and_dummy(cases):
    frame = cases.assign(tone_positive=(cases["tone"] == "positive").astype(float))
    result = LogitModel("event ~ x + log_mentions_per_day + tone_positive", frame).fit()
    ours = marginal_effects(result, ["x", "log_mentions_per_day"])
    peer = sm.Logit(
        frame["event"], sm.add_constant(frame[["x", "log_mentions_per_day", "tone_positive"]])
    ).fit(disp=0)
    margins = peer.get_margeff(at="overall")
    event = ours[ours["outcome"] == "1"]
    np.testing.assert_allclose(event["estimate"], margins.margeff[:2], rtol=RTOL)
    np.testing.assert_allclose(event["std_error"], margins.margeff_se[:2], rtol=RTOL)
    # A 0/1 dummy as a categorical variable: discrete change, as statsmodels' dummy=True.
    dummies = peer.get_margeff(at="overall", dummy=True)
    categorical = LogitModel("event ~ x + log_mentions_per_day + C(tone_positive)", frame).fit()
    change = marginal_effects(categorical, "tone_positive")
    change = change[change["outcome"] == "1"]
    assert change["type"].iloc[0] == "discrete change"
    np.testing.assert_allclose(change["estimate"], dummies.margeff[2:], rtol=RTOL)
    np.testing.assert_allclose(change["std_error"], dummies.margeff_se[2:], rtol=RTOL)


def test_logit_ame_with_frequency_weights_equals_expanded_rows(cases):
    weighted = LogitModel("event ~ x + log_mentions_per_day", cases, weights="weight").fit()
    expanded = cases.loc[cases.index.repeat(cases["weight"].astype(int))].reset_index(drop=True)
    unweighted = LogitModel("event ~ x + log_mentions_per_day", expanded).fit()
    a, b = marginal_effects(weighted), marginal_effects(unweighted)
    np.testing.assert_allclose(a["estimate"], b["estimate"], rtol=1e-8)
    np.testing.assert_allclose(a["std_error"], b["std_error"], rtol=1e-6)


def test_multinomial_ame_matches_statsmodels(cases):
    result = MultinomialModel("outcome ~ x + log_mentions_per_day", cases).fit()
    ours = marginal_effects(result)
    codes = cases["outcome"].cat.codes
    peer = sm.MNLogit(codes, sm.add_constant(cases[["x", "log_mentions_per_day"]])).fit(
        disp=0, method="newton", tol=1e-12
    )
    margins = peer.get_margeff(at="overall")
    for j, variable in enumerate(["x", "log_mentions_per_day"]):
        rows = ours[ours["term"] == variable]
        np.testing.assert_allclose(rows["estimate"], margins.margeff[j], rtol=RTOL)
        np.testing.assert_allclose(rows["std_error"], margins.margeff_se[j], rtol=RTOL)


@pytest.mark.parametrize(
    ("dataset", "formula", "link", "weights"),
    [
        ("sim", "y ~ x + np.log(z) + g", "probit", None),
        ("wine", "rating ~ temp + contact", "logit", None),
        ("housing", "Sat ~ Infl + Type + Cont", "cloglog", "Freq"),
    ],
)
def test_ordinal_ame_matches_r_by_hand(dataset, formula, link, weights):
    reference = json.loads((FIXTURES / "ordinal_ame.json").read_text())[dataset]
    labels = reference["labels"]
    frame = _r_data(dataset)
    outcome = formula.split("~")[0].strip()
    frame[outcome] = pd.Categorical(frame[outcome].astype(str), categories=labels, ordered=True)
    fitted = OrdinalModel(formula, frame, link=link, weights=weights).fit()
    np.testing.assert_allclose(fitted.params, list(reference["fit"]["params"].values()), rtol=1e-5, atol=1e-6)
    result = _with_reference_params(
        fitted, list(reference["fit"]["params"].values()), reference["fit"]["vcov"]
    )
    ours = marginal_effects(result)
    for variable, expected in reference["ame"].items():
        rows = ours[ours["term"] == variable]
        blocks = {"": expected} if "estimate" in expected else expected  # continuous: one block
        for contrast, numbers in blocks.items():
            part = rows if not contrast else rows[rows["contrast"] == contrast]
            np.testing.assert_allclose(part["estimate"], numbers["estimate"], rtol=RTOL, atol=1e-12)
            np.testing.assert_allclose(part["std_error"], numbers["std_error"], rtol=1e-5)


# R's factor level orders (the first level is the reference in R and in formulaic).
R_LEVELS = {
    "wine": {"temp": ["cold", "warm"], "contact": ["no", "yes"]},
    "housing": {
        "Infl": ["Low", "Medium", "High"],
        "Type": ["Tower", "Apartment", "Atrium", "Terrace"],
        "Cont": ["Low", "High"],
    },
    "sim": {},
}


def _r_data(dataset: str) -> pd.DataFrame:
    """The data R used (written by the R script / exported from R's packages)."""
    name = "ordinal_ame_sim.csv" if dataset == "sim" else f"{dataset}.csv"
    frame = pd.read_csv(FIXTURES / name)
    for column, levels in R_LEVELS[dataset].items():
        frame[column] = pd.Categorical(frame[column], categories=levels)
    return frame


def test_ordinal_ame_matches_finite_differences_of_predict(cases):
    result = OrdinalModel("outcome ~ logratio_social_mass + x + tone", cases, link="probit").fit()
    ours = marginal_effects(result, "x")
    h = 1e-5
    up = result.predict(cases.assign(x=cases["x"] + h)).mean()
    down = result.predict(cases.assign(x=cases["x"] - h)).mean()
    np.testing.assert_allclose(ours["estimate"], (up - down) / (2 * h), rtol=1e-6, atol=1e-10)


def test_ordinal_ame_equals_hand_formula(cases):
    result = OrdinalModel("outcome ~ x + log_mentions_per_day", cases).fit()
    beta = result.params[["x", "log_mentions_per_day"]].to_numpy()
    theta = result.params.iloc[2:].to_numpy()
    eta = cases[["x", "log_mentions_per_day"]].to_numpy() @ beta
    logistic_density = lambda t: np.exp(-t) / (1 + np.exp(-t)) ** 2  # noqa: E731
    dens = np.column_stack(
        [np.zeros(len(eta)), logistic_density(theta[None, :] - eta[:, None]), np.zeros(len(eta))]
    )
    expected = (-(dens[:, 1:] - dens[:, :-1]) * beta[0]).mean(axis=0)
    ours = marginal_effects(result, "x")
    np.testing.assert_allclose(ours["estimate"], expected, rtol=1e-9)


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 10_000))
def test_ordinal_effects_sum_to_zero_over_outcomes(seed):
    rng = np.random.default_rng(seed)
    n = 120
    frame = pd.DataFrame({"x": rng.normal(size=n), "g": rng.choice(["a", "b", "c"], n)})
    frame["y"] = pd.Categorical.from_codes(
        np.digitize(frame["x"] + rng.logistic(size=n), [-1, 0, 1]), categories=list("ABCD"), ordered=True
    )
    if frame["y"].value_counts().min() == 0:
        return
    ours = marginal_effects(OrdinalModel("y ~ x + g", frame).fit())
    sums = ours.groupby(["term", "contrast"])["estimate"].sum()
    np.testing.assert_allclose(sums, 0.0, atol=1e-12)


def test_at_values_and_at_frame(cases):
    result = OrdinalModel("outcome ~ x + log_mentions_per_day", cases).fit()
    at_zero = marginal_effects(result, "x", at={"x": 0.0, "log_mentions_per_day": 2.0})
    one_case = marginal_effects(result, "x", at=pd.DataFrame({"x": [0.0], "log_mentions_per_day": [2.0]}))
    np.testing.assert_allclose(at_zero["estimate"], one_case["estimate"], rtol=1e-10)
    assert one_case["at"].iloc[0] == "1 chosen case(s)"


def test_columns_are_fixed_and_errors_are_clear(cases):
    result = OrdinalModel("outcome ~ x", cases).fit()
    frame = marginal_effects(result)
    assert list(frame.columns)[:10] == [
        "term",
        "outcome",
        "estimate",
        "std_error",
        "lower",
        "upper",
        "interval",
        "p_value",
        "p_direction",
        "p_beyond_rope",
    ]
    assert set(frame["interval"]) == {"Wald 95%"}
    with pytest.raises(ModelSpecError, match="not a column"):
        marginal_effects(result, "nope")
    with pytest.raises(ModelSpecError, match=r"'days' is not a column.*\['outcome', 'x'\]"):
        marginal_effects(result, "days")  # in the caller's frame, but not a column the model keeps
