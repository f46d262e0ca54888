"""From a formula and a table to model-ready arrays.

``build_design`` turns ``"outcome ~ predictors"`` and a DataFrame (or anything
with a ``signals()`` method returning one, such as a ``CaseTable``) into a
frozen :class:`Design`: the predictor matrix, the outcome as integer codes
into its ordered labels, frequency weights and random-intercept groupings.
The right-hand side is handled by formulaic, so categorical predictors,
interactions and transforms follow formulaic's rules and names
(``temp[T.warm]``). The outcome is read here, not by formulaic, because each
family needs its own notion of outcome order (see ``outcome_levels``).

Random-intercept terms ``(1|name)`` are cut out of the formula before
formulaic sees it; the MLE estimators refuse them, the Bayesian sampler uses
them.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from formulaic import Formula, ModelSpec, model_matrix
from formulaic.errors import DataMismatchWarning

from careerrep._warn import warn as warn_user
from careerrep.errors import MissingDataWarning, ModelSpecError
from careerrep.models.family import Family

#: What the design reads from a family before any family instance exists.
FamilyRules = type[Family]

_CATEGORICAL_CALL = re.compile(r"^C\(\s*([A-Za-z_][\w.]*)\s*[,)]")

# Relative squared residual norm below which a column counts as a linear
# combination of earlier ones (R's lm uses 1e-7 on norms; the Gram matrix
# squares the condition number, so its square 1e-14 would be lost in rounding).
_ALIAS_TOL = 1e-10


@dataclass(frozen=True)
class Design:
    """Model-ready arrays built from a formula and a table.

    Attributes
    ----------
    X
        ``(n, p)`` float64 predictors. Ordinal models have no intercept column
        (the thresholds absorb it); logit and multinomial models include
        ``"Intercept"`` when the formula has one.
    y
        ``(n,)`` int64 outcome codes ``0..K-1`` into ``labels``.
    weights
        ``(n,)`` float64 frequency weights (ones if none were given).
    coef_names
        formulaic column names of ``X``, e.g. ``"temp[T.warm]"``.
    labels
        Outcome labels in order (low to high for ordinal outcomes; for a
        binary outcome the second label is the event coded 1).
    groups
        Random-intercept terms ``"(1|country)"`` -> (integer code per row,
        level names); empty if the formula has none. ``(1|a/b)`` gives
        ``"(1|a)"`` and ``"(1|a:b)"`` (the combination of ``a`` and ``b``).
    row_index
        Index labels of the input rows used (after dropping missing values).
    n_dropped
        Number of input rows dropped because a needed variable was missing.
    random_slopes
        Random terms with slopes, ``"(1 + x|g)"``: fitted by maximum
        likelihood (``careerrep.models.mixed``) only, so not in ``groups``.
    columns
        The input columns the design read: the outcome, the predictors'
        variables, the random-term columns and a weights column (by name).

    The arrays are read-only: a model and every result fitted from it share them.
    """

    X: np.ndarray
    y: np.ndarray
    weights: np.ndarray
    coef_names: tuple[str, ...]
    labels: tuple[str, ...]
    groups: Mapping[str, tuple[np.ndarray, tuple[str, ...]]]
    row_index: pd.Index
    n_dropped: int
    random_slopes: tuple[str, ...] = ()
    columns: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        for array in (self.X, self.y, self.weights, *(codes for codes, _ in self.groups.values())):
            array.flags.writeable = False


@dataclass(frozen=True)
class PredictorSpec:
    """What is needed to rebuild the predictor matrix for new data."""

    model_spec: ModelSpec
    drop_intercept: bool

    def design_matrix(self, newdata: Any) -> np.ndarray:
        """Predictor matrix for ``newdata`` with the fitted model's columns.

        Parameters
        ----------
        newdata
            DataFrame (or object with ``signals()``) holding the predictor
            columns; the outcome column is not needed.

        Returns
        -------
        numpy.ndarray
            ``(len(newdata), p)`` float64, same columns as ``Design.X``.

        Raises
        ------
        ModelSpecError
            A predictor column is missing, holds a missing or infinite value,
            or holds a factor level the model never saw (naming the column,
            the level and the known levels), rather than formulaic's warning
            and a silent reference-level prediction.
        """
        frame = as_frame(newdata)
        self._check_new_data(frame)
        with warnings.catch_warnings():
            warnings.simplefilter("error", DataMismatchWarning)
            try:
                mm = self.model_spec.get_model_matrix(frame, na_action="raise")
            except DataMismatchWarning as exc:  # a level our own check did not catch
                raise ModelSpecError(f"new data do not match the fitted predictors: {exc}") from None
            except Exception as exc:  # formulaic's evaluation errors come in several types
                raise ModelSpecError(f"cannot build predictors for new data: {exc}") from exc
        names = list(mm.model_spec.column_names)
        X = np.asarray(mm, dtype=np.float64)
        if self.drop_intercept and "Intercept" in names:
            X = np.delete(X, names.index("Intercept"), axis=1)
        return np.ascontiguousarray(X)

    def _check_new_data(self, frame: pd.DataFrame) -> None:
        """Refuse missing columns, missing values and unseen levels, by name."""
        needed = sorted(v for v in self.model_spec.required_variables if _is_data_variable(v))
        absent = [v for v in needed if v not in frame.columns]
        if absent:
            raise ModelSpecError(
                f"new data lack the predictor columns {absent}; they have {list(frame.columns)}"
            )
        for column in needed:
            values = frame[column]
            if values.isna().any():
                rows = list(frame.index[values.isna().to_numpy()][:5])
                raise ModelSpecError(f"new data: predictor {column!r} is missing in rows {rows}")
        for key, (kind, state) in self.model_spec.encoder_state.items():
            if getattr(kind, "value", kind) != "categorical" or "categories" not in state:
                continue
            match = _CATEGORICAL_CALL.match(key)
            column = key if key in frame.columns else (match.group(1) if match else None)
            if column is None or column not in frame.columns:
                continue
            known = list(state["categories"])
            values = frame[column]
            unseen = values[~values.isin(known)].unique()
            if len(unseen):
                raise ModelSpecError(
                    f"new data: {column} = {unseen[0]!r} is a level the model never saw; "
                    f"known levels of {column!r}: {known}"
                )


def _is_data_variable(name: str) -> bool:
    """formulaic lists transforms (``np``, ``C``) among required variables; keep data columns."""
    return name not in {"np", "C", "center", "scale", "standardize", "poly", "bs", "log", "exp"}


def read_only_copy(frame: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
    """The model's own copy of ``frame``: every row, but only ``columns`` (those the model uses).

    The sources of derived signal columns among them (``mentions`` and ``days``
    for ``log_mentions_per_day``, see :data:`careerrep.signals.SIGNAL_SOURCES`)
    are kept too: counterfactual contrasts change a source and recompute.

    Changing the caller's data after construction then cannot change a model
    or a fitted result's effects and predictions, and a wide table's unused
    columns are not kept alive by the model. (pandas' copy-on-write hands out
    the copy's columns as read-only arrays; the model never writes to them.)
    """
    from careerrep.signals import SIGNAL_SOURCES

    sources = [c for column in columns for c in SIGNAL_SOURCES.get(column, ()) if c in frame.columns]
    kept = list(dict.fromkeys([*columns, *sources]))  # in order, once each
    return frame.loc[:, kept].copy(deep=True)


def family_class(family: type[Family] | str) -> type[Family]:
    """The family class for a class or a family name (``"ordinal"``, ``"logit"``, ``"multinomial"``)."""
    if isinstance(family, type) and issubclass(family, Family):
        return family
    from careerrep.models.families import FAMILIES

    if isinstance(family, str) and family in FAMILIES:
        return FAMILIES[family]
    raise ModelSpecError(f"family must be a Family class or one of {sorted(FAMILIES)}, got {family!r}")


def as_frame(data: Any) -> pd.DataFrame:
    """``data`` itself if a DataFrame, else ``data.signals()`` (a CaseTable)."""
    if isinstance(data, pd.DataFrame):
        return data
    signals = getattr(data, "signals", None)
    if callable(signals):
        frame = signals()
        if isinstance(frame, pd.DataFrame):
            return frame
    raise ModelSpecError(
        f"data must be a pandas DataFrame or have a signals() method returning one, got {type(data).__name__}"
    )


def split_random_intercepts(formula: str) -> tuple[str, tuple[str, ...]]:
    """Remove every random term (``(1|g)``, ``(1|a/b)``, ``(1 + x|g)``) from ``formula``.

    Returns the fixed-effects formula and the group names of the terms
    (``"a:b"`` for a nested level), in formula order.
    """
    # Lazy: careerrep.models.mixed builds its designs with this module.
    from careerrep.models.mixed.terms import split_random_terms

    rest, specs = split_random_terms(formula)
    return rest, tuple(spec.group for spec in specs)


def outcome_levels(values: pd.Series, family: FamilyRules, levels: Sequence[Any] | None) -> list[Any]:
    """The ordered list of outcome values for ``family`` (its ``ordered`` rule decides).

    ``levels`` wins when given. Otherwise: an ordered Categorical uses its
    order; numbers use their sorted values; a binary (``"logit"``) or
    ``"multinomial"`` outcome may also be an unordered Categorical (its
    category order) or strings (sorted, as R's ``factor`` does). An ordinal
    outcome of unordered strings has no order to read, so that is an error.
    """
    if levels is not None:
        return list(levels)
    dtype = values.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        if family.ordered and not dtype.ordered:
            raise ModelSpecError(
                f"outcome {values.name!r} is an unordered Categorical; make it ordered or "
                f"pass levels=[...] low to high"
            )
        return list(dtype.categories)
    if pd.api.types.is_bool_dtype(dtype):
        return [False, True]
    if pd.api.types.is_numeric_dtype(dtype):
        found = sorted(pd.unique(values.dropna()))
        if family.max_categories != 2:  # ordinal, multinomial: categories, not measurements
            _refuse_measurement_outcome(values, family.name or family.__name__, found)
        return found
    if family.ordered:
        raise ModelSpecError(
            f"outcome {values.name!r} holds unordered values {sorted(map(str, values.dropna().unique()))}; "
            f"pass levels=[...] low to high or use an ordered pandas Categorical"
        )
    return sorted(pd.unique(values.dropna()), key=str)


# More distinct integer values than this in an ordinal or multinomial outcome is
# read as a count (mentions, days), not as categories, unless levels= says otherwise.
MAX_IMPLICIT_INTEGER_LEVELS = 10


def _refuse_measurement_outcome(values: pd.Series, family: str, found: list[Any]) -> None:
    """A float, or an integer with many values, is a measurement: refuse it as categories."""
    shown = ", ".join(f"{v:g}" for v in found[:4]) + (", ..." if len(found) > 4 else "")
    hint = (
        f"pass levels=[...] (low to high) to treat its values as ordered categories, or put a "
        f"{family} outcome (a Categorical or labels) left of '~'"
    )
    if pd.api.types.is_float_dtype(values.dtype):
        raise ModelSpecError(
            f"outcome {values.name!r} is a float column ({len(found)} distinct values: {shown}); "
            f"a {family} model needs categories: {hint}"
        )
    if len(found) > MAX_IMPLICIT_INTEGER_LEVELS:
        raise ModelSpecError(
            f"outcome {values.name!r} is an integer column with {len(found)} distinct values "
            f"({shown}), which looks like a count, not {family} categories: {hint}"
        )


def _code_outcome(values: pd.Series, levels: list[Any]) -> np.ndarray:
    dtype = values.dtype
    if isinstance(dtype, pd.CategoricalDtype) and list(dtype.categories) == levels:
        # Already coded in the wanted order (the usual ordered-Categorical case):
        # reuse the codes instead of matching a million values again.
        codes = values.cat.codes.to_numpy().astype(np.int64)
    else:
        raw = values.astype(object) if isinstance(dtype, pd.CategoricalDtype) else values
        try:
            codes = pd.Categorical(raw, categories=levels).codes.astype(np.int64)
        except (TypeError, ValueError) as exc:
            raise ModelSpecError(f"outcome levels {levels} are not usable: {exc}") from exc
    if (codes < 0).any():
        unknown = sorted({str(v) for v in values[codes < 0]})
        raise ModelSpecError(f"outcome {values.name!r} has values {unknown} not among levels {levels}")
    return codes


def _weights(weights: Any, frame: pd.DataFrame) -> tuple[np.ndarray | None, str | None]:
    if weights is None:
        return None, None
    if isinstance(weights, str):
        if weights not in frame.columns:
            raise ModelSpecError(f"weights column {weights!r} is not in the data")
        return frame[weights].to_numpy(dtype=np.float64, na_value=np.nan), weights
    w = np.asarray(weights, dtype=np.float64)
    if w.shape != (len(frame),):
        raise ModelSpecError(f"weights has shape {w.shape}; expected ({len(frame)},) (one per row)")
    return w, None


def _refuse_non_finite(X: np.ndarray, names: Sequence[str], index: pd.Index) -> None:
    """``ModelSpecError`` naming the first predictor column with an infinite value, and its row."""
    bad = ~np.isfinite(X)
    if bad.any():
        row, column = np.argwhere(bad)[0]
        raise ModelSpecError(
            f"predictor {names[column]!r} is {X[row, column]} in row {index[row]!r} "
            f"({int(bad[:, column].sum())} rows); infinite values cannot be fitted: drop or recode them"
        )


def aliased_columns(X: np.ndarray, names: Sequence[str]) -> list[str]:
    """Columns of ``X`` that are linear combinations of earlier columns.

    Works on the Gram matrix (cheap for tall ``X``): column ``j`` is aliased
    if its squared residual after projecting on the kept earlier columns is
    below ``_ALIAS_TOL`` times its squared norm. When an ``"Intercept"``
    column is present the other columns are centred first (that leaves their
    span unchanged), so a predictor with a large mean (``x + 1e9``) is not
    mistaken for a multiple of the intercept: the check is invariant to
    shifting and scaling a column.
    """
    if "Intercept" in names and X.shape[0] > 0:
        at = list(names).index("Intercept")
        centred = X - X.mean(axis=0)
        centred[:, at] = X[:, at]
        X = centred
    gram = X.T @ X
    kept: list[int] = []
    aliased = []
    for j in range(X.shape[1]):
        norm2 = gram[j, j]
        if kept:
            g_kk = gram[np.ix_(kept, kept)]
            g_kj = gram[kept, j]
            residual = norm2 - g_kj @ np.linalg.solve(g_kk, g_kj)
        else:
            residual = norm2
        if norm2 <= 0.0 or residual <= _ALIAS_TOL * norm2:
            aliased.append(names[j])
        else:
            kept.append(j)
    return aliased


def build_design(
    formula: str,
    data: Any,
    *,
    family: type[Family] | str,
    weights: Any = None,
    levels: Sequence[Any] | None = None,
) -> tuple[Design, PredictorSpec]:
    """Build the :class:`Design` and the :class:`PredictorSpec` for new data.

    Parameters
    ----------
    formula
        ``"outcome ~ rhs"``; ``outcome`` is a column name, ``rhs`` a formulaic
        formula, optionally with ``(1|group)`` random-intercept terms.
    data
        DataFrame, or an object whose ``signals()`` returns one.
    family
        The :class:`~careerrep.models.family.Family` class (or its name,
        ``"ordinal"``, ``"logit"``, ``"multinomial"``): its outcome rules decide
        the outcome reading, the accepted number of levels and whether the
        intercept column is kept.
    weights
        Column name or array of non-negative frequency weights.
    levels
        Explicit outcome order (low to high; for logit the second is the event).

    Raises
    ------
    ModelSpecError
        Unknown columns, bad weights, outcome levels that do not fit the
        family, unobserved outcome levels or aliased predictors.
    """
    rules = family_class(family)
    frame = as_frame(data)
    if not isinstance(formula, str) or "~" not in formula:
        raise ModelSpecError(f"formula must look like 'outcome ~ predictors', got {formula!r}")
    from careerrep.models.mixed.terms import group_labels, split_random_terms, term_columns

    fixed, specs = split_random_terms(formula)
    random_columns = sorted({c for spec in specs for c in term_columns(spec, frame)})
    lhs, rhs = (part.strip() for part in fixed.split("~", 1))
    if lhs not in frame.columns:
        raise ModelSpecError(f"outcome column {lhs!r} (left of '~') is not in the data")
    try:
        parsed = Formula(rhs)  # parsed once: model_matrix below reuses it
        needed = set(parsed.required_variables)
    except Exception as exc:  # formulaic's parse errors come in several types
        raise ModelSpecError(f"cannot parse the right-hand side {rhs!r}: {exc}") from exc
    missing_groups = [g for g in random_columns if g not in frame.columns]
    if missing_groups:
        raise ModelSpecError(f"random-term columns {missing_groups} are not in the data")
    fixed_columns = sorted(c for c in needed if c in frame.columns)
    columns = [lhs, *fixed_columns, *(c for c in random_columns if c not in fixed_columns and c != lhs)]

    w_all, w_column = _weights(weights, frame)
    keep = frame[columns].notna().all(axis=1).to_numpy().copy()
    if w_all is not None:
        keep &= ~np.isnan(w_all)
    n_dropped = int(len(frame) - keep.sum())
    if n_dropped:
        gaps = [c for c in columns if frame[c].isna().any()]
        if w_all is not None and np.isnan(w_all).any():
            gaps.append(w_column or "weights")
        warn_user(
            f"dropped {n_dropped} of {len(frame)} rows with missing values in {gaps}",
            MissingDataWarning,
        )
    used = frame.loc[keep]
    if len(used) == 0:
        raise ModelSpecError("no rows left after dropping rows with missing values")

    w = np.ones(len(used)) if w_all is None else np.ascontiguousarray(w_all[keep])
    if not np.all(np.isfinite(w)) or (w < 0).any():
        raise ModelSpecError("weights must be finite and non-negative")

    outcome = used[lhs]
    level_list = outcome_levels(outcome, rules, levels)
    y = _code_outcome(outcome, level_list)
    labels = tuple(str(v) for v in level_list)
    _check_levels(y, w, labels, rules)

    try:
        mm = model_matrix(parsed, used, na_action="raise")
    except Exception as exc:
        raise ModelSpecError(f"cannot build predictors from {rhs!r}: {exc}") from exc
    names = list(mm.model_spec.column_names)
    X = np.asarray(mm, dtype=np.float64)
    _refuse_non_finite(X, names, used.index)
    drop_intercept = not rules.keeps_intercept
    check = X if not drop_intercept or "Intercept" in names else np.column_stack([np.ones(len(X)), X])
    check_names = names if check is X else ["Intercept", *names]
    weighted = check if w_all is None else check * np.sqrt(w)[:, None]  # unweighted: skip a copy
    aliased = aliased_columns(weighted, check_names)
    if aliased:
        raise ModelSpecError(
            f"predictors {aliased} are linear combinations of earlier columns "
            f"(for ordinal models, of the thresholds); drop them from the formula"
        )
    if drop_intercept and "Intercept" in names:
        at = names.index("Intercept")
        # formulaic puts the intercept first: a slice (a view) saves one full copy of X.
        X = X[:, 1:] if at == 0 else np.delete(X, at, axis=1)
        names.remove("Intercept")

    groups = {}
    for spec in specs:
        if spec.lhs != "1":
            continue
        if len(spec.group_columns) == 1:
            values: Any = used[spec.group_columns[0]]
        else:
            values = pd.Series(group_labels(used, spec.group_columns), index=used.index)
        codes, uniques = pd.factorize(values, sort=True)
        groups[f"(1|{spec.group})"] = (codes.astype(np.int64), tuple(str(u) for u in uniques))

    design = Design(
        X=np.ascontiguousarray(X),
        y=y,
        weights=w,
        coef_names=tuple(names),
        labels=labels,
        groups=groups,
        row_index=used.index,
        n_dropped=n_dropped,
        random_slopes=tuple(spec.label for spec in specs if spec.lhs != "1"),
        columns=tuple(columns) + ((w_column,) if w_column else ()),
    )
    return design, PredictorSpec(mm.model_spec, drop_intercept)


def _check_levels(y: np.ndarray, w: np.ndarray, labels: tuple[str, ...], family: FamilyRules) -> None:
    family.check_labels(labels)
    if len(labels) < 2:
        raise ModelSpecError(f"the outcome needs at least two levels, got {list(labels)}")
    counts = np.bincount(y, weights=w, minlength=len(labels))
    empty = [label for label, c in zip(labels, counts, strict=True) if c <= 0]
    if empty:
        raise ModelSpecError(
            f"outcome levels {empty} have no observations; pass levels=[...] with only the "
            f"observed outcomes {[lb for lb in labels if lb not in empty]}"
        )
