"""CumulativeModel (nominal/scale), SequentialModel and AdjacentModel through the core Family.

The split families fit with their own engine (checked against R clm/VGAM in
test_split_families_vs_r.py); here their ``family`` view must agree with that
engine (probabilities), and effects, odds ratios, tables, forest plots and the
CLI must read them through the layout. Effects are checked against the
model's own ``predict`` (a different code path: the engine's probabilities).
"""

from __future__ import annotations

import pathlib

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

from careerrep import plots
from careerrep.effects import marginal_effects, odds_ratios
from careerrep.models import AdjacentModel, CumulativeModel, SequentialModel
from careerrep.models.family import Role
from careerrep.report import table

ROOT = pathlib.Path(__file__).resolve().parents[1] / "fixtures"


def _wine() -> pd.DataFrame:
    frame = pd.read_csv(ROOT / "data" / "wine.csv")
    frame["rating"] = pd.Categorical(frame["rating"], ordered=True)
    return frame


def _simulated(seed: int = 3, n: int = 400) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    x, z = rng.normal(size=n), rng.normal(size=n)
    g = rng.choice(["a", "b"], size=n)
    latent = 0.8 * x + 0.5 * (g == "b") + np.exp(0.3 * z) * rng.logistic(size=n)
    y = np.digitize(latent, [-1.5, 0.0, 1.5])
    return pd.DataFrame(
        {"y": pd.Categorical(y, categories=[0, 1, 2, 3], ordered=True), "x": x, "z": z, "g": g}
    )


MODELS = {
    "cumulative-nominal-scale": lambda d: CumulativeModel("y ~ x", d, nominal="~ g", scale="~ z"),
    "cratio-nominal": lambda d: SequentialModel("y ~ x + z", d, kind="cratio", nominal="~ g"),
    "sratio-probit": lambda d: SequentialModel("y ~ x + g + z", d, kind="sratio", link="probit"),
    "acat-nominal": lambda d: AdjacentModel("y ~ x + z", d, nominal="~ g"),
}


@pytest.fixture(scope="module", params=sorted(MODELS))
def fitted(request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    return MODELS[request.param](_simulated()).fit()


def test_family_probabilities_are_the_engines(fitted) -> None:  # type: ignore[no-untyped-def]
    model = fitted.model
    X = model.design_matrix(model.data.loc[model.design.row_index])
    core = model.family.probabilities(fitted.params.to_numpy()[None, :], X)[0]
    np.testing.assert_allclose(core, fitted.predict().to_numpy(), rtol=0, atol=1e-13)
    assert model.layout.names == tuple(fitted.params.index)


def test_average_marginal_effect_is_the_derivative_of_the_average_prediction(fitted) -> None:  # type: ignore[no-untyped-def]
    model = fitted.model
    frame = model.data.loc[model.design.row_index]
    for variable in ("x", "z"):
        ours = marginal_effects(fitted, variable)["estimate"].to_numpy()
        h = 1e-5
        up, down = (
            frame.assign(**{variable: frame[variable] + h}),
            frame.assign(**{variable: frame[variable] - h}),
        )
        numeric = (fitted.predict(up).mean() - fitted.predict(down).mean()).to_numpy() / (2 * h)
        np.testing.assert_allclose(ours, numeric, atol=1e-7)


def test_discrete_change_of_a_nominal_term_is_the_change_of_the_average_prediction(fitted) -> None:  # type: ignore[no-untyped-def]
    model = fitted.model
    frame = model.data.loc[model.design.row_index]
    effect = marginal_effects(fitted, "g")
    assert list(effect["contrast"].unique()) == ["b - a"]
    expected = fitted.predict(frame.assign(g="b")).mean() - fitted.predict(frame.assign(g="a")).mean()
    np.testing.assert_allclose(effect["estimate"].to_numpy(), expected.to_numpy(), atol=1e-12)
    assert np.all(effect["std_error"] > 0)
    np.testing.assert_allclose(effect["estimate"].sum(), 0.0, atol=1e-12)


def test_layout_roles_and_odds_ratios_per_split() -> None:
    result = CumulativeModel("rating ~ temp", _wine(), nominal="~ contact", scale="~ temp").fit()
    layout = result.model.layout
    nominal = layout.of_role(Role.CATEGORY_SPECIFIC)
    assert [p.name for p in nominal] == [
        "1|2.contact[T.yes]",
        "2|3.contact[T.yes]",
        "3|4.contact[T.yes]",
        "4|5.contact[T.yes]",
    ]
    assert {p.block for p in nominal} == set(result.model.thresholds)
    assert [p.name for p in layout.of_role(Role.SCALE)] == ["scale:temp[T.warm]"]
    odds = odds_ratios(result).set_index("parameter")
    assert odds.loc["temp[T.warm]", "outcome"] == "higher outcome (P(Y > k), all k)"
    assert odds.loc["2|3.contact[T.yes]", "outcome"] == "Y <= 2"
    assert odds.loc["2|3.contact[T.yes]", "estimate"] == pytest.approx(
        np.exp(result.params["2|3.contact[T.yes]"])
    )
    assert "scale:temp[T.warm]" not in odds.index  # a ratio of latent SDs, not an odds ratio
    standardized = odds_ratios(result, standardize=True)
    assert len(standardized) == len(odds)


def test_tables_keep_scale_and_thresholds_unexponentiated() -> None:
    result = CumulativeModel("rating ~ temp", _wine(), nominal="~ contact", scale="~ temp").fit()
    lines = table(result, exponentiate=True).splitlines()
    row = next(line for line in lines if line.startswith("scale:temp[T.warm]"))
    assert f"{result.params['scale:temp[T.warm]']:.3f}" in row
    assert "cumulative (logit)" in lines[3] or any("cumulative (logit)" in line for line in lines)


@pytest.mark.parametrize(
    "model, texts",
    [
        (
            lambda d: SequentialModel("rating ~ temp", d, kind="cratio", nominal="~ contact"),
            "beyond 2 once reached",
        ),
        (
            lambda d: SequentialModel("rating ~ temp", d, kind="sratio", nominal="~ contact"),
            "stop at 2 once reached",
        ),
        (lambda d: AdjacentModel("rating ~ temp", d, nominal="~ contact"), "3 vs 2"),
    ],
)
def test_forest_plot_labels_each_split(model, texts) -> None:  # type: ignore[no-untyped-def]
    result = model(_wine()).fit()
    frame = odds_ratios(result)
    assert texts in set(frame["outcome"])
    figure = plots.forest(result, exponentiate=True)
    assert isinstance(figure, Figure)
    labels = [t.get_text() for t in figure.axes[0].get_yticklabels()]
    assert f"contact[T.yes] ({texts})" in labels


def test_default_effects_cover_nominal_and_scale_variables() -> None:
    result = CumulativeModel("y ~ x", _simulated(), nominal="~ g", scale="~ z").fit()
    assert list(dict.fromkeys(marginal_effects(result)["term"])) == ["x", "g", "z"]
    only_nominal = SequentialModel("y ~ 1", _simulated(), kind="cratio", nominal="~ x").fit()
    assert set(marginal_effects(only_nominal)["term"]) == {"x"}
