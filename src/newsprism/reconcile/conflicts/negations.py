"""Denials in aligned sentences: one predicate and object, negated or
denied in one article and affirmed in another (``[denial]`` of
``data/verdicts_comparisons.toml``; conditionals from
``data/reconcile_hypothetical.toml``)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

from ..claims import ClaimUnit, load_data
from ..denials import hypothetical_rules

__all__ = ["_denials"]


@cache
def _denial_rules() -> dict[str, Any]:
    data = load_data("verdicts_comparisons").get("denial", {})
    return {
        "negations": frozenset(data.get("negations", [])),
        "not_denials": tuple(tuple(p.split()) for p in data.get("not_denials", [])),
        "verbs": frozenset(data.get("verbs", [])),
        "falsity": frozenset(data.get("falsity", [])),
        "max_gap": int(data.get("max_gap", 3)),
        "stems": frozenset(data.get("contraction_stems", [])),
        "tails": frozenset(data.get("contraction_tails", [])),
        "number_signs": frozenset(data.get("number_signs", [])),
    }


def _is_negation(u: ClaimUnit, lemmas: Sequence[str], i: int) -> bool:
    """Whether the word at ``i`` negates: a negation word, not one of the
    phrases that do not deny ("not only"), not a contraction's stem without
    its apostrophe ("a mob don"), not a number sign ("No. 5 seed")."""
    rules = _denial_rules()
    lem = lemmas[i]
    if lem not in rules["negations"]:
        return False
    if any(tuple(lemmas[i:i + len(nd)]) == nd for nd in rules["not_denials"]):
        return False
    after = lemmas[i + 1] if i + 1 < len(lemmas) else ""
    if lem in rules["stems"] and after not in rules["tails"]:
        return False
    if lem in rules["number_signs"] and i + 1 < len(u.tokens):
        s, e, _ = u.tokens[i + 1]
        following = u.source_text[s:e].lstrip(".")
        if following[:1].isdigit() or (u.source_text[s:e] == "." and i + 2 < len(lemmas)
                                        and lemmas[i + 2][:1].isdigit()):
            return False
    return True


def _negated(u: ClaimUnit, predicate: str) -> str | None:
    """How the sentence denies its predicate ("not", "deny", "fake"), or None."""
    rules = _denial_rules()
    lemmas = [lem for _, _, lem in u.tokens]
    where = [i for i, lem in enumerate(lemmas) if lem == predicate]
    if not where:
        return None
    p = where[0]
    for i in range(max(0, p - rules["max_gap"] - 1), p):
        if _is_negation(u, lemmas, i):
            return lemmas[i]
    if any(lem in rules["verbs"] for lem in lemmas[:p]):
        return next(lem for lem in lemmas[:p] if lem in rules["verbs"])
    return None


def _negations(u: ClaimUnit) -> int:
    """How many negations the sentence holds, "not only" and the like aside."""
    lemmas = [lem for _, _, lem in u.tokens]
    return sum(1 for i in range(len(lemmas)) if _is_negation(u, lemmas, i))


def _denials(units: Sequence[ClaimUnit], groups: Sequence[Sequence[int]]) -> list[tuple[str, list[list[ClaimUnit]]]]:
    """(what is denied, [affirming units, denying units]) per aligned group."""
    rules = _denial_rules()
    out = []
    for members in groups:
        group = [units[i] for i in members]
        by_prop: dict[tuple[str, str], tuple[list[ClaimUnit], list[ClaimUnit]]] = {}
        for u in group:
            what = u.slots.get("what") or {}
            pred, obj = what.get("predicate"), what.get("object")
            if not pred:
                continue
            if pred == "be" and obj in rules["falsity"]:
                continue  # judged below, against the group's other sentences
            if any(p.search(u.text) for p in hypothetical_rules().sentence):
                continue  # "would not have placed him ... if": what would be, not what is
            how = _negated(u, pred)
            if not how and _negations(u):
                # A negation elsewhere in the sentence may be the same one
                # raised or lowered ("I feel we weren't executing" is "I
                # didn't feel we were executing"): not an affirmation.
                continue
            yes, no = by_prop.setdefault((pred, obj or ""), ([], []))
            (no if how else yes).append(u)
        for (pred, obj), (yes, no) in by_prop.items():
            if yes and no and {u.article for u in yes} != {u.article for u in no} and \
                    {u.article for u in yes} | {u.article for u in no} and \
                    not {u.article for u in yes} & {u.article for u in no}:
                out.append((f"whether “{pred} {obj}”".replace(" ”", "”"), [yes, no]))
        # "officials said the video was fake" against the sentences it is aligned with.
        fakes = [u for u in group if (u.slots.get("what") or {}).get("predicate") == "be"
                 and (u.slots.get("what") or {}).get("object") in rules["falsity"]]
        if fakes:
            others = [u for u in group if u not in fakes and u.article not in {f.article for f in fakes}
                      and not _negated(u, (u.slots.get("what") or {}).get("predicate") or "")]
            if others:
                out.append(("whether it is true", [others, fakes]))
    return out
