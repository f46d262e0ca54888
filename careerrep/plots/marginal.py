"""Dot plot of marginal effects (or contrasts) by outcome."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from careerrep.effects.tidy import CORE_COLUMNS
from careerrep.errors import ArgumentError
from careerrep.plots._figure import colour, new_figure
from careerrep.report.labels import reader_label


def marginal_effects_plot(effects: pd.DataFrame, *, labels: Mapping[str, str] | None = None) -> Figure:
    """One panel per effect (term and contrast), a dot and interval per outcome.

    Parameters
    ----------
    effects
        A frame from :func:`careerrep.effects.marginal_effects` or
        :func:`careerrep.effects.contrast` (several may be concatenated).
    labels
        Reader labels of variables, e.g. ``{"social_share": "Social share"}`` (panel titles).

    Returns
    -------
    matplotlib.figure.Figure
    """
    missing = [c for c in CORE_COLUMNS if c not in effects.columns]
    if missing:
        raise ArgumentError(f"effects frame lacks the columns {missing}")
    if effects.empty:
        raise ArgumentError("effects frame has no rows to plot")
    frame = effects.reset_index(drop=True)
    contrast = frame["contrast"].astype(str) if "contrast" in frame.columns else frame["term"].astype(str)
    keys = [
        reader_label(t, labels) if c.startswith("dP/d") or c == t else f"{reader_label(t, labels)}: {c}"
        for t, c in zip(frame["term"].astype(str), contrast, strict=True)
    ]
    frame = frame.assign(panel=keys)
    panels = list(dict.fromkeys(keys))
    outcomes = list(dict.fromkeys(frame["outcome"].astype(str)))
    columns = min(3, len(panels))
    rows = int(np.ceil(len(panels) / columns))
    figure = new_figure(3.2 * columns, 0.9 + 0.35 * len(outcomes) * rows + 0.6 * rows)
    grid = figure.subplots(rows, columns, squeeze=False)
    for index, panel in enumerate(panels):
        axes = grid[index // columns][index % columns]
        part = frame[frame["panel"] == panel]
        y = np.array([outcomes.index(str(o)) for o in part["outcome"]])
        estimate = part["estimate"].to_numpy(float)
        err = np.vstack([estimate - part["lower"].to_numpy(float), part["upper"].to_numpy(float) - estimate])
        for j in range(len(y)):
            axes.errorbar(
                estimate[j], y[j], xerr=err[:, j : j + 1], fmt="o", color=colour(int(y[j])), capsize=3
            )
        axes.axvline(0.0, color="0.5", linestyle="--", linewidth=1)
        axes.set_yticks(range(len(outcomes)), outcomes)
        axes.invert_yaxis()
        axes.set_title(panel, fontsize="small")
        axes.set_xlabel("change in probability", fontsize="small")
    for index in range(len(panels), rows * columns):
        grid[index // columns][index % columns].set_axis_off()
    figure.suptitle(f"intervals: {', '.join(sorted(set(frame['interval'].astype(str))))}", fontsize="small")
    return figure
