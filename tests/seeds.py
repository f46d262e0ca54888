"""Seeds for the tests that sample or simulate, shiftable so any of them can be rerun over many seeds.

A statistical test must pass for any seed, so its thresholds are sized from many runs, not from
the one seed it happens to use. Every seed such a test uses goes through :func:`shifted`: with
``CAREERREP_TEST_SEED_SHIFT=k`` in the environment each one moves to a different, still fixed,
value. ``python scripts/seed_sweep.py --shifts 20 tests/...`` reruns a selection for shifts
0-19 and reports which seeds failed; the margins written beside each threshold come from such
sweeps.
"""

from __future__ import annotations

import os

SEED_SHIFT = int(os.environ.get("CAREERREP_TEST_SEED_SHIFT", "0"))


def shifted(base: int) -> int:
    """The seed a test uses: its own ``base`` (shift 0, the CI run) or a shifted one for a sweep."""
    return base + 1000 * SEED_SHIFT
