"""Average marginal effects of a mixed fit, conditional or marginal, with delta-method SEs.

The AME of a numeric variable ``v`` on ``P(Y = k)`` is the frequency-weighted
mean over the fitted rows of ``dP_k / dv`` (central differences of the
predictions in ``v``). Two kinds, as for predictions:

* ``"marginal"``: of the population-average probability (integrated over the
  group effects) -- what a change in ``v`` does to a randomly drawn case;
* ``"conditional"``: at group effects of 0 -- what it does within a typical
  group.

A categorical variable (string, bool or Categorical column, or the levels
given) gets the **discrete change** from its reference (first) level to each
other level instead: every fitted row is set to the level, and the change is
the difference of the frequency-weighted mean probabilities, of either kind.

Standard errors by the delta method: the gradient of the AME in the
parameters (coefficients, cut points and, for the marginal kind, the
variance components on their Wald scale) by central differences, with the
fit's covariance. (At the conditional modes the AME would also depend on the
modes' own uncertainty, so that kind is not offered.)
"""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np
import pandas as pd
from scipy import special

from careerrep.errors import ModelSpecError


def _ame(result: Any, frame: pd.DataFrame, variable: str, step: float, kind: str) -> np.ndarray:
    """``(1, K)`` weighted mean of ``dP_k/dv`` over ``frame`` at ``result``'s parameters."""
    up, down = frame.copy(), frame.copy()
    up[variable] = frame[variable] + step
    down[variable] = frame[variable] - step
    slopes = (_mean_probabilities(result, up, kind) - _mean_probabilities(result, down, kind)) / (2.0 * step)
    return slopes[None, :]


def _mean_probabilities(result: Any, frame: pd.DataFrame, kind: str) -> np.ndarray:
    """``(K,)`` frequency-weighted mean of the predicted probabilities of ``frame``'s rows."""
    probs = result.predict(frame, kind=kind, at="zero").to_numpy()
    w = result.model.design.weights
    return (w[:, None] * probs).sum(axis=0) / w.sum()


def _at_level(frame: pd.DataFrame, variable: str, level: Any) -> pd.DataFrame:
    """``frame`` with every row's ``variable`` set to ``level`` (a Categorical keeps its categories)."""
    out = frame.copy()
    column = frame[variable]
    if isinstance(column.dtype, pd.CategoricalDtype):
        out[variable] = pd.Categorical([level] * len(frame), dtype=column.dtype)
    else:
        out[variable] = pd.Series([level] * len(frame), index=frame.index, dtype=column.dtype)
    return out


def _changes(result: Any, frame: pd.DataFrame, variable: str, levels: list[Any], kind: str) -> np.ndarray:
    """``(L - 1, K)`` mean probabilities at each non-reference level minus at the reference."""
    reference = _mean_probabilities(result, _at_level(frame, variable, levels[0]), kind)
    return np.array(
        [_mean_probabilities(result, _at_level(frame, variable, v), kind) - reference for v in levels[1:]]
    )


def data_levels(column: pd.Series) -> list[Any] | None:
    """Levels of a categorical column in the formula's order (first = reference); None if numeric."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        return list(column.cat.categories)
    if pd.api.types.is_bool_dtype(column.dtype):
        return [False, True]
    if pd.api.types.is_numeric_dtype(column.dtype):
        return None
    return sorted(pd.unique(column.dropna()), key=lambda v: (str(type(v)), v))


def _with_reported(result: Any, z: np.ndarray) -> Any:
    """A copy of ``result`` whose parameters are the Wald-scale vector ``z`` mapped back."""
    kinds = result._kinds()
    params = np.where(kinds == "sd", np.exp(z), np.where(kinds == "cor", np.tanh(z), z))
    return dataclasses.replace(result, params=pd.Series(params, index=result.params.index, name="estimate"))


def average_marginal_effects(
    result: Any,
    variable: str,
    kind: str = "marginal",
    level: float = 0.95,
    levels: list[Any] | None = None,
) -> pd.DataFrame:
    """AME of ``variable`` on each outcome probability (see the module docstring).

    Parameters
    ----------
    result
        A :class:`~careerrep.models.mixed.result.MixedResult`.
    variable
        A data column used by the fixed part of the formula: numeric (a
        derivative) or categorical (discrete changes from the reference level).
    kind
        ``"marginal"`` (population average) or ``"conditional"`` (group effects 0).
    level
        The interval probability, in (0, 1).
    levels
        The levels of a categorical variable, reference first (default: from
        the column, which must then be a string, bool or Categorical column);
        give them for a numeric column the formula wraps in ``C()``.

    Returns
    -------
    pandas.DataFrame
        Numeric ``variable``: one row per outcome label (index ``outcome``):
        ``estimate`` (change in probability per unit of ``variable``),
        ``std_error``, ``lower``, ``upper``. Categorical: the same columns, one
        row per (``contrast``, ``outcome``), ``contrast`` like ``"b - a"``, the
        estimate in probability units. ``attrs["effect"]`` says which kind.
    """
    if kind not in ("marginal", "conditional"):
        raise ModelSpecError(f"kind must be 'marginal' or 'conditional', got {kind!r}")
    model = result.model
    frame = model.data.iloc[model.row_positions]
    if variable not in frame.columns:
        raise ModelSpecError(f"variable {variable!r} is not a column of the data")
    levels = data_levels(frame[variable]) if levels is None else list(levels)
    if levels is not None:
        if len(levels) < 2:
            raise ModelSpecError(
                f"categorical variable {variable!r} has levels {levels}: nothing to contrast"
            )
        index = pd.MultiIndex.from_product(
            [[f"{v} - {levels[0]}" for v in levels[1:]], list(model.labels)], names=["contrast", "outcome"]
        )

        def effect(fit: Any) -> np.ndarray:
            return _changes(fit, frame, variable, levels, kind)

        what = f"average discrete change of {variable} (from level {levels[0]!r}) in P(outcome), "
    else:
        spread = float(np.std(frame[variable].to_numpy(dtype=np.float64)))
        step = 1e-4 * (spread if spread > 0 else 1.0)
        index = pd.Index(list(model.labels), name="outcome")

        def effect(fit: Any) -> np.ndarray:
            return _ame(fit, frame, variable, step, kind)

        what = f"average marginal effect of {variable} (per unit) on P(outcome), "
    estimate = effect(result).ravel()

    z = result.reported.to_numpy()
    cov = result.reported_cov.to_numpy()
    # Parameters the AME depends on with finite Wald-scale values and a covariance.
    used = np.isfinite(z) & np.isfinite(np.diag(cov))
    if kind == "conditional":
        used &= ~result.roles.isin(["variance", "correlation"]).to_numpy()
    positions = np.flatnonzero(used)
    jac = np.zeros((len(estimate), len(positions)))
    for col, i in enumerate(positions):
        h = 1e-5 * max(1.0, abs(z[i]))
        plus, minus = z.copy(), z.copy()
        plus[i] += h
        minus[i] -= h
        jac[:, col] = (
            effect(_with_reported(result, plus)).ravel() - effect(_with_reported(result, minus)).ravel()
        ) / (2.0 * h)
    se = np.sqrt(np.maximum(np.einsum("ki,ij,kj->k", jac, cov[np.ix_(positions, positions)], jac), 0.0))
    zq = special.ndtri(0.5 + level / 2.0)
    out = pd.DataFrame(
        {"estimate": estimate, "std_error": se, "lower": estimate - zq * se, "upper": estimate + zq * se},
        index=index,
    )
    out.attrs["effect"] = what + (
        "marginal: population average over the group effects"
        if kind == "marginal"
        else "conditional: group effects 0"
    )
    return out
