"""ingest() end to end: round trips from known records, strict vs lenient, row numbers, formats."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

from careerrep.datasets import kazakhstan_2019
from careerrep.errors import IngestError
from careerrep.ingest import ingest, mentions_from_record
from careerrep.ingest.synthetic import cases_frame
from careerrep.records import CaseRecord


def write_study(folder: Path, records: list[CaseRecord], seed: int = 0) -> tuple[Path, Path]:
    mentions = pd.concat([mentions_from_record(r, seed) for r in records], ignore_index=True)
    mentions.to_csv(folder / "mentions.csv", index=False)
    cases_frame(records).to_csv(folder / "cases.csv", index=False)
    return folder / "mentions.csv", folder / "cases.csv"


def comment_sheet(records: list[CaseRecord], path: Path) -> Path:
    """The records' comment samples as a one-row-per-post sheet."""
    rows = []
    for record in records:
        for s in record.comment_samples:
            row = {
                "case_id": record.case_id,
                "platform": s.platform,
                "comments": s.comments,
                **s.sentiment.to_dict(),
            }
            row |= s.gender.to_dict() if s.gender else {}
            row |= {"likes": s.likes, "reposts": s.reposts, "views": s.views, "note": s.note}
            rows.append(row)
    pd.DataFrame(rows).astype(object).to_csv(path, index=False)
    return path


def test_kazakhstan_records_survive_a_round_trip_through_an_export(tmp_path: Path) -> None:
    records = list(kazakhstan_2019())
    export, cases = write_study(tmp_path, records)
    sheet = comment_sheet(records, tmp_path / "comments.csv")
    result = ingest(export, cases, comments=sheet, top_outlets=50)
    assert result.report.rows_skipped == 0
    for original in records:
        back = result.table[original.case_id]
        n = original.mentions
        # Shares come back to the nearest whole mention of their base.
        assert back.mentions == n
        assert back.window == original.window
        assert back.outcome == original.outcome
        assert back.source_mix.social == pytest.approx(original.source_mix.social, abs=0.5 / n)
        social_n = round(original.source_mix.social * n)
        for key, share in original.source_mix.platforms.items:
            assert back.source_mix.platforms[key] == pytest.approx(share, abs=1 / social_n)
        for key, share in original.source_mix.media_types.items:
            assert back.source_mix.media_types[key] == pytest.approx(share, abs=1 / (n - social_n))
        for key, share in original.source_mix.regions.items:
            assert back.source_mix.regions[key] == pytest.approx(share, abs=1 / n)
        assert back.source_mix.outlets == original.source_mix.outlets
        assert back.publication_sentiment == original.publication_sentiment
        assert back.comment_samples == original.comment_samples
        if original.follow_up is None:
            assert back.follow_up is None
        else:
            assert back.follow_up.window == original.follow_up.window
            assert back.follow_up.mentions == original.follow_up.mentions


@pytest.fixture
def small_study(tmp_path: Path) -> tuple[Path, Path]:
    return write_study(tmp_path, list(kazakhstan_2019())[:2])


def spoil(export: Path, changes: dict[int, dict[str, str]]) -> None:
    """Overwrite cells; keys are 0-based data positions (CSV row = position + 2)."""
    frame = pd.read_csv(export, dtype=str, keep_default_na=False)
    for position, cells in changes.items():
        for column, value in cells.items():
            frame.loc[position, column] = value
    frame.to_csv(export, index=False)


BAD_CELLS = {
    3: ({"date": "31/02/2019"}, "unparseable date"),
    10: ({"source_type": "radio"}, "unknown source type"),
    40: ({"date": "2018-01-01"}, "outside every window"),
    77: ({"case_id": "Z-1999"}, "unknown case id"),
    120: ({"sentiment": "furious"}, "unknown sentiment"),
}


def test_strict_mode_fails_naming_the_first_problem_rows(small_study: tuple[Path, Path]) -> None:
    export, cases = small_study
    spoil(export, {position: cells for position, (cells, _) in BAD_CELLS.items()})
    with pytest.raises(IngestError) as raised:
        ingest(export, cases)
    message = str(raised.value)
    assert "row 5" in message.splitlines()[0]  # position 3 -> CSV row 5, the first problem
    for position, (_, reason) in BAD_CELLS.items():
        assert f"row {position + 2}" in message
        assert reason in message


def test_lenient_mode_skips_and_counts_with_the_right_row_numbers(small_study: tuple[Path, Path]) -> None:
    export, cases = small_study
    clean = ingest(export, cases)
    spoil(export, {position: cells for position, (cells, _) in BAD_CELLS.items()})
    # A platform only matters for social rows: make position 200 a social row with a bad platform.
    spoil(
        export,
        {200: {"source_type": "social", "platform": "Myspace", "case_id": "B-2019", "date": "2019-07-25"}},
    )
    result = ingest(export, cases, strict=False, chunksize=64)
    report = result.report
    expected = {reason: 1 for _, reason in BAD_CELLS.values()} | {"unknown platform": 1}
    assert report.skipped_by_reason() == expected
    assert {(p.row, p.reason) for p in report.problems} == {
        (position + 2, reason) for position, (_, reason) in BAD_CELLS.items()
    } | {(202, "unknown platform")}
    assert report.rows_read == clean.report.rows_read
    assert report.rows_used == clean.report.rows_used - 6
    assert sum(r.mentions for r in result.table) + sum(
        r.follow_up.mentions for r in result.table if r.follow_up
    ) == (report.rows_used)


def test_excel_csv_with_russian_labels_reads_like_the_plain_csv(
    small_study: tuple[Path, Path], tmp_path: Path
) -> None:
    export, cases = small_study
    plain = ingest(export, cases)
    frame = pd.read_csv(export, dtype=str, keep_default_na=False)
    frame["source_type"] = frame["source_type"].map({"mass media": "СМИ", "social": "Соцсети"})
    frame["platform"] = frame["platform"].replace({"VKontakte": "ВКонтакте"})
    frame["date"] = pd.to_datetime(frame["date"]).dt.strftime("%d.%m.%Y %H:%M")
    frame["reach"] = frame["reach"].astype(str) + ",5"
    frame = frame.rename(columns={"date": "Дата", "source_type": "Тип источника"})
    excel = tmp_path / "excel.csv"
    frame.to_csv(excel, index=False, sep=";", encoding="utf-8-sig")
    mapping = {"columns": {"date": "Дата", "source_type": "Тип источника"}, "date_format": "%d.%m.%Y %H:%M"}
    result = ingest(excel, cases, mapping=mapping)
    assert without_citation(result) == without_citation(plain)
    # Reach is summed over the event window: each cell gained ",5" (half a unit) above.
    original = pd.read_csv(export).merge(pd.read_csv(cases), on="case_id")
    day = pd.to_datetime(original["date"]).dt.normalize()
    in_window = original[(day >= original["window_start"]) & (day <= original["window_end"])]
    expected = in_window.groupby("case_id")["reach"].agg(lambda r: r.sum() + 0.5 * len(r))
    assert result.case_totals["reach"].to_dict() == pytest.approx(expected.to_dict())


def without_citation(result: object) -> list[CaseRecord]:
    """The records minus their citation (which names the export file)."""
    return [replace(r, citation=None) for r in result.table]  # type: ignore[attr-defined]


def test_json_lines_read_like_the_csv_and_bad_lines_are_numbered(
    small_study: tuple[Path, Path], tmp_path: Path
) -> None:
    export, cases = small_study
    plain = ingest(export, cases)
    frame = pd.read_csv(export)
    lines = [
        json.dumps({k: v for k, v in row.items() if pd.notna(v)}, ensure_ascii=False)
        for row in frame.to_dict("records")
    ]
    lines.insert(7, "{not json")
    path = tmp_path / "mentions.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = ingest(path, cases, strict=False, chunksize=100)
    assert without_citation(result) == without_citation(plain)
    assert [(p.row, p.reason) for p in result.report.problems] == [(8, "invalid JSON")]


def test_a_case_without_mentions_fails_strictly_and_is_dropped_leniently(
    small_study: tuple[Path, Path],
) -> None:
    export, cases = small_study
    frame = pd.read_csv(cases)
    extra = frame.iloc[[0]].assign(
        case_id="EMPTY",
        window_start="2030-01-01",
        window_end="2030-01-31",
        follow_up_start=None,
        follow_up_end=None,
    )
    pd.concat([frame, extra]).to_csv(cases, index=False)
    with pytest.raises(IngestError, match="EMPTY"):
        ingest(export, cases)
    result = ingest(export, cases, strict=False)
    assert "EMPTY" not in result.table.case_ids
    assert [case_id for case_id, _ in result.report.dropped_cases] == ["EMPTY"]


def test_by_official_a_mention_counts_toward_each_of_the_officials_cases(tmp_path: Path) -> None:
    mentions = pd.DataFrame(
        {
            "official": ["Official A", "official a ", "Official A", "Official B", "Someone"],
            "date": ["2019-03-05", "2019-03-10", "2019-04-20", "2019-03-05", "2019-03-05"],
            "source_type": ["social", "mass media", "social", "social", "social"],
        }
    )
    cases = pd.DataFrame(
        {
            "case_id": ["A1", "A2", "B1"],
            "official": ["Official A", "Official A", "Official B"],
            "country": "KZ",
            "window_start": ["2019-03-01", "2019-03-08", "2019-03-01"],
            "window_end": ["2019-03-31", "2019-03-20", "2019-03-31"],
        }
    )
    mentions.to_csv(tmp_path / "m.csv", index=False)
    result = ingest(tmp_path / "m.csv", cases, strict=False)
    assert {r.case_id: r.mentions for r in result.table} == {"A1": 2, "A2": 1, "B1": 1}
    assert {(p.row, p.reason) for p in result.report.problems} == {
        (4, "outside every window"),
        (6, "unknown official"),
    }
    assert result.report.rows_used == 3  # row 3 counts toward A1 and A2 but is one row


def test_by_window_alone_overlapping_cases_are_refused(tmp_path: Path) -> None:
    pd.DataFrame({"date": ["2019-03-05"], "source_type": ["social"]}).to_csv(tmp_path / "m.csv", index=False)
    cases = pd.DataFrame(
        {
            "case_id": ["A1", "A2"],
            "official": ["A", "B"],
            "country": "KZ",
            "window_start": ["2019-03-01", "2019-03-04"],
            "window_end": ["2019-03-31", "2019-03-20"],
        }
    )
    with pytest.raises(IngestError, match="overlapping windows"):
        ingest(tmp_path / "m.csv", cases)
    result = ingest(tmp_path / "m.csv", cases.iloc[[0]])
    assert result.table["A1"].mentions == 1
