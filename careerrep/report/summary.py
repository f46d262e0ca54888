"""``result.summary()``: text that prints in a terminal and renders as a table in a notebook.

:class:`Summary` is a ``str`` (so ``print``, ``in`` and file writes work as
they always did) that also carries the numbers as ``.frame`` and renders as
HTML in Jupyter (``_repr_html_``). Numbers are shown with fixed decimals per
column (estimates, SEs and bounds to 4 decimals, z to 2, p-values to 4 or
``<0.0001``), so a column reads down without switching to scientific notation.
Thresholds get no z or p: a test of a cut point against 0 answers no question.

MLE summaries also give the null (intercept-only) log-likelihood and two
pseudo-R² (McFadden ``1 - ll/ll0``; Nagelkerke, the Cox-Snell R² divided by
its maximum), from :mod:`careerrep.models.comparison`.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from careerrep.errors import ModelSpecError
from careerrep.models.comparison import mcfadden_r2, nagelkerke_r2, null_loglik
from careerrep.report.labels import reader_label

FOUR_DECIMALS = ("estimate", "std.err", "mean", "std_error", "mcse_mean", "r_hat")


class Summary(str):
    """A result summary: the text itself, plus ``.frame`` (the numbers) and HTML for notebooks."""

    frame: pd.DataFrame
    header: tuple[str, ...]
    notes: tuple[str, ...]
    shown: pd.DataFrame

    def __new__(
        cls, header: Sequence[str], shown: pd.DataFrame, notes: Sequence[str], frame: pd.DataFrame
    ) -> Summary:
        body = shown.to_string()
        rule = "-" * max(len(line) for line in body.splitlines())
        text = "\n".join([*header, rule, body, rule, *notes])
        self = super().__new__(cls, text)
        self.header, self.notes, self.shown, self.frame = tuple(header), tuple(notes), shown, frame
        return self

    def __repr__(self) -> str:
        return str.__str__(self)

    def _repr_html_(self) -> str:
        """The summary as HTML: header lines, the table, the notes."""
        esc = html.escape
        parts = ['<div class="careerrep-summary">']
        parts.extend(f"<p style='margin:0'>{esc(line)}</p>" for line in self.header)
        parts.append(self.shown.to_html(escape=True, border=0, classes="careerrep"))
        parts.extend(f"<p style='margin:0'><small>{esc(line)}</small></p>" for line in self.notes)
        parts.append("</div>")
        return "\n".join(parts)

    def __reduce__(self) -> Any:  # plain picklable data: pickles as its text and frames
        return (Summary, (self.header, self.shown, self.notes, self.frame))

    def relabelled(self, labels: Mapping[str, str] | None, outcomes: Sequence[str] = ()) -> Summary:
        """The same summary with rows (and notes naming a row) under reader labels.

        ``labels`` maps variable names to reader labels as every table and
        figure takes them (see :mod:`careerrep.report.labels`); ``outcomes`` are
        the model's outcome labels (multinomial rows start with one). The
        numbers in ``.frame`` keep the parameter names a program looks up; a
        last note says which label stands for which variable.
        """
        if not labels:
            return self
        outcomes = tuple(str(o) for o in outcomes)
        names = [str(name) for name in self.shown.index]
        shown = self.shown.copy()
        shown.index = pd.Index([reader_label(name, labels, outcomes) for name in names])
        notes = [_relabel_note(note, names, labels, outcomes) for note in self.notes]
        return Summary(self.header, shown, [*notes, labels_note(labels)], self.frame)


def labels_note(labels: Mapping[str, str]) -> str:
    """One line saying which reader label stands for which variable name."""
    return "Labels: " + "; ".join(f"{label} = {name}" for name, label in labels.items())


def _relabel_note(
    note: str, names: Sequence[str], labels: Mapping[str, str], outcomes: tuple[str, ...]
) -> str:
    """A note that starts with a parameter's name (``"x: the data barely inform ..."``), relabelled."""
    for name in sorted(names, key=len, reverse=True):
        if note.startswith(f"{name}: "):
            return reader_label(name, labels, outcomes) + note[len(name) :]
    return note


def relabel_summary(summary: str, result: Any, labels: Mapping[str, str] | None) -> str:
    """``result``'s summary text with its parameter rows under reader labels (``--label``).

    A :class:`Summary` is rebuilt (:meth:`Summary.relabelled`, columns
    realigned); a plain-text summary (the mixed model's) has each table's row
    names replaced and the block realigned. Thresholds and variance components
    (names with ``|``) keep their names, as in every table.
    """
    if not labels:
        return summary
    outcomes = tuple(str(o) for o in getattr(result, "labels", getattr(result.model, "labels", ())))
    if isinstance(summary, Summary):
        return summary.relabelled(labels, outcomes)
    names = [str(name) for name in result.params.index]
    return relabel_text_tables(str(summary), names, labels, outcomes) + "\n" + labels_note(labels)


def relabel_text_tables(
    text: str, names: Sequence[str], labels: Mapping[str, str], outcomes: tuple[str, ...] = ()
) -> str:
    """Relabel the row names of the ``DataFrame.to_string()`` tables in ``text``.

    A table is a run of non-blank lines whose rows start with one of ``names``
    (the longest that fits, followed by spaces); its first column is padded to
    the widest new label so the other columns stay aligned.
    """
    by_length = sorted(names, key=len, reverse=True)

    def row_name(line: str) -> str | None:
        return next((n for n in by_length if line.startswith(n) and line[len(n) : len(n) + 1] == " "), None)

    lines = text.split("\n")
    out: list[str] = []
    start = 0
    while start < len(lines):
        if not lines[start].strip():
            out.append(lines[start])
            start += 1
            continue
        stop = start
        while stop < len(lines) and lines[stop].strip():
            stop += 1
        block = lines[start:stop]
        # A to_string table: a header line starting with spaces, then rows named by parameters
        # (a title line such as "Fixed effects:" may come first).
        header = next((i for i, line in enumerate(block) if line.startswith(" ")), len(block))
        found = [row_name(line) for line in block[header:]]
        rows = [name for name in found if name is not None]
        out.extend(block[:header])
        if rows:
            old = max(len(name) for name in rows)
            new_names = {name: reader_label(name, labels, outcomes) for name in rows}
            new = max(max(len(label) for label in new_names.values()), old)
            for line, name in zip(block[header:], found, strict=True):
                head = new_names[name] if name is not None else line[:old].rstrip()
                out.append(head.ljust(new) + line[old:])
        else:
            out.extend(block[header:])
        start = stop
    return "\n".join(out)


def _fixed(value: float, places: int) -> str:
    if value != value:
        return ""
    if np.isinf(value):
        return "inf" if value > 0 else "-inf"
    text = f"{value:.{places}f}"
    return text if text != f"-{0:.{places}f}" else f"{0:.{places}f}"


def _p_value(value: float) -> str:
    if value != value:
        return ""
    return "<0.0001" if value < 1e-4 else f"{value:.4f}"


def _null_loglik(result: Any) -> float | None:
    try:
        return null_loglik(result)
    except ModelSpecError:  # no intercept: no null model nested in this one
        return None


def mle_summary(result: Any, level: float = 0.95) -> Summary:
    """The summary of an ``MLEResult`` with intervals of probability ``level``."""
    frame = result.summary_frame(level=level)
    level_text = f"{100 * level:g}%"
    thresholds = set(getattr(result.model, "thresholds", ()) or ())
    shown = pd.DataFrame(index=frame.index)
    shown["estimate"] = [_fixed(v, 4) for v in frame["estimate"]]
    shown["std.err"] = [_fixed(v, 4) for v in frame["std_error"]]
    shown["z"] = ["" if n in thresholds else _fixed(v, 2) for n, v in frame["z"].items()]
    shown["p"] = ["" if n in thresholds else _p_value(v) for n, v in frame["p_value"].items()]
    shown[f"{level_text} lower"] = [_fixed(v, 4) for v in frame["lower"]]
    shown[f"{level_text} upper"] = [_fixed(v, 4) for v in frame["upper"]]
    header = [
        *result.model.describe(),
        f"Method: {result.method}   Covariance: {result.cov_type}   Intervals: {result.ci_kind} {level_text}",
        f"N = {result.nobs:g}   log-likelihood = {result.loglik:.4f}   "
        f"AIC = {result.aic:.2f}   BIC = {result.bic:.2f}",
    ]
    null = _null_loglik(result)
    if null is not None and np.isfinite(result.loglik) and null < 0:
        mcfadden, nagelkerke = mcfadden_r2(result), nagelkerke_r2(result)
        header.append(
            f"Null log-likelihood = {null:.4f}   McFadden R² = {mcfadden:.4f}   "
            f"Nagelkerke R² = {nagelkerke:.4f}"
        )
    header.append(
        f"Converged: {result.converged} ({result.iterations} iterations, "
        f"max |gradient| = {result.gradient_norm:.2g})"
    )
    notes = list(result.notes)
    if thresholds:
        notes.append("Thresholds have no z or p: a test of a cut point against 0 answers no question.")
    return Summary(header, shown, notes, frame)


def posterior_summary(
    result: Any, header: Sequence[str], frame: pd.DataFrame, notes: Sequence[str]
) -> Summary:
    """A posterior summary: ``frame`` (from ``summary_frame``) shown with fixed decimals per column."""
    shown = pd.DataFrame(index=frame.index)
    for column in frame.columns:
        values = frame[column].to_numpy(dtype=float)
        if column.startswith("ess"):
            shown[column] = [_fixed(v, 0) for v in values]
        elif column in ("prior_sd", "contraction"):
            shown[column] = [_fixed(v, 2 if column == "contraction" else 3) for v in values]
        else:
            shown[column] = [_fixed(v, 4) for v in values]
    return Summary(header, shown, notes, frame)


def short_repr(result: Any) -> str:
    """One line naming what a result is: family, formula, N, parameters and the fit's key number."""
    model = getattr(result, "model", None)
    formula = getattr(model, "formula", None)
    family = getattr(model, "family", None) or getattr(result, "family", "model")
    family = getattr(family, "name", family)  # a Family object shows its short name
    what = f"{type(result).__name__}({family}"
    what += f": {formula}" if formula else ""
    n_params = len(result.params)
    tail = f"N = {result.nobs:g}, {n_params} parameters"
    if hasattr(result, "idata"):
        d = result.diagnostics
        return f"<{what}; {tail}; {d.chains} chains x {d.draws} draws, max R-hat {d.max_rhat:.4f})>"
    return f"<{what}; {tail}; log-likelihood {result.loglik:.4f}, {result.method}, {result.cov_type})>"
