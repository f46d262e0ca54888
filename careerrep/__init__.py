"""careerrep: media reputation signals and the careers of public officials.

The public names: records and tables (:class:`CaseRecord`, :class:`CaseTable`,
:class:`OutcomeScale`, :data:`CAREER_SCALE`), the models (:class:`OrdinalModel`,
:class:`LogitModel`, :class:`MultinomialModel`, with ``.fit()`` for maximum
likelihood and ``.sample()`` for PyMC), and the errors and warnings. Sub-modules
hold the rest: ``careerrep.datasets``, ``careerrep.effects``, ``careerrep.report``,
``careerrep.plots``, ``careerrep.simulate``, ``careerrep.ingest``, ``careerrep.text``.
"""

from careerrep.errors import (
    CareerRepError,
    CaseRecordError,
    ConvergenceWarning,
    FitError,
    IngestError,
    MissingDataWarning,
    ModelSpecError,
    SamplingWarning,
    SeparationWarning,
    TableReadError,
)
from careerrep.models import (
    LogitModel,
    MLEResult,
    MultinomialModel,
    OrdinalModel,
    PosteriorResult,
    check_proportional_odds,
)
from careerrep.records import CaseRecord
from careerrep.scale import CAREER_SCALE, OutcomeScale
from careerrep.table import CaseTable

__version__ = "0.1.0"

__all__ = [
    "CAREER_SCALE",
    "CareerRepError",
    "CaseRecord",
    "CaseRecordError",
    "CaseTable",
    "ConvergenceWarning",
    "FitError",
    "IngestError",
    "LogitModel",
    "MLEResult",
    "MissingDataWarning",
    "ModelSpecError",
    "MultinomialModel",
    "OrdinalModel",
    "OutcomeScale",
    "PosteriorResult",
    "SamplingWarning",
    "SeparationWarning",
    "TableReadError",
    "__version__",
    "check_proportional_odds",
]
