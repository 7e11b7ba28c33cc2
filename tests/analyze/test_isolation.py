"""Per-article isolation in analyze: one article failing any step is marked
failed with its reason and the others go on (issue 13)."""

from __future__ import annotations

import newsprism.analyze as analyze_mod
from newsprism.analyze import analyze_articles, analyzer_version
from newsprism.config import load_config
from newsprism.model import Article
from newsprism.store import Store

TEXTS = {
    "good1": "The harbour of Kelby reopened on Friday after repairs, the port authority said.",
    "boom": "This article BOOM makes the quote extractor fail, the test said on Monday.",
    "good2": "Workers finished the school roof on Sunday, a day before term, the council said.",
}


def _articles() -> list[Article]:
    return [Article(id=k, path=f"{k}.txt", text=v) for k, v in TEXTS.items()]


def test_isolation_failing_step_marks_one_article_and_the_rest_go_on(tmp_path, monkeypatch, nlp):
    real = analyze_mod.extract_quotes
    calls = []

    def flaky(doc, attributions=None):
        calls.append(doc.text)
        if "BOOM" in doc.text:
            raise RuntimeError("extractor bug")
        return real(doc, attributions)

    monkeypatch.setattr(analyze_mod, "extract_quotes", flaky)
    cfg = load_config(env={}).replace(analyze__processes=1)
    failures = []
    with Store(tmp_path / "i.db") as store:
        for a in _articles():
            store.add_article(a)
        done = analyze_articles(_articles(), config=cfg, store=store, on_failure=failures.append)
        assert [a.article.id for a in done] == ["good1", "good2"]
        (failure,) = failures
        assert failure.article.id == "boom" and failure.stage == "analyze"
        assert failure.reason == "RuntimeError: extractor bug"
        assert store.failure("boom", analyzer_version(cfg))["reason"] == "RuntimeError: extractor bug"
        n = len(calls)
        again = analyze_articles(_articles(), config=cfg, store=store, on_failure=failures.append)
        assert [a.article.id for a in again] == ["good1", "good2"]
        assert len(calls) == n and len(failures) == 1  # remembered, not retried


def test_isolation_text_over_the_limit_fails_at_parse(tmp_path, nlp):
    cfg = load_config(env={}).replace(analyze__processes=1, ingest__max_chars=100)
    long = Article(id="long", path="long.txt", text="The council met again on Monday. " * 10)
    failures = []
    done = analyze_articles([long, *_articles()[:1]], config=cfg, on_failure=failures.append)
    assert [a.article.id for a in done] == ["good1"]
    assert failures[0].stage == "parse" and "ingest.max_chars" in failures[0].reason
