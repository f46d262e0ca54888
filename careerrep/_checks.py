"""Small validators shared by the record parts.

Each check raises :class:`~careerrep.errors.CaseRecordError` with the field
path and the offending value. The case id is added by :class:`CaseRecord`
when it builds its parts, so a part constructed on its own still says which
field is wrong.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from careerrep.errors import CaseRecordError

# Shares printed by a source are rounded; a breakdown may overshoot 1 by this
# much (0.5 percentage points) before we call it impossible.
SHARE_SUM_TOLERANCE = 0.005
# Counts are stored as 64-bit integers in every file format (Int64 in frames, int64 in Parquet).
MAX_COUNT = 2**63 - 1


def record_error(field: str, value: object, problem: str) -> CaseRecordError:
    """Build the error for ``field = value`` that ``problem`` (no case id yet)."""
    # An empty field is the part itself (its caller adds the path, see field_prefix).
    error = CaseRecordError(f"{field} = {value!r} {problem}" if field else f"{value!r} {problem}")
    error.field = field  # type: ignore[attr-defined]
    error.value = value  # type: ignore[attr-defined]
    error.problem = problem  # type: ignore[attr-defined]
    return error


def with_case(error: CaseRecordError, case_id: object) -> CaseRecordError:
    """The same error with ``case '<id>': `` in front, keeping field, value and problem."""
    named = CaseRecordError(f"case {case_id!r}: {error}")
    named.case_id = case_id  # type: ignore[attr-defined]
    for attribute in ("field", "value", "problem"):
        setattr(named, attribute, getattr(error, attribute, None))
    return named


def check_count(field: str, value: object, *, optional: bool = False) -> int | None:
    """A non-negative integer count (``bool`` and floats are refused, not coerced)."""
    if value is None and optional:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise record_error(field, value, "is not an integer count")
    if value < 0:
        raise record_error(field, value, "is a negative count")
    if value > MAX_COUNT:
        raise record_error(field, value, "is too large to store (counts must be below 2**63)")
    return value


def check_share(field: str, value: object) -> float:
    """A share in [0, 1] given as a real number (percentages must be divided by 100)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise record_error(field, value, "is not a number")
    share = float(value)
    if math.isnan(share) or not 0.0 <= share <= 1.0:
        raise record_error(field, value, "is not a share in [0, 1]")
    return share


def check_text(field: str, value: object, *, optional: bool = False) -> str | None:
    """A non-empty string."""
    if value is None and optional:
        return None
    if not isinstance(value, str) or not value.strip():
        raise record_error(field, value, "is not a non-empty string")
    return check_storable_text(field, value)


def check_storable_text(field: str, value: str) -> str:
    """Text every file format can hold: no NUL character and no lone surrogate (not UTF-8)."""
    if "\x00" in value:
        raise record_error(field, value, "contains a NUL character, which files cannot hold")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise record_error(field, value, "contains a lone surrogate, which is not UTF-8 text") from None
    return value


def check_mapping(field: str, value: object, what: str) -> Mapping[str, Any]:
    """``value`` as a mapping of a part's fields (a JSON object), or an error naming ``field``."""
    if not isinstance(value, Mapping):
        raise record_error(field, value, f"is not an object of {what} fields")
    return value


def check_keys(data: Mapping[str, Any], known: tuple[str, ...], what: str) -> None:
    """Refuse keys a part does not have: a typo would otherwise drop the value silently."""
    for key in data:
        if key not in known:
            raise record_error(str(key), data[key], f"is not a field of {what} (known: {', '.join(known)})")


@contextmanager
def field_prefix(prefix: str) -> Iterator[None]:
    """Re-raise a part's CaseRecordError with ``prefix.`` in front of its field path."""
    try:
        yield
    except CaseRecordError as error:
        inner = getattr(error, "field", None)
        if inner is None:
            raise
        path = prefix if not inner else f"{prefix}{inner}" if inner.startswith("[") else f"{prefix}.{inner}"
        raise record_error(path, error.value, error.problem) from None  # type: ignore[attr-defined]


def check_date(field: str, value: object, *, optional: bool = False) -> dt.date | None:
    """A calendar date (a ``datetime`` is refused: a time of day would be silently dropped)."""
    if value is None and optional:
        return None
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise record_error(field, value, "is not a date (datetime.date)")
    return value


def parse_date(field: str, value: Any) -> dt.date | None:
    """Read an ISO ``YYYY-MM-DD`` string (or pass a date through); ``None`` stays ``None``."""
    if value is None:
        return None
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise record_error(field, value, "is not an ISO date (YYYY-MM-DD)") from None
    raise record_error(field, value, "is not a date")
