"""The three Kazakhstan cases of Bokayev et al. (2019 coverage, iMAS monitoring)."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

import pandas as pd

from careerrep.table import CaseTable

DATA_FILE = "kazakhstan_2019.json"


def _document() -> dict[str, Any]:
    text = resources.files("careerrep.datasets").joinpath("data", DATA_FILE).read_text(encoding="utf-8")
    document: dict[str, Any] = json.loads(text)
    return document


def kazakhstan_2019() -> CaseTable:
    """The paper's three cases as a :class:`~careerrep.table.CaseTable`.

    ``B-2019`` (fired; 567 mentions, 23-31 July 2019, 70.55 % social),
    ``K-2019`` (resigned; 529 mentions, 1 Sep - 13 Nov 2019, 39.7 % social) and
    ``G-2019`` (promoted; 3182 mentions, 1 Jan - 10 Jun 2019, 58.05 % social,
    with publication sentiment 1812 positive / 1136 negative / 234 neutral).
    Each has the three comment samples of the paper's Tables 4, 6 and 7 as
    counts; case 1 has its follow-up window (179 mentions, 39.66 % mass media).

    The data file (``careerrep/datasets/data/kazakhstan_2019.json``) lists every
    place where the paper's percentages disagree with its counts; the counts
    are kept. See :func:`kazakhstan_2019_notes`.

    Returns
    -------
    CaseTable
        Three records on :data:`~careerrep.scale.CAREER_SCALE`.
    """
    return CaseTable.from_records_json(_document()["records"])


def kazakhstan_2019_notes() -> dict[str, list[str]]:
    """The data file's conventions and the discrepancies found in the paper, as text lines."""
    document = _document()
    return {
        "conventions": list(document["conventions"]),
        "discrepancies": list(document["discrepancies"]),
    }


def kazakhstan_2019_table8() -> pd.DataFrame:
    """The paper's Table 8 as printed (case title, publications, consequence), by case id."""
    return pd.DataFrame(_document()["table8"]).set_index("case_id")
