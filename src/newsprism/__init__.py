"""newsprism: many reports of one story, reconciled offline, with a citation
for every line."""

from __future__ import annotations

from .config import Config, load_config
from .errors import InputError, NewsprismError
from .model import (
    AnalyzedArticle,
    Article,
    Claim,
    Conflict,
    Derivation,
    Entity,
    Similarity,
    Story,
    StoryReport,
    TimelineEvent,
)
from .store import Store
from .version import __version__

__all__ = [
    "__version__",
    "Config",
    "load_config",
    "NewsprismError",
    "InputError",
    "Article",
    "AnalyzedArticle",
    "Story",
    "StoryReport",
    "Similarity",
    "Entity",
    "Claim",
    "Conflict",
    "Derivation",
    "TimelineEvent",
    "Store",
    "ingest_paths",
    "analyze_articles",
    "group_articles",
    "reconcile_story",
    "process_store",
    "run",
]


def __getattr__(name: str):  # lazy: keep `import newsprism` cheap (no spaCy, no torch)
    if name == "ingest_paths":
        from .ingest import ingest_paths

        return ingest_paths
    if name == "analyze_articles":
        from .analyze import analyze_articles

        return analyze_articles
    if name == "group_articles":
        from .group import group_articles

        return group_articles
    if name == "reconcile_story":
        from .reconcile import reconcile_story

        return reconcile_story
    if name in ("process_store", "run"):
        from . import pipeline

        return getattr(pipeline, name)
    raise AttributeError(name)
