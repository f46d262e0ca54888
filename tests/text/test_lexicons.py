"""Lexicon shares per case: counts known by construction, tidy and wide forms."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from careerrep.text import CleaningOptions, Corpus, lexicon_shares, matching_texts, shares_wide

PROTEST = {"protest": ["protest", "rally", "hunger strike", "митинг"]}


def test_words_phrases_and_stems_match() -> None:
    corpus = Corpus(
        ids=("a", "b", "c", "d", "e"),
        texts=(
            "Protests outside the ministry",  # stem of "protests" = stem of "protest"
            "A hunger strike began",  # the phrase
            "Hunger, then a long strike",  # both words, not consecutive: no match
            "Митинги в столице",  # Russian stem
            "Budget hearings",
        ),
        case_ids=("K", "K", "K", "B", None),
    )
    matches = matching_texts(corpus, PROTEST)
    assert matches["protest"].tolist() == [True, True, False, True, False]
    shares = lexicon_shares(corpus, PROTEST)
    assert shares.to_dict("list") == {
        "case_id": ["B", "K"],
        "lexicon": ["protest", "protest"],
        "n_texts": [1, 3],
        "n_matching": [1, 2],
        "share": [1.0, 2 / 3],
    }


cases = st.sampled_from(["B-2019", "K-2019", "G-2019"])
texts = st.sampled_from(["rally now", "budget billion", "a peaceful protest", "mayor park", ""])


@given(st.lists(st.tuples(cases, texts), min_size=1, max_size=30))
def test_counts_known_by_construction(rows: list[tuple[str, str]]) -> None:
    corpus = Corpus(
        ids=tuple(f"p{i}" for i in range(len(rows))),
        texts=tuple(text for _, text in rows),
        case_ids=tuple(case for case, _ in rows),
    )
    shares = lexicon_shares(corpus, PROTEST).set_index("case_id")
    for case in {c for c, _ in rows}:
        in_case = [text for c, text in rows if c == case]
        matching = sum(text in {"rally now", "a peaceful protest"} for text in in_case)
        assert shares.loc[case, "n_texts"] == len(in_case)
        assert shares.loc[case, "n_matching"] == matching
        assert shares.loc[case, "share"] == pytest.approx(matching / len(in_case))
    assert (shares["n_matching"] <= shares["n_texts"]).all()


def test_group_by_case_and_platform_and_wide_form() -> None:
    corpus = Corpus(
        ids=("a", "b", "c"),
        texts=("rally", "corruption rally", "budget"),
        platforms=("facebook", "vk", "vk"),
        case_ids=("K", "K", "K"),
    )
    lexicons = {**PROTEST, "corruption": ["corruption", "bribe"]}
    by_both = lexicon_shares(corpus, lexicons, by=["case_id", "platform"])
    assert by_both["platform"].tolist() == ["facebook", "facebook", "vk", "vk"]
    assert by_both["n_matching"].tolist() == [1, 0, 1, 1]
    wide = shares_wide(lexicon_shares(corpus, lexicons))
    assert wide.loc["K"].to_dict() == {
        "n_texts": 3,
        "protest_share": pytest.approx(2 / 3),
        "protest_n_matching": 2,
        "corruption_share": pytest.approx(1 / 3),
        "corruption_n_matching": 1,
    }
    with pytest.raises(ValueError, match="platform"):
        shares_wide(by_both)


def test_entry_that_cleans_to_nothing_is_named() -> None:
    corpus = Corpus.from_texts(["x"])
    with pytest.raises(ValueError, match=r"lexicon 'bad': entry 'the'"):
        matching_texts(corpus, {"bad": ["the"]})
    with pytest.raises(ValueError, match="not a string"):
        matching_texts(corpus, {"bad": "rally"})  # type: ignore[dict-item]


def test_same_cleaning_as_the_corpus() -> None:
    # With stemming off, "protests" no longer matches "protest".
    corpus = Corpus.from_texts(["protests"])
    unstemmed = matching_texts(corpus, PROTEST, CleaningOptions(stem=False))
    stemmed = matching_texts(corpus, PROTEST)
    assert isinstance(unstemmed, pd.DataFrame)
    assert not unstemmed["protest"].iloc[0]
    assert stemmed["protest"].iloc[0]
