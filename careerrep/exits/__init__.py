"""Time to exit: tenure spells, hazard models with time-varying media signals, competing exits."""

from careerrep.exits.cox import CoxModel, CoxResult
from careerrep.exits.spells import CAREER_EXITS, ExitScale, SpellTable

__all__ = ["CAREER_EXITS", "CoxModel", "CoxResult", "ExitScale", "SpellTable"]
