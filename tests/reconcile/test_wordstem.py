"""The shared word stemmer (reconcile/wordstem.py)."""

from __future__ import annotations

import ast
from pathlib import Path

from newsprism.reconcile.wordstem import stem


def test_wordstem_inflections_meet_and_different_words_stay_apart():
    assert stem("costs") == stem("costing") == stem("cost")
    assert stem("casualties") == stem("casualty")
    assert stem("Ministry's") == stem("ministry")
    assert stem("witness") != stem("wit")


def test_wordstem_no_reconcile_module_imports_a_private_name_of_align():
    # verdicts used to import align's private _stem: the stemmer has a public
    # home now, and nothing reaches into align's private names.
    pkg = Path(__import__("newsprism.reconcile", fromlist=["x"]).__file__).parent
    for path in pkg.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.endswith("align"):
                private = [a.name for a in node.names if a.name.startswith("_")]
                assert not private, f"{path.name} imports {private} from align"
