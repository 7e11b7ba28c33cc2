"""Reconcile, per story: entity resolution -> claims -> alignment ->
verdicts -> provenance -> timeline."""

from __future__ import annotations

from collections.abc import Sequence

from ..config import Config, load_config
from ..model import AnalyzedArticle, Similarity, Story, StoryReport

__all__ = ["reconcile_story"]


def reconcile_story(
    story: Story,
    analyzed: Sequence[AnalyzedArticle],
    *,
    config: Config | None = None,
    similarities: Sequence[Similarity] = (),
) -> StoryReport:
    """Everything the brief says about one story.  (Walking skeleton: empty.)"""
    config = config or load_config()
    return StoryReport(story=story)
