"""Vectorised cell parsers: dates, times, labels and numbers of an export column.

Each parser works on the column's distinct values (an export has a few
hundred distinct days and a dozen platform names in a million rows) and
spreads the answer back to the rows, so parsing cost follows the number of
distinct values, not of rows. Each returns the parsed values and a mask of
the cells it could not read; missing cells are never "bad" here (the caller
decides whether a missing value is a problem).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping

import numpy as np
import pandas as pd

from careerrep.ingest.mapping import normalise_label

_TIME = re.compile(r"^\s*([01]?\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?\s*$")


def _factorize(column: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Codes (-1 = missing) and the distinct values of a text column."""
    codes, uniques = pd.factorize(column, use_na_sentinel=True)
    return np.asarray(codes), np.asarray(uniques, dtype=object)


def _spread(codes: np.ndarray, per_unique: np.ndarray, missing: object) -> np.ndarray:
    """Per-row values from per-distinct-value ones (``missing`` where the cell is empty)."""
    extended = np.append(per_unique, np.array([missing], dtype=per_unique.dtype))
    return extended[np.where(codes < 0, len(per_unique), codes)]


def parse_days(column: pd.Series, date_format: str | None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Day numbers (days since 1970-01-01) of a date or date-time column.

    Parameters
    ----------
    column
        Text cells; a time of day after the date is allowed and ignored.
    date_format
        ``strptime`` format, or ``None`` for ISO 8601.

    Returns
    -------
    days, missing, bad
        int64 day numbers (0 where missing or bad) and the two masks.
    """
    codes, uniques = _factorize(column)
    days = _unique_days(uniques, date_format)
    unique_bad = np.isnat(days)
    unique_days = np.where(unique_bad, np.datetime64(0, "D"), days).astype(np.int64)
    return _spread(codes, unique_days, 0), codes < 0, _spread(codes, unique_bad, False)


def _unique_days(uniques: np.ndarray, date_format: str | None) -> np.ndarray:
    """Each distinct text as a ``datetime64[D]`` (the calendar day as written), NaT if unreadable."""
    if len(uniques) == 0:
        return np.array([], dtype="datetime64[D]")
    texts = pd.Series(uniques, dtype=object).map(str).str.strip()
    try:
        stamps = pd.to_datetime(texts, format=date_format or "ISO8601", errors="coerce")
        if getattr(stamps.dt, "tz", None) is not None:
            stamps = stamps.dt.tz_localize(None)  # keep the wall-clock day the export shows
        return stamps.to_numpy(dtype="datetime64[ns]").astype("datetime64[D]")
    except (ValueError, TypeError):
        # Mixed time-zone offsets cannot share one column: read each text on its own.
        days = [_one_date(text, date_format) for text in texts]
        return np.array(
            [np.datetime64("NaT") if d is None else np.datetime64(d, "D") for d in days],
            dtype="datetime64[D]",
        )


def _one_date(text: str, date_format: str | None) -> dt.date | None:
    try:
        if date_format is None:
            return dt.datetime.fromisoformat(text).date()
        return dt.datetime.strptime(text, date_format).date()
    except ValueError:
        return None


def check_times(column: pd.Series) -> np.ndarray:
    """Mask of cells that are not a time of day ``HH:MM[:SS]`` (missing cells are fine)."""
    codes, uniques = _factorize(column)
    unique_bad = np.array([_TIME.match(str(value)) is None for value in uniques], dtype=bool)
    return _spread(codes, unique_bad, False)


def map_labels(column: pd.Series, aliases: Mapping[str, str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Canonical labels of a column through an alias table (keys normalised).

    Returns
    -------
    labels, missing, unknown
        Object array of canonical labels (``None`` where missing or unknown),
        and the two masks.
    """
    codes, uniques = _factorize(column)
    canonical = np.array([aliases.get(normalise_label(str(value))) for value in uniques], dtype=object)
    empty = np.array([not str(value).strip() for value in uniques], dtype=bool)
    labels = _spread(codes, canonical, None)
    missing = (codes < 0) | _spread(codes, empty, False)
    unknown = ~missing & _spread(codes, np.array([c is None for c in canonical], dtype=bool), False)
    return labels, missing, unknown


def free_labels(column: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Codes (-1 = missing) and distinct trimmed labels of a free-text column (region, outlet, ...)."""
    trimmed = column.str.strip()
    trimmed = trimmed.mask(trimmed == "")
    codes, uniques = _factorize(trimmed)
    return codes, uniques


def _number_grammar(decimal: str) -> re.Pattern[str]:
    """Digits, optionally grouped by threes with the *other* mark, then the decimal mark and digits.

    With ``.`` as decimal mark, ``1,234.5`` is 1234.5 (the comma can only be a
    thousands separator); ``1,2`` or ``1,23,4`` fits no grouping and is refused
    rather than guessed. ASCII digits only: ``٤٢`` is not read as 42.
    """
    group = "," if decimal == "." else "."
    g, d = re.escape(group), re.escape(decimal)
    return re.compile(
        rf"[+-]?(?:[0-9]+|[0-9]{{1,3}}(?:{g}[0-9]{{3}})+)(?:{d}[0-9]*)?(?:[eE][+-]?[0-9]+)?", re.ASCII
    )


_SPACES = r"[\s\u00a0\u202f]"


def parse_numbers(column: pd.Series, decimal: str) -> tuple[np.ndarray, np.ndarray]:
    """Finite floats of a number column written with ``decimal`` as decimal mark.

    Spaces (also no-break spaces, used as thousands separators) are removed;
    the other mark (``,`` when the decimal mark is ``.``, and the reverse) is
    read as a thousands separator only in groups of three digits. ``nan``,
    ``inf``, ``n/a`` and anything else are bad cells (the caller refuses
    negative values where a quantity cannot be negative).

    Returns
    -------
    values, bad
        float64 values (NaN where missing or bad) and the mask of bad cells.
    """
    codes, uniques = _factorize(column)
    texts = pd.Series(uniques, dtype=object).map(str)
    # A writable copy: the slow path below fills in what plain parsing could not read.
    numbers = (
        pd.to_numeric(texts, errors="coerce").to_numpy(dtype=float, copy=True)
        if decimal == "."
        else np.full(len(texts), np.nan)
    )
    # "inf", "Infinity" and "nan" parse as floats but are not a reach or an engagement.
    numbers[~np.isfinite(numbers)] = np.nan
    retry = np.isnan(numbers)
    unique_bad = np.zeros(len(texts), dtype=bool)
    if retry.any():
        # The slow path only for cells plain parsing could not read.
        cleaned = texts[retry].str.replace(_SPACES, "", regex=True)
        readable = cleaned.str.fullmatch(_number_grammar(decimal)).fillna(False).to_numpy(dtype=bool)
        group = "," if decimal == "." else "."
        plain = cleaned.str.replace(group, "", regex=False).str.replace(decimal, ".", regex=False)
        parsed = pd.to_numeric(plain.where(readable), errors="coerce").to_numpy(dtype=float, copy=True)
        parsed[~np.isfinite(parsed)] = np.nan
        numbers[retry] = parsed
        unique_bad[retry] = np.isnan(parsed) & (cleaned != "").to_numpy(dtype=bool)
    return _spread(codes, numbers, np.nan), _spread(codes, unique_bad, False)
