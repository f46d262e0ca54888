"""Models for career outcomes: ordinal, binary and multinomial logit.

One specification, two estimators: ``model.fit()`` (maximum likelihood,
numpy/scipy) returns an :class:`MLEResult`; ``model.sample()`` (PyMC) returns
a ``PosteriorResult``.
"""

from careerrep.models.design import Design
from careerrep.models.logit import LogitModel
from careerrep.models.multinomial import MultinomialModel
from careerrep.models.ordinal import OrdinalModel
from careerrep.models.proportional_odds import ProportionalOddsCheck, check_proportional_odds
from careerrep.models.result import MLEResult

__all__ = [
    "Design",
    "LogitModel",
    "MLEResult",
    "MultinomialModel",
    "OrdinalModel",
    "ProportionalOddsCheck",
    "check_proportional_odds",
]

# The Bayesian helper appends its export below (PosteriorResult from careerrep.models.bayes).
