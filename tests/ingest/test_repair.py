from pathlib import Path

import pytest

from newsprism.ingest.repair import repair_text

ROOT = Path(__file__).resolve().parents[2]
POLNEAR = ROOT / ".." / "shared" / "benchmarks" / "polnear-dev" / "text"

# Real English words that are rare (many are compounds of two frequent
# words): none may ever be split or "restored".
RARE_REAL_WORDS = """gasholder overbuilt badinage yoking yearslong thereupon forthwith hereinafter wherewithal
notwithstanding inasmuch insofar henceforth whereupon bookkeeper doorjamb hatband sandbar cornrow earworm mealworm
outflank sidestep waylay wheelwright shipwright bellwether ringleader turncoat pinprick warhorse wardroom gunrunner
gunrunning bushwhack backwater coalface hotbed flashpoint airdrop airlift airstrip warlord warplane gunship landmine
hardliner spokeswoman peacekeeper ceasefire crossfire stronghold foothold headcount manhunt roadblock checkpoint
firebomb tinderbox kingmaker powerbroker dealmaker rainmaker troublemaker handwringing bombmaker saboteur carjacking
sandbagging nonstarter pushback rollback flyover overreach undersea seabed riverbank hillside mudbrick rooftop
warmonger peacenik doorstep fieldwork groundswell landslide stonewall brinkmanship gatekeeper wellspring overstretch
offshoot outpost outflow upend underpin bedrock cornerstone watershed tailspin headwind tailwind backlash backstop
blowback dragnet earmark badass sinbad classic assassin embassy analyst""".split()


def _repair(text, **kw):
    return repair_text(text, min_zipf=3.0, known_zipf=1.5, **kw)


def test_repair_seed_artifacts(seed_articles):
    _, article = seed_articles["004"]
    fixes = {(r.from_, r.to) for r in article.repairs}
    for pair in [("badysts", "analysts"), ("badures", "assures"), ("badist", "assist"), ("bombssaid", "bombs said"),
                 ("foreignersaccording", "foreigners according"), ("airin", "air in")]:
        assert pair in fixes, pair
        assert pair[0] not in article.text.split()
    for r in article.repairs:
        if r.rule.startswith(("filter:", "glue:")):
            assert article.text[r.offset : r.offset + len(r.to)] == r.to, r


@pytest.mark.parametrize("word", RARE_REAL_WORDS)
def test_repair_never_touches_rare_real_words(word):
    text = f"The report used the word {word} twice: {word}."
    assert _repair(text) == (text, [])


def test_repair_keeps_capitalisation_and_skips_names_and_urls():
    text = "Badysts said BADYSTS wrote. Bombssaid is a name. See www.badysts.com or @bombssaid for more."
    out, repairs = _repair(text)
    assert out.startswith("Analysts said ANALYSTS wrote. Bombssaid is a name.")
    assert "www.badysts.com" in out and "@bombssaid" in out
    assert len(repairs) == 2


def test_repair_filter_uses_word_frequency_not_a_case_list():
    # "clbuttic" is the classic word-filter victim; no list of known cases names it.
    out, repairs = _repair("a clbuttic mistake")
    assert out == "a classic mistake" and repairs[0].rule == "filter:butt<-ass"


def test_repair_is_rare_on_clean_news_text():
    if not POLNEAR.is_dir():
        pytest.skip("PolNeAR texts not present beside the repository")
    tokens = repairs = 0
    for f in sorted(POLNEAR.glob("*.txt")):
        text = f.read_text("utf-8")
        tokens += len(text.split())
        repairs += len(_repair(text)[1])
    assert tokens > 50000
    # Clean, edited news: at most one repair per 20,000 tokens.
    assert repairs <= tokens / 20000, repairs


def test_repair_only_english_is_repaired(config):
    from newsprism.ingest import ingest_bytes

    french = ("Les badysts disent que la situation reste difficile dans la région, selon les autorités locales "
              "qui suivent la crise depuis plusieurs semaines.").encode()
    (article,) = ingest_bytes(french, "fr.txt", config=config)
    assert article.language == "fr"
    assert article.repairs == [] and "badysts" in article.text


def test_repair_glued_quote_gets_its_space():
    text = 'Two attacks "by kamikaze women"they said. He said"we stay" today. A 12"pipe. "The badysts"said so.'
    out, repairs = _repair(text)
    assert out == 'Two attacks "by kamikaze women" they said. He said "we stay" today. A 12"pipe. "The analysts" said so.'
    assert [r.rule for r in repairs] == ["glue:quote"] * 3
    for r in repairs:
        assert out[r.offset : r.offset + len(r.to)] == r.to


def test_repair_glued_reporting_verb_after_a_less_common_word():
    text, repairs = _repair("Hundreds of dockerssaid goodbye on Wednesday.")
    assert "dockers said" in text and [(r.from_, r.to) for r in repairs] == [("dockerssaid", "dockers said")]
    # A glue word in front of a less common word is more often a prefix.
    assert _repair("The peak was inapproachable in winter.")[1] == []
