"""One view of an MLE result and of a posterior result, for the effects code.

Effects need the same few things from either kind of result: the model (to
rebuild predictor matrices from counterfactual data), the family (probability core and parameter layout), the
fitted cases and their frequency weights, and the parameters' uncertainty:
an estimate and its covariance (MLE, delta method) or a matrix of posterior
draws. :func:`effect_source` extracts them once, so every effect function is
written a single time for both estimators.

Posteriors of multilevel models (``(1|group)`` terms) are summarised for a
typical group: the group intercepts are set to zero, as ``predict`` does for
a group not seen in fitting.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from careerrep.errors import ModelSpecError
from careerrep.models.family import Family


@dataclass(frozen=True, eq=False)
class EffectSource:
    """Everything an effect computation needs from a fitted result.

    Attributes
    ----------
    kind
        ``"mle"`` or ``"posterior"``.
    model
        The careerrep model (``design_matrix``, ``formula``, ``design``).
    family
        The model's :class:`~careerrep.models.family.Family`: its probability
        core and its parameter layout (``family.layout``).
    param_names
        Parameter names in the result's order.
    estimate
        ``(m,)`` point estimate (MLE) or posterior mean.
    cov
        ``(m, m)`` covariance of the estimate (MLE), else None.
    draws
        ``(S, m)`` posterior draws, else None.
    frame
        The fitted cases (rows the model used), as a DataFrame of the data columns.
    weights
        ``(n,)`` frequency weights of those rows.
    labels
        Outcome labels in model order.
    ci_kind
        MLE interval kind of the result (``"Wald"`` or ``"profile"``); ``""`` for posteriors.
    """

    kind: str
    model: Any
    family: Family
    param_names: tuple[str, ...]
    estimate: np.ndarray
    cov: np.ndarray | None
    draws: np.ndarray | None
    frame: pd.DataFrame
    weights: np.ndarray
    labels: tuple[str, ...]
    ci_kind: str = ""

    @property
    def is_posterior(self) -> bool:
        """True for a posterior result (effects from draws)."""
        return self.kind == "posterior"

    def design_matrix(self, frame: pd.DataFrame) -> np.ndarray:
        """Predictor matrix for ``frame`` with the model's columns (formula transforms applied)."""
        return np.asarray(self.model.design_matrix(frame), dtype=np.float64)


def _family(model: Any) -> Family:
    family = getattr(model, "family", None)
    if not isinstance(family, Family):
        raise ModelSpecError(
            "effects need a careerrep model with a Family (OrdinalModel, LogitModel, MultinomialModel, ...), "
            f"got {type(model).__name__}"
        )
    return family


def effect_source(result: Any) -> EffectSource:
    """Build the :class:`EffectSource` of an ``MLEResult`` or a ``PosteriorResult``.

    Raises
    ------
    ModelSpecError
        If ``result`` is neither, or a posterior has no model to rebuild
        predictors from (posteriors sampled from bare arrays).
    """
    model = getattr(result, "model", None)
    if model is None or not hasattr(model, "design_matrix"):
        raise ModelSpecError(
            f"effects need a result fitted from a careerrep model (with .model), got {type(result).__name__}"
        )
    family = _family(model)
    # The family's parameters: a mixed fit's variance components are not among them
    # (effects are computed at group effects 0 here; see effects.group_effects).
    names = tuple(family.layout.names)
    design = model.design
    frame = model.data.loc[design.row_index]
    weights = np.asarray(design.weights, dtype=np.float64)
    if hasattr(result, "idata") and hasattr(result, "param_draws"):
        draws_frame = result.param_draws()
        missing = [name for name in names if name not in draws_frame.columns]
        if missing:
            raise ModelSpecError(f"posterior draws lack the model's parameters {missing}")
        draws = draws_frame[list(names)].to_numpy(dtype=np.float64)
        return EffectSource(
            kind="posterior",
            model=model,
            family=family,
            param_names=names,
            estimate=draws.mean(axis=0),
            cov=None,
            draws=draws,
            frame=frame,
            weights=weights,
            labels=tuple(model.labels),
        )
    if hasattr(result, "cov_params") and hasattr(result, "params"):
        params = result.params.reindex(list(names))
        if params.isna().any():
            raise ModelSpecError("the result's params do not match its model's parameter names")
        return EffectSource(
            kind="mle",
            model=model,
            family=family,
            param_names=names,
            estimate=params.to_numpy(dtype=np.float64),
            cov=result.cov_params().loc[list(names), list(names)].to_numpy(dtype=np.float64),
            draws=None,
            frame=frame,
            weights=weights,
            labels=tuple(model.labels),
            ci_kind=str(getattr(result, "ci_kind", "Wald")),
        )
    raise ModelSpecError(f"cannot compute effects from a {type(result).__name__}")
