"""Study options of ``careerrep fit`` and ``careerrep report``: outcome, levels, covariance, labels.

* ``--event fired`` (or ``--event fired,resigned``) turns the case table's
  career outcome into a binary one, the listed labels against the rest, and
  fits a logit model: the route from a case table to a binary model.
* ``--levels a,b,c`` gives the outcome order (low to high) explicitly.
* ``--cov`` and ``--groups`` choose the MLE covariance (cluster-robust by a
  signals column such as ``official`` or ``country``).
* ``--label name=Reader label`` (repeatable) renames variables in tables and figures.
"""

from __future__ import annotations

import argparse
from typing import Any

import pandas as pd

from careerrep.errors import ModelSpecError

COVARIANCES = ("nonrobust", "HC0", "HC1", "cluster")


def comma_list(text: str) -> list[str]:
    """``"a, b,c"`` -> ``["a", "b", "c"]`` (at least one non-empty item)."""
    items = [part.strip() for part in text.split(",") if part.strip()]
    if not items:
        raise argparse.ArgumentTypeError(f"{text!r} is not a comma-separated list")
    return items


def label_pair(text: str) -> tuple[str, str]:
    """``"social_share=Social share"`` -> ``("social_share", "Social share")``."""
    name, sep, label = text.partition("=")
    if not sep or not name.strip() or not label.strip():
        raise argparse.ArgumentTypeError(f"--label {text!r}: write NAME=Reader label")
    return name.strip(), label.strip()


def add_study_arguments(parser: argparse.ArgumentParser) -> None:
    """Add ``--event``, ``--levels``, ``--cov``, ``--groups`` and ``--label`` to ``parser``."""
    parser.add_argument(
        "--event",
        type=comma_list,
        metavar="LABEL[,LABEL]",
        default=None,
        help="fit a logit model of these outcome labels against the rest "
        '(e.g. --event fired or --event "fired,resigned"); implies --model logit',
    )
    parser.add_argument(
        "--levels",
        type=comma_list,
        metavar="A,B,...",
        default=None,
        help="outcome levels low to high (needed for a numeric outcome; default: the outcome's own order)",
    )
    parser.add_argument(
        "--cov",
        choices=COVARIANCES,
        default=None,
        help="MLE covariance (default: nonrobust, or cluster when --groups is given)",
    )
    parser.add_argument(
        "--groups",
        metavar="COLUMN",
        default=None,
        help="signals column of the clusters for --cov cluster, e.g. official or country",
    )
    parser.add_argument(
        "--label",
        type=label_pair,
        action="append",
        metavar="NAME=TEXT",
        default=None,
        help='reader label of a variable in tables and figures, e.g. --label "social_share=Social share"',
    )


def labels_of(args: argparse.Namespace) -> dict[str, str]:
    """The ``--label`` pairs as a mapping (empty when none were given)."""
    return dict(getattr(args, "label", None) or [])


def binary_outcome(data: pd.DataFrame, formula: str, event: list[str]) -> tuple[pd.DataFrame, list[str]]:
    """Recode the formula's outcome column into ``not <event>`` / ``<event>``.

    Returns the recoded frame (a copy) and the levels, event last, for ``LogitModel``.

    Raises
    ------
    ModelSpecError
        If a label is not an outcome value, or every value is an event.
    """
    lhs = formula.split("~", 1)[0].strip()
    if lhs not in data.columns:
        raise ModelSpecError(f"outcome column {lhs!r} (left of '~') is not in the data")
    values = data[lhs]
    known = (
        [str(c) for c in values.cat.categories]
        if isinstance(values.dtype, pd.CategoricalDtype)
        else sorted({str(v) for v in values.dropna()})
    )
    by_lower = {k.lower(): k for k in known}
    unknown = [e for e in event if e.lower() not in by_lower]
    if unknown:
        raise ModelSpecError(
            f"--event {','.join(unknown)}: not an outcome label of {lhs!r} ({', '.join(known)})"
        )
    chosen = {by_lower[e.lower()] for e in event}
    if chosen == set(known):
        raise ModelSpecError(
            f"--event names every outcome label of {lhs!r}; leave at least one as the contrast"
        )
    name = " or ".join(k for k in known if k in chosen)
    other = f"not {name}"
    recoded = values.astype(object).map(lambda v: v if pd.isna(v) else (name if str(v) in chosen else other))
    frame = data.copy()
    frame[lhs] = pd.Categorical(recoded, categories=[other, name])
    return frame, [other, name]


def levels_for(data: pd.DataFrame, formula: str, levels: list[str] | None) -> list[Any] | None:
    """``--levels`` in the outcome column's own type (numbers for a numeric outcome)."""
    if levels is None:
        return None
    lhs = formula.split("~", 1)[0].strip()
    if lhs in data.columns and pd.api.types.is_numeric_dtype(data[lhs].dtype):
        try:
            return [float(v) if "." in v else int(v) for v in levels]
        except ValueError:
            raise ModelSpecError(f"--levels {','.join(levels)}: outcome {lhs!r} is numeric") from None
    return list(levels)


def fit_options(args: argparse.Namespace) -> dict[str, Any]:
    """``cov=`` and ``groups=`` for ``model.fit()`` from ``--cov`` and ``--groups``."""
    cov, groups = getattr(args, "cov", None), getattr(args, "groups", None)
    if cov is None:
        cov = "cluster" if groups is not None else "nonrobust"
    if cov == "cluster" and groups is None:
        raise ModelSpecError("--cov cluster needs --groups COLUMN (e.g. --groups official)")
    if groups is not None and cov != "cluster":
        raise ModelSpecError(f"--groups is used only with --cov cluster, not --cov {cov}")
    if getattr(args, "bayes", False) and (getattr(args, "cov", None) or groups):
        raise ModelSpecError("--cov and --groups apply to maximum likelihood, not --bayes")
    return {"cov": cov, "groups": groups} if groups is not None else {"cov": cov}


def refuse_no_predictors(model: Any, formula: str) -> None:
    """A report needs at least one predictor coefficient; say so before anything is fitted or written."""
    # Every parameter but intercepts and thresholds is a predictor's (for the --family models
    # that includes category-specific "lo|hi.term" and "scale:term" ones).
    cut_points = set(getattr(model, "thresholds", ()) or ())
    names = getattr(model, "param_names", None) or model.coef_names
    slopes = [name for name in names if name != "Intercept" and name not in cut_points]
    if not slopes:
        raise ModelSpecError(
            f"formula {formula!r} has no predictor coefficient (an intercept-only model has no "
            f"effects to report); put at least one signal right of '~', e.g. 'outcome ~ social_share'"
        )


def check_labels(result: Any, labels: dict[str, str]) -> None:
    """Every ``--label`` names a variable of the formula or a coefficient: a typo is refused, not ignored.

    Raises
    ------
    ModelSpecError
        Naming the first unknown name and the variables it could have meant.
    """
    if not labels:
        return
    from careerrep.effects.marginal import formula_variables

    variables = formula_variables(result.model)
    known = set(variables) | {str(name) for name in result.params.index}
    unknown = [name for name in labels if name not in known]
    if unknown:
        raise ModelSpecError(
            f"--label {unknown[0]}=...: {unknown[0]!r} is not a variable of the formula "
            f"({', '.join(variables) or 'none'}) nor a coefficient name"
        )
