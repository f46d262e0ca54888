"""Mixed (random-effects) ordinal and binary logit models fitted by maximum likelihood.

``MixedOrdinalModel("rating ~ temp + contact + (1|judge)", data).fit()`` is
R's ``ordinal::clmm``; ``MixedLogitModel("y ~ x + (1|id) + (1|item)", data)
.fit()`` is ``lme4::glmer(family = binomial)``. The fixed part follows the
rest of careerrep (formulaic names, thresholds ``"lo|hi"``, the
``theta_k - eta`` sign convention); the random part is one or more terms
``(1|g)``, ``(1|a/b)`` (nested) or ``(1 + x|g)`` (correlated intercept and
slope), see :mod:`careerrep.models.mixed.terms`.

:func:`fit_mixed` fits an existing ``OrdinalModel`` or ``LogitModel`` whose
formula has ``(1|g)`` terms (their ``.fit()`` refuses them).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from careerrep.errors import ModelSpecError
from careerrep.models.design import Design, PredictorSpec, as_frame, build_design, read_only_copy
from careerrep.models.families.logit import LogitFamily
from careerrep.models.families.ordinal import CumulativeFamily
from careerrep.models.family import Family, Parameter, ParameterLayout, Role
from careerrep.models.links import get_link
from careerrep.models.mixed.terms import RandomTerm, build_term, split_random_terms, term_columns


@dataclass(frozen=True)
class _Kind:
    """What a mixed-model ``kind`` builds: its family, the links it takes, its fixed-effects class."""

    fixed_effects_class: str
    links: tuple[str, ...] | None  # None: every link

    def family(self, design: Design, link: str) -> Family:
        if self.links is None:
            return CumulativeFamily(design.labels, design.coef_names, get_link(link))
        return LogitFamily(design.labels, design.coef_names)


# The one place a kind name is looked up; everything after construction asks the family.
_KINDS = {"ordinal": _Kind("OrdinalModel", None), "logit": _Kind("LogitModel", ("logit",))}


@dataclass(frozen=True, eq=False, init=False)
class MixedModel:
    """A mixed cumulative-link or binary logit model (a frozen specification).

    Use :class:`MixedOrdinalModel` or :class:`MixedLogitModel`; both build this.

    Attributes
    ----------
    formula
        The formula as given, random terms included.
    kind
        ``"ordinal"`` or ``"logit"``.
    family
        The fixed part's :class:`~careerrep.models.family.Family` (cumulative
        link or binary logit): effects, tables and plots read its probability
        core and layout, at group effects 0.
    link
        ``"logit"``, ``"probit"`` or ``"cloglog"`` (binary models: ``"logit"``).
    design
        Fixed-effects :class:`~careerrep.models.design.Design` of the used rows.
    predictors
        Rebuilds the fixed predictors for new data.
    terms
        The random terms evaluated on the used rows.
    data
        The input table.
    row_positions
        Positions (``iloc``) in ``data`` of the rows used.
    """

    formula: str
    kind: str
    family: Family = field(repr=False)
    link: str
    design: Design = field(repr=False)
    predictors: PredictorSpec = field(repr=False)
    terms: tuple[RandomTerm, ...] = field(repr=False)
    data: pd.DataFrame = field(repr=False)
    row_positions: np.ndarray = field(repr=False)

    def __init__(
        self,
        formula: str,
        data: Any,
        *,
        kind: str,
        link: str = "logit",
        weights: Any = None,
        levels: Sequence[Any] | None = None,
    ) -> None:
        spec = _KINDS.get(kind)
        if spec is None:
            raise ModelSpecError(f"kind must be one of {tuple(_KINDS)}, got {kind!r}")
        link_name = get_link(link).name
        if spec.links is not None and link_name not in spec.links:
            raise ModelSpecError(f"a mixed binary model supports link='logit' only, got {link!r}")
        frame = as_frame(data)
        if not isinstance(formula, str) or "~" not in formula:
            raise ModelSpecError(f"formula must look like 'outcome ~ predictors', got {formula!r}")
        fixed, specs = split_random_terms(formula)
        if not specs:
            raise ModelSpecError(
                f"formula {formula!r} has no random terms such as (1|group); use "
                f"{spec.fixed_effects_class} for a fixed-effects model"
            )
        needed = sorted({c for s in specs for c in term_columns(s, frame)})
        absent = [c for c in needed if c not in frame.columns]
        if absent:
            raise ModelSpecError(f"random-term columns {absent} are not in the data")
        # Rows missing a random-term column are dropped with the fixed ones: an
        # all-NaN weight makes build_design drop (and report) them in one place.
        weight_column = [weights] if isinstance(weights, str) else []
        random_missing = frame[needed].isna().any(axis=1).to_numpy()
        if random_missing.any():
            base = np.ones(len(frame)) if weights is None else _weights_array(weights, frame)
            weights = np.where(random_missing, np.nan, base)
        # Positions, not labels, tie the fixed design to the random terms: an index
        # with repeated labels (concatenated tables) must not multiply rows.
        positional = frame.reset_index(drop=True)
        design, predictors = build_design(fixed, positional, family=kind, weights=weights, levels=levels)
        positions = design.row_index.to_numpy()
        used = positional.iloc[positions]
        design = dataclasses.replace(design, row_index=frame.index[positions])
        terms = tuple(build_term(s, used) for s in specs)
        _check_terms(terms, design)
        object.__setattr__(self, "formula", formula)
        object.__setattr__(self, "kind", kind)
        object.__setattr__(self, "family", spec.family(design, link_name))
        object.__setattr__(self, "link", link_name)
        object.__setattr__(self, "design", design)
        object.__setattr__(self, "predictors", predictors)
        object.__setattr__(self, "terms", terms)
        # Its own copy of the columns it uses (the caller's later changes change nothing).
        object.__setattr__(self, "data", read_only_copy(frame, (*design.columns, *needed, *weight_column)))
        object.__setattr__(self, "row_positions", positions)

    # ----------------------------------------------------------- descriptions
    @property
    def labels(self) -> tuple[str, ...]:
        """Outcome labels in model order."""
        return self.design.labels

    @property
    def coef_names(self) -> tuple[str, ...]:
        """Fixed-effects coefficient names (formulaic)."""
        return self.design.coef_names

    @property
    def thresholds(self) -> tuple[str, ...]:
        """Threshold names ``"lower|upper"`` (empty for a binary model), from the family's layout."""
        return tuple(parameter.name for parameter in self.family.layout.of_role(Role.THRESHOLD))

    @property
    def variance_names(self) -> tuple[str, ...]:
        """Variance-component names.

        A random intercept ``(1|g)`` has ``"sd(1|g)"`` (the core's
        ``variance_name``); a term with a slope has ``"sd(<col>|g)"`` per
        column and ``"cor(<col1>,<col2>|g)"``.
        """
        return tuple(entry[0] for entry in self.variance_entries)

    @property
    def variance_entries(self) -> tuple[tuple[str, str, str | None, str], ...]:
        """``(name, role, column, term)`` per variance component; role ``"variance"`` or ``"correlation"``."""
        entries: list[tuple[str, str, str | None, str]] = []
        for term in self.terms:
            g, label = term.spec.group, term.spec.label
            if term.size == 1 and term.columns[0] == "Intercept":
                entries.append((f"sd{label}", "variance", "Intercept", label))
                continue
            entries.extend((f"sd({c}|{g})", "variance", c, label) for c in term.columns)
            if term.size == 2:
                pair = f"{term.columns[0]},{term.columns[1]}"
                entries.append((f"cor({pair}|{g})", "correlation", pair, label))
        return tuple(entries)

    @property
    def param_names(self) -> tuple[str, ...]:
        """All parameters: coefficients, thresholds, variance components."""
        return (*self.coef_names, *self.thresholds, *self.variance_names)

    @property
    def layout_entries(self) -> tuple[tuple[str, str, str | None, str | None], ...]:
        """``(name, role, column, block)`` per parameter, in ``params`` order.

        Roles are the values of the core's ``Role`` enum (``"coefficient"``,
        ``"intercept"``, ``"threshold"``, ``"variance"``), plus
        ``"correlation"`` for the correlation of a random intercept and slope;
        ``ParameterLayout(tuple(Parameter(n, Role(r), c, b) for n, r, c, b in
        model.layout_entries))`` builds the core layout.
        """
        fixed: list[tuple[str, str, str | None, str | None]] = []
        for name in self.coef_names:
            role = "intercept" if name == "Intercept" else "coefficient"
            fixed.append((name, role, name, None))
        fixed.extend((name, "threshold", None, name) for name in self.thresholds)
        return (*fixed, *self.variance_entries)

    @property
    def param_roles(self) -> tuple[str, ...]:
        """Role of each parameter (see :attr:`layout_entries`)."""
        return tuple(entry[1] for entry in self.layout_entries)

    @property
    def layout(self) -> ParameterLayout:
        """Every parameter with its core :class:`~careerrep.models.family.Role`.

        The fixed part is the family's layout; then ``Role.VARIANCE`` per SD
        (``block`` the term, ``"(1|g)"``) and ``Role.CORRELATION`` per correlation.
        """
        extra = (Parameter(n, Role(r), c, b) for n, r, c, b in self.variance_entries)
        return self.family.layout.extended(extra)

    def design_matrix(self, newdata: Any) -> np.ndarray:
        """Fixed-effects predictor matrix for ``newdata`` (this model's columns)."""
        return self.predictors.design_matrix(newdata)

    def describe(self) -> list[str]:
        """Header lines for summaries."""
        if self.thresholds:
            first = f"Mixed ordinal regression (cumulative link, {self.link}): {self.formula}"
            second = f"P(Y <= k | b) = F(theta_k - x'beta - z'b); outcome order: {' < '.join(self.labels)}"
        else:
            first = f"Mixed logistic regression: {self.formula}"
            second = f"logit P(Y = {self.labels[1]} | b) = x'beta + z'b"
        groups = ", ".join(f"{t.spec.label}: {t.n_groups} groups" for t in self.terms)
        return [first, second, f"Random terms: {groups}; b ~ N(0, Sigma) per term"]

    def fit(self, n_agq: int = 1, lr_tests: bool = True, max_iter: int = 1000) -> Any:
        """Maximum-likelihood fit (Laplace, or adaptive Gauss-Hermite with ``n_agq > 1``).

        Parameters
        ----------
        n_agq
            Quadrature nodes per group: 1 is the Laplace approximation (any
            terms); more (e.g. 10, as R's ``nAGQ``) needs a single random
            intercept term.
        lr_tests
            Also fit the model without each random term and report the
            likelihood-ratio test (boundary-corrected); one extra fit per term.
        max_iter
            Iteration limit of the outer optimiser.

        Returns
        -------
        MixedResult
            Estimates, covariance, variance components, group effects, ICC and tests.
        """
        from careerrep.models.mixed.fitting import fit_model  # the fitting machinery

        return fit_model(self, n_agq=n_agq, lr_tests=lr_tests, max_iter=max_iter)


def _weights_array(weights: Any, frame: pd.DataFrame) -> np.ndarray:
    if isinstance(weights, str):
        if weights not in frame.columns:
            raise ModelSpecError(f"weights column {weights!r} is not in the data")
        return frame[weights].to_numpy(dtype=np.float64, na_value=np.nan)
    w = np.asarray(weights, dtype=np.float64)
    if w.shape != (len(frame),):
        raise ModelSpecError(f"weights has shape {w.shape}; expected ({len(frame)},) (one per row)")
    return w


def _check_terms(terms: tuple[RandomTerm, ...], design: Design) -> None:
    """Refuse random terms whose variance the data cannot identify."""
    n_rows = len(design.y)
    for term in terms:
        label = term.spec.label
        if term.n_groups < 2:
            raise ModelSpecError(
                f"{label}: the grouping factor has {term.n_groups} level "
                f"({list(term.levels)}); a group SD needs at least two groups"
            )
        sizes = np.bincount(term.codes, minlength=term.n_groups)
        if sizes.max() == 1:
            raise ModelSpecError(
                f"{label}: every one of its {term.n_groups} groups has a single row "
                f"({n_rows} rows); with one observation per group the group SD is not "
                f"identified (it is confounded with the link's own spread)"
            )
        if term.n_groups >= n_rows:
            raise ModelSpecError(f"{label}: {term.n_groups} groups for {n_rows} rows")


@dataclass(frozen=True, eq=False, init=False)
class MixedOrdinalModel(MixedModel):
    """Cumulative link mixed model ``P(Y <= k | b) = F(theta_k - x'beta - z'b)`` (R ``clmm``).

    Parameters
    ----------
    formula
        ``"outcome ~ predictors + (1|group)"``; see :mod:`careerrep.models.mixed.terms`.
    data
        DataFrame or CaseTable (its ``signals()``).
    link
        ``"logit"``, ``"probit"`` or ``"cloglog"``.
    weights
        Frequency weights (column name or array).
    levels
        Outcome order low to high, unless the outcome is an ordered Categorical or numeric.
    """

    def __init__(
        self,
        formula: str,
        data: Any,
        link: str = "logit",
        weights: Any = None,
        levels: Sequence[Any] | None = None,
    ) -> None:
        super().__init__(formula, data, kind="ordinal", link=link, weights=weights, levels=levels)


@dataclass(frozen=True, eq=False, init=False)
class MixedLogitModel(MixedModel):
    """Binary logit mixed model ``logit P(Y = 1 | b) = x'beta + z'b`` (R ``glmer``, binomial).

    Parameters
    ----------
    formula
        ``"outcome ~ predictors + (1|group)"``.
    data
        DataFrame or CaseTable.
    weights
        Frequency weights (column name or array).
    levels
        Two outcome values; the second is the event coded 1.
    """

    def __init__(
        self, formula: str, data: Any, weights: Any = None, levels: Sequence[Any] | None = None
    ) -> None:
        super().__init__(formula, data, kind="logit", link="logit", weights=weights, levels=levels)


def fit_mixed(model: Any, n_agq: int = 1, lr_tests: bool = True, max_iter: int = 1000) -> Any:
    """Fit an ``OrdinalModel`` or ``LogitModel`` whose formula has random terms.

    The same formula, data, link and weights are refitted as a
    :class:`MixedOrdinalModel` / :class:`MixedLogitModel`; ``OrdinalModel.fit()``
    and ``LogitModel.fit()`` call this when their formula has random terms.

    Returns
    -------
    MixedResult

    Raises
    ------
    ModelSpecError
        For a model of another family (multinomial, a probit binary family, ...).
    """
    family = getattr(model, "family", None)
    # The exact classes: a subclass (the docs' binary probit) has another likelihood.
    kinds: dict[type, str] = {CumulativeFamily: "ordinal", LogitFamily: "logit"}
    kind = kinds.get(type(family))
    if kind is None or not isinstance(family, Family):
        raise ModelSpecError(
            f"random effects by maximum likelihood need an OrdinalModel or LogitModel, got "
            f"{type(model).__name__}; use .sample() for a multilevel model of this family"
        )
    design = model.design
    if np.all(design.weights == 1.0):
        weights = None  # rows the model dropped are dropped again by the same rule
    elif model.data.index.is_unique:
        weights = pd.Series(design.weights, index=design.row_index).reindex(model.data.index).to_numpy()
    else:
        raise ModelSpecError(
            "fit_mixed cannot line up the weights of a table whose index repeats labels; "
            "build a MixedOrdinalModel / MixedLogitModel with weights= directly"
        )
    # Rows the model dropped have NaN weights here and are dropped again, without a second warning.
    import warnings

    from careerrep.errors import MissingDataWarning

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=MissingDataWarning)
        mixed = MixedModel(
            model.formula,
            model.data,
            kind=kind,
            link=family.link.name,
            weights=weights,
            levels=_original_levels(model),
        )
    return mixed.fit(n_agq=n_agq, lr_tests=lr_tests, max_iter=max_iter)


def _original_levels(model: Any) -> list[Any]:
    """The outcome values of ``model`` in its label order (labels are their ``str``)."""
    lhs = model.formula.split("~", 1)[0].strip()
    values = pd.unique(model.data.loc[model.design.row_index, lhs].dropna())
    by_label = {str(v): v for v in values}
    return [by_label[label] for label in model.labels]
