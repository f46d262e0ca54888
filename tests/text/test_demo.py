"""A worked example on the bundled demo corpus, with answers read off the CSV itself."""

from __future__ import annotations

import numpy as np
import pytest

from careerrep.text import (
    CleaningOptions,
    demo_corpus_frame,
    document_term_matrix,
    find_assocs,
    lexicon_shares,
    load_demo_corpus,
    ward_clusters,
)


def test_demo_corpus_loads_with_cases() -> None:
    corpus = load_demo_corpus()
    frame = demo_corpus_frame()
    assert len(corpus) == len(frame) >= 60
    assert set(c for c in corpus.case_ids if c) == {"B-2019", "K-2019", "G-2019"}
    assert {"en", "ru"} <= set(frame["language"])


def test_budget_count_and_support_match_a_plain_search() -> None:
    # Known without careerrep: "budget" appears as a whole word; count it directly.
    frame = demo_corpus_frame()
    words = frame["text"].str.lower().str.findall(r"[a-z]+")
    count = int(words.map(lambda ws: ws.count("budget")).sum())
    support = int(words.map(lambda ws: "budget" in ws).sum())
    table = document_term_matrix(load_demo_corpus()).term_table().set_index("term")
    assert (table.loc["budget", "count"], table.loc["budget", "support"]) == (count, support)


def test_budget_goes_with_billion() -> None:
    # The demo's analogue of the study's "nazarbayev ~ billion" association.
    dtm = document_term_matrix(load_demo_corpus())
    assocs = find_assocs(dtm, "budget", min_corr=0.3)
    assert assocs.index[0] == "billion"
    dense = dtm.counts.toarray().astype(float)
    expected = np.corrcoef(dense[:, dtm.column("budget")], dense[:, dtm.column("billion")])[0, 1]
    assert assocs.iloc[0] == pytest.approx(expected, abs=1e-12)


def test_protest_share_is_highest_for_the_dismissed_official() -> None:
    lexicon = {"protest": ["protest", "rally", "strike", "митинг", "протест"]}
    shares = lexicon_shares(load_demo_corpus(), lexicon, CleaningOptions()).set_index("case_id")
    assert shares["share"].idxmax() == "B-2019"
    assert shares["n_texts"].sum() == sum(c is not None for c in load_demo_corpus().case_ids)


def test_clusters_cover_every_post() -> None:
    dtm = document_term_matrix(load_demo_corpus()).select_terms(min_support=2)
    result = ward_clusters(dtm, k=6)
    assert result.summary["size"].sum() == dtm.shape[0]
    assert len(result.summary) == 6
