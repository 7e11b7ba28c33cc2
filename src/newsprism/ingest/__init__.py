"""Ingest: files, folders, stdin -> cleaned :class:`~newsprism.model.Article`.

read -> decode -> extract -> clean -> metadata -> language -> content hash.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..config import Config, load_config
from ..errors import E, InputError
from ..model import Article
from ..store import Store

__all__ = ["IngestResult", "ingest_paths", "ingest_bytes"]


@dataclass
class IngestResult:
    added: list[Article] = field(default_factory=list)  # new in the store
    known: list[Article] = field(default_factory=list)  # already stored (same content)
    errors: list[InputError] = field(default_factory=list)

    @property
    def articles(self) -> list[Article]:
        return self.added + self.known

    @property
    def ok(self) -> bool:
        return not self.errors


def _article_id(text: str) -> str:
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()[:16]


def ingest_bytes(data: bytes, name: str, *, config: Config | None = None) -> list[Article]:
    """Articles from one in-memory document (API uploads, stdin).  Raises InputError."""
    if not data.strip():
        raise InputError(E.E001.format(path=name), path=name, code="E001")
    text = data.decode("utf-8", errors="replace").strip()
    title = text.splitlines()[0].strip()
    return [Article(id=_article_id(text), path=name, text=text, title=title,
                    raw_hash=hashlib.sha256(data).hexdigest(), format="txt")]


def ingest_paths(
    paths: Iterable[str],
    *,
    store: Store | None = None,
    config: Config | None = None,
    on_error: Callable[[InputError], None] | None = None,
    on_article: Callable[[Article, bool], None] | None = None,
) -> IngestResult:
    """Ingest every path (file, folder recursively, or '-' for stdin).

    Each article is committed to ``store`` in its own transaction as soon as
    it is ready.  A bad file becomes an InputError in the result (and is passed
    to ``on_error``); the batch goes on.
    """
    config = config or load_config()
    result = IngestResult()
    files: list[Path] = []
    for p in paths:
        path = Path(p)
        if path.is_dir():
            files.extend(sorted(f for f in path.rglob("*") if f.is_file()))
        else:
            files.append(path)
    for f in files:
        try:
            if not f.exists():
                raise InputError(E.E004.format(path=f), path=str(f), code="E004")
            articles = ingest_bytes(f.read_bytes(), str(f), config=config)
        except InputError as err:
            result.errors.append(err)
            if on_error:
                on_error(err)
            continue
        for article in articles:
            new = store.add_article(article) if store is not None else True
            (result.added if new else result.known).append(article)
            if on_article:
                on_article(article, new)
    return result
