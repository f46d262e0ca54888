"""The documentation site builds with `mkdocs build --strict` (no warnings), API pages included."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_mkdocs_build_is_strict_clean(tmp_path: Path) -> None:
    site = tmp_path / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    completed = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    output = completed.stdout + completed.stderr
    assert completed.returncode == 0, output[-5000:]
    assert "WARNING" not in output, output[-5000:]
    api = (site / "api" / "index.html").read_text(encoding="utf-8")
    assert "careerrep.ingest.ingest" in api and "CaseRecord" in api  # mkdocstrings rendered the API
    for page in ("getting-started", "records", "ingest", "models", "kazakhstan", "uk-ministers"):
        assert (site / page / "index.html").is_file(), page


def test_every_page_is_in_the_nav() -> None:
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    pages = sorted(p.name for p in (ROOT / "docs").glob("*.md"))
    missing = [name for name in pages if name not in config]
    assert not missing, f"pages missing from the mkdocs nav: {missing}"
