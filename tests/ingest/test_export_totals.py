"""Export chunks know the file's length where the format tells it up front (the progress bar's total)."""

from __future__ import annotations

import pandas as pd
import pytest

from careerrep.ingest import demo_export
from careerrep.ingest.exports import read_export
from careerrep.ingest.mapping import ColumnMapping


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    return demo_export(tmp_path_factory.mktemp("demo"), n_cases=5, seed=4)


@pytest.mark.parametrize(("suffix", "known"), [(".csv", True), (".parquet", True), (".jsonl", False)])
def test_chunks_carry_the_total_where_known_and_cover_every_row(
    demo, tmp_path, suffix: str, known: bool
) -> None:  # type: ignore[no-untyped-def]
    frame = pd.read_csv(demo.export, dtype=str, keep_default_na=False)
    path = tmp_path / f"export{suffix}"
    if suffix == ".csv":
        path = demo.export
    elif suffix == ".parquet":
        frame.to_parquet(path)
    else:
        frame.to_json(path, orient="records", lines=True, force_ascii=False)
    chunks = list(read_export(path, ColumnMapping(), chunksize=97))
    assert len(chunks) > 1
    assert sum(chunk.size for chunk in chunks) == len(frame)
    assert {chunk.total for chunk in chunks} == ({len(frame)} if known else {None})
