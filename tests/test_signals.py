from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given

from careerrep.datasets import kazakhstan_2019
from careerrep.records import CaseRecord
from careerrep.signals import case_signals_columns
from careerrep.table import CaseTable
from tests.strategies import tables

CONTRACT = [
    "mentions",
    "days",
    "mentions_per_day",
    "log_mentions_per_day",
    "social_share",
    "mass_media_share",
    "sentiment_positive",
    "sentiment_neutral",
    "sentiment_negative",
    "net_sentiment",
    "comment_negative_share",
    "comment_positive_share",
    "outcome",
]


def test_kazakhstan_signals_have_the_contract_columns_and_values() -> None:
    signals = kazakhstan_2019().signals()
    assert list(signals.index) == ["B-2019", "K-2019", "G-2019"]
    assert set(CONTRACT) <= set(signals.columns)
    b, k, g = (signals.loc[case] for case in signals.index)
    # Findings: 567 items from 23 to 31 July 2019 (9 days), 29.45 % mass media / 70.55 % social.
    assert (b.mentions, b.days) == (567, 9)
    assert b.mentions_per_day == pytest.approx(63.0)
    assert b.log_mentions_per_day == pytest.approx(math.log(63.0))
    assert (b.mass_media_share, b.social_share) == (0.2945, 0.7055)
    # Findings: 529 items, 1 September to 13 November 2019; 60.3 % mass media.
    assert (k.mentions, k.days, k.mass_media_share) == (529, 74, 0.603)
    # Findings case 3: 1812 positive, 1136 negative, 234 neutral of 3182.
    assert g.sentiment_positive == pytest.approx(1812 / 3182)
    assert g.sentiment_negative == pytest.approx(1136 / 3182)
    assert g.net_sentiment == pytest.approx((1812 - 1136) / 3182)
    # Tables 4 and 6: 213 of 386 and 92 of 173 comments negative.
    assert b.comment_negative_share == pytest.approx(213 / 386)
    assert k.comment_negative_share == pytest.approx(92 / 173)
    assert g.comment_positive_share == pytest.approx(140 / 241)
    assert b.follow_up_mentions == 179


def test_missing_sentiment_stays_missing_not_zero() -> None:
    signals = kazakhstan_2019().signals()
    for column in (
        "sentiment_positive",
        "sentiment_neutral",
        "sentiment_negative",
        "net_sentiment",
    ):
        assert signals[column].isna().tolist() == [True, True, False]
    assert signals["follow_up_mentions"].isna().tolist() == [False, True, True]


def test_outcome_is_ordered_categorical_on_the_scale() -> None:
    outcome = kazakhstan_2019().signals()["outcome"]
    assert outcome.cat.ordered
    assert list(outcome.cat.categories) == ["fired", "resigned", "retained", "promoted"]
    assert outcome.cat.codes.tolist() == [0, 1, 3]


@given(tables())
def test_signals_are_consistent_with_the_records(records: list[CaseRecord]) -> None:
    table = CaseTable(records)
    signals = table.signals()
    assert list(signals.columns) == list(case_signals_columns()[1:])
    assert len(signals) == len(records)
    for record in records:
        row = signals.loc[record.case_id]
        assert row.days == record.window.days
        assert row.social_share == record.source_mix.social
        if record.publication_sentiment is None:
            assert np.isnan(row.sentiment_positive)
        else:
            total = record.publication_sentiment.total
            if total:
                assert (
                    row.sentiment_positive + row.sentiment_neutral + row.sentiment_negative
                    == pytest.approx(1.0)
                )
        if row.comments:
            shares = row.comment_negative_share + row.comment_neutral_share + row.comment_positive_share
            assert shares == pytest.approx(1.0)
        else:
            assert np.isnan(row.comment_negative_share)
