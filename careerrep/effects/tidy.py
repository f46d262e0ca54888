"""The fixed column layout of every effects table.

Every effects function returns the core columns below, in this order, for
MLE and posterior results alike (columns that do not apply hold NaN), then
its own extra columns, which are also always present. So code that reads an
effects frame never has to ask which estimator produced it.

======================  =========================================================
term                    the variable or coefficient
outcome                 the outcome probability (or odds) the effect is about
estimate                MLE: estimate; posterior: posterior mean
std_error               MLE: delta-method SE; posterior: sd of the effect's draws
lower, upper            interval bounds (kind and level in ``interval``)
interval                e.g. ``"Wald 95%"``, ``"HDI 95%"``, ``"ETI 90%"``
p_value                 MLE: two-sided Wald p-value against no effect; posterior: NaN
p_direction             posterior probability of direction; MLE: NaN
p_beyond_rope           posterior probability outside the ROPE; NaN without a ROPE or for MLE
======================  =========================================================
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from careerrep.effects.intervals import Summary

CORE_COLUMNS = (
    "term",
    "outcome",
    "estimate",
    "std_error",
    "lower",
    "upper",
    "interval",
    "p_value",
    "p_direction",
    "p_beyond_rope",
)


def tidy_frame(
    terms: Sequence[str],
    outcomes: Sequence[str],
    summary: Summary,
    extras: Mapping[str, Sequence[Any]],
    extra_columns: Sequence[str],
) -> pd.DataFrame:
    """Assemble an effects frame: core columns then ``extra_columns`` (all always present)."""
    data: dict[str, Any] = {
        "term": list(terms),
        "outcome": list(outcomes),
        "estimate": summary.estimate,
        "std_error": summary.std_error,
        "lower": summary.lower,
        "upper": summary.upper,
        "interval": [summary.interval] * len(terms),
        "p_value": summary.p_value,
        "p_direction": summary.p_direction,
        "p_beyond_rope": summary.p_beyond_rope,
    }
    for column in extra_columns:
        data[column] = list(extras[column])
    return pd.DataFrame(data, columns=[*CORE_COLUMNS, *extra_columns])


def empty_frame(extra_columns: Sequence[str]) -> pd.DataFrame:
    """An effects frame with no rows but the full column layout."""
    return pd.DataFrame(columns=[*CORE_COLUMNS, *extra_columns])
