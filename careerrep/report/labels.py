"""Reader labels: variable names (``social_share``) shown as a reader expects (``Social share``).

Every table and figure takes ``labels=``, a mapping from variable names to
reader labels. A coefficient name is relabelled part by part, so one entry
serves all the names formulaic builds from a variable:

* ``social_share`` -> ``Social share``;
* ``rank[T.junior]`` -> ``Rank: junior`` (the contrast level is kept);
* ``social_share:rank[T.junior]`` (an interaction) -> ``Social share × Rank: junior``;
* ``resigned:social_share`` (a multinomial parameter, outcome first) -> ``resigned: Social share``.

Names without an entry are shown unchanged; ordinal thresholds (``a|b``) are never relabelled.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

_CONTRAST = re.compile(r"^(?P<variable>.+?)\[T\.(?P<level>.*)\]$")


def _part(name: str, labels: Mapping[str, str]) -> str:
    if name in labels:
        return labels[name]
    match = _CONTRAST.match(name)
    if match and match["variable"] in labels:
        return f"{labels[match['variable']]}: {match['level']}"
    return name


def reader_label(name: str, labels: Mapping[str, str] | None, outcomes: tuple[str, ...] = ()) -> str:
    """The reader label of a variable or coefficient ``name`` (unchanged without an entry).

    ``outcomes`` are the model's outcome labels: a leading ``<outcome>:`` (the
    multinomial parameter layout) is kept and the rest relabelled.
    """
    if not labels or "|" in name:
        return name
    if name in labels:
        return labels[name]
    head, sep, rest = name.partition(":")
    if sep and head in outcomes:
        return f"{head}: {reader_label(rest, labels)}"
    parts = name.split(":")
    return " × ".join(_part(part, labels) for part in parts)
