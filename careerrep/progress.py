"""When careerrep shows a progress bar: one rule for simulation studies and ingest.

A bar is drawn only when the caller did not refuse one (``progress=False``)
*and* stderr is a terminal, so logs, pipes and CI output stay free of
carriage-return noise.
"""

from __future__ import annotations

import sys


def progress_enabled(progress: bool | None) -> bool:
    """True when a progress bar should be drawn.

    ``progress`` is the caller's wish: ``False`` refuses, ``True`` or ``None``
    accept; either way a bar needs stderr to be a terminal.
    """
    return progress is not False and sys.stderr.isatty()
