"""What a corroborated claim is shown as: only what another source family states too."""

from newsprism.reconcile.claims import extract_claims, stated_text
from newsprism.reconcile.verdicts import _stated as stated_items, build_claims


def _claims(make_article, texts: dict[str, str], groups=None, roots=None):
    arts = [make_article(aid, [text]) for aid, text in texts.items()]
    units = [u for u in extract_claims(arts) if not u.passing]
    assert len(units) == len(texts)
    claims, _ = build_claims(units, groups or [list(range(len(units)))], {}, {a: a for a in texts} | (roots or {}))
    return claims


def test_verdicts_shown_report_leaves_out_a_name_only_one_source_gives(make_article):
    # "DUI" is a name to the sketch: a report that adds it says more than the
    # other family, which is the one shown.
    claims = _claims(make_article, {
        "a": "Karl Brun is charged with DUI, arson and leaving the scene of a fire that destroyed a barn.",
        "b": "Karl Brun was also charged with arson and leaving the scene of a fire that destroyed a barn."})
    assert len(claims) == 1 and claims[0].verdict == "corroborated"
    assert "DUI" not in claims[0].text


def test_verdicts_attribution_is_not_what_a_report_adds(make_article):
    arts = [make_article("a", ["Harbour master Ada Lenz said the ferry Nordlys ran aground near the pier at Varnes."]),
            make_article("b", ["The ferry Nordlys ran aground near the pier at Varnes, according to the coast guard."])]
    a, b = extract_claims(arts)
    assert "Lenz" not in stated_text(a) and "ran aground" in stated_text(a)
    assert "coast guard" not in stated_text(b) and "ran aground" in stated_text(b)
    # What else hangs on the reporting verb may be content: it stays.
    (c,) = extract_claims([make_article("c", [
        "The singer Ada Lenz announced on Friday that she will host the Varnes festival, the second time she has "
        "been asked to save it."])])
    assert "second time" in stated_text(c) and "Lenz" not in stated_text(c)
    # Without a parse, the text as it is.
    a.doc = None
    assert stated_text(a) == a.text


def test_verdicts_reports_sharing_only_a_part_are_not_corroborated(make_article):
    # Each report adds a fact the other never states: whichever were shown,
    # the brief would call that fact corroborated.
    claims = _claims(make_article, {
        "a": "Coach Hugh Lenz was fired on Saturday for criticising the club's owners in a radio interview.",
        "b": "The Varnes Owls fired coach Hugh Lenz on Saturday after a loss that left the team bottom of the table."})
    assert [c.verdict for c in claims] == ["single-source", "single-source"]
    assert sorted(len(c.reports) for c in claims) == [1, 1]
    # A copy of one report is the same family: the copy travels with its
    # original, and nothing is corroborated.
    claims = _claims(make_article, {
        "a": "Coach Hugh Lenz was fired on Saturday for criticising the club's owners in a radio interview.",
        "b": "The Varnes Owls fired coach Hugh Lenz on Saturday after a loss that left the team bottom of the table.",
        "c": "The Varnes Owls fired coach Hugh Lenz on Saturday after a loss that left the team bottom of the table."},
        roots={"c": "b"})
    assert [c.verdict for c in claims] == ["single-source", "single-source"]
    assert sorted(sorted(r.article for r in c.reports) for c in claims) == [["a"], ["b", "c"]]
    # Reports that state the same thing, one adding a name or a figure the
    # other has not: corroborated, shown in the words both give.
    claims = _claims(make_article, {
        "a": "The Varnes Owls fired coach Hugh Lenz on Saturday after a loss that left the team bottom of the table.",
        "b": "The Varnes Owls fired coach Hugh Lenz on Saturday after a 0-3 loss that left the team bottom of the "
             "table."})
    assert [c.verdict for c in claims] == ["corroborated"]
    assert "0-3" not in claims[0].text


def test_verdicts_the_same_count_in_other_words_stays_corroborated(make_article):
    # Two families giving one figure for the same people in the same state
    # state one proposition, however little of their wording they share.
    from newsprism.reconcile.align import AlignedPair

    arts = [make_article("a", ["Aid workers at the Varnes crossing say more than 8,000 people have left the valley "
                               "over the last three weeks."]),
            make_article("b", ["The relief network estimates that around 8,000 residents fled since the start of "
                               "the month."])]
    units = [u for u in extract_claims(arts) if not u.passing]
    same = {"concept": "person", "contexts": ["fled"], "figures": ["more than 8,000", "around 8,000"]}
    for evidence, verdicts in (({"same_count": same}, ["corroborated"]), ({}, ["single-source", "single-source"])):
        pairs = [AlignedPair(0, 1, 0.9, 0.5, evidence)]
        claims, _ = build_claims(units, [[0, 1]], {}, {"a": "a", "b": "b"}, pairs=pairs, corroborate_threshold=0.5)
        assert [c.verdict for c in claims] == verdicts


def _stated(make_article, text: str):
    from newsprism.reconcile.verdicts import _items

    (u,) = [u for u in extract_claims([make_article("x", [text])]) if not u.passing]
    return _items(u)


def _vectors(*stated):
    from newsprism.reconcile.verdicts import _word_vectors

    vectors = _word_vectors(stated)
    assert vectors, "the shipped sentence transformer is needed here"
    return vectors


# The similarity the word pairing was read at ([shown] word_similarity ships
# off: see data/claims_align.toml).
_SIMILARITY = 0.6


def test_verdicts_coverage_counts_a_paraphrased_word_as_stated(make_article):
    from newsprism.reconcile.verdicts import _covered

    similarity = _SIMILARITY
    a = _stated(make_article, "The board of the Varnes Owls sacked coach Hugh Lenz on Saturday.")
    b = _stated(make_article, "The Varnes Owls fired coach Hugh Lenz on Saturday.")
    vectors = _vectors(a, b)
    exact = _covered(a, b, None, similarity)
    meant = _covered(a, b, vectors, similarity)
    # "sacked" is "fired" in other words: more of a is stated by b than its
    # words alone show; "board" is a's own and stays uncovered.
    assert meant > exact
    assert meant < 1.0


def test_verdicts_coverage_never_pairs_a_figure_or_a_name_with_another(make_article):
    from newsprism.reconcile.verdicts import _covered

    similarity = _SIMILARITY
    a = _stated(make_article, "Floods in Varnes forced 300 families from their homes on Tuesday.")
    b = _stated(make_article, "Floods in Kelby forced 200 families from their homes on Tuesday.")
    vectors = _vectors(a, b)
    # Everything but the place and the figure is the same: they stay uncovered.
    assert _covered(a, b, vectors, similarity) < 1.0
    same = _stated(make_article, "Floods in Varnes forced 300 families from their homes on Tuesday.")
    assert _covered(a, same, vectors, similarity) == 1.0
    # Nor a capitalised word, nor a member of a closed set of values
    # (ordinals, directions, spans of time) with another member.
    a = _stated(make_article, "Australian climbers died in a fall on the northern ridge in the first week.")
    b = _stated(make_article, "British climbers died in a fall on the southern ridge in the second month.")
    vectors = _vectors(a, b)
    assert _covered(a, b, vectors, similarity) == _covered(a, b, None, similarity)


def _pairing_on(monkeypatch):
    from newsprism.reconcile import verdicts

    shipped = verdicts._shown_data
    monkeypatch.setattr(verdicts, "_shown_data", lambda: {**shipped(), "word_similarity": _SIMILARITY})


def test_verdicts_paraphrased_report_of_one_fact_is_corroborated(make_article, monkeypatch):
    # One fact, told by two families in their own words: coverage by the
    # same words alone stays under [shown] min_coverage, with the word
    # pairing on it is corroborated.
    texts = {"a": "Police arrested the driver of the lorry hours after the collision near the Varnes bridge.",
             "b": "Officers detained the lorry's driver hours after the crash near the Varnes bridge."}
    assert [c.verdict for c in _claims(make_article, texts)] == ["single-source", "single-source"]
    _pairing_on(monkeypatch)
    assert [c.verdict for c in _claims(make_article, texts)] == ["corroborated"]


def test_verdicts_report_adding_a_cause_is_not_shown(make_article, monkeypatch):
    _pairing_on(monkeypatch)
    # b adds why: what is shown is what both families state (a), never b.
    claims = _claims(make_article, {
        "a": "The Varnes Owls fired coach Hugh Lenz on Saturday.",
        "b": "The Varnes Owls sacked coach Hugh Lenz on Saturday after nine defeats in a row left the club bottom "
             "of the table."})
    assert all("nine" not in c.text and "defeats" not in c.text for c in claims if c.verdict == "corroborated")
    assert any(c.text.startswith("The Varnes Owls fired") for c in claims)


def test_verdicts_reports_each_adding_a_fact_stay_apart_with_word_pairing(make_article, monkeypatch):
    # "lose" / "loss" pair, "league" / "team" do not: each report's own
    # fact (fifth coach this season / after a loss) stays its own.
    _pairing_on(monkeypatch)
    claims = _claims(make_article, {
        "a": "Coach Hugh Lenz was fired on Saturday as the fifth coach to lose his job in the league this season.",
        "b": "The Varnes Owls fired coach Hugh Lenz on Saturday after a loss that left the team bottom of the table."})
    assert [c.verdict for c in claims] == ["single-source", "single-source"]


def test_verdicts_two_numbers_whose_ranges_meet_are_not_the_same_count(make_article):
    # "more than 310 ... " / "at least 260 ...": the open ranges meet, but the
    # shown report's 310 is not what the other states; the same-count
    # exemption from the shown-coverage rule needs one number as written.
    from newsprism.reconcile.align import AlignedPair

    arts = [make_article("a", ["More than 310 people were hurt in road crashes across the country over the holiday "
                               "weekend, according to data compiled by the Varnes Road Trust."]),
            make_article("b", ["But amid the festivities at least 260 people were hurt on the roads over the "
                               "weekend, reports the Ledger, citing the trust's data."])]
    units = [u for u in extract_claims(arts) if not u.passing]
    apart = {"concept": "person", "contexts": ["injured"], "figures": ["More than 310", "at least 260"],
             "values": [310.0, 260.0]}
    same = {"concept": "person", "contexts": ["injured"], "figures": ["More than 310", "over 310"],
            "values": [310.0, 310.0]}
    words = {"concept": "person", "contexts": ["injured"], "figures": ["Hundreds", "More than 310"],
             "values": [200.0, 310.0]}  # a figure in words only: what the count rule read
    verdicts = {}
    for name, count in (("apart", apart), ("same", same), ("words", words)):
        pairs = [AlignedPair(0, 1, 0.9, 0.5, {"same_count": count})]
        claims, _ = build_claims(units, [[0, 1]], {}, {"a": "a", "b": "b"}, pairs=pairs, corroborate_threshold=0.5)
        verdicts[name] = [c.verdict for c in claims]
    assert verdicts == {"apart": ["single-source", "single-source"], "same": ["corroborated"],
                        "words": ["corroborated"]}


def test_verdicts_shown_without_what_a_report_says_in_passing(make_article):
    # Each report adds a fact about a name in passing (an apposition, a
    # relative clause set off by commas): what both state is the sentence
    # without it, shown with an ellipsis where it was.
    claims = _claims(make_article, {
        "a": "Coach Hugh Lenz, the fifth coach to lose his job in the league this season, was fired by the Varnes "
             "Owls on Saturday.",
        "b": "Hugh Lenz, who led the Varnes Owls to the cup final in 2019, was fired by the club's owners on "
             "Saturday."})
    assert [c.verdict for c in claims] == ["corroborated"]
    text = claims[0].text
    assert "…" in text and "fifth coach" not in text and "cup final" not in text
    assert "Lenz" in text and "fired" in text and "Saturday" in text
    # Every report is still cited whole.
    assert len(claims[0].reports) == 2 and all("…" not in r.text for r in claims[0].reports)
    # What one report adds that is not in passing still parts the two.
    claims = _claims(make_article, {
        "a": "Coach Hugh Lenz, the fifth coach to lose his job in the league this season, was fired on Saturday "
             "for criticising the club's owners in a radio interview.",
        "b": "Hugh Lenz, who led the Varnes Owls to the cup final in 2019, was fired by the club's owners on "
             "Saturday after a loss that left the team bottom of the table."})
    assert [c.verdict for c in claims] == ["single-source", "single-source"]


def test_verdicts_a_name_in_apposition_is_not_cut(make_article):
    from newsprism.reconcile.verdicts import passing_core

    (u,) = [u for u in extract_claims([make_article("a", [
        "The ferry's owner, Nordlys Lines, said on Monday that the ship would not sail again."])]) if not u.passing]
    core = passing_core(u)
    assert core is None or "Nordlys" in core[1]


def test_verdicts_the_speaker_another_report_names_as_the_actor_is_heard(make_article):
    # "The harbour authority on Friday announced that it will extend ..." does
    # not state "harbour authority" (its attribution), but writes it: the
    # report that names the authority as the one extending is covered there.
    claims = _claims(make_article, {
        "a": "The Norland harbour authority is extending the pause on ferry tolls for island residents through "
             "March 31.",
        "b": "The Norland harbour authority on Friday announced that it will extend the pause on ferry tolls for "
             "island residents until March 31."})
    assert len(claims) == 1 and claims[0].verdict == "corroborated"
    assert claims[0].text.startswith("The Norland harbour authority is extending")


def test_verdicts_a_month_and_its_abbreviation_are_one_name(make_article):
    claims = _claims(make_article, {
        "a": "The Norland harbour authority extended the pause on ferry tolls for island residents through Jan. 31.",
        "b": "The Norland harbour authority extended the pause on ferry tolls for island residents through "
             "January 31."})
    assert len(claims) == 1 and claims[0].verdict == "corroborated"
    assert stated_items("through Jan. 31").exact == stated_items("through January 31").exact
    assert stated_items("until Sept. 4").exact == stated_items("until September 4").exact
    # Two months stay two names.
    assert stated_items("through Jan. 31").exact != stated_items("through June 31").exact


def test_verdicts_passing_clause_after_a_comma_and_a_non_breaking_space(make_article):
    # Scraped text often has "31,\xa0which ...": the space is a token of its
    # own between the comma and the relative clause.
    from newsprism.reconcile.verdicts import passing_core

    text = ("The Norland harbour authority is extending the pause on ferry tolls through March 31,\xa0which the "
            "authority described as the final extension.")
    (u,) = [u for u in extract_claims([make_article("a", [text])]) if not u.passing]
    core = passing_core(u)
    assert core is not None and "described" not in core[0]
    assert core[1] == "The Norland harbour authority is extending the pause on ferry tolls through March 31."


def _paraphrases_off(monkeypatch):
    from newsprism.reconcile import verdicts

    monkeypatch.setattr(verdicts, "_paraphrases", lambda: {})


def test_verdicts_words_of_one_paraphrase_set_count_as_stated(make_article, monkeypatch):
    # One finding told by two families in their own words ([shown]
    # paraphrases: review / investigation, found / determined, conduct /
    # actions): corroborated; without the sets, under min_coverage.
    texts = {"a": "A review determined the harbour master's conduct was negligent, the Varnes port authority said.",
             "b": "An inquiry found the actions of the harbour master were negligent."}
    assert [c.verdict for c in _claims(make_article, texts)] == ["corroborated"]
    _paraphrases_off(monkeypatch)
    assert [c.verdict for c in _claims(make_article, texts)] == ["single-source", "single-source"]


def test_verdicts_paraphrase_sets_pair_no_other_word_nor_a_figure(make_article):
    from newsprism.reconcile.verdicts import _covered

    # Another count of officers: a figure only one report gives is never
    # stated by the other, paraphrased words or not.
    claims = _claims(make_article, {
        "a": "A review determined the conduct of 12 officers was negligent.",
        "b": "An inquiry found the actions of 14 officers were negligent."})
    assert [c.verdict for c in claims] == ["single-source", "single-source"]
    # A set's word never pairs with a word outside it ("conduct" / "spending").
    a = _stated(make_article, "The review found the harbour master's conduct was negligent.")
    b = _stated(make_article, "The inquiry determined the harbour master's spending was negligent.")
    assert _covered(a, b, None, 1.1) < 1.0
    b = _stated(make_article, "The inquiry determined the harbour master's behaviour was negligent.")
    assert _covered(a, b, None, 1.1) == 1.0


def test_verdicts_paraphrased_report_adding_words_of_its_own_is_not_covered(make_article):
    from newsprism.reconcile.verdicts import _covered

    # Worded otherwise and adding "reckless and costly": the sets do not
    # lift it ([shown] paraphrase_min_coverage); the other report, all of
    # whose words it states, is covered whole.
    a = _stated(make_article, "A review determined the harbour master's conduct was negligent, reckless and costly.")
    b = _stated(make_article, "An inquiry found the actions of the harbour master were negligent.")
    assert _covered(a, b, None, 1.1) < 0.5
    assert _covered(b, a, None, 1.1) == 1.0


def test_verdicts_group_parted_on_coverage_takes_the_articles_other_aligned_report(make_article, monkeypatch):
    # b's first report groups with a (the better pair) but shares little of
    # it (the figure, "tomorrow morning" / the harbour, the smugglers): parted.  b's other report aligns
    # with a too and states what a states: it takes the parted one's place.
    from newsprism.reconcile import verdicts
    from newsprism.reconcile.align import AlignedPair

    arts = [make_article("a", ["Governor Ada Lenz is deploying police officers to Varnes to help guard the harbour "
                               "from smugglers, she announced on Tuesday."]),
            make_article("b", ["Tomorrow morning I am sending up to 40 officers to Varnes, Governor Ada Lenz wrote on "
                               "Monday.",
                               "Governor Ada Lenz is sending police officers to Varnes to guard the harbour from "
                               "smugglers."])]
    units = [u for u in extract_claims(arts) if not u.passing]
    assert [(u.article, u.sentence) for u in units] == [("a", 0), ("b", 0), ("b", 1)]
    pairs = [AlignedPair(0, 1, 0.98, 0.6, {}), AlignedPair(0, 2, 0.95, 0.6, {})]
    roots = {"a": "a", "b": "b"}

    def built() -> list[tuple[str, list[tuple[str, int]]]]:
        claims, _ = build_claims(units, [[0, 1], [2]], {}, roots, pairs=pairs, corroborate_threshold=0.5)
        return sorted((c.verdict, [(r.article, r.sentence) for r in c.reports]) for c in claims)

    assert built() == [("corroborated", [("a", 0), ("b", 1)]), ("single-source", [("b", 0)])]
    # Never a report that does not align with the rest of the group, nor
    # one that aligns under the corroboration bar.
    apart = [("single-source", [("a", 0)]), ("single-source", [("b", 0)]), ("single-source", [("b", 1)])]
    pairs = pairs[:1]
    assert built() == apart
    pairs = [AlignedPair(0, 1, 0.98, 0.6, {}), AlignedPair(0, 2, 0.45, 0.6, {})]
    assert built() == apart
    # Off: the parted report's article offers nothing.
    pairs = [AlignedPair(0, 1, 0.98, 0.6, {}), AlignedPair(0, 2, 0.95, 0.6, {})]
    shipped = verdicts._shown_data
    monkeypatch.setattr(verdicts, "_shown_data", lambda: {**shipped(), "regroup_parted": 0.0})
    assert built() == apart
