"""newsprism.quotelist: which quotes every view lists, with which speaker."""

from __future__ import annotations

from newsprism.model import Quote
from newsprism.quotelist import SpeakerEntity, listed_quotes, speaker_is_object


def _quote(text: str, words: str, speaker: str | None, cue: str, *, written: str | None = None,
           direct: bool = False, sentence: int = 0) -> Quote:
    start = text.index(words)
    return Quote(text=words, sentence=sentence, direct=direct, speaker=speaker, cue=cue,
                 speaker_text=written if written is not None else speaker, start=start, end=start + len(words))



def _listed(quotes: list[Quote], **kw: object) -> list[Quote]:
    """The listed quotes, each as shown (its decision's quote)."""
    return [lq.quote for lq in listed_quotes(quotes, **kw)]  # type: ignore[arg-type]


def test_quotelist_a_speaker_written_as_its_verbs_object_speaks_no_quote():
    # Machine-translated reported speech: "announced the council 'offering' a
    # reward ..." inside what the Herald reports.  The council is what the verb
    # announces about, not who speaks: the words are the Herald's account,
    # already listed under the Herald, so the inner quote is not listed again.
    text = ("According to the Herald, the smuggler from Tarnow was behind the failed raid and announced the "
            "council “offering” a reward for anyone who would find him.")
    herald = _quote(text, text[text.index("the smuggler"):-1], "the Herald", "According to")
    council = _quote(text, "“offering” a reward for anyone who would find him", "the council", "announced")
    assert speaker_is_object(council, text) and not speaker_is_object(herald, text)
    assert _listed([herald, council], text=text) == [herald]
    # Alone (no other speaker's quote around it) it is listed unattributed.
    alone = _listed([council], text=text)
    assert [(q.text, q.speaker) for q in alone] == [(council.text, None)]
    # Who is told is not who speaks: "keep telling voters they have the votes".
    told = "Senators keep telling voters they have the votes to pass the bill."
    voters = _quote(told, "they have the votes to pass the bill", "voters", "telling")
    assert [q.speaker for q in _listed([voters], text=told)] == [None]
    # The speaker before its verb, or after a cue that names its source after
    # it ("According to the Herald", "was quoted by Radio Orlen as saying"), speaks.
    berg = "Tom Holt said that Anna Berg told him that the road was shut."
    inner = _quote(berg, "that the road was shut", "Anna Berg", "told")
    outer = _quote(berg, "that Anna Berg told him that the road was shut", "Tom Holt", "said")
    assert _listed([outer, inner], text=berg) == [outer, inner]
    quoted = "The minister was quoted by Radio Orlen as saying the bridge would reopen."
    radio = _quote(quoted, "as saying the bridge would reopen", "Radio Orlen", "quoted by")
    assert _listed([radio], text=quoted) == [radio]
    # A direct quote is not read so (its cue and speaker may stand between two
    # parts of one quotation); without the article's text nothing changes.
    direct = _quote(text, "“offering” a reward for anyone who would find him", "the council", "announced",
                    direct=True)
    assert _listed([direct], text=text) == [direct]
    assert _listed([herald, council]) == [herald, council]


def test_quotelist_a_pronoun_of_the_other_gender_than_the_name_shown_is_unattributed():
    text = "He notes that the microphone failed twice."
    q = _quote(text, "that the microphone failed twice", "Crooked Sarah Whitlock", "notes", written="He")
    # Analyze's name opens with an epithet: no gender, so it is kept ...
    assert _listed([q], text=text) == [q]
    # ... the name the story shows is a woman's: "he" is not her.
    (out,) = _listed([q], text=text, resolve=lambda _: SpeakerEntity("e1", "Sarah Whitlock", "PERSON"))
    assert out.speaker is None and out.text == q.text and q.speaker == "Crooked Sarah Whitlock"


def test_quotelist_an_unnamed_speaker_is_shown_as_written_not_as_a_name_nearby():
    # "a reporter who asked ..." resolved by analyze to the person the
    # question names: the reporter asked, not Petra Lind.  The same for a
    # plural ("prosecutors who said ...").  Shown as written, with no entity.
    text = "The minister sparred with a reporter who asked whether Petra Lind would resign."
    q = _quote(text, "whether Petra Lind would resign", "Petra Lind", "asked", written="a reporter")
    assert [x.speaker for x in _listed([q], text=text)] == ["a reporter"]
    plural = "The case went on over the objection of prosecutors who said it should stand despite Ivo Marek's pardon."
    p = _quote(plural, "it should stand despite Ivo Marek's pardon", "Ivo Marek", "said", written="prosecutors")
    assert [x.speaker for x in _listed([p], text=plural)] == ["prosecutors"]
    # A name written beside the phrase is that person: "a spokesman, Karim
    # Haddad," and "Karim Haddad, a spokesman,"; a definite singular ("The
    # judge said", the judge named earlier) and a written name stand too.
    for told in ("A spokesman, Karim Haddad, said the road was shut.",
                 "Karim Haddad, a spokesman, said the road was shut."):
        k = _quote(told, "the road was shut", "Karim Haddad", "said", written="a spokesman")
        assert _listed([k], text=told) == [k]
    judge = "Judge Anna Berg spoke first. The judge said the road was shut."
    j = _quote(judge, "the road was shut", "Anna Berg", "said", written="The judge")
    assert _listed([j], text=judge) == [j]
    # A direct quote is not read so: "..., saying, "Maybe he ..."" may carry
    # another clause's subject as written.
    d = _quote(text, "whether Petra Lind would resign", "Petra Lind", "asked", written="a reporter", direct=True)
    assert _listed([d], text=text) == [d]


def test_quotelist_each_listed_quote_carries_its_decision():
    # The decision travels with the quote: who is shown, the story's entity,
    # and the rule that decided; the resolver is asked only when analyze's
    # speaker reaches the pronoun check, never for a rewritten one.
    text = "He said the bridge was shut. A reporter asked whether Petra Lind would resign. It rained."
    he = _quote(text, "the bridge was shut", "Tom Holt", "said", written="He")
    rep = _quote(text, "whether Petra Lind would resign", "Petra Lind", "asked", written="A reporter", sentence=1)
    none = _quote(text, "It rained", None, "", written="", sentence=2)
    asked: list[str] = []

    def resolve(q: Quote) -> SpeakerEntity:
        asked.append(q.text)
        return SpeakerEntity("e7", "Tom Holt", "PERSON")

    out = listed_quotes([he, rep, none], text=text, resolve=resolve)
    assert [(lq.speaker, lq.entity, lq.rule) for lq in out] == [
        ("Tom Holt", "e7", "analyzed"), ("A reporter", None, "unnamed"), (None, None, "none")]
    assert asked == [he.text] and out[0].quote is he
    # a "she" for a man's entity: unattributed, no entity, and why
    she = _quote("She said the bridge was shut.", "the bridge was shut", "Tom Holt", "said", written="She")
    (lq,) = listed_quotes([she], text="She said the bridge was shut.", resolve=resolve)
    assert (lq.speaker, lq.entity, lq.rule) == (None, None, "pronoun_gender")


def test_quotelist_a_body_or_a_document_resolved_to_a_person_is_shown_as_written():
    # "the police said", resolved to the commissioner the article names
    # ("Police Commissioner Ray Hale" beside the words "the police"): the
    # police are not their commissioner.  A report or a study is no person.
    text = "Police Commissioner Ray Hale visited the scene. The officers fired 11 shots, the police said."
    hale = SpeakerEntity("e1", "Ray Hale", "PERSON")
    q = _quote(text, "The officers fired 11 shots", "Ray Hale", "said", written="the police", sentence=1)
    (lq,) = listed_quotes([q], text=text, resolve=lambda _: hale)
    assert (lq.speaker, lq.entity, lq.rule) == ("the police", None, "not_a_person")
    report = "The 90-page report said that the mayor misled the council, according to Attorney General Ana Vidal."
    r = _quote(report, "that the mayor misled the council", "Ana Vidal", "said", written="The 90-page report")
    (lr,) = listed_quotes([r], text=report, resolve=lambda _: SpeakerEntity("e2", "Ana Vidal", "PERSON"))
    assert (lr.speaker, lr.entity) == ("The 90-page report", None)
    # without an entity, analyze's name is read as a person by its first name
    (ln,) = listed_quotes([r], text=report)
    assert ln.speaker == "The 90-page report"
    # A person written as the phrase's head ("the head of the team") stands,
    # and so does a body resolved to an organisation ("the news agency", IRNA).
    team = "The head of the team, Ali Safa, said half the buildings fell."
    t = _quote(team, "half the buildings fell", "Ali Safa", "said", written="The head of the team")
    assert [x.quote for x in listed_quotes([t], text=team,
                                          resolve=lambda _: SpeakerEntity("e3", "Ali Safa", "PERSON"))] == [t]
    agency = "IRNA reported the quake. The news agency said a hospital was damaged."
    a = _quote(agency, "a hospital was damaged", "IRNA", "said", written="The news agency", sentence=1)
    (la,) = listed_quotes([a], text=agency, resolve=lambda _: SpeakerEntity("e4", "IRNA", "ORG"))
    assert (la.speaker, la.entity, la.rule) == ("IRNA", "e4", "analyzed")


def test_quotelist_a_personal_pronoun_is_never_given_an_organisation():
    # "she" linked to an organisation entity: never shown as the organisation.
    text = "The rules were set by County Health Director Dr. Ana Vidal. Customers need one dose, she said."
    words = "Customers need one dose"
    office = _quote(text, words, "County Health Director", "said", written="she", sentence=1)
    (lo,) = listed_quotes([office], text=text, resolve=lambda _: SpeakerEntity("e1", "County Health", "ORG"))
    # analyze's phrase says more than the entity's name (the director): it
    # stays, without the organisation's entity
    assert (lo.speaker, lo.entity, lo.rule) == ("County Health Director", None, "pronoun_not_person")
    firm = _quote(text, words, "Northwind Telecom", "said", written="she", sentence=1)
    (lf,) = listed_quotes([firm], text=text, resolve=lambda _: SpeakerEntity("e2", "Northwind Telecom", "ORG"))
    assert (lf.speaker, lf.entity, lf.rule) == (None, None, "pronoun_not_person")
    # a person's name typed as a place: the name stays, the place entity goes
    holt = _quote(text, words, "Tom Holt", "said", written="he", sentence=1)
    (lh,) = listed_quotes([holt], text=text, resolve=lambda _: SpeakerEntity("e3", "W. Tom Holt", "GPE"))
    assert (lh.speaker, lh.entity) == ("Tom Holt", None)
    # "they" may be an organisation
    they = _quote(text, words, "Northwind Telecom", "said", written="they", sentence=1)
    (lt,) = listed_quotes([they], text=text, resolve=lambda _: SpeakerEntity("e2", "Northwind Telecom", "ORG"))
    assert (lt.speaker, lt.entity) == ("Northwind Telecom", "e2")


def test_quotelist_a_bare_role_noun_names_no_speaker():
    # A headline's "..., lawyer says": whose lawyer is not written, so the
    # quote is listed unattributed (rule bare_noun), not under "lawyer".  The
    # same for a noun a parse took for a speaker ("rest assured").
    text = "Mira Sol checks into rehab for 90 days, lawyer says"
    q = _quote(text, "Mira Sol checks into rehab for 90 days", "lawyer", "says")
    (lq,) = listed_quotes([q], text=text)
    assert (lq.speaker, lq.entity, lq.rule) == (None, None, "bare_noun")
    rest = "In his case, rest assured that the club wants him."
    r = _quote(rest, "that the club wants him", "rest", "assured")
    assert [x.speaker for x in _listed([r], text=rest)] == [None]
    # Stand: an owner or a determiner ("her lawyer", "the lawyer"), a name
    # analyze gave ("operator Reliance"), a plural, and nouns that stand bare
    # as a source ("police said", "according to data", "state media said").
    for written, speaker in (("her lawyer", "her lawyer"), ("The lawyer", "The lawyer"), ("operator", "Reliance"),
                             ("witnesses", "witnesses"), ("police", "police"), ("data", "data"),
                             ("state media", "state media"), ("people", "people"), ("it", "it")):
        k = _quote(text, "Mira Sol checks into rehab for 90 days", speaker, "says", written=written)
        (lk,) = listed_quotes([k], text=text)
        assert (lk.speaker, lk.rule) == (speaker, "analyzed"), written


def test_quotelist_a_paper_resolved_to_a_wire_agency_is_shown_as_written():
    # Reuters quotes a Greek daily: "the paper said" is not Reuters.
    text = "Reuters reported the riots. The anger will sweep everything away, the paper said."
    q = _quote(text, "The anger will sweep everything away", "Reuters", "said", written="the paper", sentence=1)
    (lq,) = listed_quotes([q], text=text, resolve=lambda _: SpeakerEntity("e1", "Reuters", "ORG"))
    assert (lq.speaker, lq.entity, lq.rule) == ("the paper", None, "press_not_wire")
    # Stand: a paper resolved to a paper, a news agency resolved to a wire.
    for written, name in (("the newspaper", "Los Angeles Times"), ("the news agency", "AP")):
        k = _quote(text, "The anger will sweep everything away", name, "said", written=written, sentence=1)
        (lk,) = listed_quotes([k], text=text, resolve=lambda _, n=name: SpeakerEntity("e2", n, "ORG"))
        assert (lk.speaker, lk.rule) == (name, "analyzed"), written


def test_quotelist_a_document_or_event_that_is_given_no_words_speaks_no_quote():
    # (sentence, words, speaker as written, cue, listed?).  What figures, a
    # study or a protest "show" is a claim with its source, not anyone's
    # words: not listed.  A verb of saying gives a document words ("said",
    # "warned that"), and so does a direct quote standing with no cue; an
    # event is given none.  A named body ("Data for Progress") and a phrase
    # joining people to a document still speak.
    cases = [
        ("Nine bridges closed over the winter, according to figures from the road agency.",
         "Nine bridges closed over the winter", "figures from the road agency", "according to", False),
        ("Night shifts raise the risk of falls, a new study of nurses found.",
         "Night shifts raise the risk of falls", "a new study of nurses", "found", False),
        ("Loud marches demanding the mayor's resignation filled the square.",
         "the mayor's resignation", "Loud marches", "demanding", False),
        ("Street protests calling for new elections spread.", "new elections", "Street protests", "calling", False),
        ("The 40-page report said that the dam was never inspected.",
         "that the dam was never inspected", "The 40-page report", "said", True),
        ("A council audit warned that the roof would leak.", "that the roof would leak", "A council audit", "warned",
         True),
        ("The suit alleges that the firm hid its losses.", "that the firm hid its losses", "The suit", "alleges", True),
        ("Exports fell, according to new Trade and Customs Office figures.", "Exports fell",
         "new Trade and Customs Office figures", "according to", False),
        ("Fees will rise in May, according to a one-page fact sheet on the rule.", "Fees will rise in May",
         "a one-page fact sheet on the rule", "according to", False),
        ("Most voters back the plan, according to Data for Progress.",
         "Most voters back the plan", "Data for Progress", "according to", True),
        ("The plant shut, according to posts by the firm, unions and workers.",
         "The plant shut", "posts by the firm, unions and workers", "according to", True),
    ]
    for text, words, written, cue, listed in cases:
        q = _quote(text, words, written, cue)
        assert _listed([q], text=text) == ([q] if listed else []), text
    # however analyze resolved the phrase ("Harbor Authority records": the authority)
    resolved = "Harbor Authority records showed that cargo fell by a third."
    records = _quote(resolved, "that cargo fell by a third", "Harbor Authority", "showed",
                     written="Harbor Authority records")
    assert listed_quotes([records], text=resolved,
                         resolve=lambda _: SpeakerEntity("e1", "Harbor Authority", "ORG")) == []
    plain = "“We ask every member to act now.”"
    words = Quote(text="We ask every member to act now.", sentence=0, direct=True, speaker="The declaration",
                  cue=None, speaker_text="The declaration", start=1, end=len(plain) - 1)
    assert _listed([words], text=plain) == [words]


def test_quotelist_reported_speech_of_no_one_inside_a_speakers_quote_is_not_listed_again():
    # AllSides tune: "outlining a plan ..." inside what Biden signaled was listed
    # again under "Unattributed", as if no one had said it.
    text = ("The governor signaled on Wednesday that she would accept a smaller budget, outlining a plan for "
            "about $2 billion in new spending.")
    outer = _quote(text, "that she would accept a smaller budget, outlining a plan for about $2 billion in new spending",
                   "Mara Vell", "signaled")
    inner = _quote(text, "a plan for about $2 billion in new spending", None, "outlining", written="it")
    assert _listed([outer, inner], text=text) == [outer]
    # Alone, or quoted word for word, the unattributed words stay listed.
    assert _listed([inner], text=text) == [inner]
    direct = _quote(text, "a plan for about $2 billion in new spending", None, "outlining", direct=True, written="")
    assert _listed([outer, direct], text=text) == [outer, direct]
    # A cue with its own subject, left unattributed, is someone else's words.
    told = "The filing noted reports alleging that she claimed he had lied."
    reports = _quote(told, "that she claimed he had lied", "reports", "alleging")
    she = _quote(told, "he had lied", None, "claimed", written="she")
    assert _listed([reports, she], text=told) == [reports, she]
