"""Invariants, covariance plumbing and bad input for CumulativeModel / SequentialModel / AdjacentModel."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from careerrep.errors import ModelSpecError, ThresholdCrossingWarning
from careerrep.models import AdjacentModel, CumulativeModel, OrdinalModel, SequentialModel
from careerrep.models.adjacent import ADJACENT
from careerrep.models.cumulative_general import CUMULATIVE
from careerrep.models.links import get_link
from careerrep.models.sequential import FAMILIES
from careerrep.models.threshold_likelihood import SplitData, split_derivatives

LABELS = ["fired", "resigned", "retained", "promoted"]


def _frame(n: int, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    x1, x2 = rng.normal(size=n), rng.normal(size=n)
    group = rng.choice(["a", "b", "c"], size=n)
    latent = 0.8 * x1 - 0.5 * x2 + (group == "b") * 0.7 + rng.logistic(size=n)
    codes = np.digitize(latent, [-1.0, 0.2, 1.3])
    return pd.DataFrame(
        {
            "outcome": pd.Categorical.from_codes(codes, categories=LABELS, ordered=True),
            "x1": x1,
            "x2": x2,
            "group": group,
            "person": rng.integers(0, 40, size=n),
        }
    )


FAMILY_CASES = [
    (CUMULATIVE, "logit", True),
    (CUMULATIVE, "probit", True),
    (CUMULATIVE, "cloglog", True),
    (FAMILIES["cratio"], "logit", False),
    (FAMILIES["cratio"], "cloglog", False),
    (FAMILIES["sratio"], "probit", False),
    (ADJACENT, "logit", False),
]


@pytest.mark.parametrize(("family", "link", "scale"), FAMILY_CASES)
@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 2**31 - 1))
def test_analytic_derivatives_match_finite_differences(family, link, scale, seed):
    rng = np.random.default_rng(seed)
    n = 40
    X = rng.normal(size=(n, 2))
    N = rng.normal(size=(n, 1))
    Z = rng.normal(size=(n, 1)) if scale else np.zeros((n, 0))
    data = SplitData(X, np.c_[np.ones(n), N], Z, rng.integers(0, 4, size=n), rng.uniform(0.5, 2.0, n), 4)
    k = data.n_params
    params = np.zeros(k)
    p, r = 2, Z.shape[1]
    params[:p] = rng.normal(0, 0.3, p)
    params[p : p + r] = rng.normal(0, 0.15, r)  # scale factors within ~exp(+-0.5): realistic
    params[p + r : p + r + 3] = [-1.2, 0.0, 1.2]
    params[p + r + 3 :] = rng.normal(0, 0.05, 3)  # small nominal effects: no crossing
    lk = get_link(link)
    d, scores = split_derivatives(data, params, family, lk, scores=True)
    assert np.isfinite(d.loglik) and scores is not None
    eps = 1e-5  # central differences: truncation ~eps^2, rounding ~1e-16 |g| / eps
    grads = [split_derivatives(data, params + eps * e, family, lk)[0] for e in np.eye(k)]
    grads_m = [split_derivatives(data, params - eps * e, family, lk)[0] for e in np.eye(k)]
    num_g = np.array([(a.loglik - b.loglik) / (2 * eps) for a, b in zip(grads, grads_m, strict=True)])
    num_h = np.array([(a.gradient - b.gradient) / (2 * eps) for a, b in zip(grads, grads_m, strict=True)])
    # Seeds 0-199 x these 7 cases: worst gradient error 0.4% of its tolerance, worst Hessian error 0.7%.
    np.testing.assert_allclose(d.gradient, num_g, atol=1e-5, rtol=1e-6)
    np.testing.assert_allclose(d.hessian, num_h, atol=3e-5, rtol=3e-5)
    np.testing.assert_allclose(scores.T @ data.w, d.gradient, atol=1e-10)


@pytest.mark.parametrize(("family", "link"), [(f, lk) for f, lk, _ in FAMILY_CASES[3:]])
@settings(max_examples=25, deadline=None)
@given(eta=st.lists(st.floats(-30, 30), min_size=3, max_size=3))
def test_sequential_and_adjacent_probabilities_are_valid_everywhere(family, link, eta):
    probs = family.probabilities(np.array([eta]), get_link(link))
    assert np.all(probs >= 0) and np.all(probs <= 1)
    assert probs.sum() == pytest.approx(1.0, abs=1e-12)


def test_without_extra_terms_the_cumulative_model_is_ordinal_model() -> None:
    # OrdinalModel is checked against R polr/clm and sandwich (tests/models/test_ordinal.py).
    frame = _frame(300, 1)
    for cov in ("nonrobust", "HC0", "HC1", "cluster"):
        groups = frame["person"] if cov == "cluster" else None
        a = OrdinalModel("outcome ~ x1 + x2 + group", frame).fit(cov=cov, groups=groups)
        b = CumulativeModel("outcome ~ x1 + x2 + group", frame).fit(cov=cov, groups=groups)
        np.testing.assert_allclose(b.params, a.params, rtol=1e-9)
        np.testing.assert_allclose(b.cov.to_numpy(), a.cov.to_numpy(), rtol=1e-7)
        assert b.loglik == pytest.approx(a.loglik, abs=1e-9)


@pytest.mark.parametrize(
    "make",
    [
        lambda f, w: CumulativeModel("outcome ~ x1", f, nominal="~ group", scale="~ x2", weights=w),
        lambda f, w: SequentialModel(
            "outcome ~ x1", f, kind="sratio", link="probit", nominal="~ x2", weights=w
        ),
        lambda f, w: AdjacentModel("outcome ~ x1 + x2", f, nominal="~ group", weights=w),
    ],
)
def test_frequency_weights_equal_duplicated_rows(make) -> None:
    frame = _frame(150, 2)
    doubled = pd.concat([frame, frame], ignore_index=True)
    weighted = make(frame, np.full(len(frame), 2.0)).fit(cov="HC0")
    duplicated = make(doubled, None).fit(cov="HC0")
    np.testing.assert_allclose(weighted.params, duplicated.params, rtol=1e-8)
    np.testing.assert_allclose(weighted.cov.to_numpy(), duplicated.cov.to_numpy(), rtol=1e-6, atol=1e-12)
    assert weighted.nobs == duplicated.nobs == 300


def test_cluster_covariance_and_profile_intervals_are_available() -> None:
    frame = _frame(300, 3)
    model = SequentialModel("outcome ~ x1", frame, nominal="~ x2")
    clustered = model.fit(cov="cluster", groups=frame["person"])
    plain = model.fit()
    assert clustered.cov_type == "cluster"
    assert not np.allclose(clustered.bse, plain.bse)
    wald = plain.conf_int(method="wald")
    profile = plain.conf_int(method="profile")
    # profile and Wald bounds agree to O(1/n) on a smooth likelihood, not exactly
    np.testing.assert_allclose(profile.to_numpy(), wald.to_numpy(), atol=0.15)
    assert not np.allclose(profile.to_numpy(), wald.to_numpy(), atol=1e-6)


def test_crossing_nominal_effects_warn_on_data_and_refuse_to_predict() -> None:
    frame = _frame(400, 4)
    model = CumulativeModel("outcome ~ x2", frame, nominal="~ x1")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ThresholdCrossingWarning)  # may or may not cross on the data
        result = model.fit()
    spread = result.params.filter(like=".x1").to_numpy()
    assert np.ptp(spread) > 0  # non-parallel slopes: far enough out, the thresholds cross
    extreme = pd.DataFrame({"x1": [0.0, 80.0, -80.0], "x2": [0.0, 0.0, 0.0]}, index=["ok", "far", "far2"])
    with pytest.raises(ModelSpecError, match=r"cross for 2 rows.*'far', 'far2'"):
        result.predict(extreme)
    ok = result.predict(extreme.loc[["ok"]])
    assert (ok.to_numpy() >= 0).all()


def test_fit_warns_with_the_rows_when_the_estimate_crosses() -> None:
    rng = np.random.default_rng(5)
    n = 500
    x = np.r_[rng.normal(size=n - 3), [25.0, 30.0, 28.0]]
    latent = np.where(x > 3, 0.0, x) + rng.logistic(size=n)
    codes = np.digitize(latent, [-1.0, 0.0, 1.0])
    codes[-3:] = [0, 0, 0]
    frame = pd.DataFrame({"outcome": pd.Categorical.from_codes(codes, LABELS, ordered=True), "x": x})
    frame["z"] = rng.normal(size=n)
    with pytest.warns(ThresholdCrossingWarning, match=r"cross for \d+ data rows \(e\.g\. \["):
        CumulativeModel("outcome ~ z", frame, nominal="~ x").fit()


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda f: CumulativeModel("outcome ~ x1", f, nominal="~ tenure"), r"nominal term 'tenure'"),
        (lambda f: CumulativeModel("outcome ~ x1", f, scale="~ x1 + spread"), r"scale term 'spread'"),
        (lambda f: SequentialModel("outcome ~ x1", f, nominal="~ wrong"), r"nominal term 'wrong'"),
        (lambda f: AdjacentModel("outcome ~ x1", f, nominal="~ x2 + absent"), r"nominal term 'absent'"),
        (
            lambda f: SequentialModel("outcome ~ x1", f, kind="sratio", nominal="~ absent"),
            r"nominal term 'absent'",
        ),
        (lambda f: CumulativeModel("outcome ~ x1 + x2", f, nominal="~ x2"), r"nominal term 'x2' is also in"),
        (lambda f: AdjacentModel("outcome ~ x1", f, link="cauchit"), r"link='cauchit' is not supported"),
        (lambda f: CumulativeModel("outcome ~ x1", f, link="loglog"), r"link='loglog' is not supported"),
        (lambda f: SequentialModel("outcome ~ x1", f, kind="acat"), r"kind must be one of"),
        (lambda f: SequentialModel("outcome ~ x1", f, link="cauchit"), r"link='cauchit' is not supported"),
        (lambda f: CumulativeModel("outcome ~ x1", f, nominal="y ~ x2"), r"one-sided"),
        (
            lambda f: CumulativeModel("outcome ~ x1", f, scale="~ x2 + I(2 * x2)"),
            r"scale term 'I\(2 \* x2\)'",
        ),
    ],
)
def test_bad_specifications_name_the_term(make, message) -> None:
    with pytest.raises(ModelSpecError, match=message):
        make(_frame(60, 6))


@pytest.mark.parametrize(
    ("make", "family"),
    [
        (lambda f: SequentialModel("outcome ~ x1", f, kind="cratio"), "sequential"),
        (lambda f: SequentialModel("outcome ~ x1", f, kind="sratio", link="cloglog"), "sequential"),
        (lambda f: AdjacentModel("outcome ~ x1", f, link="probit"), "adjacent"),
        (lambda f: CumulativeModel("outcome ~ x1", f, nominal="~ x2"), "cumulative"),
    ],
)
def test_unordered_outcome_is_refused_naming_the_family(make, family: str) -> None:
    frame = _frame(60, 7)
    frame["outcome"] = frame["outcome"].astype(str)
    with pytest.raises(ModelSpecError, match=rf"the {family} model needs an ordered outcome.*'outcome'"):
        make(frame)


@pytest.mark.parametrize(
    "make",
    [
        lambda f: CumulativeModel("outcome ~ x1", f, link="probit", nominal="~ group", scale="~ x2"),
        lambda f: SequentialModel("outcome ~ x1 + x2", f, kind="cratio", link="cloglog", nominal="~ group"),
        lambda f: AdjacentModel("outcome ~ x1", f, nominal="~ x2"),
    ],
)
@settings(max_examples=5, deadline=None)
@given(seed=st.integers(0, 2**31 - 1))
def test_row_order_does_not_change_the_fit(make, seed) -> None:
    frame = _frame(200, 9)
    shuffled = frame.sample(frac=1.0, random_state=np.random.default_rng(seed))
    a, b = make(frame).fit(cov="HC1"), make(shuffled).fit(cov="HC1")
    np.testing.assert_allclose(a.params, b.params, rtol=1e-8, atol=1e-10)
    np.testing.assert_allclose(a.cov.to_numpy(), b.cov.to_numpy(), rtol=1e-6, atol=1e-12)
    probs = b.predict(frame)
    np.testing.assert_allclose(probs.to_numpy(), a.predict(frame).to_numpy(), atol=1e-9)
    np.testing.assert_allclose(probs.sum(axis=1), 1.0, atol=1e-12)
    assert (probs.to_numpy() >= 0).all()


def test_summary_names_the_specification_and_convention() -> None:
    frame = _frame(200, 10)
    text = CumulativeModel("outcome ~ x1", frame, nominal="~ group", scale="~ x2").fit().summary()
    assert "nominal = ~ group" in text and "scale = ~ x2" in text
    assert "fired|resigned.group[T.b]" in text and "scale:x2" in text
    text = SequentialModel("outcome ~ x1", frame, kind="sratio").fit().summary()
    assert "P(Y = j | Y >= j)" in text and "VGAM sratio" in text


def test_results_pickle_with_their_profile_intervals() -> None:
    import pickle

    frame = _frame(200, 11)
    result = CumulativeModel("outcome ~ x1", frame, nominal="~ group", scale="~ x2").fit()
    restored = pickle.loads(pickle.dumps(result))
    np.testing.assert_array_equal(restored.params, result.params)
    np.testing.assert_allclose(
        restored.conf_int(method="profile").to_numpy(), result.conf_int(method="profile").to_numpy()
    )
    np.testing.assert_allclose(restored.predict(frame.head()), result.predict(frame.head()))


def test_the_model_keeps_its_own_copy_of_the_data() -> None:
    frame = _frame(200, 12)
    model = SequentialModel("outcome ~ x1", frame, nominal="~ x2")
    persons = frame["person"].to_numpy()
    before = model.fit(cov="cluster", groups=persons)
    frame["x1"] *= 10  # the caller's frame changes; the model's copy does not
    frame["x2"] = 0.0
    after = model.fit(cov="cluster", groups=persons)
    np.testing.assert_allclose(after.params, before.params)
    np.testing.assert_allclose(after.bse, before.bse)
    assert set(model.data.columns) == {"outcome", "x1", "x2"}  # only what the model uses


def test_marginal_effects_equal_the_ordinal_models_without_extra_terms() -> None:
    # careerrep.effects.marginal_effects of OrdinalModel is the reference (analytic slopes).
    from careerrep.effects import marginal_effects
    from careerrep.models import split_marginal_effects

    frame = _frame(400, 13)
    ours = split_marginal_effects(CumulativeModel("outcome ~ x1 + x2 + group", frame).fit())
    ref = marginal_effects(OrdinalModel("outcome ~ x1 + x2 + group", frame).fit())
    keys = ["term", "outcome", "contrast"]
    merged = ours.merge(ref, on=keys, suffixes=("", "_ref"))
    assert len(merged) == len(ref) == 16
    assert list(ours.columns) == list(ref.columns)
    np.testing.assert_allclose(merged["estimate"], merged["estimate_ref"], rtol=1e-6, atol=1e-9)
    np.testing.assert_allclose(merged["std_error"], merged["std_error_ref"], rtol=1e-4)


def test_marginal_effects_of_a_variable_in_every_part_sum_to_zero_over_outcomes() -> None:
    from careerrep.models import split_marginal_effects

    frame = _frame(300, 14)
    result = CumulativeModel("outcome ~ x1 + x2", frame, nominal="~ group", scale="~ x2").fit()
    effects = split_marginal_effects(result)
    assert set(effects["term"]) == {"x1", "x2", "group"}
    sums = effects.groupby(["term", "contrast"])["estimate"].sum()
    np.testing.assert_allclose(sums, 0.0, atol=1e-10)
    # x2 acts through location and scale: its effect is the derivative through both.
    x2 = effects[effects["term"] == "x2"].set_index("outcome")["estimate"]
    step = 1e-3
    up, down = frame.copy(), frame.copy()
    up["x2"] += step
    down["x2"] -= step
    numeric = (result.predict(up).mean() - result.predict(down).mean()) / (2 * step)
    np.testing.assert_allclose(x2[numeric.index], numeric, atol=1e-6)
    with pytest.raises(ModelSpecError, match=r"variables \['tenure'\] are not used"):
        split_marginal_effects(result, variables=["tenure"])
    with pytest.raises(ModelSpecError, match="needs a CumulativeModel"):
        split_marginal_effects(OrdinalModel("outcome ~ x1", frame).fit())


@settings(max_examples=30, deadline=None)
@given(
    # "v_" keeps clear of Python keywords and names formulaic resolves itself (np, ...)
    name=st.from_regex(r"v_[a-z0-9_]{0,8}", fullmatch=True),
    role=st.sampled_from(["nominal", "scale"]),
)
def test_any_unknown_term_is_refused_naming_it(name: str, role: str) -> None:
    frame = _frame(40, 15)
    with pytest.raises(ModelSpecError, match=rf"{role} term '{name}'"):
        CumulativeModel("outcome ~ x1", frame, **{role: f"~ x2 + {name}"})


def test_predict_refuses_new_data_without_the_nominal_or_scale_columns() -> None:
    frame = _frame(200, 16)
    result = CumulativeModel("outcome ~ x1", frame, nominal="~ group", scale="~ x2").fit()
    with pytest.raises(ModelSpecError, match=r"lack the nominal column\(s\) \['group'\]"):
        result.predict(frame[["x1", "x2"]])
    with pytest.raises(ModelSpecError, match=r"lack the scale column\(s\) \['x2'\]"):
        result.predict(frame[["x1", "group"]])
    gap = frame.copy()
    gap.loc[gap.index[0], "x2"] = np.nan
    with pytest.raises(ModelSpecError, match="cannot build the scale columns"):
        result.predict(gap)


def test_the_split_model_base_declares_what_each_family_must_provide() -> None:
    from careerrep.models.threshold_model import SplitModel

    assert SplitModel.__abstractmethods__ == {"describe", "split_family"}
    with pytest.raises(TypeError, match="abstract"):
        SplitModel()  # type: ignore[abstract]
    for family_model in (CumulativeModel, SequentialModel, AdjacentModel):
        assert not family_model.__abstractmethods__
