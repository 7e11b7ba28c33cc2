"""Shared fixtures for the analyze tests: spaCy and the seed analyses are
loaded once per session."""

from __future__ import annotations


import pytest



@pytest.fixture(scope="session")
def nlp():
    from newsprism.analyze.nlp import load_nlp

    return load_nlp()


@pytest.fixture(scope="session")
def seed_analysis(nlp, seed_path):
    """A function: seed prefix ("000") -> its AnalyzedArticle, cached."""
    from newsprism.analyze import analyze_article
    from newsprism.config import load_config
    from newsprism.model import Article

    cache = {}
    config = load_config()

    def get(prefix: str):
        if prefix not in cache:
            path = seed_path(prefix)
            text = path.read_text("utf-8")
            cache[prefix] = analyze_article(Article(id=prefix, path=str(path), text=text), config=config)
        return cache[prefix]

    return get
