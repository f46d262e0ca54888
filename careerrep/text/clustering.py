"""Ward hierarchical clustering of documents, as in the study's Table 5.

Documents are points in term space (tf-idf weights by default); scipy's
``linkage(method="ward")`` merges them bottom-up minimising the growth of
within-cluster variance, and ``fcluster`` cuts the tree into ``k`` clusters or
at a height. Each cluster is then described by its size and its top words:
the terms with the highest mean weight over the cluster's documents.

Ward needs Euclidean coordinates, so the (documents x terms) weights are made
dense. For a large corpus first keep the informative terms with
``dtm.select_terms(min_support=..., max_terms=...)`` (R users do the same with
``removeSparseTerms`` before ``hclust``); ``max_cells`` guards memory.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd
from numpy.typing import NDArray
from scipy.cluster.hierarchy import fcluster, linkage

from careerrep.errors import ArgumentError
from careerrep.text.dtm import DocumentTermMatrix

if TYPE_CHECKING:
    from matplotlib.figure import Figure

# 5e7 float64 cells = 400 MB, about what a laptop can spare for one dense copy.
DEFAULT_MAX_CELLS = 50_000_000


@dataclass(frozen=True, eq=False)
class ClusterResult:
    """Ward clusters of the documents of a document-term matrix.

    Attributes
    ----------
    doc_ids
        The documents, in matrix order.
    labels
        Cluster of each document, ``1..n_clusters`` (scipy ``fcluster`` numbering).
    linkage
        The ``(n_docs - 1, 4)`` scipy linkage matrix (merge heights in column 2).
    summary
        One row per cluster: ``cluster``, ``size``, ``top_words`` (comma-joined,
        highest mean weight first).
    cut_height
        Height of the cut: the one given, or for ``k`` clusters the midpoint
        between the last merge made and the first one not made (``None`` for
        ``k = 1``).
    """

    doc_ids: tuple[str, ...]
    labels: NDArray[np.int32]
    linkage: NDArray[np.float64]
    summary: pd.DataFrame
    cut_height: float | None = None

    def assignments(self) -> pd.Series:
        """Cluster of each document as a Series indexed by document id."""
        return pd.Series(self.labels, index=pd.Index(list(self.doc_ids), name="doc_id"), name="cluster")

    def dendrogram(self, **kwargs: Any) -> Figure:
        """The tree as a matplotlib Figure (see :func:`~careerrep.text.plot_dendrogram`)."""
        from careerrep.plots.dendrogram import plot_dendrogram

        return plot_dendrogram(self, **kwargs)


def _top_words(
    weights: NDArray[np.float64], labels: NDArray[np.int32], terms: tuple[str, ...], top_n: int
) -> list[str]:
    """Comma-joined top words of each cluster (1..max label), zero-weight terms left out."""
    described = []
    for cluster in range(1, int(labels.max()) + 1):
        mean_weight = weights[labels == cluster].mean(axis=0)
        # Stable sort on -weight: ties keep alphabetical (column) order.
        order = np.argsort(-mean_weight, kind="stable")[:top_n]
        described.append(", ".join(terms[j] for j in order if mean_weight[j] > 0))
    return described


def _height_between_merges(tree: NDArray[np.float64], k: int) -> float | None:
    """A height that cuts the tree into ``k`` clusters (``None`` when k = 1)."""
    n_docs = tree.shape[0] + 1
    if k <= 1:
        return None
    # k clusters remain after n - k merges; row n - k is the first merge not made.
    below = tree[n_docs - k - 1, 2] if k < n_docs else 0.0
    return float((below + tree[n_docs - k, 2]) / 2.0)


def ward_clusters(
    dtm: DocumentTermMatrix,
    k: int | None = None,
    *,
    height: float | None = None,
    weighting: Literal["count", "tf", "tfidf"] = "tfidf",
    convention: str = "tm",
    top_n: int = 10,
    max_cells: int = DEFAULT_MAX_CELLS,
) -> ClusterResult:
    """Cluster documents with Ward's method and describe each cluster.

    Parameters
    ----------
    dtm
        Document-term matrix; every row is clustered (empty documents too: they
        sit at the origin).
    k
        Number of clusters (``fcluster(criterion="maxclust")``; fewer when the
        tree has ties). Give exactly one of ``k`` and ``height``.
    height
        Cut the tree at this merge height (``fcluster(criterion="distance")``).
    weighting, convention
        Document coordinates: see :meth:`DocumentTermMatrix.weighted`.
    top_n
        Number of top words reported per cluster.
    max_cells
        Refuse to build a dense matrix larger than this many cells.

    Returns
    -------
    ClusterResult
        Labels, linkage matrix and the per-cluster summary table.
    """
    if (k is None) == (height is None):
        raise ArgumentError("give exactly one of k (number of clusters) and height")
    n_docs, n_terms = dtm.shape
    if n_docs < 2:
        raise ArgumentError(f"Ward clustering needs at least 2 documents, got {n_docs}")
    if k is not None and not 1 <= k <= n_docs:
        raise ArgumentError(f"k = {k} is not between 1 and the number of documents ({n_docs})")
    if n_docs * n_terms > max_cells:
        raise ArgumentError(
            f"a dense {n_docs} x {n_terms} matrix exceeds max_cells = {max_cells}; "
            "reduce the terms with dtm.select_terms(min_support=..., max_terms=...)"
        )
    weights = dtm.weighted(weighting, convention).toarray()
    tree = linkage(weights, method="ward")
    if k is not None:
        labels = fcluster(tree, t=k, criterion="maxclust")
    else:
        labels = fcluster(tree, t=height, criterion="distance")
    labels = labels.astype(np.int32)
    cut_height = height if k is None else _height_between_merges(tree, k)
    clusters = np.arange(1, int(labels.max()) + 1)
    summary = pd.DataFrame(
        {
            "cluster": clusters,
            "size": np.bincount(labels, minlength=clusters.size + 1)[1:],
            "top_words": _top_words(weights, labels, dtm.terms, top_n),
        }
    )
    return ClusterResult(
        doc_ids=dtm.doc_ids, labels=labels, linkage=tree, summary=summary, cut_height=cut_height
    )
