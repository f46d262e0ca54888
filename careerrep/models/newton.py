"""Damped Newton maximisation shared by every MLE family.

Each family supplies an objective returning the log-likelihood, its analytic
gradient and Hessian at a parameter vector. Newton's method converges in a
handful of iterations from sensible starting values; two safeguards make it
reliable from anywhere:

* if the Hessian is not negative definite (possible away from the optimum,
  e.g. on the log-increment threshold scale), a Levenberg-Marquardt ridge
  ``lambda * diag`` is added until it is, which turns the step towards the
  gradient direction (a trust-region in spirit);
* a step that does not increase the objective (or leaves its domain, giving
  NaN/-inf) is halved until it does.

Convergence is declared when the Newton step is negligible relative to the
parameters *and* the Newton decrement ``g' (-H)^{-1} g`` is negligible
relative to the objective, which puts estimates at the optimum to ~1e-10
relative: far inside the 1e-6 that comparisons against R need.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy import linalg

from careerrep._warn import warn as warn_user
from careerrep.errors import ConvergenceWarning

# Largest relative ridge with which a value-only (``settle_value``) maximisation still
# trusts the Newton decrement: it undercounts only directions with curvature below
# 1e-4 of the diagonal, where a decrement under ``ftol`` leaves nothing to gain.
_SETTLE_RIDGE = 1e-4

Objective = Callable[[np.ndarray], tuple[float, np.ndarray, np.ndarray]]


@dataclass(frozen=True)
class NewtonOutcome:
    """Where the optimiser stopped and why.

    Attributes
    ----------
    x
        Final parameter vector.
    value, gradient, hessian
        Objective (log-likelihood), gradient and Hessian at ``x``.
    iterations
        Newton iterations taken.
    converged
        Whether the convergence criterion was met.
    message
        Why it stopped, in words.
    """

    x: np.ndarray
    value: float
    gradient: np.ndarray
    hessian: np.ndarray
    iterations: int
    converged: bool
    message: str

    @property
    def gradient_norm(self) -> float:
        """Largest absolute gradient component at ``x``."""
        return float(np.max(np.abs(self.gradient))) if self.gradient.size else 0.0


def _solve_ascent(hessian: np.ndarray, gradient: np.ndarray) -> tuple[np.ndarray, float]:
    """Solve ``(-H + lambda D) s = g`` with the smallest ridge that makes it positive definite."""
    neg_h = -hessian
    scale = np.maximum(np.abs(np.diag(neg_h)), 1e-12)
    ridge = 0.0
    for _ in range(60):
        try:
            factor = linalg.cho_factor(neg_h + ridge * np.diag(scale), check_finite=False)
        except linalg.LinAlgError:
            ridge = 1e-6 if ridge == 0.0 else ridge * 10.0
            continue
        step = linalg.cho_solve(factor, gradient, check_finite=False)
        if np.all(np.isfinite(step)):
            return step, ridge
        ridge = 1e-6 if ridge == 0.0 else ridge * 10.0
    return gradient / scale, np.inf


def maximize(
    objective: Objective,
    x0: np.ndarray,
    *,
    max_iter: int = 100,
    xtol: float = 1e-10,
    ftol: float = 1e-14,
) -> NewtonOutcome:
    """Maximise ``objective`` by damped Newton steps from ``x0``.

    Parameters
    ----------
    objective
        ``x -> (value, gradient, hessian)``; ``value`` may be ``-inf``/NaN
        outside the domain (such steps are shortened).
    x0
        Starting values (must give a finite value).
    max_iter
        Maximum Newton iterations.
    xtol
        Converged when every step component is below ``xtol * (1 + |x|)``...
    ftol
        ...and the Newton decrement is below ``ftol * (1 + |value|)``.

    Returns
    -------
    NewtonOutcome
        The last iterate; ``converged`` tells whether the criteria were met.
    """
    return _maximize(objective, x0, max_iter, xtol, ftol, settle_value=False)


def maximize_value(
    objective: Objective,
    x0: np.ndarray,
    *,
    max_iter: int = 100,
    xtol: float = 1e-10,
    ftol: float = 1e-14,
) -> NewtonOutcome:
    """:func:`maximize`, converged on the Newton decrement alone, whatever the step.

    For callers that need the maximum *value*, not where it is (profile
    refits). Under separation the supremum is approached as some parameters
    run off: the steps never shrink, but the decrement (which bounds what the
    objective can still gain) falls geometrically. ``xtol`` is accepted for a
    common signature and unused.
    """
    return _maximize(objective, x0, max_iter, xtol, ftol, settle_value=True)


def _maximize(
    objective: Objective, x0: np.ndarray, max_iter: int, xtol: float, ftol: float, *, settle_value: bool
) -> NewtonOutcome:
    x = np.array(x0, dtype=np.float64)
    value, grad, hess = objective(x)
    if not np.isfinite(value):
        raise FloatingPointError(f"the starting values give a non-finite objective ({value})")
    for iteration in range(1, max_iter + 1):
        step, ridge = _solve_ascent(hess, grad)
        decrement = float(grad @ step)
        small_step = settle_value or np.all(np.abs(step) <= xtol * (1.0 + np.abs(x)))
        # A parameter running off makes the Hessian numerically singular along it, so a
        # value-only caller accepts a small relative ridge (it only damps that direction).
        exact = ridge <= (_SETTLE_RIDGE if settle_value else 0.0)
        if exact and small_step and decrement <= ftol * (1.0 + abs(value)):
            # Take the last (tiny) step: it costs one evaluation and gains digits.
            trial = objective(x + step)
            if np.isfinite(trial[0]) and trial[0] >= value - ftol * (1.0 + abs(value)):
                x, (value, grad, hess) = x + step, trial
            return NewtonOutcome(x, value, grad, hess, iteration, True, "converged")
        fraction = 1.0
        for _ in range(50):
            trial_x = x + fraction * step
            trial = objective(trial_x)
            # Accept any increase; tolerate a rounding-level decrease near the optimum.
            if np.isfinite(trial[0]) and trial[0] >= value - 1e-12 * (1.0 + abs(value)):
                break
            fraction *= 0.5
        else:
            return NewtonOutcome(
                x, value, grad, hess, iteration, False, "no step along the Newton direction helps"
            )
        x, (value, grad, hess) = trial_x, trial
    return NewtonOutcome(x, value, grad, hess, max_iter, False, f"reached max_iter={max_iter}")


def warn_if_not_converged(outcome: NewtonOutcome, what: str) -> None:
    """Warn ``ConvergenceWarning`` with the numbers if ``outcome`` did not converge."""
    if not outcome.converged:
        warn_user(
            f"{what} did not converge: {outcome.message} after {outcome.iterations} iterations; "
            f"max |gradient| = {outcome.gradient_norm:.3g}. Estimates are not trustworthy.",
            ConvergenceWarning,
        )
