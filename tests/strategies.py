"""Hypothesis strategies that build valid case records (and their parts).

Text is drawn from the full Unicode alphabet minus what records refuse: lone
surrogates (category ``Cs``, not UTF-8) and NUL (no file format holds it).
Every other character is allowed, control characters (``\\r``, ``\\x1f``),
``<``, quotes, delimiters and leading or trailing spaces included, so every
value a record accepts is tried against every file format.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools

from hypothesis import strategies as st

from careerrep.case_coverage import CaseCoverage
from careerrep.parts import (
    CommentSample,
    EventWindow,
    FollowUp,
    GenderCounts,
    SentimentCounts,
    SourceMix,
)
from careerrep.records import CaseRecord
from careerrep.scale import CAREER_SCALE, OutcomeScale

#: Every character a record accepts in text.
text_characters = st.characters(exclude_categories=("Cs",), exclude_characters="\x00")
#: Characters that break naive writers: line ends, delimiters, quotes, the scale's '<', spaces.
awkward = st.sampled_from(["\r", "\n", "\r\n", ",", ";", '"', "'", "<", " ", "\t", "\ufeff", "\x1f", "|"])
names = st.one_of(
    st.text(alphabet=text_characters, min_size=1, max_size=12),
    st.lists(
        st.one_of(awkward, st.text(text_characters, min_size=1, max_size=3)), min_size=1, max_size=5
    ).map("".join),
).filter(lambda s: s.strip() != "")
dates = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2030, 12, 31))
counts = st.integers(min_value=0, max_value=10_000)
#: Counts up to what every format stores (64-bit), for the round trips of extreme values.
big_counts = st.one_of(counts, st.integers(min_value=0, max_value=2**63 - 1))


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
def scales(draw: st.DrawFn) -> OutcomeScale:
    """The career scale, or any labels a scale accepts (with '<', spaces, line ends...)."""
    if draw(st.booleans()):
        return CAREER_SCALE
    return OutcomeScale(draw(st.lists(names, min_size=2, max_size=5, unique=True)))


@st.composite
def source_mixes(draw: st.DrawFn, max_outlet: int = 10_000) -> SourceMix:
    social = draw(st.floats(0, 1))
    outlets = draw(
        st.lists(st.tuples(names, st.integers(0, max_outlet)), max_size=4, unique_by=lambda t: t[0])
    )
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
def records(draw: st.DrawFn, case_id: str | None = None, scale: OutcomeScale | None = None) -> CaseRecord:
    window = draw(windows())
    mentions = draw(big_counts)
    sentiment = None
    if draw(st.booleans()):
        negative = draw(st.integers(0, mentions))
        neutral = draw(st.integers(0, mentions - negative))
        positive = draw(st.integers(0, mentions - negative - neutral))
        sentiment = SentimentCounts(negative, neutral, positive)
    follow_up = None
    if draw(st.booleans()):
        start = window.end + dt.timedelta(days=draw(st.integers(1, 30)))
        follow_mentions = draw(counts)
        follow_up = FollowUp(
            EventWindow(start, start + dt.timedelta(days=draw(st.integers(0, 60)))),
            follow_mentions,
            draw(st.none() | source_mixes(max_outlet=follow_mentions)),
        )
    scale = scale or draw(scales())
    outcome = draw(st.none() | st.sampled_from(scale.labels))
    outcome_date = None
    if outcome is not None and draw(st.booleans()):
        outcome_date = window.start + dt.timedelta(days=draw(st.integers(0, 500)))
    record = CaseRecord(
        case_id=case_id or draw(names),
        official=draw(names),
        country=draw(names),
        window=window,
        mentions=mentions,
        source_mix=draw(source_mixes(max_outlet=min(mentions, 2**63 - 1))),
        publication_sentiment=sentiment,
        comment_samples=tuple(draw(st.lists(comment_samples(), max_size=3))),
        follow_up=follow_up,
        outcome=outcome,
        outcome_date=outcome_date,
        position=draw(st.none() | names),
        event=draw(st.none() | names),
        citation=draw(st.none() | names),
        notes=draw(st.none() | names),
        scale=scale,
    )
    if draw(st.booleans()):
        record = dataclasses.replace(record, coverage=draw(coverages(record)))
    return record


def _split(draw: st.DrawFn, total: int, parts: int) -> list[int]:
    """``total`` as ``parts`` non-negative whole numbers (any split)."""
    cuts = sorted(draw(st.integers(0, total)) for _ in range(parts - 1))
    edges = [0, *cuts, total]
    return [b - a for a, b in itertools.pairwise(edges)]


def _days(draw: st.DrawFn, window: EventWindow, weekly: bool) -> list[dt.date]:
    """1 to 4 distinct periods overlapping ``window`` (Mondays when weekly)."""
    first = window.start - dt.timedelta(days=window.start.weekday()) if weekly else window.start
    step = 7 if weekly else 1
    periods = (window.end - first).days // step + 1
    picks = draw(st.lists(st.integers(0, periods - 1), min_size=1, max_size=min(4, periods), unique=True))
    return sorted(first + dt.timedelta(days=step * k) for k in picks)


@st.composite
def coverages(draw: st.DrawFn, record: CaseRecord) -> CaseCoverage:
    """Dated coverage that agrees with ``record`` (its windows, mentions and coded sentiment)."""
    follow_mentions = 0 if record.follow_up is None else record.follow_up.mentions
    # A week shared by both windows holds both totals, which must still fit 64 bits.
    weekly = record.mentions + follow_mentions < 2**63 and draw(st.booleans())
    spans = [(record.window, record.mentions, record.publication_sentiment)]
    if record.follow_up is not None:
        spans.append((record.follow_up.window, record.follow_up.mentions, None))
    rows: dict[dt.date, list[int]] = {}  # date -> [mentions, social, negative, neutral, positive]
    for window, mentions, sentiment in spans:
        days = _days(draw, window, weekly)
        coded = (
            (0, 0, 0) if sentiment is None else (sentiment.negative, sentiment.neutral, sentiment.positive)
        )
        pieces = [_split(draw, n, len(days)) for n in (*coded, mentions - sum(coded))]
        for k, day in enumerate(days):
            tones = [piece[k] for piece in pieces[:3]]
            total = sum(tones) + pieces[3][k]
            row = rows.setdefault(day, [0, 0, 0, 0, 0])
            row[0] += total
            row[1] += draw(st.integers(0, total))
            for t in range(3):
                row[2 + t] += tones[t]
    dates = sorted(rows)
    labels = draw(
        st.lists(st.sampled_from(["resignation_call", "scandal", "call_2"]), max_size=2, unique=True)
    )
    return CaseCoverage(
        "W" if weekly else "D",
        tuple(dates),
        tuple(rows[d][0] for d in dates),
        tuple(rows[d][0] - rows[d][1] for d in dates),
        tuple(rows[d][1] for d in dates),
        *(tuple(rows[d][2 + t] for d in dates) for t in range(3)),
        events=tuple((label, tuple(draw(counts) for _ in dates)) for label in labels),
    )


@st.composite
def tables(draw: st.DrawFn, max_size: int = 4) -> list[CaseRecord]:
    """Records with distinct case ids (any text) on one scale."""
    n = draw(st.integers(0, max_size))
    ids = draw(st.lists(names, min_size=n, max_size=n, unique=True))
    scale = draw(scales())
    return [draw(records(case_id=case_id, scale=scale)) for case_id in ids]
