"""Channel statistics: subscribers, views and posts of social-media channels.

The study's Table 1 compares the accounts of an opposition movement, the
ruling party and the president's press office by subscribers, views and posts
(figures from the LiveDune SMM service, January 2020) and states ratios such as
"63 times more subscribers than the president's press office". A
:class:`ChannelTable` holds such figures, validated, and computes those ratios.
A missing figure (a private account) stays missing and its ratios are NaN.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from careerrep.errors import ArgumentError, IngestError

METRICS = ("subscribers", "views", "posts")


def _count(channel: str, field: str, value: object) -> float:
    """A non-negative count, or NaN when missing; never a silent fix."""
    if value is None or value is pd.NA:
        return math.nan
    if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
        raise IngestError(f"channel {channel!r}: {field} = {value!r} is not a number")
    number = float(value)
    if math.isnan(number):
        return math.nan
    if number < 0 or not number.is_integer():
        raise IngestError(f"channel {channel!r}: {field} = {value!r} is not a non-negative count")
    return number


@dataclass(frozen=True)
class Channel:
    """One channel's figures at one date.

    ``subscribers``, ``views`` and ``posts`` are counts (NaN when not known);
    ``date`` is when they were read (``None`` when not given).
    """

    name: str
    platform: str
    subscribers: float = math.nan
    views: float = math.nan
    posts: float = math.nan
    date: dt.date | None = None

    def __post_init__(self) -> None:
        for field in ("name", "platform"):
            value = getattr(self, field)
            if not isinstance(value, str) or not value.strip():
                raise IngestError(f"channel {self.name!r}: {field} = {value!r} is empty")
        for metric in METRICS:
            object.__setattr__(self, metric, _count(self.name, metric, getattr(self, metric)))
        if isinstance(self.date, str):
            try:
                object.__setattr__(self, "date", dt.date.fromisoformat(self.date))
            except ValueError:
                raise IngestError(f"channel {self.name!r}: date = {self.date!r} is not an ISO date") from None


def _ratio(numerator: pd.Series, denominator: pd.Series) -> pd.Series:
    """numerator / denominator, NaN (not inf) where the denominator is 0 or missing."""
    return numerator / denominator.where(denominator > 0)


@dataclass(frozen=True)
class ChannelTable:
    """Figures for several channels, one row per (name, platform, date).

    Raises
    ------
    IngestError
        When two rows share name, platform and date (the message names them).
    """

    channels: tuple[Channel, ...]

    def __post_init__(self) -> None:
        channels = tuple(self.channels)
        seen: set[tuple[str, str, dt.date | None]] = set()
        for channel in channels:
            if not isinstance(channel, Channel):
                raise IngestError(f"{channel!r} is not a Channel")
            key = (channel.name, channel.platform, channel.date)
            if key in seen:
                raise IngestError(
                    f"channel {channel.name!r} on {channel.platform!r} at {channel.date} appears twice"
                )
            seen.add(key)
        object.__setattr__(self, "channels", channels)

    def __len__(self) -> int:
        return len(self.channels)

    @classmethod
    def from_frame(cls, frame: pd.DataFrame) -> ChannelTable:
        """From columns ``name, platform`` and any of ``subscribers, views, posts, date``."""
        missing = [c for c in ("name", "platform") if c not in frame.columns]
        if missing:
            raise IngestError(f"channel table lacks columns {missing}")
        rows = frame.to_dict("records")
        channels = []
        for row in rows:
            date = row.get("date")
            if isinstance(date, pd.Timestamp | dt.datetime):
                date = date.date()
            elif date is None or (isinstance(date, float) and math.isnan(date)):
                date = None
            channels.append(
                Channel(
                    name=row["name"],
                    platform=row["platform"],
                    date=date,
                    **{m: row.get(m) for m in METRICS},  # type: ignore[arg-type]
                )
            )
        return cls(tuple(channels))

    def to_frame(self) -> pd.DataFrame:
        """One row per channel: ``name, platform, subscribers, views, posts, date``."""
        return pd.DataFrame(
            {
                "name": [c.name for c in self.channels],
                "platform": [c.platform for c in self.channels],
                **{m: [getattr(c, m) for c in self.channels] for m in METRICS},
                "date": [c.date for c in self.channels],
            }
        )

    def ratios(self) -> pd.DataFrame:
        """Per-channel ratios: ``views_per_post``, ``views_per_subscriber``,
        ``subscribers_per_post`` (NaN where a figure is missing or a divisor is 0).
        """
        table = self.to_frame()
        table["views_per_post"] = _ratio(table["views"], table["posts"])
        table["views_per_subscriber"] = _ratio(table["views"], table["subscribers"])
        table["subscribers_per_post"] = _ratio(table["subscribers"], table["posts"])
        return table

    def relative_to(self, reference: str, metrics: Sequence[str] = METRICS) -> pd.DataFrame:
        """Each channel's figures divided by the reference channel's on the same platform.

        "Ablyazov has 63 times more subscribers on YouTube than the president's
        press office" is ``relative_to("Ak Orda")`` read at the YouTube row.

        Parameters
        ----------
        reference
            Name of the reference channel; it must appear in the table.
        metrics
            Which of ``subscribers``, ``views``, ``posts`` to compare.

        Returns
        -------
        DataFrame
            ``name, platform, date`` and ``<metric>_ratio`` per metric. Rows on
            a platform where the reference has no figures get NaN. When the
            reference has several dates on a platform, the same date is used.
        """
        unknown = [m for m in metrics if m not in METRICS]
        if unknown:
            raise ArgumentError(f"metrics {unknown} are not among {METRICS}")
        table = self.to_frame()
        if reference not in set(table["name"]):
            raise ArgumentError(f"reference channel {reference!r} is not in the table")
        base = table[table["name"] == reference]
        dated = base["date"].notna().any() and base["platform"].duplicated().any()
        keys = ["platform", "date"] if dated else ["platform"]
        base = base[[*keys, *metrics]].rename(columns={m: f"_ref_{m}" for m in metrics})
        merged = table.merge(base, on=keys, how="left")
        result = merged[["name", "platform", "date"]].copy()
        for metric in metrics:
            result[f"{metric}_ratio"] = _ratio(merged[metric], merged[f"_ref_{metric}"])
        return result
