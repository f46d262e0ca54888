"""The analytic gradients (Laplace and adaptive quadrature) equal central differences."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from careerrep.models.mixed import MixedLogitModel, MixedOrdinalModel
from careerrep.models.mixed.fitting import _start, build_problem, fixed_effects_fit
from careerrep.models.mixed.objective import central_gradient


def _frame(seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    n = 240
    g = rng.integers(0, 12, n)
    h = rng.integers(0, 5, n)
    x = rng.normal(size=n)
    latent = 0.6 * x + rng.normal(size=12)[g] + 0.5 * rng.normal(size=5)[h] + rng.logistic(size=n)
    y = np.digitize(latent, [-1.0, 0.3, 1.5])
    return pd.DataFrame(
        {
            "y": pd.Categorical(y, categories=[0, 1, 2, 3], ordered=True),
            "event": (latent > 0.3).astype(int),
            "x": x,
            "z": rng.normal(size=n),
            "g": g.astype(str),
            "h": h.astype(str),
        }
    )


FORMULAS = ["~ x + z + (1|g)", "~ x + z + (1|g) + (1|h)", "~ x + (1 + z|g)"]


@given(
    seed=st.integers(0, 10_000),
    shift=st.floats(-0.4, 0.4),
    formula=st.sampled_from(FORMULAS),
    link=st.sampled_from(["logit", "probit", "cloglog", "binary"]),
    n_agq=st.sampled_from([1, 1, 7]),
)
@settings(max_examples=25, deadline=None)
def test_analytic_gradient_matches_central_differences(
    seed: int, shift: float, formula: str, link: str, n_agq: int
) -> None:
    frame = _frame(seed)
    if link == "binary":
        model = MixedLogitModel("event " + formula, frame)
    else:
        model = MixedOrdinalModel("y " + formula, frame, link=link)
    if n_agq > 1 and formula != FORMULAS[0]:
        n_agq = 1  # quadrature: one scalar term only
    problem = build_problem(model, n_agq=n_agq)
    fixed, _ = fixed_effects_fit(model)
    x = _start(fixed, problem.layout) + shift
    x[problem.layout.diagonal_positions()] = np.abs(x[problem.layout.diagonal_positions()]) + 0.1
    value, grad = problem.loglik_and_gradient(x)
    numeric = central_gradient(problem.loglik, x, 1e-5 * np.maximum(1.0, np.abs(x)))
    assert value == pytest.approx(problem.loglik(x), abs=1e-10)
    # Worst seen over 100 random examples (seeded run, all formulas and links):
    # 5.3e-9 relative to 1 + max|g|; the bound 1e-6 leaves a margin of ~200.
    np.testing.assert_allclose(grad, numeric, rtol=0, atol=1e-6 * (1.0 + np.max(np.abs(numeric))))
