"""study(): recovery, coverage, failures, determinism across executors, resume after an interrupt."""

from __future__ import annotations

import concurrent.futures
import json
import shutil
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from careerrep.models import OrdinalModel
from careerrep.simulate import (
    ReplicateInfo,
    Scenario,
    ScenarioError,
    StudyStoreError,
    kazakhstan_scenario,
    study,
)
from careerrep.simulate.replicate import COLUMNS
from tests.seeds import shifted
from tests.terminal import fake_stderr

ALPHA_STORES = Path(__file__).resolve().parents[1] / "fixtures" / "stores"

SCENARIO = kazakhstan_scenario()
SIMPLE = Scenario.calibrated(
    effects={"social_share": 2.0, "log_mentions_per_day": -0.5}, outcome_shares=(0.25, 0.25, 0.3, 0.2)
)


class FitOrInterrupt:
    """A picklable user estimator: fits OrdinalModel, or raises KeyboardInterrupt at one replicate."""

    def __init__(self, interrupt_at: int | None = None) -> None:
        self.interrupt_at = interrupt_at

    def __call__(self, data: Any, replicate: ReplicateInfo) -> Any:
        if replicate.rep == self.interrupt_at:
            raise KeyboardInterrupt
        return OrdinalModel(replicate.scenario.formula(), data).fit()


def fail_on_odd(data: Any, replicate: ReplicateInfo) -> Any:
    if replicate.rep % 2:
        raise ValueError(f"replicate {replicate.rep} refuses to fit")
    return OrdinalModel(replicate.scenario.formula(), data).fit()


def test_table_has_one_row_per_replicate_and_parameter() -> None:
    result = study(SCENARIO, 60, 6, "mle", seed=3, workers=1)
    table = result.table
    assert tuple(table.columns) == COLUMNS
    assert len(table) == 6 * 7
    assert table["rep"].tolist() == sorted(table["rep"].tolist())
    assert set(table["parameter"]) == set(SCENARIO.true_values())
    assert (table["seed"] == str(np.random.SeedSequence(3).entropy)).all()
    first = table[table["rep"] == 4]
    assert set(first["spawn_key"]) == {"4"}
    truth = SCENARIO.true_values()
    assert np.allclose(first.set_index("parameter")["true_value"].reindex(list(truth)), list(truth.values()))


@pytest.mark.slow
def test_recovery_of_known_effects_at_large_n() -> None:
    result = study(SIMPLE, 1500, 40, "mle", seed=shifted(12), workers=1)
    recovery = result.recovery()
    assert (recovery["used"] == 40).all()
    # Bias within 4 Monte Carlo SEs (MLE bias is O(1/n): invisible at n = 1500).
    assert (recovery["bias"].abs() < 4 * recovery["bias_mcse"]).all(), recovery
    # Reported SEs agree with the spread of the estimates (within MC error of an SD from 40 draws).
    assert np.allclose(recovery["mean_se"], recovery["empirical_se"], rtol=0.5)


@pytest.mark.slow
def test_wald_coverage_is_nominal_within_binomial_error() -> None:
    result = study(SIMPLE, 250, 300, "mle", seed=shifted(8), workers=1)
    coverage = result.coverage()
    assert (coverage["nominal"] == 0.95).all()
    assert (np.abs(coverage["coverage"] - 0.95) < 3.5 * coverage["nominal_se"]).all(), coverage


def test_failed_replicates_are_counted_not_dropped() -> None:
    result = study(SIMPLE, 80, 6, fail_on_odd, seed=2, workers=1)
    status = result.status()
    assert status["failed"].tolist() == [False, True] * 3
    assert result.n_failed == 3
    failed_rows = result.table[result.table["rep"] % 2 == 1]
    assert failed_rows["estimate"].isna().all()
    assert failed_rows["error"].str.contains("refuses to fit").all()
    power = result.power()
    assert (power["failed"] == 3).all() and (power["reps"] == 6).all()
    assert (power["power"] <= 0.5).all()  # failed replicates never count as detections
    assert (result.recovery()["used"] == 3).all()
    assert "failed: 3" in result.summary()


def test_small_cohorts_record_warnings_and_errors() -> None:
    result = study(SCENARIO, 8, 30, "mle", seed=5, workers=1)
    status = result.status()
    # n = 8 with four outcomes: some replicates miss a level (error) or separate (warning).
    assert status["failed"].sum() + status["warned"].sum() + status["not_converged"].sum() > 0
    assert len(result.table["rep"].unique()) == 30  # nothing dropped


def test_serial_and_process_pool_are_bit_identical() -> None:
    serial = study(SCENARIO, 50, 12, "mle", seed=21, workers=1)
    pooled = study(SCENARIO, 50, 12, "mle", seed=21, workers=2, batch_size=5)
    with concurrent.futures.ProcessPoolExecutor(max_workers=2) as pool:
        given = study(SCENARIO, 50, 12, "mle", seed=21, executor=pool, batch_size=1)
    pd.testing.assert_frame_equal(serial.table, pooled.table, check_exact=True)
    pd.testing.assert_frame_equal(serial.table, given.table, check_exact=True)


def test_seed_sequence_argument_is_not_advanced() -> None:
    seq = np.random.SeedSequence(99)
    first = study(SIMPLE, 40, 3, "mle", seed=seq, workers=1)
    second = study(SIMPLE, 40, 3, "mle", seed=seq, workers=1)
    pd.testing.assert_frame_equal(first.table, second.table, check_exact=True)


@pytest.mark.parametrize("workers", [1, 2])
def test_interrupted_study_resumes_to_the_same_table(tmp_path: Path, workers: int) -> None:
    reps, k = 10, 6
    reference = study(SIMPLE, 60, reps, FitOrInterrupt(), seed=4, workers=1)
    with pytest.raises(KeyboardInterrupt):
        study(
            SIMPLE,
            60,
            reps,
            FitOrInterrupt(interrupt_at=k),
            seed=4,
            workers=workers,
            batch_size=2,
            results_path=tmp_path,
        )
    stored = [json.loads(line)["rep"] for line in (tmp_path / "replicates.jsonl").read_text().splitlines()]
    assert 0 < len(stored) < reps and k not in stored
    resumed = study(SIMPLE, 60, reps, FitOrInterrupt(), seed=4, workers=workers, results_path=tmp_path)
    pd.testing.assert_frame_equal(resumed.table, reference.table, check_exact=True)
    # A third run finds everything stored and computes nothing (an interrupting estimator never runs).
    again = study(SIMPLE, 60, reps, FitOrInterrupt(interrupt_at=0), seed=4, workers=1, results_path=tmp_path)
    pd.testing.assert_frame_equal(again.table, reference.table, check_exact=True)


def test_truncated_last_line_reruns_and_other_studies_are_refused(tmp_path: Path) -> None:
    full = study(SIMPLE, 40, 4, "mle", seed=1, workers=1, results_path=tmp_path)
    lines = (tmp_path / "replicates.jsonl").read_text().splitlines(keepends=True)
    (tmp_path / "replicates.jsonl").write_text("".join(lines[:-1]) + lines[-1][:20])
    again = study(SIMPLE, 40, 4, "mle", seed=1, workers=1, results_path=tmp_path)
    pd.testing.assert_frame_equal(again.table, full.table, check_exact=True)
    with pytest.raises(StudyStoreError, match="seed"):
        study(SIMPLE, 40, 4, "mle", seed=2, workers=1, results_path=tmp_path)
    with pytest.raises(StudyStoreError, match="n_cases"):
        study(SIMPLE, 41, 4, "mle", seed=1, workers=1, results_path=tmp_path)


def test_more_replicates_extend_a_stored_study(tmp_path: Path) -> None:
    study(SIMPLE, 40, 3, "mle", seed=6, workers=1, results_path=tmp_path)
    extended = study(SIMPLE, 40, 5, "mle", seed=6, workers=1, results_path=tmp_path)
    fresh = study(SIMPLE, 40, 5, "mle", seed=6, workers=1)
    pd.testing.assert_frame_equal(extended.table, fresh.table, check_exact=True)


def test_records_path_gives_the_same_table() -> None:
    fast = study(SCENARIO, 40, 3, "mle", seed=10, workers=1)
    validated = study(SCENARIO, 40, 3, "mle", seed=10, workers=1, records=True)
    pd.testing.assert_frame_equal(fast.table, validated.table, check_exact=True)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"n_cases": 1}, "n_cases"),
        ({"reps": 0}, "reps"),
        ({"alpha": 1.5}, "alpha"),
        ({"level": 1.5}, "level"),
        ({"level": 0.9, "alpha": 0.1}, "not both"),
        ({"workers": 0}, "workers"),
        ({"seed": -1}, "seed"),
        ({"estimator": "firth"}, "binary"),
    ],
)
def test_bad_arguments_are_refused(kwargs: dict[str, Any], message: str) -> None:
    arguments: dict[str, Any] = {
        "n_cases": 20,
        "reps": 2,
        "estimator": "mle",
        "seed": 1,
        "workers": 1,
        **kwargs,
    }
    with pytest.raises(ScenarioError, match=message):
        study(SIMPLE, **arguments)


def test_a_cut_last_line_is_repaired_so_later_runs_keep_working(tmp_path: Path) -> None:
    """Issue 18 item 3: the first resume must not append onto the fragment."""
    full = study(SIMPLE, 40, 4, "mle", seed=1, workers=1, results_path=tmp_path)
    store = tmp_path / "replicates.jsonl"
    lines = store.read_text().splitlines(keepends=True)
    store.write_text("".join(lines[:-1]) + lines[-1][:20])
    first = study(SIMPLE, 40, 4, "mle", seed=1, workers=1, results_path=tmp_path)
    assert all(line.endswith("\n") for line in store.read_text().splitlines(keepends=True))
    assert len(store.read_text().splitlines()) == 4
    extended = study(SIMPLE, 40, 6, "mle", seed=1, workers=1, results_path=tmp_path)
    again = study(SIMPLE, 40, 6, "mle", seed=1, workers=1, results_path=tmp_path)
    for table in (first.table, extended.table[extended.table["rep"] < 4].reset_index(drop=True)):
        pd.testing.assert_frame_equal(table, full.table, check_exact=True)
    pd.testing.assert_frame_equal(again.table, extended.table, check_exact=True)


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda entry: 42, "not a replicate entry"),
        (lambda entry: {k: v for k, v in entry.items() if k != "rows"}, "not a replicate entry"),
        (lambda entry: {**entry, "rep": "one"}, "rep = 'one' is not a replicate number"),
        (lambda entry: {**entry, "rows": []}, "is not a non-empty list"),
        (
            lambda entry: {
                **entry,
                "rows": [{k: v for k, v in r.items() if k != "estimate"} for r in entry["rows"]],
            },
            "has a row without estimate",
        ),
        (
            lambda entry: {**entry, "rows": [{**r, "estimate": "big"} for r in entry["rows"]]},
            "estimate = 'big'",
        ),
        (lambda entry: {**entry, "rows": [{**r, "rep": 99} for r in entry["rows"]]}, "says rep = 99"),
    ],
)
def test_damaged_store_lines_are_refused_naming_the_line(tmp_path: Path, damage: Any, message: str) -> None:
    """Issue 18 item 19: a damaged line is a StudyStoreError, never a TypeError or a changed table."""
    study(SIMPLE, 40, 3, "mle", seed=1, workers=1, results_path=tmp_path)
    store = tmp_path / "replicates.jsonl"
    lines = store.read_text().splitlines()
    lines[1] = json.dumps(damage(json.loads(lines[1])))
    store.write_text("\n".join(lines) + "\n")
    with pytest.raises(StudyStoreError, match=rf"line 2: .*{message}"):
        study(SIMPLE, 40, 3, "mle", seed=1, workers=1, results_path=tmp_path)


@pytest.mark.parametrize(("folder", "level"), [("alpha_0.05", 0.95), ("alpha_0.1", 0.9)])
def test_a_store_written_with_alpha_resumes_bit_identically(
    tmp_path: Path, folder: str, level: float
) -> None:
    """Stores from before level= (identity key "alpha"; tests/fixtures/stores/make_alpha_stores.py).

    The stored replicates were computed on another machine, whose floating point may differ
    from this one's in the last bits: the resumed table must carry the stored numbers exactly
    (nothing recomputed), agree with a fresh run to rounding, and add the new replicates exactly
    as a fresh run computes them here.
    """
    shutil.copytree(ALPHA_STORES / folder, tmp_path / folder)
    manifest = (tmp_path / folder / "study.json").read_text()
    stored_lines = (tmp_path / folder / "replicates.jsonl").read_text().splitlines()
    stored = pd.DataFrame([row for line in stored_lines for row in json.loads(line)["rows"]])
    fresh = study(SIMPLE, 40, 4, "mle", seed=20261202, workers=1, level=level)
    resumed = study(
        SIMPLE, 40, 4, "mle", seed=20261202, workers=1, level=level, results_path=tmp_path / folder
    )
    old = resumed.table["rep"] < len(stored_lines)
    for column in ("estimate", "se", "lower", "upper"):
        np.testing.assert_array_equal(resumed.table.loc[old, column].to_numpy(), stored[column])
    pd.testing.assert_frame_equal(resumed.table, fresh.table, check_exact=False, rtol=1e-9)
    pd.testing.assert_frame_equal(resumed.table[~old], fresh.table[~old], check_exact=True)
    assert (tmp_path / folder / "study.json").read_text() == manifest  # the identity is unchanged
    assert len((tmp_path / folder / "replicates.jsonl").read_text().splitlines()) == 4
    with pytest.raises(StudyStoreError, match="alpha"):  # another level is another study
        study(SIMPLE, 40, 4, "mle", seed=20261202, workers=1, level=0.8, results_path=tmp_path / folder)


def test_alpha_still_works_with_a_warning_naming_level(tmp_path: Path) -> None:
    seed = shifted(31)
    with pytest.warns(FutureWarning, match=r"study: alpha=0.1 is deprecated.*level=0.9") as caught:
        old = study(SIMPLE, 40, 2, "mle", seed=seed, workers=1, alpha=0.1, results_path=tmp_path)
    assert caught[0].filename == __file__  # the warning points at the caller's line
    new = study(SIMPLE, 40, 3, "mle", seed=seed, workers=1, level=0.9)
    pd.testing.assert_frame_equal(old.table, new.table[new.table["rep"] < 2], check_exact=True)
    extended = study(
        SIMPLE, 40, 3, "mle", seed=seed, workers=1, level=0.9, results_path=tmp_path
    )  # same study
    pd.testing.assert_frame_equal(extended.table, new.table, check_exact=True)
    assert new.level == 0.9 and "intervals at 90%" in new.summary()
    assert (old.coverage()["nominal"] == 0.9).all()
    with pytest.warns(FutureWarning, match="StudyResult.alpha is deprecated.*level"):
        assert new.alpha == 0.1


def test_a_user_estimator_is_told_the_level() -> None:
    seen: list[float] = []

    def fit(data: Any, replicate: ReplicateInfo) -> Any:
        seen.append(replicate.level)
        with pytest.warns(FutureWarning, match="ReplicateInfo.alpha is deprecated"):
            assert replicate.alpha == pytest.approx(1.0 - replicate.level)
        return OrdinalModel(SIMPLE.formula(), data).fit()

    study(SIMPLE, 40, 2, fit, seed=shifted(32), workers=1, level=0.8)
    assert seen == [0.8, 0.8]


@pytest.mark.parametrize(
    ("progress", "tty", "shown"),
    [(None, True, True), (True, True, True), (False, True, False), (None, False, False)],
)
def test_a_study_shows_its_progress_bar_on_a_terminal_unless_refused(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, progress: bool | None, tty: bool, shown: bool
) -> None:
    stderr = fake_stderr(tty)
    monkeypatch.setattr(sys, "stderr", stderr)
    study(SIMPLE, 40, 3, "mle", seed=shifted(41), workers=1, progress=progress)
    printed = stderr.getvalue()
    assert ("n=40" in printed and "3/3" in printed) is shown, printed
    if not shown:
        assert printed == ""
