"""JSON text in parts: exactly what ``json.dumps`` writes, one part per item
of the outer containers, for a consumer that writes, compresses or hashes
as it goes (the export file, the kept document, the outputs' hash).

``json.dumps`` of a whole export document builds one string of it (and the
caller then encodes it to a second, bytes, copy): for a corpus of thousands
of articles, two or three copies of the whole document beside the document
itself.  Here each article, story or similarity is encoded by ``json.dumps``
on its own (the C encoder when not indented) and the separators between
them are written as ``json.dumps`` writes them, so the text joined is the
same byte for byte and no part is larger than the largest item.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

__all__ = ["json_parts"]


def json_parts(obj: Any, *, indent: int | None = None, ensure_ascii: bool = False, depth: int = 2) -> Iterator[str]:
    """The parts of ``json.dumps(obj, indent=indent, ensure_ascii=ensure_ascii)``
    (default separators, keys in their order): containers down to ``depth``
    levels are opened, every value below them is encoded whole."""
    yield from _parts(obj, indent, ensure_ascii, depth, 0)


def _leaf(obj: Any, indent: int | None, ensure_ascii: bool, level: int) -> str:
    text = json.dumps(obj, indent=indent, ensure_ascii=ensure_ascii)
    if indent is not None and level:
        # json.dumps never writes a raw newline inside a string (it is
        # escaped), so every newline is one of its own line breaks: the
        # value nested ``level`` deep has every line but the first moved in.
        text = text.replace("\n", "\n" + " " * (indent * level))
    return text


def _parts(obj: Any, indent: int | None, ensure_ascii: bool, depth: int, level: int) -> Iterator[str]:
    is_dict = isinstance(obj, dict)
    # Only what json.dumps writes item by item in the same way: lists,
    # tuples and dicts with string keys (other keys are converted by the
    # encoder, and are left to it).
    if depth <= 0 or not obj or not (isinstance(obj, (list, tuple)) or is_dict and all(isinstance(k, str) for k in obj)):
        yield _leaf(obj, indent, ensure_ascii, level)
        return
    if indent is None:
        sep, inner, outer = ", ", "", ""
    else:
        sep = ","
        inner = "\n" + " " * (indent * (level + 1))
        outer = "\n" + " " * (indent * level)
    yield "{" if is_dict else "["
    items = obj.items() if is_dict else ((None, v) for v in obj)
    for n, (key, value) in enumerate(items):
        head = (sep if n else "") + inner
        if is_dict:
            head += json.dumps(key, ensure_ascii=ensure_ascii) + ": "
        yield head
        yield from _parts(value, indent, ensure_ascii, depth - 1, level + 1)
    yield outer + ("}" if is_dict else "]")
