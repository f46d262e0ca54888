"""Reproduce the three Kazakhstan cases of Bokayev et al. from the bundled records.

Prints the source mix, the comment tables (the paper's Tables 4, 6 and 7)
recomputed from their counts, the pooled shares quoted in the Findings, the
publication sentiment of case 3 and Table 8; saves the source-mix and
sentiment figures to $CAREERREP_OUTPUT (or a temporary folder).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

from careerrep import plots
from careerrep.datasets import kazakhstan_2019
from careerrep.descriptives import comment_summary, paper_report


def main() -> None:
    out = Path(os.environ.get("CAREERREP_OUTPUT") or tempfile.mkdtemp())
    cases = kazakhstan_2019()
    print(paper_report(cases))

    # The pooled comment shares the paper's Findings quote, next to the counts' own.
    quoted = {("B-2019", "negative"): 0.55, ("K-2019", "negative"): 0.532, ("G-2019", "positive"): 0.58}
    summary = comment_summary(cases)
    print()
    for (case_id, tone), paper in quoted.items():
        print(f"{case_id} {tone} comments: paper {paper:.1%}, recomputed {summary.loc[case_id, tone]:.1%}")

    for name, draw in (("source_mix", plots.source_mix_figure), ("sentiment", plots.sentiment_figure)):
        figure = draw(cases)
        path = out / f"kazakhstan_{name}.png"
        figure.savefig(path, dpi=120)
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
