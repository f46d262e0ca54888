"""Small validators shared by the record parts.

Each check raises :class:`~careerrep.errors.CaseRecordError` with the field
path and the offending value. The case id is added by :class:`CaseRecord`
when it builds its parts, so a part constructed on its own still says which
field is wrong.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from careerrep.errors import CaseRecordError

# Shares printed by a source are rounded; a breakdown may overshoot 1 by this
# much (0.5 percentage points) before we call it impossible.
SHARE_SUM_TOLERANCE = 0.005


def record_error(field: str, value: object, problem: str) -> CaseRecordError:
    """Build the error for ``field = value`` that ``problem`` (no case id yet)."""
    error = CaseRecordError(f"{field} = {value!r} {problem}")
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
    return value


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
