"""Nominal and scale terms: from ``nominal="~ x"`` / ``scale="~ z"`` to matrices.

The location formula goes through :func:`careerrep.models.design.build_design`
as for :class:`~careerrep.OrdinalModel`; this module reads the two extra
one-sided formulas (R ``clm``'s ``nominal =`` and ``scale =``, VGAM's
``parallel = FALSE ~ x``) on the same rows, refuses terms that are not in the
data or that alias, and keeps what is needed to rebuild the matrices for new
data.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from formulaic import Formula, ModelSpec, model_matrix

from careerrep.errors import MissingDataWarning, ModelSpecError
from careerrep.models.design import (
    Design,
    PredictorSpec,
    aliased_columns,
    as_frame,
    build_design,
    read_only_copy,
)


@dataclass(frozen=True)
class ExtraTerms:
    """One extra one-sided formula (``nominal`` or ``scale``) and its columns.

    Attributes
    ----------
    role
        ``"nominal"`` or ``"scale"`` (used in messages).
    formula
        The formula as given, normalised to ``"~ rhs"``; ``None`` when absent.
    names
        formulaic column names, without the intercept.
    model_spec
        formulaic spec to rebuild the columns for new data (None when absent).
    """

    role: str
    formula: str | None
    names: tuple[str, ...]
    model_spec: ModelSpec | None

    def matrix(self, frame: pd.DataFrame) -> np.ndarray:
        """``(len(frame), len(names))`` float64 columns for ``frame`` (no intercept)."""
        if self.model_spec is None:
            return np.zeros((len(frame), 0))
        missing = sorted(str(v) for v in self.model_spec.required_variables if v not in frame.columns)
        if missing:
            raise ModelSpecError(
                f"the new data lack the {self.role} column(s) {missing} (from {self.formula})"
            )
        # The location predictors' checks: missing values and unseen levels refused by name
        # (formulaic alone only warns about an unseen level and encodes it as the reference).
        try:
            return PredictorSpec(self.model_spec, drop_intercept=True).design_matrix(frame)
        except ModelSpecError as exc:
            raise ModelSpecError(
                f"cannot build the {self.role} columns {self.formula} for the new data: {exc}"
            ) from None


def _rhs(spec: str | None, role: str) -> str | None:
    if spec is None:
        return None
    if not isinstance(spec, str) or not spec.strip():
        raise ModelSpecError(f"{role}= must be a one-sided formula such as '~ contact', got {spec!r}")
    text = spec.strip()
    if "~" in text:
        lhs, text = text.split("~", 1)
        if lhs.strip():
            raise ModelSpecError(f"{role}= must be one-sided ('~ terms'), got {spec!r}")
    return text.strip() or None


def _variables(rhs: str, role: str, frame: pd.DataFrame) -> list[str]:
    try:
        needed = sorted(Formula(rhs).required_variables)
    except Exception as exc:  # formulaic's parse errors come in several types
        raise ModelSpecError(f"cannot parse {role}= '~ {rhs}': {exc}") from exc
    missing = [str(v) for v in needed if v not in frame.columns]
    if missing:
        raise ModelSpecError(
            f"{role} term {missing[0]!r} (in {role}='~ {rhs}') is not in the data; "
            f"columns are {list(frame.columns)}"
        )
    return [str(v) for v in needed]


def build_split_design(
    formula: str,
    data: Any,
    *,
    nominal: str | None,
    scale: str | None,
    weights: Any,
    levels: Sequence[Any] | None,
    allow_scale: bool,
    what: str,
) -> tuple[pd.DataFrame, Design, PredictorSpec, ExtraTerms, ExtraTerms, np.ndarray, np.ndarray]:
    """Location design plus the nominal (``N``) and scale (``Z``) matrices on the same rows.

    Returns the model's own copy of the input frame (every row, only the
    columns the formula, ``nominal=``, ``scale=`` and weights use; see
    :func:`~careerrep.models.design.read_only_copy`), the location ``Design`` and its ``PredictorSpec``,
    the nominal and scale :class:`ExtraTerms`, and the ``N`` and ``Z`` matrices.

    Raises
    ------
    ModelSpecError
        A nominal/scale term not in the data, ``scale=`` for a family without
        one (``allow_scale=False``), a term both in the formula and in
        ``nominal=``, aliased columns, or an unordered outcome (``what`` names
        the family in the message).
    """
    frame = as_frame(data)
    nominal_rhs, scale_rhs = _rhs(nominal, "nominal"), _rhs(scale, "scale")
    if scale_rhs is not None and not allow_scale:
        raise ModelSpecError(
            f"scale= is not available for the {what} model (only the cumulative model has it)"
        )
    extra_vars = []
    for rhs, role in ((nominal_rhs, "nominal"), (scale_rhs, "scale")):
        if rhs is not None:
            extra_vars += _variables(rhs, role, frame)
    keep = frame[sorted(set(extra_vars))].notna().all(axis=1).to_numpy() if extra_vars else None
    used = frame
    if keep is not None and not keep.all():
        gaps = [c for c in sorted(set(extra_vars)) if frame[c].isna().any()]
        warnings.warn(
            f"dropped {int((~keep).sum())} of {len(frame)} rows with missing values in {gaps}",
            MissingDataWarning,
            stacklevel=3,
        )
        used = frame.loc[keep]
        if weights is not None and not isinstance(weights, str):
            array = np.asarray(weights, dtype=np.float64)
            weights = array[keep] if array.shape == (len(frame),) else array
    try:
        design, predictors = build_design(formula, used, family="ordinal", weights=weights, levels=levels)
    except ModelSpecError as exc:
        if "unordered" in str(exc):
            raise ModelSpecError(f"the {what} model needs an ordered outcome: {exc}") from exc
        raise
    # The rows the location design kept (all of them, usually: then no copy of the frame).
    rows = frame if design.row_index.equals(frame.index) else frame.loc[design.row_index]
    nominal_terms, N = _extra(nominal_rhs, "nominal", rows)
    scale_terms, Z = _extra(scale_rhs, "scale", rows)
    both = [name for name in nominal_terms.names if name in design.coef_names]
    if both:
        raise ModelSpecError(
            f"nominal term {both[0]!r} is also in the formula; a term is either parallel (formula) "
            f"or category-specific (nominal=), so drop it from the formula"
        )
    root_w = np.sqrt(design.weights)[:, None]
    for terms, M, base, base_names in (
        (nominal_terms, N, design.X, ("(thresholds)", *design.coef_names)),
        (scale_terms, Z, design.X[:, :0], ("(constant scale)",)),
    ):
        if M.shape[1]:
            # [1, base, M] weighted by sqrt(w), built once (this runs on every row).
            stacked = np.empty((len(M), 1 + base.shape[1] + M.shape[1]))
            stacked[:, :1] = 1.0
            stacked[:, 1 : 1 + base.shape[1]] = base
            stacked[:, 1 + base.shape[1] :] = M
            stacked *= root_w
            aliased = [n for n in aliased_columns(stacked, [*base_names, *terms.names]) if n in terms.names]
            if aliased:
                raise ModelSpecError(
                    f"{terms.role} term {aliased[0]!r} is a linear combination of earlier columns "
                    f"{list(base_names)}; drop it from {terms.role}="
                )
    held = read_only_copy(frame, (*design.columns, *extra_vars))
    return held, design, predictors, nominal_terms, scale_terms, N, Z


def _extra(rhs: str | None, role: str, rows: pd.DataFrame) -> tuple[ExtraTerms, np.ndarray]:
    if rhs is None:
        return ExtraTerms(role, None, (), None), np.zeros((len(rows), 0))
    try:
        mm = model_matrix(rhs, rows, na_action="raise")
    except Exception as exc:
        raise ModelSpecError(f"cannot build {role} columns from '~ {rhs}': {exc}") from exc
    columns = list(mm.model_spec.column_names)
    names = tuple(n for n in columns if n != "Intercept")
    terms = ExtraTerms(role, f"~ {rhs}", names, mm.model_spec)
    values = np.asarray(mm, dtype=np.float64)
    if "Intercept" in columns:
        values = np.delete(values, columns.index("Intercept"), axis=1)
    # The fitting rows' matrix as formulaic built it (rows with missing values were dropped
    # before); terms.matrix rebuilds it, with the new-data checks, for predictions.
    return terms, np.ascontiguousarray(values)
