"""The message catalogue: every code defined once, in order, used, printed
with its code and documented."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from newsprism.errors import CATALOGUE, E, errors_markdown

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "newsprism"


def _defined_codes() -> list[str]:
    # From the source, not the class: a code assigned twice would be
    # silently overwritten in the class.
    tree = ast.parse((SRC / "errors.py").read_text("utf-8"))
    cls = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "E")
    return [t.id for n in cls.body if isinstance(n, ast.Assign) for t in n.targets if isinstance(t, ast.Name)]


def test_errors_codes_defined_once_in_order():
    codes = _defined_codes()
    assert codes == list(CATALOGUE)
    assert len(codes) == len(set(codes))
    assert codes == sorted(codes)
    assert all(re.fullmatch(r"E\d{3}", c) for c in codes)


def test_errors_every_code_used_in_src():
    text = "\n".join(p.read_text("utf-8") for p in SRC.rglob("*.py") if p.name != "errors.py")
    unused = [c for c in CATALOGUE if not re.search(rf"\b{c}\b", text)]
    assert unused == []


def test_errors_messages_carry_their_code():
    for code, template in CATALOGUE.items():
        assert getattr(E, code) == f"{code}: {template}"
    assert E.E012.format(path="x.csv", reason="bad quote") == "E012: x.csv: malformed CSV (bad quote)"


def test_errors_docs_current_and_linked():
    doc = (ROOT / "docs" / "errors.md").read_text("utf-8")
    assert doc == errors_markdown(), "regenerate: make docs"
    assert all(f"| {code} |" in doc for code in CATALOGUE)
    assert "docs/errors.md" in (ROOT / "README.md").read_text("utf-8")


def test_errors_no_inline_messages_in_cli():
    # Whatever the command line says to a user on stderr comes from the
    # catalogue: _err is only ever given a catalogue entry or an exception.
    tree = ast.parse((SRC / "cli.py").read_text("utf-8"))
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)]
    for node in calls:
        if node.func.id == "_err":
            (arg,) = node.args
            assert not isinstance(arg, (ast.Constant, ast.JoinedStr)), ast.unparse(arg)


def test_errors_raised_with_catalogue_messages_only():
    # newsprism's own errors carry a catalogue message, never a literal.
    names = {"NewsprismError", "InputError", "ConfigError", "StoreError"}
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, (ast.Name, ast.Attribute)):
                name = node.func.id if isinstance(node.func, ast.Name) else node.func.attr
                if name in names:
                    assert node.args, f"{path.name}: {ast.unparse(node)}"
                    literal = isinstance(node.args[0], (ast.Constant, ast.JoinedStr))
                    assert not literal, f"{path.name}: {ast.unparse(node)}"
