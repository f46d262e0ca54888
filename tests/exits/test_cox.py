"""Cox PH against R survival::coxph (fixtures from make_exits_fixtures.R) and statsmodels PHReg."""

from __future__ import annotations

import json
import pickle
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from careerrep.errors import ConvergenceWarning, ModelSpecError
from careerrep.exits import CoxModel
from tests.exits.fixtures import dataset, fixture

LIFELINES = Path(__file__).resolve().parents[1] / "fixtures" / "lifelines"
LUNG = "dead ~ age + sex + ph.ecog"
HEART = "event ~ age + year + surgery + transplant"

# (fixture, model factory, fit keywords): each R call is in the fixture's "call".
CASES = [
    ("coxph_lung_efron", lambda: CoxModel(LUNG, dataset("lung"), stop="time"), {}),
    ("coxph_lung_breslow", lambda: CoxModel(LUNG, dataset("lung"), stop="time", ties="breslow"), {}),
    (
        "coxph_lung_cluster_inst",
        lambda: CoxModel(LUNG, dataset("lung"), stop="time"),
        {"cov": "cluster", "groups": "inst"},
    ),
    (
        "coxph_lung_robust",
        lambda: CoxModel(LUNG, dataset("lung"), stop="time", ties="breslow"),
        {"cov": "robust"},
    ),
    ("coxph_heart_efron", lambda: CoxModel(HEART, dataset("heart"), start="start", stop="stop"), {}),
    (
        "coxph_heart_breslow_cluster",
        lambda: CoxModel(HEART, dataset("heart"), start="start", stop="stop", ties="breslow"),
        {"cov": "cluster", "groups": "id"},
    ),
    (
        "coxph_heart_efron_cluster",
        lambda: CoxModel(HEART, dataset("heart"), start="start", stop="stop"),
        {"cov": "cluster", "groups": "id"},
    ),
    (
        "coxph_veteran_strata",
        lambda: CoxModel("status ~ trt + karno + age", dataset("veteran"), stop="time", strata="celltype"),
        {},
    ),
    (
        "coxph_cgd_cluster",
        lambda: CoxModel(
            "status ~ treat + age + inherit + steroids",
            # R's factor levels: reference "autosomal" (sorted order would pick "X-linked").
            dataset("cgd").assign(inherit=lambda d: pd.Categorical(d["inherit"], ["autosomal", "X-linked"])),
            start="tstart",
            stop="tstop",
        ),
        {"cov": "cluster", "groups": "id"},
    ),
    (
        "coxph_cgd_strata_cluster_breslow",
        lambda: CoxModel(
            "status ~ treat + age",
            dataset("cgd"),
            start="tstart",
            stop="tstop",
            strata="hos.cat",
            ties="breslow",
        ),
        {"cov": "cluster", "groups": "id"},
    ),
]


@pytest.mark.parametrize(("name", "build", "kwargs"), CASES, ids=[c[0] for c in CASES])
def test_cox_matches_survival_coxph(name: str, build, kwargs) -> None:
    expected = fixture(name)
    result = build().fit(**kwargs)
    np.testing.assert_allclose(result.params.to_numpy(), list(expected["coef"].values()), rtol=0, atol=1e-6)
    np.testing.assert_allclose(result.bse.to_numpy(), expected["se"], rtol=0, atol=1e-5)
    if expected["naive_se"] is not None:
        naive = np.sqrt(np.diag(result.naive_cov.to_numpy()))
        np.testing.assert_allclose(naive, expected["naive_se"], rtol=0, atol=1e-5)
    np.testing.assert_allclose([result.loglik_null, result.loglik], expected["loglik"], rtol=1e-10)
    assert (result.nobs, result.n_events) == (expected["n"], expected["nevent"])
    assert result.converged


def test_cox_baseline_hazard_matches_basehaz() -> None:
    expected = fixture("basehaz_lung_efron")  # basehaz(fit, centered = FALSE)
    result = CoxModel(LUNG, dataset("lung"), stop="time").fit()
    times = np.asarray(expected["time"])
    at = np.searchsorted(times, result.baseline["time"].to_numpy())
    np.testing.assert_allclose(
        np.cumsum(result.baseline["hazard"]), np.asarray(expected["hazard"])[at], rtol=1e-9
    )
    curve = result.cumulative_hazard({"age": 0.0, "sex": 0.0, "ph.ecog": 0.0})
    np.testing.assert_allclose(curve["cumulative_hazard"], np.asarray(expected["hazard"])[at], rtol=1e-9)


@pytest.mark.parametrize("ties", ["efron", "breslow"])
def test_cox_agrees_with_statsmodels_phreg(ties: str) -> None:
    from statsmodels.duration.hazard_regression import PHReg

    heart = dataset("heart")
    ours = CoxModel(HEART, heart, start="start", stop="stop", ties=ties).fit()
    X = heart[["age", "year", "surgery", "transplant"]].to_numpy(float)
    # PHReg counts a row as at risk at its own entry time (entry <= t); R and careerrep use
    # start < t. heart has events at other rows' start times, so entries move by 1e-6 days.
    peer = PHReg(heart["stop"], X, status=heart["event"], entry=heart["start"] + 1e-6, ties=ties).fit()
    np.testing.assert_allclose(ours.params.to_numpy(), peer.params, atol=1e-6)
    np.testing.assert_allclose(ours.bse.to_numpy(), peer.bse, atol=1e-5)


def test_cox_strata_agree_with_statsmodels_phreg() -> None:
    from statsmodels.duration.hazard_regression import PHReg

    vet = dataset("veteran")
    ours = CoxModel("status ~ trt + karno + age", vet, stop="time", strata="celltype").fit()
    X = vet[["trt", "karno", "age"]].to_numpy(float)
    peer = PHReg(vet["time"], X, status=vet["status"], strata=vet["celltype"], ties="efron").fit()
    np.testing.assert_allclose(ours.params.to_numpy(), peer.params, atol=1e-6)


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), shift=st.floats(-50, 50), scale=st.floats(0.5, 20))
def test_cox_estimates_are_invariant_to_time_rescaling_and_covariate_shift(
    seed: int, shift: float, scale: float
) -> None:
    """Only the order of times matters, and a shifted covariate keeps its coefficient."""
    rng = np.random.default_rng(seed)
    n = 60
    frame = pd.DataFrame({"x": rng.normal(size=n), "z": rng.binomial(1, 0.5, n)})
    frame["time"] = np.ceil(rng.exponential(10 * np.exp(-0.5 * frame["x"])))  # integer days: ties
    frame["dead"] = rng.binomial(1, 0.8, n)
    frame.loc[0, "dead"] = 1
    base = CoxModel("dead ~ x + z", frame, stop="time").fit()
    moved = frame.assign(time=frame["time"] * scale, x=frame["x"] + shift)
    other = CoxModel("dead ~ x + z", moved, stop="time").fit()
    np.testing.assert_allclose(other.params, base.params, atol=1e-7)
    np.testing.assert_allclose(other.bse, base.bse, atol=1e-7)
    assert other.loglik == pytest.approx(base.loglik, rel=1e-10)


def test_splitting_rows_at_a_time_changes_nothing() -> None:
    """A time-fixed spell cut into (0, s] and (s, t] rows has the same partial likelihood."""
    lung = dataset("lung")
    cut = 200.0
    long = lung[lung["time"] > cut]
    first = long.assign(start=0.0, stop=cut, dead=0)
    second = long.assign(start=cut, stop=long["time"])
    short = lung[lung["time"] <= cut].assign(start=0.0, stop=lambda d: d["time"])
    split = pd.concat([short, first, second], ignore_index=True)
    whole = CoxModel(LUNG, lung, stop="time").fit()
    parts = CoxModel(LUNG, split, start="start", stop="stop").fit()
    np.testing.assert_allclose(parts.params, whole.params, atol=1e-10)
    np.testing.assert_allclose(parts.naive_cov, whole.naive_cov, atol=1e-12)


def test_cox_result_pickles_and_reports_hazard_ratios() -> None:
    result = CoxModel(LUNG, dataset("lung"), stop="time").fit()
    again = pickle.loads(pickle.dumps(result))
    pd.testing.assert_series_equal(again.params, result.params)
    frame = result.summary_frame()
    np.testing.assert_allclose(frame["hazard_ratio"], np.exp(result.params))
    assert (frame["hr_lower"] < frame["hazard_ratio"]).all() and (
        frame["hazard_ratio"] < frame["hr_upper"]
    ).all()
    assert "Cox proportional hazards" in result.summary()


def test_cox_bad_input_is_refused_by_name() -> None:
    lung = dataset("lung")
    with pytest.raises(ModelSpecError, match="stop = 0 is not after start = 5"):
        CoxModel(
            LUNG,
            lung.assign(start=5.0, time=lambda d: np.where(d.index == 0, 0.0, d["time"] + 5)),
            start="start",
            stop="time",
        )
    with pytest.raises(ModelSpecError, match="event column 'status' must be 0/1"):
        CoxModel("status ~ age", lung, stop="time")
    with pytest.raises(ModelSpecError, match="ties must be one of"):
        CoxModel(LUNG, lung, stop="time", ties="exact")
    with pytest.raises(ModelSpecError, match="cov='cluster' needs groups"):
        CoxModel(LUNG, lung, stop="time").fit(cov="cluster")
    with pytest.raises(ModelSpecError, match="no events"):
        CoxModel(LUNG, lung.assign(dead=0), stop="time").fit()


def test_monotone_likelihood_warns_with_numbers() -> None:
    frame = pd.DataFrame(
        {"time": [1.0, 2, 3, 4, 5, 6], "dead": [1, 1, 1, 0, 0, 0], "x": [3.0, 2, 1, 0, -1, -2]}
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        CoxModel("dead ~ x", frame, stop="time").fit(max_iter=10)
    assert any(issubclass(w.category, ConvergenceWarning) and "max |score|" in str(w.message) for w in caught)


def test_cox_agrees_with_lifelines_cox_time_varying_fitter() -> None:
    """lifelines 0.30.3 in its own venv (tests/fixtures/lifelines/make_lifelines_fixture.py), Efron ties."""
    expected = json.loads((LIFELINES / "coxtv_heart.json").read_text(encoding="utf-8"))
    result = CoxModel(HEART, dataset("heart"), start="start", stop="stop").fit()
    np.testing.assert_allclose(result.params.to_numpy(), list(expected["coef"].values()), atol=1e-6)
    np.testing.assert_allclose(result.bse.to_numpy(), list(expected["se"].values()), atol=1e-6)
    assert result.loglik == pytest.approx(expected["loglik"], rel=1e-8)
