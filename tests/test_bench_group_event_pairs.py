"""bench/group_event_pairs.py: triggers learned from ECB+ annotations, an
article's trigger sentences, and what two of them share."""

from __future__ import annotations

from collections import Counter

from builders import build_article, load_bench


def _doc(ecb, name: str, words: list[str], anchors: dict[int, tuple[str, str]], chains: dict[str, list[str]]):
    """An ECB+ document of one sentence (number 1): ``anchors`` word index ->
    (markable id, tag); ``chains`` instance id -> its markable ids."""
    tokens = tuple(ecb.Token(f"t{i}", 1, i, w) for i, w in enumerate(words))
    markables = tuple(ecb.Markable(m, tag, (f"t{i}",)) for i, (m, tag) in anchors.items())
    relations = tuple(ecb.Relation("CROSS_DOC_COREF", f"r{k}", note, tuple(ms), "")
                      for k, (note, ms) in enumerate(chains.items()))
    return ecb.Document(int(name.split("_")[0]), "ecb", name, None, tokens, markables, relations)


def test_group_event_pairs_trigger_table_learns_occurrences_and_how_often_they_mark_one_instance():
    b = load_bench("group_event_pairs")
    ecb = load_bench("ecbplus")
    forms = {"killed": "kill", "kills": "kill", "said": "say"}
    docs = [
        _doc(ecb, "1_1ecb", ["Gunman", "killed", "two", ",", "police", "said"],
             {1: ("m1", "ACTION_OCCURRENCE"), 5: ("m2", "ACTION_REPORTING")}, {"ACT1": ["m1"]}),
        _doc(ecb, "1_2ecb", ["Two", "killed", "in", "shooting", "said", "police"],
             {1: ("m1", "ACTION_OCCURRENCE"), 4: ("m2", "ACTION_REPORTING")}, {"ACT1": ["m1"]}),
        # the topic's other event, told with the same lemma: another instance
        _doc(ecb, "1_3ecbplus", ["Storm", "kills", "one", ";", "officials", "said"],
             {1: ("m1", "ACTION_OCCURRENCE"), 5: ("m2", "ACTION_REPORTING")}, {"ACT9": ["m1"]}),
    ]
    annotated = {d.name: {1} for d in docs}
    table = b.trigger_table(docs, form_lemma=forms, annotated=annotated)
    # "say" is annotated three times, but as reporting: no occurrence of its own
    assert set(table) == {"kill"}
    kill = table["kill"]
    assert (kill.anchors, kill.uses) == (3, 3)
    # of the three pairs of documents anchoring "kill", one tells one instance
    assert abs(kill.instance_share - 1 / 3) < 1e-9
    # a word annotated in under half of its uses is no trigger
    extra = _doc(ecb, "1_4ecb", ["killed", "killed", "killed", "killed"], {}, {})
    table = b.trigger_table(docs + [extra], form_lemma=forms, annotated={**annotated, "1_4ecb": {1}})
    assert "kill" not in table


def test_group_event_pairs_signature_pairs_a_trigger_with_what_its_own_sentence_names():
    b = load_bench("group_event_pairs")
    triggers = {"arrest": b.Trigger(10, 12, 0.9)}
    a = build_article("a", ["Police arrested Jon Brand in Leeds on Monday.", "Brand lives in York."],
                      mentions=[(0, "Jon Brand", "PERSON"), (0, "Leeds", "GPE"), (1, "Brand", "PERSON"),
                                (1, "York", "GPE")],
                      times=[{"sentence": 0, "text": "Monday", "value": "2020-03-02", "precision": "day"}])
    a.lemmas = [["police", "arrest", "Jon", "Brand", "Leeds", "Monday"], ["Brand", "live", "York"]]
    sig = b.signature(a, triggers)
    assert sig.triggers == {"arrest"}
    assert sig.pairs == {("arrest", "n:brand"), ("arrest", "n:leeds"), ("arrest", "d:2020-03-02")}
    # York is named only in a sentence without a trigger
    assert "n:york" not in sig.arguments
    assert sig.days == {"2020-03-02"}


def test_group_event_pairs_pair_features_weigh_rarity_and_tell_days_apart():
    b = load_bench("group_event_pairs")
    triggers = {"arrest": b.Trigger(10, 12, 0.9)}
    one = b.Signature({"arrest"}, {("arrest", "n:brand")}, {"n:brand"}, {"2020-03-02"})
    same_day = b.Signature({"arrest"}, {("arrest", "n:brand")}, {"n:brand"}, {"2020-03-03"})
    week_on = b.Signature({"arrest"}, {("arrest", "n:brand")}, {"n:brand"}, {"2020-03-09"})
    rare = Counter({("arrest", "n:brand"): 2, "n:brand": 2})
    common = Counter({("arrest", "n:brand"): 50, "n:brand": 50})
    near = b.pair_features(one, same_day, link=0.9, triggers=triggers, articles=100, df=rare)
    far = b.pair_features(one, week_on, link=0.9, triggers=triggers, articles=100, df=rare)
    assert near[4:] == [1.0, 0.0] and far[4:] == [0.0, 1.0]
    # what half the corpus gives says less than what two articles give
    assert b.pair_features(one, same_day, link=0.9, triggers=triggers, articles=100, df=common)[1] < near[1]
    assert near[2] > 0 and near[0] == 0.9
