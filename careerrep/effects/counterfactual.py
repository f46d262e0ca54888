"""Counterfactual data: change some columns of the cases, keep derived signals consistent.

A contrast such as "+1,000 mentions" or "social share 0.3 -> 0.7" is stated in
the units a reader understands, but the model may use a transform of them
(``log_mentions_per_day``, ``logratio_social_mass``). So a change is applied
to the *data*, the derived signal columns are recomputed from the changed
ones, and the model's predictors are rebuilt from the result with the model's
own formula. Only the derived columns present in the frame are recomputed:

================================  ============================================
changed column(s)                 recomputed
================================  ============================================
``mentions`` or ``days``          ``mentions_per_day``, ``log_mentions_per_day``
``mentions_per_day``              ``log_mentions_per_day``
``social_share``                  ``mass_media_share = 1 - social_share``, ``logratio_social_mass``
``mass_media_share``              ``social_share = 1 - mass_media_share``, ``logratio_social_mass``
a ``sentiment_*`` share           ``net_sentiment = positive - negative``
================================  ============================================

(``social_share`` and ``mass_media_share`` together are a two-part
composition; changing both at once keeps both as given.)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from careerrep.errors import ModelSpecError

Changes = Mapping[str, Any] | Callable[[pd.DataFrame], pd.DataFrame]

SHARE_COLUMNS = (
    "social_share",
    "mass_media_share",
    "sentiment_positive",
    "sentiment_neutral",
    "sentiment_negative",
    "comment_negative_share",
    "comment_neutral_share",
    "comment_positive_share",
)


def set_column(frame: pd.DataFrame, column: str, value: Any) -> pd.Series:
    """``value`` (scalar, array or function of the column) as a column like ``frame[column]``.

    Categorical columns keep their categories, so the model's coding of the
    levels does not change; a value that is not one of them is an error.
    """
    if column not in frame.columns:
        raise ModelSpecError(f"cannot change column {column!r}: it is not in the data")
    old = frame[column]
    new = value(old) if callable(value) else value
    if isinstance(old.dtype, pd.CategoricalDtype):
        values = pd.Series(new if np.ndim(new) else [new] * len(frame), index=frame.index)
        unknown = set(values.dropna().unique()) - set(old.cat.categories)
        if unknown:
            raise ModelSpecError(
                f"{column} = {sorted(map(str, unknown))} is not a level of {column!r} "
                f"(levels {list(map(str, old.cat.categories))})"
            )
        return pd.Series(pd.Categorical(values, dtype=old.dtype), index=frame.index, name=column)
    return pd.Series(new, index=frame.index, name=column)


def recompute_signals(frame: pd.DataFrame, changed: set[str]) -> pd.DataFrame:
    """Recompute the derived signal columns that depend on ``changed`` columns (see module doc)."""
    out = frame.copy()
    columns = set(out.columns)

    def derived(column: str, sources: set[str]) -> bool:
        """Recompute ``column``: it exists, was not set by hand, and a source changed."""
        return column in columns and column not in changed and bool(changed & sources)

    if {"mentions", "days"} <= columns and derived("mentions_per_day", {"mentions", "days"}):
        out["mentions_per_day"] = out["mentions"] / out["days"]
        changed = changed | {"mentions_per_day"}
    if derived("log_mentions_per_day", {"mentions_per_day"}):
        with np.errstate(divide="ignore", invalid="ignore"):
            out["log_mentions_per_day"] = np.log(out["mentions_per_day"].astype(float))
    pair = {"social_share", "mass_media_share"}
    if len(changed & pair) == 1 and pair <= columns:
        (given,) = changed & pair
        (other,) = pair - {given}
        out[other] = 1.0 - out[given]
    if pair <= columns and derived("logratio_social_mass", pair):
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = out["social_share"].astype(float) / out["mass_media_share"].astype(float)
            out["logratio_social_mass"] = np.log(ratio)
    tones = {"sentiment_positive", "sentiment_negative"}
    if tones <= columns and derived("net_sentiment", tones):
        out["net_sentiment"] = out["sentiment_positive"] - out["sentiment_negative"]
    _check_shares(out, changed)
    return out


def _check_shares(frame: pd.DataFrame, changed: set[str]) -> None:
    for column in SHARE_COLUMNS:
        if column not in frame.columns:
            continue
        values = pd.to_numeric(frame[column], errors="coerce").to_numpy(dtype=float)
        bad = int(np.sum((values < 0) | (values > 1)))
        if bad:
            raise ModelSpecError(
                f"the change to {sorted(changed)} leaves {column} outside [0, 1] in {bad} of "
                f"{len(frame)} cases (e.g. {values[(values < 0) | (values > 1)][0]:.3g})"
            )


def apply_changes(frame: pd.DataFrame, changes: Changes | None, recompute: bool = True) -> pd.DataFrame:
    """A copy of ``frame`` with ``changes`` applied and derived signals recomputed.

    Parameters
    ----------
    frame
        The cases (one row each).
    changes
        ``{column: value}`` where a value is a scalar (set every case), an array
        (one per case) or a function of the old column (``lambda m: m + 1000``);
        or a function ``frame -> frame`` for anything else. None: no change.
    recompute
        Recompute derived signal columns (module doc) from the changed ones.

    Returns
    -------
    pandas.DataFrame
        Same index and columns as ``frame``.
    """
    if changes is None:
        return frame
    if callable(changes):
        before = frame.copy()
        out = changes(frame.copy())
        if not isinstance(out, pd.DataFrame) or len(out) != len(frame):
            raise ModelSpecError("a changes function must return a DataFrame with the same rows")
        changed = {c for c in out.columns if c not in before.columns or not out[c].equals(before[c])}
    elif isinstance(changes, Mapping):
        out = frame.copy()
        for column, value in changes.items():
            out[column] = set_column(frame, column, value)
        changed = set(changes)
    else:
        raise ModelSpecError(f"changes must be a dict or a function, got {type(changes).__name__}")
    return recompute_signals(out, changed) if recompute else out


def describe_changes(changes: Changes | None) -> str:
    """A short readable description of ``changes`` for table labels."""
    if changes is None:
        return "observed"
    if callable(changes):
        return str(getattr(changes, "label", getattr(changes, "__name__", "custom change")))
    parts = []
    for column, value in changes.items():
        if callable(value):
            parts.append(f"{column}: {getattr(value, 'label', 'changed')}")
        elif np.ndim(value):
            parts.append(f"{column}: per-case values")
        else:
            parts.append(f"{column} = {value:g}" if isinstance(value, float) else f"{column} = {value}")
    return ", ".join(parts)
