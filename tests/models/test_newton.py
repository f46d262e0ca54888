"""The shared Newton maximiser on functions with known maxima."""

from __future__ import annotations

import numpy as np
import pytest

from careerrep.errors import ConvergenceWarning
from careerrep.models.newton import maximize, warn_if_not_converged


def _quartic(x: np.ndarray) -> tuple[float, np.ndarray, np.ndarray]:
    # -(x0 - 1)^4 - (x0 - 1)^2 - (x1 + 2)^2: maximum 0 at (1, -2) by construction.
    d0, d1 = x[0] - 1.0, x[1] + 2.0
    value = -(d0**4) - d0**2 - d1**2
    grad = np.array([-4 * d0**3 - 2 * d0, -2 * d1])
    hess = np.diag([-12 * d0**2 - 2, -2.0])
    return value, grad, hess


def test_finds_known_maximum() -> None:
    outcome = maximize(_quartic, np.array([5.0, 3.0]))
    assert outcome.converged
    np.testing.assert_allclose(outcome.x, [1.0, -2.0], atol=1e-9)


def test_indefinite_hessian_is_handled() -> None:
    # cos has a positive curvature region at pi; the ridge turns the step uphill.
    def objective(x: np.ndarray) -> tuple[float, np.ndarray, np.ndarray]:
        return float(np.cos(x[0])), np.array([-np.sin(x[0])]), np.array([[-np.cos(x[0])]])

    outcome = maximize(objective, np.array([2.9]))
    assert outcome.converged
    assert outcome.x[0] == pytest.approx(0.0, abs=1e-8) or abs(outcome.x[0]) == pytest.approx(
        2 * np.pi, abs=1e-8
    )


def test_non_convergence_is_reported_with_numbers() -> None:
    outcome = maximize(_quartic, np.array([50.0, 3.0]), max_iter=2)
    assert not outcome.converged and outcome.iterations == 2
    with pytest.warns(ConvergenceWarning, match=r"after 2 iterations; max \|gradient\| = "):
        warn_if_not_converged(outcome, "test fit")
