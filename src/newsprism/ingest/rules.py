"""The ingest heuristics, loaded from ``newsprism/data/ingest_*.toml``.

Every word list and pattern the ingest steps use lives in those files; this
module only reads and compiles them once per process.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..data import load_toml

__all__ = [
    "load_data",
    "LineRule",
    "residue_rules",
    "name_table",
    "alias_lookup",
]


def load_data(name: str) -> dict[str, Any]:
    """One shipped TOML file, parsed (callers must not mutate it)."""
    return load_toml(name)


@dataclass(frozen=True)
class LineRule:
    name: str
    pattern: re.Pattern[str]
    max_chars: int
    needs: tuple[str, ...] = ()  # one of these (lower case) must be in the line

    def matches(self, line: str, lowered: str) -> bool:
        if len(line) > self.max_chars:
            return False
        if self.needs and not any(n in lowered for n in self.needs):
            return False
        return self.pattern.search(line) is not None


@cache
def residue_rules() -> tuple[LineRule, ...]:
    data = load_data("ingest_residue.toml")
    return tuple(
        LineRule(r["name"], re.compile(r["pattern"], re.IGNORECASE), int(r.get("max_chars", 200)),
                 tuple(r.get("needs", ())))
        for r in data["line"]
    )


@cache
def name_table(file: str, section: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """(canonical name, whole-word pattern of its aliases), longest alias first
    so that "Agence France-Presse" wins over "France".  Short all-capital
    aliases ("AP", "AA") only match in capitals: "ap" or "Aa" in running text
    is not an agency."""
    table = load_data(file)
    for part in section.split("."):
        table = table[part]
    out = []
    for canonical, aliases in table.items():
        alts = []
        for alias in sorted(aliases, key=len, reverse=True):
            flags = "" if (alias.isupper() and len(alias) <= 4) else "(?i:"
            body = re.escape(alias)
            alts.append(body if not flags else f"{flags}{body})")
        out.append((canonical, re.compile(r"(?<![\w-])(?:" + "|".join(alts) + r")(?![\w-])")))
    return tuple(out)


def alias_lookup(file: str, section: str, value: str, *, whole: bool = True) -> str | None:
    """The canonical name ``value`` is written for, or None.  ``whole``: the
    value must be nothing but the alias (a credit line), else the alias may
    appear inside it (a newsletter line)."""
    value = value.strip()
    for canonical, pattern in name_table(file, section):
        m = pattern.fullmatch(value) if whole else pattern.search(value)
        if m:
            return canonical
    return None
