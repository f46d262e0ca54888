"""CaseCoverage: one case's dated coverage series, a part of a :class:`~careerrep.records.CaseRecord`.

Where a record's ``mentions`` and ``source_mix`` reduce a case to its window,
the optional ``coverage`` part keeps the dates: one entry per day (or per
week starting Monday) with at least one mention, with the mentions by source
type and coded sentiment, and counts of dated events (e.g. resignation calls).
It is stored column-wise, in every file format the same way::

    {"frequency": "D",
     "date":       ["2019-03-01", "2019-03-04"],
     "mentions":   [3, 1],
     "mass_media": [2, 1],
     "social":     [1, 0],
     "negative":   [1, 0],
     "neutral":    [0, 0],
     "positive":   [0, 0],
     "events":     {"resignation_call": [0, 1]}}

(JSON: this object under the record's ``coverage`` key; CSV and Parquet: this
object as JSON text in the ``coverage`` column, as for ``comment_samples``.)

The part checks itself (dates ISO and strictly increasing, weekly dates on a
Monday, counts whole and >= 0, ``mass_media + social == mentions``, coded
sentiment at most the mentions, event labels ``[a-z0-9_]``, every list as
long as ``date``, no unknown key -- so a count of an unknown source type such
as ``"tv"`` is refused, not dropped). How the series must agree with the
record's windows and totals is checked by the record (see
:func:`check_coverage_fits_record`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from careerrep._checks import check_count, check_mapping, parse_date, record_error

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["COVERAGE_COUNTS", "CaseCoverage", "check_coverage_fits_record"]

#: the count lists every coverage part has, in order (source types, then tones).
COVERAGE_COUNTS = ("mentions", "mass_media", "social", "negative", "neutral", "positive")
_TONES = ("negative", "neutral", "positive")
_KEYS = ("frequency", "date", *COVERAGE_COUNTS, "events")
_LABEL = re.compile(r"[a-z0-9_]+", re.ASCII)
_PERIOD_DAYS = {"D": 1, "W": 7}


@dataclass(frozen=True)
class CaseCoverage:
    """A case's mentions per day (``frequency="D"``) or week (``"W"``, dates are Mondays).

    Attributes
    ----------
    frequency
        ``"D"`` or ``"W"``.
    date
        The first day of each period, strictly increasing.
    mentions, mass_media, social
        Mentions in the period, in all and by source type (``mass_media + social == mentions``).
    negative, neutral, positive
        Mentions in the period coded with that sentiment (uncoded ones are in ``mentions`` only).
    events
        ``(label, counts)`` pairs sorted by label: dated events per period, e.g.
        ``("resignation_call", (0, 1, 0))``.
    """

    frequency: str
    date: tuple[dt.date, ...]
    mentions: tuple[int, ...]
    mass_media: tuple[int, ...]
    social: tuple[int, ...]
    negative: tuple[int, ...]
    neutral: tuple[int, ...]
    positive: tuple[int, ...]
    events: tuple[tuple[str, tuple[int, ...]], ...] = ()

    def __post_init__(self) -> None:
        if self.frequency not in _PERIOD_DAYS:
            raise record_error("frequency", self.frequency, "is not 'D' (daily) or 'W' (weeks from Monday)")
        dates = _sequence("date", self.date)
        for i, day in enumerate(dates):
            if isinstance(day, dt.datetime) or not isinstance(day, dt.date):
                raise record_error(f"date[{i}]", day, "is not a date (datetime.date)")
            if i and day <= dates[i - 1]:
                raise record_error(
                    f"date[{i}]", day.isoformat(), f"is not after the entry before it ({dates[i - 1]})"
                )
            if self.frequency == "W" and day.weekday() != 0:
                raise record_error(f"date[{i}]", day.isoformat(), "is not a Monday (weekly coverage)")
        object.__setattr__(self, "date", dates)
        for name in COVERAGE_COUNTS:
            object.__setattr__(self, name, self._counts(name, getattr(self, name)))
        events = _sequence("events", self.events)
        checked = []
        for label_counts in events:
            if not isinstance(label_counts, tuple | list) or len(label_counts) != 2:
                raise record_error("events", label_counts, "is not a (label, counts) pair")
            label, counts = label_counts
            if not isinstance(label, str) or _LABEL.fullmatch(label) is None:
                raise record_error("events", label, "is not an event label of a-z, 0-9 and _")
            checked.append((label, self._counts(f"events.{label}", counts)))
        labels = [label for label, _ in checked]
        if len(set(labels)) != len(labels):
            raise record_error("events", labels, "has a label twice")
        object.__setattr__(self, "events", tuple(sorted(checked)))
        for i, day in enumerate(self.date):
            if self.mass_media[i] + self.social[i] != self.mentions[i]:
                raise record_error(
                    f"social[{i}]",
                    self.social[i],
                    f"plus mass_media {self.mass_media[i]} is not the {self.mentions[i]} mentions of {day}",
                )
            coded = self.negative[i] + self.neutral[i] + self.positive[i]
            if coded > self.mentions[i]:
                raise record_error(
                    f"negative[{i}]",
                    self.negative[i],
                    f"+ neutral + positive = {coded} coded mentions on {day}, more than the "
                    f"{self.mentions[i]} mentions",
                )

    def _counts(self, name: str, values: object) -> tuple[int, ...]:
        counts = _sequence(name, values)
        if len(counts) != len(self.date):
            raise record_error(name, f"{len(counts)} values", f"but date has {len(self.date)}")
        for i, value in enumerate(counts):
            check_count(f"{name}[{i}]", value)
        return counts

    @property
    def period_days(self) -> int:
        """Days in one period: 1 (daily) or 7 (weekly)."""
        return _PERIOD_DAYS[self.frequency]

    def total(self, name: str, first: dt.date, last: dt.date) -> int:
        """Sum of count list ``name`` over the periods starting in ``first .. last`` (both included)."""
        values = self._column(name)
        return sum(v for day, v in zip(self.date, values, strict=True) if first <= day <= last)

    def _column(self, name: str) -> tuple[int, ...]:
        if name in COVERAGE_COUNTS:
            return getattr(self, name)
        return dict(self.events)[name]

    def to_dict(self) -> dict[str, Any]:
        """The column-wise JSON object (dates as ISO strings)."""
        data: dict[str, Any] = {"frequency": self.frequency, "date": [d.isoformat() for d in self.date]}
        for name in COVERAGE_COUNTS:
            data[name] = list(getattr(self, name))
        data["events"] = {label: list(counts) for label, counts in self.events}
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CaseCoverage:
        """Inverse of :meth:`to_dict`; unknown keys (e.g. a source type ``"tv"``) are refused."""
        check_mapping("", data, "a coverage series'")
        for key in data:
            if key not in _KEYS:
                raise record_error(
                    str(key),
                    data[key],
                    "is not a field of a coverage series: source types are mass_media and social, "
                    "tones negative, neutral and positive, and dated events go under 'events'",
                )
        for key in ("frequency", "date", *COVERAGE_COUNTS):
            if key not in data:
                raise record_error(key, None, "is required in a coverage series")
        dates = _sequence("date", data["date"])
        parsed = tuple(parse_date(f"date[{i}]", day) for i, day in enumerate(dates))
        for i, day in enumerate(parsed):
            if day is None:
                raise record_error(f"date[{i}]", None, "is missing")
        events = check_mapping("events", data.get("events") or {}, "event label -> counts")
        return cls(
            frequency=data["frequency"],
            date=parsed,  # type: ignore[arg-type]  # None refused above
            **{name: data[name] for name in COVERAGE_COUNTS},
            events=tuple((label, counts) for label, counts in events.items()),
        )

    def to_frame(self) -> pd.DataFrame:
        """One row per period: ``date`` (datetime64), the counts and ``event_<label>`` (int64)."""
        import numpy as np
        import pandas as pd

        frame = pd.DataFrame({"date": pd.to_datetime(list(self.date)).astype("datetime64[ns]")})
        if not self.date:
            frame["date"] = frame["date"].astype("datetime64[ns]")
        for name in COVERAGE_COUNTS:
            frame[name] = np.asarray(getattr(self, name), dtype=np.int64)
        for label, counts in self.events:
            frame[f"event_{label}"] = np.asarray(counts, dtype=np.int64)
        return frame

    @classmethod
    def from_frame(cls, frame: pd.DataFrame, frequency: str = "D") -> CaseCoverage:
        """Build from a frame with ``date``, the count columns and any ``event_<label>`` columns.

        Other columns (e.g. ``case_id``) are ignored; rows are sorted by date.
        """
        frame = frame.sort_values("date")
        dates = tuple(day.date() for day in frame["date"])

        def ints(column: str) -> tuple[int, ...]:
            return tuple(int(v) for v in frame[column].to_numpy())

        events = tuple(
            (str(c)[len("event_") :], ints(str(c))) for c in frame.columns if str(c).startswith("event_")
        )
        counts = {name: ints(name) for name in COVERAGE_COUNTS}
        return cls(frequency=frequency, date=dates, events=events, **counts)


def _sequence(name: str, values: object) -> tuple[Any, ...]:
    if isinstance(values, str | bytes | Mapping) or not isinstance(values, Sequence):
        raise record_error(name, values, "is not a list")
    return tuple(values)


# ``record`` is a CaseRecord; not imported even for typing, because records imports this module.
def check_coverage_fits_record(record: Any) -> None:
    """Refuse coverage that disagrees with the record's windows and totals.

    - every period must overlap the event window or the follow-up window (a
      mention outside both was never counted in the record);
    - daily coverage: its mentions in the event window sum to ``mentions``,
      in the follow-up window to ``follow_up.mentions``; its coded sentiment
      in the event window equals ``publication_sentiment`` (all zero when that
      is ``None``);
    - weekly coverage (a week may straddle both windows): all its mentions
      sum to ``mentions`` plus the follow-up mentions.
    """
    coverage = record.coverage
    if coverage is None:
        return
    window = record.window
    follow = record.follow_up
    span = dt.timedelta(days=coverage.period_days - 1)
    for i, day in enumerate(coverage.date):
        inside = day <= window.end and day + span >= window.start
        if follow is not None:
            inside = inside or (day <= follow.window.end and day + span >= follow.window.start)
        if not inside:
            where = f"the event window {window.start} to {window.end}"
            if follow is not None:
                where += f" or the follow-up window {follow.window.start} to {follow.window.end}"
            raise record_error(f"coverage.date[{i}]", day.isoformat(), f"is outside {where}")
    follow_mentions = 0 if follow is None else follow.mentions
    if coverage.frequency == "W":
        total = sum(coverage.mentions)
        if total != record.mentions + follow_mentions:
            raise record_error(
                "coverage.mentions",
                total,
                f"in all is not the record's {record.mentions} + {follow_mentions} follow-up mentions",
            )
        return
    in_window = coverage.total("mentions", window.start, window.end)
    if in_window != record.mentions:
        raise record_error(
            "coverage.mentions",
            in_window,
            f"from {window.start} to {window.end} is not the record's {record.mentions} mentions",
        )
    if follow is not None:
        in_follow = coverage.total("mentions", follow.window.start, follow.window.end)
        if in_follow != follow.mentions:
            raise record_error(
                "coverage.mentions",
                in_follow,
                f"from {follow.window.start} to {follow.window.end} is not the follow-up's "
                f"{follow.mentions} mentions",
            )
    sentiment = record.publication_sentiment
    for tone in _TONES:
        coded = coverage.total(tone, window.start, window.end)
        expected = 0 if sentiment is None else getattr(sentiment, tone)
        if coded != expected:
            said = "no sentiment coded" if sentiment is None else f"publication_sentiment.{tone} = {expected}"
            raise record_error(f"coverage.{tone}", coded, f"in the event window, but the record has {said}")
