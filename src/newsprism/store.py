"""The SQLite store under every stage.

One file, WAL journal, schema versioned by ``PRAGMA user_version`` with
forward-only migrations.  Each article is committed in its own transaction,
so a killed run loses nothing already committed and a re-run only does new
work: analyses are cached by article id (itself the content hash) and the
analyzer version, story reports by the set of their articles.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import time
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import E, StoreError
from .jsonparts import json_parts
from .decode import decode, encode, gc_paused
from .model import AnalyzedArticle, Article, Story, StoryReport

# numpy is imported where a vector is read or written, not here: a re-run
# with nothing new and the web app's first page open the store and read no
# vector, and numpy's import was about a tenth of a second of them.
if TYPE_CHECKING:
    import numpy as np

__all__ = ["Store", "SCHEMA_VERSION"]

# Each entry migrates from version i to i+1.  Never edit a shipped entry:
# append a new one.
_MIGRATIONS: list[str] = [
    # 0 -> 1
    """
    CREATE TABLE articles (
        id TEXT PRIMARY KEY,
        path TEXT NOT NULL,
        published TEXT,
        outlet TEXT,
        title TEXT,
        data TEXT NOT NULL,
        added REAL NOT NULL
    );
    CREATE INDEX articles_published ON articles(published);
    CREATE TABLE inputs (
        raw_hash TEXT PRIMARY KEY,
        path TEXT NOT NULL,
        article_id TEXT NOT NULL REFERENCES articles(id)
    );
    CREATE TABLE analyses (
        article_id TEXT PRIMARY KEY REFERENCES articles(id),
        version TEXT NOT NULL,
        data TEXT NOT NULL,
        embeddings BLOB,
        dim INTEGER
    );
    CREATE TABLE stories (
        id TEXT PRIMARY KEY,
        headline TEXT,
        data TEXT NOT NULL,
        updated REAL NOT NULL
    );
    CREATE TABLE story_members (
        article_id TEXT PRIMARY KEY REFERENCES articles(id),
        story_id TEXT NOT NULL
    );
    CREATE INDEX story_members_story ON story_members(story_id);
    CREATE TABLE reports (
        story_id TEXT PRIMARY KEY,
        key TEXT NOT NULL,
        data TEXT NOT NULL
    );
    CREATE TABLE kv (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    """,
    # 1 -> 2: per-article failures (an article that fails a stage is marked,
    # and every other article and command goes on); story ids that
    # re-clustering retired, pointing at the story that absorbed them.
    """
    CREATE TABLE failures (
        article_id TEXT PRIMARY KEY REFERENCES articles(id),
        stage TEXT NOT NULL,
        version TEXT NOT NULL,
        reason TEXT NOT NULL,
        at REAL NOT NULL
    );
    CREATE TABLE story_aliases (
        old_id TEXT PRIMARY KEY,
        new_id TEXT NOT NULL
    );
    """,
    # 2 -> 3: what reconcile needs from analyze without redoing it: the
    # spaCy parse of each analysis (tokens, tags, dependencies, entities)
    # and the transformer's sentence vectors, computed once per text (by
    # whichever stage first needs one) and kept by the text's hash.
    """
    ALTER TABLE analyses ADD COLUMN parse BLOB;
    CREATE TABLE vectors (
        key TEXT PRIMARY KEY,
        dim INTEGER NOT NULL,
        vec BLOB NOT NULL
    );
    """,
    # 3 -> 4: each story's part of the export document (present/export.py's
    # story_part), kept by the hash of what it is built from, so that one
    # article more rebuilds only the parts of the stories it changed.
    """
    CREATE TABLE parts (
        key TEXT PRIMARY KEY,
        data TEXT NOT NULL
    );
    """,
    # 4 -> 5: each article's word bag for the grouping evidence (group/
    # explain.py's article_words), kept by the hash of its text, so that one
    # article more weighs the words of that article only.
    """
    CREATE TABLE words (
        key TEXT PRIMARY KEY,
        data TEXT NOT NULL
    );
    """,
    # 5 -> 6: the cross-encoder's reads (reconcile/cross.py), one row a batch
    # of pairs: its logits as float32 bytes, by a hash of the model and the
    # batch's texts, and the report key of the story that last read it, so
    # that a story reconciled again with the same batches (reconcile's code
    # moved) reads none again, and the table holds the current stories'.
    # A row is now one pair and its one logit (CrossEncoder.pair_key: a
    # pair's read no longer depends on its batch); a batch's row of an older
    # store matches no key and goes when its story is pruned.
    """
    CREATE TABLE reads (
        key TEXT PRIMARY KEY,
        owner TEXT NOT NULL,
        logits BLOB NOT NULL
    );
    CREATE INDEX reads_owner ON reads(owner);
    """,
]

SCHEMA_VERSION = len(_MIGRATIONS)


class Store:
    """A handle on one database file.  Use as a context manager."""

    def __init__(self, path: str | Path, *, readonly: bool = False) -> None:
        self.path = str(path)
        try:
            if readonly:
                uri = f"file:{Path(self.path).resolve()}?mode=ro"
                self.conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
            else:
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
                self.conn = sqlite3.connect(self.path, check_same_thread=False)
            self.conn.execute("PRAGMA busy_timeout = 10000")
            if not readonly:
                self.conn.execute("PRAGMA journal_mode = WAL")
                self.conn.execute("PRAGMA synchronous = NORMAL")
            self._migrate(readonly=readonly)
            self._version = self.schema_version
        except sqlite3.DatabaseError as exc:
            raise StoreError(E.E030.format(path=self.path, reason=exc)) from None

    # ------------------------------------------------------------ lifecycle

    def _migrate(self, *, readonly: bool) -> None:
        (version,) = self.conn.execute("PRAGMA user_version").fetchone()
        if version > SCHEMA_VERSION:
            raise StoreError(E.E031.format(path=self.path, found=version, known=SCHEMA_VERSION))
        if readonly or version == SCHEMA_VERSION:
            return
        for i in range(version, SCHEMA_VERSION):
            with self.conn:
                self.conn.executescript("BEGIN;" + _MIGRATIONS[i] + f"; PRAGMA user_version = {i + 1};")

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        return self.conn.execute("PRAGMA user_version").fetchone()[0]

    # ------------------------------------------------------------- articles

    def has_input(self, raw_hash: str) -> str | None:
        row = self.conn.execute("SELECT article_id FROM inputs WHERE raw_hash = ?", (raw_hash,)).fetchone()
        return row[0] if row else None

    def add_article(self, article: Article) -> bool:
        """Store an article in its own transaction.  False if it was already there."""
        data = json.dumps(encode(article), ensure_ascii=False)
        with self.conn:
            cur = self.conn.execute(
                "INSERT OR IGNORE INTO articles (id, path, published, outlet, title, data, added)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (article.id, article.path, article.published, article.outlet, article.title, data, time.time()),
            )
            if article.raw_hash:
                self.conn.execute(
                    "INSERT OR IGNORE INTO inputs (raw_hash, path, article_id) VALUES (?, ?, ?)",
                    (article.raw_hash, article.path, article.id),
                )
        return cur.rowcount == 1

    def articles_state(self) -> tuple[int, float | None]:
        """(article count, time the newest was added): changes only on ingest,
        unlike the file's mtime, which every pipeline run moves."""
        count, newest = self.conn.execute("SELECT COUNT(*), MAX(added) FROM articles").fetchone()
        return count, newest

    def article(self, article_id: str) -> Article | None:
        row = self.conn.execute("SELECT data FROM articles WHERE id = ?", (article_id,)).fetchone()
        return decode(Article, json.loads(row[0])) if row else None

    def articles(self) -> list[Article]:
        """Every article, oldest publication first (unknown dates last), then by id."""
        rows = self.conn.execute(
            "SELECT data FROM articles ORDER BY published IS NULL, published, id"
        ).fetchall()
        return [decode(Article, json.loads(r[0])) for r in rows]

    def article_ids(self) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT id FROM articles ORDER BY published IS NULL, published, id")]

    def count_articles(self) -> int:
        return self.conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]

    def find_article(self, ref: str) -> Article:
        """An article by id, path or url; else by id prefix; else by a piece of
        its path or url ("tunnels" finds examples/txt/tunnels-deir-hamadieh.txt)."""
        url = "json_extract(data, '$.url')"
        rows = self.conn.execute(
            f"SELECT id FROM articles WHERE id = ? OR path = ? OR {url} = ?", (ref, ref, ref)
        ).fetchall()
        if not rows:
            rows = self.conn.execute("SELECT id FROM articles WHERE id LIKE ?", (ref + "%",)).fetchall()
        if not rows:
            pattern = "%" + ref.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            rows = self.conn.execute(
                f"SELECT id FROM articles WHERE path LIKE ? ESCAPE '\\' OR {url} LIKE ? ESCAPE '\\'",
                (pattern, pattern),
            ).fetchall()
        ids = sorted({r[0] for r in rows})
        if not ids:
            raise StoreError(E.E032.format(ref=ref, db=self.path))
        if len(ids) > 1:
            raise StoreError(E.E033.format(ref=ref, matches=", ".join(i[:12] for i in ids[:6])))
        article = self.article(ids[0])
        assert article is not None
        return article

    # ------------------------------------------------------------- analyses

    def put_analysis(self, analyzed: AnalyzedArticle) -> None:
        emb = analyzed.embeddings
        blob, dim = None, None
        if emb is not None and len(emb):
            import numpy as np

            arr = np.asarray(emb, dtype=np.float16)
            blob, dim = arr.tobytes(), int(arr.shape[1])
        data = encode(analyzed)
        data.pop("article", None)  # stored once, in articles
        with self.conn:
            self.conn.execute(
                "INSERT OR REPLACE INTO analyses (article_id, version, data, embeddings, dim, parse)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (analyzed.article.id, analyzed.analyzer_version, json.dumps(data, ensure_ascii=False), blob, dim,
                 analyzed.parse),
            )

    def analysis(self, article_id: str, version: str | None = None, *, parse: bool = False) -> AnalyzedArticle | None:
        """The cached analysis, or None if missing or made by another analyzer
        version; with its stored parse if ``parse`` (else ``parse`` is None:
        the parse is as big as the analysis, and only reconcile reads it, a
        story at a time: :meth:`parses`)."""
        row = self.conn.execute(
            f"SELECT a.version, a.data, a.embeddings, a.dim, r.data,"
            f" {'a.parse' if self._version >= 3 and parse else 'NULL'} FROM analyses a"
            " JOIN articles r ON r.id = a.article_id WHERE a.article_id = ?",
            (article_id,),
        ).fetchone()
        if row is None or (version is not None and row[0] != version):
            return None
        data = json.loads(row[1])
        data["article"] = json.loads(row[4])
        analyzed = decode(AnalyzedArticle, data)
        if row[2] is not None:
            import numpy as np

            analyzed.embeddings = np.frombuffer(row[2], dtype=np.float16).reshape(-1, row[3]).astype(np.float32)
        analyzed.parse = row[5]
        return analyzed

    def parses(self, article_ids: list[str]) -> dict[str, bytes]:
        """The stored parses of these articles (those that have one)."""
        if self._version < 3:
            return {}
        out: dict[str, bytes] = {}
        step = 500  # SQLite's bound on parameters of one statement
        for i in range(0, len(article_ids), step):
            part = article_ids[i : i + step]
            out.update(self.conn.execute(
                f"SELECT article_id, parse FROM analyses WHERE parse IS NOT NULL AND article_id IN"
                f" ({','.join('?' * len(part))})", part).fetchall())
        return out

    # -------------------------------------------------------------- vectors

    def vectors(self, keys: list[str]) -> dict[str, np.ndarray]:
        """Kept sentence vectors by key (see :meth:`put_vectors`), float32;
        keys not kept are missing from the result."""
        out: dict[str, np.ndarray] = {}
        if self._version < 3:  # an older store opened read-only: none kept
            return out
        import numpy as np

        step = 500  # SQLite's bound on parameters of one statement
        for i in range(0, len(keys), step):
            part = keys[i : i + step]
            rows = self.conn.execute(
                f"SELECT key, dim, vec FROM vectors WHERE key IN ({','.join('?' * len(part))})", part
            ).fetchall()
            for key, dim, vec in rows:
                out[key] = np.frombuffer(vec, dtype=np.float16).reshape(dim).astype(np.float32)
        return out

    def put_vectors(self, vectors: dict[str, np.ndarray]) -> None:
        """Keep sentence vectors (float16) under their keys, in one transaction."""
        if not vectors:
            return
        import numpy as np

        rows = [(k, int(v.shape[-1]), np.asarray(v, dtype=np.float16).tobytes()) for k, v in vectors.items()]
        with self.conn:
            self.conn.executemany("INSERT OR REPLACE INTO vectors (key, dim, vec) VALUES (?, ?, ?)", rows)

    # ------------------------------------------------------------- failures

    def mark_failed(self, article_id: str, *, stage: str, reason: str, version: str) -> None:
        """Record that ``article_id`` failed ``stage`` under analyzer ``version``;
        it is not retried until the version changes."""
        with self.conn:
            self.conn.execute(
                "INSERT OR REPLACE INTO failures (article_id, stage, version, reason, at) VALUES (?, ?, ?, ?, ?)",
                (article_id, stage, version, reason, time.time()),
            )

    def failure(self, article_id: str, version: str | None = None) -> dict[str, str] | None:
        """``{"stage", "reason", "version"}`` if the article is marked failed (under ``version``)."""
        row = self.conn.execute(
            "SELECT stage, reason, version FROM failures WHERE article_id = ?", (article_id,)
        ).fetchone()
        if row is None or (version is not None and row[2] != version):
            return None
        return {"stage": row[0], "reason": row[1], "version": row[2]}

    def failures(self, version: str | None = None) -> dict[str, dict[str, str]]:
        rows = self.conn.execute("SELECT article_id, stage, reason, version FROM failures ORDER BY article_id")
        return {r[0]: {"stage": r[1], "reason": r[2], "version": r[3]} for r in rows
                if version is None or r[3] == version}

    # -------------------------------------------------------------- stories

    def replace_stories(self, stories: list[Story]) -> None:
        """Replace the whole story partition (batch clustering).

        Only the rows of stories that changed are written (a story whose
        stored text is the same is left as it is, ``updated`` included: the
        time it last changed), and those of stories gone are deleted: one
        article more rewrote every story and its members.

        A story id that disappears stays valid: it becomes an alias of the
        new story holding most of its articles, so a link to it still leads
        to where its articles went."""
        now = time.time()
        kept = dict(self.conn.execute("SELECT id, data FROM stories"))
        texts = {s.id: json.dumps(encode(s), ensure_ascii=False) for s in stories}
        new_of = {a: s.id for s in stories for a in s.articles}
        aliases = []
        for sid, data in kept.items():
            if sid in texts:
                continue
            votes: dict[str, int] = {}
            for a in json.loads(data).get("articles", []):
                if a in new_of:
                    votes[new_of[a]] = votes.get(new_of[a], 0) + 1
            if votes:
                aliases.append((sid, max(sorted(votes), key=lambda k: votes[k])))
        changed = [s for s in stories if kept.get(s.id) != texts[s.id]]
        gone = [(sid,) for sid in kept if sid not in texts]
        with self.conn:
            # Aliases pointing at a retired id follow it to its new home.
            for sid, target in aliases:
                self.conn.execute("UPDATE story_aliases SET new_id = ? WHERE new_id = ?", (target, sid))
            self.conn.executemany("INSERT OR REPLACE INTO story_aliases (old_id, new_id) VALUES (?, ?)", aliases)
            self.conn.executemany("DELETE FROM story_aliases WHERE old_id = ?", [(i,) for i in texts])
            self.conn.executemany("DELETE FROM stories WHERE id = ?", gone)
            self.conn.executemany("DELETE FROM story_members WHERE story_id = ?",
                                  gone + [(s.id,) for s in changed])
            for s in changed:
                self.conn.execute(
                    "INSERT OR REPLACE INTO stories (id, headline, data, updated) VALUES (?, ?, ?, ?)",
                    (s.id, s.headline, texts[s.id], now),
                )
                self.conn.executemany(
                    "INSERT OR REPLACE INTO story_members (article_id, story_id) VALUES (?, ?)",
                    [(a, s.id) for a in s.articles],
                )

    def put_story(self, story: Story) -> None:
        """Insert or update one story (streaming clustering)."""
        with self.conn:
            self.conn.execute(
                "INSERT OR REPLACE INTO stories (id, headline, data, updated) VALUES (?, ?, ?, ?)",
                (story.id, story.headline, json.dumps(encode(story), ensure_ascii=False), time.time()),
            )
            self.conn.executemany(
                "INSERT OR REPLACE INTO story_members (article_id, story_id) VALUES (?, ?)",
                [(a, story.id) for a in story.articles],
            )

    def delete_story(self, story_id: str) -> None:
        with self.conn:
            self.conn.execute("DELETE FROM stories WHERE id = ?", (story_id,))
            self.conn.execute("DELETE FROM reports WHERE story_id = ?", (story_id,))

    def stories(self) -> list[Story]:
        rows = self.conn.execute("SELECT data FROM stories ORDER BY id").fetchall()
        return [decode(Story, json.loads(r[0])) for r in rows]

    def story(self, ref: str) -> Story:
        rows = self.conn.execute("SELECT data FROM stories WHERE id = ? OR id LIKE ?", (ref, ref + "%")).fetchall()
        if not rows and self.story_alias(ref):
            rows = self.conn.execute("SELECT data FROM stories WHERE id = ?", (self.story_alias(ref),)).fetchall()
        if len(rows) != 1:
            raise StoreError(E.E034.format(ref=ref, db=self.path))
        return decode(Story, json.loads(rows[0][0]))

    def story_alias(self, ref: str) -> str | None:
        """The current id of a retired story id (or None)."""
        row = self.conn.execute("SELECT new_id FROM story_aliases WHERE old_id = ?", (ref,)).fetchone()
        return row[0] if row else None

    def story_aliases(self) -> dict[str, str]:
        return dict(self.conn.execute("SELECT old_id, new_id FROM story_aliases").fetchall())

    def story_of(self, article_id: str) -> str | None:
        row = self.conn.execute("SELECT story_id FROM story_members WHERE article_id = ?", (article_id,)).fetchone()
        return row[0] if row else None

    # -------------------------------------------------------------- reports

    def put_report(self, report: StoryReport, key: str) -> None:
        with self.conn:
            self.conn.execute(
                "INSERT OR REPLACE INTO reports (story_id, key, data) VALUES (?, ?, ?)",
                (report.story.id, key, json.dumps(encode(report), ensure_ascii=False)),
            )

    def report(self, story_id: str, key: str | None = None) -> StoryReport | None:
        row = self.conn.execute("SELECT key, data FROM reports WHERE story_id = ?", (story_id,)).fetchone()
        if row is None or (key is not None and row[0] != key):
            return None
        return decode(StoryReport, json.loads(row[1]))

    def report_digests(self) -> dict[str, tuple[str, str]]:
        """Story id -> (its cached report's key, the sha256 of the report's
        stored text): what a report says, read without decoding it."""
        return {sid: (key, hashlib.sha256(data.encode("utf-8")).hexdigest())
                for sid, key, data in self.conn.execute("SELECT story_id, key, data FROM reports")}

    def _keyed_rows(self, select: str, keys: list[str]) -> Iterator[tuple[Any, ...]]:
        """The rows of ``select`` (a SELECT whose first column is ``key``)
        for ``keys``, a bounded number of keys a statement."""
        step = 500  # SQLite's bound on parameters of one statement
        for i in range(0, len(keys), step):
            part = keys[i : i + step]
            yield from self.conn.execute(f"{select} WHERE key IN ({','.join('?' * len(part))})", part)

    # ---------------------------------------------------------------- parts

    def parts(self, keys: list[str]) -> dict[str, str]:
        """Kept export parts (their JSON text) by key; keys not kept are
        missing from the result."""
        if self._version < 4:  # an older store opened read-only: none kept
            return {}
        return dict(self._keyed_rows("SELECT key, data FROM parts", keys))

    def keep_parts(self, new: dict[str, str], *, keep: set[str]) -> None:
        """Keep the parts ``new`` (key -> JSON text) and drop every kept part
        whose key is not in ``keep`` (the current document's): the table
        holds one document's parts, not every document's ever built."""
        if self._version < 4:
            return
        with self.conn:
            self.conn.executemany("INSERT OR REPLACE INTO parts (key, data) VALUES (?, ?)", list(new.items()))
            gone = [(k,) for (k,) in self.conn.execute("SELECT key FROM parts") if k not in keep]
            self.conn.executemany("DELETE FROM parts WHERE key = ?", gone)

    # ---------------------------------------------------------------- words

    def word_bags(self, keys: list[str]) -> dict[str, dict[str, float]]:
        """Kept word bags (word -> Zipf value) by key (group/explain.py's
        words_key); keys not kept are missing from the result."""
        if self._version < 5:  # an older store opened read-only: none kept
            return {}
        return {key: json.loads(data) for key, data in self._keyed_rows("SELECT key, data FROM words", keys)}

    def keep_word_bags(self, new: dict[str, dict[str, float]], *, keep: set[str]) -> None:
        """Keep the word bags ``new`` (key -> bag) and drop every kept bag
        whose key is not in ``keep`` (the current document's articles'):
        the table holds the bags of one document's texts."""
        if self._version < 5:
            return
        with self.conn:
            self.conn.executemany("INSERT OR REPLACE INTO words (key, data) VALUES (?, ?)",
                                  [(k, json.dumps(v, ensure_ascii=False)) for k, v in new.items()])
            gone = [(k,) for (k,) in self.conn.execute("SELECT key FROM words") if k not in keep]
            self.conn.executemany("DELETE FROM words WHERE key = ?", gone)

    # ---------------------------------------------------------------- reads

    def reads(self, keys: list[str]) -> dict[str, bytes]:
        """Kept cross-encoder reads (a pair's logit, float32 bytes) by key
        (reconcile/cross.py's ``CrossEncoder.pair_key``); keys not kept are
        missing from the result."""
        if self._version < 6:  # an older store opened read-only: none kept
            return {}
        return dict(self._keyed_rows("SELECT key, logits FROM reads", keys))

    def keep_reads(self, new: dict[str, bytes], used: Iterable[str], *, owner: str) -> None:
        """Keep the reads ``new`` and mark them and the kept reads ``used``
        as read by the story whose report key is ``owner``, in one
        transaction."""
        if self._version < 6:
            return
        with self.conn:
            self.conn.executemany("INSERT OR REPLACE INTO reads (key, owner, logits) VALUES (?, ?, ?)",
                                  [(k, owner, v) for k, v in new.items()])
            self.conn.executemany("UPDATE reads SET owner = ? WHERE key = ?", [(owner, k) for k in used])

    def prune_reads(self, *, keep: set[str]) -> None:
        """Drop every kept read whose story's report key is not in ``keep``
        (the current document's): the table holds one document's reads."""
        if self._version < 6:
            return
        with self.conn:
            gone = [(o,) for (o,) in self.conn.execute("SELECT DISTINCT owner FROM reads") if o not in keep]
            self.conn.executemany("DELETE FROM reads WHERE owner = ?", gone)

    # ------------------------------------------------------------- grouping

    def put_grouping(self, key: str, grouping: dict[str, Any]) -> None:
        """Keep the last batch grouping (as plain data) under ``key``, the hash
        of everything it was computed from; one is kept, the newest."""
        self.set_kv("grouping", {"key": key, "result": grouping})

    def grouping(self, key: str) -> dict[str, Any] | None:
        """The kept grouping if it was computed under ``key``, else None."""
        # The key is read by SQLite first, the grouping decoded only when it
        # matches: one article more asked for the grouping three times (the
        # kept document's check, the current key, the incremental base),
        # and decoding it (20 MB of JSON at 5,000 articles) each time was a
        # fifth of the run's glue (bench/RESULTS.md, session 18).
        row = self.conn.execute("SELECT json_extract(value, '$.key') FROM kv WHERE key = 'grouping'").fetchone()
        if row is None or row[0] != key:
            return None
        row = self.conn.execute("SELECT value FROM kv WHERE key = 'grouping'").fetchone()
        value = json.loads(row[0])
        return value.get("result") if value.get("key") == key else None

    def grouping_stories(self, key: str) -> list[dict[str, Any]] | None:
        """The kept grouping's stories (plain data) if it was computed under
        ``key``, else None: the rest of it (the similarities, nearly all of
        its text: 5.8 of 5.9 MB on ECB+ 1-35) is left to SQLite and not
        decoded, which a re-run with no new input needs none of."""
        row = self.conn.execute("SELECT json_extract(value, '$.key'), json_type(value, '$.result'), "
                                "json_extract(value, '$.result.stories') FROM kv WHERE key = 'grouping'").fetchone()
        if row is None or row[0] != key or row[1] != "object":
            return None
        return json.loads(row[2]) if row[2] is not None else []

    # ------------------------------------------------------------- document

    def analysis_versions(self) -> dict[str, str]:
        """Article id -> the analyzer version of its cached analysis (a
        look-up of what is cached, without reading any analysis)."""
        return dict(self.conn.execute("SELECT article_id, version FROM analyses"))

    def report_keys(self) -> dict[str, str]:
        """Story id -> the key its cached report was made under."""
        return dict(self.conn.execute("SELECT story_id, key FROM reports"))

    def put_document(self, key: str, document: dict[str, Any], *,
                     evidence: dict[str, Any] | None = None) -> str:
        """Keep the last export document under ``key``, the hash of
        everything it was built from; one is kept, the newest (zlib: the
        document repeats every article's text, and compresses about 6x).
        ``evidence``: what the web app and ``stories --why`` show of the
        document's grouping (group/explain.py), kept under the same key: it
        weighs every article's words, which each server start did again.
        Returns the document's hash (kept beside it: :meth:`document_hash`)."""
        # Compressed and hashed as it is encoded, a part (an article, a
        # story) at a time: no whole JSON text of the document beside the
        # document.  The hash lets a re-run with no new input see that the
        # outputs it wrote are current without encoding the document again.
        packer = zlib.compressobj(1)
        digest = hashlib.sha256()
        chunks = []
        for part in json_parts(document):
            data = part.encode("utf-8")
            digest.update(data)
            chunks.append(packer.compress(data))
        blob = b"".join([*chunks, packer.flush()])
        with self.conn:
            self.conn.execute("INSERT OR REPLACE INTO kv (key, value) VALUES ('document', ?)",
                              (json.dumps({"key": key, "hash": digest.hexdigest()}),))
            self.conn.execute("INSERT OR REPLACE INTO kv (key, value) VALUES ('document_data', ?)", (blob,))
            if evidence is None:
                self.conn.execute("DELETE FROM kv WHERE key = 'document_evidence'")
            else:
                self.conn.execute("INSERT OR REPLACE INTO kv (key, value) VALUES ('document_evidence', ?)",
                                  (json.dumps({"key": key, "evidence": evidence}),))
        return digest.hexdigest()

    def document_hash(self, key: str) -> str | None:
        """The sha256 of the kept document's JSON text (``json.dumps``,
        unindented) if it was built under ``key``, else None: read without
        decoding the document."""
        kept = self.get_kv("document") or {}
        return kept.get("hash") if kept.get("key") == key else None

    def document_evidence(self, key: str) -> dict[str, Any] | None:
        """The grouping evidence kept with the document built under ``key``,
        else None."""
        kept = self.get_kv("document_evidence") or {}
        return kept.get("evidence") if kept.get("key") == key else None

    def document(self, key: str) -> dict[str, Any] | None:
        """The kept export document if it was built under ``key``, else None."""
        if (self.get_kv("document") or {}).get("key") != key:
            return None
        row = self.conn.execute("SELECT value FROM kv WHERE key = 'document_data'").fetchone()
        if row is None or not isinstance(row[0], bytes):
            return None
        with gc_paused():  # most of a no-change run's CPU was the collector walking the objects decoded
            return json.loads(zlib.decompress(row[0]).decode("utf-8"))

    # ------------------------------------------------------------------ kv

    def get_kv(self, key: str, default: Any = None) -> Any:
        row = self.conn.execute("SELECT value FROM kv WHERE key = ?", (key,)).fetchone()
        return json.loads(row[0]) if row else default

    def set_kv(self, key: str, value: Any) -> None:
        with self.conn:
            self.conn.execute("INSERT OR REPLACE INTO kv (key, value) VALUES (?, ?)", (key, json.dumps(value)))

    def iter_analyses(self, version: str | None = None) -> Iterator[AnalyzedArticle]:
        for article_id in self.article_ids():
            a = self.analysis(article_id, version)
            if a is not None:
                yield a
