"""Tables of effects frames (marginal effects, contrasts, odds ratios).

Input is any frame with the core effect columns of
:mod:`careerrep.effects.tidy`. Two layouts:

* ``"wide"`` (default): one row per effect (term and, where present, the
  contrast), one column per outcome, the estimate over its interval or SE;
* ``"long"``: one row per effect and outcome with estimate, interval and the
  p-value (MLE) or probability of direction (posterior).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from careerrep.effects.tidy import CORE_COLUMNS
from careerrep.errors import ArgumentError
from careerrep.report.formats import Grid, check_format, number, render
from careerrep.report.labels import reader_label


def _label(row: Any, labels: Mapping[str, str] | None) -> str:
    contrast = str(row.get("contrast", "") or "")
    term = str(row["term"])
    shown = reader_label(term, labels)
    if not contrast or contrast == term or contrast.startswith("dP/d"):
        return shown
    return f"{shown}: {contrast}"


def effects_table(
    effects: pd.DataFrame,
    format: str = "text",
    *,
    layout: str = "wide",
    se: bool = False,
    digits: int = 3,
    title: str = "Effect",
    labels: Mapping[str, str] | None = None,
) -> str:
    """Render an effects frame as a table.

    Parameters
    ----------
    effects
        Output of ``marginal_effects``, ``contrast`` or ``odds_ratios`` (or
        several concatenated).
    format
        ``"text"``, ``"markdown"``, ``"latex"`` or ``"html"``.
    layout
        ``"wide"`` (outcomes as columns) or ``"long"``.
    se
        Show standard errors in parentheses instead of intervals (MLE).
    digits
        Decimals.
    title
        Heading of the first column.
    labels
        Reader labels of variables, e.g. ``{"social_share": "Social share"}``.

    Returns
    -------
    str
        The rendered table.
    """
    check_format(format)
    missing = [c for c in CORE_COLUMNS if c not in effects.columns]
    if missing:
        raise ArgumentError(f"effects frame lacks the columns {missing}")
    if layout not in ("wide", "long"):
        raise ArgumentError(f"layout must be 'wide' or 'long', got {layout!r}")
    frame = effects.reset_index(drop=True)
    names = [_label(row, labels) for _, row in frame.iterrows()]
    intervals = sorted(set(frame["interval"].astype(str)))
    posterior = frame["p_direction"].notna().any()

    def spread(row: Any) -> str:
        if se:
            return f"({number(float(row['std_error']), digits)})"
        return f"[{number(float(row['lower']), digits)}, {number(float(row['upper']), digits)}]"

    notes = [
        "In parentheses: standard errors (delta method)."
        if se
        else f"In brackets: {', '.join(intervals)} intervals."
    ]
    if "at" in frame.columns and frame["at"].notna().any():
        notes.append(f"Averaged over: {', '.join(sorted(set(frame['at'].astype(str))))}.")
    if layout == "long":
        extra = "P(direction)" if posterior else "p-value"
        header = [title, "Outcome", "Estimate", "SE" if se else "Interval", extra]
        rows = []
        for label, (_, row) in zip(names, frame.iterrows(), strict=True):
            value = row["p_direction"] if posterior else row["p_value"]
            shown = number(float(value), digits)
            if not posterior and float(value) < 10.0**-digits:
                shown = f"<{10.0**-digits:.{digits}f}"
            estimate = number(float(row["estimate"]), digits)
            rows.append([label, str(row["outcome"]), estimate, spread(row), shown])
        return render(Grid(header, [rows], notes), format)

    outcomes = list(dict.fromkeys(frame["outcome"].astype(str)))
    keys = list(dict.fromkeys(names))
    cells: dict[tuple[str, str], tuple[str, str]] = {}
    for label, (_, row) in zip(names, frame.iterrows(), strict=True):
        cells[(label, str(row["outcome"]))] = (number(float(row["estimate"]), digits), spread(row))
    rows = []
    for key in keys:
        pairs = [cells.get((key, outcome), ("", "")) for outcome in outcomes]
        rows.append([key, *(p[0] for p in pairs)])
        rows.append(["", *(p[1] for p in pairs)])
    return render(Grid([title, *outcomes], [rows], notes), format)
