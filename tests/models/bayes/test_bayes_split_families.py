"""Posteriors of the split families (nominal/scale cumulative, cratio, sratio, acat) through the core.

The likelihood itself is checked against brms in test_bayes_split_brms.py. Here
the posterior of each family, with the default priors (induced Dirichlet
thresholds), must name and order its parameters as the MLE, predict with the
family core averaged over draws, and go through effects, odds ratios, tables,
forest plots and pickling like the MLE (tests/models/test_split_families_core.py
covers the MLE side). One short run per family (2 chains x 300 draws).
"""

from __future__ import annotations

import pickle
import warnings
from typing import Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from careerrep import plots
from careerrep.effects import marginal_effects, odds_ratios
from careerrep.errors import ModelSpecError, SamplingWarning
from careerrep.models import AdjacentModel, CumulativeModel, SequentialModel
from careerrep.models.family import Role
from careerrep.report import table
from tests.seeds import shifted


def _simulated(seed: int = 3, n: int = 200) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    x, z = rng.normal(size=n), rng.normal(size=n)
    g = rng.choice(["a", "b"], size=n)
    latent = 0.8 * x + 0.5 * (g == "b") + np.exp(0.3 * z) * rng.logistic(size=n)
    y = np.digitize(latent, [-1.5, 0.0, 1.5])
    return pd.DataFrame(
        {"y": pd.Categorical(y, categories=[0, 1, 2, 3], ordered=True), "x": x, "z": z, "g": g}
    )


FRAME = _simulated()
MODELS = {
    "cumulative-nominal-scale": lambda d: CumulativeModel("y ~ x", d, nominal="~ g", scale="~ z"),
    "cratio-nominal": lambda d: SequentialModel("y ~ x + z", d, kind="cratio", nominal="~ g"),
    "sratio-probit": lambda d: SequentialModel("y ~ x + g + z", d, kind="sratio", link="probit"),
    "acat-nominal": lambda d: AdjacentModel("y ~ x + z", d, nominal="~ g"),
}
_CACHE: dict[str, tuple[Any, Any]] = {}


def _fits(name: str) -> tuple[Any, Any]:
    if name not in _CACHE:
        model = MODELS[name](FRAME.copy())
        with warnings.catch_warnings():
            warnings.filterwarnings(
                "ignore", message="posterior draws may be unreliable", category=SamplingWarning
            )
            posterior = model.sample(draws=300, tune=300, chains=2, seed=shifted(2), cores=1)
        _CACHE[name] = (model.fit(), posterior)
    return _CACHE[name]


@pytest.fixture(params=sorted(MODELS))
def fits(request: pytest.FixtureRequest) -> tuple[Any, Any]:
    return _fits(str(request.param))


def test_posterior_names_layout_and_location_match_the_mle(fits: tuple[Any, Any]) -> None:
    mle, posterior = fits
    assert tuple(posterior.params.index) == tuple(mle.params.index)
    assert posterior.parameters == mle.model.layout
    # 200 cases, weak priors: the posterior mean sits near the MLE (worst seen over seeds: ~0.5 sd,
    # the nominal slopes of sparse splits, which the priors pull in).
    gap = (posterior.params - mle.params).abs() / posterior.param_draws().std()
    assert gap.max() < 1.5, gap


def test_posterior_predictions_are_the_family_core_over_draws(fits: tuple[Any, Any]) -> None:
    mle, posterior = fits
    new = FRAME.head(5)
    draws = posterior.param_draws().to_numpy()
    expected = mle.model.family.probabilities(draws, mle.model.design_matrix(new)).mean(axis=0)
    np.testing.assert_allclose(posterior.predict(new).to_numpy(), expected, atol=1e-12)
    np.testing.assert_allclose(posterior.predict(new).sum(axis=1), 1.0, atol=1e-12)


def test_effects_tables_and_forest_plots_run_on_posteriors(fits: tuple[Any, Any]) -> None:
    mle, posterior = fits
    for variable in ("x", "g"):
        ours, reference = marginal_effects(posterior, variable), marginal_effects(mle, variable)
        assert list(ours["outcome"]) == list(reference["outcome"])
        # Average marginal effects from the draws are near the delta-method ones (both about the
        # same data); 4 posterior sds is far beyond the Monte Carlo and prior differences.
        assert np.all(np.abs(ours["estimate"] - reference["estimate"]) < 4 * ours["std_error"])
        np.testing.assert_allclose(ours["estimate"].sum(), 0.0, atol=1e-10)
    if mle.model.family.log_odds:
        assert list(odds_ratios(posterior)["parameter"]) == list(odds_ratios(mle)["parameter"])
    text = table(mle, posterior, format="text")
    assert all(name in text for name in mle.params.index)
    figure = plots.forest(mle, posterior)
    labels = {t.get_text() for t in figure.axes[0].get_yticklabels()}
    nominal = mle.model.layout.of_role(Role.CATEGORY_SPECIFIC)
    assert len(labels) >= len(mle.model.layout.of_role(Role.COEFFICIENT)) + len(nominal)
    plt.close(figure)


def test_posteriors_pickle(fits: tuple[Any, Any]) -> None:
    _, posterior = fits
    copy = pickle.loads(pickle.dumps(posterior))
    pd.testing.assert_frame_equal(copy.predict(FRAME.head(3)), posterior.predict(FRAME.head(3)))


def test_prior_predictive_names_the_mle_parameters_and_gives_shares() -> None:
    # cratio: valid probabilities at every parameter value (a cumulative nominal draw can cross).
    model = MODELS["cratio-nominal"](FRAME)
    prior = model.prior_predictive(draws=50, seed=shifted(4))
    assert list(prior.columns[: len(model.layout)]) == list(model.layout.names)
    shares = prior[[f"P({label})" for label in model.labels]].to_numpy()
    np.testing.assert_allclose(shares.sum(axis=1), 1.0, atol=1e-9)


def test_sample_refuses_random_intercepts_by_name() -> None:
    frame = FRAME.assign(unit=np.arange(len(FRAME)) % 5)
    with pytest.raises(ModelSpecError, match=r"\(1\|unit\)"):
        SequentialModel("y ~ x + (1|unit)", frame, kind="cratio").sample(draws=10, chains=1)
