"""The JSON export: the contract other tools read (DESIGN.md, README).

Schema ``newsprism/1``.  Fields are only ever added, never renamed or
removed; a consumer must ignore fields it does not know.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from ..decode import encode
from ..model import AnalyzedArticle, Duplicate, Similarity, StoryReport
from ..quotelist import listed_quotes
from .changes import add_anchors
from .facts import best_headline, rank_key_facts, story_sources

__all__ = ["SCHEMA", "build_export", "steps_by_story", "story_part"]

SCHEMA = "newsprism/1"


def _article(a: AnalyzedArticle) -> dict[str, Any]:
    art = a.article
    return {
        "id": art.id,
        "path": art.path,
        "url": art.url,
        "title": art.title,
        "outlet": art.outlet,
        "published": art.published,
        "language": art.language,
        "agency": art.agency,
        "byline": art.byline,
        "contributors": list(art.contributors),
        "format": art.format,
        "text": art.text,
        "removed": encode(art.removed),
        "repairs": encode(art.repairs),
        "meta_sources": dict(art.meta_sources),
        "sentences": [{"index": s.index, "start": s.start, "end": s.end} for s in a.sentences],
        # The quotes the story lists (a clause inside a longer quote listed
        # once); their speakers are set to the story's below.
        "quotes": encode([lq.quote for lq in listed_quotes(a.quotes, text=art.text)]),
        "citations": encode(a.citations),
    }


def _story(report: StoryReport) -> dict[str, Any]:
    story = report.story
    return {
        "id": story.id,
        "headline": story.headline,
        "articles": list(story.articles),
        "entities": encode(report.entities),
        "quotes": encode(report.quotes),
        "claims": encode(report.claims),
        "conflicts": encode(report.conflicts),
        "timeline": encode(report.timeline),
        "derivations": encode(report.derivations),
    }


def _story_speakers(articles: Sequence[dict[str, Any]], stories: Sequence[dict[str, Any]]) -> None:
    """Give each article quote the speaker its story shows (reconcile's one
    decision: the story's entity name checked against a pronoun, "he" never
    Hillary Clinton), so that the article page and the story page never
    name two speakers for one quote.  A quote no story lists keeps the
    article's own decision.  A quote whose words the story cut before a
    clause of the writer's (reconcile.circumstance: the story's words open
    the article's, then ", ") takes the story's words too."""
    shown: dict[tuple[str, int, str], str | None] = {}
    for story in stories:
        for q in story.get("quotes", []):
            shown.setdefault((q["article"], q["sentence"], q["text"]), q.get("speaker"))
    cut: dict[tuple[str, int], list[str]] = {}
    for art_id, sentence, text in shown:
        cut.setdefault((art_id, sentence), []).append(text)
    for art in articles:
        for q in art["quotes"]:
            key = (art["id"], q["sentence"], q["text"])
            if key not in shown:
                words = next((t for t in cut.get(key[:2], []) if t and q["text"].startswith(t + ", ")), None)
                if words is None:
                    continue
                q["text"] = words
                if q.get("start", -1) >= 0:
                    q["end"] = q["start"] + len(words)
                key = (art["id"], q["sentence"], words)
            q["speaker"] = shown[key]


def steps_by_story(steps: Sequence[Any]) -> dict[str, list[dict[str, Any]]]:
    """The grouping's steps (group.StoryStep) as each story's ``grouping``
    entry, by story id."""
    steps_of: dict[str, list[dict[str, Any]]] = {}
    for st in steps:
        steps_of.setdefault(st.story, []).append({k: v for k, v in encode(st).items() if k != "story"})
    return steps_of


def story_part(report: StoryReport, *, articles: dict[str, dict[str, Any]], titles: dict[str, str],
               steps: list[dict[str, Any]]) -> dict[str, Any]:
    """A story's entry in the export before its anchors (which depend on the
    stories before it: :func:`build_export`): a function of its report,
    its articles' entries and the grouping's steps for it, and nothing else
    of the corpus, so that a caller may keep it by those inputs' content
    and hand it back to the next build instead of building it again."""
    story = _story(report)
    # Added fields (the contract only grows): the title the brief shows,
    # the summary line's counts and the ranked key facts (claim ids).
    story["title"] = best_headline(story, articles)
    story["independent_sources"] = story_sources(story)
    story["key_facts"] = rank_key_facts(story, titles)
    # Why its articles are one story, step by step (the grouping's own
    # record; group/explain.py says it in words).
    story["grouping"] = steps
    return story


def build_export(
    analyzed: Sequence[AnalyzedArticle],
    reports: Sequence[StoryReport | None],
    *,
    similarities: Sequence[Similarity] = (),
    duplicates: Sequence[Duplicate] = (),
    generator: str = "",
    steps: Sequence[Any] = (),
    parts: Sequence[dict[str, Any] | None] = (),
    on_part: Callable[[int, dict[str, Any]], None] | None = None,
) -> dict[str, Any]:
    """The whole export document, deterministic for the same input.
    ``steps``: the grouping's steps (group.StoryStep: which rule joined or
    split the articles of each story), given to each story as ``grouping``.

    ``parts``: story ``i``'s :func:`story_part` already built (by the
    same code from the same report, articles and steps: the caller keys it
    by their content), used instead of ``reports[i]`` (which may then be
    None); it is taken over (its anchors are set in place).  ``on_part``
    is called with each part built here, before its anchors, for the caller
    to keep (serialised at once: the part is changed after the call)."""
    steps_of = steps_by_story(steps)
    articles = [_article(a) for a in analyzed]
    by_id = {a["id"]: a for a in articles}
    titles = {a["id"]: a["title"] or "" for a in articles}
    stories = []
    taken: dict[str, int] = {}  # anchors are unique in the whole document
    for i, r in enumerate(reports):
        story = parts[i] if i < len(parts) else None
        if story is None:
            assert r is not None, f"story {i}: neither a report nor a part"
            story = story_part(r, articles=by_id, titles=titles, steps=steps_of.get(r.story.id, []))
            if on_part is not None:
                on_part(i, story)
        # Stable links: each claim's and conflict's "anchor", from its content.
        add_anchors(story, taken=taken)
        stories.append(story)
    _story_speakers(articles, stories)
    return {
        "schema": SCHEMA,
        "generator": generator,
        "articles": articles,
        "stories": stories,
        "similarity": [
            {
                "a": s.a,
                "b": s.b,
                "overall": s.overall,
                "geography": s.geography,
                "entities": s.entities,
                "time": s.time,
                "narrative": s.narrative,
                "evidence": s.evidence,
            }
            for s in similarities
        ],
        "duplicates": encode(list(duplicates)),
    }
