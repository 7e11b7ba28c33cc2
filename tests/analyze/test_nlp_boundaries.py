import pytest

from newsprism.analyze.nlp import load_nlp


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


def test_nlp_line_break_always_ends_a_sentence(nlp):
    doc = nlp("Port blast toll rises to 31\n\nRescuers searched the rubble on Tuesday for more survivors.")
    sents = [s.text.strip() for s in doc.sents]
    assert sents[0] == "Port blast toll rises to 31"
    assert sents[1].startswith("Rescuers")


def test_nlp_closing_quote_stays_with_its_sentence(nlp):
    doc = nlp('"The bombardment was very heavy."\nThe mayor said he would stay. "We will rebuild."\n\nTwo bombs hit.')
    sents = [s.text.strip() for s in doc.sents]
    assert '"The bombardment was very heavy."' in sents
    assert '"We will rebuild."' in sents
    assert not any(s.startswith('"\n') or s == '"' for s in sents)
