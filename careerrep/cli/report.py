"""``careerrep report``: fit like ``careerrep fit`` and print one publication table.

There is no saved-fit format to read back, so ``report`` takes the same CASES
and model options as ``fit`` and refits (quick for ML; use ``--seed`` for
reproducible posteriors). It writes only a table: the coefficients / odds
ratios, or with ``--effects`` the average marginal effects.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from careerrep.cli._modelling import add_model_arguments, fit_from_arguments

EPILOG = """examples:
  careerrep report cases.csv --formula "outcome ~ logratio_social_mass" --format latex
  careerrep report cases.csv --formula "outcome ~ logratio_social_mass" --exponentiate --output table.md
  careerrep report cases.csv --formula "outcome ~ net_sentiment" --effects --format html
"""


def run(args: argparse.Namespace) -> int:
    """Fit, render the table, print it or write it to ``--output``."""
    from careerrep.effects import marginal_effects
    from careerrep.report import effects_table, table

    result = fit_from_arguments(args)
    if args.effects:
        text = effects_table(marginal_effects(result, level=args.level), args.format)
    else:
        text = table(
            result,
            format=args.format,
            exponentiate=args.exponentiate,
            stars=args.stars,
            se=args.se,
            level=args.level,
        )
    if args.output:
        Path(args.output).write_text(text + "\n", encoding="utf-8")
        print(f"wrote {args.output}")
    else:
        print(text)
    return 0


def register(commands: Any) -> None:
    """Add the ``report`` subcommand to ``commands`` (an argparse subparsers object)."""
    parser = commands.add_parser(
        "report",
        help="fit a model to a CaseTable file and print a publication table",
        description=__doc__.split("\n\n", 1)[1] if __doc__ else None,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_model_arguments(parser)
    parser.add_argument("--format", choices=("text", "markdown", "latex", "html"), default="text")
    parser.add_argument(
        "--effects", action="store_true", help="average marginal effects instead of coefficients"
    )
    parser.add_argument("--exponentiate", action="store_true", help="odds ratios instead of coefficients")
    parser.add_argument("--stars", action="store_true", help="significance stars (MLE; off by default)")
    parser.add_argument("--se", action="store_true", help="standard errors instead of intervals")
    parser.add_argument(
        "--output", metavar="FILE", default=None, help="write the table here instead of printing"
    )
    parser.set_defaults(handler=run)
