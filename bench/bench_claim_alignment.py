"""Claim alignment on ECB+ (Cybulska & Vossen, LREC 2014).

A story is a topic plus its half (every ``*ecb.xml`` of topic t is one event,
every ``*ecbplus.xml`` of topic t another).  Gold aligned pairs: two
annotated sentences (ECBplus_coreference_sentences.csv) from different
documents of one story that hold mentions of the same action instance
(ACTION_* markables joined by a CROSS_DOC_COREF relation).  Candidates are
all cross-document pairs of annotated sentences in a story.

Scored side by side, on the same pairs:

* baseline: TF-IDF cosine of the two sentences (sklearn, fitted per story,
  English stop words), threshold tuned on train;
* newsprism pairs: the pair classifier's probability >= threshold, guards
  applied (align.score_pairs);
* newsprism groups: the claim groups (cliques) reconcile reports
  (align.group_pairs): every cross-document pair inside one group counts as
  aligned.

Candidates are every cross-document sentence pair of a story (an
unannotated sentence is never gold); the figures restricted to the
annotated sentences, where most pairs are gold, are printed as well, with
the trivial "all pairs" line for scale.  Thresholds are tuned (for F1 over
all sentences) on the train topics (1-35 minus dev) with ``--tune``; figures
are reported on the dev topics (2 5 12 18 21 23 34 35).

    python bench/bench_claim_alignment.py           # score with the shipped threshold
    python bench/bench_claim_alignment.py --tune    # grid-search thresholds on train, then score dev

The analyze stage runs for real on the token texts; analyses are cached in
bench/out/ecbplus_align.db, so a re-run only aligns.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
sys.path.insert(0, str(Path(__file__).resolve().parent))  # run, or loaded by path, without bench/ on the path
from ecbplus import (  # noqa: E402
    ALL_TOPICS, DATA, DEV_TOPICS, TRAIN_TOPICS, annotated_sentences, detokenize, documents, read_document,
)


@dataclass
class Doc:
    name: str  # "2_1ecb"
    topic: int
    half: str  # ecb | ecbplus
    sentences: dict[int, str] = field(default_factory=dict)
    actions: dict[int, set[str]] = field(default_factory=dict)  # sentence -> action instance ids
    spans: dict[int, tuple[int, int]] = field(default_factory=dict)  # sentence -> char span in text
    text: str = ""


def read_doc(path: Path) -> Doc:
    ecb = read_document(path)
    doc = Doc(ecb.name, ecb.topic, ecb.half)
    tok_sent = {t.t_id: t.sentence for t in ecb.tokens}
    markable_sents: dict[str, set[int]] = {}
    for m in ecb.mentions("ACTION"):
        sents = {tok_sent[a] for a in m.token_ids if a in tok_sent}
        if sents:
            markable_sents[m.m_id] = sents
    for rel in ecb.relations_of("CROSS_DOC_COREF"):
        for src in rel.sources:
            for s in markable_sents.get(src, ()):
                doc.actions.setdefault(s, set()).add(rel.note)
    parts, pos = [], 0
    for s, words in sorted(ecb.sentence_words().items()):
        sentence = detokenize(words).strip()
        # Titles, datelines and URLs carry no final stop: give them one, so
        # that the sentence splitter keeps them apart from the lead sentence.
        if sentence and sentence[-1] not in ".!?\"'”’":
            sentence += "."
        doc.sentences[s] = sentence
        doc.spans[s] = (pos, pos + len(sentence))
        parts.append(sentence)
        pos += len(sentence) + 2
    doc.text = "\n\n".join(parts)
    return doc


def annotated() -> set[tuple[str, int]]:
    return {(name, s) for name, sents in annotated_sentences().items() for s in sents}


def load_stories(topics: tuple[int, ...]) -> dict[tuple[int, str], list[Doc]]:
    stories: dict[tuple[int, str], list[Doc]] = defaultdict(list)
    for ecb in documents(topics):
        doc = read_doc(ecb.path)
        stories[(ecb.topic, doc.half)].append(doc)
    return dict(stories)


def gold_and_candidates(docs: list[Doc], ann: set[tuple[str, int]], *, annotated_only: bool):
    """Cross-document sentence pairs of one story, and the gold ones among
    them.  With ``annotated_only`` the candidates are the annotated
    sentences only (most of whose pairs are gold); otherwise every sentence
    of the documents, an unannotated sentence never being gold."""
    items = [(d.name, s) for d in docs for s in sorted(d.sentences) if not annotated_only or (d.name, s) in ann]
    actions = {(d.name, s): d.actions.get(s, set()) if (d.name, s) in ann else set()
               for d in docs for s in d.sentences}
    cands, gold = set(), set()
    for i, a in enumerate(items):
        for b in items[i + 1:]:
            if a[0] == b[0]:
                continue
            pair = (a, b) if a < b else (b, a)
            cands.add(pair)
            if actions[a] & actions[b]:
                gold.add(pair)
    return cands, gold


def analyze_docs(stories, db: Path):
    """Analyzed articles per doc name, from the bench store when cached."""
    from newsprism.analyze import analyze_articles
    from newsprism.config import load_config
    from newsprism.model import Article
    from newsprism.store import Store

    config = load_config()
    articles = []
    for docs in stories.values():
        for d in docs:
            aid = hashlib.sha256(d.text.encode("utf-8")).hexdigest()[:16]
            articles.append(Article(id=aid, path=f"ecbplus/{d.topic}/{d.name}.xml", text=d.text, title=d.name,
                                    language="en", format="txt"))
    db.parent.mkdir(parents=True, exist_ok=True)
    t0 = time.time()
    with Store(db) as store:
        for a in articles:
            if store.article(a.id) is None:
                store.add_article(a)
        done = [0]

        def tick(n: int) -> None:
            done[0] += n
            if done[0] % 100 == 0:
                print(f"  analyzed {done[0]}/{len(articles)} ({time.time() - t0:.0f} s)", file=sys.stderr)

        analyzed = analyze_articles(articles, config=config, store=store, progress=tick)
    return {Path(a.article.path).stem: a for a in analyzed}, time.time() - t0


def sentences_of(doc: Doc, start: int, end: int) -> list[int]:
    """The ECB sentences a span of the text overlaps (the splitter may merge two)."""
    return [s for s, (a, b) in sorted(doc.spans.items()) if a < end and start < b]


def newsprism_units(docs: list[Doc], analyzed: dict):
    """Claim units of one story (entities resolved), and the ECB sentence of each."""
    from newsprism.config import load_config
    from newsprism.reconcile.claims import extract_claims
    from newsprism.reconcile.entities import resolve_entities

    config = load_config()
    arts = [analyzed[d.name] for d in docs]
    try:
        entities, mention_entity = resolve_entities(arts, config=config)
    except Exception as exc:  # noqa: BLE001 - entity resolution is another stage; score without it
        print(f"  entity resolution failed ({exc}); aligning without entities", file=sys.stderr)
        entities, mention_entity = [], {}
    units = extract_claims(arts, config=config, mention_entity=mention_entity,
                           entity_names={e.id: e.name for e in entities})
    by_id = {analyzed[d.name].article.id: d for d in docs}
    where = []
    for u in units:
        doc = by_id[u.article]
        sent = analyzed[doc.name].sentences[u.sentence]
        where.append([(doc.name, s) for s in sentences_of(doc, sent.start, sent.end)])
    return units, where


def _cross(xs, ys) -> set:
    return {(a, b) if a < b else (b, a) for a in xs for b in ys if a[0] != b[0]}


def predicted_groups(units, where, pairs, threshold: float, within=()) -> set:
    """Every cross-document sentence pair inside a claim group; ``within``
    (an article's own aligned sentence pairs) lets a group hold several
    claims of one article, as reconcile does."""
    from newsprism.reconcile.align import group_pairs

    kept = [p for p in pairs if p.score >= threshold]
    out = set()
    for g in group_pairs(units, kept, within=[p for p in within if p.score >= threshold]):
        if len(g) < 2:
            continue
        keys = sorted({k for i in g for k in where[i]})
        out |= _cross(keys, keys)
    return out


def predicted_pairs(where, pairs, threshold: float) -> set:
    out = set()
    for p in pairs:
        if p.score >= threshold:
            out |= _cross(where[p.a], where[p.b])
    return out


def tfidf_scores(docs: list[Doc], cands: set) -> dict:
    from sklearn.feature_extraction.text import TfidfVectorizer

    keys = [(d.name, s) for d in docs for s in sorted(d.sentences)]
    text = {(d.name, s): d.sentences[s] for d in docs for s in d.sentences}
    vec = TfidfVectorizer(stop_words="english", sublinear_tf=True)
    m = vec.fit_transform([text[k] for k in keys])
    sim = (m @ m.T).toarray()
    index = {k: i for i, k in enumerate(keys)}
    return {(a, b): float(sim[index[a], index[b]]) for a, b in cands}


def prf(pred: set, gold: set, cands: set) -> tuple[float, float, float, int, int, int]:
    pred = pred & cands
    tp = len(pred & gold)
    p = tp / len(pred) if pred else 0.0
    r = tp / len(gold) if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f, tp, len(pred), len(gold)


@dataclass
class StoryRun:
    key: tuple[int, str]
    cands: set  # every cross-document sentence pair
    gold: set
    sims: dict  # TF-IDF cosine per candidate
    units: list
    where: list
    annotated: set = field(default_factory=set)  # the candidates between annotated sentences
    pairs: list = field(default_factory=list)
    within: list = field(default_factory=list)  # an article's own aligned sentence pairs
    scored: dict = field(default_factory=dict)  # (params, floor) -> pairs
    # article id -> the root of its derivation family, as reconcile_story
    # passes it to score_pairs (set by :func:`add_families`, not cached)
    families: dict = field(default_factory=dict)


def evaluate(stories, analyzed, ann) -> list[StoryRun]:
    """Per story: candidates, gold, TF-IDF sims, claim units."""
    out = []
    for key in sorted(stories):
        docs = stories[key]
        cands, gold = gold_and_candidates(docs, ann, annotated_only=False)
        annotated_cands, _ = gold_and_candidates(docs, ann, annotated_only=True)
        if not annotated_cands:
            continue
        units, where = newsprism_units(docs, analyzed)
        out.append(StoryRun(key, cands, gold, tfidf_scores(docs, cands), units, where, annotated_cands))
    return out


def runs_path(name: str) -> Path:
    """Where :func:`cached_runs` keeps the runs of ``name``, keyed by the code
    and data that make claim units."""
    from newsprism.analyze import ANALYZER_VERSION

    src = ROOT / "src" / "newsprism"
    h = hashlib.sha256(ANALYZER_VERSION.encode())
    # What makes the units: this file's unit-making functions, claims.py and
    # its data (not the aligner's: claims_align*.toml do not change a unit).
    import inspect

    for fn in (read_doc, load_stories, gold_and_candidates, newsprism_units, sentences_of, tfidf_scores, evaluate):
        h.update(inspect.getsource(fn).encode())
    for f in [Path(__file__).with_name("ecbplus.py"), src / "reconcile" / "claims.py",
              *sorted(f for f in (src / "data").glob("claims_*.toml") if not f.name.startswith("claims_align")),
              src / "data" / "verdicts_quantities.toml", src / "data" / "verdicts_comparisons.toml"]:
        h.update(f.read_bytes())
    return OUT / f"claim_runs_{name}_{h.hexdigest()[:12]}.pkl"


def cached_runs(stories, analyzed, ann, name: str) -> list[StoryRun]:
    """evaluate(), pickled under bench/out keyed by the code and data that
    make claim units, so that re-tuning does not re-parse every sentence."""
    import pickle

    path = runs_path(name)
    if path.exists():
        with open(path, "rb") as fh:
            return pickle.load(fh)
    runs = evaluate(stories, analyzed, ann)
    with open(path, "wb") as fh:
        pickle.dump(runs, fh)
    return runs


def _fill_embeddings(runs: list[StoryRun]) -> None:
    """The units' transformer embeddings, from the bench/out cache that
    train_align.embed keeps (so that a re-run does not re-encode a story)."""
    from train_align import embed

    todo = [u for run in runs for u in run.units if u.precise is None]
    if todo:
        for u, v in zip(todo, embed([u.text for u in todo])):
            u.precise = v


def add_families(runs: list[StoryRun], stories, analyzed) -> None:
    """Each run's derivation families (reconcile/provenance.py), as the
    shipped reconcile_story finds them: a retelling's restatements of its
    source align as one family ([retelling] of data/claims_align.toml)."""
    from newsprism.reconcile.provenance import derive, independent_sources

    for run in runs:
        arts = sorted((analyzed[d.name] for d in stories[run.key]),
                      key=lambda a: (a.article.published or "9999", a.article.id))
        run.families = independent_sources([a.article.id for a in arts], derive(arts))


def rescore(runs: list[StoryRun], params: dict | None, floor: float) -> None:
    """Pairs at or above ``floor`` (the transformer embeddings are computed
    once per unit and kept on it)."""
    from newsprism.reconcile.align import score_pairs

    key = (tuple(sorted((params or {}).items())), floor)
    _fill_embeddings(runs)
    for run in runs:
        if key not in run.scored:  # scoring a story is the slow part: once per variant
            t0 = time.time()
            run.scored[key] = score_pairs(run.units, threshold=floor, params=params,
                                          families=getattr(run, "families", None) or None)
            run.scored[("within", *key)] = score_pairs(run.units, threshold=floor, params=params, within=True)
            if not params or params == {"cross.on": 1}:
                calls = sum(1 for p in run.scored[key] if "cross_probability" in p.evidence)
                print(f"  story {run.key[0]} {run.key[1]}: {len(run.units)} claim units, {calls} cross-encoder "
                      f"calls, aligned in {time.time() - t0:.1f} s", flush=True)
        run.pairs = run.scored[key]
        run.within = run.scored[("within", *key)]


def covered(run: StoryRun) -> set:
    """The candidates both of whose sentences carry a claim unit: the only
    pairs newsprism can align at all (a headline repeated in the text, a
    dateline, a caption, a question or a fragment gives no claim)."""
    with_unit = {k for keys in run.where for k in keys}
    return {(a, b) for a, b in run.cands if a in with_unit and b in with_unit}


def unit_tfidf_pairs(run: StoryRun, threshold: float, *, within: bool = False) -> list:
    """TF-IDF cosine of the claim units themselves (fitted per story, as the
    sentence baseline), as aligned pairs: the baseline scored on newsprism's
    units and grouped by the same clique rule, so that the comparison with
    the claim groups isolates the scoring."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    from newsprism.reconcile.align import AlignedPair

    if len(run.units) < 2:
        return []
    vec = TfidfVectorizer(stop_words="english", sublinear_tf=True)
    try:
        m = vec.fit_transform([u.text for u in run.units])
    except ValueError:  # only stop words
        return []
    sim = (m @ m.T).toarray()
    out = []
    for i in range(len(run.units)):
        for j in range(i + 1, len(run.units)):
            a, b = run.units[i], run.units[j]
            pair_kind = a.article == b.article and a.sentence != b.sentence if within else a.article != b.article
            if pair_kind and sim[i, j] >= threshold:
                out.append(AlignedPair(i, j, float(sim[i, j]), float(sim[i, j])))
    out.sort(key=lambda q: (-q.score, run.units[q.a].order, run.units[q.b].order))
    return out


def totals(runs: list[StoryRun], method: str, threshold: float, *, annotated_only: bool = False,
           same_units: bool = False):
    """P, R, F1 (and counts) of a method over the runs' candidates; with
    ``same_units``, over the candidates both of whose sentences carry a
    claim unit only (the pairs every method can score)."""
    pred_all, gold_all, cand_all = set(), set(), set()
    for run in runs:
        if method == "all":
            pred = set(run.cands)
        elif method == "tfidf":
            pred = {k for k, v in run.sims.items() if v >= threshold}
        elif method == "pairs":
            pred = predicted_pairs(run.where, run.pairs, threshold)
        elif method == "tfidf-groups":
            pred = predicted_groups(run.units, run.where, unit_tfidf_pairs(run, threshold), threshold)
        elif method == "tfidf-groups-within":
            pred = predicted_groups(run.units, run.where, unit_tfidf_pairs(run, threshold), threshold,
                                    unit_tfidf_pairs(run, threshold, within=True))
        elif method == "groups-within":  # reconcile.restatement_groups on
            pred = predicted_groups(run.units, run.where, run.pairs, threshold, run.within)
        else:  # shipped: one claim per article and group
            pred = predicted_groups(run.units, run.where, run.pairs, threshold)
        cands = run.annotated if annotated_only else run.cands
        if same_units:
            cands = cands & covered(run)
        pred_all |= {(run.key, x) for x in pred}  # keep stories apart
        gold_all |= {(run.key, x) for x in run.gold & cands}
        cand_all |= {(run.key, x) for x in cands}
    return prf(pred_all, gold_all, cand_all)


def breakdown(runs: list[StoryRun], threshold: float, tfidf_threshold: float, *, missed: int = 0,
              seed: int = 0) -> None:
    """Where the gold pairs go: which step of newsprism loses each one, and
    how many of them the TF-IDF baseline finds, by the same steps.  With
    ``missed``, that many gold pairs no claim group holds, drawn at random
    (``seed``), are printed with their sentences, the step that loses them
    and their best unit pair's score, for reading."""
    steps = ("no claim unit on one side", "no scored unit pair (candidate filter, guard, below 0.10)",
             "best unit pair below the threshold", "aligned pair, not in one clique", "in one claim group")
    count = {k: 0 for k in steps}
    tf = {k: 0 for k in steps}
    fp = {"pairs": 0, "groups": 0}
    lost: list = []
    for run in runs:
        cov = covered(run)
        best: dict = {}
        for pair in run.pairs:
            for k in _cross(run.where[pair.a], run.where[pair.b]):
                best[k] = max(best.get(k, 0.0), pair.score)
        aligned = predicted_pairs(run.where, run.pairs, threshold)
        grouped = predicted_groups(run.units, run.where, run.pairs, threshold)
        fp["pairs"] += len(aligned - run.gold)
        fp["groups"] += len(grouped - run.gold)
        for k in run.gold:
            if k not in cov:
                step = steps[0]
            elif k not in best:
                step = steps[1]
            elif best[k] < threshold:
                step = steps[2]
            elif k not in grouped:
                step = steps[3]
            else:
                step = steps[4]
            count[step] += 1
            tf[step] += run.sims.get(k, 0.0) >= tfidf_threshold
            if step != steps[4]:
                lost.append((run, k, step, best.get(k)))
    total = sum(count.values())
    print(f"\nWhere the {total} dev gold pairs go (newsprism at {threshold:.2f}; TF-IDF at {tfidf_threshold:.2f}):")
    print(f"{'step that loses it':60s} {'gold':>6s} {'share':>6s} {'TF-IDF finds':>12s}")
    for k in steps:
        print(f"{k:60s} {count[k]:6d} {count[k] / max(1, total):6.3f} {tf[k]:12d}")
    print(f"false pairs: aligned pairs {fp['pairs']}, claim groups {fp['groups']}")
    if missed:
        import random

        print(f"\n{missed} gold pairs no claim group holds (random.Random({seed}).sample of {len(lost)}):")
        for n, (run, k, step, score) in enumerate(random.Random(seed).sample(lost, min(missed, len(lost))), 1):
            print(f"M{n} story {run.key[0]} {run.key[1]}: {step}; best unit pair "
                  + (f"{score:.2f}" if score is not None else "none") + f"; TF-IDF {run.sims.get(k, 0.0):.2f}")
            for side in k:
                text = next((u.sentence_text or u.text for u, keys in zip(run.units, run.where) if side in keys),
                            "(no claim unit)")
                print(f"   [{side[0]} s{side[1]}] {text}")


def average_precision(runs: list[StoryRun], method: str, params: dict | None = None) -> float:
    """Threshold-free: average precision of the ranking of the annotated
    candidate pairs by a method's score (unscored pairs rank last).  The
    base rate is the share of gold pairs among them."""
    scored: list[tuple[float, bool]] = []
    for run in runs:
        if method == "tfidf":
            score = {k: run.sims[k] for k in run.annotated}
        else:
            p = dict(params or {})
            p.update({"guards.off": 1})
            rescore([run], p, 0.0)
            score = {}
            for pair in run.pairs:
                value = pair.text if method == "text" else pair.score
                for k in _cross(run.where[pair.a], run.where[pair.b]) & run.annotated:
                    score[k] = max(score.get(k, 0.0), value)
        scored += [(score.get(k, -1.0), k in run.gold) for k in run.annotated]
    scored.sort(key=lambda x: -x[0])
    hits, total, ap = 0, sum(g for _, g in scored), 0.0
    for rank, (_, g) in enumerate(scored, start=1):
        if g:
            hits += 1
            ap += hits / rank
    return ap / total if total else 0.0


# Scoring variants tried with --tune (on train only); thresholds are swept for each.
VARIANTS = {
    "shipped": {},
    "no guards": {"guards.off": 1},
}
# The TF-IDF threshold chosen on the train topics by --tune (bench/RESULTS.md);
# used without --tune so that a dev-only run compares with the tuned baseline.
TFIDF_TRAIN_TUNED = 0.25


class _MemoEncoder:
    """The shipped cross-encoder, each pair read once however many variants
    or runs ask for it: probabilities are kept in bench/out, keyed by the
    adapters file's hash (a tuning run re-scores every story several times,
    and list_corroborated.py reads the pairs the bench read)."""

    def __init__(self, encoder, tag: str, *, name: str | None = None) -> None:

        from newsprism.data import data_path
        from newsprism.reconcile.cross import CROSS_MODEL

        self.encoder, self.calls, self.seconds = encoder, 0, 0.0
        self.threshold = encoder.threshold
        # ``name``: another adapters file than the shipped one (a path; bench_msrp.py --cross-model).
        self.digest = hashlib.sha256(data_path(name or CROSS_MODEL).read_bytes()).hexdigest()[:12]
        self.memo: dict = {}
        self._reload()
        self.path = OUT / f"cross_memo_{self.digest}_{tag}.pkl"

    def _reload(self) -> None:
        """What this and other runs (another bench, the listing) have read so far."""
        import pickle

        for path in sorted(OUT.glob(f"cross_memo_{self.digest}_*.pkl")):
            try:
                with open(path, "rb") as fh:
                    self.memo.update(pickle.load(fh))
            except (EOFError, pickle.UnpicklingError):  # being written by another run
                continue

    def probabilities(self, pairs, **kw):
        import pickle

        import numpy as np

        todo = [p for p in dict.fromkeys(pairs) if p not in self.memo]
        for k in range(0, len(todo), 128):  # kept as it goes: a run cut short loses little
            self._reload()
            chunk = [p for p in todo[k:k + 128] if p not in self.memo]
            if not chunk:
                continue
            t0 = time.time()
            self.memo.update(zip(chunk, self.encoder.probabilities(chunk, **kw).tolist()))
            self.seconds += time.time() - t0
            self.calls += len(chunk)
            tmp = self.path.with_suffix(".tmp")
            with open(tmp, "wb") as fh:
                pickle.dump(self.memo, fh)
            tmp.replace(self.path)
        return np.array([self.memo[p] for p in pairs])


def install_memo(tag: str) -> _MemoEncoder:
    """Route reconcile's cross-encoder through a :class:`_MemoEncoder`."""
    import newsprism.reconcile.cross as cross_mod

    memo = _MemoEncoder(cross_mod.load_cross_encoder(), tag)
    cross_mod.load_cross_encoder = lambda *a, **k: memo
    return memo


# The cross-encoder's settings tried by --tune-cross ([cross] of data/claims_align.toml): weights at
# the session-10 limit, then (weight 1.0) per-story limits and classifier bands [low, 2) that bound the
# reads (session 11: the per-story limit, not the band, was what bound on ECB+).
CROSS_WEIGHTS = (0.5, 0.75, 1.0)
CROSS_LIMITS = (300,)
CROSS_BOUNDS = ((100, 0.0), (50, 0.0), (25, 0.0), (50, 0.4), (50, 0.55), (25, 0.55))


def tune_cross(db: Path, threshold: float) -> int:
    """Claim groups and pairs on the ECB+ train topics the cross-encoder did
    not train on, for each weight and per-story limit, beside the classifier
    alone; at the alignment threshold (the choice: best group F1 over all
    sentences whose precision, all and annotated, is not below the
    classifier's)."""
    from train_align import cross_dev_topics

    topics = cross_dev_topics()
    stories = load_stories(topics)
    ann = annotated()
    analyzed, secs = analyze_docs(stories, db)
    print(f"topics {' '.join(map(str, topics))}: analyzed {len(analyzed)} documents in {secs:.0f} s")
    runs = cached_runs(stories, analyzed, ann, "xslice")
    memo = install_memo("xslice")
    floor = 0.1
    variants = [("classifier alone", {"cross.off": 1})]
    variants += [(f"cross weight {w:.2f}, limit {n}", {"cross.on": 1, "cross.weight": w, "cross.max_pairs": n})
                 for n in CROSS_LIMITS for w in CROSS_WEIGHTS]
    variants += [(f"cross weight 1.00, limit {n}, band {low:.2f}", {"cross.on": 1, "cross.max_pairs": n,
                                                                     "cross.band_low": low})
                 for n, low in CROSS_BOUNDS]
    print(f"{'variant':34s} {'groups P / R / F1 (all)':>24s} {'annotated P / R / F1':>22s} "
          f"{'pairs P / R / F1 (all)':>22s} {'calls':>6s} {'s':>5s}")
    for name, params in variants:
        t0, c0 = time.time(), memo.calls
        rescore(runs, params, floor)
        g = totals(runs, "groups", threshold)
        ga = totals(runs, "groups", threshold, annotated_only=True)
        pp = totals(runs, "pairs", threshold)
        print(f"{name:34s} {g[0]:7.3f} {g[1]:6.3f} {g[2]:6.3f}  {ga[0]:6.3f} {ga[1]:6.3f} {ga[2]:6.3f}  "
              f"{pp[0]:6.3f} {pp[1]:6.3f} {pp[2]:6.3f} {memo.calls - c0:6d} {time.time() - t0:5.0f}", flush=True)
    print(f"cross-encoder: {memo.calls} pairs read in {memo.seconds:.0f} s over {len(runs)} stories")
    return 0


def _name(params: dict) -> str:
    return next((k for k, v in VARIANTS.items() if v == params), str(params))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--tune", action="store_true", help="grid-search thresholds on the train topics")
    ap.add_argument("--db", default=str(OUT / "ecbplus_align.db"))
    ap.add_argument("--tune-cross", action="store_true",
                    help="tune the cross-encoder's weight and per-story limit on the ECB+ train topics kept out of "
                         "its training (train_align.cross_dev_topics), then stop")
    ap.add_argument("--cross", action="store_true",
                    help="also score with the cross-encoder on ([cross] weight and limit of data/claims_align.toml), "
                         "and print the seconds each story takes")
    ap.add_argument("--metrics", action="store_true",
                    help="also score with the pair-metrics model on (reconcile/pair_metrics.py, [metrics] of "
                         "data/claims_align.toml), whatever [metrics] enabled says")
    ap.add_argument("--headline", action="store_true",
                    help="only the baselines and the shipped (and --metrics / --cross) rows: no ablations")
    ap.add_argument("--breakdown", action="store_true",
                    help="also print where the gold pairs are lost, step by step")
    ap.add_argument("--missed", type=int, default=0, metavar="N",
                    help="with --breakdown: also print N gold pairs no claim group holds, at random, for reading")
    ap.add_argument("--seed", type=int, default=0, help="the random seed of --missed")
    args = ap.parse_args(argv)
    if not DATA.is_dir():
        print(f"ECB+ not found at {DATA}", file=sys.stderr)
        return 1
    from newsprism.config import load_config

    shipped = float(load_config()["reconcile.align_threshold"])
    if args.tune_cross:
        return tune_cross(Path(args.db), shipped)
    topics = ALL_TOPICS if args.tune else DEV_TOPICS
    stories = load_stories(topics)
    ann = annotated()
    analyzed, secs = analyze_docs(stories, Path(args.db))
    print(f"analyzed {len(analyzed)} documents in {secs:.0f} s (cached after the first run)")
    t0 = time.time()
    floor = 0.1
    dev = cached_runs({k: v for k, v in stories.items() if k[0] in DEV_TOPICS}, analyzed, ann, "dev")
    add_families(dev, stories, analyzed)
    print(f"derivation families: {sum(len(set(r.families.values())) < len(r.families) for r in dev)} of "
          f"{len(dev)} stories have a derived article ("
          f"{sum(len(r.families) - len(set(r.families.values())) for r in dev)} derived articles)")
    print(f"claim units built in {time.time() - t0:.1f} s")
    grid = [round(0.05 * i, 2) for i in range(2, 20)]
    chosen: dict[str, tuple[dict, float]] = {"tfidf": ({}, TFIDF_TRAIN_TUNED), "pairs": ({}, shipped),
                                             "groups": ({}, shipped)}
    if args.tune:
        train = cached_runs({k: v for k, v in stories.items() if k[0] in TRAIN_TOPICS}, analyzed, ann, "train")
        add_families(train, stories, analyzed)
        best_t = max(grid, key=lambda t: (totals(train, "tfidf", t)[2], -t))
        chosen["tfidf"] = ({}, best_t)
        print(f"train  baseline TF-IDF: best threshold {best_t:.2f}, F1 {totals(train, 'tfidf', best_t)[2]:.3f}")
        best_f: dict[str, float] = {}
        for name, params in VARIANTS.items():
            rescore(train, params, floor)
            for method in ("pairs", "groups"):
                t = max(grid, key=lambda t: (totals(train, method, t)[2], -t))
                p, r, f, *_ = totals(train, method, t)
                print(f"train  {name:32s} {method:6s} best threshold {t:.2f}: P {p:.3f} R {r:.3f} F1 {f:.3f}")
                if f > best_f.get(method, -1.0):
                    best_f[method] = f
                    chosen[method] = (params, t)
    print(f"aligned in {time.time() - t0:.1f} s")
    rows = [("all pairs (trivial)", "all", {}, 0.0),
            ("baseline TF-IDF cosine", "tfidf", {}, chosen["tfidf"][1]),
            ("newsprism aligned pairs, shipped defaults", "pairs", {}, shipped),
            ("newsprism claim groups, shipped defaults", "groups", {}, shipped),
            ("claim groups, restatements allowed (reconcile.restatement_groups on)", "groups-within", {}, shipped),
            ("newsprism aligned pairs, pair classifier alone", "pairs", {"cross.off": 1}, shipped),
            ("newsprism claim groups, pair classifier alone", "groups", {"cross.off": 1}, shipped),
            ("aligned pairs, same-count rule off (ablation)", "pairs", {"counts.off": 1, "cross.off": 1}, shipped),
            ("claim groups, same-count rule off (ablation)", "groups", {"counts.off": 1, "cross.off": 1}, shipped),
            ("claim groups, classifier alone, guards off", "groups", {"guards.off": 1, "cross.off": 1}, shipped),
            ("claim groups, different-events guard off", "groups", {"guards.events.off": 1, "cross.off": 1}, shipped),
            ("claim groups, hedged/firm guard off", "groups", {"guards.hedges.off": 1, "cross.off": 1}, shipped),
            ("claim groups, part-restated guard off", "groups", {"guards.part.off": 1, "cross.off": 1}, shipped),
            ("claim groups, process-steps guard off", "groups", {"guards.stages.off": 1, "cross.off": 1}, shipped),
            ("claim groups, dates guard off", "groups", {"guards.dates.off": 1, "cross.off": 1}, shipped),
            ("claim groups, retelling rule off (ablation)", "groups", {"retelling.off": 1, "cross.off": 1}, shipped),
            ("baseline TF-IDF on claim units, same cliques", "tfidf-groups", {}, chosen["tfidf"][1]),
            ("TF-IDF on claim units, cliques with restatements", "tfidf-groups-within", {}, chosen["tfidf"][1])]
    if args.cross:
        memo = install_memo("dev")
        rows[4:4] = [("newsprism aligned pairs, cross-encoder on", "pairs", {"cross.on": 1}, shipped),
                     ("newsprism claim groups, cross-encoder on", "groups", {"cross.on": 1}, shipped)]
        t1 = time.time()
        rescore(dev, {"cross.on": 1}, floor)
        print(f"cross-encoder on: {len(dev)} stories aligned in {time.time() - t1:.0f} s "
              f"({(time.time() - t1) / max(1, len(dev)):.1f} s a story; {memo.calls} pairs read in "
              f"{memo.seconds:.0f} s, the rest from the bench/out cache)")
    if args.headline:
        rows = [r for r in rows if r[1] in ("all", "tfidf", "tfidf-groups") or r[2] == {}]
    if args.metrics:
        rows[4:4] = [("newsprism aligned pairs, pair-metrics model on", "pairs", {"metrics.on": 1}, shipped),
                     ("newsprism claim groups, pair-metrics model on", "groups", {"metrics.on": 1}, shipped)]
    if args.tune:
        rows += [(f"newsprism pairs, train-best: {_name(chosen['pairs'][0])}", "pairs", *chosen["pairs"]),
                 (f"newsprism groups, train-best: {_name(chosen['groups'][0])}", "groups", *chosen["groups"])]
    for same_units in (False, True):
        for annotated_only in (False, True):
            which = "annotated sentences only" if annotated_only else "all sentences"
            if same_units:
                which += ", both sentences with a claim unit (the same units for every method)"
            print()
            print(f"ECB+ dev topics {' '.join(map(str, DEV_TOPICS))}: cross-document sentence pairs of one story, "
                  f"{which},", sum(len((r.annotated if annotated_only else r.cands) & (covered(r) if same_units
                                                                                        else r.cands)) for r in dev),
                  "candidates")
            print(f"{'method':48s} {'thr':>5s} {'P':>6s} {'R':>6s} {'F1':>6s} {'TP':>6s} {'pred':>6s} {'gold':>6s}")
            for label, method, params, thr in rows:
                if method in ("pairs", "groups", "groups-one"):
                    rescore(dev, params, floor)
                p, r, f, tp, npred, ngold = totals(dev, method, thr, annotated_only=annotated_only,
                                                   same_units=same_units)
                print(f"{label:48s} {thr:5.2f} {p:6.3f} {r:6.3f} {f:6.3f} {tp:6d} {npred:6d} {ngold:6d}")
    if args.breakdown:
        rescore(dev, {}, floor)
        breakdown(dev, shipped, chosen["tfidf"][1], missed=args.missed, seed=args.seed)
    print()
    base = sum(len(r.gold & r.annotated) for r in dev) / max(1, sum(len(r.annotated) for r in dev))
    print(f"Average precision over the annotated candidate pairs (ranking quality; base rate {base:.3f}):")
    for label, method in (("baseline TF-IDF cosine", "tfidf"), ("MiniLM cosine", "text"),
                          ("newsprism pair classifier probability", "pairs")):
        # the classifier alone: the cross-encoder reads only the prefiltered pairs
        print(f"  {label:48s} AP {average_precision(dev, method, {'cross.off': 1}):.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
