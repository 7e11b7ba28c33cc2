"""Shared builders for reconcile tests: hand-made AnalyzedArticle objects,
and the seeds run through the real pipeline (once per session)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from newsprism.model import AnalyzedArticle, Article, Mention, Quantity, Quote, Sentence, TimeExpr



def build_article(aid: str, sentences: list[str], *, published: str | None = None, outlet: str | None = None,
                 mentions: list[tuple[int, str, str]] = (), quantities: list[dict] = (),
                 times: list[dict] = (), quotes: list[dict] = ()) -> AnalyzedArticle:
    """An analysed article from plain sentences.  Annotations are given by
    sentence index and the exact text they cover, as analyze would set them."""
    text = " ".join(sentences)
    sents, pos = [], 0
    for i, s in enumerate(sentences):
        start = text.index(s, pos)
        sents.append(Sentence(i, start, start + len(s), s))
        pos = start + len(s)

    def span(i: int, what: str) -> tuple[int, int]:
        off = sents[i].text.index(what)
        return sents[i].start + off, sents[i].start + off + len(what)

    ms = [Mention(t, label, *span(i, t), sentence=i) for i, t, label in mentions]
    qs = []
    for q in quantities:
        s, e = span(q["sentence"], q["text"])
        qs.append(Quantity(text=q["text"], sentence=q["sentence"], start=s, end=e, value=q["value"],
                           low=q.get("low"), high=q.get("high"), counted=q.get("counted"), hedge=q.get("hedge")))
    ts = []
    for t in times:
        s, e = span(t["sentence"], t["text"])
        ts.append(TimeExpr(text=t["text"], sentence=t["sentence"], start=s, end=e, value=t["value"],
                           precision=t["precision"], resolved=True, end_value=t.get("end_value")))
    qts = []
    for q in quotes:
        qts.append(Quote(text=q["text"], sentence=q["sentence"], speaker=q.get("speaker"), direct=q.get("direct", True),
                         sentences=[q["sentence"]]))
    art = Article(id=aid, path=f"{aid}.txt", text=text, published=published, outlet=outlet)
    return AnalyzedArticle(article=art, sentences=sents, mentions=ms, quantities=qs, times=ts, quotes=qts)


@pytest.fixture(scope="session")
def make_article():
    """The :func:`build_article` builder (conftest modules are not importable
    under --import-mode=importlib)."""
    return build_article


@pytest.fixture(scope="session")
def seeds_report(tmp_path_factory, seeds_dir):
    """The three seed articles through ingest -> analyze -> reconcile, as one story."""
    from newsprism.analyze import analyze_articles
    from newsprism.config import load_config
    from newsprism.ingest import ingest_paths
    from newsprism.model import Story
    from newsprism.reconcile import reconcile_story
    from newsprism.store import Store

    config = load_config()
    with Store(tmp_path_factory.mktemp("seeds") / "seeds.db") as store:
        ingested = ingest_paths([str(seeds_dir)], store=store, config=config)
        articles = sorted(ingested.articles, key=lambda a: a.path)
        analyzed = analyze_articles(articles, config=config, store=store)
    by_seed = {Path(a.article.path).name[:3]: a.article.id
               for a in analyzed if re.match(r"\d{3}_", Path(a.article.path).name)}
    story = Story(id="seeds", articles=[a.article.id for a in analyzed])
    report = reconcile_story(story, analyzed, config=config)
    return report, analyzed, by_seed
