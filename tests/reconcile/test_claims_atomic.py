"""Atomic claims: one claim per statement a sentence makes, and no claim made
of a fragment or of page furniture (issue 9, item 1).  Own sentences."""

import pytest

from newsprism.reconcile.claims import extract_claims

from builders import claims_of_one


def _texts(make_article, sentence: str) -> list[str]:
    # Every claim cites its sentence and the characters it covers.
    return [u.text for u in claims_of_one(sentence)]


def test_claims_atomic_second_thing_reported_is_a_claim_of_its_speaker(make_article):
    text = "Mayor Elin Varga said that the ferry will resume on Monday and that ticket fares will not rise this year."
    units = extract_claims([make_article("a", [text])])
    assert [u.text for u in units] == ["Mayor Elin Varga said that the ferry will resume on Monday",
                                       "ticket fares will not rise this year."]
    assert "Mayor Elin Varga" in units[1].slots["source"]


@pytest.mark.parametrize("text", [
    # nouns or adjectives in a list, not two clauses
    "The coast guard detained 14 Greek and Turkish sailors who had entered the harbour at night.",
    "The operator moved some 300 passengers and crew after the captain decided to turn back.",
    "Anna Berg did it twice and Paul Lund and Eva Moen each had a turn.",
    # a subordinate clause first: it does not stand alone
    "Although the council remains cautious, the governor says the bridge will reopen next week.",
    "While two of the thieves escaped, police arrested the other three at the station.",
    # a relative clause after a comma
    "The patrol caught up with the boats, the larger of which was described as a fishing dhow.",
    # a verb sharing the subject before it, after an adverb
    "The rebels have grown bolder and recently seized a grain depot near the border.",
    # an attribution belongs to what it attributes
    "The toll from the landslide has risen to 14, the regional governor said on Monday, as crews dug on.",
    # ... with auxiliaries before its verb, and after a circumstance
    "The ferry line will add two boats in the summer, the port authority has announced, amid pressure from islanders.",
    # a bare noun after "and" that may still belong to the preposition's object
    "Militia gunmen holed up in basements and bunkers kept up their fire on Monday in the old quarter.",
    # a pronoun subject that points back into the other clause
    "Since the ferry sank in May, the only crossing has been a rope bridge, and the guards say it is within range of the rebels.",
    # a complement clause that lost its subject
    "The minister replied that the army and its allies would first need better maps of the valley.",
])
def test_claims_atomic_no_fragment(make_article, text):
    assert _texts(make_article, text) == [text]


def test_claims_atomic_an_attribution_stays_with_what_it_attributes(make_article):
    # Not cut at the attribution; the main clause before the participle
    # clause ("adding that ...") is a claim besides the sentence, with it.
    text = "The trucks will be handed to the customs office, the agency said, adding that the drivers were freed."
    assert _texts(make_article, text) == [text, "The trucks will be handed to the customs office, the agency said"]


def test_claims_atomic_adjectives_in_a_list_after_a_participle(make_article):
    # "white and grey" joins adjectives, not clauses; the main clause before
    # the participle clause is a claim besides the sentence ([main_clause]).
    text = "Gliders circled overhead, leaving white and grey trails that marked the wind."
    assert _texts(make_article, text) == [text, "Gliders circled overhead"]


def test_claims_atomic_clause_after_fronted_subordinate_clause(make_article):
    text = ("Since the ferry sank in March, the only way to the island has been a fishing boat, "
            "and the harbour office says the new ferry is late.")
    assert _texts(make_article, text) == [
        "Since the ferry sank in March, the only way to the island has been a fishing boat",
        "the harbour office says the new ferry is late.",
    ]


def test_claims_atomic_comma_seam_keeps_its_attribution(make_article):
    text = "Divers reached the wreck, the navy said, and the two missing sailors were found alive."
    assert _texts(make_article, text) == ["Divers reached the wreck, the navy said",
                                          "the two missing sailors were found alive."]


@pytest.mark.parametrize("verb", ["declared", "ruled", "said"])
@pytest.mark.parametrize("marks", ['""', "\u201c\u201d"])
def test_claims_atomic_quote_attribution_is_no_claim_of_its_own(make_article, verb, marks):
    # Whatever the verb that attributes a quote, the parse hangs the quoted
    # words on it: "the judge declared in an order" is never a claim alone.
    text = (f'{marks[0]}For the reasons stated above, the landlord\u2019s motion is GRANTED and the Complaint is '
            f'DISMISSED as to her, pursuant to section four of the Lease,{marks[1]} Judge Mara Olsen {verb} '
            'in a written order.')
    # nor are the quoted words cut in two: a clause would lose its speaker
    assert _texts(make_article, text) == [text]


def test_claims_atomic_words_that_open_a_quote_are_no_attribution(make_article):
    # an opening mark starts the quoted words: the clause before it stays a claim apart
    text = ("In a note sent out today by the board, the organisers had this to say about their choice of the city, "
            "\u201cPort Selby is a lively harbour town and an internationally known venue for sailing.")
    assert len(_texts(make_article, text)) == 2


def test_claims_atomic_quoted_words_before_their_speaker_stay_one_claim(make_article):
    text = '"We lost the vote this spring and we will lose it again next year," the harbour master said at the quay.'
    assert _texts(make_article, text) == [text]
    # a straight closing mark before the comma, whatever the tagger calls it
    text = '"We lost the vote this spring and we will lose it again next year", the harbour master declared at the quay.'
    assert _texts(make_article, text) == [text]
    # quoted words inside a clause the speaker opens do not stop a cut after them
    text = 'The harbour master said the quay was "closed for good" and the ferry will run from the north pier on Monday.'
    assert len(_texts(make_article, text)) == 2


def test_claims_atomic_closing_quote_stays_with_its_clause(make_article):
    text = 'The firm said that it was "helping the inquiry in every way" and that its depot would remain closed until May.'
    assert _texts(make_article, text)[0] == 'The firm said that it was "helping the inquiry in every way"'


@pytest.mark.parametrize("text, fact", [
    ('"We heard the shots from the roof," said Karim Haddad, 47.', "Karim Haddad, 47"),
    ("The award went to Omar Said, who was arrested in 2010, after a long campaign by his family.",
     "Omar Said, who was arrested in 2010"),
    # an age after a preposition is still said of the name before it
    ("The paper ran a long interview with Selim Ordu, 61, about the night the dam broke.", "Selim Ordu, 61"),
])
def test_claims_facts_apposition_and_relative_clause(make_article, text, fact):
    units = extract_claims([make_article("a", [text])])
    assert units[0].text == text  # the sentence stays a claim, whole
    assert [u.text for u in units[1:]] == [fact]
    lo, hi = units[1].span
    assert text[lo:hi] == fact


@pytest.mark.parametrize("text", [
    # a date: the relative clause is about the event, not the day
    "The militia blew up the old bridge on 12 March, which cut the village from the road south.",
    # "X of Y, which ...": which of the two is meant is not sure
    "The refugees crossed to the east of the Tigris, which is now held by the army and its allies.",
    # after "in", the apposition may be about the whole phrase
    "The team won 58 games in Denver, the third-best total in club history, before the playoffs.",
    # another name, not a fact
    "The storm reached Lyon, France, on Monday after a week over the sea.",
    # a role that only says who she is: true, but nothing about the event
    "Lena Park, the mayor of Easton, opened the new bridge on Monday morning.",
])
def test_claims_facts_not_made_up(make_article, text):
    assert _texts(make_article, text) == [text]


def test_claims_atomic_dateline_is_not_part_of_the_claim(make_article):
    a = make_article("a", [
        "MARLOW BAY, 03/04/2025 (Coastal Wire Service) -",
        "MARLOW BAY (Coastal Wire) - Fishermen found the missing trawler drifting north of the bay on Friday.",
    ])
    units = extract_claims([a])
    assert [(u.sentence, u.text) for u in units] == [
        (1, "Fishermen found the missing trawler drifting north of the bay on Friday.")]
    assert a.sentences[1].text[units[0].span[0]:].startswith("Fishermen")


def test_claims_atomic_photo_caption_is_not_a_claim(make_article):
    a = make_article("a", [
        "Volunteers stack sandbags along the flooded quay on Sunday (Reuters).",
        "Volunteers stacked sandbags along the flooded quay through Sunday night.",
    ])
    assert [u.sentence for u in extract_claims([a])] == [1]


def test_claims_atomic_relative_clause_without_pronoun_is_no_clause(make_article):
    text = "The last time anyone saw him, he was in a grey van that left the port at dawn."
    assert _texts(make_article, text) == [text]


def test_claims_atomic_pronoun_deep_in_a_clause_does_not_keep_it_whole(make_article):
    # "they" is the subject of "before they opened fire", not of the clause:
    # the two statements are still cut apart.
    text = ("Ana Ruiz is the only witness to speak so far, and her account differs from the police claim "
            "that the driver had drawn a knife before they opened fire.")
    assert len(_texts(make_article, text)) == 2


def test_claims_role_apposition_only_identifies_and_is_no_claim(make_article):
    # "X, head of the harbour police," tells who X is: every report naming him
    # says it, so as a claim it would be "corroborated" without saying anything
    # about the event.  An age set off the same way stays a fact.
    texts = _texts(make_article, "Tomas Brenn, head of the harbour police, said two boats sank overnight.")
    assert "Tomas Brenn, head of the harbour police" not in texts
    assert "Tomas Brenn, 58" in _texts(make_article, "Tomas Brenn, 58, said two boats sank overnight near the pier.")
