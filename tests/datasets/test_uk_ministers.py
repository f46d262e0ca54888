"""Tests for careerrep.datasets.uk_ministers (bundled IfG Ministers Database extract)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pandas as pd
import pytest

from careerrep.datasets.uk_ministers import uk_ministers

REPO_ROOT = Path(__file__).resolve().parents[2]
# In CI the shared data sits beside the repository clone: <root>/../shared/...
SOURCE = REPO_ROOT.parent / "shared" / "data" / "careers"
SCRIPT = REPO_ROOT / "scripts" / "derive_uk_ministers.py"

OUTCOMES = ["left_government", "demoted", "same_rank", "promoted"]
RANKS = ["Parl.", "PUSS", "MoS", "Cabinet", "DPM", "PM"]
# bundled counts per outcome (also printed by scripts/derive_uk_ministers.py)
EXPECTED_COUNTS = {"left_government": 1444, "demoted": 84, "same_rank": 1165, "promoted": 723}

COLUMNS = [
    "appointment_id",
    "person_id",
    "person_name",
    "gender",
    "post_id",
    "post_name",
    "department",
    "department_short",
    "ifg_rank",
    "rank",
    "cabinet_status",
    "acting",
    "start_date",
    "end_date",
    "start_year",
    "tenure_days",
    "tenure_years",
    "government",
    "government_party",
    "near_government_change",
    "concurrent_post",
    "department_ended",
    "next_appointment_id",
    "next_post_name",
    "next_rank",
    "next_start_date",
    "gap_days",
    "next_same_post",
    "outcome",
]


@pytest.fixture(scope="module")
def df() -> pd.DataFrame:
    return uk_ministers()


def _load_script():
    spec = importlib.util.spec_from_file_location("derive_uk_ministers", SCRIPT)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_columns(df):
    assert list(df.columns) == COLUMNS


def test_dtypes(df):
    for col in ["start_date", "end_date", "next_start_date"]:
        assert df[col].dtype == "datetime64[ns]", col
    for col in [
        "appointment_id",
        "person_id",
        "person_name",
        "post_id",
        "post_name",
        "department_short",
        "next_appointment_id",
        "next_post_name",
    ]:
        assert isinstance(df[col].dtype, pd.StringDtype), col
    for col in [
        "gender",
        "department",
        "ifg_rank",
        "cabinet_status",
        "government",
        "government_party",
    ]:
        assert isinstance(df[col].dtype, pd.CategoricalDtype), col
        assert not df[col].cat.ordered, col
    for col in [
        "acting",
        "near_government_change",
        "concurrent_post",
        "department_ended",
        "next_same_post",
    ]:
        assert df[col].dtype == bool, col
    for col in ["start_year", "tenure_days"]:
        assert df[col].dtype == "int64", col
    assert df["tenure_years"].dtype == "float64"
    assert df["gap_days"].dtype == "Int64"
    assert list(df["gender"].cat.categories) == ["F", "M"]


def test_outcome_and_rank_categories(df):
    assert isinstance(df["outcome"].dtype, pd.CategoricalDtype)
    assert df["outcome"].cat.ordered
    assert list(df["outcome"].cat.categories) == OUTCOMES
    for col in ["rank", "next_rank"]:
        assert df[col].cat.ordered
        assert list(df[col].cat.categories) == RANKS
    assert df["outcome"].notna().all()
    assert df["rank"].notna().all()
    # ordering works as documented
    n_above_demoted = EXPECTED_COUNTS["same_rank"] + EXPECTED_COUNTS["promoted"]
    assert (df["outcome"] > "demoted").sum() == n_above_demoted


def test_outcome_counts(df):
    counts = df["outcome"].value_counts().to_dict()
    assert counts == EXPECTED_COUNTS
    assert len(df) == sum(EXPECTED_COUNTS.values())
    assert df["appointment_id"].is_unique


def test_internal_consistency(df):
    left = df["outcome"] == "left_government"
    # a next post exists exactly when the person stayed in government
    assert df.loc[left, "next_appointment_id"].isna().all()
    assert df.loc[~left, "next_appointment_id"].notna().all()
    assert df.loc[left, "gap_days"].isna().all()
    assert (df.loc[~left, "gap_days"] <= 30).all()
    # outcome agrees with the rank comparison
    stay = df[~left]
    r, nr = stay["rank"].cat.codes, stay["next_rank"].cat.codes
    assert ((nr > r) == (stay["outcome"] == "promoted")).all()
    assert ((nr == r) == (stay["outcome"] == "same_rank")).all()
    assert ((nr < r) == (stay["outcome"] == "demoted")).all()
    # tenure and dates
    assert (df["end_date"] >= df["start_date"]).all()
    assert (df["tenure_days"] == (df["end_date"] - df["start_date"]).dt.days).all()
    assert (df["tenure_years"] - df["tenure_days"] / 365.25).abs().max() < 1e-3
    assert (df["start_year"] == df["start_date"].dt.year).all()
    assert df["start_date"].min() >= pd.Timestamp("1979-05-01")
    assert df["end_date"].max() <= pd.Timestamp("2026-06-12")
    # government labels follow the PMs' tenures
    assert (df.loc[df["start_date"] < "1990-11-28", "government"] == "Thatcher").all()
    assert (
        df.loc[df["government"] == "Cameron-Clegg coalition", "government_party"]
        == "Conservative-Liberal Democrat coalition"
    ).all()
    assert (
        df.loc[df["government"].isin(["Blair", "Brown", "Starmer"]), "government_party"] == "Labour"
    ).all()
    # every PM appointment ends in leaving government
    assert (df.loc[df["rank"] == "PM", "outcome"] == "left_government").all()
    assert (df["rank"] == "PM").sum() == 9  # Thatcher ... Sunak


def _row(df, appointment_id):
    row = df[df["appointment_id"] == appointment_id]
    assert len(row) == 1, appointment_id
    return row.iloc[0]


def test_hand_checked_rows(df):
    # Verified by reading the raw ifg-ministers CSVs (grep of person.csv for the
    # person id, then appointment.csv for their appointments and post.csv for ranks).

    # Boris Johnson, Foreign Secretary 2016-07-13 to 2018-07-09 (resigned over
    # Chequers); his next appointment in appointment.csv is PM from 2019-07-24,
    # far beyond 30 days -> left_government.
    r = _row(df, "54f489e8-e30e-4572-8c3b-ba81b18e5d50")
    assert r["person_name"] == "Boris Johnson"
    assert r["rank"] == "Cabinet" and r["ifg_rank"] == "SoS"
    assert r["start_date"] == pd.Timestamp("2016-07-13")
    assert r["end_date"] == pd.Timestamp("2018-07-09")
    assert r["tenure_days"] == 726
    assert r["government"] == "May" and r["government_party"] == "Conservative"
    assert r["gender"] == "M"
    assert r["outcome"] == "left_government"

    # Theresa May, Home Secretary 2010-05-12 to 2016-07-13, then Prime Minister
    # from 2016-07-13 (post.csv rank PM) -> promoted, gap 0 days.
    r = _row(df, "48b9f99c-cee7-4e34-898a-678fe80277f4")
    assert r["person_name"] == "Theresa May" and r["gender"] == "F"
    assert r["government"] == "Cameron-Clegg coalition"
    assert r["next_post_name"] == "Prime Minister" and r["next_rank"] == "PM"
    assert r["gap_days"] == 0
    assert r["outcome"] == "promoted"

    # Amber Rudd, Home Secretary to 2018-04-29 (resigned over Windrush); her
    # concurrent Minister for Women and Equalities post ends 2018-04-30 and her
    # next post (DWP) starts 2018-11-16 -> left_government (the side post kept
    # one extra day does not count as staying in government).
    r = _row(df, "74c5a3bd-4be8-40c1-86eb-0d730fdb5271")
    assert r["outcome"] == "left_government" and r["concurrent_post"]
    # ... and her earlier move Minister for Climate Change (PUSS) -> Secretary of
    # State for Energy and Climate Change on 2015-05-11 -> promoted.
    r = _row(df, "7778a2b6-116d-4a38-ac6a-4d8224f9d91d")
    assert r["rank"] == "PUSS" and r["next_rank"] == "Cabinet"
    assert r["outcome"] == "promoted"

    # Mark Spencer, Leader of the House of Commons ("Parl. lead.", treated as
    # Cabinet) 2022-02-08 to 2022-09-06, then Minister for Food, Farming and
    # Fisheries (MoS) from 2022-09-06 -> demoted.  Before that: Comptroller of
    # HM Household (whip, "Parl.") -> Chief Whip ("Parl. lead.") -> promoted.
    r = _row(df, "6632bb65-0c51-44d6-ae63-2d8edf107037")
    assert r["ifg_rank"] == "Parl. lead." and r["rank"] == "Cabinet"
    assert r["next_rank"] == "MoS" and r["outcome"] == "demoted"
    r = _row(df, "d965f144-ac59-420a-ac4c-fc2b80957c70")
    assert r["rank"] == "Parl." and r["outcome"] == "promoted"

    # Ongoing appointments are excluded: Mark Spencer's Minister for Food post is
    # included (ended 2024-07-05) but no appointment without an end date is.
    assert df["end_date"].notna().all()


def test_source_correction_applied(df):
    # appointment.csv has James Murray's Chief Secretary to the Treasury post
    # 2025-09-01 .. 2025-05-14 (ends before it starts); corrected to 2026-05-14,
    # the start of his next post (Health and Social Care, SoS) -> promoted.
    r = _row(df, "b10eac21-75f5-4c95-9ee5-780f42d73a12")
    assert r["end_date"] == pd.Timestamp("2026-05-14")
    assert r["outcome"] == "promoted"


@pytest.mark.skipif(
    not SOURCE.is_dir(),
    reason=f"shared source data not found at {SOURCE} (only the derived CSV "
    "is bundled; the comparison with the source needs the shared folder)",
)
def test_matches_derivation_from_source(df):
    derived = _load_script().derive(SOURCE)
    assert derived["outcome"].value_counts().to_dict() == df["outcome"].value_counts().to_dict()
    assert list(derived["appointment_id"]) == list(df["appointment_id"].astype(str))
    assert list(derived["outcome"]) == list(df["outcome"].astype(str))
