"""Model-ready signals: one row per case, computed from the records.

Every column is derived from counts and shares in the records; nothing is
imputed. Missing stays missing: a case without coded publication sentiment
gets NaN sentiment shares, never zero.

Columns (units in brackets)
---------------------------
mentions [publications], days [days, window inclusive], mentions_per_day,
log_mentions_per_day [natural log of mentions per day],
social_share, mass_media_share [share of mentions],
logratio_social_mass [log(social / mass media); NaN when either share is 0],
sentiment_positive, sentiment_neutral, sentiment_negative [share of coded publications],
net_sentiment [positive minus negative share, in [-1, 1]],
comments [number of coded comments over all sampled posts],
comment_negative, comment_neutral, comment_positive [comment counts],
comment_negative_share, comment_neutral_share, comment_positive_share [share of coded comments],
commentator_male_share, commentator_female_share, commentator_undefined_share [share of
commentators whose gender was coded, over the posts where it was],
follow_up_mentions [publications after the outcome; NaN if not measured],
official, country [text], outcome [ordered Categorical on the table's scale].
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import numpy as np
import pandas as pd

from careerrep.records import CaseRecord
from careerrep.scale import OutcomeScale

#: The columns each derived signal is computed from (transitively). A model that
#: uses a derived column keeps its sources too, so a counterfactual stated in the
#: reader's units (``changes={"mentions": ...}``, a shift of ``social_share``) can
#: recompute it (see :mod:`careerrep.effects.counterfactual`).
SIGNAL_SOURCES: dict[str, tuple[str, ...]] = {
    "mentions_per_day": ("mentions", "days"),
    "log_mentions_per_day": ("mentions_per_day", "mentions", "days"),
    "social_share": ("mass_media_share",),
    "mass_media_share": ("social_share",),
    "logratio_social_mass": ("social_share", "mass_media_share"),
    "net_sentiment": ("sentiment_positive", "sentiment_negative", "sentiment_neutral"),
}


class RecordTable(Protocol):
    """What :func:`signals` reads from a :class:`~careerrep.table.CaseTable`.

    A protocol, so this module does not import ``table`` back (``CaseTable.signals``
    imports this module): no import cycle.
    """

    @property
    def records(self) -> Sequence[CaseRecord]:
        """The records, in table order."""
        ...

    @property
    def scale(self) -> OutcomeScale:
        """The outcome scale."""
        ...


NAN = float("nan")


def _ratio(numerator: float, denominator: float) -> float:
    return numerator / denominator if denominator else NAN


def _log_ratio(a: float, b: float) -> float:
    return float(np.log(a / b)) if a > 0 and b > 0 else NAN


def case_signals(record: CaseRecord) -> dict[str, object]:
    """The signal values of one record (the outcome as its label)."""
    mix = record.source_mix
    row: dict[str, object] = {
        "case_id": record.case_id,
        "official": record.official,
        "country": record.country,
        "mentions": record.mentions,
        "days": record.days,
        "mentions_per_day": record.mentions / record.days,
        "log_mentions_per_day": float(np.log(record.mentions / record.days)) if record.mentions else NAN,
        "social_share": mix.social,
        "mass_media_share": mix.mass_media,
        "logratio_social_mass": _log_ratio(mix.social, mix.mass_media),
    }
    sentiment = record.publication_sentiment
    shares = (
        sentiment.shares()
        if sentiment is not None
        else dict.fromkeys(("positive", "neutral", "negative"), NAN)
    )
    row["sentiment_positive"] = shares["positive"]
    row["sentiment_neutral"] = shares["neutral"]
    row["sentiment_negative"] = shares["negative"]
    row["net_sentiment"] = shares["positive"] - shares["negative"]

    samples = record.comment_samples
    negative = sum(s.sentiment.negative for s in samples)
    neutral = sum(s.sentiment.neutral for s in samples)
    positive = sum(s.sentiment.positive for s in samples)
    coded = negative + neutral + positive
    row["comments"] = coded
    row["comment_negative"] = negative
    row["comment_neutral"] = neutral
    row["comment_positive"] = positive
    row["comment_negative_share"] = _ratio(negative, coded)
    row["comment_neutral_share"] = _ratio(neutral, coded)
    row["comment_positive_share"] = _ratio(positive, coded)

    genders = [s.gender for s in samples if s.gender is not None]
    gendered = sum(g.total for g in genders)
    row["commentator_male_share"] = _ratio(sum(g.male for g in genders), gendered)
    row["commentator_female_share"] = _ratio(sum(g.female for g in genders), gendered)
    row["commentator_undefined_share"] = _ratio(sum(g.undefined for g in genders), gendered)

    row["follow_up_mentions"] = NAN if record.follow_up is None else float(record.follow_up.mentions)
    row["outcome"] = record.outcome
    return row


def signals(table: RecordTable) -> pd.DataFrame:
    """One row per case, indexed by ``case_id``, with the columns listed in the module docstring.

    Returns
    -------
    pandas.DataFrame
        Float columns for shares and rates (NaN where the records say nothing),
        integer columns for counts, and ``outcome`` as an ordered Categorical in
        the table's scale.
    """
    rows = [case_signals(record) for record in table.records]
    frame = pd.DataFrame(rows, columns=list(case_signals_columns()))
    frame["outcome"] = pd.Categorical(frame["outcome"], dtype=table.scale.dtype)
    for column in (
        "mentions",
        "days",
        "comments",
        "comment_negative",
        "comment_neutral",
        "comment_positive",
    ):
        frame[column] = frame[column].astype("int64")
    return frame.set_index("case_id")


def case_signals_columns() -> tuple[str, ...]:
    """Column order of :func:`signals` (with ``case_id`` first, before it becomes the index)."""
    return (
        "case_id",
        "official",
        "country",
        "mentions",
        "days",
        "mentions_per_day",
        "log_mentions_per_day",
        "social_share",
        "mass_media_share",
        "logratio_social_mass",
        "sentiment_positive",
        "sentiment_neutral",
        "sentiment_negative",
        "net_sentiment",
        "comments",
        "comment_negative",
        "comment_neutral",
        "comment_positive",
        "comment_negative_share",
        "comment_neutral_share",
        "comment_positive_share",
        "commentator_male_share",
        "commentator_female_share",
        "commentator_undefined_share",
        "follow_up_mentions",
        "outcome",
    )
