"""DocumentTermMatrix: counts of terms (or n-grams) per document.

Rows are documents in corpus order, columns are terms in alphabetical order
(as R ``tm`` orders them), values are occurrence counts in a scipy CSR matrix.
The object is frozen and its arrays are read-only; weighting, selecting terms
and tables all return new objects.

Build one with :func:`careerrep.text.document_term_matrix`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd
import scipy.sparse as sp
from numpy.typing import NDArray

from careerrep.errors import ArgumentError, UnknownNameError
from careerrep.text import weighting


def _read_only_csr(matrix: sp.csr_matrix) -> sp.csr_matrix:
    """A CSR copy whose data, indices and indptr cannot be written to."""
    frozen = sp.csr_matrix(matrix, copy=True)
    for array in (frozen.data, frozen.indices, frozen.indptr):
        array.flags.writeable = False
    return frozen


# eq=False: comparing sparse matrices with == is elementwise, not a truth value.
@dataclass(frozen=True, eq=False)
class DocumentTermMatrix:
    """Term counts per document.

    Attributes
    ----------
    counts
        ``(n_docs, n_terms)`` CSR matrix of occurrence counts (int64).
    terms
        Column labels: the (stemmed) terms, or n-grams joined by a space.
    doc_ids
        Row labels: the corpus text ids.
    ngram
        Order of the n-grams in the columns (1 for single terms).
    """

    counts: sp.csr_matrix
    terms: tuple[str, ...]
    doc_ids: tuple[str, ...]
    ngram: int = 1

    def __post_init__(self) -> None:
        n_docs, n_terms = self.counts.shape
        if n_docs != len(self.doc_ids) or n_terms != len(self.terms):
            raise ArgumentError(
                f"counts has shape {self.counts.shape} but there are {len(self.doc_ids)} "
                f"doc_ids and {len(self.terms)} terms"
            )
        object.__setattr__(self, "counts", _read_only_csr(self.counts))
        object.__setattr__(self, "terms", tuple(self.terms))
        object.__setattr__(self, "doc_ids", tuple(self.doc_ids))
        column_of = {term: j for j, term in enumerate(self.terms)}
        if len(column_of) != len(self.terms):
            raise ArgumentError("terms must be unique")
        object.__setattr__(self, "_column_of", column_of)

    @property
    def shape(self) -> tuple[int, int]:
        """``(n_docs, n_terms)``."""
        return (len(self.doc_ids), len(self.terms))

    def column(self, term: str) -> int:
        """Column index of ``term``; ``KeyError`` naming the term if it is absent."""
        column_of: dict[str, int] = self._column_of  # type: ignore[attr-defined]
        if term not in column_of:
            raise UnknownNameError(
                f"term {term!r} is not in the document-term matrix ({len(self.terms)} terms; "
                "terms are stemmed, e.g. 'protests' -> 'protest')"
            )
        return column_of[term]

    def term_counts(self) -> NDArray[np.int64]:
        """Total occurrences of each term over all documents (the study's "count")."""
        return np.bincount(self.counts.indices, weights=self.counts.data, minlength=len(self.terms)).astype(
            np.int64
        )

    def term_support(self) -> NDArray[np.int64]:
        """Number of documents containing each term (the study's "support")."""
        nonzero = self.counts.data != 0
        return np.bincount(self.counts.indices[nonzero], minlength=len(self.terms))

    def term_table(self, top: int | None = None) -> pd.DataFrame:
        """Count and support per term, as the study's Tables 3 and 4.

        Parameters
        ----------
        top
            Keep only the first ``top`` rows (all when ``None``).

        Returns
        -------
        DataFrame
            Columns ``term``, ``count`` (occurrences), ``support`` (documents
            containing the term); sorted by count, then support (both
            descending), then term.
        """
        table = pd.DataFrame(
            {
                "term": list(self.terms),
                "count": self.term_counts(),
                "support": self.term_support(),
            }
        )
        table = table.sort_values(
            ["count", "support", "term"], ascending=[False, False, True], kind="stable"
        ).reset_index(drop=True)
        return table if top is None else table.head(top)

    def select_terms(
        self,
        terms: Sequence[str] | None = None,
        *,
        min_support: int = 1,
        max_terms: int | None = None,
    ) -> DocumentTermMatrix:
        """A matrix with fewer columns (the role of ``tm::removeSparseTerms``).

        Parameters
        ----------
        terms
            Keep exactly these terms (each must exist). Otherwise keep terms
            contained in at least ``min_support`` documents.
        min_support
            Minimum number of documents containing a kept term.
        max_terms
            Then keep at most this many terms, those of highest support (ties
            broken by count, then alphabetically).

        Returns
        -------
        DocumentTermMatrix
            Same documents, kept terms in alphabetical order.
        """
        if terms is not None:
            keep = np.array(sorted({self.column(term) for term in terms}), dtype=np.int64)
        else:
            support = self.term_support()
            keep = np.flatnonzero(support >= min_support)
            if max_terms is not None:
                if max_terms < 1:
                    raise ArgumentError(f"max_terms = {max_terms} must be at least 1")
                # lexsort: last key is primary. Alphabetical column order breaks ties.
                counts = self.term_counts()
                order = np.lexsort((keep, -counts[keep], -support[keep]))
                keep = np.sort(keep[order[:max_terms]])
        return DocumentTermMatrix(
            counts=self.counts[:, keep],
            terms=tuple(self.terms[j] for j in keep),
            doc_ids=self.doc_ids,
            ngram=self.ngram,
        )

    def weighted(
        self, scheme: Literal["count", "tf", "tfidf"] = "tfidf", convention: str = "tm"
    ) -> sp.csr_matrix:
        """The matrix of weights (float CSR, same shape).

        Parameters
        ----------
        scheme
            ``"count"``: raw counts; ``"tf"``: counts divided by the document's
            total count; ``"tfidf"``: see :func:`careerrep.text.weighting.tfidf`.
        convention
            tf-idf convention, ``"tm"`` (default) or ``"sklearn"``.
        """
        if scheme == "count":
            return sp.csr_matrix(self.counts, dtype=np.float64, copy=True)
        if scheme == "tf":
            return weighting.term_frequency(self.counts, normalize=True)
        if scheme == "tfidf":
            return weighting.tfidf(self.counts, convention=convention)
        raise ArgumentError(f"scheme = {scheme!r} is not one of 'count', 'tf', 'tfidf'")

    def to_frame(self, max_cells: int = 1_000_000) -> pd.DataFrame:
        """The counts as a dense DataFrame (doc ids x terms), for small matrices only."""
        n_docs, n_terms = self.shape
        if n_docs * n_terms > max_cells:
            raise ArgumentError(
                f"a dense {n_docs} x {n_terms} table exceeds max_cells = {max_cells}; "
                "use .counts (sparse) or select_terms() first"
            )
        return pd.DataFrame(self.counts.toarray(), index=list(self.doc_ids), columns=list(self.terms))
