"""Run by tests/test_fresh_machine.py in a child pytest with a prepared HOME; not collected itself.

The child runs under the project's warning filters (``filterwarnings = error`` plus the narrow
allowances in pyproject.toml), so this import fails exactly when ArviZ's once-a-day notice is
not matched by those allowances.
"""

import datetime
import os
from pathlib import Path


def test_arviz_and_pymc_import_under_the_project_filters() -> None:
    import arviz  # noqa: F401  (the import is the check)
    import pymc  # noqa: F401

    stamp = Path(os.environ["XDG_CACHE_HOME"]) / "arviz" / "daily_warning"
    # ArviZ writes its stamp only after its notice was let through: proof the filter applied.
    assert stamp.read_text().strip() == datetime.date.today().isoformat()
