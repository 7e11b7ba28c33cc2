"""Name keys: reduce two spellings of one name to one comparison key.

Only what the group stage needs to see that two articles name the same place
or person (Baghouz / Bagouz / Baghuz, al-Baghdadi / Al Baghdadi / Baghdadi).
Full entity resolution, with its explanations, is reconcile/entities.py.
The rules are data: data/group_names.toml.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any, TypeVar

from rapidfuzz import fuzz, process

from ..data import load_toml
from ..errors import E, NewsprismError

__all__ = ["NameRules", "name_rules", "load_group_data", "name_key", "keys_match", "match_keys"]

T = TypeVar("T")

_WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*", re.UNICODE)


@dataclass(frozen=True)
class NameRules:
    drop_leading: frozenset[str]
    titles: frozenset[str]
    prefixes_hyphen: tuple[str, ...]
    prefixes_space: frozenset[str]
    rewrites: tuple[tuple[re.Pattern[str], str], ...]
    fuzzy_min_ratio: float
    fuzzy_min_length: int


def load_group_data(name: str, build: Callable[[dict[str, Any]], T]) -> T:
    """Parse data/<name> and build the rules from it; a broken or incomplete
    file gives one clear message (E071) instead of a KeyError deep inside."""
    raw = load_toml(name)
    try:
        return build(raw)
    except (KeyError, TypeError, ValueError, re.error) as exc:
        raise NewsprismError(E.E071.format(name=name, reason=f"{type(exc).__name__}: {exc}")) from None


@cache
def name_rules() -> NameRules:
    """The rules shipped in data/group_names.toml (immutable, loaded once)."""
    return load_group_data("group_names.toml", _build_name_rules)


def _build_name_rules(raw: dict[str, Any]) -> NameRules:
    return NameRules(
        drop_leading=frozenset(raw["drop_leading"]),
        titles=frozenset(raw["titles"]),
        prefixes_hyphen=tuple(sorted(set(raw["article_prefixes_hyphen"]), key=len, reverse=True)),
        prefixes_space=frozenset(raw["article_prefixes_space"]),
        rewrites=tuple((re.compile(p), r) for p, r in raw["rewrites"]),
        fuzzy_min_ratio=float(raw["fuzzy_min_ratio"]),
        fuzzy_min_length=int(raw["fuzzy_min_length"]),
    )


def _ascii(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _part(word: str, rules: NameRules) -> str:
    for p in rules.prefixes_hyphen:
        if word.startswith(p + "-") and len(word) > len(p) + 2:
            word = word[len(p) + 1 :]
            break
    word = word.replace("-", "")
    for pattern, repl in rules.rewrites:
        word = pattern.sub(repl, word)
    return word


def name_key(text: str, *, person: bool = False, rules: NameRules | None = None) -> str:
    """The comparison key of a name: lower case, accents and possessives off,
    leading articles and (for people) titles dropped, Arabic articles
    dropped, transliteration variants folded.  "" if nothing is left."""
    rules = rules or name_rules()
    text = _ascii(text).lower().replace("\u2019", "'")
    text = re.sub(r"'s\b", "", text)
    words = _WORD.findall(text)
    while words and words[0] in rules.drop_leading:
        words = words[1:]
    if person:
        words = [w for w in words if w.rstrip(".") not in rules.titles]
    out: list[str] = []
    for i, w in enumerate(words):
        if w in rules.prefixes_space and i + 1 < len(words):
            continue
        part = _part(w, rules)
        if part:
            out.append(part)
    return " ".join(out)


def keys_match(a: str, b: str, *, person: bool = False, rules: NameRules | None = None) -> bool:
    """Whether two keys name the same thing: equal; for people, one is the
    other's surname; or close enough spelling (long keys only)."""
    if not a or not b:
        return False
    if a == b:
        return True
    rules = rules or name_rules()
    if person:
        ta, tb = a.split(), b.split()
        if (len(ta) == 1 and ta[0] == tb[-1]) or (len(tb) == 1 and tb[0] == ta[-1]):
            return len(ta[-1]) >= 3
        # Same surname and compatible first names ("Abu Bakr Baghdadi" / "Bakr Baghdadi").
        if ta[-1] == tb[-1] and (set(ta[:-1]) & set(tb[:-1])):
            return True
    if min(len(a), len(b)) < rules.fuzzy_min_length:
        return False
    return fuzz.ratio(a, b) >= rules.fuzzy_min_ratio


def _best_match(x: str, free: list[str], persons: frozenset[str] | set[str], rules: NameRules) -> str | None:
    # Spelling variants first, through rapidfuzz's C loop (this runs for every
    # compared pair of articles), then the person-name rules.
    best = None
    if len(x) >= rules.fuzzy_min_length:
        hit = process.extractOne(x, [y if len(y) >= rules.fuzzy_min_length else "" for y in free],
                                 scorer=fuzz.ratio, score_cutoff=rules.fuzzy_min_ratio)
        if hit is not None:
            best = free[hit[2]]
    if best is None and (x in persons or any(y in persons for y in free)):
        for y in free:
            if (x in persons or y in persons) and keys_match(x, y, person=True, rules=rules):
                return y
    return best


def match_keys(
    a: Mapping[str, float] | Iterable[str],
    b: Mapping[str, float] | Iterable[str],
    *,
    persons: frozenset[str] | set[str] = frozenset(),
    rules: NameRules | None = None,
) -> list[tuple[str, str]]:
    """Pairs (key in a, key in b) naming the same thing; each key used once,
    exact matches first, then the best fuzzy ones, in a deterministic order."""
    rules = rules or name_rules()
    ka, kb = sorted(a), sorted(b)
    used_b: set[str] = set()
    pairs: list[tuple[str, str]] = []
    rest = []
    bset = set(kb)
    for x in ka:
        if x in bset:
            pairs.append((x, x))
            used_b.add(x)
        else:
            rest.append(x)
    for x in rest:
        free = [y for y in kb if y not in used_b]
        if not free:
            break
        best = _best_match(x, free, persons, rules)
        if best is not None:
            pairs.append((x, best))
            used_b.add(best)
    return pairs
