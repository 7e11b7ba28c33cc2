"""bench/: every name one bench script imports from another exists there.

The scripts import each other lazily, inside functions, so a renamed helper
only fails when somebody runs the script that needs it.  Read statically
(no script is executed, nothing heavy is imported)."""

from __future__ import annotations

import ast
from pathlib import Path

BENCH = Path(__file__).resolve().parents[1] / "bench"


def _top_level_names(tree: ast.Module) -> set[str]:
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names.update(n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name))
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update((a.asname or a.name).split(".")[0] for a in node.names)
    return names


def _missing_imports(scripts: dict[str, ast.Module]) -> list[str]:
    missing = []
    for name, tree in scripts.items():
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module in scripts and not node.level:
                defined = _top_level_names(scripts[node.module])
                missing += [f"{name}.py imports {a.name} from {node.module}.py" for a in node.names
                            if a.name != "*" and a.name not in defined]
    return missing


def test_bench_imports_between_scripts_resolve():
    scripts = {p.stem: ast.parse(p.read_text(encoding="utf-8")) for p in BENCH.glob("*.py")}
    assert len(scripts) > 10
    assert _missing_imports(scripts) == []


def test_bench_imports_a_removed_helper_is_reported():
    scripts = {
        "a": ast.parse("def run():\n    from b import helper\n    return helper()\n"),
        "b": ast.parse("def other():\n    return 1\n"),
    }
    assert _missing_imports(scripts) == ["a.py imports helper from b.py"]
