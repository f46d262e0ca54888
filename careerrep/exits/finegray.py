"""Fine–Gray proportional subdistribution hazards for one exit type among competing exits.

The subdistribution hazard of exit type ``j`` keeps officials who left by a
competing exit in the risk set, down-weighted by the probability of still
being uncensored: at a failure time ``t`` row ``i`` counts with weight 1 if
``T_i >= t``, ``G(t-) / G(T_i-)`` if it left by a competing exit before ``t``,
and 0 if it was censored before ``t`` (``G`` is the Kaplan–Meier curve of
censoring). The estimate maximises the weighted Breslow partial likelihood
by Newton; the covariance is Fine and Gray's sandwich, whose meat adds the
variability of ``G`` (the ``psi`` terms) to the score residuals (``eta``).
This is what R ``cmprsk::crr`` computes, with every risk-set sum written as a
cumulative sum over the sorted times instead of a double loop.

Time-fixed covariates and right censoring only (no delayed entry), as ``crr``
without ``cov2``.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from careerrep.errors import ConvergenceWarning, ModelSpecError
from careerrep.exits.cox import CoxResult
from careerrep.exits.design import predictor_matrix

__all__ = ["FineGrayModel", "FineGrayResult"]


@dataclass(frozen=True, eq=False)
class FineGrayResult(CoxResult):
    """A fitted Fine–Gray model: a :class:`CoxResult` of the subdistribution hazard.

    ``baseline`` holds the baseline subdistribution hazard increments at
    ``x = 0``; ``cov`` is the Fine–Gray sandwich (``cov_type = "robust"``),
    ``naive_cov`` the inverse information.
    """

    cause: str = ""

    def cumulative_incidence(self, x: pd.Series | dict[str, float]) -> pd.DataFrame:
        """``F_j(t | x) = 1 - exp(-H_j0(t) exp(x'beta))`` at each failure time of the exit type.

        Returns columns ``time``, ``cumulative_incidence``.
        """
        curve = self.cumulative_hazard(x)
        return pd.DataFrame({"time": curve["time"], "cumulative_incidence": 1.0 - curve["survival"]})


@dataclass(frozen=True, eq=False)
class _Sorted:
    """Rows sorted by time with the censoring weights; independent of the coefficients."""

    X: np.ndarray
    time: np.ndarray
    status: np.ndarray  # 1 the exit of interest, 2 a competing exit, 0 censored
    g_before: np.ndarray  # G(T_i-) per row
    fail_times: np.ndarray
    deaths: np.ndarray
    g_fail: np.ndarray  # G(t_k-) per failure time
    first_at_or_after: np.ndarray  # per failure time: first sorted row with T >= t_k
    cens_times: np.ndarray
    cens_counts: np.ndarray
    cens_at_risk: np.ndarray  # Y(u) = #{T >= u} at each censoring time


def _left_limit_km(time: np.ndarray, censored: np.ndarray, at: np.ndarray) -> np.ndarray:
    """Kaplan–Meier of censoring just before each of ``at``: ``prod_{u < t} (1 - c_u / Y_u)``."""
    times, counts = np.unique(time[censored], return_counts=True)
    at_risk = len(time) - np.searchsorted(np.sort(time), times, side="left")
    steps = np.cumprod(1.0 - counts / at_risk)
    index = np.searchsorted(times, at, side="left")  # censoring times strictly before t
    return np.concatenate([[1.0], steps])[index]


def _prepare(X: np.ndarray, time: np.ndarray, status: np.ndarray) -> _Sorted:
    order = np.argsort(time, kind="stable")
    X, time, status = X[order], time[order], status[order]
    censored = status == 0
    fail_times, deaths = np.unique(time[status == 1], return_counts=True)
    cens_times, cens_counts = np.unique(time[censored], return_counts=True)
    return _Sorted(
        X=X,
        time=time,
        status=status,
        g_before=_left_limit_km(time, censored, time),
        fail_times=fail_times,
        deaths=deaths.astype(np.float64),
        g_fail=_left_limit_km(time, censored, fail_times),
        first_at_or_after=np.searchsorted(time, fail_times, side="left"),
        cens_times=cens_times,
        cens_counts=cens_counts.astype(np.float64),
        cens_at_risk=(len(time) - np.searchsorted(time, cens_times, side="left")).astype(np.float64),
    )


def _risk_sums(data: _Sorted, values: np.ndarray) -> np.ndarray:
    """Weighted risk-set sums at each failure time: rows still in plus competing exits, reweighted."""
    tail = np.concatenate([np.cumsum(values[::-1], axis=0)[::-1], np.zeros((1, *values.shape[1:]))])
    competing = (data.status == 2)[:, None] if values.ndim > 1 else data.status == 2
    scaled = np.where(competing, values / (data.g_before[:, None] if values.ndim > 1 else data.g_before), 0.0)
    head = np.concatenate([np.zeros((1, *values.shape[1:])), np.cumsum(scaled, axis=0)])
    k = data.first_at_or_after
    g = data.g_fail[:, None] if values.ndim > 1 else data.g_fail
    return tail[k] + g * head[k]


def _likelihood(data: _Sorted, beta: np.ndarray) -> tuple[float, np.ndarray, np.ndarray]:
    X = data.X
    eta = X @ beta
    r = np.exp(eta)
    S0 = _risk_sums(data, r)
    S1 = _risk_sums(data, X * r[:, None])
    p = X.shape[1]
    S2 = _risk_sums(data, (X[:, :, None] * X[:, None, :]).reshape(len(r), p * p) * r[:, None])
    failed = data.status == 1
    mean = S1 / S0[:, None]
    loglik = float(eta[failed].sum() - data.deaths @ np.log(S0))
    grad = X[failed].sum(axis=0) - data.deaths @ mean
    outer = (mean[:, :, None] * mean[:, None, :]).reshape(len(S0), p * p)
    hess = -(data.deaths @ (S2 / S0[:, None] - outer)).reshape(p, p)
    return loglik, grad, hess


def _influence(data: _Sorted, beta: np.ndarray) -> np.ndarray:
    """``(n, p)`` per-row ``eta_i + psi_i`` of the Fine–Gray sandwich (sorted order)."""
    X, time, status = data.X, data.time, data.status
    r = np.exp(X @ beta)
    S0, S1 = _risk_sums(data, r), _risk_sums(data, X * r[:, None])
    xbar = S1 / S0[:, None]
    hazard = data.deaths / S0
    # eta_i: score residual with the subdistribution weights.
    upto = np.searchsorted(data.fail_times, time, side="right")  # failure times <= T_i
    cum_h = np.concatenate([[0.0], np.cumsum(hazard)])
    cum_hx = np.concatenate([np.zeros((1, X.shape[1])), np.cumsum(hazard[:, None] * xbar, axis=0)])
    weighted = data.g_fail * hazard  # after a competing exit: G(t_k-) / G(T_i-) times the increment
    tail_h = np.concatenate([np.cumsum(weighted[::-1])[::-1], [0.0]])
    tail_hx = np.concatenate(
        [np.cumsum((weighted[:, None] * xbar)[::-1], axis=0)[::-1], np.zeros((1, X.shape[1]))]
    )
    later = np.searchsorted(data.fail_times, time, side="right")  # failure times > T_i start here
    competing = (status == 2)[:, None]
    eta = -r[:, None] * (X * cum_h[upto][:, None] - cum_hx[upto])
    eta -= np.where(
        competing, r[:, None] / data.g_before[:, None] * (X * tail_h[later][:, None] - tail_hx[later]), 0.0
    )
    fail_index = np.searchsorted(data.fail_times, time[status == 1])
    eta[status == 1] += X[status == 1] - xbar[fail_index]
    # psi_i: the censoring distribution's share; q(u) at each censoring time u.
    a = data.deaths * data.g_fail / S0
    tail_a = np.concatenate([np.cumsum(a[::-1])[::-1], [0.0]])
    tail_ax = np.concatenate([np.cumsum((a[:, None] * xbar)[::-1], axis=0)[::-1], np.zeros((1, X.shape[1]))])
    scaled = np.where(status == 2, r / data.g_before, 0.0)
    c0 = np.concatenate([[0.0], np.cumsum(scaled)])
    c1 = np.concatenate([np.zeros((1, X.shape[1])), np.cumsum(X * scaled[:, None], axis=0)])
    before_u = np.searchsorted(time, data.cens_times, side="left")  # rows with T < u
    from_u = np.searchsorted(data.fail_times, data.cens_times, side="left")  # failure times >= u
    q = c1[before_u] * tail_a[from_u][:, None] - c0[before_u][:, None] * tail_ax[from_u]
    step = q * (data.cens_counts / data.cens_at_risk**2)[:, None]
    cumulative = np.concatenate([np.zeros((1, X.shape[1])), np.cumsum(step, axis=0)])
    psi = -cumulative[np.searchsorted(data.cens_times, time, side="right")]
    own = np.searchsorted(data.cens_times, time[status == 0])
    psi[status == 0] += q[own] / data.cens_at_risk[own][:, None]
    return eta + psi


@dataclass(frozen=True, eq=False, init=False)
class FineGrayModel:
    """Fine–Gray model of one exit type (``cause``) among competing exits.

    Parameters
    ----------
    formula
        ``"exit_column ~ predictors"``: the left side names the column saying
        how each spell ended (an exit type or a censoring label).
    data
        One row per spell (time-fixed covariates).
    stop
        Column of spell lengths (days).
    cause
        The exit type modelled.
    censoring
        Labels of the exit column that mean censored; every other label is a
        competing exit.
    """

    formula: str
    cause: str
    X: np.ndarray = field(repr=False)
    coef_names: tuple[str, ...]
    time: np.ndarray = field(repr=False)
    status: np.ndarray = field(repr=False)

    def __init__(
        self,
        formula: str,
        data: pd.DataFrame,
        stop: str,
        cause: str,
        censoring: Sequence[str] = ("censored",),
    ) -> None:
        if formula.count("~") != 1:
            raise ModelSpecError(f"formula must be 'exit ~ predictors', got {formula!r}")
        lhs, rhs = (part.strip() for part in formula.split("~"))
        for name in (lhs, stop):
            if name not in data.columns:
                raise ModelSpecError(f"column {name!r} is not in the data (columns: {list(data.columns)})")
        labels = data[lhs].astype(str)
        if cause not in set(labels):
            raise ModelSpecError(f"cause {cause!r} never occurs in {lhs!r} (values: {sorted(set(labels))})")
        time = pd.to_numeric(data[stop], errors="raise").to_numpy(dtype=np.float64)
        if np.isnan(time).any() or (time < 0).any():
            raise ModelSpecError(f"stop column {stop!r} must hold non-negative times without gaps")
        censored = labels.isin([str(c) for c in censoring])
        if len(censoring) and not censored.any():
            raise ModelSpecError(
                f"no row of {lhs!r} has a censoring label {list(censoring)} (values: {sorted(set(labels))}); "
                "pass censoring=() if every spell really ended in an exit"
            )
        status = np.where(labels == cause, 1, np.where(censored, 0, 2))
        X, names = predictor_matrix(rhs, data.reset_index(drop=True))
        object.__setattr__(self, "formula", formula)
        object.__setattr__(self, "cause", cause)
        object.__setattr__(self, "X", X)
        object.__setattr__(self, "coef_names", names)
        object.__setattr__(self, "time", time)
        object.__setattr__(self, "status", status.astype(np.int64))

    def fit(self, max_iter: int = 50, tol: float = 1e-10) -> FineGrayResult:
        """Newton on the weighted partial likelihood; Fine–Gray sandwich covariance."""
        centre = self.X.mean(axis=0)  # centring changes no estimate and keeps exp() in range
        data = _prepare(self.X - centre, self.time, self.status)
        beta = np.zeros(self.X.shape[1])
        loglik, grad, hess = _likelihood(data, beta)
        null = loglik
        converged, iterations = False, max_iter
        for iteration in range(1, max_iter + 1):
            step = np.linalg.solve(-hess, grad)
            for _halving in range(30):
                new = _likelihood(data, beta + step)
                if np.isfinite(new[0]) and new[0] >= loglik - 1e-12 * abs(loglik):
                    break
                step = step / 2.0
            beta = beta + step
            loglik, grad, hess = new
            if np.max(np.abs(step)) < tol:
                converged, iterations = True, iteration
                break
        if not converged:
            warnings.warn(
                f"Fine–Gray fit did not converge in {max_iter} iterations: "
                f"max |score| {np.max(np.abs(grad)):.3g}",
                ConvergenceWarning,
                stacklevel=2,
            )
        naive = np.linalg.inv(-hess)
        influence = _influence(data, beta)
        covariance = naive @ (influence.T @ influence) @ naive
        names = list(self.coef_names)
        S0 = _risk_sums(data, np.exp(data.X @ beta))
        # Baseline at x = 0 on the original scale: undo the centring.
        hazard = data.deaths / S0 * np.exp(-centre @ beta)
        return FineGrayResult(
            params=pd.Series(beta, index=names),
            cov=pd.DataFrame(covariance, index=names, columns=names),
            naive_cov=pd.DataFrame(naive, index=names, columns=names),
            loglik=loglik,
            loglik_null=null,
            nobs=len(self.time),
            n_events=int((self.status == 1).sum()),
            ties="breslow",
            cov_type="robust",
            converged=converged,
            iterations=iterations,
            gradient_norm=float(np.max(np.abs(grad))),
            baseline=pd.DataFrame({"stratum": None, "time": data.fail_times, "hazard": hazard}),
            cause=self.cause,
        )
