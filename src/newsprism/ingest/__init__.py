"""Ingest: files, folders, stdin -> cleaned :class:`~newsprism.model.Article`.

read (readers.py) -> decode (decode.py) -> extract HTML (extract.py) ->
a leading web-address line and metadata lines (metadata.py) -> residue, its repeats and the short lines of
its boxes, the page's headline repeated atop the text, duplicates (clean.py) ->
language (language.py) -> word repairs (repair.py) -> title -> content hash.

Every article is committed to the store in its own transaction as soon as it
is ready, so a killed run keeps what it committed and a re-run resumes:
inputs whose bytes were already read are recognised by their hash
(``Store.has_input``; for multi-record files, a ``kv`` marker written once
the whole file is in) and not cleaned again.  ``Article.id`` is the hash of
the cleaned text, so the same article read twice is stored once.

Problems with one input (or one record of it) become one
:class:`~newsprism.errors.InputError` naming the file and the reason; the
batch goes on.  Codes E011 (bytes replaced while decoding) and E014
(language filtered out) are warnings: reported, not failures.
"""

from __future__ import annotations

import hashlib
import os
import re
import sqlite3
import stat
import sys
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..config import Config, IngestSettings, stage_settings
from ..errors import E, InputError
from ..model import Article, Repair
from ..store import Store
from .clean import (
    assemble, find_adjacent_ui, find_duplicates, find_residue, find_residue_repeats, find_title_repeat,
)
from .decode import binary_reason, normalize_text
from .extract import extract_html
from .language import detect_language, normalize_language
from .metadata import (
    find_metadata_lines, is_dateline, outlet_from_residue, outlet_from_url, parse_date, title_from_text, url_from_line,
)
from .readers import RawDoc, detect_format, read_document
from .repair import repair_text
from .rules import alias_lookup, load_data

__all__ = ["IngestResult", "ingest_paths", "ingest_bytes", "build_article", "article_id", "display_name",
           "WARNING_CODES"]

# Reported but not failures: the input still went in, or was left out on purpose.
WARNING_CODES = frozenset({"E011", "E014"})
_MULTI_RECORD = frozenset({"json", "jsonl", "csv", "warc"})
_STDIN_NAME = "<stdin>"
_SURROGATE = re.compile(r"[\ud800-\udfff]")


@dataclass
class IngestResult:
    added: list[Article] = field(default_factory=list)  # new in the store
    known: list[Article] = field(default_factory=list)  # already stored (same content)
    errors: list[InputError] = field(default_factory=list)
    warnings: list[InputError] = field(default_factory=list)  # E011, E014: reported, not failures

    @property
    def articles(self) -> list[Article]:
        return self.added + self.known

    @property
    def ok(self) -> bool:
        return not self.errors


def article_id(text: str) -> str:
    """The content hash: sha256 of the NFC, whitespace-collapsed cleaned text
    (" ".join(text.split())), fed in pieces so that a long dump never needs
    a list of all its words."""
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    digest = hashlib.sha256()
    pos, first = 0, True
    while pos < len(text):
        end = min(len(text), pos + (1 << 20))
        while end < len(text) and not text[end].isspace():  # cut only at whitespace
            end += 1
        piece = " ".join(text[pos:end].split())
        if piece:
            digest.update((piece if first else " " + piece).encode("utf-8"))
            first = False
        pos = end
    return digest.hexdigest()[:16]


def _error(code: str, path: str, **kw: object) -> InputError:
    return InputError(getattr(E, code).format(path=path, **kw), path=path, code=code)


# ------------------------------------------------------------- one document


def _sidecar(doc: RawDoc, extracted_meta: dict[str, str], extracted_sources: dict[str, str]) -> tuple[dict, dict]:
    """Sidecar fields win over the page's own metadata."""
    values = {**extracted_meta, **doc.meta}
    sources = {**extracted_sources, **doc.sources}
    return values, sources


def build_article(doc: RawDoc, *, settings: IngestSettings | None = None,
                  config: Config | None = None) -> Article | InputError:
    """Clean one document into an Article (or the reason it is refused)."""
    settings = stage_settings(IngestSettings, settings, config)
    text = doc.text
    values: dict[str, str] = dict(doc.meta)
    sources: dict[str, str] = dict(doc.sources)
    if text is None:
        extracted = extract_html(doc.html or "", url=doc.meta.get("url"))
        if extracted is None:
            return _error("E007", doc.name)
        text = extracted.text
        values, sources = _sidecar(doc, extracted.meta, extracted.sources)
    if _SURROGATE.search(text):
        # Lone surrogates (a JSON "\\udfff" escape, a split emoji) can be
        # neither hashed, stored nor printed: each becomes U+FFFD.
        text = _SURROGATE.sub("\ufffd", text)
    # Before cleaning: cleaning only removes, and every later stage costs
    # more with length (spaCy refuses 1,000,000 characters outright).
    limit = settings.max_chars
    if len(text) > limit:
        return _error("E017", doc.name, chars=len(text), limit=limit)
    order = settings.date_order
    text, norm_repairs = normalize_text(text)
    lines = text.split("\n")
    nonblank = (i for i, line in enumerate(lines) if line.strip())
    title_index = next(nonblank, None)
    # A leading bare web address is metadata, not text: it names the page
    # (and its outlet), and the headline, if any, is the next line.
    url_drop: dict[int, str] = {}
    line_url = url_from_line(lines[title_index]) if title_index is not None else None
    scan = lines
    if line_url:
        url_drop = {title_index: "metadata:url"}
        scan = [("" if i == title_index else line) for i, line in enumerate(lines)]
        title_index = next(nonblank, None)
    while title_index is not None and is_dateline(lines[title_index], order=order):
        title_index = next(nonblank, None)  # a date stamp atop the text is no headline
    if "title" in values:
        title_index = None  # the first line is body text, not a headline
    meta = find_metadata_lines(scan, order=order, title_index=title_index)
    residue = find_residue(scan, skip=set(meta.drop), title_index=title_index)
    residue.update(find_residue_repeats(scan, residue, skip=set(meta.drop)))
    residue.update(find_adjacent_ui(scan, residue, skip=set(meta.drop), title_index=title_index))
    # A title from page or sidecar metadata: the same headline atop the text is a repeat.
    heading = find_title_repeat(scan, values.get("title"), skip=set(meta.drop) | set(residue))
    kept = [i for i, line in enumerate(scan) if line.strip() and i not in meta.drop and i not in residue]
    if heading and all(i in heading for i in kept):
        # A record whose text is its title (a short wire item, a headline
        # feed): the "repeat" is the whole article, so it stays.
        heading = {}
    duplicates = find_duplicates(scan, skip=set(meta.drop) | set(residue) | set(heading))
    cleaned, removed = assemble(lines, {**url_drop, **meta.drop, **residue, **heading, **duplicates})

    language, language_source = None, None
    if values.get("language"):
        language = normalize_language(values["language"])
        language_source = sources.get("language")
    if language is None:
        language, language_source = detect_language(cleaned), "py3langid"
    word_repairs: list[Repair] = []
    if language == "en":
        cleaned, word_repairs = repair_text(
            cleaned, min_zipf=settings.repair_min_zipf,
            known_zipf=settings.known_word_zipf,
        )
    if not cleaned.strip() and doc.text is None:
        return _error("E007", doc.name)  # the page held nothing but furniture
    if len(cleaned) < settings.min_chars:
        return _error("E009", doc.name, chars=len(cleaned), minimum=settings.min_chars)
    wanted = settings.languages
    if wanted and language not in wanted:
        return _error("E014", doc.name, language=language or "unknown")

    article = Article(id=article_id(cleaned), path=doc.name, text=cleaned, raw_hash=doc.raw_hash, format=doc.format)
    meta_sources: dict[str, str] = {}

    def put(name: str, value: object, source: str | None) -> None:
        if value and getattr(article, name) in (None, "", []):
            setattr(article, name, value)
            meta_sources[name] = source or "unknown"

    # Sidecar / page metadata first, normalised.
    put("title", values.get("title"), sources.get("title"))
    if values.get("published"):
        parsed = parse_date(values["published"], order=order)
        if parsed:
            put("published", parsed[0], sources.get("published"))
    put("url", values.get("url"), sources.get("url"))
    if values.get("outlet"):
        put("outlet", alias_lookup("ingest_metadata.toml", "outlet.names", values["outlet"]) or values["outlet"],
            sources.get("outlet"))
    # The article's own address names its site, before anything the text says.
    by_url = outlet_from_url(values["url"]) if values.get("url") else None
    if by_url:
        put("outlet", by_url[0], by_url[1])
    # Then the address the text opens with (self-identification too).
    if line_url:
        put("url", line_url, "text:url-line")
        by_line = outlet_from_url(line_url)
        if by_line:
            put("outlet", by_line[0], f"text:url-line:{by_line[1]}")
    put("byline", values.get("byline"), sources.get("byline"))
    if values.get("agency"):
        put("agency", alias_lookup("ingest_metadata.toml", "agency.names", values["agency"]) or values["agency"],
            sources.get("agency"))
    put("language", language, language_source)

    # Then what the text says.  A labelled dateline ("Published: ...") beats
    # the date after the title, which beats a bare date line or "Updated".
    # A sidecar or page title means the text starts with body, not a headline.
    title = title_from_text(cleaned, order=order) if "title" not in values else None
    if title:
        put("title", title[0], title[1])
    if meta.sources.get("published", "").startswith("text:dateline-published"):
        put("published", meta.fields["published"], meta.sources["published"])
    if title and title[2]:
        put("published", title[2][0], title[2][1])
    for name in ("published", "agency", "byline", "outlet", "contributors"):
        put(name, meta.fields.get(name), meta.sources.get(name))
    found = outlet_from_residue(lines, residue)
    if found:
        put("outlet", found[0], found[1])

    # Decoding repairs point into the text before cleaning: no offset in the cleaned text.
    article.repairs = [replace(r, offset=-1) for r in doc.repairs + norm_repairs] + word_repairs
    article.removed = removed
    article.meta_sources = meta_sources
    return article


def _check(data: bytes, name: str, fmt: str, *, settings: IngestSettings) -> InputError | None:
    if not data or data.isspace():
        return _error("E001", name)
    limit = settings.max_bytes
    if len(data) > limit:
        return _error("E003", name, size=len(data), limit=limit)
    reason = binary_reason(data) if fmt != "warc" else None  # a .warc.gz is binary on purpose
    if reason:
        return _error("E002", name, reason=reason)
    return None


def _documents(
    data: bytes,
    name: str,
    *,
    settings: IngestSettings,
    known: Callable[[str], Article | None] | None = None,
) -> Iterator[Article | InputError]:
    """Articles (or problems) in one input's bytes, in order."""
    fmt = detect_format(name, data)
    problem = _check(data, name, fmt, settings=settings)
    if problem:
        yield problem
        return
    items = read_document(data, name, fmt, max_bytes=settings.max_bytes)
    while True:
        try:
            item = next(items)
        except StopIteration:
            return
        except (Exception, RecursionError, MemoryError) as exc:  # noqa: BLE001 - a reader bug stops this file only
            yield _error("E016", name, reason=_reason(exc))
            return
        if isinstance(item, InputError):
            yield item
            continue
        yield from item.warnings
        stored = known(item.raw_hash) if known else None
        if stored is not None:
            yield stored
            continue
        try:
            yield build_article(item, settings=settings)
        except (Exception, RecursionError, MemoryError) as exc:  # noqa: BLE001 - one document, not the batch
            yield _error("E016", item.name, reason=_reason(exc))


def _reason(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {' '.join(str(exc).split())}"[:300]


def ingest_bytes(
    data: bytes,
    name: str,
    *,
    settings: IngestSettings | None = None,
    config: Config | None = None,
    on_error: Callable[[InputError], None] | None = None,
) -> list[Article]:
    """Articles from one in-memory document (API uploads, stdin); ``name``'s
    ending picks the format (else it is sniffed).

    Raises the first InputError when the document yields no article.  When
    some records of a multi-record document fail and others do not, the
    failures go to ``on_error`` (if given) and the good articles are returned.
    """
    settings = stage_settings(IngestSettings, settings, config)
    articles: list[Article] = []
    problems: list[InputError] = []
    for item in _documents(data, name, settings=settings):
        if isinstance(item, InputError):
            problems.append(item)
            if on_error:
                on_error(item)
        else:
            articles.append(item)
    if not articles and problems:
        raise next((p for p in problems if p.code not in WARNING_CODES), problems[0])
    return articles


# ------------------------------------------------------------------ inputs


def display_name(path: str | Path) -> str:
    """A path as it is shown and stored: bytes that are not UTF-8 (a file
    name from another system) become ``\\xff`` escapes instead of lone
    surrogates, which can be neither printed nor stored."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def _folder_files(folder: Path, problems: list[InputError]) -> Iterator[Path]:
    spec = load_data("ingest_formats.toml")
    skip_suffixes = tuple(spec["folders"]["skip_suffixes"])
    skip_prefixes = tuple(spec["folders"]["skip_prefixes"])
    known_suffixes = tuple(spec["suffixes"])
    skip_stems = set(spec["folders"]["skip_stems"])
    def unreadable(exc: OSError) -> None:
        name = display_name(exc.filename if exc.filename is not None else folder)
        problems.append(_error("E019", name, reason=exc.strerror or type(exc).__name__))

    for root, dirs, files in os.walk(folder, onerror=unreadable):
        dirs[:] = sorted(d for d in dirs if not d.startswith(skip_prefixes))
        for f in sorted(files):
            lower = f.lower()
            if f.startswith(skip_prefixes) or lower.split(".", 1)[0] in skip_stems:
                continue
            if lower.endswith(skip_suffixes) and not lower.endswith(known_suffixes):
                continue
            yield Path(root) / f


def _read(path: Path, *, settings: IngestSettings) -> bytes | InputError:
    name = display_name(path)
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return _error("E004", name)
    except OSError as exc:
        return _error("E005", name, reason=exc.strerror or type(exc).__name__)
    if not stat.S_ISREG(st.st_mode):
        # Reading a FIFO or device would block or never end.
        return _error("E005", name, reason="not a regular file")
    limit = settings.max_bytes
    if st.st_size > limit:
        return _error("E003", name, size=st.st_size, limit=limit)
    try:
        with open(path, "rb") as fh:
            # read(n) allocates n bytes up front: ask for what the file holds.
            return fh.read(st.st_size + 1)
    except OSError as exc:
        return _error("E005", name, reason=exc.strerror or type(exc).__name__)


def _read_stdin(limit: int) -> bytes:
    """Up to limit + 1 bytes (one more tells that it is too large), in
    pieces: read(limit + 1) would allocate the whole limit up front."""
    chunks, size = [], 0
    while size <= limit:
        chunk = sys.stdin.buffer.read(min(1 << 20, limit + 1 - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def _inputs(paths: Iterable[str], *, settings: IngestSettings) -> Iterator[tuple[str, bytes | InputError]]:
    seen: set[str] = set()
    for p in paths:
        if p == "-":
            yield _STDIN_NAME, _read_stdin(settings.max_bytes)
            continue
        path = Path(p)
        problems: list[InputError] = []
        files = _folder_files(path, problems) if path.is_dir() else [path]
        for f in files:
            while problems:
                problem = problems.pop(0)
                yield problem.path, problem
            key = os.path.abspath(f)
            if key in seen:
                continue
            seen.add(key)
            yield display_name(f), _read(f, settings=settings)
        for problem in problems:
            yield problem.path, problem


def ingest_paths(
    paths: Iterable[str],
    *,
    store: Store | None = None,
    settings: IngestSettings | None = None,
    config: Config | None = None,
    on_error: Callable[[InputError], None] | None = None,
    on_article: Callable[[Article, bool], None] | None = None,
) -> IngestResult:
    """Ingest every path (file, folder recursively, or '-' for stdin).

    Each article is committed to ``store`` in its own transaction as soon as
    it is ready.  A bad file becomes an InputError in the result (and is passed
    to ``on_error``, as are warnings); the batch goes on.
    """
    settings = stage_settings(IngestSettings, settings, config)
    result = IngestResult()
    seen_ids: set[str] = set()  # without a store: same content twice in one run

    def report(err: InputError) -> None:
        (result.warnings if err.code in WARNING_CODES else result.errors).append(err)
        if on_error:
            on_error(err)

    def keep(article: Article, *, stored: bool = False) -> str:
        # ``stored``: read back from the store (a known input file): writing
        # it again would change nothing, and cost a JSON encoding and a
        # transaction an article on every re-run.
        if stored:
            new = False
        elif store is not None:
            new = store.add_article(article)
        else:
            new = article.id not in seen_ids
            seen_ids.add(article.id)
        (result.added if new else result.known).append(article)
        if on_article:
            on_article(article, new)
        return article.id

    def known(raw_hash: str) -> Article | None:
        article_id = store.has_input(raw_hash) if store is not None else None
        return store.article(article_id) if article_id else None

    for name, data in _inputs(paths, settings=settings):
        if isinstance(data, InputError):
            report(data)
            continue
        file_hash = hashlib.sha256(data).hexdigest()
        marker = f"ingest:file:{file_hash}"
        if store is not None:
            ids = store.get_kv(marker) or ([store.has_input(file_hash)] if store.has_input(file_hash) else [])
            stored = [a for a in (store.article(i) for i in ids) if a is not None]
            if stored and len(stored) == len(ids):
                for article in stored:
                    keep(article, stored=True)
                continue
        ids, failed = [], False
        for item in _documents(data, name, settings=settings, known=known if store is not None else None):
            if not isinstance(item, InputError):
                try:
                    ids.append(keep(item))
                    continue
                except (sqlite3.DataError, sqlite3.IntegrityError, UnicodeError, ValueError, OverflowError) as exc:
                    item = _error("E016", item.path, reason=_reason(exc))
            failed = failed or item.code not in WARNING_CODES
            report(item)
        if store is not None and not failed and ids and detect_format(name, data) in _MULTI_RECORD:
            store.set_kv(marker, ids)
    return result
