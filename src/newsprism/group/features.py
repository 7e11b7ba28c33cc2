"""Document features: what the group stage compares, computed once per article.

Everything is derived from what analyze already produced (text, lemmas,
mentions, times, quantities, quotes, sentence embeddings when present), so
that grouping never re-runs a model.  When an article has no sentence
embeddings the narrative evidence falls back to a lexical vector whose word
weights come from general-English rarity (wordfreq), so no corpus is needed.
"""

from __future__ import annotations

import hashlib
import logging
import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import numpy as np

from ..errors import E
from .. import partial_dates
from ..model import AnalyzedArticle
from .names import load_group_data, name_key

__all__ = ["DocFeatures", "GroupRules", "group_rules", "doc_features", "reweight_for_corpus", "publication_day", "date_keys",
           "semantic_vector", "smoothed_idf"]

log = logging.getLogger("newsprism.group")

_TOKEN = re.compile(r"[^\W_]+(?:[.,'][^\W_]+)*", re.UNICODE)
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_MONTHS = {m: i + 1 for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august",
     "september", "october", "november", "december"])}
_MONTH_YEAR = re.compile(r"\b(" + "|".join(_MONTHS) + r")\b\.?\s*(?:(\d{1,2})(?:st|nd|rd|th)?,?\s*)?(1[89]\d\d|20\d\d)?",
                         re.IGNORECASE)


@dataclass(frozen=True)
class GroupRules:
    """data/group_similarity.toml, parsed."""

    geography_labels: frozenset[str]
    entity_labels: frozenset[str]
    date_labels: frozenset[str]
    person_labels: frozenset[str]
    weights: tuple[tuple[str, float], ...]
    idf_ceiling: float
    stop_zipf: float
    min_length: int
    hash_dim: int
    name_boost: float
    publication_horizon_days: float
    date_tolerance_days: int
    evidence_min_cosine: float
    evidence_max_pairs: int
    quote_min_ratio: float
    max_items: int
    unknown_weight: float = 0.0
    unknown_value: float = 0.5
    calibration: tuple[tuple[str, float, float], ...] = ()
    split_name_boost: float = 3.0
    split_min_df: int = 2
    corpus_name_idf: float = 0.0
    gap_grace_days: float = 3.0
    corpus_hash_dim: int = 4096
    corpus_name_boost: float = 0.0
    corpus_full_articles: float = 100.0
    corpus_rare_fraction: float = 0.05
    corpus_rare_min: float = 5.0
    corpus_attach_min: int = 0
    corpus_attach_ratio: float = 0.0
    story_span: bool = False
    weekdays: frozenset[str] = frozenset()
    weekday_factor: float = 1.0
    evicted_bar: float = 1.0
    count_factor: float = 1.0
    gap_scales_link: bool = False
    corpus_reassign_passes: int = 0
    corpus_reassign_floor: float = 1.0
    corpus_reassign_margin: float = 1.0
    corpus_rare_floor_fraction: float = 0.0
    corpus_cosine_floor: float = 0.0
    corpus_recheck_cuts: bool = False
    corpus_attach_names: int = 0
    corpus_attach_lead_cosine: float = -1.0
    lead_link: float = 0.0
    lead_cosine: float = 0.0
    lead_min_sentences: int = 0
    lead_full_share: float = 1.0
    lead_min_articles: int = 1
    lead_passes: int = 1
    lead_skip: tuple[str, ...] = ()
    lead_min_words: int = 0
    lead_search: int = 1
    address_opens: tuple[str, ...] = ()

    def calibrate(self, kind: str, cosine: float) -> float:
        for name, low, high in self.calibration:
            if name == kind:
                return float(min(1.0, max(0.0, (cosine - low) / (high - low))))
        raise KeyError(kind)


@cache
def group_rules() -> GroupRules:
    return load_group_data("group_similarity.toml", _build_group_rules)


def _build_group_rules(raw: dict[str, Any]) -> GroupRules:
    return GroupRules(
        geography_labels=frozenset(raw["geography_labels"]),
        entity_labels=frozenset(raw["entity_labels"]),
        date_labels=frozenset(raw["date_labels"]),
        person_labels=frozenset(raw["person_labels"]),
        weights=tuple(sorted((k, float(v)) for k, v in raw["weights"].items())),
        idf_ceiling=float(raw["terms"]["idf_ceiling"]),
        stop_zipf=float(raw["terms"]["stop_zipf"]),
        min_length=int(raw["terms"]["min_length"]),
        hash_dim=int(raw["terms"]["hash_dim"]),
        name_boost=float(raw["terms"]["name_boost"]),
        publication_horizon_days=float(raw["time"]["publication_horizon_days"]),
        date_tolerance_days=int(raw["time"]["date_tolerance_days"]),
        evidence_min_cosine=float(raw["narrative"]["evidence_min_cosine"]),
        evidence_max_pairs=int(raw["narrative"]["evidence_max_pairs"]),
        quote_min_ratio=float(raw["narrative"]["quote_min_ratio"]),
        max_items=int(raw["evidence"]["max_items"]),
        unknown_weight=float(raw["unknown"]["weight"]),
        unknown_value=float(raw["unknown"]["value"]),
        calibration=tuple(sorted((k, float(v["low"]), float(v["high"])) for k, v in raw["calibration"].items())),
        split_name_boost=float(raw["split"]["name_boost"]),
        split_min_df=int(raw["split"]["min_df"]),
        corpus_name_idf=float(raw["corpus"]["name_idf"]),
        corpus_full_articles=float(raw["corpus"]["full_articles"]),
        corpus_rare_fraction=float(raw["corpus"]["rare_fraction"]),
        corpus_rare_min=float(raw["corpus"]["rare_min"]),
        corpus_attach_min=int(raw["corpus"]["attach_min_story"]),
        corpus_attach_ratio=float(raw["corpus"]["attach_ratio"]),
        story_span=bool(raw["time"]["story_span"]),
        corpus_hash_dim=int(raw["corpus"]["hash_dim"]),
        corpus_name_boost=float(raw["corpus"]["name_boost"]),
        gap_grace_days=float(raw["time"]["gap_grace_days"]),
        weekdays=frozenset(w.lower() for w in raw["time"]["weekdays"]),
        weekday_factor=float(raw["time"]["weekday_disagreement"]),
        evicted_bar=float(raw["time"]["evicted_bar"]),
        count_factor=float(raw["counts"]["disagreement"]),
        gap_scales_link=bool(raw["time"]["gap_scales_link"]),
        corpus_reassign_passes=int(raw["corpus"]["reassign_passes"]),
        corpus_reassign_floor=float(raw["corpus"]["reassign_floor"]),
        corpus_reassign_margin=float(raw["corpus"]["reassign_margin"]),
        corpus_rare_floor_fraction=float(raw["corpus"]["rare_floor_fraction"]),
        corpus_cosine_floor=float(raw["corpus"]["cosine_floor"]),
        corpus_recheck_cuts=bool(raw["corpus"]["recheck_cuts"]),
        corpus_attach_names=int(raw["corpus"]["attach_names"]),
        corpus_attach_lead_cosine=float(raw["corpus"]["attach_lead_cosine"]),
        lead_link=float(raw["leads"]["link"]),
        lead_cosine=float(raw["leads"]["cosine"]),
        lead_min_sentences=int(raw["leads"]["min_sentences"]),
        lead_full_share=float(raw["leads"]["full_share"]),
        lead_min_articles=int(raw["leads"]["min_articles"]),
        lead_passes=int(raw["leads"]["passes"]),
        lead_skip=tuple(str(p) for p in raw["leads"]["skip"]),
        lead_min_words=int(raw["leads"]["min_words"]),
        lead_search=int(raw["leads"]["search"]),
        address_opens=tuple(str(p) for p in raw["leads"]["address_opens"]),
    )


@dataclass
class DocFeatures:
    """The comparable summary of one article.  ``vector`` (lexical + names,
    fixed size, unit length) is what the nearest-neighbour index holds; the
    name and date maps are what separates two events of the same kind."""

    id: str
    title: str = ""
    outlet: str | None = None
    published: str | None = None
    day: int | None = None  # publication date as a day number (date.toordinal)
    vector: Any = None  # np.ndarray float32, unit length
    semantic: Any = None  # mean sentence embedding, unit length, or None
    places: dict[str, float] = field(default_factory=dict)  # name key -> weight
    entities: dict[str, float] = field(default_factory=dict)
    persons: set[str] = field(default_factory=set)  # keys in entities that are people
    display: dict[str, str] = field(default_factory=dict)  # key -> name as first written
    dates: dict[str, str] = field(default_factory=dict)  # ISO key -> text as written
    terms: dict[str, float] = field(default_factory=dict)  # content word -> weight
    counts: dict[str, float] = field(default_factory=dict)  # content word -> damped count (1 + log tf)
    numbers: dict[str, str] = field(default_factory=dict)  # "400 fighter" -> text as written
    # counted noun -> (low, high, exact) of each of its counts; exact: no
    # hedge ("about", "several"), so a figure that may disagree (count_factor)
    count_ranges: dict[str, tuple[tuple[float, float, bool], ...]] = field(default_factory=dict)
    quotes: list[str] = field(default_factory=list)
    sentence_vectors: Any = None  # np.ndarray (n_sentences, d) unit rows, or None
    sentence_text: list[str] = field(default_factory=list)
    # the first sentence's embedding of a full article (data [leads]
    # min_sentences or more, embedded), else None: what it reports happened
    lead: Any = None


def publication_day(published: str | None) -> int | None:
    """The publication day as an ordinal (days apart are a subtraction)."""
    day = partial_dates.publication_day(published)
    return day.toordinal() if day else None


@cache
def _zipf() -> Callable[..., float]:
    # wordfreq is imported when a word is first weighed, not with the
    # package: it costs a second of CPU to import, and a re-run with no new
    # input (its grouping cached) or the web app never weighs a word.
    from wordfreq import zipf_frequency

    return zipf_frequency


def _idf(word: str, rules: GroupRules) -> float:
    z = _zipf()(word, "en")
    if z >= rules.stop_zipf:
        return 0.0
    return max(0.0, rules.idf_ceiling - z)


def _bucket(term: str, dim: int) -> tuple[int, float]:
    # A stable hash (not Python's salted hash()) so that vectors, and hence
    # stories, are the same on every run.
    h = int.from_bytes(hashlib.blake2b(term.encode("utf-8"), digest_size=8).digest(), "little")
    return h % dim, (1.0 if (h >> 63) & 1 else -1.0)


def _hash_vector(weights: dict[str, float], dim: int) -> np.ndarray:
    v = np.zeros(dim, dtype=np.float32)
    for term, w in weights.items():
        i, sign = _bucket(term, dim)
        v[i] += sign * w
    n = float(np.linalg.norm(v))
    return v / n if n > 0 else v



_WORD = re.compile(r"[^\W\d_]{2,}")


def lead_index(a: AnalyzedArticle, rules: GroupRules) -> int | None:
    """The index of the sentence that is the article's lead: the first of
    its first rules.lead_search sentences that is prose, not the scraper's
    residue a page often opens with (its address cut into pieces: "http: / /
    www.", "eastsideboxing.", "com / sports / ..."; data [leads] skip and
    min_words).  None when none of them is: such an article has no lead to
    compare, rather than a lead that matches every other page's address."""
    for i, sentence in enumerate(a.sentences[:max(1, rules.lead_search)]):
        text = sentence.text or ""
        if len(_WORD.findall(text)) < rules.lead_min_words:
            continue
        if any(re.search(p, text) for p in rules.lead_skip):
            continue
        return i
    return None


def address_sentences(a: AnalyzedArticle, rules: GroupRules) -> int:
    """How many of the article's first sentences are its page's address,
    cut into pieces by the sentence splitter ("http: / / www.",
    "latimes.", "com / 2013 / may / 03 / local / ..."): 0 unless the
    first sentence opens an address (data [leads] address_opens); then the
    run of address pieces (data [leads] skip) and short fragments up to the
    last piece, among the first rules.lead_search sentences.  Everything the
    group stage compares (words, names, dates, counts, sentence vectors)
    skips them: read, they made every page of a site, or every page that
    opens with an address, alike whatever happened (half of ECB+'s
    articles: one of each topic's two events).  An article that would have
    nothing left keeps its sentences."""
    sentences = a.sentences[:max(1, rules.lead_search)]
    if not sentences or not any(re.search(p, sentences[0].text or "") for p in rules.address_opens):
        return 0
    last = -1
    for i, sentence in enumerate(sentences):
        text = sentence.text or ""
        if any(re.search(p, text) for p in rules.lead_skip):
            last = i
        elif len(_WORD.findall(text)) >= rules.lead_min_words:
            break
    return last + 1 if last + 1 < len(a.sentences) else 0


def _unit_rows(m: np.ndarray) -> np.ndarray:
    n = np.linalg.norm(m, axis=1, keepdims=True)
    n[n == 0] = 1.0
    return (m / n).astype(np.float32)


def _mean_direction(rows: np.ndarray) -> np.ndarray | None:
    mean = rows.mean(axis=0)
    n = float(np.linalg.norm(mean))
    return (mean / n).astype(np.float32) if n > 0 else None


def semantic_vector(embeddings: Any) -> np.ndarray | None:
    """An article's ``semantic`` feature from its sentence embeddings: the
    unit mean of the unit rows, or None without any."""
    if embeddings is None or not len(embeddings):
        return None
    return _mean_direction(_unit_rows(np.asarray(embeddings, dtype=np.float32)))


def _lexical_vector(f: DocFeatures, idf: Callable[[str], float], rules: GroupRules, *,
                    name_boost: float | None = None, dim: int | None = None) -> np.ndarray:
    # Names and dates enter the lexical vector too (boosted), so that the
    # nearest-neighbour index already sees what separates two similar events.
    boost = rules.name_boost if name_boost is None else name_boost
    lexical = {w: c * idf(w) for w, c in f.counts.items()}
    if boost > 0:
        for k, w in f.places.items():
            lexical["place:" + k] = boost * w * idf("place:" + k)
        for k, w in f.entities.items():
            lexical["ent:" + k] = boost * w * idf("ent:" + k)
    for k in f.dates:
        lexical["date:" + k] = idf("date:" + k)
    return _hash_vector(lexical, dim or rules.hash_dim)


def smoothed_idf(articles: int, df: int) -> float:
    """Inverse document frequency of a term given by ``df`` of ``articles``
    documents, smoothed as sklearn's TfidfVectorizer: the one weighting of
    the corpus's own rarities (batch, its blocks and the stream)."""
    return math.log((1 + articles) / (1 + df)) + 1.0


def reweight_for_corpus(features: Sequence[DocFeatures], *, rules: GroupRules | None = None,
                        corpus: Any = None) -> None:
    """Recompute each document vector with the corpus's own inverse document
    frequencies (smoothed, as sklearn's TfidfVectorizer): in a batch the
    corpus tells better than general English which words are common *here*
    (every article of an earthquake corpus says "earthquake").  ``corpus``
    (:class:`newsprism.group.corpus.CorpusStats`) gives the frequencies of a
    larger corpus these features are part of; by default, of these features."""
    rules = rules or group_rules()
    if corpus is not None:
        n = corpus.articles
        prefix = {"place": "p:", "ent": "e:", "date": "d:"}

        def count(term: str) -> int:
            kind, sep, key = term.partition(":")
            return corpus.count(prefix[kind] + key if sep and kind in prefix else "w:" + term)
    else:
        n = len(features)
        df: Counter[str] = Counter()
        for f in features:
            df.update(f.counts.keys())
            df.update("place:" + k for k in f.places)
            df.update("ent:" + k for k in f.entities)
            df.update("date:" + k for k in f.dates)
        count = df.__getitem__

    def idf(term: str) -> float:
        return smoothed_idf(n, count(term))

    top = math.log(1 + n) + 1.0
    for f in features:
        f.vector = _lexical_vector(f, idf, rules, name_boost=rules.corpus_name_boost, dim=rules.corpus_hash_dim)
        if rules.corpus_name_idf > 0:
            # A name most articles of this corpus give ("Biden" in a year of
            # US politics) is weak evidence that two of them tell one story.
            f.places = {k: w * (idf("place:" + k) / top) ** rules.corpus_name_idf for k, w in f.places.items()}
            f.entities = {k: w * (idf("ent:" + k) / top) ** rules.corpus_name_idf for k, w in f.entities.items()}


def date_keys(text: str) -> list[str]:
    """ISO keys ("2019", "2019-02", "2019-02-09") of the explicit dates in a
    DATE mention: a fallback for when analyze gives no resolved TimeExpr."""
    keys = []
    for m in _MONTH_YEAR.finditer(text):
        month, day, year = _MONTHS[m.group(1).lower()], m.group(2), m.group(3)
        if year:
            keys.append(f"{year}-{month:02d}-{int(day):02d}" if day and 1 <= int(day) <= 31 else f"{year}-{month:02d}")
    if not keys:
        keys = [m.group(1) for m in _YEAR.finditer(text)]
    return keys


def _sentence_words(a: AnalyzedArticle) -> list[list[str]]:
    if a.lemmas and any(a.lemmas):
        return [[w.lower() for w in ws] for ws in a.lemmas]
    if a.sentences:
        return [[w.lower() for w in _TOKEN.findall(s.text)] for s in a.sentences]
    return [[w.lower() for w in _TOKEN.findall(line)] for line in a.article.text.splitlines() if line.strip()]


def doc_features(a: AnalyzedArticle, *, rules: GroupRules | None = None, with_sentences: bool = True) -> DocFeatures:
    """Features of one analyzed article.  ``with_sentences=False`` leaves out
    the per-sentence vectors (what streaming keeps for a million articles)."""
    rules = rules or group_rules()
    art = a.article
    f = DocFeatures(id=art.id, title=(art.title or "").strip(), outlet=art.outlet, published=art.published,
                    day=publication_day(art.published))
    # The page's address a scraped text may open with is not read (see
    # address_sentences): what is found in it, nor its words or vectors.
    skip = address_sentences(a, rules)

    # Names: damped mention counts, so a name repeated ten times weighs more
    # than one said in passing, but not ten times more.
    place_counts: Counter[str] = Counter()
    ent_counts: Counter[str] = Counter()
    for m in a.mentions:
        if m.sentence < skip:
            continue
        if m.label in rules.geography_labels:
            key = name_key(m.text)
            if key:
                place_counts[key] += 1
                f.display.setdefault(key, m.text)
        elif m.label in rules.entity_labels:
            person = m.label in rules.person_labels
            key = name_key(m.text, person=person)
            if key:
                ent_counts[key] += 1
                f.display.setdefault(key, m.text)
                if person:
                    f.persons.add(key)
        elif m.label in rules.date_labels and not a.times:
            for k in date_keys(m.text):
                f.dates.setdefault(k, m.text)
    # A name the model labels a place somewhere in the article is a place
    # throughout ("Al Keshma"/PERSON beside "Keshma"/GPE).
    for key in list(ent_counts):
        if key in place_counts:
            place_counts[key] += ent_counts.pop(key)
            f.persons.discard(key)
    f.places = {k: 1.0 + math.log(c) for k, c in sorted(place_counts.items())}
    f.entities = {k: 1.0 + math.log(c) for k, c in sorted(ent_counts.items())}

    for t in a.times:
        if t.sentence < skip:
            continue
        if t.value and t.precision in ("day", "month", "year", "part-of-month") and len(t.value) <= 10:
            f.dates.setdefault(t.value, t.text)

    for q in a.quantities:
        if q.sentence < skip:
            continue
        if q.value is not None and q.counted:
            f.numbers.setdefault(f"{q.value:g} {q.counted}", q.text)
            lo = q.low if q.low is not None else q.value
            hi = q.high if q.high is not None else q.value
            f.count_ranges[q.counted] = (*f.count_ranges.get(q.counted, ()), (lo, hi, q.hedge is None))
    f.quotes = [q.text for q in a.quotes if q.text and len(q.text) > 20 and q.sentence >= skip]

    # Content words, rarity-weighted; names and dates also enter the lexical
    # vector so that the nearest-neighbour index already sees them.
    words = _sentence_words(a)
    if skip and len(words) == len(a.sentences):
        words = words[skip:]
    tf: Counter[str] = Counter(w for ws in words for w in ws if len(w) >= rules.min_length)
    terms = {}
    for w, c in sorted(tf.items()):
        idf = _idf(w, rules)
        if idf > 0:
            f.counts[w] = 1.0 + math.log(c)
            terms[w] = f.counts[w] * idf
    f.terms = terms
    f.vector = _lexical_vector(f, lambda term: _idf(term, rules) if ":" not in term else rules.idf_ceiling, rules)

    emb = a.embeddings
    if emb is not None and len(emb) and a.sentences and len(emb) != len(a.sentences):
        log.warning(E.E072.format(article=art.id, rows=len(emb), sentences=len(a.sentences)))
        emb = None
    if emb is not None and len(emb):
        rows = _unit_rows(np.asarray(emb, dtype=np.float32))
        if len(rows) >= max(1, rules.lead_min_sentences):
            at = lead_index(a, rules)
            f.lead = rows[at] if at is not None else None
        rows = rows[skip:]
        f.semantic = _mean_direction(rows)
        # Kept even without with_sentences: embedding rows are small, and
        # sentence alignment is the best evidence of one narrative.
        f.sentence_vectors = rows
    elif with_sentences:
        # Lexical sentence vectors in the same hashed space.
        bags = []
        for ws in words:
            c = Counter(w for w in ws if len(w) >= rules.min_length)
            bags.append(_hash_vector({w: (1.0 + math.log(n)) * _idf(w, rules) for w, n in c.items()},
                                     rules.hash_dim))
        f.sentence_vectors = np.vstack(bags) if bags else None
    if with_sentences:
        f.sentence_text = [s.text for s in a.sentences[skip:]] if a.sentences else [" ".join(ws) for ws in words]
    return f
