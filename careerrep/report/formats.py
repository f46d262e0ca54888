"""Render a table layout as plain text, Markdown, LaTeX (booktabs) or HTML.

Tables are first laid out as a :class:`Grid` (already formatted cell strings,
grouped into sections that get a rule between them, and notes under the
table), and only then rendered, so every format shows exactly the same numbers.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass

from careerrep.errors import ArgumentError

FORMATS = ("text", "markdown", "latex", "html")

_LATEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    "<": r"\textless{}",
    ">": r"\textgreater{}",
    "|": r"\textbar{}",  # a bare | prints as an em dash in LaTeX's default text font
    "×": r"$\times$",
}


@dataclass(frozen=True)
class Grid:
    """A formatted table: header, sections of rows, notes.

    Attributes
    ----------
    header
        Column titles (the first is the row-label column).
    sections
        Groups of rows; a rule separates consecutive groups.
    notes
        Lines printed under the table.
    """

    header: Sequence[str]
    sections: Sequence[Sequence[Sequence[str]]]
    notes: Sequence[str] = ()


def check_format(format: str) -> None:
    """Raise ``ValueError`` naming the choices unless ``format`` is supported."""
    if format not in FORMATS:
        raise ArgumentError(f"format must be one of {FORMATS}, got {format!r}")


def render(grid: Grid, format: str) -> str:
    """The table as a string in ``format`` (``"text"``, ``"markdown"``, ``"latex"``, ``"html"``)."""
    check_format(format)
    return {"text": _text, "markdown": _markdown, "latex": _latex, "html": _html}[format](grid)


def _text(grid: Grid) -> str:
    rows = [list(grid.header)] + [list(r) for section in grid.sections for r in section]
    widths = [max(len(row[j]) for row in rows) for j in range(len(grid.header))]

    def line(cells: Sequence[str]) -> str:
        first = cells[0].ljust(widths[0])
        rest = [c.rjust(w) for c, w in zip(cells[1:], widths[1:], strict=True)]
        return "  ".join([first, *rest]).rstrip()

    rule = "-" * (sum(widths) + 2 * (len(widths) - 1))
    out = [rule, line(grid.header), rule]
    for i, section in enumerate(grid.sections):
        if i:
            out.append(rule)
        out.extend(line(row) for row in section)
    out.append(rule)
    out.extend(grid.notes)
    return "\n".join(out)


def _markdown_cell(text: str) -> str:
    return text.replace("|", r"\|")


def _markdown(grid: Grid) -> str:
    out = ["| " + " | ".join(_markdown_cell(h) for h in grid.header) + " |"]
    out.append("|" + "|".join([":---", *["---:"] * (len(grid.header) - 1)]) + "|")
    for section in grid.sections:
        out.extend("| " + " | ".join(_markdown_cell(c) for c in row) + " |" for row in section)
    if grid.notes:
        out.append("")
        out.extend(f"{note}  " if i < len(grid.notes) - 1 else note for i, note in enumerate(grid.notes))
    return "\n".join(out)


def latex_escape(text: str) -> str:
    """Escape LaTeX special characters in plain text."""
    return "".join(_LATEX_SPECIAL.get(ch, ch) for ch in text)


_NEGATIVE_NUMBER = re.compile(r"(?<![\w.])-(?=\d)")


def _latex_cell(text: str) -> str:
    # A minus sign, not a hyphen, before a number ("-4.134", "[-6.025, -2.242]").
    return _NEGATIVE_NUMBER.sub(r"$-$", latex_escape(text))


def _latex(grid: Grid) -> str:
    # Notes go in a threeparttable note block, as wide as the table and no wider
    # (a \multicolumn{l} note would stretch the last column to the note's length).
    n = len(grid.header)
    out = [
        r"% needs \usepackage{booktabs} and \usepackage{threeparttable}",
        r"\begin{threeparttable}",
        rf"\begin{{tabular}}{{l{'c' * (n - 1)}}}",
        r"\toprule",
    ]
    out.append(" & ".join(latex_escape(h) for h in grid.header) + r" \\")
    out.append(r"\midrule")
    for i, section in enumerate(grid.sections):
        if i:
            out.append(r"\midrule")
        out.extend(" & ".join(_latex_cell(c) for c in row) + r" \\" for row in section)
    out.append(r"\bottomrule")
    out.append(r"\end{tabular}")
    if grid.notes:
        out.append(r"\begin{tablenotes}[flushleft]\footnotesize")
        out.extend(rf"\item {latex_escape(note)}" for note in grid.notes)
        out.append(r"\end{tablenotes}")
    out.append(r"\end{threeparttable}")
    return "\n".join(out)


def _html(grid: Grid) -> str:
    esc = html.escape
    out = ['<table class="careerrep">', "<thead>"]
    out.append("<tr>" + "".join(f"<th>{esc(h)}</th>" for h in grid.header) + "</tr>")
    out.append("</thead>")
    for section in grid.sections:
        out.append("<tbody>")
        for row in section:
            cells = [f'<th scope="row">{esc(row[0])}</th>'] + [f"<td>{esc(c)}</td>" for c in row[1:]]
            out.append("<tr>" + "".join(cells) + "</tr>")
        out.append("</tbody>")
    if grid.notes:
        out.append("<tfoot>")
        span = len(grid.header)
        out.extend(f'<tr><td colspan="{span}">{esc(note)}</td></tr>' for note in grid.notes)
        out.append("</tfoot>")
    out.append("</table>")
    return "\n".join(out)


def number(value: float, digits: int = 3) -> str:
    """A number with ``digits`` decimals; ``"-"`` for NaN; ``"inf"`` kept readable."""
    if value != value:  # NaN
        return "-"
    if value in (float("inf"), float("-inf")):
        return "inf" if value > 0 else "-inf"
    text = f"{value:.{digits}f}"
    return "0." + "0" * digits if text == "-0." + "0" * digits else text
