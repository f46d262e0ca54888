"""Profile-likelihood intervals for every parameter of a mixed fit.

For parameter ``j`` (on the Wald scale: log SD, atanh correlation; cut points
and coefficients as they are) the interval is the set of values ``c`` with
``2 (loglik_hat - max_{others} loglik(c, others)) <= chi2_{1, 1-alpha}``; each
bound is a root found by Brent's method, each trial value a refit of the
other parameters (L-BFGS-B with numerical gradients, warm-started). An SD
whose profile never drops far enough on the way to 0 gets lower bound 0 (and
a correlation whose profile stays high up to +-1 gets bound +-1).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from scipy import optimize, special

from careerrep.errors import ModelSpecError
from careerrep.models.mixed.fitting import build_problem
from careerrep.models.mixed.objective import central_gradient


def _refit(problem: Any, z: np.ndarray, j: int, value: float, start: np.ndarray) -> tuple[float, np.ndarray]:
    """Max over the other free parameters with ``z[j] = value``; returns loglik and argmax."""
    others = np.array([i for i in range(len(z)) if i != j])
    full = z.copy()
    full[j] = value

    def negative(sub: np.ndarray) -> tuple[float, np.ndarray]:
        def f(s: np.ndarray) -> float:
            trial = full.copy()
            trial[others] = s
            v = problem.reported_loglik(trial)
            return v if np.isfinite(v) else -1e300

        v = f(sub)
        if v <= -1e299:
            return 1e300, np.zeros_like(sub)
        return -v, -central_gradient(f, sub, 1e-6 * np.maximum(1.0, np.abs(sub)))

    fit = optimize.minimize(
        negative, start[others], jac=True, method="L-BFGS-B", options={"ftol": 1e-13, "gtol": 1e-7}
    )
    best = full.copy()
    best[others] = fit.x
    return -float(fit.fun), best


def profile_intervals(result: Any, alpha: float, parameters: Sequence[str] | None = None) -> pd.DataFrame:
    """Profile-likelihood bounds at level ``1 - alpha`` for ``parameters`` (default: all).

    Returns
    -------
    pandas.DataFrame
        ``lower``, ``upper`` per parameter in parameter units (SD, correlation).
    """
    from threadpoolctl import threadpool_limits  # one BLAS thread, as in the fit

    with threadpool_limits(limits=1, user_api="blas"):
        return _profile_intervals(result, alpha, parameters)


def _profile_intervals(result: Any, alpha: float, parameters: Sequence[str] | None) -> pd.DataFrame:
    model = result.model
    problem = build_problem(model, n_agq=result.n_agq)
    z_hat = result.reported.to_numpy().astype(np.float64)
    se = np.sqrt(np.diag(result.reported_cov.to_numpy()))
    cutoff = float(result.loglik) - 0.5 * float(special.chdtri(1, alpha))
    kinds = result._kinds()
    n_thr = len(model.thresholds)
    n_fixed = len(model.coef_names) + n_thr
    names = list(result.params.index)
    wanted = names if parameters is None else list(parameters)
    unknown = [p for p in wanted if p not in names]
    if unknown:
        raise ModelSpecError(f"unknown parameters {unknown}; choose from {names}")
    positions = [names.index(p) for p in wanted]
    kinds = kinds[positions]
    rows = []
    for j in positions:
        bounds = []
        for direction in (-1.0, 1.0):
            kind = result._kinds()[j]
            bounds.append(_one_bound(problem, z_hat, j, direction, se[j], cutoff, kind, n_fixed, n_thr))
        rows.append(bounds)
    lower = np.array([b[0] for b in rows])
    upper = np.array([b[1] for b in rows])
    lower = np.where(kinds == "sd", np.exp(lower), np.where(kinds == "cor", np.tanh(lower), lower))
    upper = np.where(kinds == "sd", np.exp(upper), np.where(kinds == "cor", np.tanh(upper), upper))
    return pd.DataFrame({"lower": lower, "upper": upper}, index=pd.Index(wanted))


def _one_bound(
    problem: Any,
    z_hat: np.ndarray,
    j: int,
    direction: float,
    se: float,
    cutoff: float,
    kind: str,
    n_fixed: int,
    n_thr: int,
) -> float:
    """One profile bound of parameter ``j`` on its Wald scale (``-inf`` for an SD reaching 0)."""
    step = se if np.isfinite(se) and se > 0 else 1.0
    start = np.where(np.isfinite(z_hat), z_hat, np.log(1e-8))
    if not np.isfinite(z_hat[j]):
        if direction < 0:
            return -np.inf  # an SD estimated at 0: the lower bound is 0
        z_hat = start
    cache = {"start": start}

    def excess(value: float) -> float:
        guess = cache["start"].copy()
        guess[j] = value
        if not np.isfinite(problem.reported_loglik(guess)):
            # e.g. a fixed cut point past its neighbours: shift all cut points with it
            guess = start.copy()
            if n_fixed - n_thr <= j < n_fixed:
                guess[n_fixed - n_thr : n_fixed] += value - start[j]
            guess[j] = value
        loglik, best = _refit(problem, z_hat, j, value, guess)
        cache["start"] = best
        return loglik - cutoff

    # First try just past the Wald bound: for a near-quadratic profile the root is close.
    near, far = z_hat[j], z_hat[j] + direction * 2.2 * step
    for _ in range(12):
        if excess(far) < 0:
            return float(optimize.brentq(excess, near, far, xtol=1e-6))
        if kind == "sd" and direction < 0 and far < np.log(1e-6):
            return -np.inf  # the profile stays within the cutoff down to SD = 0
        if kind == "cor" and abs(far) > 8.0:
            return direction * np.inf
        near, far = far, far + direction * 2.0 * step
    return direction * np.inf
