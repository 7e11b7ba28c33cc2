"""analyze_articles: caching in the store, progress, the process pool."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from newsprism.analyze import analyze_articles, analyzer_version
from newsprism.config import load_config
from newsprism.model import Article
from newsprism.store import Store

TEXTS = [
    '"The bridge will reopen next week," said Maria Lopez, a city engineer.',
    "According to Reuters, the talks in Geneva failed on Monday.",
    "An official said that 40 people were evacuated from the village.",
]


def _articles():
    return [Article(id=f"a{i}", path=f"a{i}.txt", text=t) for i, t in enumerate(TEXTS)]


def test_analyze_articles_cached_in_store(tmp_path, nlp):
    cfg = load_config().replace(analyze__processes=1)
    ticks = []
    with Store(tmp_path / "t.db") as store:
        for a in _articles():
            store.add_article(a)
        first = analyze_articles(_articles(), config=cfg, store=store, progress=ticks.append)
        assert sum(ticks) == 3
        assert store.analysis("a0", analyzer_version(cfg)) is not None
        again = analyze_articles(_articles(), config=cfg, store=store)
    assert [a.article.id for a in first] == ["a0", "a1", "a2"]
    assert [q.speaker for q in again[0].quotes] == [q.speaker for q in first[0].quotes]
    # float16 in the store, close to the float32 computed
    assert np.allclose(again[1].embeddings, first[1].embeddings, atol=1e-2)


def test_analyze_articles_two_processes_match_one(nlp):
    base = load_config()
    one = analyze_articles(_articles(), config=base.replace(analyze__processes=1))
    two = analyze_articles(
        _articles(), config=base.replace(analyze__processes=2, analyze__parallel_min_articles=2, analyze__batch_size=1)
    )
    assert [a.article.id for a in two] == [a.article.id for a in one]
    for x, y in zip(one, two):
        assert [(m.text, m.label) for m in x.mentions] == [(m.text, m.label) for m in y.mentions]
        assert [(q.speaker, q.text) for q in x.quotes] == [(q.speaker, q.text) for q in y.quotes]
        assert np.allclose(x.embeddings, y.embeddings)


def test_analyze_article_odd_inputs_do_not_fail(nlp):
    from newsprism.analyze import analyze_article

    for text in ["", '"', "“”“ ” «", "\n\n\n", 'He said: "', "“" * 300 + "x"]:
        a = analyze_article(Article(id="x", path="x", text=text))
        assert a.embeddings.shape[0] == len(a.sentences) == len(a.lemmas)


def test_analyze_stored_parse_gives_each_sentence_as_its_own_doc(seed_analysis):
    from newsprism.analyze.nlp import stored_sentence_docs

    a = seed_analysis("004")
    assert a.parse
    picks = [(a, i) for i in range(len(a.sentences))]
    docs = stored_sentence_docs(picks)
    assert all(d is not None for d in docs)
    for sent, doc in zip(a.sentences, docs):
        assert doc.text.startswith(sent.text) and not doc.text[len(sent.text):].strip()  # its trailing space kept
        # offsets are relative to the sentence; a parse is there
        assert all(sent.text[t.idx : t.idx + len(t)] == t.text for t in doc)
        assert sum(1 for t in doc if t.dep_ == "ROOT") >= 1
    assert any(t.lemma_ != t.text for d in docs for t in d)  # lemmas are kept


def test_analyze_stored_parse_missing_or_damaged_gives_none(seed_analysis):
    import dataclasses

    from newsprism.analyze.nlp import stored_sentence_docs

    a = seed_analysis("004")
    none = dataclasses.replace(a, parse=None)
    bad = dataclasses.replace(a, parse=b"not a parse")
    assert stored_sentence_docs([(none, 0), (bad, 0)]) == [None, None]


def test_analyze_settings_that_change_the_output_change_the_cache_version():
    from newsprism.analyze import analyzer_version
    from newsprism.config import load_config

    cfg = load_config(env={})
    base = analyzer_version(cfg)
    for name, value in (("max_sentence_tokens", 50), ("max_token_chars", 80), ("chunk_chars", 5000)):
        assert analyzer_version(cfg.replace(**{f"analyze__{name}": value})) != base, name
    # speed only: the same analyses
    assert analyzer_version(cfg.replace(analyze__processes=1, analyze__batch_size=4)) == base


def test_analyze_model_takes_the_sentence_limit_of_its_settings():
    # A --config file's analyze.max_sentence_tokens reaches the parser (it
    # was read from the environment only, when the model loaded).
    import dataclasses

    from newsprism.analyze.nlp import load_nlp
    from newsprism.config import load_config

    settings = dataclasses.replace(load_config(env={}).analyze, max_sentence_tokens=6)
    doc = load_nlp(settings)(" ".join(["word"] * 40))
    assert max(len(s) for s in doc.sents) <= 6
    assert load_nlp(settings) is load_nlp(settings)


def _stand_in_pool(kills):
    """An in-process stand-in for analyze's worker pool: a task for which
    ``kills(args)`` holds kills the worker, and every task given after it
    fails with the pool (a pool is broken for good once one worker dies)."""
    from concurrent.futures import Future
    from concurrent.futures.process import BrokenProcessPool

    class Pool:
        def __init__(self, processes, settings):
            self.dead = False

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def submit(self, fn, *args):
            f: Future = Future()
            if self.dead or kills(args):
                self.dead = True
                f.set_exception(BrokenProcessPool("worker died"))
            else:
                f.set_result(fn(*args))
            return f

    return Pool


def _analyze_with_pool(tmp_path, monkeypatch, pool):
    import newsprism.analyze as analyze

    monkeypatch.setattr(analyze, "_pool", pool)
    cfg = load_config().replace(analyze__processes=2, analyze__parallel_min_articles=2, analyze__batch_size=1)
    failed = []
    store = Store(tmp_path / "t.db")
    for a in _articles():
        store.add_article(a)
    done = analyze_articles(_articles(), config=cfg, store=store, on_failure=failed.append)
    return done, failed, store, analyzer_version(cfg)


def test_analyze_articles_one_dead_worker_marks_only_its_own_chunk(tmp_path, nlp, monkeypatch):
    # Every chunk not done when one worker dies fails with the pool; those are
    # run again alone and only the chunk that kills its own worker is marked
    # failed (the rest are not lost).
    pool = _stand_in_pool(lambda args: bool(args) and any(a.id == "a1" for a in args[0]))
    done, failed, store, version = _analyze_with_pool(tmp_path, monkeypatch, pool)
    with store:
        assert [a.article.id for a in done] == ["a0", "a2"]
        assert [f.article.id for f in failed] == ["a1"]
        assert store.failure("a1", version) is not None and store.failure("a2", version) is None


def test_analyze_articles_workers_that_cannot_start_lose_nothing(tmp_path, nlp, monkeypatch, caplog):
    # Workers that die as they start (a script without a __main__ guard under
    # spawn, say) break every task, even one that needs nothing: no chunk is
    # to blame, so none is marked failed; they are analysed in this process.
    with caplog.at_level("WARNING"):
        done, failed, store, version = _analyze_with_pool(tmp_path, monkeypatch, _stand_in_pool(lambda args: True))
    with store:
        assert [a.article.id for a in done] == ["a0", "a1", "a2"]
        assert failed == [] and store.failures(version) == {}
    assert "die as they start" in caplog.text


def test_analyze_worker_preload_leaves_a_worker_no_library_to_import(tmp_path):
    # An analyze worker forked from the fork server imports nothing heavy
    # when it loads the models and analyses its first article: what it
    # would import is in analyze._WORKER_PRELOAD.
    import os
    import subprocess
    import sys

    code = (
        "import importlib, sys\n"
        "from newsprism.analyze import _WORKER_PRELOAD\n"
        "for m in _WORKER_PRELOAD: importlib.import_module(m)\n"
        "before = set(sys.modules)\n"
        "from newsprism.analyze import _analyze_chunk, _worker_init\n"
        "from newsprism.config import default_config\n"
        "from newsprism.model import Article\n"
        "cfg = default_config()\n"
        "_worker_init(None, cfg.analyze)\n"
        "text = 'Police said on Monday that 12 people died in Paris, according to Reuters. \"It was awful,\" Ann Lee said.'\n"
        "_analyze_chunk([Article(id='a', path='a.txt', text=text, published='2024-01-02')], cfg.analyze, cfg.ingest, 8)\n"
        "print(sorted(m for m in set(sys.modules) - before if m.split('.')[0] in "
        "('thinc', 'torch', 'model2vec', 'huggingface_hub', 'dateparser', 'dateutil', 'regex') "
        "or m.startswith(('spacy.lang.en', 'spacy.pipeline'))))\n"
    )
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=600,
                         cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(root / "src")})
    assert out.returncode == 0, out.stderr[-800:]
    assert out.stdout.strip().splitlines()[-1] == "[]"
