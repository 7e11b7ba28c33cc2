"""Entity mentions and content lemmas from a parsed spaCy doc.

The statistical NER of the small model labels the same name differently
within one article (Baghouz as GPE, NORP and ORG); two data-driven fixes
make an article consistent: a word that ends a person's name elsewhere in
the article is that person, and otherwise a string takes its most frequent
label.  Mentions added or relabelled by a rule say so in ``Mention.rule``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..data import load_toml
from ..model import Mention

__all__ = ["extract_mentions", "extract_lemmas", "sentence_index"]


@dataclass(frozen=True)
class _Rules:
    named: frozenset[str]
    priority: tuple[str, ...]
    surname_from: frozenset[str]
    particles: frozenset[str]
    lemma_pos: frozenset[str]


@cache
def _rules() -> _Rules:
    raw = load_toml("analyze_mentions")
    return _Rules(
        named=frozenset(raw["labels"]["named"]),
        priority=tuple(raw["labels"]["priority"]),
        surname_from=frozenset(raw["labels"]["surname_from"]),
        particles=frozenset(raw["labels"]["name_particles"]),
        lemma_pos=frozenset(raw["lemmas"]["pos"]),
    )


def sentence_index(doc: Any) -> list[int]:
    """Sentence index of every token, following ``doc.sents``."""
    out = [0] * len(doc)
    for i, s in enumerate(doc.sents):
        for t in range(s.start, s.end):
            out[t] = i
    return out


def _key(text: str) -> str:
    return " ".join(text.replace("’", "'").split()).removeprefix("the ").removeprefix("The ")


def extract_mentions(doc: Any, sent_of: list[int] | None = None) -> list[Mention]:
    rules = _rules()
    sent_of = sent_of if sent_of is not None else sentence_index(doc)
    ents = [e for e in doc.ents if any(ch.isalnum() for ch in e.text)]
    out = [
        Mention(e.text, e.label_, e.start_char, e.end_char, sent_of[e.start], rule=e.ent_id_ or "model")
        for e in ents
    ]
    # Last words of multi-word person names: "Hamdan", "Afrin", "Baghdadi".
    surnames = set()
    for m in out:
        words = m.text.split()
        if m.label == "PERSON" and len([w for w in words if w not in rules.particles]) >= 2:
            surnames.add(words[-1])
            surnames.add(" ".join(words[-2:]))
    for m in out:
        if m.rule == "model" and m.label in rules.surname_from and _key(m.text) in surnames:
            m.label, m.rule = "PERSON", "consistency:surname"
    # One label per string within the article.
    counts: dict[str, Counter[str]] = {}
    for m in out:
        if m.label in rules.named:
            counts.setdefault(_key(m.text), Counter())[m.label] += 1
    rank = {lab: i for i, lab in enumerate(rules.priority)}
    for m in out:
        c = counts.get(_key(m.text))
        if m.rule != "model" or c is None or len(c) < 2:
            continue
        best = sorted(c.items(), key=lambda kv: (-kv[1], rank.get(kv[0], len(rank))))[0][0]
        if best != m.label:
            m.label, m.rule = best, "consistency:majority"
    _write_back(doc, ents, out)
    return out


def _write_back(doc: Any, ents: list[Any], mentions: list[Mention]) -> None:
    """Give the doc the corrected labels, so that the steps after this one
    (quotes, dates, quantities) see the same entities as the output."""
    from spacy.tokens import Span

    changed = len(ents) != len(doc.ents) or any(e.label_ != m.label for e, m in zip(ents, mentions))
    if changed:
        doc.ents = [Span(doc, e.start, e.end, label=m.label, span_id=e.ent_id) for e, m in zip(ents, mentions)]


def extract_lemmas(doc: Any) -> list[list[str]]:
    """Lower-cased lemmas of the content words of each sentence."""
    pos = _rules().lemma_pos
    return [
        [t.lemma_.lower() for t in s if t.pos_ in pos and not t.is_stop and (t.is_alpha or t.like_num)]
        for s in doc.sents
    ]
