"""Word repairs: filter artifacts and glued words, decided with wordfreq.

Only English text is repaired (the word lists are English).  A token is
touched only when it is not a known word (wordfreq Zipf frequency below
``ingest.known_word_zipf``), and the result must be frequent (at least
``ingest.repair_min_zipf``):

- filter artifacts (``filter:<written><-<original>``): a word filter replaced
  a substring inside a longer word ("analysts" -> "badysts"); the substring
  pairs are data (``data/ingest_repairs.toml``), the most frequent
  restoration wins, capitalisation is kept;
- glued words (``glue:split``): a lost space ("bombssaid" -> "bombs said");
  lower-case tokens only (a capitalised token may be a name), both halves
  frequent (an unknown token may have a less common content half beside a
  function word: "dockerssaid"), one half a function word or reporting verb (two content words
  run together are more often a real compound); if the glued form is in the
  word list at all, the weaker half at least ``margin`` Zipf points above
  it; no half that is a compound-forming prefix / suffix, no one- or
  two-letter half that is not a common short word.

URLs, e-mail addresses and @handles are left alone.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from functools import cache

from ..model import Repair
from .rules import load_data

__all__ = ["repair_text", "WordFreq"]

_TOKEN = re.compile(r"[^\W\d_]+")
_PROTECTED = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+\.\w+|[@#]\w+|\w+\.(?:com|org|net|gov|edu|co|uk|io)\b")

WordFreq = Callable[[str], float]
_CHUNK = 1 << 20
_QUOTE = re.compile(r'(?<!\d)"')
_GLUED_QUOTE = re.compile(r'(?P<before>[^\W\d_]+)"(?P<after>[^\W\d_]+)')


@cache
def _glue_spec() -> tuple[float, int, int, frozenset[str], frozenset[str], frozenset[str], int, frozenset[str]]:
    g = load_data("ingest_repairs.toml")["glue"]
    return (float(g["margin"]), int(g["min_token_chars"]), int(g["min_part_chars"]), frozenset(g["no_first"]),
            frozenset(g["no_second"]), frozenset(g["glue_words"]), int(g["short_max_chars"]),
            frozenset(g["short_words"]))


def _filters() -> list[tuple[str, list[str]]]:
    return [(k.lower(), [v.lower() for v in vs]) for k, vs in load_data("ingest_repairs.toml")["filters"].items()]


def _memo_zipf() -> WordFreq:
    """wordfreq's Zipf frequency with a per-call memo (a document repeats its
    words).  A plain lower-case ASCII word is looked up in wordfreq's own
    (cached) frequency table directly: the same number, without
    zipf_frequency's tokenizer, which is most of ingest's time otherwise."""
    from wordfreq import get_frequency_dict, zipf_frequency

    table = get_frequency_dict("en")
    memo: dict[str, float] = {}

    def z(word: str) -> float:
        value = memo.get(word)
        if value is None:
            if word.isascii() and word.isalpha() and word.islower():
                freq = table.get(word, 0.0)
                value = round(math.log10(freq) + 9, 2) if freq > 0 else 0.0
            else:
                value = zipf_frequency(word, "en")
            memo[word] = value
        return value

    return z


def _case_like(model: str, word: str) -> str:
    if model.isupper() and len(model) > 1:
        return word.upper()
    if model[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def _restore_filtered(token: str, z: WordFreq, min_zipf: float) -> tuple[str, str] | None:
    lower = token.lower()
    best: tuple[float, str, str] | None = None
    for written, originals in _filters():
        start = lower.find(written)
        while start != -1:
            for original in originals:
                restored = lower[:start] + original + lower[start + len(written) :]
                score = z(restored)
                if score >= min_zipf and (best is None or score > best[0]):
                    best = (score, restored, f"filter:{written}<-{original}")
            start = lower.find(written, start + 1)
    if best is None:
        return None
    return _case_like(token, best[1]), best[2]


def _split_glued(token: str, z: WordFreq, min_zipf: float) -> str | None:
    margin, min_chars, min_part, no_first, no_second, glue_words, short_max, short_words = _glue_spec()
    if len(token) < min_chars or not token.islower():
        return None
    own = z(token)
    best: tuple[float, float, str] | None = None
    for i in range(min_part, len(token) - min_part + 1):
        first, second = token[:i], token[i:]
        if second not in glue_words and (first not in glue_words or first in no_first or second in no_second):
            continue
        if any(len(part) <= short_max and part not in short_words for part in (first, second)):
            continue
        za, zb = z(first), z(second)
        weaker = min(za, zb)
        # A token in the word list at all (a rare real word) needs halves far
        # more frequent than itself; an unknown token only needs frequent halves.
        if weaker < min_zipf and not (own == 0 and _rare_half_ok(first, za, second, zb, glue_words, min_zipf)):
            continue
        if own > 0 and weaker - own < margin:
            continue
        key = (weaker, za + zb, f"{first} {second}")
        if best is None or key[:2] > best[:2]:
            best = key
    return best[2] if best else None


def _rare_half_ok(first: str, za: float, second: str, zb: float, glue_words: frozenset[str], min_zipf: float) -> bool:
    """A less common content word followed by a glue word ("dockers|said").
    Not the other way round: a glue word first is often a prefix of a rare
    word ("inapproachable" is not "in approachable")."""
    floor = float(load_data("ingest_repairs.toml")["glue"]["rare_half_min_zipf"])
    return second in glue_words and zb >= min_zipf and za >= floor


def repair_text(text: str, *, min_zipf: float, known_zipf: float, zipf: WordFreq | None = None) -> tuple[str, list[Repair]]:
    """The repaired text and one Repair per changed token (offsets into the
    repaired text)."""
    z = zipf or _memo_zipf()
    protected = [m.span() for m in _PROTECTED.finditer(text)] if ("@" in text or "/" in text or "www" in text) else []
    # Decide per distinct token first (cheap on a long dump), then rewrite.
    fixes: dict[str, tuple[str, str]] = {}
    tokens: set[str] = set()
    pos = 0
    while pos < len(text):  # in chunks: a long dump's token list stays small
        end = min(len(text), pos + _CHUNK)
        while end < len(text) and text[end].isalpha():  # never cut a word in two
            end += 1
        tokens.update(_TOKEN.findall(text, pos, end))
        pos = end
    longest = int(load_data("ingest_repairs.toml")["glue"]["max_token_chars"])
    for token in tokens:
        if len(token) < 4 or len(token) > longest or z(token.lower()) >= known_zipf:
            continue
        fixed = _restore_filtered(token, z, min_zipf)
        if fixed is None:
            split = _split_glued(token, z, min_zipf)
            if split is not None:
                fixed = (split, "glue:split")
        if fixed is not None:
            fixes[token] = fixed
    # Edits on the text as it is: (start, end, new text, rule).  Token fixes
    # touch letters and quote fixes a '"', so they never overlap.
    edits = _quote_edits(text, fixes) if '"' in text else []
    taken = [(start, end) for start, end, _, _ in edits] + protected
    if fixes:
        pattern = re.compile(r"(?<![^\W\d_])(?:" + "|".join(map(re.escape, sorted(fixes, key=len, reverse=True)))
                             + r")(?![^\W\d_])")
        for m in pattern.finditer(text):
            if not any(a <= m.start() < b for a, b in taken):
                edits.append((m.start(), m.end(), *fixes[m.group()]))
    edits.sort()
    out: list[str] = []
    repairs: list[Repair] = []
    pos = length = 0
    for start, end, new, rule in edits:
        out.append(text[pos:start])
        length += start - pos
        repairs.append(Repair(from_=text[start:end], to=new, rule=rule, offset=length))
        out.append(new)
        length += len(new)
        pos = end
    out.append(text[pos:])
    return "".join(out), repairs


def _quote_edits(text: str, fixes: dict[str, tuple[str, str]]) -> list[tuple[int, int, str, str]]:
    """A straight quote glued to a word on both sides ('"kamikaze
    women"they said'): an odd-numbered quote of its paragraph closes (space
    after), an even-numbered one opens (space before).  Word fixes of the two
    words are folded into the same edit."""
    edits = []
    # Quotes counted once per line, up to each glued quote: counting from the
    # line start at every glued quote costs the square of a long line's length.
    counted, count = 0, 0
    for m in _GLUED_QUOTE.finditer(text):
        quote = m.start("after") - 1
        newline = text.rfind("\n", counted, quote)
        if newline != -1:  # a new line: its own count
            counted, count = newline + 1, 0
        # Inch marks (12") are not quotes.
        count += len(_QUOTE.findall(text, counted, quote))
        counted = quote
        closing = count % 2 == 1
        before = fixes.get(m["before"], (m["before"], ""))[0]
        after = fixes.get(m["after"], (m["after"], ""))[0]
        new = before + ('" ' if closing else ' "') + after
        edits.append((m.start(), m.end(), new, "glue:quote"))
    return edits
