from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from careerrep import CaseRecordError
from careerrep.parts import (
    CommentSample,
    EventWindow,
    GenderCounts,
    SentimentCounts,
    Shares,
    SourceMix,
)
from tests.strategies import breakdowns, comment_samples, source_mixes


def test_window_days_include_both_ends() -> None:
    assert EventWindow(dt.date(2019, 7, 23), dt.date(2019, 7, 31)).days == 9
    assert EventWindow(dt.date(2019, 7, 23), dt.date(2019, 7, 23)).days == 1


def test_window_end_before_start_is_refused() -> None:
    with pytest.raises(CaseRecordError, match="end = '2019-07-01' is before start 2019-07-23"):
        EventWindow(dt.date(2019, 7, 23), dt.date(2019, 7, 1))


def test_window_refuses_datetimes_and_strings() -> None:
    with pytest.raises(CaseRecordError, match="is not a date"):
        EventWindow(dt.datetime(2019, 7, 23, 12), dt.date(2019, 7, 31))  # type: ignore[arg-type]
    with pytest.raises(CaseRecordError, match="is not a date"):
        EventWindow("2019-07-23", dt.date(2019, 7, 31))  # type: ignore[arg-type]


@pytest.mark.parametrize("value", [1.3, -0.1, float("nan"), "0.5", True])
def test_shares_must_be_fractions(value: object) -> None:
    with pytest.raises(CaseRecordError, match=r"platforms\.Facebook"):
        Shares({"Facebook": value}, name="platforms")  # type: ignore[dict-item]


def test_breakdown_may_overshoot_by_rounding_only() -> None:
    assert Shares({"a": 0.5, "b": 0.504}).unreported == 0.0  # 100.4 %: rounding, allowed
    with pytest.raises(CaseRecordError, match="sums to 1.0060, more than 1"):
        Shares({"a": 0.5, "b": 0.506})


def test_unreported_remainder_is_fine() -> None:
    shares = Shares({"print media": 0.6547, "news agencies": 0.17, "electronic media": 0.15})
    assert shares.unreported == pytest.approx(0.0253)
    assert list(shares) == ["print media", "news agencies", "electronic media"]


def test_source_mix_total_above_one_is_refused() -> None:
    with pytest.raises(CaseRecordError, match="social = 0.8 plus mass_media 0.3"):
        SourceMix(mass_media=0.3, social=0.8)


def test_counts_must_be_non_negative_integers() -> None:
    with pytest.raises(CaseRecordError, match="negative = -1 is a negative count"):
        SentimentCounts(-1, 0, 0)
    with pytest.raises(CaseRecordError, match="is not an integer count"):
        SentimentCounts(1.0, 0, 0)  # type: ignore[arg-type]
    with pytest.raises(CaseRecordError, match="is not an integer count"):
        GenderCounts(True, 0)  # type: ignore[arg-type]


def test_comment_counts_must_add_up_to_the_stated_total() -> None:
    with pytest.raises(CaseRecordError, match="adds up to 183, not the stated 184 comments"):
        CommentSample("Facebook", 184, SentimentCounts(92, 77, 14))
    with pytest.raises(CaseRecordError, match=r"gender = .* adds up to 185"):
        CommentSample("Facebook", 184, SentimentCounts(92, 77, 15), GenderCounts(80, 105))


@given(breakdowns())
def test_shares_equal_whatever_the_order_given(shares: dict[str, float]) -> None:
    forward = Shares(shares)
    backward = Shares(dict(reversed(list(shares.items()))))
    assert forward == backward
    assert forward.as_dict() == shares
    assert 0.0 <= forward.unreported <= 1.0


@given(source_mixes())
def test_source_mix_dict_round_trip(mix: SourceMix) -> None:
    assert SourceMix.from_dict(mix.to_dict()) == mix


@given(comment_samples())
def test_comment_sample_dict_round_trip(sample: CommentSample) -> None:
    assert CommentSample.from_dict(sample.to_dict()) == sample
    shares = sample.sentiment.shares()
    if sample.comments:
        assert sum(shares.values()) == pytest.approx(1.0)


@given(st.integers(0, 50), st.integers(0, 50), st.integers(0, 50))
def test_sentiment_shares_are_counts_over_total(neg: int, neu: int, pos: int) -> None:
    counts = SentimentCounts(neg, neu, pos)
    shares = counts.shares()
    if counts.total == 0:
        assert all(value != value for value in shares.values())  # NaN, not zero
    else:
        assert shares["negative"] == neg / counts.total
