"""The ``Family`` protocol: what a model family owns, and the parameter layout.

A *family* is everything that differs between, say, a cumulative link model
and a baseline-category logit: which outcomes it accepts, which parameters it
has and what each one means, how parameters and predictors become outcome
probabilities, the log-likelihood and its derivatives, start values, a
separation screen, and the PyMC likelihood term. Everything else (formula ->
design, the fit template, covariance, profile intervals, sampling, effects,
reports, plots, simulation, the CLI) is written once against this protocol
and the :class:`ParameterLayout`, and never compares family names.

Adding a family
---------------
Subclass :class:`Family` as a frozen dataclass in its own module under
``careerrep/models/families/`` and fill in the abstract methods. A family
instance is *bound*: it is built after the design, from the outcome labels and
the design column names, so ``family.layout`` and ``family.n_params`` are
known without data. It must be plain picklable data (no closures, no lambdas):
results keep it.

1. Outcome rules (class attributes): ``ordered`` (does the outcome order
   matter), ``keeps_intercept`` (does the design keep an ``Intercept`` column;
   cumulative link models absorb it into their thresholds),
   ``min_categories``/``max_categories``.
2. The layout (:meth:`Family.layout`): one :class:`Parameter` per entry of
   ``params``, in order, each with a :class:`Role`, the design column it
   multiplies (if any) and the block it belongs to (a contrast level, a
   threshold, a group term); :meth:`Family.effect_outcome` says which
   outcome each slope speaks about. Consumers ask the layout, e.g.
   ``layout.positions(Role.THRESHOLD)``, ``layout.slopes_of("x")``.
3. The probability core, batched over ``S`` parameter vectors
   (posterior draws, or ``S = 1`` for an estimate, or a finite-difference
   stencil): :meth:`Family.predictor` gives the ``(S, n, W)`` linear
   predictors that depend on ``X`` (``W = family.n_predictors``; group
   effects and latent-covariate corrections are *added* to it as an
   ``offset``), :meth:`Family.log_probabilities_from_predictor` turns them
   into ``(S, n, K)`` log-probabilities (stable in both tails), and
   :meth:`Family.probability_slopes` gives ``d P / d t`` for a shift of the
   predictor along ``d eta``. The base class derives ``probabilities``,
   ``log_probabilities`` and ``slopes`` from these.
4. The likelihood (:meth:`Family.problem`): a :class:`FitProblem` holding the
   rows in whatever private layout is fastest (the ordinal family sorts rows
   by outcome once; see ``ordinal_likelihood.py``). It answers
   ``loglik(params) -> (value, gradient, Hessian)`` on the reported scale,
   ``scores(params)`` (per-row, unweighted, original row order),
   ``start()``, ``maximize(max_iter)`` (default: Newton from ``start()``;
   families that optimise on an internal scale override it),
   ``observed_probabilities(params)`` and ``separation()``.
5. The Bayesian term (:meth:`Family.pymc_likelihood`): given the centred
   linear predictor tensor (``(u, W)`` over collapsed rows) and the collapsed
   data, declare the family's own free variables (thresholds, intercepts, ...)
   as PyMC variables and return the summed log-likelihood tensor;
   :meth:`Family.posterior_params` reads the reported parameters back from a
   posterior, ``(S, m)`` in layout order.
6. Capabilities (:class:`Supports`): weights, ML with groups, robust
   covariance, the fitting methods (``"mle"``, ``"firth"``).
7. Register the family in ``tests/conformance/families.py``: one line, and
   the conformance suite checks it (probabilities in [0, 1] summing to 1,
   analytic derivatives against finite differences, pickling, row-order
   invariance, MLE and posterior names, effects/tables/plots, unseen levels).

Links (:mod:`careerrep.models.links`) are objects with their numpy and
PyTensor forms side by side; a family takes a :class:`~careerrep.models.links.Link`.
"""

from __future__ import annotations

import abc
import enum
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Protocol

import numpy as np

from careerrep.errors import ModelSpecError
from careerrep.models.links import LOGIT, Link
from careerrep.models.newton import NewtonOutcome, maximize
from careerrep.models.separation import SeparationCheck


class Role(enum.Enum):
    """What a parameter is, for consumers that must treat kinds differently.

    Attributes
    ----------
    COEFFICIENT
        Slope of design column ``column``, shared by every outcome split
        (cumulative link ``beta``, logit slopes).
    INTERCEPT
        The intercept of a binary model, or of one contrast block
        (``block`` = the contrast level).
    THRESHOLD
        A cut point between two adjacent ordered categories; ``block`` is
        its name ``"lower|upper"``.
    CONTRAST
        Coefficient of ``column`` inside the contrast block ``block``
        (multinomial ``"b:x"``: level ``b`` against the reference).
    CATEGORY_SPECIFIC
        A nominal (non-proportional) coefficient of ``column`` at one
        threshold or sequential step ``block`` (clm's ``nominal=``,
        VGAM's ``parallel = FALSE``; cratio/sratio/acat steps).
    SCALE
        Coefficient of ``column`` in the log standard deviation of the latent
        variable (clm's ``scale=``): ``sd_i = exp(z_i' zeta)``.
    VARIANCE
        Standard deviation of a random effect; ``block`` is the group term
        ``"(1|country)"`` (for multinomial models, ``column`` holds the
        contrast level it belongs to).
    CORRELATION
        Correlation of two random effects of one group term (``(1 + x|g)``:
        ``"cor(Intercept,x|g)"``); ``column`` holds the pair ``"Intercept,x"``.
    """

    COEFFICIENT = "coefficient"
    INTERCEPT = "intercept"
    THRESHOLD = "threshold"
    CONTRAST = "contrast"
    CATEGORY_SPECIFIC = "category_specific"
    SCALE = "scale"
    VARIANCE = "variance"
    CORRELATION = "correlation"


#: Roles of the random-effect covariance (group SDs and correlations): never
#: exponentiated, never a slope, reported in their own table section.
VARIANCE_ROLES = frozenset({Role.VARIANCE, Role.CORRELATION})


#: Roles whose parameter multiplies a design column in the location part of
#: the linear predictor: the ones effects, odds ratios and forest plots show.
SLOPE_ROLES = frozenset({Role.COEFFICIENT, Role.CONTRAST, Role.CATEGORY_SPECIFIC})


@dataclass(frozen=True)
class Parameter:
    """One entry of ``params``: its reported name and what it is.

    Attributes
    ----------
    name
        The reported name (``"tenure_years"``, ``"fired|resigned"``, ``"b:x"``,
        ``"sd(1|country)"``); names follow R where a peer exists.
    role
        See :class:`Role`.
    column
        The design column this parameter multiplies (``"Intercept"`` for an
        intercept), or None (thresholds, variance components).
    block
        The contrast level, threshold / step name or group term the parameter
        belongs to, or None for a shared coefficient.
    """

    name: str
    role: Role
    column: str | None = None
    block: str | None = None


def variance_name(term: str, block: str | None = None) -> str:
    """Reported name of a random-effect standard deviation: ``"sd(1|country)"``.

    ``term`` is the group term as the design names it, ``"(1|country)"``;
    ``block`` prefixes a per-contrast sd (multinomial): ``"b:sd(1|country)"``.
    """
    name = f"sd{term}" if term.startswith("(") else f"sd({term})"
    return f"{block}:{name}" if block is not None else name


@dataclass(frozen=True)
class ParameterLayout:
    """The ordered parameters of a model, with their roles.

    A layout is plain data; every question a consumer has about the
    parameters (which are thresholds, which slope belongs to which column,
    which block a contrast is in) is answered here, never by parsing names.
    """

    parameters: tuple[Parameter, ...]

    def __post_init__(self) -> None:
        names = [p.name for p in self.parameters]
        duplicated = sorted({n for n in names if names.count(n) > 1})
        if duplicated:
            raise ModelSpecError(f"parameter names {duplicated} occur more than once in the layout")

    def __len__(self) -> int:
        return len(self.parameters)

    def __iter__(self) -> Any:
        return iter(self.parameters)

    @property
    def names(self) -> tuple[str, ...]:
        """Reported names in ``params`` order."""
        return tuple(p.name for p in self.parameters)

    def position(self, name: str) -> int:
        """Index of parameter ``name`` in ``params`` (``ModelSpecError`` if absent)."""
        for i, p in enumerate(self.parameters):
            if p.name == name:
                return i
        raise ModelSpecError(f"no parameter named {name!r}; parameters: {list(self.names)}")

    def positions(self, *roles: Role) -> np.ndarray:
        """Indices (int array) of the parameters with any of ``roles``."""
        wanted = set(roles)
        return np.array([i for i, p in enumerate(self.parameters) if p.role in wanted], dtype=np.int64)

    def of_role(self, *roles: Role) -> tuple[Parameter, ...]:
        """The parameters with any of ``roles``, in order."""
        wanted = set(roles)
        return tuple(p for p in self.parameters if p.role in wanted)

    def slopes_of(self, column: str) -> tuple[Parameter, ...]:
        """Every location slope that multiplies design column ``column`` (see ``SLOPE_ROLES``)."""
        return tuple(p for p in self.parameters if p.role in SLOPE_ROLES and p.column == column)

    def blocks(self, *roles: Role) -> tuple[str, ...]:
        """Distinct non-None blocks of the parameters with ``roles`` (all roles if none), in order."""
        chosen = self.of_role(*roles) if roles else self.parameters
        seen: dict[str, None] = {}
        for p in chosen:
            if p.block is not None:
                seen.setdefault(p.block, None)
        return tuple(seen)

    def without(self, *roles: Role) -> ParameterLayout:
        """The layout with the parameters of ``roles`` removed (e.g. variance components)."""
        unwanted = set(roles)
        return ParameterLayout(tuple(p for p in self.parameters if p.role not in unwanted))

    def extended(self, extra: Iterable[Parameter]) -> ParameterLayout:
        """The layout with ``extra`` parameters appended (e.g. variance components)."""
        return ParameterLayout((*self.parameters, *extra))


@dataclass(frozen=True)
class Supports:
    """What a family can do, so the fit template refuses the rest by name.

    Attributes
    ----------
    weights
        Frequency weights.
    groups_mle
        Random terms (``(1|group)``, ``(1 + x|group)``) fitted by maximum
        likelihood; ``fit()`` hands them to :func:`careerrep.models.mixed.fit_mixed`
        (else ``.sample()`` only, random intercepts).
    robust
        ``cov="HC0"|"HC1"|"cluster"`` (needs per-row scores).
    methods
        Values of ``fit(method=...)``; the first is the default.
    profile
        Profile-likelihood intervals for ``cov="nonrobust"`` fits.
    """

    weights: bool = True
    groups_mle: bool = False
    robust: bool = True
    methods: tuple[str, ...] = ("mle",)
    profile: bool = True


class FitProblem(Protocol):
    """One family's maximum-likelihood problem on one design (private data layout).

    Implementations are plain picklable objects (a fitted result keeps one for
    profile-likelihood intervals, through the bound method ``loglik``).
    :class:`NewtonProblem` supplies the defaults of everything but the
    likelihood itself.

    Attributes
    ----------
    method
        ``"mle"`` or the name of a penalised method (``"firth"``).
    default_ci
        The result's default interval kind: ``"Wald"`` or ``"profile"``.
    allows_robust
        Whether ``cov="HC0"|"HC1"|"cluster"`` is meaningful for this method.
    newton_options
        ``xtol``/``ftol`` for Newton refits (profile likelihood).
    exact_curvature
        Whether ``loglik``'s Hessian is exact (else profile refits are
        quasi-Newton and their stopping short is not worth a warning).
    """

    @property
    def method(self) -> str:
        """See the class docstring."""
        ...

    @property
    def default_ci(self) -> str:
        """See the class docstring."""
        ...

    @property
    def allows_robust(self) -> bool:
        """See the class docstring."""
        ...

    @property
    def newton_options(self) -> dict[str, float]:
        """See the class docstring."""
        ...

    @property
    def exact_curvature(self) -> bool:
        """See the class docstring."""
        ...

    @property
    def n_params(self) -> int:
        """Number of parameters ``m``."""
        ...

    def loglik(self, params: np.ndarray) -> tuple[float, np.ndarray, np.ndarray]:
        """``(value, gradient, Hessian)`` of the objective at ``params`` (reported scale).

        ``-inf`` outside the model. For a penalised method this is the
        penalised objective (its maximum is the estimate).
        """
        ...

    def start(self) -> np.ndarray:
        """Starting values (reported scale)."""
        ...

    def maximize(self, max_iter: int) -> NewtonOutcome:
        """The estimate, as a ``NewtonOutcome`` on the reported scale."""
        ...

    def scores(self, params: np.ndarray) -> np.ndarray:
        """``(n, m)`` unweighted per-row score vectors, original row order."""
        ...

    def observed_probabilities(self, params: np.ndarray) -> np.ndarray:
        """Probability of each row's observed outcome (any row order)."""
        ...

    def separation(self) -> SeparationCheck | None:
        """A linear-programming separation screen, or None when the data are not separated."""
        ...

    def reported_loglik(self, outcome: NewtonOutcome) -> float:
        """The log-likelihood to report at the estimate (unpenalised)."""
        ...

    def notes(self, outcome: NewtonOutcome) -> tuple[str, ...]:
        """Extra summary lines about the fit."""
        ...


class NewtonProblem(abc.ABC):
    """Base for a :class:`FitProblem`: Newton on ``loglik`` from ``start``, ordinary ML defaults."""

    method: ClassVar[str] = "mle"
    default_ci: ClassVar[str] = "Wald"
    allows_robust: ClassVar[bool] = True
    newton_options: ClassVar[dict[str, float]] = {}
    #: Whether profile refits that stop short of Newton's criteria deserve a warning
    #: (False where the curvature is an approximation, e.g. Firth's ``-I``).
    exact_curvature: ClassVar[bool] = True

    @property
    @abc.abstractmethod
    def n_params(self) -> int:
        """See :class:`FitProblem`."""

    @abc.abstractmethod
    def loglik(self, params: np.ndarray) -> tuple[float, np.ndarray, np.ndarray]:
        """See :class:`FitProblem`."""

    @abc.abstractmethod
    def start(self) -> np.ndarray:
        """See :class:`FitProblem`."""

    @abc.abstractmethod
    def scores(self, params: np.ndarray) -> np.ndarray:
        """See :class:`FitProblem`."""

    @abc.abstractmethod
    def observed_probabilities(self, params: np.ndarray) -> np.ndarray:
        """See :class:`FitProblem`."""

    def separation(self) -> SeparationCheck | None:
        """No screen by default."""
        return None

    def maximize(self, max_iter: int) -> NewtonOutcome:
        """Newton with step halving from :meth:`start`."""
        return maximize(self.loglik, self.start(), max_iter=max_iter, **self.newton_options)

    def reported_loglik(self, outcome: NewtonOutcome) -> float:
        """The objective's value (ordinary ML)."""
        return float(outcome.value)

    def notes(self, outcome: NewtonOutcome) -> tuple[str, ...]:
        """None."""
        return ()


@dataclass(frozen=True)
class Family(abc.ABC):
    """A model family bound to its outcome labels and design columns.

    Attributes
    ----------
    labels
        Outcome labels in model order (low to high when ``ordered``).
    columns
        Design column names (formulaic names; ``"Intercept"`` when kept).
    link
        The :class:`~careerrep.models.links.Link` (logit by default; a family
        without a link choice keeps the default).
    """

    #: Short name for headers and tables only ("ordinal", "logit", ...); never compare it.
    name: ClassVar[str] = ""
    #: Human title for summaries and warnings ("Ordinal regression (cumulative link)").
    title: ClassVar[str] = ""
    ordered: ClassVar[bool] = False
    keeps_intercept: ClassVar[bool] = True
    min_categories: ClassVar[int] = 2
    max_categories: ClassVar[int | None] = None
    supports: ClassVar[Supports] = Supports()
    #: Advice appended to a separation warning (e.g. "use method='firth'").
    separation_advice: ClassVar[str] = ""

    labels: tuple[str, ...]
    columns: tuple[str, ...]
    link: Link = LOGIT

    # ------------------------------------------------------------ outcome rules
    @classmethod
    def check_labels(cls, labels: Sequence[str]) -> None:
        """Raise ``ModelSpecError`` unless this family accepts ``labels`` as its outcome levels."""
        k = len(labels)
        if (cls.max_categories is not None and k > cls.max_categories) or k < cls.min_categories:
            if cls.max_categories == cls.min_categories == 2:
                need = "a two-level outcome: exactly 2"
            elif cls.max_categories == cls.min_categories:
                need = f"exactly {cls.min_categories}"
            elif cls.max_categories is None:
                need = f"at least {cls.min_categories}"
            else:
                need = f"{cls.min_categories} to {cls.max_categories}"
            raise ModelSpecError(
                f"a {cls.name or cls.__name__} model needs {need} outcome levels, got {k} {list(labels)}"
            )

    @property
    def label(self) -> str:
        """Short display label for headers and tables (``"ordinal (probit)"``, ``"logit"``)."""
        return self.name

    @property
    def n_categories(self) -> int:
        """Number of outcome categories ``K``."""
        return len(self.labels)

    # ------------------------------------------------------------------ layout
    @property
    @abc.abstractmethod
    def layout(self) -> ParameterLayout:
        """The parameters of ``params``, in order, with their roles."""

    @property
    def n_params(self) -> int:
        """Number of parameters ``m``."""
        return len(self.layout)

    @property
    def n_predictors(self) -> int:
        """``W``, the number of linear predictors per row (1; ``K - 1`` for multinomial)."""
        return 1

    @abc.abstractmethod
    def describe(self, formula: str) -> list[str]:
        """Header lines for summaries: the family, the formula, the outcome order."""

    def effect_outcome(self, parameter: Parameter) -> str | None:
        """Which outcome a slope or intercept speaks about (for effect tables), or None.

        E.g. ``"promoted"`` (logit event), ``"b vs a"`` (multinomial contrast),
        ``"higher outcome (P(Y > k), all k)"`` (cumulative link); None for a
        threshold or a variance component.
        """
        return None

    #: What ``exp(slope)`` is called in tables and figures ("relative-risk ratio" for a
    #: baseline-category logit, whose exp(slope) is P(Y = k) / P(Y = ref) per unit).
    ratio_name: ClassVar[str] = "odds ratio"

    @property
    def log_odds(self) -> bool:
        """Whether slopes are log odds ratios (so ``exp(slope)`` is an odds ratio): logit links."""
        return self.link.name == "logit"

    def shift_absorbers(self, slope: Parameter) -> tuple[tuple[int, float], ...] | None:
        """Which parameters absorb a shift of ``slope``'s column, and with which sign.

        Moving design column ``x`` to ``x + c`` leaves the model unchanged if
        every parameter ``a`` returned here moves by ``sign * c * slope`` (the
        binary logit's intercept: ``alpha + beta x = (alpha - c beta) + beta (x + c)``,
        sign -1; each cumulative threshold under ``F(theta_k - x'beta)``: +1).
        The fit uses this to centre a column whose mean dwarfs its spread
        (:mod:`careerrep.models.standardise`). Returns ``(position, sign)``
        pairs, or None when nothing absorbs the shift (no intercept, scale or
        category-specific terms): then the column is fitted as it is.
        """
        return None

    # --------------------------------------------------------- probability core
    @abc.abstractmethod
    def predictor(self, params: np.ndarray, X: np.ndarray) -> np.ndarray:
        """``(S, n, W)`` parts of the linear predictors that depend on ``X``.

        Linear in ``X`` (so ``predictor(params, dX)`` is the predictor's change
        along ``dX``). ``params`` is ``(S, m)``; ``X`` is ``(n, p)`` with
        ``columns``.
        """

    @abc.abstractmethod
    def log_probabilities_from_predictor(self, params: np.ndarray, eta: np.ndarray) -> np.ndarray:
        """``(S, n, K)`` log outcome probabilities at linear predictors ``eta`` (``(S, n, W)``)."""

    @abc.abstractmethod
    def probability_slopes(self, params: np.ndarray, eta: np.ndarray, d_eta: np.ndarray) -> np.ndarray:
        """``(S, n, K)`` derivative of the outcome probabilities as ``eta`` moves along ``d_eta``."""

    def observed_logp_and_replicates(
        self, params: np.ndarray, eta: np.ndarray, y: np.ndarray, rng: np.random.Generator
    ) -> tuple[np.ndarray, np.ndarray]:
        """Per draw and row: ``log P(Y = y_i)`` and one outcome code drawn from the model.

        ``params`` is ``(S, m)``, ``eta`` ``(S, n, W)`` and ``y`` ``(n,)`` outcome codes;
        both results are ``(S, n)`` (what PSIS-LOO and posterior-predictive checks
        need). The default takes both from the ``(S, n, K)`` log probabilities,
        drawing each code by one uniform against the cumulative probabilities; a
        family may compute them more cheaply, with the same uniforms giving the
        same codes.
        """
        logp = self.log_probabilities_from_predictor(params, eta)
        observed = np.take_along_axis(logp, y[None, :, None], axis=-1)[..., 0]
        cumulative = np.cumsum(np.exp(logp), axis=-1)
        u = rng.random(cumulative.shape[:2]) * cumulative[..., -1]
        return observed, (u[..., None] > cumulative[..., :-1]).sum(axis=-1)

    def log_probabilities(
        self, params: np.ndarray, X: np.ndarray, offset: np.ndarray | None = None
    ) -> np.ndarray:
        """``(S, n, K)`` log outcome probabilities; ``offset`` (``(S, n, W)``) is added to the predictor."""
        params = np.atleast_2d(np.asarray(params, dtype=np.float64))
        eta = self.predictor(params, np.asarray(X, dtype=np.float64))
        if offset is not None:
            eta = eta + offset
        return self.log_probabilities_from_predictor(params, eta)

    def probabilities(
        self, params: np.ndarray, X: np.ndarray, offset: np.ndarray | None = None
    ) -> np.ndarray:
        """``(S, n, K)`` outcome probabilities in [0, 1], rows summing to one."""
        return np.exp(self.log_probabilities(params, X, offset))

    def slopes(self, params: np.ndarray, X: np.ndarray, dX: np.ndarray) -> np.ndarray:
        """``(S, n, K)`` derivatives ``d P(Y = k | X + t dX) / dt`` at ``t = 0``."""
        params = np.atleast_2d(np.asarray(params, dtype=np.float64))
        eta = self.predictor(params, np.asarray(X, dtype=np.float64))
        d_eta = self.predictor(params, np.asarray(dX, dtype=np.float64))
        return self.probability_slopes(params, eta, d_eta)

    # -------------------------------------------------------------- likelihood
    @abc.abstractmethod
    def problem(
        self,
        X: np.ndarray,
        y: np.ndarray,
        weights: np.ndarray,
        method: str = "mle",
        groups: Mapping[str, tuple[np.ndarray, tuple[str, ...]]] | None = None,
    ) -> FitProblem:
        """The fitting problem for these rows (see :class:`FitProblem`).

        ``method`` is one of ``supports.methods`` (the fit template checks it).
        ``groups`` is the design's ``{"(1|g)": (codes, levels)}``; the fit
        template passes it only to families with ``supports.groups_mle``
        (random effects by maximum likelihood), and families without that
        support may ignore the argument.
        """

    def fit_label(self, method: str) -> str:
        """How warnings name a fit of this family (``"ordinal (probit) fit"``)."""
        return f"{self.name} fit" if method == "mle" else f"{method} {self.name} fit"

    # ---------------------------------------------------------------- Bayesian
    def pymc_coords(self) -> dict[str, list[str]]:
        """Extra PyMC coordinates (e.g. ``{"threshold": [...]}``, ``{"contrast": [...]}``)."""
        return {}

    def pymc_predictor_dims(self) -> tuple[str, ...]:
        """Dims of ``beta`` beyond ``"coef"`` (``("contrast",)`` when ``W > 1``)."""
        return ()

    def pymc_coefficients(self, mean: np.ndarray, sd: np.ndarray, dims: tuple[str, ...]) -> Any:
        """Declare the slope variables; return the ``(p,)`` or ``(p, W)`` matrix the predictors multiply.

        ``mean``/``sd`` are the coefficient prior per design column (shaped as
        ``dims``). The default is one free ``beta`` with ``dims``; a family
        whose ``W`` predictors share some slopes (the split families: one
        location slope for every split) declares its own variables and
        returns the matrix they make.
        """
        import pymc as pm

        return pm.Normal("beta", mu=mean, sigma=sd, dims=dims)

    @abc.abstractmethod
    def pymc_likelihood(self, eta: Any, shift: Any, collapsed: Any, priors: Any, has_intercept: bool) -> Any:
        """Declare the family's own PyMC variables and return the summed log-likelihood.

        Parameters
        ----------
        eta
            ``(u,)`` (``W = 1``) or ``(u, W)`` centred linear predictor over the
            collapsed rows (sorted by outcome; ``collapsed.counts`` weights).
        shift
            ``mean(x)' beta`` (shape ``()`` or ``(W,)``): adding it back to a
            centred intercept or threshold gives the raw-scale parameter,
            which the family stores as a deterministic under its reported name.
        collapsed
            :class:`~careerrep.models.bayes.arrays.Collapsed` rows.
        priors
            Resolved :class:`~careerrep.models.bayes.priors.Priors`.
        has_intercept
            Whether the design had an intercept column (removed for sampling).
        """

    @abc.abstractmethod
    def posterior_params(self, posterior: Any, has_intercept: bool) -> np.ndarray:
        """``(S, m)`` draws of the fixed-effect parameters in layout order (chains stacked).

        ``posterior`` maps variable names to arrays shaped ``(chain, draw, ...)``
        (an ArviZ posterior group, or a prior group).
        """
