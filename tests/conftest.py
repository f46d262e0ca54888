"""Test-suite settings shared by every test."""

from __future__ import annotations

import os

import matplotlib
from hypothesis import HealthCheck, settings

matplotlib.use("Agg")  # figures render to files; no screen here or in CI

# CI gets a fixed example budget so the suite's time is predictable; no deadline because
# a 2-core CI machine is noisy and timing is not what these properties check.
settings.register_profile("ci", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", max_examples=100, deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")
