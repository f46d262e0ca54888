"""Dated coverage: daily (or weekly) mention counts per case from the same mention-level export.

:func:`dated_coverage` reads the export that :func:`careerrep.ingest.ingest`
reads (same column mapping, same label aliases, same chunked reader) but keeps
the dates instead of reducing a case to one window. One row per case (or
official, when the export has no case id) and day with at least one mention:

``mentions``, ``mass_media``, ``social`` (by source type), ``negative``,
``neutral``, ``positive`` (coded sentiment; uncoded mentions count in
``mentions`` only), and one ``event_<label>`` column per dated event type
(e.g. ``event_resignation_call``) from an optional events table.

Days without a row had no mentions. :class:`DatedCoverage` validates its
frame on construction (one row per key and date, counts non-negative whole
numbers, ``mass_media + social == mentions``, coded sentiment at most the
mentions) and round-trips through CSV losslessly. :func:`assign_to_spells`
turns official-keyed coverage into the ``case_id``-keyed coverage that
:func:`careerrep.exits.person_periods` takes.
"""

from __future__ import annotations

import os
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from careerrep.errors import IngestError
from careerrep.ingest.exports import DEFAULT_CHUNKSIZE, read_export
from careerrep.ingest.mapping import ColumnMapping, default_mapping
from careerrep.ingest.parse import map_labels, parse_days

__all__ = ["COUNT_COLUMNS", "DatedCoverage", "assign_to_spells", "dated_coverage"]

#: count columns every coverage frame has, in order.
COUNT_COLUMNS = ("mentions", "mass_media", "social", "negative", "neutral", "positive")
_EPOCH = np.datetime64("1970-01-01", "D")


@dataclass(frozen=True, eq=False)
class DatedCoverage:
    """A validated coverage series: one row per ``key`` value and ``date``.

    Attributes
    ----------
    frame
        Columns ``key``, ``date`` (``datetime64[ns]``, a day or a week's
        Monday), the :data:`COUNT_COLUMNS` (int64) and any ``event_<label>``
        columns (int64), sorted by key and date.
    key
        ``"case_id"`` or ``"official"``.
    frequency
        ``"D"`` (daily) or ``"W"`` (weeks starting Monday).
    rows_skipped
        Export rows left out as unreadable (``strict=False`` only).
    """

    frame: pd.DataFrame = field(repr=False)
    key: str
    frequency: str = "D"
    rows_skipped: int = 0

    def __post_init__(self) -> None:
        _validate(self.frame, self.key)
        if self.frequency not in ("D", "W"):
            raise IngestError(f"coverage frequency must be 'D' or 'W', got {self.frequency!r}")

    def to_csv(self, path: str | os.PathLike[str]) -> None:
        """Write the frame (dates as ISO days); :meth:`read_csv` gives it back unchanged."""
        out = self.frame.assign(date=self.frame["date"].dt.strftime("%Y-%m-%d"))
        out.to_csv(path, index=False)

    @classmethod
    def read_csv(
        cls, path: str | os.PathLike[str], key: str = "case_id", frequency: str = "D"
    ) -> DatedCoverage:
        """Read and validate a coverage CSV written by :meth:`to_csv`."""
        frame = pd.read_csv(path, dtype={key: str}, keep_default_na=False, na_values=[""])
        if "date" not in frame.columns:
            raise IngestError(f"{Path(path).name}: no 'date' column")
        frame["date"] = pd.to_datetime(frame["date"], format="%Y-%m-%d", errors="coerce").astype(
            "datetime64[ns]"
        )
        return cls(frame=frame, key=key, frequency=frequency)


def _validate(frame: pd.DataFrame, key: str) -> None:
    required = [key, "date", *COUNT_COLUMNS]
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise IngestError(f"coverage is missing column(s) {missing}")
    if frame[key].isna().any():
        raise IngestError(f"coverage has rows without a {key}")
    if frame["date"].isna().any():
        bad = frame.loc[frame["date"].isna(), key].iloc[0]
        raise IngestError(f"{key} {bad!r}: coverage date is missing or not a date")
    counts = [c for c in frame.columns if c in COUNT_COLUMNS or str(c).startswith("event_")]
    for column in counts:
        values = frame[column]
        numbers = pd.to_numeric(values, errors="coerce").astype(float)
        wrong = numbers.isna() | (numbers < 0) | (numbers != np.floor(numbers))
        if wrong.any() or not pd.api.types.is_integer_dtype(values):
            row = frame[wrong].iloc[0] if wrong.any() else frame.iloc[0]
            raise IngestError(
                f"{key} {row[key]!r}, {row['date']:%Y-%m-%d}: "
                f"{column} = {row[column]} is not a whole count >= 0"
            )
    duplicated = frame.duplicated([key, "date"])
    if duplicated.any():
        row = frame[duplicated].iloc[0]
        raise IngestError(f"{key} {row[key]!r}: two coverage rows for {row['date']:%Y-%m-%d}")
    split = frame["mass_media"] + frame["social"] != frame["mentions"]
    coded = frame["negative"] + frame["neutral"] + frame["positive"] > frame["mentions"]
    for mask, what in (
        (split, "mass_media + social != mentions"),
        (coded, "coded sentiment exceeds mentions"),
    ):
        if mask.any():
            row = frame[mask].iloc[0]
            raise IngestError(f"{key} {row[key]!r}, {row['date']:%Y-%m-%d}: {what}")


def dated_coverage(
    export: str | os.PathLike[str],
    *,
    mapping: ColumnMapping | None = None,
    events: pd.DataFrame | None = None,
    frequency: str = "D",
    strict: bool = True,
    chunksize: int = DEFAULT_CHUNKSIZE,
    fmt: str | None = None,
) -> DatedCoverage:
    """Count an export's mentions per case (or official) and day (or week).

    Parameters
    ----------
    export
        The mention-level export (CSV or JSON lines), as for ``ingest``.
    mapping
        Column names and label aliases (default: :func:`default_mapping`).
    events
        Optional dated events: columns ``case_id`` (or ``official``), ``date``
        and ``event`` (a label such as ``"resignation_call"``); each becomes an
        ``event_<label>`` count column.
    frequency
        ``"D"`` for daily rows, ``"W"`` for weeks starting on Monday.
    strict
        ``True``: a row with an unreadable date or source type raises
        :class:`IngestError` naming the row and value. ``False``: such rows are
        skipped and counted in ``rows_skipped``.
    chunksize, fmt
        As for ``ingest``.
    """
    mapping = mapping or default_mapping()
    key: str | None = None
    parts: list[pd.DataFrame] = []
    skipped = 0
    with closing(read_export(export, mapping, chunksize=chunksize, fmt=fmt)) as chunks:
        for chunk in chunks:
            data = chunk.data
            if data.empty:
                skipped += len(chunk.unreadable)
                continue
            if key is None:
                key = _key(data, Path(export).name)
            frame, bad = _counts(data, chunk.rows, key, mapping, strict, Path(export).name)
            skipped += bad + len(chunk.unreadable)
            parts.append(frame)
    if key is None:
        raise IngestError(f"{Path(export).name}: no mentions in the export")
    daily = pd.concat(parts, ignore_index=True).groupby([key, "day"], as_index=False).sum()
    daily["date"] = (_EPOCH + daily.pop("day").to_numpy().astype("timedelta64[D]")).astype("datetime64[ns]")
    if events is not None:
        daily = _add_events(daily, events, key)
    if frequency == "W":
        week = daily["date"] - pd.to_timedelta(daily["date"].dt.day_of_week, unit="D")
        daily = daily.assign(date=week).groupby([key, "date"], as_index=False).sum()
    counts = [c for c in daily.columns if c not in (key, "date")]
    frame = daily[[key, "date", *counts]].sort_values([key, "date"], ignore_index=True)
    frame[counts] = frame[counts].astype(np.int64)
    return DatedCoverage(frame=frame, key=key, frequency=frequency, rows_skipped=skipped)


def _key(data: pd.DataFrame, source: str) -> str:
    for key in ("case_id", "official"):
        if key in data.columns:
            return key
    raise IngestError(
        f"{source}: dated coverage needs a case_id or official column to know whose mention it is"
    )


def _counts(
    data: pd.DataFrame, rows: np.ndarray, key: str, mapping: ColumnMapping, strict: bool, source: str
) -> tuple[pd.DataFrame, int]:
    days, missing_day, bad_day = parse_days(data["date"], mapping.date_format)
    kinds, missing_kind, unknown_kind = map_labels(data["source_type"], mapping.source_types)
    owner = data[key]
    problems = [
        (missing_day | bad_day, "date"),
        (missing_kind | unknown_kind, "source_type"),
        (owner.isna().to_numpy(), key),
    ]
    bad = np.zeros(len(data), dtype=bool)
    for mask, column in problems:
        if strict and mask.any():
            i = int(np.flatnonzero(mask)[0])
            raise IngestError(f"{source}: row {rows[i]}: {column} = {data[column].iloc[i]!r} cannot be read")
        bad |= mask
    tones = np.full(len(data), "", dtype=object)
    if "sentiment" in data.columns:
        tones, _, _ = map_labels(data["sentiment"], mapping.sentiments)  # uncoded/unknown: not counted
    keep = ~bad
    frame = pd.DataFrame(
        {
            key: owner.to_numpy()[keep].astype(str),
            "day": days[keep],
            "mentions": 1,
            "mass_media": (kinds[keep] == "mass_media").astype(np.int64),
            "social": (kinds[keep] == "social").astype(np.int64),
            "negative": (tones[keep] == "negative").astype(np.int64),
            "neutral": (tones[keep] == "neutral").astype(np.int64),
            "positive": (tones[keep] == "positive").astype(np.int64),
        }
    )
    return frame.groupby([key, "day"], as_index=False).sum(), int(bad.sum())


def _add_events(daily: pd.DataFrame, events: pd.DataFrame, key: str) -> pd.DataFrame:
    missing = [c for c in (key, "date", "event") if c not in events.columns]
    if missing:
        raise IngestError(f"events table is missing column(s) {missing} (coverage is keyed by {key!r})")
    dates = pd.to_datetime(events["date"], errors="coerce")
    if dates.isna().any():
        i = int(np.flatnonzero(dates.isna().to_numpy())[0])
        raise IngestError(f"events row {i + 1}: date = {events['date'].iloc[i]!r} is not a date")
    labels = events["event"].astype(str).str.strip().str.lower().str.replace(r"\W+", "_", regex=True)
    table = pd.DataFrame(
        {
            key: events[key].astype(str),
            "date": dates.dt.normalize().astype("datetime64[ns]"),
            "event": "event_" + labels,
        }
    )
    wide = table.assign(n=1).pivot_table(index=[key, "date"], columns="event", values="n", aggfunc="sum")
    merged = daily.merge(wide.reset_index(), on=[key, "date"], how="outer")
    filled = merged.fillna(0)
    return filled.infer_objects()


def assign_to_spells(coverage: DatedCoverage, spells: Any, lookback_days: int = 0) -> pd.DataFrame:
    """Official-keyed daily coverage -> ``case_id``-keyed rows of each official's spells.

    A day goes to the official's spell with ``start - lookback_days <= date <
    end``; days outside every such range are left out. With ``lookback_days
    > 0`` the coverage just before a spell (what windowed covariates of its
    first periods look at) is kept too, so a day can serve two consecutive
    spells of one official. ``spells`` is a :class:`careerrep.exits.SpellTable`.
    Returns a frame with ``case_id`` in place of ``official``, ready for
    ``person_periods``.
    """
    if lookback_days < 0:
        raise IngestError(f"lookback_days must be >= 0, got {lookback_days}")
    if coverage.key != "official":
        raise IngestError(
            f"coverage is keyed by {coverage.key!r}; assign_to_spells needs official-keyed coverage"
        )
    if coverage.frequency != "D":
        raise IngestError("assign_to_spells needs daily coverage (frequency='D')")
    table = spells.frame[["case_id", "official", "start", "end"]]
    merged = coverage.frame.merge(table, on="official", how="inner")
    first = merged["start"] - pd.Timedelta(days=lookback_days)
    inside = (merged["date"] >= first) & (merged["date"] < merged["end"])
    out = merged[inside].drop(columns=["official", "start", "end"])
    return out[["case_id", *[c for c in out.columns if c != "case_id"]]].reset_index(drop=True)
