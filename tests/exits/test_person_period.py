"""Person-period expansion: row layout, windowed covariates against a day-by-day loop, no look-ahead."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from careerrep.errors import SpellError
from careerrep.exits import (
    CAREER_EXITS,
    Cumulative,
    DaysSince,
    Share,
    SpellTable,
    Strikes,
    Window,
    person_periods,
)

COVARIATES = [
    Window("negative", days=7, lag=0),
    Window("negative", days=30, lag=3),
    Share("social", "mentions", days=14, lag=1),
    Cumulative("mentions", lag=2),
    Strikes("calls", threshold=1, lag=0),
    DaysSince("calls", threshold=1, lag=1),
]


def make_spells(rng: np.random.Generator, n: int) -> SpellTable:
    starts = pd.Timestamp("2020-01-01") + pd.to_timedelta(rng.integers(0, 60, n), unit="D")
    lengths = rng.integers(1, 120, n)
    return SpellTable.from_frame(
        pd.DataFrame(
            {
                "case_id": [f"c{i}" for i in range(n)],
                "official": [f"o{i}" for i in range(n)],
                "start": starts,
                "end": starts + pd.to_timedelta(lengths, unit="D"),
                "exit": rng.choice(["fired", "resigned", "censored"], n),
            }
        ),
        CAREER_EXITS,
    )


def make_coverage(rng: np.random.Generator, spells: SpellTable, density: float = 0.4) -> pd.DataFrame:
    rows = []
    for case, start, end in spells.frame[["case_id", "start", "end"]].itertuples(index=False):
        for day in pd.date_range(start - pd.Timedelta(days=40), end - pd.Timedelta(days=1)):
            if rng.random() < density:
                mentions = int(rng.integers(1, 20))
                rows.append(
                    (
                        case,
                        day,
                        mentions,
                        int(rng.integers(0, mentions + 1)),
                        int(rng.integers(0, 5)),
                        int(rng.random() < 0.1),
                    )
                )
    return pd.DataFrame(rows, columns=["case_id", "date", "mentions", "social", "negative", "calls"])


def day_by_day(spells: SpellTable, coverage: pd.DataFrame, case: str, opens: pd.Timestamp, spec) -> float:
    """The covariate of the period opening on ``opens``, by filtering dates (the slow, obvious way)."""
    start = spells.frame.set_index("case_id").loc[case, "start"]
    mine = coverage[coverage["case_id"] == case]
    cutoff = opens - pd.Timedelta(days=1 + spec.lag)  # last usable coverage date
    if isinstance(spec, Window | Share):
        window = mine[(mine["date"] <= cutoff) & (mine["date"] > cutoff - pd.Timedelta(days=spec.days))]
        if isinstance(spec, Window):
            return float(window[spec.column].sum())
        total = window[spec.denominator].sum()
        return float(window[spec.numerator].sum() / total) if total > 0 else np.nan
    in_spell = mine[(mine["date"] >= start) & (mine["date"] <= cutoff)]
    if isinstance(spec, Cumulative):
        return float(in_spell[spec.column].sum())
    hits = in_spell[in_spell[spec.column] >= spec.threshold]
    if isinstance(spec, Strikes):
        return float(len(hits))
    information_day = (opens - start).days - spec.lag
    if hits.empty:
        return float(max(information_day, 0))
    return float(information_day - (hits["date"].max() - start).days)


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), period=st.sampled_from([1, 7, 30]))
def test_covariates_equal_the_day_by_day_definition(seed: int, period: int) -> None:
    rng = np.random.default_rng(seed)
    spells = make_spells(rng, 4)
    coverage = make_coverage(rng, spells)
    rows = person_periods(spells, period_days=period, coverage=coverage, covariates=COVARIATES)
    for row in rows.sample(n=min(25, len(rows)), random_state=seed % 2**31).itertuples(index=False):
        for spec in COVARIATES:
            expected = day_by_day(spells, coverage, row.case_id, row.date, spec)
            np.testing.assert_allclose(getattr(row, spec.name), expected, err_msg=f"{spec.name} {row}")


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 2**32 - 1))
def test_no_look_ahead(seed: int) -> None:
    """Changing coverage on or after day D - lag leaves every covariate of periods opening by D unchanged."""
    rng = np.random.default_rng(seed)
    spells = make_spells(rng, 3)
    coverage = make_coverage(rng, spells, density=0.8)
    before = person_periods(spells, period_days=1, coverage=coverage, covariates=COVARIATES)
    case = spells.frame["case_id"].iloc[0]
    start = spells.frame["start"].iloc[0]
    duration = int(spells.durations[0])
    opens = start + pd.Timedelta(days=int(rng.integers(0, duration)))
    for spec in COVARIATES:
        future = (coverage["case_id"] == case) & (coverage["date"] >= opens - pd.Timedelta(days=spec.lag))
        changed = coverage.copy()
        for column in ("mentions", "social", "negative", "calls"):
            changed.loc[future, column] = changed.loc[future, column] * 7 + 3
        after = person_periods(spells, period_days=1, coverage=changed, covariates=[spec])
        mask = (before["case_id"] == case) & (before["date"] <= opens)
        np.testing.assert_array_equal(
            after.loc[mask, spec.name], before.loc[mask, spec.name], err_msg=spec.name
        )


def test_the_day_before_the_cutoff_is_used() -> None:
    """The window ends exactly at D - 1 - lag: a mention that day counts, one day later it does not."""
    spells = SpellTable.from_frame(
        pd.DataFrame(
            {
                "case_id": ["a"],
                "official": ["x"],
                "start": ["2021-01-01"],
                "end": ["2021-01-20"],
                "exit": ["fired"],
            }
        ),
        CAREER_EXITS,
    )
    spec = Window("negative", days=5, lag=2)
    rows = person_periods(
        spells,
        coverage=pd.DataFrame({"case_id": ["a"], "date": ["2021-01-07"], "negative": [1]}),
        covariates=[spec],
    )
    values = rows.set_index("date")[spec.name]
    assert values[pd.Timestamp("2021-01-09")] == 0  # cut-off Jan 6
    assert values[pd.Timestamp("2021-01-10")] == 1  # cut-off Jan 7
    assert values[pd.Timestamp("2021-01-14")] == 1  # window Jan 7..11
    assert values[pd.Timestamp("2021-01-15")] == 0
    assert spec.name == "negative_sum_5d_lag2d"


def test_rows_layout_and_events() -> None:
    spells = SpellTable.from_frame(
        pd.DataFrame(
            {
                "case_id": ["a", "b"],
                "official": ["x", "y"],
                "start": ["2021-01-01", "2021-03-01"],
                "end": ["2021-01-18", "2021-03-08"],
                "exit": ["fired", "censored"],
                "rank": ["MoS", "PUSS"],
            }
        ),
        CAREER_EXITS,
    )
    rows = person_periods(spells, period_days=7, spell_columns=["rank"])
    assert rows["period"].tolist() == [1, 2, 3, 1]
    assert rows["start"].tolist() == [0, 7, 14, 0] and rows["stop"].tolist() == [7, 14, 17, 7]
    assert rows["event"].tolist() == [0, 0, 1, 0]
    assert rows["exit_type"].tolist() == ["none", "none", "fired", "none"]
    assert rows["rank"].tolist() == ["MoS", "MoS", "MoS", "PUSS"]
    ordered = spells.frame.assign(rank=pd.Categorical(spells.frame["rank"], ["PUSS", "MoS"], ordered=True))
    typed = person_periods(
        SpellTable.from_frame(ordered, CAREER_EXITS), period_days=7, spell_columns=["rank"]
    )
    assert typed["rank"].dtype == ordered["rank"].dtype  # spell columns keep their dtype
    assert rows["date"].iloc[1] == pd.Timestamp("2021-01-08")


def test_coverage_after_exit_is_refused_or_dropped_on_request() -> None:
    spells = SpellTable.from_frame(
        pd.DataFrame(
            {
                "case_id": ["a"],
                "official": ["x"],
                "start": ["2021-01-01"],
                "end": ["2021-01-10"],
                "exit": ["resigned"],
            }
        ),
        CAREER_EXITS,
    )
    coverage = pd.DataFrame({"case_id": ["a", "a"], "date": ["2021-01-05", "2021-01-12"], "negative": [1, 9]})
    with pytest.raises(
        SpellError, match=r"case 'a': coverage dated 2021-01-12 is on or after the spell's end 2021-01-10"
    ):
        person_periods(spells, coverage=coverage, covariates=[Cumulative("negative")])
    rows = person_periods(
        spells, coverage=coverage, covariates=[Cumulative("negative")], coverage_after_exit="drop"
    )
    assert rows["negative_cum_lag0d"].max() == 1
    with pytest.raises(SpellError, match=r"coverage columns \['calls'\] are not in the coverage table"):
        person_periods(spells, coverage=coverage, covariates=[Strikes("calls")])
    with pytest.raises(SpellError, match="not spells"):
        person_periods(spells, coverage=coverage.assign(case_id="zz"), covariates=[Cumulative("negative")])
    with pytest.raises(SpellError, match="two rows for date 2021-01-05"):
        person_periods(spells, coverage=pd.concat([coverage, coverage]), covariates=[Cumulative("negative")])
    with pytest.raises(SpellError, match="period_days must be a positive integer"):
        person_periods(spells, period_days=0)


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 2**32 - 1))
def test_row_order_of_the_coverage_does_not_matter_and_a_repeated_day_is_found_anywhere(seed: int) -> None:
    rng = np.random.default_rng(seed)
    spells = make_spells(rng, 6)
    coverage = make_coverage(rng, spells)
    expected = person_periods(spells, period_days=7, coverage=coverage, covariates=COVARIATES)
    shuffled = coverage.sample(frac=1.0, random_state=int(rng.integers(0, 2**31)))
    got = person_periods(spells, period_days=7, coverage=shuffled, covariates=COVARIATES)
    pd.testing.assert_frame_equal(got, expected)
    twice = pd.concat([shuffled, shuffled.iloc[[int(rng.integers(0, len(shuffled)))]]])
    with pytest.raises(SpellError, match="coverage has two rows for date"):
        person_periods(spells, coverage=twice.sample(frac=1.0, random_state=1), covariates=COVARIATES)
