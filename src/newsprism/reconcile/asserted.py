"""What a claim asserts, without the frame that attributes it.

"Officers found a shotgun in the vehicle, Pickell said" and "When X was
arrested, police said they found a shotgun in his vehicle" state one
proposition; who says it, and when they said it, is a sourcing question,
not the proposition.  The cross-encoder (:mod:`.cross`), trained on MSRP's
strict "same meaning", reads the frame as a part of the statement and parts
such pairs in both orders.  :func:`asserted_text` gives it the asserted
content instead: the complement of a neutral reporting verb ("said",
"told", "announced"; ``[asserted] verbs`` of data/claims_align.toml), its
speaker, auxiliaries and the clauses hung on the verb (a leading "When X was
arrested," dates the saying) left out, and "according to X" dropped.  Verbs
that weaken or turn what they report ("denied", "claimed", "believes",
"estimated") are no frame: the whole sentence is read.  Both sides of a pair
go through the same function, so the two are compared on the same terms.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

from .claims import ClaimUnit, load_data

__all__ = ["asserted", "asserted_pair", "asserted_text", "asserted_tokens"]


@cache
def _rules() -> tuple[frozenset[str], ...]:
    data = load_data("claims_align").get("asserted", {})
    return (frozenset(w.lower() for w in data.get("verbs", ())),
            frozenset(w.lower() for w in data.get("according", ())),
            frozenset(data.get("content_deps", ("ccomp",))),
            frozenset(data.get("frame_deps", ())),
            frozenset(w.lower() for w in data.get("time_marks", ())))


def _frame(toks: Sequence[Any], inside: set[int], verbs: frozenset[str], content_deps: frozenset[str],
           drop_deps: frozenset[str], time_marks: frozenset[str]) -> set[int] | None:
    """The token indices of the unit's frame: a neutral reporting verb that
    heads the unit, who speaks, its auxiliaries and objects ("told
    reporters"), what stands between the verb and its complement ("on
    Monday that"), a leading time clause of the verb ("When X was
    arrested,", "After their arrests,") and, when the complement comes
    first ("A, police said, adding ..."), what follows the verb.  Other
    clauses the parse hangs on the verb stay ("While it was called
    mandatory, ...", "... if the conference expands").  None when the unit
    has no frame.  The verb must head the unit: "the council appointed a
    cabinet, saying A" asserts the appointment, not A."""
    for t in toks:
        if t.pos_ not in ("VERB", "AUX") or t.lemma_.lower() not in verbs:
            continue
        if any(c.dep_ == "neg" for c in t.children):
            continue  # "police did not say that ...": nothing is asserted
        heads_unit = t.head.i == t.i or t.head.i not in inside
        comps = [c for c in t.children if c.dep_ in content_deps and any(x.i in inside for x in c.subtree)]
        if heads_unit and comps:
            first = min(c.left_edge.i for c in comps)
            last = max(c.right_edge.i for c in comps)
            frame = {t.i}
            for c in t.children:
                if c in comps:
                    continue
                span = {x.i for x in c.subtree}
                if (c.dep_ in drop_deps or t.i < c.i < first
                        or (c.i < t.i and c.i < first and _time_clause(c, time_marks))):
                    frame |= span
            if last < t.i:
                frame |= {i for i in inside if i > last}  # "A, police said, adding that ..."
        elif not comps and t.dep_ == "parataxis" and t.head.i in inside \
                and (t.head.head.i == t.head.i or t.head.head.i not in inside):
            # "A, police said": the verb hangs on what it reports.
            frame = {x.i for x in t.subtree}
        else:
            continue
        frame &= inside
        if frame and inside - frame:
            return frame
    return None


def _time_clause(c: Any, time_marks: frozenset[str]) -> bool:
    """A clause or phrase that says when the saying happened: it opens with
    a time subordinator or preposition ("When ...", "After their arrests")."""
    return c.left_edge.lower_ in time_marks


def asserted_tokens(doc: Any, lo: int, hi: int) -> list[Any] | None:
    """The tokens of ``doc`` between characters ``lo`` and ``hi`` that state
    what is asserted, in order, or None when there is no frame to drop."""
    verbs, according, content_deps, drop_deps, time_marks = _rules()
    toks = [t for t in doc if lo <= t.idx and t.idx + len(t) <= hi]
    inside = {t.i for t in toks}
    keep = set(inside)
    changed = False
    # Nested frames ("X said the ministry announced A"): peel one at a time.
    for _ in range(3):
        found = _frame([t for t in toks if t.i in keep], keep, verbs, content_deps, drop_deps, time_marks)
        if found is None:
            break
        keep, changed = keep - found, True
    for t in toks:
        if t.i in keep and t.lower_ in according and t.i + 1 < len(doc) and doc[t.i + 1].lower_ == "to":
            # "according to the fire service": the phrase ends at its comma
            # (a parse may hang the name that follows on it).
            end = t.right_edge.i
            for x in doc[t.i:t.right_edge.i + 1]:
                if x.text == ",":
                    end = x.i
                    break
            keep -= set(range(t.i, end + 1))
            changed = True
    if not changed:
        return None
    out = [t for t in toks if t.i in keep]
    # Leading and trailing marks, quotes and a complementiser the content
    # opens with ("that the car sideswiped ...").
    while out and (out[0].is_punct or out[0].is_space or (out[0].dep_ == "mark" and out[0].lower_ == "that")):
        out.pop(0)
    while out and (out[-1].is_punct or out[-1].is_space):
        out.pop()
    if not any(t.is_alpha and not t.is_stop for t in out):
        return None
    return out


def asserted(u: ClaimUnit | Any) -> tuple[str, tuple[str, ...]]:
    """What a claim unit asserts, as text the cross-encoder reads (the
    unit's text without a neutral attribution frame; the unit's text when
    it has no parse or no such frame), and the frame's words (lowercased,
    in order; empty when there is none)."""
    doc = getattr(u, "doc", None)
    if doc is None:
        return u.text, ()
    source = u.sentence_text or u.text
    lo, hi = u.span if u.span is not None else (0, len(source))
    out = asserted_tokens(doc, lo, hi)
    if not out:
        return u.text, ()
    kept = {t.i for t in out}
    frame = tuple(t.lower_ for t in doc if lo <= t.idx and t.idx + len(t) <= hi and t.i not in kept and t.is_alpha)
    # As written where the kept words run on; one space where a frame was cut out.
    text = "".join((t.text_with_ws if nxt.i == t.i + 1 else t.text + " ") for t, nxt in zip(out, out[1:])) + out[-1].text
    # A dropped clause leaves its comma beside the next one: ", ," -> ",".
    text = " ".join(text.replace(" ,", ",").replace(",,", ",").split())
    carried = getattr(u, "carried", None)
    if carried is not None:
        # The subject a clause carries over from the clause before it opens
        # what it asserts, as it opens the unit's text (claims._carried_subject).
        text = f"{source[carried[0]:carried[1]].strip()} … {text}"
    return text, frame


def asserted_text(u: ClaimUnit | Any) -> str:
    """What a claim unit asserts (:func:`asserted`), as text."""
    return asserted(u)[0]


def asserted_pair(a: ClaimUnit | Any, b: ClaimUnit | Any) -> tuple[str, str]:
    """The two texts the cross-encoder reads for a pair: what each asserts
    when their frames differ ("Pickell said" / "When X was arrested, police
    said"); the two texts as written when the frames are the same words
    ("Medical experts said" on both sides: a shared frame is no difference
    to leave out, and the model reads it as shared evidence) or neither has
    one."""
    (x, fx), (y, fy) = asserted(a), asserted(b)
    if fx == fy:
        return a.text, b.text
    return x, y
