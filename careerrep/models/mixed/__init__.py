"""Random effects by maximum likelihood: mixed ordinal (``clmm``) and binary logit (``glmer``) models.

``MixedOrdinalModel(formula, data, link=...)`` and ``MixedLogitModel(formula,
data)`` take formulas with ``(1|g)``, ``(1|a/b)``, ``(1|g1) + (1|g2)`` and
``(1 + x|g)`` terms; ``.fit()`` maximises the Laplace approximation (or,
``n_agq=`` > 1, adaptive Gauss-Hermite quadrature for one random intercept)
and returns a :class:`MixedResult`. :func:`fit_mixed` does the same for an
``OrdinalModel`` / ``LogitModel`` whose formula has ``(1|g)`` terms.
"""

from careerrep.models.mixed.model import MixedLogitModel, MixedModel, MixedOrdinalModel, fit_mixed
from careerrep.models.mixed.result import MixedResult

__all__ = ["MixedLogitModel", "MixedModel", "MixedOrdinalModel", "MixedResult", "fit_mixed"]
