"""Figures without pyplot: no global state, no backend needed, never shown.

Plots build a :class:`matplotlib.figure.Figure` directly, so a library call
never opens a window or touches pyplot's list of figures; the caller saves
or displays the returned figure.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.figure import Figure

# Colour-blind-safe palette (Okabe & Ito), one colour per outcome or result.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000")


def new_figure(width: float = 6.4, height: float = 4.0, **kwargs: Any) -> Figure:
    """A fresh figure of ``width`` x ``height`` inches."""
    return Figure(figsize=(width, height), layout="constrained", **kwargs)


def colour(i: int) -> str:
    """The ``i``-th palette colour (cycling)."""
    return PALETTE[i % len(PALETTE)]


def model_name(result: Any) -> str:
    """A short legend name of a fitted result: family (link), estimator."""
    model = getattr(result, "model", None)
    family = getattr(model, "family", None) or getattr(result, "family", "model")
    name = str(getattr(family, "name", family))
    link = getattr(getattr(family, "link", None), "name", None) or getattr(model, "link", None)
    # Ordered families take a link choice; the binary and multinomial logits have only one.
    what = f"{name} ({getattr(link, 'name', link)})" if getattr(family, "ordered", False) and link else name
    if hasattr(result, "idata"):
        return f"{what}, Bayes"
    return f"{what}, {'Firth' if getattr(result, 'method', 'mle') == 'firth' else 'ML'}"


def _plain_number(value: float, _position: int = 0) -> str:
    """0.25 -> "0.25", 2.0 -> "2", 1000 -> "1000": what a reader expects on a ratio axis."""
    if value <= 0:
        return ""
    text = f"{value:.3g}"
    return text if "e" not in text else f"{value:g}"


def readable_log_axis(axes: Any, low: float, high: float) -> None:
    """Ticks of a log x axis as plain numbers (0.5, 1, 2) at 1-2-5 steps, not 10^k."""
    from matplotlib.ticker import FixedLocator, FuncFormatter, NullLocator

    span = high / low if low > 0 else np.inf
    steps = (1.0, 2.0, 5.0) if span < 1e4 else (1.0,)
    first, last = int(np.floor(np.log10(low))) - 1, int(np.ceil(np.log10(high))) + 1
    ticks = [s * 10.0**k for k in range(first, last + 1) for s in steps]
    ticks = [t for t in ticks if low / 1.05 <= t <= high * 1.05] or [1.0]
    axes.xaxis.set_major_locator(FixedLocator(ticks))
    axes.xaxis.set_major_formatter(FuncFormatter(_plain_number))
    axes.xaxis.set_minor_locator(NullLocator())


def figure_html(figure: Figure, *, alt: str = "", dpi: int = 110) -> str:
    """The figure as an HTML ``<img>`` with the PNG inline (base64), for pages and notebooks.

    The docs use it to put each figure into the built page right under the code
    that drew it; the tag needs no file beside the page.
    """
    import base64
    import html
    import io

    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return f'<img alt="{html.escape(alt)}" src="data:image/png;base64,{data}" style="max-width: 100%;">'
