"""The ordinal families beyond proportional odds as one core :class:`Family`.

:class:`~careerrep.models.cumulative_general.CumulativeModel` (``nominal=`` and
``scale=`` terms, R ``ordinal::clm``),
:class:`~careerrep.models.sequential.SequentialModel` (``cratio``/``sratio``,
``VGAM``) and :class:`~careerrep.models.adjacent.AdjacentModel` (``acat``) fit
with their own engine (:mod:`careerrep.models.threshold_likelihood`, checked
against R). :class:`SplitLinkFamily` puts that engine behind the ``Family``
protocol, so effects, odds ratios, tables, forest plots and the conformance
suite read these models through their layout like every other family.

The family's design columns are the location columns, then the nominal
(category-specific) columns, then the scale columns prefixed ``"scale:"``
(a scale term may also be a location term); ``SplitModel.design_matrix``
builds that matrix from a frame. The linear predictors (``W = K``) are, per
split ``j``, the part of ``A_i' a_j + sign x_i' beta`` that depends on the
data (``n_i' gamma_j + sign x_i' beta``), then ``z_i' zeta``: linear in the
columns, as the protocol asks. The probabilities add the thresholds and
divide by the scale ``exp(z' zeta)``, then ask the model's family core.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, cast

import numpy as np

from careerrep.models.family import Family, NewtonProblem, Parameter, ParameterLayout, Role, Supports
from careerrep.models.threshold_likelihood import (
    SplitData,
    split_derivatives,
    split_predictors,
    starting_values,
)


@dataclass(frozen=True, eq=False)
class SplitProblem(NewtonProblem):
    """The engine's likelihood on the family's columns (rows sorted by outcome once)."""

    data: SplitData
    order: np.ndarray
    core: Any
    link: Any

    @property
    def n_params(self) -> int:
        """Location, scale, thresholds and nominal coefficients."""
        d = self.data
        return d.X.shape[1] + d.Z.shape[1] + d.A.shape[1] * (d.K - 1)

    def loglik(self, params: np.ndarray) -> tuple[float, np.ndarray, np.ndarray]:
        """Weighted log-likelihood, gradient and Hessian (analytic, from the engine)."""
        d, _ = split_derivatives(self.data, np.asarray(params, dtype=np.float64), self.core, self.link)
        return d.loglik, d.gradient, d.hessian

    def start(self) -> np.ndarray:
        """The engine's starting values (thresholds from the marginal shares)."""
        return starting_values(self.data, self.core, self.link)

    def scores(self, params: np.ndarray) -> np.ndarray:
        """``(n, m)`` unweighted per-row scores, original row order."""
        _, scores = split_derivatives(self.data, params, self.core, self.link, scores=True)
        rows = cast(np.ndarray, scores)  # scores=True always returns them
        out = np.empty_like(rows)
        out[self.order] = rows
        return out

    def observed_probabilities(self, params: np.ndarray) -> np.ndarray:
        """Probability of each row's observed outcome (sorted row order)."""
        d = self.data
        pred = split_predictors(params, d.X, d.A, d.Z, d.K, self.core.location_sign)
        return np.exp(self.core.row_derivatives(pred.eta, d.y, self.link).logp)


@dataclass(frozen=True)
class SplitLinkFamily(Family):
    """A cumulative (nominal/scale), sequential or adjacent-category family bound to its columns.

    Attributes
    ----------
    core
        The model's family core (``CUMULATIVE``, a ``SequentialFamily``, ``ADJACENT``).
    n_location
        Number of location columns (the first ``columns``).
    nominal
        Nominal (category-specific) column names, after the location columns.
    scale
        Scale column names (``columns`` holds them as ``"scale:<name>"``, last).
    heading
        The model's title for summaries.
    """

    name: ClassVar[str] = "ordinal"
    title: ClassVar[str] = "Ordinal regression (beyond proportional odds)"
    ordered: ClassVar[bool] = True
    keeps_intercept: ClassVar[bool] = False
    min_categories: ClassVar[int] = 2
    supports: ClassVar[Supports] = Supports()

    core: Any = None
    n_location: int = 0
    nominal: tuple[str, ...] = ()
    scale: tuple[str, ...] = ()
    heading: str = ""

    @property
    def label(self) -> str:
        """``"cumulative (logit)"``, ``"cratio (probit)"``, ``"acat (logit)"``."""
        return f"{self.core.name} ({self.link.name})"

    @property
    def thresholds(self) -> tuple[str, ...]:
        """Split names ``"lower|upper"``."""
        return tuple(f"{lo}|{hi}" for lo, hi in zip(self.labels[:-1], self.labels[1:], strict=True))

    @property
    def layout(self) -> ParameterLayout:
        """Location coefficients, ``scale:<z>``, thresholds, nominal ``"lo|hi.<n>"`` (term-major)."""
        location = self.columns[: self.n_location]
        parameters = [Parameter(c, Role.COEFFICIENT, c) for c in location]
        parameters += [Parameter(f"scale:{z}", Role.SCALE, f"scale:{z}") for z in self.scale]
        parameters += [Parameter(t, Role.THRESHOLD, None, t) for t in self.thresholds]
        parameters += [
            Parameter(f"{t}.{c}", Role.CATEGORY_SPECIFIC, c, t) for c in self.nominal for t in self.thresholds
        ]
        return ParameterLayout(tuple(parameters))

    @property
    def n_predictors(self) -> int:
        """One predictor per split, then the log scale."""
        return self.n_categories

    def describe(self, formula: str) -> list[str]:
        """The model's own header."""
        return [self.heading or f"{self.label}: {formula}"]

    def effect_outcome(self, parameter: Parameter) -> str | None:
        """What a slope's odds ratio is about, in the family's own convention (``core.effect_text``)."""
        if parameter.role is Role.COEFFICIENT:
            return str(self.core.effect_text(None))
        if parameter.role is Role.CATEGORY_SPECIFIC:
            return str(self.core.effect_text(parameter.block))
        return None

    # --------------------------------------------------------- probability core
    def _sizes(self) -> tuple[int, int, int, int]:
        return self.n_location, len(self.nominal), len(self.scale), self.n_categories - 1

    def predictor(self, params: np.ndarray, X: np.ndarray) -> np.ndarray:
        """``(S, n, K)``: ``sign x'beta + n'gamma_j`` per split, then ``z'zeta``."""
        params = np.atleast_2d(params)
        p, q, r, J = self._sizes()
        S = params.shape[0]
        location = self.core.location_sign * (X[:, :p] @ params[:, :p].T).T
        gamma = params[:, p + r + J :].reshape(S, q, J)
        split = location[:, :, None] + np.einsum("nq,sqj->snj", X[:, p : p + q], gamma)
        log_scale = (X[:, p + q :] @ params[:, p : p + r].T).T
        return np.concatenate([split, log_scale[:, :, None]], axis=2)

    def _probabilities_from_predictor(self, params: np.ndarray, eta: np.ndarray) -> np.ndarray:
        p, _, r, J = self._sizes()
        theta = np.atleast_2d(params)[:, p + r : p + r + J]
        split = (theta[:, None, :] + eta[:, :, :J]) * np.exp(-eta[:, :, J])[:, :, None]
        return np.stack([self.core.probabilities(s, self.link) for s in split])

    def log_probabilities_from_predictor(self, params: np.ndarray, eta: np.ndarray) -> np.ndarray:
        """``(S, n, K)`` log probabilities (``-inf`` where crossing nominal effects leave none)."""
        probs = self._probabilities_from_predictor(params, eta)
        with np.errstate(divide="ignore"):
            return np.log(np.clip(probs, 0.0, None))

    def probability_slopes(self, params: np.ndarray, eta: np.ndarray, d_eta: np.ndarray) -> np.ndarray:
        """``d P_k / dt = P_k * sum_j (d log P_k / d eta_j) d eta_j / dt``, analytic.

        The engine's ``row_derivatives`` with every row's outcome set to ``k``
        gives ``d log P_k / d eta_j``; the split predictors
        ``eta_j = (theta_j + L_j) exp(-w)`` move by ``(dL_j - (theta_j + L_j) dw) exp(-w)``.
        """
        p, _, r, J = self._sizes()
        params = np.atleast_2d(params)
        theta = params[:, p + r : p + r + J]
        unscaled = theta[:, None, :] + eta[:, :, :J]
        s = np.exp(-eta[:, :, J])[:, :, None]
        split = unscaled * s
        d_split = (d_eta[:, :, :J] - unscaled * d_eta[:, :, J][:, :, None]) * s
        S, n, K = eta.shape[0], eta.shape[1], self.n_categories
        out = np.zeros((S, n, K))
        for draw in range(S):
            probs = self.core.probabilities(split[draw], self.link)
            for k in range(K):
                g = self.core.row_derivatives(split[draw], np.full(n, k), self.link).g
                with np.errstate(invalid="ignore"):
                    change = probs[:, k] * np.einsum("jn,nj->n", g, d_split[draw])
                out[draw, :, k] = np.where(probs[:, k] > 0, change, 0.0)
        return out

    # -------------------------------------------------------------- likelihood
    def problem(
        self,
        X: np.ndarray,
        y: np.ndarray,
        weights: np.ndarray,
        method: str = "mle",
        groups: Mapping[str, tuple[np.ndarray, tuple[str, ...]]] | None = None,
    ) -> SplitProblem:
        """The engine's problem on these rows (sorted by outcome)."""
        p, q, _, _ = self._sizes()
        order = np.argsort(y, kind="stable")
        Xs = np.asarray(X, dtype=np.float64)[order]
        data = SplitData(
            np.ascontiguousarray(Xs[:, :p]),
            np.ascontiguousarray(np.c_[np.ones(len(Xs)), Xs[:, p : p + q]]),
            np.ascontiguousarray(Xs[:, p + q :]),
            np.asarray(y)[order],
            np.asarray(weights, dtype=np.float64)[order],
            self.n_categories,
        )
        return SplitProblem(data, order, self.core, self.link)

    # ---------------------------------------------------------------- Bayesian
    # The PyMC term lives in careerrep/models/families/split_bayes.py (same layout as the ML fit).
    def pymc_coords(self) -> dict[str, list[str]]:
        """``threshold``, ``location_term``, ``nominal_term``, ``scale_term`` (the non-empty ones)."""
        from careerrep.models.families import split_bayes

        return split_bayes.pymc_coords(self)

    def pymc_coefficients(self, mean: np.ndarray, sd: np.ndarray, dims: tuple[str, ...]) -> Any:
        """``beta`` (location), ``beta_cs`` (per split), ``zeta`` (log scale) as one ``(p, K)`` matrix."""
        from careerrep.models.families import split_bayes

        return split_bayes.pymc_coefficients(self, mean, sd)

    def pymc_likelihood(self, eta: Any, shift: Any, collapsed: Any, priors: Any, has_intercept: bool) -> Any:
        """Thresholds (induced Dirichlet or normal) and the family's PyTensor log-likelihood."""
        from careerrep.models.families import split_bayes

        return split_bayes.pymc_likelihood(self, eta, shift, collapsed, priors)

    def posterior_params(self, posterior: Any, has_intercept: bool) -> np.ndarray:
        """``(S, m)`` draws in layout order (location, scale, thresholds, nominal)."""
        from careerrep.models.families import split_bayes

        return split_bayes.posterior_params(self, posterior)
