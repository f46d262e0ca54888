"""Corpus: short texts (posts, comments) with ids, dates, platform and case id.

A :class:`Corpus` is the input of every text tool in careerrep. It is a frozen
value: columns are stored as tuples, validated once on construction, and never
change afterwards. Bad rows raise :class:`~careerrep.errors.IngestError` naming
the offending text id (or its position when the id itself is the problem), so a
researcher can find the row in the export it came from.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from careerrep.errors import IngestError

# Column names the CSV / DataFrame readers look for by default.
DEFAULT_COLUMNS = {
    "id": "post_id",
    "text": "text",
    "date": "date",
    "platform": "platform",
    "case_id": "case_id",
}


def _is_missing(value: object) -> bool:
    """None, NaN, pandas NA/NaT, or an empty string all mean 'not given'."""
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def _parse_date(text_id: str, value: object) -> dt.date | None:
    """A post's calendar date from a date, datetime, Timestamp or ISO 8601 string.

    A timestamp (``"2019-07-23T14:05"``) gives its date: posts are counted by day.
    Anything else, including a date followed by stray text, is refused.
    """
    if _is_missing(value):
        return None
    if isinstance(value, dt.datetime):  # also pandas.Timestamp
        return value.date()
    if isinstance(value, dt.date):
        return value
    problem = IngestError(f"text {text_id!r}: date = {value!r} is not an ISO date (YYYY-MM-DD)")
    if not isinstance(value, str):
        raise problem
    try:
        return dt.datetime.fromisoformat(value.strip()).date()
    except ValueError:
        raise problem from None


def _optional_label(text_id: str, field: str, value: object) -> str | None:
    """An optional non-empty string label (platform, case id)."""
    if _is_missing(value):
        return None
    if not isinstance(value, str):
        raise IngestError(f"text {text_id!r}: {field} = {value!r} is not a string")
    return value.strip()


def _column(field: str, values: Sequence[Any] | None, n_texts: int) -> tuple[Any, ...]:
    """An optional column as a tuple of length ``n_texts`` (all None when absent)."""
    if values is None:
        return (None,) * n_texts
    column = tuple(values)
    if len(column) != n_texts:
        raise IngestError(f"{field} has {len(column)} values but there are {n_texts} texts")
    return column


@dataclass(frozen=True)
class Corpus:
    """An ordered collection of short texts, each with a unique id.

    Parameters
    ----------
    ids
        One non-empty, unique identifier per text (e.g. the post id).
    texts
        The raw texts. Empty strings are allowed (a post with only a picture).
    dates
        Optional publication dates (``date``, ``datetime`` or ISO strings).
    platforms
        Optional platform names (``"facebook"``, ``"youtube"`` ...).
    case_ids
        Optional case each text belongs to (``"B-2019"``); ``None`` for texts
        outside any case.

    Raises
    ------
    IngestError
        On an empty or duplicate id (the message names it), a non-string text,
        an unreadable date, or columns of different lengths.
    """

    ids: tuple[str, ...]
    texts: tuple[str, ...]
    dates: tuple[dt.date | None, ...] = ()
    platforms: tuple[str | None, ...] = ()
    case_ids: tuple[str | None, ...] = ()

    def __post_init__(self) -> None:
        texts = tuple(self.texts)
        n_texts = len(texts)
        ids = _column("ids", self.ids, n_texts)
        seen: set[str] = set()
        for position, text_id in enumerate(ids):
            if not isinstance(text_id, str) or not text_id.strip():
                raise IngestError(f"text at position {position}: id = {text_id!r} is not a non-empty string")
            if text_id in seen:
                raise IngestError(f"text {text_id!r}: duplicate id (ids must be unique)")
            seen.add(text_id)
        for text_id, text in zip(ids, texts, strict=True):
            if not isinstance(text, str):
                raise IngestError(f"text {text_id!r}: text = {text!r} is not a string")
        # An empty tuple (the default) means "column not given".
        dates = _column("dates", self.dates or None, n_texts)
        platforms = _column("platforms", self.platforms or None, n_texts)
        case_ids = _column("case_ids", self.case_ids or None, n_texts)
        object.__setattr__(self, "ids", ids)
        object.__setattr__(self, "texts", texts)
        object.__setattr__(self, "dates", tuple(_parse_date(i, d) for i, d in zip(ids, dates, strict=True)))
        object.__setattr__(
            self,
            "platforms",
            tuple(_optional_label(i, "platform", p) for i, p in zip(ids, platforms, strict=True)),
        )
        object.__setattr__(
            self,
            "case_ids",
            tuple(_optional_label(i, "case_id", c) for i, c in zip(ids, case_ids, strict=True)),
        )

    def __len__(self) -> int:
        return len(self.ids)

    @classmethod
    def from_texts(cls, texts: Sequence[str]) -> Corpus:
        """A corpus of bare texts, numbered ``"1"``, ``"2"``, ... as R ``tm`` numbers documents."""
        return cls(ids=tuple(str(i + 1) for i in range(len(texts))), texts=tuple(texts))

    @classmethod
    def from_frame(
        cls,
        frame: pd.DataFrame,
        *,
        id: str = DEFAULT_COLUMNS["id"],
        text: str = DEFAULT_COLUMNS["text"],
        date: str | None = DEFAULT_COLUMNS["date"],
        platform: str | None = DEFAULT_COLUMNS["platform"],
        case_id: str | None = DEFAULT_COLUMNS["case_id"],
    ) -> Corpus:
        """Build a corpus from a DataFrame, one row per text.

        ``id`` and ``text`` name required columns; the optional ones are used
        when present and may be set to ``None`` to ignore a column.
        Ids are read as strings (``17`` becomes ``"17"``).
        """
        for field, column in (("id", id), ("text", text)):
            if column not in frame.columns:
                raise IngestError(f"{field} column {column!r} not found in {list(frame.columns)}")
        ids = tuple("" if _is_missing(v) else str(v) for v in frame[id].tolist())
        texts = tuple("" if _is_missing(v) else v for v in frame[text].tolist())

        def optional(column: str | None) -> tuple[Any, ...]:
            if column is None or column not in frame.columns:
                return ()
            return tuple(frame[column].tolist())

        return cls(
            ids=ids,
            texts=texts,
            dates=optional(date),
            platforms=optional(platform),
            case_ids=optional(case_id),
        )

    @classmethod
    def read_csv(cls, path: str | Path, **columns: str | None) -> Corpus:
        """Read a UTF-8 CSV with one row per text (column names as in :meth:`from_frame`)."""
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
        return cls.from_frame(frame, **columns)  # type: ignore[arg-type]

    def to_frame(self) -> pd.DataFrame:
        """One row per text: ``post_id, date, platform, case_id, text``."""
        return pd.DataFrame(
            {
                DEFAULT_COLUMNS["id"]: list(self.ids),
                DEFAULT_COLUMNS["date"]: pd.to_datetime(pd.Series(list(self.dates), dtype=object)),
                DEFAULT_COLUMNS["platform"]: list(self.platforms),
                DEFAULT_COLUMNS["case_id"]: list(self.case_ids),
                DEFAULT_COLUMNS["text"]: list(self.texts),
            }
        )

    def select(self, keep: Sequence[bool]) -> Corpus:
        """The texts where ``keep`` is true, in the same order (a new corpus)."""
        mask = list(keep)
        if len(mask) != len(self):
            raise IngestError(f"keep has {len(mask)} values but the corpus has {len(self)} texts")

        def pick(column: tuple[Any, ...]) -> tuple[Any, ...]:
            return tuple(value for value, k in zip(column, mask, strict=True) if k)

        return Corpus(
            ids=pick(self.ids),
            texts=pick(self.texts),
            dates=pick(self.dates),
            platforms=pick(self.platforms),
            case_ids=pick(self.case_ids),
        )
