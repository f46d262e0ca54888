"""Forest plot of coefficients or odds ratios, several results overlaid."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from careerrep.effects import odds_ratios
from careerrep.errors import ModelSpecError
from careerrep.plots._figure import colour, model_name, new_figure, readable_log_axis
from careerrep.report.labels import reader_label


def _row_label(row: Any, several_per_term: bool, labels: Mapping[str, str] | None) -> str:
    term = reader_label(str(row["term"]), labels)
    return f"{term} ({row['outcome']})" if several_per_term else term


def _several_slopes_per_term(result: Any) -> bool:
    """True when some design column has more than one slope (contrast blocks, category-specific effects)."""
    model = getattr(result, "model", None)
    layout = getattr(model, "layout", None)
    columns = getattr(getattr(model, "family", None), "columns", None)
    if layout is None or columns is None:
        return False
    return any(len(layout.slopes_of(column)) > 1 for column in columns)


def forest(
    *results: Any,
    exponentiate: bool = False,
    names: Sequence[str] | None = None,
    terms: Sequence[str] | None = None,
    level: float = 0.95,
    standardize: bool | Sequence[str] = False,
    labels: Mapping[str, str] | None = None,
) -> Figure:
    """Dot-and-interval plot of the slope coefficients (or odds ratios) of one or more results.

    Parameters
    ----------
    *results
        ``MLEResult`` / ``PosteriorResult`` objects; each gets its own colour
        and a small vertical offset.
    exponentiate
        Odds ratios on a log axis with a reference line at 1 (else coefficients, line at 0).
    names
        Legend entries (default: each result's family and estimator).
    terms
        Only these terms, in this order (default: all slopes of all results).
    level
        Interval probability; each result's interval kind (Wald, HDI) is in the legend.
    standardize
        Per-sd effects (see :func:`careerrep.effects.odds_ratios`).
    labels
        Reader labels of variables, e.g. ``{"social_share": "Social share"}``.

    Returns
    -------
    matplotlib.figure.Figure
    """
    if not results:
        raise ModelSpecError("forest() needs at least one result")
    titles = list(names) if names is not None else [model_name(r) for r in results]
    if names is None and len(set(titles)) < len(titles):
        titles = [f"({i + 1}) {t}" for i, t in enumerate(titles)]
    if len(titles) != len(results):
        raise ModelSpecError(f"names has {len(titles)} entries for {len(results)} results")
    frames = []
    for title, result in zip(titles, results, strict=True):
        frame = odds_ratios(result, exponentiate=exponentiate, standardize=standardize, level=level)
        several = _several_slopes_per_term(result)
        shown = [_row_label(r, several, labels) for _, r in frame.iterrows()]
        frame = frame.assign(label=shown, result=title)
        frames.append(frame)
    data = pd.concat(frames, ignore_index=True)
    rows = (
        [reader_label(t, labels) for t in terms] if terms is not None else list(dict.fromkeys(data["label"]))
    )
    data = data[data["label"].isin(rows)]
    if data.empty:
        raise ModelSpecError(f"none of the terms {rows} is a coefficient of the results")
    figure = new_figure(6.4, 1.5 + 0.45 * len(rows) * max(1, len(results)) ** 0.5)
    axes = figure.add_subplot()
    spacing = 0.6 / max(1, len(results))
    for i, title in enumerate(titles):
        part = data[data["result"] == title]
        y = np.array([rows.index(lb) for lb in part["label"]], dtype=float)
        y = y + (i - (len(results) - 1) / 2) * spacing
        estimate = part["estimate"].to_numpy(dtype=float)
        err = np.vstack([estimate - part["lower"].to_numpy(float), part["upper"].to_numpy(float) - estimate])
        interval = part["interval"].iloc[0] if len(part) else ""
        axes.errorbar(
            estimate, y, xerr=err, fmt="o", color=colour(i), capsize=3, label=f"{title} ({interval})"
        )
    axes.axvline(1.0 if exponentiate else 0.0, color="0.5", linestyle="--", linewidth=1)
    if exponentiate:
        axes.set_xscale("log")
        values = np.concatenate([data["lower"], data["upper"], [1.0]]).astype(float)
        values = values[np.isfinite(values) & (values > 0)]
        readable_log_axis(axes, float(values.min()), float(values.max()))
    axes.set_yticks(range(len(rows)), rows)
    axes.invert_yaxis()
    ratio = "relative-risk ratio" if set(data["scale"]) == {"relative-risk ratio"} else "odds ratio"
    axes.set_xlabel(f"{ratio} (log scale)" if exponentiate else "coefficient (log-odds)")
    # Below the axes, never on the data.
    figure.legend(loc="outside lower center", fontsize="small", frameon=False, ncols=min(2, len(titles)))
    return figure
