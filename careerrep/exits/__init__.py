"""Time to exit: tenure spells, hazard models with time-varying media signals, competing exits.

Spells (:class:`SpellTable` on an :class:`ExitScale`) -> person-period rows
(:func:`person_periods` with :class:`Window`, :class:`Share`,
:class:`Cumulative`, :class:`Strikes`, :class:`DaysSince` covariates) or
(start, stop] rows -> :class:`DiscreteHazardModel`,
:class:`CompetingHazardModel`, :class:`CoxModel`, :class:`FineGrayModel`;
:func:`kaplan_meier` and :func:`aalen_johansen` curves and their plots;
effects (:func:`hazard_ratios`, :func:`cumulative_incidence`,
:func:`incidence_difference`); simulation (:class:`SpellScenario`,
:func:`draw_spells`, :func:`spell_study`).
"""

from careerrep.exits.cox import CoxModel, CoxResult
from careerrep.exits.discrete import CompetingHazardModel, DiscreteHazardModel, HazardFit
from careerrep.exits.effects import cumulative_incidence, hazard_ratios, incidence_difference
from careerrep.exits.finegray import FineGrayModel, FineGrayResult
from careerrep.exits.nonparametric import aalen_johansen, kaplan_meier
from careerrep.exits.person_period import Cumulative, DaysSince, Share, Strikes, Window, person_periods
from careerrep.exits.plots import plot_cumulative_incidence, plot_survival
from careerrep.exits.simulate import SpellScenario, draw_spells, mentions_from_coverage
from careerrep.exits.spells import CAREER_EXITS, ExitScale, SpellTable
from careerrep.exits.study import SpellStudyResult, spell_study

__all__ = [
    "CAREER_EXITS",
    "CompetingHazardModel",
    "CoxModel",
    "CoxResult",
    "Cumulative",
    "DaysSince",
    "DiscreteHazardModel",
    "ExitScale",
    "FineGrayModel",
    "FineGrayResult",
    "HazardFit",
    "Share",
    "SpellScenario",
    "SpellStudyResult",
    "SpellTable",
    "Strikes",
    "Window",
    "aalen_johansen",
    "cumulative_incidence",
    "draw_spells",
    "hazard_ratios",
    "incidence_difference",
    "kaplan_meier",
    "mentions_from_coverage",
    "person_periods",
    "plot_cumulative_incidence",
    "plot_survival",
    "spell_study",
]
