"""The parts a case record is made of: windows, shares, sentiment, comment samples.

Every part is a frozen value object validated on construction. Shares are
fractions in [0, 1] (the paper's 29.45 % is ``0.2945``). Counts are the truth
where a source gives both counts and percentages, so comment samples hold
counts and the percentages are recomputed from them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from careerrep._checks import (
    SHARE_SUM_TOLERANCE,
    check_count,
    check_date,
    check_keys,
    check_mapping,
    check_share,
    check_text,
    field_prefix,
    parse_date,
    record_error,
)


@dataclass(frozen=True)
class EventWindow:
    """The period whose coverage is counted, both ends included.

    ``days`` is the number of calendar days in the window: 23 to 31 July is 9.
    """

    start: dt.date
    end: dt.date

    def __post_init__(self) -> None:
        check_date("start", self.start)
        check_date("end", self.end)
        if self.end < self.start:
            raise record_error("end", self.end.isoformat(), f"is before start {self.start}")

    @property
    def days(self) -> int:
        """Length of the window in days, both ends included."""
        return (self.end - self.start).days + 1

    def to_dict(self) -> dict[str, str]:
        """ISO dates, for JSON."""
        return {"start": self.start.isoformat(), "end": self.end.isoformat()}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> EventWindow:
        """Inverse of :meth:`to_dict` (accepts ISO strings or dates)."""
        check_keys(check_mapping("", data, "an event window's"), ("start", "end"), "EventWindow")
        start = parse_date("start", data.get("start"))
        end = parse_date("end", data.get("end"))
        return cls(start=start, end=end)  # type: ignore[arg-type]  # None is refused by __post_init__


@dataclass(frozen=True, init=False)
class Shares:
    """A breakdown of some total into named shares (e.g. platforms within social media).

    The shares may sum to less than one: sources usually print only the
    largest parts, and the remainder is :attr:`unreported`. They may not sum
    to more than one, beyond 0.5 percentage points of rounding.

    Items are kept largest first (ties by name), so two breakdowns with the
    same content are equal whatever order they were given in.
    """

    items: tuple[tuple[str, float], ...]

    def __init__(self, shares: Mapping[str, float] | None = None, *, name: str = "shares") -> None:
        checked: dict[str, float] = {}
        if shares is not None and not isinstance(shares, Mapping):
            raise record_error(name, shares, "is not an object of name -> share")
        for key, value in (shares or {}).items():
            check_text(f"{name} key", key)
            checked[key] = check_share(f"{name}.{key}", value)
        total = sum(checked.values())
        if total > 1.0 + SHARE_SUM_TOLERANCE:
            raise record_error(name, dict(checked), f"sums to {total:.4f}, more than 1")
        ordered = sorted(checked.items(), key=lambda kv: (-kv[1], kv[0]))
        object.__setattr__(self, "items", tuple(ordered))

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self) -> Iterator[str]:
        return (key for key, _ in self.items)

    def __getitem__(self, key: str) -> float:
        return self.as_dict()[key]

    def get(self, key: str, default: float | None = None) -> float | None:
        """The share of ``key``, or ``default`` when the source did not report it."""
        return self.as_dict().get(key, default)

    def as_dict(self) -> dict[str, float]:
        """The shares as a plain dict, largest first."""
        return dict(self.items)

    @property
    def unreported(self) -> float:
        """What the source left unassigned: ``1 - sum`` (never below zero)."""
        return max(0.0, 1.0 - sum(v for _, v in self.items))


@dataclass(frozen=True)
class SourceMix:
    """Where the mentions appeared.

    Attributes
    ----------
    mass_media, social
        Shares of all mentions in mass media and in social networks.
    media_types
        Shares *within mass media* by media type (news agencies, print, ...).
    platforms
        Shares *within social networks* by platform (Facebook, VKontakte, ...).
    regions
        Shares of *all mentions* by the source's region.
    outlets
        Mention counts of named outlets (the paper's Table 5), most first.
    """

    mass_media: float
    social: float
    media_types: Shares = field(default_factory=Shares)
    platforms: Shares = field(default_factory=Shares)
    regions: Shares = field(default_factory=Shares)
    outlets: tuple[tuple[str, int], ...] = ()

    def __post_init__(self) -> None:
        check_share("mass_media", self.mass_media)
        check_share("social", self.social)
        total = self.mass_media + self.social
        if total > 1.0 + SHARE_SUM_TOLERANCE:
            raise record_error(
                "social",
                self.social,
                f"plus mass_media {self.mass_media} is {total:.4f}, more than 1",
            )
        for name in ("media_types", "platforms", "regions"):
            value = getattr(self, name)
            if not isinstance(value, Shares):
                object.__setattr__(self, name, Shares(value, name=name))
        outlets = []
        if isinstance(self.outlets, str | bytes | Mapping) or not isinstance(self.outlets, tuple | list):
            raise record_error("outlets", self.outlets, "is not a list of (name, count) pairs")
        for i, item in enumerate(self.outlets):
            if not (isinstance(item, tuple | list) and len(item) == 2):
                raise record_error(f"outlets[{i}]", item, "is not a (name, count) pair")
            outlet, count = item
            check_text(f"outlets[{i}].name", outlet)
            check_count(f"outlets[{i}].count", count)
            outlets.append((outlet, count))
        outlets.sort(key=lambda kv: (-kv[1], kv[0]))
        object.__setattr__(self, "outlets", tuple(outlets))

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready dict."""
        return {
            "mass_media": self.mass_media,
            "social": self.social,
            "media_types": self.media_types.as_dict(),
            "platforms": self.platforms.as_dict(),
            "regions": self.regions.as_dict(),
            "outlets": [list(pair) for pair in self.outlets],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SourceMix:
        """Inverse of :meth:`to_dict` (unknown keys are refused)."""
        check_keys(check_mapping("", data, "a source mix's"), _MIX_KEYS, "SourceMix")
        outlets = data.get("outlets")
        if outlets is None:
            outlets = ()
        elif isinstance(outlets, list | tuple):
            outlets = tuple(tuple(pair) if isinstance(pair, list | tuple) else pair for pair in outlets)
        return cls(
            mass_media=data.get("mass_media"),  # type: ignore[arg-type]
            social=data.get("social"),  # type: ignore[arg-type]
            media_types=Shares(_or_empty(data.get("media_types")), name="media_types"),
            platforms=Shares(_or_empty(data.get("platforms")), name="platforms"),
            regions=Shares(_or_empty(data.get("regions")), name="regions"),
            outlets=outlets,
        )


_MIX_KEYS = ("mass_media", "social", "media_types", "platforms", "regions", "outlets")


def _or_empty(value: Any) -> Any:
    """``None`` as an empty breakdown; anything else as given (so a non-object is refused by name)."""
    return {} if value is None else value


@dataclass(frozen=True)
class SentimentCounts:
    """Counts of negative, neutral and positive items (publications or comments)."""

    negative: int
    neutral: int
    positive: int

    def __post_init__(self) -> None:
        for name in ("negative", "neutral", "positive"):
            check_count(name, getattr(self, name))

    @property
    def total(self) -> int:
        """Number of items coded."""
        return self.negative + self.neutral + self.positive

    def shares(self) -> dict[str, float]:
        """Shares of each tone (NaN when nothing was coded)."""
        total = self.total
        nan = float("nan")
        return {
            "negative": self.negative / total if total else nan,
            "neutral": self.neutral / total if total else nan,
            "positive": self.positive / total if total else nan,
        }

    def to_dict(self) -> dict[str, int]:
        """Plain JSON-ready dict."""
        return {"negative": self.negative, "neutral": self.neutral, "positive": self.positive}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SentimentCounts:
        """Inverse of :meth:`to_dict` (unknown keys, e.g. a ``mixed`` tone, are refused)."""
        check_keys(check_mapping("", data, "sentiment counts'"), _TONES, "SentimentCounts")
        return cls(data.get("negative"), data.get("neutral"), data.get("positive"))  # type: ignore[arg-type]


_TONES = ("negative", "neutral", "positive")


@dataclass(frozen=True)
class GenderCounts:
    """Counts of commentators by the gender the coders could identify."""

    male: int
    female: int
    undefined: int = 0

    def __post_init__(self) -> None:
        for name in ("male", "female", "undefined"):
            check_count(name, getattr(self, name))

    @property
    def total(self) -> int:
        """Number of commentators coded."""
        return self.male + self.female + self.undefined

    def to_dict(self) -> dict[str, int]:
        """Plain JSON-ready dict."""
        return {"male": self.male, "female": self.female, "undefined": self.undefined}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> GenderCounts:
        """Inverse of :meth:`to_dict` (unknown keys are refused)."""
        check_keys(check_mapping("", data, "gender counts'"), ("male", "female", "undefined"), "GenderCounts")
        return cls(data.get("male"), data.get("female"), data.get("undefined", 0))  # type: ignore[arg-type]


@dataclass(frozen=True)
class CommentSample:
    """The coded comments under one sampled post.

    Attributes
    ----------
    platform
        Where the post was (``"Facebook"``, ``"Instagram"``, ...).
    comments
        Number of comments under the post, as the source states it; every
        coded count (sentiment, gender) must add up to this total.
    sentiment
        Comment tone counts.
    gender
        Commentator gender counts, or ``None`` if not coded.
    likes, reposts, views
        Engagement of the post; ``None`` where the source does not give it.
    note
        Free text, e.g. how a rounded figure ("28 K views") was read.
    """

    platform: str
    comments: int
    sentiment: SentimentCounts
    gender: GenderCounts | None = None
    likes: int | None = None
    reposts: int | None = None
    views: int | None = None
    note: str | None = None

    def __post_init__(self) -> None:
        check_text("platform", self.platform)
        check_count("comments", self.comments)
        for name in ("likes", "reposts", "views"):
            check_count(name, getattr(self, name), optional=True)
        check_text("note", self.note, optional=True)
        if not isinstance(self.sentiment, SentimentCounts):
            raise record_error("sentiment", self.sentiment, "is not SentimentCounts")
        if self.sentiment.total != self.comments:
            raise record_error(
                "sentiment",
                self.sentiment.to_dict(),
                f"adds up to {self.sentiment.total}, not the stated {self.comments} comments",
            )
        if self.gender is not None:
            if not isinstance(self.gender, GenderCounts):
                raise record_error("gender", self.gender, "is not GenderCounts")
            if self.gender.total != self.comments:
                raise record_error(
                    "gender",
                    self.gender.to_dict(),
                    f"adds up to {self.gender.total}, not the stated {self.comments} comments",
                )

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready dict."""
        return {
            "platform": self.platform,
            "comments": self.comments,
            "sentiment": self.sentiment.to_dict(),
            "gender": None if self.gender is None else self.gender.to_dict(),
            "likes": self.likes,
            "reposts": self.reposts,
            "views": self.views,
            "note": self.note,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CommentSample:
        """Inverse of :meth:`to_dict` (unknown keys are refused)."""
        check_keys(check_mapping("", data, "a comment sample's"), _SAMPLE_KEYS, "CommentSample")
        gender = data.get("gender")
        with field_prefix("sentiment"):
            sentiment = SentimentCounts.from_dict(_or_empty(data.get("sentiment")))
        with field_prefix("gender"):
            genders = None if gender is None else GenderCounts.from_dict(gender)
        return cls(
            platform=data.get("platform"),  # type: ignore[arg-type]
            comments=data.get("comments"),  # type: ignore[arg-type]
            sentiment=sentiment,
            gender=genders,
            likes=data.get("likes"),
            reposts=data.get("reposts"),
            views=data.get("views"),
            note=data.get("note"),
        )


_SAMPLE_KEYS = ("platform", "comments", "sentiment", "gender", "likes", "reposts", "views", "note")


@dataclass(frozen=True)
class FollowUp:
    """Coverage after the outcome (the paper's case 1 was still discussed after the dismissal)."""

    window: EventWindow
    mentions: int
    source_mix: SourceMix | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.window, EventWindow):
            raise record_error("window", self.window, "is not an EventWindow")
        check_count("mentions", self.mentions)
        if self.source_mix is not None and not isinstance(self.source_mix, SourceMix):
            raise record_error("source_mix", self.source_mix, "is not a SourceMix")

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready dict."""
        return {
            "window": self.window.to_dict(),
            "mentions": self.mentions,
            "source_mix": None if self.source_mix is None else self.source_mix.to_dict(),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> FollowUp:
        """Inverse of :meth:`to_dict` (unknown keys are refused)."""
        check_keys(
            check_mapping("", data, "a follow-up's"),
            ("window", "mentions", "source_mix"),
            "FollowUp",
        )
        mix = data.get("source_mix")
        with field_prefix("window"):
            window = EventWindow.from_dict(_or_empty(data.get("window")))
        with field_prefix("source_mix"):
            source_mix = None if mix is None else SourceMix.from_dict(mix)
        return cls(window=window, mentions=data.get("mentions"), source_mix=source_mix)  # type: ignore[arg-type]
