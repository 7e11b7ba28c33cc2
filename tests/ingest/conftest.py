"""Shared fixtures for the ingest tests: the seeds, cleaned once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsprism.config import load_config
from newsprism.ingest import ingest_paths

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT / ".." / "shared"
POLNEAR = SHARED / "benchmarks" / "polnear-dev" / "text"


@pytest.fixture(scope="session")
def config():
    return load_config(env={})


@pytest.fixture(scope="session")
def seed_articles(seeds_dir, config):
    """Seed prefix ("000", "001", "004") -> (raw text, cleaned Article)."""
    result = ingest_paths([str(seeds_dir)], config=config)
    assert not result.errors
    out = {}
    for article in result.articles:
        prefix = Path(article.path).name[:3]
        out[prefix] = (Path(article.path).read_text("utf-8"), article)
    return out

