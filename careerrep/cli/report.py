"""``careerrep report``: fit like ``careerrep fit`` and print one publication table."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from careerrep.cli._modelling import add_model_arguments, fit_from_arguments
from careerrep.cli._options import add_study_arguments, check_labels, labels_of
from careerrep.errors import ModelSpecError

DESCRIPTION = """\
There is no saved-fit format to read back, so report takes the same CASES and
model options as fit and refits (quick for ML; use --seed for reproducible
posteriors). It prints or writes one table: the coefficients or odds ratios,
or with --effects the average marginal effects. The format follows the
--output suffix (.md, .tex, .html, .txt) unless --format says otherwise."""

SUFFIX_FORMATS = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".tex": "latex",
    ".html": "html",
    ".txt": "text",
}


def table_format(chosen: str | None, output: str | None) -> str:
    """The table format: ``--format``, else the ``--output`` suffix, else text."""
    if output is None:
        return chosen or "text"
    suffix = Path(output).suffix.lower()
    implied = SUFFIX_FORMATS.get(suffix)
    if implied is None:
        if chosen is None:
            raise ModelSpecError(
                f"--output {output}: *{suffix or '(no suffix)'} is not a table format; "
                f"use {', '.join(SUFFIX_FORMATS)} or give --format"
            )
        return chosen
    if chosen is not None and chosen != implied:
        raise ModelSpecError(f"--output {output} is {implied} by its suffix but --format says {chosen}")
    return implied


EPILOG = """examples:
  careerrep report cases.csv --formula "outcome ~ logratio_social_mass" --format latex
  careerrep report cases.csv --formula "outcome ~ logratio_social_mass" --exponentiate --output table.md
  careerrep report cases.csv --formula "outcome ~ social_share" --event fired --output fired.tex
  careerrep report cases.csv --formula "outcome ~ net_sentiment" --effects --format html
"""


def run(args: argparse.Namespace) -> int:
    """Fit, render the table, print it or write it to ``--output``."""
    from careerrep.effects import marginal_effects
    from careerrep.report import effects_table, table

    fmt = table_format(args.format, args.output)
    if args.output is not None and not Path(args.output).resolve().parent.is_dir():
        raise ModelSpecError(f"--output {args.output}: its folder does not exist")
    result = fit_from_arguments(args)
    labels = labels_of(args)
    check_labels(result, labels)
    if args.effects:
        text = effects_table(marginal_effects(result, level=args.level), fmt, labels=labels)
    else:
        text = table(
            result,
            format=fmt,
            exponentiate=args.exponentiate,
            stars=args.stars,
            se=args.se,
            level=args.level,
            labels=labels,
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
        description=DESCRIPTION,
        epilog=EPILOG,
    )
    add_model_arguments(parser)
    add_study_arguments(parser)
    parser.add_argument(
        "--format",
        choices=("text", "markdown", "latex", "html"),
        default=None,
        help="table format (default: from the --output suffix, else text)",
    )
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
