"""Cumulative link (ordinal) models: the ``OrdinalModel`` class.

Model, with the sign convention of R's ``MASS::polr`` and ``ordinal::clm``::

    P(Y <= k | x) = F(theta_k - x'beta),   k = 1..K-1,   theta_1 < ... < theta_{K-1}

so a positive ``beta`` shifts cases towards higher categories. ``F`` is the
link's distribution (logit, probit, cloglog). The family
(:class:`~careerrep.models.families.ordinal.CumulativeFamily`) owns the
layout, probabilities and likelihood; the Newton fit on the ordered internal
scale is in :mod:`careerrep.models.ordinal_fit`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from careerrep.models.base import BaseModel
from careerrep.models.design import Design
from careerrep.models.families.ordinal import CumulativeFamily, threshold_names
from careerrep.models.family import Family
from careerrep.models.links import get_link
from careerrep.models.ordinal_fit import (
    fit_ordinal,
    internal_from_thresholds,
    ordered_cut_point_loglik,
    starting_values,
    thresholds_from_internal,
)


@dataclass(frozen=True, eq=False, init=False)
class OrdinalModel(BaseModel):
    """Cumulative link model ``P(Y <= k) = F(theta_k - x'beta)`` (R ``polr``/``clm`` convention).

    Parameters
    ----------
    formula
        ``"outcome ~ predictors"`` (formulaic); any intercept is absorbed by the thresholds.
    data
        DataFrame or CaseTable (its ``signals()``); the model keeps a copy.
    link
        ``"logit"`` (proportional odds), ``"probit"`` or ``"cloglog"``.
    weights
        Frequency weights: a column name or an array (R's ``weights``).
    levels
        Outcome order low to high; needed unless the outcome is an ordered
        Categorical or numeric.

    Examples
    --------
    >>> model = OrdinalModel("outcome ~ net_sentiment", frame)  # doctest: +SKIP
    >>> model.fit().params                                       # doctest: +SKIP
    """

    family_class: ClassVar[type[Family]] = CumulativeFamily
    link: str

    def __init__(
        self,
        formula: str,
        data: Any,
        link: str = "logit",
        weights: Any = None,
        levels: Sequence[Any] | None = None,
    ) -> None:
        object.__setattr__(self, "link", get_link(link).name)
        self._build(formula, data, weights, levels)

    def _family(self, design: Design, **options: Any) -> Family:
        return CumulativeFamily(design.labels, design.coef_names, get_link(self.link))

    @property
    def thresholds(self) -> tuple[str, ...]:
        """Threshold names ``"lower|upper"`` as R prints them."""
        return threshold_names(self.labels)


__all__ = [
    "OrdinalModel",
    "fit_ordinal",
    "internal_from_thresholds",
    "ordered_cut_point_loglik",
    "starting_values",
    "thresholds_from_internal",
]
