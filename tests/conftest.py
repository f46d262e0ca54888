"""Test-suite settings shared by every test."""

from __future__ import annotations

import os
from pathlib import Path

import matplotlib
import pytest
from hypothesis import HealthCheck, settings

matplotlib.use("Agg")  # figures render to files; no screen here or in CI

# Every run (the README's command, CI) gets a fixed example budget so the suite's time is
# predictable; HYPOTHESIS_PROFILE=dev asks for more examples. No deadline: a 2-core CI machine
# is noisy and timing is not what these properties check.
settings.register_profile("ci", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", max_examples=100, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


# The suite runs on two xdist workers, one test file per unit (--dist loadfile, pyproject.toml).
# Files are handed out in collection order, so a long file collected last leaves the other
# worker idle until it ends (the docs files run every page: 1-2.5 min each). Collecting the
# longest files first packs the two workers evenly; the order of tests within a file is kept.
LONGEST_FILES_FIRST = (
    "tests/test_docs.py",
    "tests/test_docs_build.py",
    "tests/conformance/test_posterior.py",
    "tests/models/bayes/test_bayes_split_brms.py",
    "tests/models/bayes/test_bayes_models.py",
    "tests/models/bayes/test_bayes_split_families.py",
    "tests/models/bayes/test_bayes_brms.py",
    "tests/test_fresh_machine.py",
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Move the longest files (LONGEST_FILES_FIRST, in that order) to the front."""
    root = Path(str(config.rootpath))

    def rank(item: pytest.Item) -> int:
        path = Path(str(item.path)).resolve().relative_to(root).as_posix()
        return LONGEST_FILES_FIRST.index(path) if path in LONGEST_FILES_FIRST else len(LONGEST_FILES_FIRST)

    items.sort(key=rank)  # stable: every file keeps its own order
