from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from careerrep import CAREER_SCALE, OutcomeScale
from careerrep.scale import OutcomeScaleError
from tests.strategies import names


def test_career_scale_order_and_thresholds() -> None:
    assert CAREER_SCALE.labels == ("fired", "resigned", "retained", "promoted")
    assert CAREER_SCALE.thresholds == ("fired|resigned", "resigned|retained", "retained|promoted")
    assert CAREER_SCALE.code("retained") == 2
    assert str(CAREER_SCALE) == "fired < resigned < retained < promoted"


def test_categorical_is_ordered_on_the_scale() -> None:
    values = CAREER_SCALE.categorical(["promoted", None, "fired"])
    assert values.ordered
    assert list(values.categories) == list(CAREER_SCALE.labels)
    assert values[2] < values[0]
    assert values.isna().tolist() == [False, True, False]


def test_unknown_label_is_refused_not_turned_into_missing() -> None:
    with pytest.raises(OutcomeScaleError, match="'sacked' is not on the scale"):
        CAREER_SCALE.categorical(["fired", "sacked"])


@pytest.mark.parametrize(
    "labels",
    # "abc" is not read as a < b < c; NUL and lone surrogates cannot be written to any file (issue 18).
    [[], ["only"], ["a", "a"], ["a", ""], ["a", 3], "abc", 3.5, ["a", "b\x00"], ["a", "\ud800"]],
)
def test_bad_scales_are_refused(labels: list[object]) -> None:
    with pytest.raises(OutcomeScaleError):
        OutcomeScale(labels)  # type: ignore[arg-type]


@given(st.lists(names, min_size=2, max_size=6, unique=True))
def test_codes_follow_the_given_order(labels: list[str]) -> None:
    scale = OutcomeScale(labels)
    assert [scale.code(label) for label in labels] == list(range(len(labels)))
    assert len(scale.thresholds) == len(labels) - 1
