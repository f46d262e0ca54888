"""Effect sizes, tables and figures for an ordinal model of a simulated cohort.

Draws 400 officials from the Kazakhstan-like scenario, fits the proportional-odds
model of career outcome on the source mix (log-ratio social / mass media), the
mention rate and the tone of publications, and writes into $CAREERREP_OUTPUT
(or a temporary folder): the odds-ratio table (Markdown, LaTeX), the table of
average marginal effects, a contrast table, the forest plot and the
predicted-probability plot.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import matplotlib
import pandas as pd

matplotlib.use("Agg")

from careerrep import plots
from careerrep.effects import contrast, marginal_effects, odds_ratios, shift_share
from careerrep.models.ordinal import OrdinalModel
from careerrep.report import effects_table, table
from careerrep.simulate import draw, kazakhstan_scenario

out = Path(os.environ.get("CAREERREP_OUTPUT") or tempfile.mkdtemp(prefix="careerrep-effects-"))
out.mkdir(parents=True, exist_ok=True)

cohort = draw(kazakhstan_scenario(), 400, seed=2019)
model = OrdinalModel("outcome ~ logratio_social_mass + log_mentions_per_day + net_sentiment", cohort)
result = model.fit()

# Odds ratios (Wald 95%), per unit and per sd of each signal.
print(odds_ratios(result, standardize=True)[["term", "estimate", "lower", "upper", "interval", "per"]])
(out / "odds_ratios.md").write_text(table(result, format="markdown", exponentiate=True))
(out / "odds_ratios.tex").write_text(table(result, format="latex", exponentiate=True))

# Average marginal effects on each outcome probability (delta-method SEs).
ames = marginal_effects(result)
(out / "marginal_effects.md").write_text(effects_table(ames, "markdown"))
print(effects_table(ames, "text"))

# Effects in the reader's units: 10 points of coverage from mass media to social
# networks, and 1,000 more mentions in the window (through the log rate).
moved = contrast(result, changes=shift_share("mass_media_share", "social_share", 0.10, clip=True))
louder = contrast(result, changes={"mentions": lambda m: m + 1000}, label="+1,000 mentions")
contrasts = effects_table(pd.concat([moved, louder]), "markdown", title="Change")
(out / "contrasts.md").write_text(contrasts)
print(contrasts)

plots.forest(result, exponentiate=True).savefig(out / "forest.png", dpi=120)
plots.predicted_probabilities(result, "social_share").savefig(out / "predicted.png", dpi=120)
print(f"wrote tables and figures to {out}")
