"""Shares that sum to one (source mix, sentiment) in models and in effects.

A composition such as (social share, mass-media share) has one degree of
freedom per part beyond the first, and the natural coordinates for a model
are log-ratios (Aitchison): ``log(social / mass)``. Readers, however, think in
shares, so careerrep offers both halves:

* :func:`logratio` for formulas: ``"outcome ~ logratio(social_share,
  mass_media_share)"``. Importing :mod:`careerrep.effects` registers it as a
  formulaic transform; ``np.log(social_share / mass_media_share)`` is the
  same thing without the registration (and ``logratio_social_mass`` is the
  ready-made signal column).
* :func:`shift_share` for effects: "move 10 points of coverage from mass
  media to social networks" as a change to the cases' shares, after which the
  model's log-ratio is recomputed from the new shares by the model's formula
  (or by :mod:`careerrep.effects.counterfactual` for the signal column).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from formulaic.transforms import TRANSFORMS

from careerrep.errors import ModelSpecError


def logratio(numerator: Any, denominator: Any) -> Any:
    """Natural log of ``numerator / denominator`` (an additive log-ratio of two shares).

    Zero shares give ``-inf``/``inf``; the model's design then refuses them,
    which is right: a log-ratio model says nothing about a composition with a
    zero part.
    """
    with np.errstate(divide="ignore"):
        return np.log(np.asarray(numerator, dtype=np.float64) / np.asarray(denominator, dtype=np.float64))


# Make ``logratio(a, b)`` usable inside formulaic formulas everywhere.
TRANSFORMS.setdefault("logratio", logratio)


class ShareShift:
    """A change that moves ``amount`` of share from one part of a composition to another.

    Used as ``changes=`` in :func:`careerrep.effects.contrast`. With
    ``amount = 0.10``, ``from_column="mass_media_share"`` and
    ``to_column="social_share"``, every case's social share rises by 10
    points and its mass-media share falls by 10 points; derived columns
    (``logratio_social_mass``) are recomputed afterwards.
    """

    def __init__(self, from_column: str, to_column: str, amount: float, clip: bool = False) -> None:
        if not 0.0 < amount < 1.0:
            raise ModelSpecError(f"amount = {amount!r} must be a share in (0, 1), e.g. 0.10")
        if from_column == to_column:
            raise ModelSpecError("shift_share needs two different columns")
        self.from_column = from_column
        self.to_column = to_column
        self.amount = float(amount)
        self.clip = clip
        self.label = f"{100 * self.amount:g} points from {from_column} to {to_column}"

    def __call__(self, frame: pd.DataFrame) -> pd.DataFrame:
        """The shifted frame (raises if a case has less than ``amount`` to give, unless ``clip``)."""
        for column in (self.from_column, self.to_column):
            if column not in frame.columns:
                raise ModelSpecError(f"cannot shift share: column {column!r} is not in the data")
        source = frame[self.from_column].astype(float)
        moved = np.minimum(source, self.amount) if self.clip else pd.Series(self.amount, index=frame.index)
        short = int((source < self.amount).sum())
        if short and not self.clip:
            raise ModelSpecError(
                f"{short} of {len(frame)} cases have {self.from_column} below {self.amount:g}; "
                f"use a smaller amount or clip=True (moves what there is)"
            )
        out = frame.copy()
        out[self.from_column] = source - moved
        out[self.to_column] = frame[self.to_column].astype(float) + moved
        if (out[self.to_column] > 1.0 + 1e-12).any():
            raise ModelSpecError(f"shifting {self.amount:g} pushes {self.to_column} above 1")
        return out


def shift_share(from_column: str, to_column: str, amount: float, clip: bool = False) -> ShareShift:
    """A counterfactual change moving ``amount`` (a share, 0.10 = 10 points) between two parts.

    Parameters
    ----------
    from_column, to_column
        Share columns of the same composition (e.g. ``"mass_media_share"``,
        ``"social_share"``).
    amount
        Share moved per case, in (0, 1).
    clip
        If a case has less than ``amount`` in ``from_column``, move what it has
        instead of raising.

    Returns
    -------
    ShareShift
        A callable ``frame -> frame`` usable as ``changes=`` in :func:`~careerrep.effects.contrast`.
    """
    return ShareShift(from_column, to_column, amount, clip)
