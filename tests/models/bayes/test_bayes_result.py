"""PosteriorResult on the wine data: names as the MLE, summaries, predictions, LOO, seeds."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from careerrep.errors import SamplingWarning
from careerrep.models import OrdinalModel
from careerrep.models.bayes import compare
from tests.models.bayes.conftest import wine_frame
from tests.seeds import shifted

# These tests are about posteriors, not sampler health: a low-ESS or R-hat notice on some seed or
# CPU must not fail them (tests that are about diagnostics assert them explicitly).
pytestmark = pytest.mark.filterwarnings(
    "ignore:posterior draws may be unreliable:careerrep.errors.SamplingWarning"
)


@pytest.fixture(scope="module")
def wine_model() -> OrdinalModel:
    return OrdinalModel("rating ~ temp + contact", wine_frame())


@pytest.fixture(scope="module")
def wine_result(wine_model: OrdinalModel):  # type: ignore[no-untyped-def]
    return wine_model.sample(draws=500, chains=2, seed=shifted(11), cores=1, tune=500)


def test_params_are_named_and_ordered_as_the_mle(wine_model, wine_result) -> None:  # type: ignore[no-untyped-def]
    assert list(wine_result.params.index) == list(wine_model.fit().params.index)
    assert list(wine_result.params.index[-4:]) == ["1|2", "2|3", "3|4", "4|5"]
    # Thresholds are ordered in every draw (the Dirichlet construction guarantees it).
    cuts = wine_result.param_draws()[["1|2", "2|3", "3|4", "4|5"]].to_numpy()
    assert np.all(np.diff(cuts, axis=1) > 0)


def test_summary_columns_and_text(wine_result) -> None:  # type: ignore[no-untyped-def]
    table = wine_result.summary_frame()
    assert list(table.columns) == [
        "mean",
        "std_error",  # the posterior sd, under the spread column's name of every careerrep table
        "hdi_2.5%",
        "hdi_97.5%",
        "mcse_mean",
        "r_hat",
        "ess_bulk",
        "ess_tail",
        "prior_sd",
        "contraction",
    ]
    # 72 wine ratings move the coefficients well away from their autoscaled priors.
    assert (table.loc[["temp[T.warm]", "contact[T.yes]"], "contraction"] > 0.5).all()
    assert (table["hdi_2.5%"] < table["mean"]).all() and (table["mean"] < table["hdi_97.5%"]).all()
    assert "hdi_5%" in wine_result.summary_frame(level=0.9).columns
    text = wine_result.summary()
    assert "divergences" in text and "95% highest posterior density" in text


def test_idata_groups_and_draw_access(wine_result) -> None:  # type: ignore[no-untyped-def]
    for group in ("posterior", "posterior_predictive", "log_likelihood", "observed_data"):
        assert hasattr(wine_result.idata, group)
    assert wine_result.idata.log_likelihood["y"].shape == (2, 500, 72)
    draws = wine_result.param_draws()
    assert draws.shape == (1000, 6)
    pd.testing.assert_series_equal(draws.mean(), wine_result.params, check_names=False)
    assert wine_result.draws("beta").shape == (2, 500, 2)
    assert wine_result.draws("temp[T.warm]").shape == (2, 500)
    with pytest.raises(KeyError, match="no draws named"):
        wine_result.draws("nope")


def test_predictions_are_probabilities(wine_result) -> None:  # type: ignore[no-untyped-def]
    fitted = wine_result.predict()
    assert list(fitted.columns) == ["1", "2", "3", "4", "5"]
    np.testing.assert_allclose(fitted.sum(axis=1), 1.0)
    new = pd.DataFrame({"temp": ["cold", "warm"], "contact": ["no", "yes"]}, index=["a", "b"])
    probs = wine_result.predict(new)
    assert list(probs.index) == ["a", "b"]
    # Warm + contact shifts mass to higher ratings (both effects are clearly positive).
    assert probs.loc["b", ["4", "5"]].sum() > probs.loc["a", ["4", "5"]].sum()
    tidy = wine_result.predict_interval(new, level=0.9)
    assert list(tidy.columns) == ["row", "outcome", "mean", "lower", "upper"]
    assert len(tidy) == 10
    assert ((tidy["lower"] <= tidy["mean"]) & (tidy["mean"] <= tidy["upper"])).all()


def test_posterior_predictive_reproduces_observed_shares(wine_result) -> None:  # type: ignore[no-untyped-def]
    simulated = wine_result.idata.posterior_predictive["y"].to_numpy().reshape(-1)
    observed = wine_result.idata.observed_data["y"].to_numpy()
    sim_share = np.bincount(simulated, minlength=5) / simulated.size
    obs_share = np.bincount(observed, minlength=5) / observed.size
    # Posterior predictive shares match the data up to sampling noise of 72 cases.
    np.testing.assert_allclose(sim_share, obs_share, atol=0.1)


def test_loo_and_compare_rank_the_better_model_first(wine_model, wine_result) -> None:  # type: ignore[no-untyped-def]
    loo = wine_result.loo()
    assert loo["n_data_points"] == 72 and np.isfinite(loo["elpd_loo"])
    smaller = OrdinalModel("rating ~ contact", wine_frame()).sample(
        draws=500, chains=2, seed=shifted(12), cores=1, tune=300
    )
    table = compare({"temp + contact": wine_result, "contact": smaller})
    # temp has a z-value near 5 in the MLE; dropping it must cost predictive accuracy.
    assert table.index[0] == "temp + contact"
    assert table.loc["contact", "elpd_diff"] > 0


@pytest.mark.filterwarnings("ignore::careerrep.errors.SamplingWarning")
def test_same_seed_same_draws(wine_model) -> None:  # type: ignore[no-untyped-def]
    first = wine_model.sample(draws=100, chains=2, seed=shifted(3), cores=1, tune=100)
    again = wine_model.sample(draws=100, chains=2, seed=shifted(3), cores=1, tune=100)
    pd.testing.assert_frame_equal(first.param_draws(), again.param_draws())
    np.testing.assert_array_equal(
        first.idata.posterior_predictive["y"], again.idata.posterior_predictive["y"]
    )


def test_too_few_draws_warn_with_the_numbers(wine_model) -> None:  # type: ignore[no-untyped-def]
    with pytest.warns(SamplingWarning, match=r"min bulk ESS = \d+ < 400"):
        result = wine_model.sample(draws=30, chains=2, seed=shifted(1), cores=1, tune=100)
    assert "WARNING" in result.summary()
