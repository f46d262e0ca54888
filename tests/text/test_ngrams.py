"""ngram_ids: integer encoding of n-grams, checked against direct enumeration."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from careerrep.text.ngrams import ngram_ids

streams = st.lists(st.lists(st.integers(0, 4), max_size=10), min_size=1, max_size=8)


@given(streams, st.integers(1, 4))
def test_each_occurrence_decodes_to_its_words(docs: list[list[int]], n: int) -> None:
    term_ids = np.array([t for doc in docs for t in doc], dtype=np.int64)
    doc_index = np.repeat(np.arange(len(docs)), [len(d) for d in docs]).astype(np.int64)
    gram_ids, gram_docs, gram_terms = ngram_ids(term_ids, doc_index, 5, n)
    expected = [(d, tuple(doc[i : i + n])) for d, doc in enumerate(docs) for i in range(len(doc) - n + 1)]
    decoded = [(int(d), tuple(gram_terms[g].tolist())) for g, d in zip(gram_ids, gram_docs, strict=True)]
    assert decoded == expected
    # Distinct ids are distinct n-grams.
    assert len({tuple(row) for row in gram_terms.tolist()}) == len(gram_terms)


def test_large_vocabulary_does_not_overflow() -> None:
    # 5-grams over a 10**6-term vocabulary: 10**30 possible codes, far beyond int64.
    term_ids = np.array([999_999, 1, 999_998, 7, 500_000, 999_999], dtype=np.int64)
    doc_index = np.zeros(6, dtype=np.int64)
    gram_ids, _, gram_terms = ngram_ids(term_ids, doc_index, 1_000_000, 5)
    assert [gram_terms[g].tolist() for g in gram_ids] == [
        [999_999, 1, 999_998, 7, 500_000],
        [1, 999_998, 7, 500_000, 999_999],
    ]


def test_n_must_be_positive() -> None:
    with pytest.raises(ValueError, match="n = 0"):
        ngram_ids(np.zeros(1, dtype=np.int64), np.zeros(1, dtype=np.int64), 1, 0)
