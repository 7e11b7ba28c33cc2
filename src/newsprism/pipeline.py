"""The stages wired together: what `newsprism analyze`, `export`, `brief` and
the web app all run, so that they always agree.

ingest -> analyze -> group -> reconcile -> present
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import logging
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any


from .version import __version__
from .analysis_version import analyzer_version
from .decode import decode, encode, gc_paused
from .fingerprint import fingerprint
from .config import Config, default_config
from .jsonparts import json_parts
from .errors import E
from .model import AnalyzedArticle, Article, Similarity, Story, StoryReport
from .store import Store
from .workers import stop_fork_server, worker_context

if TYPE_CHECKING:
    from .analyze.embed import PreciseEncoder
    from .group import GroupResult
    from .ingest import IngestResult

__all__ = ["CorpusResult", "process_store", "run", "write_outputs", "failed_article"]

log = logging.getLogger(__name__)

# Bump when reconcile's output changes, so cached story reports are redone.
RECONCILE_VERSION = "0.7"  # 0.7: provenance from self-identified outlets, reuse by sentence counterparts; 0.6: learned claim alignment, cliques, clause claims, key facts; 0.5: conflicts by referent, kinds and side sources; 0.4: entity types by vote, names by sources

Progress = Callable[[str, int, int], None]  # (stage, done, total)


# Reconcile and the export and brief, imported when first called: a re-run
# with no new input (the kept document, outputs already written) and the web
# app's first page call none of them, and importing the reconcile package
# (every step of it) was the largest import of such a run (bench/RESULTS.md,
# session 8).  Module attributes, so that tests and bench_stages.py can
# still wrap them here.
#
# Likewise the analyzer and grouping: such a run checks the analyzer version
# and the grouping's key (newsprism/analysis_version.py, file hashes) and
# imports neither package (bench/RESULTS.md, session 13).
def analyze_articles(*args: Any, **kwargs: Any) -> list[AnalyzedArticle]:
    from .analyze import analyze_articles as analyze

    return analyze(*args, **kwargs)


def group_articles(*args: Any, **kwargs: Any) -> GroupResult:
    from .group import group_articles as group

    return group(*args, **kwargs)


def precise_encoder() -> PreciseEncoder:
    from .analyze.embed import precise_encoder as encoder

    return encoder()


def read_keeper() -> Any:
    from .reconcile.cross import read_keeper as keeper

    return keeper()


def reconcile_story(*args: Any, **kwargs: Any) -> StoryReport:
    from .reconcile import reconcile_story as reconcile

    return reconcile(*args, **kwargs)


def build_export(*args: Any, **kwargs: Any) -> dict[str, Any]:
    from .present.export import build_export as build

    return build(*args, **kwargs)


def render_markdown(document: dict[str, Any]) -> str:
    from .present.brief import render_markdown as render

    return render(document)


def render_html(document: dict[str, Any]) -> str:
    from .present.brief import render_html as render

    return render(document)


@dataclass
class CorpusResult:
    analyzed: list[AnalyzedArticle] = field(default_factory=list)
    # None when the kept document was returned (nothing grouped in this
    # run): an empty GroupResult as the default imported the whole group
    # package, numpy and rapidfuzz with it, on every no-change re-run.
    grouping: GroupResult | None = None
    reports: list[StoryReport] = field(default_factory=list)
    document: dict[str, Any] = field(default_factory=dict)
    # story id -> why its articles were put together (group/explain.py's
    # evidence_for_all of ``document``), kept with the document; None when
    # the store kept none (the reader computes it then).
    evidence: dict[str, dict[str, Any]] | None = None
    # The sha256 of ``document``'s JSON text, kept beside it (Store.
    # document_hash); None when it was not kept.  write_outputs reads it
    # instead of encoding the whole document again to hash it.
    document_hash: str | None = None


# Top-level modules group and reconcile run on, besides their own packages:
# every one they import (a test holds the list to their imports): a stale report served after an edit to
# quotelist.py (the speakers every view shows) was how this list was found
# short.  config, errors and data are not here: settings are in the keys as
# values, messages change no output, data files are hashed whole.
_SHARED_MODULES = ("model.py", "names.py", "unionfind.py", "partial_dates.py", "quotelist.py", "backing.py")


def _code_fingerprint(*parts: str) -> str:
    """A hash of the code and data a cached result depends on: the modules
    of the named subpackages, the shared top-level modules they run on and
    every shipped data file."""
    return fingerprint(modules=_SHARED_MODULES, packages=parts, data=("*.*",))


def _group_settings_key(config: Config) -> str:
    """A hash of everything grouping depends on but the articles: analyzer
    version, group settings, the group code and shipped data."""
    settings = json.dumps({f"group.{k}": v for k, v in dataclasses.asdict(config.group).items()}, sort_keys=True)
    raw = "|".join([analyzer_version(settings=config.analyze, ingest_settings=config.ingest), __version__,
                    _code_fingerprint("group"), settings])
    return hashlib.sha256(raw.encode()).hexdigest()[:20]


def _group_key(ids: Sequence[str], config: Config) -> str:
    # Grouping is a function of the analyses (article id = content hash,
    # analyzer version), the group settings and the code: the same inputs
    # give the same stories, so a re-run with no new input reuses them.
    raw = "|".join([_group_settings_key(config), *sorted(ids)])
    return hashlib.sha256(raw.encode()).hexdigest()[:20]


# The store's record of the last full grouping that a small growth of the
# corpus may be regrouped from (see _regroup_where_new).
_GROUPING_BASE = "grouping_base"


def _grouping(analyzed: Sequence[AnalyzedArticle], store: Store, config: Config) -> GroupResult:
    """group_articles, or its cached result when nothing it reads changed,
    or (a large corpus grown a little) the last grouping with only the
    stories the new articles land in clustered again."""
    ids = [a.article.id for a in analyzed]
    key = _group_key(ids, config)
    cached = store.grouping(key)
    if cached is not None:
        from .group import GroupResult

        return decode(GroupResult, cached)
    base = store.get_kv(_GROUPING_BASE)
    grouping = _regroup_where_new(analyzed, store, config, base)
    if grouping is None:
        grouping = group_articles(analyzed, settings=config.group)
        base = _full_base(analyzed, config)
    else:
        base = dict(base, ids=sorted(set(ids)))
    store.put_grouping(key, encode(grouping))
    if base is not None:
        store.set_kv(_GROUPING_BASE, dict(base, key=key))
    else:
        store.set_kv(_GROUPING_BASE, None)
    return grouping


def _full_base(analyzed: Sequence[AnalyzedArticle], config: Config) -> dict[str, Any] | None:
    """The base a later incremental regrouping starts from
    (:func:`newsprism.group.incremental.corpus_base`, with the settings it
    holds for); None for a corpus too small (group.incremental_min_articles).
    A corpus over group.batch_max_articles (grouped by the streaming
    clusterer) keeps one too: one article more past that size regrouped the
    whole corpus (about 120 CPU s at 5,001 articles, bench/RESULTS.md
    session 14)."""
    settings = config.group
    n = len({a.article.id for a in analyzed})
    if settings.incremental_max_growth <= 0 or n < settings.incremental_min_articles:
        return None
    from .group.incremental import corpus_base

    return {"settings": _group_settings_key(config), **corpus_base(analyzed)}


def _regroup_where_new(analyzed: Sequence[AnalyzedArticle], store: Store, config: Config,
                       base: dict[str, Any] | None) -> GroupResult | None:
    """The last grouping with only the stories the new articles land in
    clustered again (:func:`newsprism.group.incremental.regroup_new`), or
    None when the whole corpus must be grouped.

    The rule (settings group.incremental_*): the last full grouping covered
    at least group.incremental_min_articles articles, under the same
    analyzer, group settings and code; every article it covered is still
    there (ids are content hashes: an edited article is a removed one); the
    corpus has grown by at most group.incremental_max_growth of it since.
    Past the bound the whole corpus is grouped again, and that grouping is
    the next base.  Over group.batch_max_articles the same holds: the kept
    grouping is the streaming clusterer's, and the stories the new articles
    land in are clustered again in batch (their block is small) under the
    base's corpus statistics; every other story is kept as the stream made
    it."""
    settings = config.group
    if not base or settings.incremental_max_growth <= 0 or base.get("settings") != _group_settings_key(config):
        return None
    kept = store.grouping(base.get("key", ""))
    by_id: dict[str, AnalyzedArticle] = {}
    for a in analyzed:
        by_id.setdefault(a.article.id, a)
    old = set(base["ids"])
    added = sorted(by_id.keys() - old)
    full = int(base["full"])
    if kept is None or not added or not old <= by_id.keys() or len(by_id) - full > settings.incremental_max_growth * full:
        return None
    from .group import CorpusStats, GroupResult
    from .group.incremental import regroup_new

    stats = CorpusStats(articles=int(base["stats"]["articles"]), df=base["stats"]["df"])
    return regroup_new(decode(GroupResult, kept), by_id, added, stats=stats, settings=settings)


# Settings that say how reconcile runs, not what it finds: the same reports
# whatever their values, so they are not part of the report key.
_HOW_NOT_WHAT = frozenset({"reconcile.processes", "reconcile.parallel_min_articles"})


def _report_key(ids: Sequence[str], config: Config, *, prefix: str | None = None) -> str:
    """A story's report key; ``prefix``: :func:`_report_key_prefix` of the
    same config, computed once for every story of a run."""
    prefix = _report_key_prefix(config) if prefix is None else prefix
    raw = "|".join([prefix, *sorted(ids)])
    return hashlib.sha256(raw.encode()).hexdigest()[:20]


def _report_key_prefix(config: Config) -> str:
    """The part of every report key that is not the story's articles.  Built
    once a run, not once a story: it cost 2 ms a story (the analyzer version
    and the settings' JSON), the largest part of a no-change re-run that
    grew with the corpus (bench/RESULTS.md, session 10)."""
    # Settings that change reconcile's output are part of the key, so a
    # changed threshold redoes the reports instead of serving stale ones.
    settings = json.dumps({name: v for k, v in dataclasses.asdict(config.reconcile).items()
                           if (name := f"reconcile.{k}") not in _HOW_NOT_WHAT}, sort_keys=True)
    # The analyzer version as analyses are cached (embedding mode, date
    # order): reports built on other analyses are other reports.
    return "|".join([analyzer_version(settings=config.analyze, ingest_settings=config.ingest), RECONCILE_VERSION,
                     _code_fingerprint("reconcile"), settings])


@dataclass
class _Job:
    """One story to reconcile: its place in the story list, its report key,
    its articles (analyses) and the group stage's similarities inside it."""

    index: int
    key: str
    story: Story
    members: list[AnalyzedArticle]
    similarities: list[Similarity]


class _NewVectors:
    """A read-only view of a store's kept sentence vectors and cross-encoder
    reads that records those computed meanwhile instead of writing them: a
    worker process hands them back, and the one process that writes the
    store keeps them.  The reads found kept are recorded too (``used``):
    they now belong to the story being reconciled (Store.keep_reads)."""

    def __init__(self, db: str) -> None:
        self.db = db
        self.computed: dict[str, Any] = {}
        self.new_reads: dict[str, bytes] = {}
        self.used: set[str] = set()

    def vectors(self, keys: list[str]) -> dict[str, Any]:
        with Store(self.db, readonly=True) as store:
            return store.vectors(keys)

    def put_vectors(self, vectors: dict[str, Any]) -> None:
        self.computed.update(vectors)

    def reads(self, keys: list[str]) -> dict[str, bytes]:
        with Store(self.db, readonly=True) as store:
            found = store.reads(keys)
        self.used.update(found)
        return found

    def put_reads(self, reads: dict[str, bytes]) -> None:
        self.new_reads.update(reads)


class _StoreReads:
    """The cross-encoder's reads of one story reconciled in this process:
    read from ``store``, the new ones and the kept ones used recorded for
    Store.keep_reads after the story."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.new_reads: dict[str, bytes] = {}
        self.used: set[str] = set()

    def reads(self, keys: list[str]) -> dict[str, bytes]:
        found = self.store.reads(keys)
        self.used.update(found)
        return found

    def put_reads(self, reads: dict[str, bytes]) -> None:
        self.new_reads.update(reads)


def _keep_reads(store: Store, key: str, new: dict[str, bytes], used: set[str]) -> None:
    """Keep a story's cross-encoder reads under its report key ``key``."""
    if new or used:
        try:
            store.keep_reads(new, used - new.keys(), owner=key)
        except Exception:  # noqa: BLE001 - a busy or read-only store: only slower next time
            pass


def _reconcile_here(job: _Job, store: Store, config: Config) -> tuple[StoryReport | None, str | None]:
    """One story reconciled in this process, its cross-encoder reads kept."""
    reads = _StoreReads(store)
    with read_keeper().backed_by(reads):
        report, reason = _reconcile_one(_with_parses(job, store), config)
    _keep_reads(store, job.key, reads.new_reads, reads.used)
    return report, reason


def _reconcile_one(job: _Job, config: Config) -> tuple[StoryReport | None, str | None]:
    """reconcile_story on a job; (report, None), or (None, reason) when it
    raised: one story must not take the others down."""
    try:
        return reconcile_story(job.story, job.members, settings=config.reconcile,
                               analyze_settings=config.analyze, similarities=job.similarities), None
    except Exception as exc:  # noqa: BLE001 - reported by the caller (E065), the other stories go on
        return None, f"{type(exc).__name__}: {exc}"[:300]


def _with_parses(job: _Job, store: Store) -> _Job:
    """The job with its articles' stored parses (read a story at a time:
    the parses of a whole corpus are as big as its analyses)."""
    parses = store.parses([m.article.id for m in job.members if m.parse is None])
    members = [dataclasses.replace(m, parse=parses[m.article.id]) if m.article.id in parses else m
               for m in job.members]
    return dataclasses.replace(job, members=members)


def _worker_job(job: _Job, ids: list[str], version: str, config: Config,
                db: str) -> tuple[StoryReport | None, str | None, _NewVectors | None]:
    """In a worker process: one story, its analyses (with their parses) and
    kept sentence vectors and cross-encoder reads read from the store at
    ``db`` (read-only), those it computed (and the reads it found) handed
    back.  The job comes without its analyses
    (``ids`` names them): the parent pickles no analysis, and a worker holds
    one story's at a time."""
    with Store(db, readonly=True) as store:
        members = [store.analysis(i, version, parse=True) for i in ids]
    missing = [i for i, m in zip(ids, members) if m is None]
    if missing:
        return None, f"analysis of {missing[0]} not in the store under {version}", None
    job = dataclasses.replace(job, members=members)
    backing = _NewVectors(db)
    with precise_encoder().backed_by(backing), read_keeper().backed_by(backing):
        report, reason = _reconcile_one(job, config)
    return report, reason, backing


def _worker_init(parent: int | None) -> None:
    from .analyze import _die_with_parent

    # Forked by the fork server (parent None), this worker's parent is that
    # server, which exits when the process that started it does.
    _die_with_parent(os.getppid() if parent is None else parent)


# What a reconcile worker imports before its first story: torch and the
# libraries the sentence transformer is read with (analyze/bert.py), spaCy
# and every reconcile step (with sentence-transformers instead of bert.py,
# about 7 CPU s a process on this machine: bench/RESULTS.md, session 9).  Where
# the platform has one, the workers are forked from multiprocessing's fork
# server with these imported there once, instead of each worker importing
# them again from scratch ("spawn").  Only imported: no model is loaded and
# no thread started before the fork (torch's and the tokenizer's thread
# pools must not be forked), and the computation in the worker is the
# same, so are the reports.  spaCy's English stop words (claims) would
# otherwise be imported by each worker's first story (about 0.4 CPU s).
_WORKER_PRELOAD = ("newsprism.reconcile", "newsprism.analyze.embed", "newsprism.analyze.bert", "torch",
                   "tokenizers", "safetensors.torch", "spacy.lang.en")


def _workers(todo: Sequence[_Job], store: Store, config: Config) -> int:
    """How many worker processes reconcile ``todo``: none for a few
    articles, where starting workers (imports, the transformer's load: a
    few CPU seconds each) costs more than they save, or for a store in
    memory, which a worker cannot open."""
    processes = config.reconcile.processes
    articles = sum(len(j.members) for j in todo)
    if processes < 2 or len(todo) < 2 or store.path == ":memory:" or not Path(store.path).is_file():
        return 0
    if articles < config.reconcile.parallel_min_articles:
        return 0
    return min(processes, len(todo))


def _reconcile_all(todo: Sequence[_Job], *, store: Store,
                   config: Config) -> Iterator[tuple[_Job, StoryReport | None, str | None]]:
    """Reconcile every job; yield (job, report or None, reason it failed)
    as each is done (in parallel: in the order they finish).

    The transformer's sentence vectors are kept in the store by text: a
    story redone (one more article, a changed setting) encodes only new
    texts; the cross-encoder's reads are kept by batch (reconcile/cross.py),
    so a story redone with the same batches (reconcile's code moved) reads
    none again.  With ``reconcile.processes`` > 1 and enough articles to do,
    worker processes (forked from the fork server, see _WORKER_PRELOAD) reconcile the stories, the
    largest first so that no worker is left with a big one at the end.
    Stories are independent and reconcile is deterministic, so the
    reports are the ones one process makes; the vectors a worker computes
    come back here, the one process that writes the store."""
    workers = _workers(todo, store, config)
    if not workers:
        with precise_encoder().backed_by(store):
            for job in todo:
                report, reason = _reconcile_here(job, store, config)
                yield job, report, reason
        return
    largest_first = sorted(todo, key=lambda j: (-sum(len(m.article.text) for m in j.members), j.index))
    context, parent = worker_context(_WORKER_PRELOAD)
    try:
        yield from _pooled(largest_first, workers, context, parent, store=store, config=config)
    finally:
        stop_fork_server(context)


def _pooled(jobs: Sequence[_Job], workers: int, context: Any, parent: int | None, *, store: Store,
            config: Config) -> Iterator[tuple[_Job, StoryReport | None, str | None]]:
    """:func:`_reconcile_all` in ``workers`` processes of ``context``."""
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from concurrent.futures.process import BrokenProcessPool

    with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_worker_init,
                             initargs=(parent,)) as pool:
        version = analyzer_version(settings=config.analyze, ingest_settings=config.ingest)
        futures = {pool.submit(_worker_job, dataclasses.replace(job, members=[]), [m.article.id for m in job.members],
                               version, config, store.path): job for job in jobs}
        for f in as_completed(futures):
            job = futures[f]
            try:
                report, reason, kept = f.result()
            except BrokenProcessPool:
                # A worker died (out of memory, most likely) under this
                # story or another: this process does it.
                with precise_encoder().backed_by(store):
                    report, reason = _reconcile_here(job, store, config)
                kept = None
            if kept is not None and kept.computed:
                try:
                    store.put_vectors(kept.computed)
                except Exception:  # noqa: BLE001 - a busy or read-only store: only slower next time
                    pass
            if kept is not None:
                _keep_reads(store, job.key, kept.new_reads, kept.used)
            yield job, report, reason


def _document_key(group_key: str, report_keys: Sequence[str], failures: dict[str, dict[str, str]],
                  articles_state: Sequence[Any], config: Config) -> str:
    """A hash of everything the export document is built from: the
    grouping's key (the analysed articles, analyzer version, group settings
    and code), each story's report key (its articles, reconcile settings and
    code), the failed articles, the articles table (ingest changes it) and
    every module and data file of the package (the export and the stages
    around it), with every setting."""
    raw = json.dumps([__version__, fingerprint(modules=_TOP_MODULES, packages=_PACKAGES, data=("*.*",)),
                      dict(config.values), group_key, list(report_keys), failures, list(articles_state)],
                     sort_keys=True, default=str)
    return hashlib.sha256(raw.encode()).hexdigest()[:20]


_TOP_MODULES = tuple(p.name for p in sorted(Path(__file__).parent.glob("*.py")))
_PACKAGES = tuple(p.name for p in sorted(Path(__file__).parent.iterdir())
                  if p.is_dir() and (p / "__init__.py").is_file())


def _unchanged_document(store: Store, article_ids: Sequence[str], config: Config,
                        progress: Progress | None) -> CorpusResult | None:
    """The document the last run built, when nothing it was built from has
    changed since (:func:`_document_key`): every article analysed or failed
    under this analyzer version, the grouping of these articles kept, a
    report kept for every story under its current key.  None otherwise:
    the stages run.  Read from the store's index tables only, so a re-run
    with no new input (and the web app's first page) loads no analysis and
    no report, and builds nothing."""
    version = analyzer_version(settings=config.analyze, ingest_settings=config.ingest)
    versions = store.analysis_versions()
    failures = store.failures(version)
    ids: list[str] = []
    for article_id in article_ids:
        if versions.get(article_id) == version:
            ids.append(article_id)
        elif article_id not in failures:
            return None  # an article to analyse
    group_key = _group_key(ids, config)
    stories = store.grouping_stories(group_key)  # the similarities are not decoded
    if stories is None:
        return None
    kept = store.report_keys()
    prefix = _report_key_prefix(config)
    keys = [_report_key(story["articles"], config, prefix=prefix) for story in stories]
    if any(kept.get(story["id"]) != key for story, key in zip(stories, keys)):
        return None
    key = _document_key(group_key, keys, failures, store.articles_state(), config)
    document = store.document(key)
    if document is None:
        return None
    if progress:
        progress("analyze", len(article_ids), len(article_ids))
        progress("reconcile", len(keys), len(keys))
    return CorpusResult(document=document, evidence=store.document_evidence(key),
                        document_hash=store.document_hash(key))


def _as_stored(analyzed: Sequence[AnalyzedArticle]) -> None:
    """Round the sentence vectors of fresh analyses to float16, the
    precision the store keeps them in (cached ones already are: rounding
    again changes nothing).  Grouping and reconcile then see the same
    vectors on a first run as on any later one, and a reconcile worker,
    which reads its story's analyses from the store, the same as this
    process."""
    import numpy as np

    for a in analyzed:
        if a.embeddings is not None:
            a.embeddings = np.asarray(a.embeddings, dtype=np.float16).astype(np.float32)


def process_store(store: Store, *, config: Config | None = None, progress: Progress | None = None,
                  document_only: bool = False) -> CorpusResult:
    """Run every stage after ingest over what the store holds; reuse cached
    work.  ``config`` is resolved once by the caller (the CLI: defaults < file
    < environment); each stage gets its own section of it.

    ``document_only``: the caller reads only ``document`` (the CLI, the web
    app); when nothing changed since the last run, the document it built is
    returned as it was kept, and the other fields are left empty (``grouping``
    None)."""
    config = config if config is not None else default_config()
    if document_only:
        # The check reads ids only: building every Article (its text
        # included) was the part of a no-change re-run that grew with the
        # corpus (bench/RESULTS.md, session 10).
        kept = _unchanged_document(store, store.article_ids(), config, progress)
        if kept is not None:
            return kept
    articles = store.articles()
    done = 0

    def tick(n: int) -> None:
        nonlocal done
        done += n
        if progress:
            progress("analyze", done, len(articles))

    # Failed articles are left out of grouping and reconciling (nothing is
    # said about what could not be read) and listed in the export, marked.
    # When every analysis is kept, analyze only decodes them, with the
    # garbage collector paused (decode.gc_paused); not when spaCy runs.
    version = analyzer_version(settings=config.analyze, ingest_settings=config.ingest)
    versions, failed = store.analysis_versions(), store.failures(version)
    kept_only = all(versions.get(a.id) == version or a.id in failed for a in articles)
    with gc_paused() if kept_only else contextlib.nullcontext():
        analyzed = analyze_articles(articles, settings=config.analyze, ingest_settings=config.ingest, store=store,
                                    progress=tick)
    with gc_paused():  # the kept grouping and the report keys: decoding, plain data
        cached_keys, reports, todo, grouping = _cached_part(analyzed, store, config, document_only=document_only)
    finished = len(grouping.stories) - len(todo)
    if progress and finished:
        progress("reconcile", finished, len(grouping.stories))
    # The stories to reconcile run with the collector on (spaCy's parses).
    for job, report, reason in _reconcile_all(todo, store=store, config=config):
        if report is None:
            # The story is shown with its articles and nothing reconciled
            # (not cached: a fixed version retries it).
            log.warning(E.E065.format(story=job.story.id, reason=reason))
            cached_keys[job.index] = None
        else:
            store.put_report(report, job.key)
            reports[job.index] = report
        finished += 1
        if progress:
            progress("reconcile", finished, len(grouping.stories))
    if todo:
        # The cross-encoder's reads of stories no longer in the document.
        try:
            store.prune_reads(keep={k for k in cached_keys if k is not None})
        except Exception:  # noqa: BLE001 - a busy or read-only store: the table is only larger
            pass
    with gc_paused():  # the export: building, encoding and hashing plain data
        return _document(analyzed, articles, reports, grouping, cached_keys, store, config,
                         document_only=document_only)


def _cached_part(analyzed: list[AnalyzedArticle], store: Store, config: Config, *,
                 document_only: bool) -> tuple[list[str | None], list[StoryReport | None], list[_Job], GroupResult]:
    """process_store between analyze and reconcile: the grouping, the stories
    written, and each story's report key, its report (cached; None: not
    read yet) and the stories still to reconcile."""
    _as_stored(analyzed)
    grouping = _grouping(analyzed, store, config)
    store.replace_stories(grouping.stories)
    by_id = {a.article.id: a for a in analyzed}
    # The similarities of each story, in their order, found in one pass
    # (not one pass over every similarity per story).
    story_at = {a: i for i, s in enumerate(grouping.stories) for a in s.articles}
    sims_of: dict[int, list[Similarity]] = {}
    for s in grouping.similarities:
        i = story_at.get(s.a)
        if i is not None and story_at.get(s.b) == i:
            sims_of.setdefault(i, []).append(s)
    # Cached reports first; the stories still to reconcile are done in
    # worker processes when there are many of them (see _reconcile_all).
    # With ``document_only`` a cached report is not read here: the story's
    # export part is kept (_export_parts) unless the report changed, and
    # decoding every report was most of one article more's glue (bench/
    # RESULTS.md, session 18).
    reports: list[StoryReport | None] = []
    todo: list[_Job] = []
    kept_keys: list[str | None] = []  # each story's report key; None: its reconcile failed
    prefix = _report_key_prefix(config)
    kept_reports = store.report_keys() if document_only else {}
    for i, story in enumerate(grouping.stories):
        key = _report_key(story.articles, config, prefix=prefix)
        kept_keys.append(key)
        if document_only:
            report = None if kept_reports.get(story.id) == key else StoryReport(story=story)
            cached = report is None
        else:
            report = store.report(story.id, key)
            cached = report is not None
        if not cached:
            todo.append(_Job(i, key, story, [by_id[a] for a in story.articles if a in by_id], sims_of.get(i, [])))
            report = StoryReport(story=story)  # replaced below
        reports.append(report)
    return kept_keys, reports, todo, grouping


def _document(analyzed: list[AnalyzedArticle], articles: list[Article], reports: list[StoryReport | None],
              grouping: GroupResult, kept_keys: list[str | None], store: Store, config: Config, *,
              document_only: bool) -> CorpusResult:
    """process_store after reconcile: the export document, kept in the store
    for the next run with nothing new."""
    document = _export(analyzed, reports, grouping, kept_keys, store)
    failures = store.failures(analyzer_version(settings=config.analyze, ingest_settings=config.ingest))
    for entry in document["articles"]:
        entry["failed"] = None
    by_id = {a.article.id for a in analyzed}
    by_article = {a.id: a for a in articles}
    document["articles"] += [failed_article(by_article[i], f) for i, f in failures.items() if i in by_article
                             and i not in by_id]
    evidence = document_hash = None
    if all(r is not None for r in kept_keys):
        # Kept for the next run with nothing new (_unchanged_document); not
        # when a story failed to reconcile (it is retried then).  The
        # grouping evidence with it: the web app's first page and
        # `stories --why` read it instead of weighing every article's words.
        from .group.explain import article_words, evidence_for_all

        # Each article's words weighed once and kept by its text's hash: one
        # article more weighs that article's only.
        words = article_words(document, kept=store.word_bags)
        evidence = evidence_for_all(document, document["stories"], words=words.bags)
        store.keep_word_bags(words.new, keep=words.keys)
        document_hash = store.put_document(_document_key(_group_key([a.article.id for a in analyzed], config),
                                                         kept_keys, failures, store.articles_state(), config),
                                           document, evidence=evidence)
    return CorpusResult(analyzed=analyzed, grouping=grouping, reports=[] if document_only else reports,
                        document=document, evidence=evidence, document_hash=document_hash)


def _part_key(story: Story, report_key: str, digest: str, steps: list[dict[str, Any]], code: str) -> str:
    """The key a story's export part is kept under: a hash of everything
    :func:`newsprism.present.export.story_part` builds it from.  The report
    by its key and the sha256 of its stored text (the report key already
    names the story's articles, by content hash, and the analyzer version
    their analyses, and so their export entries: an article row is never
    rewritten), the grouping's steps for the story, and the code and data
    the export is built with."""
    raw = json.dumps([code, story.id, report_key, digest, steps], sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def _export(analyzed: Sequence[AnalyzedArticle], reports: list[StoryReport | None], grouping: GroupResult,
            kept_keys: Sequence[str | None], store: Store) -> dict[str, Any]:
    """build_export over the grouping's stories, each story's part taken
    from the store when one was kept under its current key (_part_key), and
    the parts built here kept for the next run.  A story whose reconcile
    failed has no part kept (it is retried next run).  ``reports[i]`` None:
    the story's report is cached and not read yet (read here if its part
    is not kept)."""
    from .present.export import steps_by_story

    code = _present_fingerprint()
    digests = store.report_digests()
    steps_of = steps_by_story(grouping.steps)
    keys: list[str | None] = []
    for story, key in zip(grouping.stories, kept_keys):
        kept = digests.get(story.id)
        ok = key is not None and kept is not None and kept[0] == key
        keys.append(_part_key(story, key, kept[1], steps_of.get(story.id, []), code) if ok else None)
    texts = store.parts([k for k in keys if k is not None])
    parts: list[dict[str, Any] | None] = [json.loads(texts[k]) if k in texts else None for k in keys]
    for i, (story, part) in enumerate(zip(grouping.stories, parts)):
        if part is None and reports[i] is None:
            reports[i] = store.report(story.id, kept_keys[i])
    new: dict[str, str] = {}

    def keep(i: int, part: dict[str, Any]) -> None:
        if keys[i] is not None:
            new[keys[i]] = json.dumps(part, ensure_ascii=False)

    document = build_export(
        analyzed,
        reports,
        similarities=grouping.similarities,
        duplicates=grouping.duplicates,
        generator=f"newsprism {__version__}",
        steps=grouping.steps,
        parts=parts,
        on_part=keep,
    )
    try:
        store.keep_parts(new, keep={k for k in keys if k is not None})
    except Exception:  # noqa: BLE001 - a read-only or busy store: built again next time
        pass
    return document


def failed_article(article: Article, failure: dict[str, str]) -> dict[str, Any]:
    """An export article entry for an article whose analysis failed: its
    metadata and text, no analysis, and ``failed: {stage, reason}``."""
    return {
        "id": article.id,
        "path": article.path,
        "url": article.url,
        "title": article.title,
        "outlet": article.outlet,
        "published": article.published,
        "language": article.language,
        "agency": article.agency,
        "byline": article.byline,
        "contributors": list(article.contributors),
        "format": article.format,
        "text": article.text,
        "removed": encode(article.removed),
        "repairs": encode(article.repairs),
        "meta_sources": dict(article.meta_sources),
        "sentences": [],
        "quotes": [],
        "citations": [],
        "failed": {"stage": failure["stage"], "reason": failure["reason"]},
    }


def write_outputs(document: dict[str, Any], out: str | Path, *, store: Store | None = None,
                  base_hash: str | None = None) -> dict[str, Path]:
    """Write brief.md, brief.html and export.json into ``out``.

    With ``store``, what was written is recorded there (the document's hash
    and each file's, by folder): when the same document is written again
    into a folder whose three files are still the ones written, nothing is
    rendered (a re-run with no new input spent most of its time rendering
    the brief it had already written).

    ``base_hash``: :attr:`CorpusResult.document_hash` of the document
    ``document`` was made from by ``present.changes.track_changes``, which
    adds each story's ``changes`` and nothing else: the document's hash is
    then that hash and the changes, not the whole document encoded again
    (most of a no-change re-run after decoding the kept document)."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    paths = {"md": out / "brief.md", "html": out / "brief.html", "json": out / "export.json"}
    written = (store.get_kv(_OUTPUTS) or {}) if store is not None else {}
    folder = str(out.resolve())
    if base_hash is None:
        doc_hash = _hash_parts(json_parts([__version__, _present_fingerprint(), document], depth=3))
    else:
        marks = [story.get("changes") for story in document.get("stories", [])]
        doc_hash = _hash_parts(["\n".join(["base", __version__, _present_fingerprint(), base_hash, json.dumps(marks)])])
    if store is not None and written.get(folder) == _written(doc_hash, paths):
        return paths
    paths["md"].write_text(render_markdown(document), "utf-8")
    paths["html"].write_text(render_html(document), "utf-8")
    # Written a part (an article, a story) at a time, the same text as
    # json.dumps: the whole JSON text of a large corpus is never held.
    with paths["json"].open("w", encoding="utf-8") as f:
        f.writelines(json_parts(document, indent=2))
        f.write("\n")
    if store is not None:
        # one record per folder, the folders written last kept
        written = {k: v for k, v in written.items() if k != folder}
        written = dict(list(written.items())[-(_OUTPUT_FOLDERS - 1):], **{folder: _written(doc_hash, paths)})
        try:
            store.set_kv(_OUTPUTS, written)
        except Exception:  # noqa: BLE001 - a read-only or busy store: written in full next time
            pass
    return paths


# The store's record of the outputs written (write_outputs), for this many folders.
_OUTPUTS = "outputs"
_OUTPUT_FOLDERS = 8


def _hash_parts(parts: Iterable[str]) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode("utf-8"))
    return h.hexdigest()


def _hash_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


def _present_fingerprint() -> str:
    # the code and data the outputs are rendered with, templates and the
    # style sheet included: a changed template renders again
    folder = Path(__file__).parent / "present"
    h = hashlib.sha256(fingerprint(modules=_TOP_MODULES, packages=_PACKAGES, data=("*.*",)).encode())
    for f in sorted(folder.rglob("*")):
        if f.is_file() and "__pycache__" not in f.parts:
            h.update(f.relative_to(folder).as_posix().encode() + b"\0" + f.read_bytes() + b"\0")
    return h.hexdigest()[:20]


def _written(doc_hash: str, paths: dict[str, Path]) -> dict[str, str | None]:
    """The document's hash and each output file's (None: missing)."""
    return {"document": doc_hash, **{k: _hash_file(p) if p.is_file() else None for k, p in paths.items()}}


def run(
    paths: Sequence[str],
    *,
    db: str | Path,
    out: str | Path | None = None,
    config: Config | None = None,
    progress: Progress | None = None,
    on_error: Callable[[Any], None] | None = None,
    document_only: bool = False,
) -> tuple[IngestResult, CorpusResult]:
    """Ingest ``paths`` into ``db``, run every stage, write the outputs
    (``document_only``: as :func:`process_store`'s)."""
    # Imported here: the web app's document (process_store) reads no input.
    from .ingest import ingest_paths

    config = config if config is not None else default_config()
    with Store(db) as store:
        ingested = ingest_paths(paths, store=store, settings=config.ingest, on_error=on_error)
        result = process_store(store, config=config, progress=progress, document_only=document_only)
    if out is not None:
        write_outputs(result.document, out)
    return ingested, result
