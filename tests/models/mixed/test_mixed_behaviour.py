"""Mixed models: formula terms, bad input, boundary, tests, predictions, pickling."""

from __future__ import annotations

import pickle
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from careerrep.errors import BoundaryWarning, ModelSpecError
from careerrep.models import OrdinalModel
from careerrep.models.mixed import MixedLogitModel, MixedOrdinalModel, fit_mixed
from careerrep.models.mixed.summaries import mixture_p_value
from careerrep.models.mixed.terms import split_random_terms


def _grouped(seed: int, n_groups: int = 30, per_group: int = 8, sd: float = 1.0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    g = np.repeat(np.arange(n_groups), per_group)
    x = rng.normal(size=len(g))
    eta = 0.8 * x + sd * rng.normal(size=n_groups)[g]
    latent = eta + rng.logistic(size=len(g))
    y = np.digitize(latent, [-1.0, 0.5, 2.0])
    return pd.DataFrame(
        {"y": pd.Categorical(y, categories=[0, 1, 2, 3], ordered=True), "x": x, "g": g.astype(str)}
    )


def test_formula_terms_are_split_nested_and_crossed() -> None:
    rest, specs = split_random_terms("y ~ x + (1|a/b) + (1 + x|c) + z")
    assert rest.replace(" ", "") == "y~x+z"
    assert [s.label for s in specs] == ["(1|a)", "(1|a:b)", "(1 + x|c)"]
    rest, specs = split_random_terms("y ~ (1|g)")
    assert rest.replace(" ", "") == "y~1"


def test_unreadable_bar_is_refused() -> None:
    with pytest.raises(ModelSpecError, match="cannot read the random-effects terms"):
        split_random_terms("y ~ x + (1|g|h)")


def test_one_level_grouping_factor_is_refused_with_the_term() -> None:
    frame = _grouped(1)
    frame["one"] = "only"
    with pytest.raises(ModelSpecError, match=r"\(1\|one\): the grouping factor has 1 level \(\['only'\]\)"):
        MixedOrdinalModel("y ~ x + (1|one)", frame)


def test_groups_of_size_one_everywhere_are_refused() -> None:
    frame = _grouped(2)
    frame["row"] = np.arange(len(frame)).astype(str)
    with pytest.raises(ModelSpecError, match=r"\(1\|row\): every one of its 240 groups has a single row"):
        MixedOrdinalModel("y ~ x + (1|row)", frame)


def test_agq_needs_one_scalar_term() -> None:
    frame = _grouped(3)
    frame["h"] = (np.arange(len(frame)) % 5).astype(str)
    model = MixedOrdinalModel("y ~ x + (1|g) + (1|h)", frame)
    with pytest.raises(ModelSpecError, match=r"n_agq=5 .* needs a single random-intercept term"):
        model.fit(n_agq=5)


def test_sd_on_the_boundary_warns_with_the_number_and_p_is_one() -> None:
    # Groups assigned at random with no group effect: the seeds 0..19 were tried and
    # this one gives an SD estimate of exactly 0 (the optimiser stops at the bound).
    rng = np.random.default_rng(11)
    n = 300
    frame = pd.DataFrame({"x": rng.normal(size=n), "g": rng.integers(0, 20, n).astype(str)})
    frame["y"] = (rng.logistic(size=n) + 0.5 * frame["x"] > 0).astype(int)
    with pytest.warns(
        BoundaryWarning, match=r"\(1\|g\): the variance estimate is on its boundary \(sd\(Intercept\) = "
    ):
        result = MixedLogitModel("y ~ x + (1|g)", frame).fit()
    assert result.params["sd(1|g)"] < 1e-4
    assert np.isnan(result.bse["sd(1|g)"])
    assert np.isfinite(result.bse["x"])
    assert result.lr_tests.loc[0, "statistic"] == 0.0
    assert result.lr_tests.loc[0, "p_value"] == 1.0
    assert "sd(1|g)        0  on boundary" in result.summary()


def test_lr_test_uses_the_half_chi_square_and_says_so() -> None:
    result = MixedOrdinalModel("y ~ x + (1|g)", _grouped(4, sd=1.5)).fit()
    row = result.lr_tests.iloc[0]
    fixed = OrdinalModel("y ~ x", _grouped(4, sd=1.5)).fit()
    assert row["null_loglik"] == pytest.approx(fixed.loglik, abs=1e-8)
    assert row["statistic"] == pytest.approx(2 * (result.loglik - fixed.loglik), rel=1e-10)
    from scipy import stats

    assert row["p_value"] == pytest.approx(0.5 * stats.chi2.sf(row["statistic"], 1), rel=1e-10)
    assert "50:50 mixture of chi-square(0) and chi-square(1)" in row["note"]
    assert row["note"] in result.summary()


@given(st.floats(min_value=0.0, max_value=50.0))
@settings(max_examples=50, deadline=None)
def test_mixture_p_value_is_half_the_naive_one(statistic: float) -> None:
    from scipy import stats

    naive = stats.chi2.sf(statistic, 1)
    expected = 0.5 * naive + (0.5 if statistic <= 0.0 else 0.0)
    assert mixture_p_value(statistic, 0) == pytest.approx(expected, rel=1e-12, abs=1e-300)
    assert mixture_p_value(statistic, 1) == pytest.approx(
        0.5 * naive + 0.5 * stats.chi2.sf(statistic, 2), rel=1e-12
    )


def test_predictions_are_labelled_and_marginal_is_flatter() -> None:
    result = MixedOrdinalModel("y ~ x + (1|g)", _grouped(5, sd=1.5)).fit(lr_tests=False)
    new = pd.DataFrame({"x": [0.0], "g": ["0"]})
    modes = result.predict(new)
    zero = result.predict(new, at="zero")
    marginal = result.predict(new, kind="marginal")
    assert "conditional modes" in modes.attrs["prediction"]
    assert "group effects of 0" in zero.attrs["prediction"]
    assert "marginal" in marginal.attrs["prediction"]
    for frame in (modes, zero, marginal):
        assert frame.to_numpy().sum() == pytest.approx(1.0, abs=1e-12)
    # Averaging over group effects moves mass to the extreme categories.
    assert marginal.iloc[0, 0] + marginal.iloc[0, -1] > zero.iloc[0, 0] + zero.iloc[0, -1]
    # A Monte Carlo average over the estimated group distribution agrees with the quadrature.
    rng = np.random.default_rng(0)
    sd = result.params["sd(1|g)"]
    theta = result.params[list(result.model.thresholds)].to_numpy()
    beta = result.params["x"]
    b = rng.normal(0.0, sd, 200_000)
    from scipy.special import expit

    cum = expit(theta[None, :] - b[:, None] - beta * 0.0)
    mc = np.diff(np.column_stack([np.zeros(len(b)), cum, np.ones(len(b))]), axis=1).mean(axis=0)
    np.testing.assert_allclose(marginal.to_numpy()[0], mc, atol=5e-3)
    unseen = result.predict(pd.DataFrame({"x": [0.0], "g": ["new"]}))
    assert "1 rows of groups not in the fit use group effect 0" in unseen.attrs["prediction"]
    np.testing.assert_allclose(unseen.to_numpy(), zero.to_numpy(), rtol=1e-12)


def test_result_is_plain_picklable_data_with_roles() -> None:
    result = MixedOrdinalModel("y ~ x + (1|g)", _grouped(6)).fit(lr_tests=False)
    copy = pickle.loads(pickle.dumps(result))
    pd.testing.assert_series_equal(copy.params, result.params)
    assert list(result.roles) == ["coefficient", "threshold", "threshold", "threshold", "variance"]
    assert result.icc.loc["(1|g)", "icc"] == pytest.approx(
        result.params["sd(1|g)"] ** 2 / (result.params["sd(1|g)"] ** 2 + np.pi**2 / 3)
    )


def test_fit_mixed_wires_an_ordinal_model_with_group_terms() -> None:
    frame = _grouped(7)
    model = OrdinalModel("y ~ x + (1|g)", frame)
    via_wiring = fit_mixed(model, lr_tests=False)
    direct = MixedOrdinalModel("y ~ x + (1|g)", frame).fit(lr_tests=False)
    pd.testing.assert_series_equal(via_wiring.params, direct.params, rtol=1e-10)
    # OrdinalModel.fit() of a formula with random terms is this fit (it used to refuse them).
    pd.testing.assert_series_equal(model.fit().params, direct.params, rtol=1e-10)


def test_prediction_at_modes_needs_the_grouping_column() -> None:
    result = MixedOrdinalModel("y ~ x + (1|g)", _grouped(8)).fit(lr_tests=False)
    with pytest.raises(ModelSpecError, match=r"newdata lacks the grouping columns \['g'\]"):
        result.predict(pd.DataFrame({"x": [0.0]}))
    assert result.predict(pd.DataFrame({"x": [0.0]}), kind="marginal").shape == (1, 4)


def test_non_negative_definite_hessian_warns_with_the_numbers_and_gives_no_ses() -> None:
    from careerrep.errors import ConvergenceWarning
    from careerrep.models.mixed.estimate import Estimate
    from careerrep.models.mixed.fitting import _covariance

    model = MixedOrdinalModel("y ~ x + (1|g)", _grouped(9))
    size = len(model.param_names)
    hessian = -np.eye(size)
    hessian[-1, -1] = 0.5  # curvature of the wrong sign in the log-SD direction
    estimate = Estimate(
        x=np.zeros(size),
        z=np.zeros(size),
        loglik=-1.0,
        free=np.ones(size, dtype=bool),
        hessian=hessian,
        gradient=np.zeros(size),
        iterations=1,
        evaluations=1,
        converged=True,
    )
    with pytest.warns(ConvergenceWarning, match=r"smallest eigenvalue of -H = -0\.5.*mostly 'sd\(1\|g\)'"):
        cov, notes = _covariance(model, estimate)
    assert np.isnan(cov).all()
    assert notes and notes[0].startswith("No standard errors")


@given(seed=st.integers(0, 1000))
@settings(max_examples=5, deadline=None)
def test_fit_is_invariant_to_row_order_and_group_labels(seed: int) -> None:
    frame = _grouped(seed, n_groups=12, per_group=6)
    rng = np.random.default_rng(seed)
    shuffled = frame.iloc[rng.permutation(len(frame))].reset_index(drop=True)
    shuffled["g"] = "grp-" + shuffled["g"].map(lambda v: str(100 - int(v)))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", BoundaryWarning)  # some seeds put the SD at 0: fine here
        first = MixedOrdinalModel("y ~ x + (1|g)", frame).fit(lr_tests=False)
        second = MixedOrdinalModel("y ~ x + (1|g)", shuffled).fit(lr_tests=False)
    np.testing.assert_allclose(first.params.to_numpy(), second.params.to_numpy(), rtol=1e-6, atol=1e-7)
    assert first.loglik == pytest.approx(second.loglik, abs=1e-8)
    renamed = second.group_effects["(1|g)"].rename(index=lambda v: str(100 - int(v.removeprefix("grp-"))))
    pd.testing.assert_frame_equal(
        first.group_effects["(1|g)"].sort_index(),
        renamed.sort_index(),
        check_names=False,
        rtol=1e-5,
        atol=1e-6,
    )


def test_fit_mixed_on_a_logit_model_drops_the_same_rows() -> None:
    from careerrep.errors import MissingDataWarning
    from careerrep.models import LogitModel

    frame = _grouped(10)
    frame["event"] = (frame["y"].cat.codes >= 2).astype(int)
    frame.loc[3, "x"] = np.nan
    with pytest.warns(MissingDataWarning, match="dropped 1 of 240 rows"):
        model = LogitModel("event ~ x + (1|g)", frame)
    via_wiring = fit_mixed(model, lr_tests=False)
    direct = MixedLogitModel("event ~ x + (1|g)", frame.drop(index=3)).fit(lr_tests=False)
    assert via_wiring.nobs == 239
    pd.testing.assert_series_equal(via_wiring.params, direct.params, rtol=1e-10)
    assert list(via_wiring.roles) == ["intercept", "coefficient", "variance"]


def test_frequency_weights_equal_repeated_rows() -> None:
    frame = _grouped(12, n_groups=15, per_group=6)
    weights = np.where(np.arange(len(frame)) % 3 == 0, 2.0, 1.0)
    repeated = pd.concat([frame, frame[weights == 2.0]]).sort_index(kind="stable")
    weighted = MixedOrdinalModel("y ~ x + (1|g)", frame, weights=weights).fit(lr_tests=False)
    copied = MixedOrdinalModel("y ~ x + (1|g)", repeated).fit(lr_tests=False)
    np.testing.assert_allclose(weighted.params.to_numpy(), copied.params.to_numpy(), rtol=1e-6, atol=1e-8)
    assert weighted.loglik == pytest.approx(copied.loglik, abs=1e-8)
    assert weighted.nobs == len(repeated)


def test_marginal_effects_conditional_and_marginal_are_labelled_and_consistent() -> None:
    from careerrep.effects import marginal_effects

    frame = _grouped(13, sd=1.5)
    result = MixedOrdinalModel("y ~ x + (1|g)", frame).fit(lr_tests=False)
    conditional = result.marginal_effects("x", kind="conditional")
    marginal = result.marginal_effects("x", kind="marginal")
    assert "conditional" in conditional.attrs["effect"] and "marginal" in marginal.attrs["effect"]
    for table in (conditional, marginal):
        assert table["estimate"].sum() == pytest.approx(0.0, abs=1e-8)  # probabilities sum to one
        assert (table["std_error"] > 0).all()
    # Averaging over group effects flattens the response: smaller effects at the extremes.
    assert abs(marginal["estimate"].iloc[0]) < abs(conditional["estimate"].iloc[0])
    # With the group SD on its boundary both kinds equal the fixed-effects model's AME
    # (careerrep.effects on OrdinalModel, delta method there too).
    # No group effect in the data: seeds 0..30 were tried, 20 of them (0 among them)
    # estimate the SD at exactly 0.
    rng = np.random.default_rng(0)
    flat = pd.DataFrame({"x": rng.normal(size=300), "g": rng.integers(0, 20, 300).astype(str)})
    latent = 0.5 * flat["x"] + rng.logistic(size=300)
    flat["y"] = pd.Categorical(np.digitize(latent, [-0.5, 0.8]), categories=[0, 1, 2], ordered=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", BoundaryWarning)
        mixed = MixedOrdinalModel("y ~ x + (1|g)", flat).fit(lr_tests=False)
    assert mixed.params["sd(1|g)"] == 0.0
    reference = marginal_effects(OrdinalModel("y ~ x", flat).fit(), "x")
    ours = mixed.marginal_effects("x", kind="marginal")
    np.testing.assert_allclose(ours["estimate"].to_numpy(), reference["estimate"].to_numpy(), atol=1e-6)
    np.testing.assert_allclose(ours["std_error"].to_numpy(), reference["std_error"].to_numpy(), rtol=1e-3)
