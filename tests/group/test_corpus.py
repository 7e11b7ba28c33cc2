"""Corpus statistics passed into batch clustering (group/corpus.py): a block
of a corpus clustered with the whole corpus's word rarities."""

from __future__ import annotations

import dataclasses

import numpy as np

from newsprism.config import load_config
from newsprism.group import group_articles
from newsprism.group.cluster import rare_vectors
from newsprism.group.corpus import CorpusStats, article_terms, corpus_stats
from newsprism.group.features import DocFeatures, doc_features, group_rules, reweight_for_corpus


# Our own words: two stories of one kind (two ferry strikes), a story of
# another kind, and one-line notices, enough articles for the corpus-rare
# evidence (data [corpus] full_articles) to be at work.
STRIKE_A = [
    ("Ferry crews in Port Alder walked out on 2 June 2024 over pay.\nThe Alder Ferry Union said 40 sailings "
     "were cancelled.\nUnion leader Mira Sten asked the Harbour Board to talk.", "2024-06-02"),
    ("A pay strike by Port Alder ferry crews cancelled 40 sailings.\nMira Sten of the Alder Ferry Union said "
     "the Harbour Board had refused a raise.", "2024-06-03"),
    ("The Harbour Board met Mira Sten as the Port Alder ferry strike entered its third day.\nCrews want "
     "a raise of 6 percent.", "2024-06-04"),
]
STRIKE_B = [
    ("Ferry workers at Glenmouth stopped work on 11 June 2024 over rosters.\nThe Glenmouth Marine Guild said "
     "the night ferries would not run.\nGuild secretary Tobin Rae blamed new rosters.", "2024-06-11"),
    ("Night ferries at Glenmouth did not run as the Marine Guild strike began.\nTobin Rae said the rosters "
     "left crews without rest.", "2024-06-12"),
]
ROBOT = [
    ("Students from Kell Academy won the national robot contest on 8 June 2024.\nTheir robot stacked "
     "blocks faster than any other.", "2024-06-08"),
    ("Kell Academy's robot team took the national title.\nThe stacking robot was built in six weeks.",
     "2024-06-09"),
]
TOWNS = ["Arvel", "Brisk", "Colden", "Dapper", "Eskar", "Fallow", "Gantry", "Hollin", "Istra", "Jarrow",
         "Kelder", "Lumen", "Marrow", "Nettle", "Orrin", "Pellam", "Quarry", "Rusk", "Sable", "Tamsin",
         "Umber", "Vantor", "Wexley", "Yarrow", "Zennor", "Ashby"]
THINGS = ["library", "bridge", "bakery", "museum", "stadium", "ferry pier", "orchard", "clinic", "theatre",
          "market", "school", "harbour", "garden", "railway", "brewery", "observatory", "gallery", "mill",
          "zoo", "pool", "archive", "tram", "cinema", "vineyard", "laboratory", "aquarium"]
NAMES = {"Port Alder": "GPE", "Alder Ferry Union": "ORG", "Mira Sten": "PERSON", "Harbour Board": "ORG",
         "Glenmouth": "GPE", "Glenmouth Marine Guild": "ORG", "Marine Guild": "ORG", "Tobin Rae": "PERSON",
         "Kell Academy": "ORG", **{t: "GPE" for t in TOWNS}}


def _bigger_corpus(make_article):
    """The stories and notices above, plus a word-for-word copy of one
    strike report (published later)."""
    notices = [(f"The council of {town} opened a {thing} on {1 + i % 28} April 2024.\n"
                f"Residents of {town} queued to see the {thing}.", f"2024-04-{1 + i % 28:02d}")
               for i, (town, thing) in enumerate(zip(TOWNS, THINGS))]
    groups = [("a", STRIKE_A), ("b", STRIKE_B), ("c", ROBOT)] + [(f"f{i}", [n]) for i, n in enumerate(notices)]
    analyzed = []
    for label, group in groups:
        for i, (text, day) in enumerate(group):
            analyzed.append(make_article(f"{label}{i}", text, published=day,
                                         mentions=[(n, k) for n, k in NAMES.items() if n in text]))
    original = analyzed[0]
    copy = dataclasses.replace(original, article=dataclasses.replace(original.article, id="a0copy",
                                                                    published="2024-06-05"))
    return analyzed + [copy]


def _features(analyzed):
    return [doc_features(a, with_sentences=False) for a in analyzed]


def test_corpus_stats_of_the_whole_batch_give_the_same_stories(make_article):
    analyzed = _bigger_corpus(make_article)
    assert len(analyzed) >= group_rules().corpus_full_articles
    cfg = load_config()
    today = group_articles(analyzed, config=cfg, similarities=False)
    assert [d.article for d in today.duplicates] == ["a0copy"]  # the copy is taken out of the statistics
    passed = group_articles(analyzed, config=cfg, similarities=False, corpus=corpus_stats(_features(analyzed)))
    assert [(s.id, s.articles, s.headline) for s in passed.stories] == \
        [(s.id, s.articles, s.headline) for s in today.stories]
    assert passed.duplicates == today.duplicates


def test_corpus_stats_make_a_block_weigh_words_as_the_whole_corpus(make_article):
    analyzed = _bigger_corpus(make_article)[:-1]
    rules = group_rules()
    whole = _features(analyzed)
    stats = corpus_stats(_features(analyzed))
    want_rare = rare_vectors(whole, rules=rules, neighbors=20)
    reweight_for_corpus(whole, rules=rules)
    block_ids = {"a0", "a1", "a2", "b0", "b1", "f30", "f40"}

    def block():
        return [f for f in _features(analyzed) if f.id in block_ids]

    got_rare = rare_vectors(block(), rules=rules, neighbors=20, corpus=stats)
    assert got_rare == {i: want_rare[i] for i in sorted(block_ids)}
    alone = block()
    reweight_for_corpus(alone, rules=rules)
    given = block()
    reweight_for_corpus(given, rules=rules, corpus=stats)
    by_id = {f.id: f for f in whole}
    for f, g in zip(alone, given):
        assert np.array_equal(g.vector, by_id[g.id].vector) and g.entities == by_id[g.id].entities
    # (without the statistics the block weighs its words differently: the test means something)
    assert any(not np.array_equal(f.vector, by_id[f.id].vector) for f in alone)


def test_corpus_stats_count_terms_once_per_article_and_drop_copies():
    a = DocFeatures(id="a", counts={"flood": 1.0, "bridge": 2.0}, places={"dunmore": 1.0}, dates={"2021-03": "March"})
    b = DocFeatures(id="b", counts={"flood": 1.0}, places={"dunmore": 1.0}, numbers={"4 metre": "four metres"})
    c = DocFeatures(id="c", counts={"flood": 1.0})
    assert article_terms(b) == {"w:flood", "p:dunmore", "n:4 metre"}
    stats = corpus_stats([a, b, c])
    assert stats.articles == 3 and dict(stats.df) == {"w:flood": 3, "p:dunmore": 2}  # hapaxes left out
    assert stats.count("w:bridge") == 1 and stats.count("w:flood") == 3
    less = stats.without([b])
    assert less.articles == 2 and less.count("w:flood") == 2 and less.count("p:dunmore") == 1
    assert stats.without([]) is stats
    assert CorpusStats(articles=0).count("w:x") == 1
