"""Effects of models with random terms: conditional on the group effects, or marginal over them.

A model with ``(1|g)`` terms has two average marginal effects of a variable:

* **conditional** (the default of :func:`careerrep.effects.marginal_effects`):
  the change of ``P(Y = k | x, b = 0)``, within a typical group; computed by
  the family's probability core from the fixed effects alone (MLE mixed fits
  and posteriors alike);
* **marginal** (``kind="marginal"``): the change of the population-average
  probability ``P(Y = k | x) = E_b P(Y = k | x, b)``, integrated over the
  group effects ``b ~ N(0, Sigma)``; for MLE mixed fits
  (:meth:`careerrep.models.mixed.MixedResult.marginal_effects`, delta method
  over the fixed effects and the variance components).

The ``at`` column of the effects table says which one a row is.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from scipy import special

from careerrep.effects.intervals import Summary, interval_label
from careerrep.errors import ModelSpecError
from careerrep.models.family import VARIANCE_ROLES, ParameterLayout

CONDITIONAL = "conditional: group effects 0 (a typical group)"
MARGINAL = "marginal: population average over the group effects"


def result_layout(result: Any) -> ParameterLayout | None:
    """The layout of every reported parameter of ``result`` (variance components included)."""
    for layout in (getattr(result, "parameters", None), getattr(result, "layout", None)):
        if isinstance(layout, ParameterLayout):
            return layout
    layout = getattr(getattr(result, "model", None), "layout", None)
    return layout if isinstance(layout, ParameterLayout) else None


def has_group_effects(result: Any) -> bool:
    """True when ``result`` reports random-effect SDs (a mixed fit or a multilevel posterior)."""
    layout = result_layout(result)
    return layout is not None and len(layout.of_role(*VARIANCE_ROLES)) > 0


def check_kind(result: Any, kind: str | None) -> str | None:
    """The effect kind for ``result``: None without group effects, else conditional or marginal."""
    if not has_group_effects(result):
        if kind is not None:
            raise ModelSpecError(
                f"kind={kind!r} is for models with random terms such as (1|group); this model has none"
            )
        return None
    kind = "conditional" if kind is None else kind
    if kind not in ("conditional", "marginal"):
        raise ModelSpecError(f"kind must be 'conditional' or 'marginal', got {kind!r}")
    if kind == "marginal" and not hasattr(result, "marginal_effects"):
        raise ModelSpecError(
            "kind='marginal' (population-average effects) needs a maximum-likelihood mixed fit "
            "(model.fit() of a formula with random terms); posteriors give conditional effects"
        )
    return kind


def population_average_effects(
    result: Any, variables: Sequence[str], levels: Mapping[str, list[Any]], at: Any, level: float
) -> tuple[list[str], list[str], dict[str, list[Any]], np.ndarray, np.ndarray]:
    """Marginal (population-average) AMEs of ``variables`` from a mixed fit.

    ``levels`` holds the levels (reference first) of the categorical ones,
    which get discrete changes; the others get derivatives. Returns terms,
    outcomes, the extra columns, estimates and standard errors (flattened
    variable-major), for :func:`careerrep.effects.marginal_effects`.
    """
    if at is not None:
        raise ModelSpecError("kind='marginal' averages over the fitted cases; at= is not available with it")
    terms: list[str] = []
    outcomes: list[str] = []
    extras: dict[str, list[Any]] = {"type": [], "contrast": [], "at": []}
    estimates, errors = [], []
    for name in variables:
        frame = result.marginal_effects(name, kind="marginal", level=level, levels=levels.get(name))
        for key, row in frame.iterrows():
            contrast, outcome = key if name in levels else (f"dP/d {name}", key)
            terms.append(name)
            outcomes.append(str(outcome))
            extras["type"].append("discrete change" if name in levels else "derivative")
            extras["contrast"].append(contrast)
            extras["at"].append(f"observed cases (weighted); {MARGINAL}")
            estimates.append(float(row["estimate"]))
            errors.append(float(row["std_error"]))
    return terms, outcomes, extras, np.array(estimates), np.array(errors)


def wald_summary(estimate: np.ndarray, std_error: np.ndarray, level: float) -> Summary:
    """Wald intervals and two-sided p-values from estimates and standard errors."""
    z = special.ndtri(0.5 + level / 2.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        p_value = 2.0 * special.ndtr(-np.abs(estimate / std_error))
    empty = np.full(len(estimate), np.nan)
    return Summary(
        estimate=estimate,
        std_error=std_error,
        lower=estimate - z * std_error,
        upper=estimate + z * std_error,
        p_value=p_value,
        p_direction=empty,
        p_beyond_rope=empty.copy(),
        interval=interval_label("Wald", level),
    )
