"""Every figure renders to a non-trivial PNG with the Agg backend."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import re

import matplotlib.image as mpimg
import numpy as np
import pandas as pd
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg

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
    assert axes.get_legend() is None  # the legend is the figure's, outside the axes
    (legend,) = figure.legends
    assert [t.get_text() for t in legend.get_texts()] == ["ordinal (Wald 95%)", "multinomial (Wald 95%)"]
    assert_renders(figure, tmp_path / "forest.png")
    assert_legend_off_the_data(figure, legend)


def assert_legend_off_the_data(figure, legend):
    canvas = FigureCanvasAgg(figure)
    canvas.draw()
    renderer = canvas.get_renderer()
    box = legend.get_window_extent(renderer)
    for axes in figure.axes:
        if axes.axison:
            assert not box.overlaps(axes.get_window_extent(renderer)), "legend sits on an axes"


def test_forest_names_the_model_labels_variables_and_reads_plain_ratio_ticks(result, tmp_path):
    figure = plots.forest(result, exponentiate=True, labels={"logratio_social_mass": "Social vs mass media"})
    axes = figure.axes[0]
    rows = [t.get_text() for t in axes.get_yticklabels()]
    assert rows == ["Social vs mass media", "g[T.b]"]
    assert [t.get_text() for t in figure.legends[0].get_texts()] == ["ordinal (logit), ML (Wald 95%)"]
    FigureCanvasAgg(figure).draw()
    ticks = [t.get_text() for t in axes.get_xticklabels() if t.get_text()]
    assert "1" in ticks and all(re.fullmatch(r"\d+(\.\d+)?", t) for t in ticks), ticks
    assert_renders(figure, tmp_path / "forest_labels.png")


def test_predicted_probabilities_are_small_multiples_by_default(result, tmp_path):
    figure = plots.predicted_probabilities(
        result, "social_share", points=8, labels={"social_share": "Share of social-network mentions"}
    )
    panels = [a for a in figure.axes if a.axison]
    assert [a.get_title() for a in panels] == ["A", "B", "C", "D"]
    assert all(len(a.collections) == 1 and len(a.lines) == 1 for a in panels)  # one band, one curve each
    assert figure.get_supxlabel() == "Share of social-network mentions"
    (legend,) = figure.legends
    texts = [t.get_text() for t in legend.get_texts()]
    assert texts == ["ordinal (logit), ML: estimate", "Wald 95% interval"]
    assert_renders(figure, tmp_path / "predicted_panels.png")
    assert_legend_off_the_data(figure, legend)


@pytest.mark.parametrize("kind", ["lines", "stacked"])
def test_predicted_probabilities_other_kinds(result, kind, tmp_path):
    figure = plots.predicted_probabilities(result, "social_share", points=8, kind=kind)
    assert_renders(figure, tmp_path / f"predicted_{kind}.png")
    if kind == "stacked":
        labels = [t.get_text() for t in figure.axes[0].texts]
        assert set(labels) <= {"A", "B", "C", "D"} and len(labels) >= 2  # bands named at the edge
    else:
        assert_legend_off_the_data(figure, figure.legends[0])


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


def test_marginal_effects_plot_uses_reader_labels(result, tmp_path):
    figure = plots.marginal_effects_plot(marginal_effects(result), labels={"g": "Group"})
    titles = [a.get_title() for a in figure.axes if a.axison]
    assert titles == ["logratio_social_mass", "Group: b - a"]
    assert_renders(figure, tmp_path / "ame_labels.png")


def test_power_curve_says_what_its_bands_are(tmp_path):
    from careerrep.simulate import Scenario, power_curve

    scenario = Scenario.calibrated(effects={"social_share": 3.0}, outcome_shares=(0.25, 0.25, 0.25, 0.25))
    curve = power_curve(scenario, [20, 40], 4, workers=1, seed=1)
    figure = curve.plot()
    texts = [t.get_text() for t in figure.axes[0].get_legend().get_texts()]
    assert "band: power ± 2 Monte Carlo SE" in texts and "target power 0.8" in texts
    assert [t.get_text() for t in figure.axes[0].get_xticklabels(minor=True)] == []
    assert_renders(figure, tmp_path / "power.png")
    assert_legend_off_the_data(figure, figure.axes[0].get_legend())


def test_figure_html_inlines_the_png(result):
    import base64

    text = plots.figure_html(plots.forest(result), alt="forest <plot>")
    assert text.startswith('<img alt="forest &lt;plot&gt;" src="data:image/png;base64,')
    data = base64.b64decode(text.split("base64,", 1)[1].split('"', 1)[0])
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 2000


def test_predictive_check_legend_names_the_model_off_the_bars(result):
    figure = plots.predictive_check(result, draws=50, seed=2)
    (legend,) = figure.legends
    texts = [t.get_text() for t in legend.get_texts()]
    assert texts == ["observed", "ordinal (logit), ML: expected counts (mean, 95% interval)"]
    assert_legend_off_the_data(figure, legend)
