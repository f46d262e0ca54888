"""Tenure spells: validation names the case, the field and the dates; valid tables keep every row."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from careerrep.errors import CareerRepError, SpellError
from careerrep.exits import CAREER_EXITS, ExitScale, SpellTable


def spells(**changes: list) -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "case_id": ["A-1", "A-2", "B-1"],
            "official": ["A", "A", "B"],
            "start": ["2019-01-01", "2019-06-01", "2019-02-01"],
            "end": ["2019-06-01", "2020-01-01", "2019-03-01"],
            "exit": ["promoted", "censored", "fired"],
        }
    )
    for key, value in changes.items():
        frame[key] = value
    return frame


def test_valid_spells_give_durations_and_codes() -> None:
    table = SpellTable.from_frame(spells(), CAREER_EXITS, follow_up_end="2020-01-01")
    np.testing.assert_array_equal(table.durations, [151, 214, 28])
    np.testing.assert_array_equal(table.exit_codes, [3, 0, 1])
    frame = table.survival_frame()
    assert list(frame["exit_type"]) == ["promoted", "censored", "fired"]
    assert list(frame["exit_type"].cat.categories) == ["censored", "fired", "resigned", "promoted"]


def test_end_not_after_start_is_refused_with_case_and_dates() -> None:
    with pytest.raises(SpellError, match=r"case 'B-1': end = 2019-01-15 is not after start = 2019-02-01"):
        SpellTable.from_frame(spells(end=["2019-06-01", "2020-01-01", "2019-01-15"]), CAREER_EXITS)


def test_exit_after_follow_up_is_refused() -> None:
    with pytest.raises(
        SpellError, match=r"case 'A-2': end = 2020-01-01 is after the end of follow-up 2019-12-31"
    ):
        SpellTable.from_frame(spells(), CAREER_EXITS, follow_up_end="2019-12-31")


def test_exit_type_off_the_scale_is_refused() -> None:
    with pytest.raises(SpellError, match=r"case 'B-1': exit = 'sacked' is not on the exit scale"):
        SpellTable.from_frame(spells(exit=["promoted", "censored", "sacked"]), CAREER_EXITS)


def test_overlapping_spells_of_one_official_are_refused() -> None:
    with pytest.raises(
        SpellError, match=r"official 'A': case 'A-1' \(2019-01-01 to 2019-06-01\) overlaps case 'A-2'"
    ):
        SpellTable.from_frame(spells(start=["2019-01-01", "2019-05-01", "2019-02-01"]), CAREER_EXITS)


def test_missing_dates_columns_and_duplicates_are_refused() -> None:
    with pytest.raises(SpellError, match=r"case 'A-2': start = 'soon'"):
        SpellTable.from_frame(spells(start=["2019-01-01", "soon", "2019-02-01"]), CAREER_EXITS)
    with pytest.raises(SpellError, match=r"\['exit'\] are not in the data"):
        SpellTable.from_frame(spells().drop(columns="exit"), CAREER_EXITS)
    with pytest.raises(SpellError, match="case 'A-1': case_id appears more than once"):
        SpellTable.from_frame(spells(case_id=["A-1", "A-1", "B-1"]), CAREER_EXITS)
    assert issubclass(SpellError, CareerRepError) and issubclass(SpellError, ValueError)


def test_exit_scale_refuses_duplicates_and_codes_labels() -> None:
    with pytest.raises(SpellError, match="appear more than once"):
        ExitScale(("fired", "fired"))
    with pytest.raises(SpellError, match="'none' is reserved"):
        ExitScale(("fired", "none"))
    scale = ExitScale(("fired", "resigned"), ("censored", "election"))
    assert [scale.code(x) for x in ("fired", "resigned", "censored", "election")] == [1, 2, 0, 0]


@st.composite
def spell_frames(draw: st.DrawFn) -> pd.DataFrame:
    """Back-to-back spells of a few officials: valid by construction."""
    rows = []
    for official in range(draw(st.integers(1, 4))):
        day = dt.date(2000, 1, 1) + dt.timedelta(days=draw(st.integers(0, 3000)))
        for number in range(draw(st.integers(1, 4))):
            length = draw(st.integers(1, 900))
            gap = draw(st.integers(0, 30))
            exit_label = draw(st.sampled_from(CAREER_EXITS.labels))
            rows.append(
                (f"{official}-{number}", str(official), day, day + dt.timedelta(days=length), exit_label)
            )
            day = day + dt.timedelta(days=length + gap)
    return pd.DataFrame(rows, columns=["case_id", "official", "start", "end", "exit"])


@settings(max_examples=60, deadline=None)
@given(frame=spell_frames(), shift=st.integers(1, 400))
def test_valid_spells_keep_every_row_and_a_forward_overlap_is_always_caught(
    frame: pd.DataFrame, shift: int
) -> None:
    table = SpellTable.from_frame(frame, CAREER_EXITS)
    assert len(table) == len(frame)
    expected = (pd.to_datetime(frame["end"]) - pd.to_datetime(frame["start"])).dt.days
    np.testing.assert_array_equal(table.durations, expected)
    # Move one later spell of an official to start before the previous one ends: refused.
    repeated = frame[frame["official"].duplicated()]
    if len(repeated):
        i = repeated.index[0]
        broken = frame.copy()
        broken.loc[i, "start"] = frame.loc[i - 1, "end"] - dt.timedelta(days=1)
        broken.loc[i, "end"] = max(frame.loc[i, "end"], broken.loc[i, "start"] + dt.timedelta(days=shift))
        with pytest.raises(SpellError, match="overlaps"):
            SpellTable.from_frame(broken, CAREER_EXITS)
