"""Group: near-duplicates, pairwise similarity, story clusters.

    group_articles(analyzed, settings=cfg.group) -> GroupResult(stories, similarities, duplicates)

1. dedup.py finds copies (exact and near, MinHash/LSH); a copy is not
   clustered on its own but joins the story of the text it copies.
2. cluster.py builds stories: average linkage over nearest neighbours for a
   corpus up to group.batch_max_articles, the streaming clusterer in
   publication order beyond (its last time window clustered again in
   batch when the stories are read, up to
   group.stream_repair_max_articles); in batch a link also needs evidence rare in
   the corpus (group.link_specific), an undated report takes its story's
   dates, and a lone article or a small piece joins a big story whose
   centroid it meets; a batch story whose two halves share next to
   none of its specific names, counts and dates is split in two.
3. similarity.py scores every pair inside a story (up to
   group.max_story_pairs per story, else each article against the story's
   central one), with evidence per dimension.
4. incremental.py regroups a large corpus grown a little only where its
   new articles land (the pipeline decides when: group.incremental_*).
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..config import Config, GroupSettings, stage_settings
from ..errors import E
from ..model import AnalyzedArticle, Duplicate, Similarity, Story
from .cluster import StoryStep, StreamingClusterer, cluster_batch, headline_of, order_key, steps_for_stories, story_id
from .corpus import CorpusStats, corpus_stats
from .dedup import find_duplicates
from .features import DocFeatures, doc_features, group_rules
from .similarity import compare, compare_features, pair_score

__all__ = [
    "GroupResult",
    "StoryStep",
    "group_articles",
    "story_similarities",
    "compare",
    "find_duplicates",
    "StreamingClusterer",
    "doc_features",
    "DocFeatures",
    "pair_score",
    "CorpusStats",
    "corpus_stats",
]

log = logging.getLogger("newsprism.group")


@dataclass
class GroupResult:
    stories: list[Story] = field(default_factory=list)
    similarities: list[Similarity] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)
    # What joined (or split) the articles of each story, story by story
    # (cluster.StoryStep): shown with the grouping evidence.
    steps: list[StoryStep] = field(default_factory=list)


def story_similarities(members: Sequence[AnalyzedArticle], *, settings: GroupSettings | None = None,
                       config: Config | None = None) -> list[Similarity]:
    """Full similarities with evidence inside one story: every pair, or each
    article against the central one when the story has too many pairs."""
    settings = stage_settings(GroupSettings, settings, config)
    rules = group_rules()
    feats = sorted((doc_features(a, rules=rules) for a in members), key=order_key)
    if len(feats) < 2:
        return []
    limit = settings.max_story_pairs
    if len(feats) * (len(feats) - 1) // 2 <= limit:
        pairs = list(itertools.combinations(feats, 2))
    else:
        headline = headline_of(feats)
        centre = next(f for f in feats if f.title == headline) if headline else feats[0]
        pairs = [(centre, f) if order_key(centre) < order_key(f) else (f, centre) for f in feats if f is not centre]
    return [compare_features(x, y, rules=rules) for x, y in pairs]


def group_articles(analyzed: Sequence[AnalyzedArticle], *, settings: GroupSettings | None = None,
                   config: Config | None = None, similarities: bool = True,
                   corpus: CorpusStats | None = None) -> GroupResult:
    """Batch grouping of a whole corpus: duplicates, stories, similarities
    (``similarities=False`` leaves out the per-story pair similarities with
    evidence, which do not change the stories: for benchmarks).

    ``corpus``: when ``analyzed`` is one block of a larger corpus, that
    corpus's statistics (:func:`newsprism.group.corpus.corpus_stats` over
    the features of all its articles, copies included), so that the block is
    clustered with the word rarities of the whole and not of itself; the
    copies this call finds are taken out of them, as they are out of the
    clustering."""
    settings = stage_settings(GroupSettings, settings, config)
    if not analyzed:
        return GroupResult()
    rules = group_rules()
    by_id: dict[str, AnalyzedArticle] = {}
    for a in analyzed:
        by_id.setdefault(a.article.id, a)
    duplicates = find_duplicates(list(by_id.values()), settings=settings)
    copy_of = {d.article: d.copy_of for d in duplicates}

    originals = [a for aid, a in sorted(by_id.items()) if aid not in copy_of]
    feats = [doc_features(a, rules=rules, with_sentences=False) for a in originals]
    if corpus is not None and copy_of:
        corpus = corpus.without(doc_features(by_id[c], rules=rules, with_sentences=False) for c in sorted(copy_of))
    limit = settings.batch_max_articles
    steps: list[StoryStep] = []
    if len(feats) <= limit:
        stories = cluster_batch(feats, settings=settings, rules=rules, corpus=corpus, steps=steps)
    else:
        log.warning(E.E070.format(count=len(feats), limit=limit))
        stream = StreamingClusterer(settings=settings, rules=rules)
        for f in sorted(feats, key=order_key):
            stream.add(f)
        by_f = {f.id: f for f in feats}
        stories = []
        for members in stream.stories().values():
            mf = sorted((by_f[m] for m in members), key=order_key)
            stories.append(Story(id=story_id(mf[0].id), articles=[f.id for f in mf], headline=headline_of(mf)))
            if len(mf) > 1:
                steps.append(StoryStep(story="", rule="stream", parts=[[f.id for f in mf]]))

    # Copies join the story of the text they copy.
    story_of = {aid: s for s in stories for aid in s.articles}
    feat_of = {f.id: f for f in feats}
    out: list[Story] = []
    for s in stories:
        members = list(s.articles) + sorted(c for c, orig in copy_of.items() if story_of.get(orig) is s)
        mf = sorted((feat_of.get(m) or doc_features(by_id[m], rules=rules, with_sentences=False) for m in members),
                    key=order_key)
        out.append(Story(id=story_id(mf[0].id), articles=[f.id for f in mf], headline=s.headline))
    out.sort(key=lambda s: (-len(s.articles), s.id))
    steps += [StoryStep(story="", rule="copy", parts=[[d.copy_of], [d.article]], between=d.jaccard)
              for d in duplicates]
    steps = steps_for_stories(steps, out)  # a copy may found a story: its id moves

    sims: list[Similarity] = []
    if similarities:
        for s in out:
            sims.extend(story_similarities([by_id[m] for m in s.articles], settings=settings))
    return GroupResult(stories=out, similarities=sims, duplicates=duplicates, steps=steps)
