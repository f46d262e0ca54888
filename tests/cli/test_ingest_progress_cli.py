"""``careerrep ingest`` shows a progress bar of export rows in a terminal, and nothing when piped."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest

from careerrep.ingest import demo_export
from tests.seeds import shifted


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    return demo_export(tmp_path_factory.mktemp("demo"), n_cases=12, seed=shifted(5))


def _export_rows(export: Path) -> int:
    with open(export, encoding="utf-8") as handle:
        return sum(1 for _ in handle) - 1  # the header is not a mention


def _arguments(demo, out: Path) -> list[str]:  # type: ignore[no-untyped-def]
    # A small chunk size so the bar moves several times on the way to its total.
    return [
        sys.executable,
        "-m",
        "careerrep",
        "ingest",
        str(demo.export),
        "--cases",
        str(demo.cases),
        "--chunksize",
        "200",
        "--out",
        str(out),
    ]


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONWARNINGS": "error,ignore::FutureWarning:arviz"}


def test_a_terminal_gets_a_progress_bar_to_the_export_rows(demo, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "table.csv"
    leader, follower = pty.openpty()  # stderr is a terminal, as in an interactive shell
    # A fresh pty is 0 columns wide (tqdm would draw an empty bar); give it a terminal's size.
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    process = subprocess.Popen(
        _arguments(demo, out), stdout=subprocess.PIPE, stderr=follower, env=_env(), text=True
    )
    os.close(follower)
    seen = b""
    while True:
        ready, _, _ = select.select([leader], [], [], 120)
        if not ready:
            break
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the child closed the terminal (EIO on Linux)
            break
        if not chunk:
            break
        seen += chunk
    os.close(leader)
    stdout, _ = process.communicate(timeout=120)
    assert process.returncode == 0, seen.decode(errors="replace")
    terminal = seen.decode("utf-8", errors="replace")
    rows = _export_rows(demo.export)
    assert "mentions.csv" in terminal and "rows" in terminal, terminal
    assert "100%" in terminal, terminal  # the total was known (CSV) and reached
    assert f"{rows}/{rows}" in terminal, terminal
    assert "\r" in terminal  # it redrew in place as chunks came in
    assert f"{rows} rows read" in stdout and out.exists()


def test_no_bar_when_stderr_is_not_a_terminal(demo, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "table.csv"
    completed = subprocess.run(_arguments(demo, out), capture_output=True, text=True, env=_env(), timeout=300)
    assert completed.returncode == 0, completed.stderr
    assert completed.stderr == ""
    assert "%" not in completed.stdout and "\r" not in completed.stdout
    assert f"{_export_rows(demo.export)} rows read" in completed.stdout
