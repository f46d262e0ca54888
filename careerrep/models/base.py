"""What every model shares: construction from a formula, new-data
predictors, labelled predictions, the one maximum-likelihood fit template
(group-term refusal -> argument checks -> the family's problem -> Newton ->
separation screen -> convergence warning -> scores -> covariance -> result)
and the delegation to the Bayesian sampler.

A model is a frozen specification (formula + data + options). Constructing it
builds the :class:`~careerrep.models.design.Design`; ``fit()`` and ``sample()``
return new result objects and never change the model.
"""

from __future__ import annotations

import abc
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

import numpy as np
import pandas as pd

from careerrep.errors import ModelSpecError
from careerrep.models import covariance
from careerrep.models.design import Design, PredictorSpec, as_frame, build_design, read_only_copy
from careerrep.models.family import SLOPE_ROLES, Family, ParameterLayout
from careerrep.models.newton import warn_if_not_converged
from careerrep.models.profile import LikelihoodProfile, ProfileIntervals
from careerrep.models.result import MLEResult
from careerrep.models.separation import fit_looks_separated, warn_if_separated
from careerrep.models.split_fit import not_held
from careerrep.models.standardise import CentredProfileIntervals, plan_standardisation


@dataclass(frozen=True, eq=False, init=False)
class BaseModel(abc.ABC):
    """A model: formula, a read-only copy of the data, the design and its :class:`Family`.

    ``fit()`` and ``sample()`` are written once here against ``family``; a
    subclass only builds its family from its options in ``_family``.
    """

    #: The family class (outcome rules are read before the design exists).
    family_class: ClassVar[type[Family]]
    formula: str
    family: Family = field(repr=False)
    design: Design = field(repr=False)
    predictors: PredictorSpec = field(repr=False)
    data: pd.DataFrame = field(repr=False)

    def _build(
        self, formula: str, data: Any, weights: Any, levels: Sequence[Any] | None, **options: Any
    ) -> None:
        frame = as_frame(data)
        design, predictors = build_design(
            formula, frame, family=self.family_class, weights=weights, levels=levels
        )
        object.__setattr__(self, "formula", formula)
        object.__setattr__(self, "design", design)
        object.__setattr__(self, "predictors", predictors)
        # A private copy of the columns it uses: changing the caller's frame later
        # must not change what this model (and every result fitted from it) says.
        object.__setattr__(self, "data", read_only_copy(frame, design.columns))
        object.__setattr__(self, "family", self._family(design, **options))

    @abc.abstractmethod
    def _family(self, design: Design, **options: Any) -> Family:
        """The bound family for ``design`` and the subclass's options."""

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
    def layout(self) -> ParameterLayout:
        """The parameters with their roles (see :class:`~careerrep.models.family.ParameterLayout`)."""
        return self.family.layout

    @property
    def param_names(self) -> tuple[str, ...]:
        """Names of all estimated parameters, in ``params`` order."""
        return self.family.layout.names

    def describe(self) -> list[str]:
        """Header lines for summaries: family, formula, outcome order."""
        return self.family.describe(self.formula)

    # ------------------------------------------------------------ predictions
    def design_matrix(self, newdata: Any) -> np.ndarray:
        """Predictor matrix for ``newdata`` with this model's columns (see ``Design.X``)."""
        return self.predictors.design_matrix(newdata)

    @property
    def family_matrix(self) -> np.ndarray:
        """The family's columns for the fitted rows (what ``family.problem``/``probabilities`` take).

        For these families that is ``Design.X``; models with columns beyond the
        location ones (nominal and scale terms) add theirs.
        """
        return self.design.X

    def probabilities(self, params: np.ndarray, X: np.ndarray) -> np.ndarray:
        """``(n, K)`` outcome probabilities at ``params`` for predictors ``X``."""
        return self.family.probabilities(np.asarray(params, dtype=np.float64)[None, :], X)[0]

    def predict_probabilities(self, params: np.ndarray, newdata: Any = None) -> pd.DataFrame:
        """Labelled outcome probabilities for ``newdata`` (default: the fitted rows)."""
        if newdata is None:
            X, index = self.design.X, self.design.row_index
        else:
            X, index = self.design_matrix(newdata), as_frame(newdata).index
        probs = self.probabilities(np.asarray(params, dtype=np.float64), X)
        return pd.DataFrame(probs, index=index, columns=list(self.labels))

    # ----------------------------------------------------------------- fitting
    def fit(
        self,
        cov: str = "nonrobust",
        groups: Any = None,
        method: str | None = None,
        ci: str | None = None,
        cluster_type: str = "HC1",
        max_iter: int = 100,
        n_agq: int = 1,
    ) -> Any:
        """Fit by maximum likelihood (or a penalised variant the family offers).

        A formula with random terms (``(1|g)``, ``(1|a/b)``, ``(1 + x|g)``) is
        fitted as a mixed model by maximum likelihood when the family offers
        it (``family.supports.groups_mle``: the cumulative link and binary logit
        families, as R's ``ordinal::clmm`` and ``lme4::glmer``); the result is a
        :class:`~careerrep.models.mixed.MixedResult`.

        Parameters
        ----------
        cov
            ``"nonrobust"``, ``"HC0"``, ``"HC1"`` or ``"cluster"`` (see
            :mod:`careerrep.models.covariance` for the exact conventions).
        groups
            Cluster column name or array (``cov="cluster"``).
        method
            ``"mle"`` (default) or another of ``family.supports.methods``
            (``LogitModel``: ``"firth"``, penalised likelihood, finite under separation).
        ci
            Default interval kind of the result (``ci_kind``): ``"wald"`` or
            ``"profile"``; by default Wald for ML and profile for Firth. Either
            kind stays available through ``result.conf_int(method=...)``
            (profile only with ``cov="nonrobust"``).
        cluster_type
            ``"HC1"`` or ``"HC0"`` small-sample factor for ``cov="cluster"``.
        max_iter
            Newton iteration limit (a positive integer).
        n_agq
            Mixed models only: quadrature nodes per group, 1 (default) for the
            Laplace approximation, more (e.g. 10, R's ``nAGQ``) for adaptive
            Gauss-Hermite quadrature of a single random intercept.

        Returns
        -------
        MLEResult or MixedResult
            Estimates in ``param_names`` order (``layout`` gives their roles);
            a ``MixedResult`` (fixed effects, thresholds, then ``"sd(1|g)"``
            and ``"cor(...|g)"`` components) for a formula with random terms.
        """
        family = self.family
        method = family.supports.methods[0] if method is None else method
        self._check_fit_arguments(cov, method, ci, cluster_type, max_iter)
        design = self.design
        if design.groups or design.random_slopes:
            return self._fit_mixed(cov, method, ci, n_agq, max_iter)
        if n_agq != 1:
            raise ModelSpecError(f"n_agq={n_agq!r} is for formulas with random terms such as (1|group)")
        # A column whose mean dwarfs its spread is fitted centred and scaled, and
        # the estimate and covariance mapped back (see careerrep.models.standardise).
        centring = plan_standardisation(family, design.X, design.weights)
        X = design.X if centring is None else centring.design(design.X)
        problem = family.problem(X, design.y, design.weights, method=method)
        if cov != "nonrobust" and not problem.allows_robust:
            raise ModelSpecError(f"method={method!r} supports cov='nonrobust' only, got cov={cov!r}")
        outcome = problem.maximize(max_iter)
        names = self.param_names
        check = (
            problem.separation()
            if fit_looks_separated(outcome.converged, problem.observed_probabilities(outcome.x))
            else None
        )
        separated = warn_if_separated(check, names, advice=family.separation_advice)
        if not separated:  # the separation warning already says why it cannot converge
            warn_if_not_converged(outcome, family.fit_label(method))
            slopes = family.layout.positions(*SLOPE_ROLES)
            covariance.warn_if_near_collinear(outcome.hessian, names, slopes.tolist())
        clusters = self._cluster_codes(groups) if cov == "cluster" else None
        if separated:
            notes: tuple[str, ...] = (
                "Separation detected: some estimates are infinite; the finite numbers shown "
                "are where the optimiser stopped.",
            )
        else:
            notes = ()
        if cov == "nonrobust":
            matrix = covariance.model_based(outcome.hessian, separated)
        else:
            matrix = covariance.robust(
                outcome.hessian,
                problem.scores(outcome.x),
                design.weights,
                cov,
                clusters,
                cluster_type,
                separated,
            )
        estimate = outcome.x
        directions = () if check is None else tuple(check.directions)
        if centring is not None:
            estimate, matrix = centring.params(estimate), centring.covariance(matrix)
            directions = centring.moved_with(directions)
        if separated and check is not None:
            matrix = _infinite_where_separated(matrix, directions)
        profile: ProfileIntervals | CentredProfileIntervals | None = None
        if cov == "nonrobust" and family.supports.profile and centring is not None:
            profile = CentredProfileIntervals(centring)
        elif cov == "nonrobust" and family.supports.profile:
            profile = ProfileIntervals(
                LikelihoodProfile(
                    problem.loglik,
                    outcome.x.copy(),
                    float(outcome.value),
                    outcome.hessian,
                    tuple(names),
                    newton_options=dict(problem.newton_options),
                    warn_unconverged_refits=problem.exact_curvature,
                    rising=check.rising if separated and check is not None else (),
                    fallback_start=problem.start,
                )
            )
        default_ci = problem.default_ci if ci is None else ("profile" if ci == "profile" else "Wald")
        if centring is not None and default_ci == "profile":
            if ci == "profile":
                CentredProfileIntervals(centring)(0.05)  # raises: says which parameters and why
            # Firth's default profile intervals are refused for the absorbers: say so, use Wald.
            default_ci = "Wald"
            notes = (*notes, centring.wald_note())
        index = list(names)
        return MLEResult(
            model=self,
            params=pd.Series(estimate, index=index, name="estimate"),
            cov=pd.DataFrame(matrix, index=index, columns=index),
            loglik=problem.reported_loglik(outcome),
            nobs=float(design.weights.sum()),
            converged=outcome.converged,
            iterations=outcome.iterations,
            gradient_norm=outcome.gradient_norm,
            cov_type=cov,
            method=method,
            ci_kind=default_ci,
            notes=(*notes, *problem.notes(outcome)),
            profile_interval=profile,
        )

    def _fit_mixed(self, cov: str, method: str, ci: str | None, n_agq: int, max_iter: int) -> Any:
        """The mixed-model fit of a formula with random terms (see :meth:`fit`)."""
        for name, value, default in (("cov", cov, "nonrobust"), ("method", method, "mle"), ("ci", ci, None)):
            if value != default:
                raise ModelSpecError(
                    f"a mixed model (random terms {self._random_terms()}) is fitted by ML with "
                    f"model-based covariance and Wald intervals; {name}={value!r} is not available "
                    f"(profile intervals: result.conf_int(method='profile'))"
                )
        from careerrep.models.mixed import fit_mixed  # the mixed machinery loads on first use

        return fit_mixed(self, n_agq=n_agq, max_iter=max_iter)

    def _random_terms(self) -> list[str]:
        return [*self.design.groups, *self.design.random_slopes]

    def _check_fit_arguments(
        self, cov: str, method: str, ci: str | None, cluster_type: str, max_iter: int
    ) -> None:
        family = self.family
        if (self.design.groups or self.design.random_slopes) and not family.supports.groups_mle:
            raise ModelSpecError(
                f"random terms {self._random_terms()} cannot be fitted by maximum "
                f"likelihood for a {family.name} model; use .sample() for the multilevel model "
                f"(random intercepts) or drop them"
            )
        check_cov(cov)
        if method not in family.supports.methods:
            allowed = " or ".join(repr(m) for m in family.supports.methods)
            raise ModelSpecError(f"{type(self).__name__}.fit: method must be {allowed}, got {method!r}")
        if ci not in (None, "wald", "profile"):
            raise ModelSpecError(f"ci must be 'wald' or 'profile', got {ci!r}")
        if ci == "profile" and cov != "nonrobust":
            raise ModelSpecError(f"profile-likelihood intervals need cov='nonrobust', got cov={cov!r}")
        if cluster_type not in ("HC0", "HC1"):
            raise ModelSpecError(f"cluster_type must be 'HC0' or 'HC1', got {cluster_type!r}")
        if isinstance(max_iter, bool) or not isinstance(max_iter, (int, np.integer)) or max_iter < 1:
            raise ModelSpecError(f"max_iter must be a positive integer, got {max_iter!r}")

    def _cluster_codes(self, groups: Any) -> np.ndarray:
        """Integer cluster code per used row, from a column name or an array."""
        if groups is None:
            raise ModelSpecError('cov="cluster" needs groups= (a column name or an array)')
        if isinstance(groups, str):
            if groups not in self.data.columns:
                raise not_held(groups, self.data.columns)
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
        if self.design.random_slopes:
            raise ModelSpecError(
                f"random slopes {list(self.design.random_slopes)} are fitted by maximum likelihood "
                f"only (.fit()); .sample() takes random intercepts (1|g)"
            )
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


def _infinite_where_separated(matrix: np.ndarray, directions: Sequence[int]) -> np.ndarray:
    """Variances of the parameters running off to infinity are infinite, their covariances NaN.

    The inverse of a nearly singular information matrix holds finite (even
    negative) numbers for them, which would read as standard errors.
    """
    out = np.array(matrix, dtype=np.float64)
    idx = np.asarray(list(directions), dtype=np.int64)
    out[idx, :] = np.nan
    out[:, idx] = np.nan
    out[idx, idx] = np.inf
    return out


def check_cov(cov: str) -> None:
    """Raise ``ModelSpecError`` unless ``cov`` is a supported covariance kind."""
    if cov not in covariance.COV_TYPES:
        raise ModelSpecError(f"cov must be one of {covariance.COV_TYPES}, got {cov!r}")
