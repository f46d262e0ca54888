"""Tests for careerrep.datasets.congress_resignations (FiveThirtyEight data)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pandas as pd
import pytest

from careerrep.datasets.congress_resignations import congress_resignations

REPO_ROOT = Path(__file__).resolve().parents[2]
# In CI the shared data sits beside the repository clone: <root>/../shared/...
SOURCE = REPO_ROOT.parent / "shared" / "data" / "careers"
SCRIPT = REPO_ROOT / "scripts" / "derive_congress_resignations.py"

CODES = list("XABCDEFGHI")
COLUMNS = (
    [
        "member",
        "party",
        "state",
        "chamber",
        "district",
        "congress",
        "resignation_date",
        "year",
        "reason",
        "source",
        "category",
        "n_codes",
    ]
    + [f"code_{c}" for c in CODES]
    + ["sexual_scandal", "scandal"]
)


@pytest.fixture(scope="module")
def df() -> pd.DataFrame:
    return congress_resignations()


def test_columns_and_dtypes(df):
    assert list(df.columns) == COLUMNS
    assert df["resignation_date"].dtype == "datetime64[ns]"
    for col in ["member", "district", "reason", "source", "category"]:
        assert isinstance(df[col].dtype, pd.StringDtype), col
    for col in ["party", "state", "chamber"]:
        assert isinstance(df[col].dtype, pd.CategoricalDtype), col
    assert list(df["party"].cat.categories) == ["D", "R"]
    assert list(df["chamber"].cat.categories) == ["House", "Senate"]
    for col in ["congress", "year", "n_codes", "sexual_scandal", "scandal"] + [f"code_{c}" for c in CODES]:
        assert df[col].dtype == "int64", col


def test_outcome(df):
    assert len(df) == 615
    assert df["scandal"].notna().all()
    assert set(df["scandal"].unique()) == {0, 1}
    assert df["scandal"].value_counts().to_dict() == {0: 563, 1: 52}
    # scandal is exactly "code X, A or B"
    assert (df["scandal"] == df[["code_X", "code_A", "code_B"]].max(axis=1)).all()
    assert (df["sexual_scandal"] == df[["code_X", "code_A"]].max(axis=1)).all()
    assert df["sexual_scandal"].sum() == 16
    # indicators agree with the raw category string
    codes = df["category"].str.split(" & ")
    for c in CODES:
        assert (df[f"code_{c}"] == codes.map(lambda cs, c=c: int(c in cs))).all(), c
    assert (df[[f"code_{c}" for c in CODES]].sum(axis=1) == df["n_codes"]).all()


def test_covariates(df):
    assert df[["party", "state", "chamber"]].notna().all().all()
    assert (df["year"] == df["resignation_date"].dt.year).all()
    assert df["resignation_date"].min() == pd.Timestamp("1901-11-22")
    assert df["resignation_date"].max() == pd.Timestamp("2018-01-15")
    assert df["congress"].between(57, 115).all()
    assert (df["chamber"] == "Senate").sum() == 120
    assert ((df["chamber"] == "Senate") == df["district"].str.endswith("-SEN")).all()
    assert df["resignation_date"].is_monotonic_increasing


def test_hand_checked_rows(df):
    # Verified against the raw congressional_resignations.csv lines:
    #   Al Franken,D,MN-SEN,115th,1/2/2018,Sexual harassment/groping/unwanted kissing,...,X
    #   Pat Tiberi,R,OH-12,115th,1/15/2018,Took a job with the Ohio Business Roundtable,...,D
    r = df[df["member"] == "Al Franken"].iloc[0]
    assert (r["party"], r["state"], r["chamber"], r["congress"]) == ("D", "MN", "Senate", 115)
    assert r["resignation_date"] == pd.Timestamp("2018-01-02")
    assert r["category"] == "X" and r["scandal"] == 1 and r["sexual_scandal"] == 1
    r = df[df["member"] == "Pat Tiberi"].iloc[0]
    assert (r["party"], r["state"], r["chamber"], r["district"]) == ("R", "OH", "House", "OH-12")
    assert r["scandal"] == 0 and r["code_D"] == 1
    # The one source District with a leading space (" FL-SEN") is trimmed.
    assert (df["district"] == "FL-SEN").sum() >= 1
    assert not df["district"].str.startswith(" ").any()
    # A two-code scandal row ("B & E") counts as scandal.
    multi = df[df["category"] == "B & E"]
    assert len(multi) == 3 and (multi["scandal"] == 1).all() and (multi["code_E"] == 1).all()


@pytest.mark.skipif(
    not SOURCE.is_dir(),
    reason=f"shared source data not found at {SOURCE} (only the derived CSV "
    "is bundled; the comparison with the source needs the shared folder)",
)
def test_matches_derivation_from_source(df):
    spec = importlib.util.spec_from_file_location("derive_congress_resignations", SCRIPT)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    derived = mod.derive(SOURCE)
    assert derived["scandal"].value_counts().to_dict() == df["scandal"].value_counts().to_dict()
    assert list(derived["member"]) == list(df["member"].astype(str))
    assert list(derived["scandal"]) == list(df["scandal"])
