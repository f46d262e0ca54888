"""Conformance of every family's posterior (``model.sample()``) with its MLE.

One short sampling run per family (2 chains x 300 draws after 300 tuning
steps, seed 1): enough for every check here, which compare names, layouts
and code paths, and compare posterior means with the MLE only loosely
(within one posterior sd; on these 400 cases the priors are weak, so the
posterior mean sits at the MLE up to Monte Carlo error of ~0.1 sd). Short
runs can miss ESS 400, so the fixture allows exactly that ``SamplingWarning``.
"""

from __future__ import annotations

import pickle
import warnings
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from careerrep.effects import marginal_effects, odds_ratios
from careerrep.errors import ModelSpecError, SamplingWarning
from careerrep.models.family import Role
from careerrep.models.ordinal import OrdinalModel
from careerrep.plots import forest
from careerrep.report import table
from tests.conformance.families import CASES, conformance_frame

FRAME = conformance_frame()
SAMPLED = [
    "ordinal-logit",
    "ordinal-cloglog",
    "logit",
    "multinomial-ref-b",
    "cratio-logit",
    "sratio-probit",
    "acat",
]
BUILDS = dict(CASES)
_CACHE: dict[str, tuple[Any, Any]] = {}


def _sample(model: Any) -> Any:
    with warnings.catch_warnings():
        warnings.filterwarnings(
            "ignore", message="posterior draws may be unreliable", category=SamplingWarning
        )
        return model.sample(draws=300, tune=300, chains=2, seed=1, cores=1)


def _fits(case: str) -> tuple[Any, Any]:
    """(MLE, posterior) of ``case``, sampled once per test session."""
    if case not in _CACHE:
        model = BUILDS[case](FRAME.copy(), None)
        _CACHE[case] = (model.fit(), _sample(model))
    return _CACHE[case]


@pytest.fixture(params=SAMPLED)
def fits(request: pytest.FixtureRequest) -> tuple[Any, Any]:
    return _fits(str(request.param))


def test_posterior_and_mle_name_the_same_parameters(fits: tuple[Any, Any]) -> None:
    # Defect 1 of issue 12: with reference="b" the posterior named its blocks b:..., c:...
    mle, posterior = fits
    assert tuple(posterior.params.index) == tuple(mle.params.index)
    assert posterior.parameters == mle.model.layout
    gap = (posterior.params - mle.params).abs() / posterior.param_draws().std()
    assert gap.max() < 1.0, gap  # worst seen with seed 1: 0.2 sd


def test_posterior_predictions_use_the_family_core(fits: tuple[Any, Any]) -> None:
    mle, posterior = fits
    family = mle.model.family
    new = FRAME.head(4)
    draws = posterior.param_draws().to_numpy()
    expected = family.probabilities(draws, mle.model.design_matrix(new)).mean(axis=0)
    np.testing.assert_allclose(posterior.predict(new).to_numpy(), expected, atol=1e-12)
    with pytest.raises(ModelSpecError, match="cabinet"):
        posterior.predict(new.assign(g=["low", "cabinet", "mid", "low"]))


def test_effects_tables_and_plots_run_on_posteriors(fits: tuple[Any, Any]) -> None:
    mle, posterior = fits
    effects = marginal_effects(posterior, "x")
    reference = marginal_effects(mle, "x")
    assert list(effects["outcome"]) == list(reference["outcome"])
    if mle.model.family.log_odds:
        assert list(odds_ratios(posterior)["parameter"]) == list(odds_ratios(mle)["parameter"])
    text = table(mle, posterior, format="text")
    assert all(name in text for name in mle.params.index)
    plt.close(forest(mle, posterior))


def test_posterior_results_pickle(fits: tuple[Any, Any]) -> None:
    _, posterior = fits
    copy = pickle.loads(pickle.dumps(posterior))
    pd.testing.assert_series_equal(copy.params, posterior.params)
    pd.testing.assert_frame_equal(copy.predict(FRAME.head(3)), posterior.predict(FRAME.head(3)))


def test_group_sd_is_summarised_and_counted_in_the_ess_header() -> None:
    # Defect 6 of issue 12: the group-intercept sd was missing from summary() and
    # summary_frame(), and the header's minimum ESS skipped it (168 vs "min 273").
    model = OrdinalModel("rank ~ x + (1|g)", FRAME)
    posterior = _sample(model)
    frame = posterior.summary_frame()
    assert "sd(1|g)" in frame.index
    assert [p.name for p in posterior.parameters.of_role(Role.VARIANCE)] == ["sd(1|g)"]
    assert posterior.diagnostics.min_ess_bulk == pytest.approx(frame["ess_bulk"].min())
    assert "sd(1|g)" in posterior.summary()
    sd_draws = posterior.param_draws()["sd(1|g)"].to_numpy()
    np.testing.assert_allclose(sd_draws, np.asarray(posterior.draws("sd_g")).reshape(-1))
    assert np.all(sd_draws > 0)


def test_posteriors_answer_conf_int_and_bse_like_mle_results(fits: tuple[Any, Any]) -> None:
    mle, posterior = fits
    frame = posterior.summary_frame(level=0.9)
    np.testing.assert_allclose(posterior.bse, frame["std_error"])
    assert "sd" not in frame.columns  # one spread column, as in MLE summaries and effects
    assert list(posterior.bse.index) == list(mle.bse.index) == list(mle.params.index)
    assert posterior.bse.name == mle.bse.name
    bounds = posterior.conf_int(level=0.9)
    np.testing.assert_allclose(bounds["lower"], frame["hdi_5%"])
    np.testing.assert_allclose(bounds["upper"], frame["hdi_95%"])
    assert list(bounds.index) == list(mle.conf_int(level=0.9).index)
    assert list(bounds.columns) == list(mle.conf_int(level=0.9).columns) == ["lower", "upper"]
    with pytest.warns(FutureWarning, match=r"hdi_prob=0\.9 is deprecated.*pass level=0\.9"):
        pd.testing.assert_frame_equal(posterior.summary_frame(hdi_prob=0.9), frame)
    with pytest.warns(FutureWarning, match=r"alpha=0\.1 is deprecated.*pass level=0\.9"):
        pd.testing.assert_frame_equal(posterior.conf_int(0.1), bounds)
    assert list(marginal_effects(posterior, "x")["std_error"].notna()) == [True] * len(mle.model.labels)
