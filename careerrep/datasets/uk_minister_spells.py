"""UK government ministers 1979-2026 as rank spells with competing exits.

Data source and licence: Institute for Government, IfG Ministers Database
(github.com/instituteforgov/ifg-ministers-database-public, snapshot 92e2270,
2026-06-19), licensed CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/).
Attribution: "Institute for Government, IfG Ministers Database". Derived by
``scripts/derive_uk_minister_spells.py`` (its docstring has every rule); see
``data/uk_minister_spells_SOURCE.txt``.
"""

from __future__ import annotations

from importlib import resources

import pandas as pd

from careerrep.exits.spells import ExitScale, SpellTable

__all__ = ["UK_MINISTER_EXITS", "uk_minister_spells"]

#: competing exits of a rank spell; leaving at a change of government and
#: being still in post are censoring (see the derivation script for why).
UK_MINISTER_EXITS = ExitScale(("mid_term_exit", "demoted", "promoted"), ("in_post", "government_change"))


def uk_minister_spells(scale: ExitScale = UK_MINISTER_EXITS) -> SpellTable:
    """UK ministers' rank spells 1979-2026 (2,219 spells of 1,000-odd people), validated.

    A spell is a maximal period in which a person's most senior ministerial
    post stays at one level of ``Parl. < PUSS < MoS < Cabinet < DPM < PM``.
    It ends in ``promoted`` or ``demoted`` (the next level, within 30 days),
    ``mid_term_exit`` (no post within 30 days, not at a change of government),
    ``government_change`` (left within 7 days of a new PM or the 2015
    coalition-to-majority change) or ``in_post`` (still in post at the data end
    2026-06-12, or ended in its last 30 days). Under the default ``scale`` the
    last two are censoring; pass an :class:`ExitScale` that lists
    ``"government_change"`` among its exits to model it as its own exit type.

    Returns a :class:`SpellTable` whose frame has ``case_id``
    (``<person id>:<spell number>``), ``official`` (IfG person id), ``start``,
    ``end``, ``exit`` and the per-spell columns ``person_name``, ``gender``
    (F/M), ``rank`` (ordered Categorical, junior to senior), ``spell_number``,
    ``government`` and ``government_party`` at the start, ``start_year``,
    ``tenure_days`` (days).

    Source: Institute for Government, IfG Ministers Database, CC BY 4.0; keep
    the attribution with anything derived. No media variable is in the
    source: coverage has to be joined by the researcher (see
    ``docs/time-to-exit.md``).
    """
    path = resources.files("careerrep.datasets") / "data" / "uk_minister_spells.csv"
    with resources.as_file(path) as csv:
        frame = pd.read_csv(csv, dtype={"case_id": str, "official": str})
    frame["rank"] = pd.Categorical(
        frame["rank"], ["Parl.", "PUSS", "MoS", "Cabinet", "DPM", "PM"], ordered=True
    )
    return SpellTable.from_frame(frame, scale, follow_up_end="2026-06-12")
