"""The brief, rendered from the export document, so that the Markdown, the
HTML and the JSON always say the same thing.

:func:`story_view` turns one story of the document into a plain view (dicts
and lists) in which every line carries references to the article and
sentence it comes from; the Markdown writer below and the Jinja2 templates
(HTML brief and web UI) both render that view.  Article text is untrusted:
the Markdown writer escapes it itself, the templates autoescape.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from importlib import resources
from typing import Any
from urllib.parse import urlsplit

from ..data import load_toml
from ..errors import E, NewsprismError
from . import svg
from .changes import claim_anchor, conflict_anchor
from .facts import best_headline, parts_shown_whole, rank_key_facts, story_sources

__all__ = [
    "render_markdown",
    "render_html",
    "select_story",
    "format_story_list",
    "story_view",
    "article_view",
    "compare_view",
    "story_summary",
    "summary_line",
    "labels",
    "jinja_env",
]

Doc = dict[str, Any]


@cache
def labels() -> dict[str, Any]:
    """The wording of the brief (data/present_brief.toml)."""
    return load_toml("present_brief.toml")


# ------------------------------------------------------------------ helpers


def _articles(doc: Doc) -> dict[str, dict[str, Any]]:
    return {a["id"]: a for a in doc.get("articles", [])}


def _claim_badge(claim: Mapping[str, Any], conflicts: Sequence[Mapping[str, Any]]) -> str:
    """The verdict's label; "Updated" for a conflicting claim whose reports
    take a side only in updates (a rising toll: the figure changed, the
    sources do not disagree).  Its conflicts are found by the sentences their
    sides cite."""
    verdict = claim.get("verdict", "")
    label = labels()["verdict_label"]
    if verdict == "conflicting" and "updated" in label:
        cited = {(r.get("article"), r.get("sentence")) for r in claim.get("reports", [])}
        kinds = {k.get("kind") or "" for k in conflicts
                 if any((r.get("article"), r.get("sentence")) in cited
                        for side in k.get("sides", []) for r in side.get("sentences", []))}
        if kinds == {"update"}:
            return label["updated"]
    return label.get(verdict, verdict)


def sentence_text(article: dict[str, Any], index: int) -> str:
    sents = article.get("sentences") or []
    if 0 <= index < len(sents):
        s = sents[index]
        text = s.get("text")
        if text is None:
            text = article.get("text", "")[s["start"] : s["end"]]
        return " ".join(text.split())
    return ""


def _short_labels(story_articles: list[str], articles: dict[str, dict[str, Any]]) -> dict[str, str]:
    """A short, unique handle per article, readable in a reference: its
    outlet, else its URL's host, else its file name as written. A word taken
    out of a URL path or a file name ("2010", "story", "tunnels") reads as if
    it were a source, so no such word is used alone. Two articles with the
    same handle get their id prefix after it."""
    tokens = {}
    for aid in story_articles:
        art = articles.get(aid) or {}
        tokens[aid] = _article_handle(art) or aid[:8]
    counts: dict[str, int] = {}
    for t in tokens.values():
        counts[t] = counts.get(t, 0) + 1
    return {aid: (f"{t} {aid[:6]}" if counts[t] > 1 else t) for aid, t in tokens.items()}


def _article_handle(art: dict[str, Any]) -> str:
    if art.get("outlet"):
        return str(art["outlet"])
    url = str(art.get("url") or "")
    host = urlsplit(url).hostname if "://" in url else None
    if host:
        return host.removeprefix("www.")
    path = str(art.get("path") or "").split("#")[0].split("?")[0].rstrip("/")
    name = path.rsplit("/", 1)[-1]
    # 30 characters keep a reference on one line; the full name is in the sources table
    return name if len(name) <= 30 else name[:29] + "…"


def _day(value: str | None) -> str:
    return (value or "")[:10]


def date_label(value: str | None, precision: str | None = None) -> str:
    """A date as a reader says it: "12 March 2024", "September 2023", "2014",
    "the 2010s"; anything unparsed is shown as written."""
    if not value:
        return "undated"
    months = labels()["dates"]["months"]
    if "/" in value:
        a, _, b = value.partition("/")
        return f"{date_label(a)} – {date_label(b)}"
    yearless = re.match(r"^--(\d{2})(?:-(\d{2}))?$", value)
    if yearless:  # "--09", "--01-10": no year was given or could be inferred
        mo, d = yearless.groups()
        if not 1 <= int(mo) <= 12:
            return value
        return (f"{int(d)} " if d else "") + f"{months[int(mo) - 1]} (year not given)"
    m = re.match(r"^(\d{3,4})(?:-(\d{2}))?(?:-(\d{2}))?(.*)$", value)
    if not m:
        return value
    y, mo, d, rest = m.groups()
    if len(y) == 3:
        return f"the {y}0s"
    try:
        if mo and d:
            out = f"{int(d)} {months[int(mo) - 1]} {y}"
        elif mo:
            out = f"{months[int(mo) - 1]} {y}"
        else:
            out = y
    except (IndexError, ValueError):
        return value
    if rest and not rest.startswith("T"):
        out += f" ({rest.lstrip('-')})"  # e.g. "-early" for part of a month
    return out


# --------------------------------------------------------------- the view


class _Refs:
    """Collects every (article, sentence) the brief cites, for the appendix."""

    def __init__(self, articles: dict[str, dict[str, Any]], short: dict[str, str]) -> None:
        self.articles = articles
        self.short = short
        self.cited: dict[str, set[int]] = {}

    def label(self, aid: str) -> str:
        return self.short.get(aid) or aid[:8]

    def ref(self, aid: str, sentence: int | None, text: str | None = None) -> dict[str, Any]:
        art = self.articles.get(aid) or {}
        if sentence is None or sentence < 0:
            return {"article": aid, "sentence": None, "label": self.label(aid), "anchor": f"a-{aid}",
                    "text": text or "", "outlet": art.get("outlet") or ""}
        self.cited.setdefault(aid, set()).add(int(sentence))
        return {
            "article": aid,
            "sentence": int(sentence),
            "label": f"{self.label(aid)} s{sentence}",
            "anchor": f"a-{aid}-s{sentence}",
            "text": " ".join((text or sentence_text(art, int(sentence))).split()),
            "outlet": art.get("outlet") or "",
        }

    def reports(self, reports: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
        out, seen = [], set()
        for r in reports:
            key = (r.get("article"), r.get("sentence"))
            if key in seen or not r.get("article"):
                continue
            seen.add(key)
            out.append(self.ref(r["article"], r.get("sentence"), r.get("text")))
        return out


def _unconfirmed(claim: dict[str, Any], p: dict[str, Any]) -> bool:
    """Whether an aligned pair of a claim is two independent sources that
    were read alike but not confirmed as one statement: a single-source
    claim's pair across source families (marked ``independent`` whether read or not)
    scored under the corroboration bar, or it would be corroborated."""
    return claim.get("verdict") == "single-source" and bool(p.get("independent"))


def _why_matched(claim: dict[str, Any], refs: _Refs, *, retold_only: bool = False) -> list[str]:
    """One line per aligned pair of a claim's reports: why they were matched
    (the classifier's probability, the sentence cosine, what they share).
    ``retold_only``: only the pairs matched as a retelling's restatement of
    its source (the classifier alone would have kept them apart) and the
    pairs of independent sources grouped but not confirmed."""
    lab = labels()
    out = []
    for p in claim.get("alignment") or []:
        unconfirmed = _unconfirmed(claim, p)
        if retold_only and not (p.get("retelling") or unconfirmed):
            continue
        a, b = p.get("a") or {}, p.get("b") or {}
        shared = [*p.get("shared_numbers", []), *p.get("shared_names", []), *p.get("shared_words", [])]
        # A pair the retelling rule matched is one the classifier kept under
        # its bar: its probability is not "same statement"; nor is the
        # probability of a pair whose reading did not confirm it.
        if unconfirmed:
            said = lab["unconfirmed"]["pair"]
        elif p.get("retelling"):
            said = "a retelling's restatement, classifier"
        else:
            said = "same statement"
        line = (f"{refs.label(a.get('article', ''))} s{a.get('sentence')} ~ {refs.label(b.get('article', ''))} "
                f"s{b.get('sentence')}: {said} p={p.get('probability', 0):.2f}, "
                f"meaning cosine {p.get('cosine', 0):.2f}")
        if unconfirmed and "cross_probability" in p:
            line += f", {lab['unconfirmed']['read']} {p['cross_probability']:.2f}"
        if shared:
            line += "; shared: " + ", ".join(str(x) for x in shared[:8])
        if p.get("retelling"):
            # Matched as a retelling's restatement of its source's sentence.
            line += "; a retelling restates its source: each the other's closest sentence"
            if p["retelling"].get("figure"):
                line += f", the same count ({p['retelling']['figure']}) and the same name"
        if p.get("same_count"):
            # Matched on the figure, whatever the probability says.
            line += "; same figure: " + " / ".join(str(x) for x in p["same_count"].get("figures", []))
        out.append(line)
    return out


def _outlet(articles: dict[str, dict[str, Any]], aid: str) -> str:
    """An article's outlet; the article itself when its outlet is unknown."""
    return (articles.get(aid) or {}).get("outlet") or aid


def _count_text(claim: dict[str, Any], n_reports: int, outlets: int) -> str:
    """"3 reports, 2 independent sources"; for a single-source claim that
    groups reports of independent sources read alike but not confirmed as
    one statement, says so: "1 independent source" alone would tell the
    reader that the outlets are one family (one copied the other)."""
    k = int(claim.get("independent_sources") or 0)
    text = f"{n_reports} report{'s' if n_reports != 1 else ''}, {k} independent source{'s' if k != 1 else ''}"
    if any(_unconfirmed(claim, p) for p in claim.get("alignment") or []):
        text = (f"{n_reports} report{'s' if n_reports != 1 else ''} from {outlets} "
                f"{labels()['unconfirmed']['sources']}")
    return text


def story_summary(doc: Doc, story: dict[str, Any]) -> dict[str, Any]:
    """Headline, article count, outlets, date span and counts: one row of a story list."""
    articles = _articles(doc)
    members = [articles[a] for a in story.get("articles", []) if a in articles]
    outlets = sorted({a.get("outlet") for a in members if a.get("outlet")})
    dates = sorted(_day(a.get("published")) for a in members if a.get("published"))
    claims = story.get("claims", [])
    # The best real headline among the articles (present/facts.py), as the export records it.
    headline = story.get("title") or best_headline(story, articles)
    independent = story.get("independent_sources")
    out = {
        "id": story["id"],
        "headline": headline or (members[0].get("title") if members else "") or story["id"],
        "articles": len(story.get("articles", [])),
        "outlets": outlets,
        # articles that name no outlet of their own: "1 outlet" alone reads as if one outlet wrote all
        "no_outlet": sum(1 for a in members if not a.get("outlet")),
        "first": dates[0] if dates else None,
        "last": dates[-1] if dates else None,
        "claims": len(claims),
        "corroborated": sum(1 for c in claims if c.get("verdict") == "corroborated"),
        "single_source": sum(1 for c in claims if c.get("verdict") == "single-source"),
        "independent_sources": story_sources(story) if independent is None else int(independent),
        "conflicts": len(story.get("conflicts", [])),
        # the story's central names first (salience: articles, mentions, lead)
        "entities": [e.get("name") for e in _by_salience(story.get("entities", []))],
    }
    out["summary_line"] = summary_line(out)
    return out


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


def summary_line(s: dict[str, Any]) -> str:
    """"3 articles · 3 outlets · 2 independent sources · 2 corroborated ·
    1 conflict · 70 single-source claims": the first line of a story. Articles
    that name no outlet are counted apart ("1 outlet · 2 with no outlet named")."""
    outlets = _plural(len(s["outlets"]), "outlet")
    if s.get("no_outlet"):
        outlets += f" · {s['no_outlet']} with no outlet named"
    return " · ".join([
        _plural(s["articles"], "article"), outlets,
        _plural(s["independent_sources"], "independent source"), f"{s['corroborated']} corroborated",
        _plural(s["conflicts"], "conflict"), _plural(s["single_source"], "single-source claim"),
    ])


def _by_salience(entities: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Entities by weight in the story; exports without salience keep their order."""
    return sorted(entities, key=lambda e: -(e.get("salience") or 0.0))


def story_view(doc: Doc, story: dict[str, Any], *, link: str = "") -> dict[str, Any]:
    """Everything the brief shows about one story, each line with its references.

    ``link`` prefixes article links: "" keeps them as in-page anchors (the
    brief); the web UI passes its article URL prefix.
    """
    lab = labels()
    articles = _articles(doc)
    ids = [a for a in story.get("articles", []) if a in articles]
    short = _short_labels(ids, articles)
    refs = _Refs(articles, short)
    summary = story_summary(doc, story)

    derivations = story.get("derivations", [])
    sources = []
    for aid in sorted(ids, key=lambda i: (_day(articles[i].get("published")) or "9999", short[i])):
        a = articles[aid]
        derived_from = []
        for d in derivations:
            if d.get("derived") != aid:
                continue
            src = d.get("source", "")
            derived_from.append({
                "kind": d.get("kind", ""),
                "kind_label": lab["derivation_label"].get(d.get("kind", ""), d.get("kind", "")),
                "label": refs.label(src) if src in articles else src,
                "outlet": (articles.get(src) or {}).get("outlet") or "",
                "anchor": f"a-{src}" if src in articles else None,
                "evidence": d.get("evidence", ""),
            })
        sources.append({
            "id": aid,
            "label": short[aid],
            "anchor": f"a-{aid}",
            "title": a.get("title") or "",
            "outlet": a.get("outlet") or "",
            "published": a.get("published") or "",
            "date": _day(a.get("published")),
            "language": a.get("language") or "",
            "agency": a.get("agency") or "",
            "byline": a.get("byline") or "",
            "url": a.get("url") or "",
            "path": a.get("path") or "",
            "derived_from": derived_from,
        })

    order = {v: i for i, v in enumerate(lab["verdict_order"])}
    conflict_of_claim: dict[str, list[str]] = {}
    for k in story.get("conflicts", []):
        if k.get("claim"):
            conflict_of_claim.setdefault(k["claim"], []).append(k["id"])
    # What changed since the previous run (present/changes.py), when marked.
    changes = story.get("changes") or {}
    new_claims = set(changes.get("new_claims", []))
    was_verdict = {x.get("id"): x.get("was") for x in changes.get("changed_claims", [])}
    new_conflicts = set(changes.get("new_conflicts", []))
    # Whose reported words each article gives, for claims cut from them.
    named_as = {e.get("id"): e.get("name") for e in story.get("entities", []) if e.get("id")}
    words_of: dict[str, list[tuple[str, str]]] = {}
    for q in story.get("quotes", []):
        who = named_as.get(q.get("entity")) or (q.get("speaker") or "").strip()
        if who and q.get("article"):
            words_of.setdefault(q["article"], []).append((_plain_words(q.get("text") or ""), who))
    claims = []
    for pos, c in enumerate(story.get("claims", [])):
        reports = refs.reports(c.get("reports", []))
        claims.append({
            "id": c.get("id", ""),
            "anchor": c.get("anchor") or claim_anchor(c),
            "new": c.get("id") in new_claims,
            "was": lab["verdict_label"].get(was_verdict.get(c.get("id"), ""), was_verdict.get(c.get("id"), "")),
            "text": c.get("text") or "",
            "said_by": _said_by(c, words_of=words_of, articles=articles),
            "verdict": c.get("verdict") or "",
            "badge": _claim_badge(c, story.get("conflicts", [])),
            "n_reports": len(reports),
            "independent": int(c.get("independent_sources") or 0),
            "count": _count_text(c, len(reports), len({_outlet(articles, r["article"]) for r in reports})),
            "refs": reports,
            "why": _why_matched(c, refs),
            "why_retold": _why_matched(c, refs, retold_only=True),
            "conflicts": conflict_of_claim.get(c.get("id", ""), []),
            "_sort": (order.get(c.get("verdict", ""), len(order)), -int(c.get("independent_sources") or 0),
                      -len(reports), pos),
        })
    claims.sort(key=lambda c: c.pop("_sort"))
    # Key facts first, ranked by salience (present/facts.py); the export
    # carries the ranking, an older export gets it computed here.
    ranked = story.get("key_facts")
    if ranked is None:
        ranked = rank_key_facts(story, {aid: a.get("title") or "" for aid, a in articles.items()})
    claim_by_id = {c["id"]: c for c in claims}
    key_facts = [claim_by_id[cid] for cid in ranked if cid in claim_by_id]
    # A part of a sentence that only that sentence states is read on the
    # sentence's line (present/facts.py parts_shown_whole); its anchor moves
    # there, so links to it still land on the statement.
    shown_whole = parts_shown_whole(story)
    for part, host in shown_whole.items():
        if part in claim_by_id and host in claim_by_id:
            claim_by_id[host].setdefault("also_anchors", []).append(claim_by_id[part]["anchor"])
    other_claims = [c for c in claims if c["id"] not in set(ranked)
                    and not (c["id"] in shown_whole and shown_whole[c["id"]] in claim_by_id)]

    conflicts = []
    for k in story.get("conflicts", []):
        sides = []
        for side in k.get("sides", []):
            side_ids = list(dict.fromkeys(side.get("articles", [])))
            sides.append({
                "value": "" if side.get("value") is None else shown_value(str(side.get("value"))),
                "sources": [{"label": refs.label(a), "outlet": (articles.get(a) or {}).get("outlet") or "",
                             "anchor": f"a-{a}"} for a in side_ids],
                "refs": [{**r, "text": side_excerpt(r.get("text") or "", side.get("value"))}
                         for r in refs.reports(side.get("sentences", []))],
                # Who says it, how many independent sources, since when.
                "said_by": list(side.get("said_by") or []),
                "independent": len(side.get("sources") or []) or len(side_ids),
                "first_reported": side.get("first_reported") or "",
            })
        kind = k.get("kind") or ""
        conflicts.append({"id": k.get("id", ""), "anchor": k.get("anchor") or conflict_anchor(k),
                          "new": k.get("id") in new_conflicts,
                          "about": k.get("about", ""), "slot": k.get("slot", ""),
                          "claim": k.get("claim"), "sides": sides, "kind": kind,
                          "severity": k.get("severity") or "high",
                          "badge": lab.get("conflict_label", {}).get(kind, kind or "Conflict")})
    conflict_about = {k["id"]: k["about"] for k in conflicts}

    # Quotes by speaker: one group per resolved entity (so "Tarek Obeidi" and
    # "Tareq al-Obaidi" are one person), else per spelling of the speaker.
    entity_name = {e.get("id"): e.get("name") for e in story.get("entities", []) if e.get("id")}
    speakers: dict[str, dict[str, Any]] = {}
    for q in story.get("quotes", []):
        written = (q.get("speaker") or "").strip()
        ent = q.get("entity") if q.get("entity") in entity_name else None
        key = f"e:{ent}" if ent else (f"s:{written.casefold()}" if written else "unattributed")
        name = entity_name[ent] if ent else (written or "Unattributed")
        sp = speakers.setdefault(key, {"speaker": name, "entity": ent, "quotes": [], "as": [], "roles": [],
                                       "named": bool(ent), "_key": key})
        if written and written != name and written not in sp["as"]:
            sp["as"].append(written)
        role = (q.get("role") or "").strip()
        if role and role.casefold() not in {r.casefold() for r in sp["roles"]}:
            sp["roles"].append(role)
        norm = " ".join(re.sub(r"[^\w\s]", "", (q.get("text") or "").lower()).split())
        same = next((x for x in sp["quotes"] if x["_norm"] == norm), None)
        ref = refs.ref(q["article"], q.get("sentence")) if q.get("article") else None
        if same is None:
            cue = (q.get("cue") or "").strip()
            shown_cue = "" if q.get("direct") or cue.casefold() in _plain_cues() else cue
            same = {"text": q.get("text") or "", "direct": bool(q.get("direct")), "cue": shown_cue, "refs": [],
                    "_norm": norm}
            sp["quotes"].append(same)
        if ref:
            same["refs"].append(ref)
    quote_groups = sorted(speakers.values(), key=lambda s: (s["_key"] == "unattributed", not s["named"],
                                                              -len(s["quotes"]), s["speaker"].casefold()))
    for sp in quote_groups:
        sp.pop("_key")
        # "A senior commander" adds nothing beside "a senior commander of the VDF"
        low = [r.casefold() for r in sp["roles"]]
        sp["roles"] = [r for i, r in enumerate(sp["roles"])
                       if not any(i != j and low[i] in low[j] and low[i] != low[j] for j in range(len(low)))]
        for q in sp["quotes"]:
            q.pop("_norm", None)

    entities = []
    for e in story.get("entities", []):
        first: dict[str, int] = {}
        for m in e.get("mentions", []):
            aid, sent = m[0], m[1]
            if aid in articles and (aid not in first or sent < first[aid]):
                first[aid] = sent
        entities.append({
            "id": e.get("id", ""),
            "name": e.get("name", ""),
            "type": e.get("type", ""),
            # the spellings most sources use first
            "variants": sorted((v for v in e.get("variants", []) if v),
                               key=lambda v: (-(e.get("variant_sources") or {}).get(v, 0),
                                              -(e.get("variant_counts") or {}).get(v, 0))),
            "variant_counts": {v: n for v, n in (e.get("variant_counts") or {}).items() if v},
            "variant_sources": {v: n for v, n in (e.get("variant_sources") or {}).items() if v},
            "salience": e.get("salience") or 0.0,
            "n_articles": len(e.get("articles", [])),
            "refs": [refs.ref(a, s) for a, s in sorted(first.items(), key=lambda x: short.get(x[0], x[0]))],
            "merges": e.get("merges", []),
        })
    # "Who and where": the most central first (salience), then the most widespread
    entities.sort(key=lambda e: (-e["salience"], -e["n_articles"], e["name"].lower()))

    timeline = []
    for ev in story.get("timeline", []):
        reports = refs.reports(ev.get("reports", []))
        if not reports:
            reports = [refs.ref(a, None) for a in ev.get("articles", []) if a in articles]
        timeline.append({
            "date": ev.get("date") or "",
            "label": date_label(ev.get("date"), ev.get("precision")),
            "precision": ev.get("precision", ""),
            "precision_label": lab["precision_label"].get(ev.get("precision", ""), ev.get("precision", "")),
            "text": ev.get("text") or "",
            "refs": reports,
            "conflict": ev.get("conflict"),
            "conflict_about": conflict_about.get(ev.get("conflict") or "", ""),
            "year_note": _year_note(ev.get("year_inferred") or {}, refs),
            "kind_note": lab["timeline_kind"]["deadline"] if ev.get("deadline") else "",
        })
    timeline.sort(key=lambda t: ((svg.date_span(t["date"]) or (dt.date.max,))[0], t["date"] or ""))

    nodes, edges = [], []
    for s in sources:
        nodes.append({"id": s["id"], "label": s["label"], "sub": s["outlet"] or s["title"],
                      "href": f"{link}{s['id']}" if link else f"#a-{s['id']}"})
    graph_derivations = []
    for d in derivations:
        src, der = d.get("source", ""), d.get("derived", "")
        if der not in articles:
            continue
        if src not in articles and src not in {n["id"] for n in nodes}:
            nodes.append({"id": src, "label": src, "sub": "outside the corpus", "external": True})
        edges.append({"derived": der, "source": src, "kind": d.get("kind", ""), "evidence": d.get("evidence", "")})
        graph_derivations.append({
            "derived": refs.label(der), "derived_outlet": (articles.get(der) or {}).get("outlet") or "",
            "derived_anchor": f"a-{der}",
            "source": refs.label(src) if src in articles else src,
            "source_outlet": (articles.get(src) or {}).get("outlet") or "",
            "source_anchor": f"a-{src}" if src in articles else None,
            "kind": d.get("kind", ""),
            "kind_label": lab["derivation_label"].get(d.get("kind", ""), d.get("kind", "")),
            "evidence": d.get("evidence", ""),
        })

    idset = set(ids)
    scale = lab["similarity"]["labels"]
    similarity = []
    for s in doc.get("similarity", []):
        if s.get("a") in idset and s.get("b") in idset:
            overall = float(s.get("overall") or 0)
            similarity.append({
                "a": s["a"], "b": s["b"], "a_label": short[s["a"]], "b_label": short[s["b"]],
                "scores": {d: s.get(d) for d in lab["similarity"]["dimensions"]},
                "verbal": scale[min(max(round(overall) - 1, 0), len(scale) - 1)] if overall else "",
            })

    events = [{"date": t["date"], "label": t["label"], "text": t["text"], "conflict": bool(t["conflict"]),
               "conflict_label": ("disputed: " + t["conflict_about"]) if t["conflict_about"] else None,
               "href": f"#{t['refs'][0]['anchor']}" if t["refs"] and not link else None}
              for t in timeline]
    published = [(s["published"], f"{s['label']} {s['outlet']}".strip()) for s in sources if s["published"]]

    # By outlet: what each report claimed, which sides it takes, and what it
    # took from whom (and who took from it).
    by_outlet = []
    for src in sources:
        aid = src["id"]
        mine = [c for c in claims if any(r["article"] == aid for r in c["refs"])]
        by_outlet.append({
            "id": aid, "label": src["label"], "outlet": src["outlet"], "anchor": src["anchor"],
            "claims": len(mine),
            "corroborated": sum(1 for c in mine if c["verdict"] == "corroborated"),
            "only_here": sum(1 for c in mine if {r["article"] for r in c["refs"]} == {aid}),
            "sides": [{"about": k["about"], "value": side["value"], "conflict": k["id"]}
                      for k in conflicts for side in k["sides"] if any(x["anchor"] == src["anchor"]
                                                                       for x in side["sources"])],
            "took_from": src["derived_from"],
            "taken_by": [{"label": refs.label(d.get("derived", "")), "anchor": f"a-{d.get('derived')}",
                          "outlet": (articles.get(d.get("derived", "")) or {}).get("outlet") or "",
                          "kind_label": lab["derivation_label"].get(d.get("kind", ""), d.get("kind", ""))}
                         for d in derivations if d.get("source") == aid and d.get("derived") in articles],
        })

    return {
        **summary,
        "sources": sources,
        "by_outlet": by_outlet,
        "claims": claims,
        "key_facts": key_facts,
        "other_claims": other_claims,
        "conflicts": conflicts,
        "quotes": quote_groups,
        "entities": entities,
        "timeline": timeline,
        "derivations": graph_derivations,
        "similarity": similarity,
        "timeline_svg": svg.timeline_svg(events, published),
        "derivation_svg": svg.derivation_svg(nodes, edges) if edges else "",
        "cited": {aid: sorted(s) for aid, s in refs.cited.items()},
        "short": short,
        "changes": {"since": changes.get("since", ""), "new_claims": len(new_claims),
                    "changed_claims": len(was_verdict), "new_conflicts": len(new_conflicts)} if changes else None,
    }


def changes_line(changes: dict[str, Any] | None) -> str:
    """"Since the previous run (2026-11-26T05:01:00Z): 3 new claims, 1
    changed verdict, 0 new conflicts"; "" when nothing is marked."""
    if not changes:
        return ""
    since = f" ({changes['since']})" if changes.get("since") else ""
    return (f"Since the previous run{since}: {_plural(changes['new_claims'], 'new claim')}, "
            f"{_plural(changes['changed_claims'], 'changed verdict')}, "
            f"{_plural(changes['new_conflicts'], 'new conflict')}")


def _year_note(inferred: dict[str, Any], refs: _Refs) -> str:
    """"year inferred from 004's publication date, 14 February 2019"."""
    if not inferred.get("published"):
        return ""
    words = labels()["year_inferred"]
    date = date_label(inferred["published"])
    if inferred.get("from") == "article" and inferred.get("article"):
        return words["article"].format(label=refs.label(inferred["article"]), date=date)
    return words["story"].format(date=date)


def article_view(doc: Doc, article: dict[str, Any], *, cited: Iterable[int] = (), label: str = "") -> dict[str, Any]:
    """An article as the appendix and the article page show it: its sentences
    (each with its anchor) and whether the brief cites them."""
    cited = set(cited)
    aid = article["id"]
    text = article.get("text", "")
    paragraphs: list[list[dict[str, Any]]] = [[]]
    out = []
    prev_end = 0
    # Keep the article's paragraphs: a line break between two sentences (or
    # at the edge of one: the parser may keep it inside the span) starts a
    # new paragraph; a break inside a sentence (a title glued to the first
    # line) is kept as a line break.
    for s in article.get("sentences") or []:
        i, start, end = s["index"], s["start"], s["end"]
        raw = text[start:end]
        lead = raw[: len(raw) - len(raw.lstrip())]
        if ("\n" in text[prev_end:start] or "\n" in lead) and paragraphs[-1]:
            paragraphs.append([])
        body = raw.strip()
        row = {"index": i, "anchor": f"a-{aid}-s{i}", "text": " ".join(body.split()),
               "parts": [" ".join(p.split()) for p in re.split(r"\s*\n\s*", body) if p.strip()] or [""],
               "cited": i in cited}
        out.append(row)
        paragraphs[-1].append(row)
        trail = raw[len(raw.rstrip()):]
        prev_end = end - len(trail) if "\n" in trail else end
    return {
        "id": aid,
        "anchor": f"a-{aid}",
        "label": label or aid[:8],
        "title": article.get("title") or "",
        "outlet": article.get("outlet") or "",
        "published": article.get("published") or "",
        "sentences": out,
        "paragraphs": [p for p in paragraphs if p],
        "text": text,
        "cited": sorted(cited),
    }


_CLAUSE_BREAK = re.compile(r"\s*(?:[,;]|\s[–—-])\s+")


def shown_value(value: str) -> str:
    """A conflict side's value without a tokeniser's spaces (". 357 caliber"
    -> ".357 caliber", "38 - caliber" -> "38-caliber"): [conflict_sides]
    value_spacing of data/present_brief.toml."""
    for pattern, repl in labels().get("conflict_sides", {}).get("value_spacing", []):
        value = re.sub(pattern, repl, value)
    return value


def side_excerpt(text: str, value: Any) -> str:
    """The clauses of a conflict side's sentence around its value, when the
    sentence is longer than [conflict_sides] max_words (data/present_brief.toml): "… one of the 500
    fighters in the organization, estimated to be still in the region …".
    The whole sentence when it is short or the value cannot be found in it."""
    rules = labels().get("conflict_sides", {})
    limit = int(rules.get("excerpt_words", 0))
    if not limit or len(text.split()) <= int(rules.get("max_words", 0)) or value is None:
        return text
    low = text.lower()
    words = re.findall(r"[\w.,'-]+", str(value).lower())
    anchors = [str(value).lower(), *(w for w in words if any(ch.isdigit() for ch in w)),
               *(w for w in words if len(w) >= 4)]
    at = next((low.find(a) for a in anchors if a and low.find(a) >= 0), -1)
    if at < 0:
        return text
    cuts = [0, *(m.end() for m in _CLAUSE_BREAK.finditer(text)), len(text)]
    seg = max(k for k in range(len(cuts) - 1) if cuts[k] <= at)
    lo, hi = seg, seg + 1  # segments [cuts[lo], cuts[hi])

    def size(a: int, b: int) -> int:
        return len(text[cuts[a]:cuts[b]].split())

    while True:
        grown = False
        for a, b in ((lo, hi + 1), (lo - 1, hi)):
            if 0 <= a and b < len(cuts) and size(a, b) <= limit:
                lo, hi, grown = a, b, True
        if not grown:
            break
    part = text[cuts[lo]:cuts[hi]].strip().rstrip(",;–—-").strip()
    return ("… " if lo > 0 else "") + part + (" …" if hi < len(cuts) - 1 else "")


def _side_note(side: dict[str, Any]) -> str:
    """"says: an intelligence official; 2 independent sources; first reported 2019-02-09"."""
    parts = []
    if side.get("said_by"):
        parts.append("says: " + ", ".join(side["said_by"]))
    n = side.get("independent") or 0
    if n:
        parts.append(f"{n} independent source{'s' if n != 1 else ''}")
    if side.get("first_reported"):
        parts.append("first reported " + side["first_reported"])
    return "; ".join(parts)


def compare_view(doc: Doc, a_id: str, b_id: str) -> dict[str, Any]:
    """Two articles side by side: the claims both report (aligned, numbered
    alike in both columns) and the conflicts between them, with the sentences
    of each; the story they share and their similarity when known."""
    articles = _articles(doc)
    a, b = articles[a_id], articles[b_id]
    story = next((s for s in doc.get("stories", []) if a_id in s.get("articles", []) and b_id in s.get("articles", [])),
                 None)
    short = _short_labels([a_id, b_id], articles)
    marks: dict[str, dict[int, dict[str, Any]]] = {a_id: {}, b_id: {}}
    aligned, conflicts = [], []
    if story is not None:
        for c in story.get("claims", []):
            sa = sorted({r["sentence"] for r in c.get("reports", []) if r.get("article") == a_id})
            sb = sorted({r["sentence"] for r in c.get("reports", []) if r.get("article") == b_id})
            if not (sa and sb):
                continue
            n = len(aligned) + 1
            aligned.append({"n": n, "id": c.get("id", ""), "text": c.get("text", ""), "verdict": c.get("verdict", ""),
                            "badge": _claim_badge(c, story.get("conflicts", [])),
                            "a_sentences": sa, "b_sentences": sb})
            for aid, sents in ((a_id, sa), (b_id, sb)):
                for i in sents:
                    marks[aid].setdefault(i, {"kind": "aligned", "claims": [], "conflicts": []})["claims"].append(n)
        for k in story.get("conflicts", []):
            val: dict[str, list[str]] = {a_id: [], b_id: []}
            sents: dict[str, list[int]] = {a_id: [], b_id: []}
            for side in k.get("sides", []):
                for r in side.get("sentences", []):
                    if r.get("article") in val:
                        if str(side.get("value", "")) not in val[r["article"]]:
                            val[r["article"]].append(str(side.get("value", "")))
                        sents[r["article"]].append(r["sentence"])
            # A value is never shown in both columns: a value both report stays
            # with the article that reports nothing else, and the other shows
            # only what it says besides ("September" vs "January 10", where
            # the second also repeats "September").
            if not (val[a_id] and val[b_id]):
                continue  # a conflict between these two only if they take different sides
            both = set(val[a_id]) & set(val[b_id])
            only = {aid: [x for x in xs if x not in both] for aid, xs in val.items()}
            if not only[a_id] and not only[b_id]:
                continue
            if only[a_id] and only[b_id]:
                val = only
            elif only[a_id]:
                val = {a_id: only[a_id], b_id: val[b_id]}
            else:
                val = {a_id: val[a_id], b_id: only[b_id]}
            keep = {aid: {r["sentence"] for side in k.get("sides", []) if str(side.get("value", "")) in val[aid]
                          for r in side.get("sentences", []) if r.get("article") == aid} for aid in val}
            sents = {aid: [i for i in xs if i in keep[aid]] for aid, xs in sents.items()}
            conflicts.append({"id": k.get("id", ""), "about": k.get("about", ""), "kind": k.get("kind") or "",
                              "severity": k.get("severity") or "high",
                              "badge": labels().get("conflict_label", {}).get(k.get("kind") or "", "Conflict"),
                              "a_value": ", ".join(dict.fromkeys(val[a_id])),
                              "b_value": ", ".join(dict.fromkeys(val[b_id])),
                              "a_sentences": sorted(set(sents[a_id])), "b_sentences": sorted(set(sents[b_id]))})
            for aid in (a_id, b_id):
                for i in set(sents[aid]):
                    m = marks[aid].setdefault(i, {"kind": "conflict", "claims": [], "conflicts": []})
                    m["kind"] = "conflict"
                    m["conflicts"].append(k.get("about", ""))
    sim = next((s for s in doc.get("similarity", []) if {s.get("a"), s.get("b")} == {a_id, b_id}), None)
    columns = []
    for aid, art in ((a_id, a), (b_id, b)):
        view = article_view(doc, art, label=short[aid])
        for p in view["paragraphs"]:
            for row in p:
                m = marks[aid].get(row["index"])
                row["mark"] = m["kind"] if m else ""
                row["claims"] = m["claims"] if m else []
                row["conflicts"] = m["conflicts"] if m else []
        columns.append(view)
    return {
        "a": a_id,
        "b": b_id,
        "story": story["id"] if story else None,
        "story_headline": (story.get("headline") if story else "") or "",
        "similarity": {d: sim.get(d) for d in labels()["similarity"]["dimensions"]} if sim else None,
        "evidence": (sim.get("evidence") or {}) if sim else {},
        "aligned": aligned,
        "conflicts": conflicts,
        "columns": columns,
    }


# ------------------------------------------------------------ selection


def select_story(doc: Doc, ref: str) -> Doc:
    """The document cut down to one story (by id or unique id prefix): its
    articles and the similarities between them."""
    stories = doc.get("stories", [])
    hits = [s for s in stories if s["id"] == ref] or [s for s in stories if s["id"].startswith(ref)]
    if not hits:
        raise NewsprismError(E.E090.format(ref=ref))
    if len(hits) > 1:
        raise NewsprismError(E.E091.format(ref=ref, matches=", ".join(s["id"] for s in hits[:6])))
    story = hits[0]
    keep = set(story.get("articles", []))
    out = dict(doc)
    out["stories"] = [story]
    out["articles"] = [a for a in doc.get("articles", []) if a["id"] in keep]
    out["similarity"] = [s for s in doc.get("similarity", []) if s.get("a") in keep and s.get("b") in keep]
    out["duplicates"] = [d for d in doc.get("duplicates", []) if d.get("article") in keep]
    return out


def format_story_list(doc: Doc) -> str:
    """One block per story for `newsprism stories`."""
    if not doc.get("stories"):
        return "no stories\n"
    lines = []
    for story in doc["stories"]:
        s = story_summary(doc, story)
        span = s["first"] or "undated"
        if s["last"] and s["last"] != s["first"]:
            span += f" – {s['last']}"
        lines.append(f"{s['id']}  {s['headline']}")
        n = s["articles"]
        outlets = ", ".join(s["outlets"]) or "outlet unknown"
        lines.append(f"    {n} article{'s' if n != 1 else ''} · {span} · {outlets}")
        if s["claims"] or s["conflicts"]:
            c, k = s["claims"], s["conflicts"]
            lines.append(f"    {c} claim{'s' if c != 1 else ''}, {s['corroborated']} corroborated, "
                         f"{k} conflict{'s' if k != 1 else ''}")
    return "\n".join(lines) + "\n"


# ------------------------------------------------------------ Markdown

_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}#|~])")


def md(text: Any) -> str:
    """Untrusted text made inert in Markdown: markup characters escaped, HTML
    entities for < > &, one line."""
    s = " ".join(str(text if text is not None else "").split())
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", s)


def closed_quotes(text: str) -> str:
    """A sentence shown on its own with a quote mark it opens but does not
    close (the article cut it at "..." or the quote runs on into the next
    sentence): the closing mark added, so the reader sees where the shown
    words end."""
    for opening, closing in labels().get("quote_pairs", {}).items():
        if opening == closing:
            # a straight mark closes unless it opens a word: '12" screen' is inches
            last = text.rfind(opening)
            if text.count(opening) % 2 and (last == 0 or not text[last - 1].isalnum()) \
                    and text[last + 1 : last + 2].isalnum():
                text += closing
        elif text.count(opening) > text.count(closing):
            text += closing * (text.count(opening) - text.count(closing))
    return text


def _md_refs(refs: list[dict[str, Any]]) -> str:
    return ", ".join(f"[{md(r['label'])}](#{r['anchor']})" for r in refs)


def _said_by(claim: dict[str, Any], *, words_of: Mapping[str, list[tuple[str, str]]] | None = None,
             articles: Mapping[str, Mapping[str, Any]] | None = None) -> str:
    """Who says a claim that does not say it itself, none when the text
    names them already: one that opens with a pronoun ("He added that
    ..."): the speaker reconcile resolved for it; one that is part of a
    speaker's reported words ("and that Biden received those
    recommendations", cut from "Both generals said they believe ... and
    that ..."): that speaker, else it would read as the writer's own
    statement of fact; one whose every report is a later sentence of
    someone's quotation ('"We are on our fourth minister," he said. "None
    of them lasted."'): its speaker.  ``words_of``: article id ->
    (normalised words, shown speaker) of the story's attributed quotes."""
    text = claim.get("text") or ""
    words = text.split()
    if not words:
        return ""
    if words[0].lower() in set(labels().get("pronoun_openers", [])):
        speakers = [s for s in (claim.get("slots") or {}).get("source") or [] if s and s not in text]
        return speakers[0] if speakers else ""
    norm = _plain_words(text)
    if len(norm.split()) >= int(labels().get("said_by_min_words", 4)):
        for r in (claim.get("reports") or [])[:1]:
            for said, who in (words_of or {}).get(r.get("article", ""), []):
                if f" {norm} " in f" {said} " and not _names_in(who, text):
                    return who
    quoted = _quoting_speaker(claim, articles or {})
    return quoted if quoted and not _names_in(quoted, text) else ""


@cache
def _plain_cues() -> frozenset[str]:
    return frozenset(str(w).casefold() for w in labels().get("plain_cues", []))


def _plain_words(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.casefold()).split())


def _names_in(who: str, text: str) -> bool:
    """Whether ``text`` already names the speaker ``who`` (any capitalised
    word of the name: "Davis said" names "Muntu Davis")."""
    said = set(re.findall(r"\w+", text.casefold()))
    return any(w.casefold() in said for w in re.findall(r"\w+", who) if len(w) > 2 and w[:1].isupper())


def _quoting_speaker(claim: dict[str, Any], articles: Mapping[str, Mapping[str, Any]]) -> str:
    """The one speaker of the direct quotations every report of ``claim``
    lies inside, past the sentence that gives the quotation its speaker;
    "" when a report is not such a sentence."""
    speakers = set()
    for r in claim.get("reports") or []:
        sentence = r.get("sentence")
        if sentence is None:
            return ""
        found = [q.get("speaker") for q in (articles.get(r.get("article") or "") or {}).get("quotes") or []
                 if q.get("direct") and q.get("speaker") and sentence in (q.get("sentences") or [])
                 and sentence != q.get("sentence")]
        if not found:
            return ""
        speakers.update(found)
    return speakers.pop() if len(speakers) == 1 else ""


def _md_fact(c: dict[str, Any]) -> str:
    mark = "**NEW** " if c.get("new") else (f"**CHANGED** (was {md(c['was'])}) " if c.get("was") else "")
    said = f" ({md(labels().get('said_by', 'said by'))} {md(c['said_by'])})" if c.get("said_by") else ""
    line = (f"- **{md(c['badge']).upper()}** {mark}{md(closed_quotes(c['text']))}{said} — "
            f"{md(c['count'])}: {_md_refs(c['refs'])} <a id=\"{c['anchor']}\"></a>"
            + "".join(f"<a id=\"{a}\"></a>" for a in c.get("also_anchors", [])))
    # Why these reports were matched, so a reader can check the verdict; of
    # a single source, the pairs matched as a retelling's restatement of its
    # source (no score says they are one statement) and those of independent
    # sources read alike but not confirmed.
    why = c.get("why", []) if c["verdict"] != "single-source" else c.get("why_retold", [])
    line += "".join(f"\n    - matched: {md(w)}" for w in why)
    return line


def _md_story(v: dict[str, Any]) -> list[str]:
    sec = labels()["sections"]
    out = [f"## {md(v['headline'])}", ""]
    span = v["first"] or "undated"
    if v["last"] and v["last"] != v["first"]:
        span += f" – {v['last']}"
    out += [f"Story `{v['id']}` · {span}", ""]
    out += [f"**{md(v['summary_line'])}**", ""]
    if v.get("changes"):
        out += [f"_{md(changes_line(v['changes']))}_", ""]

    if v["conflicts"]:
        out += [f"### {sec['conflicts']}", ""]
        for k in v["conflicts"]:
            low = " (low severity)" if k.get("severity") == "low" else ""
            mark = " **NEW**" if k.get("new") else ""
            out.append(f"- {md(k.get('badge') or 'Conflict')}{low}: **{md(k['about'])}**{mark}"
                       f" <a id=\"{k['anchor']}\"></a>")
            for side in k["sides"]:
                who = ", ".join(f"[{md(s['outlet'] or s['label'])}](#{s['anchor']})" for s in side["sources"])
                extra = _side_note(side)
                out.append(f"    - **{md(side['value'])}** — {who}" + (f" ({md(extra)})" if extra else ""))
                for r in side["refs"]:
                    out.append(f"        - “{md(r['text'])}” [{md(r['label'])}](#{r['anchor']})")
        out.append("")
    out += _md_section(sec["facts"], [_md_fact(c) for c in v["key_facts"]])
    out += _md_section(sec["timeline"], [_md_event(t) for t in v["timeline"]])
    if v["quotes"]:
        out += [f"### {sec['quotes']}", ""]
        for sp in v["quotes"]:
            extra = "; ".join(x for x in (", ".join(md(r) for r in sp["roles"]),
                                          ("written " + ", ".join(md(a) for a in sp["as"])) if sp["as"] else "") if x)
            out.append(f"- **{md(sp['speaker'])}**" + (f" ({extra})" if extra else ""))
            for q in sp["quotes"]:
                kind = "" if q["direct"] else f" (reported speech: {md(q['cue'])})" if q.get("cue") \
                    else " (reported speech)"
                out.append(f"    - “{md(q['text'])}”{kind} {_md_refs(q['refs'])}")
        out.append("")
    if v["entities"]:
        out += [f"### {sec['entities']}", "", "| name | type | variants (mentions) | articles | first mentions |",
                "|---|---|---|---|---|"]
        for e in v["entities"]:
            counts = e.get("variant_counts", {})
            variants = ", ".join(md(x) + (f" ({counts[x]})" if x in counts else "") for x in e["variants"])
            out.append(f"| {md(e['name'])} | {md(e['type'])} | {variants} | "
                       f"{e['n_articles']} | {_md_refs(e['refs'])} |")
        out.append("")
    out += [f"### {sec['sources']}", "", "| ref | outlet | published | language | agency | derived from | title |",
            "|---|---|---|---|---|---|---|"]
    for s in v["sources"]:
        der = "; ".join(
            f"{md(d['kind_label'])} " + (f"[{md(d['label'])}](#{d['anchor']})" if d["anchor"] else md(d["label"]))
            for d in s["derived_from"]
        )
        out.append(f"| [{md(s['label'])}](#{s['anchor']}) | {md(s['outlet'])} | {md(s['date'])} | {md(s['language'])}"
                   f" | {md(s['agency'])} | {der} | {md(s['title'])} |")
    out.append("")

    if v["by_outlet"]:
        out += [f"### {sec['by_outlet']}", ""]
        for o in v["by_outlet"]:
            n = o["claims"]
            line = (f"- **{md(o['outlet'] or 'outlet unknown')}** ([{md(o['label'])}](#{o['anchor']})) — "
                    f"{n} claim{'s' if n != 1 else ''}, {o['corroborated']} corroborated, {o['only_here']} only here")
            if o["sides"]:
                line += "; in conflicts: " + "; ".join(f"{md(x['about'])}: **{md(x['value'])}**" for x in o["sides"])
            if o["took_from"]:
                line += "; " + "; ".join(f"{md(d['kind_label'])} " + (f"[{md(d['label'])}](#{d['anchor']})"
                                                                      if d["anchor"] else md(d["label"]))
                                         for d in o["took_from"])
            if o["taken_by"]:
                line += "; taken up by " + ", ".join(f"[{md(t['label'])}](#{t['anchor']}) ({md(t['kind_label'])})"
                                                     for t in o["taken_by"])
            out.append(line)
        out.append("")
    out += _md_section(sec["derivations"], [_md_derivation(d) for d in v["derivations"]])
    out += _md_section(sec["all_claims"], [_md_fact(c) for c in v["other_claims"]])
    if v["similarity"]:
        dims = labels()["similarity"]["dimensions"]
        out += [f"### {sec['similarity']}", "", "1 = very similar … 4 = very dissimilar", "",
                "| a | b | " + " | ".join(dims) + " |", "|---|---|" + "---|" * len(dims)]
        for s in v["similarity"]:
            cells = " | ".join("" if s["scores"][d] is None else f"{float(s['scores'][d]):.1f}" for d in dims)
            out.append(f"| {md(s['a_label'])} | {md(s['b_label'])} | {cells} |")
        out.append("")
    return out


def _md_section(title: str, lines: list[str]) -> list[str]:
    """A Markdown section of one line per item: heading, the lines, a blank
    line; nothing at all when there are no lines."""
    return [f"### {title}", "", *lines, ""] if lines else []


def _md_event(t: dict[str, Any]) -> str:
    flag = f" ⚠ sources disagree ({md(t['conflict_about'] or t['conflict'])})" if t["conflict"] else ""
    note = "".join(f"; {md(t[k])}" for k in ("kind_note", "year_note") if t.get(k))
    return (f"- **{md(t['label'])}** ({md(t['precision_label'])}{note}) — {md(closed_quotes(t['text']))}{flag} "
            f"{_md_refs(t['refs'])}")


def _md_derivation(d: dict[str, Any]) -> str:
    src = f"[{md(d['source'])}](#{d['source_anchor']})" if d["source_anchor"] else md(d["source"])
    src_outlet = f" ({md(d['source_outlet'])})" if d["source_outlet"] else ""
    return (f"- [{md(d['derived'])}](#{d['derived_anchor']}) ({md(d['derived_outlet'])}) "
            f"{md(d['kind_label'])} {src}{src_outlet} — {d['kind']}: “{md(d['evidence'])}”")


def render_markdown(doc: Doc) -> str:
    articles = _articles(doc)
    lines = ["# newsprism brief", ""]
    if not doc.get("stories"):
        lines += ["No stories.", ""]
    cited: dict[str, set[int]] = {}
    short: dict[str, str] = {}
    for story in doc.get("stories", []):
        v = story_view(doc, story)
        lines += _md_story(v)
        for src in v["sources"]:
            cited.setdefault(src["id"], set())
        for aid, sents in v["cited"].items():
            cited.setdefault(aid, set()).update(sents)
        short.update(v["short"])
    if cited:
        # Every article of a story gets its anchor, cited or not: the sources table links to it.
        lines += [f"## {labels()['sections']['appendix']}", ""]
        for aid in sorted(cited, key=lambda a: (short.get(a, a), a)):
            a = articles[aid]
            label, outlet = short.get(aid, aid[:8]), a.get("outlet") or ""
            head = [label] + ([outlet] if outlet and outlet != label else []) + [a.get("title") or ""]
            lines.append(f"### <a id=\"a-{aid}\"></a>" + " — ".join(md(x) for x in head))
            lines.append("")
            for i in sorted(cited[aid]):
                lines.append(f"- <a id=\"a-{aid}-s{i}\"></a>**s{i}** {md(sentence_text(a, i))}")
            if not cited[aid]:
                lines.append("- (no sentence cited)")
            lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


# ------------------------------------------------------------------ HTML


@cache
def jinja_env() -> Any:
    """The Jinja2 environment of the brief and the web UI (autoescape on)."""
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(
        loader=PackageLoader("newsprism.present", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["labels"] = labels()
    env.globals["changes_line"] = changes_line
    env.filters["closed_quotes"] = closed_quotes
    return env


def stylesheet() -> str:
    return resources.files("newsprism.present").joinpath("static", "style.css").read_text("utf-8")


def render_html(doc: Doc) -> str:
    """One self-contained HTML file: inline CSS, inline SVG, no scripts, no
    network; an appendix with every article's sentences as anchors."""
    from markupsafe import Markup

    articles = _articles(doc)
    views, cited, short = [], {}, {}
    for story in doc.get("stories", []):
        v = story_view(doc, story)
        v["timeline_svg"] = Markup(v["timeline_svg"])
        v["derivation_svg"] = Markup(v["derivation_svg"])
        views.append(v)
        for aid, sents in v["cited"].items():
            cited.setdefault(aid, set()).update(sents)
        short.update(v["short"])
    order = [aid for v in views for aid in [s["id"] for s in v["sources"]]]
    appendix = [article_view(doc, articles[aid], cited=cited.get(aid, ()), label=short.get(aid, ""))
                for aid in dict.fromkeys(order)]
    return jinja_env().get_template("brief.html").render(
        stories=views, appendix=appendix, css=Markup(stylesheet()), generator=doc.get("generator", ""),
        schema=doc.get("schema", ""),
    )
