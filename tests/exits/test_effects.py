"""Hazard ratios and cumulative incidence (factual and counterfactual) from time-to-exit fits."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from careerrep.errors import ModelSpecError
from careerrep.exits import (
    CompetingHazardModel,
    CoxModel,
    DiscreteHazardModel,
    ExitScale,
    SpellTable,
    aalen_johansen,
    cumulative_incidence,
    hazard_ratios,
    incidence_difference,
    person_periods,
)
from tests.exits.fixtures import dataset, fixture


def test_cox_hazard_ratios_are_survival_summary_intervals() -> None:
    expected = fixture("coxph_lung_efron")  # R: summary(fit)$conf.int = exp(coef -/+ qnorm(.975) se)
    ratios = hazard_ratios(CoxModel("dead ~ age + sex + ph.ecog", dataset("lung"), stop="time").fit())
    coef, se = np.array(list(expected["coef"].values())), np.array(expected["se"])
    np.testing.assert_allclose(ratios["hazard_ratio"], np.exp(coef), rtol=1e-6)
    np.testing.assert_allclose(ratios["lower"], np.exp(coef - 1.959963984540054 * se), rtol=1e-5)
    np.testing.assert_allclose(ratios["upper"], np.exp(coef + 1.959963984540054 * se), rtol=1e-5)


def test_logit_fits_have_no_hazard_ratios() -> None:
    fit = DiscreteHazardModel("event ~ age", dataset("pp_mgus2")).fit()
    with pytest.raises(ModelSpecError, match="odds ratios of the period hazard"):
        hazard_ratios(fit)
    cloglog = DiscreteHazardModel("event ~ age", dataset("pp_mgus2"), link="cloglog").fit()
    assert list(hazard_ratios(cloglog).index) == ["age"]


def competing_spells(seed: int, n: int = 3000) -> pd.DataFrame:
    """Spells of 1..6 months with two exit types; every month has exits of both kinds."""
    rng = np.random.default_rng(seed)
    months = rng.integers(1, 7, n)
    exits = rng.choice(["fired", "resigned", "censored"], n, p=[0.35, 0.35, 0.3])
    start = pd.Timestamp("2010-01-01")
    return pd.DataFrame(
        {
            "case_id": [f"s{i}" for i in range(n)],
            "official": [f"o{i}" for i in range(n)],
            "start": start,
            "end": start + pd.to_timedelta(months * 30, unit="D"),
            "exit": exits,
            "months": months,
        }
    )


def test_saturated_competing_model_reproduces_aalen_johansen() -> None:
    """With one hazard per period, discrete-time cumulative incidence is the Aalen–Johansen estimate."""
    frame = competing_spells(seed=3)
    spells = SpellTable.from_frame(frame, ExitScale(("fired", "resigned")))
    rows = person_periods(spells, period_days=30)
    fit = CompetingHazardModel("exit_type ~ C(period)", rows, exits=("fired", "resigned")).fit()
    curve = cumulative_incidence(
        fit, rows[rows["case_id"] == "s0"].head(1).pipe(_extend, 6), draws=200, seed=1
    )
    aj = aalen_johansen(frame, stop="months", exit="exit")
    for exit_type in ("fired", "resigned"):
        ours = curve[curve["exit"] == exit_type]["estimate"].to_numpy()
        theirs = aj[aj["state"] == exit_type]["probability"].to_numpy()
        np.testing.assert_allclose(ours, theirs, atol=1e-7)


def _extend(first: pd.DataFrame, periods: int) -> pd.DataFrame:
    """One hypothetical spell followed for ``periods`` periods."""
    return pd.concat([first.assign(period=p) for p in range(1, periods + 1)], ignore_index=True)


def test_model_hazards_rebuilt_from_the_formula_equal_the_families_predictions() -> None:
    """HazardFit.hazard (formulaic spec + link) = the careerrep family's own predict()."""
    rows = dataset("pp_mgus2")
    head = rows.head(40)
    for model, column in (
        (DiscreteHazardModel("event ~ C(period_group) + age + male", rows, link="cloglog"), "1"),
        (DiscreteHazardModel("event ~ C(period_group) + age + male", rows), "1"),
        (
            CompetingHazardModel("exit_type ~ C(period_group) + age + male", rows, exits=("pcm", "death")),
            None,
        ),
    ):
        ours = model.fit().hazard(head)
        family = model.model.fit().predict(head)
        expected = family[["pcm", "death"]] if column is None else family[[column]]
        np.testing.assert_allclose(ours.to_numpy(), expected.to_numpy(), rtol=1e-10)


def test_counterfactual_difference_is_zero_for_identical_rows_and_signed_otherwise() -> None:
    rows = dataset("pp_mgus2")
    fit = CompetingHazardModel("exit_type ~ C(period_group) + age + male", rows, exits=("pcm", "death")).fit()
    profile = _extend(rows.head(1), 10).assign(period_group=lambda d: d["period"])
    same = incidence_difference(fit, profile, profile, draws=300, seed=5)
    assert (same[["estimate", "lower", "upper"]].abs().to_numpy() < 1e-15).all()
    older = incidence_difference(fit, profile, profile.assign(age=profile["age"] + 10), draws=300, seed=5)
    death = older[older["exit"] == "death"]
    assert (death["estimate"] > 0).all() and (death["lower"] > 0).all()  # age raises the death hazard a lot
    factual = cumulative_incidence(fit, profile, draws=300, seed=5)
    assert ((factual["lower"] <= factual["estimate"]) & (factual["estimate"] <= factual["upper"])).all()
    totals = factual.groupby("period")["estimate"].sum().to_numpy()
    assert np.all(np.diff(totals) >= 0) and totals[-1] < 1


def test_incidence_needs_complete_periods() -> None:
    rows = dataset("pp_mgus2")
    fit = DiscreteHazardModel("event ~ age", rows).fit()
    with pytest.raises(ModelSpecError, match="without gaps"):
        cumulative_incidence(fit, rows.head(3).assign(period=[1, 3, 4]), draws=200)
    with pytest.raises(ModelSpecError, match="draws must be at least 100"):
        cumulative_incidence(fit, rows.head(3), draws=10)


def test_results_are_picklable_plain_data() -> None:
    import pickle

    from careerrep.exits import FineGrayModel

    rows = dataset("pp_mgus2")
    hazard = CompetingHazardModel("exit_type ~ age + male", rows, exits=("pcm", "death")).fit()
    again = pickle.loads(pickle.dumps(hazard))
    pd.testing.assert_series_equal(again.params, hazard.params)
    np.testing.assert_allclose(again.hazard(rows.head(3)), hazard.hazard(rows.head(3)))
    mgus2 = dataset("mgus2").assign(state=lambda d: d["event"].map({0: "censored", 1: "pcm", 2: "death"}))
    fine_gray = FineGrayModel("state ~ age + male", mgus2, stop="etime", cause="pcm").fit()
    restored = pickle.loads(pickle.dumps(fine_gray))
    pd.testing.assert_frame_equal(
        restored.cumulative_incidence({"age": 60, "male": 0}),
        fine_gray.cumulative_incidence({"age": 60, "male": 0}),
    )
