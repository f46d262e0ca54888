"""Synthetic exports: mention rows whose counts are known by construction.

Two uses:

- :func:`mentions_from_record` writes out the mentions a coded record
  describes (its volume, source mix, breakdowns and sentiment, to the nearest
  whole mention), so ingesting them must give the record back. The tests use
  it for round trips.
- :func:`demo_export` writes a small study to a folder: an export, a cases
  file and a comment coding sheet for a cohort of invented officials whose
  outcomes depend on their coverage. The docs use it to go from an export to
  a fitted model.

Randomness comes only from the ``seed``.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from careerrep.parts import EventWindow, SentimentCounts, Shares, SourceMix
from careerrep.records import CaseRecord
from careerrep.scale import CAREER_SCALE

EXPORT_COLUMNS = (
    "case_id",
    "official",
    "date",
    "source_type",
    "media_type",
    "platform",
    "region",
    "language",
    "sentiment",
    "outlet",
    "reach",
)


def apportion(shares: Mapping[str, float], total: int) -> dict[str, int]:
    """Whole counts for ``shares`` of ``total`` (largest remainder), keeping any unreported rest.

    The counts add up to ``round(sum(shares) * total)``; each is within one of
    ``share * total``.
    """
    if not shares or total == 0:
        return dict.fromkeys(shares, 0)
    exact = {key: share * total for key, share in shares.items()}
    counts = {key: int(np.floor(value)) for key, value in exact.items()}
    target = min(total, round(sum(shares.values()) * total))
    by_remainder = sorted(exact, key=lambda key: (-(exact[key] - counts[key]), key))
    for key in by_remainder[: max(0, target - sum(counts.values()))]:
        counts[key] += 1
    return counts


def _labels(counts: Mapping[str, int], size: int, rng: np.random.Generator) -> np.ndarray:
    """``size`` labels holding each key ``counts[key]`` times (the rest empty), shuffled."""
    cells = np.full(size, None, dtype=object)
    filled = np.concatenate(
        [np.full(count, key, dtype=object) for key, count in counts.items()] or [np.array([], dtype=object)]
    )
    cells[: len(filled)] = filled
    return rng.permutation(cells)


def _window_rows(
    record: CaseRecord,
    window: EventWindow,
    mentions: int,
    mix: SourceMix | None,
    rng: np.random.Generator,
    *,
    main: bool,
) -> pd.DataFrame:
    if mix is None:
        mix = SourceMix(mass_media=1.0, social=0.0)
    n_social = apportion({"social": mix.social}, mentions)["social"]
    n_mass = mentions - n_social
    kind = np.array(["mass media"] * n_mass + ["social"] * n_social, dtype=object)
    media_type = np.concatenate(
        [_labels(apportion(mix.media_types.as_dict(), n_mass), n_mass, rng), np.full(n_social, None)]
    )
    platform = np.concatenate(
        [np.full(n_mass, None), _labels(apportion(mix.platforms.as_dict(), n_social), n_social, rng)]
    )
    outlets = dict(mix.outlets) if main else {}
    outlet = np.concatenate([_labels(outlets, n_mass, rng), np.full(n_social, None)])
    region = _labels(apportion(mix.regions.as_dict(), mentions), mentions, rng)
    tones: dict[str, int] = {}
    if main and record.publication_sentiment is not None:
        tones = record.publication_sentiment.to_dict()
    sentiment = _labels(tones, mentions, rng)
    offsets = rng.integers(0, window.days, size=mentions)
    seconds = rng.integers(0, 24 * 3600, size=mentions)
    stamps = (
        pd.to_datetime(window.start) + pd.to_timedelta(offsets, unit="D") + pd.to_timedelta(seconds, unit="s")
    )
    return pd.DataFrame(
        {
            "case_id": record.case_id,
            "official": record.official,
            "date": stamps.strftime("%Y-%m-%dT%H:%M:%S"),
            "source_type": kind,
            "media_type": media_type,
            "platform": platform,
            "region": region,
            "language": rng.choice(["kk", "ru"], size=mentions),
            "sentiment": sentiment,
            "outlet": outlet,
            "reach": rng.integers(10, 50_000, size=mentions),
        }
    )


def mentions_from_record(record: CaseRecord, seed: int | np.random.Generator = 0) -> pd.DataFrame:
    """The mention rows a record describes, in random order.

    Counts are the record's shares times its mentions, rounded to whole
    mentions (largest remainder); parts the record leaves unreported get
    empty cells. Follow-up mentions are included when the record has them.
    """
    rng = np.random.default_rng(seed)
    frames = [_window_rows(record, record.window, record.mentions, record.source_mix, rng, main=True)]
    if record.follow_up is not None:
        follow = record.follow_up
        frames.append(
            _window_rows(record, follow.window, follow.mentions, follow.source_mix, rng, main=False)
        )
    frame = pd.concat(frames, ignore_index=True)
    return frame.iloc[rng.permutation(len(frame))].reset_index(drop=True)


def cases_frame(records: list[CaseRecord] | tuple[CaseRecord, ...]) -> pd.DataFrame:
    """A cases file (as a frame) describing the records' windows and outcomes."""
    rows = []
    for record in records:
        follow = record.follow_up
        rows.append(
            {
                "case_id": record.case_id,
                "official": record.official,
                "country": record.country,
                "window_start": record.window.start.isoformat(),
                "window_end": record.window.end.isoformat(),
                "outcome": record.outcome,
                "outcome_date": None if record.outcome_date is None else record.outcome_date.isoformat(),
                "follow_up_start": None if follow is None else follow.window.start.isoformat(),
                "follow_up_end": None if follow is None else follow.window.end.isoformat(),
            }
        )
    return pd.DataFrame(rows)


@dataclass(frozen=True)
class DemoFiles:
    """Paths of the files :func:`demo_export` wrote."""

    export: Path
    cases: Path
    comments: Path


def demo_export(folder: str | os.PathLike[str], n_cases: int = 60, seed: int = 0) -> DemoFiles:
    """Write an invented study: ``mentions.csv``, ``cases.csv`` and ``comments.csv``.

    Each of ``n_cases`` officials has an event window of 5 to 60 days, a
    mention volume, a social share and a share of negative publications.
    The outcome (on :data:`~careerrep.scale.CAREER_SCALE`) follows a
    cumulative logit model in which more mentions per day and more negative
    coverage make a worse outcome, so a model fitted to the ingested table has
    something to find. Each case has one post of coded comments.
    """
    rng = np.random.default_rng(seed)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    first_day = dt.date(2019, 1, 1)
    case_rows, mention_frames, comment_rows = [], [], []
    for i in range(n_cases):
        case_id, official = f"C{i + 1:03d}", f"Official {i + 1:03d}"
        start = first_day + dt.timedelta(days=int(rng.integers(0, 700)))
        days = int(rng.integers(5, 61))
        log_rate = rng.normal(1.6, 0.7)
        mentions = max(5, int(rng.poisson(np.exp(log_rate) * days)))
        social = float(rng.beta(4, 4))
        negative = float(rng.beta(2, 3))
        latent = -1.0 * (log_rate - 1.6) / 0.7 - 4.0 * (negative - 0.4) + rng.logistic()
        outcome = CAREER_SCALE.labels[int(np.searchsorted([-1.2, 0.0, 1.2], latent))]
        window = EventWindow(start, start + dt.timedelta(days=days - 1))
        tones = apportion(
            {"negative": negative, "neutral": (1 - negative) / 3, "positive": 2 * (1 - negative) / 3},
            mentions,
        )
        record = CaseRecord(
            case_id=case_id,
            official=official,
            country="Demoland",
            window=window,
            mentions=mentions,
            source_mix=SourceMix(
                mass_media=1 - social,
                social=social,
                media_types=Shares({"news agencies": 0.5, "print media": 0.3, "electronic media": 0.2}),
                platforms=Shares({"Facebook": 0.5, "Instagram": 0.3, "Telegram": 0.2}),
                regions=Shares({"capital": 0.6, "provinces": 0.4}),
            ),
            publication_sentiment=SentimentCounts(**tones),
            outcome=outcome,
        )
        case_rows.append(record)
        mention_frames.append(mentions_from_record(record, rng))
        n_comments = int(rng.integers(20, 60))
        for tone in rng.choice(
            ["negative", "neutral", "positive"],
            size=n_comments,
            p=[negative, (1 - negative) / 2, (1 - negative) / 2],
        ):
            comment_rows.append(
                {
                    "case_id": case_id,
                    "post": 1,
                    "platform": "Facebook",
                    "sentiment": tone,
                    "gender": rng.choice(["male", "female", ""]),
                }
            )
    files = DemoFiles(folder / "mentions.csv", folder / "cases.csv", folder / "comments.csv")
    pd.concat(mention_frames, ignore_index=True).drop(columns=["case_id"]).to_csv(files.export, index=False)
    cases_frame(case_rows).to_csv(files.cases, index=False)
    pd.DataFrame(comment_rows).to_csv(files.comments, index=False)
    return files
