"""Per-case counts of an ingested export against a direct pandas groupby of the same rows.

The export is generated here, so which mention belongs to which case (and
which falls outside every window) is known by construction; the expected
counts come from pandas, not from careerrep.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from tempfile import TemporaryDirectory

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from careerrep.errors import IngestError
from careerrep.ingest import ingest

PLATFORMS = ["Facebook", "VKontakte", "Instagram", "Telegram"]
MEDIA_TYPES = ["news agencies", "print media", "electronic media"]
REGIONS = ["Almaty", "Nur-Sultan", "Kazakhstan-wide"]
TONES = ["negative", "neutral", "positive"]
FIRST = dt.date(2019, 1, 1)


@st.composite
def studies(draw: st.DrawFn) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A cases frame and a mention frame; mentions may fall before, in, between or after the windows."""
    n_cases = draw(st.integers(1, 4))
    cases = []
    for i in range(n_cases):
        start = FIRST + dt.timedelta(days=draw(st.integers(0, 60)))
        end = start + dt.timedelta(days=draw(st.integers(0, 20)))
        follow_end = end + dt.timedelta(days=draw(st.integers(1, 10)))
        cases.append(
            {
                "case_id": f"K{i}",
                "official": f"Official {i}",
                "country": "Kazakhstan",
                "window_start": start.isoformat(),
                "window_end": end.isoformat(),
                "follow_up_end": follow_end.isoformat() if draw(st.booleans()) else None,
            }
        )
    n_rows = draw(st.integers(1, 120))
    rows = []
    for _ in range(n_rows):
        case = draw(st.integers(0, n_cases - 1))
        social = draw(st.booleans())
        rows.append(
            {
                "case_id": f"K{case}",
                "date": (FIRST + dt.timedelta(days=draw(st.integers(-5, 100)))).isoformat(),
                "source_type": "social" if social else "mass media",
                "media_type": None if social else draw(st.sampled_from([None, *MEDIA_TYPES])),
                "platform": draw(st.sampled_from([None, *PLATFORMS])) if social else None,
                "region": draw(st.sampled_from([None, *REGIONS])),
                "sentiment": draw(st.sampled_from([None, *TONES])),
            }
        )
    return pd.DataFrame(cases), pd.DataFrame(rows)


def expected_slots(cases: pd.DataFrame, mentions: pd.DataFrame) -> pd.DataFrame:
    """The mentions with a ``slot`` column: 'window', 'follow_up' or NaN (outside)."""
    merged = mentions.merge(cases, on="case_id")
    day = pd.to_datetime(merged["date"])
    in_window = (day >= pd.to_datetime(merged["window_start"])) & (
        day <= pd.to_datetime(merged["window_end"])
    )
    follow_start = pd.to_datetime(merged["window_end"]) + pd.Timedelta(days=1)
    in_follow = (
        merged["follow_up_end"].notna()
        & (day >= follow_start)
        & (day <= pd.to_datetime(merged["follow_up_end"]))
    )
    merged["slot"] = np.select([in_window, in_follow], ["window", "follow_up"], default=None)
    return merged


def ingest_frames(cases: pd.DataFrame, mentions: pd.DataFrame, folder: Path, chunksize: int = 50):
    """The lenient ingest, or ``None`` when it kept no case (an IngestError, issue 18)."""
    mentions.to_csv(folder / "mentions.csv", index=False)
    cases.to_csv(folder / "cases.csv", index=False)
    try:
        return ingest(folder / "mentions.csv", folder / "cases.csv", strict=False, chunksize=chunksize)
    except IngestError as error:
        assert "no case kept" in str(error)
        return None


def shares(frame: pd.DataFrame, column: str) -> dict[str, float]:
    counts = frame[column].value_counts()
    return {key: count / len(frame) for key, count in counts.items()}


@settings(max_examples=30)
@given(studies())
def test_per_case_counts_and_shares_match_a_pandas_groupby(study: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    cases, mentions = study
    with TemporaryDirectory() as tmp:
        result = ingest_frames(cases, mentions, Path(tmp))
    placed = expected_slots(cases, mentions)
    window = placed[placed["slot"] == "window"]
    if result is None:
        assert window.empty
        return
    assert result.report.rows_read == len(mentions)
    assert result.report.rows_used == placed["slot"].notna().sum()
    assert result.report.skipped_by_reason().get("outside every window", 0) == placed["slot"].isna().sum()
    expected_ids = sorted(window["case_id"].unique())
    assert sorted(result.table.case_ids) == expected_ids
    for case_id, rows in window.groupby("case_id"):
        record = result.table[case_id]
        mass, social = rows[rows["source_type"] == "mass media"], rows[rows["source_type"] == "social"]
        assert record.mentions == len(rows)
        assert record.source_mix.social == pytest.approx(len(social) / len(rows))
        assert record.source_mix.mass_media == pytest.approx(len(mass) / len(rows))
        assert record.source_mix.platforms.as_dict() == pytest.approx(
            shares(social, "platform") if len(social) else {}
        )
        assert record.source_mix.media_types.as_dict() == pytest.approx(
            shares(mass, "media_type") if len(mass) else {}
        )
        assert record.source_mix.regions.as_dict() == pytest.approx(shares(rows, "region"))
        tones = rows["sentiment"].value_counts()
        if tones.sum() == 0:
            assert record.publication_sentiment is None
        else:
            assert record.publication_sentiment.to_dict() == {t: int(tones.get(t, 0)) for t in TONES}
        has_follow_up = bool(pd.notna(cases.set_index("case_id").loc[case_id, "follow_up_end"]))
        assert (record.follow_up is not None) == has_follow_up
        if has_follow_up:
            follow = placed[(placed["slot"] == "follow_up") & (placed["case_id"] == case_id)]
            assert record.follow_up.mentions == len(follow)
    dropped = {case_id for case_id, _ in result.report.dropped_cases}
    assert dropped == set(cases["case_id"]) - set(expected_ids)


@settings(max_examples=20)
@given(studies(), st.integers(0, 2**32 - 1), st.integers(1, 40))
def test_counts_do_not_depend_on_row_order_or_chunk_size(
    study: tuple[pd.DataFrame, pd.DataFrame], seed: int, chunksize: int
) -> None:
    cases, mentions = study
    shuffled = mentions.sample(frac=1.0, random_state=np.random.default_rng(seed)).reset_index(drop=True)
    with TemporaryDirectory() as tmp:
        first = ingest_frames(cases, mentions, Path(tmp), chunksize=1000)
        second = ingest_frames(cases, shuffled, Path(tmp), chunksize=chunksize)
    if first is None or second is None:
        assert first is None and second is None
        return
    assert first.table.records == second.table.records
    assert first.report.skipped == second.report.skipped
