"""bench/group_frames.py: the event a lead reports, read as a frame from a parse; what two frames share."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _bench():
    sys.path.insert(0, str(ROOT / "bench"))
    spec = importlib.util.spec_from_file_location("group_frames", ROOT / "bench" / "group_frames.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up while being made
    spec.loader.exec_module(module)
    return module


def _doc(rows):
    """A parsed sentence built by hand (word, lemma, pos, dep, head index):
    no model needed."""
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

    words, lemmas, pos, deps, heads = (list(col) for col in zip(*rows))
    return Doc(Vocab(), words=words, lemmas=lemmas, pos=pos, deps=deps, heads=heads)


def test_group_frames_sentence_frames_reads_the_event_through_a_reporting_verb():
    b = _bench()
    doc = _doc([("Police", "police", "NOUN", "nsubj", 1), ("said", "say", "VERB", "ROOT", 1),
                ("a", "a", "DET", "det", 3), ("man", "man", "NOUN", "nsubjpass", 5),
                ("was", "be", "AUX", "auxpass", 5), ("arrested", "arrest", "VERB", "ccomp", 1),
                ("in", "in", "ADP", "prep", 5), ("Essex", "Essex", "PROPN", "pobj", 6),
                (".", ".", "PUNCT", "punct", 1)])
    frames = b.sentence_frames(doc[:], triggers=b.load_triggers())
    assert [(f.trigger, set(f.participants)) for f in frames] == [("arrest", {"n:essex"})]


def test_group_frames_sentence_frames_keeps_an_unknown_lemma_as_itself():
    b = _bench()
    doc = _doc([("Newsom", "Newsom", "PROPN", "nsubj", 1), ("survives", "survive", "VERB", "ROOT", 1),
                ("recall", "recall", "NOUN", "dobj", 1)])
    frames = b.sentence_frames(doc[:], triggers=b.load_triggers())
    assert [(f.trigger, f.known) for f in frames] == [("=survive", False)]


def test_group_frames_relate_tells_a_shared_frame_from_a_clash():
    b = _bench()
    f = b.Frame
    arrest = b.Lead([f("arrest", frozenset({"n:smith"}))], [])
    arrest2 = b.Lead([f("arrest", frozenset({"n:smith", "#:3"}))], [])
    sentence = b.Lead([f("sentence", frozenset({"n:smith"}))], [])
    assert b.relate(arrest, arrest2)["frame"] and not b.relate(arrest, arrest2)["clash"]
    assert b.relate(arrest, sentence)["clash"] and not b.relate(arrest, sentence)["frame"]


def test_group_frames_refuses_the_corpora_reported_only():
    b = _bench()
    for name in ("ecb-dev +meta", "allsides-heldout -meta", "singles-allsides +meta"):
        with pytest.raises(SystemExit):
            b.load_corpus(name)
