from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from careerrep import CaseRecordError
from careerrep.records import CaseRecord
from tests.strategies import records


def valid(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "case_id": "B-2019",
        "official": "B.",
        "country": "Kazakhstan",
        "window": {"start": "2019-07-23", "end": "2019-07-31"},
        "mentions": 567,
        "source_mix": {"mass_media": 0.2945, "social": 0.7055},
        "outcome": "fired",
    }
    data.update(changes)
    return data


def test_a_valid_record_builds_its_parts() -> None:
    record = CaseRecord.from_dict(valid())
    assert record.days == 9
    assert record.window.start == dt.date(2019, 7, 23)
    assert record.source_mix.social == 0.7055


def test_records_are_frozen() -> None:
    record = CaseRecord.from_dict(valid())
    with pytest.raises(dataclasses.FrozenInstanceError):
        record.mentions = 1  # type: ignore[misc]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"source_mix": {"mass_media": 0.2945, "social": 1.3}},
            "case 'B-2019': source_mix.social = 1.3 is not a share",
        ),
        ({"mentions": -5}, "case 'B-2019': mentions = -5 is a negative count"),
        ({"mentions": 567.0}, "case 'B-2019': mentions = 567.0 is not an integer count"),
        (
            {"window": {"start": "2019-07-31", "end": "2019-07-23"}},
            "case 'B-2019': window.end = '2019-07-23' is before start",
        ),
        (
            {"window": {"start": "23/07/2019", "end": "2019-07-31"}},
            "case 'B-2019': window.start = '23/07/2019' is not an ISO date",
        ),
        (
            {"outcome": "sacked"},
            "case 'B-2019': outcome = 'sacked' is not on the scale fired < resigned",
        ),
        (
            {
                "source_mix": {
                    "mass_media": 0.3,
                    "social": 0.7,
                    "platforms": {"Facebook": 0.8, "VK": 0.3},
                }
            },
            "case 'B-2019': source_mix.platforms = .* sums to 1.1000, more than 1",
        ),
        (
            {
                "comment_samples": [
                    {
                        "platform": "Facebook",
                        "comments": 184,
                        "sentiment": {"negative": 92, "neutral": 77, "positive": 16},
                    }
                ]
            },
            r"case 'B-2019': comment_samples\[0\].sentiment = .* adds up to 185, not the stated 184",
        ),
        (
            {"publication_sentiment": {"negative": 500, "neutral": 50, "positive": 50}},
            "codes 600 publications, more than the 567",
        ),
        ({"outcome_date": "2019-07-01"}, "outcome_date = '2019-07-01' is before the window starts"),
        ({"official": ""}, "official = '' is not a non-empty string"),
        ({"colour": "red"}, "unknown field"),
    ],
)
def test_impossible_records_are_refused_naming_case_field_and_value(
    changes: dict[str, Any], message: str
) -> None:
    with pytest.raises(CaseRecordError, match=message):
        CaseRecord.from_dict(valid(**changes))


def test_error_keeps_case_and_field_for_callers() -> None:
    with pytest.raises(CaseRecordError) as caught:
        CaseRecord.from_dict(valid(source_mix={"mass_media": 0.2, "social": 1.3}))
    assert caught.value.case_id == "B-2019"  # type: ignore[attr-defined]
    assert caught.value.field == "source_mix.social"  # type: ignore[attr-defined]
    assert caught.value.value == 1.3  # type: ignore[attr-defined]


def test_error_is_also_a_value_error() -> None:
    with pytest.raises(ValueError):
        CaseRecord.from_dict(valid(mentions=-1))


@given(records())
def test_dict_round_trip_is_lossless(record: CaseRecord) -> None:
    assert CaseRecord.from_dict(record.to_dict()) == record


@given(
    st.sampled_from(["mass_media", "social"]),
    st.floats(allow_nan=True, allow_infinity=True).filter(lambda v: not 0.0 <= v <= 1.0),
)
def test_any_share_outside_0_1_is_refused_naming_case_and_field(field: str, value: float) -> None:
    mix = {"mass_media": 0.3, "social": 0.7, field: value}
    with pytest.raises(CaseRecordError, match=rf"case 'B-2019': source_mix\.{field} = "):
        CaseRecord.from_dict(valid(source_mix=mix))


@given(st.integers(max_value=-1))
def test_any_negative_count_is_refused(count: int) -> None:
    with pytest.raises(CaseRecordError, match=rf"mentions = {count} is a negative count"):
        CaseRecord.from_dict(valid(mentions=count))


@given(st.integers(0, 400), st.integers(1, 400))
def test_end_before_start_is_refused_whatever_the_dates(start_offset: int, gap: int) -> None:
    start = dt.date(2019, 1, 1) + dt.timedelta(days=start_offset + gap)
    end = start - dt.timedelta(days=gap)
    window = {"start": start.isoformat(), "end": end.isoformat()}
    with pytest.raises(CaseRecordError, match="window.end .* is before start"):
        CaseRecord.from_dict(valid(window=window))


# --- issue 18: malformed nested values, typos, unstorable and impossible values ------------


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"source_mix": {"mass_media": 0.3, "social": 0.7, "platfroms": {"VK": 1.0}}},
            r"source_mix.platfroms = .* is not a field of SourceMix",
        ),
        (
            {"publication_sentiment": {"negative": 1, "neutral": 1, "positive": 1, "mixed": 2}},
            r"publication_sentiment.mixed = 2 is not a field of SentimentCounts",
        ),
        (
            {"window": {"start": "2019-07-23", "end": "2019-07-31", "ende": "2019-08-01"}},
            r"window.ende = .* is not a field",
        ),
        (
            {
                "comment_samples": [
                    {
                        "platform": "VK",
                        "comments": 1,
                        "sentiment": {"negative": 1, "neutral": 0, "positive": 0},
                        "like": 3,
                    }
                ]
            },
            r"comment_samples\[0\].like = 3 is not a field of CommentSample",
        ),
        (
            {
                "comment_samples": [
                    {
                        "platform": "VK",
                        "comments": 1,
                        "sentiment": {"negative": 1, "neutral": 0, "positive": 0, "mixed": 0},
                    }
                ]
            },
            r"comment_samples\[0\].sentiment.mixed = 0 is not a field",
        ),
    ],
)
def test_typos_in_nested_parts_are_refused(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(CaseRecordError, match=message):
        CaseRecord.from_dict(valid(**changes))


SAMPLE = {"platform": "VK", "comments": 1, "sentiment": {"negative": 1, "neutral": 0, "positive": 0}}


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"source_mix": {"mass_media": 0.3, "social": 0.7, "platforms": ["Facebook"]}},
            r"source_mix.platforms = \['Facebook'\] is not an object of name -> share",
        ),
        (
            {"source_mix": {"mass_media": 0.3, "social": 0.7, "outlets": 7}},
            r"source_mix.outlets = 7 is not a list of \(name, count\) pairs",
        ),
        (
            {"source_mix": {"mass_media": 0.3, "social": 0.7, "outlets": [7]}},
            r"source_mix.outlets\[0\] = 7 is not a \(name, count\) pair",
        ),
        ({"source_mix": "mostly social"}, r"source_mix = 'mostly social' is not a SourceMix"),
        (
            {"comment_samples": [{**SAMPLE, "sentiment": [1, 0, 0]}]},
            r"comment_samples\[0\].sentiment = \[1, 0, 0\] is not an object of sentiment counts' fields",
        ),
        ({"comment_samples": [{**SAMPLE, "gender": "male"}]}, r"comment_samples\[0\].gender = 'male'"),
        ({"comment_samples": ["Facebook"]}, r"comment_samples\[0\] = 'Facebook' is not a CommentSample"),
        ({"comment_samples": 3}, r"comment_samples = 3 is not a sequence"),
        (
            {"follow_up": {"window": "2019-08-01", "mentions": 3}},
            r"follow_up.window = '2019-08-01' is not an object of an event window's fields",
        ),
        (
            {
                "follow_up": {
                    "window": {"start": "2019-08-01", "end": "2019-08-09"},
                    "mentions": 3,
                    "source_mix": [0.5, 0.5],
                }
            },
            r"follow_up.source_mix = \[0.5, 0.5\] is not an object",
        ),
        ({"scale": 3.5}, r"scale = 3.5 is not an outcome scale"),
        ({"scale": "abc"}, r"scale = 'abc' is not an outcome scale"),
    ],
)
def test_malformed_nested_values_raise_case_record_errors(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(CaseRecordError, match=rf"case 'B-2019': {message}"):
        CaseRecord.from_dict(valid(**changes))


@pytest.mark.parametrize("data", [None, 3, "B-2019", ["case_id"]])
def test_from_dict_of_a_non_object_is_a_case_record_error(data: object) -> None:
    with pytest.raises(CaseRecordError, match="is an object of its fields"):
        CaseRecord.from_dict(data)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"mentions": 2**63}, "mentions = 9223372036854775808 is too large to store"),
        ({"mentions": 10**30}, "is too large to store"),
        ({"notes": "a lone \ud800 surrogate"}, "notes = .* contains a lone surrogate"),
        ({"official": "B.\x00"}, "official = .* contains a NUL character"),
        ({"source_mix": {"mass_media": 0.3, "social": 0.7, "platforms": {"\udc80": 0.5}}}, "lone surrogate"),
    ],
)
def test_values_no_file_can_store_are_refused_at_construction(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(CaseRecordError, match=message):
        CaseRecord.from_dict(valid(**changes))


def test_the_largest_storable_count_is_accepted() -> None:
    assert CaseRecord.from_dict(valid(mentions=2**63 - 1)).mentions == 2**63 - 1


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"source_mix": {"mass_media": 0.3, "social": 0.7, "outlets": [["Nur.kz", 1_000_000]]}},
            r"source_mix.outlets\[0\].count = 1000000 mentions of 'Nur.kz' are more than the 567 mentions",
        ),
        (
            {"follow_up": {"window": {"start": "2018-07-01", "end": "2018-07-31"}, "mentions": 3}},
            r"follow_up.window.start = '2018-07-01' is not after the event window ends \(2019-07-31\)",
        ),
        (
            {"source_mix": {"mass_media": 0.0, "social": 0.0}},
            r"source_mix.social = 0.0 plus mass_media 0.0 is 0.0000: each of the 567 mentions",
        ),
        (
            {
                "follow_up": {
                    "window": {"start": "2019-08-01", "end": "2019-08-09"},
                    "mentions": 3,
                    "source_mix": {"mass_media": 0.1, "social": 0.2},
                }
            },
            r"follow_up.source_mix.social = 0.2",
        ),
    ],
)
def test_impossible_combinations_are_refused(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(CaseRecordError, match=rf"case 'B-2019': {message}"):
        CaseRecord.from_dict(valid(**changes))


def test_a_case_without_mentions_may_have_no_source_shares() -> None:
    record = CaseRecord.from_dict(valid(mentions=0, source_mix={"mass_media": 0.0, "social": 0.0}))
    assert record.mentions == 0
