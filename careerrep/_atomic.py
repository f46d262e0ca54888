"""Write a file so that a crash never leaves it half written.

The content goes to a temporary file in the same folder, is flushed to disk,
and is then moved over the target in one step (``os.replace``), so a reader
sees either the old file or the new one. Three details a plain ``mkstemp`` +
``replace`` gets wrong are handled here:

* the new file gets the permissions the old one had (or the umask's default
  for a new file), not ``mkstemp``'s private 0600;
* a target that is a symbolic link keeps being a link: the file it points
  to is replaced;
* a process killed mid-write (SIGKILL, power loss) leaves its temporary file
  behind; the next write to the same target removes such leftovers whose
  writing process is gone. Their names say which target and process they
  belong to: ``.<name>.<pid>.careerrep-tmp``.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path

_SUFFIX = ".careerrep-tmp"


def _process_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True


def _remove_leftovers(target: Path) -> None:
    """Delete temporary files of earlier writes to ``target`` whose process has died."""
    prefix = f".{target.name}."
    with contextlib.suppress(OSError):
        for entry in os.scandir(target.parent):
            name = entry.name
            if not (name.startswith(prefix) and name.endswith(_SUFFIX)):
                continue
            pid_text = name[len(prefix) : -len(_SUFFIX)].split(".", 1)[0]
            if pid_text.isdigit() and not _process_alive(int(pid_text)):
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)


def _default_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def atomic_write(path: str | os.PathLike[str], write: Callable[[str], object]) -> None:
    """Call ``write(tmp_path)`` and move the result onto ``path`` in one step.

    Parameters
    ----------
    path
        The file to (re)place. A symbolic link is followed: the file it points to is replaced.
    write
        Writes the whole content to the path it is given.

    Raises
    ------
    Whatever ``write`` raises, after removing the temporary file; ``path`` is then untouched.
    """
    target = Path(os.path.realpath(path))
    folder = target.parent
    _remove_leftovers(target)
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        mode = _default_mode()
    handle, tmp = tempfile.mkstemp(prefix=f".{target.name}.{os.getpid()}.", suffix=_SUFFIX, dir=folder)
    os.close(handle)
    try:
        write(tmp)
        os.chmod(tmp, mode)
        with open(tmp, "rb") as written:
            os.fsync(written.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
