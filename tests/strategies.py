"""Hypothesis strategies that build valid case records (and their parts)."""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

from careerrep.parts import (
    CommentSample,
    EventWindow,
    FollowUp,
    GenderCounts,
    SentimentCounts,
    SourceMix,
)
from careerrep.records import CaseRecord
from careerrep.scale import CAREER_SCALE

names = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=12
).filter(lambda s: s.strip() != "" and "<" not in s)
dates = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2030, 12, 31))
counts = st.integers(min_value=0, max_value=10_000)


@st.composite
def windows(draw: st.DrawFn) -> EventWindow:
    start = draw(dates)
    return EventWindow(start, start + dt.timedelta(days=draw(st.integers(0, 400))))


@st.composite
def breakdowns(draw: st.DrawFn) -> dict[str, float]:
    """Shares that sum to at most 1 (what a source may report)."""
    keys = draw(st.lists(names, max_size=5, unique=True))
    weights = [draw(st.integers(1, 100)) for _ in keys]
    total = sum(weights) + draw(st.integers(0, 100))
    return {key: weight / total for key, weight in zip(keys, weights, strict=True)} if total else {}


@st.composite
def source_mixes(draw: st.DrawFn) -> SourceMix:
    social = draw(st.floats(0, 1))
    outlets = draw(st.lists(st.tuples(names, counts), max_size=4, unique_by=lambda t: t[0]))
    return SourceMix(
        mass_media=1.0 - social,
        social=social,
        media_types=draw(breakdowns()),  # type: ignore[arg-type]
        platforms=draw(breakdowns()),  # type: ignore[arg-type]
        regions=draw(breakdowns()),  # type: ignore[arg-type]
        outlets=tuple(outlets),
    )


@st.composite
def comment_samples(draw: st.DrawFn) -> CommentSample:
    negative, neutral, positive = draw(st.tuples(counts, counts, counts))
    total = negative + neutral + positive
    gender = None
    if draw(st.booleans()):
        male = draw(st.integers(0, total))
        female = draw(st.integers(0, total - male))
        gender = GenderCounts(male, female, total - male - female)
    return CommentSample(
        platform=draw(names),
        comments=total,
        sentiment=SentimentCounts(negative, neutral, positive),
        gender=gender,
        likes=draw(st.none() | counts),
        reposts=draw(st.none() | counts),
        views=draw(st.none() | counts),
        note=draw(st.none() | names),
    )


@st.composite
def records(draw: st.DrawFn, case_id: str | None = None) -> CaseRecord:
    window = draw(windows())
    mentions = draw(counts)
    sentiment = None
    if draw(st.booleans()):
        negative = draw(st.integers(0, mentions))
        neutral = draw(st.integers(0, mentions - negative))
        positive = draw(st.integers(0, mentions - negative - neutral))
        sentiment = SentimentCounts(negative, neutral, positive)
    follow_up = None
    if draw(st.booleans()):
        start = window.end + dt.timedelta(days=draw(st.integers(1, 30)))
        follow_up = FollowUp(
            EventWindow(start, start + dt.timedelta(days=draw(st.integers(0, 60)))),
            draw(counts),
            draw(st.none() | source_mixes()),
        )
    outcome = draw(st.none() | st.sampled_from(CAREER_SCALE.labels))
    outcome_date = None
    if outcome is not None and draw(st.booleans()):
        outcome_date = window.start + dt.timedelta(days=draw(st.integers(0, 500)))
    return CaseRecord(
        case_id=case_id or draw(names),
        official=draw(names),
        country=draw(names),
        window=window,
        mentions=mentions,
        source_mix=draw(source_mixes()),
        publication_sentiment=sentiment,
        comment_samples=tuple(draw(st.lists(comment_samples(), max_size=3))),
        follow_up=follow_up,
        outcome=outcome,
        outcome_date=outcome_date,
        position=draw(st.none() | names),
        event=draw(st.none() | names),
        citation=draw(st.none() | names),
        notes=draw(st.none() | names),
    )


@st.composite
def tables(draw: st.DrawFn, max_size: int = 4) -> list[CaseRecord]:
    n = draw(st.integers(0, max_size))
    return [draw(records(case_id=f"case-{i}")) for i in range(n)]
