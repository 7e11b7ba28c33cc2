"""Why articles were put in one story: the evidence, summarised per story.

Works on the export document (schema newsprism/1), so the CLI, the web UI
and any reader of the JSON see the same thing:

* the names (people, places, organisations) and the dates that at least two
  members give;
* the key terms several members share, ranked by their rarity in the whole
  document (a word every story uses says nothing);
* the pair scores inside the story (SemEval-2022 Task 8 scale, 1 very
  similar ... 4 very dissimilar) and the weakest pair, with what its two
  articles share, so that a bad merge shows as a story whose weakest pair is
  "somewhat dissimilar" and shares no name;
* the steps of the clusterer that joined or split its articles (the
  story's ``grouping`` in the document, cluster.StoryStep): which rule, how
  many articles on each side, at what value, and the setting that moves it.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..errors import E
from .features import _zipf, group_rules

__all__ = ["ArticleWords", "article_words", "evidence_for_all", "scale_label", "step_evidence", "story_evidence", "words_key"]

_WORD = re.compile(r"[^\W\d_]{3,}", re.UNICODE)
_SCALE = {1: "very similar", 2: "somewhat similar", 3: "somewhat dissimilar", 4: "very dissimilar"}
_DOUBTFUL = 3.0  # a weakest pair "somewhat dissimilar" at 3 or worse gets a hint (E073); the three seed reports of one event have 2.99


def scale_label(value: float) -> str:
    """The words of a score on the 1-4 similarity scale (SemEval-2022 Task 8)."""
    return _SCALE[min(4, max(1, math.floor(value + 0.5)))]


_label = scale_label


def _words(text: str, stop_zipf: float, zipf: dict[str, float]) -> set[str]:
    # Each distinct word weighed once (``zipf``, the caller's memo): a
    # corpus's articles repeat their words, and wordfreq's look-up was most
    # of the web app's first page (208,491 look-ups on ECB+ for the words
    # of its 772 articles).
    out = set()
    for w in {m.group(0).lower() for m in _WORD.finditer(text or "")}:
        z = zipf.get(w)
        if z is None:
            z = zipf[w] = _zipf()(w, "en")
        if z < stop_zipf:
            out.add(w)
    return out


def _doc_frequencies(doc: Mapping[str, Any], stop_zipf: float,
                     bags_of: Mapping[str, Mapping[str, float]] | None = None,
                     ) -> tuple[Counter[str], dict[str, Any], dict[str, float]]:
    # ``bags_of``: article id -> its word bag (word -> Zipf value, the words
    # rarer than ``stop_zipf``: article_words), kept by the caller; an
    # article without one has its words weighed here.
    zipf: dict[str, float] = {}
    bags: dict[str, Any] = {}
    for a in doc.get("articles", []):
        bag = bags_of.get(a["id"]) if bags_of is not None else None
        if bag is None:
            bags[a["id"]] = _words(a.get("text", ""), stop_zipf, zipf)
        else:
            bags[a["id"]] = bag.keys()  # the words (a Counter updated with a mapping would add its values)
            zipf.update(bag)
    df: Counter[str] = Counter()
    for bag in bags.values():
        df.update(bag)
    return df, bags, zipf


def words_key(text: str, stop_zipf: float) -> str:
    """The key an article's word bag is kept under (:func:`article_words`):
    a hash of its text, of what a word is and of the bar of common words.
    Zipf values are wordfreq's data, fixed by its installed version, which
    the key names too."""
    raw = json.dumps([_WORD.pattern, stop_zipf, _wordfreq_version(), text or ""], ensure_ascii=False)
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:32]


@cache
def _wordfreq_version() -> str:
    from importlib.metadata import version

    return version("wordfreq")


@dataclass
class ArticleWords:
    """:func:`article_words`' result: ``bags`` article id -> its word bag
    (word -> Zipf value); ``new`` the bags weighed in this call, by key, for
    the caller to keep; ``keys`` every bag key of the document."""

    bags: dict[str, Mapping[str, float]]
    new: dict[str, dict[str, float]]
    keys: set[str]


def article_words(doc: Mapping[str, Any], *, kept: Callable[[list[str]], Mapping[str, Mapping[str, float]]]
                  ) -> ArticleWords:
    """Each article's word bag (word -> its Zipf value, for the words rarer
    than the common-word bar): the words :func:`evidence_for_all` counts.
    ``kept``: bag key (:func:`words_key`) -> bag, for the keys asked (a
    store's); only the texts it has no bag for are weighed here: weighing
    every article's words again was most of the evidence's cost on each run
    (about 1.2 of 1.9 CPU s at 5,000 articles, bench/RESULTS.md, session
    20)."""
    stop_zipf = group_rules().stop_zipf
    key_of = {a["id"]: words_key(a.get("text", ""), stop_zipf) for a in doc.get("articles", [])}
    keys = set(key_of.values())
    have: dict[str, Mapping[str, float]] = dict(kept(sorted(keys)))
    zipf: dict[str, float] = {}
    new: dict[str, dict[str, float]] = {}
    for a in doc.get("articles", []):
        k = key_of[a["id"]]
        if k not in have:
            words = _words(a.get("text", ""), stop_zipf, zipf)
            have[k] = new[k] = {w: zipf[w] for w in sorted(words)}
    return ArticleWords(bags={a: have[k] for a, k in key_of.items()}, new=new, keys=keys)


def story_evidence(doc: Mapping[str, Any], story: Mapping[str, Any], *, limit: int = 6,
                   _df: tuple[Counter[str], dict[str, Any], dict[str, float]] | None = None,
                   _sims: Sequence[Mapping[str, Any]] | None = None) -> dict[str, Any]:
    """What the members of ``story`` share: names, dates, key terms, pair
    scores and the weakest pair (plain data, for the CLI, web UI and API)."""
    rules = group_rules()
    ids = list(story.get("articles", []))
    n = len(ids)
    out: dict[str, Any] = {"names": [], "dates": [], "terms": [], "pairs": 0, "mean": None, "weakest": None,
                           "hint": None, "steps": [step_evidence(st) for st in story.get("grouping", [])]}
    if n < 2:
        return out
    members = set(ids)
    names = [(len(set(e.get("articles", [])) & members), e.get("name", "")) for e in story.get("entities", [])]
    out["names"] = [f"{name} ({k}/{n})" for k, name in sorted(names, key=lambda t: (-t[0], t[1]))
                    if k >= 2][:limit]
    by_date: dict[str, set[str]] = {}
    for t in story.get("timeline", []):  # several timeline entries can share a date
        by_date.setdefault(t.get("date", ""), set()).update(set(t.get("articles", [])) & members)
    dates = [(len(arts), d) for d, arts in by_date.items()]
    out["dates"] = [f"{d} ({k}/{n})" for k, d in sorted(dates, key=lambda t: (-t[0], t[1])) if k >= 2 and d][:limit]
    df, bags, zipf = _df or _doc_frequencies(doc, rules.stop_zipf)
    total = max(1, len(bags))
    # Words of the story's names are already listed as names.
    in_names = {w.lower() for e in story.get("entities", [])
                for name in [e.get("name", ""), *e.get("variants", [])] for w in _WORD.findall(name or "")}
    inside: Counter[str] = Counter(w for a in ids for w in bags.get(a, ()) if w not in in_names)
    # Rare here and rare in English: "blast" over "began".  The document's
    # rarity never reaches 0 (log((1 + n) / df), df >= 2 here): in a document
    # that is one story (two articles, say) every shared word is in every
    # article, and log((1 + n) / (1 + df)) weighed them all 0, so the terms
    # came out in alphabetical order ("air, another, attempt") instead of by
    # their rarity in English ("annexation, borders").
    ranked = sorted(((k * math.log((1 + total) / df[w]) * (rules.idf_ceiling - zipf[w]), w, k)
                     for w, k in inside.items() if k >= 2),
                    key=lambda t: (-t[0], t[1]))
    out["terms"] = [f"{w} ({k}/{n})" for _, w, k in ranked[:limit]]
    sims = _sims if _sims is not None else _pairs_inside(doc.get("similarity", []), members)
    if sims:
        out["pairs"] = len(sims)
        out["mean"] = round(sum(float(s["overall"]) for s in sims) / len(sims), 2)
        worst = max(sims, key=lambda s: (float(s["overall"]), s["a"], s["b"]))
        ev = worst.get("evidence") or {}
        shared = [x for d in ("entities", "geography", "time") for x in ev.get(d, [])
                  if x.startswith("both ")][:3]
        out["weakest"] = {"a": worst["a"], "b": worst["b"], "overall": float(worst["overall"]),
                          "label": _label(float(worst["overall"])), "shared": shared}
        # A weakest pair "somewhat dissimilar" or worse is how a bad merge
        # shows: say which setting to move, and which way.
        if float(worst["overall"]) >= _DOUBTFUL:
            out["hint"] = E.E073
    return out


def _n(k: int) -> str:
    return f"{k} article{'s' if k != 1 else ''}"


def step_evidence(step: Mapping[str, Any]) -> dict[str, Any]:
    """One grouping step of a story (its ``grouping`` entry in the
    document) as plain data and in words: ``rule``, ``sizes`` (articles of
    each part), the step's values, ``text`` and ``hint`` (which setting to
    move if the step was wrong; None when the other evidence says it)."""
    rule = step.get("rule", "")
    sizes = [len(p) for p in step.get("parts", [])]
    link, lead, between = step.get("link"), step.get("lead_cosine"), step.get("between")
    at = f"mean link {link:.2f}; 1 is the bar, higher is closer" if link is not None else ""
    hint = None
    if rule == "linkage":
        text = (f"{_n(sizes[0])} linked by average linkage over nearest neighbours"
                + (f" (weakest merge at {at})" if at else ""))
    elif rule in ("attach", "recheck") and len(sizes) == 2:
        text = (f"a piece of {_n(sizes[1])} joined {_n(sizes[0])}: it meets their centroid"
                + (" after the split had cut it off (data [corpus] recheck_cuts)" if rule == "recheck"
                   else " (group.attach_piece)")
                + (f", least test {link:.2f} of its bar" if link is not None else ""))
    elif rule == "reassign" and len(sizes) == 2:
        text = f"{_n(sizes[1])} moved here from a story it met less well" + (f" ({at})" if at else "")
        if link is not None and link < 1.0:
            # under the bar: it met its own story worse still (data [corpus] reassign_floor)
            text += "; under the bar, but clearly over its mean link with its own story (data [corpus] reassign_margin)"
    elif rule == "split" and len(sizes) == 2:
        text = f"cut apart from {_n(sizes[1])}: more alike inside than across (group.split_margin)"
    elif rule == "split_specific" and len(sizes) == 2:
        text = (f"cut apart from {_n(sizes[1])} that share next to none of its specific names, counts and dates"
                + (f" (mean {between:.2f} across, group.split_max_between)" if between is not None else ""))
    elif rule == "leads" and len(sizes) == 2:
        text = (f"two stories of full articles ({sizes[0]} + {sizes[1]}) joined because their leads agree"
                + (f" ({at}" if at else " (") + (f", lead cosine {lead:.2f})" if lead is not None else ")"))
        hint = E.E074
    elif rule == "copy" and len(sizes) == 2:
        text = (f"{_n(sizes[1])}, a copy of a member ("
                + (f"shingle overlap {between:.2f}, " if between is not None else "") + "group.minhash_threshold)")
    elif rule == "stream":
        text = f"{_n(sizes[0] if sizes else 0)} linked in publication order by the streaming clusterer " \
               "(more articles than group.batch_max_articles)"
    else:
        text = f"{rule}: " + " + ".join(str(k) for k in sizes)
    return {"rule": rule, "sizes": sizes, "link": link, "lead_cosine": lead, "between": between, "text": text,
            "hint": hint}


def _pairs_inside(sims: Sequence[Mapping[str, Any]], members: set[str]) -> list[Mapping[str, Any]]:
    return [s for s in sims if s.get("a") in members and s.get("b") in members]


def evidence_for_all(doc: Mapping[str, Any], stories: Sequence[Mapping[str, Any]], *,
                     words: Mapping[str, Mapping[str, float]] | None = None) -> dict[str, dict[str, Any]]:
    """story id -> :func:`story_evidence`, counting the document's words once
    and sorting its similarities by story once (each story scanning every
    similarity was a third of the page on AllSides' 707 stories).
    ``words``: article id -> its word bag (:func:`article_words`) where the
    caller kept one; the result is the same with or without."""
    df = _doc_frequencies(doc, group_rules().stop_zipf, words)
    stories_of: dict[str, list[int]] = {}
    for i, story in enumerate(stories):
        for a in set(story.get("articles", [])):
            stories_of.setdefault(a, []).append(i)
    inside: dict[int, list[Mapping[str, Any]]] = {i: [] for i in range(len(stories))}
    for sim in doc.get("similarity", []):  # in the document's order, as _pairs_inside keeps it
        b = set(stories_of.get(sim.get("b"), ()))
        for i in stories_of.get(sim.get("a"), ()):
            if i in b:
                inside[i].append(sim)
    return {s["id"]: story_evidence(doc, s, _df=df, _sims=inside[i]) for i, s in enumerate(stories)}
