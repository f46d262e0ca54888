"""Warnings that point at the user's line, and numbers printed with the digits that make them true.

* :func:`warn` issues a warning attributed to the first stack frame outside
  the careerrep package, so ``ConvergenceWarning`` shows the user's
  ``model.fit()`` line however deep inside careerrep it was raised (a fixed
  ``stacklevel`` is wrong as soon as a call path gets one frame longer).
* :func:`beyond` formats a diagnostic so that the printed comparison holds:
  ``max R-hat = 1.0104 > 1.01``, never ``1.010 > 1.01``.
"""

from __future__ import annotations

import sys
import warnings
from pathlib import Path

PACKAGE_DIR = str(Path(__file__).resolve().parent)


def _inside_package(filename: str) -> bool:
    try:
        return str(Path(filename).resolve()).startswith(PACKAGE_DIR)
    except (OSError, ValueError):  # pragma: no cover - "<string>" frames and the like
        return False


def warn(message: str, category: type[Warning]) -> None:
    """``warnings.warn(message, category)`` at the first frame outside careerrep."""
    frame = sys._getframe(1)
    level = 2  # 1 is this function's own warnings.warn line; 2 is its caller
    while frame is not None and _inside_package(frame.f_code.co_filename):
        frame = frame.f_back  # type: ignore[assignment]
        level += 1
    warnings.warn(message, category, stacklevel=level)


def beyond(value: float, limit: float, *, above: bool = True, digits: int = 2, max_digits: int = 8) -> str:
    """``value`` with the fewest decimals (at least ``digits``) that keep it beyond ``limit``.

    ``above=True``: the text reads as a number greater than ``limit``
    (``beyond(1.0104, 1.01) == "1.0104"``); ``above=False``: smaller
    (``beyond(399.6, 400, above=False, digits=0) == "399.6"``).
    """
    text = f"{value:.{digits}f}"
    for places in range(digits, max_digits + 1):
        text = f"{value:.{places}f}"
        shown = float(text)
        if (shown > limit) if above else (shown < limit):
            return text
    return text
