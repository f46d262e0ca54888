"""Ingest a small synthetic monitoring export and print the resulting table's signals.

The script first writes its own export, as Excel would save it on a Russian
system (semicolons, byte-order mark, comma decimals, Russian labels), with
two officials, one row per mention, plus a cases file and a comment coding
sheet. It then ingests them with a column mapping, prints the problem report
(one mention is dated outside every window on purpose) and the signals, and
writes the table to $CAREERREP_OUTPUT (or a temporary folder).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

from careerrep.ingest import ColumnMapping, ingest

MAPPING = {
    "columns": {
        "date": "Дата",
        "official": "Персона",
        "source_type": "Тип источника",
        "media_type": "Тип СМИ",
        "platform": "Соцсеть",
        "region": "Регион",
        "sentiment": "Тональность",
        "reach": "Охват",
    },
    "date_format": "%d.%m.%Y %H:%M",
}


def write_export(folder: Path, seed: int = 2019) -> tuple[Path, Path, Path]:
    """Two officials' mentions (plus one stray), their cases, and a comment sheet."""
    rng = np.random.default_rng(seed)
    frames = []
    for official, start, days, n, social, negative in (
        ("Б.", "2019-07-23", 9, 120, 0.7, 0.7),
        ("Г.", "2019-01-01", 60, 200, 0.55, 0.3),
    ):
        is_social = rng.random(n) < social
        stamps = pd.Timestamp(start) + pd.to_timedelta(rng.integers(0, days * 24 * 60, n), unit="min")
        frames.append(
            pd.DataFrame(
                {
                    "Дата": stamps.strftime("%d.%m.%Y %H:%M"),
                    "Персона": official,
                    "Тип источника": np.where(is_social, "Соцсети", "СМИ"),
                    "Тип СМИ": np.where(is_social, "", rng.choice(["информагентство", "печатные СМИ"], n)),
                    "Соцсеть": np.where(is_social, rng.choice(["Facebook", "ВКонтакте", "Instagram"], n), ""),
                    "Регион": rng.choice(["Алматы", "Нур-Султан", "Казахстан"], n),
                    "Тональность": rng.choice(
                        ["негатив", "нейтрал", "позитив"], n, p=[negative, 0.2, 0.8 - negative]
                    ),
                    "Охват": [
                        f"{value:,.1f}".replace(",", " ").replace(".", ",") for value in rng.gamma(2, 900, n)
                    ],
                }
            )
        )
    stray = frames[0].iloc[[0]].assign(Дата="01.03.2018 12:00")  # outside every window: reported, skipped
    export = pd.concat([*frames, stray], ignore_index=True)
    paths = (folder / "export.csv", folder / "cases.csv", folder / "comments.csv")
    export.to_csv(paths[0], sep=";", index=False, encoding="utf-8-sig")
    pd.DataFrame(
        {
            "case_id": ["B-2019", "G-2019"],
            "official": ["Б.", "Г."],
            "country": ["Kazakhstan", "Kazakhstan"],
            "window_start": ["2019-07-23", "2019-01-01"],
            "window_end": ["2019-07-31", "2019-03-01"],
            "outcome": ["fired", "promoted"],
        }
    ).to_csv(paths[1], index=False)
    pd.DataFrame(
        {
            "case_id": ["B-2019", "B-2019", "G-2019"],
            "platform": ["Facebook", "Instagram", "Facebook"],
            "comments": [184, 112, 42],
            "negative": [92, 84, 13],
            "neutral": [77, 21, 24],
            "positive": [15, 7, 5],
            "likes": [466, 719, 57],
        }
    ).to_csv(paths[2], index=False)
    return paths


def main() -> None:
    out = Path(os.environ.get("CAREERREP_OUTPUT") or tempfile.mkdtemp())
    export, cases, comments = write_export(out)
    result = ingest(export, cases, comments=comments, mapping=ColumnMapping.from_dict(MAPPING), strict=False)
    print(result.report.summary())
    print(result.comment_report.summary() if result.comment_report else "")
    columns = [
        "mentions",
        "days",
        "mentions_per_day",
        "social_share",
        "sentiment_negative",
        "net_sentiment",
        "comment_negative_share",
        "outcome",
    ]
    with pd.option_context("display.width", 140, "display.max_columns", 20):
        print(result.table.signals()[columns])
        print(result.case_totals)
    result.table.to_json(out / "ingested_cases.json")
    print(f"wrote {out / 'ingested_cases.json'}")


if __name__ == "__main__":
    main()
