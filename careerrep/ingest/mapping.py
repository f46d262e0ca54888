"""Which column of an export holds what, and how its labels are read.

A media-monitoring export has one row per mention. careerrep reads these
fields from it (default column name in brackets):

==============  ================  ==========================================
field           default column    content
==============  ================  ==========================================
date            ``date``          day (or date and time) of the mention; required
source_type     ``source_type``   mass media or social network; required
time            ``time``          time of day, if in its own column
case_id         ``case_id``       the case the mention belongs to
official        ``official``      the official the mention is about
media_type      ``media_type``    news agency, print, ... (mass media)
platform        ``platform``      Facebook, VKontakte, ... (social networks)
region          ``region``        region of the source
language        ``language``      language of the mention
sentiment       ``sentiment``     negative / neutral / positive
outlet          ``outlet``        name of the outlet or account
reach           ``reach``         audience reached (a number)
engagement      ``engagement``    likes + comments + reposts (a number)
==============  ================  ==========================================

Every field but ``date`` and ``source_type`` is optional: it is read when the
file has the column. A column you name yourself must be in the file.

Labels are matched case-insensitively after trimming spaces, against the
built-in aliases below (English and Russian spellings found in Kazakh and
Russian monitoring exports) plus any you add. A label that matches nothing is
a problem row (``unknown platform``, ...), never a guess.
"""

from __future__ import annotations

import codecs
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from careerrep.errors import IngestError

#: Fields read from an export, with the column they are looked for by default.
DEFAULT_COLUMNS: dict[str, str] = {
    "date": "date",
    "time": "time",
    "source_type": "source_type",
    "case_id": "case_id",
    "official": "official",
    "media_type": "media_type",
    "platform": "platform",
    "region": "region",
    "language": "language",
    "sentiment": "sentiment",
    "outlet": "outlet",
    "reach": "reach",
    "engagement": "engagement",
}
REQUIRED_FIELDS = ("date", "source_type")

#: Source-type labels: the two kinds of source a record distinguishes.
SOURCE_TYPE_ALIASES: dict[str, str] = {
    "mass_media": "mass_media",
    "mass media": "mass_media",
    "mass-media": "mass_media",
    "massmedia": "mass_media",
    "media": "mass_media",
    "smi": "mass_media",
    "сми": "mass_media",
    "масс-медиа": "mass_media",
    "social": "social",
    "social media": "social",
    "social network": "social",
    "social networks": "social",
    "social_network": "social",
    "соцсети": "social",
    "соцсеть": "social",
    "социальные сети": "social",
}

SENTIMENT_ALIASES: dict[str, str] = {
    "negative": "negative",
    "neg": "negative",
    "-1": "negative",
    "негатив": "negative",
    "негативная": "negative",
    "негативный": "negative",
    "neutral": "neutral",
    "neu": "neutral",
    "0": "neutral",
    "нейтрал": "neutral",
    "нейтральная": "neutral",
    "нейтральный": "neutral",
    "positive": "positive",
    "pos": "positive",
    "1": "positive",
    "+1": "positive",
    "позитив": "positive",
    "позитивная": "positive",
    "позитивный": "positive",
}

#: The nine networks iMAS monitors (the paper's Methods) and a few more, by alias.
PLATFORM_ALIASES: dict[str, str] = {
    "facebook": "Facebook",
    "fb": "Facebook",
    "instagram": "Instagram",
    "ig": "Instagram",
    "insta": "Instagram",
    "twitter": "Twitter",
    "x": "Twitter",
    "odnoklassniki": "Odnoklassniki",
    "ok": "Odnoklassniki",
    "ok.ru": "Odnoklassniki",
    "одноклассники": "Odnoklassniki",
    "vkontakte": "VKontakte",
    "vk": "VKontakte",
    "vk.com": "VKontakte",
    "вконтакте": "VKontakte",
    "mailru": "MailRU",
    "mail.ru": "MailRU",
    "my.mail.ru": "MailRU",
    "мой мир": "MailRU",
    "googleplus": "GooglePlus",
    "google+": "GooglePlus",
    "youtube": "YouTube",
    "yt": "YouTube",
    "telegram": "Telegram",
    "tg": "Telegram",
    "tiktok": "TikTok",
    "linkedin": "LinkedIn",
    "threads": "Threads",
}

GENDER_ALIASES: dict[str, str] = {
    "male": "male",
    "m": "male",
    "man": "male",
    "м": "male",
    "муж": "male",
    "мужской": "male",
    "female": "female",
    "f": "female",
    "woman": "female",
    "ж": "female",
    "жен": "female",
    "женский": "female",
    "undefined": "undefined",
    "unknown": "undefined",
    "?": "undefined",
    "n/a": "undefined",
    "не определен": "undefined",
}

#: Columns of a comment coding sheet (see :mod:`careerrep.ingest.comments`).
DEFAULT_COMMENT_COLUMNS: dict[str, str] = {
    "case_id": "case_id",
    "post": "post",
    "platform": "platform",
    "sentiment": "sentiment",
    "gender": "gender",
    "comments": "comments",
    "negative": "negative",
    "neutral": "neutral",
    "positive": "positive",
    "male": "male",
    "female": "female",
    "undefined": "undefined",
    "likes": "likes",
    "reposts": "reposts",
    "views": "views",
    "note": "note",
}

_KNOWN_KEYS = {
    "columns",
    "comment_columns",
    "date_format",
    "source_types",
    "sentiments",
    "platforms",
    "genders",
    "sep",
    "decimal",
    "encoding",
}


def normalise_label(value: str) -> str:
    """The form labels are compared in: trimmed, case-folded, inner spaces collapsed."""
    return " ".join(value.split()).casefold()


def _aliases(
    base: Mapping[str, str], extra: Mapping[str, str] | None, allowed: set[str] | None, what: str
) -> dict[str, str]:
    merged = {normalise_label(k): v for k, v in base.items()}
    for label, target in (extra or {}).items():
        if not isinstance(label, str) or not isinstance(target, str) or not target.strip():
            raise IngestError(f"mapping: {what} alias {label!r} -> {target!r} is not a pair of texts")
        if allowed is not None and target not in allowed:
            raise IngestError(
                f"mapping: {what} alias {label!r} -> {target!r}: target must be one of {sorted(allowed)}"
            )
        merged[normalise_label(label)] = target
    return merged


@dataclass(frozen=True)
class ColumnMapping:
    """Column names and label vocabularies for reading an export.

    Build it with :meth:`from_dict` / :meth:`from_json` (or :func:`default_mapping`)
    rather than directly: those merge your settings into the defaults.

    Attributes
    ----------
    columns
        Field -> column name in the export (see the module docstring).
    explicit
        Fields whose column you named yourself; they must be in the file.
    date_format
        A ``strptime`` format for the date column (``"%d.%m.%Y %H:%M"``), or
        ``None`` for ISO 8601 (``2019-07-23`` or ``2019-07-23T14:05``).
    source_types, sentiments, platforms, genders
        Normalised label -> canonical value.
    sep, decimal, encoding
        CSV dialect; ``None`` means detect (see :mod:`careerrep.ingest.exports`).
    comment_columns
        Field -> column name in a comment coding sheet.
    """

    columns: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_COLUMNS))
    explicit: frozenset[str] = frozenset()
    date_format: str | None = None
    source_types: dict[str, str] = field(
        default_factory=lambda: _aliases(SOURCE_TYPE_ALIASES, None, None, "")
    )
    sentiments: dict[str, str] = field(default_factory=lambda: _aliases(SENTIMENT_ALIASES, None, None, ""))
    platforms: dict[str, str] = field(default_factory=lambda: _aliases(PLATFORM_ALIASES, None, None, ""))
    genders: dict[str, str] = field(default_factory=lambda: _aliases(GENDER_ALIASES, None, None, ""))
    sep: str | None = None
    decimal: str | None = None
    encoding: str | None = None
    comment_columns: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_COMMENT_COLUMNS))

    @classmethod
    def from_dict(cls, settings: Mapping[str, Any]) -> ColumnMapping:
        """The defaults with ``settings`` applied (the JSON layout of :meth:`from_json`).

        Raises
        ------
        IngestError
            For an unknown key or field, or an alias to an unknown value.
        """
        unknown = sorted(set(settings) - _KNOWN_KEYS)
        if unknown:
            raise IngestError(
                f"mapping: unknown key(s) {', '.join(unknown)}; known: {', '.join(sorted(_KNOWN_KEYS))}"
            )
        columns = _columns(settings.get("columns"), DEFAULT_COLUMNS, "columns")
        comment_columns = _columns(
            settings.get("comment_columns"), DEFAULT_COMMENT_COLUMNS, "comment_columns"
        )
        for key in ("date_format", "sep", "decimal", "encoding"):
            value = settings.get(key)
            if value is not None and (not isinstance(value, str) or not value):
                raise IngestError(f"mapping: {key} = {value!r} is not a non-empty text")
        _check_dialect(settings)
        return cls(
            columns=columns,
            explicit=frozenset((settings.get("columns") or {}).keys()),
            date_format=settings.get("date_format"),
            source_types=_aliases(
                SOURCE_TYPE_ALIASES, settings.get("source_types"), {"mass_media", "social"}, "source type"
            ),
            sentiments=_aliases(
                SENTIMENT_ALIASES,
                settings.get("sentiments"),
                {"negative", "neutral", "positive"},
                "sentiment",
            ),
            platforms=_aliases(PLATFORM_ALIASES, settings.get("platforms"), None, "platform"),
            genders=_aliases(
                GENDER_ALIASES, settings.get("genders"), {"male", "female", "undefined"}, "gender"
            ),
            sep=settings.get("sep"),
            decimal=settings.get("decimal"),
            encoding=settings.get("encoding"),
            comment_columns=comment_columns,
        )

    @classmethod
    def from_json(cls, path: str | os.PathLike[str]) -> ColumnMapping:
        """Read a mapping file, e.g. ``{"columns": {"date": "Дата"}, "date_format": "%d.%m.%Y"}``."""
        if Path(path).is_dir():
            raise IngestError(f"{path}: the mapping file is a folder, not a file")
        try:
            # utf-8-sig: a byte-order mark (Windows Notepad writes one) is read like the CSV readers do.
            settings = json.loads(Path(path).read_text(encoding="utf-8-sig"))
        except (json.JSONDecodeError, UnicodeDecodeError) as error:
            raise IngestError(f"{path}: not a valid JSON mapping file ({error})") from None
        if not isinstance(settings, dict):
            raise IngestError(f"{path}: a mapping file holds a JSON object, not a {type(settings).__name__}")
        return cls.from_dict(settings)

    def with_columns(self, **columns: str) -> ColumnMapping:
        """A copy with some columns renamed (these become explicit)."""
        return replace(
            self,
            columns={**self.columns, **_columns(columns, {}, "columns", known=DEFAULT_COLUMNS)},
            explicit=self.explicit | frozenset(columns),
        )


def _check_dialect(settings: Mapping[str, Any]) -> None:
    """A one-character delimiter, ``.`` or ``,`` as decimal mark, an encoding Python knows."""
    sep, decimal, encoding = settings.get("sep"), settings.get("decimal"), settings.get("encoding")
    if sep is not None and (len(sep) != 1 or sep in "\r\n\"'"):
        raise IngestError(f"mapping: sep = {sep!r}: a delimiter is one character, e.g. ',' ';' or '\\t'")
    if decimal is not None and decimal not in (".", ","):
        raise IngestError(f"mapping: decimal = {decimal!r}: use '.' or ','")
    if decimal is not None and sep is not None and decimal == sep:
        raise IngestError(f"mapping: decimal and sep are both {sep!r}")
    if encoding is not None:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise IngestError(
                f"mapping: encoding = {encoding!r} is not an encoding Python knows (e.g. 'utf-8', 'cp1251')"
            ) from None


def _columns(
    given: object, defaults: Mapping[str, str], what: str, known: Mapping[str, str] | None = None
) -> dict[str, str]:
    """``defaults`` updated with the checked ``given`` field -> column names."""
    known = defaults if known is None else known
    if given is None:
        return dict(defaults)
    if not isinstance(given, Mapping):
        raise IngestError(f"mapping: {what} must be an object of field -> column name")
    unknown = sorted(set(given) - set(known))
    if unknown:
        raise IngestError(
            f"mapping: {what}: unknown field(s) {', '.join(unknown)}; known: {', '.join(known)}"
        )
    for key, value in given.items():
        if not isinstance(value, str) or not value:
            raise IngestError(f"mapping: {what}.{key} = {value!r} is not a column name")
    return {**defaults, **given}


def default_mapping() -> ColumnMapping:
    """The mapping with every default (columns named as in the module docstring)."""
    return ColumnMapping()
