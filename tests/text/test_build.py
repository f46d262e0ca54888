"""Term tables and the document-term matrix on corpora whose answers are known by construction."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from careerrep.text import CleaningOptions, Corpus, document_term_matrix, term_table

# Words that survive cleaning unchanged (no stemming, no stop words), so the
# generator's word lists are exactly the terms.
RAW = CleaningOptions(stem=False, stopword_languages=())
WORDS = ["billion", "budget", "mayor", "protest", "rally", "regime", "митинг", "әкім"]

documents = st.lists(st.lists(st.sampled_from(WORDS), max_size=12), min_size=1, max_size=15)


def as_corpus(docs: list[list[str]]) -> Corpus:
    return Corpus.from_texts([" ".join(words) for words in docs])


def expected_ngrams(docs: list[list[str]], n: int) -> tuple[Counter[str], Counter[str]]:
    """Count and support of every n-gram, by direct enumeration."""
    count: Counter[str] = Counter()
    support: Counter[str] = Counter()
    for words in docs:
        grams = [" ".join(words[i : i + n]) for i in range(len(words) - n + 1)]
        count.update(grams)
        support.update(set(grams))
    return count, support


@given(documents, st.integers(min_value=1, max_value=3))
def test_counts_and_support_known_by_construction(docs: list[list[str]], n: int) -> None:
    table = term_table(as_corpus(docs), ngram=n, options=RAW)
    count, support = expected_ngrams(docs, n)
    assert dict(zip(table["term"], table["count"], strict=True)) == dict(count)
    assert dict(zip(table["term"], table["support"], strict=True)) == dict(support)
    assert (table["support"] <= table["count"]).all()
    assert (table["support"] <= len(docs)).all()
    terms = document_term_matrix(as_corpus(docs), ngram=n, options=RAW).terms
    assert list(terms) == sorted(terms)  # alphabetical columns, n-grams too


@given(documents, st.randoms(use_true_random=False))
def test_counts_invariant_to_document_order(docs: list[list[str]], rng: object) -> None:
    shuffled = list(docs)
    rng.shuffle(shuffled)  # type: ignore[attr-defined]
    before = term_table(as_corpus(docs), options=RAW).set_index("term")
    after = term_table(as_corpus(shuffled), options=RAW).set_index("term")
    assert before.sort_index().equals(after.sort_index())


@given(documents)
def test_matrix_rows_are_the_documents(docs: list[list[str]]) -> None:
    dtm = document_term_matrix(as_corpus(docs), options=RAW)
    assert dtm.shape == (len(docs), len(set().union(*map(set, docs))))
    assert list(dtm.terms) == sorted(dtm.terms)  # alphabetical, as R tm
    dense = dtm.counts.toarray()
    for row, words in zip(dense, docs, strict=True):
        expected = Counter(words)
        assert {t: int(c) for t, c in zip(dtm.terms, row, strict=True) if c} == dict(expected)
    dtm.counts.check_format(full_check=True)  # canonical CSR built from raw arrays
    assert dtm.counts.has_sorted_indices


def test_ngrams_do_not_cross_documents() -> None:
    dtm = document_term_matrix(as_corpus([["budget"], ["billion"]]), ngram=2, options=RAW)
    assert dtm.terms == ()
    assert dtm.shape == (2, 0)


def test_stop_words_are_skipped_inside_ngrams() -> None:
    corpus = Corpus.from_texts(["the regime of the president", "regime president"])
    table = term_table(corpus, ngram=2, options=CleaningOptions(stem=False))
    assert table.to_dict("list") == {"term": ["regime president"], "count": [2], "support": [2]}


def test_table_is_sorted_by_count_then_support() -> None:
    corpus = Corpus.from_texts(["rally rally budget", "budget mayor", "rally"])
    table = term_table(corpus, options=RAW)
    assert table["term"].tolist() == ["rally", "budget", "mayor"]
    assert table["count"].tolist() == [3, 2, 1]
    assert table["support"].tolist() == [2, 2, 1]


def test_plain_texts_are_numbered_like_tm() -> None:
    dtm = document_term_matrix(["budget", "", "rally budget"], options=RAW)
    assert dtm.doc_ids == ("1", "2", "3")
    np.testing.assert_array_equal(dtm.counts.toarray(), [[1, 0], [0, 0], [1, 1]])


@pytest.mark.parametrize("ngram", [0, -1, 1.5, True])
def test_bad_ngram(ngram: object) -> None:
    with pytest.raises(ValueError, match="ngram"):
        document_term_matrix(["a"], ngram=ngram)  # type: ignore[arg-type]
