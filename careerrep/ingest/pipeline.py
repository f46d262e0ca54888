"""From a media-monitoring export and a cases file to a CaseTable, in one call.

::

    result = ingest("mentions.csv", cases="cases.csv", comments="comments.csv")
    result.table            # CaseTable, one record per case
    result.report.summary() # rows read, used and skipped (by reason, with rows)

The export is streamed ``chunksize`` rows at a time (see
:mod:`careerrep.ingest.aggregate`), so a million-row export needs memory for
one chunk and the per-case counts only.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from careerrep.errors import ArgumentTypeError, IngestError
from careerrep.ingest.aggregate import MentionAggregator
from careerrep.ingest.cases import CaseSpec, read_cases
from careerrep.ingest.comments import read_comment_sheet
from careerrep.ingest.exports import DEFAULT_CHUNKSIZE, read_export
from careerrep.ingest.mapping import ColumnMapping
from careerrep.ingest.problems import IngestReport, ProblemLog
from careerrep.progress import progress_enabled
from careerrep.scale import CAREER_SCALE, OutcomeScale
from careerrep.table import CaseTable


@dataclass(frozen=True)
class IngestResult:
    """What :func:`ingest` built.

    Attributes
    ----------
    table
        One record per case that had mentions in its window.
    report
        Rows of the export read, used and skipped (lenient mode), with row numbers.
    comment_report
        The same for the comment sheet, or ``None`` if none was read.
    case_totals
        Per case, what a record has no field for: reach and engagement sums,
        mentions by language (see :meth:`MentionAggregator.case_totals`).
    """

    table: CaseTable
    report: IngestReport
    comment_report: IngestReport | None
    case_totals: pd.DataFrame


def ingest(
    export: str | os.PathLike[str],
    cases: str | os.PathLike[str] | pd.DataFrame | Sequence[CaseSpec],
    *,
    comments: str | os.PathLike[str] | None = None,
    mapping: ColumnMapping | str | os.PathLike[str] | dict[str, Any] | None = None,
    strict: bool = True,
    chunksize: int = DEFAULT_CHUNKSIZE,
    fmt: str | None = None,
    scale: OutcomeScale | Sequence[str] = CAREER_SCALE,
    top_outlets: int = 10,
    coverage: str | None = None,
    progress: bool | None = None,
) -> IngestResult:
    """Read a mention-level export into case records.

    Parameters
    ----------
    export
        CSV / Excel-CSV / JSON-lines / Excel (``.xlsx``) / Parquet file, one
        row per mention (see :mod:`careerrep.ingest.exports`).
    cases
        The cases file (see :mod:`careerrep.ingest.cases`), a frame with its
        columns, or already-read :class:`CaseSpec` objects.
    comments
        Optional comment coding sheet (see :mod:`careerrep.ingest.comments`).
    mapping
        Column names and label aliases: a :class:`ColumnMapping`, a JSON file,
        or a dict in the JSON layout. ``None`` uses the defaults.
    strict
        ``True``: any problem row raises :class:`~careerrep.errors.IngestError`
        listing the first problems with their rows. ``False``: problem rows
        are skipped and counted in the report; cases left without mentions
        are left out of the table (and listed in the report); if no case is
        left, :class:`~careerrep.errors.IngestError`.
    chunksize
        Rows read at a time; memory grows with it, not with the file.
    fmt
        ``"csv"``, ``"jsonl"``, ``"excel"`` or ``"parquet"``; by default from the file suffix.
    scale
        The outcome scale of the cases file's ``outcome`` labels (matched
        ignoring case): an :class:`~careerrep.scale.OutcomeScale` or its labels, lowest first.
    top_outlets
        How many of the most-mentioned outlets each record keeps.
    coverage
        ``"D"`` or ``"W"``: also keep each case's dated coverage (mentions per
        day, or per week from Monday, of its event and follow-up windows, by
        source type and sentiment) in the records' ``coverage`` part, which
        every CaseTable file format stores. ``None`` (default): no dates kept.
    progress
        A tqdm bar of the export's rows as they are read, as simulation
        studies show one: ``None`` (default) or ``True`` show it only when
        stderr is a terminal, ``False`` never.

    Returns
    -------
    IngestResult
        The table, the reports and the per-case totals.
    """
    mapping = _mapping(mapping)
    scale = scale if isinstance(scale, OutcomeScale) else OutcomeScale(scale)
    specs = _specs(cases, scale)
    log = ProblemLog(Path(export).name, strict=strict)
    aggregator = MentionAggregator(specs, mapping, log, coverage=coverage)
    # closing(): a strict stop mid-file must still close the file the reader holds open.
    with (
        closing(read_export(export, mapping, chunksize=chunksize, fmt=fmt)) as chunks,
        _row_bar(Path(export).name, progress) as bar,
    ):
        for chunk in chunks:
            aggregator.add(chunk)
            log.checkpoint()  # strict mode stops at the first chunk with problems
            if bar.total is None and chunk.total is not None:
                bar.total = chunk.total  # CSV and Parquet know their length from the first chunk
            bar.update(chunk.size)
    samples: dict[str, Any] = {}
    comment_report = None
    if comments is not None:
        samples, comment_report = read_comment_sheet(
            comments, mapping, {spec.case_id for spec in specs}, strict=strict
        )
    records = aggregator.records(samples, scale, Path(export).name, top_outlets=top_outlets)
    log.checkpoint()  # strict mode: a case without mentions is an error too
    if not records:
        # Lenient mode keeps what it can; keeping nothing is a failure, not "wrote 0 case(s)".
        summary = log.report(aggregator.rows_read, aggregator.rows_used).summary().replace("\n", ";")
        raise IngestError(f"{Path(export).name}: no case kept ({summary})")
    return IngestResult(
        table=CaseTable(records, scale=scale),
        report=log.report(aggregator.rows_read, aggregator.rows_used),
        comment_report=comment_report,
        case_totals=aggregator.case_totals(),
    )


def _row_bar(name: str, progress: bool | None) -> Any:
    """A tqdm bar of export rows, shown by the rule simulation studies use (stderr a terminal)."""
    from tqdm.auto import tqdm

    return tqdm(total=None, desc=name, unit=" rows", disable=not progress_enabled(progress))


def _mapping(mapping: ColumnMapping | str | os.PathLike[str] | dict[str, Any] | None) -> ColumnMapping:
    if mapping is None:
        return ColumnMapping()
    if isinstance(mapping, ColumnMapping):
        return mapping
    if isinstance(mapping, dict):
        return ColumnMapping.from_dict(mapping)
    return ColumnMapping.from_json(mapping)


def _specs(
    cases: str | os.PathLike[str] | pd.DataFrame | Sequence[CaseSpec], scale: OutcomeScale
) -> tuple[CaseSpec, ...]:
    """The cases as specs: given ready, or read from a file or frame."""
    if isinstance(cases, list | tuple):
        specs = tuple(c for c in cases if isinstance(c, CaseSpec))
        if len(specs) != len(cases):
            raise ArgumentTypeError("cases: a sequence of cases must hold CaseSpec objects only")
        return specs
    return read_cases(cases, scale)  # type: ignore[arg-type]
