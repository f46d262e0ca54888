"""A stand-in for stderr in tests of careerrep's progress-bar rule (careerrep.progress)."""

from __future__ import annotations

import io


class FakeTerminal(io.StringIO):
    """Collects what is written, like ``io.StringIO``, and says it is a terminal."""

    def isatty(self) -> bool:
        return True


def fake_stderr(tty: bool) -> io.StringIO:
    """A :class:`FakeTerminal` when ``tty``, else a plain ``io.StringIO`` (a pipe or a file)."""
    return FakeTerminal() if tty else io.StringIO()
