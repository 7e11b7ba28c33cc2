"""Masked pairs: sentences that state one proposition once their figures
are masked ("police said 12 / 18 people were injured"), which alignment
leaves apart, and the components they form."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from ...partial_dates import ranges_compatible
from ...unionfind import UnionFind
from ..align import guard, idf_table, load_model, pair_features, sketch
from ..claims import ClaimUnit, is_once_per_target, is_story_event
from .observe import _Obs, _concept_labels, _masking, _number_at
from .referents import _compatible, _places, _same_referent

__all__ = ["_article_places", "_components", "_dates_meet", "_kind", "_masked_pairs"]


def _masked_text(u: ClaimUnit, spans: Sequence[tuple[int, int]]) -> str:
    """The unit's text with its figures (hedge and number, not the counted
    noun) replaced by one placeholder word: "Police said 12 people were
    injured" and "Police said 18 people had been injured" then read as the
    same proposition, which is what a count conflict is about."""
    placeholder = _masking()[0]
    text = u.source_text
    for start, end in sorted(spans, reverse=True):
        text = text[:start] + placeholder + text[end:]
    if u.span is None:
        return text.strip()
    lo, hi = u.span
    shift = sum(len(placeholder) - (e - s) for s, e in spans if e <= lo)
    shift_hi = sum(len(placeholder) - (e - s) for s, e in spans if e <= hi)
    return text[lo + shift:hi + shift_hi].strip()


def _article_places(units: Sequence[ClaimUnit]) -> dict[str, str]:
    """The place an article is about, when one place is named more often than
    any other in it: the place of its sentences that name none."""
    counts: dict[str, dict[str, int]] = {}
    for u in units:
        for p in _places(u):
            counts.setdefault(u.article, {}).setdefault(p, 0)
            counts[u.article][p] += 1
    out = {}
    for article, c in counts.items():
        ranked = sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))
        if len(ranked) == 1 or ranked[0][1] > ranked[1][1]:
            out[article] = ranked[0][0]
    return out


def _same_place(a: ClaimUnit, b: ClaimUnit, home: Mapping[str, str]) -> bool:
    """Whether two figures' places can be one: the places they name, else
    their article's own place, must meet; unknown on either side is no
    evidence of a difference only when both are unknown."""
    pa = _places(a) or ({home[a.article]} if a.article in home else set())
    pb = _places(b) or ({home[b.article]} if b.article in home else set())
    if not pa and not pb:
        return True
    return bool(pa & pb)


def _kind(o: _Obs) -> str:
    """The make or model written between the number and a noun no concept
    names ("seven AK-47 rifles", "two Boeing jets"): words with a digit or a
    capital.  "Seven AK-47 rifles" and "three rifles" listed beside "12 AK-47
    guns" are different kinds of rifle; "two sub-sea cables" and "three
    cables" are one kind.  Empty for the concepts of the data file."""
    if o.slot != "how_many" or o.topic in _concept_labels() or o.start < 0:
        return ""
    _, num_end = _number_at(o.unit, o.start, o.end)
    words = re.findall(r"[^\s,;()]+", o.unit.source_text[num_end:o.end])[:-1]  # the last is the noun
    return " ".join(sorted({w.lower() for w in words if re.search(r"\d|^[A-Z]", w)}))


def _count_key(o: _Obs) -> str:
    """The counted thing of a figure: its concept, else its noun."""
    return o.topic


def _masked_pairs(units: Sequence[ClaimUnit], obs: Sequence[_Obs], *, threshold: float
                  ) -> list[tuple[_Obs, _Obs, float]]:
    """Count observations of two articles whose sentences state the same
    proposition once their figures are masked, and which pass the strict
    same-referent checks: the same counted thing, states that do not
    differ, the same place, compatible dates, neither a further group."""
    skip = _masking()[3]
    counts = [o for o in obs if o.slot == "how_many" and not o.vague and not o.states[0].startswith("ref:")
              and o.topic.lower() not in skip]
    # Dates of one event ("launched ... in December" / "in September").
    counts += [o for o in obs if o.slot == "when" and o.topic and o.start >= 0]
    by_unit: dict[int, list[_Obs]] = {}
    index_of = {id(u): i for i, u in enumerate(units)}
    for o in counts:
        by_unit.setdefault(index_of[id(o.unit)], []).append(o)
    # A sentence with two different figures of one thing gives parts or
    # both sides itself ("18 injured ... and 12 hurt later"): it takes no
    # side through a masked pair.  Figures in different states are of
    # different things ("18 people had been injured and 12 arrested"): each
    # keeps its own.
    by_sentence: dict[tuple[str, int], list[_Obs]] = {}
    for o in counts:
        by_sentence.setdefault(o.unit.key, []).append(o)
    for i in list(by_unit):
        same = by_sentence[units[i].key]
        by_unit[i] = [o for o in by_unit[i]
                      if not any(p.slot == o.slot and p.topic == o.topic and not _compatible(p, o)
                                 and (not p.contexts or not o.contexts or p.contexts & o.contexts) for p in same)]
        if not by_unit[i]:
            del by_unit[i]
    if len(by_unit) < 2:
        return []
    idx = sorted(by_unit)
    if len({units[i].article for i in idx}) < 2:
        return []
    # Each sentence is read twice: with its counts masked (to pair counts)
    # and with its dates masked (to pair dates).  A count's sentences keep
    # their dates as written: "injuring 40 ... in September" and "injured
    # almost 50 ... in September" state one thing, and masking a date that
    # only one of them ties to an event word would make them differ.
    masked: dict[str, list[str]] = {"how_many": [], "when": []}
    for i in idx:
        for slot in masked:
            spans = []
            for o in by_unit[i]:
                if o.slot != slot:
                    continue
                ns, ne = _number_at(o.unit, o.start, o.end) if o.slot == "how_many" else (o.start, o.end)
                spans.append((min(o.start, ns), ne))
            masked[slot].append(_masked_text(units[i], _merge(spans)))
    try:
        from ...analyze.embed import encode_precise

        cos = {}
        for slot, texts in masked.items():
            emb = encode_precise(texts)
            cos[slot] = emb @ emb.T
    except Exception:  # noqa: BLE001 - without the model no masked pair is found
        return []
    sk = {slot: [sketch(t) for t in texts] for slot, texts in masked.items()}
    idf = {slot: idf_table(s) for slot, s in sk.items()}
    model = load_model()
    home = _article_places(units)
    out: list[tuple[_Obs, _Obs, float]] = []
    for x in range(len(idx)):
        for y in range(x + 1, len(idx)):
            ua, ub = units[idx[x]], units[idx[y]]
            if ua.article == ub.article or not _same_place(ua, ub, home):
                continue
            probs: dict[str, float] = {}
            for slot in masked:
                if not any(o.slot == slot for o in by_unit[idx[x]]) or \
                        not any(o.slot == slot for o in by_unit[idx[y]]):
                    continue
                feats = pair_features(sk[slot][x], sk[slot][y], cosine=float(cos[slot][x, y]), idf=idf[slot])
                prob = model.probability(feats)
                if prob >= threshold and not guard(sk[slot][x], sk[slot][y], feats):
                    probs[slot] = prob
            for oa in by_unit[idx[x]]:
                for ob in by_unit[idx[y]]:
                    if oa.slot != ob.slot or _count_key(oa) != _count_key(ob) or not oa.topic or _kind(oa) != _kind(ob):
                        continue
                    if oa.slot not in probs:
                        continue
                    prob = probs[oa.slot]
                    if oa.slot == "when":
                        # One event, of one thing when the event is of a thing.
                        if is_once_per_target(oa.topic) and not (oa.target and oa.target == ob.target):
                            continue  # the bridge destroyed in June, the dam in August
                        if not (oa.target and ob.target and oa.target != ob.target):
                            out.append((oa, ob, prob))
                        continue
                    if (oa.contexts or ob.contexts) and not oa.contexts & ob.contexts:
                        continue  # "three people died" is not "20,000 people took to the streets"
                    if oa.topic not in _concept_labels() and not oa.contexts and oa.states != ob.states:
                        # A thing no concept names is one referent only under one
                        # verb: "five boats were seen approaching" are not the
                        # "three boats" that were intercepted.
                        continue
                    if not _same_referent(oa, ob) or not _dates_meet(ua, ub):
                        continue
                    out.append((oa, ob, prob))
    return out


def _merge(spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[list[int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return [(s, e) for s, e in out]


def _dates_meet(a: ClaimUnit, b: ClaimUnit) -> bool:
    """Whether two sentences are about one time: both date their event and
    the dates can meet, or neither dates it ("in January, five cables were
    cut" is another event than "three cables were damaged")."""
    da = [w["range"] for w in a.slots.get("when", []) if w.get("range") and is_story_event(w.get("event"))]
    db = [w["range"] for w in b.slots.get("when", []) if w.get("range") and is_story_event(w.get("event"))]
    if bool(da) != bool(db):
        return False
    return not da or any(ranges_compatible(x, y) for x in da for y in db)


def _components(pairs: Sequence[tuple[_Obs, _Obs, float]]) -> list[list[_Obs]]:
    """Connected sets of observations joined by masked pairs, per counted thing."""
    sets: UnionFind[int] = UnionFind()
    by_id: dict[int, _Obs] = {}
    for a, b, _ in pairs:
        for o in (a, b):
            by_id[id(o)] = o
        sets.union(id(a), id(b))
    comps: dict[int, list[_Obs]] = {}
    for k, o in by_id.items():
        comps.setdefault(sets.find(k), []).append(o)
    return sorted((sorted(c, key=lambda o: (o.unit.order, o.start)) for c in comps.values()),
                  key=lambda c: (c[0].unit.order, c[0].start))
