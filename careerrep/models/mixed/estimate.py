"""Maximising the marginal log-likelihood, and the covariance of the estimates.

Two stages, as in lme4 and ordinal:

1. L-BFGS-B on the optimiser scale (Cholesky entries with diagonals ``>= 0``,
   so an SD can reach 0 exactly), with the gradient analytic in the
   coefficients and cut points and central differences in the (one to three
   per term) variance parameters (:meth:`MixedProblem.loglik_and_gradient`);
2. Newton steps on the reported scale (log SD, atanh correlation) with the
   Hessian from central differences of that gradient, which sharpens the
   estimate to ~1e-8 and gives the covariance ``(-H)^-1``; once the steps are
   tiny the Hessian is kept and only the gradient refreshed. Terms whose SD
   went to 0 (or whose correlation went to +-1) stay at that boundary and are
   left out of the Hessian; the covariance of the other parameters is then
   conditional on them.

The Hessian is numerical because the exact one needs fourth derivatives of
the conditional likelihood through the mode; ``ordinal::clmm`` and
``lme4::glmer`` differentiate their objective numerically too.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import optimize

from careerrep.models.mixed.objective import MixedProblem

# An SD below this (relative to 1 on the latent scale) counts as 0: the boundary.
BOUNDARY_SD = 1e-4
# |correlation| above this counts as +-1.
BOUNDARY_CORR = 0.9999


@dataclass(frozen=True)
class Estimate:
    """Where the maximisation ended.

    Attributes
    ----------
    x, z
        Estimate on the optimiser and reported scales.
    loglik
        Marginal log-likelihood (Laplace or quadrature) at the estimate.
    free
        Boolean mask over ``z``: estimated in the interior (in the Hessian).
    hessian
        Hessian of the log-likelihood in ``z[free]``.
    gradient
        Gradient in ``z[free]`` at the estimate.
    iterations
        Outer iterations (L-BFGS-B plus Newton).
    evaluations
        Log-likelihood evaluations.
    converged
        L-BFGS-B reported success and the final gradient is small.
    """

    x: np.ndarray
    z: np.ndarray
    loglik: float
    free: np.ndarray
    hessian: np.ndarray
    gradient: np.ndarray
    iterations: int
    evaluations: int
    converged: bool

    @property
    def gradient_norm(self) -> float:
        """Largest |gradient| on the reported scale (free parameters)."""
        return float(np.max(np.abs(self.gradient))) if self.gradient.size else 0.0


def _steps(values: np.ndarray, relative: float) -> np.ndarray:
    return relative * np.maximum(1.0, np.abs(values))


def first_stage(problem: MixedProblem, x0: np.ndarray, max_iter: int = 1000) -> tuple[np.ndarray, int, bool]:
    """L-BFGS-B from ``x0``; returns the optimiser-scale estimate, iterations and success."""
    layout = problem.layout
    bounds: list[tuple[float | None, float | None]] = [(None, None)] * layout.size
    for position in layout.diagonal_positions():
        bounds[position] = (0.0, None)

    def negative(x: np.ndarray) -> tuple[float, np.ndarray]:
        value, grad = problem.loglik_and_gradient(x)
        if not np.isfinite(value):
            return np.inf, np.zeros_like(x)
        return -value, -grad

    result = optimize.minimize(
        negative,
        x0,
        jac=True,
        method="L-BFGS-B",
        bounds=bounds,
        options={"maxiter": max_iter, "ftol": 1e-15, "gtol": 1e-9, "maxcor": 20},
    )
    return np.asarray(result.x), int(result.nit), bool(result.success)


def boundary_mask(problem: MixedProblem, z: np.ndarray) -> np.ndarray:
    """``True`` for the reported parameters that sit on a boundary (SD 0 or correlation +-1)."""
    layout = problem.layout
    mask = np.zeros(layout.size, dtype=bool)
    for r, part in zip(layout.term_sizes, layout.variance_slices(), strict=True):
        sd = np.exp(z[part][:r])
        if r == 1:
            mask[part] = sd[0] < BOUNDARY_SD
        elif np.any(sd < BOUNDARY_SD) or abs(np.tanh(z[part][2])) > BOUNDARY_CORR:
            # A singular 2 x 2 covariance: its three parameters are not separately identified.
            mask[part] = True
    return mask


def second_stage(
    problem: MixedProblem, x: np.ndarray, newton_steps: int = 4
) -> tuple[np.ndarray, float, np.ndarray, np.ndarray, np.ndarray, int]:
    """Newton polish on the reported scale; returns ``z``, loglik, free mask, Hessian, gradient, steps."""
    layout = problem.layout
    z = layout.to_reported(x)
    free = ~boundary_mask(problem, z)
    index = np.flatnonzero(free)

    def sub_loglik(values: np.ndarray) -> float:
        full = z.copy()
        full[index] = values
        return problem.reported_loglik(full)

    current = z[index].copy()

    def derivatives(values: np.ndarray) -> tuple[float, np.ndarray, np.ndarray]:
        return gradient_hessian(problem, z, index, free, values)

    def gradient_only(values: np.ndarray) -> tuple[float, np.ndarray]:
        full = z.copy()
        full[index] = values
        return problem.reported_loglik_and_gradient(full, free)

    value, grad, hess = derivatives(current)
    taken = 0
    for _ in range(newton_steps):
        try:
            step = np.linalg.solve(-hess, grad)
        except np.linalg.LinAlgError:
            break
        if not np.all(np.isfinite(step)) or grad @ step <= 0:
            break  # not an ascent direction: the Hessian is not negative definite here
        if np.max(np.abs(step)) < 1e-9 * (1.0 + np.max(np.abs(current))):
            break
        fraction, accepted = 1.0, False
        for _ in range(20):
            trial = current + fraction * step
            trial_value = sub_loglik(trial)
            if np.isfinite(trial_value) and trial_value >= value - 1e-10 * (1.0 + abs(value)):
                accepted = True
                break
            fraction *= 0.5
        if not accepted:
            break
        current = trial
        taken += 1
        relative = np.max(np.abs(step)) / (1.0 + np.max(np.abs(current)))
        if relative < 1e-5:
            # The Hessian moves by ~relative over such a step: keep it (its SEs stay
            # good to ~1e-5) and take chord-Newton steps with fresh gradients only.
            value, grad = gradient_only(current)
        else:
            value, grad, hess = derivatives(current)
        if relative < 1e-9:
            break
    z = z.copy()
    z[index] = current
    return z, value, free, hess, grad, taken


def gradient_hessian(
    problem: MixedProblem, z: np.ndarray, index: np.ndarray, free: np.ndarray, values: np.ndarray
) -> tuple[float, np.ndarray, np.ndarray]:
    """Value, gradient and Hessian in ``z[index]`` from central differences of the gradient."""

    def gradient(sub: np.ndarray) -> tuple[float, np.ndarray]:
        full = z.copy()
        full[index] = sub
        return problem.reported_loglik_and_gradient(full, free)

    value, grad = gradient(values)
    u_mode = problem.mode()
    d = len(values)
    hess = np.empty((d, d))
    steps = _steps(values, 1e-4)
    for i in range(d):
        e = np.zeros(d)
        e[i] = steps[i]
        hess[:, i] = (gradient(values + e)[1] - gradient(values - e)[1]) / (2.0 * steps[i])
        problem.reset_mode(u_mode)
    gradient(values)  # leave the inner mode at the centre
    return value, grad, 0.5 * (hess + hess.T)


def maximise(problem: MixedProblem, x0: np.ndarray, max_iter: int = 1000) -> Estimate:
    """Both stages from optimiser-scale starting values ``x0``."""
    x1, iterations, success = first_stage(problem, x0, max_iter=max_iter)
    z, value, free, hess, grad, taken = second_stage(problem, x1)
    x = problem.layout.from_reported(z)
    problem.loglik(x)  # leave the inner mode at the estimate for the caller
    scale = np.maximum(1.0, np.abs(np.diag(hess))) if hess.size else np.ones(0)
    small = bool(np.all(np.abs(grad) <= 1e-3 * np.sqrt(scale))) if grad.size else True
    return Estimate(
        x=x,
        z=z,
        loglik=float(value),
        free=free,
        hessian=hess,
        gradient=grad,
        iterations=iterations + taken,
        evaluations=problem.evaluations,
        converged=bool(success or small) and small,
    )
