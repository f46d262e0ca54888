"""Risk sets of counting-process (start, stop] data, and the Cox partial likelihood on them.

A row is at risk at event time ``t`` of its stratum when ``start < t <= stop``.
The distinct event times of every stratum are numbered ``0..m-1`` (stratum by
stratum), and each row covers a contiguous range ``[lo, hi)`` of them, so every
risk-set sum ``sum_{i at risk at t_k} f_i`` is one ``bincount`` at ``lo``, one
at ``hi`` and a cumulative sum: O(n + m) per column, no loop over times or
rows. Ties are handled by Breslow's or Efron's approximation; Efron's loops
only over the tie multiplicity ``l = 0..max(d_k) - 1``.

The same sums give the analytic gradient and Hessian of the log partial
likelihood and the per-row score residuals of the robust (sandwich) variance.

Case weights ``w_i`` (R ``coxph(weights = )``) enter as R does: every risk-set
sum is of ``w_i r_i``, an event contributes ``w_i x_i'beta`` to the log
likelihood, and the ``d_k`` tied events of a time count with their summed
weight (Breslow) or, in each of Efron's ``d_k`` steps, with their mean weight.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from careerrep.errors import ModelSpecError

__all__ = ["RiskSets", "partial_likelihood", "score_residuals"]


@dataclass(frozen=True, eq=False)
class RiskSets:
    """Event times and each row's range of them; independent of the coefficients.

    Attributes
    ----------
    lo, hi
        ``(n,)`` each row is at risk at event times ``lo <= k < hi``.
    death_rows
        Indices of the rows with an event.
    death_time
        ``(n_deaths,)`` event-time index of each of those rows.
    deaths
        ``(m,)`` number of tied events ``d_k`` at each event time.
    times, strata
        ``(m,)`` the event times and their stratum codes.
    weights
        ``(n,)`` case weights (all 1 when none were given).
    death_weight
        ``(m,)`` summed weight of the tied events at each event time (``deaths`` when unweighted).
    """

    lo: np.ndarray
    hi: np.ndarray
    death_rows: np.ndarray
    death_time: np.ndarray
    deaths: np.ndarray
    times: np.ndarray
    strata: np.ndarray
    weights: np.ndarray
    death_weight: np.ndarray

    @property
    def n_times(self) -> int:
        """Number of distinct (stratum, event time) pairs."""
        return len(self.times)

    @classmethod
    def build(
        cls,
        start: np.ndarray,
        stop: np.ndarray,
        event: np.ndarray,
        strata: np.ndarray,
        weights: np.ndarray | None = None,
    ) -> RiskSets:
        """Index the rows: ``start``/``stop`` float times, ``event`` bool, ``strata`` int codes.

        ``weights``: ``(n,)`` non-negative case weights, or ``None`` for all 1.
        """
        n = len(stop)
        w = np.ones(n) if weights is None else np.asarray(weights, dtype=np.float64)
        lo = np.zeros(n, dtype=np.int64)
        hi = np.zeros(n, dtype=np.int64)
        all_times, all_strata = [], []
        offset = 0
        # Rows grouped by stratum once (stable sort), so many strata cost O(n log n), not O(n * strata).
        order = np.argsort(strata, kind="stable")
        codes, first = np.unique(strata[order], return_index=True)
        for code, rows in zip(codes, np.split(order, first[1:]), strict=True):
            times = np.unique(stop[rows][event[rows]])
            lo[rows] = offset + np.searchsorted(times, start[rows], side="right")
            hi[rows] = offset + np.searchsorted(times, stop[rows], side="right")
            all_times.append(times)
            all_strata.append(np.full(len(times), code))
            offset += len(times)
        death_rows = np.flatnonzero(event)
        death_time = hi[death_rows] - 1
        m = offset
        if m == 0:
            raise ModelSpecError("the data have no events: a Cox model needs at least one")
        return cls(
            lo=lo,
            hi=hi,
            death_rows=death_rows,
            death_time=death_time,
            deaths=np.bincount(death_time, minlength=m),
            times=np.concatenate(all_times),
            strata=np.concatenate(all_strata),
            weights=w,
            death_weight=np.bincount(death_time, w[death_rows], minlength=m),
        )

    def at_risk_sum(self, values: np.ndarray) -> np.ndarray:
        """``(m,)`` or ``(m, q)``: sum of ``values`` over the rows at risk at each event time."""
        m = self.n_times
        if values.ndim == 1:
            diff = np.bincount(self.lo, values, m + 1) - np.bincount(self.hi, values, m + 1)
            return np.cumsum(diff[:m])
        return np.column_stack([self.at_risk_sum(values[:, j]) for j in range(values.shape[1])])

    def death_sum(self, values: np.ndarray) -> np.ndarray:
        """``(m,)`` or ``(m, q)``: sum of ``values[death_rows]`` at each event time."""
        m = self.n_times
        picked = values[self.death_rows]
        if picked.ndim == 1:
            return np.bincount(self.death_time, picked, m)
        return np.column_stack(
            [np.bincount(self.death_time, picked[:, j], m) for j in range(picked.shape[1])]
        )

    def over_range(self, per_time: np.ndarray) -> np.ndarray:
        """``(n, ...)``: each row's sum of ``per_time[k]`` over its at-risk range ``[lo, hi)``."""
        cumulative = np.concatenate([np.zeros((1, *per_time.shape[1:])), np.cumsum(per_time, axis=0)])
        return cumulative[self.hi] - cumulative[self.lo]


def _second_moments(risk: RiskSets, X: np.ndarray, r: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(m, p*p)`` at-risk and death sums of ``r_i vec(x_i x_i')``, one column pair at a time.

    Pair by pair keeps the memory at one ``(n,)`` temporary instead of ``(n, p, p)``.
    """
    p = X.shape[1]
    at_risk = np.empty((risk.n_times, p * p))
    deaths = np.empty((risk.n_times, p * p))
    for j in range(p):
        weighted = X[:, j] * r
        for k in range(j, p):
            product = weighted * X[:, k]
            at_risk[:, j * p + k] = at_risk[:, k * p + j] = risk.at_risk_sum(product)
            deaths[:, j * p + k] = deaths[:, k * p + j] = risk.death_sum(product)
    return at_risk, deaths


@dataclass(frozen=True)
class _TieTerms:
    """Per tie step ``l``: the event times it covers, the fractions ``l / d_k``, the step's weights.

    ``weight`` is how many events the step stands for: Breslow's single step
    stands for all ``d_k`` (their summed case weight), each of Efron's for one
    (their mean case weight).
    """

    steps: tuple[tuple[np.ndarray, np.ndarray, np.ndarray], ...]


def _tie_terms(risk: RiskSets, ties: str) -> _TieTerms:
    if ties == "breslow":
        # Breslow = d_k copies of the full risk set; one step weighted by d_k (their summed weight).
        times = np.flatnonzero(risk.deaths > 0)
        return _TieTerms(((times, np.zeros(len(times)), risk.death_weight[times]),))
    steps = []
    for step in range(int(risk.deaths.max())):
        times = np.flatnonzero(risk.deaths > step)
        mean_weight = risk.death_weight[times] / risk.deaths[times]
        steps.append((times, step / risk.deaths[times], mean_weight))
    return _TieTerms(tuple(steps))


def _step_sums(
    times: np.ndarray, fraction: np.ndarray, m: int, *pairs: tuple[np.ndarray, np.ndarray]
) -> list[np.ndarray]:
    """Each ``at_risk - fraction * deaths`` at ``times``; without copies for a step over every time at 0."""
    if len(times) == m and not fraction.any():  # Breslow's step, Efron's first: the plain risk sets
        return [at_risk for at_risk, _ in pairs]
    out = []
    for at_risk, deaths in pairs:
        f = fraction if at_risk.ndim == 1 else fraction[:, None]
        out.append(at_risk[times] - f * deaths[times])
    return out


def partial_likelihood(
    risk: RiskSets, X: np.ndarray, beta: np.ndarray, ties: str
) -> tuple[float, np.ndarray, np.ndarray]:
    """Log partial likelihood, gradient ``(p,)`` and Hessian ``(p, p)`` at ``beta``."""
    p = X.shape[1]
    eta = X @ beta
    w = risk.weights
    r = w * np.exp(eta)  # weighted risk scores: every risk-set sum is of w_i exp(eta_i)
    S0 = risk.at_risk_sum(r)
    S1 = risk.at_risk_sum(X * r[:, None])
    S2, E2 = _second_moments(risk, X, r)
    E0, E1 = risk.death_sum(r), risk.death_sum(X * r[:, None])
    dead = risk.death_rows
    loglik = float(w[dead] @ eta[dead])
    grad = w[dead] @ X[dead]
    hess = np.zeros(p * p)
    for times, fraction, weight in _tie_terms(risk, ties).steps:
        s0, s1, s2 = _step_sums(times, fraction, risk.n_times, (S0, E0), (S1, E1), (S2, E2))
        mean = s1 / s0[:, None]
        loglik -= float(weight @ np.log(s0))
        grad -= weight @ mean
        # sum_k w_k (S2_k / s0_k - mean_k mean_k') as two matrix products: no (m, p*p) temporaries,
        # which at a million rows were most of the time of a fit.
        hess -= s2.T @ (weight / s0) - ((mean * weight[:, None]).T @ mean).ravel()
    return loglik, grad, hess.reshape(p, p)


def score_residuals(risk: RiskSets, X: np.ndarray, beta: np.ndarray, ties: str) -> np.ndarray:
    """``(n, p)`` per-row score residuals; their column sums are the score at ``beta``.

    Each tied event time is split into ``d_k`` sub-events (Efron: in sub-event
    ``l`` the tied rows count with weight ``1 - l/d_k``; Breslow: weight 1).
    Row ``i`` gets ``sum_l (x_i - xbar_l)(dN_il - w_il r_i / S0_l)``, with its
    event spread evenly over the sub-events. With case weights the residuals
    are weighted (times ``w_i``), as R's ``residuals(fit, "dfbeta", weighted = TRUE)``
    that its robust variance sums.
    """
    m, p = risk.n_times, X.shape[1]
    r = np.exp(X @ beta)
    wr = risk.weights * r
    S0, S1 = risk.at_risk_sum(wr), risk.at_risk_sum(X * wr[:, None])
    E0, E1 = risk.death_sum(wr), risk.death_sum(X * wr[:, None])
    hazard_all = np.zeros(m)  # sum_l 1/S0_l: hazard increment seen by rows merely at risk
    mean_all = np.zeros((m, p))  # sum_l xbar_l / S0_l
    hazard_tied = np.zeros(m)  # sum_l (1 - l/d) / S0_l: seen by the rows that die at t_k
    mean_tied = np.zeros((m, p))
    event_mean = np.zeros((m, p))  # (1/d) sum_l xbar_l
    d = risk.deaths.astype(np.float64)
    for times, fraction, copies in _tie_terms(risk, ties).steps:
        s0 = S0[times] - fraction * E0[times]
        xbar = (S1[times] - fraction[:, None] * E1[times]) / s0[:, None]
        # The hazard increment counts the events by weight; a row's own event is spread evenly
        # over the steps whatever the weights (all d_k in Breslow's one step, one in each of Efron's).
        events = d[times] if ties == "breslow" else np.ones(len(times))
        kept = 1.0 if ties == "breslow" else 1.0 - fraction
        hazard_all[times] += copies / s0
        mean_all[times] += copies[:, None] * xbar / s0[:, None]
        hazard_tied[times] += copies * kept / s0
        mean_tied[times] += (copies * kept)[:, None] * xbar / s0[:, None]
        event_mean[times] += events[:, None] * xbar / d[times][:, None]
    resid = -r[:, None] * (X * risk.over_range(hazard_all)[:, None] - risk.over_range(mean_all))
    rows, k = risk.death_rows, risk.death_time
    correction = X[rows] * (hazard_all[k] - hazard_tied[k])[:, None] - (mean_all[k] - mean_tied[k])
    resid[rows] += X[rows] - event_mean[k] + r[rows][:, None] * correction
    return resid * risk.weights[:, None]
