"""Average marginal effects on each outcome probability.

For each variable of the formula and each outcome ``k``:

* **continuous** variable ``v``: the derivative ``d P(Y = k) / d v``, taken
  through whatever the formula does with ``v`` (``np.log(v)``, ``v:w``,
  ``I(v**2)``): the predictor matrix is rebuilt from the data at ``v -/+ h``,
  ``v -/+ 2h`` (five-point stencil, ``h = 1e-4`` sd of ``v``) to get
  ``dX/dv``, and the slope of the probabilities along ``dX`` is analytic
  (:func:`careerrep.effects.kernels.slopes`). Derived signal columns follow
  ``v`` (:mod:`careerrep.effects.counterfactual`), so a derivative with
  respect to ``social_share`` in a model of ``logratio_social_mass`` is the
  derivative through the log-ratio.
* **categorical** variable (string, bool or Categorical column, or a number
  wrapped in ``C()``): the discrete change from the reference (first) level
  to each other level, setting the variable to that level for every case.

The effect is averaged over the fitted cases with their frequency weights
(``at=None``), over the fitted cases with some columns set to chosen values
(``at={"days": 30}``), or over the rows of a DataFrame of chosen cases
(``at=frame``; one row gives the marginal effect at that case).

Uncertainty: delta method (MLE) or the effect computed on every posterior
draw (see :mod:`careerrep.effects.intervals`). The effects on the K outcome
probabilities sum to zero for every variable.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from formulaic import Formula

from careerrep.effects import kernels
from careerrep.effects.counterfactual import apply_changes
from careerrep.effects.group_effects import (
    CONDITIONAL,
    check_kind,
    population_average_effects,
    wald_summary,
)
from careerrep.effects.intervals import check_level, summarize
from careerrep.effects.posterior import rope_bounds
from careerrep.effects.source import EffectSource, effect_source
from careerrep.effects.tidy import empty_frame, tidy_frame
from careerrep.errors import ModelSpecError
from careerrep.models.design import split_random_intercepts

EXTRA_COLUMNS = ("type", "contrast", "at")
_STEP_FRACTION = 1e-4


@dataclass(frozen=True)
class Cases:
    """The cases an effect is averaged over, and their weights."""

    frame: pd.DataFrame
    weights: np.ndarray
    description: str


def formula_variables(model: Any) -> list[str]:
    """Data columns the model's right-hand side uses, in formula order."""
    fixed, _ = split_random_intercepts(model.formula)
    rhs = fixed.split("~", 1)[1]
    # Models with more one-sided formulas (a SplitModel's nominal= and scale=) list them here.
    for extra in getattr(model, "extra_formulas", ()):
        rhs = f"{rhs} + {extra.split('~', 1)[1]}"
    needed = Formula(rhs).required_variables
    positions = {}
    for name in needed:
        found = re.search(rf"(?<![\w.]){re.escape(name)}(?![\w.])", rhs)
        if name in model.data.columns and found is not None:
            positions[name] = found.start()
    return sorted(positions, key=lambda name: positions[name])


def is_categorical(model: Any, variable: str) -> bool:
    """True if ``variable`` enters the model as a set of level dummies."""
    column = model.data[variable]
    if not pd.api.types.is_numeric_dtype(column.dtype) or pd.api.types.is_bool_dtype(column.dtype):
        return True
    return re.search(rf"C\(\s*{re.escape(variable)}\b", model.formula) is not None


def categorical_levels(frame: pd.DataFrame, variable: str) -> list[Any]:
    """Levels of a categorical variable in formulaic's order (first = reference)."""
    column = frame[variable]
    if isinstance(column.dtype, pd.CategoricalDtype):
        return list(column.cat.categories)
    if pd.api.types.is_bool_dtype(column.dtype):
        return [False, True]
    return sorted(pd.unique(column.dropna()), key=lambda v: (str(type(v)), v))


def cases_for(source: EffectSource, at: Mapping[str, Any] | pd.DataFrame | None) -> Cases:
    """The cases to average over (see module doc for ``at``)."""
    if at is None:
        return Cases(source.frame, source.weights, "observed cases (weighted)")
    if isinstance(at, pd.DataFrame):
        if len(at) == 0:
            raise ModelSpecError("at= is an empty DataFrame")
        return Cases(at, np.ones(len(at)), f"{len(at)} chosen case(s)")
    if isinstance(at, Mapping):
        frame = apply_changes(source.frame, dict(at))
        described = ", ".join(f"{k} = {v}" for k, v in at.items())
        return Cases(frame, source.weights, f"observed cases with {described}")
    raise ModelSpecError(f"at must be None, a dict of column values or a DataFrame, got {type(at).__name__}")


def design_derivative(source: EffectSource, frame: pd.DataFrame, variable: str, step: float) -> np.ndarray:
    """``dX / d variable`` by the five-point stencil on rebuilt predictor matrices."""
    base = frame[variable].astype(float)
    matrices = [
        source.design_matrix(apply_changes(frame, {variable: base + k * step}))
        for k in (-2.0, -1.0, 1.0, 2.0)
    ]
    if all(np.array_equal(m, matrices[0]) for m in matrices[1:]):
        raise ModelSpecError(f"variable {variable!r} does not enter the model's predictors")
    return (matrices[0] - 8.0 * matrices[1] + 8.0 * matrices[2] - matrices[3]) / (12.0 * step)


def _step(cases: Cases, variable: str, step: float | None) -> float:
    if step is not None:
        return float(step)
    values = cases.frame[variable].astype(float).to_numpy()
    w = cases.weights / cases.weights.sum()
    sd = float(np.sqrt(w @ (values - w @ values) ** 2))
    return _STEP_FRACTION * (sd if sd > 0 else max(1.0, float(np.max(np.abs(values)))))


def marginal_effects(
    result: Any,
    variables: Sequence[str] | str | None = None,
    *,
    at: Mapping[str, Any] | pd.DataFrame | None = None,
    level: float = 0.95,
    ci: str | None = None,
    rope: float | tuple[float, float] | None = None,
    step: float | None = None,
    kind: str | None = None,
) -> pd.DataFrame:
    """Average marginal effects of each variable on each outcome probability.

    Parameters
    ----------
    result
        ``MLEResult`` or ``PosteriorResult``.
    variables
        Data columns to report (default: every variable in the formula).
    at
        None (observed cases, frequency-weighted), ``{column: value}`` (observed
        cases with those columns set) or a DataFrame of chosen cases.
    level
        Interval probability (default 0.95).
    ci
        Posterior interval: ``"hdi"`` (default) or ``"eti"``. MLE: Wald (delta method).
    rope
        Posterior only: region of practical equivalence for a change in
        probability (half-width, e.g. 0.02, or ``(low, high)``).
    step
        Finite-difference step in the variable's units for ``dX/dv``
        (default ``1e-4`` standard deviations).
    kind
        Models with random terms only (mixed fits, multilevel posteriors):
        ``"conditional"`` (default; at group effects 0, a typical group) or
        ``"marginal"`` (population average over the group effects; MLE mixed
        fits; derivatives and discrete changes alike). See :mod:`careerrep.effects.group_effects`;
        the ``at`` column names the kind.

    Returns
    -------
    pandas.DataFrame
        One row per variable (or level) and outcome: core effect columns plus
        ``type`` (``"derivative"``/``"discrete change"``), ``contrast``
        (``"dP/d social_share"``, ``"warm - cold"``) and ``at``. Estimates
        are in probability units (per unit of the variable for derivatives).
    """
    check_level(level)
    kind = check_kind(result, kind)
    source = effect_source(result)
    names = (
        formula_variables(source.model)
        if variables is None
        else ([variables] if isinstance(variables, str) else list(variables))
    )
    cases = cases_for(source, at)
    for name in names:
        if name not in cases.frame.columns:
            raise ModelSpecError(
                f"variable {name!r} is not a column of the data the effects use "
                f"({sorted(map(str, cases.frame.columns))}: a model keeps only the columns its formula uses)"
            )
    if kind == "marginal":
        categorical = {
            n: categorical_levels(source.frame, n) for n in names if is_categorical(source.model, n)
        }
        terms, outcomes, extras, estimate, error = population_average_effects(
            result, names, categorical, at, level
        )
        return tidy_frame(terms, outcomes, wald_summary(estimate, error, level), extras, EXTRA_COLUMNS)
    described = cases.description if kind is None else f"{cases.description}; {CONDITIONAL}"
    labels = list(source.labels)
    spec = source.family
    w = cases.weights
    pieces: list[tuple[str, str, str, Any]] = []
    for name in names:
        if is_categorical(source.model, name):
            levels = categorical_levels(source.frame, name)
            reference = levels[0]
            X0 = source.design_matrix(apply_changes(cases.frame, {name: reference}))
            for value in levels[1:]:
                X1 = source.design_matrix(apply_changes(cases.frame, {name: value}))

                def change(params: np.ndarray, X1: np.ndarray = X1, X0: np.ndarray = X0) -> np.ndarray:
                    return kernels.average_probabilities(spec, params, X1, w) - (
                        kernels.average_probabilities(spec, params, X0, w)
                    )

                pieces.append((name, "discrete change", f"{value} - {reference}", change))
        else:
            X = source.design_matrix(cases.frame)
            dX = design_derivative(source, cases.frame, name, _step(cases, name, step))

            def slope(params: np.ndarray, X: np.ndarray = X, dX: np.ndarray = dX) -> np.ndarray:
                return kernels.average_slopes(spec, params, X, dX, w)

            pieces.append((name, "derivative", f"dP/d {name}", slope))
    if not pieces:
        return empty_frame(EXTRA_COLUMNS)

    def all_effects(params: np.ndarray) -> np.ndarray:
        return np.concatenate([function(params) for *_, function in pieces], axis=1)

    ci_kind = (ci or "hdi").lower()
    summary = summarize(source, all_effects, level=level, interval=ci_kind, rope=rope_bounds(rope, 0.0))
    K = len(labels)
    extras = {
        "type": [kind for _, kind, _, _ in pieces for _ in range(K)],
        "contrast": [label for _, _, label, _ in pieces for _ in range(K)],
        "at": [described] * (K * len(pieces)),
    }
    terms = [name for name, *_ in pieces for _ in range(K)]
    return tidy_frame(terms, labels * len(pieces), summary, extras, EXTRA_COLUMNS)
