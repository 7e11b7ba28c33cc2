"""What each Spark task runs: the project's own stage functions, wrapped so
that a bad record becomes a reject row instead of a failed job.

Nothing here imports pyspark; every function takes and returns plain Python
values (dataclasses, dicts, tuples), so that it is tested in-process and the
Spark job in :mod:`newsprism.spark.job` only moves data between them.

* :func:`ingest_file` / :func:`ingest_record`: one input file (or one
  Parquet row) through :func:`newsprism.ingest.ingest_bytes`.
* :func:`analyze_partition`: a partition of articles through
  :func:`newsprism.analyze.analyze_articles` in the task's process; the
  spaCy pipeline and embedding model are cached per Python worker
  (``load_nlp``), and Spark reuses its workers, so they load once per executor.
* :func:`group_block`: one block through
  :func:`newsprism.group.group_articles` (with the whole corpus's
  statistics, :class:`newsprism.group.corpus.CorpusStats`), then every story through
  :func:`newsprism.reconcile.reconcile_story` and
  :func:`newsprism.present.export.build_export`, exactly as
  :func:`newsprism.pipeline.process_store` chains them.
"""

from __future__ import annotations

import dataclasses
import json
import logging
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..version import __version__
from ..config import Config
from ..errors import E, InputError
from ..group.corpus import CorpusStats
from ..model import AnalyzedArticle, Article, Duplicate, Similarity, StoryReport, from_dict, to_dict

__all__ = [
    "BlockOutput",
    "Reject",
    "analysis_from_rows",
    "analysis_row",
    "analyze_partition",
    "article_row",
    "group_block",
    "ingest_file",
    "ingest_record",
    "local_name",
]

log = logging.getLogger("newsprism.spark")


@dataclass
class Reject:
    """One row of the rejects table: what was left out, where, and why."""

    path: str
    stage: str  # ingest | analyze | group | reconcile
    code: str
    reason: str
    warning: bool = False  # reported, but the input still went in (or was left out on purpose)


@dataclass
class BlockOutput:
    reports: list[StoryReport] = field(default_factory=list)
    exports: list[tuple[str, dict[str, Any]]] = field(default_factory=list)  # (story id, newsprism/1 document)
    similarities: list[Similarity] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)


def local_name(path: str) -> str:
    """A local file as the user names it (``file:/x`` -> ``/x``); other
    Hadoop paths (hdfs://, s3a://) unchanged."""
    if path.startswith("file://"):
        return path[len("file://"):]
    if path.startswith("file:"):
        return path[len("file:"):]
    return path


# ------------------------------------------------------------------ ingest


def _reject_of(err: InputError, *, warning_codes: frozenset[str]) -> Reject:
    return Reject(path=err.path, stage="ingest", code=err.code, reason=str(err), warning=err.code in warning_codes)


def ingest_file(name: str, data: bytes, *, config: Config) -> list[Article | Reject]:
    """Every article in one input's bytes, and a reject for every problem
    (warnings included, flagged); never raises."""
    from ..ingest import WARNING_CODES, ingest_bytes

    problems: list[InputError] = []
    try:
        articles: list[Any] = list(ingest_bytes(data, name, settings=config.ingest, on_error=problems.append))
    except InputError as exc:
        if exc not in problems:
            problems.append(exc)
        articles = []
    except Exception as exc:  # noqa: BLE001 - one bad input never fails the job
        reason = f"{type(exc).__name__}: {exc}"
        return [Reject(path=name, stage="ingest", code="E112",
                       reason=E.E112.format(path=name, stage="ingest", reason=reason))]
    return articles + [_reject_of(p, warning_codes=WARNING_CODES) for p in problems]


def ingest_record(name: str, record: dict[str, Any], *, config: Config) -> list[Article | Reject]:
    """One record of a table (a Parquet row): read as the JSON record it is."""
    data = (json.dumps(record, ensure_ascii=False, default=str) + "\n").encode("utf-8")
    return ingest_file(name, data, config=config)


# ----------------------------------------------------------------- analyze


def analyze_partition(articles: Iterable[Article], *, config: Config) -> Iterator[AnalyzedArticle | Reject]:
    """Analyze a partition in this process (no process pool inside a Spark
    task: Spark already runs one task per core).  If the batch fails, each
    article is retried alone so that only the bad one is rejected."""
    from ..analyze import analyze_article, analyze_articles

    items = list(articles)
    if not items:
        return
    settings = dataclasses.replace(config.analyze, processes=1)
    try:
        yield from analyze_articles(items, settings=settings, ingest_settings=config.ingest)
        return
    except Exception as exc:  # noqa: BLE001 - fall back to one at a time
        log.warning(E.E115.format(count=len(items), reason=f"{type(exc).__name__}: {exc}"))
    for article in items:
        try:
            yield analyze_article(article, settings=settings, ingest_settings=config.ingest)
        except Exception as exc:  # noqa: BLE001
            name = article.path or article.id
            yield Reject(path=name, stage="analyze", code="E061",
                         reason=E.E061.format(article=name, reason=f"{type(exc).__name__}: {exc}"))


# ------------------------------------------------------------ group + reconcile


def group_block(members: Sequence[AnalyzedArticle], *, config: Config, corpus: CorpusStats | None = None) -> BlockOutput:
    """Group one block and reconcile its stories; the same calls, in the same
    order, as :func:`newsprism.pipeline.process_store`.  ``corpus``: the
    statistics of the whole corpus the block was cut from (at least the
    counts of the block's own terms), so that the block is clustered with the
    corpus's word rarities, not its own."""
    from ..group import group_articles
    from ..present.export import build_export
    from ..reconcile import reconcile_story

    out = BlockOutput()
    members = sorted(members, key=lambda a: a.article.id)
    try:
        grouping = group_articles(members, settings=config.group, corpus=corpus)
    except Exception as exc:  # noqa: BLE001 - the block is rejected, the job goes on
        reason = f"{type(exc).__name__}: {exc}"
        out.rejects = [Reject(path=a.article.path or a.article.id, stage="group", code="E112",
                              reason=E.E112.format(path=a.article.path or a.article.id, stage="group",
                                                   reason=reason)) for a in members]
        return out
    out.similarities = list(grouping.similarities)
    out.duplicates = list(grouping.duplicates)
    by_id = {a.article.id: a for a in members}
    for story in grouping.stories:
        story_members = [by_id[a] for a in story.articles if a in by_id]
        inside = set(story.articles)
        sims = [s for s in grouping.similarities if s.a in inside and s.b in inside]
        try:
            report = reconcile_story(story, story_members, settings=config.reconcile, analyze_settings=config.analyze,
                                     similarities=sims)
        except Exception as exc:  # noqa: BLE001
            reason = f"{type(exc).__name__}: {exc}"
            out.rejects.append(Reject(path=story.id, stage="reconcile", code="E112",
                                      reason=E.E112.format(path=f"story {story.id}", stage="reconcile",
                                                           reason=reason)))
            continue
        out.reports.append(report)
        dups = [d for d in grouping.duplicates if d.article in inside]
        doc = build_export(story_members, [report], similarities=sims, duplicates=dups,
                           generator=f"newsprism {__version__} (spark)",
                           steps=[st for st in grouping.steps if st.story == story.id])
        out.exports.append((story.id, doc))
    return out


# -------------------------------------------------------------------- rows


def article_row(a: Article) -> dict[str, Any]:
    return {
        "id": a.id, "path": a.path, "url": a.url, "title": a.title, "outlet": a.outlet,
        "published": a.published, "language": a.language, "agency": a.agency, "byline": a.byline,
        "format": a.format, "text": a.text, "data": json.dumps(to_dict(a), ensure_ascii=False),
    }


def analysis_row(a: AnalyzedArticle) -> dict[str, Any]:
    """As the store keeps it: the analysis as JSON (article apart), the
    sentence embeddings as float16 bytes."""
    data = to_dict(a)
    data.pop("article", None)
    emb, dim = None, None
    if a.embeddings is not None and len(a.embeddings):
        arr = np.asarray(a.embeddings, dtype=np.float16)
        emb, dim = arr.tobytes(), int(arr.shape[1])
    return {"id": a.article.id, "analyzer_version": a.analyzer_version, "sentences": len(a.sentences),
            "data": json.dumps(data, ensure_ascii=False), "embeddings": emb, "dim": dim}


def analysis_from_rows(article_data: str, analysis_data: str, embeddings: bytes | None,
                       dim: int | None) -> AnalyzedArticle:
    """An analysis read back from the ``articles`` and ``analyses`` tables of
    a previous run (the inverse of :func:`article_row` + :func:`analysis_row`,
    as the store reads its own rows)."""
    data = json.loads(analysis_data)
    data["article"] = json.loads(article_data)
    analyzed = from_dict(AnalyzedArticle, data)
    if embeddings is not None and dim:
        analyzed.embeddings = np.frombuffer(embeddings, dtype=np.float16).reshape(-1, dim).astype(np.float32)
    return analyzed
