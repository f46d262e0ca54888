"""Counterfactual contrasts through transforms, compositional shifts and the logratio transform."""

from __future__ import annotations

import numpy as np
import pytest

from careerrep.effects import average_predictions, contrast, logratio, marginal_effects, shift_share
from careerrep.errors import ModelSpecError
from careerrep.models.ordinal import OrdinalModel


@pytest.fixture(scope="module")
def result(cases):
    return OrdinalModel("outcome ~ logratio_social_mass + log_mentions_per_day + tone", cases).fit()


def test_plus_mentions_goes_through_the_log_transform(result, cases):
    frame = contrast(result, changes={"mentions": lambda m: m + 1000})
    after = cases.assign(log_mentions_per_day=np.log((cases["mentions"] + 1000) / cases["days"]))
    expected = result.predict(after).mean() - result.predict(cases).mean()
    np.testing.assert_allclose(frame["estimate"], expected, rtol=1e-10, atol=1e-14)
    np.testing.assert_allclose(frame["estimate"].sum(), 0.0, atol=1e-12)
    assert (frame["std_error"] > 0).all()


def test_share_contrast_recomputes_the_logratio(result, cases):
    frame = contrast(result, "social_share", (0.3, 0.7))
    at = lambda s: cases.assign(logratio_social_mass=np.log(s / (1 - s)))  # noqa: E731
    expected = result.predict(at(0.7)).mean() - result.predict(at(0.3)).mean()
    np.testing.assert_allclose(frame["estimate"], expected, rtol=1e-10)
    np.testing.assert_allclose(frame["prob_after"] - frame["prob_before"], frame["estimate"], atol=1e-12)


def test_shift_share_moves_points_between_parts(result, cases):
    frame = contrast(result, changes=shift_share("mass_media_share", "social_share", 0.10))
    social = cases["social_share"] + 0.10
    moved = cases.assign(logratio_social_mass=np.log(social / (1 - social)))
    expected = result.predict(moved).mean() - result.predict(cases).mean()
    np.testing.assert_allclose(frame["estimate"], expected, rtol=1e-10)
    assert "10 points" in frame["contrast"].iloc[0]
    with pytest.raises(ModelSpecError, match="below 0.9"):
        contrast(result, changes=shift_share("mass_media_share", "social_share", 0.9))


def test_categorical_contrast_equals_discrete_change(result):
    direct = contrast(result, "tone", ("negative", "positive"))
    ame = marginal_effects(result, "tone")
    ame = ame[ame["contrast"] == "positive - negative"]
    np.testing.assert_allclose(direct["estimate"].to_numpy(), ame["estimate"].to_numpy(), rtol=1e-12)
    np.testing.assert_allclose(direct["std_error"].to_numpy(), ame["std_error"].to_numpy(), rtol=1e-8)
    with pytest.raises(ModelSpecError, match="not a level"):
        contrast(result, "tone", ("negative", "furious"))


def test_logratio_transform_equals_numpy_formula(cases):
    a = OrdinalModel("outcome ~ logratio(social_share, mass_media_share)", cases).fit()
    b = OrdinalModel("outcome ~ np.log(social_share / mass_media_share)", cases).fit()
    np.testing.assert_allclose(a.params.to_numpy(), b.params.to_numpy(), rtol=1e-10)
    np.testing.assert_allclose(logratio(0.5, 0.25), np.log(2.0))
    # Derivative with respect to the share, through the formula's transform.
    dp = marginal_effects(a, "social_share")
    s = cases["social_share"]
    h = 1e-6
    up = a.predict(cases.assign(social_share=s + h, mass_media_share=1 - s - h)).mean()
    down = a.predict(cases.assign(social_share=s - h, mass_media_share=1 - s + h)).mean()
    np.testing.assert_allclose(dp["estimate"], (up - down) / (2 * h), rtol=1e-5, atol=1e-9)


def test_average_predictions_sum_to_one(result):
    frame = average_predictions(result, "social_share", [0.2, 0.5, 0.8])
    np.testing.assert_allclose(frame.groupby("value")["estimate"].sum().to_numpy(dtype=float), 1.0)
    assert list(frame.columns) == ["value", "outcome", "estimate", "std_error", "lower", "upper", "interval"]
