"""``ingest(scale=...)``: a study's own outcome labels, as an OutcomeScale or a plain list."""

from __future__ import annotations

import pandas as pd
import pytest

from careerrep.ingest import demo_export, ingest
from careerrep.scale import OutcomeScale, OutcomeScaleError

STUDY = ["dismissed", "resigned", "kept", "promoted"]


def test_a_list_of_labels_is_a_scale(tmp_path) -> None:  # type: ignore[no-untyped-def]
    files = demo_export(tmp_path, n_cases=6, seed=2)
    cases = pd.read_csv(files.cases, dtype=str, keep_default_na=False)
    cases["outcome"] = cases["outcome"].map(
        {"fired": "DISMISSED", "resigned": "resigned", "retained": "Kept", "promoted": "promoted"}
    )
    cases.to_csv(tmp_path / "study.csv", index=False)
    from_list = ingest(files.export, tmp_path / "study.csv", scale=STUDY).table
    from_scale = ingest(files.export, tmp_path / "study.csv", scale=OutcomeScale(STUDY)).table
    assert from_list == from_scale and from_list.scale == OutcomeScale(STUDY)
    assert {r.outcome for r in from_list} <= set(STUDY)


def test_a_string_is_not_a_scale(tmp_path) -> None:  # type: ignore[no-untyped-def]
    files = demo_export(tmp_path, n_cases=4, seed=2)
    with pytest.raises(OutcomeScaleError, match="a list of labels"):
        ingest(files.export, files.cases, scale="fired<resigned")  # type: ignore[arg-type]
