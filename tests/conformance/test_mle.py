"""Conformance of every family's maximum-likelihood fit (see ``families.py`` for the cases).

What any family must satisfy, checked the same way for each: probabilities
in [0, 1] summing to one; analytic gradient and Hessian equal to finite
differences; scores that add up to the gradient; results that pickle; fits
invariant to row order; no aliasing of the caller's data; effects, tables
and plots that run; new data with unseen levels, missing columns or missing
values refused by name.
"""

from __future__ import annotations

import pickle

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from careerrep.effects import contrast, marginal_effects, odds_ratios
from careerrep.errors import CareerRepError, ModelSpecError
from careerrep.models.family import SLOPE_ROLES, Role
from careerrep.plots import forest
from careerrep.report import table
from tests.conformance.families import CASES, METHODS, conformance_frame

FRAME = conformance_frame()
IDS = [case_id for case_id, _ in CASES]
BUILDS = dict(CASES)


@pytest.fixture(params=IDS)
def case(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(params=[None, "w"], ids=["unweighted", "weighted"])
def weights(request: pytest.FixtureRequest) -> str | None:
    return request.param  # type: ignore[no-any-return]


def _model(case: str, weights: str | None = None, frame: pd.DataFrame | None = None):  # type: ignore[no-untyped-def]
    return BUILDS[case](FRAME.copy() if frame is None else frame, weights)


def _columns(model):  # type: ignore[no-untyped-def]
    """The family's columns for the fitted rows (nominal and scale columns too, not just ``design.X``)."""
    return model.family_matrix


def _shift_in_x(model, rows: int | None = None) -> np.ndarray:  # type: ignore[no-untyped-def]
    """``d X / d x``: how the family's columns move when predictor ``x`` moves by 1.

    Asked of the model (``design_matrix`` on a frame with ``x + 1``), so ``x`` counts
    wherever it enters: location, nominal or scale columns.
    """
    frame = model.data.loc[model.design.row_index]
    frame = frame if rows is None else frame.iloc[:rows]
    return model.design_matrix(frame.assign(x=frame["x"] + 1.0)) - model.design_matrix(frame)


def _near_estimate(result, rng: np.random.Generator) -> np.ndarray:  # type: ignore[no-untyped-def]
    """A point near the estimate, still inside the model (thresholds stay ordered)."""
    params = result.params.to_numpy().copy()
    layout = result.model.layout
    free = np.setdiff1d(np.arange(len(params)), layout.positions(Role.THRESHOLD, Role.CATEGORY_SPECIFIC))
    params[free] += rng.normal(scale=0.1, size=free.size)
    # Category-specific slopes move each threshold on its own: small steps, so that the
    # thresholds stay ordered over the data (a continuous nominal x spans about 6 units).
    nominal = layout.positions(Role.CATEGORY_SPECIFIC)
    params[nominal] += rng.normal(scale=0.02, size=nominal.size)
    return params


def test_probabilities_are_distributions(case: str, weights: str | None) -> None:
    model = _model(case, weights)
    family = model.family
    rng = np.random.default_rng(3)
    params = np.stack([_near_estimate(model.fit(), rng) for _ in range(3)])
    X = _columns(model)
    assert X.shape == (len(model.design.y), len(family.columns))
    probs = family.probabilities(params, X)
    assert probs.shape == (3, len(model.design.y), len(model.labels))
    assert np.all((probs >= 0) & (probs <= 1))
    np.testing.assert_allclose(probs.sum(axis=2), 1.0, atol=1e-12)
    np.testing.assert_allclose(np.exp(family.log_probabilities(params, X)), probs, atol=1e-12)
    # Slopes of probabilities that sum to one sum to zero.
    np.testing.assert_allclose(family.slopes(params, X, _shift_in_x(model)).sum(axis=2), 0.0, atol=1e-12)


def test_slopes_equal_finite_differences(case: str) -> None:
    model = _model(case)
    X = _columns(model)[:50]
    params = model.fit().params.to_numpy()[None, :]
    dX = _shift_in_x(model, rows=50)
    h = 1e-6
    numeric = (
        model.family.probabilities(params, X + h * dX) - model.family.probabilities(params, X - h * dX)
    ) / (2 * h)
    np.testing.assert_allclose(model.family.slopes(params, X, dX), numeric, atol=1e-8)


@pytest.mark.parametrize("method", ["mle", "firth"])
def test_gradient_and_hessian_equal_finite_differences(case: str, weights: str | None, method: str) -> None:
    if method not in METHODS.get(case, ("mle",)):
        return  # this family has no such method: nothing to check
    model = _model(case, weights)
    design = model.design
    problem = model.family.problem(_columns(model), design.y, design.weights, method=method)
    point = _near_estimate(model.fit(method=method), np.random.default_rng(5))
    value, gradient, hessian = problem.loglik(point)
    assert np.isfinite(value)
    h = 1e-5
    numeric_gradient = np.empty_like(point)
    numeric_hessian = np.empty_like(hessian)
    for j in range(point.size):
        step = np.zeros_like(point)
        step[j] = h
        up, down = problem.loglik(point + step), problem.loglik(point - step)
        numeric_gradient[j] = (up[0] - down[0]) / (2 * h)
        numeric_hessian[:, j] = (up[1] - down[1]) / (2 * h)
    scale = 1.0 + np.abs(gradient).max()
    np.testing.assert_allclose(gradient, numeric_gradient, atol=1e-5 * scale)
    if method == "mle":  # Firth's curvature is -I by design, not the penalised Hessian
        np.testing.assert_allclose(hessian, numeric_hessian, atol=1e-5 * (1.0 + np.abs(hessian).max()))


def test_weighted_scores_add_up_to_the_gradient(case: str, weights: str | None) -> None:
    model = _model(case, weights)
    design = model.design
    problem = model.family.problem(_columns(model), design.y, design.weights)
    point = _near_estimate(model.fit(), np.random.default_rng(11))
    scores = problem.scores(point)
    assert scores.shape == (len(design.y), model.family.n_params)
    np.testing.assert_allclose(design.weights @ scores, problem.loglik(point)[1], atol=1e-9)


def test_weights_equal_repeated_rows(case: str) -> None:
    weighted = _model(case, "w").fit()
    repeated = FRAME.loc[FRAME.index.repeat(FRAME["w"].astype(int))].reset_index(drop=True)
    plain = _model(case, None, repeated).fit()
    np.testing.assert_allclose(weighted.params, plain.params, rtol=1e-7, atol=1e-9)
    np.testing.assert_allclose(weighted.cov_params(), plain.cov_params(), rtol=1e-6, atol=1e-10)


def test_results_pickle_to_equal_results(case: str) -> None:
    for cov in ("nonrobust", "HC1", "cluster"):
        result = _model(case).fit(cov=cov, groups="g" if cov == "cluster" else None)
        copy = pickle.loads(pickle.dumps(result))
        pd.testing.assert_series_equal(copy.params, result.params)
        pd.testing.assert_frame_equal(copy.cov_params(), result.cov_params())
        pd.testing.assert_frame_equal(copy.predict(FRAME.head(5)), result.predict(FRAME.head(5)))
        assert copy.model.layout == result.model.layout
    profile = pickle.loads(pickle.dumps(_model(case).fit())).conf_int(method="profile")
    assert np.all(profile["lower"] < profile["upper"])


def test_fit_is_invariant_to_row_order(case: str, weights: str | None) -> None:
    shuffled = FRAME.sample(frac=1.0, random_state=1)
    a, b = _model(case, weights).fit(cov="HC0"), _model(case, weights, shuffled.copy()).fit(cov="HC0")
    np.testing.assert_allclose(a.params, b.params, rtol=1e-8, atol=1e-10)
    np.testing.assert_allclose(a.bse, b.bse, rtol=1e-7)
    np.testing.assert_allclose(a.predict(FRAME), b.predict(FRAME), atol=1e-10)


def test_changing_the_callers_data_changes_nothing(case: str) -> None:
    # Defect 2 of issue 12: the model kept the caller's frame, so scaling a column after
    # fitting changed that fit's marginal effects (-0.196 -> -0.036) but not predict().
    frame = FRAME.copy()
    result = _model(case, None, frame).fit()
    before = marginal_effects(result, "x")
    predicted = result.predict()
    summary, refit = result.summary_frame(), result.model.fit()
    frame["x"] *= 10
    frame["g"] = "low"
    frame.loc[frame.index[:50], "x"] = np.nan
    pd.testing.assert_frame_equal(marginal_effects(result, "x"), before)
    pd.testing.assert_frame_equal(result.predict(), predicted)
    pd.testing.assert_frame_equal(result.summary_frame(), summary)
    pd.testing.assert_series_equal(result.model.fit().params, refit.params)


def test_a_model_holds_only_the_columns_it_uses(case: str, weights: str | None) -> None:
    # 1e5 rows with 50 columns the formula never names: the model must not keep them alive.
    rng = np.random.default_rng(3)
    n = 100_000
    wide = FRAME.sample(n, replace=True, random_state=3).reset_index(drop=True)
    unused = pd.DataFrame(rng.normal(size=(n, 50)), columns=[f"unused_{i}" for i in range(50)])
    wide = pd.concat([wide, unused], axis=1)
    model = _model(case, weights, wide)
    outcome = model.formula.split("~")[0].strip()
    expected = {outcome, "x", "g"} | ({weights} if weights else set())
    assert set(model.data.columns) == expected
    assert len(model.data) == n
    assert model.data.memory_usage(deep=False).sum() < 0.1 * wide.memory_usage(deep=False).sum()
    for array in (model.design.X, model.design.y, model.design.weights):
        assert not array.flags.writeable
        with pytest.raises(ValueError, match="read-only"):
            array[0] = 0


def test_a_cluster_column_the_model_does_not_keep_is_named(case: str) -> None:
    frame = FRAME.assign(office=np.arange(len(FRAME)) % 9)
    model = _model(case, None, frame)
    with pytest.raises(ModelSpecError, match=r"groups column 'office'.*groups=data\['office'\]"):
        model.fit(cov="cluster", groups="office")
    by_values = model.fit(cov="cluster", groups=frame["office"])
    by_codes = model.fit(cov="cluster", groups=frame["office"].to_numpy() * 7 + 1)
    pd.testing.assert_frame_equal(by_values.cov_params(), by_codes.cov_params())


def test_effects_tables_and_plots_run(case: str) -> None:
    result = _model(case).fit()
    family = result.model.family
    effects = marginal_effects(result)
    assert set(effects["term"]) >= {"x"}
    assert np.all(np.isfinite(effects["estimate"]))
    if family.log_odds:
        ratios = odds_ratios(result)
        slopes = {p.name for p in family.layout if p.role in SLOPE_ROLES}
        assert set(ratios["parameter"]) == slopes
    else:
        with pytest.raises(ModelSpecError, match="logit link"):
            odds_ratios(result)
    shift = contrast(result, "g", ["low", "high"])
    np.testing.assert_allclose(shift.groupby("term")["estimate"].sum(), 0.0, atol=1e-12)
    text = table(result, format="text")
    for parameter in family.layout:
        assert parameter.name in text
    figure = forest(result)
    plt.close(figure)


def test_unseen_levels_missing_columns_and_values_are_refused(case: str) -> None:
    # Defect 4 of issue 12: an unseen level passed on formulaic's warning and came back
    # with the reference level's probabilities.
    result = _model(case).fit()
    new = FRAME.head(3).copy()
    new["g"] = new["g"].astype(str)
    new.loc[new.index[1], "g"] = "cabinet"
    with pytest.raises(ModelSpecError, match=r"g = 'cabinet'.*\['low', 'mid', 'high'\]"):
        result.predict(new)
    with pytest.raises(ModelSpecError, match=r"lack the (predictor|nominal|scale) column.*\['x'\]"):
        result.predict(FRAME.head(3).drop(columns="x"))
    gap = FRAME.head(3).copy()
    gap.loc[gap.index[0], "x"] = np.nan
    with pytest.raises(ModelSpecError, match="'x' is missing"):
        result.predict(gap)
    with pytest.raises(ModelSpecError, match="cabinet"):
        marginal_effects(result, at=new)


def test_bad_fit_arguments_are_refused_by_name(case: str) -> None:
    model = _model(case)
    for kwargs, match in [
        ({"cov": "HC9"}, "cov must be one of"),
        ({"method": "bayes"}, "method must be"),
        ({"max_iter": -3}, "max_iter must be a positive integer"),
        ({"max_iter": 2.5}, "max_iter must be a positive integer"),
        ({"ci": "exact"}, "ci must be"),
        ({"cov": "cluster", "cluster_type": "HC3", "groups": "g"}, "cluster_type"),
    ]:
        with pytest.raises(ModelSpecError, match=match):
            model.fit(**kwargs)
    assert issubclass(ModelSpecError, CareerRepError) and issubclass(ModelSpecError, ValueError)
