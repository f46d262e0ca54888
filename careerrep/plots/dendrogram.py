"""Dendrogram figure of a Ward clustering (of :mod:`careerrep.text` documents).

Built on ``matplotlib.figure.Figure`` directly (no pyplot), so it never opens a
window, never calls ``show()`` and works under any backend; save it with
``fig.savefig(path)``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from matplotlib.figure import Figure
from scipy.cluster.hierarchy import dendrogram

from careerrep.errors import ArgumentError


class Clustering(Protocol):
    """What the figure reads from a :class:`~careerrep.text.clustering.ClusterResult`.

    A protocol, so this module does not import the text package back (no import cycle).
    """

    @property
    def doc_ids(self) -> Sequence[Any]:
        """Document ids, in the order of the linkage's leaves."""
        ...

    @property
    def linkage(self) -> Any:
        """scipy linkage matrix."""
        ...

    @property
    def cut_height(self) -> float | None:
        """Height at which the tree was cut into clusters, if any."""
        ...


def plot_dendrogram(
    result: Clustering,
    *,
    labels: Sequence[str] | None = None,
    truncate_to: int | None = None,
    cut_height: float | None = None,
    title: str = "Ward clustering of documents",
    figsize: tuple[float, float] = (8.0, 4.5),
) -> Figure:
    """Draw the clustering tree.

    Parameters
    ----------
    result
        Output of :func:`careerrep.text.ward_clusters`.
    labels
        Leaf labels (default: the document ids).
    truncate_to
        Show only the last ``truncate_to`` merges (scipy ``truncate_mode="lastp"``),
        useful beyond a hundred or so documents.
    cut_height
        Draw a dashed horizontal line at this height (default: the result's ``cut_height``).
    title
        Axes title.
    figsize
        Figure size in inches.

    Returns
    -------
    matplotlib.figure.Figure
        The figure (one Axes); nothing is shown.
    """
    figure = Figure(figsize=figsize)
    axes = figure.add_subplot()
    leaf_labels = list(labels) if labels is not None else list(result.doc_ids)
    if len(leaf_labels) != len(result.doc_ids):
        raise ArgumentError(
            f"labels has {len(leaf_labels)} entries but there are {len(result.doc_ids)} documents"
        )
    truncation = {} if truncate_to is None else {"truncate_mode": "lastp", "p": truncate_to}
    dendrogram(
        result.linkage,
        ax=axes,
        labels=None if truncate_to is not None else leaf_labels,
        leaf_rotation=90.0,
        color_threshold=cut_height if cut_height is not None else result.cut_height,
        **truncation,
    )
    line_at = cut_height if cut_height is not None else result.cut_height
    if line_at is not None:
        axes.axhline(line_at, linestyle="--", color="grey", linewidth=1.0)
    axes.set_ylabel("merge height (Ward)")
    axes.set_title(title)
    figure.tight_layout()
    return figure
