"""Heuristics and settings as data: the files beside this module.

Every stage reads its word lists, patterns and thresholds through
:func:`load_toml`, so the files are parsed once per process and nothing is
written into code as a literal.
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

__all__ = ["load_toml", "data_path", "read_text"]


def data_path(name: str) -> Path:
    """Filesystem path of a shipped data file or folder."""
    return Path(str(resources.files(__name__).joinpath(name)))


def read_text(name: str) -> str:
    return resources.files(__name__).joinpath(name).read_text("utf-8")


def load_toml(name: str) -> dict[str, Any]:
    """A parsed TOML data file (``name`` with or without ``.toml``).  Callers
    must not mutate the result: it is shared."""
    return _load_toml(name if name.endswith(".toml") else name + ".toml")


@cache
def _load_toml(name: str) -> dict[str, Any]:
    from ..errors import E, NewsprismError

    try:
        return tomllib.loads(read_text(name))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise NewsprismError(E.E041.format(name=name, reason=exc)) from None
