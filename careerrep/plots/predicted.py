"""Predicted outcome probabilities against a signal: small multiples or stacked bands.

Four overlapping translucent bands cannot be read, so the default draws one
panel per outcome (shared x axis, each panel's own y range), each with its
curve and interval band. ``kind="stacked"`` stacks the point estimates into
bands that sum to one, labelled on the right edge instead of in a legend.
The legend (below the panels, never on the data) names the model and the band.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from careerrep.effects import average_predictions
from careerrep.effects.source import effect_source
from careerrep.errors import ArgumentError
from careerrep.plots._figure import colour, model_name, new_figure
from careerrep.report.labels import reader_label

KINDS = ("panels", "stacked", "lines")


def predicted_probabilities(
    result: Any,
    variable: str,
    grid: Sequence[float] | np.ndarray | None = None,
    *,
    kind: str = "panels",
    at: Mapping[str, Any] | None = None,
    level: float = 0.95,
    points: int = 25,
    labels: Mapping[str, str] | None = None,
    name: str | None = None,
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
        ``"panels"`` (default): one panel per outcome with its interval band
        (Wald/delta method or HDI); ``"stacked"``: the point estimates stacked
        into bands summing to one; ``"lines"``: all outcomes in one panel.
    at
        Other columns held at chosen values for every case.
    level
        Band probability.
    points
        Grid size when ``grid`` is None.
    labels
        Reader labels, e.g. ``{"social_share": "Social share"}`` (axis title).
    name
        The model's name in the legend (default: family, link and estimator).

    Returns
    -------
    matplotlib.figure.Figure
    """
    if kind not in KINDS:
        raise ArgumentError(f"kind must be one of {KINDS}, got {kind!r}")
    if grid is None:
        values = effect_source(result).frame[variable].astype(float)
        low, high = np.quantile(values, [0.02, 0.98])
        grid = np.linspace(low, high, points)
    grid = np.asarray(grid, dtype=float)
    frame = average_predictions(result, variable, grid, at=at, level=level)
    outcomes = list(dict.fromkeys(frame["outcome"]))
    model = name or model_name(result)
    x_label = reader_label(variable, labels)
    if kind == "stacked":
        return _stacked(frame, grid, outcomes, model, x_label)
    if kind == "lines":
        return _lines(frame, grid, outcomes, model, x_label)
    return _panels(frame, grid, outcomes, model, x_label)


def _band(axes: Any, part: pd.DataFrame, grid: np.ndarray, shade: str) -> tuple[Any, Any]:
    (line,) = axes.plot(grid, part["estimate"].to_numpy(float), color=shade, linewidth=1.8)
    band = axes.fill_between(
        grid,
        part["lower"].to_numpy(float),
        part["upper"].to_numpy(float),
        color=shade,
        alpha=0.25,
        linewidth=0,
    )
    return line, band


def _panels(frame: pd.DataFrame, grid: np.ndarray, outcomes: list[Any], model: str, x_label: str) -> Figure:
    # Four outcomes read best as a 2 x 2 grid at page width; otherwise up to three a row.
    columns = 2 if len(outcomes) == 4 else min(3, len(outcomes))
    rows = int(np.ceil(len(outcomes) / columns))
    figure = new_figure(2.6 * columns + 0.6, 2.1 * rows + 1.0)
    panels = figure.subplots(rows, columns, squeeze=False, sharex=True)
    handles: tuple[Any, Any] | None = None
    for index, outcome in enumerate(outcomes):
        axes = panels[index // columns][index % columns]
        handles = _band(axes, frame[frame["outcome"] == outcome], grid, colour(index))
        axes.set_title(str(outcome), fontsize="medium")
        axes.set_ylim(bottom=0)
        axes.grid(alpha=0.3, linewidth=0.5)
        if index % columns == 0:
            axes.set_ylabel("average predicted probability", fontsize="small")
    for index in range(len(outcomes), rows * columns):
        panels[index // columns][index % columns].set_axis_off()
    figure.supxlabel(x_label, fontsize="medium")
    if handles is not None:
        interval = str(frame["interval"].iloc[0])
        # Neutral proxies: the legend explains line and band, not one panel's colour.
        from matplotlib.lines import Line2D
        from matplotlib.patches import Patch

        figure.legend(
            [Line2D([], [], color="0.25", linewidth=1.8), Patch(color="0.25", alpha=0.25, linewidth=0)],
            [f"{model}: estimate", f"{interval} interval"],
            loc="outside upper center",  # above the panels: the x label sits below
            ncols=2,
            frameon=False,
            fontsize="small",
        )
    return figure


def _lines(frame: pd.DataFrame, grid: np.ndarray, outcomes: list[Any], model: str, x_label: str) -> Figure:
    figure = new_figure(6.8, 4.2)
    axes = figure.add_subplot()
    for index, outcome in enumerate(outcomes):
        line, _ = _band(axes, frame[frame["outcome"] == outcome], grid, colour(index))
        line.set_label(str(outcome))
    axes.set_ylim(bottom=0)
    axes.set_xlabel(x_label)
    axes.set_ylabel("average predicted probability")
    axes.set_title(f"{model}; bands: {frame['interval'].iloc[0]}", fontsize="small")
    figure.legend(title="outcome", loc="outside right center", frameon=False, fontsize="small")
    return figure


def _stacked(frame: pd.DataFrame, grid: np.ndarray, outcomes: list[Any], model: str, x_label: str) -> Figure:
    figure = new_figure(6.8, 4.2)
    axes = figure.add_subplot()
    stack = [frame.loc[frame["outcome"] == o, "estimate"].to_numpy(float) for o in outcomes]
    axes.stackplot(
        grid, *stack, labels=[str(o) for o in outcomes], colors=[colour(i) for i in range(len(outcomes))]
    )
    # Label each band at the right edge, at the middle of its height there.
    edges = np.cumsum([0.0, *(s[-1] for s in stack)])
    for index, outcome in enumerate(outcomes):
        middle = (edges[index] + edges[index + 1]) / 2
        if edges[index + 1] - edges[index] > 0.04:
            axes.annotate(
                str(outcome),
                (1.0, middle),
                xycoords=("axes fraction", "data"),
                xytext=(4, 0),
                textcoords="offset points",
                va="center",
                fontsize="small",
                color=colour(index),
            )
    axes.set_xlim(grid[0], grid[-1])
    axes.set_ylim(0, 1)
    axes.set_xlabel(x_label)
    axes.set_ylabel("average predicted probability (stacked)")
    axes.set_title(f"{model}: point estimates", fontsize="small")
    return figure
