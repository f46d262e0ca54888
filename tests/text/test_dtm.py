"""DocumentTermMatrix: frozen arrays, term lookup, selecting terms, weights."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

from careerrep.text import DocumentTermMatrix

COUNTS = np.array([[2, 0, 1, 0], [1, 1, 0, 0], [1, 0, 0, 3], [0, 0, 1, 0]])


def make() -> DocumentTermMatrix:
    return DocumentTermMatrix(
        counts=sp.csr_matrix(COUNTS),
        terms=("billion", "budget", "protest", "rally"),
        doc_ids=("a", "b", "c", "d"),
    )


def test_counts_and_support_per_term() -> None:
    dtm = make()
    np.testing.assert_array_equal(dtm.term_counts(), COUNTS.sum(axis=0))
    np.testing.assert_array_equal(dtm.term_support(), (COUNTS > 0).sum(axis=0))


def test_arrays_are_read_only_and_input_is_copied() -> None:
    source = sp.csr_matrix(COUNTS)
    dtm = DocumentTermMatrix(counts=source, terms=tuple("wxyz"), doc_ids=tuple("abcd"))
    source.data[:] = 0
    assert dtm.counts.sum() == COUNTS.sum()
    with pytest.raises(ValueError, match="read-only"):
        dtm.counts.data[0] = 5


def test_unknown_term_mentions_stemming() -> None:
    with pytest.raises(KeyError, match="stemmed"):
        make().column("protests")


def test_select_terms_by_support_and_number() -> None:
    dtm = make()
    assert dtm.select_terms(min_support=2).terms == ("billion", "protest")
    # Highest support first, then count: billion (3 docs), then protest (2 docs, 2)
    assert dtm.select_terms(max_terms=2).terms == ("billion", "protest")
    picked = dtm.select_terms(["rally", "billion"])
    assert picked.terms == ("billion", "rally")
    np.testing.assert_array_equal(picked.counts.toarray(), COUNTS[:, [0, 3]])


def test_shape_mismatch_and_duplicate_terms() -> None:
    with pytest.raises(ValueError, match="doc_ids"):
        DocumentTermMatrix(counts=sp.csr_matrix(COUNTS), terms=tuple("wxyz"), doc_ids=("a",))
    with pytest.raises(ValueError, match="unique"):
        DocumentTermMatrix(counts=sp.csr_matrix(COUNTS), terms=tuple("wwyz"), doc_ids=tuple("abcd"))


def test_weighted_schemes() -> None:
    dtm = make()
    np.testing.assert_array_equal(dtm.weighted("count").toarray(), COUNTS)
    tf = dtm.weighted("tf").toarray()
    np.testing.assert_allclose(tf, COUNTS / COUNTS.sum(axis=1, keepdims=True))
    with pytest.raises(ValueError, match="scheme = 'bm25'"):
        dtm.weighted("bm25")  # type: ignore[arg-type]


def test_to_frame_guard() -> None:
    frame = make().to_frame()
    assert frame.loc["c", "rally"] == 3
    with pytest.raises(ValueError, match="max_cells"):
        make().to_frame(max_cells=4)
