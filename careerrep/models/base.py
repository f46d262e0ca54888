"""What every model family shares: construction from a formula, new-data
predictors, labelled predictions, robust-covariance plumbing and the
delegation to the Bayesian sampler.

A model is a frozen specification (formula + data + options). Constructing it
builds the :class:`~careerrep.models.design.Design`; ``fit()`` and ``sample()``
return new result objects and never change the model.
"""

from __future__ import annotations

import abc
import functools
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

import numpy as np
import pandas as pd

from careerrep.errors import ModelSpecError
from careerrep.models import covariance
from careerrep.models.design import Design, PredictorSpec, as_frame, build_design
from careerrep.models.newton import NewtonOutcome, Objective
from careerrep.models.profile import LikelihoodProfile, profile_intervals
from careerrep.models.result import MLEResult


@dataclass(frozen=True, eq=False, init=False)
class BaseModel(abc.ABC):
    """Fields and behaviour common to ``OrdinalModel``, ``LogitModel``, ``MultinomialModel``."""

    family: ClassVar[str] = ""
    formula: str
    design: Design = field(repr=False)
    predictors: PredictorSpec = field(repr=False)
    data: pd.DataFrame = field(repr=False)

    def _build(self, formula: str, data: Any, weights: Any, levels: Sequence[Any] | None) -> None:
        frame = as_frame(data)
        design, predictors = build_design(formula, frame, family=self.family, weights=weights, levels=levels)
        object.__setattr__(self, "formula", formula)
        object.__setattr__(self, "design", design)
        object.__setattr__(self, "predictors", predictors)
        object.__setattr__(self, "data", frame)

    # ----------------------------------------------------------- descriptions
    @property
    def labels(self) -> tuple[str, ...]:
        """Outcome labels in model order."""
        return self.design.labels

    @property
    def coef_names(self) -> tuple[str, ...]:
        """Names of the predictor columns (formulaic names)."""
        return self.design.coef_names

    @property
    @abc.abstractmethod
    def param_names(self) -> tuple[str, ...]:
        """Names of all estimated parameters, in ``params`` order."""

    @abc.abstractmethod
    def describe(self) -> list[str]:
        """Header lines for summaries: family, formula, outcome order."""

    # ------------------------------------------------------------ predictions
    def design_matrix(self, newdata: Any) -> np.ndarray:
        """Predictor matrix for ``newdata`` with this model's columns (see ``Design.X``)."""
        return self.predictors.design_matrix(newdata)

    @abc.abstractmethod
    def probabilities(self, params: np.ndarray, X: np.ndarray) -> np.ndarray:
        """``(n, K)`` outcome probabilities at ``params`` for predictors ``X``."""

    def predict_probabilities(self, params: np.ndarray, newdata: Any = None) -> pd.DataFrame:
        """Labelled outcome probabilities for ``newdata`` (default: the fitted rows)."""
        if newdata is None:
            X, index = self.design.X, self.design.row_index
        else:
            X, index = self.design_matrix(newdata), as_frame(newdata).index
        probs = self.probabilities(np.asarray(params, dtype=np.float64), X)
        return pd.DataFrame(probs, index=index, columns=list(self.labels))

    # ----------------------------------------------------------------- fitting
    def _refuse_random_intercepts(self) -> None:
        if self.design.groups:
            raise ModelSpecError(
                f"random intercepts {list(self.design.groups)} cannot be fitted by maximum "
                f"likelihood here; use .sample() for the multilevel model or drop them"
            )

    def _cluster_codes(self, groups: Any) -> np.ndarray:
        """Integer cluster code per used row, from a column name or an array."""
        if groups is None:
            raise ModelSpecError('cov="cluster" needs groups= (a column name or an array)')
        if isinstance(groups, str):
            if groups not in self.data.columns:
                raise ModelSpecError(f"groups column {groups!r} is not in the data")
            values = self.data.loc[self.design.row_index, groups]
        else:
            array = np.asarray(groups)
            n_used, n_all = len(self.design.y), len(self.data)
            if array.shape == (n_all,):
                values = pd.Series(array, index=self.data.index).loc[self.design.row_index]
            elif array.shape == (n_used,):
                values = pd.Series(array)
            else:
                raise ModelSpecError(f"groups has shape {array.shape}; expected ({n_all},) or ({n_used},)")
        if values.isna().any():
            raise ModelSpecError("groups has missing values in rows used by the model")
        codes, _ = pd.factorize(values, sort=True)
        return codes.astype(np.int64)

    def _result(
        self,
        outcome: NewtonOutcome,
        scores: np.ndarray | None,
        weights: np.ndarray,
        cov: str,
        clusters: np.ndarray | None,
        cluster_type: str = "HC1",
        separated: bool = False,
        loglik: Objective | None = None,
        **extra: Any,
    ) -> MLEResult:
        """Assemble an :class:`MLEResult` with the requested covariance.

        ``separated`` (infinite estimates detected) turns a singular
        information matrix into infinite standard errors instead of an error.
        ``loglik`` (``params -> (value, gradient, Hessian)`` on the reported
        scale) makes profile-likelihood intervals available; only for
        ``cov="nonrobust"``: a profile interval rests on the model's own
        likelihood, which a robust-covariance user has chosen not to trust.
        """
        if separated:
            extra["notes"] = (
                *extra.get("notes", ()),
                "Separation detected: some estimates are infinite; the finite numbers shown "
                "are where the optimiser stopped.",
            )
        if cov == "nonrobust":
            matrix = covariance.model_based(outcome.hessian, separated)
        else:
            if scores is None:
                raise ModelSpecError(f"cov={cov!r} needs per-row scores")
            matrix = covariance.robust(
                outcome.hessian, scores, weights, cov, clusters, cluster_type, separated
            )
        names = list(self.param_names)
        if loglik is not None and cov == "nonrobust" and "profile_interval" not in extra:
            profile = LikelihoodProfile(
                loglik, outcome.x.copy(), float(outcome.value), outcome.hessian, tuple(names)
            )
            extra["profile_interval"] = functools.partial(profile_intervals, profile)
        return MLEResult(
            model=self,
            params=pd.Series(outcome.x, index=names, name="estimate"),
            cov=pd.DataFrame(matrix, index=names, columns=names),
            loglik=float(outcome.value),
            nobs=float(self.design.weights.sum()),
            converged=outcome.converged,
            iterations=outcome.iterations,
            gradient_norm=outcome.gradient_norm,
            cov_type=cov,
            **extra,
        )

    # ------------------------------------------------------------- Bayesian fit
    def sample(
        self,
        draws: int = 1000,
        chains: int = 4,
        seed: Any = None,
        priors: Any = None,
        **kwargs: Any,
    ) -> Any:
        """Bayesian fit of the same model with PyMC; returns a ``PosteriorResult``.

        Parameters
        ----------
        draws, chains
            Posterior draws per chain and number of chains.
        seed
            Seed or ``numpy.random.Generator`` (required for reproducible draws).
        priors
            Prior specification (see ``careerrep.models.bayes``).
        """
        from careerrep.models.bayes import sample_model  # lazy: pymc is slow to import

        return sample_model(self, draws=draws, chains=chains, seed=seed, priors=priors, **kwargs)

    def prior_predictive(self, draws: int = 500, seed: Any = None, priors: Any = None) -> Any:
        """What the priors of :meth:`sample` imply before seeing the outcomes.

        Returns a DataFrame of prior draws of the parameters and the implied
        outcome probabilities (``P(label)``); see
        ``careerrep.models.bayes.prior_predictive``.
        """
        from careerrep.models.bayes import prior_predictive  # lazy: pymc is slow to import

        return prior_predictive(self, draws=draws, seed=seed, priors=priors)


def check_cov(cov: str) -> None:
    """Raise ``ModelSpecError`` unless ``cov`` is a supported covariance kind."""
    if cov not in covariance.COV_TYPES:
        raise ModelSpecError(f"cov must be one of {covariance.COV_TYPES}, got {cov!r}")
