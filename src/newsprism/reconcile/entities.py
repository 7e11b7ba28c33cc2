"""Cross-article entity resolution within a story."""

from __future__ import annotations

from collections.abc import Sequence

from ..config import Config
from ..model import AnalyzedArticle, Entity

__all__ = ["resolve_entities"]


def resolve_entities(
    analyzed: Sequence[AnalyzedArticle], *, config: Config | None = None
) -> tuple[list[Entity], dict[tuple[str, int], str]]:
    """Entities of a story, and a map (article id, index into that article's
    ``mentions``) -> entity id.  (Interface stub: to be implemented.)"""
    return [], {}
