"""Search across claims and quotes, with the match shown."""

from __future__ import annotations

from newsprism.present.search import highlight, search


def test_search_claims_and_quotes_with_spans(export_doc):
    hits = search(export_doc, "water")
    quotes = [h for h in hits if h["kind"] == "quote"]
    assert [h["speaker"] for h in quotes] == ["Elin Sørby", "Elin Sørby"]
    assert all(h["text"][slice(*s)].lower() == "water" for h in hits for s in h["spans"])
    # A claim matches in its own text or in one of its reports' sentences.
    assert all(h["text"] for h in hits if h["kind"] == "claim")
    hits = search(export_doc, "DAM tuesday")  # every word, any case, any order
    assert [(h["kind"], h["id"]) for h in hits] == [("claim", "c1")]
    assert highlight(hits[0]["text"], hits[0]["spans"]) == "The Orrin «dam» gave way on «Tuesday» night"
    assert hits[0]["anchor"].startswith("c-")


def test_search_word_starts_only_and_nothing_for_no_words(export_doc):
    hits = search(export_doc, "flood")
    assert "c2" in [h["id"] for h in hits if h["kind"] == "claim"]  # "flooded", a word start
    assert all(h["text"][slice(*s)].lower() == "flood" for h in hits for s in h["spans"])
    assert search(export_doc, "looded") == []  # not inside a word
    assert search(export_doc, "  ,; ") == []
    assert search(export_doc, "dam spaceship") == []


def test_search_finds_speaker_by_name(export_doc):
    hits = search(export_doc, "Lindqvist")
    assert [(h["kind"], h["speaker"]) for h in hits] == [("quote", "Tomas Lindqvist")]
