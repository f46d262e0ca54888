"""Power and recovery studies of spell data, on the execution machinery of :mod:`careerrep.simulate`.

Replicate ``r`` uses child ``r`` of ``SeedSequence(seed)`` (as ``careerrep.simulate.study``),
so a study's table is the same in this process, on a process pool or on a Dask client.
Its table has the columns of ``careerrep.simulate`` study tables, and its
``recovery()``, ``coverage()``, ``power()`` are those of
:mod:`careerrep.simulate.summaries`.
"""

from __future__ import annotations

import concurrent.futures
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from careerrep._warn import warn
from careerrep.exits.simulate import SpellScenario, SpellScenarioError, fit_replicate
from careerrep.models.result import interval_level, tail_probability
from careerrep.simulate import summaries
from careerrep.simulate.execution import (
    batch_size_for,
    batches,
    cluster_workers,
    default_workers,
    is_dask_client,
    single_threaded_blas,
)
from careerrep.simulate.replicate import spawn_key_text
from careerrep.simulate.study import SeedLike, root_seed, spawn, tidy_table

__all__ = ["SpellStudyResult", "spell_study"]

ESTIMATORS = ("cox", "discrete")


@dataclass(frozen=True)
class SpellStudyResult:
    """A finished spell study: one row per replicate and exit type (the simulate table columns).

    ``level`` is the interval probability of ``lower``/``upper``.
    """

    table: pd.DataFrame = field(repr=False)
    scenario: SpellScenario
    n_officials: int
    reps: int
    estimator: str
    level: float

    @property
    def alpha(self) -> float:
        """Deprecated: one minus :attr:`level` (a ``FutureWarning``)."""
        warn("SpellStudyResult.alpha is deprecated and will be removed; use .level", FutureWarning)
        return tail_probability(self.level)

    def recovery(self) -> pd.DataFrame:
        """Bias and RMSE of each log hazard ratio, with Monte Carlo SEs."""
        return summaries.recovery(self.table)

    def coverage(self) -> pd.DataFrame:
        """Actual vs nominal interval coverage, with binomial SEs."""
        return summaries.coverage(self.table, self.level)

    def power(self) -> pd.DataFrame:
        """Share of replicates whose interval excludes zero, per exit type."""
        return summaries.power(self.table)


def _run_batch(
    scenario: SpellScenario,
    n: int,
    estimator: str,
    level: float,
    items: Sequence[tuple[int, np.random.SeedSequence]],
) -> list[dict[str, Any]]:
    rows = []
    for rep, seed in items:
        for row in fit_replicate(scenario, n, estimator, seed, level):
            rows.append(
                {
                    "rep": rep,
                    "seed": str(seed.entropy),
                    "spawn_key": spawn_key_text(seed),
                    "n_cases": n,
                    "estimator": estimator,
                    "kind": "effect",
                    **row,
                }
            )
    return rows


def spell_study(
    scenario: SpellScenario,
    n_officials: int,
    reps: int,
    estimator: str = "cox",
    seed: SeedLike = None,
    executor: Any = None,
    *,
    workers: int | None = None,
    level: float | None = None,
    alpha: float | None = None,
) -> SpellStudyResult:
    """Draw and fit ``reps`` replicates of ``n_officials`` spells from ``scenario``.

    Parameters
    ----------
    estimator
        ``"cox"`` (cause-specific Cox on daily (start, stop] rows) or
        ``"discrete"`` (cause-specific cloglog on the same person-day rows).
    seed
        Root seed; the same seed gives the same table.
    executor
        None (this process when ``workers`` is 1 or unset and one core, else a
        local process pool), a ``concurrent.futures.Executor`` or a
        ``dask.distributed.Client``.
    workers
        Local processes when ``executor`` is None (default ``os.cpu_count()``).
    level
        Interval probability of each replicate's interval (default 0.95).
        ``alpha`` is deprecated (``level = 1 - alpha``; a ``FutureWarning``).
    """
    probability = interval_level(level, where="spell_study", alpha=alpha)
    if estimator not in ESTIMATORS:
        raise SpellScenarioError(f"estimator must be one of {ESTIMATORS}, got {estimator!r}")
    if reps < 1:
        raise SpellScenarioError(f"reps must be >= 1, got {reps}")
    items = list(enumerate(spawn(root_seed(seed), reps)))
    owned = None
    if executor is None:
        workers = default_workers() if workers is None else workers
        if workers > 1 and reps > 1:
            owned = executor = concurrent.futures.ProcessPoolExecutor(
                max_workers=workers, initializer=single_threaded_blas
            )
    n_workers = workers if executor is None else cluster_workers(executor)
    tasks = batches(items, batch_size_for(len(items), n_workers or 1))
    args = (scenario, n_officials, estimator, probability)
    rows: list[dict[str, Any]] = []
    try:
        if executor is None:
            for task in tasks:
                rows += _run_batch(*args, task)
        else:
            submit = (
                (lambda t: executor.submit(_run_batch, *args, t, pure=False))
                if is_dask_client(executor)
                else (lambda t: executor.submit(_run_batch, *args, t))
            )
            for future in [submit(task) for task in tasks]:
                rows += future.result()
    finally:
        if owned is not None:
            owned.shutdown(wait=True, cancel_futures=True)
    return SpellStudyResult(tidy_table(rows), scenario, n_officials, reps, estimator, probability)
