"""Profile-likelihood confidence intervals for ordinary maximum-likelihood fits.

For parameter ``j`` the ``1 - alpha`` interval is every value ``b`` with::

    2 (loglik_max - max_{others} loglik(params_j = b)) <= chi2_1(1 - alpha)

(R's ``confint`` for ``glm``, ``polr`` and ``clm``). Each bound is a root of
that equation, found by bracketing outwards from the estimate and then
``brentq``; every evaluation is a *constrained refit*: Newton on the other
parameters with ``params_j`` fixed. Refits start from the nearest solution
found so far, moved along the profile's tangent (``d others / d b =
-H_oo^{-1} H_oj``), so each takes a few Newton steps.

Cost: two root searches per parameter, each ~10-15 constrained refits of a few
Newton iterations: for ``p`` parameters roughly ``30 p`` fits. Nothing is
cached (results are frozen); call ``conf_int(method="profile")`` once and keep
the frame.

Where the profile never falls to the chi-square level (separation: the
likelihood keeps rising, or levels off above the target, as the parameter
runs off) the bound is ``-inf``/``+inf`` and a ``SeparationWarning`` says
which. When the fit's separation screen has solved which way each parameter
can run off (``LikelihoodProfile.rising``) those bounds are infinite without a
search: some direction that moves the parameter that way never lowers the
likelihood, so its profile stays at the supremum. On the other sides the
profile falls, and the refits are maximised for their *value*: where other
parameters still run off inside a refit (quasi-separation) Newton's steps
never shrink, but the Newton decrement, which bounds what the likelihood can
still gain, does (:func:`~careerrep.models.newton.maximize_value`). A constrained refit that
does not converge raises a ``ConvergenceWarning`` with its numbers.

The parameter space is the one the result reports. For ordinal models that is
the cut-point scale (coefficients, then thresholds), whose objective returns
``-inf`` when the thresholds are not strictly increasing, so step halving
keeps every refit in the ordered region; thresholds are therefore profiled
too (R's ``confint.polr``/``confint.clm`` profile the coefficients only).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np
import pandas as pd
from scipy import linalg, optimize, special

from careerrep._warn import warn as warn_user
from careerrep.errors import ConvergenceWarning, SeparationWarning
from careerrep.models.newton import NewtonOutcome, Objective, maximize_value

# Doublings of the search step before a bound is declared infinite: the profile
# is followed to 2^40 times the first step (the Wald half-width, at most).
_MAX_DOUBLINGS = 40

# Stand-in for a log-likelihood of -inf (no feasible start for a refit): far
# below any target yet finite, so brentq's interpolation stays well defined.
_FAR_BELOW = -1e300


@dataclass(frozen=True, eq=False)
class LikelihoodProfile:
    """What profiling a fit needs: the log-likelihood and where it peaks.

    Attributes
    ----------
    objective
        ``params -> (loglik, gradient, hessian)`` on the reported parameter
        scale (frequency weights included); ``-inf`` outside the domain.
    estimate
        The maximum-likelihood estimate.
    loglik
        The log-likelihood at ``estimate``.
    hessian
        The Hessian at ``estimate`` (for the Wald scale of the search and the
        first tangent step).
    names
        Parameter names, in ``estimate`` order.
    max_iter
        Newton iteration limit for each constrained refit.
    newton_options
        ``xtol``/``ftol`` for the refits (penalised objectives whose Hessian
        is an approximation, as Firth's ``-I``, need a looser step tolerance).
    warn_unconverged_refits
        Warn when constrained refits stop short of Newton's criteria. Off for
        objectives whose curvature is only an approximation (Firth): there the
        iteration converges linearly and may stop at the iteration limit with
        the value, which is all a bound needs, already settled.
    rising
        ``(index, sign)`` pairs from the separation screen
        (:attr:`~careerrep.models.separation.SeparationCheck.rising`): the
        likelihood keeps rising as parameter ``index`` runs off towards
        ``sign * inf``, so that bound is infinite.
    fallback_start
        ``() -> `` the family's own starting values (called only when needed:
        at n = 1e6 they cost a fraction of the fit), the last start a refit tries when
        the warm starts do not converge (under separation the estimate, where
        the warm starts begin, is a point where the optimiser stopped with
        some parameters far out and the curvature vanishing).

    The objective must be picklable (a module-level function or a bound
    method of a picklable object, never a closure): results keep it.
    """

    objective: Objective
    estimate: np.ndarray
    loglik: float
    hessian: np.ndarray
    names: tuple[str, ...]
    max_iter: int = 100
    newton_options: dict[str, float] = field(default_factory=dict)
    warn_unconverged_refits: bool = True
    rising: tuple[tuple[int, int], ...] = ()
    fallback_start: Callable[[], np.ndarray] | None = None


@dataclass(frozen=True, eq=False)
class ProfileIntervals:
    """``alpha -> DataFrame`` of profile bounds for one fit: a picklable callable (no closure)."""

    profile: LikelihoodProfile

    def __call__(self, alpha: float) -> pd.DataFrame:
        """Profile-likelihood intervals at level ``1 - alpha`` (see :func:`profile_intervals`)."""
        return profile_intervals(self.profile, alpha)


class _ParameterProfile:
    """``b -> max loglik with params_j = b``, warm-started from earlier solutions.

    The solutions found so far live in this short-lived helper (one per
    parameter and call), never on the frozen result.
    """

    def __init__(self, profile: LikelihoodProfile, j: int):
        self.profile = profile
        self.j = j
        self.free = np.array([i for i in range(len(profile.estimate)) if i != j], dtype=np.int64)
        self.solved: list[tuple[float, np.ndarray, np.ndarray]] = [
            (float(profile.estimate[j]), profile.estimate.copy(), profile.hessian)
        ]
        self.failures: list[tuple[float, NewtonOutcome]] = []  # refits that did not converge
        self.refits = 0
        self._fallback_start: np.ndarray | None = None

    def warn_failures(self) -> None:
        """One ``ConvergenceWarning`` with the numbers if any refit did not converge."""
        if not self.failures or not self.profile.warn_unconverged_refits:
            return
        name = self.profile.names[self.j]
        b, worst = max(self.failures, key=lambda f: f[1].gradient_norm)
        warn_user(
            f"profile of {name!r}: {len(self.failures)} of {self.refits} constrained refits "
            f"did not converge (worst: {name} = {b:.6g}, {worst.message} after {worst.iterations} "
            f"iterations, max |gradient| = {worst.gradient_norm:.3g}). With a tiny gradient another "
            f"parameter is running off to infinity (separation) and the log-likelihood is at its "
            f"limit; otherwise the bounds of {name!r} are not trustworthy.",
            ConvergenceWarning,
        )

    def _starts(self, b: float) -> list[np.ndarray]:
        """Tangent-predicted start from the nearest solution, then that solution itself."""
        b_near, x_near, h_near = min(self.solved, key=lambda s: abs(s[0] - b))
        free, j = self.free, self.j
        starts = []
        try:
            with warnings.catch_warnings():
                # An ill-conditioned block (a parameter running off) gives no usable tangent.
                warnings.simplefilter("error", linalg.LinAlgWarning)
                slope = -linalg.solve(h_near[np.ix_(free, free)], h_near[free, j], assume_a="sym")
            if np.all(np.isfinite(slope)):
                starts.append(x_near[free] + (b - b_near) * slope)
        except (linalg.LinAlgError, linalg.LinAlgWarning, ValueError):
            pass  # singular block: fall back to the nearest solution unchanged
        starts.append(x_near[free].copy())
        return starts

    def _with_fallback(self, b: float) -> Iterator[np.ndarray]:
        """The warm starts, then (only if they all fail) the family's start."""
        yield from self._starts(b)
        fallback = self._fallback()
        if fallback is not None:
            yield fallback

    def _fallback(self) -> np.ndarray | None:
        """The family's start for the free parameters (computed once, on first need)."""
        if self.profile.fallback_start is None:
            return None
        if self._fallback_start is None:
            self._fallback_start = np.asarray(self.profile.fallback_start(), dtype=np.float64)[self.free]
        return self._fallback_start.copy()

    def value(self, b: float) -> float:
        """Maximum log-likelihood over the other parameters with ``params_j = b``."""
        profile, free, j = self.profile, self.free, self.j

        def full(z: np.ndarray) -> np.ndarray:
            x = np.empty(len(profile.estimate))
            x[free], x[j] = z, b
            return x

        def objective(z: np.ndarray) -> tuple[float, np.ndarray, np.ndarray]:
            value, grad, hess = profile.objective(full(z))
            return value, grad[free], hess[np.ix_(free, free)]

        self.refits += 1
        best: NewtonOutcome | None = None
        for start in self._with_fallback(b):
            try:
                outcome = maximize_value(
                    objective, start, max_iter=profile.max_iter, **profile.newton_options
                )
            except FloatingPointError:
                continue  # the start is outside the domain (e.g. unordered thresholds)
            if best is None or outcome.value > best.value:
                best = outcome
            # With exact curvature a refit that stops short is a bad start: try the next one.
            # (Firth's approximate curvature converges linearly: take the first refit as it is.)
            if outcome.converged or not profile.warn_unconverged_refits:
                break
        if best is not None:
            if best.converged:
                x = full(best.x)
                _, _, hessian = profile.objective(x)
                self.solved.append((b, x, hessian))  # only converged refits seed later ones
            else:
                self.failures.append((b, best))
            return float(best.value)
        warn_user(
            f"profile of {profile.names[j]!r}: no feasible start for the refit with "
            f"{profile.names[j]} = {b:.6g}; treated as far below the interval's level.",
            ConvergenceWarning,
        )
        return _FAR_BELOW


class ProfileCurve(Protocol):
    """One parameter's profile: ``b -> max log-likelihood with that parameter at b``.

    The Newton refits of :class:`LikelihoodProfile` are one such curve; the mixed
    models' quasi-Newton refits of the Laplace/AGQ likelihood are another
    (:mod:`careerrep.models.mixed.profile_curve`). :func:`search_bound` finds
    the bounds of either.
    """

    def value(self, b: float) -> float:
        """Maximum log-likelihood over the other parameters with this one at ``b``."""
        ...


@dataclass(frozen=True)
class BoundSearch:
    """Where and how far :func:`search_bound` looks for one parameter's bounds.

    Attributes
    ----------
    estimate
        The maximum-likelihood estimate (where the search starts).
    step
        The first step out (about the Wald half-width); it doubles until
        the profile falls below the level.
    limits
        The search stops at these values (clipped to them): a profile still
        above the level there gives an infinite bound (e.g. a log SD at
        ``log(1e-6)``: the SD's lower bound is 0).
    max_doublings
        Steps before a bound is declared infinite.
    xtol
        Brent's absolute tolerance on the root (default ``1e-11 * step``: for
        refits solved to rounding; looser for refits by quasi-Newton).
    """

    estimate: float
    step: float
    limits: tuple[float, float] = (-np.inf, np.inf)
    max_doublings: int = _MAX_DOUBLINGS
    xtol: float | None = None


def search_bound(
    curve: ProfileCurve, search: BoundSearch, target: float, direction: float
) -> tuple[float, float, float]:
    """One bound: ``(root, last b tried, its log-likelihood)``; root is +/-inf if none.

    Brackets outwards from the estimate (``step`` doubling, clipped to the
    limits), then Brent's method on ``curve.value(b) - target``.
    """

    def gap(b: float) -> float:
        return curve.value(b) - target

    estimate, step = search.estimate, search.step
    limit = search.limits[0] if direction < 0 else search.limits[1]
    inner = outer = estimate
    value = 0.0
    for _ in range(search.max_doublings):
        outer = estimate + direction * step
        outer = max(outer, limit) if direction < 0 else min(outer, limit)
        value = gap(outer)
        if value < 0:
            ends = sorted((inner, outer))
            xtol = 1e-11 * search.step if search.xtol is None else search.xtol
            root = optimize.brentq(gap, *ends, xtol=xtol, rtol=1e-13)
            return float(root), outer, value + target
        if outer == limit:
            break
        inner, step = outer, 2.0 * step
    return direction * np.inf, outer, value + target


def profile_intervals(profile: LikelihoodProfile, alpha: float) -> pd.DataFrame:
    """Profile-likelihood intervals at level ``1 - alpha`` for every parameter.

    Parameters
    ----------
    profile
        The fit's log-likelihood and maximum (see :class:`LikelihoodProfile`).
    alpha
        One minus the coverage, in (0, 1).

    Returns
    -------
    pandas.DataFrame
        Columns ``"lower"``, ``"upper"`` (parameter units), one row per
        parameter; ``-inf``/``inf`` where the profile does not fall to the
        chi-square level (with a ``SeparationWarning``).
    """
    critical = float(special.chdtri(1, alpha))  # chi-square(1) upper-alpha quantile
    target = profile.loglik - 0.5 * critical
    with np.errstate(invalid="ignore", divide="ignore"):
        variances = np.diag(linalg.pinv(-profile.hessian))
    rising = set(profile.rising)
    rows = []
    for j, name in enumerate(profile.names):
        estimate = float(profile.estimate[j])
        se = float(np.sqrt(variances[j])) if variances[j] > 0 else np.nan
        # Start at the Wald half-width: for a near-quadratic profile the root is close.
        # Under separation the SE is huge or infinite: then start at the estimate's own size.
        # A parameter that can run off (separation) has no Wald scale at all.
        runs_off = (j, -1) in rising or (j, 1) in rising
        wald = np.sqrt(critical) * se if np.isfinite(se) and se > 0 and not runs_off else np.inf
        step = min(wald, max(1.0, abs(estimate)))
        curve = _ParameterProfile(profile, j)
        bounds = []
        for direction in (-1.0, 1.0):
            side = "below" if direction < 0 else "above"
            if (j, int(direction)) in rising:
                bounds.append(direction * np.inf)
                warn_user(
                    f"profile of {name!r} never reaches the {100 * (1 - alpha):g}% level {side} the "
                    f"estimate: the data are separated along a direction that moves {name} towards "
                    f"{direction * np.inf}, and the likelihood never falls along it, so the bound is "
                    f"{direction * np.inf}",
                    SeparationWarning,
                )
                continue
            root, last, value = search_bound(curve, BoundSearch(estimate, step), target, direction)
            if not np.isfinite(root):
                warn_user(
                    f"profile of {name!r} never reaches the {100 * (1 - alpha):g}% level "
                    f"{side} the estimate: at {name} = {last:.4g} "
                    f"the likelihood-ratio statistic is {2 * (profile.loglik - value):.4g} "
                    f"< {critical:.4g}, so the bound is {root} (separation?)",
                    SeparationWarning,
                )
            bounds.append(root)
        curve.warn_failures()
        rows.append(bounds)
    return pd.DataFrame(rows, index=list(profile.names), columns=["lower", "upper"])
