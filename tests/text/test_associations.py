"""find_assocs equals numpy.corrcoef on the dense matrix and R tm's findAssocs."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from careerrep.text import DocumentTermMatrix, column_correlations, find_assocs

FIXTURES = Path(__file__).parent / "fixtures"


def as_dtm(counts: np.ndarray) -> DocumentTermMatrix:
    return DocumentTermMatrix(
        counts=sp.csr_matrix(counts),
        terms=tuple(f"t{j:02d}" for j in range(counts.shape[1])),
        doc_ids=tuple(str(i) for i in range(counts.shape[0])),
    )


@given(arrays(np.int64, st.tuples(st.integers(2, 12), st.integers(2, 8)), elements=st.integers(0, 4)))
def test_equals_numpy_corrcoef(counts: np.ndarray) -> None:
    dense = counts.astype(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        expected = np.corrcoef(dense, rowvar=False)
    for column in range(counts.shape[1]):
        got = column_correlations(sp.csr_matrix(counts), column)
        np.testing.assert_allclose(got, expected[column], atol=1e-10, equal_nan=True)


def test_find_assocs_filters_sorts_and_excludes_itself() -> None:
    rng = np.random.default_rng(7)
    counts = rng.poisson(1.0, size=(30, 6))
    counts[:, 1] += counts[:, 0]
    dtm = as_dtm(counts)
    expected = np.corrcoef(counts.astype(float), rowvar=False)[0]
    got = find_assocs(dtm, "t00", min_corr=0.1)
    assert "t00" not in got.index
    assert got.is_monotonic_decreasing
    wanted = {f"t{j:02d}": expected[j] for j in range(1, 6) if expected[j] >= 0.1}
    assert got.to_dict() == pytest.approx(wanted, abs=1e-12)


def test_constant_term_has_no_associations() -> None:
    counts = np.array([[1, 0], [1, 2], [1, 1]])
    assert find_assocs(as_dtm(counts), "t00").empty


def test_unknown_term_is_named() -> None:
    with pytest.raises(KeyError, match="'nazarbayev'"):
        find_assocs(as_dtm(np.eye(3, dtype=int)), "nazarbayev")


def test_min_corr_range() -> None:
    with pytest.raises(ValueError, match="min_corr = 1.5"):
        find_assocs(as_dtm(np.eye(3, dtype=int)), "t00", min_corr=1.5)


def test_matches_r_tm_find_assocs() -> None:
    # Peer: R tm 0.7-11, findAssocs(dtm, term, 0) for every term (tm rounds to 2
    # decimals); produced by tests/text/fixtures/make_tm_fixture.R.
    counts = pd.read_csv(FIXTURES / "tm_counts.csv", index_col=0)
    expected = pd.read_csv(FIXTURES / "tm_assocs.csv")
    dtm = DocumentTermMatrix(
        counts=sp.csr_matrix(counts.to_numpy()),
        terms=tuple(counts.columns),
        doc_ids=tuple(str(i) for i in counts.index),
    )
    for term, rows in expected.groupby("term"):
        got = find_assocs(dtm, str(term), min_corr=0.0).round(2)
        # tm keeps values >= corlimit before rounding; compare the sets and values.
        assert got.to_dict() == pytest.approx(dict(zip(rows["other"], rows["corr"], strict=True)))
