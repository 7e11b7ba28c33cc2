"""Bytes -> text, never crashing on bytes.

UTF-8 first (with or without BOM); a file cut in the middle of a character
loses only that character; a UTF-8 file with a few stray legacy bytes keeps
its UTF-8 and reads the stray bytes as Windows-1252; anything else is
detected by charset-normalizer.  Every such fix is recorded as a Repair.
Binary files are recognised (magic numbers, NUL / control bytes) and refused.
"""

from __future__ import annotations

import codecs
import html
import html.entities
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

from ..model import Repair
from .rules import load_data

__all__ = ["Decoded", "binary_reason", "decode_bytes", "fix_mojibake", "unescape_entities", "remove_embed_tags",
           "normalize_text"]

# Cap on Repair records for one kind of byte-level fix: a badly broken file
# would otherwise carry thousands of them; the last one says how many more.
_MAX_BYTE_REPAIRS = 50

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Characters with no visible effect that scrapers leave behind.
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")
_SURROGATE = re.compile("[\udc80-\udcff]+")
_VALID_NON_ASCII = re.compile("[^\x00-\x7f\udc80-\udcff]")
# UTF-8 read as Windows-1252 ("â€™" for "’", "Ã©" for "é"): a lead byte
# (Â-ô) followed by 1-3 continuation bytes as cp1252 shows them.
_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,31});")
_MOJIBAKE = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]{1,3}"
)


@dataclass
class Decoded:
    text: str
    encoding: str
    repairs: list[Repair] = field(default_factory=list)
    # Set when bytes could not be decoded at all and were replaced (E011).
    problem: str | None = None


def _bom(data: bytes) -> tuple[str, int] | None:
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return enc, len(bom)
    return None


def _looks_utf16(head: bytes) -> str | None:
    """UTF-16 without BOM: every other byte NUL in mostly-ASCII text."""
    if len(head) < 4:
        return None
    even, odd = head[0::2], head[1::2]
    if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


def binary_reason(data: bytes) -> str | None:
    """Why ``data`` is binary and not text, or None if it may be text."""
    spec = load_data("ingest_formats.toml")
    for magic, name in spec["magic"].items():
        if data.startswith(bytes.fromhex(magic)):
            return name
    if _bom(data):
        return None
    head = data[: int(spec["sniff"]["sniff_bytes"])]
    if b"\x00" in head:
        return None if _looks_utf16(head) else "contains NUL bytes"
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13) or b == 127)
    if head and controls / len(head) > float(spec["sniff"]["max_control_share"]):
        return f"{controls} control bytes in the first {len(head)}"
    return None


def _byte_repairs(text: str, rule: str, replace: Callable[[bytes], str]) -> tuple[str, list[Repair]]:
    """Replace runs of surrogate-escaped bytes, recording each (capped)."""
    repairs: list[Repair] = []
    out: list[str] = []
    pos = length = count = 0
    for m in _SURROGATE.finditer(text):
        raw = bytes(ord(c) - 0xDC00 for c in m.group())
        new = replace(raw)
        out.append(text[pos : m.start()])
        offset = length = length + m.start() - pos
        out.append(new)
        length += len(new)
        pos = m.end()
        count += 1
        if count <= _MAX_BYTE_REPAIRS:
            repairs.append(Repair(from_=raw.hex(" "), to=new, rule=rule, offset=offset))
    out.append(text[pos:])
    if count > _MAX_BYTE_REPAIRS:
        repairs.append(Repair(from_=f"{count - _MAX_BYTE_REPAIRS} more", to="", rule=rule, offset=-1))
    return "".join(out), repairs


def _cp1252(raw: bytes) -> str:
    # cp1252 leaves five bytes undefined; Latin-1 gives them a code point.
    return "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in raw)


def decode_bytes(data: bytes) -> Decoded:
    """Decode ``data``; offsets in the recorded repairs are into the result."""
    bom = _bom(data)
    if bom:
        enc, skip = bom
        text = data[skip:].decode(enc, errors="replace")
        return Decoded(text, enc)
    utf16 = _looks_utf16(data[:8192]) if b"\x00" in data[:8192] else None
    if utf16:
        return Decoded(data.decode(utf16, errors="replace"), utf16)
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as exc:
        first_error = exc
    # A cut in the middle of the last character: drop just that character.
    if first_error.start >= len(data) - 3 and first_error.reason == "unexpected end of data":
        text = data[: first_error.start].decode("utf-8")
        cut = data[first_error.start :]
        return Decoded(text, "utf-8", [Repair(from_=cut.hex(" "), to="", rule="decode:truncated-utf8",
                                              offset=len(text))])
    text = data.decode("utf-8", errors="surrogateescape")
    bad = sum(len(m.group()) for m in _SURROGATE.finditer(text))
    multibyte = len(_VALID_NON_ASCII.findall(text))
    # Mostly valid UTF-8 with a few stray bytes (a Latin-1 "é" pasted into a
    # UTF-8 page): keep the UTF-8, read only the stray bytes as cp1252.
    if multibyte >= bad:
        text, repairs = _byte_repairs(text, "decode:invalid-utf8-as-cp1252", _cp1252)
        return Decoded(text, "utf-8", repairs)
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None and best.encoding:
        try:
            return Decoded(data.decode(best.encoding), best.encoding)
        except (UnicodeDecodeError, LookupError):
            pass
    text = data.decode("utf-8", errors="surrogateescape")
    text, repairs = _byte_repairs(text, "decode:replacement", lambda raw: "\ufffd")
    return Decoded(text, "utf-8", repairs, problem=f"no encoding fits; {bad} bytes replaced")


def _as_cp1252_bytes(text: str) -> bytes:
    out = bytearray()
    for ch in text:
        try:
            out += ch.encode("cp1252")
        except UnicodeEncodeError:
            if ord(ch) > 255:
                raise
            out.append(ord(ch))  # the five bytes cp1252 leaves undefined pass through as Latin-1
    return bytes(out)


def fix_mojibake(text: str) -> tuple[str, list[Repair]]:
    """Undo UTF-8 that was decoded as Windows-1252 somewhere upstream, one
    character at a time: only sequences that re-encode to valid UTF-8 change."""
    repairs: list[Repair] = []

    def fix(m: re.Match[str]) -> str:
        try:
            fixed = _as_cp1252_bytes(m.group()).decode("utf-8")
        except UnicodeError:
            return m.group()
        if len(repairs) < _MAX_BYTE_REPAIRS:
            repairs.append(Repair(from_=m.group(), to=fixed, rule="decode:mojibake", offset=-1))
        return fixed

    # Text mangled twice ("FranÃƒÂ§ois") needs a second pass.
    for _ in range(3):
        if not _MOJIBAKE.search(text):
            break
        text = _MOJIBAKE.sub(fix, text)
    return text, repairs


def unescape_entities(text: str) -> tuple[str, list[Repair]]:
    """HTML entities left in plain text by a scraper ("&amp;", "&#39;")."""
    if "&" not in text:
        return text, []
    repairs: list[Repair] = []

    def fix(m: re.Match[str]) -> str:
        entity = m.group()
        if entity[1] != "#" and entity[1:] not in html.entities.html5:
            return entity  # unescape would eat a prefix: "&notanentity;" -> "¬anentity;"
        fixed = html.unescape(entity)
        if fixed != m.group() and len(repairs) < _MAX_BYTE_REPAIRS:
            repairs.append(Repair(from_=m.group(), to=fixed, rule="decode:html-entity", offset=-1))
        return fixed

    return _ENTITY.sub(fix, text), repairs


@cache
def _embed_tag() -> re.Pattern[str]:
    names = "|".join(re.escape(n) for n in load_data("ingest_residue.toml")["embed_tags"]["names"])
    # An opening, closing or self-closing tag of one of those names; its
    # attributes may hold anything but another tag's brackets.
    return re.compile(rf"<\s*/?\s*(?:{names})\b[^<>]*>", re.IGNORECASE)


def remove_embed_tags(text: str) -> tuple[str, list[Repair]]:
    """Embedded-post placeholders (``<tweet/>``, ``<iframe ...>``) out of
    running text, each recorded (offset -1: cleaning moves the text after)."""
    if "<" not in text:
        return text, []
    pattern = _embed_tag()
    repairs = [Repair(from_=m.group(0), to="", rule="normalize:embed-tag", offset=-1)
               for m in pattern.finditer(text)]
    return (pattern.sub("", text), repairs) if repairs else (text, [])


def normalize_text(text: str) -> tuple[str, list[Repair]]:
    """Line ends to "\\n", NFC, mojibake and HTML entities undone, invisible and control characters out.

    Removed invisible characters are recorded per kind (offset -1): they
    change no word a reader sees, but the record keeps the edit visible.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    text = text.replace("\x0c", "\n").replace("\xa0", " ")
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    text, repairs = fix_mojibake(text)
    text, entity_repairs = unescape_entities(text)
    repairs += entity_repairs
    text, tag_repairs = remove_embed_tags(text)
    repairs += tag_repairs
    for pattern, rule in ((_INVISIBLE, "normalize:invisible"), (_CONTROL, "normalize:control")):
        found = pattern.findall(text)
        if found:
            for ch in sorted(set(found)):
                repairs.append(Repair(from_=f"U+{ord(ch):04X} x{found.count(ch)}", to="", rule=rule, offset=-1))
            text = pattern.sub("", text)
    return text, repairs
