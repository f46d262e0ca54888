"""Comment coding sheets: the coded comments under sampled posts, as comment samples.

Two layouts are read (column names can be changed in the mapping's
``comment_columns``):

**One row per post** (counts already tallied, like the paper's Tables 4, 6, 7)::

    case_id,platform,comments,negative,neutral,positive,male,female,undefined,likes,reposts,views,note
    B-2019,Facebook,184,92,77,15,79,105,0,466,27,,Table 4 row 1

``comments`` may be left out (it is then the sum of the tones); when given,
the tone counts, and the gender counts if any, must add up to it. Leave all
three gender cells empty when gender was not coded.

**One row per comment** (the coder's working sheet)::

    case_id,post,platform,sentiment,gender,likes,reposts,views
    B-2019,1,Facebook,negative,female,466,27,

Rows are grouped into posts by ``(case_id, post)`` in order of first
appearance. Without a ``gender`` column gender is not coded; with one, an
empty cell is ``undefined``. Engagement (likes, reposts, views) is the
post's and is taken from its first row that gives it.

The sheet's encoding and delimiter are detected as for exports. Problems
(unknown case, platform, sentiment or gender labels, counts that do not add
up) are reported with row numbers, strictly or leniently like the export.
"""

from __future__ import annotations

import os
import re
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from careerrep.errors import CaseRecordError, IngestError
from careerrep.ingest.files import read_small_csv, row_numbers
from careerrep.ingest.mapping import ColumnMapping, normalise_label
from careerrep.ingest.problems import (
    CONFLICTING_PLATFORM,
    COUNTS_DISAGREE,
    MISSING_VALUE,
    NOT_A_COUNT,
    UNKNOWN_CASE,
    UNKNOWN_GENDER,
    UNKNOWN_PLATFORM,
    UNKNOWN_SENTIMENT,
    IngestReport,
    ProblemLog,
)
from careerrep.parts import CommentSample, GenderCounts, SentimentCounts

TONES = ("negative", "neutral", "positive")
GENDERS = ("male", "female", "undefined")
ENGAGEMENT = ("likes", "reposts", "views")
# ASCII digits only ("٤٢" is not 42); see _count for separators.
_DIGITS = re.compile(r"[0-9]+", re.ASCII)


class _RowProblem(Exception):
    def __init__(self, reason: str, column: str | None, value: object = "") -> None:
        super().__init__(reason)
        self.reason, self.column, self.value = reason, column, value


def read_comment_sheet(
    path: str | os.PathLike[str],
    mapping: ColumnMapping,
    case_ids: Collection[str],
    *,
    strict: bool = True,
) -> tuple[dict[str, tuple[CommentSample, ...]], IngestReport]:
    """Comment samples per case id from a coding sheet (either layout).

    Parameters
    ----------
    path
        The CSV sheet.
    mapping
        Its ``comment_columns`` name the columns; its vocabularies read the labels.
    case_ids
        The cases the samples may belong to.
    strict
        Fail on the first problem rows (else skip and count them).

    Returns
    -------
    samples, report
        Comment samples by case id (posts in sheet order), and what was read and skipped.

    Raises
    ------
    IngestError
        If the sheet lacks the columns of both layouts (or, in strict mode, has problem rows).
    """
    frame = _read_sheet(path, mapping)
    columns = {name: column for name, column in mapping.comment_columns.items() if column in frame.columns}
    frame = frame.rename(columns={column: name for name, column in columns.items()})
    source = Path(path).name
    log = ProblemLog(source, strict=strict)
    if "case_id" not in columns or "platform" not in columns:
        raise IngestError(f"{source}: a comment sheet needs 'case_id' and 'platform' columns")
    if all(tone in columns for tone in TONES):
        samples = _per_post(frame, mapping, set(case_ids), log)
    elif "sentiment" in columns and "post" in columns:
        samples = _per_comment(frame, mapping, set(case_ids), log)
    else:
        raise IngestError(
            f"{source}: neither layout: give negative/neutral/positive count columns (one row per post) "
            "or post and sentiment columns (one row per comment)"
        )
    log.checkpoint()
    rows = len(frame)
    return samples, log.report(rows_read=rows, rows_used=rows - sum(log.counts.values()))


def _read_sheet(path: str | os.PathLike[str], mapping: ColumnMapping) -> pd.DataFrame:
    return read_small_csv(path, mapping, "comment sheet")


def _cell(values: dict[Any, Any], name: str) -> str | None:
    value = values.get(name)
    text = None if value is None else str(value).strip()
    return text or None


def _count(values: dict[Any, Any], name: str, decimal: str = ".") -> int | None:
    """A whole count, reading separators the way the sheet's decimal mark makes unambiguous.

    With ``.`` as decimal mark: ``1,000`` and ``1 000`` are 1000 (grouping by
    threes), ``27.0`` / ``27.00`` are 27 (how tools save whole numbers), and
    ``2.000`` is refused: three digits after the mark may be a thousands group
    or decimals. The same with the marks swapped for a ``,`` sheet. Never
    truncated: ``27.5`` and ``1,00`` are not counts.
    """
    text = _cell(values, name)
    if text is None:
        return None
    cleaned = "".join(text.split())
    group = "," if decimal == "." else "."
    whole, mark, fraction = cleaned.partition(decimal)
    if mark and (not _DIGITS.fullmatch(fraction) or set(fraction) != {"0"}):
        raise _RowProblem(NOT_A_COUNT, name, text)
    if mark and len(fraction) == 3 and group not in whole:
        raise _RowProblem(NOT_A_COUNT, name, f"{text} (ambiguous: a thousands group or decimals?)")
    groups = whole.split(group)
    if not all(_DIGITS.fullmatch(part) for part in groups):
        raise _RowProblem(NOT_A_COUNT, name, text)
    if len(groups) > 1 and (len(groups[0]) > 3 or any(len(part) != 3 for part in groups[1:])):
        raise _RowProblem(NOT_A_COUNT, name, text)
    return int("".join(groups))


def _label(values: dict[Any, Any], name: str, aliases: dict[str, str], unknown: str) -> str:
    text = _cell(values, name)
    if text is None:
        raise _RowProblem(MISSING_VALUE, name)
    label = aliases.get(normalise_label(text))
    if label is None:
        raise _RowProblem(unknown, name, text)
    return label


def _case(values: dict[Any, Any], case_ids: set[str]) -> str:
    case_id = _cell(values, "case_id")
    if case_id is None:
        raise _RowProblem(MISSING_VALUE, "case_id")
    if case_id not in case_ids:
        raise _RowProblem(UNKNOWN_CASE, "case_id", case_id)
    return case_id


def _per_post(
    frame: pd.DataFrame, mapping: ColumnMapping, case_ids: set[str], log: ProblemLog
) -> dict[str, tuple[CommentSample, ...]]:
    samples: dict[str, list[CommentSample]] = {}
    decimal = frame.attrs.get("decimal", ".")
    for row, values in zip(row_numbers(frame), frame.to_dict(orient="records"), strict=True):
        try:
            case_id = _case(values, case_ids)
            platform = _label(values, "platform", mapping.platforms, UNKNOWN_PLATFORM)
            tones = [_count(values, tone, decimal) for tone in TONES]
            if any(t is None for t in tones):
                raise _RowProblem(MISSING_VALUE, TONES[[t is None for t in tones].index(True)])
            sentiment = SentimentCounts(*tones)  # type: ignore[arg-type]
            stated = _count(values, "comments", decimal)
            genders = [_count(values, g, decimal) for g in GENDERS]
            gender = None if all(g is None for g in genders) else GenderCounts(*(g or 0 for g in genders))
            sample = _sample(
                platform, sentiment.total if stated is None else stated, sentiment, gender, values, decimal
            )
        except _RowProblem as problem:
            log.add(
                row,
                problem.reason,
                mapping.comment_columns.get(problem.column or "", problem.column),
                problem.value,
            )
            continue
        samples.setdefault(case_id, []).append(sample)
    return {case_id: tuple(items) for case_id, items in samples.items()}


def _per_comment(
    frame: pd.DataFrame, mapping: ColumnMapping, case_ids: set[str], log: ProblemLog
) -> dict[str, tuple[CommentSample, ...]]:
    coded_gender = "gender" in frame.columns
    decimal = frame.attrs.get("decimal", ".")
    posts: dict[tuple[str, str], _PostTally] = {}
    for row, values in zip(row_numbers(frame), frame.to_dict(orient="records"), strict=True):
        try:
            case_id = _case(values, case_ids)
            post = _cell(values, "post")
            if post is None:
                raise _RowProblem(MISSING_VALUE, "post")
            platform = _label(values, "platform", mapping.platforms, UNKNOWN_PLATFORM)
            tone = _label(values, "sentiment", mapping.sentiments, UNKNOWN_SENTIMENT)
            gender = None
            if coded_gender:
                text = _cell(values, "gender")
                gender = "undefined" if text is None else mapping.genders.get(normalise_label(text))
                if gender is None:
                    raise _RowProblem(UNKNOWN_GENDER, "gender", text)
            engagement = {name: _count(values, name, decimal) for name in ENGAGEMENT}
            tally = posts.get((case_id, post))
            if tally is not None and tally.platform != platform:
                # One post lives on one platform: a second one is a coding error, not a choice to make.
                raise _RowProblem(
                    CONFLICTING_PLATFORM,
                    "platform",
                    f"{platform} (post {post} is on {tally.platform} in row {tally.first_row})",
                )
        except _RowProblem as problem:
            log.add(
                row,
                problem.reason,
                mapping.comment_columns.get(problem.column or "", problem.column),
                problem.value,
            )
            continue
        tally = posts.setdefault((case_id, post), _PostTally(platform=platform, first_row=row))
        tally.tones[TONES.index(tone)] += 1
        if gender is not None:
            tally.genders[GENDERS.index(gender)] += 1
        for name, value in engagement.items():
            if tally.engagement.get(name) is None:
                tally.engagement[name] = value
    samples: dict[str, list[CommentSample]] = {}
    for (case_id, post), tally in posts.items():
        tones = SentimentCounts(*tally.tones)
        samples.setdefault(case_id, []).append(
            CommentSample(
                platform=tally.platform,
                comments=tones.total,
                sentiment=tones,
                gender=GenderCounts(*tally.genders) if coded_gender else None,
                likes=tally.engagement.get("likes"),
                reposts=tally.engagement.get("reposts"),
                views=tally.engagement.get("views"),
                note=f"post {post} (coding sheet, first row {tally.first_row})",
            )
        )
    return {case_id: tuple(items) for case_id, items in samples.items()}


@dataclass
class _PostTally:
    """Running counts of one post's coded comments (per-comment layout)."""

    platform: str
    first_row: int
    tones: list[int] = field(default_factory=lambda: [0, 0, 0])
    genders: list[int] = field(default_factory=lambda: [0, 0, 0])
    engagement: dict[str, int | None] = field(default_factory=dict)


def _sample(
    platform: str,
    comments: int,
    sentiment: SentimentCounts,
    gender: GenderCounts | None,
    values: dict[Any, Any],
    decimal: str,
) -> CommentSample:
    """A per-post sample; counts that do not add up become a row problem."""
    try:
        return CommentSample(
            platform=platform,
            comments=comments,
            sentiment=sentiment,
            gender=gender,
            likes=_count(values, "likes", decimal),
            reposts=_count(values, "reposts", decimal),
            views=_count(values, "views", decimal),
            note=_cell(values, "note"),
        )
    except CaseRecordError as error:
        # The only checks left to fail here are tone/gender totals against the stated comments.
        raise _RowProblem(COUNTS_DISAGREE, "comments", str(error)) from None
