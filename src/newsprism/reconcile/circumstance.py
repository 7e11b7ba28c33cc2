"""A reported quote's words cut before a clause of the writer's
circumstance ("..., as state legislatures pass new curbs"): the clause tells
when or while the speaker spoke, it is not what the speaker said
(data/reconcile_speakers.toml [listed.circumstance])."""

from __future__ import annotations

import dataclasses
from functools import cache
from typing import Any

from ..data import load_toml
from ..errors import E, NewsprismError
from ..model import Quote

__all__ = ["might_run_on", "writers_clause_cut"]


@dataclasses.dataclass(frozen=True)
class _Rules:
    marks: frozenset[str]
    subject_deps: frozenset[str]
    finite_tags: frozenset[str]
    trailing: str


@cache
def _rules() -> _Rules:
    """data/reconcile_speakers.toml [listed.circumstance]."""
    try:
        raw = load_toml("reconcile_speakers.toml")["listed"]["circumstance"]
        return _Rules(marks=frozenset(str(w).lower() for w in raw["marks"]),
                      subject_deps=frozenset(str(d) for d in raw["subject_deps"]),
                      finite_tags=frozenset(str(t) for t in raw["finite_tags"]),
                      trailing=str(raw["trailing"]))
    except (KeyError, TypeError) as exc:
        raise NewsprismError(E.E080.format(name="reconcile_speakers.toml", reason=f"missing or bad entry {exc}")) \
            from None


def might_run_on(q: Quote) -> bool:
    """Whether a quote's words hold ", <mark> " at all (no parse needed to say no)."""
    low = q.text.lower()
    return not q.direct and any(f", {m} " in low for m in _rules().marks)


def writers_clause_cut(q: Quote, doc: Any, text: str) -> str | None:
    """The reported quote's words before a clause of the writer's
    circumstance that closes them, or None (no such clause, a direct quote,
    no parse, or words that are not the text's at the quote's span).  ``doc``
    is the article's parse (reconcile.parses.article_doc), ``text`` its text."""
    if doc is None or not might_run_on(q) or not 0 <= q.start < q.end <= len(text) or text[q.start:q.end] != q.text:
        return None
    rules = _rules()
    for t in doc:
        if t.idx < q.start or t.idx >= q.end or t.i == 0 or t.lower_ not in rules.marks or t.dep_ != "mark":
            continue
        comma, verb = doc[t.i - 1], t.head
        if comma.text != "," or comma.idx <= q.start or verb.dep_ != "advcl" or verb.i <= t.i:
            continue
        if not any(c.dep_ in rules.subject_deps and c.i < verb.i for c in verb.children):
            continue  # "as expected", "as well as": no subject of its own
        if verb.tag_ not in rules.finite_tags and not any(
                c.dep_ in ("aux", "auxpass") and c.tag_ in rules.finite_tags for c in verb.children):
            continue  # "as seen from the bridge": no finite verb
        if any(c.dep_ == "cc" for c in verb.children):
            continue  # "..., as ferries enter service, and to dredge the harbour": the parse may have hung the
            # speaker's next words on the clause's verb; their end is not known
        end = max(w.idx + len(w.text) for w in verb.subtree)
        if end > q.end or text[end:q.end].strip(rules.trailing):
            continue  # the clause is not the tail of the quote's words: where they end is not known
        cut = text[q.start:comma.idx].rstrip()
        return cut if cut else None
    return None
