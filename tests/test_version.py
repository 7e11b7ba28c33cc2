"""The version lives in a leaf module that the package, pipeline, CLI and
web layer import; it matches pyproject.toml."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

import newsprism
from newsprism.version import __version__

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "newsprism"


def test_version_matches_pyproject_and_package():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    assert __version__ == project["version"] == newsprism.__version__


def test_version_module_is_a_leaf():
    tree = ast.parse((SRC / "version.py").read_text("utf-8"))
    imports = [n for n in ast.walk(tree) if isinstance(n, (ast.Import, ast.ImportFrom))]
    assert all(isinstance(n, ast.ImportFrom) and n.module == "__future__" for n in imports)


def test_version_not_read_from_the_package_root():
    # "from . import __version__" in a submodule imports the package root,
    # which imports the stages back: the cycle the leaf module removes.
    for path in SRC.rglob("*.py"):
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.level and not node.module:
                assert "__version__" not in [a.name for a in node.names], path
