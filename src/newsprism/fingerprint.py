"""Content fingerprints for cache keys: a hash of the code and data files a
cached result depends on, so that an edit (a merge, a changed word list)
redoes the cached work even when nobody bumped a version constant, and an
unchanged install reuses it.  A leaf module: it imports nothing of newsprism.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

__all__ = ["fingerprint"]

_ROOT = Path(__file__).resolve().parent


@cache
def fingerprint(*, modules: tuple[str, ...] = (), packages: tuple[str, ...] = (), data: tuple[str, ...] = ()) -> str:
    """20 hex digits over the named files of the installed package:
    ``modules`` (paths like "model.py"), every .py of ``packages``
    ("group"; its subpackages too: reconcile/conflicts is reconcile's
    code), and the data files matching the ``data`` patterns ("*.*",
    "analyze_*"; a matching folder counts with every file below it)."""
    files = [_ROOT / m for m in modules]
    for part in packages:
        files += sorted((_ROOT / part).rglob("*.py"))
    for pattern in data:
        for path in sorted((_ROOT / "data").glob(pattern)):
            files += sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    h = hashlib.sha256()
    for f in dict.fromkeys(files):
        if f.is_file():
            h.update(f.relative_to(_ROOT).as_posix().encode() + b"\0" + f.read_bytes() + b"\0")
    return h.hexdigest()[:20]
