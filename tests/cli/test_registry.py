"""``--model``/``--family`` names are looked up in one registry; the CLI compares no family names."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import pytest

import careerrep.cli
from careerrep.cli._registry import FAMILIES, MODELS, _class_at

CLI = Path(careerrep.cli.__file__).parent
NAMES = set(MODELS) | set(FAMILIES)


def _string_comparisons(tree: ast.AST) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(tree):
        # "logit" is also a link's name: comparing a link is not comparing a model family.
        if isinstance(node, ast.Compare) and "link" not in ast.unparse(node.left):
            for side in (node.left, *node.comparators):
                elements = side.elts if isinstance(side, ast.Tuple | ast.List | ast.Set) else [side]
                for element in elements:
                    if isinstance(element, ast.Constant) and element.value in NAMES:
                        found.append((node.lineno, element.value))
    return found


def test_the_scan_finds_a_name_comparison() -> None:
    source = 'if family == "acat" or model not in ("logit",) or link != "logit": pass'
    assert _string_comparisons(ast.parse(source)) == [(1, "acat"), (1, "logit")]


def test_no_cli_module_compares_model_or_family_names() -> None:
    found = {
        path.name: hits
        for path in sorted(CLI.glob("*.py"))
        if (hits := _string_comparisons(ast.parse(path.read_text(encoding="utf-8"))))
    }
    assert found == {}


@pytest.mark.parametrize("name", sorted(MODELS))
def test_a_model_entry_says_truly_whether_its_class_takes_a_link(name: str) -> None:
    entry = MODELS[name]
    parameters = inspect.signature(_class_at(entry.path)).parameters
    assert ("link" in parameters) is entry.takes_link
    assert "levels" in parameters


@pytest.mark.parametrize("name", sorted(FAMILIES))
def test_a_family_entry_passes_only_options_its_class_has(name: str) -> None:
    entry = FAMILIES[name]
    parameters = inspect.signature(_class_at(entry.path)).parameters
    assert {"link", "nominal"} <= set(parameters)
    assert ("scale" in parameters) is entry.takes_scale
    assert {key for key, _ in entry.options} <= set(parameters)
