"""Who says a side's value (quote speakers, reporting verbs, cited
sources) and the conflict side built from its sentences."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any

from ...model import ConflictSide, Report
from ..claims import ClaimUnit, _filters, load_data
from .observe import _parse_one

__all__ = ["_own_sources", "_side"]


@cache
def _speaker_particles() -> dict[str, str]:
    """Reporting verbs that report only with their particle (``[speaker]``)."""
    data = load_data("verdicts_comparisons").get("speaker", {})
    return {k.lower(): str(v).lower() for k, v in data.get("particle_verbs", {}).items()}


@cache
def _citing_words() -> frozenset[str]:
    """Words whose "to" names a clause's source ("according to")."""
    return frozenset(w.lower() for w in load_data("verdicts_comparisons").get("speaker", {}).get("citing", []))


def _cited_by(head: Any) -> str:
    """The source a clause cites on its head word ("according to X"), or ""."""
    for c in head.children:
        if c.lower_ not in _citing_words():
            continue
        to = next((t for t in c.children if t.lower_ == "to"), None)
        obj = next((t for t in (to.children if to is not None else ()) if t.dep_ == "pobj"), None)
        if obj is not None:
            return " ".join(t.text for t in obj.subtree)
    return ""


def _is_named(subject: Any) -> bool:
    """Whether a subject phrase holds a proper name ("Tariq al-Obeidi", "the
    Harbour Post"), not only common nouns ("the alliance", "officials")."""
    return any(t.pos_ == "PROPN" for t in subject.subtree)


def _named_reporter_above(verb: Any, reporting: frozenset[str] | set[str]) -> str:
    """The named subject of a reporting verb that ``verb`` hangs under, or ""."""
    for anc in verb.ancestors:
        if anc.lemma_.lower() not in reporting:
            continue
        subj = [c for c in anc.children if c.dep_ == "nsubj"]
        if subj and _is_named(subj[0]):
            return anc.doc[subj[0].left_edge.i:subj[0].right_edge.i + 1].text.strip(" ,;:")
        return ""
    return ""


def _own_sources(u: ClaimUnit, at: int = -1, parses: dict[str, Any] | None = None) -> list[str]:
    """Who says what the unit says at character ``at`` of its sentence: the
    subject of the reporting verb the value hangs on in the parse ("police
    said 12 were hurt, while witnesses said 30": 30 is the witnesses'),
    else the unit's sources that are not written in another clause of the
    sentence (a clause's sources came from the whole sentence)."""
    sources = [w for w in u.slots.get("source", []) if w]
    if at >= 0 and parses is not None:
        doc = _parse_one(u.source_text, parses, u)
        if doc is not None:
            reported = False
            reporting = _filters()[2]
            token = next((t for t in doc if t.idx <= at < t.idx + len(t)), None)
            particles = _speaker_particles()
            for anc in (token.ancestors if token is not None else ()):
                lemma = anc.lemma_.lower()
                if lemma in particles and not any(c.dep_ == "prt" and c.lower_ == particles[lemma]
                                                  for c in anc.children):
                    # "Gray had pointed a .38-caliber revolver": no report
                    # without its particle ("pointed out that ...").
                    continue
                # A reporting verb's subject is who gives the figure, before
                # an "according to" on that verb, which says how the report
                # knows it ("According to the newspaper, Obeidi estimated
                # that about 300 ..." is Obeidi's figure).
                # A passive one's subject is what is reported ("One person is
                # believed to have been arrested"), never who reports it.
                subj = [c for c in anc.children if c.dep_ == "nsubj"] if lemma in reporting else []
                if subj and token in list(subj[0].subtree):
                    reported = True
                    break  # "68 per cent of Greeks said": the figure is the subject
                if subj:
                    said = doc[subj[0].left_edge.i:subj[0].right_edge.i + 1].text.strip(" ,;:")
                    named = _named_reporter_above(anc, reporting) if not _is_named(subj[0]) else ""
                    if named:
                        # "Obeidi said the alliance believed about 300 ...":
                        # the group's belief as the named person reports it;
                        # who says the figure is the person.
                        said = named
                    own = [w for w in sources if w in said or said in w]
                    return own or [said]
                cited = _cited_by(anc)
                if cited:
                    # "According to the ISNA news agency, the quake injured
                    # two people": the clause's own source, not the name of
                    # another sentence.
                    own = [w for w in sources if w in cited or cited in w]
                    return own or [cited]
                if lemma in reporting:
                    if anc.dep_ == "conj" or anc.tag_ == "VBG":
                        # "police said ... and added that 30 ...", "..., noting
                        # that 30 ...": the subject of the verb it hangs on.
                        head = next((h for h in anc.ancestors if any(c.dep_ == "nsubj" for c in h.children)), None)
                        if head is None:
                            continue
                        hs = next(c for c in head.children if c.dep_ == "nsubj")
                        said = doc[hs.left_edge.i:hs.right_edge.i + 1].text.strip(" ,;:")
                        own = [w for w in sources if w in said or said in w]
                        return own or [said]
                    agent = [g for c in anc.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
                    if agent:
                        said = doc[agent[0].left_edge.i:agent[0].right_edge.i + 1].text.strip(" ,;:")
                        own = [w for w in sources if w in said or said in w]
                        return own or [said]
                    break  # agentless ("believed to be one of 500"): it names no one
            if not reported:
                # The figure hangs on no reporting verb of its own: a source
                # written in this sentence speaks in another clause ("X, one
                # of the 500 fighters ..., and officials believe that Y": the
                # officials say Y, not 500).  A source from a quote that only
                # runs on into this sentence stays.
                sources = [w for w in sources if w.lower() not in u.source_text.lower()]
    if u.span is None or len(sources) < 2:
        return sources
    lo, hi = u.span
    text = u.source_text
    # A source written elsewhere in the sentence, and not in this clause,
    # belongs to that other clause when another source is written here.
    here = [w for w in sources if w in text[lo:hi]]
    return here or sources


@cache
def _report_words() -> frozenset[str]:
    """Nouns that stand for a cited outlet or its report ("the report said",
    "the newspaper noted": analyze_sources.toml [anaphors])."""
    anaphors = load_data("analyze_sources").get("anaphors", {})
    return frozenset(w.lower() for kind in ("outlet", "report") for w in anaphors.get(kind, []))


def _names_a_source(who: str) -> bool:
    """False for a cited report or outlet written as a common noun ("The
    report", "the newspaper"): it names the medium, whose own source the side
    lists from the original ("residents"), not who says the value."""
    words = who.split()
    if not words or words[-1].lower() not in _report_words():
        return True
    return not all(w.islower() for w in [words[0].lower(), *words[1:-1]])  # "The Guardian newspaper" names one


def _written_before(who: str, said_by: Sequence[str]) -> bool:
    """Whether a named speaker is already listed under another spelling
    ("Tarek Obeidi" after "Tariq al-Obeidi": one name key)."""
    from ..entities import name_key

    if not any(w[:1].isupper() for w in who.split()):
        return False
    key = name_key(who)
    return bool(key) and any(name_key(other) == key for other in said_by)


def _side(units: Sequence[ClaimUnit], value: str, roots: Mapping[str, str],
          said: Mapping[int, list[str]] | None = None) -> ConflictSide:
    """A side of a conflict from its sentences, in story order.  ``said``
    (id of a unit -> who says it) overrides the units' own sources."""
    articles: list[str] = []
    reports: list[Report] = []
    said_by: list[str] = []
    published: list[str] = []
    for u in sorted(units, key=lambda u: u.order):
        if u.article not in articles:
            articles.append(u.article)
        # two clauses of one sentence are one citation: a side lists a sentence once
        if all((r.article, r.sentence) != (u.article, u.sentence) for r in reports):
            reports.append(Report(u.article, u.sentence, u.text))
        who_says = said[id(u)] if said is not None and id(u) in said else _own_sources(u)
        for who in who_says:
            if who and who not in said_by and _names_a_source(who) and not _written_before(who, said_by):
                said_by.append(who)
        if u.published:
            published.append(u.published[:10])
    sources = sorted({roots.get(a, a) for a in articles})
    return ConflictSide(value=value, articles=articles, sentences=reports, said_by=said_by, sources=sources,
                        first_reported=min(published) if published else "")
