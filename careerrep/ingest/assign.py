"""Which case does a mention belong to?

Three ways, chosen by the columns the export has:

1. **by case id** (the export has a ``case_id`` column): the mention belongs
   to that case if its day is in the case's event window or follow-up window.
2. **by official and window** (an ``official`` column, no case id): the
   mention counts toward every case of that official (names compared
   case-insensitively) whose event or follow-up window contains its day.
3. **by window alone** (neither column, e.g. one export per query): the
   mention belongs to the case whose window contains its day. The windows
   must then not overlap, or a mention could not be placed; that is refused
   before anything is read.

A mention that fits no window is a problem row (``unknown case id``,
``unknown official`` or ``outside every window``).

Days are handled as integers (days since 1970-01-01) so a million mentions
are placed with a few vectorised comparisons.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from careerrep.errors import IngestError
from careerrep.ingest.cases import CaseSpec
from careerrep.ingest.mapping import normalise_label
from careerrep.ingest.problems import OUTSIDE_WINDOWS, UNKNOWN_CASE, UNKNOWN_OFFICIAL

_EPOCH = np.datetime64("1970-01-01", "D")
# A day no mention has: the "start" of a follow-up window a case does not have.
_NEVER = np.iinfo(np.int64).max


def day_number(day: dt.date) -> int:
    """Days since 1970-01-01 of a ``datetime.date``."""
    return int((np.datetime64(day, "D") - _EPOCH).astype(np.int64))


@dataclass(frozen=True)
class Placement:
    """Where the rows of one chunk go.

    Attributes
    ----------
    positions
        Positions (0-based, within the chunk) of the placed rows; a row counted
        toward two cases appears twice.
    cases
        Index (into the case list) of the case each placed row goes to.
    follow_up
        ``True`` where the row falls in the case's follow-up window.
    unplaced
        Positions of the rows that fit no case, with the reason for each.
    """

    positions: np.ndarray
    cases: np.ndarray
    follow_up: np.ndarray
    unplaced: tuple[tuple[np.ndarray, str], ...]


class CaseAssigner:
    """Places mentions into the cases' event and follow-up windows.

    Parameters
    ----------
    cases
        The cases, as read by :func:`~careerrep.ingest.cases.read_cases`.
    key
        ``"case_id"``, ``"official"`` or ``None`` (by window alone).

    Raises
    ------
    IngestError
        With ``key=None``, if two cases' windows overlap.
    """

    def __init__(self, cases: Sequence[CaseSpec], key: str | None) -> None:
        if key not in ("case_id", "official", None):
            raise IngestError(f"key = {key!r}: use 'case_id', 'official' or None")
        self.key = key
        self.case_ids = [case.case_id for case in cases]
        self.start = np.array([day_number(c.window.start) for c in cases], dtype=np.int64)
        self.end = np.array([day_number(c.window.end) for c in cases], dtype=np.int64)
        self.follow_start = np.array(
            [_NEVER if c.follow_up is None else day_number(c.follow_up.start) for c in cases], dtype=np.int64
        )
        self.follow_end = np.array(
            [_NEVER if c.follow_up is None else day_number(c.follow_up.end) for c in cases], dtype=np.int64
        )
        self.intervals = self._intervals(cases)
        if key is None:
            self._check_no_overlap()

    def _intervals(self, cases: Sequence[CaseSpec]) -> pd.DataFrame:
        """One row per window: official, case index, follow-up flag, first and last day."""
        rows = []
        for i, case in enumerate(cases):
            official = normalise_label(case.official)
            rows.append((official, i, False, self.start[i], self.end[i]))
            if case.follow_up is not None:
                rows.append((official, i, True, self.follow_start[i], self.follow_end[i]))
        frame = pd.DataFrame(rows, columns=["official", "case", "follow_up", "first", "last"])
        return frame.sort_values(["first", "case"], ignore_index=True)

    def _check_no_overlap(self) -> None:
        ordered = self.intervals
        for (_, earlier), (_, later) in zip(
            ordered.iloc[:-1].iterrows(), ordered.iloc[1:].iterrows(), strict=True
        ):
            if later["first"] <= earlier["last"]:
                a, b = self.case_ids[int(earlier["case"])], self.case_ids[int(later["case"])]
                raise IngestError(
                    f"cases {a!r} and {b!r} have overlapping windows and the export has neither a case_id "
                    "nor an official column, so a mention in the overlap cannot be placed; map one of them"
                )

    def place(self, days: np.ndarray, keys: pd.Series | None) -> Placement:
        """Place rows with the given days (int64, days since 1970) and key values."""
        if self.key == "case_id":
            if keys is None:
                raise IngestError("the export has no case_id column")
            return self._by_case_id(days, keys)
        if self.key == "official":
            if keys is None:
                raise IngestError("the export has no official column")
            return self._by_official(days, keys)
        return self._by_window(days)

    def _by_case_id(self, days: np.ndarray, keys: pd.Series) -> Placement:
        lookup = {case_id: i for i, case_id in enumerate(self.case_ids)}
        index = keys.str.strip().map(lookup).to_numpy(dtype=float, na_value=np.nan)
        known = ~np.isnan(index)
        case = np.where(known, index, 0).astype(np.int64)
        in_window = known & (self.start[case] <= days) & (days <= self.end[case])
        in_follow = known & ~in_window & (self.follow_start[case] <= days) & (days <= self.follow_end[case])
        placed = in_window | in_follow
        positions = np.flatnonzero(placed)
        unplaced = (
            (np.flatnonzero(~known), UNKNOWN_CASE),
            (np.flatnonzero(known & ~placed), OUTSIDE_WINDOWS),
        )
        return Placement(positions, case[positions], in_follow[positions], unplaced)

    def _by_official(self, days: np.ndarray, keys: pd.Series) -> Placement:
        # Officials are compared through small integer ids: each distinct name in the
        # chunk is normalised once, then the rows are joined to the windows on the id.
        ids = {name: k for k, name in enumerate(dict.fromkeys(self.intervals["official"]))}
        codes, uniques = pd.factorize(keys, use_na_sentinel=True)
        unique_ids = np.array(
            [ids.get(normalise_label(str(name)), -1) for name in uniques] + [-1], dtype=np.int64
        )
        row_ids = unique_ids[np.where(codes < 0, len(uniques), codes)]
        windows = self.intervals.assign(official=self.intervals["official"].map(ids))
        rows = pd.DataFrame({"position": np.arange(len(days)), "official": row_ids, "day": days})
        merged = rows[row_ids >= 0].merge(windows, on="official", how="inner")
        inside = merged[(merged["first"] <= merged["day"]) & (merged["day"] <= merged["last"])]
        inside = inside.sort_values(["position", "case"], kind="stable")
        known = row_ids >= 0
        placed = np.zeros(len(days), dtype=bool)
        placed[inside["position"].to_numpy()] = True
        unplaced = (
            (np.flatnonzero(~known), UNKNOWN_OFFICIAL),
            (np.flatnonzero(known & ~placed), OUTSIDE_WINDOWS),
        )
        return Placement(
            inside["position"].to_numpy(np.int64),
            inside["case"].to_numpy(np.int64),
            inside["follow_up"].to_numpy(bool),
            unplaced,
        )

    def _by_window(self, days: np.ndarray) -> Placement:
        first = self.intervals["first"].to_numpy(np.int64)
        last = self.intervals["last"].to_numpy(np.int64)
        slot = np.searchsorted(first, days, side="right") - 1
        safe = np.clip(slot, 0, None)
        placed = (slot >= 0) & (days <= last[safe])
        positions = np.flatnonzero(placed)
        chosen = safe[positions]
        return Placement(
            positions,
            self.intervals["case"].to_numpy(np.int64)[chosen],
            self.intervals["follow_up"].to_numpy(bool)[chosen],
            ((np.flatnonzero(~placed), OUTSIDE_WINDOWS),),
        )
