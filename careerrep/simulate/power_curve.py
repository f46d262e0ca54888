"""``power_curve()``: the same study at several cohort sizes, and its figure.

Each cohort size gets its own child of the root seed (``SeedSequence(seed).spawn``),
so adding a size never changes the others. A local process pool is started
once and shared by all sizes.
"""

from __future__ import annotations

import concurrent.futures
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from careerrep.simulate.components import ScenarioError
from careerrep.simulate.execution import default_workers, worker_initializer
from careerrep.simulate.scenario import Scenario
from careerrep.simulate.study import SeedLike, StudyResult, root_seed, spawn, study

if TYPE_CHECKING:
    from matplotlib.figure import Figure


@dataclass(frozen=True)
class PowerCurve:
    """Studies of one scenario at several cohort sizes.

    Attributes
    ----------
    studies
        ``{n_cases: StudyResult}`` in increasing ``n_cases``.
    """

    studies: Mapping[int, StudyResult] = field(repr=False)

    @property
    def n_cases(self) -> tuple[int, ...]:
        """The cohort sizes, increasing."""
        return tuple(self.studies)

    @property
    def table(self) -> pd.DataFrame:
        """Every study's per-replicate table, stacked (``n_cases`` tells them apart)."""
        return pd.concat([s.table for s in self.studies.values()], ignore_index=True)

    def power(self, parameters: list[str] | None = None) -> pd.DataFrame:
        """Power by (``n_cases``, parameter) (see :meth:`StudyResult.power`)."""
        return pd.concat([s.power(parameters) for s in self.studies.values()])

    def recovery(self) -> pd.DataFrame:
        """Bias and RMSE by (``n_cases``, parameter)."""
        return pd.concat([s.recovery() for s in self.studies.values()])

    def coverage(self) -> pd.DataFrame:
        """Coverage by (``n_cases``, parameter)."""
        return pd.concat([s.coverage() for s in self.studies.values()])

    def cases_needed(self, target: float = 0.8) -> pd.Series:
        """Smallest simulated cohort size whose power reaches ``target``, per effect (NaN if none)."""
        table = self.power()["power"].unstack("parameter")
        needed = {}
        for parameter in table.columns:
            reached = table.index[table[parameter] >= target]
            needed[parameter] = float(reached.min()) if len(reached) else np.nan
        return pd.Series(needed, name=f"cases for power {target:g}")

    def plot(self, parameters: list[str] | None = None, target: float | None = 0.8) -> Figure:
        """Power against cohort size, one line per effect, with +-2 Monte Carlo SE bands.

        Returns
        -------
        matplotlib.figure.Figure
            A new figure (never shown; save it or display it yourself).
        """
        from matplotlib.figure import Figure  # lazy: workers never draw

        table = self.power(parameters).reset_index()
        figure = Figure(figsize=(8.0, 4.2))
        ax = figure.add_subplot()
        for parameter, rows in table.groupby("parameter", sort=False):
            rows = rows.sort_values("n_cases")
            line = ax.plot(
                rows["n_cases"],
                rows["power"],
                marker="o",
                label=f"{parameter} (true effect {rows['true_value'].iloc[0]:+g})",
            )[0]
            ax.fill_between(
                rows["n_cases"],
                (rows["power"] - 2 * rows["power_mcse"]).clip(0, 1),
                (rows["power"] + 2 * rows["power_mcse"]).clip(0, 1),
                color=line.get_color(),
                alpha=0.15,
                linewidth=0,
            )
        if target is not None:
            ax.axhline(target, color="grey", linestyle="--", linewidth=1, label=f"target power {target:g}")
        from matplotlib.patches import Patch  # the bands, said once for all lines

        band = Patch(color="0.5", alpha=0.3, linewidth=0, label="band: power ± 2 Monte Carlo SE")
        first = next(iter(self.studies.values()))
        ax.set_xscale("log")
        ax.set_xticks(list(self.n_cases), labels=[str(n) for n in self.n_cases])
        ax.set_xticks([], minor=True)  # no 4x10^1 minor labels between the cohort sizes
        ax.set_ylim(0, 1)
        ax.set_xlabel("cases per study")
        ax.set_ylabel(f"power (interval at {100 * first.level:g}% excludes 0)")
        ax.set_title(
            f"Scenario {first.scenario.name!r}, estimator {first.estimator!r}, {first.reps} replicates"
        )
        handles, _ = ax.get_legend_handles_labels()
        ax.legend(
            handles=[*handles, band],
            fontsize="small",
            frameon=False,
            loc="upper left",
            bbox_to_anchor=(1.02, 1),
        )
        figure.tight_layout()
        return figure


def power_curve(
    scenario: Scenario,
    n_cases: Sequence[int],
    reps: int,
    estimator: str | Callable[..., Any] = "mle",
    seed: SeedLike = None,
    executor: Any = None,
    progress: bool | None = None,
    results_path: str | os.PathLike[str] | None = None,
    *,
    workers: int | None = None,
    **study_options: Any,
) -> PowerCurve:
    """Run :func:`study` at each cohort size in ``n_cases``.

    Parameters
    ----------
    scenario, reps, estimator, executor, progress, workers
        As for :func:`study`.
    n_cases
        Cohort sizes, e.g. ``[20, 50, 100, 200]`` (distinct, each >= 2).
    seed
        Root seed; size ``i`` uses its ``i``-th spawned child.
    results_path
        Folder for resumable results; size ``n`` is stored in ``<folder>/n<n>``.
    **study_options
        ``batch_size``, ``level``, ``options``, ``records`` (see :func:`study`).

    Returns
    -------
    PowerCurve
    """
    sizes = list(n_cases)
    if not sizes or len(set(sizes)) != len(sizes):
        raise ScenarioError(f"n_cases = {n_cases!r} must be distinct cohort sizes")
    children = spawn(root_seed(seed), len(sizes))
    owned = None
    workers = default_workers() if workers is None else workers
    if executor is None and workers > 1:
        owned = concurrent.futures.ProcessPoolExecutor(max_workers=workers, initializer=worker_initializer)
        executor = owned
    try:
        studies = {}
        for size, child in sorted(zip(sizes, children, strict=True), key=lambda pair: pair[0]):
            path = None if results_path is None else Path(results_path) / f"n{size}"
            studies[size] = study(
                scenario,
                size,
                reps,
                estimator,
                child,
                executor,
                progress,
                path,
                workers=workers,
                **study_options,
            )
    finally:
        if owned is not None:
            owned.shutdown(wait=True, cancel_futures=True)
    return PowerCurve(studies)
