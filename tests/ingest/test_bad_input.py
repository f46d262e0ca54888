"""Ingest under bad input: number cells, truncated files, typos, thousands separators (issue 18)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from careerrep.cli import main
from careerrep.errors import IngestError
from careerrep.ingest import demo_export, ingest


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory):
    return demo_export(tmp_path_factory.mktemp("demo"), n_cases=3, seed=1)


def _with_cells(demo, tmp_path: Path, column: str, cells: dict[int, str]) -> Path:
    frame = pd.read_csv(demo.export, dtype=str, keep_default_na=False)
    for position, value in cells.items():
        frame.loc[position, column] = value
    path = tmp_path / "export.csv"
    frame.to_csv(path, index=False)
    return path


# --- item 1: number cells plain parsing cannot read ---------------------------------------


@pytest.mark.parametrize("column", ["reach", "engagement"])
def test_grouped_numbers_are_read_and_unreadable_ones_are_problem_rows(
    demo, tmp_path: Path, column: str, capsys: pytest.CaptureFixture[str]
) -> None:
    frame = pd.read_csv(demo.export, dtype=str, keep_default_na=False)
    if column not in frame.columns:
        frame[column] = "1"
    frame[column] = "1"
    path = tmp_path / "export.csv"
    frame.loc[0, column] = "1 200"  # spaces as thousands separators are removed (the docs promise it)
    frame.loc[1, column] = "1,234"  # a comma beside '.' decimals can only group thousands
    frame.to_csv(path, index=False)
    result = ingest(path, demo.cases)
    expected = len(frame) - 2 + 1200 + 1234
    assert result.case_totals[column].sum() == expected
    for bad, reason in (
        ("n/a", "not a number"),
        ("nan", "not a number"),
        ("inf", "not a number"),
        ("1,2", "not a number"),
        ("-5", "negative number"),
    ):
        frame.loc[2, column] = bad
        frame.to_csv(path, index=False)
        with pytest.raises(IngestError, match=rf"row 4, column '{column}': {reason}"):
            ingest(path, demo.cases)
        lenient = ingest(path, demo.cases, strict=False)
        assert lenient.report.skipped_by_reason() == {reason: 1}
        out = tmp_path / "t.csv"
        assert main(["ingest", str(path), "--cases", str(demo.cases), "--out", str(out)]) == 2
        assert "internal error" not in capsys.readouterr().err
        assert main(["ingest", str(path), "--cases", str(demo.cases), "--lenient", "--out", str(out)]) == 0
        assert f"1 x {reason} (first rows: 4)" in capsys.readouterr().out


# --- item 2: truncated and ragged files ---------------------------------------------------


def test_an_export_cut_anywhere_in_its_last_row_is_never_read_as_complete(demo, tmp_path: Path) -> None:
    data = Path(demo.export).read_bytes()
    last_row = data.rstrip(b"\n").rindex(b"\n") + 1
    complete = ingest(demo.export, demo.cases)
    cut = tmp_path / "cut.csv"
    silently_accepted = []
    for point in range(last_row + 1, len(data) - 1):
        cut.write_bytes(data[:point])
        try:
            ingest(cut, demo.cases)
        except IngestError as error:
            assert "cut short" in str(error) or "field(s)" in str(error), str(error)
        else:
            silently_accepted.append(point)
        lenient = ingest(cut, demo.cases, strict=False)
        line = data[:last_row].count(b"\n") + 1
        reasons = lenient.report.skipped_by_reason()
        assert sum(reasons.values()) == 1 and [p.row for p in lenient.report.problems] == [line]
        assert lenient.report.rows_read == complete.report.rows_read
    assert silently_accepted == []


def test_rows_with_fewer_or_more_fields_than_the_header_are_problem_rows(demo, tmp_path: Path) -> None:
    lines = Path(demo.export).read_text().splitlines()
    lines[3] = lines[3].rsplit(",", 3)[0]  # file row 4 loses its last three fields
    lines[6] = lines[6] + ",extra"
    path = tmp_path / "ragged.csv"
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(
        IngestError, match=r"row 4: wrong number of fields: '7 field\(s\), the header has 10'"
    ):
        ingest(path, demo.cases)
    lenient = ingest(path, demo.cases, strict=False)
    assert lenient.report.skipped_by_reason() == {"wrong number of fields": 2}
    assert [p.row for p in lenient.report.problems] == [4, 7]


def test_a_header_without_data_and_an_empty_file_are_refused(demo, tmp_path: Path) -> None:
    path = tmp_path / "header.csv"
    path.write_text(Path(demo.export).read_text().splitlines()[0] + "\n")
    with pytest.raises(IngestError, match="header has no data rows"):
        ingest(path, demo.cases)
    path.write_text("")
    with pytest.raises(IngestError, match="is empty"):
        ingest(path, demo.cases)


@pytest.mark.parametrize("which", ["cases", "comments"])
def test_cut_or_ragged_side_files_are_refused_naming_the_row(demo, tmp_path: Path, which: str) -> None:
    source = Path(demo.cases if which == "cases" else demo.comments)
    data = source.read_bytes()
    cut = tmp_path / f"{which}.csv"
    cut.write_bytes(data[:-3])
    kwargs = {"comments": cut} if which == "comments" else {}
    cases = cut if which == "cases" else demo.cases
    with pytest.raises(IngestError, match="cut short|field"):
        ingest(demo.export, cases, **kwargs)
    cut.write_bytes(data.split(b"\n")[0] + b"\n")
    with pytest.raises(IngestError, match="header but no rows|no cases"):
        ingest(demo.export, cases, **kwargs)


# --- item 18: blank lines keep the row numbers of the file --------------------------------


def test_blank_lines_do_not_shift_side_file_row_numbers(demo, tmp_path: Path) -> None:
    cases = Path(demo.cases).read_text().splitlines()
    cases.insert(1, "")  # a blank line at row 2: the first case is now on row 3
    cases[2] = cases[2].replace("2019-11-28", "2019-13-28")
    path = tmp_path / "cases.csv"
    path.write_text("\n".join(cases) + "\n")
    with pytest.raises(IngestError, match=r"row 3, column 'window_start'"):
        ingest(demo.export, path)
    sheet = Path(demo.comments).read_text().splitlines()
    sheet.insert(2, "")
    sheet[3] = sheet[3].replace("Facebook", "Myspace")
    comments = tmp_path / "comments.csv"
    comments.write_text("\n".join(sheet) + "\n")
    with pytest.raises(IngestError, match=r"row 4, column 'platform': unknown platform"):
        ingest(demo.export, demo.cases, comments=comments)


def test_a_multi_line_cell_does_not_shift_later_row_numbers(demo, tmp_path: Path) -> None:
    frame = pd.read_csv(demo.export, dtype=str, keep_default_na=False)
    frame.loc[0, "outlet"] = "two\nlines"
    frame.loc[5, "source_type"] = "radio"
    path = tmp_path / "m.csv"
    frame.to_csv(path, index=False)
    with pytest.raises(IngestError, match=r"row 8, column 'source_type': unknown source type"):
        ingest(path, demo.cases)


# --- item 5: thousands separators in counts -----------------------------------------------


def _per_post_sheet(tmp_path: Path, cells: dict[str, str], sep: str = ",") -> Path:
    header = ["case_id", "platform", "negative", "neutral", "positive", "likes"]
    row = {
        "case_id": "C001",
        "platform": "Facebook",
        "negative": "1",
        "neutral": "1",
        "positive": "1",
        "likes": "7",
    } | cells
    path = tmp_path / "sheet.csv"
    quote = '"{}"'.format
    path.write_text(sep.join(header) + "\n" + sep.join(quote(row[h]) for h in header) + "\n")
    return path


@pytest.mark.parametrize(
    ("sep", "likes", "expected"),
    [
        (",", "1,000", 1000),
        (",", "1 000", 1000),
        (",", "27.0", 27),
        (",", "1,234,567", 1234567),
        (";", "2.000", 2000),
        (";", "27,0", 27),
        (";", "1.000.000", 1000000),
    ],
)
def test_unambiguous_thousands_separators_in_counts_are_read(
    demo, tmp_path: Path, sep: str, likes: str, expected: int
) -> None:
    sheet = _per_post_sheet(tmp_path, {"likes": likes}, sep)
    result = ingest(demo.export, demo.cases, comments=sheet)
    (sample,) = [s for s in result.table["C001"].comment_samples]
    assert sample.likes == expected


@pytest.mark.parametrize(
    ("sep", "likes"),
    [(",", "2.000"), (",", "1,00"), (",", "27.5"), (";", "1,000"), (",", "٤٢"), (",", "1,0000")],
)
def test_ambiguous_or_fractional_counts_are_refused_never_truncated(
    demo, tmp_path: Path, sep: str, likes: str
) -> None:
    sheet = _per_post_sheet(tmp_path, {"likes": likes}, sep)
    with pytest.raises(IngestError, match=r"row 2, column 'likes': not a count"):
        ingest(demo.export, demo.cases, comments=sheet)


# --- item 27: one post, two platforms -----------------------------------------------------


def test_a_post_listed_on_two_platforms_is_a_problem_row(demo, tmp_path: Path) -> None:
    sheet = Path(demo.comments).read_text().splitlines()
    sheet[3] = sheet[3].replace("Facebook", "Instagram")
    path = tmp_path / "comments.csv"
    path.write_text("\n".join(sheet) + "\n")
    with pytest.raises(
        IngestError,
        match=r"row 4, column 'platform': post on two platforms: 'Instagram \(post 1 "
        r"is on Facebook in row 2\)'",
    ):
        ingest(demo.export, demo.cases, comments=path)


# --- items 7, 21, 22, 25, 26: encodings, mappings, folders ---------------------------------


def test_windows_1251_after_a_long_ascii_head_is_detected(demo, tmp_path: Path) -> None:
    frame = pd.read_csv(demo.export, dtype=str, keep_default_na=False)
    head = pd.concat([frame] * 400, ignore_index=True)  # well over 64 KiB of ASCII
    tail = frame.iloc[:1].assign(outlet="Казинформ")
    path = tmp_path / "m.csv"
    pd.concat([head, tail]).to_csv(path, index=False, encoding="cp1251")
    assert path.stat().st_size > 64 * 1024
    result = ingest(path, demo.cases, strict=False)
    assert result.report.rows_read == len(head) + 1
    # A UTF-8 file with a stray cp1251 byte is refused naming its line, not read as mojibake.
    text = pd.concat([frame.assign(outlet="Хабар"), tail]).to_csv(index=False)
    lines = text.encode("utf-8").split(b"\n")
    lines[-2] = lines[-2].replace("Казинформ".encode(), "Казинформ".encode("cp1251"))
    path.write_bytes(b"\n".join(lines))
    with pytest.raises(IngestError, match=rf"line {len(frame) + 2} is not valid UTF-8"):
        ingest(path, demo.cases)


def test_a_cp1251_json_lines_file_is_a_clear_error(demo, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "m.jsonl"
    frame = pd.read_csv(demo.export, dtype=str).assign(outlet="Хабар")
    path.write_bytes(frame.to_json(orient="records", lines=True, force_ascii=False).encode("cp1251"))
    with pytest.raises(IngestError, match="line 1 is not valid utf-8 text"):
        ingest(path, demo.cases)
    assert main(["ingest", str(path), "--cases", str(demo.cases), "--out", str(tmp_path / "t.csv")]) == 2


def test_a_json_array_is_named_as_such(demo, tmp_path: Path) -> None:
    path = tmp_path / "m.json"
    path.write_text(pd.read_csv(demo.export, dtype=str).to_json(orient="records"))
    with pytest.raises(IngestError, match="a JSON array, expected JSON lines"):
        ingest(path, demo.cases)


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"encoding": "klingon-8"}, "encoding = 'klingon-8' is not an encoding"),
        ({"sep": ";;"}, "a delimiter is one character"),
        ({"decimal": "·"}, "decimal = '·'"),
    ],
)
def test_mapping_dialect_settings_are_checked(
    demo, tmp_path: Path, settings: dict[str, str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    mapping = tmp_path / "mapping.json"
    mapping.write_text(json.dumps(settings))
    with pytest.raises(IngestError, match=message):
        ingest(demo.export, demo.cases, mapping=mapping)
    out = tmp_path / "t.csv"
    assert (
        main(
            [
                "ingest",
                str(demo.export),
                "--cases",
                str(demo.cases),
                "--mapping",
                str(mapping),
                "--out",
                str(out),
            ]
        )
        == 2
    )
    assert "internal error" not in capsys.readouterr().err


def test_a_mapping_file_with_a_byte_order_mark_is_read(demo, tmp_path: Path) -> None:
    mapping = tmp_path / "mapping.json"
    mapping.write_bytes(b"\xef\xbb\xbf" + json.dumps({"platforms": {"Фейсбук": "Facebook"}}).encode())
    assert len(ingest(demo.export, demo.cases, mapping=mapping).table) == 3


def test_an_export_that_is_a_folder_is_named_as_a_folder(demo, tmp_path: Path) -> None:
    folder = tmp_path / "export.csv"
    folder.mkdir()
    with pytest.raises(IngestError, match="is a folder, not a file"):
        ingest(folder, demo.cases)


# --- issue 16 in the readers: formats, outcome labels, nothing kept ------------------------


@pytest.mark.parametrize("suffix", [".xls", ".docx", ".ods"])
def test_unsupported_formats_are_named(demo, tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"export{suffix}"
    path.write_bytes(b"whatever")
    with pytest.raises(
        IngestError, match=rf"\*{suffix} is not supported; use CSV, JSON lines, Parquet or Excel"
    ):
        ingest(path, demo.cases)


@pytest.mark.parametrize("suffix", [".ods", ".sav"])
def test_unsupported_cases_files_and_comment_sheets_are_named(demo, tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"sheet{suffix}"
    path.write_bytes(b"whatever")
    message = rf"\*{suffix} is not supported; use CSV, JSON lines, Parquet or Excel"
    with pytest.raises(IngestError, match=message):
        ingest(demo.export, path)
    with pytest.raises(IngestError, match=message):
        ingest(demo.export, demo.cases, comments=path)


def test_excel_and_parquet_files_read_like_the_csv(demo, tmp_path: Path) -> None:
    expected = ingest(demo.export, demo.cases, comments=demo.comments)
    mentions = pd.read_csv(demo.export, dtype=str)
    cases = pd.read_csv(demo.cases, dtype=str)
    sheet = pd.read_csv(demo.comments, dtype=str)
    mentions.to_excel(tmp_path / "m.xlsx", index=False)
    cases.to_excel(tmp_path / "cases.xlsx", index=False)
    sheet.to_excel(tmp_path / "comments.xlsx", index=False)
    mentions.to_parquet(tmp_path / "m.parquet", index=False)
    from_excel = ingest(tmp_path / "m.xlsx", tmp_path / "cases.xlsx", comments=tmp_path / "comments.xlsx")
    from_parquet = ingest(tmp_path / "m.parquet", demo.cases, comments=demo.comments)
    for result in (from_excel, from_parquet):
        assert [r.to_dict() | {"citation": None} for r in result.table] == [
            r.to_dict() | {"citation": None} for r in expected.table
        ]
        assert result.case_totals.equals(expected.case_totals)
    # Typed Excel cells (real dates and numbers) read the same as text cells.
    typed = mentions.assign(date=pd.to_datetime(mentions["date"]), reach=mentions["reach"].astype(float))
    typed.to_excel(tmp_path / "typed.xlsx", index=False)
    assert ingest(tmp_path / "typed.xlsx", demo.cases).case_totals.equals(
        ingest(demo.export, demo.cases).case_totals
    )
    # Row numbers are Excel's: header row 1, so the sixth mention is row 7.
    mentions.loc[5, "source_type"] = "radio"
    mentions.to_excel(tmp_path / "bad.xlsx", index=False)
    with pytest.raises(IngestError, match=r"row 7, column 'source_type': unknown source type"):
        ingest(tmp_path / "bad.xlsx", demo.cases)


def test_outcome_labels_in_the_cases_file_match_case_insensitively(demo, tmp_path: Path) -> None:
    cases = pd.read_csv(demo.cases, dtype=str)
    cases["outcome"] = cases["outcome"].str.upper()
    path = tmp_path / "cases.csv"
    cases.to_csv(path, index=False)
    table = ingest(demo.export, path).table
    assert [r.outcome for r in table] == ["fired", "promoted", "retained"]


def test_a_lenient_ingest_that_keeps_no_case_is_an_error(demo, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    cases = pd.read_csv(demo.cases, dtype=str)
    cases["window_start"] = "2001-01-01"
    cases["window_end"] = "2001-01-02"
    cases["official"] = [f"Nobody {i}" for i in range(len(cases))]
    path = tmp_path / "cases.csv"
    cases.to_csv(path, index=False)
    with pytest.raises(IngestError, match="no case kept"):
        ingest(demo.export, path, strict=False)
    out = tmp_path / "t.csv"
    assert main(["ingest", str(demo.export), "--cases", str(path), "--lenient", "--out", str(out)]) == 2
    captured = capsys.readouterr()
    assert "no case kept" in captured.err and "wrote 0" not in captured.out and not out.exists()


# --- item 20: strict messages name the cases ----------------------------------------------


def test_strict_unusable_cases_are_named_on_the_first_line(demo, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    mentions = pd.read_csv(demo.export, dtype=str)
    path = tmp_path / "m.csv"
    mentions[mentions["official"] != "Official 002"].to_csv(path, index=False)
    out = tmp_path / "t.csv"
    assert main(["ingest", str(path), "--cases", str(demo.cases), "--out", str(out)]) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err
    assert "1 unusable case(s), first: case 'C002': no mentions in the window 2020-07-11 to 2020-07-25" in err


def test_a_nul_byte_in_an_export_is_refused_naming_the_line(demo, tmp_path: Path) -> None:
    path = _with_cells(demo, tmp_path, "outlet", {2: "Kaz\x00inform"})
    with pytest.raises(IngestError, match="line 4: contains a NUL character"):
        ingest(path, demo.cases, strict=False)
