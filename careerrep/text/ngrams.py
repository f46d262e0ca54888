"""N-grams over integer token streams (pure numpy).

A corpus arrives here as one flat array of term ids plus the document of each
position, documents contiguous and in order. An n-gram is n consecutive
positions of the same document; n-grams never cross a document boundary.

Stop words were removed before this step, so an n-gram may join two words
that had a stop word between them ("regime of Nazarbayev" gives the bigram
"regim nazarbayev"), which is what an R ``tm`` workflow that removes stop words
before tokenising into n-grams produces too.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from careerrep.errors import ArgumentError


def ngram_ids(
    term_ids: NDArray[np.int64], doc_index: NDArray[np.int64], n_terms: int, n: int
) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.int64]]:
    """Encode every n-gram occurrence as an integer id.

    Parameters
    ----------
    term_ids
        Term id of each position, values in ``[0, n_terms)``.
    doc_index
        Document of each position, non-decreasing.
    n_terms
        Size of the term vocabulary.
    n
        Order of the n-grams (1 returns the input unchanged).

    Returns
    -------
    gram_ids
        Id of the n-gram starting at each valid position, in ``[0, n_grams)``.
    gram_docs
        Document of each of those n-gram occurrences.
    gram_terms
        ``(n_grams, n)`` array: the term ids that make up each distinct n-gram.
        Rows are in lexicographic order of these id tuples (``np.unique``
        sorts at every step), so n-gram ids inherit the order of term ids.
    """
    if n < 1:
        raise ArgumentError(f"n = {n} must be at least 1")
    if n == 1:
        return term_ids, doc_index, np.arange(n_terms, dtype=np.int64)[:, None]
    n_positions = term_ids.size - n + 1
    if n_positions <= 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, np.zeros((0, n), dtype=np.int64)
    # A start position is valid when its last word is in the same document.
    starts = np.flatnonzero(doc_index[:n_positions] == doc_index[n - 1 :])
    codes = term_ids[starts]
    gram_terms = np.arange(n_terms, dtype=np.int64)[:, None]
    for offset in range(1, n):
        # Pair (prefix id, next term) -> one int64, then re-index with unique so
        # the codes stay below the number of distinct prefixes (no overflow for
        # any n) and we can recover the words of each prefix.
        pairs = codes * np.int64(n_terms) + term_ids[starts + offset]
        distinct_pairs, codes = np.unique(pairs, return_inverse=True)
        prefix, last = np.divmod(distinct_pairs, np.int64(n_terms))
        gram_terms = np.hstack([gram_terms[prefix], last[:, None]])
    return codes.astype(np.int64), doc_index[starts], gram_terms
