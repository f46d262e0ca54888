"""CaseRecord: one coded case (an official, an event window, what media and people said).

A record is frozen and validated on construction. Anything that cannot be true
raises :class:`~careerrep.errors.CaseRecordError` naming the case, the field
and the value, e.g.::

    CaseRecordError: case 'B-2019': source_mix.social = 1.3 is not a share in [0, 1]

Parts (windows, source mix, comment samples, ...) live in
:mod:`careerrep.parts`. A record accepts either the part objects or plain
dicts of their fields (as JSON gives them), and builds the parts itself so
that any error names the case.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any

from careerrep._checks import (
    SHARE_SUM_TOLERANCE,
    check_count,
    check_date,
    check_text,
    field_prefix,
    parse_date,
    record_error,
    with_case,
)
from careerrep.case_coverage import CaseCoverage, check_coverage_fits_record
from careerrep.errors import CaseRecordError
from careerrep.parts import (
    CommentSample,
    EventWindow,
    FollowUp,
    SentimentCounts,
    SourceMix,
)
from careerrep.scale import CAREER_SCALE, OutcomeScale, OutcomeScaleError

__all__ = ["CaseRecord", "field_prefix"]


def _build(part_type: type, value: Any, prefix: str) -> Any:
    """Return ``value`` as ``part_type``, building it from a dict if needed."""
    if value is None or isinstance(value, part_type):
        return value
    if isinstance(value, Mapping):
        with field_prefix(prefix):
            return part_type.from_dict(value)  # type: ignore[attr-defined]
    raise record_error(prefix, value, f"is not a {part_type.__name__} or a dict of its fields")


def _check_mix_covers_mentions(prefix: str, mix: SourceMix | None, mentions: int) -> None:
    """Every mention is in mass media or in a social network, and no outlet has more than all of them."""
    if mix is None:
        return
    total = mix.mass_media + mix.social
    if mentions > 0 and total < 1.0 - SHARE_SUM_TOLERANCE:
        raise record_error(
            f"{prefix}.social",
            mix.social,
            f"plus mass_media {mix.mass_media} is {total:.4f}: each of the {mentions} mentions is in "
            "mass media or in a social network, so the two shares sum to 1",
        )
    for i, (outlet, count) in enumerate(mix.outlets):
        if count > mentions:
            raise record_error(
                f"{prefix}.outlets[{i}].count",
                count,
                f"mentions of {outlet!r} are more than the {mentions} mentions in all",
            )


@dataclass(frozen=True)
class CaseRecord:
    """One case: an official, an event window, its coverage, and the career outcome.

    Attributes
    ----------
    case_id
        Short unique id, e.g. ``"B-2019"``.
    official
        Name or pseudonym of the official (the paper uses initials: ``"B."``).
    country
        Country of the office.
    window
        The event window whose coverage is counted (both ends included).
    mentions
        Number of publications/mentions in the window (all sources).
    source_mix
        Mass-media vs social shares of the mentions, with optional breakdowns.
    publication_sentiment
        Tone counts of the publications, or ``None`` when not coded (the
        paper coded it for case 3 only). Its total may not exceed ``mentions``.
    comment_samples
        Coded comments under sampled posts.
    follow_up
        Coverage after the outcome, if measured.
    outcome
        A label on ``scale`` (``"fired"``, ...), or ``None`` if unknown.
    outcome_date
        When the outcome happened, if the source says; not before the window starts.
    position, event, citation, notes
        Free text: the office held, what happened, where the figures come from,
        and anything a reader should know (discrepancies in the source, ...).
    scale
        The outcome scale the label belongs to; :data:`CAREER_SCALE` by default.
    coverage
        Optional dated coverage (:class:`~careerrep.case_coverage.CaseCoverage`):
        the mentions per day or week of the event and follow-up windows; it must
        agree with ``mentions``, ``follow_up`` and ``publication_sentiment``.
    """

    case_id: str
    official: str
    country: str
    window: EventWindow
    mentions: int
    source_mix: SourceMix
    publication_sentiment: SentimentCounts | None = None
    comment_samples: tuple[CommentSample, ...] = ()
    follow_up: FollowUp | None = None
    outcome: str | None = None
    outcome_date: dt.date | None = None
    position: str | None = None
    event: str | None = None
    citation: str | None = None
    notes: str | None = None
    scale: OutcomeScale = field(default=CAREER_SCALE)
    coverage: CaseCoverage | None = None

    def __post_init__(self) -> None:
        case_id = self.case_id
        if not isinstance(case_id, str) or not case_id.strip():
            raise CaseRecordError(f"case_id = {case_id!r} is not a non-empty string")
        try:
            self._validate()
        except CaseRecordError as error:
            raise with_case(error, case_id) from None

    def _validate(self) -> None:
        check_text("official", self.official)
        check_text("country", self.country)
        for name in ("position", "event", "citation", "notes"):
            check_text(name, getattr(self, name), optional=True)
        if not isinstance(self.scale, OutcomeScale):
            raise record_error("scale", self.scale, "is not an OutcomeScale")
        self._set("window", _build(EventWindow, self.window, "window"))
        if self.window is None:
            raise record_error("window", None, "is required")
        check_count("mentions", self.mentions)
        self._set("source_mix", _build(SourceMix, self.source_mix, "source_mix"))
        if self.source_mix is None:
            raise record_error("source_mix", None, "is required")
        _check_mix_covers_mentions("source_mix", self.source_mix, self.mentions)
        sentiment = _build(SentimentCounts, self.publication_sentiment, "publication_sentiment")
        self._set("publication_sentiment", sentiment)
        if sentiment is not None and sentiment.total > self.mentions:
            raise record_error(
                "publication_sentiment",
                sentiment.to_dict(),
                f"codes {sentiment.total} publications, more than the {self.mentions} mentions",
            )
        samples = self.comment_samples
        if isinstance(samples, str | bytes | Mapping) or not hasattr(samples, "__iter__"):
            raise record_error("comment_samples", samples, "is not a sequence of comment samples")
        self._set(
            "comment_samples",
            tuple(_build(CommentSample, s, f"comment_samples[{i}]") for i, s in enumerate(samples)),
        )
        follow_up = _build(FollowUp, self.follow_up, "follow_up")
        self._set("follow_up", follow_up)
        if follow_up is not None:
            if follow_up.window.start <= self.window.end:
                raise record_error(
                    "follow_up.window.start",
                    follow_up.window.start.isoformat(),
                    f"is not after the event window ends ({self.window.end})",
                )
            _check_mix_covers_mentions("follow_up.source_mix", follow_up.source_mix, follow_up.mentions)
        if self.outcome is not None and self.outcome not in self.scale:
            raise record_error("outcome", self.outcome, f"is not on the scale {self.scale}")
        check_date("outcome_date", self.outcome_date, optional=True)
        if self.outcome_date is not None and self.outcome_date < self.window.start:
            raise record_error(
                "outcome_date",
                self.outcome_date.isoformat(),
                f"is before the window starts ({self.window.start})",
            )
        self._set("coverage", _build(CaseCoverage, self.coverage, "coverage"))
        check_coverage_fits_record(self)

    def _set(self, name: str, value: Any) -> None:
        object.__setattr__(self, name, value)

    @property
    def days(self) -> int:
        """Length of the event window in days (both ends included)."""
        return self.window.days

    def to_dict(self) -> dict[str, Any]:
        """A plain, JSON-ready dict (dates as ISO strings; the scale as its labels).

        ``coverage`` is there only when the record has it (files without dated
        coverage stay as they were).
        """
        data: dict[str, Any] = {
            "case_id": self.case_id,
            "official": self.official,
            "country": self.country,
            "position": self.position,
            "event": self.event,
            "window": self.window.to_dict(),
            "mentions": self.mentions,
            "source_mix": self.source_mix.to_dict(),
            "publication_sentiment": None
            if self.publication_sentiment is None
            else self.publication_sentiment.to_dict(),
            "comment_samples": [sample.to_dict() for sample in self.comment_samples],
            "follow_up": None if self.follow_up is None else self.follow_up.to_dict(),
            "outcome": self.outcome,
            "outcome_date": None if self.outcome_date is None else self.outcome_date.isoformat(),
            "citation": self.citation,
            "notes": self.notes,
            "scale": list(self.scale.labels),
        }
        if self.coverage is not None:
            data["coverage"] = self.coverage.to_dict()
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], scale: OutcomeScale | None = None) -> CaseRecord:
        """Build a record from :meth:`to_dict` output (or hand-written JSON).

        Unknown keys are refused (a typo would otherwise lose data silently).
        ``scale`` is used when the dict has none.
        """
        if not isinstance(data, Mapping):
            raise CaseRecordError(f"a case record is an object of its fields, not {data!r}")
        known = {f.name for f in fields(cls)}
        case_id = data.get("case_id")
        unknown = sorted(map(str, set(data) - known))
        if unknown:
            raise CaseRecordError(f"case {case_id!r}: unknown field(s) {', '.join(unknown)}")
        kwargs = dict(data)
        if kwargs.get("scale") is not None:
            try:
                kwargs["scale"] = OutcomeScale(kwargs["scale"])
            except OutcomeScaleError as error:
                problem = record_error("scale", kwargs["scale"], f"is not an outcome scale ({error})")
                raise with_case(problem, case_id) from None
        elif scale is not None:
            kwargs["scale"] = scale
        else:
            kwargs.pop("scale", None)
        try:
            kwargs["outcome_date"] = parse_date("outcome_date", kwargs.get("outcome_date"))
        except CaseRecordError as error:
            raise with_case(error, case_id) from None
        kwargs.setdefault("comment_samples", ())
        return cls(**kwargs)
