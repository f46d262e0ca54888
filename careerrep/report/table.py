"""Regression tables: one or several results side by side.

Each parameter takes two lines: the estimate (or odds ratio), and under it the
interval ``[lower, upper]`` or, with ``se=True``, the standard error (MLE) or
posterior SD in parentheses. Coefficients come first, ordinal thresholds in
their own section, then the fit statistics (N, log-likelihood, AIC, BIC for
MLE; N and PSIS-LOO elpd for posteriors). Random-effect SDs and correlations
(mixed fits, multilevel posteriors) have a section of their own. Notes under the table say which
interval each column uses (``Wald 95%``, ``HDI 95%``, ...) and what the stars
mean when they are asked for (off by default; MLE Wald p-values only).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from careerrep.errors import ArgumentError
from careerrep.report.columns import ResultColumn, result_column
from careerrep.report.formats import Grid, check_format, number, render
from careerrep.report.labels import reader_label

STAR_LEVELS = ((0.001, "***"), (0.01, "**"), (0.05, "*"))


def _stars(p_value: float) -> str:
    if p_value != p_value:
        return ""
    for threshold, mark in STAR_LEVELS:
        if p_value < threshold:
            return mark
    return ""


def _ordered_names(columns: Sequence[ResultColumn]) -> tuple[list[str], list[str], list[str]]:
    """Coefficient, threshold and random-effect names, in first-seen order across results."""
    coefficients: list[str] = []
    thresholds: list[str] = []
    variance: list[str] = []
    for column in columns:
        for name in column.estimate.index:
            if name in column.variance:
                target = variance
            else:
                target = thresholds if name in column.thresholds else coefficients
            if name not in coefficients and name not in thresholds and name not in variance:
                target.append(name)
    return coefficients, thresholds, variance


def _cells(column: ResultColumn, name: str, *, se: bool, stars: bool, digits: int) -> tuple[str, str]:
    if name not in column.estimate.index:
        return "", ""
    estimate = number(float(column.estimate[name]), digits)
    if stars and name not in column.thresholds:  # a threshold's test against 0 means nothing
        estimate += _stars(float(column.p_value[name]))
    if se:
        second = f"({number(float(column.spread[name]), digits)})"
    else:
        second = f"[{number(float(column.lower[name]), digits)}, {number(float(column.upper[name]), digits)}]"
    return estimate, second


def table(
    *results: Any,
    format: str = "text",
    exponentiate: bool = False,
    stars: bool = False,
    se: bool = False,
    level: float = 0.95,
    names: Sequence[str] | None = None,
    digits: int = 3,
    ci: str | None = None,
    labels: Mapping[str, str] | None = None,
) -> str:
    """A publication table of one or more fitted results.

    Parameters
    ----------
    *results
        ``MLEResult`` and/or ``PosteriorResult`` objects (e.g. logit vs
        ordinal, MLE vs Bayesian), one column each.
    format
        ``"text"``, ``"markdown"``, ``"latex"`` (booktabs rules: needs
        ``\\usepackage{booktabs}``) or ``"html"``.
    exponentiate
        Show ``exp(coefficient)`` (odds ratios); thresholds stay on their scale.
    stars
        Mark MLE estimates with ``* p<0.05, ** p<0.01, *** p<0.001`` (off by default).
    se
        Show SEs (posterior SDs) in parentheses instead of intervals.
    level
        Interval probability (default 0.95).
    names
        Column titles (default ``(1)``, ``(2)``, ...).
    digits
        Decimals.
    ci
        Posterior interval kind ``"hdi"`` (default) or ``"eti"``.
    labels
        Reader labels of variables, e.g. ``{"social_share": "Social share"}``
        (see :mod:`careerrep.report.labels`); thresholds keep their names.

    Returns
    -------
    str
        The rendered table (always a string).
    """
    check_format(format)
    if not results:
        raise ArgumentError("table() needs at least one result")
    titles = list(names) if names is not None else [f"({i + 1})" for i in range(len(results))]
    if len(titles) != len(results):
        raise ArgumentError(f"names has {len(titles)} entries for {len(results)} results")
    columns = [result_column(r, exponentiate=exponentiate, level=level, ci=ci) for r in results]
    coefficients, thresholds, variance = _ordered_names(columns)
    outcomes = tuple(
        str(label) for r in results for label in getattr(r, "labels", getattr(r.model, "labels", ()))
    )

    def block(param_names: list[str]) -> list[list[str]]:
        rows = []
        for name in param_names:
            pairs = [_cells(c, name, se=se, stars=stars, digits=digits) for c in columns]
            rows.append([reader_label(name, labels, outcomes), *(p[0] for p in pairs)])
            rows.append(["", *(p[1] for p in pairs)])
        return rows

    references = [_reference(r) for r in results]
    header = [_estimate_heading(exponentiate, references), *titles]
    sections = [
        [["Model", *(c.family for c in columns)], ["Estimator", *(c.estimator for c in columns)]],
        block(coefficients),
    ]
    if thresholds:
        sections.append([["Thresholds", *([""] * len(columns))], *block(thresholds)])
    if variance:
        sections.append([["Random effects (SD, correlation)", *([""] * len(columns))], *block(variance)])
    stat_names: list[str] = []
    for c in columns:
        stat_names.extend(s for s in c.stats if s not in stat_names)
    sections.append([[s, *(c.stats.get(s, "") for c in columns)] for s in stat_names])
    notes = _notes(columns, titles, exponentiate, stars, se, references, results)
    return render(Grid(header, sections, notes), format)


def _reference(result: Any) -> str | None:
    """The reference outcome of a multinomial result (None for other families)."""
    model = getattr(result, "model", None)
    family = getattr(model, "family", getattr(result, "family", None))
    # Only a baseline-category family calls its exp(slope) a relative-risk ratio.
    if getattr(family, "ratio_name", None) != "relative-risk ratio":
        return None
    return str(getattr(model, "reference", None) or result.labels[0])


def _event(result: Any) -> tuple[str, str] | None:
    """(other, event) outcome labels of a binary logit result, else None."""
    model = getattr(result, "model", None)
    family = getattr(model, "family", getattr(result, "family", None))
    # A binary family (exactly two outcomes) on the log-odds scale: a logit of the event.
    if getattr(family, "max_categories", None) != 2 or not getattr(family, "log_odds", False):
        return None
    labels: tuple[Any, ...] = tuple(getattr(result, "labels", None) or getattr(model, "labels", None) or ())
    return (str(labels[0]), str(labels[1])) if len(labels) == 2 else None


def _estimate_heading(exponentiate: bool, references: Sequence[str | None]) -> str:
    if not exponentiate:
        return "Coefficient"
    if all(r is None for r in references):
        return "Odds ratio"
    if all(r is not None for r in references) and len(set(references)) == 1:
        return f"Relative-risk ratio (vs {references[0]})"
    return "exp(coefficient)"


def _notes(
    columns: Sequence[ResultColumn],
    titles: Sequence[str],
    exponentiate: bool,
    stars: bool,
    se: bool,
    references: Sequence[str | None],
    results: Sequence[Any],
) -> list[str]:
    if se:
        spread = "; ".join(f"{t}: {c.spread_name}" for t, c in zip(titles, columns, strict=True))
        notes = [f"In parentheses: {spread}."]
    else:
        kinds = "; ".join(f"{t}: {c.interval}" for t, c in zip(titles, columns, strict=True))
        notes = [f"In brackets: intervals ({kinds})."]
    if exponentiate:
        has_threshold = any(c.thresholds for c in columns)
        has_intercept = any(
            n == "Intercept" or n.endswith(":Intercept") for c in columns for n in c.estimate.index
        )
        kept = {
            (True, True): "intercepts and thresholds are",
            (True, False): "thresholds are",
            (False, True): "intercepts are",
            (False, False): "",
        }[(has_threshold, has_intercept)]
        ratios = []
        if any(r is None for r in references):
            ratios.append("odds ratios")
        ratios.extend(
            f"relative-risk ratios P(Y = k) / P(Y = {r}) against the reference outcome {r}"
            for r in dict.fromkeys(r for r in references if r is not None)
        )
        if any(c.variance for c in columns):
            kept = f"{kept[: -len(' are')]} and random-effect SDs are" if kept else "random-effect SDs are"
        kept_note = f"; {kept} not exponentiated" if kept else ""
        notes.append(f"Estimates are exp(coefficient) ({'; '.join(ratios)}){kept_note}.")
    if any(c.estimator.startswith("Bayes") for c in columns):
        notes.append(
            "Posterior columns: posterior medians of exp(coefficient) with exp of the coefficient's "
            "interval bounds (log-scale rows: means), and posterior SDs."
            if exponentiate
            else "Posterior columns: means, SDs and intervals of the posterior draws."
        )
    if stars:
        notes.append("* p<0.05, ** p<0.01, *** p<0.001 (two-sided Wald tests; no stars for posteriors).")
    for title, result in zip(titles, results, strict=True):
        event = _event(result)
        if event is not None:
            notes.append(f"{title}: logit of {event[1]!r} against {event[0]!r}.")
    for title, column in zip(titles, columns, strict=True):
        notes.extend(f"{title}: {note}" for note in column.notes)
    return notes
