"""Citations: where an article says its information comes from.

Outlets and agencies are matched by name (lists with aliases in
``data/analyze_sources.toml``) and kept only in a citing context: subject of
a reporting verb ("The Guardian newspaper reported"), after "according to",
as the one told ("told Reuters", "spoke with the Guardian"), in parentheses
("(AFP)") or as a sign-off line ("AFP Agency.").  "The newspaper said" refers
back to the last outlet named.  Unnamed sources and documents come from the
sources of reported speech ("an intelligence official said", "a statement
said").  A citation covers its own sentence, the reported content, and the
following sentences of its paragraph that carry no attribution of their own.

Provenance relies on outlet and agency citations, so they favour precision:
a bare mention of a name is never a citation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..data import load_toml
from ..model import Citation, Quote
from .quotes import Attribution, _paragraphs, _rules as _quote_rules

__all__ = ["extract_citations", "canonical_source", "resolve_quote_sources"]


@dataclass(frozen=True)
class _Sources:
    names: dict[str, tuple[str, str]]  # alias -> (canonical, kind)
    pattern: re.Pattern[str]
    subject_verbs: frozenset[str]
    recipient_verbs: frozenset[str]
    recipient_nouns: frozenset[str]
    prepositions: tuple[tuple[str, ...], ...]
    outlet_anaphors: frozenset[str]
    agency_anaphors: frozenset[str]
    report_anaphors: frozenset[str]
    unnamed: frozenset[str]
    documents: frozenset[str]


@cache
def _sources() -> _Sources:
    raw = load_toml("analyze_sources")
    names: dict[str, tuple[str, str]] = {}
    for kind, section in (("agency", "agencies"), ("outlet", "outlets")):
        for canonical, aliases in raw[section].items():
            for alias in [canonical, *aliases]:
                bare = re.sub(r"^(?:The|the)\s+", "", alias)
                names.setdefault(bare, (canonical, kind))
    alts = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    pattern = re.compile(rf"(?<![\w-])(?:(?:[Tt]he)\s+)?({alts})(?![\w-])")
    cues = raw["cues"]
    return _Sources(
        names=names,
        pattern=pattern,
        subject_verbs=frozenset(cues["subject_verbs"]) | _quote_rules().verbs,
        recipient_verbs=frozenset(cues["recipient_verbs"]),
        recipient_nouns=frozenset(cues["recipient_nouns"]),
        prepositions=tuple(tuple(p) for p in cues["prepositions"]),
        outlet_anaphors=frozenset(raw["anaphors"]["outlet"]),
        agency_anaphors=frozenset(raw["anaphors"]["agency"]),
        report_anaphors=frozenset(raw["anaphors"]["report"]),
        unnamed=frozenset(raw["unnamed"]["nouns"]),
        documents=frozenset(raw["documents"]["nouns"]),
    )


def canonical_source(name: str) -> tuple[str, str] | None:
    """(canonical name, "outlet" | "agency") for a known outlet or agency
    name or alias, with or without "the"; None otherwise."""
    src = _sources()
    m = src.pattern.fullmatch(name.strip())
    return src.names[m.group(1)] if m else None


class _Sents:
    def __init__(self, doc: Any) -> None:
        self.bounds = [(s.start_char, s.end_char) for s in doc.sents]
        self.paras = _paragraphs(doc.text)

    def of(self, start: int, end: int | None = None) -> list[int]:
        end = start + 1 if end is None else end
        return [i for i, (s, e) in enumerate(self.bounds) if s < end and e > start]

    def para(self, sent: int) -> int:
        s = self.bounds[sent][0]
        for pi, (ps, pe) in enumerate(self.paras):
            if ps <= s < pe:
                return pi
        return -1


def _citing_context(doc: Any, start: int, end: int, src: _Sources) -> str | None:
    """How the name at [start, end) is cited, or None when it is only mentioned."""
    text = doc.text
    before = text[max(0, start - 2) : start]
    after = text[end : end + 2]
    if before.endswith("(") and after.startswith(")"):
        # "(AFP)" credits an agency; "(OSDH)" after a long name only abbreviates it.
        return "parenthetical" if src.names[src.pattern.fullmatch(text[start:end]).group(1)][1] == "agency" else None
    # A line that is just the name ("AFP Agency.", "— Reuters").
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    rest = re.sub(r"[\s.,;:/()\-–—|©]|\b(?:[Aa]gency|[Nn]ews|with|and|[Ss]ource)\b", "", text[line_start:start] + text[end:line_end])
    if not rest:
        return "signoff"
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return None
    root = span[-1]  # names are head-final: "The Guardian" -> "Guardian"
    # "The Guardian newspaper reported", "CNN's Wolf Blitzer said": the name
    # modifies the subject.  Not "NBC News moderator Matt Lauer asked" or
    # "the Reuters/Ipsos poll shows": a compound counts only on the words
    # that stand for an outlet.
    head_ok = src.outlet_anaphors | src.agency_anaphors
    while root.head.i != root.i and root.head.i - root.i <= 4 and (
        root.dep_ == "poss" or (root.dep_ in ("compound", "nmod", "amod") and root.head.lemma_.lower() in head_ok)
    ):
        root = root.head
    head = root.head
    if root.dep_ in ("nsubj", "nsubjpass") and head.lemma_.lower() in src.subject_verbs:
        return "subject"
    if root.dep_ in ("dobj", "dative") and head.lemma_.lower() in src.recipient_verbs:
        return "recipient"
    if root.dep_ == "pobj":
        prep = head
        words = [t.lower_ for t in doc[max(0, prep.i - 1) : prep.i + 1]]
        for p in src.prepositions:
            if words[-len(p) :] == list(p):
                return "according"
        gov = prep.head
        if prep.lower_ in ("to", "with") and (
            gov.lemma_.lower() in src.recipient_verbs or gov.lemma_.lower() in src.recipient_nouns
        ):
            return "recipient"
        if prep.lower_ == "by" and gov.lemma_.lower() in src.subject_verbs:
            return "subject"
    return None


def _head_noun(text: str) -> str:
    words = re.findall(r"[A-Za-z]+", text)
    return words[-1].lower() if words else ""


def _np_head(doc: Any, a: Attribution) -> Any | None:
    if a.source_start < 0:
        return None
    span = doc.char_span(a.source_start, a.source_end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def extract_citations(
    doc: Any, attributions: list[Attribution], *, outlet: str | None = None
) -> list[Citation]:
    """Citations in a parsed ``doc``, given its attributions
    (:func:`~newsprism.analyze.quotes.find_attributions`).  ``outlet`` is the
    article's own outlet: an article naming itself is not citing."""
    src = _sources()
    sents = _Sents(doc)
    own = canonical_source(outlet)[0] if outlet and canonical_source(outlet) else (outlet or None)
    found: list[tuple[int, Citation]] = []  # (character offset, citation)
    attr_sents = {}
    for a in attributions:
        if a.cue_start >= 0:
            for s in sents.of(a.cue_start):
                attr_sents.setdefault(s, []).append(a)

    def covered(start: int, end: int, a: Attribution | None) -> list[int]:
        out = set(sents.of(start, end))
        if a is not None:
            out |= set(sents.of(a.content_start, a.content_end))
        if not out:
            return []
        # Reported sentences that follow in the same paragraph with no
        # attribution of their own ("The paper said in the report that ...").
        last = max(out)
        para = sents.para(last)
        j = last + 1
        while j < len(sents.bounds) and sents.para(j) == para and j not in attr_sents:
            out.add(j)
            j += 1
        return sorted(out)

    whole = list(range(len(sents.bounds)))
    named_at: list[tuple[int, str, str]] = []  # (offset, canonical, kind) of every cited name
    for m in src.pattern.finditer(doc.text):
        canonical, kind = src.names[m.group(1)]
        how = _citing_context(doc, m.start(), m.end(), src)
        if how is None or canonical == own:
            continue
        if how == "signoff" or (how == "parenthetical" and m.start() < 200 and "\n" not in doc.text[: m.start()]):
            cover = whole  # a dateline or sign-off vouches for the whole article
        elif how == "parenthetical":
            cover = sents.of(m.start())
        else:
            owner = next((a for a in attributions if a.source_start <= m.start() < max(a.source_end, a.source_start + 1)), None)
            cover = covered(m.start(), m.end(), owner)
        phrase = doc.text[m.start() : m.end()]
        if how == "parenthetical":
            phrase = f"({phrase})"
        found.append((m.start(), Citation(source=canonical, kind=kind, text=phrase, sentences=cover)))
        named_at.append((m.start(), canonical, kind))

    for a in attributions:
        if a.source_start < 0 or not a.source_text:
            continue
        head = _np_head(doc, a)
        noun = head.lemma_.lower() if head is not None else _head_noun(a.source_text)
        if canonical_source(a.source_text) or any(a.source_start <= off < a.source_end for off, _c, _k in named_at):
            continue  # a named outlet or agency: found above
        cite: Citation | None = None
        if head is not None and head.pos_ == "PRON":
            continue
        if noun in src.outlet_anaphors or noun in src.agency_anaphors or noun in src.report_anaphors:
            prior = [(o, c, k) for o, c, k in named_at if o < a.source_start]
            if noun in src.agency_anaphors:
                prior = [p for p in prior if p[2] == "agency"] or prior
            if prior:
                _o, c, k = prior[-1]
                cite = Citation(source=c, kind=k, text=a.source_text)
            elif noun in src.report_anaphors or noun in src.documents:
                cite = Citation(source=a.source_text, kind="document", text=a.source_text)
        elif noun in src.documents:
            cite = Citation(source=a.source_text, kind="document", text=a.source_text)
        elif a.label == "PERSON" and a.speaker:
            cite = Citation(source=a.speaker, kind="person", text=a.source_text)
        elif noun in src.unnamed and a.label not in ("ORG", "GPE", "NORP"):
            cite = Citation(source=a.source_text, kind="unnamed", text=a.source_text)
        if cite is not None:
            cite.sentences = covered(a.source_start, a.source_end, a)
            found.append((a.source_start, cite))

    # "said in a statement", "in a report published on ..."
    for a in attributions:
        if a.cue_start < 0:
            continue
        span = doc.char_span(a.cue_start, a.cue_end, alignment_mode="expand")
        if span is None:
            continue
        for prep in span.root.children:
            if prep.dep_ == "prep" and prep.lower_ == "in":
                for obj in prep.children:
                    if obj.dep_ == "pobj" and obj.lemma_.lower() in src.documents:
                        lo, hi = obj.left_edge.i, obj.right_edge.i + 1
                        phrase = doc[lo:hi].text
                        found.append((doc[lo].idx, Citation(source=phrase, kind="document", text=phrase,
                                                            sentences=covered(doc[lo].idx, doc[hi - 1].idx + 1, a))))
    return _merge(found)


def _merge(found: list[tuple[int, Citation]]) -> list[Citation]:
    """One citation per (source, kind, phrase), sentences united, in text order."""
    found.sort(key=lambda f: f[0])
    by_key: dict[tuple[str, str, str], Citation] = {}
    for _off, c in found:
        key = (c.source, c.kind, c.text)
        if key in by_key:
            by_key[key].sentences = sorted(set(by_key[key].sentences) | set(c.sentences))
        else:
            by_key[key] = Citation(source=c.source, kind=c.kind, text=c.text, sentences=list(c.sentences))
    return list(by_key.values())


def resolve_quote_sources(quotes: list[Quote], citations: list[Citation]) -> None:
    """Name the outlet behind a quote spoken by "the newspaper" or "the
    agency": the speaker becomes the outlet or agency the citation resolved
    that phrase to.  Changes ``quotes`` in place."""
    for c in citations:
        if c.kind not in ("outlet", "agency") or c.text == c.source or canonical_source(c.text):
            continue
        first = min(c.sentences, default=0)
        for q in quotes:
            # the quotes that continue its words carry the phrase as speaker
            if q.speaker_text == c.text and (q.sentence in c.sentences or (q.speaker == c.text and q.sentence >= first)):
                q.speaker = c.source
