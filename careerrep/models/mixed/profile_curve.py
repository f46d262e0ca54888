"""The profile curves of a mixed fit, for :mod:`careerrep.models.profile`'s search.

For parameter ``j`` (on the Wald scale: log SD, atanh correlation; cut points
and coefficients as they are) the interval is the set of values ``c`` with
``2 (loglik_hat - max_{others} loglik(c, others)) <= chi2_{1, 1-alpha}``. The
bracketing and root search are :func:`careerrep.models.profile.search_bound`,
the same as for every other fit; what is mixed-specific lives here: each
trial value is a refit of the other parameters of the Laplace/AGQ marginal
likelihood (L-BFGS-B with its gradient, warm-started; no Hessian, so not the
Newton refits of :class:`~careerrep.models.profile.LikelihoodProfile`), and
the search limits: an SD whose profile never drops far enough on the way to 0
gets lower bound 0 (and a correlation whose profile stays high up to +-1 gets
bound +-1).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from scipy import optimize, special

from careerrep.errors import ModelSpecError
from careerrep.models.mixed.problem import build_problem
from careerrep.models.profile import BoundSearch, search_bound

# The search's reach: an SD below 1e-6 counts as 0, a correlation past tanh(8) as +-1,
# anything else is followed to ~24 standard errors from its estimate (then the bound is
# infinite), as far as the refits of a marginal likelihood stay meaningful.
_SD_FLOOR = float(np.log(1e-6))
_COR_REACH = 8.0
_REACH_SE = 24.2


class _WorkingScale:
    """The other parameters while ``z[j]`` is held: cut points kept ordered.

    Coefficients and variance parameters are free on the reported scale; the
    cut points are written as log increments, either from the first cut point
    (when ``j`` is not a cut point) or outwards from the held cut point ``j``,
    so no trial value of the optimiser leaves the ordered region.
    """

    def __init__(self, z: np.ndarray, j: int, n_fixed: int, n_thr: int) -> None:
        self.z, self.j = z.copy(), j
        self.first = n_fixed - n_thr
        self.n_thr = n_thr
        self.anchor = j - self.first if self.first <= j < n_fixed else None
        self.plain = np.array(
            [i for i in range(len(z)) if np.isfinite(z[i]) and i != j and not self._is_cut(i)]
        )

    def _is_cut(self, i: int) -> bool:
        return self.first <= i < self.first + self.n_thr

    def encode(self, z: np.ndarray) -> np.ndarray:
        theta = z[self.first : self.first + self.n_thr]
        if self.anchor is None:
            cuts = np.concatenate([theta[:1], np.log(np.diff(theta))]) if self.n_thr else np.zeros(0)
        else:
            cuts = np.log(np.abs(np.diff(theta)))
        return np.concatenate([z[self.plain], cuts])

    def decode(self, w: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """``w -> (z, d theta / d cuts)``."""
        z = self.z.copy()
        z[self.plain] = w[: len(self.plain)]
        cuts = w[len(self.plain) :]
        k = self.n_thr
        if k == 0:
            return z, np.zeros((0, 0))
        steps = np.exp(cuts)
        if self.anchor is None:
            theta = cuts[0] + np.concatenate([[0.0], np.cumsum(steps[1:])])
            jac = np.tril(np.ones((k, k))) * np.concatenate([[1.0], steps[1:]])
        else:
            a = self.anchor
            theta = np.empty(k)
            theta[a] = z[self.first + a]
            for i in range(a + 1, k):
                theta[i] = theta[i - 1] + steps[i - 1]
            for i in range(a - 1, -1, -1):
                theta[i] = theta[i + 1] - steps[i]
            jac = np.zeros((k, k - 1))
            for m in range(k - 1):  # increment m sits between cut points m and m + 1
                if m >= a:
                    jac[m + 1 :, m] = steps[m]
                else:
                    jac[: m + 1, m] = -steps[m]
        z[self.first : self.first + k] = theta
        return z, jac


def _refit(problem: Any, z: np.ndarray, j: int, value: float, start: np.ndarray) -> tuple[float, np.ndarray]:
    """Max over the other free parameters with ``z[j] = value``; returns loglik and argmax."""
    layout = problem.layout
    held = np.where(np.isfinite(z), start, z)
    held[j] = value
    scale = _WorkingScale(held, j, layout.n_fixed, layout.n_thresholds)
    free = np.isfinite(held)
    free[j] = False
    positions = np.flatnonzero(free)
    plain_at = np.searchsorted(positions, scale.plain)
    first, k = scale.first, scale.n_thr
    cut_at = np.searchsorted(positions, np.arange(first, first + k)[[i for i in range(k) if first + i != j]])

    def negative(w: np.ndarray) -> tuple[float, np.ndarray]:
        trial, jac = scale.decode(w)
        v, g = problem.reported_loglik_and_gradient(trial, free)
        if not np.isfinite(v):
            return 1e300, np.zeros_like(w)
        g_theta = np.zeros(k)
        g_theta[[i for i in range(k) if first + i != j]] = g[cut_at]
        grad_w = np.concatenate([g[plain_at], jac.T @ g_theta])
        return -v, -grad_w

    fit = optimize.minimize(
        negative,
        scale.encode(held),
        jac=True,
        method="L-BFGS-B",
        options={"ftol": 1e-14, "gtol": 1e-8, "maxiter": 500},
    )
    return -float(fit.fun), scale.decode(fit.x)[0]


def mixed_profile_bounds(result: Any, alpha: float, parameters: Sequence[str] | None = None) -> pd.DataFrame:
    """Profile-likelihood bounds at level ``1 - alpha`` for ``parameters`` (default: all).

    Returns
    -------
    pandas.DataFrame
        ``lower``, ``upper`` per parameter in parameter units (SD, correlation).
    """
    from threadpoolctl import threadpool_limits  # one BLAS thread, as in the fit

    with threadpool_limits(limits=1, user_api="blas"):
        return _bounds(result, alpha, parameters)


def _bounds(result: Any, alpha: float, parameters: Sequence[str] | None) -> pd.DataFrame:
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


class _MixedCurve:
    """``value -> max loglik with z[j] = value``, each refit warm-started from the last."""

    def __init__(self, problem: Any, z_hat: np.ndarray, j: int, n_fixed: int, n_thr: int) -> None:
        self.problem, self.z_hat, self.j = problem, z_hat, j
        self.n_fixed, self.n_thr = n_fixed, n_thr
        self.start = np.where(np.isfinite(z_hat), z_hat, np.log(1e-8))
        self.last = self.start

    def value(self, b: float) -> float:
        """Refit of the others with ``z[j] = b`` (see :func:`_refit`)."""
        j, start = self.j, self.start
        guess = self.last.copy()
        guess[j] = b
        if not np.isfinite(self.problem.reported_loglik(guess)):
            # e.g. a fixed cut point past its neighbours: shift all cut points with it
            guess = start.copy()
            if self.n_fixed - self.n_thr <= j < self.n_fixed:
                guess[self.n_fixed - self.n_thr : self.n_fixed] += b - start[j]
            guess[j] = b
        z = self.z_hat if np.isfinite(self.z_hat[j]) else start
        loglik, self.last = _refit(self.problem, z, j, b, guess)
        return loglik


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
    if not np.isfinite(z_hat[j]) and direction < 0:
        return -np.inf  # an SD estimated at 0: the lower bound is 0
    curve = _MixedCurve(problem, z_hat, j, n_fixed, n_thr)
    estimate = float(curve.start[j])
    reach = (estimate - _REACH_SE * step, estimate + _REACH_SE * step)
    if kind == "sd":
        reach = (_SD_FLOOR, reach[1])
    elif kind == "cor":
        reach = (-_COR_REACH, _COR_REACH)
    # First try just past the Wald bound: for a near-quadratic profile the root is close.
    search = BoundSearch(estimate, 2.2 * step, limits=reach, max_doublings=6, xtol=1e-6)
    root, _, _ = search_bound(curve, search, cutoff, direction)
    return root
