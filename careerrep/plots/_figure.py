"""Figures without pyplot: no global state, no backend needed, never shown.

Plots build a :class:`matplotlib.figure.Figure` directly, so a library call
never opens a window or touches pyplot's list of figures; the caller saves
or displays the returned figure.
"""

from __future__ import annotations

from typing import Any

from matplotlib.figure import Figure

# Colour-blind-safe palette (Okabe & Ito), one colour per outcome or result.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000")


def new_figure(width: float = 6.4, height: float = 4.0, **kwargs: Any) -> Figure:
    """A fresh figure of ``width`` x ``height`` inches."""
    return Figure(figsize=(width, height), layout="constrained", **kwargs)


def colour(i: int) -> str:
    """The ``i``-th palette colour (cycling)."""
    return PALETTE[i % len(PALETTE)]
