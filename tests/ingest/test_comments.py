"""Comment sheets: both layouts give the same samples; counts that disagree are problem rows."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from careerrep.errors import IngestError
from careerrep.ingest.comments import read_comment_sheet
from careerrep.ingest.mapping import ColumnMapping

TONES = ["negative", "neutral", "positive"]
GENDERS = ["male", "female", "undefined"]


@settings(max_examples=20)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["A", "B"]), st.integers(1, 3), st.sampled_from(TONES), st.sampled_from(GENDERS)
        ),
        min_size=1,
        max_size=60,
    ),
)
def test_per_comment_sheet_tallies_like_a_groupby(comments: list[tuple[str, int, str, str]]) -> None:
    frame = pd.DataFrame(comments, columns=["case_id", "post", "sentiment", "gender"]).assign(
        platform="Instagram"
    )
    frame["gender"] = frame["gender"].replace({"undefined": ""})  # an empty cell is 'undefined'
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "sheet.csv"
        frame.to_csv(path, index=False)
        samples, report = read_comment_sheet(path, ColumnMapping(), {"A", "B"})
    assert report.rows_used == len(frame)
    expected = pd.DataFrame(comments, columns=["case_id", "post", "sentiment", "gender"])
    for (case_id, post), rows in expected.groupby(["case_id", "post"], sort=False):
        order = list(dict.fromkeys(expected.loc[expected["case_id"] == case_id, "post"]))
        sample = samples[case_id][order.index(post)]
        assert sample.comments == len(rows)
        assert sample.sentiment.to_dict() == {t: int((rows["sentiment"] == t).sum()) for t in TONES}
        assert sample.gender.to_dict() == {g: int((rows["gender"] == g).sum()) for g in GENDERS}


def test_per_post_sheet_and_its_problem_rows(tmp_path: Path) -> None:
    sheet = pd.DataFrame(
        {
            "case_id": ["A", "A", "Q", "A", "A"],
            "platform": ["Facebook", "Myspace", "Facebook", "VK", "Instagram"],
            "comments": [10, 5, 5, 6, 4],
            "negative": [5, 5, 5, 3, 1],
            "neutral": [3, 0, 0, 1, 1],
            "positive": [2, 0, 0, 1, 2],
            "male": [4, None, None, None, 2],
            "female": [6, None, None, None, 1],
            "likes": ["466", "1", "1", "2", "3.5"],
        }
    )
    path = tmp_path / "posts.csv"
    sheet.to_csv(path, index=False)
    with pytest.raises(IngestError, match="row 3"):
        read_comment_sheet(path, ColumnMapping(), {"A"})
    samples, report = read_comment_sheet(path, ColumnMapping(), {"A"}, strict=False)
    assert [(p.row, p.reason) for p in report.problems] == [
        (3, "unknown platform"),
        (4, "unknown case id"),
        (5, "counts disagree"),
        (6, "not a count"),
    ]
    (post,) = samples["A"]
    assert (post.platform, post.comments, post.likes) == ("Facebook", 10, 466)
    assert post.gender is not None and post.gender.to_dict() == {"male": 4, "female": 6, "undefined": 0}
    assert report.rows_used == 1
