"""ColumnMapping: defaults, user settings merged in, bad settings refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from careerrep.errors import IngestError
from careerrep.ingest.mapping import DEFAULT_COLUMNS, ColumnMapping, normalise_label


def test_settings_are_merged_into_the_defaults() -> None:
    mapping = ColumnMapping.from_dict({"columns": {"date": "Дата"}, "platforms": {"Вконтакте": "VKontakte"}})
    assert mapping.columns["date"] == "Дата"
    assert mapping.columns["platform"] == DEFAULT_COLUMNS["platform"]
    assert mapping.explicit == {"date"}
    assert mapping.platforms[normalise_label("  ВКОНТАКТЕ ")] == "VKontakte"
    assert mapping.platforms["facebook"] == "Facebook"  # built-in aliases stay


def test_with_columns_keeps_earlier_renames() -> None:
    mapping = ColumnMapping.from_dict({"columns": {"date": "Дата"}}).with_columns(platform="Сеть")
    assert (mapping.columns["date"], mapping.columns["platform"]) == ("Дата", "Сеть")
    assert mapping.explicit == {"date", "platform"}


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"colums": {}}, "unknown key"),
        ({"columns": {"dates": "x"}}, "unknown field"),
        ({"columns": {"date": ""}}, "not a column name"),
        ({"sentiments": {"bad": "awful"}}, "target must be one of"),
        ({"source_types": {"radio": "broadcast"}}, "target must be one of"),
        ({"date_format": 5}, "date_format"),
    ],
)
def test_bad_settings_are_refused_by_name(settings: dict[str, object], message: str) -> None:
    with pytest.raises(IngestError, match=message):
        ColumnMapping.from_dict(settings)


def test_mapping_file(tmp_path: Path) -> None:
    path = tmp_path / "mapping.json"
    path.write_text(json.dumps({"date_format": "%d.%m.%Y", "sep": ";"}), encoding="utf-8")
    mapping = ColumnMapping.from_json(path)
    assert (mapping.date_format, mapping.sep) == ("%d.%m.%Y", ";")
    path.write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(IngestError, match="JSON object"):
        ColumnMapping.from_json(path)
    path.write_text("{oops", encoding="utf-8")
    with pytest.raises(IngestError, match="not a valid JSON"):
        ColumnMapping.from_json(path)
