"""Shared data for the Bayesian tests."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pandas as pd

ROOT = Path(__file__).resolve().parents[3]


def wine_frame() -> pd.DataFrame:
    """ordinal::wine as exported in tests/fixtures/data (see its README for provenance)."""
    frame = pd.read_csv(ROOT / "tests" / "fixtures" / "data" / "wine.csv")
    frame["rating"] = pd.Categorical(
        frame["rating"].astype(str), categories=["1", "2", "3", "4", "5"], ordered=True
    )
    frame["temp"] = pd.Categorical(frame["temp"], categories=["cold", "warm"])
    frame["contact"] = pd.Categorical(frame["contact"], categories=["no", "yes"])
    return frame


def benchmark_data() -> ModuleType:
    """benchmarks/bayes_data.py (the seeded benchmark cases), loaded by path."""
    path = ROOT / "benchmarks" / "bayes_data.py"
    spec = importlib.util.spec_from_file_location("bayes_benchmark_data", path)
    if spec is None or spec.loader is None:
        raise ImportError(path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
