from __future__ import annotations

from careerrep import CAREER_SCALE
from careerrep.datasets import kazakhstan_2019, kazakhstan_2019_notes


def test_three_cases_with_outcomes_and_citations() -> None:
    table = kazakhstan_2019()
    assert table.case_ids == ("B-2019", "K-2019", "G-2019")
    assert [r.outcome for r in table] == ["fired", "resigned", "promoted"]
    assert table.scale == CAREER_SCALE
    assert all(r.citation and "Bokayev" in r.citation for r in table)
    assert [len(r.comment_samples) for r in table] == [3, 3, 3]
    assert [s.platform for s in table[0].comment_samples] == ["Facebook", "Instagram", "VKontakte"]


def test_only_case_3_has_publication_sentiment_and_only_case_1_a_follow_up() -> None:
    table = kazakhstan_2019()
    assert [r.publication_sentiment is not None for r in table] == [False, False, True]
    assert [r.follow_up is not None for r in table] == [True, False, False]


def test_notes_document_the_discrepancies() -> None:
    notes = kazakhstan_2019_notes()
    assert len(notes["discrepancies"]) >= 5
    assert any("thirty" in line for line in notes["discrepancies"])


def test_loading_twice_gives_equal_tables() -> None:
    assert kazakhstan_2019() == kazakhstan_2019()
