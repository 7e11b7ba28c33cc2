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


def test_nlp_closing_parenthesis_inside_a_clause_ends_no_sentence(nlp):
    from newsprism.analyze.nlp import _set_boundaries

    # A nickname in brackets, then the verb of the same clause: never a boundary
    # (the parser cut "... Marcus (Mack)" | "Reed says ..." on a real page).
    doc = _set_boundaries(nlp.make_doc("A neighbour of Marcus (Mack) Reed says the boy was unarmed. (He was 15.) Police disagree."))
    after = {doc[i - 1].text + " " + t.text: t.is_sent_start for i, t in enumerate(doc) if i}
    assert after[") Reed"] is False
    # A bracketed sentence closed by its own full stop stays free to end one.
    assert after[") Police"] is not False
    sents = [s.text for s in nlp("A neighbour of Marcus (Mack) Reed says the boy was unarmed.").sents]
    assert len(sents) == 1


def test_nlp_abbreviation_in_brackets_then_a_lowercase_word_ends_no_sentence(nlp):
    from newsprism.analyze.nlp import _set_boundaries

    # A party and state tag closes with the abbreviation's full stop; the
    # clause goes on in lowercase: one sentence, not a fragment for a claim
    # (the parser cut "... Cheney (R-Wyo.)" | "as the party's chair" on a real page).
    doc = _set_boundaries(nlp.make_doc("The caucus chose Rep. Dana Whitlow (D-Ore.) as its whip. (He was 15.) Police disagree."))
    after = {doc[i - 1].text + " " + t.text: t.is_sent_start for i, t in enumerate(doc) if i}
    assert after[") as"] is False
    assert after[") Police"] is not False
    text = ("House Democrats on Monday named Rep. Dana Whitlow (D-Ore.) to succeed Rep. Carl Amsel (D-Wyo.) "
            "as the caucus whip, ending a month of bargaining.")
    assert len(list(nlp(text).sents)) == 1


def test_nlp_opening_bracket_after_a_word_starts_no_sentence(nlp):
    from newsprism.analyze.nlp import _set_boundaries

    # An editor's insertion inside a quote: the parser cut the quote at "[".
    text = "“We found an error in the draft [vote transfer] tally of the second round,” the clerk said. (Updated.)"
    doc = _set_boundaries(nlp.make_doc(text))
    after = {doc[i - 1].text + " " + t.text: t.is_sent_start for i, t in enumerate(doc) if i}
    assert after["draft ["] is False
    # After a full stop a bracket may still open a sentence.
    assert after[". ("] is not False
    assert len(list(nlp(text.split(" (Updated")[0]).sents)) == 1


def test_nlp_abbreviated_title_before_a_name_ends_no_sentence(nlp):
    # The parser cut "... to reach Sgt." | "Mara Quill at the post." on a real page.
    for text in ("Residents who saw the van are asked to reach Sgt. Mara Quill at the post.",
                 "The ferry was steered by Capt. Olu Brandt, who had sailed it for years.",
                 "Deputies named Det. Ivo Pask and Cpl. Rhea Dunn as the officers on duty."):
        assert [s.text for s in nlp(text).sents] == [text]
    # A full stop after any other word still ends a sentence.
    assert len(list(nlp("The crew reached the port. Divers went down at dawn.").sents)) == 2
