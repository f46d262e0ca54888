"""Average marginal effects on each outcome probability for the split families.

For :class:`~careerrep.models.CumulativeModel` (with nominal and scale
terms), :class:`~careerrep.models.SequentialModel` and
:class:`~careerrep.models.AdjacentModel` fits, where one variable can enter
the location, the nominal and the scale part at once:

* **continuous** variable ``v``: ``d P(Y = k) / d v`` by a central difference
  (``v -/+ h``, ``h = 1e-4`` sd of ``v``) with every design matrix rebuilt from
  the data, so transforms and interactions are followed;
* **categorical** variable: the change from the reference (first) level to each
  other level, setting the variable to that level for every case.

Averaged over the fitted cases with their frequency weights. Standard errors
by the delta method with the Jacobian in the parameters by central
differences. Columns as :func:`careerrep.effects.marginal_effects`
(``term, outcome, estimate, std_error, lower, upper, interval, p_value,
p_direction, p_beyond_rope, type, contrast, at``); the effects on the ``K``
outcome probabilities sum to zero for every variable.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pandas as pd
from formulaic import Formula
from scipy import special

from careerrep.errors import ModelSpecError
from careerrep.models.result import MLEResult
from careerrep.models.threshold_likelihood import crossing_rows

_STEP_FRACTION = 1e-4


def _variables(model: Any) -> list[str]:
    rhs = model.formula.split("~", 1)[1]
    found = set(Formula(rhs).required_variables)
    for terms in (model.nominal_terms, model.scale_terms):
        if terms.formula:
            found |= set(Formula(terms.formula.lstrip("~ ")).required_variables)
    return sorted(str(v) for v in found if str(v) in model.data.columns)


def _is_categorical(values: pd.Series) -> bool:
    return not pd.api.types.is_numeric_dtype(values.dtype) or pd.api.types.is_bool_dtype(values.dtype)


def _probabilities(model: Any, params: np.ndarray, frame: pd.DataFrame) -> np.ndarray:
    X = model.predictors.design_matrix(frame)  # location columns (design_matrix has all)
    probs = model._probabilities(
        params, X, model.nominal_terms.matrix(frame), model.scale_terms.matrix(frame)
    )
    bad = crossing_rows(probs)
    if bad.size:
        raise ModelSpecError(
            f"the nominal effects cross at {bad.size} counterfactual rows: "
            f"no marginal effect is defined there"
        )
    return probs


def split_marginal_effects(
    result: MLEResult, variables: Sequence[str] | None = None, alpha: float = 0.05
) -> pd.DataFrame:
    """Average marginal effects of ``variables`` (default: all) on every outcome probability.

    Parameters
    ----------
    result
        A maximum-likelihood fit of a ``CumulativeModel``, ``SequentialModel`` or ``AdjacentModel``.
    variables
        Data columns used by the formula, ``nominal=`` or ``scale=`` (default: all of them).
    alpha
        One minus the Wald interval's coverage.

    Returns
    -------
    pandas.DataFrame
        One row per variable (per level for categorical ones) and outcome; effects in
        probability units per unit of the variable (continuous) or as differences of
        probabilities (categorical, ``contrast = "level - reference"``).
    """
    model = result.model
    if not hasattr(model, "nominal_terms"):
        raise ModelSpecError(
            "split_marginal_effects needs a CumulativeModel, SequentialModel or AdjacentModel fit"
        )
    if not 0.0 < alpha < 1.0:
        raise ModelSpecError(f"alpha must be in (0, 1), got {alpha}")
    available = _variables(model)
    chosen = list(available if variables is None else variables)
    unknown = [v for v in chosen if v not in available]
    if unknown:
        raise ModelSpecError(f"variables {unknown} are not used by the model; it uses {available}")
    cases = model.data.loc[model.design.row_index]
    weights = model.design.weights / model.design.weights.sum()
    params = result.params.to_numpy()
    cov = result.cov.to_numpy()
    rows: list[dict[str, Any]] = []
    for variable in chosen:
        for kind, contrast, effect in _effects(model, cases, weights, variable):
            value = effect(params)
            jac = _jacobian(effect, params)
            se = np.sqrt(np.maximum(np.einsum("kp,pq,kq->k", jac, cov, jac), 0.0))
            z = special.ndtri(1.0 - alpha / 2.0)
            with np.errstate(divide="ignore", invalid="ignore"):
                p_values = 2.0 * special.ndtr(-np.abs(value / se))
            for k, label in enumerate(model.labels):
                rows.append(
                    {
                        "term": variable,
                        "outcome": label,
                        "estimate": value[k],
                        "std_error": se[k],
                        "lower": value[k] - z * se[k],
                        "upper": value[k] + z * se[k],
                        "interval": f"Wald {100 * (1 - alpha):g}%",
                        "p_value": p_values[k],
                        "p_direction": np.nan,
                        "p_beyond_rope": np.nan,
                        "type": kind,
                        "contrast": contrast,
                        "at": "fitted cases",
                    }
                )
    return pd.DataFrame(rows)


def _effects(
    model: Any, cases: pd.DataFrame, weights: np.ndarray, variable: str
) -> list[tuple[str, str, Callable[[np.ndarray], np.ndarray]]]:
    values = cases[variable]
    if _is_categorical(values):
        levels = (
            list(values.cat.categories)
            if isinstance(values.dtype, pd.CategoricalDtype)
            else sorted(values.unique())
        )
        reference = levels[0]

        def at_level(level: Any) -> pd.DataFrame:
            frame = cases.copy()
            if isinstance(values.dtype, pd.CategoricalDtype):
                frame[variable] = pd.Categorical([level] * len(frame), dtype=values.dtype)
            else:
                frame[variable] = level
            return frame

        out: list[tuple[str, str, Callable[[np.ndarray], np.ndarray]]] = []
        base = at_level(reference)
        for level in levels[1:]:
            changed = at_level(level)

            def effect(p: np.ndarray, changed: pd.DataFrame = changed) -> np.ndarray:
                return weights @ (_probabilities(model, p, changed) - _probabilities(model, p, base))

            out.append(("discrete change", f"{level} - {reference}", effect))
        return out
    sd = float(values.std())
    step = _STEP_FRACTION * (sd if sd > 0 else 1.0)
    up, down = cases.copy(), cases.copy()
    up[variable] = values + step
    down[variable] = values - step

    def derivative(p: np.ndarray) -> np.ndarray:
        return weights @ (_probabilities(model, p, up) - _probabilities(model, p, down)) / (2.0 * step)

    return [("derivative", f"dP/d {variable}", derivative)]


def _jacobian(effect: Callable[[np.ndarray], np.ndarray], params: np.ndarray) -> np.ndarray:
    """``(K, m)`` central-difference Jacobian of ``effect`` in the parameters."""
    columns = []
    for j in range(len(params)):
        h = 1e-6 * (1.0 + abs(params[j]))
        plus, minus = params.copy(), params.copy()
        plus[j] += h
        minus[j] -= h
        columns.append((effect(plus) - effect(minus)) / (2.0 * h))
    return np.column_stack(columns)
