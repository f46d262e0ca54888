"""``OrdinalModel(... + (1|g)).fit()`` / ``LogitModel(...)`` fit the mixed model, and the
library's effects, tables, plots and CLI take the result.

Peers: the R fixtures of ``test_r_fixtures.py`` (``ordinal::clmm`` 2022.11-16 and
``lme4::glmer`` 1.1-31 on R 4.2.2; the exact call is in each JSON); here they pin that
the core models' ``fit()`` reaches the same estimates (tolerances as there).
"""

from __future__ import annotations

import json
import pathlib
import warnings

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

from careerrep import plots
from careerrep.effects import marginal_effects, odds_ratios
from careerrep.errors import ModelSpecError
from careerrep.models import LogitModel, MultinomialModel, OrdinalModel
from careerrep.models.bayes.glue import model_arrays
from careerrep.models.bayes.result import reported_names
from careerrep.models.family import Role
from careerrep.models.mixed import MixedOrdinalModel, MixedResult
from careerrep.report import table

ROOT = pathlib.Path(__file__).resolve().parents[2] / "fixtures"


def _reference(name: str) -> dict:
    return json.loads((ROOT / "r" / f"mixed_{name}.json").read_text())


def _wine() -> pd.DataFrame:
    frame = pd.read_csv(ROOT / "data" / "wine.csv", dtype={"judge": str, "bottle": str})
    frame["rating"] = pd.Categorical(frame["rating"], ordered=True)
    return frame


def _grouped(seed: int, n_groups: int = 30, per_group: int = 8, sd: float = 1.2) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    g = np.repeat(np.arange(n_groups), per_group)
    x = rng.normal(size=len(g))
    latent = 0.8 * x + sd * rng.normal(size=n_groups)[g] + rng.logistic(size=len(g))
    y = np.digitize(latent, [-1.0, 0.5, 2.0])
    return pd.DataFrame(
        {
            "y": pd.Categorical(y, categories=[0, 1, 2, 3], ordered=True),
            "event": (latent > 0.5).astype(int),
            "x": x,
            "kind": np.where(rng.random(len(g)) < 0.5, "a", "b"),
            "g": g.astype(str),
        }
    )


@pytest.fixture(scope="module")
def grouped_fit() -> MixedResult:
    return OrdinalModel("y ~ x + kind + (1|g)", _grouped(1)).fit()


@pytest.mark.parametrize("name, n_agq", [("clmm_wine_logit_laplace", 1), ("clmm_wine_logit_agq10", 10)])
def test_ordinal_model_fit_with_a_random_intercept_is_clmm(name: str, n_agq: int) -> None:
    ref = _reference(name)
    result = OrdinalModel(ref["formula"], _wine(), link=ref["link"]).fit(n_agq=n_agq)
    assert isinstance(result, MixedResult) and result.n_agq == n_agq
    for key, value in {**ref["fixed"], **ref["thresholds"]}.items():
        assert result.params[key] == pytest.approx(value, rel=1e-5), key
    assert result.params["sd(1|judge)"] == pytest.approx(ref["sd"]["judge"]["Intercept"], rel=1e-4)
    assert result.loglik == pytest.approx(ref["loglik"], abs=1e-6)


def test_logit_model_fit_with_a_random_intercept_is_glmer() -> None:
    ref = _reference("glmer_cbpp_laplace")
    frame = pd.read_csv(ROOT / "data" / "cbpp_bernoulli.csv", dtype={"herd": str, "period": str})
    result = LogitModel(ref["formula"], frame).fit()
    for key, value in ref["fixed"].items():
        assert result.params[key] == pytest.approx(value, rel=1e-5), key
    assert result.params["sd(1|herd)"] == pytest.approx(ref["sd"]["herd"]["Intercept"], rel=1e-4)
    assert result.loglik == pytest.approx(ref["loglik"], abs=1e-6)


def test_the_result_carries_components_modes_icc_and_the_lr_test(grouped_fit: MixedResult) -> None:
    layout = grouped_fit.layout
    assert [p.name for p in layout.of_role(Role.VARIANCE)] == ["sd(1|g)"]
    assert layout.names == tuple(grouped_fit.params.index)
    assert set(grouped_fit.group_effects["(1|g)"].index) == {str(i) for i in range(30)}
    assert 0.0 < grouped_fit.icc["icc"].iloc[0] < 1.0
    assert grouped_fit.lr_tests is not None and grouped_fit.lr_tests["p_value"].iloc[0] < 0.05
    text = grouped_fit.summary()
    assert "sd(1|g)" in text and "ICC" in text
    assert np.isnan(grouped_fit.pvalues["sd(1|g)"]) and grouped_fit.pvalues["x"] < 0.05


def test_a_random_slope_has_sd_and_correlation_roles() -> None:
    frame = _grouped(2)
    model = OrdinalModel("y ~ x + (1 + x|g)", frame)
    assert model.design.random_slopes == ("(1 + x|g)",)
    with warnings.catch_warnings():
        # A slope SD near 0 on these data may sit on its boundary; that warning is tested elsewhere.
        warnings.simplefilter("ignore")
        result = model.fit()
    layout = result.layout
    assert [p.name for p in layout.of_role(Role.VARIANCE)] == ["sd(Intercept|g)", "sd(x|g)"]
    assert [p.name for p in layout.of_role(Role.CORRELATION)] == ["cor(Intercept,x|g)"]
    with pytest.raises(ModelSpecError, match=r"random slopes \['\(1 \+ x\|g\)'\] are fitted by maximum"):
        model.sample(draws=10, chains=1, seed=1)


def test_nested_terms_reach_the_core_design() -> None:
    frame = _grouped(3)
    frame["h"] = (np.arange(len(frame)) % 2).astype(str)
    model = OrdinalModel("y ~ x + (1|g/h)", frame)
    assert list(model.design.groups) == ["(1|g)", "(1|g:h)"]
    codes, levels = model.design.groups["(1|g:h)"]
    assert len(levels) == 60 and codes.max() == 59


def test_the_posterior_of_the_same_spec_names_the_sd_alike() -> None:
    frame = _grouped(4)
    model = OrdinalModel("y ~ x + (1|g)", frame)
    data, _ = model_arrays(model)  # what .sample() builds, without sampling
    fitted = model.fit()
    assert reported_names(data) == tuple(fitted.params.index) == ("x", "0|1", "1|2", "2|3", "sd(1|g)")
    assert [p.role for p in data.layout] == [p.role for p in fitted.layout]


def test_conditional_effects_agree_with_the_mixed_code_and_are_labelled(grouped_fit: MixedResult) -> None:
    ours = marginal_effects(grouped_fit, "x")
    theirs = grouped_fit.marginal_effects("x", kind="conditional")
    np.testing.assert_allclose(ours["estimate"], theirs["estimate"], rtol=1e-5, atol=1e-7)
    np.testing.assert_allclose(ours["std_error"], theirs["std_error"], rtol=1e-3)
    assert ours["at"].str.contains("conditional: group effects 0").all()
    categorical = marginal_effects(grouped_fit, "kind")
    assert list(categorical["contrast"].unique()) == ["b - a"]


def test_marginal_effects_average_over_the_group_effects(grouped_fit: MixedResult) -> None:
    ours = marginal_effects(grouped_fit, "x", kind="marginal")
    theirs = grouped_fit.marginal_effects("x", kind="marginal")
    np.testing.assert_allclose(ours["estimate"], theirs["estimate"], rtol=1e-12)
    np.testing.assert_allclose(ours["std_error"], theirs["std_error"], rtol=1e-12)
    assert ours["at"].str.contains("marginal: population average").all()
    conditional = marginal_effects(grouped_fit, "x")
    # Integrating over an SD of ~1.2 flattens the response: the extreme outcomes move less.
    assert abs(ours["estimate"].iloc[0]) < abs(conditional["estimate"].iloc[0])
    changes = marginal_effects(grouped_fit, "kind", kind="marginal")
    assert list(changes["contrast"].unique()) == ["b - a"] and (changes["type"] == "discrete change").all()


def test_kind_is_refused_for_a_model_without_random_terms() -> None:
    result = OrdinalModel("y ~ x", _grouped(5)).fit()
    with pytest.raises(ModelSpecError, match="kind='marginal' is for models with random terms"):
        marginal_effects(result, "x", kind="marginal")


def test_tables_put_the_components_in_their_own_section_unexponentiated(grouped_fit: MixedResult) -> None:
    text = table(grouped_fit, exponentiate=True)
    lines = text.splitlines()
    section = next(i for i, line in enumerate(lines) if "Random effects (SD, correlation)" in line)
    row = next(line for line in lines[section:] if line.startswith("sd(1|g)"))
    assert f"{grouped_fit.params['sd(1|g)']:.3f}" in row
    assert "ML (Laplace approximation)" in text
    assert "random-effect SDs are not exponentiated" in text


def test_forest_plot_and_odds_ratios_show_the_fixed_slopes(grouped_fit: MixedResult) -> None:
    frame = odds_ratios(grouped_fit)
    assert list(frame["term"]) == ["x", "kind[T.b]"]
    assert frame.loc[0, "estimate"] == pytest.approx(np.exp(grouped_fit.params["x"]), rel=1e-12)
    assert isinstance(plots.forest(grouped_fit, exponentiate=True), Figure)
    assert isinstance(plots.predicted_probabilities(grouped_fit, "x"), Figure)


def test_arguments_a_mixed_fit_cannot_honour_are_refused() -> None:
    model = OrdinalModel("y ~ x + (1|g)", _grouped(6))
    with pytest.raises(ModelSpecError, match=r"cov='HC1' is not available"):
        model.fit(cov="HC1")
    with pytest.raises(ModelSpecError, match=r"n_agq=10 .* needs a single random-intercept term"):
        OrdinalModel("y ~ x + (1 + x|g)", _grouped(6)).fit(n_agq=10)
    with pytest.raises(ModelSpecError, match="n_agq=3 is for formulas with random terms"):
        OrdinalModel("y ~ x", _grouped(6)).fit(n_agq=3)
    frame = _grouped(6).assign(choice=lambda d: np.array(["p", "q", "r"])[d["y"].cat.codes % 3])
    with pytest.raises(ModelSpecError, match=r"random terms \['\(1\|g\)'\] cannot be fitted by maximum"):
        MultinomialModel("choice ~ x + (1|g)", frame).fit()


def test_the_direct_mixed_model_and_the_core_route_agree() -> None:
    frame = _grouped(7)
    core = OrdinalModel("y ~ x + (1|g)", frame, link="probit").fit()
    direct = MixedOrdinalModel("y ~ x + (1|g)", frame, link="probit").fit()
    pd.testing.assert_series_equal(core.params, direct.params)
