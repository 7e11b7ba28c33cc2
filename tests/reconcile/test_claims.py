"""Claim units and their slots, on hand-built articles."""

from newsprism.reconcile.claims import counted_concept, date_range, extract_claims, ranges_compatible

from builders import claims_of_one


def test_claims_skips_questions_residue_and_short_sentences(make_article):
    a = make_article("a", [
        "Who will pay for the damaged bridge over the river?",
        "Look also",
        "Too short here.",
        "The council approved a new budget for road repairs on Tuesday evening.",
    ])
    units = extract_claims([a])
    assert [u.sentence for u in units] == [3]


def test_claims_question_inside_quote_marks_is_no_claim(make_article):
    a = make_article("a", [
        '"Bottom line: did the ferry need to sail in that storm?"',
        "The ferry company suspended its night crossings on Tuesday evening.",
    ])
    assert [u.sentence for u in extract_claims([a])] == [1]


def test_claims_section_label_is_not_part_of_the_claim(make_article):
    # data/claims_filters.toml label_prefix: an outlet's "Why it matters:" is
    # page furniture, like a dateline; the claim and its span start after it.
    a = make_article("a", ["Why it matters: The ferry strike has stranded hundreds of islanders since Monday."])
    (u,) = extract_claims([a])
    assert u.text.startswith("The ferry strike")
    assert "Why it matters" not in u.text


def test_claims_slots_hold_who_where_when_how_many_and_source(make_article):
    a = make_article(
        "a",
        ["The mayor said the council approved a budget of 40 million euros for Lyon in March 2020."],
        mentions=[(0, "Lyon", "GPE")],
        quantities=[dict(sentence=0, text="40 million euros", value=40e6, counted="euro")],
        times=[dict(sentence=0, text="March 2020", value="2020-03", precision="month")],
        quotes=[dict(sentence=0, text="the council approved a budget", speaker="Anne Martin", direct=False)],
    )
    (u,) = extract_claims([a])
    assert [w["name"] for w in u.slots["where"]] == ["Lyon"]
    assert u.slots["when"][0]["range"] == ["2020-03-01", "2020-03-31"]
    assert u.slots["how_many"][0]["concept"] == "euro"
    assert u.slots["source"] == ["Anne Martin"]
    assert u.slots["what"]["predicate"] == "approve"  # the reported clause, not "say"


def test_claims_a_label_given_by_a_naming_verb_has_its_giver_as_source(make_article):
    (u,) = claims_of_one("Harbour master Olga Brandt called the new toll a heavy blow for the island's fishermen.")
    assert u.slots["source"] == ["Harbour master Olga Brandt"]
    assert u.slots["what"]["predicate"] == "call"
    # "called a strike": no label, no judgement of anyone's
    (u,) = claims_of_one("The dockers' union called a strike for Monday at the three ports of the island.")
    assert u.slots["source"] == []


def test_claims_date_range_follows_precision():
    assert date_range("2018-09", "month") == ("2018-09-01", "2018-09-30")
    assert date_range("2018-09", "part-of-month", text="mid-September") == ("2018-09-11", "2018-09-20")
    assert date_range("2019-01-01", "part-of-month", end_value="2019-01-10") == ("2019-01-01", "2019-01-10")
    assert date_range("199", "decade") == ("1990-01-01", "1999-12-31")
    assert date_range("--09", "month") == ("--09-01", "--09-30")
    assert date_range("someday") is None


def test_claims_ranges_compatible_with_and_without_year():
    sep, jan10 = date_range("2018-09"), date_range("2019-01-10")
    assert not ranges_compatible(sep, jan10)
    assert ranges_compatible(sep, date_range("2018-09-15"))
    assert not ranges_compatible(date_range("--09"), date_range("--01-10"))
    assert ranges_compatible(date_range("--09-15"), sep)


def test_claims_date_event_is_the_nearest_keyword(make_article):
    a = make_article("a", [
        "The newspaper reported on Monday that gunmen had tried to kill the governor in mid-May.",
    ], times=[
        dict(sentence=0, text="Monday", value="2020-06-01", precision="day"),
        dict(sentence=0, text="mid-May", value="2020-05", precision="part-of-month"),
    ])
    (u,) = extract_claims([a])
    events = {w["text"]: w["event"] for w in u.slots["when"]}
    assert events == {"Monday": "reporting", "mid-May": "coup"}


def test_claims_counted_concept_merges_synonyms():
    assert counted_concept("member") == counted_concept("militant") == "fighter"
    assert counted_concept("apple") == "apple"
    assert counted_concept(None) is None


def test_claims_comparison_object_is_extracted(make_article):
    a = make_article("a", [
        "At its height the group held a territory roughly the size of Belgium in the north.",
        "The rebels ruled a region comparable to a country like New Zealand for years.",
    ])
    objs = [c["object"] for u in extract_claims([a]) for c in u.slots["compared_to"]]
    assert objs == ["Belgium", "New Zealand"]


def test_claims_bare_figure_counts_what_its_subject_counts(make_article):
    a = make_article("a", ["The number of people killed by the blast has risen to 31, the ministry said.",
                           "The official toll stood on Thursday at 31 dead and more than 150 injured."],
                     quantities=[dict(sentence=0, text="31", value=31),
                                 dict(sentence=1, text="31", value=31),
                                 dict(sentence=1, text="more than 150", value=150, low=150, high=190,
                                      hedge="more than")])
    got = [(q["text"], q["concept"], tuple(q["contexts"])) for u in extract_claims([a])
           for q in u.slots["how_many"]]
    assert got == [("31", "person", ("killed",)), ("31", "person", ("killed",)),
                   ("more than 150", "person", ("injured",))]


def test_claims_short_full_clause_is_a_claim(make_article):
    a = make_article("a", ["Most of the fighters who stayed behind were foreigners.",
                           "Subscribe now for unlimited access"])
    assert [u.sentence for u in extract_claims([a])] == [0]


def test_claims_event_noun_gives_the_state_of_a_count(make_article):
    a = make_article("a", ["Families kept fleeing the valley, with the surrender of several thousand rebels "
                           "to the army near the border.",
                           "About 300 rebels remain inside the old town, officers said."],
                     quantities=[dict(sentence=0, text="several thousand rebels", value=5000, low=3000, high=9000,
                                      counted="rebel", hedge="several"),
                                 dict(sentence=1, text="About 300 rebels", value=300, low=270, high=330,
                                      counted="rebel", hedge="about")])
    got = [(q["text"], tuple(q["contexts"])) for u in extract_claims([a]) for q in u.slots["how_many"]]
    assert got == [("several thousand rebels", ("captured",)), ("About 300 rebels", ("remaining",))]


def test_claims_skips_boilerplate_urls_datelines_and_repeated_headline(make_article):
    a = make_article("a", [
        "Flood waters close the valley road.",
        "This story is from the Harbour Wire Service.",
        "Published March 3, 2024.",
        "Sunday, March 3, 2024, 9: 30 AM.",
        "com / 2024 / 03 / 03 / valley - road - closed.",
        "We will follow developments closely.",
        "The Harbour Courier will follow developments along the flooded valley road as they happen.",
        "Engineers closed the valley road after flood water covered it overnight.",
    ])
    a.article.title = "Flood waters close the valley road"
    units = extract_claims([a])
    assert [u.sentence for u in units] == [7]


def test_claims_coordinated_clauses_are_separate_claims_with_spans(make_article):
    text = "These were mainly foreign fighters and many people were killed in the fighting."
    a = make_article("a", [text])
    units = extract_claims([a])
    assert [u.text for u in units] == ["These were mainly foreign fighters", "many people were killed in the fighting."]
    assert all(u.sentence == 0 and text[u.span[0]:u.span[1]] == u.text for u in units)
    # One statement with a shared subject, or an attribution, stays whole.
    b = make_article("b", ["Police arrested two men on the bridge and charged them with theft.",
                           "Most of the fighters who stayed behind were foreigners, the commander said."])
    assert [u.span for u in extract_claims([b])] == [None, None]


def test_claims_comma_and_shared_subject_make_no_fragment(make_article):
    # A long subject with a relative clause, a comma, then its verb: one claim,
    # not "said the clashes ..." and "three months earlier ..." as fragments.
    text = ("A witness who fled the last village held by the group, said the clashes had started in the "
            "river town in May, two months earlier than officials had believed.")
    units = extract_claims([make_article("a", [text])])
    assert [u.span for u in units] == [None]
    b = make_article("b", ["The convoy reached the border at dawn and crossed it before noon."])
    assert [u.span for u in extract_claims([b])] == [None]


def test_claims_apposition_and_comparison_after_commas_are_not_clauses(make_article):
    text = ("The clashes took place in Tell Amra, a village near the river, in May, two months earlier "
            "than officials had believed.")
    units = extract_claims([make_article("a", [text])])
    # The sentence stays whole; after "in" the apposition may describe more
    # than the name, so it is no fact of its own (test_claims_atomic).
    assert [u.span for u in units] == [None]


def test_claims_or_so_is_no_clause_seam(make_article):
    text = "A victory would pave the way for the withdrawal of the 2,000 or so troops who are deployed in the region."
    units = extract_claims([make_article("a", [text])])
    assert [u.span for u in units] == [None]


def test_claims_read_the_stored_parse_without_parsing_again(monkeypatch):
    import dataclasses

    from newsprism.analyze import analyze_article, nlp
    from newsprism.model import Article

    text = ("Rescue teams pulled 14 survivors from the collapsed mine on Tuesday, officials said. "
            "The company that runs the mine said it had stopped work at two other shafts.")
    a = analyze_article(Article(id="m1", path="m1.txt", text=text))
    assert a.parse
    reparsed = extract_claims([dataclasses.replace(a, parse=None)])

    def no_model():
        raise AssertionError("spaCy loaded in reconcile")

    monkeypatch.setattr(nlp, "load_nlp", no_model)
    stored = extract_claims([a])
    assert [u.text for u in stored] == [u.text for u in reparsed] and stored
    assert [u.slots for u in stored] == [u.slots for u in reparsed]
    assert [u.tokens for u in stored] == [u.tokens for u in reparsed]
    assert all(u.doc is not None for u in stored)


def test_claims_clause_holding_the_root_leans_back_on_its_pronoun_subject():
    # The root is its own head: the clause that holds it has the root as its
    # own verb, so a pronoun subject of the root is seen (spaCy makes a new
    # Token on each access: an identity test never finds the root).
    from newsprism.analyze.nlp import load_nlp
    from newsprism.reconcile.claims import _leans_back

    doc = load_nlp()("They said the bridge was closed.")
    assert _leans_back(list(doc))
    assert not _leans_back(list(load_nlp()("The mayor said the bridge was closed.")))


def test_claims_speech_frame_that_introduces_the_next_sentence_is_no_claim(make_article):
    # "Andrea Moll, head of the river trust, commented:" asserts nothing of
    # its own; the quote that follows is the claim.  Two reports carrying the
    # same frame are no corroborated fact.
    a = make_article("a", ["Andrea Moll, head of the river trust, commented:",
                           '"The decision protects every wild river in the valley and the fish that live there."'])
    b = make_article("b", ["Andrea Moll, head of the river trust, was blunt,.",
                           "The trust will ask the court to stop the new dam on the upper river."])
    assert {u.key for u in extract_claims([a, b])} == {("a", 1), ("b", 1)}


def test_claims_a_texts_last_sentence_is_cut_when_the_text_ends_in_an_ellipsis(make_article):
    from newsprism.reconcile.claims import is_cut

    assert is_cut("It comes with $1 trillion in...") and is_cut("He said it was \u201cfine\u2026\u201d ")
    assert not is_cut("It comes with $1 trillion in new spending.") and not is_cut("Wait... then it rained.")
    a = make_article("a", ["The first sentence is complete and long enough.",
                           "The second one stops in the middle of a long paragraph..."])
    units = extract_claims([a])
    assert [u.cut for u in units] == [False, True]


def test_claims_a_headlines_participle_is_its_predicate(make_article):
    # "Breaking: man charged with arson ..." has no finite verb: the parse's
    # root is the kicker, the charge a participle on its apposition.  The
    # participle is the predicate, so the charge is a step of the criminal
    # case and is not taken for a denial of it (the plea).
    from newsprism.reconcile.align import stage_guard

    a = make_article("a", ["Breaking: man charged with arson after fire at a supermarket in Easton"])
    # The parse hangs this headline's clause on the kicker ("fire" the root,
    # "denies" an `acl` with its own subject): the verb is still read.
    b = make_article("b", ["Easton Hillside fire: Man denies arson"])
    c = make_article("c", ["A man has been charged with arson after a fire at a supermarket in Easton."])
    (ua,), (ub,), (uc,) = (extract_claims([x]) for x in (a, b, c))
    assert ua.slots["what"]["predicate"] == "charge"
    assert ub.slots["what"]["predicate"] == "deny"
    # The same headline in title case: its words read as names, the parse
    # still gives the participle.
    t = make_article("t", ["Breaking: Man Charged With Arson After Fire At Supermarket In Easton"])
    assert [u.slots["what"]["predicate"] for u in extract_claims([t])] == ["charge"]
    assert stage_guard(ua, ub) is not None
    assert stage_guard(ua, uc) is None
    # A sentence with a finite verb keeps it: "charged" is an `acl` of "man"
    # there too, but the root is the verb.
    d = make_article("d", ["Police said a man charged with arson has denied the offence in court."])
    (ud,) = extract_claims([d])
    assert ud.slots["what"]["predicate"] != "charge"
