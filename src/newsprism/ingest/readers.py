"""One reader per input format: bytes -> :class:`RawDoc` records.

Formats (by file ending, see ``data/ingest_formats.toml``; an unknown ending
is sniffed: WARC, HTML, JSON, else plain text):

- ``.txt`` and other plain text: one article.
- ``.html`` / ``.htm``: one article, extracted by trafilatura.
- ``.json``: one record (an object), a list of records, or an object whose
  ``articles`` / ``items`` / ``data`` / ... key holds the list.
- ``.jsonl``: one record per line; a malformed line is reported and skipped.
- ``.csv`` / ``.tsv``: one record per row, first row = column names.
- ``.warc`` / ``.warc.gz``: each HTML response (or resource) record.

Record fields (JSON keys, CSV columns; case-insensitive, ``-``/``.``/space
read as ``_``), first non-empty alias wins; the full list is
``data/ingest_fields.toml``:

- text: ``text``, ``body``, ``content``, ``article``, ``article_text``, ``full_text``, ``maintext``, ``story``
- html: ``html``, ``raw_html``, ``content_html`` (extracted like an HTML page; used when there is no text)
- title: ``title``, ``headline``
- published: ``published``, ``date``, ``pubdate``, ``published_at``, ``publish_date``, ``date_publish``, ``datetime``
- url: ``url``, ``link``, ``source_url``
- outlet: ``outlet``, ``source``, ``site_name``, ``sitename``, ``site``, ``publisher``
- byline: ``byline``, ``author``, ``authors``
- language: ``language``, ``lang``
- agency: ``agency``, ``wire``
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from ..errors import E, InputError
from ..model import Repair
from .decode import decode_bytes
from .rules import load_data

__all__ = ["RawDoc", "detect_format", "read_document", "FORMATS"]

FORMATS = ("txt", "html", "json", "jsonl", "csv", "warc")


@dataclass
class RawDoc:
    """One document as read, before cleaning."""

    name: str  # the file path, or "path#N" for record N (1-based) of a multi-record file
    format: str
    raw_hash: str  # sha256 of the bytes this document was read from
    text: str | None = None  # plain text, when the source is text
    html: str | None = None  # an HTML page still to extract
    meta: dict[str, str] = field(default_factory=dict)  # Article field -> sidecar value
    sources: dict[str, str] = field(default_factory=dict)  # Article field -> provenance
    repairs: list[Repair] = field(default_factory=list)  # made while decoding
    warnings: list[InputError] = field(default_factory=list)


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# ------------------------------------------------------------------ format


def detect_format(name: str, data: bytes) -> str:
    """The reader for ``name``: by its ending, else by sniffing ``data``."""
    lower = name.lower()
    suffixes = load_data("ingest_formats.toml")["suffixes"]
    for suffix in sorted(suffixes, key=len, reverse=True):
        if lower.endswith(suffix):
            return suffixes[suffix]
    return sniff_format(data)


def sniff_format(data: bytes) -> str:
    head = data[:4096]
    if head.startswith(b"WARC/"):
        return "warc"
    if head.startswith(b"\x1f\x8b"):
        try:
            with gzip.GzipFile(fileobj=io.BytesIO(data)) as gz:
                if gz.read(5) == b"WARC/":
                    return "warc"
        except (OSError, EOFError):
            pass
    text = head.decode("utf-8", errors="ignore").lstrip("\ufeff \t\r\n").lower()
    if re.match(r"<!doctype html|<html|<head|<body|<\?xml[^>]*>\s*<html", text) or len(
        re.findall(r"</?(?:p|div|span|a|br|article|section|h[1-6])\b", text)
    ) >= 5:
        return "html"
    if text[:1] in ("{", "["):
        first = text.splitlines()[0] if text else ""
        try:
            json.loads(first)
            return "jsonl" if text[:1] == "{" and "\n{" in text else "json"
        except json.JSONDecodeError:
            return "json"
    return "txt"


# ------------------------------------------------------------------ fields


@cache
def _aliases() -> tuple[tuple[str, tuple[str, ...]], ...]:
    fields = load_data("ingest_fields.toml")["fields"]
    return tuple((name, tuple(keys)) for name, keys in fields.items())


def _norm_key(key: str) -> str:
    return re.sub(r"[\s.\-]+", "_", str(key).strip().lower())


def _flatten(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, dict):
        for k in ("name", "title", "text", "value"):
            if isinstance(value.get(k), str):
                return _flatten(value[k])
        return None
    if isinstance(value, (list, tuple)):
        parts = [p for p in (_flatten(v) for v in value) if p]
        return ", ".join(parts) if parts else None
    if isinstance(value, bool):
        return None
    text = str(value).strip()
    if _SURROGATE.search(text):
        # A lone surrogate from a JSON "\\udfff" escape (an emoji split by a
        # scraper) can be neither stored nor printed.
        text = _SURROGATE.sub("\ufffd", text)
    return text or None


_SURROGATE = re.compile(r"[\ud800-\udfff]")


def record_fields(record: dict[str, Any]) -> tuple[dict[str, str], dict[str, str]]:
    """Article fields from one record, and the key each came from."""
    by_key = {_norm_key(k): (k, v) for k, v in record.items()}
    values: dict[str, str] = {}
    sources: dict[str, str] = {}
    for name, keys in _aliases():
        for key in keys:
            if key in by_key:
                value = _flatten(by_key[key][1])
                if value:
                    values[name] = value
                    sources[name] = f"sidecar:{by_key[key][0]}"
                    break
    return values, sources


def _text_fields() -> str:
    fields = dict(_aliases())
    return ", ".join(fields["text"][:6] + fields["html"][:2]) + ", ..."


def _record_doc(record: Any, name: str, fmt: str, raw: bytes) -> RawDoc | InputError:
    if not isinstance(record, dict):
        return InputError(E.E008.format(path=name, record="(not an object)", fields=_text_fields()),
                          path=name, code="E008")
    values, sources = record_fields(record)
    text = values.pop("text", None)
    html = values.pop("html", None)
    sources.pop("text", None)
    sources.pop("html", None)
    if not text and not html:
        path, _, number = name.partition("#")
        return InputError(E.E008.format(path=path, record=number or "1", fields=_text_fields()), path=name,
                          code="E008")
    return RawDoc(name=name, format=fmt, raw_hash=_sha(raw), text=text, html=None if text else html,
                  meta=values, sources=sources)


# ------------------------------------------------------------------ readers


def _decode(data: bytes, name: str) -> tuple[str, list[Repair], list[InputError]]:
    decoded = decode_bytes(data)
    warnings = []
    if decoded.problem:
        warnings.append(InputError(E.E011.format(path=name, reason=decoded.problem), path=name, code="E011"))
    return decoded.text, decoded.repairs, warnings


def _read_json(data: bytes, name: str) -> Iterator[RawDoc | InputError]:
    text, _, _ = _decode(data, name)
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        # A .json file that is really JSON Lines: read it as such.
        if exc.msg == "Extra data" and text.lstrip().startswith("{"):
            yield from _read_jsonl(data, name)
            return
        yield InputError(E.E015.format(path=name, reason=exc), path=name, code="E015")
        return
    except (ValueError, RecursionError) as exc:
        yield InputError(E.E015.format(path=name, reason=_json_reason(exc)), path=name, code="E015")
        return
    if isinstance(doc, dict):
        containers = load_data("ingest_fields.toml")["container_keys"]
        for key in containers:
            if isinstance(doc.get(key), list):
                doc = doc[key]
                break
    records = doc if isinstance(doc, list) else [doc]
    for i, record in enumerate(records, 1):
        rec_name = name if len(records) == 1 else f"{name}#{i}"
        try:
            raw = _raw_record(record)
        except (ValueError, RecursionError) as exc:
            yield InputError(E.E015.format(path=rec_name, reason=_json_reason(exc)), path=rec_name, code="E015")
            continue
        yield _record_doc(record, rec_name, "json", raw)


def _raw_record(record: Any) -> bytes:
    # surrogatepass: a lone surrogate in a record still hashes (as it did not,
    # it ended the batch); valid text hashes to the same bytes as before.
    return json.dumps(record, sort_keys=True, ensure_ascii=False).encode("utf-8", "surrogatepass")


def _json_reason(exc: BaseException) -> str:
    if isinstance(exc, RecursionError):
        return "nested too deeply"
    return " ".join(str(exc).split())[:200]


def _read_jsonl(data: bytes, name: str) -> Iterator[RawDoc | InputError]:
    for i, raw in enumerate(data.split(b"\n"), 1):
        if not raw.strip():
            continue
        line, _, _ = _decode(raw, name)
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield InputError(E.E006.format(path=name, line=i, reason=exc.msg), path=name, code="E006")
            continue
        except (ValueError, RecursionError) as exc:
            yield InputError(E.E006.format(path=name, line=i, reason=_json_reason(exc)), path=name, code="E006")
            continue
        yield _record_doc(record, f"{name}#{i}", "jsonl", raw)


def _read_csv(data: bytes, name: str, *, max_bytes: int) -> Iterator[RawDoc | InputError]:
    text, _, _ = _decode(data, name)
    sample = text[:8192]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel_tab if name.lower().endswith(".tsv") else csv.excel
    csv.field_size_limit(max(max_bytes, 131072))
    reader = csv.DictReader(io.StringIO(text, newline=""), dialect=dialect)
    rows = 0
    try:
        for i, row in enumerate(reader, 1):
            rows = i
            record = {k: v for k, v in row.items() if k is not None}
            raw = "\x1f".join(f"{k}={v}" for k, v in sorted(record.items(), key=lambda kv: str(kv[0])))
            yield _record_doc(record, f"{name}#{i}", "csv", raw.encode("utf-8", "surrogatepass"))
    except csv.Error as exc:
        yield InputError(E.E012.format(path=name, reason=f"row {reader.line_num}: {exc}"), path=name, code="E012")
        return
    if rows == 0:
        yield InputError(E.E012.format(path=name, reason="no rows after the header line"), path=name, code="E012")


def _gunzip(data: bytes, limit: int) -> tuple[bytes, str | None]:
    """Every gzip member of ``data`` expanded, up to ``limit`` bytes; and the
    problem, if any: "expands" past the limit, "truncated" when the stream
    ends inside a member (what was expanded before is kept)."""
    out = bytearray()
    rest = data
    while rest:
        inflater = zlib.decompressobj(wbits=31)
        try:
            out += inflater.decompress(rest, limit + 1 - len(out))
            while inflater.unconsumed_tail and len(out) <= limit:
                out += inflater.decompress(inflater.unconsumed_tail, limit + 1 - len(out))
        except zlib.error as exc:
            return bytes(out), f"corrupt compressed data ({exc})"
        if len(out) > limit:
            return b"", "expands"
        if not inflater.eof:
            return bytes(out), "truncated: the compressed stream ends early"
        rest = inflater.unused_data
        if rest and not rest.startswith(b"\x1f\x8b"):
            break  # trailing bytes after the last member
    return bytes(out), None


def _read_warc(data: bytes, name: str, *, max_bytes: int) -> Iterator[RawDoc | InputError]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    problem = None
    if data.startswith(b"\x1f\x8b"):
        # Expanded here, within ingest.max_bytes: a 1 MB file can expand to
        # gigabytes, and warcio would hold each record's payload whole.
        data, problem = _gunzip(data, max_bytes)
        if problem == "expands":
            yield InputError(E.E018.format(path=name, limit=max_bytes), path=name, code="E018")
            return
    n = 0
    try:
        for record in ArchiveIterator(io.BytesIO(data)):
            if record.rec_type not in ("response", "resource"):
                continue
            ctype = ""
            if record.http_headers is not None:
                status = record.http_headers.get_statuscode()
                if status and not str(status).startswith("2"):
                    continue
                ctype = record.http_headers.get_header("Content-Type") or ""
            else:
                ctype = record.rec_headers.get_header("Content-Type") or ""
            payload = record.content_stream().read()
            if getattr(record.raw_stream, "limit", 0) > 0:
                # Fewer bytes than the record's Content-Length: the file ends
                # inside it.  warcio says nothing; the records after are lost.
                problem = "truncated: the last record ends early"
                break
            if "html" not in ctype.lower() and sniff_format(payload) != "html":
                continue
            n += 1
            rec_name = f"{name}#{n}"
            url = record.rec_headers.get_header("WARC-Target-URI")
            html, repairs, warnings = _decode(payload, rec_name)
            doc = RawDoc(name=rec_name, format="warc", raw_hash=_sha(payload), html=html, repairs=repairs,
                         warnings=warnings)
            if url:
                doc.meta["url"] = url
                doc.sources["url"] = "warc:WARC-Target-URI"
            yield doc
    except (ArchiveLoadFailed, OSError, EOFError, ValueError, AttributeError, KeyError, IndexError) as exc:
        # warcio fails on malformed records with whatever the parser hit
        yield InputError(E.E013.format(path=name, reason=str(exc).strip() or type(exc).__name__), path=name,
                         code="E013")
        return
    if problem is not None:
        yield InputError(E.E013.format(path=name, reason=f"{problem}; {n} records read before it"), path=name,
                         code="E013")
        return
    if n == 0:
        yield InputError(E.E013.format(path=name, reason="no HTML response records"), path=name, code="E013")


def read_document(data: bytes, name: str, fmt: str, *, max_bytes: int) -> Iterator[RawDoc | InputError]:
    """The documents in one input; problems with parts of it come as InputError
    items so that the good parts still go in."""
    if fmt in ("txt", "html"):
        text, repairs, warnings = _decode(data, name)
        yield RawDoc(name=name, format=fmt, raw_hash=_sha(data), text=text if fmt == "txt" else None,
                     html=text if fmt == "html" else None, repairs=repairs, warnings=warnings)
    elif fmt == "json":
        yield from _read_json(data, name)
    elif fmt == "jsonl":
        yield from _read_jsonl(data, name)
    elif fmt == "csv":
        yield from _read_csv(data, name, max_bytes=max_bytes)
    elif fmt == "warc":
        yield from _read_warc(data, name, max_bytes=max_bytes)
    else:
        yield InputError(E.E010.format(path=name, suffix=fmt), path=name, code="E010")
