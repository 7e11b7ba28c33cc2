"""Verdicts: corroborated, conflicting or single-source.

A claim is conflicting when one of its sentences takes a side in a
conflict (the sentences of an aligned group that take none are a claim of
their own); else corroborated when its reports come from at least two
independent sources (derivation roots from provenance); else single-source.

The conflicts themselves are found in :mod:`newsprism.reconcile.conflicts`
(``find_conflicts`` is importable from here as before).
"""

from __future__ import annotations

import dataclasses
import logging
import re
from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any

from ..config import Config, ReconcileSettings, stage_settings
from ..model import Claim, Conflict, Report
from ..unionfind import UnionFind
from .align import AlignedPair, sketch
from .claims import ClaimUnit, load_data, stated_text, stated_tokens
from .wordstem import stem
from .conflicts import find_conflicts
from .conflicts.ids import stable_id


__all__ = ["build_claims", "claim_id", "figure_units", "find_conflicts", "stable_id", "states_most_of"]

log = logging.getLogger(__name__)


def claim_id(group: Sequence[ClaimUnit]) -> str:
    return stable_id("claim", sorted([u.article, u.sentence, u.text] for u in group))


def figure_units(
    analyzed: Sequence[Any],
    units: Sequence[ClaimUnit],
    *,
    settings: ReconcileSettings | None = None,
    config: Config | None = None,
    mention_entity: Mapping[tuple[str, int], str] | None = None,
    entity_names: Mapping[str, str] | None = None,
) -> list[ClaimUnit]:
    """Claim units for the sentences with a figure that are too short to be
    claims ("There was a collision and two deaths."): a figure is still a
    figure, and may take a side in a conflict.  They align with nothing."""
    from .claims import extract_claims

    settings = stage_settings(ReconcileSettings, settings, config)
    # A short statement (ClaimUnit.short) takes no side itself: its sentence
    # still may, as here.
    have = {u.key for u in units if not u.short}
    short = []
    for a in analyzed:
        counted = {q.sentence for q in a.quantities if q.value is not None and q.counted}
        keep = {s.index for s in a.sentences if s.index in counted and (a.article.id, s.index) not in have}
        if keep:
            # The other sentences emptied, so that only these are parsed.
            sentences = [s if s.index in keep else dataclasses.replace(s, text="") for s in a.sentences]
            short.append(dataclasses.replace(a, sentences=sentences))
    if not short:
        return []
    extra = extract_claims(short, settings=dataclasses.replace(settings, claim_min_words=1),
                           mention_entity=mention_entity, entity_names=entity_names)
    for n, u in enumerate(extra):
        u.order = len(units) + n
    return extra


def _values(u: ClaimUnit) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for q in u.slots.get("how_many", []):
        out.append({"slot": "how_many", "value": q.get("text"), "number": q.get("value"), "low": q.get("low"),
                    "high": q.get("high"), "counted": q.get("counted"), "article": u.article, "sentence": u.sentence})
    for w in u.slots.get("when", []):
        out.append({"slot": "when", "value": w.get("value"), "text": w.get("text"), "precision": w.get("precision"),
                    "event": w.get("event"), "article": u.article, "sentence": u.sentence})
    for c in u.slots.get("compared_to", []):
        out.append({"slot": "size", "value": c.get("object"), "text": c.get("text"), "article": u.article,
                    "sentence": u.sentence})
    return out


def _independent(members: Sequence[int], units: Sequence[ClaimUnit], roots: Mapping[str, str],
                 evidence: Mapping[tuple[int, int], AlignedPair], threshold: float) -> int:
    """Independent sources of a claim group: the most source roots joined by
    alignments at or above ``threshold`` (reports of one root always join:
    they count once anyway)."""
    root = {i: roots.get(units[i].article, units[i].article) for i in members}
    joined = UnionFind(members)
    for x, i in enumerate(members):
        for j in members[x + 1:]:
            p = evidence.get((min(i, j), max(i, j)))
            if root[i] == root[j] or (p is not None and p.score >= threshold):
                joined.union(i, j)
    return max((len({root[i] for i in group}) for group in joined.groups().values()), default=0)


def _unread_figures(p: AlignedPair | None, threshold: float) -> bool:
    """Whether an aligned pair is one the classifier alone aligned because
    its figures differ (no cross-encoder read it: align's ``[cross]
    same_figures``) and under the corroboration bar: it groups the two
    reports as one statement, but nothing read them as the same."""
    if p is None or not p.evidence.get("figures_differ") or p.score >= threshold:
        return False
    return not any(p.evidence.get(k) for k in ("near_copy", "same_count", "same_content", "retelling"))


def _predicate(u: ClaimUnit) -> str:
    """The lemma of a claim's main predicate (the parse's, slot "what"), ""
    when it has none."""
    what = (u.slots or {}).get("what") or {}
    return str(what.get("predicate") or "").lower()


def _lemmas(u: ClaimUnit) -> frozenset[str]:
    """The lemmas of a claim's content words (its span of the parse); the
    crude stems of its words when it has no parse ("died" and "die" meet as
    lemmas, not as stems)."""
    doc = getattr(u, "doc", None)
    if doc is None:
        return sketch(u.text).words
    lo, hi = u.span if u.span is not None else (0, len(u.sentence_text or u.text))
    return frozenset(t.lemma_.lower() for t in doc
                     if lo <= t.idx and t.idx + len(t) <= hi and t.is_alpha and not t.is_stop)


def _one_statement(a: ClaimUnit, b: ClaimUnit) -> bool:
    """Whether two reports show that they state one event or state beyond
    what a classifier reads: the main predicate of one is a word of the
    other ("Felt died Thursday" / "Felt ... became the most famous anonymous
    source ..., died yesterday"; "Cheeks was fired" / "Cheeks became the
    fifth coach to be fired"), or they give one count ("about 150 nautical
    miles off Aden" / "150 nautical miles (277km) from Aden")."""
    pa, pb = _predicate(a), _predicate(b)
    if (pa and pa in _lemmas(b)) or (pb and pb in _lemmas(a)):
        return True
    sa, sb = sketch(a.text), sketch(b.text)
    return any(x[0] == y[0] and x[0] not in ("label", "ordinal") and x[1] <= y[2] and y[1] <= x[2] for x in sa.figures for y in sb.figures)


def _unread_parts(members: Sequence[int], units: Sequence[ClaimUnit], roots: Mapping[str, str],
                  evidence: Mapping[tuple[int, int], AlignedPair], threshold: float) -> list[list[int]] | None:
    """The parts a corroborated group splits into when a source family's
    reports are joined to the others only by pairs :func:`_unread_figures`
    between reports that do not show one statement (:func:`_one_statement`)
    (ECB+ train, topic 9: "more than 1,300 scientists ... called on the
    departments to overturn the rule changes" rode, classifier 0.72, into
    "the regulatory changes have undermined the Act", corroborated by two
    other sources), else None.  A family stays when one of its reports has
    any other pair into the claim (read, a near-copy, a same count, figures
    that agree, or such a pair that shows one statement); the parts are
    judged again, each on its own pairs."""
    root = {i: roots.get(units[i].article, units[i].article) for i in members}
    joined = UnionFind(members)
    for x, i in enumerate(members):
        for j in members[x + 1:]:
            if root[i] == root[j] or not _unread_figures(evidence.get((min(i, j), max(i, j))), threshold) \
                    or _one_statement(units[i], units[j]):
                joined.union(i, j)
    parts = [sorted(g, key=lambda k: units[k].order) for g in joined.groups().values()]
    if len(parts) < 2:
        return None
    return sorted(parts, key=lambda m: units[m[0]].order)


@dataclasses.dataclass(frozen=True)
class _Stated:
    """What a claim unit states, for comparing what two reports share."""

    exact: frozenset[str]  # word stems, name stems and figures: each matched as itself
    figures: frozenset[str]  # the figures alone
    words: Mapping[str, str]  # stem -> the word as written, of the words a paraphrase may match


def _items(u: ClaimUnit) -> _Stated:
    """What a claim unit states, for comparing what two reports share: its
    content words, names and figures (a name or a figure only one report
    gives is something only that report states: "charged with DWI,
    manslaughter and ..." / "charged with manslaughter and ...").  A word
    may be matched by a paraphrase only when it is written in lower case
    (a capitalised first word is a name to a reader: "Australian" is never
    "British") and is not one of a closed set of values ([shown] exact_words:
    "fifth" is never "second", "north" never "south")."""
    return _stated(stated_text(u) if getattr(u, "doc", None) is not None else u.text)


def _stated(text: str) -> _Stated:
    """:func:`_items` of a text (space-separated words, or a sentence)."""
    s = sketch(text)
    forms = dict(s.forms)
    fixed = _exact_words()
    lower = set(re.findall(r"\b[a-z][a-z'-]*\b", text))
    words = {w: forms.get(w, w) for w in s.words if forms.get(w, w) in lower and forms.get(w, w) not in fixed}
    months = _months()
    return _Stated(s.words | {months.get(n) or stem(n) for n in s.names} | s.numbers, s.numbers, words)


@cache
def _months() -> Mapping[str, str]:
    """A month's name or abbreviation -> one name of it ([shown] month_names)."""
    if not load_data("claims_align").get("shown", {}).get("month_names", False):
        return {}
    return {w: f"month {n}" for w, n in load_data("dates_rules").get("words", {}).get("months", {}).items()}


def _heard(u: ClaimUnit) -> _Stated:
    """What a report is compared against when another report's coverage is
    measured: every word of it, its attribution too ([shown]
    attribution_heard: "The Biden administration on Friday announced that
    it will extend ..." names the administration another report gives as
    the one extending); else what it states (:func:`_items`)."""
    if not load_data("claims_align").get("shown", {}).get("attribution_heard", False):
        return _items(u)
    doc = getattr(u, "doc", None)
    if doc is None:
        return _items(u)
    lo, hi = u.span if u.span is not None else (0, len(u.source_text))
    carried = getattr(u, "carried", None) or (hi, hi)
    return _stated(" ".join(t.text for t in doc if lo <= t.idx and t.idx + len(t) <= hi
                            or carried[0] <= t.idx and t.idx + len(t) <= carried[1]))


@cache
def _exact_words() -> frozenset[str]:
    return frozenset(w.lower() for w in load_data("claims_align").get("shown", {}).get("exact_words", []))


def _word_vectors(items: Sequence[_Stated]) -> Mapping[str, Any] | None:
    """The transformer's vector of each content word of a group (a word
    encoded alone: what it means out of context, so that "died" meets
    "death" and "sacked" meets "fired"); None without the model (then only
    the same words count)."""
    words = sorted({w for it in items for w in it.words.values()})
    if not words:
        return {}
    try:
        from ..analyze.embed import encode_precise

        return dict(zip(words, encode_precise(words)))
    except Exception as exc:  # noqa: BLE001 - without the model, only the same words count (says less)
        from ..errors import E

        log.warning(E.E088.format(reason=exc))
        return None


def _shown_data() -> Mapping[str, float]:
    return {k: float(v) for k, v in load_data("claims_align").get("shown", {}).items() if not isinstance(v, list)}


def _covered(mine: _Stated, theirs: _Stated, vectors: Mapping[str, Any] | None, similarity: float) -> float:
    """The share of what ``mine`` states that ``theirs`` states too: each
    word, name and figure found as itself; then each content word left
    paired one to one, most similar first, with a word the other report has
    left whose meaning is at least ``similarity`` close (a paraphrase:
    "fired" / "sacked").  A name or a figure counts only as itself: the
    same value or nothing; and a report giving a figure the other does not
    is not matched by paraphrase at all.  One to one, so that a clause only
    one report adds cannot borrow the words of the other's own addition
    many times."""
    if not mine.exact:
        return 0.0
    same = mine.exact & theirs.exact
    if mine.figures - theirs.figures:
        # A figure the other report does not give: what this one states is
        # more than the other's, however the rest is worded.
        return len(same) / len(mine.exact)
    # Words of one set of [shown] paraphrases first ("review" / "investigation").
    table = _paraphrases()
    told: set[str] = set()
    told_by: set[str] = set()
    for w in mine.words:
        if w in same or w not in table:
            continue
        match = next((x for x in theirs.words if x not in same and x not in told_by and table.get(x) == table[w]),
                     None)
        if match is not None:
            told.add(w)
            told_by.add(match)
    if told and (len(same) + len(told)) / len(mine.exact) < _shown_data().get("paraphrase_min_coverage", 0.0):
        # Worded otherwise and adding words of its own besides: what it
        # states is not shown to be the other's ([shown] paraphrase_min_coverage).
        told, told_by = set(), set()
    if not vectors:
        return (len(same) + len(told)) / len(mine.exact)
    left = [mine.words[w] for w in mine.words if w not in same and w not in told and mine.words[w] in vectors]
    other = [theirs.words[w] for w in theirs.words if w not in same and w not in told_by and theirs.words[w] in vectors]
    candidates = sorted(((float(vectors[a] @ vectors[b]), a, b) for a in left for b in other), reverse=True)
    used_a: set[str] = set()
    used_b: set[str] = set()
    for sim, a, b in candidates:
        if sim < similarity:
            break
        if a not in used_a and b not in used_b:
            used_a.add(a)
            used_b.add(b)
    return (len(same) + len(told) + len(used_a)) / len(mine.exact)


@cache
def _paraphrases() -> Mapping[str, int]:
    """A word's stem -> its set of [shown] paraphrases (words a reader takes
    for one another: "review" / "investigation")."""
    sets = load_data("claims_align").get("shown", {}).get("paraphrases", [])
    return {stem(w.lower()): n for n, words in enumerate(sets) for w in words}


def shown_coverage(group: Sequence[ClaimUnit], roots: Mapping[str, str]) -> tuple[ClaimUnit, float]:
    """The report a corroborated claim is shown as, and how much of what it
    states another source family states too (the share of its words, names
    and figures found, or paraphrased, in the closest report of another
    family).  The shown report is the one another family covers most fully;
    on a tie the one that says least, then the first in story order.  The
    first report often says more than the others confirm ("... declared
    winner in June over Lind, who contested the count at once" / "... was
    declared winner in June over Lind"): shown as is, the brief would call
    the extra clause corroborated."""
    shown, coverage, _ = _shown(group, roots)
    return shown, coverage


def _shown(group: Sequence[ClaimUnit], roots: Mapping[str, str], *,
           barred: frozenset[int] = frozenset()) -> tuple[ClaimUnit, float, list[float]]:
    """:func:`shown_coverage`, with every report's coverage (what
    :func:`_parted` reads: the word vectors are encoded once a group).  The
    reports at ``barred`` (positions in ``group``) are shown only when every
    report is barred."""
    items = [_items(u) for u in group]
    scores = _coverages(group, roots, items)
    best = max(range(len(group)), key=lambda k: (k not in barred, scores[k], -len(items[k].exact), -k))
    return group[best], scores[best], scores


def _coverages(group: Sequence[ClaimUnit], roots: Mapping[str, str],
               items: Sequence[_Stated] | None = None) -> list[float]:
    """For each report of a group, the share of what it states that the
    closest report of another source family states too."""
    items = items if items is not None else [_items(u) for u in group]
    heard = [_heard(u) for u in group]
    family = [roots.get(u.article, u.article) for u in group]
    similarity = _shown_data().get("word_similarity", 1.1)
    # Above 1.0 no pair of words is close enough: the model is not loaded.
    vectors = _word_vectors([*items, *heard]) if len(set(family)) > 1 and similarity <= 1.0 else None

    def covered(k: int) -> float:
        return max((_covered(items[k], heard[x], vectors, similarity) for x in range(len(group))
                    if family[x] != family[k]), default=0.0)

    return [covered(k) for k in range(len(group))]


def states_most_of(text: str, other: str) -> bool:
    """Whether ``other`` states what ``text`` states, as a corroborated
    claim's shown text must be stated by another family: at least [shown]
    min_coverage of its words, names and figures, each matched as itself
    (no word vectors: a plain text has no parse to pair paraphrases by), and
    every figure of ``text`` among them.  For the brief, which reads a
    claim stated inside a longer one on that one's line only when the
    longer line says it (present/facts.py parts_shown_whole)."""
    mine, theirs = _stated(text), _stated(other)
    return not mine.figures - theirs.figures \
        and _covered(mine, theirs, None, 1.1) >= _shown_data().get("min_coverage", 0.0)


@cache
def _passing_rules() -> tuple[frozenset[str], frozenset[str], frozenset[str], frozenset[str]]:
    data = load_data("claims_align").get("shown", {})
    return (frozenset(data.get("passing_deps", [])), frozenset(data.get("passing_open", [])),
            frozenset(data.get("passing_close", [])), frozenset(data.get("passing_kept_pos", [])))


def passing_core(u: ClaimUnit) -> tuple[str, str] | None:
    """What a unit states without what it says in passing about a name, or
    None when it says nothing in passing: (its words, space-separated, for
    comparing; its text as shown, each cut run an ellipsis).  In passing
    are the appositions and relative clauses set off by a comma or a
    bracket ([shown] passing_deps: "Thomas Barrack, who led the inaugural
    fund, was arrested" -> "Thomas Barrack … was arrested"); an apposition
    that is a name ("the company, Merck,") is what the sentence says
    (passing_kept_pos).  Each is a fact of its own, which two reports of
    one event rarely give alike: compared whole, the sentences share too
    little to show either as what both state."""
    toks = stated_tokens(u)
    if toks is None:
        return None
    deps, opens, closes, kept_pos = _passing_rules()
    doc = u.doc
    own = {t.i for t in toks}
    cut: set[int] = set()
    for t in toks:
        left = t.left_edge.i
        # The comma before the run, past white space the scraper left (a
        # non-breaking space after the comma is a token of its own).
        before = left - 1
        while before > 0 and doc[before].is_space:
            before -= 1
        if t.dep_ not in deps or t.pos_ in kept_pos or t.i in cut or left == 0 or doc[before].text not in opens:
            continue
        run = {x.i for x in t.subtree}
        if not run <= own:
            continue
        cut |= run | set(range(before, left))
        after = t.right_edge.i + 1
        while after in own and doc[after].is_space and after + 1 in own:
            after += 1
        if after in own and doc[after].text in closes:
            cut |= set(range(t.right_edge.i + 1, after + 1))
    kept = [t for t in toks if t.i not in cut]
    if not cut or not any(t.is_alpha and not t.is_stop for t in kept):
        return None
    lo, hi = u.span if u.span is not None else (0, len(u.source_text))
    pieces: list[str] = []
    whole = [t for t in doc if lo <= t.idx and t.idx + len(t) <= hi]
    for n, t in enumerate(whole):
        if t.i not in cut:
            pieces.append(t.text_with_ws)
        elif n == 0 or whole[n - 1].i not in cut:
            # One ellipsis a run; none before the closing punctuation.
            if any(not (x.is_punct or x.is_space) for x in whole[n:] if x.i not in cut):
                pieces[-1:] = [pieces[-1].rstrip() + " … "] if pieces else ["… "]
            elif pieces:
                pieces[-1] = pieces[-1].rstrip()
    return " ".join(t.text for t in kept), "".join(pieces).strip()


def _core_shown(group: Sequence[ClaimUnit], roots: Mapping[str, str],
                min_coverage: float) -> tuple[str, float] | None:
    """The text a corroborated group is shown as when a report's sentence
    without what it says in passing (:func:`passing_core`) has at least
    ``min_coverage`` of its words, names and figures in another source
    family's report, with that coverage; else None (the group parts): the
    best covered such report, on a tie the one that says least, then the
    first."""
    cores = [passing_core(u) for u in group]
    if not any(cores):
        return None
    items = [_heard(u) for u in group]
    mine = {k: _stated(core[0]) for k, core in enumerate(cores) if core is not None}
    family = [roots.get(u.article, u.article) for u in group]
    # Words paired by meaning exactly as :func:`_coverages` pairs them.
    similarity = _shown_data().get("word_similarity", 1.1)
    vectors = _word_vectors([*items, *mine.values()]) if similarity <= 1.0 else None
    best: tuple[float, int, int, str] | None = None
    for k, core in enumerate(cores):
        if core is None:
            continue
        covered = max((_covered(mine[k], items[x], vectors, similarity) for x in range(len(group))
                       if family[x] != family[k]), default=0.0)
        key = (covered, -len(mine[k].exact), -k, core[1])
        if best is None or key[:3] > best[:3]:
            best = key
    return (best[3], best[0]) if best is not None and best[0] >= min_coverage else None


def _adding(members: Sequence[int], evidence: Mapping[tuple[int, int], AlignedPair]) -> frozenset[int]:
    """The positions in ``members`` of the reports that a same-figures pair
    aligns though they add a figure the other report does not give (a
    percentage of its two counts: align._same_figures ``extra_in``): shown,
    the claim would call that figure corroborated."""
    at = {i: k for k, i in enumerate(members)}
    out = set()
    for x, i in enumerate(members):
        for j in members[x + 1:]:
            p = evidence.get((min(i, j), max(i, j)))
            count = p.evidence.get("same_count") if p is not None else None
            if count and count.get("extra_in") in (0, 1):
                out.add(at[(p.a, p.b)[int(count["extra_in"])]])
    return frozenset(out)


def _same_written_figure(count: Mapping[str, Any] | None) -> bool:
    """Whether a same-count pair's two figures write one number ("more than
    8,000" / "around 8,000": the values the analyzer read, before hedges),
    not two numbers whose hedged ranges meet ("more than 180" / "at least
    150").  A figure in words only ("dozens" / "sixty") is taken as written
    the same (its number is what the count rule read), and so is evidence
    without the values (an older export)."""
    if not count:
        return False
    values = count.get("values") or []
    figures = [str(f) for f in count.get("figures", [])]
    if len(values) < 2 or any(not any(ch.isdigit() for ch in f) for f in figures):
        return True
    return float(values[0]) == float(values[1])


def _shown_member(group: Sequence[ClaimUnit], roots: Mapping[str, str]) -> ClaimUnit:
    return shown_coverage(group, roots)[0]


def _parted(members: Sequence[int], units: Sequence[ClaimUnit], roots: Mapping[str, str], coverage: float,
            scores: Sequence[float], *, counted: bool, min_coverage: float) -> list[list[int]] | None:
    """The parts a corroborated group splits into when no other family
    states most of what any of its reports says (``coverage`` of the shown
    report below ``min_coverage``), else None.  The reports then share only
    a part, and whichever were shown would call the rest corroborated: the
    family of the report that says most of its own stands apart, and the
    others are judged again without it (a clique still).  Two families
    giving the same count (``counted``) are never parted."""
    if coverage >= min_coverage or counted:
        return None
    group = [units[i] for i in members]
    most = group[min(range(len(group)), key=lambda k: (scores[k], k))].article
    worst = roots.get(most, most)
    apart = [i for i in members if roots.get(units[i].article, units[i].article) == worst]
    parts = [[i for i in members if i not in apart], apart]
    return sorted(parts, key=lambda m: units[m[0]].order)


def _alternative(kept: Sequence[int], apart: Sequence[int], units: Sequence[ClaimUnit],
                 evidence: Mapping[tuple[int, int], AlignedPair], free: frozenset[int], *,
                 floor: float) -> int | None:
    """The report of an article of the family parted on coverage
    (``apart``) that the rest of the group (``kept``) may take instead: a
    report of ``free`` (a claim of its own, on no side of a conflict) that
    aligns with every report of ``kept`` at ``floor`` (the corroboration
    bar) or more, the best aligned first, else None.  Under the bar a pair
    would group the two without confirming one by the other: a weak
    alignment ("189 people killed and 516 injured" / "at least 150 people
    were killed", the classifier's 0.73 with figures that differ) is no
    better a claim for the parted one's place.
    A group holds one report per article, so the best pair of two articles
    takes their group and the article's other reports are never offered
    again ("Noem is deploying troops to Texas" grouped with Noem's tweet
    announcing up to 50 troops, parted, while the tweeting article's lead
    "South Dakota is sending troops to assist Texas" stays alone: AllSides
    tune, session 24).  The new group is judged as any group is, its
    coverage included."""
    articles = {units[i].article for i in apart}
    best: tuple[float, int] | None = None
    for v in sorted(free):
        if units[v].article not in articles or v in apart:
            continue
        scores = [p.score for i in kept if (p := evidence.get((min(i, v), max(i, v)))) is not None
                  and p.score >= floor]
        if len(scores) < len(kept) or not kept:
            continue
        key = (min(scores), -units[v].order)
        if best is None or key > (best[0], -units[best[1]].order):
            best = (key[0], v)
    return best[1] if best is not None else None


def _update_parts(members: Sequence[int], units: Sequence[ClaimUnit], roots: Mapping[str, str],
                  conflicts_by_unit: Mapping[int, Sequence[str]],
                  updates: Mapping[str, Conflict]) -> list[list[int]] | None:
    """The parts a group splits into when its reports take different sides
    of one update ("killing at least 23" / "has risen to 31"), else None:
    the earlier figure and the later one are two statements, not one
    restated.  A report on no side of it goes with a sided report of its
    source family, else with the first part."""
    for i in members:
        for cid in conflicts_by_unit.get(i, ()):
            conflict = updates.get(cid)
            if conflict is None:
                continue
            side_of = {(r.article, r.sentence): n for n, side in enumerate(conflict.sides) for r in side.sentences}
            side = {j: side_of[units[j].key] for j in members
                    if cid in conflicts_by_unit.get(j, ()) and units[j].key in side_of}
            if len(set(side.values())) < 2:
                continue
            family_side = {roots.get(units[j].article, units[j].article): n for j, n in side.items()}
            first = side[min(side, key=lambda j: units[j].order)]
            parts: dict[int, list[int]] = {}
            for j in members:
                n = side.get(j, family_side.get(roots.get(units[j].article, units[j].article), first))
                parts.setdefault(n, []).append(j)
            return sorted(parts.values(), key=lambda m: units[m[0]].order)
    return None


def build_claims(
    units: Sequence[ClaimUnit],
    groups: Sequence[Sequence[int]],
    conflicts_by_unit: Mapping[int, Sequence[str]],
    roots: Mapping[str, str],
    *,
    pairs: Sequence[AlignedPair] = (),
    corroborate_threshold: float | None = None,
    conflicts: Sequence[Conflict] = (),
) -> tuple[list[Claim], dict[int, str]]:
    """One Claim per aligned group, in story order, and unit index -> claim id.

    ``roots`` maps article ids to their independent-source root (provenance):
    a claim is corroborated only when its reports come from two or more
    roots; copies and retellings of one report count once.  ``pairs`` (from
    align.score_pairs) give each claim the evidence of its aligned pairs.
    When they are given, independent sources count only across pairs whose
    score reaches ``corroborate_threshold`` (default: setting
    reconcile.corroborate_threshold): a weaker alignment groups the reports
    but does not confirm one source by another.  ``conflicts`` (those of
    ``conflicts_by_unit``): the reports on different sides of one update (a
    toll that rose) are different statements, claims of their own."""
    if pairs and corroborate_threshold is None:
        corroborate_threshold = stage_settings(ReconcileSettings).corroborate_threshold
    claims: list[Claim] = []
    claim_of: dict[int, str] = {}
    evidence: dict[tuple[int, int], AlignedPair] = {}
    for p in pairs:
        evidence[(min(p.a, p.b), max(p.a, p.b))] = p
    min_coverage = _shown_data().get("min_coverage", 0.0)
    updates = {k.id: k for k in conflicts if k.kind == "update"}
    todo = [list(m) for m in groups]
    # A group parted on coverage offers the rest of it another report of the
    # parted article ([shown] regroup_parted; _alternative), each offer once.
    regroup = bool(_shown_data().get("regroup_parted", 0.0)) and bool(evidence)
    offered: set[tuple[frozenset[int], int]] = set()
    single: dict[int, str] = {}  # unit -> the id of the claim it alone makes

    def _regrouped(parts: list[list[int]], worst: int) -> list[list[int]]:
        apart = next(m for m in parts if worst in m)
        kept = [i for m in parts if m is not apart for i in m]
        free = frozenset([*(m[0] for m in todo if len(m) == 1), *single]) - set(conflicts_by_unit)
        v = _alternative(kept, apart, units, evidence, frozenset(k for k in free if (frozenset(kept), k) not in offered),
                         floor=float(corroborate_threshold or 0.0))
        if v is None:
            return parts
        offered.add((frozenset(kept), v))
        if v in single:
            cid = single.pop(v)
            claims[:] = [c for c in claims if c.id != cid]
            del claim_of[v]
        else:
            todo.remove([v])
        return sorted([sorted([*kept, v], key=lambda k: units[k].order), apart], key=lambda m: units[m[0]].order)
    while todo:
        members = todo.pop(0)
        # A claim's verdict describes its own reports: the reports that take
        # a side in a conflict are the conflicting claim; a report aligned
        # with them that takes no side ("a few hundred jihadists" beside
        # "about 400", in conflict with "500") is a claim of its own.  A
        # report of the same source family as a sided one stays: it is that
        # source's statement retold (a retelling that drops the date).
        sided = [i for i in members if conflicts_by_unit.get(i)]
        sided_roots = {roots.get(units[i].article, units[i].article) for i in sided}
        unsided = [i for i in members if not conflicts_by_unit.get(i)
                   and roots.get(units[i].article, units[i].article) not in sided_roots]
        if sided and unsided:
            kept = [i for i in members if i not in unsided]
            todo[:0] = sorted([kept, unsided], key=lambda m: units[m[0]].order)
            continue
        parts = _update_parts(members, units, roots, conflicts_by_unit, updates)
        if parts:
            todo[:0] = parts
            continue
        group = [units[i] for i in members]
        cid = claim_id(group)
        reports: list[Report] = []
        for u in group:
            rep = Report(u.article, u.sentence, u.text, span=list(u.span) if u.span else None)
            if rep not in reports:
                reports.append(rep)
        articles = sorted({u.article for u in group})
        if pairs:
            independent = _independent(members, units, roots, evidence, float(corroborate_threshold or 0.0))
        else:
            independent = len({roots.get(a, a) for a in articles})
        if any(conflicts_by_unit.get(i) for i in members):
            verdict = "conflicting"
        elif independent >= 2:
            verdict = "corroborated"
        else:
            verdict = "single-source"
        if verdict == "corroborated" and pairs:
            parts = _unread_parts(members, units, roots, evidence, float(corroborate_threshold or 0.0))
            if parts:
                todo[:0] = parts
                continue
        shown, text = group[0], None
        if verdict == "corroborated":
            shown, coverage, scores = _shown(group, roots, barred=_adding(members, evidence))
            # Two families that give the same figure for the same people in
            # the same state state one proposition (align.same_count),
            # however differently the rest of their words runs.
            # Only the same figure as written: "more than 180" and "at least
            # 150" overlap as ranges, yet the shown report's 180 is not what
            # the other states.
            counted = any(_same_written_figure(p.evidence.get("same_count"))
                          for x, i in enumerate(members) for j in members[x + 1:]
                          if (p := evidence.get((min(i, j), max(i, j)))) is not None
                          and roots.get(units[i].article, units[i].article)
                          != roots.get(units[j].article, units[j].article))
            parts = _parted(members, units, roots, coverage, scores, counted=counted, min_coverage=min_coverage)
            # What two families share may be the sentence without what one
            # of them adds in passing: shown so, it stays corroborated.
            core = _core_shown(group, roots, min_coverage) if parts else None
            if parts and core is None:
                if regroup:
                    parts = _regrouped(parts, members[min(range(len(group)), key=lambda k: (scores[k], k))])
                todo[:0] = parts
                continue
            text = core[0] if core else None
        values = [v for u in group for v in _values(u)]
        slots = dict(shown.slots)
        slots["articles"] = articles
        alignment = []
        for x, i in enumerate(members):
            for j in members[x + 1:]:
                p = evidence.get((min(i, j), max(i, j)))
                if p is None:
                    continue  # verbatim duplicates in one article travel together unscored
                ua, ub = units[p.a], units[p.b]
                entry = {"a": {"article": ua.article, "sentence": ua.sentence},
                         "b": {"article": ub.article, "sentence": ub.sentence}, **p.evidence}
                # A pair of two source families is two independent reports
                # whether or not the cross-encoder read it (a pair the
                # classifier alone aligned, its figures differing): without
                # the mark the brief would count its outlets as one family.
                if roots.get(ua.article, ua.article) != roots.get(ub.article, ub.article):
                    entry.setdefault("independent", True)
                alignment.append(entry)
        claims.append(Claim(id=cid, text=text or shown.text, verdict=verdict, reports=reports,
                            independent_sources=independent, values=values, slots=slots, alignment=alignment))
        for i in members:
            claim_of[i] = cid
        if len(members) == 1 and verdict == "single-source":
            single[members[0]] = cid
    return claims, claim_of
