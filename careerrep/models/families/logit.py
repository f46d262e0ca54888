"""The binary logit family ``P(Y = event | x) = expit(x'beta)``.

Layout: ``Intercept`` (:attr:`~careerrep.models.family.Role.INTERCEPT`) when
the formula keeps it, and one
:attr:`~careerrep.models.family.Role.COEFFICIENT` per other design column.
Two fitting methods: ordinary maximum likelihood (Newton = IRLS for this
canonical link, with a separation screen) and Firth's penalised likelihood
(:mod:`careerrep.models.firth`; finite under separation).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
from scipy import special

from careerrep.models.family import Family, NewtonProblem, Parameter, ParameterLayout, Role, Supports
from careerrep.models.firth import firth_objective, fit_firth
from careerrep.models.newton import NewtonOutcome
from careerrep.models.separation import SeparationCheck, check_binary_separation


def logit_derivatives(
    X: np.ndarray, y: np.ndarray, w: np.ndarray, beta: np.ndarray
) -> tuple[float, np.ndarray, np.ndarray]:
    """Weighted log-likelihood, gradient and Hessian of the logit model at ``beta``."""
    eta = X @ beta
    mu = special.expit(eta)
    loglik = float(w @ (y * eta - np.logaddexp(0.0, eta)))
    grad = X.T @ (w * (y - mu))
    hess = -(X.T @ (X * (w * mu * (1.0 - mu))[:, None]))
    return loglik, grad, hess


def logit_scores(X: np.ndarray, y: np.ndarray, beta: np.ndarray) -> np.ndarray:
    """``(n, p)`` unweighted per-row scores ``x_i (y_i - mu_i)``."""
    return X * (y - special.expit(X @ beta))[:, None]


@dataclass(frozen=True, eq=False)
class LogitProblem(NewtonProblem):
    """Ordinary maximum likelihood of the logit model."""

    X: np.ndarray
    y: np.ndarray  # float 0/1
    w: np.ndarray

    @property
    def n_params(self) -> int:
        """One per design column."""
        return int(self.X.shape[1])

    def loglik(self, params: np.ndarray) -> tuple[float, np.ndarray, np.ndarray]:
        """Log-likelihood, gradient and Hessian."""
        return logit_derivatives(self.X, self.y, self.w, np.asarray(params, dtype=np.float64))

    def start(self) -> np.ndarray:
        """Zeros."""
        return np.zeros(self.n_params)

    def scores(self, params: np.ndarray) -> np.ndarray:
        """Per-row scores."""
        return logit_scores(self.X, self.y, params)

    def observed_probabilities(self, params: np.ndarray) -> np.ndarray:
        """Probability of each row's observed outcome."""
        event = special.expit(self.X @ params)
        return np.where(self.y == 1, event, 1.0 - event)

    def separation(self) -> SeparationCheck | None:
        """Binary linear-programming screen."""
        return check_binary_separation(self.X, self.y.astype(np.int64), self.w)


@dataclass(frozen=True, eq=False)
class FirthProblem(LogitProblem):
    """Firth's penalised likelihood ``l + 0.5 log det I``; ``loglik`` is the penalised objective."""

    method: ClassVar[str] = "firth"
    default_ci: ClassVar[str] = "profile"
    allows_robust: ClassVar[bool] = False
    #: I is the curvature, so Newton is quasi-Newton: looser step, tighter value tolerance.
    newton_options: ClassVar[dict[str, float]] = {"xtol": 1e-9, "ftol": 1e-13}
    exact_curvature: ClassVar[bool] = False

    def loglik(self, params: np.ndarray) -> tuple[float, np.ndarray, np.ndarray]:
        """Penalised log-likelihood, modified score and ``-I``."""
        return firth_objective(self.X, self.y, self.w, np.asarray(params, dtype=np.float64))

    def maximize(self, max_iter: int) -> NewtonOutcome:
        """Firth's Newton iteration."""
        return fit_firth(self.X, self.y, self.w, max_iter=max_iter).outcome

    def reported_loglik(self, outcome: NewtonOutcome) -> float:
        """The ordinary log-likelihood at the estimate (as logistf and brglm2 report)."""
        return logit_derivatives(self.X, self.y, self.w, outcome.x)[0]

    def notes(self, outcome: NewtonOutcome) -> tuple[str, ...]:
        """The penalised objective at the estimate."""
        return (
            f"Firth penalised log-likelihood = {outcome.value:.4f} "
            f"(log-likelihood + 0.5 log det I); SEs from I^-1 at the estimate.",
        )

    def separation(self) -> SeparationCheck | None:
        """Firth estimates are finite under separation: no screen."""
        return None


@dataclass(frozen=True)
class LogitFamily(Family):
    """Binary logit family (second label = event coded 1)."""

    name: ClassVar[str] = "logit"
    title: ClassVar[str] = "Binary logit"
    min_categories: ClassVar[int] = 2
    max_categories: ClassVar[int | None] = 2
    supports: ClassVar[Supports] = Supports(methods=("mle", "firth"), groups_mle=True)  # mixed: models.mixed
    separation_advice: ClassVar[str] = (
        "Use LogitModel.fit(method='firth') for finite, bias-reduced estimates."
    )

    @property
    def event(self) -> str:
        """The outcome coded 1."""
        return self.labels[1]

    @property
    def layout(self) -> ParameterLayout:
        """``Intercept`` (if kept) and the coefficients, in design-column order."""
        return ParameterLayout(
            tuple(
                Parameter(c, Role.INTERCEPT if c == "Intercept" else Role.COEFFICIENT, column=c)
                for c in self.columns
            )
        )

    def describe(self, formula: str) -> list[str]:
        """Header lines for summaries."""
        return [
            f"Binary logit: {formula}",
            f"P(Y = {self.labels[1]!r}) = expit(x'beta); reference outcome {self.labels[0]!r}",
        ]

    def effect_outcome(self, parameter: Parameter) -> str | None:
        """The event."""
        if parameter.role in (Role.COEFFICIENT, Role.INTERCEPT):
            return self.event
        return None

    def shift_absorbers(self, slope: Parameter) -> tuple[tuple[int, float], ...] | None:
        """The intercept: ``alpha + beta x = (alpha - c beta) + beta (x + c)`` (None without one)."""
        if slope.role is not Role.COEFFICIENT:
            return None
        intercepts = self.layout.positions(Role.INTERCEPT)
        return tuple((int(i), -1.0) for i in intercepts) or None

    def predictor(self, params: np.ndarray, X: np.ndarray) -> np.ndarray:
        """``(S, n, 1)``: ``x'beta``."""
        params = np.atleast_2d(params)
        return (params[:, : len(self.columns)] @ np.asarray(X, dtype=np.float64).T)[:, :, None]

    def log_probabilities_from_predictor(self, params: np.ndarray, eta: np.ndarray) -> np.ndarray:
        """``[log(1 - expit(eta)), log expit(eta)]``."""
        e = eta[:, :, 0]
        return np.stack([special.log_expit(-e), special.log_expit(e)], axis=2)

    def probability_slopes(self, params: np.ndarray, eta: np.ndarray, d_eta: np.ndarray) -> np.ndarray:
        """``d expit(eta) = expit (1 - expit) d eta``."""
        event = special.expit(eta[:, :, 0])
        d_event = event * (1.0 - event) * d_eta[:, :, 0]
        return np.stack([-d_event, d_event], axis=2)

    def fit_label(self, method: str) -> str:
        """``"logit fit"`` or ``"Firth logit fit"``."""
        return "Firth logit fit" if method == "firth" else "logit fit"

    def problem(
        self,
        X: np.ndarray,
        y: np.ndarray,
        weights: np.ndarray,
        method: str = "mle",
        groups: Mapping[str, tuple[np.ndarray, tuple[str, ...]]] | None = None,
    ) -> LogitProblem:
        """Ordinary ML (``method="mle"``) or Firth (``"firth"``)."""
        kind = FirthProblem if method == "firth" else LogitProblem
        return kind(X, np.asarray(y, dtype=np.float64), weights)

    # ---------------------------------------------------------------- Bayesian
    def pymc_likelihood(self, eta: Any, shift: Any, collapsed: Any, priors: Any, has_intercept: bool) -> Any:
        """``Intercept`` (raw scale, from a centred intercept) and the Bernoulli log-likelihood."""
        import pymc as pm
        import pytensor.tensor as pt

        if has_intercept:
            alpha = pm.Normal("Intercept_centred", 0.0, priors.intercept_scale)
            pm.Deterministic("Intercept", alpha - shift)
            eta = eta + alpha
        else:  # no intercept: centring would change the model, so undo it
            eta = eta + shift
        sign = np.where(collapsed.y == 1, 1.0, -1.0)
        return pt.sum(collapsed.counts * -pt.softplus(-sign * eta))

    def posterior_params(self, posterior: Any, has_intercept: bool) -> np.ndarray:
        """Layout order: the intercept sits where the design had its column."""
        beta = _flat(posterior, "beta")
        if not has_intercept:
            return beta
        at = self.columns.index("Intercept")
        return np.insert(beta, at, _flat(posterior, "Intercept"), axis=1)


def _flat(posterior: Any, name: str) -> np.ndarray:
    values = np.asarray(posterior[name])
    return values.reshape(-1, *values.shape[2:])
