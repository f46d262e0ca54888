"""Ordered career outcomes.

An :class:`OutcomeScale` is the ordered list of outcome labels a study uses,
from worst to best for the official. The default, :data:`CAREER_SCALE`, is the
one the motivating study implies: ``fired < resigned < retained < promoted``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import pandas as pd

from careerrep.errors import OutcomeScaleError as OutcomeScaleError  # its home is errors.py


def _has_surrogate(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


@dataclass(frozen=True, init=False)
class OutcomeScale:
    """Ordered outcome labels, low to high.

    Parameters
    ----------
    labels
        At least two distinct, non-empty strings, lowest first.

    Examples
    --------
    >>> scale = OutcomeScale(["fired", "resigned", "retained", "promoted"])
    >>> scale.code("retained")
    2
    """

    labels: tuple[str, ...]

    def __init__(self, labels: Iterable[str]) -> None:
        if isinstance(labels, str | bytes) or not isinstance(labels, Iterable):
            # tuple("abc") would quietly make the scale a < b < c.
            raise OutcomeScaleError(f"an outcome scale is a list of labels, not {labels!r}")
        labels = tuple(labels)
        if len(labels) < 2:
            raise OutcomeScaleError(f"an outcome scale needs at least two labels, got {labels!r}")
        for label in labels:
            if not isinstance(label, str) or not label.strip():
                raise OutcomeScaleError(f"outcome labels must be non-empty strings, got {label!r}")
            if "\x00" in label or _has_surrogate(label):
                raise OutcomeScaleError(f"outcome label {label!r} holds a NUL or a lone surrogate")
        if len(set(labels)) != len(labels):
            raise OutcomeScaleError(f"outcome labels must be distinct, got {labels!r}")
        object.__setattr__(self, "labels", labels)

    def __len__(self) -> int:
        return len(self.labels)

    def __iter__(self) -> Iterator[str]:
        return iter(self.labels)

    def __contains__(self, label: object) -> bool:
        return label in self.labels

    def code(self, label: str) -> int:
        """Position of ``label`` on the scale (0 = lowest)."""
        try:
            return self.labels.index(label)
        except ValueError:
            raise OutcomeScaleError(
                f"outcome {label!r} is not on the scale {' < '.join(self.labels)}"
            ) from None

    @property
    def thresholds(self) -> tuple[str, ...]:
        """Threshold names between adjacent labels, as R prints them (``"fired|resigned"``)."""
        return tuple(f"{lo}|{hi}" for lo, hi in zip(self.labels[:-1], self.labels[1:], strict=True))

    @property
    def dtype(self) -> pd.CategoricalDtype:
        """The ordered pandas dtype whose categories are this scale's labels."""
        return pd.CategoricalDtype(categories=list(self.labels), ordered=True)

    def categorical(self, values: Iterable[str | None]) -> pd.Categorical:
        """Labels (or ``None`` for unknown) as an ordered pandas Categorical on this scale.

        Raises :class:`OutcomeScaleError` for a label that is not on the scale
        instead of silently turning it into a missing value.
        """
        values = list(values)
        for value in values:
            is_missing = value is None or (isinstance(value, float) and value != value)
            if not is_missing and value not in self.labels:
                self.code(value)  # type: ignore[arg-type]  # raises, naming the scale
        return pd.Categorical(values, dtype=self.dtype)

    def __str__(self) -> str:
        return " < ".join(self.labels)


CAREER_SCALE = OutcomeScale(["fired", "resigned", "retained", "promoted"])
"""The default career scale: fired < resigned < retained < promoted."""
