"""What the web app serves, from a store: the one place that wires the web
layer to the pipeline and to ingest.

present/web.py only knows the :class:`~newsprism.present.web.DocumentProvider`
shape (a state key, a build, an ingest); ``newsprism serve`` hands it a
:class:`StoreProvider`.  So the web layer never imports the pipeline, and a
test or a saved export can be served through another provider.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from .config import Config
from .errors import E, InputError
from .model import Article, to_dict

__all__ = ["StoreProvider"]


class StoreProvider:
    """The export document of the store at ``db``, recomputed by the pipeline
    (cached work reused), and ingest of uploads into that store."""

    def __init__(self, db: str | Path, *, config: Config) -> None:
        self.db = str(db)
        self.config = config

    def _store(self) -> Any:
        from .store import Store

        return Store(self.db)

    def state(self) -> tuple[Any, ...]:
        """Changes exactly when the served document must be rebuilt: the
        articles table changes only on ingest (the pipeline's own writes of
        stories and reports do not count)."""
        with self._store() as store:
            return store.articles_state()

    def build(self) -> tuple[dict[str, Any], dict[str, str], dict[str, Any] | None]:
        """(export document, retired story id -> current id, story id -> the
        grouping evidence kept with the document or None), new and changed
        claims since the previous run marked (the marks touch nothing the
        evidence reads)."""
        from .pipeline import process_store
        from .present.changes import track_changes

        with self._store() as store:
            result = process_store(store, config=self.config, document_only=True)
            doc = track_changes(store, result.document)
            return doc, store.story_aliases(), result.evidence

    def ingest(self, data: bytes, name: str,
               problems: list[str] | None = None) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """Ingest one upload into the store; (added, known) articles.  Raises
        InputError.  Records that fail while others go in (a truncated
        archive) are reported in ``problems`` instead of being lost."""
        from .ingest import ingest_bytes

        articles: list[Article] = ingest_bytes(
            data, name, settings=self.config.ingest,
            on_error=(lambda e: problems.append(str(e))) if problems is not None else None)
        added, known = [], []
        with self._store() as store:
            for a in articles:
                try:
                    new = store.add_article(a)
                except (ValueError, UnicodeError, sqlite3.DataError) as exc:
                    raise InputError(E.E016.format(path=name, reason=f"{type(exc).__name__}: {exc}"[:300]),
                                     path=name, code="E016") from None
                (added if new else known).append(to_dict(a))
        return added, known
