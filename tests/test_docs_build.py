"""The documentation site builds with `mkdocs build --strict` (no warnings), API pages included.

The build runs every ``exec="on"`` block (markdown-exec) and puts its output
and figures into the page, so a reader sees the tables, numbers and figures
without running anything; a block that fails fails the strict build.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_mkdocs_build_is_strict_clean(tmp_path: Path) -> None:
    site = tmp_path / "site"
    env = {
        **os.environ,
        "NO_MKDOCS_2_WARNING": "1",
        "MPLBACKEND": "Agg",
        "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]),
    }
    env.pop("CAREERREP_OUTPUT", None)
    before = sorted(p.name for p in ROOT.iterdir())
    completed = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=1800,  # it runs every page's code, posterior sampling included
    )
    output = completed.stdout + completed.stderr
    assert completed.returncode == 0, output[-5000:]
    assert "WARNING" not in output, output[-5000:]
    api = (site / "api" / "index.html").read_text(encoding="utf-8")
    assert "careerrep.ingest.ingest" in api and "CaseRecord" in api  # mkdocstrings rendered the API
    for page in ("getting-started", "records", "ingest", "models", "kazakhstan", "uk-ministers"):
        assert (site / page / "index.html").is_file(), page
    assert sorted(p.name for p in ROOT.iterdir()) == before  # the build wrote nothing into the checkout
    started = (site / "getting-started" / "index.html").read_text(encoding="utf-8")
    # Outputs are in the page: the command's output, the summary's numbers, the figures.
    assert "careerrep reproduce" in started and "Table 8" in started
    assert "wrote 60 case(s)" in started and "McFadden R²" in started
    assert started.count("data:image/png;base64,") >= 2
    # Every page that draws figures shows them.
    for page, figures in {"effects": 7, "kazakhstan": 3, "simulation": 1, "text": 1}.items():
        html = (site / page / "index.html").read_text(encoding="utf-8")
        assert html.count("data:image/png;base64,") >= figures, page
    for page in ("models", "kazakhstan", "uk-ministers", "simulation", "text"):
        html = (site / page / "index.html").read_text(encoding="utf-8")
        assert 'class="language-text' in html or "<pre" in html, page


def test_every_page_is_in_the_nav() -> None:
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    pages = sorted(p.name for p in (ROOT / "docs").glob("*.md"))
    missing = [name for name in pages if name not in config]
    assert not missing, f"pages missing from the mkdocs nav: {missing}"
