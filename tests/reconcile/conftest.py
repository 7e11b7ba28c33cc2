"""Shared builders for reconcile tests: hand-made AnalyzedArticle objects,
and the seeds run through the real pipeline (once per session)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from builders import build_article



@pytest.fixture(scope="session")
def make_article():
    """The one test builder, :func:`builders.build_article`."""
    return build_article


@pytest.fixture(scope="session")
def seeds_report(tmp_path_factory, seeds_dir):
    """The three seed articles through ingest -> analyze -> reconcile, as one story."""
    from newsprism.analyze import analyze_articles
    from newsprism.config import load_config
    from newsprism.ingest import ingest_paths
    from newsprism.model import Story
    from newsprism.reconcile import reconcile_story
    from newsprism.store import Store

    config = load_config()
    with Store(tmp_path_factory.mktemp("seeds") / "seeds.db") as store:
        ingested = ingest_paths([str(seeds_dir)], store=store, config=config)
        articles = sorted(ingested.articles, key=lambda a: a.path)
        analyzed = analyze_articles(articles, config=config, store=store)
    by_seed = {Path(a.article.path).name[:3]: a.article.id
               for a in analyzed if re.match(r"\d{3}_", Path(a.article.path).name)}
    story = Story(id="seeds", articles=[a.article.id for a in analyzed])
    report = reconcile_story(story, analyzed, config=config)
    return report, analyzed, by_seed
