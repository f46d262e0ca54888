"""The dendrogram is a Figure that saves to PNG; it never calls show()."""

from __future__ import annotations

from pathlib import Path

import matplotlib
import numpy as np
import pytest
import scipy.sparse as sp
from matplotlib.figure import Figure

from careerrep.text import DocumentTermMatrix, plot_dendrogram, ward_clusters

matplotlib.use("Agg")


@pytest.fixture
def result() -> object:
    counts = np.random.default_rng(0).poisson(0.8, size=(12, 6))
    dtm = DocumentTermMatrix(
        counts=sp.csr_matrix(counts),
        terms=tuple("abcdef"),
        doc_ids=tuple(f"p{i}" for i in range(12)),
    )
    return ward_clusters(dtm, k=3)


def test_figure_with_leaves_and_cut_line(result: object, tmp_path: Path) -> None:
    figure = result.dendrogram()  # type: ignore[attr-defined]
    assert isinstance(figure, Figure)
    axes = figure.axes[0]
    labels = {t.get_text() for t in axes.get_xticklabels()}
    assert labels == {f"p{i}" for i in range(12)}
    cut = [line for line in axes.get_lines() if line.get_linestyle() == "--"]
    assert len(cut) == 1
    assert cut[0].get_ydata()[0] == pytest.approx(result.cut_height)  # type: ignore[attr-defined]
    path = tmp_path / "dendrogram.png"
    figure.savefig(path)
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_truncated_tree_has_at_most_p_leaves(result: object) -> None:
    figure = plot_dendrogram(result, truncate_to=4)  # type: ignore[arg-type]
    assert len(figure.axes[0].get_xticklabels()) == 4


def test_label_count_must_match(result: object) -> None:
    with pytest.raises(ValueError, match="labels has 2 entries"):
        plot_dendrogram(result, labels=["a", "b"])  # type: ignore[arg-type]
