"""From a :class:`MixedModel` to a :class:`MixedResult`: build, maximise, summarise, test.

The pieces: starting values from the fixed-effects fit (the same model with
every SD at 0, which is also the null model of the likelihood-ratio tests),
:func:`~careerrep.models.mixed.estimate.maximise`, the covariance on the
reported scale, the variance components, the group effects with their
conditional SDs, the ICC and the boundary-corrected LR tests. Numerical
trouble (an SD on its boundary, a Hessian that is not negative definite)
warns with the term and the numbers, and the summary says the same.
"""

from __future__ import annotations

import contextlib
import warnings
from typing import Any

import numpy as np
import pandas as pd

from careerrep.errors import BoundaryWarning, ConvergenceWarning, ModelSpecError
from careerrep.models.mixed.estimate import Estimate, maximise
from careerrep.models.mixed.parameters import Layout, sd_corr
from careerrep.models.mixed.problem import _start, build_problem, fixed_effects_fit
from careerrep.models.mixed.result import MixedResult
from careerrep.models.mixed.summaries import (
    group_effects,
    icc_table,
    lr_test_row,
    variance_table,
)


def _check_agq(model: Any, n_agq: int) -> None:
    if not isinstance(n_agq, int | np.integer) or n_agq < 1:
        raise ModelSpecError(f"n_agq must be a positive integer, got {n_agq!r}")
    if n_agq > 1 and (len(model.terms) != 1 or model.terms[0].size != 1):
        labels = [t.spec.label for t in model.terms]
        raise ModelSpecError(
            f"n_agq={n_agq} (adaptive Gauss-Hermite) needs a single random-intercept term; "
            f"this model has {labels}: use n_agq=1 (Laplace)"
        )


def _covariance(model: Any, estimate: Estimate) -> tuple[np.ndarray, list[str]]:
    """Covariance of all parameters on the reported units (SD, correlation), and notes."""
    size = len(estimate.z)
    notes: list[str] = []
    cov_z = np.full((size, size), np.nan)
    index = np.flatnonzero(estimate.free)
    neg = -estimate.hessian
    eigen = np.linalg.eigvalsh(neg) if neg.size else np.ones(0)
    names = np.array(model.param_names)
    if eigen.size and eigen.min() <= 1e-10 * max(1.0, float(eigen.max())):
        vectors = np.linalg.eigh(neg)[1]
        worst = str(names[index][np.argmax(np.abs(vectors[:, 0]))])
        message = (
            f"the Hessian of the log-likelihood is not negative definite at the estimate "
            f"(smallest eigenvalue of -H = {eigen.min():.3g}, largest = {eigen.max():.3g}; the "
            f"direction is mostly {worst!r}): standard errors are not available"
        )
        warnings.warn(message, ConvergenceWarning, stacklevel=4)
        notes.append("No standard errors: " + message + ".")
        return cov_z, notes
    cov_z[np.ix_(index, index)] = np.linalg.inv(neg)
    # Reported units: SD = exp(log SD), correlation = tanh(atanh): delta method.
    jac = np.ones(size)
    n_fixed = len(model.coef_names) + len(model.thresholds)
    position = n_fixed
    for term in model.terms:
        r = term.size
        jac[position : position + r] = np.exp(estimate.z[position : position + r])
        if r == 2:
            jac[position + 2] = 1.0 - np.tanh(estimate.z[position + 2]) ** 2
        position += r * (r + 1) // 2
    return cov_z * np.outer(jac, jac), notes


def _boundary_notes(model: Any, estimate: Estimate, layout: Layout) -> list[str]:
    notes = []
    _, _, factors = layout.split(estimate.x)
    for term, lam, part in zip(model.terms, factors, layout.variance_slices(), strict=True):
        if np.all(estimate.free[part]):
            continue
        sd, corr = sd_corr(lam)
        values = ", ".join(f"sd({c}) = {s:.3g}" for c, s in zip(term.columns, sd, strict=True))
        if term.size == 2:
            values += f", cor = {corr:.4f}"
        message = (
            f"{term.spec.label}: the variance estimate is on its boundary ({values}); the term's "
            f"covariance is singular, so it is held there and left out of the standard errors "
            f"(which are conditional on it); consider dropping the term"
        )
        warnings.warn(message, BoundaryWarning, stacklevel=4)
        notes.append(message + ".")
    return notes


def fit_model(model: Any, n_agq: int = 1, lr_tests: bool = True, max_iter: int = 1000) -> MixedResult:
    """Fit ``model`` by maximum likelihood; see :meth:`MixedModel.fit`.

    Runs with one BLAS thread: the dense inner Cholesky factors are small
    (``q`` up to a few thousand), where multithreaded BLAS only adds
    synchronisation; on a loaded machine it was 20x slower (VerbAgg, q = 340).
    """
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1, user_api="blas"):
        return _fit_model(model, n_agq, lr_tests, max_iter)


def _fit_model(model: Any, n_agq: int, lr_tests: bool, max_iter: int) -> MixedResult:
    _check_agq(model, n_agq)
    fixed_start, fixed_loglik = fixed_effects_fit(model)
    problem = build_problem(model, n_agq=n_agq)
    layout = problem.layout
    estimate = maximise(problem, _start(fixed_start, layout), max_iter=max_iter)
    notes: list[str] = []
    if not estimate.converged:
        message = (
            f"mixed {model.kind} fit did not converge: max |gradient| = {estimate.gradient_norm:.3g} "
            f"after {estimate.iterations} iterations"
        )
        warnings.warn(message, ConvergenceWarning, stacklevel=3)
        notes.append(message + ".")
    notes.extend(_boundary_notes(model, estimate, layout))
    cov, cov_notes = _covariance(model, estimate)
    notes.extend(cov_notes)

    solution, _, _, _ = problem.solve(estimate.x)
    _, _, factors = layout.split(estimate.x)
    params = _reported_params(model, estimate, factors)
    names = list(model.param_names)
    tests = None
    if lr_tests:
        tests = pd.DataFrame(
            [lr_test_row(model, i, estimate.loglik, fixed_loglik, n_agq) for i in range(len(model.terms))]
        )
    method = "Laplace approximation" if n_agq == 1 else f"adaptive Gauss-Hermite quadrature, {n_agq} nodes"
    return MixedResult(
        model=model,
        params=pd.Series(params, index=names, name="estimate"),
        cov=pd.DataFrame(cov, index=names, columns=names),
        loglik=estimate.loglik,
        nobs=float(model.design.weights.sum()),
        n_agq=n_agq,
        method=method,
        converged=estimate.converged,
        iterations=estimate.iterations,
        gradient_norm=estimate.gradient_norm,
        reported=pd.Series(estimate.z, index=names),
        reported_cov=pd.DataFrame(_reported_cov(estimate), index=names, columns=names),
        variance_components=variance_table(model, estimate, cov),
        group_effects=group_effects(model, solution, factors),
        icc=icc_table(model, factors),
        lr_tests=tests,
        fixed_loglik=fixed_loglik,
        notes=tuple(notes),
    )


def _reported_params(model: Any, estimate: Estimate, factors: tuple[np.ndarray, ...]) -> np.ndarray:
    n_fixed = len(model.coef_names) + len(model.thresholds)
    parts = [estimate.z[:n_fixed]]
    for lam in factors:
        sd, corr = sd_corr(lam)
        parts.append(sd)
        if len(sd) == 2:
            parts.append(np.array([corr]))
    return np.concatenate(parts)


def _reported_cov(estimate: Estimate) -> np.ndarray:
    size = len(estimate.z)
    out = np.full((size, size), np.nan)
    index = np.flatnonzero(estimate.free)
    with contextlib.suppress(np.linalg.LinAlgError):  # singular: left NaN, _covariance warned
        out[np.ix_(index, index)] = np.linalg.inv(-estimate.hessian)
    return out
