import dataclasses
import random

from newsprism.config import load_config
from newsprism.group import group_articles
from newsprism.group.cluster import StreamingClusterer, cluster_batch
from newsprism.group.features import doc_features, group_rules

# Two stories of the same kind (two floods), told in different words, plus an
# unrelated one: names, places and dates must keep the floods apart.
FLOOD_A = [
    ("Floods hit Dunmore as the Avon River burst its banks on 3 March 2021.\nMayor Elena Voss ordered "
     "evacuations in Dunmore.\nThe Avon River rose four metres overnight.", "2021-03-03"),
    ("Mayor Elena Voss said Dunmore would rebuild after the Avon River flood of March 3, 2021.\n"
     "Hundreds left their homes in Dunmore.", "2021-03-04"),
    ("In Dunmore, residents returned after the Avon River flood.\nElena Voss thanked volunteers.\n"
     "The flood of March 2021 damaged bridges.", "2021-03-08"),
]
FLOOD_B = [
    ("Torrential rain flooded Port Kessel on 19 August 2023 when the Lorne River overflowed.\n"
     "Governor Tomas Ferreira declared an emergency in Port Kessel.", "2023-08-19"),
    ("Tomas Ferreira visited Port Kessel after the Lorne River flood.\nThe flood of August 19, 2023 "
     "closed the harbour.", "2023-08-20"),
    ("Port Kessel counts the damage from the Lorne River flood of August 2023.\nGovernor Tomas Ferreira "
     "asked for aid.", "2023-08-24"),
]
CHESS = [
    ("Grandmaster Ilya Marchetti won the Zurich chess open on 5 May 2022.\nMarchetti beat the favourite "
     "in the final round in Zurich.", "2022-05-05"),
]

NAMES = {"Dunmore": "GPE", "Avon River": "LOC", "Elena Voss": "PERSON", "Port Kessel": "GPE",
         "Lorne River": "LOC", "Tomas Ferreira": "PERSON", "Zurich": "GPE", "Ilya Marchetti": "PERSON",
         "Marchetti": "PERSON"}


def _corpus(make_article):
    out, gold = [], {}
    for label, group in (("a", FLOOD_A), ("b", FLOOD_B), ("c", CHESS)):
        for i, (text, day) in enumerate(group):
            aid = f"{label}{i}"
            mentions = [(n, kind) for n, kind in NAMES.items() if n in text]
            out.append(make_article(aid, text, published=day, mentions=mentions))
            gold[aid] = label
    return out, gold


def _partition(groups):
    return sorted(sorted(g) for g in groups)


def test_cluster_batch_separates_same_kind_events(make_article):
    analyzed, gold = _corpus(make_article)
    stories = cluster_batch([doc_features(a) for a in analyzed], config=load_config())
    want = _partition([[k for k, v in gold.items() if v == lab] for lab in "abc"])
    assert _partition([s.articles for s in stories]) == want


def test_cluster_streaming_matches_batch_and_ids_are_stable(make_article):
    analyzed, _ = _corpus(make_article)
    cfg = load_config()
    batch = cluster_batch([doc_features(a) for a in analyzed], config=cfg)
    stream = StreamingClusterer(config=cfg)
    feats = sorted((doc_features(a) for a in analyzed), key=lambda f: (f.day, f.id))
    for f in feats:
        stream.add(f)
    got = stream.stories()
    assert _partition(got.values()) == _partition([s.articles for s in batch])
    # Same members, same id, in batch and streaming, whatever the input order.
    assert {s.id: sorted(s.articles) for s in batch} == got
    shuffled = list(analyzed)
    random.Random(3).shuffle(shuffled)
    again = cluster_batch([doc_features(a) for a in shuffled], config=cfg)
    assert [(s.id, s.articles) for s in again] == [(s.id, s.articles) for s in batch]


def test_cluster_streaming_time_window_evicts_old_articles(make_article):
    analyzed, _ = _corpus(make_article)
    stream = StreamingClusterer(config=load_config().replace(group__time_window_days=10))
    for f in sorted((doc_features(a) for a in analyzed), key=lambda f: (f.day, f.id)):
        stream.add(f)
    # Only the August 2023 flood is within 10 days of the last article.
    assert stream.active == len(FLOOD_B)
    assert len(stream) == len(analyzed)


def test_cluster_headline_is_a_member_title(make_article):
    analyzed, _ = _corpus(make_article)
    result = group_articles(analyzed, config=load_config())
    titles = {a.article.id: a.article.title for a in analyzed}
    for s in result.stories:
        assert s.headline in {titles[m] for m in s.articles}
    # similarities: every pair inside each story, none across
    inside = {(x, y) for s in result.stories for x in s.articles for y in s.articles if x < y}
    assert {tuple(sorted((p.a, p.b))) for p in result.similarities} == inside


def test_cluster_headline_passes_over_a_title_that_is_a_page_address():
    import numpy as np

    from newsprism.group.cluster import headline_of
    from newsprism.group.features import DocFeatures

    def f(aid, title):
        return DocFeatures(id=aid, title=title, vector=np.ones(4, dtype=np.float32) / 2)

    address = "http: / / www. riverpost. com / news / 2024 / bridge - vote"
    assert headline_of([f("a", address), f("b", "Council votes for the new bridge")]) == \
        "Council votes for the new bridge"
    # Only addresses: one of them, as before (nothing better to show).
    assert headline_of([f("a", address), f("b", "")]) == address


def test_cluster_seeds_form_one_story(seeds_analyzed):
    result = group_articles(seeds_analyzed, config=load_config())
    ids = {a.article.id for a in seeds_analyzed}
    assert any(set(s.articles) == ids for s in result.stories)
    assert len(result.similarities) == 3


def test_cluster_streaming_path_keeps_the_seeds_one_story(seeds_analyzed):
    # the path of a corpus above group.batch_max_articles, with and without the window's batch repair
    ids = {a.article.id for a in seeds_analyzed}
    for repair in (0, 5000):
        cfg = load_config().replace(group__batch_max_articles=0, group__stream_repair_max_articles=repair)
        assert [set(s.articles) for s in group_articles(seeds_analyzed, config=cfg).stories] == [ids]


def test_cluster_split_separates_glued_halves():
    import numpy as np

    from newsprism.group.features import DocFeatures

    rng = np.random.default_rng(0)
    feats = []
    for i in range(8):
        v = rng.standard_normal(16).astype(np.float32)
        feats.append(DocFeatures(id=f"d{i}", title=f"t{i}", day=738000 + i, vector=v / np.linalg.norm(v)))

    def score(x, y):  # two halves: alike inside, fairly alike across
        return 0.9 if (int(x.id[1:]) < 4) == (int(y.id[1:]) < 4) else 0.5

    cfg = load_config().replace(group__neighbors=7)
    glued = cluster_batch(feats, config=cfg, threshold=0.4, score=score, split_margin=0.0, corpus_idf=False)
    assert [len(s.articles) for s in glued] == [8]
    split = cluster_batch(feats, config=cfg, threshold=0.4, score=score, split_margin=0.15, corpus_idf=False)
    assert _partition([s.articles for s in split]) == [["d0", "d1", "d2", "d3"], ["d4", "d5", "d6", "d7"]]


# Two anti-smuggling raids by one coast guard: the same kind of words and the
# same big names, but each raid has its own boat, captain and harbour.
RAID_NAMES = {"Coast Guard": "ORG", "Norland": "GPE", "Vessa Bay": "LOC", "Captain Ora Lind": "PERSON",
              "Lind": "PERSON", "Sea Hawk": "PRODUCT", "Karrow": "GPE", "Captain Jon Brae": "PERSON",
              "Brae": "PERSON", "Storm Petrel": "PRODUCT"}
RAID_A = [
    "The Norland Coast Guard seized a smuggling boat in Vessa Bay.\nCaptain Ora Lind of the Sea Hawk led the raid.",
    "Smugglers were arrested by the Coast Guard near Vessa Bay.\nThe Sea Hawk, under Lind, boarded the boat.",
    "Norland's Coast Guard said the Sea Hawk stopped smugglers at Vessa Bay.\nLind praised the crew.",
]
RAID_B = [
    "Off Karrow, the Storm Petrel intercepted a speedboat of smugglers, the Coast Guard said.\n"
    "Jon Brae, its commander, reported two arrests.",
    "Jon Brae's Storm Petrel chased the speedboat for an hour off Karrow.\nThe Coast Guard found cigarettes.",
    "Karrow fishermen watched the Storm Petrel tow the speedboat in.\nBrae said the smugglers surrendered.",
]


def _raid_features(make_article, texts, prefix):
    out = []
    for i, text in enumerate(texts):
        mentions = [(n, kind) for n, kind in RAID_NAMES.items() if n in text]
        out.append(doc_features(make_article(f"{prefix}{i}", text, mentions=mentions)))
    return out


def test_cluster_split_by_specific_separates_two_events_of_one_kind(make_article):
    from newsprism.group.cluster import split_by_specific

    feats = _raid_features(make_article, RAID_A, "a") + _raid_features(make_article, RAID_B, "b")
    parts = split_by_specific(feats, max_between=float(load_config()["group.split_max_between"]))
    assert _partition([[f.id for f in p] for p in parts]) == [["a0", "a1", "a2"], ["b0", "b1", "b2"]]


def test_cluster_split_by_specific_keeps_one_event_whole(make_article):
    from newsprism.group.cluster import split_by_specific

    # One raid told six ways: every article shares some of the raid's own
    # names with the others, so no cut leaves two sides with nothing in common.
    texts = RAID_A + [
        "Captain Ora Lind said the Sea Hawk found the smugglers' boat at dawn.",
        "In Vessa Bay the Sea Hawk seized the boat, the Norland Coast Guard said.",
        "Lind and the Vessa Bay harbour master described the raid.",
    ]
    feats = _raid_features(make_article, texts, "a")
    parts = split_by_specific(feats, max_between=float(load_config()["group.split_max_between"]))
    assert len(parts) == 1 and len(parts[0]) == len(texts)


# Unrelated stories on one subject: two court cases (one week, one kind of
# words: court, judge, jury, verdict) and two earthquakes (years apart).
COURT_A = [
    ("A jury in Halbrook found Marta Quell guilty of fraud on 12 May 2022.\nJudge Owen Tarr will sentence Quell "
     "in June.\nQuell had sold fake shares in a mining firm.", "2022-05-12"),
    ("Marta Quell was convicted of fraud by a Halbrook jury.\nProsecutors told Judge Owen Tarr that Quell sold "
     "fake mining shares to pensioners.", "2022-05-13"),
    ("Quell's lawyers said they would appeal the Halbrook fraud verdict.\nJudge Tarr set sentencing for June.",
     "2022-05-14"),
]
COURT_B = [
    ("In Dorwick, Judge Lena Abara dismissed the murder charge against Piet Vos on 10 May 2022.\n"
     "The court found the police search of Vos's flat unlawful.", "2022-05-10"),
    ("Piet Vos walked free after a Dorwick court threw out the murder case.\nJudge Abara said the evidence "
     "from the flat could not be used.", "2022-05-11"),
    ("Prosecutors in Dorwick will appeal the ruling that freed Piet Vos.\nJudge Lena Abara had excluded the "
     "search evidence.", "2022-05-13"),
]
QUAKE_A = [
    ("A magnitude 6.4 earthquake struck Valdera on 3 March 2015, killing 41 people.\nRescuers searched "
     "collapsed houses in Valdera's old town.", "2015-03-03"),
    ("The Valdera earthquake of 3 March killed 41 people.\nThe quake, of magnitude 6.4, destroyed the old "
     "town's church.", "2015-03-04"),
]
QUAKE_B = [
    ("A magnitude 6.1 earthquake hit Sorrenta on 21 October 2019.\nAt least 12 people died as houses "
     "collapsed in the hill villages around Sorrenta.", "2019-10-21"),
    ("Rescuers in Sorrenta pulled survivors from collapsed houses after the 21 October earthquake.\n"
     "The death toll rose to 12.", "2019-10-22"),
]
SUBJECT_NAMES = {"Halbrook": "GPE", "Marta Quell": "PERSON", "Quell": "PERSON", "Owen Tarr": "PERSON",
                 "Tarr": "PERSON", "Dorwick": "GPE", "Lena Abara": "PERSON", "Abara": "PERSON",
                 "Piet Vos": "PERSON", "Vos": "PERSON", "Valdera": "GPE", "Sorrenta": "GPE"}


def _stories_of(make_article, groups, names):
    out, gold = [], {}
    for label, group in groups:
        for i, (text, day) in enumerate(group):
            aid = f"{label}{i}"
            out.append(make_article(aid, text, published=day,
                                    mentions=[(n, k) for n, k in names.items() if n in text]))
            gold[aid] = label
    return out, gold


def _no_story_mixes(stories, gold):
    return all(len({gold[m] for m in s.articles}) == 1 for s in stories)


def test_cluster_two_court_cases_stay_apart(make_article):
    analyzed, gold = _stories_of(make_article, (("a", COURT_A), ("b", COURT_B)), SUBJECT_NAMES)
    stories = group_articles(analyzed, config=load_config()).stories
    assert _no_story_mixes(stories, gold)
    # and each case is still found as one story
    assert _partition([s.articles for s in stories]) == [["a0", "a1", "a2"], ["b0", "b1", "b2"]]


def test_cluster_two_earthquakes_stay_apart(make_article):
    analyzed, _ = _stories_of(make_article, (("a", QUAKE_A), ("b", QUAKE_B)), SUBJECT_NAMES)
    stories = group_articles(analyzed, config=load_config()).stories
    assert _partition([s.articles for s in stories]) == [["a0", "a1"], ["b0", "b1"]]
    # the streaming clusterer keeps them apart too
    stream = StreamingClusterer(config=load_config())
    for f in sorted((doc_features(a) for a in analyzed), key=lambda f: (f.day, f.id)):
        stream.add(f)
    assert _partition(stream.stories().values()) == [["a0", "a1"], ["b0", "b1"]]


def test_cluster_unrelated_singles_stay_singletons(make_article):
    groups = (("a", COURT_A[:1]), ("b", COURT_B[:1]), ("c", QUAKE_A[:1]), ("d", QUAKE_B[:1]),
              ("e", FLOOD_A[:1]), ("f", FLOOD_B[:1]), ("g", CHESS))
    analyzed, _ = _stories_of(make_article, groups, {**SUBJECT_NAMES, **NAMES})
    stories = group_articles(analyzed, config=load_config()).stories
    assert sorted(len(s.articles) for s in stories) == [1] * len(analyzed)


def _raid_streams(make_article, *configs):
    """One stream per config fed the two raids, each at threshold 0 (the stream's linkage glues everything)."""
    streams = [StreamingClusterer(config=c, threshold=0.0) for c in configs]
    for f in _raid_features(make_article, RAID_A, "a") + _raid_features(make_article, RAID_B, "b"):
        for stream in streams:
            stream.add(f)
    return streams


def test_cluster_streaming_split_separates_two_events_of_one_kind(make_article):
    cfg = load_config().replace(group__stream_repair_max_articles=0)  # the stream's own split step
    glued, split = _raid_streams(make_article, cfg.replace(group__split_max_between=0.0), cfg)
    assert [len(v) for v in glued.stories().values()] == [6]
    got = split.stories()
    assert _partition(got.values()) == [["a0", "a1", "a2"], ["b0", "b1", "b2"]]
    # the part founded first keeps the story's id
    assert set(glued.stories()) <= set(got)


def test_cluster_streaming_repair_takes_batchs_decisions_over_the_window(make_article):
    cfg = load_config().replace(group__split_max_between=0.0)  # no split step: the linkage decides alone
    batch = cluster_batch(_raid_features(make_article, RAID_A, "a") + _raid_features(make_article, RAID_B, "b"),
                          config=cfg)
    draft, repaired = _raid_streams(make_article, cfg.replace(group__stream_repair_max_articles=0), cfg)
    assert [len(v) for v in draft.stories().values()] == [6]
    # the window is re-clustered in batch: batch's stories, with batch's ids
    assert repaired.stories() == {s.id: sorted(s.articles) for s in batch}
    assert len(batch) > 1


def test_cluster_streaming_repair_keeps_evicted_articles_in_their_stories(make_article):
    analyzed, _ = _corpus(make_article)
    cfg = load_config().replace(group__time_window_days=10)
    batch = cluster_batch([doc_features(a) for a in analyzed], config=cfg)
    stream = StreamingClusterer(config=cfg)
    for f in sorted((doc_features(a) for a in analyzed), key=lambda f: (f.day, f.id)):
        stream.add(f)
    assert stream.active < len(analyzed)  # the first flood and the chess report are out of the window
    assert stream.stories() == {s.id: sorted(s.articles) for s in batch}


def test_cluster_rare_vectors_keep_what_few_articles_give():
    from newsprism.group.cluster import rare_vectors
    from newsprism.group.features import DocFeatures

    # "vaccine" is in every article (the subject); "pfizer" in two (the event's own)
    feats = [DocFeatures(id=f"d{i}", counts={"vaccine": 1.0, f"own{i}": 1.0}) for i in range(40)]
    feats[0].counts["pfizer"] = feats[1].counts["pfizer"] = 1.0
    feats[0].numbers = {"500 dose": "500 doses"}
    feats[1].numbers = {"500 dose": "500 million doses"}
    rare = rare_vectors(feats)
    assert set(rare["d0"]) == {"w:pfizer", "n:500 dose"}  # not the subject, not a word of one article
    assert rare["d2"] == {}
    assert abs(sum(v * v for v in rare["d0"].values()) - 1.0) < 1e-9


def _four_members_and_a_lone_report():
    """Unit vectors of four members of a story and one lone report, each with
    words of its own beside the story's shared ones."""
    import numpy as np

    rng = np.random.default_rng(3)
    shared = np.zeros(64)
    shared[:8] = 1.0
    rows = []
    for i in range(5):
        own = np.zeros(64)
        own[8 + 10 * i: 18 + 10 * i] = rng.uniform(0.8, 1.2, 10)
        v = shared * 0.6 + own * (0.3 if i < 4 else 0.45)
        rows.append(v / np.linalg.norm(v))
    return np.vstack(rows)


def test_cluster_attach_joins_a_lone_report_to_a_big_story_only(monkeypatch):
    import numpy as np

    from newsprism.group import cluster
    from newsprism.group.features import DocFeatures, group_rules

    monkeypatch.setattr(cluster, "pair_score", lambda x, y, rules=None: 0.5)
    vectors = _four_members_and_a_lone_report()
    # every report names the event's place (data [corpus] attach_names: a piece shares a name with the story)
    feats = [DocFeatures(id=f"d{i}", vector=vectors[i], places={"arvel": 1.0}) for i in range(5)]
    adj = [[j for j in range(5) if j != i] for i in range(5)]
    groups = [[0, 1, 2, 3], [4]]
    lone_to_member = float(vectors[4] @ vectors[0])
    centre = vectors[:4].sum(axis=0)
    lone_to_centre = float(vectors[4] @ centre / np.linalg.norm(centre))
    bar = (lone_to_member + lone_to_centre) / 2  # between: a pair misses it, the centroid meets it
    assert lone_to_member < bar < lone_to_centre
    got = cluster._attach_singletons(groups, feats, vectors, adj, 4, (0.25, bar), group_rules())
    assert got == [[0, 1, 2, 3, 4]]
    # a story smaller than the minimum is left to the linkage
    assert cluster._attach_singletons(groups, feats, vectors, adj, 5, (0.25, bar), group_rules()) == groups
    # and the mean pair score must reach its bar too
    assert cluster._attach_singletons(groups, feats, vectors, adj, 4, (0.6, bar), group_rules()) == groups


def test_cluster_attach_needs_a_rare_name_the_story_gives(monkeypatch):
    import dataclasses

    import numpy as np

    from newsprism.group import cluster
    from newsprism.group.features import DocFeatures, group_rules

    monkeypatch.setattr(cluster, "pair_score", lambda x, y, rules=None: 0.5)
    vectors = _four_members_and_a_lone_report()  # the lone one meets their centroid, not each of them
    centre = vectors[:4].sum(axis=0)
    bar = (float(vectors[4] @ vectors[0]) + float(vectors[4] @ centre / np.linalg.norm(centre))) / 2
    adj = [[j for j in range(5) if j != i] for i in range(5)]
    groups = [[0, 1, 2, 3], [4]]
    rules = dataclasses.replace(group_rules(), corpus_attach_names=1)

    def attach(places, rare=None, rules=rules):
        feats = [DocFeatures(id=f"d{i}", vector=vectors[i], places=dict(p)) for i, p in enumerate(places)]
        return cluster._attach_singletons(groups, feats, vectors, adj, 4, (0.25, bar), rules, rare=rare,
                                          rare_bar=0.01 if rare else 0.0)

    story = [{"arvel": 1.0}] * 4
    # the lone report names the story's place: it joins; it names another place only: it stays alone
    assert attach(story + [{"arvel": 1.0}]) == [[0, 1, 2, 3, 4]]
    assert attach(story + [{"brisk": 1.0}]) == groups
    assert attach(story + [{}]) == groups
    # with the corpus's rare evidence, only a rare name counts: the subject's big name shared, not the event's, stays
    common = {f"d{i}": {"w:storm": 0.6, "e:town": 0.8} for i in range(4)}
    assert attach(story + [{"arvel": 1.0}], rare={**common, "d4": {"w:storm": 0.6, "p:brisk": 0.8}}) == groups
    assert attach(story + [{"arvel": 1.0}], rare={**common, "d4": {"w:storm": 0.6, "e:town": 0.8}}) \
        == [[0, 1, 2, 3, 4]]
    # 0 = off: the centroid alone decides
    off = dataclasses.replace(rules, corpus_attach_names=0)
    assert attach(story + [{"brisk": 1.0}], rules=off) == [[0, 1, 2, 3, 4]]


def test_cluster_attach_of_full_reports_needs_leads_that_do_not_disagree(monkeypatch):
    # A lone full report meeting a big story's centroid and naming its place
    # joins when its first sentence says what the story's say; when it says
    # something else (the other event of one kind at the same place) it
    # stays alone.  Without full articles on both sides the leads say
    # nothing, and -1 turns the test off.
    import dataclasses

    import numpy as np

    from newsprism.group import cluster
    from newsprism.group.features import group_rules

    monkeypatch.setattr(cluster, "pair_score", lambda x, y, rules=None: 0.5)
    vectors = _four_members_and_a_lone_report()
    centre = vectors[:4].sum(axis=0)
    bar = (float(vectors[4] @ vectors[0]) + float(vectors[4] @ centre / np.linalg.norm(centre))) / 2
    adj = [[j for j in range(5) if j != i] for i in range(5)]
    groups = [[0, 1, 2, 3], [4]]
    rules = dataclasses.replace(group_rules(), corpus_attach_names=1, corpus_attach_lead_cosine=0.2)
    same, other = np.array([1, 0, 0, 0], dtype=np.float32), np.array([0, 1, 0, 0], dtype=np.float32)

    def attach(leads, rules=rules):
        feats = _lead_story_features([same if lead is None else lead for lead in leads])
        for f, v in zip(feats, vectors):
            f.vector, f.places = v, {"arvel": 1.0}
        for f, lead in zip(feats, leads):
            if lead is None:
                f.lead = None
        return cluster._attach_singletons(groups, feats, vectors, adj, 4, (0.25, bar), rules)

    assert attach([same] * 5) == [[0, 1, 2, 3, 4]]
    assert attach([same] * 4 + [other]) == groups
    assert attach([same] * 4 + [None]) == [[0, 1, 2, 3, 4]]  # no full report on one side: no evidence
    off = dataclasses.replace(rules, corpus_attach_lead_cosine=-1.0)
    assert attach([same] * 4 + [other], rules=off) == [[0, 1, 2, 3, 4]]


# Thirty short unrelated notices (our own words): with them the corpus is big
# enough for the corpus-rare evidence (group.link_specific) and the
# attachment of lone reports to big stories to be at work.
_FILLER_TOWNS = ["Arvel", "Brisk", "Colden", "Dapper", "Eskar", "Fallow", "Gantry", "Hollin", "Istra", "Jarrow",
                 "Kelder", "Lumen", "Marrow", "Nettle", "Orrin", "Pellam", "Quarry", "Rusk", "Sable", "Tamsin",
                 "Umber", "Vantor", "Wexley", "Yarrow", "Zennor", "Ashby", "Bellow", "Crane", "Dunmere", "Elgar"]
_FILLER_THINGS = ["library", "bridge", "bakery", "museum", "stadium", "ferry", "orchard", "clinic", "theatre",
                  "market", "school", "harbour", "garden", "railway", "brewery", "observatory", "gallery", "mill",
                  "zoo", "pool", "archive", "tram", "cinema", "vineyard", "laboratory", "aquarium", "chapel",
                  "lighthouse", "quarry", "airfield"]


def test_cluster_court_cases_and_earthquakes_stay_apart_in_a_bigger_corpus(make_article):
    fillers = [(f"The council of {town} opened a {thing} on {1 + i % 28} April 2021.\n"
                f"Residents of {town} queued to see the {thing}.", f"2021-04-{1 + i % 28:02d}")
               for i, (town, thing) in enumerate(zip(_FILLER_TOWNS, _FILLER_THINGS))]
    names = {**SUBJECT_NAMES, **{t: "GPE" for t in _FILLER_TOWNS}}
    groups = [("a", COURT_A), ("b", COURT_B), ("c", QUAKE_A), ("d", QUAKE_B)]
    groups += [(f"f{i}", [f]) for i, f in enumerate(fillers)]
    analyzed, gold = _stories_of(make_article, groups, names)
    assert len(analyzed) >= group_rules_full_articles()
    stories = group_articles(analyzed, config=load_config()).stories
    # (the notices, all of one template, may group among themselves: not the point here)
    assert _no_story_mixes([s for s in stories if any(gold[m] in "abcd" for m in s.articles)], gold)
    parts = _partition([s.articles for s in stories])
    for label, group in groups[:4]:
        assert [f"{label}{i}" for i in range(len(group))] in parts


def group_rules_full_articles() -> float:
    from newsprism.group.features import group_rules

    return group_rules().corpus_full_articles


def test_cluster_attach_joins_a_small_piece_only_to_a_story_that_dwarfs_it(monkeypatch):
    import dataclasses

    import numpy as np

    from newsprism.group import cluster
    from newsprism.group.features import DocFeatures, group_rules

    monkeypatch.setattr(cluster, "pair_score", lambda x, y, rules=None: 0.5)
    rng = np.random.default_rng(5)
    shared = np.zeros(128)
    shared[:8] = 1.0
    rows = []
    for i in range(8):  # six members, then a piece of two, each with words of its own
        own = np.zeros(128)
        own[8 + 12 * i: 20 + 12 * i] = rng.uniform(0.8, 1.2, 12)
        v = shared * 0.6 + own * 0.4
        rows.append(v / np.linalg.norm(v))
    vectors = np.vstack(rows)
    feats = [DocFeatures(id=f"d{i}", vector=vectors[i], places={"arvel": 1.0}) for i in range(8)]
    adj = [[j for j in range(8) if j != i] for i in range(8)]
    piece = vectors[6] + vectors[7]
    centre = vectors[:6].sum(axis=0)
    to_centre = float(piece @ centre / np.linalg.norm(piece) / np.linalg.norm(centre))
    bar = to_centre * 0.95
    assert float(vectors[6] @ vectors[0]) < bar  # no pair across reaches the bar: linkage keeps them apart
    rules = dataclasses.replace(group_rules(), corpus_attach_ratio=3)
    groups = [[0, 1, 2, 3, 4, 5], [6, 7]]
    assert cluster._attach_singletons(groups, feats, vectors, adj, 4, (0.25, bar), rules,
                                      piece=3) == [list(range(8))]
    # a story less than attach_ratio times the piece's size keeps it apart
    small = [[0, 1, 2, 3, 4], [5], [6, 7]]
    assert [6, 7] in cluster._attach_singletons(small, feats, vectors, adj, 4, (0.25, bar), rules, piece=3)
    # and pieces above the piece size asked for (the function's default: lone articles) are left to the linkage
    assert cluster._attach_singletons(groups, feats, vectors, adj, 4, (0.25, bar), rules) == groups


def test_cluster_attach_takes_back_a_cut_piece_only_where_the_link_holds_it(monkeypatch):
    import dataclasses

    import numpy as np

    from newsprism.group import cluster
    from newsprism.group.features import DocFeatures, group_rules

    monkeypatch.setattr(cluster, "pair_score", lambda x, y, rules=None: 0.5)
    rng = np.random.default_rng(5)
    shared = np.zeros(128)
    shared[:8] = 1.0
    rows = []
    for i in range(8):  # a part of six, and a piece of two the split cut off it
        own = np.zeros(128)
        own[8 + 12 * i: 20 + 12 * i] = rng.uniform(0.8, 1.2, 12)
        v = shared * 0.6 + own * 0.4
        rows.append(v / np.linalg.norm(v))
    vectors = np.vstack(rows)
    feats = [DocFeatures(id=f"d{i}", vector=vectors[i]) for i in range(8)]
    adj = [[j for j in range(8) if j != i] for i in range(8)]
    piece = vectors[6] + vectors[7]
    centre = vectors[:6].sum(axis=0)
    bar = float(piece @ centre / np.linalg.norm(piece) / np.linalg.norm(centre)) * 0.95
    rules = dataclasses.replace(group_rules(), corpus_attach_ratio=3)
    groups = [[0, 1, 2, 3, 4, 5], [6, 7]]

    def attach(*, movable, link):
        return cluster._attach_singletons(groups, feats, vectors, adj, 4, (0.25, bar), rules, piece=3,
                                          movable=movable, link=link)

    cut = set(range(8))
    # the link still holds the piece to the part it was cut from: it goes back
    assert attach(movable=cut, link=lambda i, j: 1.4) == [list(range(8))]
    # the link across is under its bar: the cut stands, whatever the centroid says
    assert attach(movable=cut, link=lambda i, j: 0.6) == groups
    # a piece the split did not make is not moved here
    assert attach(movable={0, 1, 2, 3, 4, 5}, link=lambda i, j: 1.4) == groups


def test_cluster_story_span_keeps_undated_reports_of_months_apart_stories_apart():
    import dataclasses

    import numpy as np

    from newsprism.group.features import DocFeatures, group_rules
    from newsprism.group.similarity import time_factor

    rules = group_rules()
    day = 738000
    feats = []
    for label, first in (("a", day), ("b", day + 60)):  # one dated report each, two undated
        for i in range(3):
            feats.append(DocFeatures(id=f"{label}{i}", day=first if i == 0 else None,
                                     published="x" if i == 0 else None, vector=np.eye(8)[len(feats)]))

    def score(x, y):  # one event's reports alike, two events of one subject nearly as alike
        return (1.0 if x.id[0] == y.id[0] else 0.9) * time_factor(x, y, rules)

    def run(span: bool):
        r = dataclasses.replace(rules, story_span=span)
        stories = cluster_batch(feats, config=load_config(), rules=r, score=score, threshold=0.75, corpus_idf=False,
                                split_margin=0.0, split_max_between=0.0, attach_min=0)
        return _partition([s.articles for s in stories])

    assert run(False) == [["a0", "a1", "a2", "b0", "b1", "b2"]]  # pairs alone: the undated glue them
    assert run(True) == [["a0", "a1", "a2"], ["b0", "b1", "b2"]]


def test_cluster_streaming_story_span_scales_a_report_far_from_the_story(monkeypatch):
    import dataclasses

    import numpy as np

    from newsprism.group import cluster
    from newsprism.group.features import DocFeatures, group_rules
    from newsprism.group.similarity import time_factor

    monkeypatch.setattr(cluster, "pair_score", lambda x, y, rules=None: 0.9 * time_factor(x, y, rules))
    day = 738000
    vec = np.ones(8, dtype=np.float32) / np.sqrt(8)

    # the late report halfway between the grace and the horizon of data [time]
    late = int((group_rules().gap_grace_days + group_rules().publication_horizon_days) / 2)

    def run(span: bool) -> int:
        rules = dataclasses.replace(group_rules(), story_span=span)
        stream = StreamingClusterer(config=load_config().replace(group__stream_repair_max_articles=0), rules=rules,
                                    dim=8, threshold=0.5)
        stream.add(DocFeatures(id="a0", day=day, published="x", vector=vec))
        stream.add(DocFeatures(id="a1", vector=vec))  # undated: its story's day
        stream.add(DocFeatures(id="b0", day=day + late, published="x", vector=vec))
        return len(set(stream.stories()))

    assert run(False) == 1  # the undated report's full score carries the late one in
    assert run(True) == 2


# Two weekly labour-market figures, no publication dates: the subject, the
# department and the city are shared; the day each report names is not.
WEEK_A = ("Jobless claims fell on Thursday to the lowest level since the pandemic began.\n"
          "The Labor Department's Marty Walsh welcomed the drop in Washington.")
WEEK_B = ("Jobless claims rose on Monday after a holiday week, data showed.\n"
          "Economist Diane Swonk told the Labor Department {where}that hiring had slowed.")
WEEK_NAMES = {"Marty Walsh": "PERSON", "Washington": "GPE", "Labor Department": "ORG", "Diane Swonk": "PERSON",
              "Chicago": "GPE"}


def _weekly(make_article, where: str):
    texts = (("a", WEEK_A), ("b", WEEK_B.format(where=where)))
    return [doc_features(make_article(aid, t, mentions=[(n, k) for n, k in WEEK_NAMES.items() if n in t]))
            for aid, t in texts]


def test_cluster_undated_reports_naming_different_weekdays_stay_apart(make_article):
    import dataclasses

    from newsprism.group.features import group_rules

    cfg = load_config()
    rules = group_rules()
    blind = dataclasses.replace(rules, weekday_factor=1.0)  # the rule off
    # batch: linked on the subject alone, kept apart by the days they name
    assert len(cluster_batch(_weekly(make_article, "in Washington "), config=cfg, rules=blind)) == 1
    assert len(cluster_batch(_weekly(make_article, "in Washington "), config=cfg, rules=rules)) == 2
    # streaming makes the same decision on its pair scores (its own, without the batch repair)
    for r, want in ((blind, 1), (rules, 2)):
        stream = StreamingClusterer(config=cfg.replace(group__stream_repair_max_articles=0), rules=r)
        for f in _weekly(make_article, "in Chicago "):
            stream.add(f)
        assert len(stream.stories()) == want
    # one day named by both, or a date that settles it, keeps the link as it was
    same_day = [make_article("a", WEEK_A), make_article("b", WEEK_B.format(where="").replace("Monday", "Thursday"))]
    from newsprism.group.similarity import weekday_factor

    fa, fb = (doc_features(a) for a in same_day)
    assert weekday_factor(fa, fb, rules) == 1.0
    fa, fb = _weekly(make_article, "")
    assert weekday_factor(fa, fb, rules) == rules.weekday_factor < 1.0
    fa.day = fb.day = 738000
    assert weekday_factor(fa, fb, rules) == 1.0


def test_cluster_streaming_caps_the_pair_score_by_the_streams_word_rarities(monkeypatch):
    import numpy as np

    from newsprism.group import cluster
    from newsprism.group.features import DocFeatures

    # Every pair scores high on names (a stream of one subject's big names);
    # the words the stream has seen say which reports tell one story.
    monkeypatch.setattr(cluster, "pair_score", lambda x, y, rules=None: 0.9)
    vec = np.ones(8, dtype=np.float32) / np.sqrt(8)

    def run(link_cosine: float) -> list[list[str]]:
        cfg = load_config().replace(group__link_cosine=link_cosine, group__stream_repair_max_articles=0)
        stream = StreamingClusterer(config=cfg, dim=8)
        for i in range(30):  # unrelated reports: one word of their own, one said by all
            stream.add(DocFeatures(id=f"f{i:02d}", vector=vec, counts={f"topic{i}": 1.0, "report": 1.0}))
        for i in range(2):  # two reports of one event share its own words
            stream.add(DocFeatures(id=f"e{i}", vector=vec, counts={"vaccine": 1.0, "dose": 1.0, "report": 1.0}))
        return _partition(stream.stories().values())

    assert len(run(0.0)) == 1  # the pair score alone links them all
    got = run(load_config().group.link_cosine)
    assert ["e0", "e1"] in got
    # once the stream has seen enough to tell its common words (the bar grows
    # with the articles seen, as batch's with its corpus), unrelated reports stay alone
    assert all([f"f{i}"] in got for i in range(20, 30))


# Late undated reports: the stream feeds reports without a publication date
# after the dated ones, when their event's dated reports may have left the
# time window (group.stream_evicted_stories keeps a summary of such stories).
LATE_FLOOD_A = ("Volunteers in Dunmore cleared mud from the streets the Avon River flooded.\nMayor Elena Voss "
                "said the Avon River flood forced hundreds of families from their homes.")
LATE_OTHER_FLOOD = ("The dam on the Tamsin River gave way and flooded Wexmoor.\nCouncillor Ada Brill said "
                    "hundreds of families left their homes in Wexmoor.")
LATE_NAMES = {**NAMES, "Wexmoor": "GPE", "Tamsin River": "LOC", "Ada Brill": "PERSON"}


def _late_stream(make_article, late_text, rules=None, **replace):
    """A stream with a 10-day window fed the two floods and the chess report
    in time order, then one undated report; the late report's story."""
    analyzed, _ = _corpus(make_article)
    late = make_article("z0", late_text, mentions=[(n, k) for n, k in LATE_NAMES.items() if n in late_text])
    stream = StreamingClusterer(config=load_config().replace(group__time_window_days=10, **replace), rules=rules)
    for f in sorted((doc_features(a) for a in analyzed), key=lambda f: (f.day, f.id)):
        stream.add(f)
    late_f = doc_features(late)
    assert late_f.day is None
    stream.add(late_f)
    return stream


def test_cluster_streaming_undated_late_report_joins_its_evicted_story(make_article):
    stream = _late_stream(make_article, LATE_FLOOD_A)
    assert stream.story_of("z0") == stream.story_of("a0")  # the stream's own decision
    got = _partition(stream.stories().values())  # and after the repair of the window
    assert ["a0", "a1", "a2", "z0"] in got
    # without the summaries of evicted stories it meets only the window's (the other flood) and stands alone
    off = _late_stream(make_article, LATE_FLOOD_A, group__stream_evicted_stories=0)
    assert off.story_of("z0") not in {off.story_of("a0"), off.story_of("b0")}
    assert ["z0"] in _partition(off.stories().values())


def test_cluster_streaming_undated_report_of_another_event_stays_apart(make_article):
    stream = _late_stream(make_article, LATE_OTHER_FLOOD)
    assert stream.story_of("z0") not in {stream.story_of(a) for a in ("a0", "b0", "c0")}
    assert _partition(stream.stories().values()) == [["a0", "a1", "a2"], ["b0", "b1", "b2"], ["c0"], ["z0"]]


def test_cluster_streaming_evicted_summaries_stay_bounded(make_article):
    stream = _late_stream(make_article, LATE_FLOOD_A, group__stream_evicted_stories=1)
    # flood A, then the chess report, were evicted; only the later-evicted one keeps its summary,
    # so the late flood report no longer reaches flood A
    assert len(stream._evicted) == 1 and len(stream._evicted_items) <= stream.keep_recent
    assert stream.story_of("z0") != stream.story_of("a0")


def test_cluster_streaming_repair_joins_undated_report_to_its_evicted_story(make_article):
    # the stream itself never joins an evicted story here (its bar out of reach): the final batch pass
    # over the window, which takes in the summaries the window's undated reports reach, decides
    never = dataclasses.replace(group_rules(), evicted_bar=1e9)
    stream = _late_stream(make_article, LATE_FLOOD_A, rules=never)
    assert stream.story_of("z0") != stream.story_of("a0")
    got = _partition(stream.stories().values())
    assert ["a0", "a1", "a2", "z0"] in got and ["b0", "b1", "b2"] in got
    # a report of another flood reaches the summaries too, and batch keeps it apart
    other = _late_stream(make_article, LATE_OTHER_FLOOD, rules=never)
    assert _partition(other.stories().values()) == [["a0", "a1", "a2"], ["b0", "b1", "b2"], ["c0"], ["z0"]]
    # no summaries, no repair across the window's edge
    off = _late_stream(make_article, LATE_FLOOD_A, rules=never, group__stream_evicted_stories=0)
    assert ["z0"] in _partition(off.stories().values())


def test_cluster_link_score_scales_every_bar_for_reports_days_apart(make_article):
    # Reports published days apart with no day-precise date in common: the
    # time factor scales the whole link, whichever bar binds (here the corpus
    # cosine, then the rare evidence), not only the pair score.
    from newsprism.group.cluster import link_score
    from newsprism.group.similarity import time_factor

    text = "Pollsters found voters split before the debate.\nThe survey had a margin of error of three points."
    a = doc_features(make_article("a", text, published="2016-09-20"))
    b = doc_features(make_article("b", text, published="2016-09-20"))
    rules = group_rules()
    assert rules.gap_scales_link
    off = dataclasses.replace(rules, gap_scales_link=False)
    rare = {"w:margin": 1.0}
    for bars, kw in (((0.01, 2.0, 0.0), {}), ((0.01, 0.01, 2.0), {"rare_x": rare, "rare_y": rare})):
        same_day = link_score(a, b, bars=bars, rules=rules, **kw)
        assert same_day == link_score(a, b, bars=bars, rules=off, **kw)
        b.day += 6
        factor = time_factor(a, b, rules)
        assert 0 < factor < 1
        assert abs(link_score(a, b, bars=bars, rules=rules, **kw) - same_day * factor) < 1e-9
        assert link_score(a, b, bars=bars, rules=off, **kw) == same_day  # the bar that binds never saw the days
        b.day -= 6


def _link_table(table):
    """A link score over index pairs from a {(i, j): score} table (0 elsewhere)."""
    return lambda i, j: table.get((min(i, j), max(i, j)), 0.0)


def test_cluster_reassign_moves_a_report_its_story_no_longer_holds():
    from newsprism.group import cluster
    from newsprism.group.features import DocFeatures

    # Story 0 holds 0, 1, 2 and a report (3) of the event of story 1 (4, 5): 3 meets 0-2 at 0.6 on
    # average, below the bar of 1, and 4-5 at 1.4.
    table = {(0, 1): 1.5, (0, 2): 1.5, (1, 2): 1.5, (0, 3): 0.6, (1, 3): 0.6, (2, 3): 0.6,
             (3, 4): 1.4, (3, 5): 1.4, (4, 5): 2.0}
    feats = [DocFeatures(id=f"d{i}") for i in range(6)]
    adj = [[j for j in range(6) if j != i] for i in range(6)]
    got = cluster._reassign([[0, 1, 2, 3], [4, 5]], adj, _link_table(table), 1.0, feats, group_rules(), passes=3)
    assert _partition(got) == [[0, 1, 2], [3, 4, 5]]


def test_cluster_reassign_keeps_a_report_that_still_meets_its_story():
    from newsprism.group import cluster
    from newsprism.group.features import DocFeatures

    # 3 meets its own story at 1.1 on average (over the bar) and the other at 1.4: it stays, as
    # the linkage put it (one story of a subject may meet another better and still be right).
    table = {(0, 1): 1.5, (0, 2): 1.5, (1, 2): 1.5, (0, 3): 1.1, (1, 3): 1.1, (2, 3): 1.1,
             (3, 4): 1.4, (3, 5): 1.4, (4, 5): 2.0}
    feats = [DocFeatures(id=f"d{i}") for i in range(6)]
    adj = [[j for j in range(6) if j != i] for i in range(6)]
    groups = [[0, 1, 2, 3], [4, 5]]
    assert cluster._reassign(groups, adj, _link_table(table), 1.0, feats, group_rules(), passes=3) == groups
    # and a report that fails its story but meets no other at the bar, nor near it, stays too
    rules = group_rules()
    table[(3, 4)] = table[(3, 5)] = 0.99 * rules.corpus_reassign_floor
    assert cluster._reassign(groups, adj, _link_table(table), 1.0, feats, rules, passes=3) == groups


def test_cluster_reassign_moves_a_report_to_a_story_it_meets_clearly_better_under_the_bar():
    from newsprism.group import cluster
    from newsprism.group.features import DocFeatures

    # 3 meets its own story at 0.6 on average and the other at 0.9: neither reaches the bar of 1,
    # the other is at least the floor (0.8) and 1.5 times its own: it moves.
    rules = dataclasses.replace(group_rules(), corpus_reassign_floor=0.8, corpus_reassign_margin=1.2)
    table = {(0, 1): 1.5, (0, 2): 1.5, (1, 2): 1.5, (0, 3): 0.6, (1, 3): 0.6, (2, 3): 0.6,
             (3, 4): 0.9, (3, 5): 0.9, (4, 5): 2.0}
    feats = [DocFeatures(id=f"d{i}") for i in range(6)]
    adj = [[j for j in range(6) if j != i] for i in range(6)]
    groups = [[0, 1, 2, 3], [4, 5]]
    got = cluster._reassign(groups, adj, _link_table(table), 1.0, feats, rules, passes=3)
    assert _partition(got) == [[0, 1, 2], [3, 4, 5]]
    # not when it meets its own story nearly as well (0.8 * 1.2 = 0.96 > 0.9)
    for k in ((0, 3), (1, 3), (2, 3)):
        table[k] = 0.8
    assert cluster._reassign(groups, adj, _link_table(table), 1.0, feats, rules, passes=3) == groups
    # nor with the floor at the bar (the rule before session 23)
    off = dataclasses.replace(rules, corpus_reassign_floor=1.0)
    for k in ((0, 3), (1, 3), (2, 3)):
        table[k] = 0.6
    assert cluster._reassign(groups, adj, _link_table(table), 1.0, feats, off, passes=3) == groups


def test_cluster_reassign_keeps_a_dated_report_from_a_story_weeks_away():
    from newsprism.group import cluster
    from newsprism.group.features import DocFeatures

    # The same links as the first test, but the report is published weeks after the other story's.
    table = {(0, 1): 1.5, (0, 2): 1.5, (1, 2): 1.5, (0, 3): 0.6, (1, 3): 0.6, (2, 3): 0.6,
             (3, 4): 1.4, (3, 5): 1.4, (4, 5): 2.0}
    days = [100, 100, 100, 140, 110, 110]
    feats = [DocFeatures(id=f"d{i}", day=d) for i, d in enumerate(days)]
    adj = [[j for j in range(6) if j != i] for i in range(6)]
    groups = [[0, 1, 2, 3], [4, 5]]
    rules = group_rules()
    assert rules.story_span
    assert cluster._reassign(groups, adj, _link_table(table), 1.0, feats, rules, passes=3) == groups


def test_cluster_rare_vectors_floor_is_a_fraction_of_a_small_corpus():
    from newsprism.group.cluster import rare_vectors
    from newsprism.group.features import DocFeatures

    # 80 articles; "poll" in 15 of them (a subject word of a small one-topic corpus), "quinnipiac" in 3
    feats = [DocFeatures(id=f"d{i}", counts={"election": 1.0, f"own{i}": 1.0}) for i in range(80)]
    for i in range(15):
        feats[i].counts["poll"] = 1.0
    for i in range(3):
        feats[i].counts["quinnipiac"] = 1.0
    rules = group_rules()
    assert rules.corpus_rare_floor_fraction * 80 < 15 < 20
    rare = rare_vectors(feats, rules=rules, neighbors=20)
    assert set(rare["d0"]) == {"w:quinnipiac"}
    # without the limit, the floor of 20 neighbours calls "poll" event-specific
    loose = rare_vectors(feats, rules=dataclasses.replace(rules, corpus_rare_floor_fraction=0.0), neighbors=20)
    assert set(loose["d0"]) == {"w:quinnipiac", "w:poll"}


def test_cluster_restated_report_in_other_words_joins_its_event(make_article):
    # A third report of the Valdera quake that shares no sentence with the other two (its own
    # words, the same place, day and toll) joins them; the Sorrenta quake and the court cases
    # stay apart, in a corpus big enough for every corpus-relative bar to be at work.
    retold = [("Forty-one residents of Valdera lost their lives when the ground shook on 3 March 2015.\n"
               "The 6.4 tremor flattened homes around the old church of Valdera.", "2015-03-03")]
    fillers = [(f"The council of {town} opened a {thing} on {1 + i % 28} April 2021.\n"
                f"Residents of {town} queued to see the {thing}.", f"2021-04-{1 + i % 28:02d}")
               for i, (town, thing) in enumerate(zip(_FILLER_TOWNS, _FILLER_THINGS))]
    names = {**SUBJECT_NAMES, **{t: "GPE" for t in _FILLER_TOWNS}}
    groups = [("a", COURT_A), ("b", COURT_B), ("c", QUAKE_A + retold), ("d", QUAKE_B)]
    groups += [(f"f{i}", [f]) for i, f in enumerate(fillers)]
    analyzed, gold = _stories_of(make_article, groups, names)
    stories = group_articles(analyzed, config=load_config()).stories
    assert _no_story_mixes([s for s in stories if any(gold[m] in "abcd" for m in s.articles)], gold)
    parts = _partition([s.articles for s in stories])
    assert ["c0", "c1", "c2"] in parts
    assert ["d0", "d1"] in parts


def test_cluster_link_bars_cosine_bar_keeps_a_floor_in_a_tiny_corpus():
    # Two or three articles cannot say which of their words are rare, but the
    # corpus cosine must still count: with its bar near 0 the pair score alone
    # joined two unrelated reports that name the same big names.
    from newsprism.group.cluster import link_bars

    rules = group_rules()
    full = int(rules.corpus_full_articles)
    bar = lambda n, r=rules: link_bars(threshold=0.25, link_cosine=0.2, link_specific=0.2,  # noqa: E731
                                       corpus_articles=n, rules=r)[1]
    assert rules.corpus_cosine_floor > 0
    assert bar(2) == bar(3) == 0.2 * rules.corpus_cosine_floor
    assert bar(full + 1) == 0.2
    assert bar(2) <= bar(full // 2 + 1) <= bar(full + 1)
    no_floor = dataclasses.replace(rules, corpus_cosine_floor=0.0)
    assert bar(2, no_floor) < bar(2)


def _lead_story_features(lead_rows, *, sentences=6):
    """Features of embedded articles of ``sentences`` sentences whose first
    sentences are lead_rows, as doc_features makes them."""
    import numpy as np

    from builders import build_article

    out = []
    for k, lead in enumerate(lead_rows):
        rows = np.zeros((sentences, 4), dtype=np.float32)
        rows[0] = lead
        rows[1:, 3] = 1.0
        a = build_article(f"a{k}", [f"Sentence {i} of report {k}." for i in range(sentences)], embeddings=rows)
        out.append(doc_features(a, with_sentences=False))
    return out


def test_cluster_stories_of_full_articles_whose_leads_agree_join():
    import numpy as np

    from newsprism.group.cluster import _merge_by_leads

    rules = dataclasses.replace(group_rules(), lead_link=0.85, lead_cosine=0.5, lead_min_sentences=6,
                                lead_full_share=0.8, lead_min_articles=3)
    same, other = np.array([1, 0, 0, 0], dtype=np.float32), np.array([0, 1, 0, 0], dtype=np.float32)
    groups = [[0, 1, 2], [3, 4, 5]]

    def merged(feats, link=0.9, groups=groups):
        n = len(feats)
        adj = [[j for j in range(n) if j != i] for i in range(n)]
        return len(_merge_by_leads(groups, adj, lambda i, j: link, feats, rules)) == 1

    assert merged(_lead_story_features([same] * 6))
    # two events of one kind: the leads say different things
    assert not merged(_lead_story_features([same] * 3 + [other] * 3))
    # opening paragraphs: the lead is most of the text, it says the subject
    assert not merged(_lead_story_features([same] * 6, sentences=3))
    # a mean link far under the bar
    assert not merged(_lead_story_features([same] * 6), link=0.5)
    # a lone report against a story: one pair of leads is what the linkage already saw
    assert not merged(_lead_story_features([same] * 4), groups=[[0, 1, 2], [3]])
    # two stories whose dated reports lie weeks apart (a recurring figure): their link is scaled as the
    # linkage scales it, an undated member taking its story's dates
    weeks = _lead_story_features([same] * 6)
    weeks[0].day, weeks[3].day = 738000, 738035
    assert not merged(weeks)
    weeks[3].day = 738001
    assert merged(weeks)


def test_cluster_batch_steps_say_which_rule_joined_each_story(make_article):
    # Every story of two or more articles says how it was formed (linkage
    # and its weakest merge); recording the steps changes no story.
    analyzed, _ = _corpus(make_article)
    cfg = load_config()
    steps = []
    stories = cluster_batch([doc_features(a) for a in analyzed], config=cfg, steps=steps)
    plain = cluster_batch([doc_features(a) for a in analyzed], config=cfg)
    assert [(s.id, s.articles) for s in stories] == [(s.id, s.articles) for s in plain]
    joined = {s.id for s in stories if len(s.articles) > 1}
    linkage = {st.story: st for st in steps if st.rule == "linkage"}
    assert set(linkage) == joined
    for s in stories:
        if s.id in linkage:
            assert set(linkage[s.id].parts[0]) <= set(s.articles)
            assert linkage[s.id].link >= 1.0  # merged at the bar or over it


def test_cluster_lead_join_measures_a_joined_story_again_in_a_later_pass():
    # Three pieces of one event whose leads agree: in one pass a story joins
    # once (the strongest pair), the third piece waits; the next pass reads
    # the joined story as a whole and takes it in.  A piece whose lead
    # differs stays apart however many passes.
    import numpy as np

    from newsprism.group.cluster import _merge_by_leads

    same, other = np.array([1, 0, 0, 0], dtype=np.float32), np.array([0, 1, 0, 0], dtype=np.float32)
    groups = [[0, 1, 2], [3, 4, 5], [6, 7, 8]]
    adj = [[j for j in range(9) if j != i] for i in range(9)]

    def stories(feats, passes):
        rules = dataclasses.replace(group_rules(), lead_link=0.85, lead_cosine=0.5, lead_min_sentences=6,
                                    lead_full_share=0.8, lead_min_articles=3, lead_passes=passes)
        return _merge_by_leads(groups, adj, lambda i, j: 0.9, feats, rules)

    feats = _lead_story_features([same] * 9)
    assert len(stories(feats, 1)) == 2
    assert stories(feats, 3) == [list(range(9))]
    apart = _lead_story_features([same] * 6 + [other] * 3)
    assert stories(apart, 3) == [[0, 1, 2, 3, 4, 5], [6, 7, 8]]


def test_cluster_lead_join_is_recorded_with_its_link_and_lead_cosine():
    import numpy as np

    from newsprism.group.cluster import _merge_by_leads

    rules = dataclasses.replace(group_rules(), lead_link=0.85, lead_cosine=0.5, lead_min_sentences=6,
                                lead_full_share=0.8, lead_min_articles=3)
    same = np.array([1, 0, 0, 0], dtype=np.float32)
    feats = _lead_story_features([same] * 7)
    adj = [[j for j in range(7) if j != i] for i in range(7)]
    record = []
    out = _merge_by_leads([[0, 1, 2], [3, 4, 5, 6]], adj, lambda i, j: 0.9, feats, rules, record=record)
    assert out == [[0, 1, 2, 3, 4, 5, 6]]
    (rule, parts, link, cos, between), = record
    assert rule == "leads" and parts == [[3, 4, 5, 6], [0, 1, 2]]  # the receiving (larger) part first
    assert abs(link - 0.9) < 1e-9 and abs(cos - 1.0) < 1e-6 and between is None
    # nothing joined, nothing recorded
    record = []
    _merge_by_leads([[0, 1, 2], [3, 4, 5, 6]], adj, lambda i, j: 0.5, feats, rules, record=record)
    assert record == []


def test_cluster_steps_follow_a_story_whose_id_moved():
    from newsprism.group.cluster import StoryStep, steps_for_stories
    from newsprism.model import Story

    steps = [StoryStep(story="old", rule="leads", parts=[["b", "c"], ["d"]], link=0.9, lead_cosine=0.6),
             StoryStep(story="old", rule="linkage", parts=[["x"]]),  # an article in no story: left out
             StoryStep(story="s0", rule="copy", parts=[["e"], ["f"]])]
    stories = [Story(id="s1", articles=["a", "b", "c", "d"]), Story(id="s0", articles=["e", "f"])]
    got = steps_for_stories(steps, stories)
    assert [(st.story, st.rule) for st in got] == [("s1", "leads"), ("s0", "copy")]


def test_cluster_group_articles_records_copies_and_the_stream(seeds_analyzed):
    result = group_articles(seeds_analyzed, config=load_config())
    ids = {s.id for s in result.stories}
    assert result.steps and all(st.story in ids for st in result.steps)
    assert {st.rule for st in result.steps} <= {"linkage", "attach", "reassign", "split", "split_specific",
                                                 "recheck", "leads", "copy"}
    cfg = load_config().replace(group__batch_max_articles=0, group__stream_repair_max_articles=0)
    stream = group_articles(seeds_analyzed, config=cfg)
    assert [st.rule for st in stream.steps] == ["stream"]
    assert stream.steps[0].story == stream.stories[0].id
