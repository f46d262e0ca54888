"""Dated coverage inside a CaseTable: validation naming case and field, lossless in every format."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from careerrep.case_coverage import CaseCoverage
from careerrep.errors import CaseRecordError, TableReadError
from careerrep.parts import EventWindow, FollowUp, SentimentCounts, SourceMix
from careerrep.records import CaseRecord
from careerrep.table import CaseTable
from tests.strategies import coverages, records

FORMATS = [
    ("csv", CaseTable.to_csv, CaseTable.read_csv),
    ("json", CaseTable.to_json, CaseTable.read_json),
    ("parquet", CaseTable.to_parquet, CaseTable.read_parquet),
]
D = dt.date


def _coverage(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "frequency": "D",
        "date": ["2020-03-02", "2020-03-05"],
        "mentions": [3, 1],
        "mass_media": [2, 1],
        "social": [1, 0],
        "negative": [1, 0],
        "neutral": [1, 0],
        "positive": [0, 1],
        "events": {"resignation_call": [0, 1]},
    }
    data.update(changes)
    return data


def _record(coverage: object, **changes: object) -> CaseRecord:
    fields: dict[str, object] = {
        "case_id": "M-1",
        "official": "Minister One",
        "country": "UK",
        "window": EventWindow(D(2020, 3, 1), D(2020, 3, 10)),
        "mentions": 4,
        "source_mix": SourceMix(mass_media=0.75, social=0.25),
        "publication_sentiment": SentimentCounts(1, 1, 1),
        "coverage": coverage,
    }
    fields.update(changes)
    return CaseRecord(**fields)  # type: ignore[arg-type]


def test_a_record_keeps_its_series_and_the_table_gives_it_back_keyed_by_case() -> None:
    record = _record(_coverage())
    assert record.coverage is not None
    assert record.coverage.date == (D(2020, 3, 2), D(2020, 3, 5))
    assert record.coverage.events == (("resignation_call", (0, 1)),)
    series = CaseTable([record]).dated_coverage()
    assert series.key == "case_id" and series.frequency == "D"
    assert series.frame["mentions"].tolist() == [3, 1]
    assert series.frame["event_resignation_call"].tolist() == [0, 1]
    assert series.frame["date"].tolist() == [pd.Timestamp("2020-03-02"), pd.Timestamp("2020-03-05")]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"date": ["2020-02-20", "2020-03-05"]}, "coverage.date[0]", "outside the event window"),
        ({"date": ["2020-03-05", "2020-03-02"]}, "coverage.date[1]", "is not after the entry before it"),
        ({"date": ["2020-03-02", "5 March"]}, "coverage.date[1]", "not an ISO date"),
        ({"mentions": [3, -1], "mass_media": [2, -1]}, "coverage.mentions[1]", "negative count"),
        ({"social": [1.0, 0]}, "coverage.social[0]", "not an integer count"),
        ({"tv": [1, 0]}, "coverage.tv", "source types are mass_media and social"),
        ({"mass_media": [1, 1]}, "coverage.social[0]", "plus mass_media 1 is not the 3 mentions"),
        ({"neutral": [3, 0]}, "coverage.negative[0]", "coded mentions on 2020-03-02, more than"),
        ({"mentions": [3], "date": ["2020-03-02"]}, "coverage.mass_media", "but date has 1"),
        ({"frequency": "M"}, "coverage.frequency", "is not 'D'"),
        ({"frequency": "W"}, "coverage.date[1]", "is not a Monday"),
        ({"events": {"Resignation call": [0, 1]}}, "coverage.events", "event label"),
        ({"events": {"resignation_call": [0, -2]}}, "coverage.events.resignation_call[1]", "negative"),
        ({"positive": [0, 0]}, "coverage.positive", "publication_sentiment.positive = 1"),
    ],
)
def test_bad_coverage_is_refused_naming_case_and_field(changes: dict, field: str, message: str) -> None:
    with pytest.raises(CaseRecordError, match="case 'M-1'") as caught:
        _record(_coverage(**changes))
    assert caught.value.field == field  # type: ignore[attr-defined]
    assert message in str(caught.value)


def test_coverage_must_add_up_to_the_records_windows() -> None:
    with pytest.raises(
        CaseRecordError, match=r"coverage.mentions = 4 from 2020-03-01 to 2020-03-10 is not.* 5"
    ):
        _record(_coverage(), mentions=5)
    follow = FollowUp(EventWindow(D(2020, 3, 20), D(2020, 3, 25)), 2, None)
    with pytest.raises(CaseRecordError, match="is not the follow-up's 2 mentions"):
        _record(_coverage(), follow_up=follow)
    # A day in the follow-up window is inside; counted there, it makes the follow-up add up.
    inside = _coverage(
        date=["2020-03-02", "2020-03-05", "2020-03-21"],
        mentions=[3, 1, 2],
        mass_media=[2, 1, 2],
        social=[1, 0, 0],
        negative=[1, 0, 2],
        neutral=[1, 0, 0],
        positive=[0, 1, 0],
        events={},
    )
    assert _record(inside, follow_up=follow).coverage is not None
    # Without coded sentiment in the record, coverage may not claim any in the window.
    with pytest.raises(CaseRecordError, match="but the record has no sentiment coded"):
        _record(_coverage(), publication_sentiment=None)


def test_weekly_coverage_checks_the_total_and_that_each_week_overlaps_a_window() -> None:
    weekly = _coverage(frequency="W", date=["2020-02-24", "2020-03-09"], events={})
    assert _record(weekly).coverage.period_days == 7  # type: ignore[union-attr]
    with pytest.raises(CaseRecordError, match=r"coverage.date\[0\] = '2020-02-17' is outside"):
        _record(_coverage(frequency="W", date=["2020-02-17", "2020-03-09"], events={}))
    with pytest.raises(CaseRecordError, match="in all is not the record's 5"):
        _record(weekly, mentions=5)


@pytest.mark.parametrize(("suffix", "write", "read"), FORMATS, ids=[f[0] for f in FORMATS])
def test_a_bad_series_in_a_file_names_row_column_and_case(suffix, write, read, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    good = CaseTable([_record(_coverage())])
    path = tmp_path / f"cases.{suffix}"
    write(good, path)
    assert read(path) == good
    bad = json.dumps(_coverage(tv=[1, 0]))
    if suffix == "json":
        document = json.loads(path.read_text(encoding="utf-8"))
        document["records"][0]["coverage"] = json.loads(bad)
        path.write_text(json.dumps(document), encoding="utf-8")
        expected = r"record 1: case 'M-1': coverage.tv"
    else:
        frame = pd.read_csv(path, dtype=str) if suffix == "csv" else pd.read_parquet(path)
        frame.loc[0, "coverage"] = bad
        if suffix == "csv":
            frame.to_csv(path, index=False)
        else:
            frame.to_parquet(path, index=False)
        expected = r"row 1 \(case 'M-1'\), column 'coverage'.*coverage.tv"
    with pytest.raises(TableReadError, match=expected):
        read(path)


def test_a_coverage_cell_that_is_not_an_object_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "cases.csv"
    CaseTable([_record(_coverage())]).to_csv(path)
    frame = pd.read_csv(path, dtype=str)
    frame.loc[0, "coverage"] = "[1, 2]"
    frame.to_csv(path, index=False)
    with pytest.raises(TableReadError, match=r"row 1 \(case 'M-1'\).*'coverage'.*not a JSON object"):
        CaseTable.read_csv(path)


def test_tables_without_coverage_have_no_coverage_column_or_key(tmp_path: Path) -> None:
    table = CaseTable([_record(None)])
    assert "coverage" not in table.to_frame().columns
    assert "coverage" not in table[0].to_dict()
    with pytest.raises(CaseRecordError, match="no case in the table has dated coverage"):
        table.dated_coverage()


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(record=records(), data=st.data())
def test_any_valid_series_round_trips_through_every_format(
    record: CaseRecord, data: st.DataObject, tmp_path_factory: pytest.TempPathFactory
) -> None:
    record = dataclasses.replace(record, coverage=data.draw(coverages(record)))
    other = dataclasses.replace(record, case_id=record.case_id + "-2", coverage=None)
    table = CaseTable([record, other])
    assert CaseTable.from_frame(table.to_frame()) == table
    assert CaseRecord.from_dict(json.loads(json.dumps(record.to_dict()))) == record
    folder = tmp_path_factory.mktemp("coverage")
    for suffix, write, read in FORMATS:
        path = folder / f"cases.{suffix}"
        write(table, path)
        back = read(path)
        assert back == table, suffix
        assert back[0].coverage == record.coverage, suffix


@settings(max_examples=30)
@given(record=records(), data=st.data())
def test_the_long_frame_gives_back_each_series(record: CaseRecord, data: st.DataObject) -> None:
    coverage = data.draw(coverages(record))
    series = CaseTable([dataclasses.replace(record, coverage=coverage)]).dated_coverage()
    assert CaseCoverage.from_frame(series.frame, coverage.frequency) == coverage
