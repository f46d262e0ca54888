from __future__ import annotations

import json
import os
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings

from careerrep import CAREER_SCALE, CaseRecordError, OutcomeScale
from careerrep.datasets import kazakhstan_2019
from careerrep.errors import TableReadError
from careerrep.records import CaseRecord
from careerrep.table import CaseTable
from tests.strategies import tables

FILE_FORMATS = [
    ("csv", CaseTable.to_csv, CaseTable.read_csv),
    ("json", CaseTable.to_json, CaseTable.read_json),
    ("parquet", CaseTable.to_parquet, CaseTable.read_parquet),
]


def test_table_keeps_order_and_finds_cases_by_id() -> None:
    table = kazakhstan_2019()
    assert table.case_ids == ("B-2019", "K-2019", "G-2019")
    assert table["K-2019"].mentions == 529
    assert table[0].case_id == "B-2019"
    assert table[1:].case_ids == ("K-2019", "G-2019")
    with pytest.raises(KeyError):
        table["nope"]


def test_duplicate_case_ids_are_refused() -> None:
    record = kazakhstan_2019()[0]
    with pytest.raises(CaseRecordError, match="case 'B-2019': case_id appears twice"):
        CaseTable([record, record])


def test_records_on_another_scale_are_refused() -> None:
    record = kazakhstan_2019()[0]
    other = OutcomeScale(["fired", "kept"])
    with pytest.raises(CaseRecordError, match="differs from the table's scale"):
        CaseTable([record], scale=other)


def test_frame_types() -> None:
    frame = kazakhstan_2019().to_frame()
    assert str(frame["mentions"].dtype) == "Int64"
    assert pd.api.types.is_datetime64_any_dtype(frame["window.start"])
    assert frame["outcome"].cat.ordered
    assert list(frame["outcome"].cat.categories) == list(CAREER_SCALE.labels)
    # Not reported stays missing, not zero: case 3 gives no regions.
    assert frame.loc[2, "source_mix.regions:Almaty"] != frame.loc[2, "source_mix.regions:Almaty"]
    assert frame.loc[0, "publication_sentiment.positive"] is pd.NA


@pytest.mark.parametrize(("suffix", "write", "read"), FILE_FORMATS, ids=[f[0] for f in FILE_FORMATS])
def test_bundled_cases_survive_every_file_format(suffix, write, read, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    table = kazakhstan_2019()
    path = tmp_path / f"cases.{suffix}"
    write(table, path)
    assert read(path) == table


@settings(
    max_examples=25,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(records=tables())
def test_round_trips_lose_nothing(
    records: list[CaseRecord], tmp_path_factory: pytest.TempPathFactory
) -> None:
    table = CaseTable(records)
    assert CaseTable.from_frame(table.to_frame()) == table
    folder = tmp_path_factory.mktemp("round")
    for suffix, write, read in FILE_FORMATS:
        path = folder / f"cases.{suffix}"
        write(table, path)
        assert read(path) == table, suffix


def _bad_csv(tmp_path: Path, column: str, value: str) -> Path:
    path = tmp_path / "cases.csv"
    kazakhstan_2019().to_csv(path)
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.loc[1, column] = value
    frame.to_csv(path, index=False)
    return path


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        (
            "source_mix.social",
            "1.3",
            r"row 2 \(case 'K-2019'\), column 'source_mix.social'.*1.3 is not a share",
        ),
        (
            "mentions",
            "five",
            r"row 2 \(case 'K-2019'\): column 'mentions': 'five' is not an integer",
        ),
        ("mentions", "529.5", r"row 2 .*'mentions'.*is not an integer"),
        ("window.end", "2019-13-45", r"row 2 .*'window.end'.*not an ISO date"),
        (
            "source_mix.platforms:Facebook",
            "0.9",
            r"row 2 .*column 'source_mix.platforms:\*'.*sums to",
        ),
        ("outcome", "sacked", r"row 2 .*column 'outcome'.*'sacked' is not on the scale"),
        ("comment_samples", "[{", r"row 2 .*'comment_samples'.*not valid JSON"),
    ],
)
def test_bad_csv_names_row_column_and_value(tmp_path: Path, column: str, value: str, message: str) -> None:
    path = _bad_csv(tmp_path, column, value)
    with pytest.raises(TableReadError, match=message):
        CaseTable.read_csv(path)


def test_bad_json_names_the_record(tmp_path: Path) -> None:
    path = tmp_path / "cases.json"
    kazakhstan_2019().to_json(path)
    document = json.loads(path.read_text())
    document["records"][2]["mentions"] = -1
    path.write_text(json.dumps(document))
    with pytest.raises(TableReadError, match=r"record 3: case 'G-2019': mentions = -1 is a negative count"):
        CaseTable.read_json(path)


def test_unreadable_files_raise_table_read_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text("{not json")
    with pytest.raises(TableReadError, match="not valid JSON"):
        CaseTable.read_json(path)
    parquet = tmp_path / "broken.parquet"
    parquet.write_bytes(b"PAR1 this is not parquet")
    with pytest.raises(TableReadError, match="not a readable Parquet"):
        CaseTable.read_parquet(parquet)


def test_failed_write_leaves_no_file_behind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(self: pd.DataFrame, *args: object, **kwargs: object) -> None:
        Path(args[0]).write_text("half")  # type: ignore[arg-type]
        raise OSError("disk full")

    monkeypatch.setattr(pd.DataFrame, "to_csv", explode)
    target = tmp_path / "cases.csv"
    with pytest.raises(OSError, match="disk full"):
        kazakhstan_2019().to_csv(target)
    assert os.listdir(tmp_path) == []


def test_empty_table_round_trips(tmp_path: Path) -> None:
    empty = CaseTable([])
    assert len(empty.to_frame()) == 0
    path = tmp_path / "empty.json"
    empty.to_json(path)
    assert CaseTable.read_json(path) == empty
