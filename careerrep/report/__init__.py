"""Publication tables: regression tables and effects tables as text, Markdown, LaTeX or HTML.

* :func:`table`: one or several results side by side (coefficients or odds ratios);
* :func:`effects_table`: a marginal-effects / contrast / odds-ratio frame.

Both return a string in every format; LaTeX uses booktabs rules.
"""

from careerrep.report.effects_table import effects_table
from careerrep.report.formats import FORMATS
from careerrep.report.table import table

__all__ = ["FORMATS", "effects_table", "table"]
