"""Cox proportional hazards on counting-process (start, stop] data.

``h(t | x) = h_0s(t) exp(x'beta)`` with a baseline hazard per stratum ``s``.
Rows are (start, stop] intervals, so a covariate that changes over a tenure
is several rows of one spell; a time-fixed spell is one row with ``start = 0``.
Ties: Efron (default, as R ``survival::coxph``) or Breslow. Optional case
weights as R's ``coxph(weights = )`` (e.g. inverse-probability or sampling
weights; they are not frequency counts of the robust variance's clusters).

Fitting is Newton with the analytic gradient and Hessian of the log partial
likelihood (:mod:`careerrep.exits.risk_sets`), with step halving; the
covariance is the inverse information, or the sandwich ``V (sum_c U_c U_c') V``
over clusters of score residuals (R's ``robust``/``cluster()``; no
small-sample factor, as R).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from scipy import special

from careerrep.errors import ConvergenceWarning, ModelSpecError
from careerrep.exits.design import SurvivalDesign, survival_design
from careerrep.exits.risk_sets import RiskSets, partial_likelihood, score_residuals
from careerrep.models.result import interval_level, tail_probability

__all__ = ["CoxModel", "CoxResult"]

_TIES = ("efron", "breslow")
_COVS = ("nonrobust", "robust", "cluster")


@dataclass(frozen=True, eq=False)
class CoxResult:
    """A fitted Cox model: plain, picklable data.

    Attributes
    ----------
    params
        Log hazard ratios, by coefficient name.
    cov
        Covariance of ``params`` of kind ``cov_type`` (labelled both ways).
    naive_cov
        Inverse information (equal to ``cov`` when ``cov_type == "nonrobust"``).
    loglik, loglik_null
        Log partial likelihood at the estimate and at ``beta = 0``.
    nobs, n_events
        Rows used and events among them.
    ties, cov_type
        ``"efron"``/``"breslow"``; ``"nonrobust"``, ``"robust"`` or ``"cluster"``.
    converged, iterations, gradient_norm
        Optimiser report (max |score| at the estimate).
    baseline
        Baseline hazard increments at ``x = 0``: columns ``stratum``, ``time``,
        ``hazard`` (Breslow's estimator, Efron-adjusted for Efron ties, as R
        ``basehaz(fit, centered = FALSE)``).
    """

    params: pd.Series
    cov: pd.DataFrame = field(repr=False)
    naive_cov: pd.DataFrame = field(repr=False)
    loglik: float
    loglik_null: float
    nobs: int
    n_events: int
    ties: str
    cov_type: str
    converged: bool
    iterations: int
    gradient_norm: float
    baseline: pd.DataFrame = field(repr=False)

    @property
    def bse(self) -> pd.Series:
        """Standard errors of the log hazard ratios."""
        return pd.Series(np.sqrt(np.diag(self.cov.to_numpy())), index=self.params.index)

    @property
    def zvalues(self) -> pd.Series:
        """Wald statistics ``params / bse``."""
        return self.params / self.bse

    @property
    def pvalues(self) -> pd.Series:
        """Two-sided normal p-values of the Wald statistics."""
        return pd.Series(2.0 * special.ndtr(-np.abs(self.zvalues)), index=self.params.index)

    def conf_int(self, alpha: float | None = None, *, level: float | None = None) -> pd.DataFrame:
        """Wald intervals for the log hazard ratios at ``level`` (default 0.95): columns ``lower``, ``upper``.

        ``alpha`` is deprecated (``level = 1 - alpha``; a ``FutureWarning``).
        """
        tail = tail_probability(interval_level(level, where=f"{type(self).__name__}.conf_int", alpha=alpha))
        z = special.ndtri(1.0 - tail / 2.0)
        return pd.DataFrame({"lower": self.params - z * self.bse, "upper": self.params + z * self.bse})

    def summary_frame(self, alpha: float | None = None, *, level: float | None = None) -> pd.DataFrame:
        """Per coefficient: estimate, hazard ratio, SE, z, p and the ``level`` interval of the hazard ratio.

        ``alpha`` is deprecated (``level = 1 - alpha``; a ``FutureWarning``).
        """
        probability = interval_level(level, where=f"{type(self).__name__}.summary_frame", alpha=alpha)
        ci = np.exp(self.conf_int(level=probability))
        return pd.DataFrame(
            {
                "estimate": self.params,
                "hazard_ratio": np.exp(self.params),
                "std_error": self.bse,
                "z": self.zvalues,
                "p_value": self.pvalues,
                "hr_lower": ci["lower"],
                "hr_upper": ci["upper"],
            }
        )

    def summary(self, alpha: float | None = None, *, level: float | None = None) -> str:
        """A readable text table with the fit statistics (intervals at ``level``, default 0.95).

        ``alpha`` is deprecated (``level = 1 - alpha``; a ``FutureWarning``).
        """
        probability = interval_level(level, where=f"{type(self).__name__}.summary", alpha=alpha)
        header = (
            f"Cox proportional hazards ({self.ties} ties, {self.cov_type} covariance): "
            f"{self.nobs} rows, {self.n_events} events\n"
            f"log partial likelihood = {self.loglik:.4f} (null {self.loglik_null:.4f}); "
            f"converged: {self.converged} in {self.iterations} iterations"
        )
        return (
            header + "\n" + self.summary_frame(level=probability).to_string(float_format=lambda v: f"{v:.4g}")
        )

    def cumulative_hazard(self, x: pd.Series | dict[str, float], stratum: Any = None) -> pd.DataFrame:
        """Cumulative hazard ``H_0s(t) exp(x'beta)`` at each event time of a stratum.

        ``x`` gives a value for every coefficient name (design-matrix scale, so
        dummy columns by their formulaic names). Returns columns ``time``,
        ``cumulative_hazard``, ``survival``.
        """
        values = pd.Series(x, dtype=np.float64)
        missing = [name for name in self.params.index if name not in values.index]
        if missing:
            raise ModelSpecError(f"cumulative_hazard needs values for {missing}")
        base = self.baseline
        if stratum is not None:
            base = base[base["stratum"] == stratum]
            if base.empty:
                raise ModelSpecError(f"stratum {stratum!r} is not in the fitted data")
        elif base["stratum"].nunique() > 1:
            raise ModelSpecError("the model is stratified: name the stratum")
        risk = float(np.exp(values[self.params.index].to_numpy() @ self.params.to_numpy()))
        H = np.cumsum(base["hazard"].to_numpy()) * risk
        return pd.DataFrame({"time": base["time"].to_numpy(), "cumulative_hazard": H, "survival": np.exp(-H)})


@dataclass(frozen=True, eq=False, init=False)
class CoxModel:
    """A Cox proportional-hazards specification.

    Parameters
    ----------
    formula
        ``"event ~ predictors"``: the left side is the event indicator column
        (1/True = the row ends in an event, 0/False = censored); the right side
        is a formulaic formula (no intercept is estimated: R's coding).
    data
        One row per (start, stop] interval.
    stop
        Column of interval end times (any unit; days for spells).
    start
        Column of interval start times; ``None`` means every row starts at 0.
    strata
        Column whose values get separate baseline hazards.
    ties
        ``"efron"`` (R's default) or ``"breslow"``.
    weights
        Case weights: a column name or an array with one positive finite
        value per row (R ``coxph(weights = )``). ``None``: every row weighs 1.
        With weights, use ``cov="robust"`` or ``"cluster"`` unless they are
        frequency weights (R: ``robust = TRUE`` for sampling weights).
    """

    formula: str
    ties: str
    design: SurvivalDesign = field(repr=False)
    weights: np.ndarray | None = field(repr=False)

    def __init__(
        self,
        formula: str,
        data: pd.DataFrame,
        stop: str,
        start: str | None = None,
        strata: str | None = None,
        ties: str = "efron",
        weights: str | Any = None,
    ) -> None:
        if ties not in _TIES:
            raise ModelSpecError(f"ties must be one of {_TIES}, got {ties!r}")
        object.__setattr__(self, "formula", formula)
        object.__setattr__(self, "ties", ties)
        design = survival_design(formula, data, stop=stop, start=start, strata=strata)
        object.__setattr__(self, "design", design)
        object.__setattr__(self, "weights", None if weights is None else _case_weights(design, weights))

    def fit(
        self, cov: str = "nonrobust", groups: Any = None, max_iter: int = 50, tol: float = 1e-10
    ) -> CoxResult:
        """Maximise the log partial likelihood by Newton.

        Parameters
        ----------
        cov
            ``"nonrobust"`` (inverse information), ``"robust"`` (sandwich over
            rows) or ``"cluster"`` (sandwich over ``groups``, R ``cluster()``).
        groups
            Cluster column name or array (``cov="cluster"``).
        max_iter, tol
            Newton limit; converged when every step component is below ``tol``.
        """
        if cov not in _COVS:
            raise ModelSpecError(f"cov must be one of {_COVS}, got {cov!r}")
        d = self.design
        risk = RiskSets.build(d.start, d.stop, d.event, d.strata, self.weights)
        X = d.X - d.X.mean(axis=0)  # centring changes no estimate and keeps exp() in range
        beta, loglik, info, converged, iterations, grad = _newton(risk, X, self.ties, max_iter, tol)
        naive = _inverse(info, d.coef_names)
        if cov == "nonrobust":
            covariance = naive
        else:
            codes = self._clusters(groups) if cov == "cluster" else np.arange(len(d.stop))
            dfbeta = score_residuals(risk, X, beta, self.ties) @ naive
            summed = np.zeros((int(codes.max()) + 1, len(beta)))
            np.add.at(summed, codes, dfbeta)
            covariance = summed.T @ summed
        null, _, _ = partial_likelihood(risk, X, np.zeros(len(beta)), self.ties)
        names = list(d.coef_names)
        return CoxResult(
            params=pd.Series(beta, index=names),
            cov=pd.DataFrame(covariance, index=names, columns=names),
            naive_cov=pd.DataFrame(naive, index=names, columns=names),
            loglik=loglik,
            loglik_null=null,
            nobs=len(d.stop),
            n_events=int(d.event.sum()),
            ties=self.ties,
            cov_type=cov,
            converged=converged,
            iterations=iterations,
            gradient_norm=float(np.max(np.abs(grad))),
            baseline=self._baseline(risk, beta),
        )

    def _clusters(self, groups: Any) -> np.ndarray:
        if groups is None:
            raise ModelSpecError("cov='cluster' needs groups (a column name or an array)")
        values = self.design.frame[groups] if isinstance(groups, str) else pd.Series(np.asarray(groups))
        if len(values) != len(self.design.stop):
            raise ModelSpecError(f"groups has {len(values)} values for {len(self.design.stop)} rows")
        if values.isna().any():
            raise ModelSpecError("groups has missing values")
        return pd.factorize(values)[0]

    def _baseline(self, risk: RiskSets, beta: np.ndarray) -> pd.DataFrame:
        r = risk.weights * np.exp(self.design.X @ beta)
        S0, E0 = risk.at_risk_sum(r), risk.death_sum(r)
        d = risk.deaths.astype(np.float64)
        hazard = risk.death_weight / S0
        if self.ties == "efron":
            hazard = np.zeros(risk.n_times)
            mean_weight = np.divide(risk.death_weight, d, out=np.zeros_like(d), where=d > 0)
            for step in range(int(d.max())):
                times = np.flatnonzero(d > step)
                hazard[times] += mean_weight[times] / (S0[times] - step / d[times] * E0[times])
        labels = np.asarray(self.design.strata_labels, dtype=object)[risk.strata]
        return pd.DataFrame({"stratum": labels, "time": risk.times, "hazard": hazard})


def _case_weights(design: SurvivalDesign, weights: Any) -> np.ndarray:
    """``(n,)`` float weights from a column name or an array; each positive and finite, as R requires."""
    if isinstance(weights, str):
        if weights not in design.frame.columns:
            raise ModelSpecError(f"weights column {weights!r} is not in the data")
        values = pd.to_numeric(design.frame[weights], errors="coerce").to_numpy(dtype=np.float64)
        name = f"weights column {weights!r}"
    else:
        values = np.asarray(weights, dtype=np.float64).ravel()
        name = "weights"
    if len(values) != len(design.stop):
        raise ModelSpecError(f"{name} has {len(values)} values for {len(design.stop)} rows")
    bad = np.flatnonzero(~(np.isfinite(values) & (values > 0)))
    if len(bad):
        i = int(bad[0])
        raise ModelSpecError(
            f"{name}: row {i} has weight {values[i]!r}; case weights must be positive and finite "
            f"({len(bad)} such rows)"
        )
    return values


def _newton(
    risk: RiskSets, X: np.ndarray, ties: str, max_iter: int, tol: float
) -> tuple[np.ndarray, float, np.ndarray, bool, int, np.ndarray]:
    """Newton with step halving from ``beta = 0``.

    Returns (beta, loglik, information, converged, iterations, score).
    """
    beta = np.zeros(X.shape[1])
    loglik, grad, hess = partial_likelihood(risk, X, beta, ties)
    for iteration in range(1, max_iter + 1):
        step = np.linalg.solve(-hess, grad)
        for _halving in range(30):
            trial = beta + step
            new_loglik, new_grad, new_hess = partial_likelihood(risk, X, trial, ties)
            if np.isfinite(new_loglik) and new_loglik >= loglik - 1e-12 * abs(loglik):
                break
            step = step / 2.0
        beta, loglik, grad, hess = trial, new_loglik, new_grad, new_hess
        if np.max(np.abs(step)) < tol:
            return beta, loglik, -hess, True, iteration, grad
    warnings.warn(
        f"Cox fit did not converge in {max_iter} iterations: last step {np.max(np.abs(step)):.3g}, "
        f"max |score| {np.max(np.abs(grad)):.3g}; estimates may be infinite (monotone likelihood)",
        ConvergenceWarning,
        stacklevel=3,
    )
    return beta, loglik, -hess, False, max_iter, grad


def _inverse(information: np.ndarray, names: tuple[str, ...]) -> np.ndarray:
    try:
        return np.linalg.inv(information)
    except np.linalg.LinAlgError as exc:
        raise ModelSpecError(
            f"the information matrix is singular: check {list(names)} for collinearity"
        ) from exc
