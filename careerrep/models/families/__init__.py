"""The model families: one module each, every one implementing :class:`~careerrep.models.family.Family`."""

from careerrep.models.families.ordinal import CumulativeFamily

__all__ = ["CumulativeFamily"]
