"""Streaming aggregation of mentions into per-case counts, and the records built from them.

:class:`MentionAggregator` takes an export one chunk at a time. For every
chunk it checks each row (a row with any problem is logged once, for its
first problem, and left out), places the good rows into cases
(:mod:`careerrep.ingest.assign`), and adds their counts to running totals.
Only the counts are kept, never the rows, so memory depends on the number of
cases and distinct labels, not on the length of the export.

Each case has two slots of counts, its event window and its follow-up window
(slot ``2 * case`` and ``2 * case + 1``). From the counts a record gets:

- ``mentions``: rows in the event window;
- ``source_mix``: mass-media and social shares of them; media types as
  shares *of the mass-media mentions*, platforms as shares *of the social
  mentions*, regions as shares *of all mentions*; rows with an empty
  breakdown cell stay unreported (the shares then sum to less than one);
  the most mentioned outlets with their counts;
- ``publication_sentiment``: counts of the rows whose sentiment was coded,
  or ``None`` if the export has no sentiment for that case;
- ``follow_up``: the same counts for the follow-up window;
- ``coverage`` (when asked for with ``coverage="D"`` or ``"W"``): the same
  mentions per day (or week from Monday) of both windows, by source type and
  coded sentiment (:class:`~careerrep.case_coverage.CaseCoverage`). Only
  per-case, per-day sums are kept, never the rows.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from careerrep.case_coverage import CaseCoverage
from careerrep.errors import IngestError
from careerrep.ingest.assign import CaseAssigner
from careerrep.ingest.cases import CaseSpec
from careerrep.ingest.exports import ExportChunk
from careerrep.ingest.mapping import ColumnMapping
from careerrep.ingest.parse import check_times, free_labels, map_labels, parse_days, parse_numbers
from careerrep.ingest.problems import (
    MISSING_VALUE,
    NEGATIVE_NUMBER,
    NO_MENTIONS,
    NOT_A_NUMBER,
    OUTSIDE_WINDOWS,
    UNKNOWN_PLATFORM,
    UNKNOWN_SENTIMENT,
    UNKNOWN_SOURCE_TYPE,
    UNPARSEABLE_DATE,
    UNPARSEABLE_TIME,
    ProblemLog,
)
from careerrep.parts import CommentSample, FollowUp, SentimentCounts, Shares, SourceMix
from careerrep.records import CaseRecord
from careerrep.scale import OutcomeScale

TONES = ("negative", "neutral", "positive")
# Breakdowns counted per slot: name -> which mentions they are shares of.
BREAKDOWNS = ("media_type", "platform", "region", "language", "outlet")


class MentionAggregator:
    """Running per-case counts of an export's mentions.

    Parameters
    ----------
    cases
        The cases mentions are placed into.
    mapping
        Column mapping (label vocabularies, date format).
    log
        Where row problems go.
    coverage
        ``None`` (no dated coverage), ``"D"`` (per day) or ``"W"`` (per week from Monday).
    """

    def __init__(
        self,
        cases: Sequence[CaseSpec],
        mapping: ColumnMapping,
        log: ProblemLog,
        coverage: str | None = None,
    ) -> None:
        if coverage not in (None, "D", "W"):
            raise IngestError(f"coverage = {coverage!r}: use None, 'D' (daily) or 'W' (weekly)")
        self.coverage = coverage
        # per chunk: counts per (slot, day), summed again when the records are built
        self.dated: list[pd.DataFrame] = []
        self.cases = tuple(cases)
        self.mapping = mapping
        self.log = log
        slots = 2 * len(self.cases)
        self.total = np.zeros(slots, dtype=np.int64)
        self.social = np.zeros(slots, dtype=np.int64)
        self.tones = np.zeros((slots, len(TONES)), dtype=np.int64)
        self.reach = np.zeros(slots, dtype=float)
        self.engagement = np.zeros(slots, dtype=float)
        # breakdowns[name][slot][label] = mentions
        self.breakdowns: dict[str, defaultdict[int, Counter[str]]] = {
            name: defaultdict(Counter) for name in BREAKDOWNS
        }
        self.present: set[str] = set()
        self.assigner: CaseAssigner | None = None
        self.rows_read = 0
        self.rows_used = 0

    # --- one chunk ----------------------------------------------------------------------

    def add(self, chunk: ExportChunk) -> None:
        """Check, place and count the rows of one chunk."""
        for row, reason, text in chunk.unreadable:
            self.log.add(row, reason, None, text)
        self.rows_read += len(chunk.rows) + len(chunk.unreadable)
        data, rows = chunk.data, chunk.rows
        if data.empty:
            return
        self.present |= set(data.columns)
        if self.assigner is None:
            key = (
                "case_id" if "case_id" in data.columns else "official" if "official" in data.columns else None
            )
            self.assigner = CaseAssigner(self.cases, key)
        bad = np.zeros(len(data), dtype=bool)

        def flag(mask: np.ndarray, reason: str, column: str | None) -> None:
            # Only a row's first problem is logged, so each skipped row is counted once.
            new = mask & ~bad
            if new.any():
                values = data[column].to_numpy(dtype=object)[new] if column else [""] * int(new.sum())
                self.log.add_many(rows[new], reason, self._column_name(column), values)
            bad[:] |= mask

        days, missing, unreadable = parse_days(data["date"], self.mapping.date_format)
        flag(missing, MISSING_VALUE, "date")
        flag(unreadable, UNPARSEABLE_DATE, "date")
        if "time" in data.columns:
            flag(check_times(data["time"]), UNPARSEABLE_TIME, "time")
        kinds, missing, unknown = map_labels(data["source_type"], self.mapping.source_types)
        flag(missing, MISSING_VALUE, "source_type")
        flag(unknown, UNKNOWN_SOURCE_TYPE, "source_type")
        is_social = kinds == "social"
        platforms = None
        if "platform" in data.columns:
            # The platform cell matters for social mentions only (mass media may hold a site name).
            platforms, _, unknown = map_labels(data["platform"], self.mapping.platforms)
            flag(unknown & is_social, UNKNOWN_PLATFORM, "platform")
        tones = None
        if "sentiment" in data.columns:
            tones, _, unknown = map_labels(data["sentiment"], self.mapping.sentiments)
            flag(unknown, UNKNOWN_SENTIMENT, "sentiment")
        numbers = {}
        for name in ("reach", "engagement"):
            if name in data.columns:
                numbers[name], unreadable = parse_numbers(data[name], chunk.decimal)
                flag(unreadable, NOT_A_NUMBER, name)
                # An audience or an engagement count cannot be below zero.
                flag(numbers[name] < 0, NEGATIVE_NUMBER, name)

        good = np.flatnonzero(~bad)
        keys = (
            None if self.assigner.key is None else data[self.assigner.key].iloc[good].reset_index(drop=True)
        )
        placement = self.assigner.place(days[good], keys)
        for positions, reason in placement.unplaced:
            column = "date" if reason == OUTSIDE_WINDOWS else self.assigner.key
            values = data[column].to_numpy(dtype=object)[good[positions]] if column else [""] * len(positions)
            self.log.add_many(rows[good[positions]], reason, self._column_name(column), values)
        used = np.zeros(len(good), dtype=bool)
        used[placement.positions] = True  # a row counted toward two cases is still one row
        self.rows_used += int(used.sum())

        taken = good[placement.positions]
        slot = 2 * placement.cases + placement.follow_up.astype(np.int64)
        self._count(slot, taken, is_social, tones, numbers)
        self._count_breakdowns(data, slot, taken, is_social, platforms)
        if self.coverage is not None:
            self._count_days(slot, days[taken], is_social[taken], None if tones is None else tones[taken])

    def _column_name(self, field_name: str | None) -> str | None:
        return None if field_name is None else self.mapping.columns.get(field_name, field_name)

    def _count(
        self,
        slot: np.ndarray,
        taken: np.ndarray,
        is_social: np.ndarray,
        tones: np.ndarray | None,
        numbers: Mapping[str, np.ndarray],
    ) -> None:
        size = len(self.total)
        self.total += np.bincount(slot, minlength=size)
        self.social += np.bincount(slot, weights=is_social[taken], minlength=size).astype(np.int64)
        if tones is not None:
            for k, tone in enumerate(TONES):
                self.tones[:, k] += np.bincount(slot, weights=tones[taken] == tone, minlength=size).astype(
                    np.int64
                )
        for name, values in numbers.items():
            target = self.reach if name == "reach" else self.engagement
            target += np.bincount(slot, weights=np.nan_to_num(values[taken]), minlength=size)

    def _count_days(
        self, slot: np.ndarray, days: np.ndarray, is_social: np.ndarray, tones: np.ndarray | None
    ) -> None:
        if self.coverage == "W":
            days = days - (days + 3) % 7  # day 0 (1970-01-01) was a Thursday: back to the Monday
        frame = pd.DataFrame(
            {
                "case": slot // 2,
                "day": days,
                "mentions": np.ones(len(slot), dtype=np.int64),
                "social": is_social.astype(np.int64),
            }
        )
        for tone in TONES:
            frame[tone] = np.zeros(len(slot), np.int64) if tones is None else (tones == tone).astype(np.int64)
        self.dated.append(frame.groupby(["case", "day"], as_index=False, sort=False).sum())

    def case_coverage(self) -> dict[int, CaseCoverage]:
        """Dated coverage of each case (by position) with mentions, from the per-day counts."""
        if self.coverage is None or not self.dated:
            return {}
        sums = pd.concat(self.dated, ignore_index=True).groupby(["case", "day"], as_index=False).sum()
        sums = sums.sort_values(["case", "day"], ignore_index=True)
        epoch = np.datetime64("1970-01-01", "D")
        out = {}
        for _, part in sums.groupby("case", sort=False):
            dates = tuple((epoch + part["day"].to_numpy().astype("timedelta64[D]")).tolist())
            mentions = part["mentions"].to_numpy()
            social = part["social"].to_numpy()
            out[int(part["case"].iloc[0])] = CaseCoverage(
                self.coverage,
                dates,
                tuple(mentions.tolist()),
                tuple((mentions - social).tolist()),
                tuple(social.tolist()),
                *(tuple(part[tone].to_numpy().tolist()) for tone in TONES),
            )
        return out

    def _count_breakdowns(
        self,
        data: pd.DataFrame,
        slot: np.ndarray,
        taken: np.ndarray,
        is_social: np.ndarray,
        platforms: np.ndarray | None,
    ) -> None:
        for name in BREAKDOWNS:
            if name not in data.columns:
                continue
            if name == "platform" and platforms is not None:
                codes, uniques = pd.factorize(platforms, use_na_sentinel=True)
                uniques = np.asarray(uniques, dtype=object)
            else:
                codes, uniques = free_labels(data[name])
            codes = np.asarray(codes)[taken]
            if name == "media_type":
                codes = np.where(is_social[taken], -1, codes)  # shares within mass media
            elif name == "platform":
                codes = np.where(is_social[taken], codes, -1)  # shares within social networks
            keep = codes >= 0
            if not keep.any():
                continue
            combined = slot[keep] * len(uniques) + codes[keep]
            counts = np.bincount(combined)
            by_slot = self.breakdowns[name]
            for index in np.flatnonzero(counts):
                by_slot[int(index // len(uniques))][str(uniques[index % len(uniques)])] += int(counts[index])

    # --- records ------------------------------------------------------------------------

    def source_mix(self, slot: int, top_outlets: int) -> SourceMix | None:
        """The source mix of one slot, or ``None`` when it has no mentions."""
        total = int(self.total[slot])
        if total == 0:
            return None
        social = int(self.social[slot])
        mass = total - social
        parts = {name: self.breakdowns[name].get(slot, Counter()) for name in BREAKDOWNS}
        outlets = sorted(parts["outlet"].items(), key=lambda kv: (-kv[1], kv[0]))[:top_outlets]
        return SourceMix(
            mass_media=mass / total,
            social=social / total,
            media_types=Shares({k: v / mass for k, v in parts["media_type"].items()}),
            platforms=Shares({k: v / social for k, v in parts["platform"].items()}),
            regions=Shares({k: v / total for k, v in parts["region"].items()}),
            outlets=tuple(outlets),
        )

    def records(
        self,
        comments: Mapping[str, tuple[CommentSample, ...]],
        scale: OutcomeScale,
        source: str,
        top_outlets: int = 10,
    ) -> list[CaseRecord]:
        """One record per case with mentions in its window (empty cases go to the log)."""
        records = []
        coverage = self.case_coverage()
        for i, case in enumerate(self.cases):
            mix = self.source_mix(2 * i, top_outlets)
            if mix is None:
                self.log.drop_case(case.case_id, f"{NO_MENTIONS} {case.window.start} to {case.window.end}")
                continue
            coded = self.tones[2 * i]
            sentiment = None
            if "sentiment" in self.present and coded.sum() > 0:
                sentiment = SentimentCounts(*(int(c) for c in coded))
            follow_up = None
            if case.follow_up is not None:
                follow_up = FollowUp(
                    case.follow_up, int(self.total[2 * i + 1]), self.source_mix(2 * i + 1, top_outlets)
                )
            records.append(
                CaseRecord(
                    case_id=case.case_id,
                    official=case.official,
                    country=case.country,
                    window=case.window,
                    mentions=int(self.total[2 * i]),
                    source_mix=mix,
                    publication_sentiment=sentiment,
                    comment_samples=comments.get(case.case_id, ()),
                    follow_up=follow_up,
                    outcome=case.outcome,
                    outcome_date=case.outcome_date,
                    position=case.position,
                    event=case.event,
                    citation=case.citation or f"media-monitoring export {source}",
                    notes=case.notes,
                    scale=scale,
                    coverage=coverage.get(i),
                )
            )
        return records

    def case_totals(self) -> pd.DataFrame:
        """Per case: mentions, follow-up mentions, reach and engagement sums, mentions by language.

        What a :class:`CaseRecord` has no field for. Reach and engagement are
        NaN when the export has no such column; languages are ``language:<name>``
        count columns.
        """
        frame = pd.DataFrame(
            {
                "mentions": self.total[0::2],
                "follow_up_mentions": self.total[1::2],
                "reach": self.reach[0::2] if "reach" in self.present else np.nan,
                "engagement": self.engagement[0::2] if "engagement" in self.present else np.nan,
            },
            index=pd.Index([c.case_id for c in self.cases], name="case_id"),
        )
        by_slot = self.breakdowns["language"]
        languages = sorted({label for slot, counts in by_slot.items() if slot % 2 == 0 for label in counts})
        for language in languages:
            frame[f"language:{language}"] = [
                by_slot.get(2 * i, Counter())[language] for i in range(len(self.cases))
            ]
        return frame
