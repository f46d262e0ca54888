"""Which model class each ``--model`` and ``--family`` name builds, and what it accepts.

The command line looks a name up here and asks the entry; it never compares
model or family names itself. A new model reaches ``careerrep fit`` by adding
one entry (the classes are imported on first use, so ``--help`` stays fast).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any

from careerrep.errors import ModelSpecError


def _class_at(path: str) -> type:
    """The class at ``"module:Class"`` (imported when first asked for)."""
    module, name = path.split(":")
    cls: type = getattr(importlib.import_module(module), name)
    return cls


@dataclass(frozen=True)
class ModelEntry:
    """What ``--model NAME`` builds.

    Attributes
    ----------
    path
        ``"module:Class"`` of the model class.
    takes_link
        The class has a ``link=`` option (``--link``); otherwise only the logit link.
    binary
        Fits a two-level outcome (the model of ``--event``).
    refinable
        ``--family`` may replace it by an ordinal family beyond proportional odds.
    """

    path: str
    takes_link: bool
    binary: bool
    refinable: bool

    def build(self, name: str, formula: str, data: Any, link: str, levels: Any) -> Any:
        """The model on ``data``; a ``--link`` the class has no option for is refused, not ignored."""
        cls = _class_at(self.path)
        if self.takes_link:
            return cls(formula, data, link=link, levels=levels)
        if link != "logit":
            raise ModelSpecError(
                f"--link {link} applies to ordinal models only; the {name} model has the logit link"
            )
        return cls(formula, data, levels=levels)


MODELS: dict[str, ModelEntry] = {
    "ordinal": ModelEntry(
        "careerrep.models.ordinal:OrdinalModel", takes_link=True, binary=False, refinable=True
    ),
    "logit": ModelEntry("careerrep.models.logit:LogitModel", takes_link=False, binary=True, refinable=False),
    "multinomial": ModelEntry(
        "careerrep.models.multinomial:MultinomialModel",
        takes_link=False,
        binary=False,
        refinable=False,
    ),
}
#: ``--model`` when none is given, without and with ``--event``.
DEFAULT_MODEL = "ordinal"
EVENT_MODEL = "logit"


@dataclass(frozen=True)
class FamilyEntry:
    """What ``--family NAME`` builds (an ordinal family fitted by ML).

    Attributes
    ----------
    path
        ``"module:Class"`` of the model class.
    options
        Fixed keyword arguments of the class for this name (``kind="cratio"``).
    takes_scale
        The family has log-scale terms (``--scale``).
    """

    path: str
    options: tuple[tuple[str, str], ...] = ()
    takes_scale: bool = False

    def build(
        self,
        formula: str,
        data: Any,
        link: str,
        nominal: str | None,
        scale: str | None,
        levels: Any = None,
    ) -> Any:
        """The model on ``data`` (``nominal``/``scale`` are one-sided formulas or None; ``levels``
        the outcome order, low to high, or None to read it from the outcome)."""
        extra: dict[str, Any] = dict(self.options)
        if self.takes_scale:
            extra["scale"] = scale
        return _class_at(self.path)(formula, data, link=link, nominal=nominal, levels=levels, **extra)


_SEQUENTIAL = "careerrep.models.sequential:SequentialModel"
FAMILIES: dict[str, FamilyEntry] = {
    "cumulative": FamilyEntry("careerrep.models.cumulative_general:CumulativeModel", takes_scale=True),
    "cratio": FamilyEntry(_SEQUENTIAL, options=(("kind", "cratio"),)),
    "sratio": FamilyEntry(_SEQUENTIAL, options=(("kind", "sratio"),)),
    "acat": FamilyEntry("careerrep.models.adjacent:AdjacentModel"),
}
