"""Term associations: which terms go up and down with a given term across documents.

This is R ``tm::findAssocs``: the Pearson correlation, over documents, between
the column of one term and every other column of the document-term matrix,
keeping those at or above a minimum. Kalkamanova's "nazarbayev ~ billion,
r = 0.31" is one such number.

It is computed from sparse sums, never densifying the matrix: for columns x
and y over N documents,

    r = (N * sum(x*y) - sum(x) * sum(y))
        / sqrt((N * sum(x^2) - sum(x)^2) * (N * sum(y^2) - sum(y)^2)),

where ``sum(x*y)`` for all y at once is ``X.T @ x`` (cost: the non-zeros of X).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import scipy.sparse as sp
from numpy.typing import NDArray

from careerrep.errors import ArgumentError
from careerrep.text.dtm import DocumentTermMatrix


def column_correlations(matrix: sp.csr_matrix, column: int) -> NDArray[np.float64]:
    """Pearson correlation of one column with every column of a sparse matrix.

    Parameters
    ----------
    matrix
        ``(n_docs, n_terms)`` sparse matrix (counts or weights).
    column
        Index of the reference column.

    Returns
    -------
    ndarray
        ``n_terms`` correlations; NaN where either column is constant over the
        documents (its correlation is undefined, as in R's ``cor``).
    """
    matrix = sp.csr_matrix(matrix, dtype=np.float64)
    n_docs, n_terms = matrix.shape
    x = matrix[:, [column]].toarray().ravel()
    sums = np.bincount(matrix.indices, weights=matrix.data, minlength=n_terms)
    squares = np.bincount(matrix.indices, weights=matrix.data**2, minlength=n_terms)
    cross = matrix.T @ x
    numerator = n_docs * cross - sums[column] * sums
    spread = n_docs * squares - sums**2
    # Cancellation can leave a tiny negative spread for a constant column.
    spread = np.where(spread > 1e-12 * n_docs * squares, spread, np.nan)
    with np.errstate(invalid="ignore"):
        correlations: NDArray[np.float64] = numerator / np.sqrt(spread[column] * spread)
    return np.clip(correlations, -1.0, 1.0)


def find_assocs(
    dtm: DocumentTermMatrix,
    term: str,
    min_corr: float = 0.0,
    weights: sp.csr_matrix | None = None,
) -> pd.Series:
    """Terms most correlated with ``term`` across documents (R ``tm::findAssocs``).

    Parameters
    ----------
    dtm
        The document-term matrix.
    term
        The reference term, as it appears in ``dtm.terms`` (stemmed).
    min_corr
        Keep terms whose correlation is at least this, in [0, 1].
    weights
        Correlate these weights instead of the counts (e.g.
        ``dtm.weighted("tfidf")``); same shape as ``dtm.counts``.

    Returns
    -------
    pandas.Series
        Correlations indexed by term, highest first (ties alphabetical), the
        reference term itself excluded; named after ``term``. Unlike ``tm``
        the values are not rounded to two decimals.
    """
    if not 0.0 <= min_corr <= 1.0:
        raise ArgumentError(f"min_corr = {min_corr!r} is not in [0, 1]")
    column = dtm.column(term)
    matrix = dtm.counts if weights is None else weights
    if matrix.shape != dtm.counts.shape:
        raise ArgumentError(f"weights has shape {matrix.shape}, expected {dtm.counts.shape}")
    correlations = column_correlations(sp.csr_matrix(matrix), column)
    keep = np.flatnonzero(correlations >= min_corr)
    keep = keep[keep != column]
    # Columns are alphabetical, so a stable sort on -r breaks ties alphabetically.
    keep = keep[np.argsort(-correlations[keep], kind="stable")]
    return pd.Series(correlations[keep], index=pd.Index([dtm.terms[j] for j in keep], name="term"), name=term)
