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


# --- issue 18: truncation, typos, duplicates, awkward text, file modes --------------------


def _kazakhstan_csv(tmp_path: Path) -> tuple[Path, bytes]:
    path = tmp_path / "cases.csv"
    kazakhstan_2019().to_csv(path)
    return path, path.read_bytes()


def test_a_csv_cut_anywhere_inside_its_last_row_or_header_is_refused(tmp_path: Path) -> None:
    _, data = _kazakhstan_csv(tmp_path)
    last_row = data.rstrip(b"\r\n").rindex(b"\r\n") + 2
    header_end = data.index(b"\r\n")
    cut_points = [*range(1, header_end), *range(last_row + 1, len(data) - 1)]
    cut = tmp_path / "cut.csv"
    accepted = []
    for point in cut_points:
        cut.write_bytes(data[:point])
        try:
            CaseTable.read_csv(cut)
        except TableReadError as error:
            assert "cut short" in str(error) or "field(s)" in str(error) or "JSON" in str(error), str(error)
        else:
            accepted.append(point)
    assert accepted == [], f"{len(accepted)} of {len(cut_points)} cut points read as complete"
    # Cut exactly at a line end, the file is a complete shorter table (nothing can tell).
    cut.write_bytes(data[:last_row])
    assert len(CaseTable.read_csv(cut)) == 2


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "is empty"),
        ("case_id,official\r\nA,B,C\r\n", r"line 2 has 3 field\(s\), the header has 2"),
        ("case_id,official\r\nA\r\n", r"line 2 has 1 field\(s\), the header has 2"),
        ('case_id,official\r\n"A,B\r\n', "never closed: the file looks cut short"),
        ("case_id,case_id\r\nA,B\r\n", "'case_id' appear more than once"),
    ],
)
def test_csv_rows_that_do_not_fit_the_header_are_refused(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "t.csv"
    path.write_text(text, encoding="utf-8", newline="")
    with pytest.raises(TableReadError, match=message):
        CaseTable.read_csv(path)


def test_reading_a_folder_or_a_missing_file_says_so(tmp_path: Path) -> None:
    with pytest.raises(TableReadError, match="is a folder"):
        CaseTable.read_csv(tmp_path)
    with pytest.raises(TableReadError, match="does not exist"):
        CaseTable.read_csv(tmp_path / "nope.csv")


@pytest.mark.parametrize(
    "rename",
    [
        {"source_mix.platforms:Facebook": "source_mix.platform:Facebook"},
        {"publication_sentiment.neutral": "publication_sentiment.mixed"},
        {"notes": "note"},
    ],
)
@pytest.mark.parametrize("suffix", ["csv", "parquet"])
def test_misspelt_or_extra_columns_are_refused(tmp_path: Path, rename: dict[str, str], suffix: str) -> None:
    frame = kazakhstan_2019().to_frame().rename(columns=rename)
    path = tmp_path / f"t.{suffix}"
    if suffix == "csv":
        frame.to_csv(path, index=False, date_format="%Y-%m-%d")
        reader = CaseTable.read_csv
    else:
        frame.to_parquet(path, index=False)
        reader = CaseTable.read_parquet
    (wrong,) = rename.values()
    with pytest.raises(TableReadError, match=rf"unknown column\(s\) '{wrong}'"):
        reader(path)
    frame = kazakhstan_2019().to_frame().assign(extra=1)
    with pytest.raises(TableReadError, match=r"unknown column\(s\) 'extra'"):
        CaseTable.from_frame(frame)


def test_a_duplicated_csv_column_is_refused(tmp_path: Path) -> None:
    path, data = _kazakhstan_csv(tmp_path)
    text = data.decode()
    header, rest = text.split("\r\n", 1)
    lines = [line + ",x" for line in rest.split("\r\n") if line]
    path.write_text(header + ",notes\r\n" + "\r\n".join(lines) + "\r\n", encoding="utf-8", newline="")
    with pytest.raises(TableReadError, match="'notes' appear more than once"):
        CaseTable.read_csv(path)


def test_duplicate_case_ids_in_files_name_both_rows(tmp_path: Path) -> None:
    frame = kazakhstan_2019().to_frame()
    frame.loc[2, "case_id"] = "B-2019"
    with pytest.raises(TableReadError, match=r"row 3 \(case 'B-2019'\): case_id already used in row 1"):
        CaseTable.from_frame(frame)
    path = tmp_path / "t.json"
    kazakhstan_2019().to_json(path)
    document = json.loads(path.read_text())
    document["records"][1]["case_id"] = "B-2019"
    path.write_text(json.dumps(document))
    with pytest.raises(TableReadError, match=r"record 2 \(case 'B-2019'\): case_id already used in record 1"):
        CaseTable.read_json(path)


@pytest.mark.parametrize(
    ("cell", "value"),
    [
        ("mentions", "5_6_7"),
        ("mentions", "٤٢"),
        ("mentions", " 529"),
        ("source_mix.social", "nan"),
        ("source_mix.social", "٠.٥"),
    ],
)
def test_cells_a_writer_never_writes_are_refused(tmp_path: Path, cell: str, value: str) -> None:
    path = _bad_csv(tmp_path, cell, value)
    with pytest.raises(TableReadError, match=rf"row 2 .*'{cell}'.*is not"):
        CaseTable.read_csv(path)


def _awkward_record() -> CaseRecord:
    record = kazakhstan_2019()[0].to_dict()
    record["notes"] = 'first line\rsecond line\r\nthird, "quoted" <b>\x1f'
    record["official"] = "  B. "
    record["scale"] = ["left <1 year", " stayed", "promoted > once"]
    record["outcome"] = "left <1 year"
    return CaseRecord.from_dict(record)


@pytest.mark.parametrize(("suffix", "write", "read"), FILE_FORMATS, ids=[f[0] for f in FILE_FORMATS])
def test_awkward_text_and_scale_labels_survive_every_format(suffix, write, read, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    table = CaseTable([_awkward_record()])
    path = tmp_path / f"t.{suffix}"
    write(table, path)
    back = read(path)
    assert back == table
    assert back.scale.labels == ("left <1 year", " stayed", "promoted > once")


def test_old_scale_cells_are_still_read(tmp_path: Path) -> None:
    path = _bad_csv(tmp_path, "scale", "fired < resigned < retained < promoted")
    assert CaseTable.read_csv(path) == kazakhstan_2019()


def test_json_bom_format_version_and_scale_are_checked(tmp_path: Path) -> None:
    path = tmp_path / "t.json"
    kazakhstan_2019().to_json(path)
    text = path.read_text(encoding="utf-8")
    path.write_bytes(b"\xef\xbb\xbf" + text.encode())
    assert CaseTable.read_json(path) == kazakhstan_2019()
    for key, value, message in [
        ("format", "something.else", "format = 'something.else'"),
        ("version", 99, "version = 99"),
        ("scale", "abc", "scale = 'abc' is not a list"),
        ("colour", "red", "unknown key"),
    ]:
        document = json.loads(text)
        document[key] = value
        path.write_text(json.dumps(document))
        with pytest.raises(TableReadError, match=message):
            CaseTable.read_json(path)


def test_writes_keep_the_mode_and_the_symlink_and_clean_leftovers(tmp_path: Path) -> None:
    table = kazakhstan_2019()
    real = tmp_path / "real.csv"
    real.write_text("old")
    real.chmod(0o644)
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    # A temporary file of a writer that was SIGKILLed (its process no longer exists).
    dead_pid = 2**22 + 12345
    with pytest.raises(ProcessLookupError):
        os.kill(dead_pid, 0)
    leftover = tmp_path / f".real.csv.{dead_pid}.abcd.careerrep-tmp"
    leftover.write_text("22 MB of half a table")
    table.to_csv(link)
    assert link.is_symlink() and CaseTable.read_csv(real) == table
    assert real.stat().st_mode & 0o777 == 0o644
    assert not leftover.exists()
    assert sorted(os.listdir(tmp_path)) == ["link.csv", "real.csv"]
    fresh = tmp_path / "fresh.parquet"
    umask = os.umask(0o022)
    try:
        table.to_parquet(fresh)
    finally:
        os.umask(umask)
    assert fresh.stat().st_mode & 0o777 == 0o644


@pytest.mark.parametrize(("column", "value"), [("comment_samples", "{}"), ("source_mix.outlets", "7")])
def test_list_cells_that_are_not_lists_are_refused(tmp_path: Path, column: str, value: str) -> None:
    path = _bad_csv(tmp_path, column, value)
    with pytest.raises(TableReadError, match=rf"row 2 .*'{column}'.* is not a JSON list"):
        CaseTable.read_csv(path)


def test_a_nul_byte_in_a_csv_cell_is_refused_not_dropped(tmp_path: Path) -> None:
    path = _bad_csv(tmp_path, "notes", "before\x00after")
    with pytest.raises(TableReadError, match="line 3: contains a NUL character"):
        CaseTable.read_csv(path)
