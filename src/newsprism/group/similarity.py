"""Pairwise similarity of two articles, per dimension, with its evidence.

The scale is that of SemEval-2022 Task 8: 1 very similar ... 4 very
dissimilar.  Internally each dimension is a 0..1 score from its own evidence:

* geography: places named in both (GPE/LOC/FAC), spellings folded;
* entities: people, organisations, groups named in both;
* time: mentioned dates that agree, and how close the publication dates are;
* narrative: sentences of one that have a close match in the other
  (best-match average of sentence vectors), shared quotes and counts.

A dimension without evidence on either side (no dates at all, say) is
``None`` internally, shown as the middle of the scale (2.5) and left out of
the overall score, so that missing metadata never reads as "different".
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from rapidfuzz import fuzz

from ..config import Config
from ..model import AnalyzedArticle, Similarity
from ..partial_dates import is_yearless, yearless_agrees
from .features import DocFeatures, GroupRules, doc_features, group_rules
from .names import match_keys

__all__ = [
    "DIMENSIONS",
    "compare",
    "compare_features",
    "pair_score",
    "time_factor",
    "weekday_factor",
    "weekdays_named",
    "count_factor",
    "counts_disagreeing",
    "to_scale",
]

DIMENSIONS = ("geography", "entities", "time", "narrative")
UNKNOWN = 2.5  # the middle of the 1..4 scale: no evidence either way

_PRECISION_WEIGHT = {10: 1.0, 7: 0.6, 4: 0.3}  # ISO key length -> weight


def to_scale(score: float | None) -> float:
    """0..1 similarity -> 1 (very similar) .. 4 (very dissimilar)."""
    if score is None:
        return UNKNOWN
    return round(4.0 - 3.0 * float(score), 2)


# ----------------------------------------------------------------- names


def _name_overlap(
    wa: Mapping[str, float], wb: Mapping[str, float], fa: DocFeatures, fb: DocFeatures, persons: set[str],
    what: str, rules: GroupRules, evidence: list[str] | None,
) -> float | None:
    if not wa or not wb:
        if evidence is not None:
            side = "either article" if not wa and not wb else ("A" if not wa else "B")
            evidence.append(f"no {what} named in {side}")
        return None
    pairs = match_keys(wa, wb, persons=persons)
    shared = sum(min(wa[x], wb[y]) for x, y in pairs)
    score = 2.0 * shared / (sum(wa.values()) + sum(wb.values()))
    if evidence is not None:
        pairs.sort(key=lambda p: (-min(wa[p[0]], wb[p[1]]), p))
        for x, y in pairs[: rules.max_items]:
            da, db = fa.display.get(x, x), fb.display.get(y, y)
            evidence.append(f"both name {da}" if da == db else f"both name {da} (A) = {db} (B)")
        matched_a = {x for x, _ in pairs}
        matched_b = {y for _, y in pairs}
        only_a = sorted((k for k in wa if k not in matched_a), key=lambda k: (-wa[k], k))[:3]
        only_b = sorted((k for k in wb if k not in matched_b), key=lambda k: (-wb[k], k))[:3]
        if only_a:
            evidence.append("only A: " + ", ".join(fa.display.get(k, k) for k in only_a))
        if only_b:
            evidence.append("only B: " + ", ".join(fb.display.get(k, k) for k in only_b))
    return min(1.0, score)


# ------------------------------------------------------------------ time


def _date_match(x: str, y: str, tolerance: int) -> float:
    if x == y:
        return _PRECISION_WEIGHT.get(len(x), 0.3)
    if is_yearless(x) or is_yearless(y):
        # A date left without its year (no publication date to anchor it):
        # month and day can still agree with the other article's.
        return 0.3 if yearless_agrees(x, y) else 0.0
    short, long_ = (x, y) if len(x) <= len(y) else (y, x)
    if long_.startswith(short):
        return 0.5 * _PRECISION_WEIGHT.get(len(short), 0.3)
    if len(x) == len(y) == 10 and tolerance > 0:
        try:
            from datetime import date

            gap = abs(date.fromisoformat(x).toordinal() - date.fromisoformat(y).toordinal())
        except ValueError:
            return 0.0
        if gap <= tolerance:
            return 0.8
    return 0.0


def _time(fa: DocFeatures, fb: DocFeatures, rules: GroupRules, evidence: list[str] | None) -> float | None:
    parts: list[float] = []
    # Dates without a year (no publication date anchored them) can agree but
    # cannot contradict an anchored date: a side with only those gives no
    # date evidence against an anchored side.
    only_unanchored = [bool(f.dates) and all(is_yearless(k) for k in f.dates) for f in (fa, fb)]
    if fa.dates and fb.dates and only_unanchored[0] != only_unanchored[1]:
        if evidence is not None:
            evidence.append("dates of " + ("A" if only_unanchored[0] else "B") + " have no year to compare")
    elif fa.dates and fb.dates:
        best_a = {x: max(_date_match(x, y, rules.date_tolerance_days) for y in fb.dates) for x in fa.dates}
        best_b = {y: max(_date_match(x, y, rules.date_tolerance_days) for x in fa.dates) for y in fb.dates}
        weight_a = sum(_PRECISION_WEIGHT.get(len(x), 0.3) for x in fa.dates)
        weight_b = sum(_PRECISION_WEIGHT.get(len(y), 0.3) for y in fb.dates)
        parts.append(min(1.0, (sum(best_a.values()) + sum(best_b.values())) / (weight_a + weight_b)))
        if evidence is not None:
            agreed = sorted((x for x, s in best_a.items() if s > 0), key=lambda x: (-len(x), x))
            for x in agreed[: rules.max_items]:
                evidence.append(f"both date events to {x} (A: '{fa.dates[x]}')")
            if not agreed:
                evidence.append(f"no dates in common (A: {', '.join(sorted(fa.dates)[:3])}; "
                                f"B: {', '.join(sorted(fb.dates)[:3])})")
    elif evidence is not None:
        evidence.append("no dated events in " + ("either article" if not fa.dates and not fb.dates
                                                   else ("A" if not fa.dates else "B")))
    if fa.day is not None and fb.day is not None:
        gap = abs(fa.day - fb.day)
        parts.append(max(0.0, 1.0 - gap / rules.publication_horizon_days))
        if evidence is not None:
            evidence.append(f"published {gap} day{'s' if gap != 1 else ''} apart ({fa.published} / {fb.published})")
    elif evidence is not None:
        evidence.append("publication date unknown for " + ("both" if fa.day is None and fb.day is None
                                                            else ("A" if fa.day is None else "B")))
    if not parts:
        return None
    return sum(parts) / len(parts)


# ------------------------------------------------------------- narrative


def _cos(u: np.ndarray | None, v: np.ndarray | None) -> float | None:
    if u is None or v is None or u.shape != v.shape:
        return None
    return float(np.dot(u, v))


def _document_narrative(fa: DocFeatures, fb: DocFeatures, rules: GroupRules) -> float:
    scores = [rules.calibrate("lexical_document", float(np.dot(fa.vector, fb.vector)))]
    sem = _cos(fa.semantic, fb.semantic)
    if sem is not None:
        scores.append(rules.calibrate("embedding_document", sem))
    return sum(scores) / len(scores)


def _narrative(fa: DocFeatures, fb: DocFeatures, rules: GroupRules, evidence: list[str] | None,
               *, extras: bool = True) -> float:
    va, vb = fa.sentence_vectors, fb.sentence_vectors
    if va is None or vb is None or not len(va) or not len(vb) or va.shape[1] != vb.shape[1]:
        score = _document_narrative(fa, fb, rules)
        if evidence is not None:
            evidence.append(f"whole-text similarity {score:.2f} (no sentence vectors)")
    else:
        sims = va @ vb.T
        best_a, best_b = sims.max(axis=1), sims.max(axis=0)
        bma = float((best_a.mean() + best_b.mean()) / 2.0)
        kind = "embedding_sentences" if fa.semantic is not None and fb.semantic is not None else "lexical_sentences"
        sentence_score = rules.calibrate(kind, bma)
        score = (sentence_score + _document_narrative(fa, fb, rules)) / 2.0
        if evidence is not None:
            close = int((best_a >= rules.evidence_min_cosine).sum())
            evidence.append(f"{close} of {len(va)} sentences of A have a close match in B "
                            f"(best-match average {bma:.2f})")
            order = np.argsort(-best_a, kind="stable")[: rules.evidence_max_pairs]
            for i in order:
                if best_a[i] < rules.evidence_min_cosine:
                    break
                j = int(sims[i].argmax())
                evidence.append(f"A s{int(i)} ~ B s{j} ({best_a[i]:.2f}): "
                                f"\"{_clip(fa.sentence_text[i])}\" ~ \"{_clip(fb.sentence_text[j])}\"")
    if not extras:
        return score
    # Shared quotes and counts are strong, specific evidence of one story.
    bonus = 0.0
    for qa in fa.quotes:
        for qb in fb.quotes:
            if fuzz.partial_ratio(qa.lower(), qb.lower()) >= rules.quote_min_ratio:
                bonus += 0.1
                if evidence is not None:
                    evidence.append(f"same quote: \"{_clip(qa)}\"")
                break
    shared_numbers = sorted(set(fa.numbers) & set(fb.numbers))
    if shared_numbers:
        bonus += 0.05 * len(shared_numbers)
        if evidence is not None:
            evidence.append("same counts: " + ", ".join(shared_numbers[: rules.max_items]))
    return min(1.0, score + min(bonus, 0.3))


def _clip(text: str, n: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "\u2026"


# --------------------------------------------------------------- combined


def _relabel(fa: DocFeatures, fb: DocFeatures) -> tuple[dict[str, float], ...]:
    """Places of each side, with the other side's names that match one of
    them moved over: NER often labels a misspelt village a person or an
    organisation (Bagouz/ORG against Baghouz/GPE)."""
    pa, pb, ea, eb = dict(fa.places), dict(fb.places), dict(fa.entities), dict(fb.entities)
    same = match_keys(pa, pb)
    matched_a = {x for x, _ in same}
    matched_b = {y for _, y in same}
    for x, y in match_keys({k: v for k, v in pa.items() if k not in matched_a}, eb):
        pb[y] = eb.pop(y)
    for y, x in match_keys({k: v for k, v in pb.items() if k not in matched_b}, ea):
        pa[x] = ea.pop(x)
    return pa, pb, ea, eb


def _overall(scores: Mapping[str, float | None], rules: GroupRules) -> float:
    num = den = 0.0
    for dim, w in rules.weights:
        s = scores.get(dim)
        if s is not None:
            num += w * s
            den += w
        elif rules.unknown_weight > 0:
            # Absent evidence counts a little, at a neutral-to-low value.
            num += w * rules.unknown_weight * rules.unknown_value
            den += w * rules.unknown_weight
    return num / den if den else 0.0


def _scores(fa: DocFeatures, fb: DocFeatures, rules: GroupRules, evidence: dict[str, list[str]] | None,
            *, sentences: bool) -> dict[str, float | None]:
    ev = evidence if evidence is not None else {}
    want = evidence is not None
    for dim in DIMENSIONS:
        ev.setdefault(dim, [])
    pa, pb, ea, eb = _relabel(fa, fb)
    out: dict[str, float | None] = {
        "geography": _name_overlap(pa, pb, fa, fb, set(), "places", rules,
                                   ev["geography"] if want else None),
        "entities": _name_overlap(ea, eb, fa, fb, fa.persons | fb.persons,
                                  "people or organisations", rules, ev["entities"] if want else None),
        "time": _time(fa, fb, rules, ev["time"] if want else None),
    }
    if sentences or (fa.semantic is not None and fb.semantic is not None
                     and fa.sentence_vectors is not None and fb.sentence_vectors is not None):
        out["narrative"] = _narrative(fa, fb, rules, ev["narrative"] if want else None, extras=sentences)
    else:
        out["narrative"] = _document_narrative(fa, fb, rules)
    return out


def time_factor(fa: DocFeatures, fb: DocFeatures, rules: GroupRules) -> float:
    """1 for reports published within rules.gap_grace_days of each other (or
    undated); beyond, falling linearly to 0 at publication_horizon_days: two
    reports weeks or years apart are one story only on event-specific
    evidence, a date both give to the day (an anniversary piece, a trial
    years after the crime), which keeps the factor at 1."""
    if fa.day is None or fb.day is None:
        return 1.0
    gap = abs(fa.day - fb.day)
    if gap <= rules.gap_grace_days:
        return 1.0
    if any(len(k) == 10 and k in fb.dates for k in fa.dates):
        return 1.0
    return max(0.0, 1.0 - (gap - rules.gap_grace_days) / max(1.0, rules.publication_horizon_days - rules.gap_grace_days))


def weekdays_named(f: DocFeatures, rules: GroupRules) -> set[str]:
    """The weekdays (data [time] weekdays) among an article's words."""
    return {w for w in rules.weekdays if w in f.counts}


def weekday_factor(fa: DocFeatures, fb: DocFeatures, rules: GroupRules) -> float:
    """rules.weekday_factor when the two reports are not both dated and each
    names a weekday, none in common; else 1.  Reports of one event name the
    day it happened; two events of one subject weeks apart, with no
    publication date to tell them apart, name two days (weekly jobless
    claims "on Thursday" against a court step "on Monday").  Both dated, the
    dates say it (:func:`time_factor`)."""
    if rules.weekday_factor >= 1.0 or (fa.day is not None and fb.day is not None):
        return 1.0
    a = weekdays_named(fa, rules)
    if not a:
        return 1.0
    b = weekdays_named(fb, rules)
    return rules.weekday_factor if b and not (a & b) else 1.0


def count_factor(fa: DocFeatures, fb: DocFeatures, rules: GroupRules) -> float:
    """rules.count_factor when the two reports count the same things and
    agree on none of them: each noun both count ("doses", "%", "jobs") has
    no figure on one side within the range of one on the other, and exact
    figures on both (a hedged or vague count, "about 400", "several houses",
    may agree but never disagrees).  Two events of one subject give their
    own figures (20 million doses against 60 million, 412,000 jobless
    claims against 385,000); the reports of one event mostly share at least
    one of theirs (data group_similarity.toml [counts])."""
    if rules.count_factor >= 1.0 or not fa.count_ranges or not fb.count_ranges:
        return 1.0
    return rules.count_factor if counts_disagreeing(fa, fb) else 1.0


def counts_disagreeing(fa: DocFeatures, fb: DocFeatures) -> list[str]:
    """The nouns both reports count with exact figures that disagree, when
    no noun both count agrees (else an empty list): what
    :func:`count_factor` scales for."""
    a, b = fa.count_ranges, fb.count_ranges
    out = []
    for noun in sorted(a.keys() & b.keys()):
        if any(lo1 <= hi2 and lo2 <= hi1 for lo1, hi1, _ in a[noun] for lo2, hi2, _ in b[noun]):
            return []  # one figure in common (within its range)
        if any(x[2] for x in a[noun]) and any(y[2] for y in b[noun]):
            out.append(noun)
    return out


def pair_score(fa: DocFeatures, fb: DocFeatures, *, rules: GroupRules | None = None) -> float:
    """Overall 0..1 similarity from document-level features only (no
    sentence alignment, no evidence): what clustering uses, fast."""
    rules = rules or group_rules()
    return _overall(_scores(fa, fb, rules, None, sentences=False), rules) * time_factor(fa, fb, rules)


def compare_features(fa: DocFeatures, fb: DocFeatures, *, rules: GroupRules | None = None) -> Similarity:
    """Full similarity with evidence, from precomputed features."""
    rules = rules or group_rules()
    evidence: dict[str, list[str]] = {}
    scores = _scores(fa, fb, rules, evidence, sentences=True)
    overall = _overall(scores, rules)
    known = [d for d in DIMENSIONS if scores[d] is not None]
    evidence["overall"] = [f"weighted mean of {', '.join(known) or 'nothing'} "
                           f"({overall:.2f} on 0-1)"]
    factor = time_factor(fa, fb, rules)
    if factor < 1.0:
        overall *= factor
        evidence["overall"].append(f"published {abs(fa.day - fb.day)} days apart with no day-precise date in "
                                   f"common: scaled by {factor:.2f} ({overall:.2f})")
    if weekday_factor(fa, fb, rules) < 1.0:
        # Shown so that a user reading a story sees why two reports of one
        # subject were kept apart, or how weakly a pair inside it is held.
        da, db = (", ".join(sorted(w.capitalize() for w in weekdays_named(f, rules))) for f in (fa, fb))
        evidence["time"].append(f"no weekday in common (A: {da}; B: {db}) and no publication dates to settle "
                                f"it: the link between them counts x{rules.weekday_factor:g}")
    nouns = counts_disagreeing(fa, fb) if rules.count_factor < 1.0 else []
    if nouns:
        da, db = ("; ".join(t for k, t in sorted(f.numbers.items()) if k.partition(" ")[2] in nouns)
                  for f in (fa, fb))
        evidence["overall"].append(f"they count the same things and agree on no figure (A: {da}; B: {db}): "
                                   f"the link between them counts x{rules.count_factor:g}")
    return Similarity(
        a=fa.id, b=fb.id, overall=to_scale(overall),
        geography=to_scale(scores["geography"]), entities=to_scale(scores["entities"]),
        time=to_scale(scores["time"]), narrative=to_scale(scores["narrative"]),
        evidence=evidence,
    )


def compare(a: AnalyzedArticle, b: AnalyzedArticle, *, config: Config | None = None) -> Similarity:
    """How alike two articles are, per dimension, with the evidence (no
    setting is read: ``config`` is accepted for older callers)."""
    rules = group_rules()
    return compare_features(doc_features(a, rules=rules), doc_features(b, rules=rules), rules=rules)
