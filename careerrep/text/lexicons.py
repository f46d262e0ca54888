"""Lexicon shares: per case, the share of texts that use a vocabulary.

A lexicon is a named list of words or phrases ("protest": rally, strike,
"hunger strike", митинг). A text *matches* a lexicon when, after the same
cleaning and stemming as the rest of the corpus, it contains at least one
entry (a phrase: its terms consecutively, stop words aside). Per case the
result counts the texts (``n_texts``), the matching ones (``n_matching``) and
their ``share`` -- a number in [0, 1] that joins a case's signals table and
enters a model like any other share.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from careerrep.errors import ArgumentError
from careerrep.text.build import document_term_matrix
from careerrep.text.cleaning import CleaningOptions, clean_text
from careerrep.text.corpus import Corpus

_GROUP_COLUMNS = {"case_id": "case_ids", "platform": "platforms"}


def lexicon_terms(
    lexicons: Mapping[str, Iterable[str]], options: CleaningOptions
) -> dict[str, list[tuple[str, ...]]]:
    """Entries as cleaned term tuples (``"Hunger strikes"`` -> ``("hunger", "strike")``).

    Raises ``ValueError`` naming the lexicon and entry when an entry cleans to
    nothing (e.g. it is a stop word), since it could never match.
    """
    cleaned: dict[str, list[tuple[str, ...]]] = {}
    for name, entries in lexicons.items():
        if isinstance(entries, str):
            raise ArgumentError(f"lexicon {name!r}: give a list of entries, not a string: {entries!r}")
        terms = []
        for entry in entries:
            entry_terms = tuple(clean_text(entry, options))
            if not entry_terms:
                raise ArgumentError(
                    f"lexicon {name!r}: entry {entry!r} has no terms left after cleaning "
                    "(a stop word or a number?)"
                )
            terms.append(entry_terms)
        if not terms:
            raise ArgumentError(f"lexicon {name!r} has no entries")
        cleaned[name] = list(dict.fromkeys(terms))
    return cleaned


def matching_texts(
    corpus: Corpus, lexicons: Mapping[str, Iterable[str]], options: CleaningOptions | None = None
) -> pd.DataFrame:
    """Whether each text matches each lexicon.

    Returns
    -------
    DataFrame
        Boolean, one row per text (index: text ids), one column per lexicon.
    """
    options = options or CleaningOptions()
    cleaned = lexicon_terms(lexicons, options)
    lengths = sorted({len(entry) for entries in cleaned.values() for entry in entries})
    matrices = {n: document_term_matrix(corpus, n, options) for n in lengths}
    matches: dict[str, NDArray[np.bool_]] = {}
    for name, entries in cleaned.items():
        hit = np.zeros(len(corpus), dtype=bool)
        for n in lengths:
            dtm = matrices[n]
            wanted = {" ".join(entry) for entry in entries if len(entry) == n}
            columns = [j for j, term in enumerate(dtm.terms) if term in wanted]
            if columns:
                # Rows with any stored (non-zero) count among the lexicon's columns.
                hit |= np.diff(dtm.counts[:, columns].indptr) > 0
        matches[name] = hit
    return pd.DataFrame(matches, index=pd.Index(list(corpus.ids), name="text_id"))


def lexicon_shares(
    corpus: Corpus,
    lexicons: Mapping[str, Iterable[str]],
    options: CleaningOptions | None = None,
    by: str | Sequence[str] = "case_id",
) -> pd.DataFrame:
    """Per case (or other group), the share of texts matching each lexicon.

    Parameters
    ----------
    corpus
        Texts with case ids. Texts whose grouping value is missing are left out.
    lexicons
        Lexicon name -> words or phrases (raw; cleaned and stemmed like the texts).
    options
        Cleaning options, the same as used for the rest of the analysis.
    by
        ``"case_id"`` (default), ``"platform"``, or both as a list.

    Returns
    -------
    DataFrame
        Tidy, one row per group and lexicon: the ``by`` columns, ``lexicon``,
        ``n_texts``, ``n_matching``, ``share`` (= n_matching / n_texts).
    """
    by_columns = [by] if isinstance(by, str) else list(by)
    for column in by_columns:
        if column not in _GROUP_COLUMNS:
            raise ArgumentError(f"by = {column!r} is not one of {sorted(_GROUP_COLUMNS)}")
    matches = matching_texts(corpus, lexicons, options)
    keys = pd.DataFrame({column: list(getattr(corpus, _GROUP_COLUMNS[column])) for column in by_columns})
    present = keys.notna().all(axis=1).to_numpy()
    # One integer per group (sorted by key), then counts per group are bincounts.
    groups = keys[present].groupby(by_columns, sort=True).ngroup().to_numpy()
    group_keys = keys[present].drop_duplicates().sort_values(by_columns).reset_index(drop=True)
    n_texts = np.bincount(groups, minlength=len(group_keys))
    blocks = []
    for lexicon in matches.columns:
        n_matching = np.bincount(
            groups, weights=matches[lexicon].to_numpy()[present], minlength=len(group_keys)
        ).astype(np.int64)
        block = group_keys.copy()
        block["lexicon"] = lexicon
        block["n_texts"] = n_texts.astype(np.int64)
        block["n_matching"] = n_matching
        block["share"] = n_matching / n_texts
        blocks.append(block)
    # Rows: each group, its lexicons in the order given.
    long = pd.concat(blocks, ignore_index=True)
    order = np.lexsort(
        (np.repeat(np.arange(len(blocks)), len(group_keys)), np.tile(np.arange(len(group_keys)), len(blocks)))
    )
    return long.iloc[order].reset_index(drop=True)


def shares_wide(shares: pd.DataFrame, key: str = "case_id") -> pd.DataFrame:
    """One row per case, ready to merge into a case signals table.

    Parameters
    ----------
    shares
        Output of :func:`lexicon_shares` grouped by ``key`` alone.
    key
        The grouping column that becomes the index.

    Returns
    -------
    DataFrame
        Index ``key``; columns ``n_texts`` and, per lexicon, ``<lexicon>_share``
        and ``<lexicon>_n_matching``.
    """
    known = {key, "lexicon", "n_texts", "n_matching", "share"}
    extra = [c for c in shares.columns if c not in known]
    if extra:
        raise ArgumentError(f"shares has grouping columns besides {key!r}: {extra}")
    n_texts = shares.groupby(key, sort=False)["n_texts"].first()
    wide = shares.pivot(index=key, columns="lexicon", values=["share", "n_matching"])
    columns = {}
    for lexicon in dict.fromkeys(shares["lexicon"]):
        columns[f"{lexicon}_share"] = wide[("share", lexicon)]
        columns[f"{lexicon}_n_matching"] = wide[("n_matching", lexicon)].astype(np.int64)
    result = pd.DataFrame({"n_texts": n_texts, **columns})
    result.index.name = key
    return result
