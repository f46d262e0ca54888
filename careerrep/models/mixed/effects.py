"""Average marginal effects of a mixed fit, conditional or marginal, with delta-method SEs.

The AME of a numeric variable ``v`` on ``P(Y = k)`` is the frequency-weighted
mean over the fitted rows of ``dP_k / dv`` (central differences of the
predictions in ``v``). Two kinds, as for predictions:

* ``"marginal"``: of the population-average probability (integrated over the
  group effects) -- what a change in ``v`` does to a randomly drawn case;
* ``"conditional"``: at group effects of 0 -- what it does within a typical
  group.

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
    """``(K,)`` weighted mean of ``dP_k/dv`` over ``frame`` at ``result``'s parameters."""
    up, down = frame.copy(), frame.copy()
    up[variable] = frame[variable] + step
    down[variable] = frame[variable] - step
    at = "zero"
    slopes = (
        result.predict(up, kind=kind, at=at).to_numpy() - result.predict(down, kind=kind, at=at).to_numpy()
    ) / (2.0 * step)
    w = result.model.design.weights
    return (w[:, None] * slopes).sum(axis=0) / w.sum()


def _with_reported(result: Any, z: np.ndarray) -> Any:
    """A copy of ``result`` whose parameters are the Wald-scale vector ``z`` mapped back."""
    kinds = result._kinds()
    params = np.where(kinds == "sd", np.exp(z), np.where(kinds == "cor", np.tanh(z), z))
    return dataclasses.replace(result, params=pd.Series(params, index=result.params.index, name="estimate"))


def average_marginal_effects(
    result: Any, variable: str, kind: str = "marginal", level: float = 0.95
) -> pd.DataFrame:
    """AME of numeric ``variable`` on each outcome probability (see the module docstring).

    Parameters
    ----------
    result
        A :class:`~careerrep.models.mixed.result.MixedResult`.
    variable
        A numeric data column used by the fixed part of the formula.
    kind
        ``"marginal"`` (population average) or ``"conditional"`` (group effects 0).
    level
        The interval probability, in (0, 1).

    Returns
    -------
    pandas.DataFrame
        One row per outcome label: ``estimate`` (change in probability per unit
        of ``variable``), ``std_error``, ``lower``, ``upper``; ``attrs["effect"]``
        says which kind.
    """
    if kind not in ("marginal", "conditional"):
        raise ModelSpecError(f"kind must be 'marginal' or 'conditional', got {kind!r}")
    model = result.model
    frame = model.data.iloc[model.row_positions]
    if variable not in frame.columns or not pd.api.types.is_numeric_dtype(frame[variable]):
        raise ModelSpecError(f"variable {variable!r} must be a numeric column of the data")
    spread = float(np.std(frame[variable].to_numpy(dtype=np.float64)))
    step = 1e-4 * (spread if spread > 0 else 1.0)
    estimate = _ame(result, frame, variable, step, kind)

    z = result.reported.to_numpy()
    cov = result.reported_cov.to_numpy()
    # Parameters the AME depends on with finite Wald-scale values and a covariance.
    used = np.isfinite(z) & np.isfinite(np.diag(cov))
    if kind == "conditional":
        used &= ~result.roles.isin(["variance", "correlation"]).to_numpy()
    index = np.flatnonzero(used)
    jac = np.zeros((len(estimate), len(index)))
    for col, i in enumerate(index):
        h = 1e-5 * max(1.0, abs(z[i]))
        plus, minus = z.copy(), z.copy()
        plus[i] += h
        minus[i] -= h
        jac[:, col] = (
            _ame(_with_reported(result, plus), frame, variable, step, kind)
            - _ame(_with_reported(result, minus), frame, variable, step, kind)
        ) / (2.0 * h)
    se = np.sqrt(np.maximum(np.einsum("ki,ij,kj->k", jac, cov[np.ix_(index, index)], jac), 0.0))
    zq = special.ndtri(0.5 + level / 2.0)
    out = pd.DataFrame(
        {"estimate": estimate, "std_error": se, "lower": estimate - zq * se, "upper": estimate + zq * se},
        index=pd.Index(list(model.labels), name="outcome"),
    )
    out.attrs["effect"] = f"average marginal effect of {variable} (per unit) on P(outcome), " + (
        "marginal: population average over the group effects"
        if kind == "marginal"
        else "conditional: group effects 0"
    )
    return out
