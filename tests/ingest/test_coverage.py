"""Dated coverage from a mention-level export: counts by day equal a direct count of the rows."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from careerrep.errors import IngestError
from careerrep.exits import CAREER_EXITS, SpellTable
from careerrep.ingest import demo_export
from careerrep.ingest.coverage import COUNT_COLUMNS, DatedCoverage, assign_to_spells, dated_coverage


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo")
    return Path(demo_export(folder, n_cases=12, seed=4).export)


def test_daily_counts_equal_a_direct_count_of_the_export(demo: Path) -> None:
    coverage = dated_coverage(demo)
    raw = pd.read_csv(demo)
    raw["date"] = pd.to_datetime(raw["date"].str[:10]).astype("datetime64[ns]")
    direct = raw.groupby(["official", "date"]).agg(
        mentions=("source_type", "size"),
        social=("source_type", lambda s: int((s == "social").sum())),
        negative=("sentiment", lambda s: int((s == "negative").sum())),
    )
    ours = coverage.frame.set_index(["official", "date"])[["mentions", "social", "negative"]]
    pd.testing.assert_frame_equal(ours.sort_index(), direct.sort_index(), check_dtype=False)
    assert coverage.key == "official" and coverage.rows_skipped == 0  # the demo export has no case ids


def test_weekly_rows_sum_the_days(demo: Path) -> None:
    daily, weekly = dated_coverage(demo), dated_coverage(demo, frequency="W")
    assert (weekly.frame["date"].dt.day_of_week == 0).all()
    totals = daily.frame.groupby("official")[list(COUNT_COLUMNS)].sum()
    pd.testing.assert_frame_equal(weekly.frame.groupby("official")[list(COUNT_COLUMNS)].sum(), totals)


def test_events_become_count_columns_and_the_csv_round_trip_is_lossless(demo: Path, tmp_path: Path) -> None:
    first = pd.read_csv(demo).iloc[0]
    events = pd.DataFrame(
        {
            "official": [first["official"]] * 2,
            "date": [first["date"][:10], "2030-01-01"],
            "event": ["Resignation call", "resignation call"],
        }
    )
    coverage = dated_coverage(demo, events=events)
    assert coverage.frame["event_resignation_call"].sum() == 2
    late = coverage.frame[coverage.frame["date"] == pd.Timestamp("2030-01-01")]
    assert late["mentions"].tolist() == [0] and late["event_resignation_call"].tolist() == [1]
    path = tmp_path / "coverage.csv"
    coverage.to_csv(path)
    again = DatedCoverage.read_csv(path, key="official")
    pd.testing.assert_frame_equal(again.frame, coverage.frame)


def test_bad_rows_are_refused_or_skipped(tmp_path: Path) -> None:
    export = tmp_path / "mentions.csv"
    pd.DataFrame(
        {
            "case_id": ["a", "a", "b"],
            "date": ["2021-01-01", "2021-13-40", "2021-01-02"],
            "source_type": ["social", "mass media", "print"],
        }
    ).to_csv(export, index=False)
    with pytest.raises(IngestError, match=r"row 3: date = '2021-13-40' cannot be read"):
        dated_coverage(export)
    lenient = dated_coverage(export, strict=False)
    assert lenient.rows_skipped == 2 and lenient.frame["mentions"].sum() == 1
    no_key = tmp_path / "anonymous.csv"
    pd.DataFrame({"date": ["2021-01-01"], "source_type": ["social"]}).to_csv(no_key, index=False)
    with pytest.raises(IngestError, match="needs a case_id or official column"):
        dated_coverage(no_key)


def test_invalid_frames_are_refused_by_name() -> None:
    frame = pd.DataFrame(
        {
            "case_id": ["a"],
            "date": [pd.Timestamp("2021-01-01")],
            "mentions": [3],
            "mass_media": [1],
            "social": [1],
            "negative": [0],
            "neutral": [0],
            "positive": [0],
        }
    )
    with pytest.raises(IngestError, match=r"case_id 'a', 2021-01-01: mass_media \+ social != mentions"):
        DatedCoverage(frame=frame, key="case_id")
    with pytest.raises(IngestError, match="mentions = -1 is not a whole count"):
        DatedCoverage(frame=frame.assign(mentions=-1), key="case_id")
    with pytest.raises(IngestError, match="two coverage rows for 2021-01-01"):
        DatedCoverage(frame=pd.concat([frame, frame]).assign(mentions=2), key="case_id")


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 2**32 - 1))
def test_assign_to_spells_keeps_exactly_the_days_inside_a_spell(seed: int) -> None:
    rng = np.random.default_rng(seed)
    days = pd.Timestamp("2020-01-01") + pd.to_timedelta(np.sort(rng.choice(200, 40, replace=False)), unit="D")
    counts = rng.integers(1, 5, len(days))
    frame = pd.DataFrame(
        {
            "official": "x",
            "date": days,
            "mentions": counts,
            "mass_media": counts,
            "social": 0,
            "negative": 0,
            "neutral": 0,
            "positive": 0,
        }
    )
    coverage = DatedCoverage(frame=frame, key="official")
    cut = int(rng.integers(20, 120))
    spells = SpellTable.from_frame(
        pd.DataFrame(
            {
                "case_id": ["x1", "x2"],
                "official": ["x", "x"],
                "start": [pd.Timestamp("2020-01-10"), pd.Timestamp("2020-01-10") + pd.Timedelta(days=cut)],
                "end": [pd.Timestamp("2020-01-10") + pd.Timedelta(days=cut), pd.Timestamp("2020-06-01")],
                "exit": ["promoted", "censored"],
            }
        ),
        CAREER_EXITS,
    )
    rows = assign_to_spells(coverage, spells)
    inside = (days >= pd.Timestamp("2020-01-10")) & (days < pd.Timestamp("2020-06-01"))
    assert rows["mentions"].sum() == counts[inside].sum()
    boundary = pd.Timestamp("2020-01-10") + pd.Timedelta(days=cut)
    assert (rows.loc[rows["case_id"] == "x1", "date"] < boundary).all()
    assert (rows.loc[rows["case_id"] == "x2", "date"] >= boundary).all()


@pytest.mark.parametrize("frequency", ["D", "W"])
def test_ingest_keeps_per_case_coverage_equal_to_a_direct_count_of_the_window_rows(
    tmp_path: Path, frequency: str
) -> None:
    from careerrep.ingest import ingest

    files = demo_export(tmp_path, n_cases=10, seed=11)
    table = ingest(files.export, files.cases, coverage=frequency).table
    ours = table.dated_coverage()
    assert ours.frequency == frequency
    # Independent count: the export's rows of each official inside the case's window, by day or week.
    raw = pd.read_csv(files.export)
    raw["date"] = pd.to_datetime(raw["date"].str[:10]).astype("datetime64[ns]")
    cases = pd.read_csv(files.cases)
    merged = raw.merge(cases, on="official")
    inside = merged[
        (merged["date"] >= pd.to_datetime(merged["window_start"]))
        & (merged["date"] <= pd.to_datetime(merged["window_end"]))
    ].copy()
    if frequency == "W":
        inside["date"] = inside["date"] - pd.to_timedelta(inside["date"].dt.day_of_week, unit="D")
    direct = inside.groupby(["case_id", "date"]).agg(
        mentions=("source_type", "size"),
        social=("source_type", lambda s: int((s == "social").sum())),
        negative=("sentiment", lambda s: int((s == "negative").sum())),
    )
    got = ours.frame.set_index(["case_id", "date"])[["mentions", "social", "negative"]]
    pd.testing.assert_frame_equal(got.sort_index(), direct.sort_index(), check_dtype=False)
    for record in table:
        assert record.coverage is not None and sum(record.coverage.mentions) == record.mentions
