"""Whether a pronoun speaker's antecedent is in doubt, read on the parse
analyze stored with the article (data/reconcile_speakers.toml [pronoun])."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..data import load_toml
from ..errors import E, NewsprismError
from ..model import AnalyzedArticle, Quote
from ..names import gender_words, normalize_name
from ..quotelist import name_gender

__all__ = ["pronoun_in_doubt"]


@dataclass(frozen=True)
class _Rules:
    window: int
    subject_deps: frozenset[str]


@cache
def _rules() -> _Rules:
    try:
        raw = load_toml("reconcile_speakers.toml")["pronoun"]
        return _Rules(window=int(raw["window"]), subject_deps=frozenset(str(d) for d in raw["subject_deps"]))
    except (KeyError, TypeError, ValueError) as exc:
        raise NewsprismError(E.E080.format(name="reconcile_speakers.toml", reason=f"missing or bad entry {exc}")) \
            from None


def _subject(doc: Any, start: int, end: int, deps: frozenset[str]) -> Any | None:
    """The subject word the words at [start, end) are, or hang from (each
    word's heads followed up to the first verb), or None."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return None
    for tok in span:
        x = tok
        while True:
            if x.dep_ in deps:
                return x
            if x.head.i == x.i or x.pos_ in ("VERB", "AUX"):
                break
            x = x.head
    return None


def _gender(name: str, subject: Any, start: int) -> str | None:
    """A person's gender by the name's title or first name, else by a role
    word written before the name in its subject phrase ("Actress and
    activist Rose McGowan")."""
    have = name_gender(name)
    if have is None:
        roles = gender_words().roles
        for tok in subject.subtree:
            if tok.idx >= start:
                break
            have = have or roles.get(tok.lower_)
    return have


def pronoun_in_doubt(a: AnalyzedArticle, q: Quote, entity: str | None, *, parsed: Callable[[], Any | None],
                     mention_entity: Mapping[tuple[str, int], str], names: Mapping[str, str]) -> bool:
    """Whether ``q``'s speaker, written as he / she and shown as ``q.speaker``
    (entity id ``entity``), is analyze's guess by nearness that another
    person is likelier to be: no earlier quote of that person in reach, the
    person named there only in earlier sentences and outside a subject,
    another person of the pronoun's gender (by the name, or a role word
    before it) named inside one: a name of unknown gender is no rival
    ("Filmmaker and aviator Howard Hughes also pursued Page but she
    rebuffed him").  ``parsed()`` gives the article's parse (:func:`.parses.article_doc`)."""
    words = gender_words()
    want = words.pronouns.get((q.speaker_text or "").strip().lower())
    if not want or not q.speaker or q.start < 0:
        return False
    rules = _rules()
    lo = q.sentence - rules.window
    if any(p is not q and p.speaker == q.speaker and lo <= p.sentence <= q.sentence and 0 <= p.start < q.start
           and (p.speaker_text or "").strip().lower() not in words.pronouns for p in a.quotes):
        return False  # analyze followed the person's own quotes, and checked for rivals there
    doc = parsed()  # the article's parse, decoded only when asked
    if doc is None:
        return False
    quoted = [(p.start, p.end) for p in a.quotes if p.direct and p.start >= 0]
    own_name = normalize_name(q.speaker)
    seen = in_subject = rival = False
    for i, m in enumerate(a.mentions):
        if m.label != "PERSON" or not lo <= m.sentence <= q.sentence or m.start >= q.start:
            continue
        if any(s <= m.start < e for s, e in quoted):
            continue  # a name inside a quote is spoken about
        key = mention_entity.get((a.article.id, i))
        subject = _subject(doc, m.start, m.end, rules.subject_deps)
        if (entity is not None and key == entity) or normalize_name(m.text) == own_name:
            # named in the pronoun's own sentence ("a co-worker, Kenneth
            # Dorsey, and he said"): analyze's nearest reading stands
            seen = True
            in_subject = in_subject or subject is not None or m.sentence == q.sentence
        elif subject is not None and _gender(names.get(key or "", m.text), subject, m.start) == want:
            rival = True
    return seen and not in_subject and rival
