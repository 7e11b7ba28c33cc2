"""Which article derives from which: citation, shared agency, text reuse.

Three kinds of edge, each from the derived article to its source, each with
the evidence that made it:

* ``citation``: article B names outlet X as its source (an analyzer
  ``Citation`` of kind outlet, or a pattern such as "according to the
  Guardian"), and article A of the story *is* X: its ``outlet`` field says
  so, or its text presents itself as X's reporting ("a witness who spoke
  with the Guardian").  A is not published after B.  When X's own report
  is not in the story, articles that all take X as their main source (cited
  in the lede, or repeatedly) are joined the same way, later -> earliest.
* ``agency``: both articles credit the same wire agency (``agency`` field,
  a dateline "TOWN (AFP) -" or a closing "AFP Agency." line, a citation of
  the agency; not a photo credit).  Every later article points to the
  earliest one crediting that agency (on the same day, the wire's own copy
  before a republication under another outlet's name), so
  ``Derivation.source`` stays an article id; a lone agency article gets no
  edge (it is one source anyway).
* ``reuse``: B repeats A verbatim (share of B's word shingles found in A) or
  closely paraphrases it (share of B's sentences whose best match in A is
  above a similarity: sentence embeddings when both have them, else content
  word overlap).  The earlier article is the source; when dates are
  missing, the article more covered by the other is the derived one.

:func:`independent_sources` collapses each family of articles joined by
edges onto one root, so that a retelling never counts as a second source.
Patterns and names are data: ``data/provenance_*.toml``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from ..data import load_toml
from ..config import Config, load_config
from ..errors import E, NewsprismError
from ..model import AnalyzedArticle, Derivation, Similarity

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
    min_sentence_words: int
    # vector kind -> (similarity, coverage, margin, typical)
    paraphrase: dict[str, tuple[float, float, float, float]]
    min_paraphrased: int
    min_word_chars: int


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
            suffixes=tuple(src["outlet_suffixes"]),
            agencies={k: tuple(v) for k, v in src["agencies"].items()},
            self_patterns=tuple(pats["self"]),
            cite_patterns=tuple(pats["cite"]),
            credit_patterns=tuple(pats["credit"]),
            credit_any=tuple(re.compile(p, re.MULTILINE) for p in pats["credit_any"]),
            lede_sentences=int(src["main_source"]["lede_sentences"]),
            main_source_citations=int(src["main_source"]["citations"]),
            shingle_words=int(reuse["shingle_words"]),
            min_sentence_words=int(reuse["min_sentence_words"]),
            paraphrase={
                k: (float(v["similarity"]), float(v["coverage"]), float(v["margin"]), float(v["typical"]))
                for k, v in reuse["paraphrase"].items()
            },
            min_paraphrased=int(reuse["min_paraphrased_sentences"]),
            min_word_chars=int(reuse["min_word_chars"]),
        )
    except (KeyError, TypeError, ValueError, re.error) as exc:
        raise NewsprismError(E.E081.format(name="provenance_*.toml", reason=f"missing or bad entry {exc}")) from None


def _canon(name: str, rules: _Rules) -> str:
    """'The Guardian newspaper' -> 'guardian'."""
    s = " ".join(re.sub(r"[^\w\s&-]", " ", name).casefold().split())
    s = re.sub(r"^the\s+", "", s)
    for suffix in sorted(rules.suffixes, key=len, reverse=True):
        if s.endswith(" " + suffix):
            s = s[: -len(suffix) - 1]
            break
    return s


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


def _find(aa: AnalyzedArticle, patterns: list[re.Pattern[str]], rules: _Rules) -> list[_Hit]:
    out = []
    for p in patterns:
        for m in p.finditer(aa.article.text):
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
    """(canonical outlet, evidence) of the article itself: its ``outlet``
    field, else a self-reference in the text ("spoke with the Guardian")
    to an outlet it does not also cite."""
    rules = _rules()
    if aa.article.outlet:
        return _canon(aa.article.outlet, rules), f"outlet field '{aa.article.outlet}'"
    names = list(names) or _names([aa], rules)
    selfs = _find(aa, _compile(rules.self_patterns, names, rules), rules)
    for h in selfs:
        # An article that also names X as its source elsewhere retells X
        # ("X reported...", "according to X"); the analyzer may also mark
        # the self-reference itself as a citation: that one does not count.
        cited = [c for c in _citations(aa, names, rules) if c.name == h.name and c.sentence != h.sentence]
        if not cited:
            who = _display(h.written, h.name)
            return h.name, f"its text presents it as {who}'s report (sentence {h.sentence}: '{h.written}')"
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
    rules = _rules()
    canon = _agency_canon(rules)
    out: dict[str, str] = {}

    def add(name: str, evidence: str) -> None:
        key = canon.get(_canon(name, rules), name.strip())
        if key and key not in out and _canon(key, rules) not in {_canon(k, rules) for k in out}:
            out[key] = evidence

    if aa.article.agency:
        add(aa.article.agency, f"agency field '{aa.article.agency}'")
    agency_names = [v for vs in rules.agencies.values() for v in vs]
    credits = _find(aa, _compile(rules.credit_patterns, agency_names, rules), rules)
    for p in rules.credit_any:
        for m in p.finditer(aa.article.text):
            credits.append(_Hit(_canon(m.group("name"), rules), m.group(0).strip(), _sentence_of(aa, m.start()),
                                "text", m.group("name").strip()))
    for h in sorted(credits, key=lambda h: (h.sentence, h.name)):
        add(h.display or h.name, f"credits {h.display or h.name} (sentence {h.sentence}: '{h.written}')")
    for c in aa.citations:
        if c.kind == "agency" and c.source and _canon(c.source, rules) in canon:
            add(c.source, f"cites {c.source} (sentence {c.sentences[0] if c.sentences else '?'})")
    for h in _find(aa, _compile(rules.self_patterns + rules.cite_patterns, agency_names, rules), rules):
        add(h.display or h.name, f"cites {h.display or h.name} (sentence {h.sentence}: '{h.written}')")
    return out


# ------------------------------------------------------------- reuse


def _words(aa: AnalyzedArticle) -> list[str]:
    return re.findall(r"\w+", aa.article.text.casefold())


def _shingles(words: list[str], n: int) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def _content(aa: AnalyzedArticle, rules: _Rules) -> list[set[str]]:
    out = []
    for s in aa.sentences:
        lem = aa.lemmas[s.index] if s.index < len(aa.lemmas) and aa.lemmas[s.index] else None
        if lem:
            out.append({w.casefold() for w in lem})
        else:
            out.append({w for w in re.findall(r"\w+", s.text.casefold()) if len(w) >= rules.min_word_chars})
    return out


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


def _coverage(cb, ca, eb, ea, rules: _Rules, vectors: str) -> tuple[int, int, str]:
    """(sentences of b paraphrasing a, countable sentences of b, method)."""
    keep_b = [i for i, c in enumerate(cb) if len(c) >= rules.min_sentence_words]
    keep_a = [i for i, c in enumerate(ca) if len(c) >= rules.min_sentence_words]
    if not keep_b or not keep_a:
        return 0, len(keep_b), "none"
    if eb is not None and ea is not None and vectors in rules.paraphrase:
        threshold = rules.paraphrase[vectors][0]
        sims = eb[keep_b] @ ea[keep_a].T
        hit = int((sims.max(axis=1) >= threshold).sum())
        return hit, len(keep_b), "sentence embeddings"
    hit = 0
    for i in keep_b:
        best = 0.0
        for j in keep_a:
            inter = len(cb[i] & ca[j])
            if inter:
                best = max(best, inter / len(cb[i] | ca[j]))
        if best >= rules.paraphrase["lexical"][0]:
            hit += 1
    return hit, len(keep_b), "content-word overlap"


# ------------------------------------------------------------- derive


def _date(aa: AnalyzedArticle) -> str | None:
    p = aa.article.published
    return p[:10] if p and re.match(r"\d{4}-\d{2}-\d{2}", p) else None


def _not_after(a: AnalyzedArticle, b: AnalyzedArticle) -> bool:
    """a may be b's source: a is not known to be published after b."""
    da, db = _date(a), _date(b)
    return not (da and db and da > db)


def derive(
    analyzed: Sequence[AnalyzedArticle],
    *,
    config: Config | None = None,
    similarities: Sequence[Similarity] = (),
) -> list[Derivation]:
    """Derivation edges between the articles of one story (derived -> source),
    at most one per pair, strongest kind first: citation, agency, reuse.

    ``similarities`` (the group stage's article-level scores) is accepted for
    the pipeline's call but not needed: reuse is measured here, sentence by
    sentence, because a whole-article score cannot tell a retelling from an
    independent report of the same event."""
    config = config or load_config()
    rules = _rules()
    containment_min = float(config.get("reconcile", "reuse_containment"))
    vectors = str(config.values.get("analyze.embeddings", "transformer"))
    arts = list(analyzed)
    n = len(arts)
    if n < 2:
        return []
    names = _names(arts, rules)
    order = {aa.article.id: k for k, aa in enumerate(arts)}
    edges: dict[tuple[int, int], Derivation] = {}

    # reuse measures, needed as evidence for every kind
    words = [_words(aa) for aa in arts]
    shingles = [_shingles(w, rules.shingle_words) for w in words]
    content = [_content(aa, rules) for aa in arts]
    embs = [_embeddings(aa) for aa in arts]
    cov: dict[tuple[int, int], tuple[float, int, int, str, float]] = {}
    for i in range(n):
        for j in range(n):
            if i == j:
                continue
            contain = len(shingles[i] & shingles[j]) / len(shingles[i]) if shingles[i] else 0.0
            hit, total, method = _coverage(content[i], content[j], embs[i], embs[j], rules, vectors)
            cov[(i, j)] = (contain, hit, total, method, hit / total if total else 0.0)

    def reuse_note(i: int, j: int) -> str:
        contain, hit, total, method, share = cov[(i, j)]
        parts = []
        if contain >= 0.01:
            parts.append(f"{contain:.0%} of its 5-word shingles appear in {_short(arts[j])}")
        if hit:
            parts.append(f"{hit} of {total} sentences paraphrase {_short(arts[j])} ({method})")
        return "; ".join(parts)

    def paraphrased(i: int, j: int) -> bool:
        """Article i closely paraphrases article j: enough of its sentences
        match j, and clearly more than they match the story's other articles
        (independent reports of one event share much of their wording; a
        retelling shares more with its source than with anyone else)."""
        contain, hit, total, method, share = cov[(i, j)]
        kind = vectors if method == "sentence embeddings" else "lexical"
        p = rules.paraphrase.get(kind)
        if p is None or not total or hit < rules.min_paraphrased or share < p[1]:
            return False
        others = sorted(cov[(i, k)][4] for k in range(n) if k not in (i, j))
        typical = others[len(others) // 2] if others else p[3]
        return share - typical >= p[2]

    # (a) citation
    outlets = [article_outlet(aa, names=names) for aa in arts]
    for i, aa in enumerate(arts):
        own = outlets[i][0] if outlets[i] else None
        for hit in _citations(aa, names, rules):
            if hit.name == own:
                continue
            for j, other in enumerate(arts):
                if j == i or (i, j) in edges or not outlets[j] or outlets[j][0] != hit.name:
                    continue
                if not _not_after(other, aa) or (j, i) in edges:
                    continue
                where = f"sentence {hit.sentence}: '{hit.written}'" if hit.sentence >= 0 else f"'{hit.written}'"
                evidence = (
                    f"{_short(aa)} cites {hit.display or hit.name} ({where}); "
                    f"{_short(other)} is that outlet: {outlets[j][1]}"
                )
                note = reuse_note(i, j)
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
            evidence = (
                f"both retell {hit.display or name}, which is not in the story: {_short(arts[i])} cites it "
                f"(sentence {hit.sentence}: '{hit.written}'), {_short(arts[root])} too "
                f"(sentence {root_hit.sentence}: '{root_hit.written}') and is the earliest"
            )
            edges[(i, root)] = Derivation(arts[i].article.id, arts[root].article.id, "citation", evidence)

    # (b) shared agency: later -> earliest crediting the same agency
    credits = [article_agencies(aa) for aa in arts]
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
        root = ids[0]
        for i in ids[1:]:
            if (i, root) in edges or (root, i) in edges:
                continue
            evidence = (
                f"both from {agency}: {_short(arts[i])} {credits[i][agency]}; "
                f"{_short(arts[root])} {credits[root][agency]}, and is the earliest"
            )
            edges[(i, root)] = Derivation(arts[i].article.id, arts[root].article.id, "agency", evidence)

    # (c) reuse
    for i in range(n):
        for j in range(i + 1, n):
            if any(p in edges for p in ((i, j), (j, i))):
                continue
            fwd, back = cov[(i, j)], cov[(j, i)]
            strong_f = fwd[0] >= containment_min or paraphrased(i, j)
            strong_b = back[0] >= containment_min or paraphrased(j, i)
            if not (strong_f or strong_b):
                continue
            di, dj = _date(arts[i]), _date(arts[j])
            verbatim = fwd[0] >= containment_min or back[0] >= containment_min
            if not verbatim and di and dj and di == dj:
                # a paraphrase alone, published the same day: as likely two
                # reports of one statement as a retelling; no order to go by
                continue
            if di and dj and di != dj:
                derived, source = (i, j) if di > dj else (j, i)
            else:
                # undated: the article more covered by the other is the copy
                score_f = max(fwd[0], fwd[4])
                score_b = max(back[0], back[4])
                if score_f == score_b:
                    derived, source = (j, i)  # later in the input copies earlier
                else:
                    derived, source = (i, j) if score_f > score_b else (j, i)
            note = reuse_note(derived, source)
            if not note:
                continue
            edges[(derived, source)] = Derivation(
                arts[derived].article.id,
                arts[source].article.id,
                "reuse",
                f"{_short(arts[derived])} reuses {_short(arts[source])}: {note}",
            )

    kinds = {"citation": 0, "agency": 1, "reuse": 2}
    return sorted(edges.values(), key=lambda d: (order[d.derived], order[d.source], kinds[d.kind]))


def _short(aa: AnalyzedArticle) -> str:
    a = aa.article
    label = a.outlet or (a.path.rsplit("/", 1)[-1] if a.path else "")
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
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for d in derivations:
        ra, rb = find(d.derived), find(d.source)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    for a in article_ids:
        find(a)
    derived = {d.derived for d in derivations}
    rank = {a: k for k, a in enumerate(article_ids)}
    families: dict[str, list[str]] = {}
    for x in parent:
        families.setdefault(find(x), []).append(x)
    root_of: dict[str, str] = {}
    for members in families.values():
        originals = [m for m in members if m not in derived] or members
        root = min(originals, key=lambda m: (rank.get(m, len(rank)), m))
        for m in members:
            root_of[m] = root
    return {a: root_of[a] for a in article_ids}
