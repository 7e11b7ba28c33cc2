"""Which of an article's quotes are listed, and with which speaker: the one
decision the brief, the export (story quotes and article quotes), the web
pages and the claims' sources all read.  Kept apart from reconcile/ so that
present/ reads it without loading the reconcile stage."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Sequence
from functools import cache

from .data import load_toml
from .errors import E, NewsprismError
from .model import Quote
from .names import gender_words, normalize_name

__all__ = ["ListedQuote", "SpeakerEntity", "bare_noun_speaker", "is_person", "press_not_the_wire", "listed_quotes", "thing_speaks_no_quote", "name_gender", "not_a_person_written", "outer_quotes",
           "pronoun_disagrees", "speaker_is_object", "unnamed_speaker"]


@dataclasses.dataclass(frozen=True)
class SpeakerEntity:
    """The story's entity a quote's speaker names (reconcile resolves it)."""

    id: str
    name: str
    type: str


@dataclasses.dataclass(frozen=True)
class ListedQuote:
    """One listed quote and the decision on its speaker, which every view
    reads (story quotes, the claims' "says:", the export's article quotes,
    the web): ``quote`` carries the speaker shown (a copy of the analysed
    quote when a rule changed it), ``entity`` the story's entity id of that
    speaker or None, ``rule`` which rule decided, so that a reader can
    check it:

    * ``"analyzed"``: analyze's speaker stands (``"none"`` when it found none);
    * ``"verb_object"``: the speaker is its reporting verb's object: unattributed;
    * ``"unnamed"``: the speaker is shown as written, not as a name nearby;
    * ``"pronoun_gender"``: a pronoun of the other gender than the name shown: unattributed;
    * ``"pronoun_not_person"``: a he / she resolved to an entity that is no
      person: analyze's phrase without the entity, or unattributed;
    * ``"pronoun_doubt"``: a he / she whose antecedent another person is
      likelier to be: unattributed;
    * ``"not_a_person"``: a body of people or a document ("the police", "the
      report") resolved to a person: shown as written, no entity;
    * ``"bare_noun"``: a speaker written as a bare singular noun ("...,
      lawyer says") with no name: unattributed;
    * ``"press_not_wire"``: "the paper" / "the network" resolved to a wire
      agency: shown as written, no entity;
    * ``"joint"``: a phrase joining speakers that each name an entity of the
      story ("Sen. Ada Brenner, D-Ore., and Sen. Tomas Quill"): shown as
      their names ("Ada Brenner and Tomas Quill"), ``entity`` None (no one
      entity spoke) and ``entities`` each of theirs.
    """

    quote: Quote
    entity: str | None
    rule: str
    entities: tuple[str, ...] = ()

    @property
    def speaker(self) -> str | None:
        return self.quote.speaker


def _inside(inner: Quote, outer: Quote) -> bool:
    """Whether ``inner``'s words lie inside ``outer``'s: by their character
    spans in the article when both have one, else by the text within one
    sentence."""
    if 0 <= outer.start < outer.end and 0 <= inner.start < inner.end:
        return outer.start <= inner.start and inner.end <= outer.end
    norm = [" ".join(re.sub(r"[^\w\s]", " ", q.text.lower()).split()) for q in (inner, outer)]
    return inner.sentence == outer.sentence and bool(norm[0]) and norm[0] in norm[1]


def outer_quotes(quotes: Sequence[Quote]) -> list[Quote]:
    """The article's quotes without those that repeat part of a longer quote
    of the same speaker ("stressing that the confrontations were fierce"
    inside "said that militants ... took part, stressing that the
    confrontations were fierce"): the clause is already listed in its
    sentence's quote.  Of two quotes with the same words the first stays.
    A quote without a speaker is kept (an unattributed "We have been failed"
    inside an unattributed longer span is not known to be one person's),
    except reported speech whose cue has no subject written, or an impersonal
    one ([listed] `impersonal_subjects`), inside a longer quote that has a
    speaker ("Biden signaled that he would be open to
    revisions ..., outlining a plan for $1 trillion"): those words are listed
    in the speaker's quote, and listed again as no one's they would say that
    no one is known to have said them.  A cue with its own subject ("reports
    alleging that she claimed ...") is someone else's words: it stays."""
    kept = []
    for n, q in enumerate(quotes):
        # Unattributed quotes are no one speaker's: both stay.
        if q.speaker and any(m != n and p.speaker == q.speaker and _inside(q, p)
               and (not _inside(p, q) or m < n) for m, p in enumerate(quotes)):
            continue
        if (not q.speaker and (q.speaker_text or "").strip().lower() in _impersonal() and not q.direct
                and any(m != n and p.speaker and _inside(q, p) and not _inside(p, q) for m, p in enumerate(quotes))):
            continue
        kept.append(q)
    return kept


@cache
def _impersonal() -> frozenset[str]:
    """"" and the subjects that name no one: data/reconcile_speakers.toml
    [listed] `impersonal_subjects`."""
    try:
        raw = load_toml("reconcile_speakers.toml")["listed"]["impersonal_subjects"]
        return frozenset({"", *(str(w).lower() for w in raw)})
    except (KeyError, TypeError) as exc:
        raise NewsprismError(E.E080.format(name="reconcile_speakers.toml", reason=f"missing or bad entry {exc}")) \
            from None


@cache
def _listed_rules() -> tuple[tuple[str, ...], frozenset[str], frozenset[str], tuple[str, ...]]:
    """(cues that name their source after them, indefinite words,
    determiners, endings that are not a plural's): data/reconcile_speakers.toml [listed]."""
    try:
        raw = load_toml("reconcile_speakers.toml")["listed"]
        return (tuple(str(w).lower() for w in raw["source_after_cue"]),
                frozenset(str(w).lower() for w in raw["indefinite"]),
                frozenset(str(w).lower() for w in raw["determiners"]),
                tuple(str(w).lower() for w in raw["not_plural_endings"]))
    except (KeyError, TypeError) as exc:
        raise NewsprismError(E.E080.format(name="reconcile_speakers.toml", reason=f"missing or bad entry {exc}")) \
            from None


_EDGE = " \t\n,;:\"'“”‘’«»"


def speaker_is_object(q: Quote, text: str) -> bool:
    """Whether a reported quote's speaker is written between its reporting
    verb and its words, as the verb's object: "and announced the
    organization "calling" a prize", "keep telling Americans they have the
    votes".  Who is told or what is announced is not who speaks.  Cues that
    name their source after them ("According to the Guardian, ...") are
    not read so."""
    if q.direct or not q.speaker or not q.cue or not q.speaker_text or not 0 <= q.start <= len(text):
        return False
    before = text[max(0, q.start - len(q.cue) - len(q.speaker_text) - 16):q.start].rstrip(_EDGE)
    written = q.speaker_text.strip(_EDGE)
    if not written or not before.endswith(written):
        return False
    verb = before[: len(before) - len(written)].rstrip(_EDGE).lower()
    cue = q.cue.strip(_EDGE).lower()
    if not cue or cue in _listed_rules()[0] or not verb.endswith(cue):
        return False
    # the cue is a word of its own there, not the end of a longer one
    return len(verb) == len(cue) or not verb[-len(cue) - 1].isalnum()


def _beside(text: str, written: str, name: str) -> bool:
    """Whether ``name`` is written next to the phrase ``written`` somewhere in
    ``text``: after it ("a spokesman, Karim Haddad", "the judge (James
    Boasberg)") or before it ("Karim Haddad, a spokesman")."""
    last = name.split()[-1].strip(".'’") if name.split() else ""
    if not last:
        return False
    for m in re.finditer(re.escape(written), text, flags=re.IGNORECASE):
        after = text[m.end():m.end() + len(name) + 40]
        before = text[max(0, m.start() - len(name) - 40):m.start()]
        if re.match(r"\s*[,(]?\s*(?:[A-Z][\w.'’-]*\s+){0,3}" + re.escape(last), after):
            return True
        if re.search(re.escape(last) + r"\s*,?\s*$", before):
            return True
    return False


def unnamed_speaker(q: Quote, text: str) -> str | None:
    """The phrase a reported quote's speaker is written as, when that phrase
    names someone the text does not name and analyze gave a name anyway: an
    indefinite ("a reporter who asked what makes him confident that ...
    Vladimir Putin will change", shown as Putin's) or a plural
    ("prosecutors who said it should stand despite ... Donald Trump's
    decision", shown as Trump's), with no name written beside it.  None
    when the speaker shown is the one written."""
    written = (q.speaker_text or "").strip(_EDGE)
    if q.direct or not q.speaker or not written or not text:
        return None
    speaker = q.speaker.lower()
    if written.lower() in speaker or speaker in written.lower() or written.lower() in gender_words().pronouns:
        return None
    _, indefinite, determiners, not_plural = _listed_rules()
    words = re.findall(r"[\w’'.-]+", written)
    if not words or any(w[:1].isupper() for w in words[1:]) or \
            (words[0][:1].isupper() and words[0].lower() not in determiners):
        return None  # a name is written: analyze's reading of it stands
    head = words[-1].lower()
    plural = head.endswith("s") and not head.endswith(not_plural)
    if words[0].lower() not in indefinite and not plural:
        return None
    return None if _beside(text, written, q.speaker) else written


@dataclasses.dataclass(frozen=True)
class _NotPerson:
    heads: frozenset[str]
    ends: frozenset[str]
    person_types: frozenset[str]


@cache
def _not_person_rules() -> _NotPerson:
    """Heads of a speaker phrase that name a body of people or a document,
    the words a head ends before, the entity types of a person:
    data/reconcile_speakers.toml [listed.not_person]."""
    try:
        raw = load_toml("reconcile_speakers.toml")["listed"]["not_person"]
        return _NotPerson(heads=frozenset(str(w).lower() for w in [*raw["collective"], *raw["document"]]),
                          ends=frozenset(str(w).lower() for w in raw["head_ends_before"]),
                          person_types=frozenset(str(w) for w in raw["person_types"]))
    except (KeyError, TypeError) as exc:
        raise NewsprismError(E.E080.format(name="reconcile_speakers.toml", reason=f"missing or bad entry {exc}")) \
            from None


def is_person(entity: SpeakerEntity) -> bool:
    """Whether the story's entity is of a person's type (data: person_types)."""
    return entity.type in _not_person_rules().person_types


def not_a_person_written(q: Quote, text: str, shown: str) -> str | None:
    """The phrase a quote's speaker is written as, when its head names a body
    of people or a document ("the police", "the study", "the 165-page
    report") and not the person ``shown``, with no name written beside it;
    else None.  The caller asks it only of a speaker resolved to a person."""
    written = (q.speaker_text or "").strip(_EDGE)
    if not q.speaker or not written or not text:
        return None
    low = written.lower()
    if low in shown.lower() or shown.lower() in low or low in gender_words().pronouns:
        return None
    rules = _not_person_rules()
    words = re.findall(r"[\w’'.-]+", written)
    if not words or (words[0][:1].isupper() and words[0].lower() not in _listed_rules()[2]):
        return None  # opens with a name ("Mr. Gravano of the Gambino family"): it stands
    head = ""
    for w in words:
        if w.lower() in rules.ends:
            break
        head = w.lower()
    # No name beside it is read: "the police" are not "Police Commissioner
    # Raymond W. Kelly" written after them, nor "the Trump campaign" Trump.
    return written if head in rules.heads else None


@cache
def _thing_rules() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(heads of a speaker phrase that name a document or figures, heads that
    name an event, the cues by which a text gives a document words of its
    own): data/reconcile_speakers.toml [listed.thing] and [listed.not_person] `document`."""
    try:
        raw = load_toml("reconcile_speakers.toml")["listed"]
        return (frozenset(str(w).lower() for w in raw["not_person"]["document"]),
                frozenset(str(w).lower() for w in raw["thing"]["event"]),
                frozenset(str(w).lower() for w in raw["thing"]["says"]))
    except (KeyError, TypeError) as exc:
        raise NewsprismError(E.E080.format(name="reconcile_speakers.toml", reason=f"missing or bad entry {exc}")) \
            from None


def _singular(word: str) -> tuple[str, ...]:
    """The word and the singulars it may be the plural of ("studies": "study")."""
    forms = [word]
    if word.endswith("ies"):
        forms.append(word[:-3] + "y")
    if word.endswith("s") and not word.endswith(_listed_rules()[3]):
        forms += [word[:-1], word[:-2]] if word.endswith("es") else [word[:-1]]
    return tuple(forms)


def thing_speaks_no_quote(q: Quote) -> bool:
    """Whether a quote's speaker is written as a document, figures or an
    event ("according to data", "a new study found", "Labor Department data
    showed", "demonstrations demanding ...") that the text gives no words of
    its own.  A document is given words by a verb of saying ("the report
    said ...", "warned that ...") or by a direct quote standing without a
    cue; an event never is.  What a document found or is the source of is a
    claim with its source, not someone's words."""
    written = (q.speaker_text or "").strip(_EDGE)
    if not q.speaker or not written or re.search(r",|\b(?:and|or)\s+(?![A-Z])", written):
        return False  # more than one source may be named, people among them (not "Customs and Border")
    documents, events, says = _thing_rules()
    ends = _not_person_rules().ends
    head = ""
    for w in re.findall(r"[\w’'.-]+", written):
        if w.lower() in ends:
            break
        head = w
    if not head[:1].islower():
        return False  # a capitalised head is a name ("Data for Progress", "Science")
    forms = _singular(head.lower())
    if any(f in events for f in forms):
        return True
    given_words = (q.direct and not q.cue) or (q.cue or "").strip(_EDGE).lower() in says
    return not given_words and any(f in documents for f in forms)


@dataclasses.dataclass(frozen=True)
class _Bare:
    max_words: int
    owners: frozenset[str]
    plurals: frozenset[str]
    stand: frozenset[str]


@cache
def _bare_rules() -> _Bare:
    """How long a bare noun phrase may be, the owners and irregular plurals
    it is read against, and the words that stand bare as a source:
    data/reconcile_speakers.toml [listed.bare] (and [listed.not_person]'s heads)."""
    try:
        raw = load_toml("reconcile_speakers.toml")["listed"]["bare"]
        return _Bare(max_words=int(raw["max_words"]), owners=frozenset(str(w).lower() for w in raw["owners"]),
                     plurals=frozenset(str(w).lower() for w in [*raw["plurals"], *raw["pronouns"]]),
                     stand=frozenset(str(w).lower() for w in raw["mass"]) | _not_person_rules().heads)
    except (KeyError, TypeError, ValueError) as exc:
        raise NewsprismError(E.E080.format(name="reconcile_speakers.toml", reason=f"missing or bad entry {exc}")) \
            from None


def bare_noun_speaker(q: Quote) -> bool:
    """Whether the speaker shown is written as a bare common noun in the
    singular, with no determiner or owner, and analyze gave no name for it:
    "..., lawyer says" (whose lawyer?), "rest assured", "content that
    denies ...".  It names no one a reader can find.  Nouns that stand bare
    as a source ("police said", "according to data") are not read so."""
    written = (q.speaker_text or "").strip(_EDGE)
    if not q.speaker or not written or q.speaker.strip(_EDGE).lower() != written.lower():
        return False
    rules = _bare_rules()
    words = re.findall(r"[\w’'.-]+", written)
    if not words or len(words) > rules.max_words or any(not w[:1].islower() for w in words):
        return False
    first, head = words[0].lower(), words[-1].lower()
    if first in _listed_rules()[2] or first in rules.owners or first in rules.plurals or \
            first in gender_words().pronouns:
        return False
    if head in rules.plurals or head in rules.stand or head in gender_words().pronouns:
        return False
    return not (head.endswith("s") and not head.endswith(_listed_rules()[3]))


@cache
def _wire_rules() -> tuple[frozenset[str], frozenset[str]]:
    """(heads of a speaker phrase that name a newspaper or a broadcaster, the
    wire agencies' names and aliases lowercased): [listed.press] of
    data/reconcile_speakers.toml and [agency.names] of ingest_metadata.toml."""
    try:
        heads = frozenset(str(w).lower() for w in load_toml("reconcile_speakers.toml")["listed"]["press"]["heads"])
        names = load_toml("ingest_metadata.toml")["agency"]["names"]
        wires = frozenset(str(n).lower() for canonical, aliases in names.items() for n in [canonical, *aliases])
        return heads, wires
    except (KeyError, TypeError, AttributeError) as exc:
        raise NewsprismError(E.E080.format(name="reconcile_speakers.toml", reason=f"missing or bad entry {exc}")) \
            from None


def press_not_the_wire(q: Quote, shown: str) -> str | None:
    """The phrase a quote's speaker is written as when it names a newspaper
    or a broadcaster ("the paper said", "the network said") and the name
    shown is a wire agency's ("Reuters"): a wire is no paper, so the paper
    is another outlet the text does not name here; else None."""
    written = (q.speaker_text or "").strip(_EDGE)
    if not written or not shown:
        return None
    heads, wires = _wire_rules()
    words = re.findall(r"[\w’'.-]+", written.lower())
    if not words or words[-1] not in heads or shown.strip().lower() not in wires:
        return None
    return written


def name_gender(name: str | None) -> str | None:
    """The gender a name's title or first name gives ("f", "m"), or None."""
    words = gender_words()
    first = (name or "").split()[:1]
    if not first:
        return None
    return words.titles.get(first[0].lower().rstrip(".")) or words.given.get(first[0].lower())


def _gendered(name: str) -> bool:
    """Whether a name opens with a title or first name that gives a gender."""
    return name_gender(name) is not None


def pronoun_disagrees(written: str | None, name: str | None) -> bool:
    """Whether a quote's speaker written as a pronoun ("He notes ...")
    resolved to a person whose shown name gives the other gender by its
    title or first name ("Hillary Clinton"): analyze checks the gender on
    the fullest name it found, whose first word may be an epithet
    ("Crooked Hillary Clinton": unknown, so "he" went through)."""
    words = gender_words()
    want = words.pronouns.get((written or "").strip().lower())
    have = name_gender(name)
    return bool(want and have and want != have)


def listed_quotes(quotes: Sequence[Quote], *, text: str = "",
                  resolve: Callable[[Quote], SpeakerEntity | None] | None = None,
                  doubt: Callable[[Quote, str | None], bool] | None = None,
                  joint: Callable[[Quote], tuple[str, tuple[str, ...]] | None] | None = None) -> list[ListedQuote]:
    """The quotes every view lists (:func:`outer_quotes`), each with the
    decision on its speaker (:class:`ListedQuote`):

    * a speaker written as a document, figures or an event that the text
      gives no words of its own (:func:`thing_speaks_no_quote`: "according
      to data", "the study found") speaks no quote: not listed;
    * a speaker that is its verb's object (:func:`speaker_is_object`, read
      on the article's ``text``) speaks no quote: inside another named
      speaker's quote the words are that speaker's account, listed there
      (the seeds' "the organization" inside what the Guardian reports), so
      the quote is not listed again; elsewhere it is listed unattributed;
    * a speaker written as a bare singular noun with no name
      (:func:`bare_noun_speaker`: "..., lawyer says") is unattributed;
    * a speaker written as an indefinite or a plural common noun that
      analyze resolved to a name not written beside it is shown as written
      (:func:`unnamed_speaker`: "prosecutors", not Donald Trump);
    * a speaker written as a pronoun of the other gender than the name
      shown (the story's entity, ``resolve(q)``, where reconcile resolved
      one, else analyze's name) is not that person: unattributed;
    * a he / she whose entity is not a person (an organisation, a place) is
      never shown as it: analyze's phrase without the entity when that
      phrase names a person (a first name or title; more than the entity's
      name, "County Public Health Director"), else unattributed;
    * a speaker written as a body of people or a document
      (:func:`not_a_person_written`: "the police", "the 165-page report")
      that reconcile resolved to a person is shown as written;
    * a he / she whose antecedent is in doubt (``doubt(q, entity id)``:
      reconcile reads the parse, :func:`newsprism.reconcile.antecedents.pronoun_in_doubt`)
      is unattributed;
    * a speaker phrase that names no one entity but joins several
      (``joint(q)``: reconcile reads each conjunct) is shown as their names.

    ``resolve`` is asked once for each quote whose analysed speaker reaches
    the last check; without it no quote has an entity.  A quote whose
    speaker is dropped or rewritten is a copy; the others are the same
    objects."""
    out = []
    for q in outer_quotes(quotes):
        if not q.speaker:
            out.append(ListedQuote(q, None, "none"))
        elif thing_speaks_no_quote(q):
            continue  # a document's findings are a claim with its source, not a quote
        elif text and speaker_is_object(q, text):
            if any(p is not q and p.speaker and p.speaker != q.speaker and _inside(q, p) and not _inside(p, q)
                   for p in quotes):
                continue
            out.append(ListedQuote(dataclasses.replace(q, speaker=None), None, "verb_object"))
        elif bare_noun_speaker(q):
            # "..., lawyer says": whose lawyer is not written; no one to show
            out.append(ListedQuote(dataclasses.replace(q, speaker=None), None, "bare_noun"))
        elif (written := unnamed_speaker(q, text)) is not None:
            # "a reporter" asked, not Vladimir Putin: the speaker as written
            out.append(ListedQuote(dataclasses.replace(q, speaker=written), None, "unnamed"))
        else:
            entity = resolve(q) if resolve is not None else None
            if entity is None and joint is not None and (members := joint(q)) is not None:
                # "Sen. Ada Brenner, D-Ore., and Sen. Tomas Quill": both spoke, shown by their names
                out.append(ListedQuote(dataclasses.replace(q, speaker=members[0]), None, "joint",
                                       entities=members[1]))
                continue
            shown = entity.name if entity else q.speaker
            personal = (q.speaker_text or "").strip().lower() in gender_words().pronouns
            if pronoun_disagrees(q.speaker_text, shown):
                # a "he" is not Hillary Clinton: unattributed, not a false speaker
                out.append(ListedQuote(dataclasses.replace(q, speaker=None), None, "pronoun_gender"))
            elif personal and entity is not None and not is_person(entity):
                # A "she" is no organisation: analyze's phrase stays, without
                # the entity, when it says more than the entity's name (the
                # "County Public Health Director" linked to "County Public
                # Health") or opens with a first name or title ("Mark Felt"
                # linked to a "W. Mark Felt" typed as a place); else unattributed.
                said, named = normalize_name(q.speaker), normalize_name(entity.name)
                keep = (bool(named) and said != named and f" {named} " in f" {said} ") or _gendered(q.speaker)
                out.append(ListedQuote(q if keep else dataclasses.replace(q, speaker=None), None,
                                       "pronoun_not_person"))
            elif personal and doubt is not None and doubt(q, entity.id if entity else None):
                # "she" after "Rose McGowan pushed back ... with host Tammy
                # Bruce": the subject, not the last name, is likelier
                out.append(ListedQuote(dataclasses.replace(q, speaker=None), None, "pronoun_doubt"))
            elif (is_person(entity) if entity is not None else _gendered(q.speaker)) and \
                    (written := not_a_person_written(q, text, shown)) is not None:
                # "the police" said, not their commissioner: as written
                out.append(ListedQuote(dataclasses.replace(q, speaker=written), None, "not_a_person"))
            elif (written := press_not_the_wire(q, shown)) is not None:
                # "the paper said" is not Reuters, the wire that quotes the paper
                out.append(ListedQuote(dataclasses.replace(q, speaker=written), None, "press_not_wire"))
            else:
                out.append(ListedQuote(q, entity.id if entity else None, "analyzed"))
    return out
