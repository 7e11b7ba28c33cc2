"""Shared fixtures for the group tests: the seed articles, ingested and
analyzed with the real pipeline once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

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
    """A small AnalyzedArticle built by hand: (text, label) mentions, one
    sentence per line."""
    from newsprism.model import AnalyzedArticle, Article, Mention, Sentence

    art = Article(id=aid, path=f"{aid}.txt", text=text, title=title or text.splitlines()[0][:60],
                  published=published, outlet=outlet)
    sentences, pos = [], 0
    for i, line in enumerate(text.splitlines()):
        sentences.append(Sentence(i, pos, pos + len(line), line))
        pos += len(line) + 1
    ms = []
    for name, label in mentions:
        at = text.find(name)
        ms.append(Mention(name, label, max(at, 0), max(at, 0) + len(name), 0))
    return AnalyzedArticle(article=art, sentences=sentences, mentions=ms)
