import re

import pytest
from rapidfuzz import fuzz

from newsprism.ingest.clean import assemble, duplicate_key, find_duplicates, find_residue

RESIDUE_IN_SEEDS = {
    "001": ["Share it..."],
    "004": ["Look also", "Source link", "Clarin Bulletins", 'src =', "Monday to Friday afternoon.",
            "What happened today? We tell you"],
}
CAPTIONS_004 = [
    "Civilians escaped from the Islamic State on Wednesday in the plains of Syria (AFP).",
    "Children of families of members of the Islamic State escape from the front (AFP).",
    "Relatives of jihadists fleeing. They have nowhere to hide (AFP).",
    "The women also took up arms during the fighting (AFP).",
]


def _sentences(text: str) -> set[str]:
    parts = re.split(r"(?<=[.!?])\s+|(?<=[.!?][\"”])\s+|\n+", text)
    return {" ".join(p.split()) for p in parts if len(p.split()) >= 3}


def _repaired(line: str, article) -> str:
    for r in article.repairs:
        if r.rule.startswith(("filter:", "glue:")):
            line = re.sub(rf"(?<!\w){re.escape(r.from_)}(?!\w)", r.to, line)
    return line


def test_clean_seed_residue_lines_are_gone(seed_articles):
    for prefix, fragments in RESIDUE_IN_SEEDS.items():
        raw, article = seed_articles[prefix]
        for fragment in fragments:
            assert fragment in raw, fragment  # the seed really has it
            assert fragment not in article.text, (prefix, fragment)
            assert any(fragment in r.text for r in article.removed), (prefix, fragment)


def test_clean_duplicated_captions_are_kept_once(seed_articles):
    raw, article = seed_articles["004"]
    for caption in CAPTIONS_004:
        assert raw.count(caption) == 2
        assert article.text.count(caption) == 1, caption
    dropped = [r for r in article.removed if r.rule.startswith("duplicate:")]
    assert len(dropped) >= len(CAPTIONS_004)


def test_clean_loses_no_sentence_of_content(seed_articles):
    for prefix, (raw, article) in seed_articles.items():
        lines = raw.replace("\r\n", "\n").split("\n")
        removed = {r.line: r for r in article.removed}
        for r in article.removed:
            assert r.rule.split(":")[0] in {"residue", "duplicate", "metadata"}, r
            assert lines[r.line].strip() == r.text
        kept_text = article.text
        kept_sentences = _sentences(kept_text)
        for i, line in enumerate(lines):
            if i in removed or not line.strip():
                continue
            for sentence in _sentences(_repaired(line, article)):
                assert sentence in kept_sentences, (prefix, sentence)
        # A dropped duplicate repeats an earlier line; a near one resembles a kept line.
        kept_keys = [duplicate_key(line)[1] for line in kept_text.split("\n") if line.strip()]
        for r in article.removed:
            key = duplicate_key(r.text)[1]
            if r.rule in ("duplicate:exact", "duplicate:credit"):
                assert key in {duplicate_key(line)[1] for line in lines[: r.line]}, r
            elif r.rule == "duplicate:near":
                assert max(fuzz.ratio(key, k) for k in kept_keys) >= 90, r


@pytest.mark.parametrize(
    "line",
    [
        "Read more: Iraq's forgotten war",
        "See also",
        "Share this article",
        "Tweet",
        "Sign up for our daily newsletter",
        "Subscribe now",
        "We use cookies to improve your experience. Accept all cookies",
        "Follow us on Twitter @outlet",
        "Related articles",
        "You may also like",
        "Advertisement",
        "Photo: Reuters",
        "(AFP)",
        "© 2019 Guardian News & Media",
        "Comments",
        "Back to top",
        "* * *",
        "Morning Briefing Newsletter",
        '<img src="x.jpg">',
        "Weekdays at 6 a.m.",
    ],
)
def test_clean_general_residue_patterns(line):
    lines = ["A headline about the war", "", "The army said on Sunday that the offensive would go on.", "", line]
    assert 4 in find_residue(lines, title_index=0), line


@pytest.mark.parametrize(
    "line",
    [
        "The little ones cry",
        "Look at the damage, he said.",
        "Share prices fell sharply on Monday.",
        "The police bulletin said 41 people were killed in the attack on the market town.",
        "Facebook changed its privacy policy on Tuesday, the company said.",
        "Read the full report, the minister told the parliament on Friday.",
        "Countries that sign up to the treaty must cut emissions by half.",
        "Follow the money, the prosecutor said.",
        "Home secretary Priya Patel resigned.",
        "See you in court, he said.",
        "Monday to Friday, the bridge stays closed to lorries while engineers inspect it.",
        "Maybe more.",
        "The battle for Baghuz",
    ],
)
def test_clean_content_lines_are_kept(line):
    lines = ["A headline about the war", "", "The army said on Sunday that the offensive would go on.", "", line]
    assert 4 not in find_residue(lines, title_index=0), line


def test_clean_duplicates_keep_first_and_credit_variant():
    base = "Civilians escaped from the Islamic State on Wednesday in the plains of Syria."
    lines = [base, "", base + " (AFP)", "", "An unrelated paragraph that says something else entirely.", base]
    drop = find_duplicates(lines)
    assert drop == {2: "duplicate:credit", 5: "duplicate:exact"}
    text, removed = assemble(lines, drop)
    assert text.count("Civilians escaped") == 1
    assert [r.line for r in removed] == [2, 5]


def test_clean_near_duplicate_threshold_keeps_different_quotes():
    a = '"There are violent clashes, fierce battles", said Adnan Afrin, a spokesman for the SDS.'
    b = '"There were violent clashes on Monday too", said Adnan Afrin, a spokesman for the SDS.'
    assert find_duplicates([a, b]) == {}


def test_clean_short_repeated_lines_are_not_duplicates():
    assert find_duplicates(['"Yes."', "Some text in between.", '"Yes."']) == {}


def test_clean_lines_with_different_numbers_are_not_near_duplicates():
    a = "Kurdish forces believe the area is defended by about 400 fighters who will not surrender."
    b = "Kurdish forces believe the area is defended by about 500 fighters who will not surrender."
    assert find_duplicates([a, b]) == {}
    assert find_duplicates([a, a.replace("about", "some")]) == {1: "duplicate:near"}


def test_clean_a_day_alone_is_content_not_a_schedule():
    lines = ["Headline", "Firefighters were called to the blaze at around 9:40 p.m.", "Friday night.",
             "Monday to Friday afternoon."]
    assert find_residue(lines, title_index=0) == {3: "residue:schedule"}


INJECTED_RESIDUE = [
    "Read more: The week in politics",
    "Sign up for our morning newsletter",
    "Share this article",
    "Advertisement",
    "Follow us on Facebook",
    "You may also like",
    "© 2016 Example Media Group",
    "Photo: Getty Images",
    "Comments",
    "Most read",
    "Skip Ad",
    "Continue reading the main story",
    "We use cookies to give you the best experience. Accept cookies",
    "Weekdays at 6 a.m.",
    "Politics Bulletin",
    '<img src="https://cdn.example.com/x.jpg" alt="">',
]


def test_clean_injected_residue_goes_and_content_stays(config):
    import random
    from pathlib import Path

    from newsprism.ingest import ingest_bytes

    polnear = Path(__file__).resolve().parents[2] / ".." / "shared" / "benchmarks" / "polnear-dev" / "text"
    if not polnear.is_dir():
        pytest.skip("PolNeAR texts not present beside the repository")
    rng = random.Random(7)
    for f in sorted(polnear.glob("*.txt"))[::4]:
        original = f.read_text("utf-8")
        (clean,) = ingest_bytes(original.encode(), f.name, config=config)
        paragraphs = original.split("\n\n")
        noisy = paragraphs[:1]
        for p in paragraphs[1:]:
            noisy.append(p)
            if rng.random() < 0.3:
                noisy.append(rng.choice(INJECTED_RESIDUE))
            if rng.random() < 0.1 and len(p) > 40:
                noisy.append(p + " (AFP)")  # a paragraph printed again with a credit
        (article,) = ingest_bytes("\n\n".join(noisy).encode(), f.name, config=config)
        assert article.text == clean.text, f.name
        assert article.id == clean.id


def test_clean_adjacent_ui_lines_of_a_box_go():
    from newsprism.ingest.clean import find_adjacent_ui

    lines = ["A headline about the port", "", "The port closed on Monday after the blast, officials said.", "",
             "Evening Digest", "", "Sign up for our newsletter and get the news in your inbox", "",
             "We use cookies to improve this site.", "Accept all", "",
             "Rescue teams worked through the night, the mayor said."]
    residue = find_residue(lines, title_index=0)
    assert residue[6].startswith("residue:") and residue[8] == "residue:cookies"
    extra = find_adjacent_ui(lines, residue, title_index=0)
    assert extra == {4: "residue:adjacent-ui", 9: "residue:adjacent-ui"}


def test_clean_adjacent_ui_keeps_subheading_beside_single_line_furniture():
    from newsprism.ingest.clean import find_adjacent_ui

    lines = ["A headline about the port", "", "The port closed on Monday after the blast, officials said.", "",
             "Read more", "", "What happens next", "", "Advertisement", "",
             "The inquiry will report in June, the minister said."]
    residue = find_residue(lines, title_index=0)
    assert 4 in residue and 8 in residue
    assert find_adjacent_ui(lines, residue, title_index=0) == {}


def test_clean_repeat_of_a_residue_line_goes():
    from newsprism.ingest.clean import find_residue_repeats

    promo = "All the news you need before breakfast, straight to your phone"
    lines = ["A headline", "", "The port closed on Monday after the blast, officials said.", "",
             f'{promo} "src ="', "", promo, "", "The inquiry will report in June, the minister said."]
    residue = find_residue(lines, title_index=0)
    assert residue.get(4) == "residue:markup" and 6 not in residue
    assert find_residue_repeats(lines, residue) == {6: "residue:repeat"}


def test_clean_title_repeat_and_kicker():
    from newsprism.ingest.clean import find_title_repeat

    title = "Port reopens after deadly blast: what we know"
    lines = ["World news", "Port reopens after deadly blast - what we know", "The port reopened on Friday."]
    assert find_title_repeat(lines, title) == {0: "residue:kicker", 1: "title-repeat"}
    # A title that is only the opening sentence of the body is not a repeat.
    body = ["The port reopened on Friday, three days after the blast.", title]
    assert find_title_repeat(body, title) == {}
    assert find_title_repeat(["The port reopened on Friday."], title) == {}


def test_clean_address_line_below_the_top_is_residue():
    from newsprism.ingest import ingest_bytes

    text = ("Harbour cranes idle after the strike vote\n\n"
            "http: / / www. portnews. example. com / 2031 / 04 / 02 / cranes - idle - strike, 0, 88. html\n\n"
            "Dock workers voted on Tuesday to stop work at the container terminal, their union said.\n\n"
            "https://www.portnews.example.com/related/strike-history\n\n"
            "The full timetable is at www.portnews.example.com/strike for anyone who asks, the union said.")
    (art,) = ingest_bytes(text.encode(), "cranes.txt")
    assert [(r.rule, r.text[:12]) for r in art.removed] == [("residue:address", "http: / / ww"),
                                                             ("residue:address", "https://www.")]
    assert "http" not in art.text
    # An address inside a sentence of prose is text.
    assert "The full timetable is at www.portnews.example.com/strike for anyone" in art.text
    assert art.title == "Harbour cranes idle after the strike vote"
