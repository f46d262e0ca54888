"""The pieces of a mixed fit that the fit, the profile and the LR tests share.

:func:`build_problem` (the Laplace / quadrature objective of a model, or of
the model with only some of its random terms), :func:`fixed_effects_fit`
(the model without random terms: starting values and the LR tests' null)
and the starting values of the variance parameters. Kept apart from
:mod:`careerrep.models.mixed.fitting` so that the profile and the summaries
need not import the fit (no import cycle).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from scipy import special

from careerrep.models.links import get_link
from careerrep.models.mixed.conditional import CumulativeRows
from careerrep.models.mixed.laplace import RandomDesign
from careerrep.models.mixed.objective import MixedProblem
from careerrep.models.mixed.parameters import Layout, internal_from_thresholds
from careerrep.models.newton import maximize
from careerrep.models.ordinal_likelihood import SortedOrdinalData


def build_problem(model: Any, terms: tuple[Any, ...] | None = None, n_agq: int = 1) -> MixedProblem:
    """The objective of ``model`` (optionally with only some of its random ``terms``)."""
    design = model.design
    terms = model.terms if terms is None else terms
    link = get_link(model.link)
    n_thr = len(model.thresholds)
    rows = CumulativeRows(design.y, design.weights, len(model.labels), link)
    layout = Layout(design.X.shape[1], n_thr, tuple(t.size for t in terms))
    return MixedProblem(design.X, rows, RandomDesign.from_terms(tuple(terms)), layout, n_agq=n_agq)


def fixed_effects_fit(model: Any) -> tuple[np.ndarray, float]:
    """The model without random terms: optimiser-scale fixed part and its log-likelihood."""
    design = model.design
    if model.thresholds:
        data = SortedOrdinalData(design.X, design.y, design.weights, len(model.labels))
        outcome = _fit_ordinal()(data, get_link(model.link))
        p = design.X.shape[1]
        return np.concatenate([outcome.x[:p], internal_from_thresholds(outcome.x[p:])]), float(outcome.value)
    y, w, X = design.y.astype(np.float64), design.weights, design.X

    def logit_loglik(beta: np.ndarray) -> tuple[float, np.ndarray, np.ndarray]:
        eta = X @ beta
        mu = special.expit(eta)
        value = float(w @ (y * eta - np.logaddexp(0.0, eta)))
        return value, X.T @ (w * (y - mu)), -(X.T @ (X * (w * mu * (1.0 - mu))[:, None]))

    outcome = maximize(logit_loglik, np.zeros(X.shape[1]))
    return outcome.x, float(outcome.value)


def _fit_ordinal() -> Any:
    """The fixed-effects cumulative link fit (moving from ordinal.py to ordinal_fit.py in core)."""
    try:
        from careerrep.models.ordinal_fit import fit_ordinal  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        from careerrep.models.ordinal import fit_ordinal  # type: ignore[attr-defined,no-redef,unused-ignore]
    return fit_ordinal


def _start(fixed: np.ndarray, layout: Layout) -> np.ndarray:
    """Fixed part from the fixed-effects fit; each Cholesky factor the identity (lme4's start)."""
    parts = [fixed]
    for r in layout.term_sizes:
        parts.append(np.array([1.0]) if r == 1 else np.array([1.0, 0.0, 1.0]))
    return np.concatenate(parts)
