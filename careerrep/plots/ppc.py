"""Predictive check of outcome category frequencies.

Observed frequencies of each outcome (frequency-weighted) against what the
fitted model predicts:

* posterior: the category counts of every posterior-predictive draw
  (``idata.posterior_predictive["y"]``, weighted like the data); the bar is
  the posterior-predictive mean, the whisker its equal-tailed ``level`` interval;
* MLE: the expected counts ``sum_i w_i P(Y_i = k)``, with the ``level``
  interval of counts simulated from the fitted probabilities (``draws``
  replicates, reproducible with ``seed``).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.figure import Figure

from careerrep.effects.source import effect_source
from careerrep.errors import ArgumentError
from careerrep.plots._figure import colour, model_name, new_figure


def _replicated_counts(
    result: Any, draws: int, seed: int | np.random.Generator | None
) -> tuple[np.ndarray, np.ndarray]:
    source = effect_source(result)
    design = source.model.design
    observed = np.bincount(design.y, weights=design.weights, minlength=len(source.labels))
    if source.is_posterior:
        simulated = np.asarray(result.idata.posterior_predictive["y"])
        simulated = simulated.reshape(-1, simulated.shape[-1]).astype(int)
        weights = np.asarray(result.fitted.weights, dtype=float)
        K = len(source.labels)
        counts = np.stack([(simulated == k) @ weights for k in range(K)], axis=1)
        return observed, counts
    rng = np.random.default_rng(seed)
    probs = source.model.probabilities(source.estimate, design.X)
    cumulative = np.cumsum(probs, axis=1)
    uniforms = rng.random((draws, len(probs)))
    codes = (uniforms[:, :, None] > cumulative[None, :, :-1]).sum(axis=2)
    counts = np.stack([(codes == k) @ design.weights for k in range(probs.shape[1])], axis=1)
    return observed, counts


def predictive_check(
    result: Any, *, level: float = 0.95, draws: int = 500, seed: int | np.random.Generator | None = 0
) -> Figure:
    """Bars of observed outcome counts with the model's predicted counts and intervals.

    Returns
    -------
    matplotlib.figure.Figure
    """
    if not 0.0 < level < 1.0:
        raise ArgumentError(f"level must be in (0, 1), got {level!r}")
    source = effect_source(result)
    observed, counts = _replicated_counts(result, draws, seed)
    low, high = np.quantile(counts, [(1 - level) / 2, (1 + level) / 2], axis=0)
    predicted = counts.mean(axis=0)
    x = np.arange(len(source.labels))
    figure = new_figure(6.0, 3.8)
    axes = figure.add_subplot()
    axes.bar(x, observed, color=colour(0), alpha=0.6, label="observed")
    what = f"{model_name(result)}: " + ("posterior predictive" if source.is_posterior else "expected")
    axes.errorbar(
        x,
        predicted,
        yerr=np.vstack([predicted - low, high - predicted]),
        fmt="o",
        color=colour(1),
        capsize=4,
        label=f"{what} counts (mean, {100 * level:g}% interval)",
    )
    axes.set_xticks(x, list(source.labels))
    axes.set_ylabel("cases")
    figure.legend(loc="outside lower center", ncols=2, fontsize="small", frameon=False)  # off the bars
    return figure
