"""exits/ takes ``level=`` (the interval probability); the old ``alpha=`` warns, naming the level to pass."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from careerrep.errors import ModelSpecError
from careerrep.exits import (
    CompetingHazardModel,
    CoxModel,
    DiscreteHazardModel,
    SpellScenario,
    aalen_johansen,
    cumulative_incidence,
    hazard_ratios,
    incidence_difference,
    kaplan_meier,
    spell_study,
)
from tests.exits.fixtures import dataset, fixture
from tests.seeds import shifted

Z_90 = 1.6448536269514722  # qnorm(0.95), R


@pytest.fixture(scope="module")
def cox():  # type: ignore[no-untyped-def]
    return CoxModel("dead ~ age + sex + ph.ecog", dataset("lung"), stop="time").fit()


def test_cox_level_matches_survival_and_alpha_warns(cox) -> None:  # type: ignore[no-untyped-def]
    expected = fixture("coxph_lung_efron")  # R survival::coxph, see the fixture's "call"
    coef, se = np.array(list(expected["coef"].values())), np.array(expected["se"])
    ci = cox.conf_int(level=0.9)
    np.testing.assert_allclose(ci["lower"], coef - Z_90 * se, rtol=1e-5)
    np.testing.assert_allclose(ci["upper"], coef + Z_90 * se, rtol=1e-5)
    with pytest.warns(
        FutureWarning, match=r"CoxResult.conf_int: alpha=0.1 is deprecated.*level=0.9"
    ) as caught:
        old = cox.conf_int(alpha=0.1)
    assert caught[0].filename == __file__  # the warning points at the caller's line
    pd.testing.assert_frame_equal(old, ci)
    with pytest.warns(FutureWarning, match=r"CoxResult.summary_frame: alpha=0.1.*level=0.9"):
        pd.testing.assert_frame_equal(cox.summary_frame(0.1), cox.summary_frame(level=0.9))
    with pytest.warns(FutureWarning, match=r"CoxResult.summary: alpha=0.1"):
        assert cox.summary(alpha=0.1) == cox.summary(level=0.9)
    with pytest.warns(FutureWarning, match=r"hazard_ratios: alpha=0.1.*level=0.9"):
        pd.testing.assert_frame_equal(hazard_ratios(cox, alpha=0.1), hazard_ratios(cox, level=0.9))
    np.testing.assert_allclose(hazard_ratios(cox, level=0.9)["lower"], np.exp(coef - Z_90 * se), rtol=1e-5)


def test_the_new_name_does_not_warn_and_bad_values_are_refused(cox) -> None:  # type: ignore[no-untyped-def]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        default = cox.conf_int()
        cox.summary()
    pd.testing.assert_frame_equal(default, cox.conf_int(level=0.95))
    with pytest.raises(ModelSpecError, match="not both"):
        cox.conf_int(0.1, level=0.9)
    with pytest.raises(ModelSpecError, match="level = 1.5"):
        hazard_ratios(cox, level=1.5)
    with pytest.raises(ModelSpecError, match="alpha = 0"):
        kaplan_meier(dataset("lung"), stop="time", event="dead", alpha=0)


def test_discrete_fits_and_their_effects_take_level() -> None:
    rows = dataset("pp_mgus2")
    fit = DiscreteHazardModel("event ~ age", rows, link="cloglog").fit()
    ci = fit.conf_int(level=0.9)
    np.testing.assert_allclose(ci["upper"] - ci["lower"], 2 * Z_90 * fit.bse)
    with pytest.warns(FutureWarning, match=r"HazardFit.conf_int: alpha=0.1.*level=0.9") as caught:
        pd.testing.assert_frame_equal(fit.conf_int(0.1), ci)
    assert caught[0].filename == __file__
    competing = CompetingHazardModel("exit_type ~ C(period_group) + age", rows, exits=("pcm", "death")).fit()
    profile = pd.concat(
        [rows.head(1).assign(period=p, period_group=p) for p in range(1, 6)], ignore_index=True
    )
    older = profile.assign(age=profile["age"] + 10)
    seed = shifted(40)
    for function, arguments in (
        (cumulative_incidence, (competing, profile)),
        (incidence_difference, (competing, profile, older)),
    ):
        new = function(*arguments, draws=200, seed=seed, level=0.8)
        with pytest.warns(FutureWarning, match=rf"{function.__name__}: alpha=0.2.*level=0.8"):
            pd.testing.assert_frame_equal(function(*arguments, alpha=0.2, draws=200, seed=seed), new)
        wide = function(*arguments, draws=200, seed=seed, level=0.99)
        assert ((wide["upper"] - wide["lower"]) >= (new["upper"] - new["lower"])).all()
        assert ((wide["upper"] - wide["lower"]) > (new["upper"] - new["lower"])).any()


def test_kaplan_meier_and_aalen_johansen_take_level() -> None:
    expected = fixture("survfit_km_lung")  # R survival::survfit, log-scale interval
    curve = kaplan_meier(dataset("lung"), stop="time", event="dead", level=0.9)
    survival, se_log = np.array(expected["surv"], dtype=float), np.array(expected["std_err"], dtype=float)
    keep = survival > 0
    np.testing.assert_allclose(curve["lower"][keep], (survival * np.exp(-Z_90 * se_log))[keep], rtol=1e-6)
    with pytest.warns(FutureWarning, match=r"kaplan_meier: alpha=0.1.*level=0.9") as caught:
        old = kaplan_meier(dataset("lung"), "time", "dead", None, 0.1)
    assert caught[0].filename == __file__
    pd.testing.assert_frame_equal(old, curve)
    rng = np.random.default_rng(shifted(41))
    frame = pd.DataFrame(
        {"time": np.ceil(rng.exponential(20, 80)), "exit": rng.choice(["fired", "resigned", "censored"], 80)}
    )
    with pytest.warns(FutureWarning, match=r"aalen_johansen: alpha=0.1.*level=0.9"):
        old = aalen_johansen(frame, stop="time", exit="exit", alpha=0.1)
    pd.testing.assert_frame_equal(old, aalen_johansen(frame, stop="time", exit="exit", level=0.9))


def test_spell_study_takes_level() -> None:
    seed = shifted(42)
    new = spell_study(SpellScenario(), 60, 2, seed=seed, workers=1, estimator="discrete", level=0.9)
    with pytest.warns(FutureWarning, match=r"spell_study: alpha=0.1.*level=0.9") as caught:
        old = spell_study(SpellScenario(), 60, 2, seed=seed, workers=1, estimator="discrete", alpha=0.1)
    assert caught[0].filename == __file__
    pd.testing.assert_frame_equal(old.table, new.table, check_exact=True)
    assert new.level == 0.9 and (new.coverage()["nominal"] == 0.9).all()
    with pytest.warns(FutureWarning, match="SpellStudyResult.alpha is deprecated.*level"):
        assert new.alpha == 0.1
