"""Step plots of Kaplan–Meier survival and Aalen–Johansen cumulative incidence.

Each function takes the DataFrame its estimator returned and gives back a new
:class:`matplotlib.figure.Figure` (built without pyplot, never shown).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from careerrep.errors import ModelSpecError
from careerrep.exits.nonparametric import EVENT_FREE
from careerrep.plots._figure import colour, new_figure

__all__ = ["plot_cumulative_incidence", "plot_survival"]


def _steps(time: np.ndarray, values: np.ndarray, start: float) -> tuple[np.ndarray, np.ndarray]:
    """Right-continuous step coordinates from time 0."""
    return np.concatenate([[0.0], time]), np.concatenate([[start], values])


def _require(curve: pd.DataFrame, columns: list[str], what: str) -> None:
    missing = [c for c in columns if c not in curve.columns]
    if missing:
        raise ModelSpecError(f"{what} needs the columns {missing} (pass the estimator's output)")


def plot_survival(curve: pd.DataFrame, label: str = "Kaplan–Meier", time_unit: str = "days") -> Figure:
    """The survival curve of :func:`kaplan_meier` with its pointwise interval band."""
    _require(curve, ["time", "survival", "lower", "upper"], "plot_survival")
    figure = new_figure()
    axes = figure.add_subplot()
    x, y = _steps(curve["time"].to_numpy(), curve["survival"].to_numpy(), 1.0)
    axes.step(x, y, where="post", color=colour(0), label=label)
    _, lower = _steps(curve["time"].to_numpy(), curve["lower"].to_numpy(), 1.0)
    _, upper = _steps(curve["time"].to_numpy(), curve["upper"].to_numpy(), 1.0)
    axes.fill_between(x, lower, upper, step="post", color=colour(0), alpha=0.2, linewidth=0)
    axes.set(xlabel=f"time ({time_unit})", ylabel="probability still in post", ylim=(0.0, 1.02))
    axes.legend(frameon=False)
    return figure


def plot_cumulative_incidence(curve: pd.DataFrame, time_unit: str = "days", stacked: bool = False) -> Figure:
    """Cumulative incidence of each exit type from :func:`aalen_johansen`, with interval bands.

    ``stacked=True`` draws the exits stacked on each other (they add up to
    ``1 - S(t)``) without bands.
    """
    _require(curve, ["time", "state", "probability", "lower", "upper"], "plot_cumulative_incidence")
    figure = new_figure()
    axes = figure.add_subplot()
    exits = [s for s in curve["state"].cat.categories if s != EVENT_FREE]
    base = None
    for i, state in enumerate(exits):
        rows = curve[curve["state"] == state]
        x, y = _steps(rows["time"].to_numpy(), rows["probability"].to_numpy(), 0.0)
        if stacked:
            bottom = np.zeros_like(y) if base is None else base
            axes.fill_between(
                x, bottom, bottom + y, step="post", color=colour(i), alpha=0.6, label=str(state)
            )
            base = bottom + y
            continue
        axes.step(x, y, where="post", color=colour(i), label=str(state))
        _, lower = _steps(rows["time"].to_numpy(), rows["lower"].fillna(0.0).to_numpy(), 0.0)
        _, upper = _steps(rows["time"].to_numpy(), rows["upper"].fillna(0.0).to_numpy(), 0.0)
        axes.fill_between(x, lower, upper, step="post", color=colour(i), alpha=0.2, linewidth=0)
    axes.set(xlabel=f"time ({time_unit})", ylabel="cumulative incidence", ylim=(0.0, 1.0))
    axes.legend(frameon=False, title="exit")
    return figure
