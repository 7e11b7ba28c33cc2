"""Cross-document entity coreference on ECB+ (Cybulska & Vossen, LREC 2014).

    python bench/bench_entity_coref.py                 # dev topics
    python bench/bench_entity_coref.py --split train   # the topics tuned on

For each gold story (a topic and its half: every ``*ecb.xml`` of a topic is
one event, every ``*ecbplus.xml`` another) the named HUMAN_PART_* and LOC_*
mentions of every document are fed to :func:`resolve_entities` as
AnalyzedArticle objects built from the gold spans (the task is resolution,
not detection), and the clusters it returns are scored against the gold
chains with MUC, B-cubed, CEAF-e and their mean (CoNLL F1), beside the
baseline of exact string match after lowercasing.

Decisions, so the figures can be compared:

* Only sentences listed in ``ECBplus_coreference_sentences.csv`` (the ones
  annotated for coreference) are used.
* Gold chains: a mention belongs to the CROSS_DOC_COREF instance (``note``)
  it is a source of, else to its document's INTRA_DOC_COREF chain, else it is
  a singleton.  Singletons are kept (scored by every metric).
* A mention is a *named entity* when one of its tokens lies in a spaCy NER
  span of a name label (PERSON, ORG, NORP, GPE, LOC, FAC) or is tagged PROPN
  by spaCy, on the document's tokens re-joined with spaces.  Its label for
  the resolver is the spaCy label of that span, else one mapped from the
  gold type (HUMAN_PART_PER -> PERSON, LOC_GEO -> GPE, ...).
* Metrics are computed per story and pooled by summing numerators and
  denominators over stories (micro average), as the CoNLL scorer does
  over documents.

Also printed: entity type accuracy on the same mentions.  Only mentions
whose label came from a spaCy span count (a label mapped from the gold type
would score itself), and only gold types with a clear coarse type
(HUMAN_PART_PER -> person, HUMAN_PART_ORG -> group, HUMAN_PART_GPE and LOC_*
-> place).  newsprism: the type of the entity the mention was resolved to
(one type per entity, by vote over its articles and name-form rules);
baseline: the mention's own label.  With ``--mention-rules`` the
spans are labelled by analyze's extract_mentions (type rules, consistency
fixes) instead of raw spaCy, and the "baseline" column is then that label.  spaCy labels map PERSON -> person,
ORG -> group, GPE/LOC/FAC -> place, anything else -> other.  By default the
mention type rules of analyze/mentions.py are not applied (the figure of
record feeds raw spaCy labels); ``--mention-rules`` applies them.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # run, or loaded by path, without bench/ on the path
from ecbplus import DATA as ECB, DEV_TOPICS, TRAIN_TOPICS, annotated_sentences, documents, read_document  # noqa: E402

DEV = list(DEV_TOPICS)
TRAIN = list(TRAIN_TOPICS)

NAME_LABELS = {"PERSON", "ORG", "NORP", "GPE", "LOC", "FAC"}
GOLD_LABEL = {
    "HUMAN_PART_PER": "PERSON",
    "HUMAN_PART_ORG": "ORG",
    "HUMAN_PART_GPE": "GPE",
    "HUMAN_PART_GENERIC": "PERSON",
    "HUMAN_PART_MET": "PERSON",
    "HUMAN_PART_VEH": "PRODUCT",
    "LOC_GEO": "GPE",
    "LOC_FAC": "FAC",
    "LOC_OTHER": "LOC",
}


# ------------------------------------------------------------------ metrics

Clusters = Sequence[Iterable[Hashable]]


@dataclass
class Score:
    """Numerators and denominators, so that scores pool over stories."""

    p_num: float = 0.0
    p_den: float = 0.0
    r_num: float = 0.0
    r_den: float = 0.0

    def add(self, other: "Score") -> None:
        self.p_num += other.p_num
        self.p_den += other.p_den
        self.r_num += other.r_num
        self.r_den += other.r_den

    @property
    def precision(self) -> float:
        return self.p_num / self.p_den if self.p_den else 0.0

    @property
    def recall(self) -> float:
        return self.r_num / self.r_den if self.r_den else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _index(clusters: Clusters) -> dict[Hashable, int]:
    out = {}
    for i, c in enumerate(clusters):
        for m in c:
            out[m] = i
    return out


def _muc_side(a: list[set], b_index: dict[Hashable, int]) -> tuple[float, float]:
    num = den = 0.0
    for c in a:
        # parts of c under the other partition; a mention the other side
        # lacks is a part of its own
        parts = {b_index.get(m, ("missing", m)) for m in c}
        num += len(c) - len(parts)
        den += len(c) - 1
    return num, den


def muc(key: Clusters, response: Clusters) -> Score:
    """MUC (Vilain et al., 1995): links recovered."""
    k = [set(c) for c in key]
    r = [set(c) for c in response]
    rn, rd = _muc_side(k, _index(r))
    pn, pd = _muc_side(r, _index(k))
    return Score(pn, pd, rn, rd)


def b_cubed(key: Clusters, response: Clusters) -> Score:
    """B-cubed (Bagga & Baldwin, 1998): per-mention overlap of its two clusters."""
    k = [set(c) for c in key]
    r = [set(c) for c in response]
    ki, ri = _index(k), _index(r)
    rec = sum(len(k[ki[m]] & r[ri[m]]) / len(k[ki[m]]) for m in ki if m in ri)
    prec = sum(len(k[ki[m]] & r[ri[m]]) / len(r[ri[m]]) for m in ri if m in ki)
    return Score(prec, len(ri), rec, len(ki))


def ceaf_e(key: Clusters, response: Clusters) -> Score:
    """Entity-based CEAF (Luo, 2005): best one-to-one alignment of clusters
    under phi4 = 2 |K & R| / (|K| + |R|)."""
    import numpy as np
    from scipy.optimize import linear_sum_assignment

    k = [set(c) for c in key if c]
    r = [set(c) for c in response if c]
    if not k or not r:
        return Score(0.0, len(r), 0.0, len(k))
    phi = np.zeros((len(k), len(r)))
    ri = _index(r)
    for a, kc in enumerate(k):
        for m in kc:
            if m in ri:
                b = ri[m]
                if phi[a, b] == 0:
                    phi[a, b] = 2 * len(kc & r[b]) / (len(kc) + len(r[b]))
    rows, cols = linear_sum_assignment(-phi)
    total = float(phi[rows, cols].sum())
    return Score(total, len(r), total, len(k))


@dataclass
class Scores:
    muc: Score = field(default_factory=Score)
    b3: Score = field(default_factory=Score)
    ceafe: Score = field(default_factory=Score)

    def add(self, key: Clusters, response: Clusters) -> None:
        self.muc.add(muc(key, response))
        self.b3.add(b_cubed(key, response))
        self.ceafe.add(ceaf_e(key, response))

    @property
    def conll(self) -> float:
        return (self.muc.f1 + self.b3.f1 + self.ceafe.f1) / 3


# --------------------------------------------------------------------- data


@dataclass
class GoldMention:
    doc: str
    m_id: str
    type: str
    tokens: list[str]  # t_ids
    chain: str = ""


@dataclass
class Doc:
    name: str
    tokens: dict[str, tuple[int, int, str]]  # t_id -> (sentence, number, text)
    mentions: list[GoldMention]


def read_doc(path: Path) -> Doc:
    ecb = read_document(path)
    name = ecb.name
    tokens = {t.t_id: (t.sentence, t.number, t.text) for t in ecb.tokens}
    mentions: dict[str, GoldMention] = {}
    for el in ecb.mentions():
        if el.tag.startswith("HUMAN_PART") or el.tag.startswith("LOC"):
            mentions[el.m_id] = GoldMention(name, el.m_id, el.tag, list(el.token_ids))
    # a cross-document instance wins over a within-document chain
    for tag in ("CROSS_DOC_COREF", "INTRA_DOC_COREF"):
        for rel in ecb.relations_of(tag):
            chain = rel.note if tag == "CROSS_DOC_COREF" else f"{name}:intra:{rel.target}"
            for src in rel.sources:
                m = mentions.get(src)
                if m is not None and not m.chain:
                    m.chain = chain
    for m in mentions.values():
        if not m.chain:
            m.chain = f"{name}:single:{m.m_id}"
    return Doc(name, tokens, sorted(mentions.values(), key=lambda m: int(m.m_id)))


def stories(topics: Sequence[int]) -> dict[str, list[Doc]]:
    out: dict[str, list[Doc]] = {}
    for t in topics:
        for half in ("ecb", "ecbplus"):
            # documents in their number order: 1_2ecb before 1_10ecb
            files = sorted((d.path for d in documents([t], half=half)),
                           key=lambda p: int(re.search(r"_(\d+)", p.name).group(1)))
            if files:
                out[f"{t}{'' if half == 'ecb' else 'plus'}"] = [read_doc(f) for f in files]
    return out


# --------------------------------------------------------- to newsprism


GOLD_COARSE = {"HUMAN_PART_PER": "person", "HUMAN_PART_ORG": "group", "HUMAN_PART_GPE": "place",
               "LOC_GEO": "place", "LOC_FAC": "place", "LOC_OTHER": "place"}
LABEL_COARSE = {"PERSON": "person", "ORG": "group", "GPE": "place", "LOC": "place", "FAC": "place"}


def build(doc: Doc, keep_sentences: set[int], nlp, types: list | None = None, *, mention_rules: bool = False):
    """An AnalyzedArticle of the doc's annotated sentences, with its named
    gold mentions, and the gold chain of each mention index.  ``types``, when
    given, receives (gold type, label came from spaCy) per mention."""
    from newsprism.model import AnalyzedArticle, Article, Mention, Sentence

    by_sent: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for tid, (s, n, text) in doc.tokens.items():
        if s in keep_sentences:
            by_sent[s].append((n, tid))
    text_parts: list[str] = []
    spans: dict[str, tuple[int, int]] = {}
    sentences = []
    pos = 0
    for k, s in enumerate(sorted(by_sent)):
        start = pos
        for n, tid in sorted(by_sent[s]):
            word = doc.tokens[tid][2]
            spans[tid] = (pos, pos + len(word))
            text_parts.append(word)
            pos += len(word) + 1
        sentences.append((k, s, start, pos - 1))
    text = " ".join(text_parts)
    sent_index = {s: k for k, s, _, _ in sentences}
    sents = [Sentence(k, a, b, text[a:b]) for k, s, a, b in sentences]
    sdoc = nlp(text)
    if mention_rules:
        # the labels analyze gives (type rules and consistency fixes), not spaCy's
        from newsprism.analyze.mentions import extract_mentions

        extract_mentions(sdoc)  # writes the corrected labels back into sdoc.ents
    ent_label = {}
    for ent in sdoc.ents:
        if ent.label_ in NAME_LABELS:
            for c in range(ent.start_char, ent.end_char):
                ent_label[c] = ent.label_
    propn = set()
    for tok in sdoc:
        if tok.pos_ == "PROPN":
            propn.update(range(tok.idx, tok.idx + len(tok.text)))
    mentions, chains = [], []
    for gm in doc.mentions:
        if not all(t in spans for t in gm.tokens):
            continue
        start = min(spans[t][0] for t in gm.tokens)
        end = max(spans[t][1] for t in gm.tokens)
        chars = range(start, end)
        labels = [ent_label[c] for c in chars if c in ent_label]
        if not labels and not any(c in propn for c in chars):
            continue
        # most frequent label; ties by name (a set's order changes with the hash seed)
        label = max(sorted(set(labels)), key=labels.count) if labels else GOLD_LABEL.get(gm.type, "ORG")
        sentence = sent_index[doc.tokens[gm.tokens[0]][0]]
        mentions.append(Mention(text[start:end], label, start, end, sentence))
        chains.append(gm.chain)
        if types is not None:
            types.append((gm.type, bool(labels)))
    article = Article(id=doc.name, path=doc.name, text=text)
    return AnalyzedArticle(article=article, sentences=sents, mentions=mentions), chains


def baseline(analyzed) -> dict[tuple[str, int], str]:
    return {(aa.article.id, i): m.text.casefold() for aa in analyzed for i, m in enumerate(aa.mentions)}


def clusters_of(assign: dict[tuple[str, int], Hashable], all_mentions: list[tuple[str, int]]) -> list[list]:
    groups: dict[Hashable, list] = defaultdict(list)
    for m in all_mentions:
        groups[assign.get(m, ("unassigned", m))].append(m)
    return list(groups.values())


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--split", choices=["dev", "train"], default="dev")
    ap.add_argument("--mention-rules", action="store_true",
                    help="label gold spans with analyze's corrected labels (type rules) instead of raw spaCy")
    ap.add_argument("--show-errors", type=int, default=0, help="print this many wrong merges and misses per story")
    args = ap.parse_args(argv)
    if not ECB.is_dir():
        print(f"ECB+ not found at {ECB}", file=sys.stderr)
        return 1
    from newsprism.analyze.nlp import load_nlp
    from newsprism.reconcile.entities import resolve_entities

    nlp = load_nlp()
    keep = annotated_sentences()
    topics = DEV if args.split == "dev" else TRAIN
    ours, base = Scores(), Scores()
    typed = {"newsprism": 0, "baseline": 0, "n": 0}
    n_mentions = n_docs = n_stories = 0
    t_resolve = 0.0
    t0 = time.perf_counter()
    for story, docs in stories(topics).items():
        analyzed, gold, gold_type = [], {}, {}
        for d in docs:
            types: list = []
            aa, chains = build(d, keep.get(d.name, set()), nlp, types, mention_rules=args.mention_rules)
            if not aa.mentions:
                continue
            analyzed.append(aa)
            for i, c in enumerate(chains):
                gold[(aa.article.id, i)] = c
                if types[i][1] and types[i][0] in GOLD_COARSE:
                    gold_type[(aa.article.id, i)] = (GOLD_COARSE[types[i][0]], aa.mentions[i].label)
        if not gold:
            continue
        n_stories += 1
        n_docs += len(analyzed)
        n_mentions += len(gold)
        mentions = sorted(gold)
        key = clusters_of(gold, mentions)
        t = time.perf_counter()
        entities, mapping = resolve_entities(analyzed)
        t_resolve += time.perf_counter() - t
        type_of = {e.id: e.type for e in entities}
        for m, (want, raw) in gold_type.items():
            typed["n"] += 1
            typed["baseline"] += LABEL_COARSE.get(raw, "other") == want
            typed["newsprism"] += LABEL_COARSE.get(type_of.get(mapping.get(m, "")), "other") == want
        response = clusters_of(mapping, mentions)
        ours.add(key, response)
        base.add(key, clusters_of(baseline(analyzed), mentions))
        if args.show_errors:
            text = {(aa.article.id, i): m.text for aa in analyzed for i, m in enumerate(aa.mentions)}
            shown = 0
            for c in response:
                chains = {gold[m] for m in c}
                if len(chains) > 1 and shown < args.show_errors:
                    print(f"  [{story}] wrong merge: {sorted({text[m] for m in c})}")
                    shown += 1
            shown = 0
            for c in key:
                got = {mapping.get(m, m) for m in c}
                if len(got) > 1 and shown < args.show_errors:
                    print(f"  [{story}] split: {sorted({text[m] for m in c})}")
                    shown += 1
    total = time.perf_counter() - t0
    print(f"ECB+ {args.split} topics {topics}: {n_stories} stories, {n_docs} documents, {n_mentions} named mentions")
    print(f"{'system':<28}{'MUC P/R/F1':>20}{'B3 P/R/F1':>20}{'CEAF-e P/R/F1':>20}{'CoNLL F1':>10}")
    for name, s in (("exact match (lowercased)", base), ("newsprism resolve_entities", ours)):
        cells = [f"{m.precision * 100:5.1f}/{m.recall * 100:5.1f}/{m.f1 * 100:5.1f}" for m in (s.muc, s.b3, s.ceafe)]
        print(f"{name:<28}{cells[0]:>20}{cells[1]:>20}{cells[2]:>20}{s.conll * 100:10.1f}")
    if typed["n"]:
        n = typed["n"]
        print(f"entity types on {n} spaCy-labelled mentions: newsprism {100 * typed['newsprism'] / n:.1f}%, "
              f"spaCy label of the mention {100 * typed['baseline'] / n:.1f}%")
    print(f"resolve_entities: {t_resolve:.2f} s for {n_stories} stories; "
          f"whole run {total:.1f} s (includes spaCy filtering)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
