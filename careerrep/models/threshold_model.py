"""Model classes for the ordinal families beyond proportional odds.

* :class:`CumulativeModel` -- cumulative link model with ``nominal=`` (partial
  proportional odds) and ``scale=`` (location-scale) terms, as R ``ordinal::clm``.
* :class:`SequentialModel` -- continuation-ratio (``kind="cratio"``) and
  stopping-ratio (``kind="sratio"``) models, as R ``VGAM::vglm(..., cratio())``.
* :class:`AdjacentModel` -- adjacent-category logit, as ``VGAM::vglm(..., acat())``.

The formulas, conventions and parameter names of each family are in its
module (:mod:`.cumulative_general`, :mod:`.sequential`, :mod:`.adjacent`);
the likelihood engine they share is :mod:`.threshold_likelihood`. All are
fitted by Newton with analytic derivatives and give an :class:`MLEResult`
with model-based, HC0/HC1 or cluster-robust covariance and profile intervals,
like :class:`~careerrep.OrdinalModel`. Parameters are reported as location
coefficients, ``"scale:<term>"``, thresholds ``"lo|hi"``, then nominal
``"lo|hi.<term>"`` (term-major).
"""

from __future__ import annotations

import itertools
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

import numpy as np
import pandas as pd

from careerrep.errors import ModelSpecError, ThresholdCrossingWarning
from careerrep.models.adjacent import ADJACENT, ADJACENT_LINKS
from careerrep.models.cumulative_general import CUMULATIVE, crossing_rows
from careerrep.models.design import Design, PredictorSpec, as_frame
from careerrep.models.links import get_link
from careerrep.models.newton import maximize, warn_if_not_converged
from careerrep.models.result import MLEResult
from careerrep.models.sequential import FAMILIES, SEQUENTIAL_KINDS
from careerrep.models.split_fit import SplitObjective, assemble_result, check_fit_arguments, cluster_codes
from careerrep.models.threshold_design import ExtraTerms, build_split_design
from careerrep.models.threshold_likelihood import (
    SplitData,
    SplitFamily,
    split_predictors,
    starting_values,
)


@dataclass(frozen=True, eq=False, init=False)
class SplitModel:
    """What the cumulative-general, sequential and adjacent models share (not used directly).

    A frozen specification like the other models (formula, a private copy of
    the data, the location ``design``, the nominal and scale terms); ``fit()``
    returns a new :class:`MLEResult` and never changes the model.
    """

    family: ClassVar[str] = ""
    formula: str
    design: Design = field(repr=False)
    predictors: PredictorSpec = field(repr=False)
    data: pd.DataFrame = field(repr=False)
    link: str
    nominal_terms: ExtraTerms = field(repr=False)
    scale_terms: ExtraTerms = field(repr=False)
    N: np.ndarray = field(repr=False)
    Z: np.ndarray = field(repr=False)

    def _setup(
        self,
        formula: str,
        data: Any,
        *,
        link: str,
        nominal: str | None,
        scale: str | None,
        weights: Any,
        levels: Sequence[Any] | None,
    ) -> None:
        object.__setattr__(self, "link", get_link(link).name)
        frame, design, predictors, nominal_terms, scale_terms, N, Z = build_split_design(
            formula,
            data,
            nominal=nominal,
            scale=scale,
            weights=weights,
            levels=levels,
            allow_scale=self.family == "cumulative",
            what=self.family,
        )
        for name, value in (
            ("formula", formula),
            ("design", design),
            ("predictors", predictors),
            ("data", frame.copy(deep=True)),  # later changes to the caller's frame change nothing
            ("nominal_terms", nominal_terms),
            ("scale_terms", scale_terms),
            ("N", N),
            ("Z", Z),
        ):
            object.__setattr__(self, name, value)

    # ----------------------------------------------------------- descriptions
    @property
    def labels(self) -> tuple[str, ...]:
        """Outcome labels in model order (low to high)."""
        return self.design.labels

    @property
    def coef_names(self) -> tuple[str, ...]:
        """Location (parallel) predictor columns, formulaic names."""
        return self.design.coef_names

    def describe(self) -> list[str]:
        """Header lines for summaries (family, specification, convention, outcome order)."""
        raise NotImplementedError

    def design_matrix(self, newdata: Any) -> np.ndarray:
        """Location predictor matrix for ``newdata`` (see ``Design.X``)."""
        return self.predictors.design_matrix(newdata)

    @property
    def split_family(self) -> SplitFamily:
        """The family core (probabilities and row derivatives)."""
        raise NotImplementedError

    @property
    def thresholds(self) -> tuple[str, ...]:
        """Split names ``"lower|upper"`` (one threshold per split)."""
        return tuple(f"{lo}|{hi}" for lo, hi in itertools.pairwise(self.labels))

    @property
    def param_names(self) -> tuple[str, ...]:
        """Location coefficients, ``scale:<term>``, thresholds, then ``"lo|hi.<term>"`` (term-major)."""
        nominal = [f"{t}.{name}" for name in self.nominal_terms.names for t in self.thresholds]
        scale = [f"scale:{name}" for name in self.scale_terms.names]
        return (*self.coef_names, *scale, *self.thresholds, *nominal)

    def _spec_line(self) -> str:
        parts = [self.formula]
        if self.nominal_terms.formula:
            parts.append(f"nominal = {self.nominal_terms.formula}")
        if self.scale_terms.formula:
            parts.append(f"scale = {self.scale_terms.formula}")
        return ", ".join(parts)

    # ------------------------------------------------------------ predictions
    def _split_data(self) -> tuple[SplitData, np.ndarray]:
        """The model's rows sorted by outcome (contiguous categories are faster), and the order."""
        y = self.design.y
        order = np.argsort(y, kind="stable")
        A = np.c_[np.ones(len(y)), self.N]
        data = SplitData(
            np.ascontiguousarray(self.design.X[order]),
            np.ascontiguousarray(A[order]),
            np.ascontiguousarray(self.Z[order]),
            y[order],
            self.design.weights[order],
            len(self.labels),
        )
        return data, order

    def _probabilities(self, params: np.ndarray, X: np.ndarray, N: np.ndarray, Z: np.ndarray) -> np.ndarray:
        family, link = self.split_family, get_link(self.link)
        A = np.c_[np.ones(len(X)), N]
        eta = split_predictors(params, X, A, Z, len(self.labels), family.location_sign).eta
        return family.probabilities(eta, link)

    def probabilities(self, params: np.ndarray, X: np.ndarray) -> np.ndarray:
        """``(n, K)`` probabilities for location predictors ``X`` (models without nominal/scale terms).

        With nominal or scale terms the other matrices are needed too: use
        ``predict_probabilities(params, newdata)`` (or ``result.predict``).
        """
        if self.N.shape[1] or self.Z.shape[1]:
            if X is not self.design.X:
                raise ModelSpecError(
                    "this model has nominal/scale terms; predict from a data frame with "
                    "result.predict(newdata) instead of a predictor matrix"
                )
            return self._probabilities(params, X, self.N, self.Z)
        empty = np.zeros((len(X), 0))
        return self._probabilities(params, X, empty, empty)

    def predict_probabilities(self, params: np.ndarray, newdata: Any = None) -> pd.DataFrame:
        """Labelled outcome probabilities for ``newdata`` (default: the fitted rows).

        Raises
        ------
        ModelSpecError
            If nominal effects cross for some rows (a negative probability);
            the message names the rows. careerrep never returns one.
        """
        params = np.asarray(params, dtype=np.float64)
        if newdata is None:
            X, N, Z, index = self.design.X, self.N, self.Z, self.design.row_index
        else:
            frame = as_frame(newdata)
            X, index = self.design_matrix(frame), frame.index
            N, Z = self.nominal_terms.matrix(frame), self.scale_terms.matrix(frame)
        probs = self._probabilities(params, X, N, Z)
        bad = crossing_rows(probs)
        if bad.size:
            raise ModelSpecError(
                f"the nominal effects cross for {bad.size} rows (a negative category probability), "
                f"e.g. rows {list(index[bad[:10]])}: minimum {probs[bad].min():.3g}; these predictor "
                f"values are outside where the model is defined"
            )
        return pd.DataFrame(probs, index=index, columns=list(self.labels))

    # ----------------------------------------------------------------- fitting
    def fit(
        self,
        cov: str = "nonrobust",
        groups: Any = None,
        method: str = "mle",
        cluster_type: str = "HC1",
        max_iter: int = 100,
    ) -> MLEResult:
        """Maximum-likelihood fit by Newton with the analytic gradient and Hessian.

        Parameters
        ----------
        cov
            ``"nonrobust"``, ``"HC0"``, ``"HC1"`` or ``"cluster"`` (conventions
            in :mod:`careerrep.models.covariance`).
        groups
            Cluster column name or array (``cov="cluster"``).
        method
            Only ``"mle"``.
        cluster_type
            ``"HC1"`` or ``"HC0"`` small-sample factor for ``cov="cluster"``.
        max_iter
            Newton iteration limit.

        Returns
        -------
        MLEResult
            Parameters in :attr:`param_names` order.
        """
        check_fit_arguments(cov, method, cluster_type, max_iter, type(self).__name__)
        if self.design.groups:
            raise ModelSpecError(
                f"random intercepts {list(self.design.groups)} cannot be fitted here; drop them"
            )
        family, link = self.split_family, get_link(self.link)
        data, order = self._split_data()
        clusters = None
        if cov == "cluster":
            codes = cluster_codes(self.data, self.design.row_index, len(self.design.y), groups)
            clusters = codes[order]
        objective = SplitObjective(data, family, link)
        outcome = maximize(objective, starting_values(data, family, link), max_iter=max_iter)
        warn_if_not_converged(outcome, f"{family.name} ({link.name}) fit")
        self._warn_if_crossing(outcome.x)
        return assemble_result(self, outcome, objective, cov, clusters, cluster_type)

    def _warn_if_crossing(self, params: np.ndarray) -> None:
        probs = self._probabilities(params, self.design.X, self.N, self.Z)
        bad = crossing_rows(probs)
        if bad.size:
            rows = list(self.design.row_index[bad[:10]])
            warnings.warn(
                f"at the estimate the nominal effects cross for {bad.size} data rows (e.g. {rows}): "
                f"a category there has probability {probs[bad].min():.3g} < 0, so the model gives no "
                f"valid probabilities for them; make fewer terms nominal (or use SequentialModel, "
                f"whose probabilities are always valid)",
                ThresholdCrossingWarning,
                stacklevel=3,
            )

    def sample(self, *args: Any, **kwargs: Any) -> Any:
        """Not available yet for this family: raises ``ModelSpecError`` (use ``fit()``)."""
        raise ModelSpecError(f"{type(self).__name__} has no Bayesian (PyMC) version yet; use .fit()")

    def prior_predictive(self, *args: Any, **kwargs: Any) -> Any:
        """Not available yet for this family: raises ``ModelSpecError``."""
        raise ModelSpecError(f"{type(self).__name__} has no Bayesian (PyMC) version yet")


@dataclass(frozen=True, eq=False, init=False)
class CumulativeModel(SplitModel):
    """Cumulative link model with nominal and scale effects (R ``ordinal::clm``).

    ``P(Y <= j) = F((theta_j + n'gamma_j - x'beta) / exp(z'zeta))``; see
    :mod:`careerrep.models.cumulative_general` for signs and names. Without
    ``nominal``/``scale`` it is the model of :class:`~careerrep.OrdinalModel`.

    Parameters
    ----------
    formula
        ``"outcome ~ location terms"`` (formulaic); the outcome must be ordered.
    data
        DataFrame or CaseTable.
    link
        ``"logit"``, ``"probit"`` or ``"cloglog"``.
    nominal
        One-sided formula of category-specific terms, e.g. ``"~ contact"``;
        a term may not also be in ``formula``.
    scale
        One-sided formula of the log-scale terms, e.g. ``"~ temp"``.
    weights
        Frequency weights: a column name or an array.
    levels
        Outcome order low to high (unless the outcome is an ordered Categorical or numeric).
    """

    family: ClassVar[str] = "cumulative"

    def __init__(
        self,
        formula: str,
        data: Any,
        link: str = "logit",
        nominal: str | None = None,
        scale: str | None = None,
        weights: Any = None,
        levels: Sequence[Any] | None = None,
    ) -> None:
        self._setup(formula, data, link=link, nominal=nominal, scale=scale, weights=weights, levels=levels)

    @property
    def split_family(self) -> SplitFamily:
        """The cumulative family core."""
        return CUMULATIVE

    def describe(self) -> list[str]:
        """Header lines for summaries."""
        return [
            f"Cumulative link model ({self.link}): {self._spec_line()}",
            "P(Y <= j) = F((theta_j + n'gamma_j - x'beta) / exp(z'zeta)) (R clm); "
            f"outcome order: {' < '.join(self.labels)}",
        ]


@dataclass(frozen=True, eq=False, init=False)
class SequentialModel(SplitModel):
    """Continuation-ratio or stopping-ratio model (R ``VGAM::cratio`` / ``sratio``).

    ``kind="cratio"``: ``F(eta_j) = P(Y > j | Y >= j)``; ``kind="sratio"``:
    ``F(eta_j) = P(Y = j | Y >= j)``; ``eta_j = theta_j + x'beta + n'gamma_j``
    (see :mod:`careerrep.models.sequential`, also for brms's signs).

    Parameters
    ----------
    formula, data, weights, levels
        As for :class:`CumulativeModel`.
    kind
        ``"cratio"`` or ``"sratio"``.
    link
        ``"logit"``, ``"probit"`` or ``"cloglog"``.
    nominal
        One-sided formula of the non-parallel (category-specific) terms.
    """

    family: ClassVar[str] = "sequential"
    kind: str

    def __init__(
        self,
        formula: str,
        data: Any,
        kind: str = "cratio",
        link: str = "logit",
        nominal: str | None = None,
        weights: Any = None,
        levels: Sequence[Any] | None = None,
    ) -> None:
        if kind not in SEQUENTIAL_KINDS:
            raise ModelSpecError(f"kind must be one of {SEQUENTIAL_KINDS}, got {kind!r}")
        object.__setattr__(self, "kind", kind)
        self._setup(formula, data, link=link, nominal=nominal, scale=None, weights=weights, levels=levels)

    @property
    def split_family(self) -> SplitFamily:
        """The ``cratio``/``sratio`` family core."""
        return FAMILIES[self.kind]

    def describe(self) -> list[str]:
        """Header lines for summaries."""
        what = "P(Y > j | Y >= j)" if self.kind == "cratio" else "P(Y = j | Y >= j)"
        return [
            f"Sequential model ({self.kind}, {self.link}): {self._spec_line()}",
            f"F(theta_j + x'beta) = {what} (VGAM {self.kind}); outcome order: {' < '.join(self.labels)}",
        ]


@dataclass(frozen=True, eq=False, init=False)
class AdjacentModel(SplitModel):
    """Adjacent-category logit model (R ``VGAM::acat``).

    ``log(P(Y = j + 1) / P(Y = j)) = theta_j + x'beta + n'gamma_j``; see
    :mod:`careerrep.models.adjacent`.

    Parameters
    ----------
    formula, data, nominal, weights, levels
        As for :class:`SequentialModel`.
    link
        Only ``"logit"`` (other links raise ``ModelSpecError``).
    """

    family: ClassVar[str] = "adjacent"

    def __init__(
        self,
        formula: str,
        data: Any,
        link: str = "logit",
        nominal: str | None = None,
        weights: Any = None,
        levels: Sequence[Any] | None = None,
    ) -> None:
        if get_link(link).name not in ADJACENT_LINKS:
            raise ModelSpecError(
                f"the adjacent-category family has no link={link!r}; it is defined for "
                f"{list(ADJACENT_LINKS)} only (as VGAM::acat)"
            )
        self._setup(formula, data, link=link, nominal=nominal, scale=None, weights=weights, levels=levels)

    @property
    def split_family(self) -> SplitFamily:
        """The adjacent-category family core."""
        return ADJACENT

    def describe(self) -> list[str]:
        """Header lines for summaries."""
        return [
            f"Adjacent-category logit model: {self._spec_line()}",
            "log(P(Y = j+1) / P(Y = j)) = theta_j + x'beta (VGAM acat); "
            f"outcome order: {' < '.join(self.labels)}",
        ]
