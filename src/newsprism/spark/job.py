"""The Spark job: the stages of :mod:`newsprism.pipeline` over a cluster.

    inputs (JSONL, JSON, CSV, HTML, text, WARC files; Parquet tables)
      -> ingest per file / per row            (stages.ingest_file, ingest_record)
      -> one article per content hash         (reduceByKey on Article.id)
      -> analyze per partition                (stages.analyze_partition: models once per worker;
                                               with --previous, only articles that run did not analyze)
      -> blocking keys -> candidate pairs -> nearest candidates
      -> corpus statistics                    (document frequencies: reduceByKey over every article's
                                               terms, joined back to the articles that give them)
      -> scored edges                         (the clusterer's link score in the whole corpus;
                                               blocking.*: executors; two joins with the features)
      -> parts cut at their weakest edges, packed blocks   (blocking.finish_plan on the driver)
      -> group + reconcile per block          (stages.group_block with the corpus statistics; with
                                               --previous, only the components that changed, the
                                               rest copied)
      -> Parquet tables + one newsprism/1 JSON per story

Only this module imports pyspark, and only inside functions, so that
``import newsprism.spark`` works without it and a missing pyspark is one clear
message (E110).
"""

from __future__ import annotations

import json
import logging
import os
import posixpath
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..config import Config, SparkSettings, default_config, stage_settings
from ..errors import E, NewsprismError
from ..group.corpus import CorpusStats, article_terms
from ..group.features import DocFeatures
from ..model import to_dict
from .blocking import (
    blocking_features,
    blocking_keys,
    blocking_rules,
    candidate_pairs,
    component_key,
    edge_threshold,
    edge_weight,
    finish_plan,
    lexical_cosine,
    link_bars,
    link_features,
    link_weight,
    nearest_candidates,
    pack_blocks,
)
from .stages import (
    Reject,
    analysis_from_rows,
    analysis_row,
    analyze_partition,
    article_row,
    group_block,
    ingest_file,
    ingest_record,
    local_name,
)

__all__ = ["TABLES", "SparkSummary", "run_spark", "spark_session"]

log = logging.getLogger("newsprism.spark")

TABLES = ("articles", "analyses", "stories", "claims", "conflicts", "derivations", "similarity", "duplicates",
          "exports", "rejects", "components")
# Tables whose rows an incremental run copies from the previous run, and how
# a row names what it belongs to (a story id, or an article id).
_REUSED = {"stories": ("id", "story"), "claims": ("story", "story"), "conflicts": ("story", "story"),
           "derivations": ("story", "story"), "exports": ("story", "story"), "similarity": ("a", "article"),
           "duplicates": ("article", "article")}


@dataclass
class SparkSummary:
    out: str
    files: int = 0
    articles: int = 0
    stories: int = 0
    rejects: int = 0  # failures (warnings not counted)
    warnings: int = 0
    blocks: int = 0
    components: int = 0
    largest_block: int = 0
    largest_component: int = 0
    candidate_pairs: int = 0  # distinct pairs of articles that share a blocking key
    edges: int = 0  # of them, scored and at or above the edge bar
    edges_cut: int = 0  # edges between two blocks (a component cut to fit spark.block_articles)
    corpus_terms: int = 0  # terms given by two articles or more: the corpus statistics
    article_terms: int = 0  # (term, article) rows counted for them
    reused_articles: int = 0  # analyses taken from --previous
    reused_components: int = 0  # components whose stories were copied from --previous
    regrouped_articles: int = 0  # articles of the blocks grouped in this run
    seconds: dict[str, float] = field(default_factory=dict)  # step -> wall seconds
    first_rejects: list[str] = field(default_factory=list)  # reasons of the first failures, for the console


def _require_pyspark() -> Any:
    try:
        import pyspark
    except ImportError:
        raise NewsprismError(E.E110) from None
    return pyspark


def spark_session(*, master: str | None = None, settings: SparkSettings | None = None, config: Config | None = None,
                  app: str = "newsprism") -> Any:
    """A SparkSession.  Under spark-submit the submitted master and settings
    win; otherwise ``master`` (else setting spark.master) with a small local
    footprint: no UI, the driver memory of setting spark.driver_memory."""
    _require_pyspark()
    from pyspark import SparkConf
    from pyspark.sql import SparkSession

    settings = stage_settings(SparkSettings, settings, config)
    builder = SparkSession.builder.appName(app)
    submitted = SparkConf().contains("spark.master")
    if master or not submitted:
        builder = builder.master(master or settings.master)
    if not submitted:
        # Python workers run this interpreter (its packages, its models), not
        # whatever `python3` is first on the PATH (pyspark reads the variable).
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        builder = (builder.config("spark.driver.memory", settings.driver_memory)
                   # 200 shuffle partitions (the default) is 200 near-empty tasks on a laptop.
                   .config("spark.sql.shuffle.partitions", str(settings.partitions or 4)))
    builder = (builder.config("spark.ui.enabled", "false")
               .config("spark.ui.showConsoleProgress", "false")  # newsprism prints its own steps
               .config("spark.python.worker.reuse", "true")  # models stay loaded between tasks
               .config("spark.sql.session.timeZone", "UTC"))
    try:
        return builder.getOrCreate()
    except Exception as exc:  # noqa: BLE001 - Java missing, bad master URL, ...
        raise NewsprismError(E.E111.format(reason=f"{type(exc).__name__}: {str(exc).splitlines()[0][:300]}")) \
            from None


# ------------------------------------------------------------------ inputs


def _skip(name: str) -> bool:
    """The folder rules of ingest (data/ingest_formats.toml): hidden files,
    READMEs and known non-article endings are not read from a folder."""
    from ..ingest.rules import load_data

    spec = load_data("ingest_formats.toml")
    folders = spec["folders"]
    parts = name.split("/")
    base = parts[-1]
    lower = base.lower()
    if any(p.startswith(tuple(folders["skip_prefixes"])) for p in parts):
        return True
    if lower.split(".", 1)[0] in set(folders["skip_stems"]):
        return True
    return lower.endswith(tuple(folders["skip_suffixes"])) and not lower.endswith(tuple(spec["suffixes"]))


def _list_files(spark: Any, path: str) -> list[tuple[str, int, str]]:
    """(URI, size, path below the input) of every file a path, folder or glob
    names, through the Hadoop file system API (any Hadoop-compatible path)."""
    jvm = spark.sparkContext._jvm
    hpath = jvm.org.apache.hadoop.fs.Path(path)
    fs = hpath.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration())
    statuses = fs.globStatus(hpath)
    out: list[tuple[str, int, str]] = []
    for st in statuses or []:
        root = st.getPath().toString()
        if st.isDirectory():
            it = fs.listFiles(st.getPath(), True)
            while it.hasNext():
                f = it.next()
                uri = f.getPath().toString()
                out.append((uri, int(f.getLen()), uri[len(root):].lstrip("/")))
        else:
            out.append((root, int(st.getLen()), root.rsplit("/", 1)[-1]))
    return sorted(out)


def _is_parquet(path: str) -> bool:
    return path.rstrip("/").lower().endswith(".parquet")


def _read_inputs(spark: Any, inputs: Sequence[str], *, config: Config) -> tuple[Any, list[Reject], int]:
    """An RDD of Article | Reject, the rejects found on the driver (missing
    inputs), and how many files were read."""
    from pyspark.sql import functions as F

    sc = spark.sparkContext
    limit = config.ingest.max_bytes
    parts = []
    driver_rejects: list[Reject] = []
    files = 0
    for path in inputs:
        try:
            if _is_parquet(path):
                df = spark.read.parquet(path).select("*", F.col("_metadata.file_path").alias("__file"),
                                                     F.col("_metadata.row_index").alias("__row"))
                cols = [c for c in df.columns if c not in ("__file", "__row")]

                def from_row(row: Any, cols: list[str] = cols) -> list[Any]:
                    name = f"{local_name(row['__file'])}#{int(row['__row']) + 1}"
                    return ingest_record(name, {c: row[c] for c in cols}, config=config)

                parts.append(df.rdd.flatMap(from_row))
                files += df.select("__file").distinct().count()
                continue
            listed = _list_files(spark, path)
        except Exception as exc:  # noqa: BLE001 - a bad URI, a file system that refuses, no such table
            if "PATH_NOT_FOUND" in str(exc):
                driver_rejects.append(Reject(path=path, stage="ingest", code="E113", reason=E.E113.format(path=path)))
            else:
                driver_rejects.append(Reject(path=path, stage="ingest", code="E112", reason=E.E112.format(
                    path=path, stage="read", reason=str(exc).splitlines()[0][:300])))
            continue
        if not listed:
            driver_rejects.append(Reject(path=path, stage="ingest", code="E113", reason=E.E113.format(path=path)))
            continue
        # Listed on the driver (Spark's own file sources pass over empty files
        # silently): an empty or too large file is one reject, never read.
        n = 0
        for uri, size, rel in listed:
            name = local_name(uri)
            if _skip(rel):
                continue
            n += 1
            if size == 0:
                driver_rejects.append(Reject(path=name, stage="ingest", code="E001", reason=E.E001.format(path=name)))
            elif size > limit:
                driver_rejects.append(Reject(path=name, stage="ingest", code="E003",
                                             reason=E.E003.format(path=name, size=size, limit=limit)))
        files += n
        if not n:
            continue
        # Whole files (WARC and multi-record files read as in-process), spread
        # over the cores: the file listing puts many small files in one split.
        slices = max(1, min(n, sc.defaultParallelism * 4))
        content = (spark.read.format("binaryFile").option("recursiveFileLookup", "true").load(path)
                   .filter((F.col("length") <= limit) & (F.col("length") > 0)).select("path", "content").repartition(slices))

        def read_file(row: Any) -> list[Any]:
            name = local_name(row["path"])
            # Spark already passes over hidden folders; the name rules apply to the file.
            return [] if _skip(name.rsplit("/", 1)[-1]) else ingest_file(name, bytes(row["content"]), config=config)

        parts.append(content.rdd.flatMap(read_file))
    rdd = sc.union(parts) if parts else sc.emptyRDD()
    return rdd, driver_rejects, files


# ------------------------------------------------------------------ output


def _schema(table: str) -> Any:
    from pyspark.sql.types import (
        ArrayType,
        BinaryType,
        BooleanType,
        DoubleType,
        IntegerType,
        StringType,
        StructField,
        StructType,
    )

    s, i, d = StringType(), IntegerType(), DoubleType()
    cols: dict[str, list[tuple[str, Any]]] = {
        "articles": [("id", s), ("path", s), ("url", s), ("title", s), ("outlet", s), ("published", s),
                     ("language", s), ("agency", s), ("byline", s), ("format", s), ("text", s), ("data", s)],
        "analyses": [("id", s), ("analyzer_version", s), ("sentences", i), ("data", s), ("embeddings", BinaryType()),
                     ("dim", i)],
        "stories": [("id", s), ("headline", s), ("articles", ArrayType(s)), ("size", i), ("block", i)],
        "components": [("article", s), ("component", s), ("block", i)],
        "claims": [("story", s), ("id", s), ("text", s), ("verdict", s), ("independent_sources", i), ("data", s)],
        "conflicts": [("story", s), ("id", s), ("about", s), ("slot", s), ("claim", s), ("kind", s), ("data", s)],
        "derivations": [("story", s), ("derived", s), ("source", s), ("kind", s), ("evidence", s)],
        "similarity": [("a", s), ("b", s), ("overall", d), ("geography", d), ("entities", d), ("time", d),
                       ("narrative", d), ("evidence", s)],
        "duplicates": [("article", s), ("copy_of", s), ("jaccard", d), ("kind", s)],
        "exports": [("story", s), ("document", s)],
        "rejects": [("path", s), ("stage", s), ("code", s), ("reason", s), ("warning", BooleanType())],
    }
    return StructType([StructField(n, t, True) for n, t in cols[table]])


def _block_rows(block: int, out: Any) -> list[tuple[str, dict[str, Any]]]:
    rows: list[tuple[str, dict[str, Any]]] = []
    for r in out.reports:
        st = r.story
        rows.append(("stories", {"id": st.id, "headline": st.headline, "articles": list(st.articles),
                                 "size": len(st.articles), "block": block}))
        for c in r.claims:
            rows.append(("claims", {"story": st.id, "id": c.id, "text": c.text, "verdict": c.verdict,
                                    "independent_sources": int(c.independent_sources),
                                    "data": json.dumps(to_dict(c), ensure_ascii=False)}))
        for c in r.conflicts:
            rows.append(("conflicts", {"story": st.id, "id": c.id, "about": c.about, "slot": c.slot,
                                       "claim": c.claim, "kind": c.kind,
                                       "data": json.dumps(to_dict(c), ensure_ascii=False)}))
        for dv in r.derivations:
            rows.append(("derivations", {"story": st.id, "derived": dv.derived, "source": dv.source,
                                         "kind": dv.kind, "evidence": dv.evidence}))
    for sim in out.similarities:
        rows.append(("similarity", {"a": sim.a, "b": sim.b, "overall": float(sim.overall),
                                    "geography": _f(sim.geography), "entities": _f(sim.entities),
                                    "time": _f(sim.time), "narrative": _f(sim.narrative),
                                    "evidence": json.dumps(sim.evidence, ensure_ascii=False)}))
    for dup in out.duplicates:
        rows.append(("duplicates", {"article": dup.article, "copy_of": dup.copy_of, "jaccard": float(dup.jaccard),
                                    "kind": dup.kind}))
    for story_id, doc in out.exports:
        rows.append(("exports", {"story": story_id, "document": json.dumps(doc, ensure_ascii=False, indent=2)}))
    for rej in out.rejects:
        rows.append(("rejects", to_dict(rej)))
    return rows


def _f(v: Any) -> float | None:
    return None if v is None else float(v)


def _hadoop_write(spark: Any, path: str, text: str) -> None:
    """Write one small text file on any Hadoop-compatible path, from the driver."""
    jvm = spark.sparkContext._jvm
    hpath = jvm.org.apache.hadoop.fs.Path(path)
    fs = hpath.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration())
    stream = fs.create(hpath, True)
    try:
        stream.write(bytearray(text.encode("utf-8")))
    finally:
        stream.close()


# --------------------------------------------------------------------- run


def _previous_state(spark: Any, previous: str, *, out: str, config: Config) -> tuple[Any, dict[str, str], dict[str, list[str]]]:
    """What an incremental run takes from the output of the run before:
    (RDD of (article id, AnalyzedArticle) made by this analyzer version,
    component key per article, member list per story)."""
    from pyspark.sql import functions as F

    from ..analyze import analyzer_version

    if posixpath.normpath(previous.rstrip("/")) == posixpath.normpath(out.rstrip("/")):
        raise ValueError("it is the --out folder itself; write each run to a new folder")
    version = analyzer_version(settings=config.analyze, ingest_settings=config.ingest)
    arts = spark.read.parquet(posixpath.join(previous, "articles")).select("id", F.col("data").alias("article"))
    ana = (spark.read.parquet(posixpath.join(previous, "analyses"))
           .filter(F.col("analyzer_version") == version).select("id", "data", "embeddings", "dim"))
    rows = ana.join(arts, "id").rdd
    prev = rows.map(lambda r: (r["id"], analysis_from_rows(r["article"], r["data"], r["embeddings"], r["dim"])))
    comp_of = {r["article"]: r["component"]
               for r in spark.read.parquet(posixpath.join(previous, "components")).collect()}
    members = {r["id"]: list(r["articles"])
               for r in spark.read.parquet(posixpath.join(previous, "stories")).select("id", "articles").collect()}
    return prev, comp_of, members


def _reusable(comps: Sequence[Sequence[str]], *, new: set[str], prev_comp: dict[str, str],
              prev_members: dict[str, list[str]]) -> set[str]:
    """Keys of the components whose stories an incremental run copies: no new
    article, the same members as a component of the previous run, and every
    previous story touching it lies inside such components (a story the
    clusterer built across two components is regrouped with both)."""
    keys = {component_key(c): c for c in comps}
    ok = {k for k, c in keys.items()
          if not (set(c) & new) and all(prev_comp.get(a) == k for a in c)}
    comp_of = {a: k for k, c in keys.items() for a in c}
    changed = True
    while changed:
        changed = False
        for members in prev_members.values():
            ks = {comp_of.get(a) for a in members}
            if len(ks) > 1 or None in ks:
                bad = {k for k in ks if k in ok}
                if bad:
                    ok -= bad
                    changed = True
    return ok


def run_spark(
    inputs: Sequence[str],
    *,
    out: str,
    master: str | None = None,
    config: Config | None = None,
    spark: Any = None,
    story_files: bool = True,
    previous: str | None = None,
    progress: Callable[[str], None] | None = None,
) -> SparkSummary:
    """Run every stage over ``inputs`` on Spark and write the tables to ``out``.

    ``out/<table>`` is a Parquet table for each of :data:`TABLES`;
    ``out/json/<story id>.json`` (with ``story_files``) the export of one
    story in the newsprism/1 contract.  Bad inputs, articles whose analysis
    fails, blocks or stories that fail become rows of ``out/rejects``; the job
    goes on.

    ``previous`` (the ``out`` of an earlier run) makes the run incremental:
    its articles and analyses are taken over (only the new articles are
    analyzed), and the stories of every blocking component that neither
    gained an article nor changed are copied from it; only the blocks of the
    changed components are grouped and reconciled.  ``out`` then holds the
    whole state (previous and new articles), ready to be the next run's
    ``previous``."""
    config = config if config is not None else default_config()
    own = spark is None
    spark = spark or spark_session(master=master, settings=config.spark)
    from pyspark import StorageLevel
    from pyspark.sql import functions as F

    sc = spark.sparkContext
    summary = SparkSummary(out=out)
    say = progress or (lambda msg: None)
    clock = time.perf_counter()

    def lap(step: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        summary.seconds[step] = round(now - clock, 2)
        clock = now

    try:
        # 0. the previous run, if any
        prev_rdd = None
        prev_comp: dict[str, str] = {}
        prev_members: dict[str, list[str]] = {}
        if previous:
            try:
                prev_rdd, prev_comp, prev_members = _previous_state(spark, previous, out=out, config=config)
            except Exception as exc:  # noqa: BLE001 - no such folder, not our tables: a full run
                reason = str(exc).splitlines()[0][:300] if str(exc) else type(exc).__name__
                log.warning(E.E116.format(path=previous, reason=reason))
                say(E.E116.format(path=previous, reason=reason))
                prev_rdd, prev_comp, prev_members = None, {}, {}

        # 1. ingest
        items, driver_rejects, summary.files = _read_inputs(spark, inputs, config=config)
        items = items.persist(StorageLevel.MEMORY_AND_DISK)
        rejects = items.filter(lambda x: isinstance(x, Reject))
        # The same content read twice is one article (the smallest path keeps it).
        keyed = (items.filter(lambda x: not isinstance(x, Reject))
                 .map(lambda a: (a.id, a))
                 .reduceByKey(lambda a, b: a if (a.path or "") <= (b.path or "") else b))
        if prev_rdd is not None:
            prev_rdd = prev_rdd.persist(StorageLevel.MEMORY_AND_DISK)
            keyed = keyed.subtractByKey(prev_rdd)  # analyzed last time: not again
        n_parts = config.spark.partitions or max(1, 2 * sc.defaultParallelism)
        articles = keyed.values().repartition(n_parts)
        say(f"read {summary.files} files")

        # 2. analyze, per partition (models once per Python worker)
        analyzed_all = articles.mapPartitions(lambda it: analyze_partition(it, config=config))
        analyzed_all = analyzed_all.persist(StorageLevel.MEMORY_AND_DISK)
        analyzed = analyzed_all.filter(lambda x: not isinstance(x, Reject))
        rejects = rejects.union(analyzed_all.filter(lambda x: isinstance(x, Reject)))
        new_ids = set(analyzed.map(lambda a: a.article.id).collect())
        if prev_rdd is not None:
            analyzed = analyzed.union(prev_rdd.values())
        analyzed = analyzed.persist(StorageLevel.MEMORY_AND_DISK)
        feats = analyzed.map(lambda a: (a.article.id, blocking_features(a))).persist(StorageLevel.MEMORY_AND_DISK)
        days = dict(feats.map(lambda kv: (kv[0], kv[1].day)).collect())
        ids = sorted(days)
        summary.articles = len(ids)
        summary.reused_articles = len(ids) - len(new_ids & set(ids))
        lap("ingest+analyze")
        say(f"analyzed {len(new_ids)} articles" + (f", {summary.reused_articles} taken from {previous}"
                                                    if previous else ""))

        # 3. blocking (blocking.py): keys -> candidate pairs -> each article's
        # nearest candidates (word-vector cosine) -> scored edges -> bounded
        # components and packed blocks on the driver.
        rules = blocking_rules()
        cap = config.spark.key_max_articles
        pairs = (analyzed.flatMap(lambda a: [(k, a.article.id) for k in blocking_keys(a, settings=config.group, rules=rules)])
                 .groupByKey()
                 .flatMap(lambda kv: candidate_pairs(list(kv[1]), max_key_articles=cap))
                 .distinct()
                 .persist(StorageLevel.MEMORY_AND_DISK))
        summary.candidate_pairs = int(pairs.count())
        def joined(rdd: Any, values: Any) -> Any:
            """(a, b) -> ((a, va), (b, vb)) through two joins with ``values``."""
            return (rdd.join(values)                                   # (a, (b, va))
                    .map(lambda kv: (kv[1][0], (kv[0], kv[1][1])))     # (b, (a, va))
                    .join(values)                                      # (b, ((a, va), vb))
                    .map(lambda kv: ((kv[1][0][0], kv[1][0][1]), (kv[0], kv[1][1]))))

        # Every candidate pair carries only the two word vectors; the few
        # kept per article carry the whole features.
        vectors = feats.mapValues(lambda f: DocFeatures(id=f.id, vector=f.vector))
        scored = joined(pairs, vectors).map(lambda p: (p[0][0], p[1][0], lexical_cosine(p[0][1], p[1][1])))
        k, floor = rules.edge_neighbors, rules.edge_min_cosine
        near = (scored.flatMap(lambda t: [(t[0], (t[1], t[2])), (t[1], (t[0], t[2]))] if t[2] >= floor else [])
                .groupByKey()
                .flatMap(lambda kv: sorted(nearest_candidates(((kv[0], b, c) for b, c in kv[1]),
                                                              neighbors=k, min_cosine=floor)))
                .distinct())
        # Corpus statistics (group/corpus.py): how many articles of the whole
        # corpus give each term (a term of one article only is left out: it
        # counts 1), joined to the articles that give it.  They weigh the
        # edges (the clusterer's link score in the whole corpus) and go with
        # each block to its clusterer, so that a block is clustered with the
        # corpus's word rarities and not its own.
        n_corpus = summary.articles
        terms = feats.flatMap(lambda kv: [(t, kv[0]) for t in article_terms(kv[1])])
        df = terms.map(lambda ta: (ta[0], 1)).reduceByKey(lambda x, y: x + y).filter(lambda kv: kv[1] >= 2)
        term_df = (terms.join(df)                                        # (term, (article, df))
                  .map(lambda kv: (kv[1][0], (kv[0], kv[1][1])))
                  .groupByKey()                                         # (article, [(term, df)])
                  .persist(StorageLevel.MEMORY_AND_DISK))
        if rules.edge_score == "link":
            bars = link_bars(config=config, corpus_articles=n_corpus)
            scoring = feats.leftOuterJoin(term_df).mapValues(
                lambda v: link_features(v[0], corpus=CorpusStats(articles=n_corpus, df=dict(v[1] or ())),
                                        config=config))

            def weigh(x: Any, y: Any) -> float:
                return link_weight(x, y, bars=bars)
        else:
            scoring, weigh = feats, edge_weight
        bar = edge_threshold(config=config, rules=rules)
        edges = dict(joined(near.map(lambda ab: (ab[0], ab[1])), scoring)
                     .map(lambda p: ((p[0][0], p[1][0]), weigh(p[0][1], p[1][1])))
                     .filter(lambda kv: kv[1] >= bar)
                     .collect())
        pairs.unpersist()
        plan = finish_plan(ids, edges, config=config, rules=rules,
                           order={a: (d if d is not None else 10**9,) for a, d in days.items()})
        summary.edges = plan.edges
        summary.corpus_terms = int(df.count())
        summary.article_terms = int(terms.count())
        summary.components = len(plan.components)
        summary.largest_component = max((len(c) for c in plan.components), default=0)

        # Incremental: the components that did not change keep last run's stories.
        keep = _reusable(plan.components, new=new_ids, prev_comp=prev_comp, prev_members=prev_members) \
            if prev_comp else set()
        comp_key = {a: component_key(c) for c in plan.components for a in c}
        todo = [c for c in plan.components if comp_key[c[0]] not in keep]
        blocks = (pack_blocks(todo, target=config.spark.block_articles)
                  if rules.cut == "raise" else pack_blocks(todo, target=config.spark.block_articles,
                                                           weighted=edges))
        summary.reused_components = len(plan.components) - len(todo)
        summary.blocks = len(blocks)
        summary.largest_block = max((len(b) for b in blocks), default=0)
        summary.regrouped_articles = sum(len(b) for b in blocks)
        block_of_id = {aid: i for i, b in enumerate(blocks) for aid in b}
        summary.edges_cut = sum(1 for a, b in edges if a in block_of_id and b in block_of_id
                                and block_of_id[a] != block_of_id[b])
        block_of = sc.broadcast(block_of_id)
        lap("blocking")
        say(f"{summary.components} components in {summary.blocks} blocks (largest {summary.largest_block},"
            f" {summary.edges_cut} of {summary.edges} edges between blocks)"
            + (f"; {summary.reused_components} components unchanged since {previous}" if previous else ""))

        # 4. the corpus statistics of each block's own terms
        n_blocks = max(1, len(blocks))
        n_tasks = min(n_blocks, max(1, 2 * sc.defaultParallelism))
        block_df = (term_df.filter(lambda kv: kv[0] in block_of.value)
                    .flatMap(lambda kv: [(block_of.value[kv[0]], tc) for tc in kv[1]])
                    .distinct()
                    .groupByKey(numPartitions=n_tasks))                 # (block, [(term, df)])

        def group_one(block: int, members: Any, counts: Any) -> list[tuple[str, dict[str, Any]]]:
            stats = CorpusStats(articles=n_corpus, df=dict(counts or ()))
            return _block_rows(block, group_block(list(members), config=config, corpus=stats))

        # 5. group + reconcile per block
        grouped = (analyzed.filter(lambda a: a.article.id in block_of.value)
                   .map(lambda a: (block_of.value[a.article.id], a))
                   .groupByKey(numPartitions=n_tasks)
                   .leftOuterJoin(block_df, numPartitions=n_tasks)         # (block, (members, counts))
                   .flatMap(lambda kv: group_one(kv[0], kv[1][0], kv[1][1])))
        grouped = grouped.persist(StorageLevel.MEMORY_AND_DISK)

        # 6. tables
        def frame(table: str, rdd: Any) -> Any:
            return spark.createDataFrame(rdd, _schema(table))

        def write(table: str, df: Any) -> None:
            df.write.mode("overwrite").parquet(posixpath.join(out, table))

        write("articles", frame("articles", analyzed.map(lambda a: article_row(a.article))))
        write("analyses", frame("analyses", analyzed.map(analysis_row)))
        write("components", frame("components", sc.parallelize(
            [{"article": a, "component": comp_key[a], "block": block_of_id.get(a, -1)} for a in ids],
            max(1, min(len(ids) // 5000 + 1, 64)))))
        kept_articles = {a for c in plan.components if comp_key[c[0]] in keep for a in c}
        kept_stories = {sid for sid, m in prev_members.items() if m and m[0] in kept_articles}
        for table in ("stories", "claims", "conflicts", "derivations", "similarity", "duplicates", "exports"):
            df = frame(table, grouped.filter(lambda tr, t=table: tr[0] == t).map(lambda tr: tr[1]))
            if keep:
                col, kind = _REUSED[table]
                names = sc.broadcast(kept_stories if kind == "story" else kept_articles)
                old = spark.read.parquet(posixpath.join(previous, table))
                old = spark.createDataFrame(old.rdd.filter(lambda r, c=col, n=names: r[c] in n.value), _schema(table))
                # the block a copied story came from is not one of this run's
                if table == "stories":
                    old = old.withColumn("block", F.lit(-1).cast("int"))
                df = df.unionByName(old)
            write(table, df)
        summary.stories = int(spark.read.parquet(posixpath.join(out, "stories")).count())
        all_rejects = (rejects.map(to_dict)
                       .union(grouped.filter(lambda tr: tr[0] == "rejects").map(lambda tr: tr[1]))
                       .union(sc.parallelize([to_dict(r) for r in driver_rejects], 1)))
        write("rejects", frame("rejects", all_rejects))
        table = spark.read.parquet(posixpath.join(out, "rejects"))
        summary.first_rejects = [r["reason"] for r in table.filter("NOT warning").orderBy("path").limit(20).collect()]
        counts = table.groupBy("warning").count().collect()
        for row in counts:
            if row["warning"]:
                summary.warnings = int(row["count"])
            else:
                summary.rejects = int(row["count"])
        lap("group+reconcile+write")

        # 7. one newsprism/1 document per story, streamed through the driver
        if story_files:
            folder = posixpath.join(out, "json")
            exports = spark.read.parquet(posixpath.join(out, "exports"))
            for row in exports.toLocalIterator():
                _hadoop_write(spark, posixpath.join(folder, f"{row['story']}.json"), row["document"] + "\n")
            lap("story files")
        _hadoop_write(spark, posixpath.join(out, "_newsprism.json"),
                      json.dumps(to_dict(summary), indent=2) + "\n")
        for rdd in (items, analyzed_all, analyzed, feats, term_df, grouped, prev_rdd):
            if rdd is not None:
                rdd.unpersist()
    finally:
        if own:
            spark.stop()
    return summary
