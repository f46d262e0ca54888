"""Effect sizes from MLE and posterior results alike.

* :func:`odds_ratios`: odds ratios or coefficients with intervals, per unit or per sd;
* :func:`marginal_effects`: average marginal effects on each outcome probability;
* :func:`contrast`: first differences between counterfactual versions of the cases;
* :func:`average_predictions`: case-averaged outcome probabilities over a grid;
* :func:`logratio`, :func:`shift_share`: compositional signals (source mix, sentiment);
* :func:`hdi`, :func:`equal_tailed`, :func:`probability_of_direction`,
  :func:`probability_beyond_rope`: posterior summaries of any draws.

All effect functions return tidy DataFrames with the fixed columns of
:mod:`careerrep.effects.tidy`. MLE uncertainty: delta method, Wald intervals.
Posterior uncertainty: the effect computed on every draw, HDI 95% by default.
"""

from careerrep.effects.compositional import logratio, shift_share
from careerrep.effects.contrasts import average_predictions, contrast
from careerrep.effects.counterfactual import apply_changes
from careerrep.effects.intervals import equal_tailed, hdi
from careerrep.effects.marginal import marginal_effects
from careerrep.effects.odds_ratios import odds_ratios
from careerrep.effects.posterior import probability_beyond_rope, probability_of_direction
from careerrep.effects.tidy import CORE_COLUMNS

__all__ = [
    "CORE_COLUMNS",
    "apply_changes",
    "average_predictions",
    "contrast",
    "equal_tailed",
    "hdi",
    "logratio",
    "marginal_effects",
    "odds_ratios",
    "probability_beyond_rope",
    "probability_of_direction",
    "shift_share",
]
