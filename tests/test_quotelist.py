"""newsprism.quotelist: which quotes every view lists, with which speaker."""

from __future__ import annotations

from newsprism.model import Quote
from newsprism.quotelist import listed_quotes, speaker_is_object


def _quote(text: str, words: str, speaker: str | None, cue: str, *, written: str | None = None,
           direct: bool = False, sentence: int = 0) -> Quote:
    start = text.index(words)
    return Quote(text=words, sentence=sentence, direct=direct, speaker=speaker, cue=cue,
                 speaker_text=written if written is not None else speaker, start=start, end=start + len(words))


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
    assert listed_quotes([herald, council], text=text) == [herald]
    # Alone (no other speaker's quote around it) it is listed unattributed.
    alone = listed_quotes([council], text=text)
    assert [(q.text, q.speaker) for q in alone] == [(council.text, None)]
    # Who is told is not who speaks: "keep telling voters they have the votes".
    told = "Senators keep telling voters they have the votes to pass the bill."
    voters = _quote(told, "they have the votes to pass the bill", "voters", "telling")
    assert [q.speaker for q in listed_quotes([voters], text=told)] == [None]
    # The speaker before its verb, or after a cue that names its source after
    # it ("According to the Herald", "was quoted by Radio Orlen as saying"), speaks.
    berg = "Tom Holt said that Anna Berg told him that the road was shut."
    inner = _quote(berg, "that the road was shut", "Anna Berg", "told")
    outer = _quote(berg, "that Anna Berg told him that the road was shut", "Tom Holt", "said")
    assert listed_quotes([outer, inner], text=berg) == [outer, inner]
    quoted = "The minister was quoted by Radio Orlen as saying the bridge would reopen."
    radio = _quote(quoted, "as saying the bridge would reopen", "Radio Orlen", "quoted by")
    assert listed_quotes([radio], text=quoted) == [radio]
    # A direct quote is not read so (its cue and speaker may stand between two
    # parts of one quotation); without the article's text nothing changes.
    direct = _quote(text, "“offering” a reward for anyone who would find him", "the council", "announced",
                    direct=True)
    assert listed_quotes([direct], text=text) == [direct]
    assert listed_quotes([herald, council]) == [herald, council]


def test_quotelist_a_pronoun_of_the_other_gender_than_the_name_shown_is_unattributed():
    text = "He notes that the microphone failed twice."
    q = _quote(text, "that the microphone failed twice", "Crooked Sarah Whitlock", "notes", written="He")
    # Analyze's name opens with an epithet: no gender, so it is kept ...
    assert listed_quotes([q], text=text) == [q]
    # ... the name the story shows is a woman's: "he" is not her.
    (out,) = listed_quotes([q], text=text, shown_name=lambda _: "Sarah Whitlock")
    assert out.speaker is None and out.text == q.text and q.speaker == "Crooked Sarah Whitlock"
