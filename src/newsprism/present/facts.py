"""What a brief puts first: the key facts of a story, ranked, and its title.

Both work on the export document (plain dicts), so that the JSON export
(``key_facts``), the Markdown and the HTML brief and the story list say the
same thing.  The salience of a claim and its weights are documented in
data/present_brief.toml (``[key_facts]``) and the README.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from ..data import load_toml
from ..unionfind import UnionFind

__all__ = ["claim_salience", "is_key_fact_candidate", "rank_key_facts", "best_headline", "story_sources",
           "parts_shown_whole"]

Doc = dict[str, Any]


def _weights() -> dict[str, Any]:
    return load_toml("present_brief.toml")["key_facts"]


def _mention_index(story: Mapping[str, Any]) -> dict[tuple[str, int], float]:
    """(article, sentence) -> the highest salience of an entity named there."""
    out: dict[tuple[str, int], float] = {}
    for e in story.get("entities", []):
        sal = float(e.get("salience") or 0.0)
        for m in e.get("mentions", []):
            key = (m[0], int(m[1]))
            out[key] = max(out.get(key, 0.0), sal)
    return out


def _conflict_claims(story: Mapping[str, Any]) -> set[str]:
    return {k["claim"] for k in story.get("conflicts", []) if k.get("claim")}


def is_key_fact_candidate(claim: Mapping[str, Any], titles: Mapping[str, str], *,
                          in_conflict: bool = False) -> bool:
    """A claim that may stand among the key facts: not disputed (the
    conflicts come first), not page furniture, not a fragment."""
    # Imported here: importing any module of reconcile runs the package's
    # __init__, which imports every reconcile step, and the web app's first
    # page (key facts already in the kept export) never gets here.
    from ..reconcile.furniture import furniture_kind

    if in_conflict or claim.get("verdict") == "conflicting":
        return False
    text = claim.get("text") or ""
    if len(re.findall(r"\w+", text)) < int(_weights()["min_words"]):
        return False
    reports = [r for r in claim.get("reports", []) if r.get("article")]
    first = reports[0]["article"] if reports else ""
    if furniture_kind(text, title=titles.get(first, "")):
        return False
    # every report furniture: a caption echoed by a caption
    return not reports or not all(furniture_kind(r.get("text") or "", title=titles.get(r["article"], ""))
                                  for r in reports if r.get("text"))


def claim_salience(claim: Mapping[str, Any], mentions: Mapping[tuple[str, int], float]) -> float:
    """The weight of a claim in its story (see ``[key_facts]`` in data/present_brief.toml)."""
    w = _weights()
    indep = max(int(claim.get("independent_sources") or 0), 1)
    window = max(int(w["lead_window"]), 1)
    sents = [(r["article"], int(r["sentence"])) for r in claim.get("reports", [])
             if r.get("article") and r.get("sentence") is not None and int(r["sentence"]) >= 0]
    position = max((max(0.0, 1.0 - s / window) for _, s in sents), default=0.0)
    centrality = max((mentions.get(k, 0.0) for k in sents), default=0.0)
    dated = any(v.get("slot") in ("when", "how_many") for v in claim.get("values", []) if isinstance(v, Mapping))
    return (float(w["independent"]) * (indep - 1) + float(w["lead"]) * position
            + float(w["entities"]) * centrality + float(w["events"]) * dated)


def rank_key_facts(story: Mapping[str, Any], titles: Mapping[str, str], *, limit: int | None = None) -> list[str]:
    """The ids of the story's key facts, most salient first, at most ``limit``
    (default: ``[key_facts] limit``).  Ties keep the claims' order."""
    limit = int(_weights()["limit"]) if limit is None else limit
    mentions = _mention_index(story)
    disputed = _conflict_claims(story)
    inside = _said_inside_another(story)
    scored = []
    for pos, c in enumerate(story.get("claims", [])):
        if not c.get("id") or c["id"] in inside \
                or not is_key_fact_candidate(c, titles, in_conflict=c["id"] in disputed):
            continue
        scored.append((-round(claim_salience(c, mentions), 6), pos, c["id"]))
    scored.sort()
    return [cid for _, _, cid in scored[:limit]]


def _said_inside_another(story: Mapping[str, Any]) -> set[str]:
    """Claims every report of which is part of a longer claim of the same
    sentence: a fact stated in passing ("X, head of the fire service") beside
    the whole sentence that states it ("X, head of the fire service, said
    ..."). The whole sentence is the key fact; the part stays under All claims.
    Not a part that other sources corroborate when a longer claim holding it
    is not corroborated: "Biden on Friday fired Commissioner Saul", told by
    three outlets each with its own circumstance, is the key fact, not one
    outlet's whole sentence."""
    by_sentence: dict[tuple[str, int], list[tuple[str, str]]] = {}
    for c in story.get("claims", []):
        for r in c.get("reports", []):
            if r.get("article") and r.get("sentence") is not None:
                by_sentence.setdefault((r["article"], int(r["sentence"])), []).append(
                    (c.get("id"), r.get("text") or "", c.get("verdict") == "corroborated"))
    out = set()
    for c in story.get("claims", []):
        reports = [r for r in c.get("reports", []) if r.get("article") and r.get("sentence") is not None]
        mine = c.get("verdict") == "corroborated" and len({r["article"] for r in reports}) > 1
        if reports and all(any(cid != c.get("id") and len(t) > len(r.get("text") or "") and (r.get("text") or "") in t
                               and (host or not mine)
                               for cid, t, host in by_sentence[(r["article"], int(r["sentence"]))])
                           for r in reports):
            out.add(c.get("id"))
    return out


def parts_shown_whole(story: Mapping[str, Any]) -> dict[str, str]:
    """Claims that All claims shows as part of a longer line, each with the
    id of that line: a part cut from inside one sentence ("31 dead, including
    four firefighters" of "The official toll stood at 31 dead, including
    four firefighters, and more than 150 injured") that no other article
    restates.  Its own line would repeat a statement the reader already has,
    and a conflict on its figure would show twice.  A part stays a line of
    its own when another article restates it (its reports then say something
    the sentence's line does not: who else gives it) or when its verdict is
    not the longer line's (a conflict only the part is in belongs to it).

    A part that a corroborated line holds whole says nothing new either,
    however many articles give it: every one of its reports lies inside a
    report of that line (so the line already names who gives it), the line
    has at least its independent sources, and the line's text states it
    (reconcile/verdicts.py states_most_of).  Read on ECB+ dev: the core of
    "This is the fifth successful anti-piracy operation ..., which commenced
    in September", one outlet's four copies, stood as a single-source line
    beside the corroborated sentence of ten reports.  Its claim, evidence
    and anchor stay; only the brief's second line goes."""
    claims = [c for c in story.get("claims", []) if c.get("id")]
    by_sentence: dict[tuple[str, int], list[Mapping[str, Any]]] = {}
    for c in claims:
        for r in c.get("reports", []):
            if r.get("article") and r.get("sentence") is not None:
                by_sentence.setdefault((r["article"], int(r["sentence"])), []).append(c)
    out: dict[str, str] = {}
    for c in claims:
        reports = [r for r in c.get("reports", []) if r.get("article") and r.get("sentence") is not None]
        if not reports:
            continue
        one_article = len({r["article"] for r in reports}) == 1
        hosts = None
        for r in reports:
            text = r.get("text") or ""
            here = {h["id"] for h in by_sentence[(r["article"], int(r["sentence"]))]
                    if h["id"] != c["id"] and h["id"] not in out
                    and ((one_article and h.get("verdict") == c.get("verdict")) or _holds_whole(h, c))
                    and any(len(t) > len(text) and text in t
                            for t in (x.get("text") or "" for x in h.get("reports", [])
                                      if x.get("article") == r["article"] and x.get("sentence") == r["sentence"]))}
            hosts = here if hosts is None else hosts & here
        if hosts:
            # The first host in the story's order: deterministic.
            out[c["id"]] = next(h["id"] for h in claims if h["id"] in hosts)
    return out


def _holds_whole(host: Mapping[str, Any], part: Mapping[str, Any]) -> bool:
    """Whether a corroborated line says all a part of its sentences says
    (:func:`parts_shown_whole`): as many independent sources or more, and
    its text states the part's.  A part in a conflict keeps its line."""
    if host.get("verdict") != "corroborated" or part.get("verdict") not in ("corroborated", "single-source"):
        return False
    if int(host.get("independent_sources") or 0) < int(part.get("independent_sources") or 0):
        return False
    # Imported here, as in is_key_fact_candidate: the reconcile package's
    # __init__ imports every reconcile step.
    from ..reconcile.verdicts import states_most_of

    return states_most_of(part.get("text") or "", host.get("text") or "")


def story_sources(story: Mapping[str, Any]) -> int:
    """How many independent sources the story's articles come down to: an
    article that cites, copies or reuses another (or two wire copies of one
    agency) count once."""
    ids = list(story.get("articles", []))
    families = UnionFind(ids)
    for d in story.get("derivations", []):
        if d.get("derived") and d.get("source"):
            families.union(d["derived"], d["source"])
    return len({families.find(a) for a in ids})


def _is_real_headline(article: Mapping[str, Any]) -> int:
    """How much a title is a real headline: 2 from metadata, a sidecar or the
    page; 1 from the text's own first line; 0 when it was cut from the first
    sentence (or ends in an ellipsis); -1 when it is no headline at all (a
    web address: ``[headline]`` in data/present_brief.toml)."""
    title = (article.get("title") or "").strip()
    if any(re.match(p, title, re.IGNORECASE) for p in load_toml("present_brief.toml")["headline"]["not_headline"]):
        return -1
    if not title or title.endswith(("…", "...")):
        return 0
    source = (article.get("meta_sources") or {}).get("title", "")
    if source.startswith("text:first-sentence"):
        return 0
    if source.startswith("text:"):
        return 1
    return 2


def best_headline(story: Mapping[str, Any], articles: Mapping[str, Mapping[str, Any]]) -> str:
    """The story's title: the best real headline among its articles (from
    metadata before one read off the text, a title cut from a first sentence
    last); among equals, the one the grouping chose, then the earliest
    article."""
    chosen = story.get("headline") or ""
    members = [articles[a] for a in story.get("articles", []) if a in articles and articles[a].get("title")]
    if not members:
        return chosen
    best = max(range(len(members)), key=lambda i: (_is_real_headline(members[i]),
                                                    members[i].get("title") == chosen, -i))
    if _is_real_headline(members[best]) <= 0 and chosen and _is_real_headline({"title": chosen}) >= 0:
        return chosen
    if _is_real_headline(members[best]) < 0:
        # No article has a headline (each title is a page stamp): the first
        # sentence of the first article that is no stamp itself.
        for article in members:
            text = article.get("text") or ""
            for sent in article.get("sentences") or []:
                line = " ".join(text[sent.get("start", 0):sent.get("end", 0)].split())
                if len(line.split()) >= 3 and _is_real_headline({"title": line}) >= 0:
                    return line
    return members[best].get("title") or chosen
