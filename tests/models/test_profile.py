"""Profile-likelihood intervals of ML fits: against R, by construction, and the API.

R fixtures (tests/fixtures/r/profile_*.json, written by make_profile_fixtures.R;
R 4.2.2, MASS 7.3-58.2, ordinal 2022.11-16) hold two things per fit:

* ``confint_*``: R's own ``confint`` of the recorded call. MASS (glm, polr) and
  ordinal (clm) evaluate the profile on a grid and interpolate it with a
  spline, so these bounds are only good to ~1e-4: measured against ours,
  glm 2.6e-4, polr wine 3.3e-5, polr housing 7.3e-6, clm wine 1.0e-5 relative.
  The tolerances below are about 2x those.
* ``exact_*``: the same bounds solved in R by ``uniroot`` on offset refits
  (glm.fit; clm with gradTol 1e-12): agreement 5e-12 relative measured,
  checked at 1e-8.

R profiles only the coefficients of polr/clm; our threshold bounds are checked
by construction: at each bound the likelihood-ratio statistic, with the other
parameters re-maximised independently (statsmodels GLM with an offset, or
scipy's trust-region Newton), equals the chi-square quantile.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import optimize, special, stats

from careerrep.errors import ModelSpecError, SeparationWarning
from careerrep.models import LogitModel, MultinomialModel, OrdinalModel
from careerrep.models.links import get_link
from careerrep.models.multinomial import multinomial_derivatives
from careerrep.models.ordinal import ordered_cut_point_loglik
from careerrep.models.ordinal_likelihood import SortedOrdinalData
from tests.models.conftest import load_r_fixture, r_series
from tests.seeds import shifted

# fixture -> (model class, relative tolerance against R's spline-interpolated confint)
R_FITS = {
    "profile_glm_birthwt": (LogitModel, 5e-4),
    "profile_polr_housing": (OrdinalModel, 2e-5),
    "profile_polr_wine": (OrdinalModel, 7e-5),
    "profile_clm_wine": (OrdinalModel, 2e-5),
}


def _fit_fixture(name: str):
    record, frame = load_r_fixture(name)
    model_class, _ = R_FITS[name]
    kwargs = {"weights": record["weights"]} if record["weights"] else {}
    return record, model_class(record["formula"], frame, **kwargs).fit()


@pytest.mark.parametrize("name", sorted(R_FITS))
def test_profile_bounds_match_r(name: str) -> None:
    record, result = _fit_fixture(name)
    ours = result.conf_int(level=record["level"], method="profile")
    for side in ("lower", "upper"):
        exact = r_series(record, f"exact_{side}")
        np.testing.assert_allclose(ours.loc[exact.index, side], exact, rtol=1e-8)
        spline = r_series(record, f"confint_{side}")
        np.testing.assert_allclose(ours.loc[spline.index, side], spline, rtol=R_FITS[name][1])
    assert list(ours.index) == list(result.params.index)  # thresholds too (R: coefficients only)


def _constrained_max(objective, start: np.ndarray, j: int, b: float) -> float:
    """Max of ``objective`` with parameter ``j`` at ``b``, by scipy's trust-region Newton."""
    free = np.arange(len(start)) != j

    def full(z):
        x = start.copy()
        x[free], x[j] = z, b
        return x

    def pieces(z):
        value, grad, hess = objective(full(z))
        return value, grad[free], hess[np.ix_(free, free)]

    found = optimize.minimize(
        lambda z: -pieces(z)[0] if np.isfinite(pieces(z)[0]) else np.inf,
        start[free],
        jac=lambda z: -pieces(z)[1],
        hess=lambda z: -pieces(z)[2],
        method="trust-exact",
        options={"gtol": 1e-8},
    )
    # trust-exact can stop early on badly scaled columns ("A bad approximation..."); from
    # there a few plain Newton steps finish the job (independent of careerrep's optimiser).
    z = found.x
    for _ in range(5):
        _, grad, hess = pieces(z)
        z = z - np.linalg.solve(hess, grad)
    value, grad, _ = pieces(z)
    assert np.max(np.abs(grad)) < 1e-8, found.message
    return value


def test_ordinal_bounds_including_thresholds_solve_the_likelihood_ratio_equation() -> None:
    record, frame = load_r_fixture("profile_clm_wine")
    result = OrdinalModel(record["formula"], frame).fit()
    design = result.model.design
    data = SortedOrdinalData(design.X, design.y, design.weights, len(result.model.labels))
    link = get_link("logit")

    def objective(params):
        return ordered_cut_point_loglik(data, params, link)

    ci = result.conf_int(level=0.9, method="profile")
    estimate = result.params.to_numpy()
    for j, name in enumerate(result.params.index):
        for bound in ci.loc[name]:
            restricted = _constrained_max(objective, estimate, j, bound)
            assert 2 * (result.loglik - restricted) == pytest.approx(stats.chi2.ppf(0.9, 1), abs=1e-8)


def test_multinomial_bounds_solve_the_likelihood_ratio_equation() -> None:
    record, frame = load_r_fixture("multinom_birthwt_race")
    result = MultinomialModel(record["formula"], frame).fit()
    design, model = result.model.design, result.model

    def objective(params):
        return multinomial_derivatives(
            design.X, design.y, design.weights, params, len(model.labels), model.reference_index
        )

    ci = result.conf_int(method="profile")
    estimate = result.params.to_numpy()
    for j, name in enumerate(result.params.index):
        for bound in ci.loc[name]:
            restricted = _constrained_max(objective, estimate, j, bound)
            assert 2 * (result.loglik - restricted) == pytest.approx(stats.chi2.ppf(0.95, 1), abs=1e-8)


def test_weighted_logit_bounds_solve_the_likelihood_ratio_equation_by_statsmodels() -> None:
    # The restricted fits are statsmodels GLMs with the fixed coefficient as an offset.
    rng = np.random.default_rng(11)
    n = 80
    frame = pd.DataFrame({"x": rng.normal(size=n), "w": rng.integers(1, 4, n).astype(float)})
    frame["y"] = (rng.random(n) < special.expit(0.3 + 0.8 * frame["x"])).astype(int)
    result = LogitModel("y ~ x", frame, weights="w").fit()
    X = sm.add_constant(frame[["x"]]).to_numpy()
    ci = result.conf_int(method="profile")
    for j, name in enumerate(["Intercept", "x"]):
        for bound in ci.loc[name]:
            restricted = sm.GLM(
                frame["y"].to_numpy(),
                np.delete(X, j, axis=1),
                family=sm.families.Binomial(),
                offset=bound * X[:, j],
                freq_weights=frame["w"].to_numpy(),
            ).fit(tol=1e-14)
            assert 2 * (result.loglik - restricted.llf) == pytest.approx(stats.chi2.ppf(0.95, 1), abs=1e-7)


def test_frequency_weights_equal_duplicated_rows() -> None:
    record, frame = load_r_fixture("profile_polr_housing")
    weighted = OrdinalModel(record["formula"], frame, weights="Freq").fit()
    expanded = frame.loc[frame.index.repeat(frame["Freq"].astype(int))].reset_index(drop=True)
    duplicated = OrdinalModel(record["formula"], expanded).fit()
    np.testing.assert_allclose(
        weighted.conf_int(method="profile"), duplicated.conf_int(method="profile"), rtol=1e-8
    )


def test_complete_separation_gives_an_infinite_bound_with_a_warning() -> None:
    # y = 1 exactly when x > 0 and no intercept: loglik(b) = sum log expit(b |x|), whose
    # supremum 0 is approached as b -> inf; the lower bound solves -2 loglik(b) = chi2.
    x = np.array([-3.0, -2.0, -1.5, -1.0, 1.0, 1.5, 2.0, 3.0])
    frame = pd.DataFrame({"x": x, "y": (x > 0).astype(int)})
    with pytest.warns(SeparationWarning):
        result = LogitModel("y ~ 0 + x", frame).fit()
    with pytest.warns(SeparationWarning, match="'x' never reaches the 95% level above"):
        ci = result.conf_int(method="profile")
    critical = stats.chi2.ppf(0.95, 1)
    lower = optimize.brentq(lambda b: -2 * np.sum(np.log(special.expit(b * np.abs(x)))) - critical, 0, 10)
    assert ci.loc["x", "lower"] == pytest.approx(lower, rel=1e-9)
    assert ci.loc["x", "upper"] == np.inf


def _warnings_of(call):
    """``call()``'s value and the warnings it raised (all of them, recorded)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        value = call()
    return value, caught


def test_quasi_separation_matches_r_with_an_infinite_bound_for_the_separated_parameter() -> None:
    # endometrial: every NV = 1 case has HG = 1, so NV's estimate is +inf; the profiles of the
    # others are those of the NV = 0 cases (R: exact uniroot bounds and confint's spline).
    record, frame = load_r_fixture("profile_glm_endometrial_separated")
    with pytest.warns(SeparationWarning):
        result = LogitModel(record["formula"], frame).fit()
    ci, caught = _warnings_of(lambda: result.conf_int(level=record["level"], method="profile"))
    assert [type(w.message) for w in caught] == [SeparationWarning]
    assert "'NV' never reaches the 95% level above" in str(caught[0].message)
    exact_lower, exact_upper = r_series(record, "exact_lower"), r_series(record, "exact_upper")
    np.testing.assert_allclose(ci.loc[exact_lower.index, "lower"], exact_lower, rtol=1e-8)
    finite = exact_upper.dropna()
    np.testing.assert_allclose(ci.loc[finite.index, "upper"], finite, rtol=1e-8)
    assert ci.loc["NV", "upper"] == np.inf
    for side in ("lower", "upper"):
        spline = r_series(record, f"confint_{side}")
        np.testing.assert_allclose(ci.loc[spline.index, side], spline, rtol=5e-4)


def test_complete_separation_with_several_predictors_gives_infinite_bounds_where_they_are() -> None:
    # e = (x > 0): b -> b + t (0, 1, 0, 0) raises the likelihood towards its supremum 0 from any b,
    # and so does a small change of the intercept, z or u on the way: their profiles never fall
    # and both of their bounds are infinite, as is x's upper bound. x's lower bound is finite:
    # with x fixed nothing separates, and an independent refit (scipy trust-region Newton) shows
    # that there the likelihood-ratio statistic against the supremum is the chi-square quantile.
    rng = np.random.default_rng(shifted(18))
    n = 60
    frame = pd.DataFrame(rng.standard_normal((n, 3)), columns=["x", "z", "u"])
    frame["e"] = (frame["x"] > 0).astype(int)
    with pytest.warns(SeparationWarning):
        result = LogitModel("e ~ x + z + u", frame).fit()
    ci, caught = _warnings_of(lambda: result.conf_int(method="profile"))
    assert {type(w.message) for w in caught} == {SeparationWarning}
    messages = " ".join(str(w.message) for w in caught)
    for name in ("Intercept", "z", "u"):
        assert tuple(ci.loc[name]) == (-np.inf, np.inf)
        assert f"'{name}' never reaches the 95% level below" in messages
        assert f"'{name}' never reaches the 95% level above" in messages
    assert ci.loc["x", "upper"] == np.inf and "'x' never reaches the 95% level above" in messages
    lower = ci.loc["x", "lower"]
    assert 0 < lower < np.inf
    X = sm.add_constant(frame[["x", "z", "u"]].to_numpy())
    y = frame["e"].to_numpy()

    def logit_objective(params):  # stable at far offsets (statsmodels' GLM clips there)
        eta = X @ params
        p = special.expit(eta)
        return float(y @ eta - np.logaddexp(0.0, eta).sum()), X.T @ (y - p), -(X.T * (p * (1 - p))) @ X

    restricted = _constrained_max(logit_objective, np.zeros(4), 1, lower)
    assert 2 * (0.0 - restricted) == pytest.approx(stats.chi2.ppf(0.95, 1), abs=1e-6)


def test_quasi_separation_bounds_of_the_other_parameters_are_those_of_the_unseparated_cases() -> None:
    # z = 1 always has y = 1: beta_z runs off to +inf in every constrained refit, and the
    # supremum fits the z = 1 cases perfectly, so Intercept and x have the profile of the
    # z = 0 cases, whose refits statsmodels solves independently.
    rng = np.random.default_rng(shifted(1))
    n = 40
    frame = pd.DataFrame({"x": rng.normal(size=n), "z": (rng.random(n) < 0.3).astype(float)})
    frame["y"] = np.where(frame["z"] == 1, 1, rng.random(n) < 0.4).astype(int)
    with pytest.warns(SeparationWarning):
        result = LogitModel("y ~ x + z", frame).fit()
    ci, caught = _warnings_of(lambda: result.conf_int(method="profile"))
    assert [type(w.message) for w in caught] == [SeparationWarning]
    assert "'z' never reaches the 95% level above" in str(caught[0].message)
    assert ci.loc["z", "upper"] == np.inf and np.isfinite(ci.loc["z", "lower"])
    rest = frame[frame["z"] == 0]
    X = sm.add_constant(rest[["x"]].to_numpy())
    supremum = sm.GLM(rest["y"], X, family=sm.families.Binomial()).fit(tol=1e-14).llf
    for j, name in enumerate(("Intercept", "x")):
        for bound in ci.loc[name]:
            refit = sm.GLM(
                rest["y"], np.delete(X, j, axis=1), family=sm.families.Binomial(), offset=bound * X[:, j]
            ).fit(tol=1e-14, maxiter=200)
            assert 2 * (supremum - refit.llf) == pytest.approx(stats.chi2.ppf(0.95, 1), abs=1e-7)


def test_method_argument_and_shapes() -> None:
    record, frame = load_r_fixture("profile_polr_wine")
    result = OrdinalModel(record["formula"], frame).fit()
    assert result.ci_kind == "Wald"
    wald = result.conf_int(method="wald")
    pd.testing.assert_frame_equal(result.conf_int(), wald)
    z = stats.norm.ppf(0.975)
    np.testing.assert_allclose(wald["upper"], result.params + z * result.bse)
    for method in (None, "wald", "Wald", "profile"):
        frame_ = result.conf_int(level=0.8, method=method)
        assert list(frame_.columns) == ["lower", "upper"]
        assert list(frame_.index) == list(result.params.index)
    profile = result.conf_int(method="profile")
    assert np.all((profile["lower"] < result.params) & (result.params < profile["upper"]))
    for bad in ("likelihood", 1):
        with pytest.raises(ModelSpecError, match="method must be"):
            result.conf_int(method=bad)
    with pytest.raises(ValueError, match="level = 1.5"):
        result.conf_int(level=1.5, method="profile")
    robust = OrdinalModel(record["formula"], frame).fit(cov="HC1")
    with pytest.raises(ModelSpecError, match="cov='HC1'"):
        robust.conf_int(method="profile")


def test_firth_default_is_profile_and_wald_fits_can_still_profile() -> None:
    _, frame = load_r_fixture("brglm2_endometrial_AS_mean")
    profile_default = LogitModel("HG ~ NV + PI + EH", frame).fit(method="firth")
    wald_default = LogitModel("HG ~ NV + PI + EH", frame).fit(method="firth", ci="wald")
    assert (profile_default.ci_kind, wald_default.ci_kind) == ("profile", "Wald")
    pd.testing.assert_frame_equal(profile_default.conf_int(), wald_default.conf_int(method="profile"))
    pd.testing.assert_frame_equal(wald_default.conf_int(), profile_default.conf_int(method="wald"))
    ml = LogitModel("HG ~ PI + EH", frame).fit(ci="profile")
    assert ml.ci_kind == "profile"
    pd.testing.assert_frame_equal(ml.conf_int(), ml.conf_int(method="profile"))


@settings(max_examples=10)
@given(seed=st.integers(0, 2**32 - 1), scale=st.floats(0.01, 100.0))
def test_bounds_bracket_the_estimate_and_follow_a_rescaled_predictor(seed: int, scale: float) -> None:
    # Profile likelihood is invariant under reparameterisation: x -> scale * x maps the
    # coefficient's bounds to bounds / scale (by construction).
    rng = np.random.default_rng(seed)
    n = 60
    frame = pd.DataFrame({"x": rng.normal(size=n)})
    frame["y"] = (rng.random(n) < special.expit(-0.2 + 0.7 * frame["x"])).astype(int)
    frame["xs"] = frame["x"] * scale
    base = LogitModel("y ~ x", frame).fit()
    rescaled = LogitModel("y ~ xs", frame).fit()
    ci = base.conf_int(method="profile")
    assert np.all((ci["lower"] < base.params) & (base.params < ci["upper"]))
    np.testing.assert_allclose(rescaled.conf_int(method="profile").loc["xs"], ci.loc["x"] / scale, rtol=1e-7)
