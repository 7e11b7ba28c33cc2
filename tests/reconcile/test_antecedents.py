"""reconcile.antecedents: a he / she whose antecedent another person is likelier to be."""

from __future__ import annotations

import zlib

from spacy.tokens import Doc

from newsprism.analyze.nlp import _PARSE_EXCLUDE, _parse_vocab
from newsprism.model import AnalyzedArticle, Article, Entity, Mention, Quote
from newsprism.reconcile import shown_quotes
from newsprism.reconcile.antecedents import pronoun_in_doubt
from newsprism.reconcile.parses import article_doc

# "Mrs. Holt talked with Ms. Lind. “I was wrong,” she said." with its parse:
# Mrs. Holt is the subject, Ms. Lind the object of "with".
_WORDS = ["Mrs.", "Holt", "talked", "with", "Ms.", "Lind", ".", "“", "I", "was", "wrong", ",", "”", "she", "said", "."]
_SPACES = [True, True, True, True, True, False, True, False, True, True, False, False, True, True, False, False]
_HEADS = [1, 2, 2, 2, 5, 3, 2, 14, 9, 14, 9, 14, 14, 14, 14, 14]
_DEPS = ["compound", "nsubj", "ROOT", "prep", "compound", "pobj", "punct",
         "punct", "nsubj", "ccomp", "acomp", "punct", "punct", "nsubj", "ROOT", "punct"]
_POS = ["PROPN", "PROPN", "VERB", "ADP", "PROPN", "PROPN", "PUNCT",
        "PUNCT", "PRON", "AUX", "ADJ", "PUNCT", "PUNCT", "PRON", "VERB", "PUNCT"]


def _article(*, subject_first: bool = True, parse: bool = True) -> tuple[AnalyzedArticle, Quote]:
    words = list(_WORDS)
    if not subject_first:  # "Ms. Lind talked with Mrs. Holt."
        words[0:2], words[4:6] = words[4:6], words[0:2]
    doc = Doc(_parse_vocab(), words=words, spaces=_SPACES, heads=_HEADS, deps=_DEPS, pos=_POS,
              sent_starts=[True] + [False] * 6 + [True] + [False] * 8)
    text = doc.text
    holt, lind = text.index("Mrs. Holt"), text.index("Ms. Lind")
    mentions = [Mention(text="Mrs. Holt", label="PERSON", start=holt, end=holt + 9, sentence=0),
                Mention(text="Ms. Lind", label="PERSON", start=lind, end=lind + 8, sentence=0)]
    start = text.index("I was")
    q = Quote(text="I was wrong,", sentence=1, speaker="Ms. Lind", direct=True, cue="said", speaker_text="she",
              start=start, end=start + len("I was wrong,"))
    data = zlib.compress(doc.to_bytes(exclude=_PARSE_EXCLUDE), 1) if parse else None
    a = AnalyzedArticle(article=Article(id="a", path="a.txt", text=text), mentions=mentions, quotes=[q], parse=data)
    return a, q


def test_antecedents_a_pronoun_guessed_for_a_name_outside_the_subject_is_in_doubt():
    # analyze gave "she" to the last woman named (Ms. Lind, after "with"),
    # but the sentence's subject, Mrs. Holt, is a woman too: in doubt.
    a, q = _article()
    linked = {("a", 0): "e1", ("a", 1): "e2"}
    names = {"e1": "Mrs. Holt", "e2": "Ms. Lind"}
    doc = article_doc(a)
    assert doc is not None
    assert pronoun_in_doubt(a, q, "e2", parsed=lambda: doc, mention_entity=linked, names=names)
    # the person shown is the subject: analyze's reading stands
    b, qb = _article(subject_first=False)
    assert not pronoun_in_doubt(b, qb, "e2", parsed=lambda: article_doc(b), mention_entity=linked, names=names)
    # a rival of the other gender ("Mr. Holt") or of no known gender is none
    assert not pronoun_in_doubt(a, q, "e2", parsed=lambda: doc, mention_entity=linked, names={"e1": "Mr. Holt", "e2": "Ms. Lind"})
    assert not pronoun_in_doubt(a, q, "e2", parsed=lambda: doc, mention_entity=linked, names={"e1": "Pat Holt", "e2": "Ms. Lind"})
    # an earlier quote of Ms. Lind herself: analyze followed her quotes
    said = Quote(text="It rained", sentence=0, speaker="Ms. Lind", direct=False, speaker_text="Ms. Lind",
                 start=0, end=1)
    a2 = AnalyzedArticle(article=a.article, mentions=a.mentions, quotes=[said, q], parse=a.parse)
    assert not pronoun_in_doubt(a2, q, "e2", parsed=lambda: doc, mention_entity=linked, names=names)
    # without a stored parse nothing is doubted
    c, qc = _article(parse=False)
    assert article_doc(c) is None
    assert not pronoun_in_doubt(c, qc, "e2", parsed=lambda: None, mention_entity=linked, names=names)


def test_antecedents_the_story_leaves_a_doubted_pronoun_unattributed():
    a, q = _article()
    linked = {("a", 0): "e1", ("a", 1): "e2"}
    ents = [Entity(id="e1", name="Mrs. Holt", type="PERSON"), Entity(id="e2", name="Ms. Lind", type="PERSON")]
    ((_, (lq,)),) = shown_quotes([a], mention_entity=linked, entities=ents)
    assert (lq.speaker, lq.entity, lq.rule) == (None, None, "pronoun_doubt")
    b, _ = _article(subject_first=False)
    ((_, (lb,)),) = shown_quotes([b], mention_entity=linked, entities=ents)
    assert (lb.speaker, lb.rule) == ("Ms. Lind", "analyzed")
