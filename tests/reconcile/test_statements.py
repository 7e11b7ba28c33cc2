"""Statement conflicts ("who", "where"), on hand-built articles parsed by the
real model: the pairs that conflict and the pairs that must never."""

from newsprism.config import load_config
from newsprism.reconcile.align import group_pairs, score_pairs
from newsprism.reconcile.claims import extract_claims
from newsprism.reconcile.verdicts import find_conflicts


def _statements(articles, kind):
    config = load_config()
    units = extract_claims(articles, config=config)
    groups = group_pairs(units, score_pairs(units, config=config))
    roots = {a.article.id: a.article.id for a in articles}
    conflicts, _ = find_conflicts(units, groups, config=config, roots=roots)
    return [c for c in conflicts if c.kind == kind]


def test_statements_different_street_for_one_arrest_conflicts(make_article):
    a = make_article("a", ["Marek Novak was arrested at a flat on Linden Street late on Friday, police said."],
                     published="2026-03-02")
    b = make_article("b", ["Marek Novak was arrested in a basement on Harbour Road, the prosecutor said."],
                     published="2026-03-03")
    (conf,) = _statements([a, b], "where")
    assert conf.slot == "where" and conf.severity == "high"
    assert {s.value: s.articles for s in conf.sides} == {"Linden Street": ["a"], "Harbour Road": ["b"]}
    # The label names the shared event, both places and why they differ.
    assert "Novak was arrested" in conf.about and "Linden Street" in conf.about and "Harbour Road" in conf.about
    assert {s.value: s.first_reported for s in conf.sides} == {"Linden Street": "2026-03-02",
                                                              "Harbour Road": "2026-03-03"}
    assert {s.value: s.sources for s in conf.sides} == {"Linden Street": ["a"], "Harbour Road": ["b"]}


def test_statements_spellings_of_one_street_never_conflict(make_article):
    a = make_article("a", ["Marek Novak was arrested at a flat on Independent Street on Friday."])
    b = make_article("b", ["Marek Novak was arrested at a flat on Independence Street on Friday."])
    c = make_article("c", ["Marek Novak was arrested at a flat on Independence St. on Friday."])
    assert _statements([a, b], "where") == []
    assert _statements([b, c], "where") == []


def test_statements_a_street_and_its_town_never_conflict(make_article):
    a = make_article("a", ["Marek Novak was arrested at a flat on Linden Street on Friday."])
    b = make_article("b", ["Marek Novak was arrested at a flat in Dartmouth on Friday."])
    assert _statements([a, b], "where") == []


def test_statements_two_events_of_one_person_never_conflict(make_article):
    # Where he was arrested and where he lived are two facts, not one.
    a = make_article("a", ["Marek Novak was arrested at a flat on Linden Street on Friday."])
    b = make_article("b", ["Marek Novak lived for years in a house on Harbour Road."])
    assert _statements([a, b], "where") == []


def test_statements_hedged_place_takes_no_side(make_article):
    a = make_article("a", ["Marek Novak was arrested at a flat on Linden Street on Friday."])
    b = make_article("b", ["Marek Novak was reportedly arrested at a flat on Harbour Road on Friday."])
    assert _statements([a, b], "where") == []


def test_statements_one_article_never_conflicts_with_itself(make_article):
    a = make_article("a", ["Marek Novak was arrested at a flat on Linden Street on Friday.",
                           "Marek Novak was arrested in a basement on Harbour Road, a neighbour said."])
    assert _statements([a], "where") == []


def test_statements_one_lead_named_two_ways_conflicts(make_article):
    a = make_article("a", ['Daniel Ortega and Maria Lindqvist will star in "Harbour Lights," the studio said.'])
    b = make_article("b", ['"Harbour Lights" will be shot in Norway with Daniel Ortega and Maria Hansen in the '
                           "lead roles."])
    (conf,) = _statements([a, b], "who")
    assert {s.value for s in conf.sides} == {"Maria Lindqvist", "Maria Hansen"}
    assert "Daniel Ortega" in conf.about and "Harbour" in conf.about and "Maria Lindqvist" in conf.about


def test_statements_parts_and_spellings_of_a_name_never_conflict(make_article):
    a = make_article("a", ['Daniel Ortega and Maria Lindqvist will star in "Harbour Lights," the studio said.'])
    b = make_article("b", ['"Harbour Lights" will be shot in Norway with Daniel Ortega and Maria Lindquist in the '
                           "lead roles."])
    c = make_article("c", ['Ortega and Lindqvist will star in "Harbour Lights," the producer said.'])
    assert _statements([a, b], "who") == []
    assert _statements([a, c], "who") == []


def test_statements_two_lists_that_each_add_someone_never_conflict(make_article):
    # Each report may list only part of the cast: no sign of one person named two ways.
    a = make_article("a", ['Daniel Ortega and Maria Lindqvist will star in "Harbour Lights," the studio said.'])
    b = make_article("b", ['Daniel Ortega and Peter Hansen will star in "Harbour Lights," the producer said.'])
    assert _statements([a, b], "who") == []


def test_statements_same_people_in_two_works_never_conflict(make_article):
    a = make_article("a", ['Daniel Ortega and Maria Lindqvist will star in "Harbour Lights," the studio said.'])
    b = make_article("b", ['Daniel Ortega and Maria Hansen will star in "Winter Road," the producer said.'])
    assert _statements([a, b], "who") == []


def test_statements_place_of_a_second_verb_is_not_the_first_event(make_article):
    # "arrested ... and will be questioned at ...": the place is the questioning's.
    a = make_article("a", ["Marek Novak was arrested at a flat on Linden Street on Friday."])
    b = make_article("b", ["Marek Novak was arrested on Friday and will be questioned today at a station on "
                           "Harbour Road."])
    assert _statements([a, b], "where") == []


def test_statements_place_under_a_root_without_a_subject_ends_the_climb():
    # The root is its own head: the climb from the street must stop there
    # (a verbless headline and an imperative have no subject to find).
    import signal

    from newsprism.analyze.nlp import load_nlp
    from newsprism.reconcile.statements import _clause_of

    nlp = load_nlp()

    def too_long(*_):
        raise TimeoutError("the climb from the street never ended")

    old = signal.signal(signal.SIGALRM, too_long)
    signal.alarm(20)
    try:
        for text in ["Chaos on Linden Street after the storm.", "Go down Harbour Road and turn left."]:
            doc = nlp(text)
            street = next(t for t in doc if t.text in ("Street", "Road"))
            assert _clause_of(street) is None
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def test_statements_firm_finds_each_hedge_wherever_it_stands():
    # _firm tries a hedge only where its first word stands: the same answer
    # as trying it at every position, for every hedge of the rules, at the
    # start, inside and at the end of a sentence, and across the lemma/text
    # halves of the words it reads.
    import spacy

    from newsprism.reconcile.statements import _firm, _rules

    def every_position(doc):
        words = [t.lemma_.lower() for t in doc] + [t.text.lower() for t in doc]
        return not any(tuple(words[i:i + len(h)]) == h for h in _rules()["hedges"]
                       for i in range(len(words) - len(h) + 1))

    nlp = spacy.blank("en")
    texts = ["Marek Novak was arrested at a flat on Linden Street on Friday."]
    for hedge in _rules()["hedges"]:
        phrase = " ".join(hedge)
        texts += [f"{phrase} Marek Novak was arrested.", f"Marek Novak {phrase} was arrested on Friday.",
                  f"Marek Novak was arrested, {phrase}"]
    docs = [nlp(t) for t in texts]
    answers = [_firm(d) for d in docs]
    assert answers == [every_position(d) for d in docs]
    assert answers[0] and not all(answers[1:]) and len(_rules()["hedges"]) > 3
