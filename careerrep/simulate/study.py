"""``study()``: replicate draw -> fit many times, and summarise recovery, coverage and power.

Seeds: one ``numpy.random.SeedSequence(seed)`` is spawned into one child per
replicate; replicate ``r`` always uses child ``r``, whatever the executor, the
number of workers, the batch size or the finishing order. The table is
sorted by replicate at the end, so it is identical however the study ran.

Resume: with ``results_path=``, each finished replicate is appended to a
JSON-lines file in that folder (:mod:`careerrep.simulate.store`); a rerun
with the same arguments loads those, runs only the missing replicates and
returns the same table as an uninterrupted run.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from careerrep._warn import warn
from careerrep.errors import ModelSpecError
from careerrep.models.result import interval_level, tail_probability
from careerrep.progress import progress_enabled
from careerrep.simulate import summaries
from careerrep.simulate.components import ScenarioError
from careerrep.simulate.estimators import check_estimator, estimator_label
from careerrep.simulate.execution import run_batches
from careerrep.simulate.replicate import COLUMNS, StudySpec
from careerrep.simulate.scenario import Scenario
from careerrep.simulate.store import ResultsStore, StudyStoreError

SeedLike = int | np.random.SeedSequence | None


def root_seed(seed: SeedLike) -> np.random.SeedSequence:
    """The study's root ``SeedSequence`` (fresh OS entropy when ``seed`` is None)."""
    if isinstance(seed, np.random.SeedSequence):
        return seed
    if seed is None or (isinstance(seed, int | np.integer) and not isinstance(seed, bool) and seed >= 0):
        return np.random.SeedSequence(None if seed is None else int(seed))
    raise ScenarioError(f"seed = {seed!r} is not a non-negative int, a SeedSequence or None")


def spawn(root: np.random.SeedSequence, n: int) -> list[np.random.SeedSequence]:
    """``root.spawn(n)`` from a fresh copy of ``root``.

    ``SeedSequence.spawn`` advances its parent, so spawning twice from the same
    object gives different children; copying first makes the same arguments
    always give the same replicate seeds.
    """
    fresh = np.random.SeedSequence(root.entropy, spawn_key=root.spawn_key, pool_size=root.pool_size)
    return fresh.spawn(n)


def tidy_table(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """The per-replicate rows as a typed DataFrame, sorted by replicate (parameter order kept)."""
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    frame = frame.astype(
        {
            "rep": "int64",
            "seed": "string",
            "spawn_key": "string",
            "n_cases": "int64",
            "estimator": "string",
            "parameter": "string",
            "kind": "string",
            "true_value": "float64",
            "estimate": "float64",
            "se": "float64",
            "lower": "float64",
            "upper": "float64",
            "converged": "bool",
            "warnings": "string",
            "error": "string",
        }
    )
    return frame.sort_values("rep", kind="stable").reset_index(drop=True)


@dataclass(frozen=True)
class StudyResult:
    """A finished study: the per-replicate table and its summaries.

    Attributes
    ----------
    table
        One row per replicate and parameter, columns
        ``rep, seed, spawn_key, n_cases, estimator, parameter, kind, true_value,
        estimate, se, lower, upper, converged, warnings, error``. ``seed`` is
        the root seed's entropy and ``spawn_key`` the replicate's child key:
        ``numpy.random.SeedSequence(int(seed), spawn_key=...)`` redraws it.
    scenario, n_cases, reps, estimator, level
        What was run (``estimator`` is the name or ``module.qualname``;
        ``level`` the interval probability).
    """

    table: pd.DataFrame = field(repr=False)
    scenario: Scenario
    n_cases: int
    reps: int
    estimator: str
    level: float

    @property
    def alpha(self) -> float:
        """Deprecated: one minus :attr:`level` (a ``FutureWarning``)."""
        warn("StudyResult.alpha is deprecated and will be removed; use .level", FutureWarning)
        return tail_probability(self.level)

    def recovery(self) -> pd.DataFrame:
        """Bias and RMSE with Monte Carlo SEs (see :func:`careerrep.simulate.summaries.recovery`)."""
        return summaries.recovery(self.table)

    def coverage(self) -> pd.DataFrame:
        """Actual vs nominal (``level``) coverage, with binomial SEs."""
        return summaries.coverage(self.table, self.level)

    def power(self, parameters: list[str] | None = None) -> pd.DataFrame:
        """Share of replicates whose interval excludes zero, per effect (or the named parameters)."""
        return summaries.power(self.table, parameters)

    def status(self) -> pd.DataFrame:
        """One row per replicate: failed, not converged, warned, and the texts."""
        return summaries.replicate_status(self.table)

    @property
    def n_failed(self) -> int:
        """Replicates whose estimator raised an error."""
        return int(self.status()["failed"].sum())

    @property
    def n_not_converged(self) -> int:
        """Replicates whose fit returned but did not converge."""
        return int(self.status()["not_converged"].sum())

    def summary(self) -> str:
        """A short text report: the scenario, failures and the power table."""
        status = self.status()
        lines = [
            self.scenario.describe(),
            f"{self.reps} replicates of {self.n_cases} cases, estimator {self.estimator!r}, "
            f"intervals at {100 * self.level:g}%",
            f"failed: {int(status['failed'].sum())}, not converged: {int(status['not_converged'].sum())}, "
            f"with warnings: {int(status['warned'].sum())}",
            "",
            self.power()[["true_value", "power", "power_mcse", "failed", "not_converged"]].to_string(
                float_format=lambda v: f"{v:.3f}"
            ),
        ]
        return "\n".join(lines)


def study(
    scenario: Scenario,
    n_cases: int,
    reps: int,
    estimator: str | Callable[..., Any] = "mle",
    seed: SeedLike = None,
    executor: Any = None,
    progress: bool | None = None,
    results_path: str | os.PathLike[str] | None = None,
    *,
    workers: int | None = None,
    batch_size: int | None = None,
    level: float | None = None,
    alpha: float | None = None,
    options: Mapping[str, Any] | None = None,
    records: bool = False,
) -> StudyResult:
    """Draw and fit ``reps`` replicate cohorts of ``n_cases`` from ``scenario``.

    Parameters
    ----------
    scenario
        The data-generating process.
    n_cases
        Cases per replicate.
    reps
        Number of replicates.
    estimator
        ``"mle"`` (ordinal; with group effects the mixed model with
        ``(1|country)`` by ML), ``"logit"`` / ``"firth"`` (binary scenarios),
        ``"bayes"``, or a callable ``estimator(data, replicate)`` (see
        :mod:`careerrep.simulate.estimators`; it must be picklable to run in
        other processes: a module-level function).
    seed
        Root seed (int or ``SeedSequence``); None draws fresh entropy, which
        the table records. The same seed gives the same table.
    executor
        None for local processes, a ``concurrent.futures.Executor``, or a
        ``dask.distributed.Client`` (local or remote cluster).
    progress
        Show a tqdm progress bar (only ever when stderr is a terminal);
        ``False`` never does.
    results_path
        Folder where finished replicates are stored as they finish; a rerun
        with the same arguments resumes from it.
    workers
        Local processes when ``executor`` is None (default ``os.cpu_count()``;
        1 runs in this process).
    batch_size
        Replicates per task (default: about eight tasks per worker).
    level
        Interval probability of each replicate's interval (default 0.95; also
        the detection level of ``power()``). ``alpha`` is deprecated
        (``level = 1 - alpha``; a ``FutureWarning``).
    options
        Keyword options for a built-in estimator, e.g. ``{"draws": 200}`` for ``"bayes"``.
    records
        Build validated ``CaseRecord`` objects in every replicate (as :func:`draw`
        does) instead of computing the signals from the arrays; same numbers, slower.

    Returns
    -------
    StudyResult
    """
    if not isinstance(scenario, Scenario):
        raise ScenarioError(f"scenario is a {type(scenario).__name__}, not a Scenario")
    for name, value, minimum in (("n_cases", n_cases, 2), ("reps", reps, 1)):
        if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < minimum:
            raise ScenarioError(f"{name} = {value!r} is not an integer >= {minimum}")
    try:
        probability = interval_level(level, where="study", alpha=alpha)
    except ModelSpecError as error:
        raise ScenarioError(str(error)) from None
    if workers is not None and (isinstance(workers, bool) or not isinstance(workers, int) or workers < 1):
        raise ScenarioError(f"workers = {workers!r} is not a positive integer")
    check_estimator(estimator, scenario)
    spec = StudySpec(
        scenario=scenario,
        n_cases=int(n_cases),
        estimator=estimator,
        estimator_name=estimator_label(estimator),
        level=probability,
        options=dict(options or {}),
        records=records,
    )
    root = root_seed(seed)
    seeds = spawn(root, int(reps))
    finished: dict[int, list[dict[str, Any]]] = {}
    store = None
    if results_path is not None:
        store = ResultsStore(results_path, _identity(spec, root))
        for rep, rows in store.load().items():
            if rep < reps:
                _check_stored(rep, rows, seeds[rep], results_path)
                finished[rep] = rows
    pending = [(rep, seeds[rep]) for rep in range(int(reps)) if rep not in finished]

    from tqdm.auto import tqdm

    bar = tqdm(
        total=int(reps), initial=len(finished), desc=f"n={n_cases}", disable=not progress_enabled(progress)
    )

    def keep(rep: int, rows: list[dict[str, Any]]) -> None:
        finished[rep] = rows
        if store is not None:
            store.append(rep, rows)
        bar.update(1)

    try:
        run_batches(spec, pending, keep, executor=executor, workers=workers, batch_size=batch_size)
    finally:
        bar.close()
    rows = [row for rep in sorted(finished) for row in finished[rep]]
    return StudyResult(
        table=tidy_table(rows),
        scenario=scenario,
        n_cases=int(n_cases),
        reps=int(reps),
        estimator=spec.estimator_name,
        level=probability,
    )


def _identity(spec: StudySpec, root: np.random.SeedSequence) -> dict[str, Any]:
    """What makes two runs the same study (the number of replicates does not)."""
    return {
        "scenario": spec.scenario.to_dict(),
        "n_cases": spec.n_cases,
        "estimator": spec.estimator_name,
        # Stored under "alpha" as before level= (so older stores still resume): the decimal 1 - level.
        "alpha": tail_probability(spec.level),
        "options": dict(spec.options),
        "seed": str(root.entropy),
        "spawn_key": list(root.spawn_key),
    }


def _check_stored(rep: int, rows: list[dict[str, Any]], seed: np.random.SeedSequence, path: Any) -> None:
    if not rows:
        raise StudyStoreError(f"{path}: replicate {rep} is stored without rows")
    expected = (str(seed.entropy), "-".join(str(k) for k in seed.spawn_key))
    if (str(rows[0]["seed"]), str(rows[0]["spawn_key"])) != expected:
        raise StudyStoreError(f"{path}: replicate {rep} was stored with another seed; use a new folder")
