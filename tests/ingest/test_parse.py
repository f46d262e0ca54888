"""Cell parsers against values whose reading is known (dates by the calendar, numbers by hand)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from careerrep.ingest.mapping import ColumnMapping
from careerrep.ingest.parse import check_times, map_labels, parse_days, parse_numbers


def day(value: dt.date) -> int:
    return (value - dt.date(1970, 1, 1)).days


def test_iso_dates_with_and_without_time_and_offset() -> None:
    column = pd.Series(
        ["2019-07-23", "2019-07-23T23:30:00+06:00", "2019-02-30", None, "23.07.2019"], dtype=object
    )
    days, missing, bad = parse_days(column, None)
    assert days[:2].tolist() == [day(dt.date(2019, 7, 23))] * 2  # the day as written, not shifted to UTC
    assert missing.tolist() == [False, False, False, True, False]
    assert bad.tolist() == [False, False, True, False, True]


def test_a_strptime_format() -> None:
    days, _, bad = parse_days(
        pd.Series(["01.09.2019 10:15", "13.11.2019 23:59", "2019-09-01"]), "%d.%m.%Y %H:%M"
    )
    assert days[:2].tolist() == [day(dt.date(2019, 9, 1)), day(dt.date(2019, 11, 13))]
    assert bad.tolist() == [False, False, True]


def test_times() -> None:
    assert check_times(pd.Series(["9:05", "23:59:59", "24:00", "noon", None])).tolist() == [
        False,
        False,
        True,
        True,
        False,
    ]


def test_labels_through_aliases() -> None:
    labels, missing, unknown = map_labels(
        pd.Series([" vk ", "FB", "Myspace", "", None]), ColumnMapping().platforms
    )
    assert labels[:2].tolist() == ["VKontakte", "Facebook"]
    assert missing.tolist() == [False, False, False, True, True]
    assert unknown.tolist() == [False, False, True, False, False]


def test_numbers_with_a_comma_decimal_mark() -> None:
    # With ',' as decimal mark a '.' can only group thousands (in threes); anything else is refused.
    values, bad = parse_numbers(pd.Series(["1 234,5", "7", "1.234,5", "x", "1.23,4", "٤٢", None]), ",")
    assert values[:3].tolist() == [1234.5, 7.0, 1234.5]
    assert np.isnan(values[3:]).all()
    assert bad.tolist() == [False, False, False, True, True, True, False]


def test_numbers_with_a_point_decimal_mark() -> None:
    cells = ["1 200", "1,234", "1,234.5", "1\u00a0000", "n/a", "nan", "inf", "1,2", "5_6", "-5", None]
    values, bad = parse_numbers(pd.Series(cells, dtype=object), ".")
    assert values[:4].tolist() == [1200.0, 1234.0, 1234.5, 1000.0]
    assert values[9] == -5.0  # negative values are read; the caller refuses them where they cannot be
    assert bad.tolist() == [False] * 4 + [True] * 5 + [False, False]
