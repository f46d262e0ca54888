"""``careerrep fit``: fit a model to a CaseTable file and write the summary, tables and figures.

Nothing is half-written: every table and figure is rendered in memory first,
written into a temporary folder beside ``--out`` and only then moved into
place, so an error leaves ``--out`` as it was.
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from careerrep.cli._modelling import add_model_arguments, first_continuous_variable, fit_from_arguments
from careerrep.cli._options import add_study_arguments, check_labels, labels_of
from careerrep.errors import ModelSpecError

EPILOG = """examples:
  careerrep fit cases.csv --formula "outcome ~ logratio_social_mass + log_mentions_per_day" --out results/
  careerrep fit cases.json --formula "outcome ~ net_sentiment" --model ordinal --link probit
  careerrep fit cases.csv --formula "outcome ~ social_share" --event fired --out fired/
  careerrep fit cases.csv --formula "outcome ~ social_share" --groups country --out robust/
  careerrep fit cases.parquet --formula "outcome ~ social_share" --bayes --draws 500 --chains 2 --out bayes/
  careerrep fit cases.csv --formula "outcome ~ social_share + (1|country)"   (mixed model, Laplace)
  careerrep fit cases.csv --formula "outcome ~ social_share" --family cumulative --nominal "net_sentiment"
  careerrep fit cases.csv --formula "outcome ~ social_share" --family cratio --link probit

files written to --out: summary.txt, coefficients.md, coefficients.tex (odds ratios for
logit-link models, relative-risk ratios for multinomial ones), effects.md, effects.tex
(average marginal effects), forest.png and predicted.png (against --predicted, by default
the first numeric variable of the formula). All intervals use --level.
exit status: 0 ok, 2 bad input (one line on stderr saying why), 1 internal error.
"""


def summary_at(result: Any, level: float, labels: dict[str, str] | None = None) -> str:
    """The result's summary as text, its intervals at ``level``, its rows under ``--label`` labels."""
    from careerrep.report.summary import relabel_summary

    return str(relabel_summary(result.summary(level=level), result, labels))


def exponentiates(result: Any) -> bool:
    """Whether exp(coefficient) is a ratio of odds (or risks) for this model."""
    family = result.model.family
    log_odds = getattr(family, "log_odds", None)  # a Family knows whether its scale is log-odds
    if log_odds is not None:
        return bool(log_odds)
    return str(getattr(result.model, "link", "logit")) == "logit"


def predicted_variable(result: Any, chosen: str | None) -> str | None:
    """The x-axis of the predicted-probability figure: ``--predicted`` or the first numeric variable."""
    if chosen is None:
        return first_continuous_variable(result)
    from careerrep.effects.marginal import formula_variables, is_categorical

    numeric = [n for n in formula_variables(result.model) if not is_categorical(result.model, n)]
    if chosen not in numeric:
        raise ModelSpecError(
            f"--predicted {chosen!r} is not a numeric variable of the formula "
            f"({', '.join(numeric) or 'none'})"
        )
    return chosen


def render_outputs(
    result: Any, level: float, variable: str | None, labels: dict[str, str]
) -> tuple[dict[str, str], dict[str, Any]]:
    """Every table (name -> text) and figure (name -> Figure) of the report, in memory."""
    from careerrep import plots
    from careerrep.effects import marginal_effects
    from careerrep.report import effects_table, table

    odds = exponentiates(result)
    texts = {
        "summary.txt": summary_at(result, level, labels),
        "coefficients.md": table(result, format="markdown", exponentiate=odds, level=level, labels=labels),
        "coefficients.tex": table(result, format="latex", exponentiate=odds, level=level, labels=labels),
    }
    effects = marginal_effects(result, level=level)
    texts["effects.md"] = effects_table(effects, "markdown", labels=labels)
    texts["effects.tex"] = effects_table(effects, "latex", labels=labels)
    figures = {"forest.png": plots.forest(result, exponentiate=odds, level=level, labels=labels)}
    if variable is not None:
        figures["predicted.png"] = plots.predicted_probabilities(result, variable, level=level, labels=labels)
    return texts, figures


def write_outputs(texts: dict[str, str], figures: dict[str, Any], out: Path) -> list[Path]:
    """Write into a temporary folder beside ``out``, then move the files into ``out``."""
    if out.exists() and not out.is_dir():
        raise ModelSpecError(f"--out {out} exists and is not a folder")
    parent = out.resolve().parent
    if not parent.is_dir():
        raise ModelSpecError(f"--out {out}: folder {parent} does not exist")
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=parent))
    try:
        for name, text in texts.items():
            (staging / name).write_text(text + "\n", encoding="utf-8")
        for name, figure in figures.items():
            figure.savefig(staging / name, dpi=150)
        names = [*texts, *figures]
        if not out.exists():
            staging.rename(out)
        else:  # keep the user's other files; each of ours replaces its old version atomically
            for name in names:
                os.replace(staging / name, out / name)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return [out / name for name in names]


def run(args: argparse.Namespace) -> int:
    """Fit, print the summary, and write the outputs if ``--out`` is given."""
    result = fit_from_arguments(args)
    labels = labels_of(args)
    check_labels(result, labels)
    summary = summary_at(result, args.level, labels)  # the same text as summary.txt
    if args.out is not None:
        variable = predicted_variable(result, args.predicted)
        texts, figures = render_outputs(result, args.level, variable, labels)
        written = write_outputs(texts, figures, Path(args.out))
        print(summary)
        for path in written:
            print(f"wrote {path}")
    else:
        print(summary)
    return 0


def register(commands: Any) -> None:
    """Add the ``fit`` subcommand to ``commands`` (an argparse subparsers object)."""
    parser = commands.add_parser(
        "fit",
        help="fit an ordinal, logit or multinomial model to a CaseTable file",
        description="Fit a model (maximum likelihood, or PyMC with --bayes) to the signals of a "
        "CaseTable file; print the summary and, with --out, write tables and figures.",
        epilog=EPILOG,
    )
    add_model_arguments(parser)
    add_study_arguments(parser)
    parser.add_argument("--out", metavar="DIR", default=None, help="folder for tables and figures")
    parser.add_argument(
        "--predicted",
        metavar="VARIABLE",
        default=None,
        help="x-axis of predicted.png (default: the first numeric variable of the formula)",
    )
    parser.set_defaults(handler=run)
