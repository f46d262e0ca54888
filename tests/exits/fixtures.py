"""Load the R reference fixtures of ``tests/fixtures/r/exits`` (written by make_exits_fixtures.R)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "r" / "exits"


def fixture(name: str) -> dict[str, Any]:
    """The JSON fixture ``name`` (peer versions under ``"peer"``, the R call under ``"call"``)."""
    return json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))


def dataset(name: str) -> pd.DataFrame:
    """The CSV rows the R fits used."""
    return pd.read_csv(FIXTURES / f"{name}.csv")
