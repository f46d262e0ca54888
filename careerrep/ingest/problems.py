"""Row-numbered problem reports for exports and coding sheets.

Every row that cannot be used becomes a :class:`Problem` naming its row, the
reason and the offending value. What happens next depends on the mode:

- **strict** (the default): the first chunk that has problems stops the read
  with an :class:`~careerrep.errors.IngestError` listing the first problems,
  row by row. Nothing is returned half-built.
- **lenient**: the row is skipped as a whole and counted by reason; the
  :class:`IngestReport` lists the skipped rows.

Row numbers are the ones a person sees when opening the file: in a CSV file
the header is row 1 and the first mention row 2; in a JSON-lines file the row
is the line number (first line 1).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from careerrep.errors import IngestError

# How many problems of one reason the report keeps row by row. All of them are
# counted; keeping only the first ones bounds memory on a million-row export.
KEEP_PER_REASON = 1000
# How many problems an IngestError message lists.
SHOW_IN_ERROR = 10

# The reasons a row can be skipped for, as they appear in reports.
UNPARSEABLE_DATE = "unparseable date"
UNPARSEABLE_TIME = "unparseable time"
MISSING_VALUE = "missing value"
UNKNOWN_SOURCE_TYPE = "unknown source type"
UNKNOWN_PLATFORM = "unknown platform"
UNKNOWN_SENTIMENT = "unknown sentiment"
UNKNOWN_GENDER = "unknown gender"
NOT_A_NUMBER = "not a number"
NOT_A_COUNT = "not a count"
NEGATIVE_NUMBER = "negative number"
UNKNOWN_CASE = "unknown case id"
UNKNOWN_OFFICIAL = "unknown official"
OUTSIDE_WINDOWS = "outside every window"
INVALID_JSON = "invalid JSON"
COUNTS_DISAGREE = "counts disagree"
CONFLICTING_PLATFORM = "post on two platforms"
NO_MENTIONS = "no mentions in the window"
WRONG_FIELD_COUNT = "wrong number of fields"
CUT_SHORT = "last line cut short (no line end)"


@dataclass(frozen=True)
class Problem:
    """One unusable row: where it is, why, and what it held.

    Attributes
    ----------
    row
        Row number in the file (CSV: header is row 1; JSON lines: line number).
    reason
        One of the reason strings of this module (``"unknown platform"``, ...).
    column
        The column the problem is in, or ``None`` when it is about the whole row.
    value
        The offending value as text (empty when the cell was empty).
    """

    row: int
    reason: str
    column: str | None = None
    value: str = ""

    def __str__(self) -> str:
        where = f"row {self.row}" + (f", column {self.column!r}" if self.column else "")
        shown = f": {self.value!r}" if self.value else ""
        return f"{where}: {self.reason}{shown}"


@dataclass(frozen=True)
class IngestReport:
    """What an ingest read, used and skipped.

    Attributes
    ----------
    source
        The file the report is about.
    rows_read
        Data rows read (header not counted).
    rows_used
        Rows that went into a case (event window or follow-up window).
    skipped
        Number of skipped rows by reason, largest first.
    problems
        The skipped rows, in file order, at most :data:`KEEP_PER_REASON` per
        reason (all are counted in ``skipped``).
    dropped_cases
        Case ids left out of the table (lenient mode only), with the reason.
    """

    source: str
    rows_read: int
    rows_used: int
    skipped: tuple[tuple[str, int], ...] = ()
    problems: tuple[Problem, ...] = ()
    dropped_cases: tuple[tuple[str, str], ...] = ()

    @property
    def rows_skipped(self) -> int:
        """Total number of skipped rows."""
        return sum(count for _, count in self.skipped)

    def skipped_by_reason(self) -> dict[str, int]:
        """Skipped rows by reason, as a dict."""
        return dict(self.skipped)

    def summary(self) -> str:
        """A few lines of plain text for a person to read."""
        lines = [
            f"{self.source}: {self.rows_read} rows read, {self.rows_used} used, {self.rows_skipped} skipped"
        ]
        for reason, count in self.skipped:
            first = [p.row for p in self.problems if p.reason == reason][:5]
            rows = ", ".join(str(r) for r in first)
            lines.append(f"  {count} x {reason} (first rows: {rows})")
        for case_id, reason in self.dropped_cases:
            lines.append(f"  case {case_id!r} left out: {reason}")
        return "\n".join(lines)


class ProblemLog:
    """Collects problems while a file is read, and enforces the mode.

    Parameters
    ----------
    source
        The file name, used in messages.
    strict
        Raise :class:`IngestError` at :meth:`checkpoint` if anything was logged.
    """

    def __init__(self, source: str, *, strict: bool) -> None:
        self.source = source
        self.strict = strict
        self.counts: Counter[str] = Counter()
        self.kept: list[Problem] = []
        self.dropped_cases: list[tuple[str, str]] = []

    def add(self, row: int, reason: str, column: str | None = None, value: object = "") -> None:
        """Log one problem."""
        self.counts[reason] += 1
        if self.counts[reason] <= KEEP_PER_REASON:
            text = "" if value is None or (isinstance(value, float) and value != value) else str(value)
            self.kept.append(Problem(int(row), reason, column, text))

    def add_many(self, rows: object, reason: str, column: str | None, values: object) -> None:
        """Log one problem per (row, value) pair; ``rows`` and ``values`` are sequences."""
        for row, value in zip(rows, values, strict=True):  # type: ignore[call-overload]
            self.add(row, reason, column, value)

    def drop_case(self, case_id: str, reason: str) -> None:
        """Record that a case was left out of the table."""
        self.dropped_cases.append((case_id, reason))

    def __bool__(self) -> bool:
        return bool(self.counts) or bool(self.dropped_cases)

    def checkpoint(self) -> None:
        """In strict mode, fail with the first problems if there are any."""
        if not self.strict or not self:
            return
        problems = sorted(self.kept, key=lambda p: p.row)[:SHOW_IN_ERROR]
        total = sum(self.counts.values())
        lines = [str(p) for p in problems]
        lines += [f"case {case_id!r}: {reason}" for case_id, reason in self.dropped_cases[:SHOW_IN_ERROR]]
        if total:
            head = f"{self.source}: {total} problem row(s)"
            head += f", first at {problems[0]}" if problems else ""
        else:
            # The first line is what the command line prints: it must say which case and why.
            case_id, reason = self.dropped_cases[0]
            count = len(self.dropped_cases)
            head = f"{self.source}: {count} unusable case(s), first: case {case_id!r}: {reason}"
        detail = "\n  ".join(lines)
        raise IngestError(f"{head} (strict mode; use lenient mode to skip them)\n  {detail}")

    def report(self, rows_read: int, rows_used: int) -> IngestReport:
        """The frozen report of everything logged."""
        skipped = tuple(sorted(self.counts.items(), key=lambda kv: (-kv[1], kv[0])))
        return IngestReport(
            source=self.source,
            rows_read=rows_read,
            rows_used=rows_used,
            skipped=skipped,
            problems=tuple(sorted(self.kept, key=lambda p: (p.row, p.reason))),
            dropped_cases=tuple(self.dropped_cases),
        )
