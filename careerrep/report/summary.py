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
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from careerrep.errors import ModelSpecError
from careerrep.models.comparison import mcfadden_r2, nagelkerke_r2, null_loglik

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
