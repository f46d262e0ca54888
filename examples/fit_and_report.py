"""The command line on a CaseTable file: `careerrep fit` then `careerrep report`.

Writes a simulated cohort to CSV, runs `careerrep fit ... --out DIR` (summary,
coefficient and effect tables, figures) and `careerrep report ... --format latex`,
all into $CAREERREP_OUTPUT (or a temporary folder).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from careerrep.cli import main
from careerrep.simulate import draw, kazakhstan_scenario

out = Path(os.environ.get("CAREERREP_OUTPUT") or tempfile.mkdtemp(prefix="careerrep-cli-"))
out.mkdir(parents=True, exist_ok=True)
cases = out / "cohort.csv"
draw(kazakhstan_scenario(), 200, seed=7).to_csv(cases)

formula = "outcome ~ logratio_social_mass + log_mentions_per_day"
status = main(["fit", str(cases), "--formula", formula, "--out", str(out / "fit")])
if status != 0:
    raise SystemExit(status)
status = main(
    [
        "report",
        str(cases),
        "--formula",
        formula,
        "--exponentiate",
        "--format",
        "latex",
        "--output",
        str(out / "odds_ratios.tex"),
    ]
)
print(sorted(p.name for p in (out / "fit").iterdir()))
raise SystemExit(status)
