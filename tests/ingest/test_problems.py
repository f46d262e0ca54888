"""ProblemLog: strict raises with the first rows, lenient keeps counts beyond what it stores."""

from __future__ import annotations

import pytest

from careerrep.errors import IngestError
from careerrep.ingest.problems import KEEP_PER_REASON, ProblemLog


def test_strict_checkpoint_lists_the_first_rows_in_order() -> None:
    log = ProblemLog("x.csv", strict=True)
    for row in (40, 7, 12):
        log.add(row, "unknown platform", "platform", "Myspace")
    with pytest.raises(IngestError) as raised:
        log.checkpoint()
    first_line, *rest = str(raised.value).splitlines()
    assert "3 problem row(s), first at row 7" in first_line
    assert [line.strip().split(",")[0] for line in rest] == ["row 7", "row 12", "row 40"]


def test_lenient_counts_everything_but_keeps_a_bounded_list() -> None:
    log = ProblemLog("x.csv", strict=False)
    n = KEEP_PER_REASON + 25
    for row in range(2, n + 2):
        log.add(row, "outside every window", "date", "2018-01-01")
    log.checkpoint()  # lenient: no error
    report = log.report(rows_read=n + 10, rows_used=10)
    assert report.skipped_by_reason() == {"outside every window": n}
    assert len(report.problems) == KEEP_PER_REASON
    assert report.rows_skipped == n
    assert f"{n} x outside every window (first rows: 2, 3, 4, 5, 6)" in report.summary()
