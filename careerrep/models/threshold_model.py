"""The model base shared by the ordinal families beyond proportional odds.

:class:`SplitModel` holds what :class:`~careerrep.models.cumulative_general.CumulativeModel`
(``nominal=`` and ``scale=`` terms, as R ``ordinal::clm``),
:class:`~careerrep.models.sequential.SequentialModel` (``cratio``/``sratio``, as
``VGAM``) and :class:`~careerrep.models.adjacent.AdjacentModel` (``acat``) share:
the specification (location formula, nominal and scale terms), names,
predictions that refuse crossing thresholds, and the maximum-likelihood fit
(Newton with analytic derivatives, model-based, HC0/HC1 or cluster-robust
covariance and profile intervals, like :class:`~careerrep.OrdinalModel`).
Parameters are reported as location coefficients, ``"scale:<term>"``,
thresholds ``"lo|hi"``, then nominal ``"lo|hi.<term>"`` (term-major). Each
family's formulas, conventions and class are in its own module; the
likelihood engine they share is :mod:`.threshold_likelihood`.
"""

from __future__ import annotations

import abc
import itertools
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

import numpy as np
import pandas as pd

from careerrep.errors import ModelSpecError, ThresholdCrossingWarning
from careerrep.models.design import Design, PredictorSpec, as_frame
from careerrep.models.families.split import SplitLinkFamily
from careerrep.models.family import ParameterLayout
from careerrep.models.links import get_link
from careerrep.models.newton import maximize, warn_if_not_converged
from careerrep.models.result import MLEResult
from careerrep.models.separation import warn_if_separated
from careerrep.models.split_fit import (
    SplitObjective,
    assemble_result,
    check_fit_arguments,
    cluster_codes,
    separation_screen,
)
from careerrep.models.threshold_design import ExtraTerms, build_split_design
from careerrep.models.threshold_likelihood import (
    SplitData,
    SplitFamily,
    crossing_rows,
    split_predictors,
    starting_values,
)


@dataclass(frozen=True, eq=False, init=False)
class SplitModel(abc.ABC):
    """What the cumulative-general, sequential and adjacent models share (not used directly).

    A frozen specification like the other models (formula, a private copy of
    the data, the location ``design``, the nominal and scale terms); ``fit()``
    returns a new :class:`MLEResult` and never changes the model.
    """

    #: Which family ("cumulative", "sequential", "adjacent"), for messages about the design.
    split_kind: ClassVar[str] = ""
    #: Whether the family has log-scale (location-scale) terms, ``scale=``.
    takes_scale: ClassVar[bool] = False
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
            allow_scale=self.takes_scale,
            what=self.split_kind,
        )
        for name, value in (
            ("formula", formula),
            ("design", design),
            ("predictors", predictors),
            ("data", frame),  # a copy: later changes to the caller's frame change nothing
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

    @abc.abstractmethod
    def describe(self) -> list[str]:
        """Header lines for summaries (family, specification, convention, outcome order)."""

    def design_matrix(self, newdata: Any) -> np.ndarray:
        """The family's columns for ``newdata``: location, nominal, then scale columns.

        (``Design.X`` holds the location columns only; see
        :class:`~careerrep.models.families.split.SplitLinkFamily`.)
        """
        frame = as_frame(newdata)
        return np.hstack(
            [
                self.predictors.design_matrix(frame),
                self.nominal_terms.matrix(frame),
                self.scale_terms.matrix(frame),
            ]
        )

    @property
    def family_matrix(self) -> np.ndarray:
        """The family's columns for the fitted rows: location, nominal, then scale columns.

        What :attr:`family`'s ``problem``/``probabilities``/``slopes`` take (``Design.X``
        holds the location columns only).
        """
        return np.hstack([self.design.X, self.N, self.Z])

    @property
    def family(self) -> SplitLinkFamily:
        """The core :class:`~careerrep.models.family.Family` view of this model (effects, tables, plots)."""
        return SplitLinkFamily(
            self.labels,
            (*self.coef_names, *self.nominal_terms.names, *(f"scale:{z}" for z in self.scale_terms.names)),
            get_link(self.link),
            core=self.split_family,
            n_location=len(self.coef_names),
            nominal=tuple(self.nominal_terms.names),
            scale=tuple(self.scale_terms.names),
            heading=self.describe()[0],
        )

    @property
    def extra_formulas(self) -> tuple[str, ...]:
        """The ``nominal=`` and ``scale=`` formulas given (``"~ rhs"``): effects read their variables."""
        return tuple(f for f in (self.nominal_terms.formula, self.scale_terms.formula) if f)

    @property
    def layout(self) -> ParameterLayout:
        """The parameters with their roles (``Role.CATEGORY_SPECIFIC``, ``Role.SCALE``, ...)."""
        return self.family.layout

    @property
    @abc.abstractmethod
    def split_family(self) -> SplitFamily:
        """The family core (probabilities and row derivatives)."""

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
        # A stable sort of K small codes: one pass per category (several times faster
        # than argsort at n = 1e5).
        order = np.concatenate([np.flatnonzero(y == k) for k in range(len(self.labels))])
        A = np.empty((len(y), 1 + self.N.shape[1]))
        A[:, 0] = 1.0
        A[:, 1:] = self.N[order]
        data = SplitData(
            np.ascontiguousarray(self.design.X[order]),
            A,
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
            X, index = self.predictors.design_matrix(frame), frame.index
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
        ci: str | None = None,
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
        ci
            Default interval kind of the result: ``"wald"`` (default) or
            ``"profile"`` (``cov="nonrobust"`` only); both stay available
            through ``result.conf_int(method=...)``.

        Returns
        -------
        MLEResult
            Parameters in :attr:`param_names` order.
        """
        check_fit_arguments(cov, method, cluster_type, max_iter, type(self).__name__)
        if ci not in (None, "wald", "profile"):
            raise ModelSpecError(f"ci must be 'wald' or 'profile', got {ci!r}")
        if ci == "profile" and cov != "nonrobust":
            raise ModelSpecError(f"profile-likelihood intervals need cov='nonrobust', got cov={cov!r}")
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
        separation = separation_screen(outcome, objective)
        advice = (
            "Merge sparse outcome levels or categories, or make the term parallel (drop it from nominal=)."
        )
        if not warn_if_separated(separation, self.param_names, advice):
            warn_if_not_converged(outcome, f"{family.name} ({link.name}) fit")
        self._warn_if_crossing(outcome.x)
        ci_kind = "profile" if ci == "profile" else "Wald"
        return assemble_result(self, outcome, objective, cov, clusters, cluster_type, separation, ci_kind)

    def _warn_if_crossing(self, params: np.ndarray) -> None:
        # Only rows whose thresholds theta_j + n'gamma_j decrease somewhere can have a
        # negative probability (the location and scale parts are common to all splits):
        # compute probabilities for those rows only, not for all n.
        p, r, J = len(self.coef_names), self.Z.shape[1], len(self.labels) - 1
        a = np.asarray(params[p + r :]).reshape(1 + self.N.shape[1], J)
        steps = np.diff(a, axis=1)  # gap of row i between splits j and j + 1: steps[0] + N_i steps[1:]
        n = len(self.design.y)
        if not self.N.shape[1]:  # the same thresholds for every row
            candidates = np.arange(n) if steps.size and steps[0].min() < 0 else np.zeros(0, dtype=np.int64)
        else:
            gaps = steps[0][None, :] + self.N @ steps[1:]
            has_negative = gaps.size and gaps.min() < 0
            candidates = (
                np.flatnonzero((gaps < 0).any(axis=1)) if has_negative else np.zeros(0, dtype=np.int64)
            )
        probs = self._probabilities(params, self.design.X[candidates], self.N[candidates], self.Z[candidates])
        bad = candidates[crossing_rows(probs)]
        if bad.size:
            probs = probs[crossing_rows(probs)]
            rows = list(self.design.row_index[bad[:10]])
            warnings.warn(
                f"at the estimate the nominal effects cross for {bad.size} data rows (e.g. {rows}): "
                f"a category there has probability {probs.min():.3g} < 0, so the model gives no "
                f"valid probabilities for them; make fewer terms nominal (or use SequentialModel, "
                f"whose probabilities are always valid)",
                ThresholdCrossingWarning,
                stacklevel=3,
            )

    def sample(
        self,
        draws: int = 1000,
        chains: int = 4,
        seed: Any = None,
        priors: Any = None,
        **kwargs: Any,
    ) -> Any:
        """Bayesian fit of the same model with PyMC; returns a ``PosteriorResult``.

        Same parameters (names and roles) as :meth:`fit`; priors as for
        :class:`~careerrep.OrdinalModel` (see
        :mod:`careerrep.models.families.split_bayes`). ``kwargs`` as for
        ``OrdinalModel.sample`` (``tune``, ``cores``, ``target_accept``).
        """
        from careerrep.models.bayes.split_glue import sample_split_model  # lazy: pymc is slow to import

        return sample_split_model(self, draws=draws, chains=chains, seed=seed, priors=priors, **kwargs)

    def prior_predictive(self, draws: int = 500, seed: Any = None, priors: Any = None) -> Any:
        """Prior draws of the parameters and the implied outcome shares ``P(label)`` (a DataFrame)."""
        from careerrep.models.bayes.split_glue import split_prior_predictive

        return split_prior_predictive(self, draws=draws, seed=seed, priors=priors)
