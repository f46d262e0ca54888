"""careerrep: media reputation signals and the careers of public officials."""

from careerrep.errors import (
    CareerRepError,
    CaseRecordError,
    ConvergenceWarning,
    SamplingWarning,
    SeparationWarning,
)
from careerrep.scale import CAREER_SCALE, OutcomeScale

__version__ = "0.1.0"

__all__ = [
    "CAREER_SCALE",
    "CareerRepError",
    "CaseRecordError",
    "ConvergenceWarning",
    "OutcomeScale",
    "SamplingWarning",
    "SeparationWarning",
    "__version__",
]
