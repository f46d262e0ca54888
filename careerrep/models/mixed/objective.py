"""The outer objective: marginal log-likelihood as a function of all parameters.

:class:`MixedProblem` binds the model rows (fixed predictors, outcome,
weights, random design) and evaluates the Laplace or adaptive-quadrature
log-likelihood at a parameter vector. Each evaluation runs the inner Newton
from the last mode found (warm start), so nearby evaluations, as numerical
differentiation makes, cost two or three inner steps. The problem is a
short-lived working object of one fit; results never hold it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from careerrep.models.mixed.conditional import CumulativeRows
from careerrep.models.mixed.laplace import (
    InnerSolution,
    RandomDesign,
    agq_loglik,
    inner_mode,
    laplace_loglik,
)
from careerrep.models.mixed.parameters import Layout


@dataclass
class MixedProblem:
    """Everything needed to evaluate the marginal log-likelihood.

    Attributes
    ----------
    X
        ``(n, p)`` fixed-effects predictors.
    rows
        Outcome codes, weights, category count and link.
    design
        Random-effects layout.
    layout
        Parameter block sizes.
    n_agq
        1 for Laplace; more for adaptive Gauss-Hermite (one factor, scalar effect).
    """

    X: np.ndarray
    rows: CumulativeRows
    design: RandomDesign
    layout: Layout
    n_agq: int = 1
    _u: np.ndarray = field(init=False, repr=False)
    evaluations: int = field(default=0, init=False)

    def __post_init__(self) -> None:
        self._u = np.zeros(self.design.n_effects)

    def mode(self) -> np.ndarray:
        """A copy of the last inner mode (the next evaluation's start)."""
        return self._u.copy()

    def reset_mode(self, u: np.ndarray) -> None:
        """Start the next inner solve from ``u`` (after a finite-difference excursion)."""
        self._u = u.copy()

    def solve(self, x: np.ndarray) -> tuple[InnerSolution, np.ndarray, np.ndarray, np.ndarray]:
        """Inner mode at optimiser-scale ``x``; also returns fixed predictor, cut points, loadings."""
        beta, thresholds, factors = self.layout.split(x)
        eta_fixed = self.X @ beta
        loadings = self.design.loadings(factors)
        solution = inner_mode(self.rows, self.design, eta_fixed, thresholds, loadings, self._u)
        self._u = solution.u
        return solution, eta_fixed, thresholds, loadings

    def loglik(self, x: np.ndarray) -> float:
        """Marginal log-likelihood at optimiser-scale ``x`` (``-inf`` where it is not finite)."""
        self.evaluations += 1
        solution, eta_fixed, thresholds, loadings = self.solve(x)
        if self.n_agq == 1:
            value = laplace_loglik(solution)
        else:
            value = agq_loglik(self.rows, self.design, eta_fixed, thresholds, loadings, solution, self.n_agq)
        return value if np.isfinite(value) else -np.inf

    def loglik_and_gradient(self, x: np.ndarray) -> tuple[float, np.ndarray]:
        """Log-likelihood and its gradient in optimiser-scale ``x``.

        Analytic in the coefficients and cut points (Laplace and quadrature;
        :mod:`careerrep.models.mixed.gradient`), central differences in the
        variance parameters.
        """
        steps = 1e-6 * np.maximum(1.0, np.abs(x))
        value, g_fixed = self._fixed_part(x)
        if not np.isfinite(value):
            return -np.inf, np.zeros_like(x)
        layout = self.layout
        grad = np.empty_like(x)
        p = layout.n_coef
        grad[:p] = g_fixed[:p]
        if layout.n_thresholds:
            alpha = x[p : layout.n_fixed]
            n_thr = layout.n_thresholds
            jac = np.tril(np.ones((n_thr, n_thr))) * np.concatenate([[1.0], np.exp(alpha[1:])])
            grad[p : layout.n_fixed] = jac.T @ g_fixed[p:]
        grad[layout.n_fixed :] = self._variance_gradient(self.loglik, x, steps)
        return value, grad

    def reported_loglik_and_gradient(self, z: np.ndarray, free: np.ndarray) -> tuple[float, np.ndarray]:
        """Log-likelihood and gradient in reported-scale ``z`` over the ``free`` positions.

        ``-inf`` (and a zero gradient) where the cut points are not increasing.
        """
        n_fixed, n_thr = self.layout.n_fixed, self.layout.n_thresholds
        if n_thr > 1 and not np.all(np.diff(z[n_fixed - n_thr : n_fixed]) > 0):
            return -np.inf, np.zeros(int(free.sum()))
        value, g_fixed = self._fixed_part(self.layout.from_reported(z))
        n_fixed = self.layout.n_fixed
        grad = np.concatenate([g_fixed, np.zeros(len(z) - n_fixed)])
        steps = 1e-4 * np.maximum(1.0, np.abs(np.where(np.isfinite(z), z, 0.0)))
        variance_free = free.copy()
        variance_free[:n_fixed] = False
        grad[n_fixed:] = self._variance_gradient(self.reported_loglik, z, steps, variance_free)[
            : len(z) - n_fixed
        ]
        return value, grad[free]

    def _fixed_part(self, x: np.ndarray) -> tuple[float, np.ndarray]:
        """Log-likelihood and its analytic gradient in the coefficients and cut points."""
        from careerrep.models.mixed.gradient import agq_fixed_gradient, fixed_gradient
        from careerrep.models.mixed.laplace import apply

        self.evaluations += 1
        solution, eta_fixed, thresholds, loadings = self.solve(x)
        estimated = self.layout.n_thresholds > 0
        if self.n_agq > 1:
            value = agq_loglik(self.rows, self.design, eta_fixed, thresholds, loadings, solution, self.n_agq)
            if not np.isfinite(value):
                return -np.inf, np.zeros(self.layout.n_fixed)
            grad = agq_fixed_gradient(
                self.rows,
                self.design,
                self.X,
                thresholds,
                estimated,
                loadings,
                solution,
                eta_fixed,
                self.n_agq,
            )
            return value, grad
        value = laplace_loglik(solution)
        if not np.isfinite(value):
            return -np.inf, np.zeros(self.layout.n_fixed)
        eta = eta_fixed + apply(self.design, loadings, solution.u)
        grad = fixed_gradient(self.rows, self.design, self.X, thresholds, estimated, loadings, solution, eta)
        return value, grad

    def _variance_gradient(
        self,
        f: Callable[[np.ndarray], float],
        point: np.ndarray,
        steps: np.ndarray,
        which: np.ndarray | None = None,
    ) -> np.ndarray:
        """Central differences of ``f`` in the variance positions (``which``: a mask over them)."""
        n_fixed = self.layout.n_fixed
        u_mode = self.mode()
        out = np.zeros(len(point) - n_fixed)
        for k, i in enumerate(range(n_fixed, len(point))):
            if which is not None and not which[i]:
                continue
            e = np.zeros_like(point)
            e[i] = steps[i]
            out[k] = (f(point + e) - f(point - e)) / (2.0 * steps[i])
            self.reset_mode(u_mode)
        return out

    def reported_loglik(self, z: np.ndarray) -> float:
        """Marginal log-likelihood at reported-scale ``z`` (log SDs, atanh correlations)."""
        n_fixed, n_thr = self.layout.n_fixed, self.layout.n_thresholds
        if n_thr > 1 and not np.all(np.diff(z[n_fixed - n_thr : n_fixed]) > 0):
            return -np.inf
        return self.loglik(self.layout.from_reported(z))


def central_gradient(f: Callable[[np.ndarray], float], x: np.ndarray, steps: np.ndarray) -> np.ndarray:
    """Central-difference gradient of the scalar function ``f`` at ``x``."""
    fun = f
    grad = np.empty_like(x)
    for i, h in enumerate(steps):
        e = np.zeros_like(x)
        e[i] = h
        grad[i] = (fun(x + e) - fun(x - e)) / (2.0 * h)
    return grad
