"""Simulation studies: how many cases does a claim about media reputation need?

A :class:`Scenario` is a data-generating process for a cohort of officials
(coverage volume, source mix, publication and comment tone, true effects of
the signals on a latent career propensity). :func:`draw` gives one cohort as
a validated :class:`~careerrep.table.CaseTable`; :func:`study` replicates
draw -> fit many times (on local processes or a Dask cluster) and reports
recovery, coverage and power; :func:`power_curve` repeats a study over
cohort sizes. :func:`kazakhstan_scenario` is a preset whose magnitudes follow
the paper's three cases (an assumption for planning, not data);
:func:`kazakhstan_binary_scenario` (left office or stayed) and
:func:`kazakhstan_countries_scenario` (a country random intercept) are its
binary and grouped variants (:data:`PRESETS` by command-line name).
"""

from careerrep.simulate.components import (
    CommentModel,
    GroupEffect,
    MentionVolume,
    ScenarioError,
    SentimentModel,
    SourceMixModel,
)
from careerrep.simulate.draw import draw
from careerrep.simulate.estimators import Estimates
from careerrep.simulate.power_curve import PowerCurve, power_curve
from careerrep.simulate.presets import (
    PRESETS,
    kazakhstan_binary_scenario,
    kazakhstan_countries_scenario,
    kazakhstan_scenario,
)
from careerrep.simulate.replicate import ReplicateInfo
from careerrep.simulate.scenario import Scenario
from careerrep.simulate.store import StudyStoreError
from careerrep.simulate.study import StudyResult, study

__all__ = [
    "PRESETS",
    "CommentModel",
    "Estimates",
    "GroupEffect",
    "MentionVolume",
    "PowerCurve",
    "ReplicateInfo",
    "Scenario",
    "ScenarioError",
    "SentimentModel",
    "SourceMixModel",
    "StudyResult",
    "StudyStoreError",
    "draw",
    "kazakhstan_binary_scenario",
    "kazakhstan_countries_scenario",
    "kazakhstan_scenario",
    "power_curve",
    "study",
]
