"""The bundled UK minister rank spells: validated, documented counts, re-derivable from the IfG source."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pandas as pd
import pytest

from careerrep.datasets import uk_minister_spells
from careerrep.exits import ExitScale, SpellTable

REPO_ROOT = Path(__file__).resolve().parents[2]
SCRIPT = REPO_ROOT / "scripts" / "derive_uk_minister_spells.py"
SOURCE = REPO_ROOT.parent / "shared" / "data" / "careers" / "ifg-ministers"
# counts printed by scripts/derive_uk_minister_spells.py on the 92e2270 snapshot
COUNTS = {"mid_term_exit": 741, "promoted": 723, "government_change": 556, "in_post": 123, "demoted": 76}


@pytest.fixture(scope="module")
def spells() -> SpellTable:
    return uk_minister_spells()


def test_counts_and_scale(spells: SpellTable) -> None:
    assert len(spells) == sum(COUNTS.values())
    assert spells.frame["exit"].value_counts().to_dict() == COUNTS
    assert spells.scale.exits == ("mid_term_exit", "demoted", "promoted")
    assert (spells.exit_codes == 0).sum() == COUNTS["government_change"] + COUNTS["in_post"]
    assert list(spells.frame["rank"].cat.categories) == ["Parl.", "PUSS", "MoS", "Cabinet", "DPM", "PM"]
    assert (spells.durations > 0).all()


def test_known_careers(spells: SpellTable) -> None:
    frame = spells.frame.set_index(["person_name", "start"])
    rudd = frame.loc[("Amber Rudd", pd.Timestamp("2015-05-11"))]
    assert (rudd["rank"], rudd["end"], rudd["exit"]) == (
        "Cabinet",
        pd.Timestamp("2018-04-30"),
        "mid_term_exit",
    )
    gove = frame.loc[("Michael Gove", pd.Timestamp("2010-05-12"))]
    assert (gove["end"], gove["exit"]) == (pd.Timestamp("2016-07-14"), "government_change")


def test_government_change_can_be_its_own_exit_type() -> None:
    scale = ExitScale(("mid_term_exit", "demoted", "promoted", "government_change"), ("in_post",))
    spells = uk_minister_spells(scale)
    assert (spells.exit_codes == 4).sum() == COUNTS["government_change"]


@pytest.mark.skipif(not SOURCE.is_dir(), reason=f"shared IfG source not found at {SOURCE}")
def test_rederivation_reproduces_the_bundled_file(spells: SpellTable) -> None:
    spec = importlib.util.spec_from_file_location("derive_uk_minister_spells", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    derived = module.derive(SOURCE)
    assert list(derived["case_id"]) == list(spells.frame["case_id"])
    assert list(derived["exit"]) == list(spells.frame["exit"])
    assert (derived["end"].to_numpy() == spells.frame["end"].to_numpy()).all()
