"""Matplotlib figures for results and cases. Every function returns a Figure and never shows it.

* :func:`forest`: coefficients or odds ratios of one or more results;
* :func:`predicted_probabilities`: case-averaged outcome probabilities against a signal;
* :func:`marginal_effects_plot`: marginal effects or contrasts by outcome;
* :func:`predictive_check`: observed vs predicted outcome frequencies;
* :func:`plot_dendrogram`: the tree of a Ward clustering of documents (:mod:`careerrep.text`);
* :func:`source_mix_figure`, :func:`sentiment_figure`, :func:`comments_figure`:
  the case descriptives of the paper (Figures 1-2, Tables 4, 6, 7);
* :func:`figure_html`: a figure as an inline HTML image (for pages and notebooks).
"""

from careerrep.plots._figure import figure_html
from careerrep.plots.cases import comments_figure, sentiment_figure, source_mix_figure
from careerrep.plots.dendrogram import plot_dendrogram
from careerrep.plots.forest import forest
from careerrep.plots.marginal import marginal_effects_plot
from careerrep.plots.ppc import predictive_check
from careerrep.plots.predicted import predicted_probabilities

__all__ = [
    "comments_figure",
    "figure_html",
    "forest",
    "marginal_effects_plot",
    "plot_dendrogram",
    "predicted_probabilities",
    "predictive_check",
    "sentiment_figure",
    "source_mix_figure",
]
