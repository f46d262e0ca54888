"""Time to exit: tenure spells, hazard models with time-varying media signals, competing exits."""

from careerrep.exits.cox import CoxModel, CoxResult
from careerrep.exits.nonparametric import aalen_johansen, kaplan_meier
from careerrep.exits.plots import plot_cumulative_incidence, plot_survival
from careerrep.exits.spells import CAREER_EXITS, ExitScale, SpellTable

__all__ = [
    "CAREER_EXITS",
    "CoxModel",
    "CoxResult",
    "ExitScale",
    "SpellTable",
    "aalen_johansen",
    "kaplan_meier",
    "plot_cumulative_incidence",
    "plot_survival",
]
