"""Predicted outcome probabilities against a signal, with uncertainty bands."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from matplotlib.figure import Figure

from careerrep.effects import average_predictions
from careerrep.effects.source import effect_source
from careerrep.plots._figure import colour, new_figure


def predicted_probabilities(
    result: Any,
    variable: str,
    grid: Sequence[float] | np.ndarray | None = None,
    *,
    kind: str = "lines",
    at: Mapping[str, Any] | None = None,
    level: float = 0.95,
    points: int = 25,
) -> Figure:
    """Case-averaged outcome probabilities as ``variable`` moves over ``grid``.

    Every fitted case is predicted with ``variable`` set to each grid value
    (derived signals recomputed) and the probabilities averaged with the
    frequency weights (:func:`careerrep.effects.average_predictions`).

    Parameters
    ----------
    result
        ``MLEResult`` or ``PosteriorResult``.
    variable
        A numeric data column (e.g. ``"social_share"``).
    grid
        Values to predict at (default: ``points`` evenly spaced values between
        the 2% and 98% quantiles of the fitted cases).
    kind
        ``"lines"``: one curve per outcome with its interval band (Wald/delta
        method or HDI); ``"stacked"``: stacked areas of the point estimates.
    at
        Other columns held at chosen values for every case.
    level
        Band probability.
    points
        Grid size when ``grid`` is None.

    Returns
    -------
    matplotlib.figure.Figure
    """
    if kind not in ("lines", "stacked"):
        raise ValueError(f"kind must be 'lines' or 'stacked', got {kind!r}")
    if grid is None:
        values = effect_source(result).frame[variable].astype(float)
        low, high = np.quantile(values, [0.02, 0.98])
        grid = np.linspace(low, high, points)
    grid = np.asarray(grid, dtype=float)
    frame = average_predictions(result, variable, grid, at=at, level=level)
    outcomes = list(dict.fromkeys(frame["outcome"]))
    figure = new_figure(6.4, 4.0)
    axes = figure.add_subplot()
    if kind == "stacked":
        stack = [frame.loc[frame["outcome"] == o, "estimate"].to_numpy(float) for o in outcomes]
        axes.stackplot(
            grid, *stack, labels=outcomes, colors=[colour(i) for i in range(len(outcomes))], alpha=0.85
        )
        axes.set_ylim(0, 1)
    else:
        for i, outcome in enumerate(outcomes):
            part = frame[frame["outcome"] == outcome]
            axes.plot(grid, part["estimate"].to_numpy(float), color=colour(i), label=outcome)
            axes.fill_between(
                grid,
                part["lower"].to_numpy(float),
                part["upper"].to_numpy(float),
                color=colour(i),
                alpha=0.2,
                linewidth=0,
            )
        axes.set_ylim(bottom=0)
        axes.set_title(f"bands: {frame['interval'].iloc[0]}", fontsize="small", loc="right")
    axes.set_xlabel(variable)
    axes.set_ylabel("average predicted probability")
    axes.legend(title="outcome", fontsize="small", frameon=False)
    return figure
