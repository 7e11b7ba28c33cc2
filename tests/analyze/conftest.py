"""Shared fixtures for the analyze tests: spaCy and the seed analyses are
loaded once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

SEEDS = Path(__file__).resolve().parents[2] / ".." / "shared" / "examples" / "seeds"


@pytest.fixture(scope="session")
def nlp():
    from newsprism.analyze.nlp import load_nlp

    return load_nlp()


def _seed_path(prefix: str) -> Path:
    if not SEEDS.is_dir():
        pytest.skip("seed examples not available")
    found = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    if not found:
        pytest.skip(f"seed {prefix} not available")
    return found[0]


@pytest.fixture(scope="session")
def seed_analysis(nlp):
    """A function: seed prefix ("000") -> its AnalyzedArticle, cached."""
    from newsprism.analyze import analyze_article
    from newsprism.config import load_config
    from newsprism.model import Article

    cache = {}
    config = load_config()

    def get(prefix: str):
        if prefix not in cache:
            path = _seed_path(prefix)
            text = path.read_text("utf-8")
            cache[prefix] = analyze_article(Article(id=prefix, path=str(path), text=text), config=config)
        return cache[prefix]

    return get
