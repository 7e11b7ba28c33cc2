"""End to end on the project's own examples: the walking skeleton holds."""

import json
from pathlib import Path

import pytest

from newsprism.cli import main
from newsprism.store import Store

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo")
    code = main(["analyze", str(EXAMPLES), "--db", str(out / "demo.db"), "--out", str(out), "-q"])
    return code, out


def _count_calls(monkeypatch, module, name):
    """Patch ``module.name`` to count its calls (the list returned grows by one a call)."""
    calls = []
    real = getattr(module, name)

    def spy(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, spy)
    return calls


def test_pipeline_analyze_writes_the_three_outputs(demo):
    code, out = demo
    assert code == 0
    for name in ("brief.md", "brief.html", "export.json"):
        assert (out / name).stat().st_size > 0


def test_pipeline_export_follows_the_contract(demo):
    _, out = demo
    doc = json.loads((out / "export.json").read_text("utf-8"))
    assert doc["schema"] == "newsprism/1"
    assert len(doc["articles"]) >= 8
    for a in doc["articles"]:
        for key in ("id", "path", "title", "outlet", "published", "language", "agency", "byline", "text",
                    "removed", "repairs"):
            assert key in a
    assert doc["stories"]
    for s in doc["stories"]:
        for key in ("id", "headline", "articles", "entities", "quotes", "claims", "conflicts", "timeline",
                    "derivations"):
            assert key in s
    ids = {a["id"] for a in doc["articles"]}
    assert all(set(s["articles"]) <= ids for s in doc["stories"])
    assert "similarity" in doc


def test_pipeline_rerun_is_idempotent_and_export_deterministic(demo, capsys):
    _, out = demo
    with Store(out / "demo.db") as st:
        before = st.count_articles()
    assert main(["analyze", str(EXAMPLES), "--db", str(out / "demo.db"), "--out", str(out / "again"), "-q"]) == 0
    with Store(out / "demo.db") as st:
        assert st.count_articles() == before
    first = json.loads((out / "export.json").read_text("utf-8"))
    second = json.loads((out / "again" / "export.json").read_text("utf-8"))
    assert first == second


def test_pipeline_export_command_prints_the_same_document(demo, capsys):
    _, out = demo
    capsys.readouterr()
    assert main(["export", "--format", "json", "--db", str(out / "demo.db"), "-q"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed == json.loads((out / "export.json").read_text("utf-8"))


@pytest.mark.parametrize("document_only, forbidden", [
    (False, ("group_articles", "reconcile_story")),
    # the CLI and the web app read only the document: the kept one, no
    # analysis loaded, no export built
    (True, ("group_articles", "reconcile_story", "analyze_articles", "build_export")),
])
def test_pipeline_rerun_with_no_new_input_reuses_grouping_and_reports(demo, monkeypatch, document_only, forbidden):
    # Nothing changed: neither grouping nor reconciling may run again, and
    # the document is the one the first run wrote.
    import newsprism.pipeline as pipeline

    def fail(*args, **kwargs):
        raise AssertionError("recomputed on a re-run with no new input")

    _, out = demo
    for name in forbidden:
        monkeypatch.setattr(pipeline, name, fail)
    with Store(out / "demo.db") as st:
        result = pipeline.process_store(st, document_only=document_only)
    doc = json.loads(json.dumps(result.document, ensure_ascii=False))
    assert doc == json.loads((out / "export.json").read_text("utf-8"))
    assert bool(result.reports) is not document_only


def test_pipeline_no_change_rerun_builds_no_article(demo, monkeypatch):
    # The check that nothing changed reads article ids, not articles: a
    # no-change re-run of a large store built every Article (its text
    # included) only to read its id.
    import newsprism.pipeline as pipeline

    def fail(*args, **kwargs):
        raise AssertionError("articles built on a re-run with no new input")

    _, out = demo
    monkeypatch.setattr(Store, "articles", fail)
    with Store(out / "demo.db") as st:
        doc = pipeline.process_store(st, document_only=True).document
    assert json.loads(json.dumps(doc, ensure_ascii=False)) == json.loads((out / "export.json").read_text("utf-8"))


def test_pipeline_no_change_rerun_reads_the_grouping_evidence_kept_with_the_document(demo, monkeypatch):
    # The web app's first page and `stories --why` show why each story's
    # articles were put together; weighing every article's words again on
    # each start was most of that page.  It is kept with the document, and
    # it is what evidence_for_all gives for that document.
    import newsprism.group.explain as explain
    import newsprism.pipeline as pipeline

    real = explain.evidence_for_all

    def fail(*args, **kwargs):
        raise AssertionError("evidence computed again on a re-run with no new input")

    _, out = demo
    monkeypatch.setattr(explain, "evidence_for_all", fail)
    with Store(out / "demo.db") as st:
        result = pipeline.process_store(st, document_only=True)
    assert result.evidence is not None and set(result.evidence) == {s["id"] for s in result.document["stories"]}
    assert result.evidence == json.loads(json.dumps(real(result.document, result.document["stories"])))


def test_pipeline_stories_why_prints_the_kept_evidence(demo, monkeypatch, capsys):
    import newsprism.group.explain as explain
    from newsprism.present.show import format_story_evidence

    _, out = demo
    with Store(out / "demo.db") as st:
        import newsprism.pipeline as pipeline

        result = pipeline.process_store(st, document_only=True)
    monkeypatch.setattr(explain, "evidence_for_all", lambda *a, **k: (_ for _ in ()).throw(AssertionError("computed")))
    capsys.readouterr()
    assert main(["stories", "--why", "--db", str(out / "demo.db"), "-q"]) == 0
    printed = capsys.readouterr().out
    shown = [s for s in result.document["stories"] if format_story_evidence(result.evidence[s["id"]])]
    assert shown and all("\n".join(format_story_evidence(result.evidence[s["id"]])) in printed for s in shown)
    # and which step joined each story's articles: the linkage, and the
    # examples' two copies joining the story of the text they copy
    assert "joined: 4 articles linked by average linkage" in printed
    assert printed.count("joined: 1 article, a copy of a member (shingle overlap 0.") == 2


def test_pipeline_report_key_prefix_is_shared_by_every_story():
    from newsprism.config import load_config
    from newsprism.pipeline import _report_key, _report_key_prefix

    cfg = load_config(env={})
    prefix = _report_key_prefix(cfg)
    assert _report_key(["b", "a"], cfg, prefix=prefix) == _report_key(["a", "b"], cfg)
    assert _report_key(["a", "c"], cfg, prefix=prefix) != _report_key(["a", "b"], cfg)
    other = cfg.replace(reconcile__align_threshold=0.71)
    assert _report_key_prefix(other) != prefix
    assert _report_key(["a", "b"], other) == _report_key(["a", "b"], other, prefix=_report_key_prefix(other))


def test_pipeline_kept_document_is_rebuilt_when_what_it_was_built_from_changes(demo, tmp_path, monkeypatch):
    import shutil

    import newsprism.pipeline as pipeline
    from newsprism.config import load_config

    _, out = demo
    db = tmp_path / "copy.db"
    shutil.copy(out / "demo.db", db)
    built = _count_calls(monkeypatch, pipeline, "build_export")
    cfg = load_config()
    with Store(db) as st:
        kept = pipeline.process_store(st, config=cfg, document_only=True).document
        assert built == []
        # any setting is part of the document's key
        other = cfg.replace(serve__port=int(cfg["serve.port"]) + 1)
        assert pipeline.process_store(st, config=other, document_only=True).document == kept
        assert built == [1]
        # a report no longer kept under its key: the stages run
        st.conn.execute("UPDATE reports SET key = 'stale'")
        st.conn.commit()
        monkeypatch.setattr(pipeline, "reconcile_story", lambda story, *a, **k: st.report(story.id))
        pipeline.process_store(st, config=cfg, document_only=True)
        assert built == [1, 1]
        # without document_only every field is filled
        full = pipeline.process_store(st, config=cfg)
        assert built == [1, 1, 1] and full.analyzed and full.reports


def test_pipeline_write_outputs_renders_only_a_changed_document_or_folder(demo, tmp_path, monkeypatch):
    import newsprism.pipeline as pipeline

    _, out = demo
    doc = json.loads((out / "export.json").read_text("utf-8"))
    rendered = _count_calls(monkeypatch, pipeline, "render_html")
    with Store(tmp_path / "w.db") as st:
        pipeline.write_outputs(doc, tmp_path / "a", store=st)
        assert len(rendered) == 1
        pipeline.write_outputs(doc, tmp_path / "a", store=st)  # the same document, files as written
        assert len(rendered) == 1
        assert (tmp_path / "a" / "export.json").read_text("utf-8") == (out / "export.json").read_text("utf-8")
        (tmp_path / "a" / "brief.md").write_text("edited", "utf-8")  # a file no longer the one written
        pipeline.write_outputs(doc, tmp_path / "a", store=st)
        assert len(rendered) == 2 and (tmp_path / "a" / "brief.md").read_text("utf-8") != "edited"
        pipeline.write_outputs(doc, tmp_path / "b", store=st)  # another folder
        assert len(rendered) == 3
        changed = dict(doc, stories=doc["stories"][:1])
        pipeline.write_outputs(changed, tmp_path / "a", store=st)  # another document
        assert len(rendered) == 4
        assert json.loads((tmp_path / "a" / "export.json").read_text("utf-8")) == changed
    pipeline.write_outputs(doc, tmp_path / "a")  # no store: always written
    assert len(rendered) == 5


def test_pipeline_write_outputs_with_the_kept_hash_encodes_no_document(demo, tmp_path, monkeypatch):
    # The kept document's hash and the changes marked on it say what is
    # written: a no-change re-run encodes nothing to see that its outputs
    # are current; changed marks are written again.
    import newsprism.pipeline as pipeline
    from newsprism.store import Store as _Store

    _, out = demo
    doc = json.loads((out / "export.json").read_text("utf-8"))
    rendered = _count_calls(monkeypatch, pipeline, "render_html")
    with _Store(tmp_path / "w.db") as st:
        base = st.put_document("k", doc)
        assert st.document_hash("k") == base and st.document_hash("other") is None
        pipeline.write_outputs(doc, tmp_path / "a", store=st, base_hash=base)
        assert len(rendered) == 1
        assert json.loads((tmp_path / "a" / "export.json").read_text("utf-8")) == doc
        real = pipeline.json_parts

        def fail(*args, **kwargs):
            raise AssertionError("the document encoded again")

        monkeypatch.setattr(pipeline, "json_parts", fail)
        pipeline.write_outputs(doc, tmp_path / "a", store=st, base_hash=base)
        assert len(rendered) == 1
        monkeypatch.setattr(pipeline, "json_parts", real)
        marked = dict(doc, stories=[dict(doc["stories"][0], changes={"since": "x", "new_claims": ["c1"]}),
                                    *doc["stories"][1:]])
        pipeline.write_outputs(marked, tmp_path / "a", store=st, base_hash=base)
        assert len(rendered) == 2
        assert json.loads((tmp_path / "a" / "export.json").read_text("utf-8")) == marked


def test_pipeline_no_change_cli_rerun_encodes_no_document(demo, tmp_path, monkeypatch):
    import newsprism.pipeline as pipeline

    _, out = demo
    assert main(["analyze", str(EXAMPLES), "--db", str(out / "demo.db"), "--out", str(tmp_path / "o"), "-q"]) == 0

    def fail(*args, **kwargs):
        raise AssertionError("the document encoded again")

    monkeypatch.setattr(pipeline, "json_parts", fail)
    assert main(["analyze", str(EXAMPLES), "--db", str(out / "demo.db"), "--out", str(tmp_path / "o"), "-q"]) == 0


def test_pipeline_no_change_cli_rerun_imports_no_stage_nor_numpy(demo, tmp_path):
    # A re-run with nothing new serves the kept document: it imports no
    # stage package and not numpy (CorpusResult's default grouping once
    # imported the whole group package, numpy and rapidfuzz with it; the
    # store imported numpy at the top).
    import os
    import subprocess
    import sys

    _, out = demo
    args = ["analyze", str(EXAMPLES), "--db", str(out / "demo.db"), "--out", str(tmp_path / "o"), "-q"]
    assert main(args) == 0  # the outputs written to this folder once
    code = (
        "import sys\n"
        "from newsprism.cli import main\n"
        f"rc = main({args!r})\n"
        "print(rc, sorted(m for m in sys.modules if m == 'numpy' or m.startswith(('newsprism.group', "
        "'newsprism.analyze.', 'newsprism.reconcile', 'newsprism.present.export'))))\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=600,
                         cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    assert run.returncode == 0, run.stderr[-800:]
    assert run.stdout.strip().splitlines()[-1] == "0 []"


def test_pipeline_export_written_in_parts_is_the_json_dumps_text(demo):
    # export.json is written an article or story at a time (jsonparts), and
    # the kept document compressed the same way: the text must still be
    # json.dumps's, and the kept document the one written.
    _, out = demo
    text = (out / "export.json").read_text("utf-8")
    doc = json.loads(text)
    assert doc["articles"] and doc["stories"]
    assert text == json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
    with Store(out / "demo.db", readonly=True) as st:
        kept = st.get_kv("document")
        assert kept and st.document(kept["key"]) == doc


def test_pipeline_grouping_is_redone_when_a_group_setting_changes(demo, monkeypatch):
    import newsprism.pipeline as pipeline
    from newsprism.config import load_config

    _, out = demo
    calls = _count_calls(monkeypatch, pipeline, "group_articles")
    cfg = load_config()
    # A setting that cannot change the stories of a small corpus, but is
    # part of what the grouping was computed under.
    changed = cfg.replace(group__batch_max_articles=int(cfg["group.batch_max_articles"]) + 1)
    with Store(out / "demo.db") as st:
        first = pipeline.process_store(st, config=changed).document
        assert calls == [1]
        again = pipeline.process_store(st, config=changed).document
        assert calls == [1]
        default = pipeline.process_store(st, config=cfg).document  # back to the default key
    assert calls == [1, 1]
    assert first["stories"] == again["stories"] == default["stories"]


def test_pipeline_reconciles_with_the_stored_parse_without_spacy(tmp_path, monkeypatch):
    from newsprism.analyze import nlp
    from newsprism.config import load_config
    from newsprism.ingest import ingest_paths
    from newsprism.pipeline import process_store
    from newsprism.store import Store

    texts = {
        "a.txt": "Rescue teams pulled 14 survivors from the collapsed Varna mine on Tuesday, officials said. "
                 "The company that runs the mine said it had stopped work at two other shafts.",
        "b.txt": "Rescuers pulled 14 survivors from the collapsed Varna mine on Tuesday, officials said. "
                 "The mine's owner said work had stopped at two other shafts.",
    }
    for name, text in texts.items():
        (tmp_path / name).write_text(text, "utf-8")
    config = load_config()
    with Store(tmp_path / "s.db") as store:
        ingest_paths([str(tmp_path / n) for n in texts], store=store, config=config)
        from newsprism.analyze import analyze_articles

        analyzed = analyze_articles(store.articles(), config=config, store=store)
        assert all(a.parse is None for a in analyzed)  # not held in memory
        assert len(store.parses([a.article.id for a in analyzed])) == 2

        def no_model():
            raise AssertionError("spaCy loaded in reconcile")

        monkeypatch.setattr(nlp, "load_nlp", no_model)
        result = process_store(store, config=config)
    assert result.reports and any(r.claims for r in result.reports)


def _two_stories(folder):
    texts = {
        "a.txt": "Rescue teams pulled 14 survivors from the collapsed Varna mine on Tuesday, officials said. "
                 "The company that runs the mine said it had stopped work at two other shafts.",
        "b.txt": "Rescuers pulled 14 survivors from the collapsed Varna mine on Tuesday, officials said. "
                 "The mine's owner said work had stopped at two other shafts.",
        "c.txt": "The Lisbon city council voted on Monday to close the Alfama tram line for repairs until March. "
                 "The mayor said the line carried 3,000 passengers a day.",
        "d.txt": "Lisbon's council voted on Monday to shut the Alfama tram line for repairs until March. "
                 "About 3,000 passengers a day use the line, the mayor said.",
    }
    for name, text in texts.items():
        (folder / name).write_text(text, "utf-8")
    return [str(folder / n) for n in texts]


def test_pipeline_workers_only_for_enough_articles_in_a_file_store(tmp_path):
    from newsprism.config import load_config
    from newsprism.model import AnalyzedArticle, Article, Story
    from newsprism.pipeline import _Job, _workers

    cfg = load_config(env={})
    jobs = [_Job(i, "k", Story(id=f"s{i}", articles=["a"]), [AnalyzedArticle(article=Article(id=f"a{i}", path="p",
            text="t"))] * 40, []) for i in range(2)]
    with Store(tmp_path / "s.db") as st:
        assert _workers(jobs, st, cfg.replace(reconcile__parallel_min_articles=80)) == 2
        assert _workers(jobs, st, cfg.replace(reconcile__parallel_min_articles=81)) == 0
        assert _workers(jobs[:1], st, cfg.replace(reconcile__parallel_min_articles=0)) == 0  # one story
        assert _workers(jobs, st, cfg.replace(reconcile__processes=1, reconcile__parallel_min_articles=0)) == 0
    with Store(":memory:") as st:
        assert _workers(jobs, st, cfg.replace(reconcile__parallel_min_articles=0)) == 0


def test_pipeline_fresh_analyses_carry_the_vectors_the_store_keeps(tmp_path):
    # A worker reads its story's analyses from the store (float16 vectors):
    # the analyses this process groups and reconciles with must hold the
    # same vectors on a first run, or workers and a re-run would differ.
    import numpy as np

    from newsprism.analyze import analyze_articles, analyzer_version
    from newsprism.config import load_config
    from newsprism.ingest import ingest_paths
    from newsprism.pipeline import _as_stored

    cfg = load_config(env={})
    with Store(tmp_path / "s.db") as st:
        ingest_paths(_two_stories(tmp_path), store=st, config=cfg)
        analyzed = analyze_articles(st.articles(), settings=cfg.analyze, ingest_settings=cfg.ingest, store=st)
        _as_stored(analyzed)
        for a in analyzed:
            stored = st.analysis(a.article.id, analyzer_version(settings=cfg.analyze, ingest_settings=cfg.ingest))
            assert np.array_equal(a.embeddings, stored.embeddings)


def test_pipeline_worker_reads_its_story_analyses_from_the_store(demo, monkeypatch):
    import dataclasses

    import numpy as np

    import newsprism.pipeline as pipeline
    from newsprism.analyze import analyze_articles, analyzer_version
    from newsprism.config import load_config
    from newsprism.model import to_dict

    cfg = load_config(env={})
    _, out = demo
    seen = []
    monkeypatch.setattr(pipeline, "_reconcile_one", lambda job, config: (seen.append(job), (None, "stop"))[1])
    with Store(out / "demo.db") as st:
        story = max(st.stories(), key=lambda s: len(s.articles))
        by_id = {a.article.id: a for a in analyze_articles(st.articles(), config=cfg, store=st)}
    members = [by_id[a] for a in story.articles]
    job = pipeline._Job(0, "k", story, [], [])
    version = analyzer_version(settings=cfg.analyze, ingest_settings=cfg.ingest)
    report, reason, _ = pipeline._worker_job(job, [m.article.id for m in members], version, cfg, str(out / "demo.db"))
    assert (report, reason) == (None, "stop")
    got = seen[0].members
    assert [m.article.id for m in got] == list(story.articles)
    assert all(m.parse for m in got)  # with the parse reconcile reads
    for mine, theirs in zip(members, got):
        assert np.array_equal(mine.embeddings, theirs.embeddings)
        strip = {"parse": None, "embeddings": None}
        assert to_dict(dataclasses.replace(mine, **strip)) == to_dict(dataclasses.replace(theirs, **strip))
    # an analysis the store does not hold under this version: the story fails, the batch goes on
    report, reason, _ = pipeline._worker_job(job, ["nope"], version, cfg, str(out / "demo.db"))
    assert report is None and "nope" in reason


def test_pipeline_report_key_ignores_how_many_processes():
    from newsprism.config import load_config
    from newsprism.pipeline import _report_key

    cfg = load_config(env={})
    key = _report_key(["a", "b"], cfg)
    assert _report_key(["a", "b"], cfg.replace(reconcile__processes=7, reconcile__parallel_min_articles=1)) == key
    assert _report_key(["a", "b"], cfg.replace(reconcile__align_threshold=0.71)) != key


@pytest.mark.slow
def test_pipeline_reconciles_in_workers_to_the_same_document(tmp_path, monkeypatch):
    import newsprism.pipeline as pipeline
    from newsprism.config import load_config
    from newsprism.ingest import ingest_paths

    paths = _two_stories(tmp_path)
    cfg = load_config(env={})
    docs, reads = [], []
    for name, config in (("serial", cfg.replace(reconcile__processes=1)),
                         ("workers", cfg.replace(reconcile__processes=2, reconcile__parallel_min_articles=0))):
        with Store(tmp_path / f"{name}.db") as st:
            ingest_paths(paths, store=st, config=config)
            if name == "workers":
                # Only the workers may reconcile: this process's own path fails.
                monkeypatch.setattr(pipeline, "_reconcile_one", lambda *a, **k: (None, "ran in the parent"))
            docs.append(pipeline.process_store(st, config=config).document)
            # the vectors the workers computed were kept in the store
            assert st.conn.execute("SELECT COUNT(*) FROM vectors").fetchone()[0] > 0
            reads.append(sorted(st.conn.execute("SELECT key, owner, logits FROM reads")))
    serial, workers = docs
    assert reads[1] == reads[0]  # the workers' cross-encoder reads kept as this process keeps its own
    assert len(serial["stories"]) == 2
    assert workers["stories"] == serial["stories"]
    # The workers' fork server (pipeline._WORKER_PRELOAD) is stopped with the
    # pool: it holds the libraries it preloaded until then.
    from multiprocessing import forkserver

    assert forkserver._forkserver._forkserver_pid is None


def test_pipeline_reports_redone_after_reconcile_code_moved_read_no_pair_again(demo, tmp_path, monkeypatch):
    # Every story is reconciled again when reconcile's code moves; the
    # cross-encoder's reads are kept by pair, so none is read again,
    # and the document is the one the fresh reads gave.
    import shutil

    import newsprism.pipeline as pipeline
    from newsprism.config import load_config
    from newsprism.reconcile import cross

    _, out = demo
    db = tmp_path / "copy.db"
    shutil.copy(out / "demo.db", db)
    cfg = load_config()
    with Store(db) as st:
        kept = pipeline.process_store(st, config=cfg).document
        owners = {o for (o,) in st.conn.execute("SELECT owner FROM reads")}
        assert owners and owners <= set(st.report_keys().values())
        monkeypatch.setattr(pipeline, "RECONCILE_VERSION", pipeline.RECONCILE_VERSION + "-moved")
        redone = _count_calls(monkeypatch, pipeline, "reconcile_story")
        batches = _count_calls(monkeypatch, cross, "pair_inputs")
        again = pipeline.process_store(st, config=cfg).document
        assert len(redone) == len(kept["stories"]) and batches == []
        assert json.dumps(again, sort_keys=True) == json.dumps(kept, sort_keys=True)
        # the kept reads now belong to the new reports; the old keys' are gone
        now = {o for (o,) in st.conn.execute("SELECT owner FROM reads")}
        assert now and now <= set(st.report_keys().values()) and not now & owners


def _replicated_examples(demo, copies):
    # The examples' analyses, replicated as bench_stages.py does (distinct
    # ids, dates shifted, words enciphered, vectors turned per replica):
    # distinct stories of the examples' shapes, a corpus big enough for the
    # clusterer's full bars.
    import importlib.util
    import sys

    from newsprism.analyze import analyzer_version

    sys.path.insert(0, str(ROOT / "bench"))
    spec = importlib.util.spec_from_file_location("bench_stages", ROOT / "bench" / "bench_stages.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    _, out = demo
    with Store(out / "demo.db", readonly=True) as st:
        pool = [a for i in st.article_ids() if (a := st.analysis(i, analyzer_version())) is not None]
    return bench.replicas(sorted(pool, key=lambda a: a.article.id), copies * len(pool), with_parse=False)


def test_pipeline_one_article_more_regroups_only_its_stories_to_the_full_result(demo, tmp_path, monkeypatch):
    import dataclasses

    import newsprism.pipeline as pipeline
    from newsprism.config import load_config
    from newsprism.group import group_articles

    analyzed = _replicated_examples(demo, 4)
    new = analyzed[len(analyzed) // 2]
    before = [a for a in analyzed if a is not new]
    cfg = load_config(env={}).replace(group__incremental_min_articles=len(before), group__incremental_max_growth=0.05)
    grouped = []
    real = group_articles  # the clusterer itself: pipeline.group_articles forwards to the patched name

    def spy(articles, **kwargs):
        grouped.append(len(articles))
        return real(articles, **kwargs)

    monkeypatch.setattr(pipeline, "group_articles", spy)
    monkeypatch.setattr("newsprism.group.group_articles", spy)  # the incremental path's call
    with Store(tmp_path / "inc.db") as st:
        pipeline._grouping(before, st, cfg)
        assert grouped == [len(before)]
        incremental = pipeline._grouping(analyzed, st, cfg)
        # only the new article's story went through the clusterer again
        assert 1 < grouped[1] < len(analyzed) // 3
        assert pipeline._grouping(analyzed, st, cfg) == incremental  # kept: a re-run does nothing
        assert len(grouped) == 2
    full = group_articles(analyzed, settings=cfg.group)
    assert [s.articles for s in incremental.stories] == [s.articles for s in full.stories]
    # similarities and copies too, in the same order
    assert dataclasses.replace(incremental, steps=[]) == dataclasses.replace(full, steps=[])
    # and the same steps (each kept story keeps its own; a story clustered
    # again has its block's values, whose neighbours are not the whole's)
    assert [(st.story, st.rule, st.parts) for st in incremental.steps] == \
        [(st.story, st.rule, st.parts) for st in full.steps]
    assert {st.rule for st in full.steps} >= {"linkage", "copy"}


def test_pipeline_one_article_more_past_the_batch_limit_regroups_only_its_stories(demo, tmp_path, monkeypatch):
    # Over group.batch_max_articles the whole corpus is grouped by the
    # streaming clusterer; one article more used to group it all again.  It
    # now starts from the kept grouping: only the stories the new article
    # lands in are clustered again, every other story is kept as it was.
    import newsprism.pipeline as pipeline
    from newsprism.config import load_config
    from newsprism.group import group_articles

    analyzed = _replicated_examples(demo, 4)
    new = analyzed[len(analyzed) // 2]
    before = [a for a in analyzed if a is not new]
    cfg = load_config(env={}).replace(group__batch_max_articles=len(before) // 2,
                                      group__incremental_min_articles=len(before) // 2,
                                      group__incremental_max_growth=0.05)
    grouped = []
    real = group_articles

    def spy(articles, **kwargs):
        grouped.append(len(articles))
        return real(articles, **kwargs)

    monkeypatch.setattr(pipeline, "group_articles", spy)
    monkeypatch.setattr("newsprism.group.group_articles", spy)
    with Store(tmp_path / "stream.db") as st:
        first = pipeline._grouping(before, st, cfg)
        assert grouped == [len(before)] and {s.rule for s in first.steps} >= {"stream"}
        again = pipeline._grouping(analyzed, st, cfg)
        assert 1 < grouped[1] < len(analyzed) // 3  # the new article's story, not the corpus
        assert pipeline._grouping(analyzed, st, cfg) == again and len(grouped) == 2
    kept = {tuple(s.articles) for s in first.stories}
    now = {tuple(s.articles) for s in again.stories}
    home = next(s for s in again.stories if new.article.id in s.articles)
    changed_before = kept - now  # the stories of the first grouping that changed
    # only stories that met the new article changed, and each changed one is now inside its story
    assert all(set(s) <= set(home.articles) for s in changed_before)
    assert now - kept == {tuple(home.articles)}
    # the kept stories keep their steps (the stream's)
    assert {st.story for st in again.steps if st.rule == "stream"} >= \
        {s.id for s in again.stories if s is not home and len(s.articles) > 1}


@pytest.mark.parametrize("batch_max", [5000, 12])  # batch, and the streaming clusterer past the batch limit
def test_pipeline_regroups_in_full_past_the_growth_bound_or_when_an_article_goes(demo, tmp_path, monkeypatch,
                                                                               batch_max):
    import newsprism.pipeline as pipeline
    from newsprism.config import load_config
    from newsprism.group import group_articles

    analyzed = _replicated_examples(demo, 3)
    cfg = load_config(env={}).replace(group__incremental_min_articles=10, group__incremental_max_growth=0.05,
                                      group__batch_max_articles=batch_max)
    grouped = []
    real = group_articles  # the clusterer itself: pipeline.group_articles forwards to the patched name

    def spy(articles, **kwargs):
        grouped.append(len(articles))
        return real(articles, **kwargs)

    monkeypatch.setattr(pipeline, "group_articles", spy)
    monkeypatch.setattr("newsprism.group.group_articles", spy)  # the incremental path's call
    with Store(tmp_path / "full.db") as st:
        pipeline._grouping(analyzed[:-3], st, cfg)
        pipeline._grouping(analyzed, st, cfg)  # 3 more of 33: past 5 %
        pipeline._grouping(analyzed[1:], st, cfg)  # one gone
    assert grouped == [len(analyzed) - 3, len(analyzed), len(analyzed) - 1]


def test_pipeline_worker_preload_leaves_a_worker_no_library_to_import(tmp_path):
    # A reconcile worker forked from the fork server imports nothing heavy
    # on its first story: what loading the transformer and reading claims'
    # stop words import lazily is in pipeline._WORKER_PRELOAD.
    import os
    import subprocess
    import sys

    pytest.importorskip("torch")
    code = (
        "import importlib, sys\n"
        "from newsprism.pipeline import _WORKER_PRELOAD\n"
        "for m in _WORKER_PRELOAD: importlib.import_module(m)\n"
        "before = set(sys.modules)\n"
        "from newsprism.analyze.embed import precise_encoder\n"
        "from newsprism.reconcile.claims import _stopwords\n"
        "try:\n"
        "    precise_encoder().model\n"
        "except Exception:\n"
        "    print('NOMODEL'); raise SystemExit(0)\n"
        "_stopwords()\n"
        "print(sorted(m for m in set(sys.modules) - before if m.startswith(('spacy.lang', 'torch', 'tokenizers', "
        "'safetensors', 'transformers', 'sentence_transformers', 'sklearn', 'scipy'))))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=600,
                         cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    assert out.returncode == 0, out.stderr[-800:]
    if out.stdout.strip() == "NOMODEL":
        pytest.skip("no transformer model installed")
    assert out.stdout.strip().splitlines()[-1] == "[]"


def _story_parts_built(monkeypatch):
    """Count export.story_part's calls by story id."""
    import newsprism.present.export as export

    built: list[str] = []
    real = export.story_part

    def spy(report, **kwargs):
        built.append(report.story.id)
        return real(report, **kwargs)

    monkeypatch.setattr(export, "story_part", spy)
    return built


def test_pipeline_one_article_more_rebuilds_only_its_storys_export_part(demo, tmp_path, monkeypatch):
    # The examples without one article, then with it: only the story it
    # joins (or makes) has its export part built again, every other part is
    # the one kept, and the document is the one a fresh run of all of them
    # builds (the demo's).
    import newsprism.pipeline as pipeline

    _, out = demo
    last = EXAMPLES / "txt" / "kelmora-death-toll-rises.txt"
    others = [str(p) for p in sorted((EXAMPLES / "txt").glob("*.txt")) + sorted((EXAMPLES / "html").glob("*.html"))
              + [EXAMPLES / "feed.jsonl"] if p != last]
    db = tmp_path / "grow.db"
    _, first = pipeline.run(others, db=db)
    before = {s["id"]: s["articles"] for s in first.document["stories"]}
    built = _story_parts_built(monkeypatch)
    _, second = pipeline.run([str(last)], db=db, document_only=True)
    after = {s["id"]: s["articles"] for s in second.document["stories"]}
    changed = {sid for sid, arts in after.items() if before.get(sid) != arts}
    assert changed and len(changed) < len(after)
    assert set(built) == changed and len(built) == len(changed)
    fresh = json.loads((out / "export.json").read_text("utf-8"))
    assert json.loads(json.dumps(second.document, ensure_ascii=False)) == fresh


def test_pipeline_one_article_more_weighs_only_its_words_for_the_evidence(demo, tmp_path, monkeypatch):
    # The grouping evidence counts every article's words; each article's
    # bag is kept by its text, so one article more weighs that article's
    # words only, and the evidence kept is what the whole document gives.
    import newsprism.group.explain as explain
    import newsprism.pipeline as pipeline

    last = EXAMPLES / "txt" / "kelmora-death-toll-rises.txt"
    others = [str(p) for p in sorted((EXAMPLES / "txt").glob("*.txt")) + sorted((EXAMPLES / "html").glob("*.html"))
              + [EXAMPLES / "feed.jsonl"] if p != last]
    db = tmp_path / "grow.db"
    _, first = pipeline.run(others, db=db)
    weighed = []
    real = explain._words
    monkeypatch.setattr(explain, "_words", lambda text, *a: (weighed.append(text), real(text, *a))[1])
    _, second = pipeline.run([str(last)], db=db, document_only=True)
    added = [a for a in second.document["articles"] if a["id"] not in {b["id"] for b in first.document["articles"]}]
    assert len(added) == 1 and weighed == [added[0]["text"]]
    monkeypatch.setattr(explain, "_words", real)
    assert second.evidence == explain.evidence_for_all(second.document, second.document["stories"])
    with Store(db) as st:  # the table holds the bags of the current document's texts
        assert st.conn.execute("SELECT count(*) FROM words").fetchone()[0] == len(
            {a.get("text", "") for a in second.document["articles"]})


def test_pipeline_unchanged_corpus_builds_and_writes_no_export_part(demo, tmp_path, monkeypatch):
    # The document rebuilt with nothing changed (a setting outside the
    # export's parts moved the document's key): every part is the kept one,
    # none is built or written, and the document is the same.
    import shutil

    import newsprism.pipeline as pipeline
    from newsprism.config import load_config
    from newsprism.store import Store as RealStore

    _, out = demo
    db = tmp_path / "copy.db"
    shutil.copy(out / "demo.db", db)
    cfg = load_config()
    with Store(db) as st:
        kept = pipeline.process_store(st, config=cfg, document_only=True).document
        built = _story_parts_built(monkeypatch)
        written = []
        real = RealStore.keep_parts
        monkeypatch.setattr(RealStore, "keep_parts", lambda self, new, **kw: (written.append(len(new)),
                                                                                real(self, new, **kw)))
        other = cfg.replace(serve__port=int(cfg["serve.port"]) + 1)
        again = pipeline.process_store(st, config=other, document_only=True).document
        assert built == [] and written == [0]
        assert again == kept
        # a part's report changed under the same key: that part is built again
        sid = kept["stories"][0]["id"]
        st.conn.execute("UPDATE reports SET data = replace(data, '\"headline\"', '\"headline\" ') WHERE story_id = ?",
                        (sid,))
        st.conn.commit()
        pipeline.process_store(st, config=cfg, document_only=True)
        assert built == [sid]


def test_pipeline_decodes_with_the_collector_paused_and_parses_with_it_on(demo, tmp_path, monkeypatch):
    # One article more: the kept analyses are loaded, the grouping, the
    # export and the kept document built with the garbage collector paused;
    # reconcile (spaCy's parses, whose garbage has cycles) runs with it on,
    # and so does analyze when an article is analysed.  The document is the
    # fresh run's (the demo's).
    import gc

    import newsprism.pipeline as pipeline

    _, out = demo
    seen: dict[str, list[bool]] = {}
    for name in ("analyze_articles", "_grouping", "_reconcile_all", "build_export"):
        real = getattr(pipeline, name)

        def spy(*args, _real=real, _name=name, **kwargs):
            seen.setdefault(_name, []).append(gc.isenabled())
            return _real(*args, **kwargs)

        monkeypatch.setattr(pipeline, name, spy)
    last = EXAMPLES / "txt" / "kelmora-death-toll-rises.txt"
    others = [str(p) for p in sorted((EXAMPLES / "txt").glob("*.txt")) + sorted((EXAMPLES / "html").glob("*.html"))
              + [EXAMPLES / "feed.jsonl"] if p != last]
    db = tmp_path / "gc.db"
    pipeline.run(others, db=db)
    assert seen["analyze_articles"] == [True]  # articles analysed: spaCy runs
    with Store(db) as st:  # every analysis kept: analyze decodes only
        pipeline.process_store(st, document_only=False)
    assert seen["analyze_articles"] == [True, False]
    seen.clear()
    _, more = pipeline.run([str(last)], db=db, document_only=True)
    assert seen["analyze_articles"] == [True] and seen["_reconcile_all"] == [True]
    assert seen["_grouping"] == [False] and seen["build_export"] == [False]
    assert gc.isenabled()
    fresh = json.loads((out / "export.json").read_text("utf-8"))
    assert json.loads(json.dumps(more.document, ensure_ascii=False)) == fresh


def test_pipeline_cache_keys_cover_every_module_group_and_reconcile_import():
    # A cached grouping or report must be redone when code it ran changes: the
    # key hashes the package's own modules and these shared ones.
    import ast
    from pathlib import Path

    from newsprism import pipeline

    root = Path(pipeline.__file__).parent
    exempt = {"config", "errors", "data", "analyze", "fingerprint"}
    missing = set()
    for package in ("group", "reconcile"):
        for path in (root / package).rglob("*.py"):
            # "from .." in group/x.py, "from ..." in reconcile/conflicts/x.py:
            # the top level
            top = len(path.relative_to(root).parts)
            for node in ast.walk(ast.parse(path.read_text())):
                if not isinstance(node, ast.ImportFrom) or node.level != top:
                    continue
                names = [node.module.split(".")[0]] if node.module else [a.name for a in node.names]
                missing |= {n for n in names if n not in exempt and (root / f"{n}.py").is_file()
                            and f"{n}.py" not in pipeline._SHARED_MODULES}
    assert not missing
