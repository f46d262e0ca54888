"""Bundled datasets.

- :func:`kazakhstan_2019`: the three published Kazakhstan cases (Bokayev et al.).
- :func:`uk_ministers`: UK ministerial appointments with an ordinal next-post
  outcome, derived from the Institute for Government's ministers data (CC BY 4.0).
- :func:`uk_minister_spells`: the same ministers as rank spells with competing
  exits (promoted, demoted, mid-term exit; censored at government changes).
- :func:`congress_resignations`: US congressional resignations with a binary
  scandal outcome, from FiveThirtyEight (CC BY 4.0).
"""

from careerrep.datasets.congress_resignations import congress_resignations
from careerrep.datasets.kazakhstan import (
    kazakhstan_2019,
    kazakhstan_2019_notes,
    kazakhstan_2019_table8,
)
from careerrep.datasets.uk_minister_spells import uk_minister_spells
from careerrep.datasets.uk_ministers import uk_ministers

__all__ = [
    "congress_resignations",
    "kazakhstan_2019",
    "kazakhstan_2019_notes",
    "kazakhstan_2019_table8",
    "uk_minister_spells",
    "uk_ministers",
]
