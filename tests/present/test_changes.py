"""Stable claim links, and what changed since the previous run."""

from __future__ import annotations

import copy

from newsprism.present import brief
from newsprism.present.changes import add_anchors, claim_anchor, mark_changes, snapshot, track_changes
from newsprism.store import Store


def test_changes_anchor_from_content_not_order(export_doc):
    story = export_doc["stories"][0]
    add_anchors(story)
    before = {c["id"]: c["anchor"] for c in story["claims"]}
    shuffled = copy.deepcopy(story)
    shuffled["claims"].reverse()
    for n, c in enumerate(shuffled["claims"]):
        c["id"] = f"x{n}"  # a later run numbers them differently
        del c["anchor"]
    add_anchors(shuffled)
    assert sorted(before.values()) == sorted(c["anchor"] for c in shuffled["claims"])
    assert len(set(before.values())) == len(before)
    twin = copy.deepcopy(story["claims"][0])
    story["claims"].append(twin)
    add_anchors(story)
    assert story["claims"][0]["anchor"] != story["claims"][-1]["anchor"]
    assert story["claims"][-1]["anchor"].startswith(claim_anchor(twin))


def test_changes_anchors_unique_across_the_stories_of_a_document(export_doc):
    one = export_doc["stories"][0]
    other = copy.deepcopy(one)  # a second story repeating a claim word for word
    taken: dict[str, int] = {}
    add_anchors(one, taken=taken)
    add_anchors(other, taken=taken)
    first = {c["anchor"] for c in one["claims"]} | {k["anchor"] for k in one["conflicts"]}
    second = {c["anchor"] for c in other["claims"]} | {k["anchor"] for k in other["conflicts"]}
    assert first and not first & second


def test_changes_new_and_changed_claims_marked(export_doc):
    previous = snapshot(export_doc)
    later = copy.deepcopy(export_doc)
    story = later["stories"][0]
    story["claims"].append({"id": "c9", "text": "The mayor declared an emergency", "verdict": "single-source",
                            "reports": [], "independent_sources": 1, "values": []})
    story["claims"][2]["verdict"] = "corroborated"
    story["conflicts"][1]["sides"][1]["value"] = "2023-11"
    marked = mark_changes(later, {**previous, "at": "2026-11-26T05:00:00Z"})
    ch = marked["stories"][0]["changes"]
    assert ch["new_claims"] == ["c9"] and ch["changed_claims"] == [{"id": "c3", "was": "single-source"}]
    assert ch["new_conflicts"] == ["k2"]
    assert mark_changes(later, None) is later  # first run: nothing marked
    md = brief.render_markdown(marked)
    assert "Since the previous run (2026-11-26T05:00:00Z): 1 new claim, 1 changed verdict, 1 new conflict" in md
    assert "**NEW** The mayor declared an emergency" in md and "**CHANGED** (was Single source)" in md
    html = brief.render_html(marked)
    assert html.count('class="mark-new"') >= 3


def test_changes_tracked_in_store_rotating_only_on_change(export_doc, tmp_path):
    with Store(tmp_path / "s.db") as store:
        assert "changes" not in track_changes(store, export_doc)["stories"][0]
        later = copy.deepcopy(export_doc)
        later["stories"][0]["claims"].append({"id": "c9", "text": "A new fact", "verdict": "single-source",
                                              "reports": [], "independent_sources": 1, "values": []})
        assert track_changes(store, later)["stories"][0]["changes"]["new_claims"] == ["c9"]
        # The same result again: still marked against the run before it.
        assert track_changes(store, later)["stories"][0]["changes"]["new_claims"] == ["c9"]
