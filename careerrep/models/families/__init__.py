"""The model families: one module each, every one implementing :class:`~careerrep.models.family.Family`."""

from careerrep.models.families.logit import LogitFamily
from careerrep.models.families.multinomial import MultinomialFamily
from careerrep.models.families.ordinal import CumulativeFamily
from careerrep.models.family import Family

#: Family classes by display name (for ``build_design(family="ordinal")`` and the CLI).
FAMILIES: dict[str, type[Family]] = {
    family.name: family for family in (CumulativeFamily, LogitFamily, MultinomialFamily)
}

__all__ = ["FAMILIES", "CumulativeFamily", "LogitFamily", "MultinomialFamily"]
