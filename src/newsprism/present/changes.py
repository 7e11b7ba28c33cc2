"""Stable links to claims and conflicts, and what changed since the
previous run.

A claim's anchor is derived from its content (its text; two claims of one
story with the same text are told apart by their first report), never from
the order a run produced it in, so that ``/stories/S#c-1a2b3c4d5e`` and
``brief.md#c-1a2b3c4d5e`` keep pointing at the same claim when articles are
added.  A conflict's anchor comes from what it is about and its values.

"The previous run" is the last run whose claims or conflicts differed from
this one's: the store keeps two snapshots (key ``present.runs`` of its
key-value table), and a run that changes nothing does not rotate them, so
running ``newsprism brief`` twice keeps showing what the last analysis
added.
"""

from __future__ import annotations

import hashlib
import time
from typing import Any

__all__ = ["claim_anchor", "conflict_anchor", "add_anchors", "snapshot", "mark_changes", "track_changes"]

_KV_KEY = "present.runs"


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:10]


def _norm(text: Any) -> str:
    return " ".join(str(text or "").casefold().split())


def claim_anchor(claim: dict[str, Any]) -> str:
    """``c-`` and ten hex digits of the claim's normalised text."""
    return "c-" + _digest(_norm(claim.get("text")))


def conflict_anchor(conflict: dict[str, Any]) -> str:
    """``k-`` and ten hex digits of what the conflict is about and its values."""
    values = sorted(_norm(s.get("value")) for s in conflict.get("sides", []))
    return "k-" + _digest(_norm(conflict.get("about")) + "\x00" + "\x00".join(values))


def _first_report(claim: dict[str, Any]) -> tuple[str, int]:
    reps = [(str(r.get("article") or ""), int(r.get("sentence") or 0)) for r in claim.get("reports", [])]
    return min(reps) if reps else ("", 0)


def add_anchors(story: dict[str, Any], *, taken: dict[str, int] | None = None) -> None:
    """Give every claim and conflict of ``story`` its ``anchor`` (in place).
    ``taken`` counts the anchors already given in the same document, so that
    two stories of one brief never share an id: a claim of the same text in a
    later story gets ``-2``, ``-3``..."""
    seen = {} if taken is None else taken
    for claim in sorted(story.get("claims", []), key=lambda c: (claim_anchor(c), _first_report(c))):
        base = claim_anchor(claim)
        seen[base] = seen.get(base, 0) + 1
        claim["anchor"] = base if seen[base] == 1 else f"{base}-{seen[base]}"
    for conflict in story.get("conflicts", []):
        base = conflict_anchor(conflict)
        seen[base] = seen.get(base, 0) + 1
        conflict["anchor"] = base if seen[base] == 1 else f"{base}-{seen[base]}"


def _anchor(item: dict[str, Any], kind: str) -> str:
    if item.get("anchor"):
        return str(item["anchor"])
    return claim_anchor(item) if kind == "claim" else conflict_anchor(item)


def snapshot(doc: dict[str, Any]) -> dict[str, Any]:
    """What a run produced, as compared by the next: claim anchors with
    their verdicts, conflict anchors."""
    claims: dict[str, str] = {}
    conflicts: list[str] = []
    for story in doc.get("stories", []):
        for c in story.get("claims", []):
            claims[_anchor(c, "claim")] = str(c.get("verdict") or "")
        conflicts += [_anchor(k, "conflict") for k in story.get("conflicts", [])]
    return {"claims": claims, "conflicts": sorted(set(conflicts))}


def mark_changes(doc: dict[str, Any], previous: dict[str, Any] | None) -> dict[str, Any]:
    """``doc`` with each story's ``changes`` (an added field):
    ``since`` (when the previous run was, ISO UTC), ``new_claims``,
    ``changed_claims`` (``{id, was}``: the verdict before) and
    ``new_conflicts`` (ids).  No previous run: nothing is marked (on a
    first run everything would be new, which says nothing)."""
    if not previous:
        return doc
    before_claims: dict[str, str] = previous.get("claims", {})
    before_conflicts = set(previous.get("conflicts", []))
    stories = []
    for story in doc.get("stories", []):
        new_claims, changed = [], []
        for c in story.get("claims", []):
            was = before_claims.get(_anchor(c, "claim"))
            if was is None:
                new_claims.append(c.get("id"))
            elif was != (c.get("verdict") or ""):
                changed.append({"id": c.get("id"), "was": was})
        new_conflicts = [k.get("id") for k in story.get("conflicts", [])
                         if _anchor(k, "conflict") not in before_conflicts]
        stories.append({**story, "changes": {"since": previous.get("at", ""), "new_claims": new_claims,
                                             "changed_claims": changed, "new_conflicts": new_conflicts}})
    return {**doc, "stories": stories}


def track_changes(store: Any, doc: dict[str, Any]) -> dict[str, Any]:
    """Record this run's snapshot in ``store`` (rotating the previous one
    only when something differs) and return ``doc`` marked against the
    previous run."""
    now = snapshot(doc)
    runs = store.get_kv(_KV_KEY) or {}
    current = runs.get("current")
    if current is None or {k: current.get(k) for k in now} != now:
        runs = {"previous": current, "current": {**now, "at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}}
        store.set_kv(_KV_KEY, runs)
    return mark_changes(doc, runs.get("previous"))
