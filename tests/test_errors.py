"""Every error careerrep raises on purpose is a careerrep error defined in ``careerrep/errors.py``.

Two scans: the error module's classes all descend from the two roots, and no
module of the package raises a bare builtin (``raise ValueError(...)``), which
a caller could not tell apart from a bug in a dependency.
"""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import pytest

import careerrep
from careerrep import errors

PACKAGE = Path(careerrep.__file__).parent
# The builtins a library error would otherwise be spelled as. RuntimeError and
# NotImplementedError stay allowed: they mark broken internal invariants and
# abstract methods, not a user's input.
BARE = {"ValueError", "TypeError", "KeyError", "IndexError", "LookupError", "Exception"}


def _raised_name(node: ast.Raise) -> str | None:
    exc = node.exc
    if isinstance(exc, ast.Call):
        exc = exc.func
    return exc.id if isinstance(exc, ast.Name) else None


def _bare_raises() -> list[str]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Raise) and _raised_name(node) in BARE:
                found.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno}: raise {_raised_name(node)}")
    return found


def test_the_scan_sees_a_bare_raise() -> None:
    # The scan itself must be able to fail: a raise written the common ways is found.
    for source in ("raise ValueError('x')", "raise TypeError", "raise KeyError(k) from None"):
        node = ast.parse(source).body[0]
        assert isinstance(node, ast.Raise) and _raised_name(node) in BARE


def test_no_module_raises_a_bare_builtin_error() -> None:
    assert _bare_raises() == []


def _error_classes() -> list[type[BaseException]]:
    return [
        value
        for _, value in inspect.getmembers(errors, inspect.isclass)
        if issubclass(value, BaseException) and value.__module__ == errors.__name__
    ]


def test_every_error_class_descends_from_the_root() -> None:
    classes = _error_classes()
    assert len(classes) > 10
    for cls in classes:
        if issubclass(cls, Warning):
            assert issubclass(cls, errors.CareerRepWarning), cls
        else:
            assert issubclass(cls, errors.CareerRepError), cls
        assert cls.__doc__, f"{cls.__name__} has no docstring"


def test_argument_errors_are_value_errors() -> None:
    for cls in _error_classes():
        if cls is errors.CareerRepError or not issubclass(cls, errors.CareerRepError):
            continue
        # A failed estimator is a RuntimeError and a missing name a KeyError; everything else is bad input.
        if not issubclass(cls, (errors.FitError, errors.UnknownNameError)):
            assert issubclass(cls, ValueError), cls


def test_no_error_class_is_defined_outside_errors_py() -> None:
    # Internal carriers (caught in the module that raises them) are private: a leading underscore.
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name == "errors.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and not node.name.startswith("_"):
                bases = {b.id for b in node.bases if isinstance(b, ast.Name)}
                if bases & (BARE | {"CareerRepError", "CareerRepWarning", "UserWarning", "RuntimeError"}):
                    found.append(f"{path.relative_to(PACKAGE.parent)}: class {node.name}")
    assert found == []


@pytest.mark.parametrize(
    ("module", "name"),
    [
        ("careerrep.frame", "CellError"),
        ("careerrep.csvcheck", "CsvShapeError"),
        ("careerrep.scale", "OutcomeScaleError"),
        ("careerrep.simulate.components", "ScenarioError"),
        ("careerrep.simulate.store", "StudyStoreError"),
        ("careerrep.exits.simulate", "SpellScenarioError"),
        ("careerrep.cli.simulate", "SimulateArgumentError"),
    ],
)
def test_old_import_paths_name_the_same_class(module: str, name: str) -> None:
    import importlib

    assert getattr(importlib.import_module(module), name) is getattr(errors, name)
