"""Effects from posterior draws agree with the MLE's on a large simulated sample.

With n = 2000 cases and flat-ish default priors the posterior is close to the
normal approximation around the MLE, so the posterior mean of each average
marginal effect is within a small fraction of its MLE standard error of the
MLE's value, and the 95% HDI is about as wide as the Wald interval. The
predictor takes five values so identical rows collapse and sampling is fast.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from careerrep.effects import contrast, marginal_effects, odds_ratios
from careerrep.models.ordinal import OrdinalModel
from tests.seeds import shifted

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def fits():
    rng = np.random.default_rng(shifted(2024))
    n = 2000
    frame = pd.DataFrame({"x": rng.integers(-2, 3, n).astype(float), "g": rng.choice(["a", "b"], n)})
    latent = 0.6 * frame["x"] + 0.5 * (frame["g"] == "b") + rng.logistic(size=n)
    codes = np.digitize(latent, [-1.0, 0.5, 2.0])
    frame["y"] = pd.Categorical.from_codes(codes, dtype=pd.CategoricalDtype(list("ABCD"), ordered=True))
    model = OrdinalModel("y ~ x + g", frame)
    return model.fit(), model.sample(draws=500, chains=2, seed=shifted(7))


def test_posterior_ames_agree_with_mle(fits):
    mle, posterior = fits
    a, b = marginal_effects(mle), marginal_effects(posterior)
    assert (b["interval"] == "HDI 95%").all()
    # One spread column for both estimators: the posterior's is the sd of the effect's draws.
    se_ratio = b["std_error"].to_numpy() / a["std_error"].to_numpy()
    assert np.all((se_ratio > 0.75) & (se_ratio < 1.3))
    gap = np.abs(b["estimate"].to_numpy() - a["estimate"].to_numpy())
    assert np.all(gap < 0.25 * a["std_error"].to_numpy())
    width_ratio = (b["upper"] - b["lower"]).to_numpy() / (a["upper"] - a["lower"]).to_numpy()
    assert np.all((width_ratio > 0.75) & (width_ratio < 1.3))
    np.testing.assert_allclose(b.groupby(["term", "contrast"])["estimate"].sum(), 0.0, atol=1e-12)


def test_posterior_odds_ratios_and_rope(fits):
    mle, posterior = fits
    ours = odds_ratios(posterior, rope=(0.9, 1.1), ci="eti")
    assert ours["interval"].iloc[0] == "ETI 95%"
    np.testing.assert_allclose(ours["estimate"], odds_ratios(mle)["estimate"], rtol=0.05)
    # Both effects are far from 1: every draw is on one side and outside the ROPE.
    assert (ours["p_direction"] == 1.0).all()
    assert (ours["p_beyond_rope"] > 0.99).all()
    change = contrast(posterior, "g", ("a", "b"), rope=0.5)
    assert (change["p_beyond_rope"] == 0.0).all()  # no change in probability is as big as 0.5


def test_posterior_table_and_predictive_check(fits, tmp_path):
    import matplotlib

    matplotlib.use("Agg")
    from careerrep.plots import predictive_check
    from careerrep.report import table

    mle, posterior = fits
    text = table(mle, posterior, names=["ML", "Bayes"])
    assert "HDI 95%" in text and "Wald 95%" in text and "LOO elpd" in text
    draws = posterior.param_draws()["x"]
    assert f"{draws.mean():.3f}" in text
    figure = predictive_check(posterior)
    figure.savefig(tmp_path / "ppc.png", dpi=50)
    assert (tmp_path / "ppc.png").stat().st_size > 2000
