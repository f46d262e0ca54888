"""Ward clusters equal scipy's linkage(method="ward") cut with fcluster."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp
from scipy.cluster.hierarchy import fcluster, linkage

from careerrep.text import DocumentTermMatrix, tfidf, ward_clusters


def random_dtm(seed: int, n_docs: int = 40, n_terms: int = 25) -> DocumentTermMatrix:
    rng = np.random.default_rng(seed)
    counts = rng.poisson(0.6, size=(n_docs, n_terms))
    return DocumentTermMatrix(
        counts=sp.csr_matrix(counts),
        terms=tuple(f"w{j:02d}" for j in range(n_terms)),
        doc_ids=tuple(f"d{i}" for i in range(n_docs)),
    )


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("k", [2, 5, 11])
def test_labels_equal_scipy_cut_into_k(seed: int, k: int) -> None:
    dtm = random_dtm(seed)
    dense = tfidf(dtm.counts).toarray()
    expected = fcluster(linkage(dense, method="ward"), t=k, criterion="maxclust")
    result = ward_clusters(dtm, k=k)
    np.testing.assert_array_equal(result.labels, expected)
    np.testing.assert_allclose(result.linkage, linkage(dense, method="ward"))
    assert result.summary["size"].tolist() == np.bincount(expected)[1:].tolist()
    # The reported cut height really cuts the tree into those clusters.
    by_height = fcluster(result.linkage, t=result.cut_height, criterion="distance")
    np.testing.assert_array_equal(by_height, expected)


def test_cut_by_height_equals_scipy() -> None:
    dtm = random_dtm(4)
    tree = linkage(dtm.counts.toarray().astype(float), method="ward")
    height = float(np.median(tree[:, 2]))
    result = ward_clusters(dtm, height=height, weighting="count")
    np.testing.assert_array_equal(result.labels, fcluster(tree, t=height, criterion="distance"))
    assert result.cut_height == height


def test_top_words_are_the_cluster_defining_terms() -> None:
    # Two groups of documents with disjoint vocabularies: two clusters, each
    # described by its own words and none of the other's.
    counts = np.zeros((8, 4), dtype=int)
    counts[:4, :2] = [[3, 1], [2, 1], [3, 2], [2, 2]]
    counts[4:, 2:] = [[1, 3], [1, 2], [2, 3], [1, 1]]
    dtm = DocumentTermMatrix(
        counts=sp.csr_matrix(counts),
        terms=("billion", "budget", "protest", "rally"),
        doc_ids=tuple(str(i) for i in range(8)),
    )
    result = ward_clusters(dtm, k=2, weighting="count", top_n=5)
    words = {frozenset(w.split(", ")) for w in result.summary["top_words"]}
    assert words == {frozenset({"billion", "budget"}), frozenset({"protest", "rally"})}
    assert result.summary["size"].tolist() == [4, 4]
    assert result.assignments().loc["0"] != result.assignments().loc["7"]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({}, "exactly one of k"),
        ({"k": 2, "height": 1.0}, "exactly one of k"),
        ({"k": 50}, "k = 50"),
        ({"k": 2, "max_cells": 10}, "max_cells = 10"),
    ],
)
def test_bad_arguments(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        ward_clusters(random_dtm(5), **kwargs)  # type: ignore[arg-type]
