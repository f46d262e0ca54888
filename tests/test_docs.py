"""Every docs page runs as a reader would run it: its blocks in order, in an empty folder.

A page becomes one script: each ```python block as it is, and each
```console block marked ``exec="on"`` (the blocks the site build also runs)
as its ``$ command`` lines run through the shell, in the script's folder, so
a Python block can read the files a command wrote and the other way round.
Console blocks without ``exec="on"`` are installation steps (``pip install``),
which the test environment has already done; the test checks that is all they are.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.scripts import failure_report, run_script

DOCS = Path(__file__).resolve().parents[1] / "docs"
FENCE = re.compile(r"^```(python|console)([^\n]*)\n(.*?)^```", re.DOTALL | re.MULTILINE)

SHELL_HELPER = """
import subprocess as _subprocess


def _shell(command):
    completed = _subprocess.run(command, shell=True, capture_output=True, text=True)
    print(completed.stdout, end="")
    if completed.returncode != 0:
        raise SystemExit(f"$ {command}\\nexit {completed.returncode}\\n{completed.stderr}")
"""


def blocks(page: Path) -> list[tuple[str, str, str]]:
    """(language, info string, code) of every python and console block of the page."""
    return FENCE.findall(page.read_text(encoding="utf-8"))


def python_blocks(page: Path) -> list[str]:
    """The page's ```python blocks (blocks fenced as ```text are not run)."""
    return [code for language, _, code in blocks(page) if language == "python"]


def page_script(page: Path) -> str:
    """The page as one Python script, console commands through the shell."""
    parts = [SHELL_HELPER]
    for language, info, code in blocks(page):
        if language == "python":
            parts.append(code)
        elif 'exec="on"' in info:
            commands = [line[2:] for line in code.splitlines() if line.startswith("$ ")]
            parts.extend(f"_shell({command!r})" for command in commands)
    return "\n\n".join(parts)


# Prose-only pages (the home page, the generated API reference) have nothing to run.
PAGES = sorted(path for path in DOCS.rglob("*.md") if python_blocks(path))


def test_docs_have_pages_with_code() -> None:
    assert len(PAGES) >= 5, f"expected the user guide's pages to carry code, found {len(PAGES)}"


def test_console_blocks_not_run_only_install() -> None:
    for page in DOCS.rglob("*.md"):
        for language, info, code in blocks(page):
            if language == "console" and 'exec="on"' not in info:
                commands = [line for line in code.splitlines() if line.startswith("$ ")]
                assert all(c.startswith("$ pip install") for c in commands) or not commands, (page.name, code)


def test_every_python_block_shows_its_output_on_the_built_site() -> None:
    """A plain ```python block runs here but shows no output on the site (issue 16): none left."""
    plain = [
        (page.name, code.splitlines()[0] if code else "")
        for page in sorted(DOCS.rglob("*.md"))
        for language, info, code in blocks(page)
        if language == "python" and 'exec="on"' not in info
    ]
    assert plain == []


def test_getting_started_runs_commands_as_well_as_python() -> None:
    page = DOCS / "getting-started.md"
    run = [info for language, info, _ in blocks(page) if language == "console" and 'exec="on"' in info]
    assert len(run) >= 5  # --version, reproduce, ingest, fit, report


@pytest.mark.parametrize("page", PAGES, ids=[str(p.relative_to(DOCS)) for p in PAGES])
def test_docs_page_code_runs(page: Path, tmp_path: Path) -> None:
    script = tmp_path.parent / f"{tmp_path.name}-page.py"  # beside, so the folder starts empty
    script.write_text(page_script(page), encoding="utf-8")
    assert list(tmp_path.iterdir()) == []
    completed = run_script(script, tmp_path, timeout=900)
    assert completed.returncode == 0, failure_report(page.name, completed)
