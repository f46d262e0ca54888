"""Random-effects terms from a formula: ``(1|g)``, ``(1|a/b)``, ``(1 + x|g)``.

A term ``(lhs | group)`` says: within each level of ``group`` the columns of
``lhs`` (formulaic syntax; ``1`` is the intercept, ``0 +`` drops it, ``x``
alone means ``1 + x`` as in lme4) get coefficients ``b_g ~ N(0, Sigma)``.
``(1|a/b)`` is lme4's shorthand for nested factors, ``(1|a) + (1|a:b)``;
``a:b`` groups by the combination of the two columns. Several terms with
different groups are crossed (or nested, when the codes say so); nothing here
needs to know which.

:func:`split_random_terms` cuts the terms out of the formula (the rest goes to
:func:`careerrep.models.design.build_design`); :func:`build_term` evaluates one
term on the used rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd
from formulaic import ModelSpec, model_matrix

from careerrep.errors import ModelSpecError

# "( lhs | group )" where lhs has no parentheses or bars; group is names joined by ":" or "/".
_TERM = re.compile(r"\(\s*([^()|]+?)\s*\|\s*([A-Za-z_][\w.]*(?:\s*[:/]\s*[A-Za-z_][\w.]*)*)\s*\)")


@dataclass(frozen=True)
class TermSpec:
    """A parsed random term before it meets the data.

    Attributes
    ----------
    lhs
        Formulaic right-hand side of the random columns, e.g. ``"1 + x"``.
    group_columns
        Data columns whose combination defines the groups (``("a", "b")`` for ``a:b``).
    """

    lhs: str
    group_columns: tuple[str, ...]

    @property
    def group(self) -> str:
        """Group label as written, ``"judge"`` or ``"a:b"``."""
        return ":".join(self.group_columns)

    @property
    def label(self) -> str:
        """The term as R prints it, ``"(1|judge)"``, ``"(1 + x|id)"``."""
        return f"({self.lhs}|{self.group})"


@dataclass(frozen=True)
class RandomTerm:
    """One random term evaluated on the model rows.

    Attributes
    ----------
    spec
        The parsed term.
    columns
        Names of the random columns (formulaic names: ``"Intercept"``, ``"situ[T.self]"``).
    values
        ``(n, r)`` float64 values of those columns per row.
    codes
        ``(n,)`` int64 group code per row, into ``levels``.
    levels
        Group level names (sorted, as R's ``factor``).
    model_spec
        formulaic spec that rebuilds ``values`` for new data.
    """

    spec: TermSpec
    columns: tuple[str, ...]
    values: np.ndarray
    codes: np.ndarray
    levels: tuple[str, ...]
    model_spec: ModelSpec

    @property
    def size(self) -> int:
        """Number of random columns ``r`` (1 for a random intercept)."""
        return len(self.columns)

    @property
    def n_groups(self) -> int:
        """Number of group levels."""
        return len(self.levels)

    def values_for(self, frame: pd.DataFrame) -> np.ndarray:
        """``(len(frame), r)`` random-column values for new rows."""
        mm = self.model_spec.get_model_matrix(frame, na_action="raise")
        return np.asarray(mm, dtype=np.float64).reshape(len(frame), self.size)

    def codes_for(self, frame: pd.DataFrame) -> np.ndarray:
        """Group code per new row; ``-1`` for a level not seen in the fit."""
        labels = group_labels(frame, self.spec.group_columns)
        lookup = {level: i for i, level in enumerate(self.levels)}
        return np.array([lookup.get(v, -1) for v in labels], dtype=np.int64)


def split_random_terms(formula: str) -> tuple[str, tuple[TermSpec, ...]]:
    """Remove every ``(lhs|group)`` term from ``formula``.

    Returns
    -------
    (str, tuple of TermSpec)
        The fixed-effects formula (``"y ~ 1"`` if nothing else is left) and the
        terms, with ``(1|a/b)`` expanded to ``(1|a)`` and ``(1|a:b)``.

    Raises
    ------
    ModelSpecError
        If a bar is left outside a recognised term, or a term repeats a group.
    """
    specs: list[TermSpec] = []
    for lhs, group in _TERM.findall(formula):
        lhs = " ".join(lhs.split())
        if "/" in group:
            parts = [p.strip() for p in group.split("/")]
            for depth in range(1, len(parts) + 1):
                specs.append(TermSpec(lhs, tuple(parts[:depth])))
        else:
            specs.append(TermSpec(lhs, tuple(p.strip() for p in group.split(":"))))
    rest = _TERM.sub(" ", formula)
    if "|" in rest:
        raise ModelSpecError(
            f"cannot read the random-effects terms of {formula!r}: write them as (1|g), (1 + x|g) or (1|a/b)"
        )
    rest = re.sub(r"(~|\+)\s*(\+\s*)+", r"\1 ", rest)  # "~ + x" / "x + + z" left by the cut
    rest = re.sub(r"\+\s*$", "", rest.strip()).strip()
    rest = re.sub(r"~\s*\+?\s*$", "~ 1", rest)
    rest = re.sub(r"~\s*\+", "~", rest)
    groups = [s.group for s in specs]
    repeated = sorted({g for g in groups if groups.count(g) > 1})
    if repeated:
        raise ModelSpecError(
            f"grouping factor(s) {repeated} appear in more than one random term; put their "
            f"columns in one term, e.g. (1 + x|g)"
        )
    return rest, tuple(specs)


def group_labels(frame: pd.DataFrame, columns: tuple[str, ...]) -> list[str]:
    """One string label per row for the combination of ``columns`` (``"a:b"`` joins with ``:``)."""
    parts = [frame[c].astype(str).to_numpy() for c in columns]
    if len(parts) == 1:
        return list(parts[0])
    return [":".join(values) for values in zip(*parts, strict=True)]


def term_columns(spec: TermSpec, frame: pd.DataFrame) -> list[str]:
    """Data columns a term needs (its group columns and the variables of its ``lhs``)."""
    from formulaic import Formula

    needed = set(Formula(spec.lhs).required_variables)
    return sorted(needed | set(spec.group_columns))


def build_term(spec: TermSpec, frame: pd.DataFrame) -> RandomTerm:
    """Evaluate ``spec`` on the model rows ``frame`` (no missing values left).

    Raises
    ------
    ModelSpecError
        Unknown columns, an unparsable ``lhs``, or a term with more than two columns.
    """
    missing = [c for c in spec.group_columns if c not in frame.columns]
    if missing:
        raise ModelSpecError(f"grouping columns {missing} of {spec.label} are not in the data")
    try:
        mm = model_matrix(spec.lhs, frame, na_action="raise")
    except Exception as exc:  # formulaic raises several types
        raise ModelSpecError(f"cannot build the random columns of {spec.label}: {exc}") from exc
    names = tuple(mm.model_spec.column_names)
    values = np.asarray(mm, dtype=np.float64).reshape(len(frame), len(names))
    if len(names) == 0:
        raise ModelSpecError(f"{spec.label} has no random columns")
    if len(names) > 2:
        raise ModelSpecError(
            f"{spec.label} has {len(names)} random columns {list(names)}; at most two "
            f"(an intercept and one slope) are supported"
        )
    labels = group_labels(frame, spec.group_columns)
    codes, uniques = pd.factorize(pd.Series(labels), sort=True)
    return RandomTerm(
        spec=spec,
        columns=names,
        values=np.ascontiguousarray(values),
        codes=codes.astype(np.int64),
        levels=tuple(str(u) for u in uniques),
        model_spec=mm.model_spec,
    )
