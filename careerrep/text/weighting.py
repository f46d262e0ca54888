"""Term weights for a sparse count matrix: tf and tf-idf (pure scipy/numpy).

Notation: ``c[i, j]`` is the count of term j in document i, ``N`` the number of
documents, ``df[j]`` the number of documents containing term j.

Two tf-idf conventions are offered, because published results depend on it:

``"tm"`` (default) -- R ``tm::weightTfIdf(m, normalize = TRUE)``::

    w[i, j] = c[i, j] / sum_k c[i, k]  *  log2(N / df[j])

A document with no terms keeps a row of zeros; a term in every document gets
weight 0.

``"sklearn"`` -- scikit-learn ``TfidfVectorizer()`` defaults
(``smooth_idf=True, sublinear_tf=False, norm="l2"``)::

    w[i, j] = c[i, j] * (ln((1 + N) / (1 + df[j])) + 1),  then each row scaled
    to unit Euclidean length (rows of zeros stay zero).
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from careerrep.errors import ArgumentError

TFIDF_CONVENTIONS = ("tm", "sklearn")


def _row_of_each_value(matrix: sp.csr_matrix) -> NDArray[np.intp]:
    """Row index of every stored value of a CSR matrix."""
    return np.repeat(np.arange(matrix.shape[0]), np.diff(matrix.indptr))


def _scale_rows(matrix: sp.csr_matrix, row_totals: NDArray[np.float64]) -> sp.csr_matrix:
    """Divide each row by its total; rows whose total is 0 are left as they are (zeros)."""
    safe = np.where(row_totals > 0, row_totals, 1.0)
    scaled = sp.csr_matrix(matrix, dtype=np.float64, copy=True)
    scaled.data = scaled.data / safe[_row_of_each_value(scaled)]
    return scaled


def document_frequency(counts: sp.csr_matrix) -> NDArray[np.int64]:
    """Number of documents (rows) in which each term (column) has a non-zero count."""
    nonzero = counts.data != 0
    return np.bincount(counts.indices[nonzero], minlength=counts.shape[1]).astype(np.int64)


def term_frequency(counts: sp.csr_matrix, normalize: bool = False) -> sp.csr_matrix:
    """Term frequency weights.

    Parameters
    ----------
    counts
        ``(n_docs, n_terms)`` counts.
    normalize
        Divide each count by its document's total count (relative frequency);
        otherwise return the counts as floats (R ``tm::weightTf``).

    Returns
    -------
    scipy.sparse.csr_matrix
        Float weights with the sparsity pattern of ``counts``.
    """
    counts = sp.csr_matrix(counts)
    if not normalize:
        return sp.csr_matrix(counts, dtype=np.float64, copy=True)
    totals = np.asarray(counts.sum(axis=1), dtype=np.float64).ravel()
    return _scale_rows(counts, totals)


def inverse_document_frequency(counts: sp.csr_matrix, convention: str = "tm") -> NDArray[np.float64]:
    """Idf weight of each term under ``convention`` (see the module docstring)."""
    n_docs = counts.shape[0]
    df = document_frequency(counts).astype(np.float64)
    if convention == "tm":
        with np.errstate(divide="ignore"):
            idf = np.log2(n_docs / df)
        # tm sets non-finite idf (terms in no document) to 0.
        idf[~np.isfinite(idf)] = 0.0
        return idf
    if convention == "sklearn":
        return np.log((1.0 + n_docs) / (1.0 + df)) + 1.0
    raise ArgumentError(f"convention = {convention!r} is not one of {TFIDF_CONVENTIONS}")


def tfidf(counts: sp.csr_matrix, convention: str = "tm") -> sp.csr_matrix:
    """Tf-idf weights of a count matrix.

    Parameters
    ----------
    counts
        ``(n_docs, n_terms)`` counts.
    convention
        ``"tm"`` (R ``tm::weightTfIdf``, normalised tf, log base 2) or
        ``"sklearn"`` (smoothed natural-log idf, rows scaled to unit length).

    Returns
    -------
    scipy.sparse.csr_matrix
        Float weights, same shape and sparsity pattern as ``counts``.
    """
    counts = sp.csr_matrix(counts)
    idf = inverse_document_frequency(counts, convention)
    if convention == "tm":
        weights = term_frequency(counts, normalize=True)
        weights.data = weights.data * idf[weights.indices]
        return weights
    weights = term_frequency(counts, normalize=False)
    weights.data = weights.data * idf[weights.indices]
    row_sq = np.bincount(_row_of_each_value(weights), weights=weights.data**2, minlength=weights.shape[0])
    return _scale_rows(weights, np.sqrt(row_sq))
