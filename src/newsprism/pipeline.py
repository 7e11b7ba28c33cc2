"""The stages wired together: what `newsprism analyze`, `export`, `brief` and
the web app all run, so that they always agree.

ingest -> analyze -> group -> reconcile -> present
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .version import __version__
from .analyze import analyze_articles, analyzer_version
from .analyze.embed import precise_encoder
from .fingerprint import fingerprint
from .config import Config, default_config
from .group import GroupResult, group_articles
from .ingest import IngestResult, ingest_paths
from .errors import E
from .model import AnalyzedArticle, Article, Similarity, StoryReport, from_dict, to_dict
from .present.brief import render_html, render_markdown
from .present.export import build_export
from .reconcile import reconcile_story
from .store import Store

__all__ = ["CorpusResult", "process_store", "run", "write_outputs", "failed_article"]

log = logging.getLogger(__name__)

# Bump when reconcile's output changes, so cached story reports are redone.
RECONCILE_VERSION = "0.7"  # 0.7: provenance from self-identified outlets, reuse by sentence counterparts; 0.6: learned claim alignment, cliques, clause claims, key facts; 0.5: conflicts by referent, kinds and side sources; 0.4: entity types by vote, names by sources

Progress = Callable[[str, int, int], None]  # (stage, done, total)


@dataclass
class CorpusResult:
    analyzed: list[AnalyzedArticle] = field(default_factory=list)
    grouping: GroupResult = field(default_factory=GroupResult)
    reports: list[StoryReport] = field(default_factory=list)
    document: dict[str, Any] = field(default_factory=dict)


# Top-level modules group and reconcile run on, besides their own packages.
_SHARED_MODULES = ("model.py", "names.py", "unionfind.py", "partial_dates.py")


def _code_fingerprint(*parts: str) -> str:
    """A hash of the code and data a cached result depends on: the modules
    of the named subpackages, the shared top-level modules they run on and
    every shipped data file."""
    return fingerprint(modules=_SHARED_MODULES, packages=parts, data=("*.*",))


def _group_key(ids: Sequence[str], config: Config) -> str:
    # Grouping is a function of the analyses (article id = content hash,
    # analyzer version), the group settings and the code: the same inputs
    # give the same stories, so a re-run with no new input reuses them.
    settings = json.dumps({f"group.{k}": v for k, v in dataclasses.asdict(config.group).items()}, sort_keys=True)
    raw = "|".join([analyzer_version(settings=config.analyze, ingest_settings=config.ingest), __version__, _code_fingerprint("group"), settings, *sorted(ids)])
    return hashlib.sha256(raw.encode()).hexdigest()[:20]


def _grouping(analyzed: Sequence[AnalyzedArticle], store: Store, config: Config) -> GroupResult:
    """group_articles, or its cached result when nothing it reads changed."""
    key = _group_key([a.article.id for a in analyzed], config)
    cached = store.grouping(key)
    if cached is not None:
        return from_dict(GroupResult, cached)
    grouping = group_articles(analyzed, settings=config.group)
    store.put_grouping(key, to_dict(grouping))
    return grouping


def _report_key(ids: Sequence[str], config: Config) -> str:
    # Settings that change reconcile's output are part of the key, so a
    # changed threshold redoes the reports instead of serving stale ones.
    settings = json.dumps({f"reconcile.{k}": v for k, v in dataclasses.asdict(config.reconcile).items()},
                          sort_keys=True)
    # The analyzer version as analyses are cached (embedding mode, date
    # order): reports built on other analyses are other reports.
    raw = "|".join([analyzer_version(settings=config.analyze, ingest_settings=config.ingest), RECONCILE_VERSION, _code_fingerprint("reconcile"), settings,
                    *sorted(ids)])
    return hashlib.sha256(raw.encode()).hexdigest()[:20]


def process_store(store: Store, *, config: Config | None = None, progress: Progress | None = None) -> CorpusResult:
    """Run every stage after ingest over what the store holds; reuse cached
    work.  ``config`` is resolved once by the caller (the CLI: defaults < file
    < environment); each stage gets its own section of it."""
    config = config if config is not None else default_config()
    articles = store.articles()
    done = 0

    def tick(n: int) -> None:
        nonlocal done
        done += n
        if progress:
            progress("analyze", done, len(articles))

    # Failed articles are left out of grouping and reconciling (nothing is
    # said about what could not be read) and listed in the export, marked.
    analyzed = analyze_articles(articles, settings=config.analyze, ingest_settings=config.ingest, store=store,
                                progress=tick)
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
    reports = []
    # The transformer's sentence vectors are kept in the store: a story
    # redone (one more article, a changed setting) encodes only new texts.
    with precise_encoder().backed_by(store):
        for i, story in enumerate(grouping.stories):
            key = _report_key(story.articles, config)
            report = store.report(story.id, key)
            if report is None:
                members = [by_id[a] for a in story.articles if a in by_id]
                # The stored parses of this story only (see Store.analysis).
                parses = store.parses([m.article.id for m in members if m.parse is None])
                members = [dataclasses.replace(m, parse=parses[m.article.id]) if m.article.id in parses else m
                           for m in members]
                sims = sims_of.get(i, [])
                try:
                    report = reconcile_story(story, members, settings=config.reconcile,
                                             analyze_settings=config.analyze, similarities=sims)
                except Exception as exc:  # noqa: BLE001 - one story must not take the others down
                    # The story is shown with its articles and nothing reconciled
                    # (not cached: a fixed version retries it).
                    log.warning(E.E065.format(story=story.id, reason=f"{type(exc).__name__}: {exc}"[:300]))
                    report = StoryReport(story=story)
                else:
                    store.put_report(report, key)
            reports.append(report)
            if progress:
                progress("reconcile", i + 1, len(grouping.stories))
    document = build_export(
        analyzed,
        reports,
        similarities=grouping.similarities,
        duplicates=grouping.duplicates,
        generator=f"newsprism {__version__}",
    )
    failures = store.failures(analyzer_version(settings=config.analyze, ingest_settings=config.ingest))
    for entry in document["articles"]:
        entry["failed"] = None
    by_article = {a.id: a for a in articles}
    document["articles"] += [failed_article(by_article[i], f) for i, f in failures.items() if i in by_article
                             and i not in by_id]
    return CorpusResult(analyzed=analyzed, grouping=grouping, reports=reports, document=document)


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
        "removed": to_dict(article.removed),
        "repairs": to_dict(article.repairs),
        "meta_sources": dict(article.meta_sources),
        "sentences": [],
        "quotes": [],
        "citations": [],
        "failed": {"stage": failure["stage"], "reason": failure["reason"]},
    }


def write_outputs(document: dict[str, Any], out: str | Path) -> dict[str, Path]:
    """Write brief.md, brief.html and export.json into ``out``."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    paths = {"md": out / "brief.md", "html": out / "brief.html", "json": out / "export.json"}
    paths["md"].write_text(render_markdown(document), "utf-8")
    paths["html"].write_text(render_html(document), "utf-8")
    paths["json"].write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", "utf-8")
    return paths


def run(
    paths: Sequence[str],
    *,
    db: str | Path,
    out: str | Path | None = None,
    config: Config | None = None,
    progress: Progress | None = None,
    on_error: Callable[[Any], None] | None = None,
) -> tuple[IngestResult, CorpusResult]:
    """Ingest ``paths`` into ``db``, run every stage, write the outputs."""
    config = config if config is not None else default_config()
    with Store(db) as store:
        ingested = ingest_paths(paths, store=store, settings=config.ingest, on_error=on_error)
        result = process_store(store, config=config, progress=progress)
    if out is not None:
        write_outputs(result.document, out)
    return ingested, result
