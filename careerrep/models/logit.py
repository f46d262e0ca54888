"""Binary logistic regression: the ``LogitModel`` class.

``P(Y = event | x) = expit(x'beta)``. Fitted by Newton (= IRLS for this
canonical link) with the analytic gradient ``X'W(y - mu)`` and Hessian
``-X' diag(w mu (1 - mu)) X``, or by Firth's penalised likelihood
(``method="firth"``, see :mod:`careerrep.models.firth`). Before an ordinary ML
fit the data are checked for separation (:mod:`careerrep.models.separation`).
The family (:class:`~careerrep.models.families.logit.LogitFamily`) owns the
numerics.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
from scipy import special

from careerrep.models.base import BaseModel
from careerrep.models.design import Design
from careerrep.models.families.logit import LogitFamily, logit_derivatives, logit_scores
from careerrep.models.family import Family


def logit_probabilities(params: np.ndarray, X: np.ndarray) -> np.ndarray:
    """``(n, 2)`` probabilities ``[P(non-event), P(event)]`` at coefficients ``params``."""
    event = special.expit(X @ np.asarray(params, dtype=np.float64))
    return np.column_stack([1.0 - event, event])


@dataclass(frozen=True, eq=False, init=False)
class LogitModel(BaseModel):
    """Binary logistic regression.

    Parameters
    ----------
    formula
        ``"outcome ~ predictors"`` (formulaic; intercept included by default).
    data
        DataFrame or CaseTable (its ``signals()``); the model keeps a copy.
    weights
        Frequency weights: a column name or an array.
    levels
        The two outcome values ``[non-event, event]``. Without it: booleans and
        numbers use their order (``1``/``True`` is the event), categoricals
        their category order, strings sorted order (as R's ``factor``); the
        second level is the event coded 1 (``describe()`` says which).
    """

    family_class: ClassVar[type[Family]] = LogitFamily

    def __init__(
        self,
        formula: str,
        data: Any,
        weights: Any = None,
        levels: Sequence[Any] | None = None,
    ) -> None:
        self._build(formula, data, weights, levels)

    def _family(self, design: Design, **options: Any) -> Family:
        return LogitFamily(design.labels, design.coef_names)

    @property
    def event(self) -> str:
        """The outcome label coded 1."""
        return self.labels[1]


__all__ = ["LogitModel", "logit_derivatives", "logit_probabilities", "logit_scores"]
