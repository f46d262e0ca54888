"""Scenario and its parts: validation (hypothesis) and the thresholds/true values they imply."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import special

from careerrep.scale import CAREER_SCALE, OutcomeScale
from careerrep.simulate import (
    CommentModel,
    GroupEffect,
    MentionVolume,
    Scenario,
    ScenarioError,
    SentimentModel,
    SourceMixModel,
    kazakhstan_scenario,
)
from careerrep.simulate.scenario import EFFECT_SIGNALS

THREE_CUTS = (-1.0, 0.0, 1.0)
finite = st.floats(min_value=-5, max_value=5, allow_nan=False)
bad_numbers = st.one_of(
    st.just(float("nan")),
    st.just(float("inf")),
    st.just(-float("inf")),
    st.text(max_size=3),
    st.none(),
    st.booleans(),
)


@settings(max_examples=40)
@given(st.dictionaries(st.sampled_from(sorted(EFFECT_SIGNALS)), finite, min_size=1, max_size=3))
def test_valid_effects_are_kept_in_order_or_refused_as_aliased(effects: dict[str, float]) -> None:
    try:
        scenario = Scenario(effects=effects, thresholds=THREE_CUTS)
    except ScenarioError as error:
        assert "aliased" in str(error)
        return
    assert scenario.true_effects == effects
    assert scenario.signals == tuple(effects)
    assert scenario.formula() == "outcome ~ " + " + ".join(effects)


@given(st.text(min_size=1, max_size=20).filter(lambda s: s not in EFFECT_SIGNALS))
def test_unknown_signal_is_refused_by_name(name: str) -> None:
    with pytest.raises(ScenarioError, match="not a simulated signal column"):
        Scenario(effects={name: 1.0}, thresholds=THREE_CUTS)


@given(bad_numbers)
def test_non_finite_effect_is_refused(value: object) -> None:
    with pytest.raises(ScenarioError, match=r"effects\['social_share'\]"):
        Scenario(effects={"social_share": value}, thresholds=THREE_CUTS)  # type: ignore[dict-item]


@given(st.lists(finite, min_size=3, max_size=3))
def test_thresholds_must_increase(cuts: list[float]) -> None:
    if all(b > a for a, b in itertools.pairwise(cuts)):
        assert Scenario(effects={"social_share": 1.0}, thresholds=cuts).cut_points == tuple(cuts)
    else:
        with pytest.raises(ScenarioError, match="strictly increasing"):
            Scenario(effects={"social_share": 1.0}, thresholds=cuts)


@given(st.integers(0, 6).filter(lambda k: k != 3))
def test_thresholds_need_one_per_gap(k: int) -> None:
    with pytest.raises(ScenarioError, match="3 numbers"):
        Scenario(effects={"social_share": 1.0}, thresholds=tuple(range(k)))


@given(st.lists(st.floats(0.01, 0.97), min_size=4, max_size=4))
def test_outcome_shares_must_sum_to_one(shares: list[float]) -> None:
    if abs(sum(shares) - 1) > 1e-6:
        with pytest.raises(ScenarioError, match="sums to"):
            Scenario.calibrated(effects={"social_share": 1.0}, outcome_shares=tuple(shares))


@settings(max_examples=8)
@given(
    st.floats(-2, 2),
    st.floats(-1, 1),
    st.sampled_from(["logit", "probit"]),
    st.lists(st.floats(0.05, 1.0), min_size=4, max_size=4),
)
def test_outcome_shares_become_thresholds_that_give_those_shares(
    beta_social: float, beta_net: float, link: str, weights: list[float]
) -> None:
    # Known by construction: the reference cohort's average F(theta_k - eta) is the target share.
    from careerrep.simulate.calibrate import reference_propensity

    shares = tuple(np.asarray(weights) / sum(weights))
    scenario = Scenario.calibrated(
        effects={"social_share": beta_social, "net_sentiment": beta_net}, outcome_shares=shares, link=link
    )
    assert scenario.outcome_shares == pytest.approx(shares)
    eta = reference_propensity(scenario)
    cdf = special.expit if link == "logit" else special.ndtr
    realised = [float(np.mean(cdf(theta - eta))) for theta in scenario.cut_points]
    np.testing.assert_allclose(realised, np.cumsum(shares)[:-1], atol=1e-9)


def test_equal_shares_by_default_and_thresholds_only_from_the_factory() -> None:
    scenario = Scenario.calibrated(effects={"social_share": 0.0})
    # With a zero effect eta = 0, so the thresholds are the logistic quantiles of 1/4, 1/2, 3/4.
    np.testing.assert_allclose(scenario.cut_points, special.logit([0.25, 0.5, 0.75]), atol=1e-9)
    with pytest.raises(ScenarioError, match=r"Scenario\.calibrated"):
        Scenario(effects={"social_share": 1.0}, outcome_shares=(0.25,) * 4)
    with pytest.raises(ScenarioError, match="do not give thresholds"):
        Scenario.calibrated(effects={"social_share": 1.0}, thresholds=THREE_CUTS)
    with pytest.raises(ScenarioError, match="not an OutcomeScale"):
        Scenario.calibrated(effects={"social_share": 1.0}, scale=("a", "b"))


def test_constructing_a_scenario_draws_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    from careerrep.simulate import calibrate

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a Scenario constructor drew a reference cohort")

    monkeypatch.setattr(calibrate, "draw_counts", refuse)
    scenario = Scenario(effects={"social_share": 1.0}, thresholds=THREE_CUTS, outcome_shares=(0.25,) * 4)
    assert scenario.cut_points == THREE_CUTS and scenario.outcome_shares == (0.25,) * 4
    with pytest.raises(AssertionError, match="drew"):
        Scenario.calibrated(effects={"social_share": 1.0})


@pytest.mark.parametrize(
    ("make", "field"),
    [
        (lambda: MentionVolume(mean_per_day=0), "mentions.mean_per_day"),
        (lambda: MentionVolume(dispersion=-1), "mentions.dispersion"),
        (lambda: MentionVolume(min_days=10, max_days=5), "mentions.max_days"),
        (lambda: MentionVolume(min_days=0), "mentions.min_days"),
        (lambda: SourceMixModel(mean_social=1.0), "source_mix.mean_social"),
        (lambda: SourceMixModel(concentration=0), "source_mix.concentration"),
        (lambda: SentimentModel(mean=(0.5, 0.5, 0.5)), "publication_sentiment.mean"),
        (lambda: SentimentModel(coded_probability=0.0), "publication_sentiment.coded_probability"),
        (lambda: CommentModel(platforms="Facebook"), "comments.platforms"),  # type: ignore[arg-type]
        (lambda: CommentModel(mean=(0.2, 0.2)), "comments.mean"),  # type: ignore[arg-type]
        (lambda: GroupEffect(n_groups=1), "groups.n_groups"),
        (lambda: GroupEffect(sd=-0.1), "groups.sd"),
    ],
)
def test_parts_name_the_bad_field(make: object, field: str) -> None:
    with pytest.raises(ScenarioError, match=field.replace(".", r"\.")):
        make()  # type: ignore[operator]


def test_scenario_refuses_what_cannot_be_simulated() -> None:
    with pytest.raises(ScenarioError, match="aliased"):
        Scenario(effects={"social_share": 1, "mass_media_share": 1}, thresholds=THREE_CUTS)
    with pytest.raises(ScenarioError, match="link"):
        Scenario(effects={"social_share": 1}, thresholds=THREE_CUTS, link="cauchit")
    with pytest.raises(ScenarioError, match="need comment samples"):
        Scenario(
            effects={"comment_negative_share": 1}, thresholds=THREE_CUTS, comments=CommentModel(platforms=())
        )
    with pytest.raises(ScenarioError, match="effects is empty"):
        Scenario(effects={}, thresholds=THREE_CUTS)


def test_true_values_follow_the_model_conventions() -> None:
    scenario = Scenario(effects={"social_share": 1.5}, thresholds=THREE_CUTS)
    assert scenario.true_values() == {
        "social_share": 1.5,
        **dict(zip(CAREER_SCALE.thresholds, THREE_CUTS, strict=True)),
    }
    binary = Scenario(
        effects={"social_share": 1.5}, thresholds=(0.7,), scale=OutcomeScale(["stayed", "left"])
    )
    # P(left) = F(eta - theta): a logit with intercept -theta.
    logit = binary.logit_family()
    assert logit is not None
    assert binary.true_values(logit.layout) == {"Intercept": -0.7, "social_share": 1.5}
    assert scenario.logit_family() is None  # four labels: no binary logit is correctly specified
    probit = Scenario(
        effects={"social_share": 1.5},
        thresholds=(0.7,),
        scale=OutcomeScale(["stayed", "left"]),
        link="probit",
    )
    assert probit.logit_family() is None  # a logit's intercept and slopes are on another scale
    grouped = Scenario(effects={"social_share": 1.5}, thresholds=THREE_CUTS, groups=GroupEffect(10, 0.8))
    assert grouped.true_values()["sd(1|country)"] == 0.8
    with pytest.raises(ScenarioError, match="1 thresholds"):
        scenario.true_values(binary.model_layout())


def test_kazakhstan_preset_says_it_is_an_assumption() -> None:
    scenario = kazakhstan_scenario()
    assert "assumption, not data" in (kazakhstan_scenario.__doc__ or "")
    assert scenario.name == "kazakhstan" and scenario.scale == CAREER_SCALE
    assert all(math.isfinite(c) for c in scenario.cut_points)
    assert "comment_negative_share" in scenario.describe()
