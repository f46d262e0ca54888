"""Every fenced ```python block in docs/*.md runs, in order, one namespace per page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.scripts import failure_report, run_script

DOCS = Path(__file__).resolve().parents[1] / "docs"
FENCE = re.compile(r"^```python[^\n]*\n(.*?)^```", re.DOTALL | re.MULTILINE)


def python_blocks(page: Path) -> list[str]:
    """The page's ```python blocks (blocks fenced as ```text or ```console are not run)."""
    return FENCE.findall(page.read_text(encoding="utf-8"))


# Prose-only pages (the home page, the generated API reference) have nothing to run.
PAGES = sorted(path for path in DOCS.rglob("*.md") if python_blocks(path))


def test_docs_have_pages_with_code() -> None:
    assert len(PAGES) >= 5, f"expected the user guide's pages to carry code, found {len(PAGES)}"


@pytest.mark.parametrize("page", PAGES, ids=[str(p.relative_to(DOCS)) for p in PAGES])
def test_docs_page_code_runs(page: Path, tmp_path: Path) -> None:
    blocks = python_blocks(page)
    script = tmp_path / "page.py"
    script.write_text("\n\n".join(blocks), encoding="utf-8")
    completed = run_script(script, tmp_path, timeout=900)
    assert completed.returncode == 0, failure_report(page.name, completed)
