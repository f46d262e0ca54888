"""Every figure renders to a non-trivial PNG with the Agg backend."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.image as mpimg
import numpy as np
import pandas as pd
import pytest

from careerrep import plots
from careerrep.datasets import kazakhstan_2019
from careerrep.effects import contrast, marginal_effects
from careerrep.models.multinomial import MultinomialModel
from careerrep.models.ordinal import OrdinalModel


@pytest.fixture(scope="module")
def frame():
    rng = np.random.default_rng(12)
    n = 200
    social = rng.uniform(0.2, 0.8, n)
    data = pd.DataFrame(
        {"social_share": social, "mass_media_share": 1 - social, "g": rng.choice(["a", "b"], n)}
    )
    data["logratio_social_mass"] = np.log(social / (1 - social))
    latent = -data["logratio_social_mass"] + 0.5 * (data["g"] == "b") + rng.logistic(size=n)
    data["y"] = pd.Categorical.from_codes(
        np.digitize(latent, [-1, 0.3, 1.5]), categories=list("ABCD"), ordered=True
    )
    return data


@pytest.fixture(scope="module")
def result(frame):
    return OrdinalModel("y ~ logratio_social_mass + g", frame).fit()


def assert_renders(figure, path):
    figure.savefig(path, dpi=50)
    assert path.stat().st_size > 2000
    pixels = mpimg.imread(path)
    assert pixels.ndim == 3 and float(np.var(pixels)) > 0.0


def test_forest_overlays_results(result, frame, tmp_path):
    multinomial = MultinomialModel("y ~ logratio_social_mass + g", frame).fit()
    figure = plots.forest(result, multinomial, exponentiate=True, names=["ordinal", "multinomial"])
    axes = figure.axes[0]
    assert axes.get_xscale() == "log"
    assert len(axes.get_legend().get_texts()) == 2
    assert_renders(figure, tmp_path / "forest.png")


@pytest.mark.parametrize("kind", ["lines", "stacked"])
def test_predicted_probabilities(result, kind, tmp_path):
    figure = plots.predicted_probabilities(result, "social_share", points=8, kind=kind)
    assert_renders(figure, tmp_path / f"predicted_{kind}.png")


def test_marginal_effects_plot(result, tmp_path):
    effects = pd.concat([marginal_effects(result), contrast(result, "social_share", (0.3, 0.7))])
    figure = plots.marginal_effects_plot(effects)
    assert len([a for a in figure.axes if a.axison]) == 3
    assert_renders(figure, tmp_path / "ame.png")


def test_predictive_check(result, frame, tmp_path):
    figure = plots.predictive_check(result, draws=100, seed=1)
    heights = [patch.get_height() for patch in figure.axes[0].patches]
    np.testing.assert_allclose(heights, frame["y"].value_counts(sort=False).to_numpy())
    assert_renders(figure, tmp_path / "ppc.png")


@pytest.mark.parametrize("name", ["source_mix_figure", "sentiment_figure", "comments_figure"])
def test_case_figures(name, tmp_path):
    figure = getattr(plots, name)(kazakhstan_2019())
    assert_renders(figure, tmp_path / f"{name}.png")
