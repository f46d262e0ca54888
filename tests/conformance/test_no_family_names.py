"""Outside a family's own file, no module compares family names (issue 12): it asks the family.

The scan is the CLI registry test's (``tests/cli/test_registry.py``), run over
the whole package. What may name a family or a link:
"""

from __future__ import annotations

import ast
from pathlib import Path

import careerrep
from tests.cli.test_registry import _string_comparisons

PACKAGE = Path(careerrep.__file__).parent
ALLOWED = {
    # A family's own files compare their own kind (cratio vs sratio).
    "models/sequential.py",
    # Link objects compare their own names ("logit" is a link before it is a family).
    "models/links.py",
    # Simulation estimators are named "logit" and "firth": estimator names, not families.
    "simulate/estimators.py",
    "simulate/replicate.py",
}


def test_no_module_outside_a_family_compares_family_names() -> None:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE).as_posix()
        if relative.startswith("models/families/") or relative in ALLOWED:
            continue
        if hits := _string_comparisons(ast.parse(path.read_text(encoding="utf-8"))):
            found[relative] = hits
    assert found == {}
