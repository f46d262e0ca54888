"""``careerrep fit``: fit a model to a CaseTable file and write the summary, tables and figures."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from careerrep.cli._modelling import (
    add_model_arguments,
    first_continuous_variable,
    fit_from_arguments,
    summary_text,
)

EPILOG = """examples:
  careerrep fit cases.csv --formula "outcome ~ logratio_social_mass + log_mentions_per_day" --out results/
  careerrep fit cases.json --formula "outcome ~ net_sentiment" --model ordinal --link probit
  careerrep fit cases.parquet --formula "outcome ~ social_share" --bayes --draws 500 --chains 2 --out bayes/
  careerrep fit cases.csv --formula "outcome ~ social_share + (1|country)"   (mixed model, Laplace)
  careerrep fit cases.csv --formula "outcome ~ social_share" --family cumulative --nominal "net_sentiment"
  careerrep fit cases.csv --formula "outcome ~ social_share" --family cratio --link probit

files written to --out: summary.txt, coefficients.md, coefficients.tex (odds ratios for
logit-link models), effects.md, effects.tex (average marginal effects), forest.png and
predicted.png (against the first numeric variable of the formula).
exit status: 0 ok, 2 bad input (one line on stderr saying why), 1 internal error.
"""


def write_outputs(result: Any, out: Path, level: float) -> list[Path]:
    """Write the tables and figures of ``result`` into ``out``; returns the files written."""
    from careerrep import plots
    from careerrep.effects import marginal_effects
    from careerrep.report import effects_table, table

    out.mkdir(parents=True, exist_ok=True)
    model = result.model
    odds = model.family.log_odds  # exp(slope) is an odds ratio only on a logit scale
    files = {
        "summary.txt": summary_text(result),
        "coefficients.md": table(result, format="markdown", exponentiate=odds, level=level),
        "coefficients.tex": table(result, format="latex", exponentiate=odds, level=level),
    }
    effects = marginal_effects(result, level=level)
    files["effects.md"] = effects_table(effects, "markdown")
    files["effects.tex"] = effects_table(effects, "latex")
    written = []
    for name, text in files.items():
        (out / name).write_text(text + "\n", encoding="utf-8")
        written.append(out / name)
    figures = {"forest.png": plots.forest(result, exponentiate=odds, level=level)}
    variable = first_continuous_variable(result)
    if variable is not None:
        figures["predicted.png"] = plots.predicted_probabilities(result, variable, level=level)
    for name, figure in figures.items():
        figure.savefig(out / name, dpi=120)
        written.append(out / name)
    return written


def run(args: argparse.Namespace) -> int:
    """Fit, print the summary, and write the outputs if ``--out`` is given."""
    result = fit_from_arguments(args)
    print(summary_text(result))
    if args.out is not None:
        for path in write_outputs(result, Path(args.out), args.level):
            print(f"wrote {path}")
    return 0


def register(commands: Any) -> None:
    """Add the ``fit`` subcommand to ``commands`` (an argparse subparsers object)."""
    parser = commands.add_parser(
        "fit",
        help="fit an ordinal, logit or multinomial model to a CaseTable file",
        description="Fit a model (maximum likelihood, or PyMC with --bayes) to the signals of a "
        "CaseTable file; print the summary and, with --out, write tables and figures.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_model_arguments(parser)
    parser.add_argument("--out", metavar="DIR", default=None, help="folder for tables and figures")
    parser.set_defaults(handler=run)
