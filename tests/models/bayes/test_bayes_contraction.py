"""Prior sds as used and posterior contraction (careerrep.models.bayes.contraction).

Checked against: closed forms (the rstanarm ``2.5 / sd(x)`` rule, the
variance of the minimum of two normals, trigamma for the logit of a Beta),
scipy quadrature of the cut points' prior densities, forward draws of the
PyMC prior itself, and answers known by construction (a prior far narrower
than the likelihood is barely moved; 1,200 cases pin a slope down).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import integrate, special, stats

from careerrep.datasets import kazakhstan_2019
from careerrep.models import LogitModel, MultinomialModel, OrdinalModel
from careerrep.models.bayes import prior_predictive
from careerrep.models.bayes.build import build_model
from careerrep.models.bayes.contraction import (
    WEAKLY_INFORMED,
    beta_quantile_variance,
    contraction,
    reported_prior_sd,
    threshold_prior_variance,
)
from careerrep.models.bayes.glue import model_arrays
from careerrep.models.bayes.priors import Priors, resolve_priors
from tests.seeds import shifted

# These tests are about posteriors, not sampler health: a low-ESS or R-hat notice on some seed or
# CPU must not fail them (tests that are about diagnostics assert them explicitly).
pytestmark = pytest.mark.filterwarnings(
    "ignore:posterior draws may be unreliable:careerrep.errors.SamplingWarning"
)


THREE_LEVELS = ["fired", "resigned", "promoted"]
BARELY = "the data barely inform this coefficient"

# (cdf, pdf) of each link's latent distribution, written out independently of links.py.
LATENT = {
    "logit": (special.expit, lambda z: special.expit(z) * special.expit(-z)),
    "probit": (stats.norm.cdf, stats.norm.pdf),
    "cloglog": (lambda z: -np.expm1(-np.exp(z)), lambda z: np.exp(z - np.exp(z))),
}


def quadrature_variance(a: float, b: float, link: str) -> float:
    """Variance of F^-1(U), U ~ Beta(a, b), by integrating over the latent scale."""
    cdf, pdf = LATENT[link]

    def density(z: float) -> float:
        return float(stats.beta.pdf(cdf(z), a, b) * pdf(z))

    mean = integrate.quad(lambda z: z * density(z), -40, 40, limit=200)[0]
    second = integrate.quad(lambda z: z * z * density(z), -40, 40, limit=200)[0]
    return second - mean**2


@pytest.mark.parametrize("link", ["logit", "probit", "cloglog"])
@pytest.mark.parametrize(("a", "b"), [(1.0, 2.0), (2.0, 1.0), (1.5, 3.0)])
def test_quantile_variance_matches_quadrature(link: str, a: float, b: float) -> None:
    assert beta_quantile_variance(a, b, link) == pytest.approx(quadrature_variance(a, b, link), rel=0.02)


def test_logit_quantile_variance_is_trigamma_and_normal_order_statistic_is_textbook() -> None:
    # logit(U) for U ~ Beta(a, b) has variance trigamma(a) + trigamma(b).
    assert beta_quantile_variance(1.0, 2.0, "logit") == pytest.approx(np.pi**2 / 6 + np.pi**2 / 6 - 1)
    # Two ordered cut points under Normal(0, 5): the lower is the minimum of two
    # normals, whose variance is 1 - 1/pi (a classical closed form).
    variances = threshold_prior_variance(Priors(thresholds="normal", threshold_sigma=5.0), 3, "logit")
    np.testing.assert_allclose(variances, 25 * (1 - 1 / np.pi), rtol=0.01)


@given(
    st.floats(0.01, 100.0),
    st.floats(0.01, 100.0),
)
def test_contraction_is_zero_when_nothing_changed_and_at_most_one(posterior: float, prior: float) -> None:
    value = contraction(np.array([posterior, prior]), np.array([prior, prior]))
    assert value[0] <= 1.0
    assert value[1] == pytest.approx(0.0, abs=1e-12)
    assert np.isnan(contraction(np.array([1.0, 1.0]), np.array([np.nan, np.inf]))).all()


def kazakhstan_model(formula: str = "outcome ~ social_share") -> OrdinalModel:
    return OrdinalModel(formula, kazakhstan_2019(), levels=THREE_LEVELS)


def small_frame(seed: int = 3, n: int = 60) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    x = rng.normal(2.0, 1.5, n)
    z = rng.integers(0, 2, n).astype(float)
    y = np.where(x + rng.logistic(size=n) > 2.0, "yes", "no")
    kind = rng.choice(["a", "b", "c"], n)
    return pd.DataFrame({"x": x, "z": z, "y": y, "kind": kind})


@pytest.mark.parametrize(
    ("make_model", "priors"),
    [
        (kazakhstan_model, None),
        (kazakhstan_model, {"thresholds": "normal", "threshold_sigma": 3.0}),
        (lambda: LogitModel("y ~ x + z", small_frame(), levels=["no", "yes"]), None),
        (lambda: MultinomialModel("kind ~ x", small_frame()), {"coef": {"x": (0.0, 0.7)}}),
    ],
    ids=["ordinal-dirichlet", "ordinal-normal", "logit", "multinomial"],
)
def test_prior_sd_matches_draws_from_the_pymc_prior(make_model, priors) -> None:  # type: ignore[no-untyped-def]
    model = make_model()
    data, _ = model_arrays(model)
    expected = reported_prior_sd(build_model(data, resolve_priors(priors)), resolve_priors(priors))
    draws = prior_predictive(model, draws=4000, seed=shifted(7), priors=priors)
    observed = draws.iloc[:, : len(expected)].std(ddof=1).to_numpy()
    np.testing.assert_allclose(expected, observed, rtol=0.1)


@pytest.fixture(scope="module")
def three_cases_default():  # type: ignore[no-untyped-def]
    return kazakhstan_model().sample(draws=1000, chains=2, seed=shifted(3), cores=1, tune=1000)


def test_default_prior_sd_is_the_autoscaled_rule(three_cases_default) -> None:  # type: ignore[no-untyped-def]
    share = kazakhstan_2019().signals()["social_share"].to_numpy(dtype=float)
    assert three_cases_default.prior_sd["social_share"] == pytest.approx(2.5 / np.std(share))
    table = three_cases_default.summary_frame()
    assert table.loc["social_share", "prior_sd"] == pytest.approx(2.5 / np.std(share))
    expected = 1 - (table["std_error"] / table["prior_sd"]) ** 2
    np.testing.assert_allclose(table["contraction"], expected)
    # The sentence appears exactly when the contraction is under the threshold.
    barely = table.loc["social_share", "contraction"] < WEAKLY_INFORMED
    assert (f"social_share: {BARELY}" in three_cases_default.summary()) == barely


def test_three_cases_barely_move_a_prior_narrower_than_their_likelihood() -> None:
    # With sd 1 on a share that spans 0.40-0.71 across the three cases, the
    # slope moves the cases' log-odds apart by well under one unit over the
    # prior's range: the likelihood is nearly flat there, so the posterior is
    # the prior again (known by construction).
    result = kazakhstan_model().sample(
        draws=1000,
        chains=2,
        seed=shifted(4),
        cores=1,
        tune=1000,
        priors={"coef": {"social_share": (0.0, 1.0)}},
    )
    table = result.summary_frame()
    assert table.loc["social_share", "prior_sd"] == 1.0
    assert table.loc["social_share", "contraction"] < WEAKLY_INFORMED
    percent = round(100 * table.loc["social_share", "std_error"])
    assert f"social_share: {BARELY} (posterior sd is {percent} % of the prior sd)" in result.summary()


def test_a_large_cohort_pins_the_slope_down() -> None:
    rng = np.random.default_rng(shifted(12))
    n = 1200
    # Eleven predictor values: identical rows collapse into counts, so 1,200
    # cases sample as fast as a few dozen.
    x = rng.integers(0, 11, n) / 10.0
    latent = 2.0 * x + rng.logistic(size=n)
    outcome = pd.Categorical.from_codes(
        np.searchsorted([0.3, 1.7], latent), dtype=pd.CategoricalDtype(["lo", "mid", "hi"], ordered=True)
    )
    result = OrdinalModel("y ~ x", pd.DataFrame({"y": outcome, "x": x})).sample(
        draws=1000, chains=2, seed=shifted(2), cores=1, tune=1000
    )
    table = result.summary_frame()
    assert table.loc["x", "prior_sd"] == pytest.approx(2.5 / np.std(x))
    assert (table["contraction"] > 0.9).all()
    assert BARELY not in result.summary()


def test_column_set_is_fixed(three_cases_default) -> None:  # type: ignore[no-untyped-def]
    columns = list(three_cases_default.summary_frame(level=0.8).columns)
    assert columns[-2:] == ["prior_sd", "contraction"] and len(columns) == 10
    assert "std_error" in columns and "sd" not in columns  # one spread column
