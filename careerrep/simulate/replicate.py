"""One replicate: draw a cohort from its own seed, fit it, and report one row per parameter.

This is the unit of work the executors run (in batches, see
:mod:`careerrep.simulate.execution`). Everything a replicate needs travels in
a picklable :class:`StudySpec`, and everything it produces is plain data
(a list of row dicts), so it runs the same in-process, in a process pool or
on a Dask worker, and gives bit-identical rows wherever it runs.

An estimator that raises an ``Exception`` gives a *failed* replicate (rows
with NaN estimates and the error text); warnings raised during the fit are
recorded in the rows' ``warnings`` text. Neither stops the study.
``KeyboardInterrupt`` (and other ``BaseException``) is not caught: it stops
the study, which keeps the replicates that finished.
"""

from __future__ import annotations

import contextlib
import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from careerrep._warn import warn
from careerrep.models.family import ParameterLayout
from careerrep.models.result import tail_probability
from careerrep.simulate.arrays import signal_arrays
from careerrep.simulate.draw import draw_cohort, table_from_counts
from careerrep.simulate.estimators import (
    Estimates,
    estimates_from_result,
    fit_bayes,
    fit_logit,
    fit_mixed_mle,
    fit_mle,
    ordinal_arrays,
    reported_layout,
)
from careerrep.simulate.scenario import Scenario

# Columns of a study's per-replicate table, in order.
COLUMNS = (
    "rep",
    "seed",
    "spawn_key",
    "n_cases",
    "estimator",
    "parameter",
    "kind",
    "true_value",
    "estimate",
    "se",
    "lower",
    "upper",
    "converged",
    "warnings",
    "error",
)


@dataclass(frozen=True)
class StudySpec:
    """Everything a replicate needs besides its seed (picklable).

    Attributes
    ----------
    scenario
        The data-generating process.
    n_cases
        Cases per replicate.
    estimator
        A built-in estimator name or a callable ``estimator(data, replicate)``.
    estimator_name
        Its stable label (recorded in the table).
    level
        Interval probability of each replicate's ``lower``/``upper``.
    options
        Extra keyword options for the built-in estimator (e.g. ``draws`` for ``"bayes"``).
    records
        Build validated records (``draw()``) and use ``CaseTable.signals()``
        instead of computing the signals from the arrays directly (same numbers, slower).
    """

    scenario: Scenario
    n_cases: int
    estimator: str | Callable[..., Any]
    estimator_name: str
    level: float = 0.95
    options: Mapping[str, Any] = field(default_factory=dict)
    records: bool = False


@dataclass(frozen=True)
class ReplicateInfo:
    """What a user estimator is told about the replicate it fits (``level``: the interval probability)."""

    rep: int
    seed: str
    spawn_key: str
    n_cases: int
    scenario: Scenario
    level: float

    @property
    def alpha(self) -> float:
        """Deprecated: one minus :attr:`level` (a ``FutureWarning``)."""
        warn("ReplicateInfo.alpha is deprecated and will be removed; use .level", FutureWarning)
        return tail_probability(self.level)


def spawn_key_text(seed: np.random.SeedSequence) -> str:
    """A replicate's spawn key as text, e.g. ``"17"`` (or ``"2-17"`` for a nested study)."""
    return "-".join(str(k) for k in seed.spawn_key)


def signals_frame(scenario: Scenario, counts: Any, codes: np.ndarray) -> pd.DataFrame:
    """The cohort's signal columns, ``country`` and ``outcome``, straight from the arrays."""
    frame = pd.DataFrame(signal_arrays(counts))
    if scenario.groups is None:
        frame["country"] = scenario.country
    else:
        frame["country"] = [f"{scenario.country} {g + 1}" for g in counts.group.tolist()]
    frame["outcome"] = pd.Categorical.from_codes(codes, dtype=scenario.scale.dtype)
    return frame


def _kind(parameter: str, scenario: Scenario) -> str:
    """Kind of a bare parameter name (an estimator that gave no layout)."""
    if parameter in scenario.true_effects:
        return "effect"
    if parameter in scenario.scale.thresholds:
        return "threshold"
    if parameter == "Intercept":
        return "intercept"
    group = scenario.group_parameter()
    if group is not None and parameter == group.name:
        return "group_sd"
    return "other"


def known_truth(scenario: Scenario) -> dict[str, float]:
    """True values under every name a fit may report: those of the correctly specified
    model (cumulative link, group SD) and, when it is correctly specified, the binary logit."""
    truth = scenario.true_values()
    logit = scenario.logit_family()
    if logit is not None:
        truth.update(scenario.true_values(logit.layout))
    return truth


def truth_and_kinds(
    scenario: Scenario, parameters: Sequence[str], layout: ParameterLayout | None
) -> tuple[dict[str, float], list[str]]:
    """True value (by name) and kind of each reported parameter, by role when the layout says."""
    if layout is None:
        return known_truth(scenario), [_kind(name, scenario) for name in parameters]
    roles = {parameter.name: parameter for parameter in layout}
    truth = scenario.true_values(layout)
    kinds = [scenario.parameter_kind(roles[name]) if name in roles else "other" for name in parameters]
    return truth, kinds


def _fit(
    spec: StudySpec, counts: Any, codes: np.ndarray, info: ReplicateInfo, rng: np.random.Generator
) -> Estimates:
    """Fit one replicate's cohort with the study's estimator."""
    estimator, scenario, level = spec.estimator, spec.scenario, spec.level
    if spec.records:
        table = table_from_counts(scenario, counts, codes)
        data: Any = table
        frame = table.signals().reset_index()
    elif estimator == "mle" and scenario.groups is None:
        # The fast path never builds a DataFrame: the fit needs two arrays.
        signals = signal_arrays(counts)
        X = np.column_stack([signals[name] for name in scenario.signals])
        return fit_mle(X, codes, scenario, level, spec.options)
    else:
        frame = signals_frame(scenario, counts, codes)
        data = frame
    if callable(estimator):
        return estimates_from_result(estimator(data, info), level)
    if estimator == "mle" and scenario.groups is not None:
        return fit_mixed_mle(frame, scenario, level, spec.options)
    if estimator == "mle":
        X, y = ordinal_arrays(frame, scenario)
        return fit_mle(X, y, scenario, level, spec.options)
    if estimator in ("logit", "firth"):
        return fit_logit(frame, scenario, level, spec.options, "mle" if estimator == "logit" else "firth")
    return fit_bayes(frame, scenario, level, spec.options, int(rng.integers(2**31 - 1)))


def _warning_text(caught: Sequence[warnings.WarningMessage]) -> str:
    seen: dict[str, None] = {}
    for item in caught:
        seen.setdefault(f"{item.category.__name__}: {item.message}", None)
    return " | ".join(seen)


def run_replicate(spec: StudySpec, rep: int, seed: np.random.SeedSequence) -> list[dict[str, Any]]:
    """Draw, fit and report one replicate.

    Returns
    -------
    list of dict
        One row per reported parameter with the columns :data:`COLUMNS`. A
        failed fit gives one row per true parameter with NaN estimates and
        the error text.
    """
    scenario = spec.scenario
    rng = np.random.default_rng(seed)
    info = ReplicateInfo(rep, str(seed.entropy), spawn_key_text(seed), spec.n_cases, scenario, spec.level)
    counts, codes = draw_cohort(scenario, spec.n_cases, rng)
    error = ""
    estimates: Estimates | None = None
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            estimates = _fit(spec, counts, codes, info, rng)
        except Exception as exc:  # a failed replicate is data, not a crash: record it
            error = f"{type(exc).__name__}: {exc}".splitlines()[0]
    warning_text = _warning_text(caught)
    common = {
        "rep": rep,
        "seed": info.seed,
        "spawn_key": info.spawn_key,
        "n_cases": spec.n_cases,
        "estimator": spec.estimator_name,
    }
    if estimates is None:
        layout = reported_layout(spec.estimator, scenario)
        truth, kinds = truth_and_kinds(scenario, layout.names, layout)
        nan = float("nan")
        return [
            {
                **common,
                "parameter": name,
                "kind": kind,
                "true_value": truth.get(name, nan),
                "estimate": nan,
                "se": nan,
                "lower": nan,
                "upper": nan,
                "converged": False,
                "warnings": warning_text,
                "error": error,
            }
            for name, kind in zip(layout.names, kinds, strict=True)
        ]
    truth, kinds = truth_and_kinds(scenario, estimates.parameters, estimates.layout)
    rows = []
    for i, name in enumerate(estimates.parameters):
        rows.append(
            {
                **common,
                "parameter": name,
                "kind": kinds[i],
                "true_value": float(truth.get(name, np.nan)),
                "estimate": float(estimates.estimate[i]),
                "se": float(estimates.se[i]),
                "lower": float(estimates.lower[i]),
                "upper": float(estimates.upper[i]),
                "converged": bool(estimates.converged),
                "warnings": warning_text,
                "error": "",
            }
        )
    return rows


def _one_blas_thread() -> contextlib.AbstractContextManager[Any]:
    """Run with one BLAS thread: a multi-threaded BLAS sums in an order that depends on the
    thread count, so the last bits of an estimate would depend on where a replicate runs."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - threadpoolctl is a dependency
        return contextlib.nullcontext()
    return threadpool_limits(limits=1)


def run_batch(
    spec: StudySpec, items: Sequence[tuple[int, np.random.SeedSequence]]
) -> list[tuple[int, list[dict[str, Any]]]]:
    """Run several replicates in one task (amortises the per-task overhead of pools and clusters).

    Every executor (this process, a process pool, a Dask worker) computes with one BLAS
    thread, so a replicate's numbers are bit-identical wherever it runs.
    """
    with _one_blas_thread():
        return [(rep, run_replicate(spec, rep, seed)) for rep, seed in items]
