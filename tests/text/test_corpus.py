"""Corpus: validation names the offending id; columns survive a frame round trip."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from careerrep.errors import IngestError
from careerrep.text import Corpus


def test_duplicate_id_is_named() -> None:
    with pytest.raises(IngestError, match=r"'p2': duplicate id"):
        Corpus(ids=("p1", "p2", "p2"), texts=("a", "b", "c"))


@pytest.mark.parametrize("bad_id", ["", "   ", None])
def test_empty_id_is_refused_with_its_position(bad_id: object) -> None:
    with pytest.raises(IngestError, match="position 1"):
        Corpus(ids=("p1", bad_id), texts=("a", "b"))  # type: ignore[arg-type]


def test_bad_date_names_the_text() -> None:
    with pytest.raises(IngestError, match=r"text 'p2': date = '23/07/2019'"):
        Corpus(ids=("p1", "p2"), texts=("a", "b"), dates=("2019-07-23", "23/07/2019"))


def test_date_followed_by_stray_text_is_refused_not_truncated() -> None:
    with pytest.raises(IngestError, match=r"text 'p1': date = '2019-07-23x'"):
        Corpus(ids=("p1",), texts=("a",), dates=("2019-07-23x",))


def test_column_length_mismatch() -> None:
    with pytest.raises(IngestError, match="platforms has 1 values but there are 2 texts"):
        Corpus(ids=("p1", "p2"), texts=("a", "b"), platforms=("facebook",))


def test_non_string_text_is_refused() -> None:
    with pytest.raises(IngestError, match=r"text 'p1': text = 3"):
        Corpus(ids=("p1",), texts=(3,))  # type: ignore[arg-type]


def test_frozen() -> None:
    corpus = Corpus.from_texts(["a", "b"])
    with pytest.raises(AttributeError):
        corpus.texts = ("c",)  # type: ignore[misc]


def test_from_frame_round_trip() -> None:
    frame = pd.DataFrame(
        {
            "post_id": [17, "p2", "p3"],
            "date": ["2019-07-23", "", "2019-07-25T10:00:00"],
            "platform": ["facebook", "vkontakte", ""],
            "case_id": ["B-2019", "", "K-2019"],
            "text": ["one", "two", "three"],
        }
    )
    corpus = Corpus.from_frame(frame)
    assert corpus.ids == ("17", "p2", "p3")
    assert corpus.dates == (dt.date(2019, 7, 23), None, dt.date(2019, 7, 25))
    assert corpus.platforms == ("facebook", "vkontakte", None)
    assert corpus.case_ids == ("B-2019", None, "K-2019")
    back = Corpus.from_frame(corpus.to_frame())
    assert back == corpus


def test_missing_required_column() -> None:
    with pytest.raises(IngestError, match="text column 'body' not found"):
        Corpus.from_frame(pd.DataFrame({"post_id": ["a"]}), text="body")


def test_select_keeps_order_and_columns() -> None:
    corpus = Corpus(ids=("a", "b", "c"), texts=("x", "y", "z"), case_ids=("K", None, "K"))
    kept = corpus.select([True, False, True])
    assert kept.ids == ("a", "c")
    assert kept.case_ids == ("K", "K")
