"""tf and tf-idf: a hand-computed example per convention, and R tm's weightTfIdf."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp

from careerrep.text import inverse_document_frequency, term_frequency, tfidf

FIXTURES = Path(__file__).parent / "fixtures"

# Columns: billion, budget, rally. Doc totals 3, 2, 2; document frequencies 1, 2, 2.
COUNTS = sp.csr_matrix(np.array([[1, 2, 0], [0, 1, 1], [0, 0, 2]]))


def test_tm_convention_by_hand() -> None:
    l3, l15 = math.log2(3), math.log2(1.5)
    expected = [
        [1 / 3 * l3, 2 / 3 * l15, 0.0],
        [0.0, 1 / 2 * l15, 1 / 2 * l15],
        [0.0, 0.0, 1.0 * l15],
    ]
    np.testing.assert_allclose(tfidf(COUNTS, "tm").toarray(), expected, rtol=1e-14)


def test_sklearn_convention_by_hand() -> None:
    idf_billion = math.log(4 / 2) + 1
    idf_other = math.log(4 / 3) + 1
    raw = np.array([[1 * idf_billion, 2 * idf_other, 0], [0, idf_other, idf_other], [0, 0, 2 * idf_other]])
    expected = raw / np.linalg.norm(raw, axis=1, keepdims=True)
    np.testing.assert_allclose(tfidf(COUNTS, "sklearn").toarray(), expected, rtol=1e-14)


def test_tf_normalised_rows_sum_to_one_and_empty_rows_stay_zero() -> None:
    counts = sp.csr_matrix(np.array([[1, 3], [0, 0]]))
    np.testing.assert_array_equal(term_frequency(counts, normalize=True).toarray(), [[0.25, 0.75], [0, 0]])
    np.testing.assert_array_equal(term_frequency(counts).toarray(), [[1.0, 3.0], [0, 0]])


def test_term_in_every_document_gets_idf_zero_under_tm() -> None:
    counts = sp.csr_matrix(np.array([[1, 1], [2, 0]]))
    np.testing.assert_array_equal(inverse_document_frequency(counts), [0.0, 1.0])


def test_unknown_convention() -> None:
    with pytest.raises(ValueError, match="convention = 'bm25'"):
        tfidf(COUNTS, "bm25")


def test_matches_r_tm_weight_tfidf() -> None:
    # Peer: R tm 0.7-11, as.matrix(weightTfIdf(dtm)) with normalize = TRUE;
    # produced by tests/text/fixtures/make_tm_fixture.R (includes an empty document).
    counts = pd.read_csv(FIXTURES / "tm_counts.csv", index_col=0)
    expected = pd.read_csv(FIXTURES / "tm_tfidf.csv", index_col=0)
    got = tfidf(sp.csr_matrix(counts.to_numpy()), "tm").toarray()
    np.testing.assert_allclose(got, expected.to_numpy(), rtol=1e-12, atol=1e-15)
