"""Multinomial (baseline-category) logit: the ``MultinomialModel`` class.

``log(P(Y = j) / P(Y = ref)) = x'beta_j`` for each non-reference category
``j``. Parameters are ordered level by level, each block holding every
coefficient, and named ``"<level>:<coef>"`` as R ``nnet::multinom`` prints
``coef()`` row by row. The log-likelihood is concave; Newton with the
analytic Hessian blocks ``-X' diag(w p_j (delta_jl - p_l)) X`` converges in a
few iterations (nnet uses BFGS, which is why our optimum is the tighter one).
The family (:class:`~careerrep.models.families.multinomial.MultinomialFamily`)
owns the numerics, for the MLE and the posterior alike.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from careerrep.errors import ModelSpecError
from careerrep.models.base import BaseModel
from careerrep.models.design import Design
from careerrep.models.families.multinomial import (
    MultinomialFamily,
    multinomial_derivatives,
    multinomial_probabilities,
    multinomial_scores,
)
from careerrep.models.family import Family


@dataclass(frozen=True, eq=False, init=False)
class MultinomialModel(BaseModel):
    """Baseline-category (multinomial) logit for unordered outcomes.

    Parameters
    ----------
    formula
        ``"outcome ~ predictors"`` (formulaic).
    data
        DataFrame or CaseTable (its ``signals()``); the model keeps a copy.
    weights
        Frequency weights: a column name or an array (R's ``weights``).
    levels
        Outcome levels (order of the parameter blocks); default: category
        order, sorted numbers or sorted strings.
    reference
        Reference outcome label; default the first level (as ``nnet::multinom``).
    """

    family_class: ClassVar[type[Family]] = MultinomialFamily
    reference: str

    def __init__(
        self,
        formula: str,
        data: Any,
        weights: Any = None,
        levels: Sequence[Any] | None = None,
        reference: Any = None,
    ) -> None:
        self._build(formula, data, weights, levels, reference=reference)

    def _family(self, design: Design, **options: Any) -> Family:
        reference = options.get("reference")
        ref = design.labels[0] if reference is None else str(reference)
        if ref not in design.labels:
            raise ModelSpecError(f"reference={reference!r} is not an outcome level {design.labels}")
        object.__setattr__(self, "reference", ref)
        return MultinomialFamily(design.labels, design.coef_names, reference=design.labels.index(ref))

    @property
    def reference_index(self) -> int:
        """Position of the reference category in ``labels``."""
        return self.labels.index(self.reference)


__all__ = [
    "MultinomialModel",
    "multinomial_derivatives",
    "multinomial_probabilities",
    "multinomial_scores",
]
