"""Shared fixtures for the group tests: the seed articles, ingested and
analyzed with the real pipeline once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from builders import build_article


@pytest.fixture(scope="session")
def seeds_analyzed(tmp_path_factory, seeds_dir):
    """The three seed reports as AnalyzedArticle, in file order (000, 001, 004)."""
    from newsprism.analyze import analyze_articles
    from newsprism.ingest import ingest_paths
    from newsprism.store import Store

    db = tmp_path_factory.mktemp("group_seeds") / "seeds.db"
    with Store(db) as store:
        result = ingest_paths([str(seeds_dir)], store=store)
        articles = sorted(result.articles, key=lambda a: Path(a.path).name)
        return analyze_articles(articles, store=store)


@pytest.fixture(scope="session")
def make_article():
    """Factory of small hand-built AnalyzedArticle (see _make_article)."""
    return _make_article


def _make_article(aid: str, text: str, *, published: str | None = None, title: str | None = None,
                  mentions: list[tuple[str, str]] = (), outlet: str | None = None):
    """A small AnalyzedArticle: one sentence per line of ``text``, the first
    line (cut at 60 characters) as its title unless one is given."""
    lines = text.splitlines()
    return build_article(aid, lines, sep="\n", title=title or lines[0][:60], published=published, outlet=outlet,
                         mentions=mentions)
