"""Latent comment shares: binomial measurement error widens the coefficient's interval.

Known by construction: a share measured from 3-12 comments carries sampling
error; plugging the observed share in treats it as exact, so its interval is
too narrow (and attenuated). The latent-share model must give a wider one.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from careerrep.models import OrdinalModel
from careerrep.models.bayes import prior_predictive
from tests.seeds import shifted

# These tests are about posteriors, not sampler health: a low-ESS or R-hat notice on some seed or
# CPU must not fail them (tests that are about diagnostics assert them explicitly).
pytestmark = pytest.mark.filterwarnings(
    "ignore:posterior draws may be unreliable:careerrep.errors.SamplingWarning"
)


def test_latent_share_widens_the_interval_of_its_coefficient() -> None:
    rng = np.random.default_rng(shifted(10))
    n = 250
    true_share = rng.beta(2.0, 3.0, n)
    total = rng.integers(3, 13, n)
    negative = rng.binomial(total, true_share)
    latent = -3.0 * (true_share - 0.4) + rng.logistic(size=n)
    outcome = pd.Categorical.from_codes(
        np.searchsorted([-1.0, 1.0], latent),
        dtype=pd.CategoricalDtype(["fired", "retained", "promoted"], ordered=True),
    )
    frame = pd.DataFrame(
        {
            "outcome": outcome,
            "comment_negative_share": negative / total,
            "neg_count": negative,
            "n_comments": total,
        }
    )
    model = OrdinalModel("outcome ~ comment_negative_share", frame)
    plug_in = model.sample(draws=500, chains=2, seed=shifted(1), cores=1, tune=500)
    measured = model.sample(
        draws=500,
        chains=2,
        seed=shifted(1),
        cores=1,
        tune=500,
        latent_shares={"comment_negative_share": (frame["neg_count"], frame["n_comments"])},
    )
    name = "comment_negative_share"
    sd_plug, sd_latent = (
        plug_in.summary_frame().loc[name, "std_error"],
        measured.summary_frame().loc[name, "std_error"],
    )
    assert sd_latent > 1.1 * sd_plug
    # The latent model also undoes the attenuation towards zero.
    assert abs(measured.params[name]) > abs(plug_in.params[name])
    assert measured.draws("comment_negative_share_latent").shape == (2, 500, n)


def test_prior_predictive_thresholds_are_ordered_and_centred_on_uniform() -> None:
    frame = pd.DataFrame(
        {
            "y": pd.Categorical(["a", "b", "c", "d"] * 5, categories=list("abcd"), ordered=True),
            "x": np.tile([-1.0, 1.0], 10),
        }
    )
    model = OrdinalModel("y ~ x", frame)
    for thresholds in ("dirichlet", "normal"):
        draws = prior_predictive(model, draws=1000, seed=shifted(2), priors={"thresholds": thresholds})
        cuts = draws[["a|b", "b|c", "c|d"]].to_numpy()
        assert np.all(np.diff(cuts, axis=1) > 0)
    # Dirichlet(1,1,1,1) at the mean case; with x = 0 removed (coef prior sd tiny) the
    # implied outcome probabilities average 1/4 each (sd of a share is 0.19; 1000 draws).
    draws = prior_predictive(model, draws=1000, seed=shifted(3), priors={"coef": {"x": (0.0, 1e-6)}})
    shares = draws[["P(a)", "P(b)", "P(c)", "P(d)"]].mean()
    np.testing.assert_allclose(shares, 0.25, atol=0.03)
