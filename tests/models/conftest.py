"""Shared helpers for the model tests: R reference fixtures (see tests/fixtures/r/README.md)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def load_r_fixture(name: str) -> tuple[dict[str, Any], pd.DataFrame]:
    """The JSON record ``name`` and its data, factors in R's level order.

    The outcome (left of ``~``) becomes an ordered Categorical, other factors
    unordered ones (formulaic then uses treatment contrasts, like R for
    unordered factors). Each JSON carries peer, peer_version, r_version and the call.
    """
    path = FIXTURES / "r" / f"{name}.json"
    if not path.exists():  # committed fixtures: a missing one is a failure, not a skip
        raise FileNotFoundError(f"R fixture {path} is missing; see tests/fixtures/r/README.md")
    record = json.loads(path.read_text())
    frame = pd.read_csv(FIXTURES / "data" / record["dataset"])
    outcome = record["formula"].split("~")[0].strip()
    for column, levels in record["factor_levels"].items():
        frame[column] = pd.Categorical(
            frame[column].astype(str), categories=levels, ordered=column == outcome
        )
    return record, frame


def r_series(record: dict[str, Any], key: str) -> pd.Series:
    """A named-number block of the record as a Series (fixture order)."""
    return pd.Series(record[key], dtype=float)


def r_matrix(record: dict[str, Any], key: str) -> pd.DataFrame:
    """A matrix of the record labelled by the fixture's parameter names."""
    names = list(record["params"])
    return pd.DataFrame(record[key], index=names, columns=names, dtype=float)
