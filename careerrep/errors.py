"""Errors and warnings raised by careerrep.

One root class, :class:`CareerRepError`, so a caller can catch everything the
library refuses. Each concrete error also subclasses the builtin it resembles
(a bad value is a ``ValueError``), so generic handlers keep working.
"""

from __future__ import annotations


class CareerRepError(Exception):
    """Root of every error careerrep raises on purpose."""


class CaseRecordError(CareerRepError, ValueError):
    """A case record (or one of its parts) cannot be true as given.

    The message names the case id, the field and the offending value, e.g.
    ``case 'B-2019': source_mix.social = 1.3 is not a share in [0, 1]``.
    """


class TableReadError(CareerRepError, ValueError):
    """A CSV/JSON/Parquet file could not be read into a CaseTable.

    The message names the row (1-based, as a spreadsheet shows it), the column
    and the value; nothing is returned half-built.
    """


class ModelSpecError(CareerRepError, ValueError):
    """A model cannot be built from the formula and data as given."""


class ArgumentError(CareerRepError, ValueError):
    """A function argument outside what the function accepts (a range, a choice, a shape).

    The message names the argument and the value given, e.g.
    ``format = 'pdf' is not one of ('text', 'markdown', 'latex', 'html')``.
    """


class ArgumentTypeError(ArgumentError, TypeError):
    """An argument of the wrong type (also a ``TypeError``, as Python's own check would be)."""


class UnknownNameError(CareerRepError, KeyError):
    """A name (case id, term, parameter) looked up in a collection that does not hold it."""

    def __str__(self) -> str:  # KeyError would print the message with quotes around it
        return str(self.args[0]) if self.args else ""


class UnknownParameterError(UnknownNameError):
    """A parameter or posterior variable name that the result does not have."""


class DatasetError(CareerRepError, ValueError):
    """A bundled data file does not hold what its loader expects (a damaged installation)."""


class OutcomeScaleError(CareerRepError, ValueError):
    """An outcome scale was defined with unusable labels."""


class CellError(CareerRepError, ValueError):
    """A single cell of a flat case row could not be read.

    ``column`` names the column; readers add the row before showing it to a user.
    """

    def __init__(self, column: str, value: object, problem: str) -> None:
        super().__init__(f"column {column!r}: {value!r} {problem}")
        self.column = column


class CsvShapeError(CareerRepError, ValueError):
    """A CSV file cannot be split into rows at all (undecodable text, an unclosed quote, a NUL).

    ``line`` is the line the problem is on (1-based).
    """

    def __init__(self, line: int, problem: str) -> None:
        super().__init__(f"line {line}: {problem}")
        self.line = line
        self.problem = problem


class FitError(CareerRepError, RuntimeError):
    """An estimator failed in a way that leaves no usable result."""


class IngestError(CareerRepError, ValueError):
    """A media-monitoring export or coding sheet has rows that cannot be read."""


class SpellError(CareerRepError, ValueError):
    """Tenure spells or their dated covariates cannot be true as given.

    The message names the case, the field and the dates, e.g.
    ``case 'M-17': end = 2019-01-01 is not after start = 2019-03-04``.
    """


class ScenarioError(CareerRepError, ValueError):
    """A simulation scenario (or one of its parts) was given impossible parameters."""


class StudyStoreError(CareerRepError, ValueError):
    """A simulation results folder belongs to a different study, or cannot be read."""


class SpellScenarioError(CareerRepError, ValueError):
    """A simulated-spell scenario's settings cannot generate data."""


class SimulateArgumentError(CareerRepError, ValueError):
    """A ``careerrep simulate`` command-line argument cannot be used."""


class CareerRepWarning(UserWarning):
    """Root of careerrep's warnings."""


class ConvergenceWarning(CareerRepWarning):
    """An optimiser stopped before its convergence criterion was met."""


class SeparationWarning(CareerRepWarning):
    """Complete or quasi-complete separation: some estimates are infinite in the MLE."""


class SamplingWarning(CareerRepWarning):
    """MCMC diagnostics (R-hat, ESS, divergences) say the draws are not to be trusted."""


class CollinearityWarning(CareerRepWarning):
    """Predictors so nearly collinear that their estimates are unstable (not exactly aliased)."""


class MissingDataWarning(CareerRepWarning):
    """Cases were dropped because a variable the model needs is missing."""


class ThresholdCrossingWarning(CareerRepWarning):
    """Category-specific (nominal) effects make thresholds cross: a negative probability somewhere."""


class BoundaryWarning(CareerRepWarning):
    """A variance component is estimated on its boundary (an SD of 0 or a correlation of +-1)."""
