"""Line-level cleaning: scraper residue out, repeated paragraphs kept once.

Works on the text split at newlines (paragraph lines).  Nothing is deleted
silently: each dropped line comes back as a Removal with its 0-based line
number in the text as extracted and the rule that dropped it:

- ``residue:<rule>``: page furniture matched by a rule in
  ``data/ingest_residue.toml`` (promos, "Read more", share buttons, stray
  ``src =`` markup, cookie notices, UI words on short unpunctuated lines ...);
- ``residue:separator``: a line of only "* * *", "-----" and the like;
- ``residue:address``: a line that is nothing but a web address (also one a
  corpus stored tokenised, "http: / / www. x. com / ..."), below the first
  line (a leading address is metadata: ``metadata:url``, and names the page);
- ``residue:repeat``: a line that repeats one already dropped as residue
  (a promo printed once with stray markup and once without);
- ``residue:adjacent-ui``: a very short unpunctuated line right beside a
  line of a furniture box (the newsletter's name above its promo, the
  "Accept all" button under a cookie notice);
- ``title-repeat`` / ``residue:kicker``: the page's own headline at the top
  of the extracted text when the title is known from metadata, and the
  section label above it;
- ``duplicate:exact`` / ``duplicate:credit`` / ``duplicate:near``: a line
  printed again (captions printed twice; the same sentence again with a
  trailing "(AFP)" credit; a near-identical rewording of one already kept,
  with the same numbers: "400 fighters" and "500 fighters" are two claims).
  The first occurrence is the one kept.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import deque
from dataclasses import dataclass, field

from ..model import Removal
from .metadata import url_from_line
from .rules import load_data, residue_rules

__all__ = [
    "LineCleaning", "find_residue", "find_residue_repeats", "find_adjacent_ui", "find_title_repeat",
    "find_duplicates", "assemble",
]

_SENTENCE_END = re.compile(r"[.!?…:;\"'”’»)]\s*$")
_TRAILING_CREDIT = re.compile(r"\s*[(\[]\s*(?:photo|foto|image|picture|video)?\s*:?\s*[\w .,/&'-]{1,40}[)\]]\s*\.?\s*$",
                              re.IGNORECASE)
# Punctuation and symbols -> space, for comparing lines (str.translate is
# several times faster than a regex on a long dump).
_NUMBER = re.compile(r"\d+")
_PUNCT = {c: " " for c in range(0x2E80) if not chr(c).isalnum() and not chr(c).isspace()}


@dataclass
class LineCleaning:
    drop: dict[int, str] = field(default_factory=dict)  # line index -> rule


def _is_separator(line: str, chars: str) -> bool:
    stripped = line.replace(" ", "")
    return bool(stripped) and all(c in chars for c in stripped)


def find_residue(lines: list[str], *, skip: set[int] = frozenset(), title_index: int | None = None) -> dict[int, str]:
    """Residue line index -> "residue:<rule>"."""
    data = load_data("ingest_residue.toml")
    sep_chars = data["separator"]["chars"]
    ui = data["ui"]
    ui_words = set(ui["words"])
    ui_max_words = int(ui["max_words"])
    address = bool(data["address"]["drop"])
    rules = residue_rules()
    # The rules that apply to a line of each length, in data order: a long
    # paragraph is only tried against the few rules allowed that long.
    limits = sorted({r.max_chars for r in rules})
    by_limit = [tuple(r for r in rules if r.max_chars >= limit) for limit in limits]
    max_len = limits[-1]
    out: dict[int, str] = {}
    for i, raw in enumerate(lines):
        if i in skip:
            continue
        line = raw.strip()
        if not line:
            continue
        if _is_separator(line, sep_chars):
            out[i] = "residue:separator"
            continue
        if address and url_from_line(line):
            # A link printed on its own line ("Source:" boxes, a page's
            # address under its headline) states nothing; the sentence
            # splitter would cut it into "sentences" ("http: / / www.").
            out[i] = "residue:address"
            continue
        if len(line) > max_len:
            continue
        lowered = line.lower()
        for rule in by_limit[bisect_left(limits, len(line))]:
            if rule.matches(line, lowered):
                out[i] = f"residue:{rule.name}"
                break
        else:
            if i == title_index:
                continue
            words = line.split()
            if len(words) <= ui_max_words and not _SENTENCE_END.search(line):
                lowered = {w.strip("()[]:,.!?").lower() for w in words}
                if lowered & ui_words:
                    out[i] = "residue:ui"
    return out


def find_residue_repeats(lines: list[str], residue: dict[int, str], *, skip: set[int] = frozenset()) -> dict[int, str]:
    """Line index -> "residue:repeat" for lines that repeat a residue line.

    The duplicate search skips residue lines, so without this the clean copy
    of a promo whose other copy carried stray markup would survive.  Exact
    repeats (after normalising) are found anywhere; near repeats only within
    ``duplicates.window`` lines, so that a long dump stays linear."""
    if not residue:
        return {}
    from rapidfuzz import fuzz, process

    spec = load_data("ingest_residue.toml")["repeat"]
    window = int(load_data("ingest_residue.toml")["duplicates"]["window"])
    min_chars, near_ratio = int(spec["min_chars"]), float(spec["near_ratio"])
    dropped = {i: key for i in sorted(residue) if len(key := duplicate_key(lines[i])[1]) >= min_chars}
    if not dropped:
        return {}
    exact = set(dropped.values())
    where = sorted(dropped)
    longest = max(len(k) for k in exact)
    out: dict[int, str] = {}
    for i, line in enumerate(lines):
        if i in skip or i in residue or not line.strip():
            continue
        loose = duplicate_key(line)[1]
        if len(loose) < min_chars or len(loose) > 2 * longest:
            continue
        if loose in exact:
            out[i] = "residue:repeat"
            continue
        near = [dropped[j] for j in where[bisect_left(where, i - window):bisect_left(where, i + window + 1)]]
        if near and process.extractOne(loose, near, scorer=fuzz.ratio, score_cutoff=near_ratio):
            out[i] = "residue:repeat"
    return out


def _short_unpunctuated(line: str, max_words: int) -> bool:
    line = line.strip()
    return bool(line) and len(line.split()) <= max_words and not _SENTENCE_END.search(line)


def find_adjacent_ui(
    lines: list[str], residue: dict[int, str], *, skip: set[int] = frozenset(), title_index: int | None = None,
) -> dict[int, str]:
    """Line index -> "residue:adjacent-ui": a very short unpunctuated line
    next to (blank lines aside) a line of a furniture box.  One step only: a
    run of short lines is not eaten from a single hit."""
    spec = load_data("ingest_residue.toml")["adjacent"]
    max_words = int(spec["max_words"])
    box = {f"residue:{name}" for name in spec["block_rules"]}
    nonblank = [i for i, line in enumerate(lines) if line.strip()]
    out: dict[int, str] = {}
    for pos, i in enumerate(nonblank):
        if i in skip or i in residue or i == title_index or not _short_unpunctuated(lines[i], max_words):
            continue
        neighbours = nonblank[max(0, pos - 1):pos] + nonblank[pos + 1:pos + 2]
        if any(residue.get(j) in box for j in neighbours):
            out[i] = "residue:adjacent-ui"
    return out


def find_title_repeat(lines: list[str], title: str | None, *, skip: set[int] = frozenset()) -> dict[int, str]:
    """The headline repeated at the top of a text whose title is known from
    metadata -> "title-repeat", and short label lines above it -> "residue:kicker"."""
    if not title or not title.strip():
        return {}
    spec = load_data("ingest_residue.toml")["title_repeat"]
    want = duplicate_key(title)[1]
    if not want:
        return {}
    head = [i for i, line in enumerate(lines) if line.strip() and i not in skip][: int(spec["search_lines"])]
    for pos, i in enumerate(head):
        if duplicate_key(lines[i])[1] != want:
            continue
        above = head[:pos]
        if not all(_short_unpunctuated(lines[j], int(spec["kicker_max_words"])) for j in above):
            return {}  # body text before the "headline": it is a sentence of the article, not a repeat
        return {**{j: "residue:kicker" for j in above}, i: "title-repeat"}
    return {}


def duplicate_key(line: str) -> tuple[str, str]:
    """(exact key, key without a trailing credit, case and punctuation)."""
    exact = " ".join(line.split())
    loose = _TRAILING_CREDIT.sub("", exact) if exact.rstrip(" .").endswith((")", "]")) else exact
    loose = " ".join(loose.translate(_PUNCT).lower().split())
    return exact, loose


def find_duplicates(lines: list[str], *, skip: set[int] = frozenset()) -> dict[int, str]:
    """Repeated line index -> "duplicate:<kind>"; the first occurrence stays."""
    from rapidfuzz import fuzz, process

    spec = load_data("ingest_residue.toml")["duplicates"]
    near_ratio = float(spec["near_ratio"])
    min_chars = int(spec["min_chars"])
    window = int(spec["window"])
    out: dict[int, str] = {}
    # Seen lines by hash(): a dump of a million lines would otherwise hold
    # every line twice more.  (A 64-bit collision between two different
    # lines of one document is not a practical concern.)
    exact_seen: set[int] = set()
    loose_seen: set[int] = set()
    # Loose keys of kept lines with the numbers they contain: lines that
    # differ in a number ("400 fighters" / "500 fighters") are different
    # claims, never one paragraph reprinted, so only same-number lines compete.
    candidates = [i for i, line in enumerate(lines) if i not in skip and line.strip()]
    all_pairs = len(candidates) <= int(spec["all_pairs_max_lines"])
    kept: deque[tuple[tuple[str, ...], str]] = deque(maxlen=None if all_pairs else window)
    for i in candidates:
        exact, loose = duplicate_key(lines[i])
        if len(loose) < min_chars:
            continue
        exact_hash, loose_hash = hash(exact), hash(loose)
        if exact_hash in exact_seen:
            out[i] = "duplicate:exact"
            continue
        if loose_hash in loose_seen:
            out[i] = "duplicate:credit"
            continue
        exact_seen.add(exact_hash)  # a further copy of a near duplicate is then exact
        loose_seen.add(loose_hash)
        numbers = tuple(_NUMBER.findall(loose))
        pool = [key for nums, key in kept if nums == numbers]
        if pool and process.extractOne(loose, pool, scorer=fuzz.ratio, score_cutoff=near_ratio):
            out[i] = "duplicate:near"
            continue
        kept.append((numbers, loose))
    return out


def assemble(lines: list[str], drop: dict[int, str]) -> tuple[str, list[Removal]]:
    """The kept lines as text (runs of blank lines collapsed to one, ends
    stripped), and a Removal for each dropped line."""
    removed = [Removal(line=i, text=lines[i].strip(), rule=rule) for i, rule in sorted(drop.items())]
    out: list[str] = []
    blank = False
    for i, line in enumerate(lines):
        if i in drop:
            continue
        line = line.rstrip()
        if not line.strip():
            blank = bool(out)
            continue
        if blank:
            out.append("")
            blank = False
        out.append(line)
    return "\n".join(out), removed
