"""draw(): valid records, lossless files, the same signals as the array core, reproducible."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from careerrep.records import CaseRecord
from careerrep.scale import OutcomeScale
from careerrep.simulate import GroupEffect, Scenario, ScenarioError, SentimentModel, draw, kazakhstan_scenario
from careerrep.simulate.arrays import signal_arrays
from careerrep.simulate.draw import draw_cohort
from careerrep.table import CaseTable

SCENARIO = kazakhstan_scenario()


@settings(max_examples=15)
@given(st.integers(0, 2**32 - 1), st.integers(1, 40))
def test_draw_gives_valid_records_on_the_scale(seed: int, n: int) -> None:
    table = draw(SCENARIO, n, seed)
    assert isinstance(table, CaseTable) and len(table) == n
    for record in table:
        assert isinstance(record, CaseRecord)
        # Rebuilding from the plain dict re-runs every validation.
        assert CaseRecord.from_dict(record.to_dict()) == record
        assert record.outcome in SCENARIO.scale
        assert record.publication_sentiment is not None
        assert record.publication_sentiment.total == record.mentions
        assert len(record.comment_samples) == 3
    signals = table.signals()
    assert signals["social_share"].between(0, 1).all()
    assert (signals["mentions"] >= 1).all()


@pytest.mark.parametrize("suffix", ["json", "csv", "parquet"])
def test_draw_round_trips_through_files(tmp_path: Path, suffix: str) -> None:
    table = draw(kazakhstan_scenario(groups=GroupEffect(3, 0.5)), 25, 7)
    path = tmp_path / f"cohort.{suffix}"
    getattr(table, f"to_{suffix}")(path)
    again = getattr(CaseTable, f"read_{suffix}")(path)
    assert again.records == table.records


@settings(max_examples=10)
@given(st.integers(0, 2**32 - 1))
def test_array_signals_equal_table_signals(seed: int) -> None:
    # The study's fast path computes the signals from the arrays; they must be the records' signals.
    counts, codes = draw_cohort(SCENARIO, 30, np.random.default_rng(seed))
    table = draw(SCENARIO, 30, seed)
    frame = table.signals()
    for name, values in signal_arrays(counts).items():
        np.testing.assert_allclose(
            frame[name].to_numpy(dtype=float), values, rtol=1e-15, atol=0, err_msg=name
        )
    assert list(frame["outcome"].cat.codes) == codes.tolist()


def test_same_seed_same_table_and_generator_accepted() -> None:
    assert draw(SCENARIO, 12, 3).records == draw(SCENARIO, 12, 3).records
    assert draw(SCENARIO, 12, 3).records != draw(SCENARIO, 12, 4).records
    seq = np.random.SeedSequence(5)
    assert (
        draw(SCENARIO, 12, seq).records
        == draw(SCENARIO, 12, np.random.default_rng(np.random.SeedSequence(5))).records
    )
    with pytest.raises(ScenarioError, match="n_cases"):
        draw(SCENARIO, 0, 1)
    with pytest.raises(ScenarioError, match="seed"):
        draw(SCENARIO, 5, "one")  # type: ignore[arg-type]


def test_outcome_shares_are_realised_in_a_large_draw() -> None:
    # Known by construction: thresholds were solved for these marginal shares.
    table = draw(SCENARIO, 4000, 11)
    shares = table.signals()["outcome"].value_counts(normalize=True).reindex(list(SCENARIO.scale.labels))
    target = np.array([0.2, 0.2, 0.4, 0.2])
    assert np.all(np.abs(shares.to_numpy() - target) < 4 * np.sqrt(target * (1 - target) / 4000) + 0.005)


def test_groups_binary_scale_and_uncoded_sentiment() -> None:
    scenario = Scenario(
        effects={"social_share": 1.0},
        thresholds=(0.0,),
        scale=OutcomeScale(["stayed", "left"]),
        publication_sentiment=SentimentModel(coded_probability=0.5),
        groups=GroupEffect(n_groups=4, sd=1.0),
        country="Atlantis",
    )
    table = draw(scenario, 200, 2)
    countries = {record.country for record in table}
    assert countries <= {f"Atlantis {g}" for g in range(1, 5)} and len(countries) > 1
    assert {record.outcome for record in table} == {"stayed", "left"}
    coded = sum(record.publication_sentiment is not None for record in table)
    assert 60 < coded < 140  # binomial(200, 0.5): far inside +-5 SD
    assert pd.isna(
        table.signals().loc[[r.case_id for r in table if r.publication_sentiment is None], "net_sentiment"]
    ).all()
