"""Shared plumbing of ``careerrep fit`` and ``careerrep report``: read cases, build and fit a model."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from careerrep.cli._options import binary_outcome, fit_options, levels_for, refuse_no_predictors
from careerrep.cli._registry import DEFAULT_MODEL, EVENT_MODEL, FAMILIES, MODELS
from careerrep.errors import ModelSpecError, TableReadError


def read_cases(path: str) -> Any:
    """A CaseTable from a ``.csv``, ``.json`` or ``.parquet`` file (by suffix)."""
    from careerrep.table import CaseTable

    file = Path(path)
    if not file.exists():
        raise FileNotFoundError(f"no such file: {path}")
    readers = {".csv": CaseTable.read_csv, ".json": CaseTable.read_json, ".parquet": CaseTable.read_parquet}
    reader = readers.get(file.suffix.lower())
    if reader is None:
        raise TableReadError(f"{path}: unknown file type {file.suffix!r}; use .csv, .json or .parquet")
    return reader(file)


def add_model_arguments(parser: argparse.ArgumentParser) -> None:
    """CASES, --formula, --model, --link, --bayes and the sampler options."""
    parser.add_argument("cases", metavar="CASES", help="CaseTable file: .csv, .json or .parquet")
    parser.add_argument(
        "--formula", required=True, help='Wilkinson formula, e.g. "outcome ~ logratio_social_mass"'
    )
    parser.add_argument(
        "--model",
        choices=list(MODELS),
        default=None,
        help=f"model family (default: {DEFAULT_MODEL}; {EVENT_MODEL} with --event)",
    )
    parser.add_argument(
        "--link", default="logit", choices=("logit", "probit", "cloglog"), help="ordinal link"
    )
    parser.add_argument(
        "--family",
        choices=list(FAMILIES),
        default=None,
        help="ordinal family beyond proportional odds: cumulative (clm, with --nominal/--scale), "
        "cratio, sratio (VGAM sequential) or acat (adjacent category); ML, with --cov/--groups, "
        "no random terms",
    )
    parser.add_argument(
        "--nominal", default=None, help='category-specific terms, e.g. "contact" (--family only)'
    )
    parser.add_argument(
        "--scale", default=None, help='log-scale terms, e.g. "temp" (--family cumulative only)'
    )
    parser.add_argument("--bayes", action="store_true", help="sample the posterior with PyMC instead of ML")
    parser.add_argument("--draws", type=int, default=1000, help="posterior draws per chain (--bayes)")
    parser.add_argument("--chains", type=int, default=4, help="number of chains (--bayes)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (--bayes; default 1)")
    parser.add_argument("--level", type=float, default=0.95, help="interval probability (default 0.95)")


def fit_from_arguments(args: argparse.Namespace) -> Any:
    """Read the cases, build the model and fit (or sample) it, as the arguments say."""
    if not 0.0 < args.level < 1.0:
        raise ModelSpecError(f"--level must be in (0, 1), got {args.level}")
    options = fit_options(args)  # argument errors before reading anything
    if getattr(args, "family", None) is not None:
        refuse_random_terms(args.family, args.formula, args.groups)
    table = read_cases(args.cases)
    family_kind = getattr(args, "family", None)
    if family_kind is not None:
        if (args.model is not None and not MODELS[args.model].refinable) or args.bayes or args.event:
            raise ModelSpecError(
                f"--family {family_kind} is an ordinal model fitted by ML: drop --model/--bayes/--event"
            )
        data = table.signals()
        levels = levels_for(data, args.formula, args.levels)
        family_model = build_family_model(
            family_kind, args.formula, data, args.link, args.nominal, args.scale, levels=levels
        )
        refuse_no_predictors(family_model, args.formula)
        # --cov and --groups: robust or cluster-robust covariance
        return family_model.fit(**cluster_values(options, data))
    if getattr(args, "nominal", None) or getattr(args, "scale", None):
        raise ModelSpecError("--nominal and --scale need --family (e.g. --family cumulative)")
    data = table.signals()
    name = args.model or (EVENT_MODEL if args.event else DEFAULT_MODEL)
    levels = levels_for(data, args.formula, args.levels)
    if args.event:
        if not MODELS[name].binary or levels is not None:
            raise ModelSpecError("--event fits a logit model: drop --model and --levels")
        data, levels = binary_outcome(data, args.formula, args.event)
    model = build_model(name, args.formula, data, args.link, levels=levels)
    refuse_no_predictors(model, args.formula)
    if args.bayes:
        if args.draws < 10 or args.chains < 1:
            raise ModelSpecError("--draws must be at least 10 and --chains at least 1")
        return model.sample(draws=args.draws, chains=args.chains, seed=args.seed)
    return model.fit(**cluster_values(options, data))


def cluster_values(options: dict[str, Any], data: Any) -> dict[str, Any]:
    """``options`` with a ``--groups`` column name replaced by that column's values.

    A model keeps only the columns its formula uses, so a cluster column is
    handed over as values.
    """
    column = options.get("groups")
    if not isinstance(column, str):
        return options
    if column not in data.columns:
        raise ModelSpecError(f"--groups {column!r} is not a column of the signals")
    return {**options, "groups": data[column].to_numpy()}


def build_model(name: str, formula: str, data: Any, link: str = "logit", levels: Any = None) -> Any:
    """The ``--model`` called ``name`` (a key of :data:`MODELS`) on ``data``.

    ``link`` goes to models that take one; for the others anything but the
    default is refused rather than silently ignored.
    """
    entry = MODELS.get(name)
    if entry is None:
        raise ModelSpecError(f"--model must be one of {list(MODELS)}, got {name!r}")
    return entry.build(name, formula, data, link, levels)


def refuse_random_terms(family: str, formula: str, groups: str | None) -> None:
    """The ``--family`` models have no mixed-effects version: refuse ``(1|g)`` and say what exists.

    Raises
    ------
    ModelSpecError
        Naming the random terms, the proportional-odds mixed model (no
        ``--family``) and cluster-robust covariance (``--groups``) as the two
        ways to account for grouped cases.
    """
    from careerrep.models.design import split_random_intercepts

    _, terms = split_random_intercepts(formula)
    if terms:
        cluster = groups or terms[0].split(":")[0]
        raise ModelSpecError(
            f"--family {family} has no mixed-effects version, so the random term(s) on "
            f"{', '.join(terms)} cannot be fitted with it; drop --family to fit "
            f"the proportional-odds mixed model, or drop the random term and give --groups {cluster} "
            f"for cluster-robust standard errors"
        )


def build_family_model(
    family: str,
    formula: str,
    data: Any,
    link: str,
    nominal: str | None,
    scale: str | None,
    levels: Any = None,
) -> Any:
    """The ``--family`` model (a key of :data:`FAMILIES`) on ``data``, not yet fitted.

    ``levels`` is the outcome order (``--levels``), low to high; ``None`` reads it from the outcome.
    """

    def one_sided(terms: str | None) -> str | None:
        return None if terms is None else (terms if terms.strip().startswith("~") else f"~ {terms}")

    entry = FAMILIES.get(family)
    if entry is None:
        raise ModelSpecError(f"--family must be one of {list(FAMILIES)}, got {family!r}")
    if scale is not None and not entry.takes_scale:
        with_scale = [name for name, other in FAMILIES.items() if other.takes_scale]
        raise ModelSpecError(f"--scale applies to --family {' or '.join(with_scale)} only, not {family}")
    return entry.build(formula, data, link, one_sided(nominal), one_sided(scale), levels=levels)


def summary_text(result: Any) -> str:
    """The result's summary as text (both result types' ``summary()`` return text)."""
    return str(result.summary())


def first_continuous_variable(result: Any) -> str | None:
    """The first numeric formula variable (the x-axis of the predicted-probability plot)."""
    from careerrep.effects.marginal import formula_variables, is_categorical

    model = result.model
    for name in formula_variables(model):
        if not is_categorical(model, name):
            return name
    return None
