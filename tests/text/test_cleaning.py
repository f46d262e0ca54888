"""Cleaning: lower-casing, punctuation, numbers, stop words, Snowball stemming by alphabet."""

from __future__ import annotations

import pytest
import snowballstemmer

from careerrep.text import CleaningOptions, clean_text, tokenize
from careerrep.text.cleaning import terms_for_tokens


def test_lowercase_punctuation_numbers() -> None:
    options = CleaningOptions(stem=False, stopword_languages=())
    assert tokenize("Budget: 5 BILLION (tenge)!", options) == ["budget", "billion", "tenge"]
    assert clean_text("Don't stop-the 2019 rally", options) == ["dont", "stop", "the", "rally"]


def test_numbers_can_be_kept() -> None:
    options = CleaningOptions(stem=False, stopword_languages=(), remove_numbers=False)
    assert clean_text("Budget 2019: 5bn", options) == ["budget", "2019", "5bn"]


def test_english_and_russian_stop_words_removed() -> None:
    options = CleaningOptions(stem=False)
    assert clean_text("The minister and the budget", options) == ["minister", "budget"]
    assert clean_text("Министр и бюджет не", options) == ["министр", "бюджет"]
    # Stop words with apostrophes are normalised like the text ("don't" -> "dont").
    assert clean_text("They don't care", options) == ["care"]


def test_user_stop_words_for_kazakh() -> None:
    options = CleaningOptions(stem=False, extra_stopwords=frozenset({"және", "Бұл"}))
    assert clean_text("Бұл әкім және халық", options) == ["әкім", "халық"]


def test_stems_match_snowball_for_each_alphabet() -> None:
    words = ["protests", "corruption", "митинги", "коррупции"]
    english = snowballstemmer.stemmer("english").stemWords(words[:2])
    russian = snowballstemmer.stemmer("russian").stemWords(words[2:])
    assert terms_for_tokens(words, CleaningOptions()) == english + russian


def test_kazakh_only_letters_are_not_russian_stemmed() -> None:
    assert clean_text("әкімдері қаласы") == ["әкімдері", "қаласы"]


def test_min_length_applies_before_stemming() -> None:
    options = CleaningOptions(min_length=3, stopword_languages=(), stem=False)
    assert clean_text("an mp of the eu parliament", options) == ["the", "parliament"]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"stopword_languages": ("kazakh",)}, "no bundled list for 'kazakh'"),
        ({"stemmers": {"latin": "klingon"}}, "no Snowball stemmer"),
        ({"stemmers": {"arabic": "arabic"}}, "script 'arabic'"),
        ({"min_length": 0}, "min_length = 0"),
    ],
)
def test_bad_options_are_named(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        CleaningOptions(**kwargs)  # type: ignore[arg-type]
