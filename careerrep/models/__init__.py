"""Models for career outcomes: ordinal, binary and multinomial logit.

One specification, two estimators: ``model.fit()`` (maximum likelihood,
numpy/scipy) returns an :class:`MLEResult`; ``model.sample()`` (PyMC) returns
a ``PosteriorResult``.
"""

from careerrep.models.adjacent import AdjacentModel
from careerrep.models.bayes import PosteriorResult  # pymc itself loads only in .sample()
from careerrep.models.cumulative_general import CumulativeModel
from careerrep.models.design import Design
from careerrep.models.family import Family, Parameter, ParameterLayout, Role
from careerrep.models.logit import LogitModel
from careerrep.models.mixed import MixedLogitModel, MixedOrdinalModel, MixedResult, fit_mixed
from careerrep.models.multinomial import MultinomialModel
from careerrep.models.ordinal import OrdinalModel
from careerrep.models.proportional_odds import ProportionalOddsCheck, check_proportional_odds
from careerrep.models.result import MLEResult
from careerrep.models.sequential import SequentialModel
from careerrep.models.split_effects import split_marginal_effects

__all__ = [
    "AdjacentModel",
    "CumulativeModel",
    "Design",
    "Family",
    "LogitModel",
    "MLEResult",
    "MixedLogitModel",
    "MixedOrdinalModel",
    "MixedResult",
    "MultinomialModel",
    "OrdinalModel",
    "Parameter",
    "ParameterLayout",
    "PosteriorResult",
    "ProportionalOddsCheck",
    "Role",
    "SequentialModel",
    "check_proportional_odds",
    "fit_mixed",
    "split_marginal_effects",
]
