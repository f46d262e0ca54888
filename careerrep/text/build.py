"""From a corpus to a document-term matrix, fast.

The work is arranged so that Python touches each token once (regex + hash) and
everything after that is numpy on integer arrays:

1. tokenise every text (one regex call per text);
2. give each distinct raw token an integer (``pandas.factorize``, a C hash
   table), then clean and stem only the distinct tokens (stemming is the slow
   step, so it must not run per occurrence);
3. map token ids to term ids, encode n-grams as integers (``ngrams.ngram_ids``);
4. one ``np.unique`` over ``doc * n_grams + gram`` gives the sorted, summed
   (document, term) pairs, which *are* the CSR ``indices`` and ``data``;
   ``indptr`` is a cumulative count of pairs per document.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import numpy as np
import pandas as pd
import scipy.sparse as sp
from numpy.typing import NDArray

from careerrep.errors import ArgumentError
from careerrep.text.cleaning import CleaningOptions, terms_for_tokens, tokenize_all
from careerrep.text.corpus import Corpus
from careerrep.text.dtm import DocumentTermMatrix
from careerrep.text.ngrams import ngram_ids


def term_streams(
    texts: Sequence[str], options: CleaningOptions
) -> tuple[NDArray[np.int64], NDArray[np.int64], list[str]]:
    """Cleaned terms of every text as integer streams.

    Returns
    -------
    term_ids
        Term id at each kept position, all texts concatenated in order.
    doc_index
        Text (row) of each kept position.
    terms
        Term of each id, alphabetical (id order = alphabetical order).
    """
    token_lists = tokenize_all(texts, options)
    lengths = np.fromiter(map(len, token_lists), dtype=np.int64, count=len(token_lists))
    flat = np.fromiter(itertools.chain.from_iterable(token_lists), dtype=object, count=int(lengths.sum()))
    raw_ids, raw_tokens = pd.factorize(flat)
    raw_terms = terms_for_tokens(list(raw_tokens), options)
    # Distinct terms, alphabetical; each raw token points at its term or -1 (dropped).
    terms = sorted({term for term in raw_terms if term is not None})
    term_id = {term: i for i, term in enumerate(terms)}
    raw_to_term = np.array([-1 if term is None else term_id[term] for term in raw_terms], dtype=np.int64)
    mapped = raw_to_term[raw_ids] if raw_ids.size else np.zeros(0, dtype=np.int64)
    doc_index = np.repeat(np.arange(len(token_lists), dtype=np.int64), lengths)
    kept = mapped >= 0
    return mapped[kept], doc_index[kept], terms


def counts_matrix(
    doc_index: NDArray[np.int64], column_ids: NDArray[np.int64], n_docs: int, n_columns: int
) -> sp.csr_matrix:
    """CSR count matrix from (document, column) occurrences, built from its arrays directly."""
    pair_codes = doc_index * np.int64(n_columns) + column_ids
    distinct_pairs, pair_counts = np.unique(pair_codes, return_counts=True)
    rows, columns = np.divmod(distinct_pairs, np.int64(max(n_columns, 1)))
    indptr = np.zeros(n_docs + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows, minlength=n_docs), out=indptr[1:])
    return sp.csr_matrix(
        (pair_counts.astype(np.int64), columns.astype(np.int64), indptr),
        shape=(n_docs, n_columns),
    )


def document_term_matrix(
    corpus: Corpus | Sequence[str], ngram: int = 1, options: CleaningOptions | None = None
) -> DocumentTermMatrix:
    """Count terms (or n-grams of terms) in every text.

    Parameters
    ----------
    corpus
        A :class:`Corpus`, or plain texts (then numbered ``"1"``, ``"2"``, ...).
    ngram
        1 for single terms, 2 for pairs of consecutive terms, and so on.
        N-grams are formed after stop-word removal and stemming and never
        cross from one text into the next.
    options
        Cleaning options; :class:`CleaningOptions` defaults when ``None``.

    Returns
    -------
    DocumentTermMatrix
        Rows in corpus order, columns alphabetical; n-gram columns are the
        terms joined by a single space (``"human right"``).
    """
    if isinstance(ngram, bool) or not isinstance(ngram, int) or ngram < 1:
        raise ArgumentError(f"ngram = {ngram!r} must be a positive integer")
    if not isinstance(corpus, Corpus):
        corpus = Corpus.from_texts(list(corpus))
    options = options or CleaningOptions()
    term_ids, doc_index, terms = term_streams(corpus.texts, options)
    gram_ids, gram_docs, gram_terms = ngram_ids(term_ids, doc_index, len(terms), ngram)
    # Term ids are alphabetical and ngram_ids numbers n-grams in lexicographic
    # order of their id tuples, which is also the alphabetical order of the
    # space-joined names (a space sorts before every letter and digit).
    # So the gram ids are already the alphabetical column order.
    term_array = np.array(terms, dtype=object)
    names = term_array[gram_terms[:, 0]]
    for position in range(1, ngram):
        names = names + " " + term_array[gram_terms[:, position]]
    counts = counts_matrix(gram_docs, gram_ids, len(corpus), len(names))
    return DocumentTermMatrix(counts=counts, terms=tuple(names.tolist()), doc_ids=corpus.ids, ngram=ngram)


def term_table(
    corpus: Corpus | Sequence[str],
    ngram: int = 1,
    options: CleaningOptions | None = None,
    top: int | None = None,
) -> pd.DataFrame:
    """Count and support of every term (or n-gram): the study's Tables 3 and 4.

    Shorthand for ``document_term_matrix(corpus, ngram, options).term_table(top)``;
    see :meth:`DocumentTermMatrix.term_table`.
    """
    return document_term_matrix(corpus, ngram, options).term_table(top)
