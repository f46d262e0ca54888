"""careerrep: media reputation signals and the careers of public officials.

The public names: records and tables (:class:`CaseRecord`, :class:`CaseTable`,
:class:`OutcomeScale`, :data:`CAREER_SCALE`), the models (:class:`OrdinalModel`,
:class:`LogitModel`, :class:`MultinomialModel`, with ``.fit()`` for maximum
likelihood and ``.sample()`` for PyMC; :class:`CumulativeModel` with
``nominal=``/``scale=`` terms, :class:`SequentialModel` and
:class:`AdjacentModel`, maximum likelihood only), model comparison
(:func:`compare`, :func:`mcfadden_r2`, :func:`nagelkerke_r2`), and the errors
and warnings. Sub-modules
hold the rest: ``careerrep.datasets``, ``careerrep.effects``, ``careerrep.report``,
``careerrep.plots``, ``careerrep.simulate``, ``careerrep.ingest``, ``careerrep.text``.
"""

from careerrep.errors import (
    BoundaryWarning,
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
    ThresholdCrossingWarning,
)
from careerrep.models import (
    AdjacentModel,
    CumulativeModel,
    LogitModel,
    MixedLogitModel,
    MixedOrdinalModel,
    MixedResult,
    MLEResult,
    MultinomialModel,
    OrdinalModel,
    PosteriorResult,
    SequentialModel,
    check_proportional_odds,
    fit_mixed,
)
from careerrep.models.comparison import compare, mcfadden_r2, nagelkerke_r2
from careerrep.records import CaseRecord
from careerrep.scale import CAREER_SCALE, OutcomeScale
from careerrep.table import CaseTable

__version__ = "0.1.0"

__all__ = [
    "CAREER_SCALE",
    "AdjacentModel",
    "BoundaryWarning",
    "CareerRepError",
    "CaseRecord",
    "CaseRecordError",
    "CaseTable",
    "ConvergenceWarning",
    "CumulativeModel",
    "FitError",
    "IngestError",
    "LogitModel",
    "MLEResult",
    "MissingDataWarning",
    "MixedLogitModel",
    "MixedOrdinalModel",
    "MixedResult",
    "ModelSpecError",
    "MultinomialModel",
    "OrdinalModel",
    "OutcomeScale",
    "PosteriorResult",
    "SamplingWarning",
    "SeparationWarning",
    "SequentialModel",
    "TableReadError",
    "ThresholdCrossingWarning",
    "__version__",
    "check_proportional_odds",
    "compare",
    "fit_mixed",
    "mcfadden_r2",
    "nagelkerke_r2",
]
