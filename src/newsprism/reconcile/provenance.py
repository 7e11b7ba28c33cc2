"""Which article derives from which: citation, shared agency, text reuse.

Three kinds of edge, each from the derived article to its source, each with
the evidence that made it:

* ``citation``: article B names outlet X as its source (an analyzer
  ``Citation`` of kind outlet, or a pattern such as "according to the
  Guardian"), article A of the story *is* X by its own identification (its
  ``outlet`` field: URL, site name, sidecar, byline or credit, never a
  mention in its text: "told the New York Times" does not make an article
  the Times), A is not published after B, and B's content is found in A.
  When X's own report is not in the story, articles that all take X as
  their main source (cited in the lede, or repeatedly) and share content
  are joined the same way, later -> earliest.
* ``agency``: both articles credit the same wire agency (``agency`` field,
  a dateline "TOWN (AFP) -" or a closing "AFP Agency." line, a citation of
  the agency; not a photo credit).  Every later article
  points to the earliest one crediting that agency (on the same day, the
  wire's own copy before a republication under another outlet's name), so
  ``Derivation.source`` stays an article id; a lone agency article gets no
  edge (it is one source anyway).
* ``reuse``: B repeats A without credit: verbatim (share of B's word
  shingles outside quotes found in A), or most of B's sentences have a
  close counterpart in A, one to one (a close paraphrase or a translation:
  candidates from the stored sentence vectors, confirmed by the
  transformer, ``embed.encode_precise``).  Direction: publication dates,
  else a citation of the other's outlet, else the article more contained
  in the other is the copy.

:func:`independent_sources` collapses each family of articles joined by
edges onto one root, so that a retelling never counts as a second source.
Patterns and names are data: ``data/provenance_*.toml``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..data import load_toml
from ..config import AnalyzeSettings, Config, ReconcileSettings, stage_settings
from ..errors import E, NewsprismError
from ..model import AnalyzedArticle, Derivation, Similarity
from ..unionfind import UnionFind
from ..names import name_rules, outlet_key
from ..partial_dates import publication_day
from .furniture import furniture_kind

__all__ = ["derive", "independent_sources", "article_outlet", "article_agencies"]


# ------------------------------------------------------------------ rules


@dataclass(frozen=True)
class _Rules:
    outlets: tuple[str, ...]
    suffixes: tuple[str, ...]
    agencies: dict[str, tuple[str, ...]]
    self_patterns: tuple[str, ...]
    cite_patterns: tuple[str, ...]
    credit_patterns: tuple[str, ...]
    credit_any: tuple[re.Pattern[str], ...]
    lede_sentences: int
    main_source_citations: int
    shingle_words: int
    min_shared_shingles: int
    min_shared_sentences: int
    sentence_shingles: int
    wire_sentences: int
    wire_quoted_sentences: int
    wire_sentence_share: float
    wire_sentence_shingles: int
    min_sentence_words: int
    min_word_chars: int
    max_quoted_share: float
    min_sentences: int
    coverage: float
    precise: float
    candidate: dict[str, float]  # vector kind -> least stored-vector cosine
    support_share: float
    support_similarity: dict[str, float]
    cited_window: int
    cited_precise: float
    date_slack_days: int = 1


def _read(name: str) -> dict:
    return load_toml(name)


@cache
def _rules() -> _Rules:
    src = _read("provenance_sources.toml")
    reuse = _read("provenance_reuse.toml")
    try:
        pats = src["patterns"]
        return _Rules(
            outlets=tuple(src["outlets"]),
            suffixes=name_rules().outlet_suffixes,  # the one outlet test: names.toml [outlets]
            agencies={k: tuple(v) for k, v in src["agencies"].items()},
            self_patterns=tuple(pats["self"]),
            cite_patterns=tuple(pats["cite"]),
            credit_patterns=tuple(pats["credit"]),
            credit_any=tuple(re.compile(p, re.MULTILINE) for p in pats["credit_any"]),
            lede_sentences=int(src["main_source"]["lede_sentences"]),
            main_source_citations=int(src["main_source"]["citations"]),
            shingle_words=int(reuse["shingle_words"]),
            min_shared_shingles=int(reuse["min_shared_shingles"]),
            min_shared_sentences=int(reuse["min_shared_sentences"]),
            sentence_shingles=int(reuse["sentence_shingles"]),
            wire_sentences=int(reuse["wire_sentences"]),
            wire_quoted_sentences=int(reuse["wire_quoted_sentences"]),
            wire_sentence_share=float(reuse["wire_sentence_share"]),
            wire_sentence_shingles=int(reuse["wire_sentence_shingles"]),
            min_sentence_words=int(reuse["min_sentence_words"]),
            min_word_chars=int(reuse["min_word_chars"]),
            max_quoted_share=float(reuse["max_quoted_share"]),
            min_sentences=int(reuse["min_sentences"]),
            coverage=float(reuse["coverage"]),
            precise=float(reuse["precise"]),
            candidate={k: float(v) for k, v in reuse["candidate"].items()},
            support_share=float(reuse["support_share"]),
            support_similarity={k: float(v) for k, v in reuse["support_similarity"].items()},
            cited_window=int(reuse["cited_window"]),
            cited_precise=float(reuse["cited_precise"]),
            date_slack_days=int(src.get("dates", {}).get("slack_days", 1)),
        )
    except (KeyError, TypeError, ValueError, re.error) as exc:
        raise NewsprismError(E.E081.format(name="provenance_*.toml", reason=f"missing or bad entry {exc}")) from None


def _canon(name: str, rules: _Rules) -> str:
    """'The Guardian newspaper' -> 'guardian' (the one outlet key: names.py)."""
    return outlet_key(name, suffixes=rules.suffixes)


def _agency_canon(rules: _Rules) -> dict[str, str]:
    return {_canon(v, rules): k for k, vs in rules.agencies.items() for v in vs}


def _compile(patterns: Sequence[str], names: Sequence[str], rules: _Rules) -> list[re.Pattern[str]]:
    if not names:
        return []
    alt = "|".join(re.escape(n) for n in sorted(set(names), key=len, reverse=True))
    suffix = "|".join(re.escape(s) for s in rules.suffixes)
    x = rf"(?:the\s+)?(?P<name>{alt})(?:\s+(?:{suffix}))?"
    try:
        return [re.compile(p.replace("{X}", x), re.IGNORECASE | re.MULTILINE) for p in patterns]
    except re.error as exc:
        raise NewsprismError(E.E081.format(name="provenance_sources.toml", reason=exc)) from None


@dataclass
class _Hit:
    name: str  # canonical
    written: str  # as matched
    sentence: int
    how: str  # "outlet field", "citation", "text"
    display: str = ""  # the name as the article gives it


def _sentence_of(aa: AnalyzedArticle, offset: int) -> int:
    for s in aa.sentences:
        if s.start <= offset < s.end:
            return s.index
    return -1


# Web copy writes names with no-break and thin spaces ("The\xa0Washington
# Post\xa0was first to report"); the patterns' spaces are plain.  One space
# for another keeps every offset, so hits still map to their sentences.
_SPACES = str.maketrans({c: " " for c in "\u00a0\u2007\u2009\u202f\u200a\u2002\u2003"})


def _plain(text: str) -> str:
    """The text with its other spaces written as plain spaces (same length)."""
    return text.translate(_SPACES)


def _find(aa: AnalyzedArticle, patterns: list[re.Pattern[str]], rules: _Rules) -> list[_Hit]:
    out = []
    text = _plain(aa.article.text)
    for p in patterns:
        for m in p.finditer(text):
            out.append(_Hit(_canon(m.group("name"), rules), m.group(0).strip(), _sentence_of(aa, m.start()), "text",
                            m.group("name")))
    out.sort(key=lambda h: (h.sentence, h.name))
    return out


def _names(analyzed: Sequence[AnalyzedArticle], rules: _Rules) -> list[str]:
    names = list(rules.outlets)
    for aa in analyzed:
        if aa.article.outlet:
            names.append(aa.article.outlet)
        for c in aa.citations:
            if c.kind in ("outlet", "agency") and c.source:
                names.append(c.source)
    for vs in rules.agencies.values():
        names.extend(vs)
    return [n for n in names if n.strip()]


# ---------------------------------------------------------- who is who


def article_outlet(aa: AnalyzedArticle, *, names: Sequence[str] = ()) -> tuple[str, str] | None:
    """(canonical outlet, evidence) of the article itself, from how it
    identifies itself: its ``outlet`` field (URL, site name, sidecar,
    byline, credit line, all read at ingest).  Never from its text's
    mentions: an article that quotes, cites or spoke with an outlet ("told
    the New York Times") is not that outlet.  ``names`` is accepted for
    compatibility and not used."""
    rules = _rules()
    if aa.article.outlet:
        how = aa.article.meta_sources.get("outlet", "") if getattr(aa.article, "meta_sources", None) else ""
        via = f" ({how})" if how else ""
        return _canon(aa.article.outlet, rules), f"outlet field '{aa.article.outlet}'{via}"
    return None


def _citations(aa: AnalyzedArticle, names: Sequence[str], rules: _Rules) -> list[_Hit]:
    hits = []
    for c in aa.citations:
        if c.kind in ("outlet", "agency") and c.source:
            first = c.sentences[0] if c.sentences else -1
            hits.append(_Hit(_canon(c.source, rules), c.text or c.source, first, "citation", c.source))
    hits.extend(_find(aa, _compile(rules.cite_patterns, names, rules), rules))
    return hits


def article_agencies(aa: AnalyzedArticle) -> dict[str, str]:
    """Wire agencies the article credits: name -> evidence, strongest
    evidence first (the ``agency`` field, a dateline or credit line, then a
    mention as source)."""
    return {k: v[0] for k, v in _agency_credits(aa).items()}


def _agency_credits(aa: AnalyzedArticle) -> dict[str, tuple[str, int]]:
    """name -> (evidence, sentence of the mention): the sentence is -1 for a
    credit (agency field, dateline, credit line) and the mentioning sentence
    for a mere citation of the agency ("told the Associated Press")."""
    rules = _rules()
    canon = _agency_canon(rules)
    out: dict[str, tuple[str, int]] = {}

    def add(name: str, evidence: str, sentence: int = -1) -> None:
        key = canon.get(_canon(name, rules), name.strip())
        if key and key not in out and _canon(key, rules) not in {_canon(k, rules) for k in out}:
            out[key] = (evidence, sentence)

    if aa.article.agency:
        add(aa.article.agency, f"agency field '{aa.article.agency}'")
    agency_names = [v for vs in rules.agencies.values() for v in vs]
    credits = _find(aa, _compile(rules.credit_patterns, agency_names, rules), rules)
    for p in rules.credit_any:
        for m in p.finditer(_plain(aa.article.text)):
            credits.append(_Hit(_canon(m.group("name"), rules), m.group(0).strip(), _sentence_of(aa, m.start()),
                                "text", m.group("name").strip()))
    for h in sorted(credits, key=lambda h: (h.sentence, h.name)):
        add(h.display or h.name, f"credits {h.display or h.name} (sentence {h.sentence}: '{h.written}')")
    for c in aa.citations:
        if c.kind == "agency" and c.source and _canon(c.source, rules) in canon:
            first = c.sentences[0] if c.sentences else -1
            add(c.source, f"cites {c.source} (sentence {first if first >= 0 else '?'})", max(first, 0))
    for h in _find(aa, _compile(rules.self_patterns + rules.cite_patterns, agency_names, rules), rules):
        add(h.display or h.name, f"cites {h.display or h.name} (sentence {h.sentence}: '{h.written}')", max(h.sentence, 0))
    return out


def _mention_sentences(aa: AnalyzedArticle, agency: str, rules: _Rules) -> set[int]:
    """Sentences of the article that name wire ``agency`` as a source."""
    canon = _agency_canon(rules)
    out: set[int] = set()
    for c in aa.citations:
        if c.kind in ("agency", "outlet") and c.source and canon.get(_canon(c.source, rules)) == agency:
            out.update(c.sentences)
    names = list(rules.agencies.get(agency, ()))
    for h in _find(aa, _compile(rules.self_patterns + rules.cite_patterns, names, rules), rules):
        if h.sentence >= 0:
            out.add(h.sentence)
    return out


# ------------------------------------------------------------- reuse


def _quoted(aa: AnalyzedArticle) -> list[tuple[int, int]]:
    """Character spans of the article's direct quotes."""
    return sorted((q.start, q.end) for q in aa.quotes if q.direct and 0 <= q.start < q.end)


def _furniture(aa: AnalyzedArticle) -> frozenset[int]:
    """Sentences that are the page, not its reporting: the pieces of its
    address a scraped page opens with (the group stage's reading,
    group.features.address_sentences) and its time stamps (a dateline:
    furniture.furniture_kind).  Two independent pages of one event share
    these ("lindsay - lohan - checks - into - rehab" in both addresses,
    "May 2, 2013 1: 35 pm" against "May 2, 2013 12: 50 PM"): counted, they
    read as sentences said again.  A headline stays (where the title is
    the text's first line, it is the lede itself), and so do a caption and
    boilerplate, which a copy carries with the text it takes."""
    from ..group.features import address_sentences, group_rules

    skip = set(range(address_sentences(aa, group_rules())))
    skip.update(s.index for s in aa.sentences if furniture_kind(s.text) == "dateline")
    return frozenset(skip)


def _shingles(aa: AnalyzedArticle, n: int, skip: frozenset[int] = frozenset()) -> set[tuple[str, ...]]:
    """Word n-grams of the article outside its direct quotes and outside the
    sentences ``skip`` (page furniture): two outlets quoting one statement
    have not copied each other."""
    text = aa.article.text
    out: set[tuple[str, ...]] = set()
    pos = 0
    spans = sorted([*_quoted(aa), *((s.start, s.end) for s in aa.sentences if s.index in skip)])
    for b, e in [*spans, (len(text), len(text))]:
        words = re.findall(r"\w+", text[pos:b].casefold())
        out.update(tuple(words[i : i + n]) for i in range(len(words) - n + 1))
        pos = max(pos, e)
    return out


def _sentence_shingles(aa: AnalyzedArticle, n: int) -> list[set[tuple[str, ...]]]:
    """Each sentence's word n-grams outside direct quotes (to tell in how
    many sentences two texts share wording)."""
    spans = _quoted(aa)
    text = aa.article.text
    out = []
    for s in aa.sentences:
        chars = list(text[s.start:s.end])
        for b, e in spans:
            for k in range(max(b, s.start), min(e, s.end)):
                chars[k - s.start] = " "
        words = re.findall(r"\w+", "".join(chars).casefold())
        out.append({tuple(words[i : i + n]) for i in range(len(words) - n + 1)})
    return out


def _content(aa: AnalyzedArticle, rules: _Rules) -> list[set[str]]:
    out = []
    for s in aa.sentences:
        lem = aa.lemmas[s.index] if s.index < len(aa.lemmas) and aa.lemmas[s.index] else None
        if lem:
            out.append({w.casefold() for w in lem})
        else:
            out.append({w for w in re.findall(r"\w+", s.text.casefold()) if len(w) >= rules.min_word_chars})
    return out


def _countable(aa: AnalyzedArticle, content: list[set[str]], rules: _Rules,
               skip: frozenset[int] = frozenset()) -> list[int]:
    """Positions of the sentences that count for reuse: enough content
    words, not page furniture (``skip``), and mostly the article's own
    words rather than a quote."""
    spans = _quoted(aa)
    keep = []
    for k, (s, c) in enumerate(zip(aa.sentences, content)):
        if len(c) < rules.min_sentence_words or s.index in skip:
            continue
        inside = sum(max(0, min(e, s.end) - max(b, s.start)) for b, e in spans)
        if inside / max(1, s.end - s.start) > rules.max_quoted_share:
            continue
        keep.append(k)
    return keep


def _embeddings(aa: AnalyzedArticle):
    emb = aa.embeddings
    if emb is None:
        return None
    try:
        import numpy as np

        arr = np.asarray(emb, dtype="float32")
    except (TypeError, ValueError):
        return None
    if arr.ndim != 2 or arr.shape[0] != len(aa.sentences):
        return None
    norms = np.linalg.norm(arr, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return arr / norms


# Texts per forward pass when a story's sentences are encoded together (see
# _Measures._vectors): like lengths batch together with little padding, and
# one torch thread gains nothing from more rows.
_STORY_BATCH = 16


class _Measures:
    """Sentence-level comparisons of the story's articles, computed when
    first asked for: stored vectors for every pair, the transformer only
    for pairs that the stored vectors make candidates."""

    def __init__(self, arts: Sequence[AnalyzedArticle], rules: _Rules, vectors: str,
                 cache: dict[str, Any] | None = None) -> None:
        self.arts = arts
        self.rules = rules
        self.content = [_content(aa, rules) for aa in arts]
        skips = [_furniture(aa) for aa in arts]
        self.keep = [_countable(aa, c, rules, k) for aa, c, k in zip(arts, self.content, skips)]
        self.embs = [_embeddings(aa) for aa in arts]
        self.shingles = [_shingles(aa, rules.shingle_words, k) for aa, k in zip(arts, skips)]
        self._sentence_shingles = [None] * len(arts)
        self.kind = vectors if all(e is not None for e in self.embs) else "lexical"
        self._best: dict[tuple[int, int], list[float]] = {}
        self._precise: dict[int, Any] = {}
        self._cache = cache  # article id -> transformer vectors, shared by the caller across calls
        self._matches: dict[tuple[int, int], list[tuple[int, int, float]] | None] = {}

    def containment(self, i: int, j: int) -> tuple[float, int]:
        """(share of i's shingles found in j, how many)."""
        si, sj = self.shingles[i], self.shingles[j]
        shared = len(si & sj)
        return (shared / len(si) if si else 0.0), shared

    def _per_sentence(self, i: int) -> list[set[tuple[str, ...]]]:
        if self._sentence_shingles[i] is None:
            self._sentence_shingles[i] = _sentence_shingles(self.arts[i], self.rules.shingle_words)
        return self._sentence_shingles[i]

    def shared_sentences(self, i: int, j: int) -> tuple[int, int]:
        """(how many of i's counted sentences hold at least
        ``sentence_shingles`` of the shingles found in j, how many are needed:
        ``min_shared_sentences``, or all of them when i has fewer)."""
        per = self._per_sentence(i)
        hit = sum(1 for k in self.keep[i] if len(per[k] & self.shingles[j]) >= self.rules.sentence_shingles)
        return hit, min(self.rules.min_shared_sentences, len(self.keep[i]))

    def word_for_word(self, i: int, j: int) -> list[int]:
        """i's counted sentences found word for word in j: a share
        ``wire_sentence_share`` of the sentence's shingles outside quotes,
        at least ``wire_sentence_shingles`` of them (a long run, not a
        stock phrase)."""
        per = self._per_sentence(i)
        out = []
        for k in self.keep[i]:
            own = per[k]
            if len(own) < self.rules.wire_sentence_shingles:
                continue
            if len(own & self.shingles[j]) >= self.rules.wire_sentence_share * len(own):
                out.append(k)
        return out

    def wire_copy(self, i: int, j: int) -> list[int]:
        """i's sentences found word for word in j (:meth:`word_for_word`)
        when they make i a copy of j's text: ``wire_sentences`` of them, one
        at least without a direct quote, or ``wire_quoted_sentences`` of
        them whatever they hold; else none.  Two outlets quoting one person
        share the quote's frame ("X, director of Y, said from Z"), which is
        no text taken."""
        found = self.word_for_word(i, j)
        if len(found) >= self.rules.wire_quoted_sentences:
            return found
        if len(found) < self.rules.wire_sentences:
            return []
        spans = _quoted(self.arts[i])
        sents = self.arts[i].sentences
        plain = [k for k in found if not any(b < sents[k].end and sents[k].start < e for b, e in spans)]
        return found if plain else []

    def verbatim(self, i: int, j: int, containment_min: float) -> int:
        """How i repeats j word for word: 2 when a share ``containment_min``
        of its shingles outside quotes, at least ``min_shared_shingles`` of
        them, spread over ``min_shared_sentences`` of its sentences, are
        found in j (most of i is j's text); 1 when, whatever the share, a
        few of its sentences are found word for word in j (:meth:`wire_copy`:
        a wire text run inside a long page of its own); 0 otherwise."""
        share, shared = self.containment(i, j)
        if shared < self.rules.min_shared_shingles:
            return 0
        if share >= containment_min:
            hit, need = self.shared_sentences(i, j)
            if need > 0 and hit >= need:
                return 2
        return 1 if self.wire_copy(i, j) else 0

    def best(self, i: int, j: int) -> list[float]:
        """For each counted sentence of i, its best stored-vector cosine (or
        content-word Jaccard) with a counted sentence of j."""
        if (i, j) not in self._best:
            ki, kj = self.keep[i], self.keep[j]
            if not ki or not kj:
                out = [0.0] * len(ki)
            elif self.kind != "lexical":
                sims = self.embs[i][ki] @ self.embs[j][kj].T
                out = [float(x) for x in sims.max(axis=1)]
            else:
                ci, cj = self.content[i], self.content[j]
                out = [max((len(ci[a] & cj[b]) / len(ci[a] | cj[b]) for b in kj), default=0.0) for a in ki]
            self._best[(i, j)] = out
        return self._best[(i, j)]

    def supports(self, i: int, j: int) -> tuple[bool, str]:
        """Whether the content of i is found in j at all (for citation and
        agency edges), with the figure."""
        best = self.best(i, j)
        if not best:
            return False, "no sentence to compare"
        floor = self.rules.support_similarity.get(self.kind, 1.0)
        hit = sum(1 for x in best if x >= floor)
        ok = hit / len(best) >= self.rules.support_share
        return ok, f"{hit} of {len(best)} sentences of {_short(self.arts[i])} match {_short(self.arts[j])}"

    def cited(self, i: int, j: int, sentence: int, window: int) -> tuple[bool, str]:
        """Whether what i attributes to its source, the citing sentence or
        the few after it, is found in j (stored-vector cosine, or content-word
        Jaccard, of at least ``support_similarity``)."""
        n = len(self.arts[i].sentences)
        mine = [k for k in range(max(0, sentence), min(n, max(0, sentence) + window)) if self.content[i][k]]
        kj = self.keep[j]
        if sentence < 0 or not mine or not kj:
            return False, "no cited sentence to compare"
        if self.kind != "lexical":
            best = float((self.embs[i][mine] @ self.embs[j][kj].T).max())
        else:
            ci, cj = self.content[i], self.content[j]
            best = max(len(ci[a] & cj[b]) / len(ci[a] | cj[b]) for a in mine for b in kj if ci[a] | cj[b])
        floor = self.rules.support_similarity.get(self.kind, 1.0)
        return best >= floor, f"what it cites (sentences {mine[0]}-{mine[-1]}) is found in {_short(self.arts[j])} ({best:.2f})"

    def confirmed(self, i: int, j: int, sentence: int, window: int) -> tuple[bool, str]:
        """Whether what i attributes to its source (the citing sentence and
        the few after it) is said again in j, by the transformer: a
        sentence of j with a cosine of at least ``cited_precise`` with one
        of them.  The stored vectors place any two reports of one topic
        close together; a retelling restates the source's sentence."""
        n = len(self.arts[i].sentences)
        mine = [k for k in range(max(0, sentence), min(n, max(0, sentence) + window)) if self.content[i][k]]
        if sentence < 0 or not mine or not self.arts[j].sentences:
            return False, "no cited sentence to compare"
        vi, vj = self._vectors(i), self._vectors(j)
        if vi is None or vj is None:
            return False, "no transformer to confirm the cited content"
        sims = vi[mine] @ vj.T
        a, b = divmod(int(sims.argmax()), sims.shape[1])
        best = float(sims[a, b])
        return best >= self.rules.cited_precise, (
            f"sentence {mine[a]} restates sentence {b} of {_short(self.arts[j])} "
            f"(transformer cosine {best:.2f}, at least {self.rules.cited_precise} needed)")

    def _vectors(self, i: int):
        aid = self.arts[i].article.id
        if i not in self._precise and self._cache is not None and aid in self._cache:
            self._precise[i] = self._cache[aid]
        if i not in self._precise:
            try:
                from ..analyze.embed import encode_precise

                # The first article the transformer is needed for brings the
                # sentences of every article of the story not yet encoded
                # into one call, in small batches: sentence-transformers
                # sorts a call's texts by length and pads each batch to its
                # longest, where one article's batch was padded to its
                # longest sentence (ECB+ stories: 1.26 padded tokens a token
                # against 2.03, a third less transformer time).  Alignment
                # encodes the story's claims, mostly these sentences, next.
                todo = [k for k in range(len(self.arts)) if k == i or k not in self._precise
                        and not (self._cache is not None and self.arts[k].article.id in self._cache)]
                texts = [[s.text.strip() for s in self.arts[k].sentences] for k in todo]
                encode_precise([t for ts in texts for t in ts], batch_size=_STORY_BATCH)
                self._precise[i] = encode_precise(texts[todo.index(i)])
            except (ImportError, OSError, RuntimeError, ValueError):  # no model: no confirmation, no edge
                self._precise[i] = None
            if self._cache is not None:
                self._cache[aid] = self._precise[i]
        return self._precise[i]

    def matches(self, i: int, j: int) -> list[tuple[int, int, float]] | None:
        """Sentences of i with a close counterpart in j, one to one, as
        (sentence of i, sentence of j, transformer cosine); None when the
        stored vectors already rule the pair out."""
        if (i, j) in self._matches:
            return self._matches[(i, j)]
        rules = self.rules
        ki, kj = self.keep[i], self.keep[j]
        out = None
        best = self.best(i, j)
        floor = rules.candidate.get(self.kind, 1.0)
        cand = sum(1 for x in best if x >= floor)
        if ki and cand >= rules.min_sentences and cand / len(ki) >= rules.coverage:
            vi, vj = self._vectors(i), self._vectors(j)
            if vi is not None and vj is not None:
                sims = vi[ki] @ vj[kj].T
                pairs = sorted(((float(sims[a, b]), a, b) for a in range(len(ki)) for b in range(len(kj))
                                if sims[a, b] >= rules.precise), reverse=True)
                used_a: set[int] = set()
                used_b: set[int] = set()
                out = []
                for sim, a, b in pairs:
                    if a in used_a or b in used_b:
                        continue
                    used_a.add(a)
                    used_b.add(b)
                    out.append((ki[a], kj[b], sim))
                out.sort()
        self._matches[(i, j)] = out
        return out

    def reuses(self, i: int, j: int) -> bool:
        """Most of i's sentences have a close counterpart in j."""
        m = self.matches(i, j)
        n = len(self.keep[i])
        return bool(m) and n > 0 and len(m) >= self.rules.min_sentences and len(m) / n >= self.rules.coverage

    def note(self, i: int, j: int, *, containment_min: float = 0.0) -> str:
        """The reuse evidence of i against j, as much as there is (the
        sentences found word for word when the share is under
        ``containment_min``: then they are what makes it a copy)."""
        parts = []
        share, shared = self.containment(i, j)
        if shared:
            parts.append(f"{share:.0%} of its 5-word shingles outside quotes ({shared}) appear in {_short(self.arts[j])}")
            same = self.wire_copy(i, j) if share < containment_min else []
            if same:
                parts.append(f"{len(same)} of its {len(self.keep[i])} sentences are found word for word there: "
                             + ", ".join(f"s{k}" for k in same[:12]) + (", ..." if len(same) > 12 else ""))
        m = self._matches.get((i, j))
        if m:
            pairs = ", ".join(f"s{a}~s{b} ({c:.2f})" for a, b, c in m[:12])
            more = f", and {len(m) - 12} more" if len(m) > 12 else ""
            parts.append(f"{len(m)} of {len(self.keep[i])} sentences have a close counterpart in "
                         f"{_short(self.arts[j])} (transformer cosine >= {self.rules.precise}): {pairs}{more}")
        return "; ".join(parts)


# ------------------------------------------------------------- derive


def _date(aa: AnalyzedArticle) -> str | None:
    day = publication_day(aa.article.published)
    return day.isoformat() if day else None


def _page(aa: AnalyzedArticle) -> str | None:
    """The article's web page without scheme, "www." and query: two records
    of one page (a re-crawl, an updated version) are one article, and
    neither copied the other."""
    url = (aa.article.url or "").strip()
    m = re.match(r"^(?:[a-z][a-z0-9+.\-]*:)?//(?:www\.)?([^?#]+)", url, re.IGNORECASE)
    return m[1].rstrip("/").casefold() if m else None


def _is_wire(aa: AnalyzedArticle, rules: _Rules) -> bool:
    """The article is a wire agency's own copy: its outlet (its own
    identification) is an agency."""
    outlet = article_outlet(aa)
    return bool(outlet) and outlet[0] in _agency_canon(rules)


def _days_apart(a: AnalyzedArticle, b: AnalyzedArticle) -> int | None:
    """Days from b's publication date to a's (positive: a is later), None
    when either is unknown."""
    da, db = _date(a), _date(b)
    if not (da and db):
        return None
    try:
        return (dt.date.fromisoformat(da) - dt.date.fromisoformat(db)).days
    except ValueError:
        return None


def _not_after(a: AnalyzedArticle, b: AnalyzedArticle, slack: int = 0) -> bool:
    """a may be b's source: a is not known to be published more than
    ``slack`` days after b (a date without a time zone can be a day off:
    Moscow's 02:03 on the 12th is New York's evening of the 11th)."""
    days = _days_apart(a, b)
    return days is None or days <= slack


def derive(
    analyzed: Sequence[AnalyzedArticle],
    *,
    settings: ReconcileSettings | None = None,
    analyze_settings: AnalyzeSettings | None = None,
    config: Config | None = None,
    similarities: Sequence[Similarity] = (),
    vector_cache: dict[str, Any] | None = None,
) -> list[Derivation]:
    """Derivation edges between the articles of one story (derived -> source),
    at most one per pair, strongest kind first: citation, agency, reuse.

    ``vector_cache``: a dict the caller keeps to share the transformer's
    sentence vectors between calls (article id -> vectors), for callers
    that derive over overlapping sets of articles.

    ``similarities`` (the group stage's article-level scores) is accepted for
    the pipeline's call but not needed: reuse is measured here, sentence by
    sentence, because a whole-article score cannot tell a retelling from an
    independent report of the same event.  ``analyze_settings`` say which
    sentence vectors the analyses carry (analyze.embeddings)."""
    rules = _rules()
    containment_min = stage_settings(ReconcileSettings, settings, config).reuse_containment
    vectors = stage_settings(AnalyzeSettings, analyze_settings, config).embeddings
    arts = list(analyzed)
    n = len(arts)
    if n < 2:
        return []
    names = _names(arts, rules)
    order = {aa.article.id: k for k, aa in enumerate(arts)}
    edges: dict[tuple[int, int], Derivation] = {}
    measures = _Measures(arts, rules, vectors, vector_cache)

    # (a) citation: i names the outlet that article j is, by j's own
    # identification, and i's content is found in j.
    outlets = [article_outlet(aa) for aa in arts]
    cites: dict[tuple[int, int], _Hit] = {}
    for i, aa in enumerate(arts):
        own = outlets[i][0] if outlets[i] else None
        for hit in _citations(aa, names, rules):
            if hit.name == own:
                continue
            for j, other in enumerate(arts):
                if j == i or not outlets[j] or outlets[j][0] != hit.name:
                    continue
                cites.setdefault((i, j), hit)
                if (i, j) in edges or (j, i) in edges or not _not_after(other, aa, rules.date_slack_days):
                    continue
                # the content supports it: the article as a whole, and what
                # it attributes to the outlet, are found in that outlet's article
                ok, support = measures.supports(i, j)
                ok_cited, cited = measures.cited(i, j, hit.sentence, rules.cited_window)
                if not (ok and ok_cited):
                    continue
                ok_said, said = measures.confirmed(i, j, hit.sentence, rules.cited_window)
                if not ok_said:
                    continue
                where = f"sentence {hit.sentence}: '{hit.written}'" if hit.sentence >= 0 else f"'{hit.written}'"
                evidence = (
                    f"{_short(aa)} cites {hit.display or hit.name} ({where}); "
                    f"{_short(other)} is that outlet: {outlets[j][1]}; content: {support}; {cited}; {said}"
                )
                note = measures.note(i, j)
                if note:
                    evidence += f"; text overlap: {note}"
                edges[(i, j)] = Derivation(aa.article.id, other.article.id, "citation", evidence)

    # (a2) the same outlet, absent from the story, as main source of several
    # articles: two retellings of one Guardian report are one source.  The
    # later points to the earliest, as for agencies.
    in_story = {o[0] for o in outlets if o}
    agency_names = set(_agency_canon(rules))
    by_source: dict[str, list[tuple[int, _Hit]]] = {}
    for i, aa in enumerate(arts):
        own = outlets[i][0] if outlets[i] else None
        hits: dict[str, list[_Hit]] = {}
        for hit in _citations(aa, names, rules):
            if hit.name not in (own, *in_story) and hit.name not in agency_names:
                hits.setdefault(hit.name, []).append(hit)
        for name, hs in hits.items():
            lede = [h for h in hs if 0 <= h.sentence < rules.lede_sentences]
            if lede or len({h.sentence for h in hs}) >= rules.main_source_citations:
                by_source.setdefault(name, []).append((i, (lede or hs)[0]))
    for name, members in sorted(by_source.items()):
        if len(members) < 2:
            continue
        members.sort(key=lambda m: (_date(arts[m[0]]) or "9999", m[0]))
        root, root_hit = members[0]
        for i, hit in members[1:]:
            if (i, root) in edges or (root, i) in edges:
                continue
            ok, support = measures.supports(i, root)
            if not ok:
                continue
            # what i takes from the outlet is what the earliest takes from it
            ok_said, said = measures.confirmed(i, root, hit.sentence, rules.cited_window)
            if not ok_said:
                continue
            evidence = (
                f"both retell {hit.display or name}, which is not in the story: {_short(arts[i])} cites it "
                f"(sentence {hit.sentence}: '{hit.written}'), {_short(arts[root])} too "
                f"(sentence {root_hit.sentence}: '{root_hit.written}') and is the earliest; content: {support}; {said}"
            )
            edges[(i, root)] = Derivation(arts[i].article.id, arts[root].article.id, "citation", evidence)

    # (b) shared agency: later -> earliest crediting the same agency
    full = [_agency_credits(aa) for aa in arts]
    credits = [{k: v[0] for k, v in c.items()} for c in full]
    by_agency: dict[str, list[int]] = {}
    for i, c in enumerate(credits):
        for agency in c:
            by_agency.setdefault(agency, []).append(i)
    # the agency both credit most strongly first: a shared dateline credit
    # beats a shared mention
    def strength(agency: str) -> tuple[int, str]:
        return max(list(credits[i]).index(agency) for i in by_agency[agency]), agency

    for agency in sorted(by_agency, key=strength):
        ids = by_agency[agency]
        if len(ids) < 2:
            continue
        # earliest first; on the same day the wire's own copy (no outlet of
        # its own, or the agency as outlet) before a republication
        def wire_first(k: int) -> tuple:
            outlet = arts[k].article.outlet
            republished = bool(outlet) and _canon(outlet, rules) != _canon(agency, rules)
            return _date(arts[k]) or "9999", republished, order[arts[k].article.id]

        ids = sorted(ids, key=wire_first)
        for pos, i in enumerate(ids[1:], 1):
            # A shared credit is one source only for what both say: two AP
            # items on different news (a pooled story: PolNeAR's UPI pieces on
            # a singer, on a debate, on a campaign stop) are not one copy.
            # The stored vectors pass any two items of one campaign, so, as
            # for a citation, the transformer must find i's lede said again.
            # The earliest crediting article that passes both is i's source.
            def agrees(r: int) -> str | None:
                ok, support = measures.supports(i, r)
                if not ok:
                    return None
                ok_said, said = measures.confirmed(i, r, 0, rules.cited_window)
                return f"{support}; {said}" if ok_said else None

            root, support = next(((r, why) for r in ids[:pos] for why in [agrees(r)] if why), (None, ""))
            if root is None or (i, root) in edges or (root, i) in edges:
                continue
            evidence = (
                f"both from {agency}: {_short(arts[i])} {credits[i][agency]}; "
                f"{_short(arts[root])} {credits[root][agency]}, and is the earliest; content: {support}"
            )
            # A mention ("told the Associated Press") is not a wire credit:
            # the mentioning article must restate what the other one says.
            mention = next(((a, b) for a, b in ((i, root), (root, i)) if full[a][agency][1] >= 0), None)
            if full[i][agency][1] >= 0 and full[root][agency][1] >= 0 and any(
                    len(_mention_sentences(arts[k], agency, rules)) < rules.main_source_citations for k in (i, root)):
                # Neither carries the wire's credit, and one names it once:
                # both citing the AP's call of a race is one fact from the AP,
                # not two retellings of its copy.
                continue
            if mention is not None:
                ok_said, said = measures.confirmed(mention[0], mention[1], full[mention[0]][agency][1],
                                                   rules.cited_window)
                if not ok_said:
                    continue
                evidence += f"; {said}"
            edges[(i, root)] = Derivation(arts[i].article.id, arts[root].article.id, "agency", evidence)

    # (c) reuse without credit: verbatim, or most sentences said again
    # (a close paraphrase or a translation)
    for i in range(n):
        for j in range(i + 1, n):
            if (i, j) in edges or (j, i) in edges:
                continue
            if _page(arts[i]) and _page(arts[i]) == _page(arts[j]):
                continue  # one page stored twice: versions of one article, not a copy
            verbatim_f = measures.verbatim(i, j, containment_min)
            verbatim_b = measures.verbatim(j, i, containment_min)
            # 2: most of it is found in the other (word for word or sentence
            # by sentence); 1: a few whole sentences of it are, word for word
            strong_f = 2 if verbatim_f == 2 or measures.reuses(i, j) else verbatim_f
            strong_b = 2 if verbatim_b == 2 or measures.reuses(j, i) else verbatim_b
            if not (strong_f or strong_b):
                continue
            days = _days_apart(arts[i], arts[j])
            if days is not None and abs(days) > rules.date_slack_days:
                derived, source = (i, j) if days > 0 else (j, i)
                why = "the later publication date"
            elif (i, j) in cites and (j, i) not in cites:
                derived, source, why = i, j, "it names the other's outlet"
            elif (j, i) in cites and (i, j) not in cites:
                derived, source, why = j, i, "it names the other's outlet"
            elif days:
                derived, source = (i, j) if days > 0 else (j, i)
                why = "the later publication date"
            elif _is_wire(arts[i], rules) != _is_wire(arts[j], rules):
                # outlets run wire copy; a wire agency does not take a paper's
                derived, source = (j, i) if _is_wire(arts[i], rules) else (i, j)
                why = "the other is the wire agency's own copy (outlets take wire copy, not the reverse)"
            elif strong_f != strong_b:
                # only one text is found in the other (as a whole, word for
                # word or sentence by sentence), or more of one than of the
                # other (as a whole against a few of its sentences): that one
                # is the copy, and its evidence is what the edge shows
                derived, source = (i, j) if strong_f > strong_b else (j, i)
                why = "more of it is found in the other"
            else:
                # the article more contained in the other is the copy
                def share(a: int, b: int) -> tuple[float, float]:
                    m = measures.matches(a, b) or []
                    return (len(m) / len(measures.keep[a]) if measures.keep[a] else 0.0,
                            measures.containment(a, b)[0])
                sf, sb = share(i, j), share(j, i)
                if sf != sb:
                    derived, source = (i, j) if sf > sb else (j, i)
                    why = "more of it is found in the other"
                else:
                    derived, source = j, i
                    why = "nothing tells which came first (same or no date, no citation, equal coverage): input order"
            note = measures.note(derived, source, containment_min=containment_min)
            if not note:
                continue
            # One outlet repeating its own text (a report stored twice without
            # its page, an updated version) is one source, but took nothing
            # "without credit": say what the evidence shows.
            own_d, own_s = outlets[derived], outlets[source]
            said = (f"{_short(arts[derived])} repeats {_short(arts[source])}, both by one outlet "
                    f"({own_d[1]}; {own_s[1]})" if own_d and own_s and own_d[0] == own_s[0]
                    else f"{_short(arts[derived])} reuses {_short(arts[source])} without credit")
            edges[(derived, source)] = Derivation(
                arts[derived].article.id,
                arts[source].article.id,
                "reuse",
                f"{said}: {note}; direction: {why}",
            )

    kinds = {"citation": 0, "agency": 1, "reuse": 2}
    return sorted(edges.values(), key=lambda d: (order[d.derived], order[d.source], kinds[d.kind]))


def _short(aa: AnalyzedArticle) -> str:
    """'article 3078cb6c (The Guardian)': the outlet, else the URL's host,
    else the file name, never a word picked out of a path."""
    a = aa.article
    host = re.sub(r"^www\.", "", re.sub(r"^[a-z]+://", "", a.url or "").split("/")[0]) if a.url else ""
    label = a.outlet or host or (a.path.split("#")[0].rsplit("/", 1)[-1] if a.path else "")
    return f"article {a.id[:8]}" + (f" ({label})" if label else "")


def _display(written: str, canon: str) -> str:
    m = re.search(re.escape(canon), written, re.IGNORECASE)
    return m.group(0) if m else canon.title()


# ------------------------------------------------------- independence


def independent_sources(article_ids: Sequence[str], derivations: Sequence[Derivation]) -> dict[str, str]:
    """Map each article to the root of its derivation family: articles that
    share a root count as one independent source.  Families are joined over
    every edge given (also through articles not in ``article_ids``); the root
    is the family's original (an article not derived from another), the
    first in ``article_ids`` order, then by id, when there are several."""
    sets: UnionFind[str] = UnionFind()
    for d in derivations:
        sets.union(d.derived, d.source)
    for a in article_ids:
        sets.find(a)
    derived = {d.derived for d in derivations}
    rank = {a: k for k, a in enumerate(article_ids)}
    root_of: dict[str, str] = {}
    for members in sets.groups().values():
        originals = [m for m in members if m not in derived] or members
        root = min(originals, key=lambda m: (rank.get(m, len(rank)), m))
        for m in members:
            root_of[m] = root
    return {a: root_of[a] for a in article_ids}
