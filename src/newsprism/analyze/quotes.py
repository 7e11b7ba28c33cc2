"""Quotes and reported speech, each attributed to a speaker.

Direct quotes are found on the characters (any quote marks, across
paragraphs, unbalanced marks closed at the paragraph end); the cue and the
speaker come from spaCy's parse around them.  Indirect speech is a reporting
verb with a clause ("Hamdan said that ..."), or "according to X".  Names are
resolved within the article: a surname to the fullest form of the name, a
pronoun to the last person speaker nearby; an appositive gives the role.

:func:`find_attributions` gives the full spans (source, cue, content), used
by the attribution benchmark; :func:`extract_quotes` turns them into
:class:`~newsprism.model.Quote` records.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Any

from ..data import load_toml
from ..model import Quote

__all__ = ["Attribution", "QuoteSpan", "find_direct_quotes", "find_attributions", "extract_quotes", "fullest_name"]


@dataclass(frozen=True)
class _Rules:
    verbs: frozenset[str]
    clause_only: frozenset[str]
    according: tuple[tuple[str, ...], ...]
    min_words: int
    pronoun_window: int
    protagonist_weight: float
    tail_window: int
    pronouns: dict[str, str]
    honorifics: frozenset[str]
    object_verbs: frozenset[str]
    xcomp_verbs: frozenset[str]
    for_verbs: frozenset[str]
    colon_words: int
    colon_min_words: int
    not_speech: tuple[re.Pattern[str], ...] = ()
    question_words: frozenset[str] = frozenset()
    question_verbs: frozenset[str] = frozenset()
    place_labels: frozenset[str] = frozenset()
    metonymy_labels: frozenset[str] = frozenset()
    place_before: tuple[tuple[str, ...], ...] = ()
    gender_titles: tuple[tuple[str, str], ...] = ()  # (title, "f" | "m")
    gender_roles: tuple[tuple[str, str], ...] = ()
    gender_names: tuple[tuple[str, str], ...] = ()
    pronoun_gender: dict[str, str] = field(default_factory=dict)
    according_not: frozenset[str] = frozenset()
    dashes: frozenset[str] = frozenset()
    particles: tuple[str, ...] = ()
    naming_verbs: frozenset[str] = frozenset()
    nouns: frozenset[str] = frozenset()
    about_verbs: frozenset[str] = frozenset()
    about_prepositions: frozenset[str] = frozenset()
    inverted_verbs: frozenset[str] = frozenset()
    agent_nouns: frozenset[str] = frozenset()
    min_object_words: int = 0
    topic_verbs: frozenset[str] = frozenset()
    passive_speakers: frozenset[str] = frozenset()
    mute_subjects: frozenset[str] = frozenset()
    agent_only_cues: frozenset[str] = frozenset()
    same_sentence_weight: float = 0.0
    circumstance_marks: frozenset[str] = frozenset()
    unsaid_cues: frozenset[str] = frozenset()
    fragment_ends: frozenset[str] = frozenset()
    fragment_joins: frozenset[str] = frozenset()
    withheld_heads: frozenset[str] = frozenset()
    listener_verbs: frozenset[str] = frozenset()
    negative_sources: tuple[str, ...] = ()
    speaker_time_nouns: frozenset[str] = frozenset()
    truncation_marks: tuple[str, ...] = ()
    word_end_marks: frozenset[str] = frozenset()
    withheld_steps: int = 0
    perception_cues: frozenset[str] = frozenset()
    object_participle_heads: frozenset[str] = frozenset()
    perceived_not_deps: frozenset[str] = frozenset()
    verbless_marks: frozenset[str] = frozenset()
    finite_tags: frozenset[str] = frozenset()
    small_clause_subjects: frozenset[str] = frozenset()
    cut_verb_complements: frozenset[str] = frozenset()
    aside_part_min_words: int = 0
    aside_part_pos: frozenset[str] = frozenset()
    aside_part_not_first: frozenset[str] = frozenset()
    aside_part_trim_first: frozenset[str] = frozenset()
    aside_cue_tail_deps: frozenset[str] = frozenset()
    object_aside_deps: frozenset[str] = frozenset()
    infinitive_aside_deps: frozenset[str] = frozenset()
    source_verbs: frozenset[str] = frozenset()
    relative_tags: frozenset[str] = frozenset()
    relative_words: frozenset[str] = frozenset()
    impersonal_subjects: frozenset[str] = frozenset()
    impersonal_cues: frozenset[str] = frozenset()
    uncontinued: frozenset[str] = frozenset()
    opener_deps: frozenset[str] = frozenset()
    person_relatives: frozenset[str] = frozenset()
    subjectless_tags: frozenset[str] = frozenset()
    clause_subject_deps: frozenset[str] = frozenset()
    hung_subject_deps: frozenset[str] = frozenset()
    hung_subject_listener_deps: frozenset[str] = frozenset()
    hung_clause_between_deps: frozenset[str] = frozenset()
    hung_subject_through_deps: frozenset[str] = frozenset()
    hung_subject_verb_pos: frozenset[str] = frozenset()
    gloss_marks: frozenset[str] = frozenset()
    gloss_mark_deps: frozenset[str] = frozenset()
    gloss_participle_tags: frozenset[str] = frozenset()
    gloss_participles: frozenset[str] = frozenset()
    closing_quote_marks: frozenset[str] = frozenset()
    predicative_prepositions: frozenset[str] = frozenset()


@cache
def _rules() -> _Rules:
    raw = load_toml("analyze_quotes")
    return _Rules(
        verbs=frozenset(raw["reporting_verbs"]),
        clause_only=frozenset(raw["clause_only_verbs"]),
        according=tuple(tuple(p) for p in raw["according_to"]),
        min_words=int(raw["min_quote_words"]),
        pronoun_window=int(raw["pronoun_window"]),
        protagonist_weight=float(raw.get("protagonist_weight", 0.0)),
        tail_window=int(raw["tail_window"]),
        pronouns=dict(raw["pronouns"]),
        honorifics=frozenset(raw["names"]["honorifics"]),
        object_verbs=frozenset(raw["object_verbs"]),
        xcomp_verbs=frozenset(raw["xcomp_verbs"]),
        for_verbs=frozenset(raw["for_verbs"]),
        naming_verbs=frozenset(raw.get("naming_verbs", ())),
        nouns=frozenset(raw.get("reporting_nouns", ())),
        colon_words=int(raw["colon_source_words"]),
        colon_min_words=int(raw["colon_min_words"]),
        not_speech=tuple(re.compile(p, re.IGNORECASE) for p in raw.get("not_speech", ())),
        question_words=frozenset(raw.get("question_words", ())),
        question_verbs=frozenset(raw.get("question_verbs", ())),
        place_labels=frozenset(raw.get("places", {}).get("labels", ())),
        metonymy_labels=frozenset(raw.get("places", {}).get("metonymy_labels", ())),
        place_before=tuple(tuple(w.lower().split()) for w in raw.get("places", {}).get("before", ())),
        gender_titles=_gendered(raw, "titles"),
        gender_roles=_gendered(raw, "roles"),
        gender_names=_gendered(raw, "names"),
        pronoun_gender=dict(raw.get("gender", {}).get("pronouns", {})),
        according_not=frozenset(raw.get("according_not_sources", ())),
        dashes=frozenset(raw.get("credit_dashes", ())),
        particles=tuple(raw["names"].get("particles", ())),
        about_verbs=frozenset(raw.get("about_verbs", ())),
        about_prepositions=frozenset(raw.get("about_prepositions", ())),
        inverted_verbs=frozenset(raw.get("inverted", {}).get("verbs", ())),
        agent_nouns=frozenset(raw.get("inverted", {}).get("agent_nouns", ())),
        min_object_words=int(raw["min_object_words"]),
        topic_verbs=frozenset(raw["topic_verbs"]),
        passive_speakers=frozenset(raw.get("passive_speaker_verbs", ())),
        mute_subjects=frozenset(raw.get("mute_subjects", ())),
        agent_only_cues=frozenset(raw.get("agent_only_cues", ())),
        same_sentence_weight=float(raw.get("same_sentence_weight", 0.0)),
        circumstance_marks=frozenset(raw.get("circumstance_marks", ())),
        unsaid_cues=frozenset(raw.get("unsaid_cues", ())),
        fragment_ends=frozenset(raw.get("fragment_ends", ())),
        fragment_joins=frozenset(raw.get("fragment_joins", ())),
        withheld_heads=frozenset(raw.get("withheld_heads", ())),
        listener_verbs=frozenset(raw.get("listener_verbs", ())),
        negative_sources=tuple(w.lower() for w in raw.get("negative_sources", ())),
        speaker_time_nouns=frozenset(raw.get("speaker_time_nouns", ())),
        truncation_marks=tuple(raw.get("truncation_marks", ())),
        word_end_marks=frozenset(raw.get("word_end_marks", ())),
        withheld_steps=int(raw.get("withheld_steps", 0)),
        perception_cues=frozenset(raw.get("perception_cues", ())),
        object_participle_heads=frozenset(raw.get("object_participle_heads", ())),
        perceived_not_deps=frozenset(raw.get("perceived_not_deps", ())),
        verbless_marks=frozenset(w.lower() for w in raw.get("verbless_marks", ())),
        finite_tags=frozenset(raw.get("finite_tags", ())),
        small_clause_subjects=frozenset(w.lower() for w in raw.get("small_clause_subjects", ())),
        cut_verb_complements=frozenset(raw.get("cut_verb_complements", ())),
        aside_part_min_words=int(raw.get("aside_part_min_words", 0)),
        aside_part_pos=frozenset(raw.get("aside_part_pos", ())),
        aside_part_not_first=frozenset(raw.get("aside_part_not_first", ())),
        aside_part_trim_first=frozenset(raw.get("aside_part_trim_first", ())),
        aside_cue_tail_deps=frozenset(raw.get("aside_cue_tail_deps", ())),
        object_aside_deps=frozenset(raw["object_aside_deps"]),
        infinitive_aside_deps=frozenset(raw["infinitive_aside_deps"]),
        source_verbs=frozenset(raw["source_verbs"]),
        relative_tags=frozenset(raw["relative_pronoun_tags"]),
        relative_words=frozenset(raw["relative_words"]),
        impersonal_subjects=frozenset(raw["impersonal_subjects"]),
        impersonal_cues=frozenset(raw["impersonal_cues"]),
        uncontinued=frozenset(raw["uncontinued_kinds"]),
        opener_deps=frozenset(raw["opener_deps"]),
        person_relatives=frozenset(raw["person_relatives"]),
        subjectless_tags=frozenset(raw["subjectless_tags"]),
        clause_subject_deps=frozenset(raw["clause_subject_deps"]),
        hung_subject_deps=frozenset(raw["hung_subject_deps"]),
        hung_subject_listener_deps=frozenset(raw["hung_subject_listener_deps"]),
        hung_clause_between_deps=frozenset(raw["hung_clause_between_deps"]),
        hung_subject_through_deps=frozenset(raw["hung_subject_through_deps"]),
        hung_subject_verb_pos=frozenset(raw["hung_subject_verb_pos"]),
        gloss_marks=frozenset(raw["gloss_marks"]),
        gloss_mark_deps=frozenset(raw["gloss_mark_deps"]),
        gloss_participle_tags=frozenset(raw["gloss_participle_tags"]),
        gloss_participles=frozenset(raw["gloss_participles"]),
        closing_quote_marks=frozenset(raw["closing_quote_marks"]),
        predicative_prepositions=frozenset(raw["predicative_prepositions"]),
    )


def _gendered(raw: dict[str, Any], kind: str) -> tuple[tuple[str, str], ...]:
    g = raw.get("gender", {})
    return tuple((w, "f") for w in g.get(f"female_{kind}", ())) + tuple((w, "m") for w in g.get(f"male_{kind}", ()))


# ------------------------------------------------------------ quote marks

_DOUBLE = "\"“”«»„"
_OPENERS = "“«„"
_CLOSERS = "”»"
_LEFT_FREE = "([{—–-/\u00a0"
_RIGHT_FREE = ".,;:!?)]}—–-\u00a0…"


@dataclass(frozen=True)
class QuoteSpan:
    start: int  # at the opening mark (or where the quote was inferred to start)
    end: int  # after the closing mark (or at the paragraph end when unbalanced)
    balanced: bool

    def inner(self, text: str) -> tuple[int, int]:
        """Offsets of the quoted words without marks and surrounding blanks."""
        s, e = self.start, self.end
        while s < e and (text[s] in _DOUBLE or text[s] in "‘’" or text[s].isspace()):
            s += 1
        while e > s and (text[e - 1] in _DOUBLE or text[e - 1] in "‘’" or text[e - 1].isspace()):
            e -= 1
        return s, e


def _direction(text: str, i: int, open_now: bool) -> str:
    ch = text[i]
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    left_free = prev.isspace() or prev in _LEFT_FREE
    right_free = nxt.isspace() or nxt in _RIGHT_FREE
    if ch in _OPENERS:
        # Machine-translated text uses “ for both ends; read it by its context.
        if open_now and right_free and not left_free:
            return "close"
        return "open"
    if ch in _CLOSERS:
        if not open_now and left_free and not right_free:
            return "open"
        return "close"
    if left_free and not right_free:
        return "open"
    if right_free and not left_free:
        return "close"
    return "close" if open_now else "open"


def _paragraphs(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]


def _continues(text: str, paras: list[tuple[int, int]], pi: int, lookahead: int = 3) -> bool:
    """An open quote at the end of paragraph ``pi`` goes on if the next quote
    mark, within a few paragraphs, closes it (a quote spanning paragraphs)
    rather than opening a new one."""
    for ps, pe in paras[pi + 1 : pi + 1 + lookahead]:
        for i in range(ps, pe):
            if text[i] in _DOUBLE:
                return _direction(text, i, True) == "close" and i != ps
    return False


def _family(ch: str) -> str:
    return "s" if ch == '"' else "g" if ch in "«»" else "c"


def find_direct_quotes(text: str) -> list[QuoteSpan]:
    """Every span between quote marks, in order.  Never fails on unbalanced
    marks: an opening mark left open is closed at its paragraph's end, unless
    a closing mark follows in a later paragraph before any opening one.  A
    quote inside a quote of another family ('"... the question: “...?” ..."')
    is part of the outer one."""
    out: list[QuoteSpan] = []
    paras = _paragraphs(text)
    stack: list[tuple[int, str]] = []  # (offset, family) of open marks, outermost first
    for pi, (ps, pe) in enumerate(paras):
        emitted_here = False
        for i in range(ps, pe):
            if text[i] not in _DOUBLE:
                continue
            fam = _family(text[i])
            if _direction(text, i, bool(stack)) == "open":
                if not stack or fam != stack[-1][1]:
                    stack.append((i, fam))
                elif len(stack) == 1:  # a new quote opens before the last closed
                    out.append(QuoteSpan(stack[0][0], i, False))
                    emitted_here = True
                    stack = [(i, fam)]
                else:
                    stack.pop()
            elif stack:
                fams = [f for _o, f in stack]
                if fam in fams:
                    while stack and stack[-1][1] != fam:
                        stack.pop()
                    start, _f = stack.pop()
                else:  # mixed marks in machine-made text: close the outermost
                    start = stack[0][0]
                    stack = []
                if not stack:
                    out.append(QuoteSpan(start, i + 1, True))
                    emitted_here = True
            elif not emitted_here:
                # A closing mark whose opening mark was lost: assume the quote
                # ran from the start of the paragraph.
                out.append(QuoteSpan(ps, i + 1, False))
                emitted_here = True
        if stack and not _continues(text, paras, pi):
            out.append(QuoteSpan(stack[0][0], pe, False))
            stack = []
    if stack:
        out.append(QuoteSpan(stack[0][0], len(text), False))
    # Curly single quotes, only outside double quotes ('in Their Heads').
    inside = [(q.start, q.end) for q in out]
    for m in re.finditer(r"(?:(?<=^)|(?<=[\s(\[—]))‘([^’\n]+?)’(?![A-Za-z])", text, flags=re.M):
        if not any(s <= m.start() < e for s, e in inside):
            out.append(QuoteSpan(m.start(), m.end(), True))
    out.sort(key=lambda q: q.start)
    return out


# ----------------------------------------------------------- attributions


@dataclass
class Attribution:
    """One attribution with character spans, -1 where a part is missing."""

    content_start: int
    content_end: int
    direct: bool
    cue: str | None = None
    cue_start: int = -1
    cue_end: int = -1
    source_text: str | None = None  # as written: "he", "Hamdan", "an intelligence official"
    source_start: int = -1
    source_end: int = -1
    speaker: str | None = None  # the fullest name in the article, or the description
    label: str | None = None  # entity label of the speaker when named (PERSON, ORG, ...)
    role: str | None = None
    how: str = ""  # tail | head | clause | according | continued | none


def _name_tokens(name: str, honorifics: frozenset[str]) -> list[str]:
    toks = re.sub(r"['’]s$", "", name.strip()).split()
    while toks and toks[0] in honorifics:
        toks = toks[1:]
    return toks


def _bare(tok: str) -> str:
    """A name word without its article particle: "al-Obeidi" -> "Obeidi"."""
    for p in _rules().particles:
        if tok.lower().startswith(p) and len(tok) > len(p) + 1:
            return tok[len(p):]
    return tok


def fullest_name(name: str, persons: list[str], honorifics: frozenset[str] = frozenset()) -> str:
    """The longest person name in ``persons`` that ends with, or contains as
    whole words, the words of ``name`` ("Hamdan" -> "Jumah Hamdi Hamdan").
    Ties go to the first one in the article."""
    want = _name_tokens(name, honorifics)
    if not want:
        return name.strip()
    best: list[str] = want
    for p in persons:
        toks = _name_tokens(p, honorifics)
        if len(toks) <= len(best):
            continue
        n = len(want)
        bare, bare_want = [_bare(t) for t in toks], [_bare(t) for t in want]
        if any(bare[i : i + n] == bare_want for i in range(len(toks) - n + 1)):
            best = toks
    return " ".join(best)


class _Doc:
    """Per-document lookups shared by the attribution steps."""

    def __init__(self, doc: Any) -> None:
        self.doc = doc
        self.text = doc.text
        self.rules = _rules()
        self.sent_of = [0] * len(doc)
        for si, s in enumerate(doc.sents):
            for t in range(s.start, s.end):
                self.sent_of[t] = si
        self.ent_of: dict[int, Any] = {}
        for e in doc.ents:
            for t in range(e.start, e.end):
                self.ent_of[t] = e
        self.persons = [e.text for e in doc.ents if e.label_ == "PERSON"]
        # "Amélie Dufresne of the ..." missed by the tagger: a known first
        # name and capitalised words after it name a person too, so that a
        # later "Dufresne said" is hers.
        # A word that opens another name of the model's, not a person's, ends
        # the person's name: "charges to Anthony Phillip Lasalle Friday"
        # (Friday a date of its own).
        firsts = dict(self.rules.gender_names)

        def name_word(k: int) -> bool:
            w = doc[k]
            return (w.pos_ == "PROPN" and w.text[:1].isupper()
                    and not (w.ent_iob_ == "B" and w.ent_type_ != "PERSON"))

        for t in doc:
            if t.text in firsts and t.i + 1 < len(doc) and name_word(t.i + 1):
                end = t.i + 1
                while end + 1 < len(doc) and name_word(end + 1):
                    end += 1
                self.persons.append(doc[t.i : end + 1].text)
        self.person_mentions = [(e.start, e.text) for e in doc.ents if e.label_ == "PERSON"]
        self.para_of = [0] * len(doc)
        paras = _paragraphs(self.text)
        pi = 0
        for t in doc:
            while pi + 1 < len(paras) and t.idx >= paras[pi + 1][0]:
                pi += 1
            self.para_of[t.i] = pi
        self.quoted = [False] * len(doc)
        self._is_place: dict[tuple[str, str | None], bool] = {}

    def fullest(self, name: str) -> str:
        return fullest_name(name, self.persons, self.rules.honorifics)

    def gender(self, name: str | None, role: str | None = None) -> str | None:
        """"f", "m" or None (unknown) for a person named ``name``: a title
        before the name anywhere in the article, a role noun, the first name."""
        if not name:
            return None
        rules = self.rules
        titles = dict(rules.gender_titles)
        words = name.split()
        if words and words[0] in titles:
            return titles[words[0]]
        toks = _name_tokens(name, rules.honorifics)
        if toks:
            for m in re.finditer(r"(\S+)\s+(?:\S+\s+)?" + re.escape(toks[-1]) + r"\b", self.text):
                if m.group(1) in titles:
                    return titles[m.group(1)]
        roles = dict(rules.gender_roles)
        for w in re.findall(r"[a-z]+", (role or "").lower()):
            if w in roles:
                return roles[w]
        names = dict(rules.gender_names)
        return names.get(toks[0]) if toks else None

    def is_place(self, name: str | None, label: str | None = None) -> bool:
        """A place, never a speaker: labelled as one (a country or city may
        speak for its government, unless the article also uses it as a
        place), or written after a place word ("outside Tell Sawa")."""
        if not name:
            return False
        # asked again for the same speaker by every cue in the article
        key = (name, label)
        if key not in self._is_place:
            self._is_place[key] = self._place(name, label)
        return self._is_place[key]

    def _place(self, name: str, label: str | None) -> bool:
        rules = self.rules
        if label in rules.place_labels and label not in rules.metonymy_labels:
            return True
        if any(e.text == name and e.label_ in rules.place_labels and e.label_ not in rules.metonymy_labels
               for e in self.doc.ents):
            return True
        if not rules.place_before:
            return False
        bare = re.sub(r"^(?:the|The)\s+", "", name)
        # one search for every place word: a match of the alternation is a
        # match of one of them (one pass over the text, not one a word)
        words = "|".join(r"\s+".join(re.escape(w) for w in ws) for ws in rules.place_before)
        pattern = r"\b(?:" + words + r")\s+(?:the\s+)?" + re.escape(bare) + r"\b"
        return re.search(pattern, self.text, re.IGNORECASE) is not None


def _is_cue(tok: Any, rules: _Rules) -> bool:
    return tok.pos_ in ("VERB", "AUX") and tok.lemma_.lower() in rules.verbs


def _subject(verb: Any, d: _Doc) -> Any | None:
    if (_is_cue(verb, d.rules) and verb.lemma_.lower() not in d.rules.passive_speakers
            and any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)):
        # "LaRue ... was described in a 1972 profile as ...": the subject is
        # spoken of; the agent ("by her rivals") speaks, else no one.
        return next((g for a in verb.children if a.dep_ == "agent" for g in a.children if g.dep_ == "pobj"), None)
    v = verb
    for _ in range(4):
        # "19 of them seriously, the ministry said": a number is not a speaker
        # when the verb has another subject; the nearest one otherwise.
        subjects = sorted((c for c in v.children if c.dep_ in ("nsubj", "nsubjpass") and not d.quoted[c.i]),
                          key=lambda c: (c.pos_ == "NUM", abs(c.i - v.i)))
        for c in subjects:
            # "officials, who claim that ...": the relative pronoun stands
            # for the noun the clause hangs on.
            if c.tag_ in ("WP", "WDT") and v.dep_ == "relcl" and c.lower_ in d.rules.person_relatives \
                    and v.head.lemma_.lower() in d.rules.nouns:
                # "the recommendations of his generals, who warned that ...":
                # words never speak; "who" stands for the people whose words
                # they are (the "of" phrase), else for no one named
                return next((g for p in v.head.children if p.dep_ == "prep" and p.lower_ == "of"
                             for g in p.children if g.dep_ == "pobj"), None)
            if c.tag_ in ("WP", "WDT") and v.dep_ == "relcl":
                # ... unless that noun is what something is or became ("is a
                # liar and a rampant opportunist who pledged", "has become a
                # focal point for marchers, who called for"): the clause's
                # antecedent is then anyone's guess, and no one is named.
                head = v.head
                while head.dep_ == "conj" and head.head.i != head.i:
                    head = head.head
                return None if head.dep_ in ("attr", "acomp", "oprd") else v.head
            # "BRUSSELS -- Commissioner Jan Peeters, ..., said": the dateline
            # is no speaker; the name in apposition to it is.
            if c.i == c.sent.start and c.text.isupper() and len(c.text) > 2:
                named = next((k for k in c.children if k.dep_ == "appos"), None)
                if named is not None:
                    return named
            return c
        # "The paper quoted X as saying that ...": X speaks.
        if v.dep_ == "pcomp" and v.head.lower_ == "as" and v.head.head.lemma_.lower() in ("quote", "cite"):
            obj = next((c for c in v.head.head.children if c.dep_ in ("dobj", "dative")), None)
            if obj is not None:
                return obj
        # "witnesses claiming that ...": the noun the participle hangs on
        if v.dep_ == "acl" and v.tag_ == "VBG" and v.head.pos_ in ("NOUN", "PROPN") and not d.quoted[v.head.i]:
            return v.head
        # "went on to say", "said ... and added", "..., saying that", "called
        # a strike to demand ..."
        purpose = v.dep_ == "advcl" and v.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in v.children)
        if purpose and _noun_infinitive(v, d):
            return None
        if (v.dep_ == "advcl" and v.tag_ == "VBG" and v.head.i < v.i and v.head.dep_ != "ROOT"
                and any(t.text in d.rules.dashes for t in d.doc[v.head.i + 1 : v.i])
                and any(t.text in d.rules.dashes for t in d.doc[max(0, v.head.left_edge.i - 2) : v.head.i])):
            # "looping the streets around the stadium - where the Panthers
            # played - while chanting": the participle comes after the aside
            # closes; it goes with the clause the aside interrupts, not with
            # the aside's own subject
            up = next((t for t in (v.head.head, *v.head.head.ancestors) if t.pos_ in ("VERB", "AUX")), None)
            if up is None:
                return None
            v = up
            continue
        if v.dep_ == "xcomp" and v.head.lemma_ == "be":
            # "his best response was to say ...": the subject of "be" is what
            # the act was, not who spoke
            return None
        if (v.dep_ in ("advcl", "xcomp") and v.tag_ == "VBG"
                and v.head.lemma_.lower() in d.rules.object_participle_heads):
            # "The dissolution of the Soviet Union left many countries feeling
            # that ...": the participle tells of the object, which feels
            # it; the subject of "left" said nothing.
            obj = next((c for c in v.head.children if c.dep_ == "dobj" and c.i < v.i), None)
            return obj
        if (v.dep_ in ("xcomp", "conj") or (v.dep_ == "advcl" and v.tag_ == "VBG") or purpose) and v.head.i != v.i:
            # "X said that Y spent months there, saying ...": the participle
            # goes with X's cue, not with the reported clause (Y never said it).
            if v.dep_ == "advcl" and v.head.dep_ == "ccomp" and _is_cue(v.head.head, d.rules):
                v = v.head.head
                continue
            v = v.head
            continue
        # "The governor responded ... by saying the plan ...": the one who responded
        if v.dep_ == "pcomp" and v.head.lower_ == "by" and v.head.head.pos_ in ("VERB", "AUX"):
            v = v.head.head
            continue
        break
    return None


def _noun_infinitive(v: Any, d: _Doc) -> bool:
    """Whether the infinitive ``v`` completes a noun in a phrase about a
    noun ("criticism of the planned drive to urge tenants to ..."):
    the parse may hang it on a verb, but it tells what the drive is for,
    and whoever said anything it is not that verb's subject."""
    to = next(c for c in v.children if c.dep_ == "aux" and c.lower_ == "to")
    k = to.i - 1
    while k >= 0 and d.doc[k].is_punct:
        k -= 1
    noun = d.doc[k] if k >= 0 else None
    # "went to the capital to urge": a place the subject went; "a strike to
    # demand": the subject's own act; only a noun inside a phrase about
    # another noun is that far from the subject
    return (noun is not None and noun.pos_ == "NOUN" and noun.dep_ == "pobj" and noun.head.dep_ == "prep"
            and noun.head.head.pos_ in ("NOUN", "PROPN"))


def _own_content(verb: Any, d: _Doc) -> Any | None:
    """The clause a cue reports (its ccomp), when that clause lies outside
    direct quotes; None when the cue only frames a direct quote."""
    # A clause the cue introduces with "that" first: in an aside ("raided a
    # checkpoint, a sign, officials said, that the group is preparing ...")
    # the parse may hang the sentence before the aside on the cue too, but
    # what the officials said is the "that" clause.  Then a clause right
    # after the cue before one in front of it: "It's unlikely; the campaign
    # says she will go on ..." reports the second.
    doc = d.doc

    def adjacent(c: Any) -> bool:
        return c.i > verb.i and not any(t.is_punct for t in doc[verb.i + 1 : c.left_edge.i])

    def introduced(c: Any) -> bool:
        return c.i > verb.i and any(k.dep_ == "mark" and k.lower_ == "that" for k in c.children)

    ccomps = (c for c in verb.children if c.dep_ == "ccomp")
    for c in sorted(ccomps, key=lambda c: (not introduced(c), not adjacent(c), c.i)):
        if (c.pos_ in ("ADJ", "ADV", "NOUN", "NUM") and c.i > verb.i
                and any(t.text == "," for t in doc[verb.i + 1 : next(k.i for k in c.subtree if not k.is_punct)])
                and not any(k.dep_ in ("cop", "aux", "auxpass", "mark") for k in c.children)):
            # "the slump continued, his stroke slow to return": a clause set
            # off by a comma with no verb of its own (an absolute phrase)
            # reports nothing; "finds the pitch compelling" does
            continue
        if c.i < verb.i and any(t.text in (";", ":") for t in doc[c.right_edge.i : verb.i]):
            # "He was acquitted despite ...; Costello himself claimed not to
            # have seen ...": a semicolon closes the clause before the cue; a
            # colon opens what follows it ("We have been here before: the
            # emir declared war on ...": the emir declared war, not the line)
            continue
        if (c.i < verb.i and verb.lemma_.lower() not in d.rules.listener_verbs
                and any(k.dep_ == "dobj" and k.i > verb.i and not d.quoted[k.i] for k in verb.children)):
            # "... and following the game, Bush expressed frustration with
            # the move": a cue with its own object reports that object, not
            # the clause the parse hung in front of it
            continue
        if (c.i > verb.i and doc[c.left_edge.i].lower_ in d.rules.circumstance_marks
                and any(t.is_punct for t in doc[verb.i + 1 : c.left_edge.i])
                and any(k.dep_ in ("dobj", "xcomp") and k.i < c.left_edge.i for k in verb.children)):
            # "urged voters to turn back the recall, while his rival
            # criticized the media": after the cue's own object and a comma,
            # a "while" clause is a contrast the writer draws, not what was
            # said ("said while he does not trust them, he is confident" is)
            continue
        if _hung_clause(verb, c, d):
            continue
        if not d.quoted[c.i] and _is_cue(c, d.rules):
            return c  # "The paper said that officials said ...": nested attribution
        # Words another cue inside the clause reports ('..., and the minister
        # replied, "..."') are that cue's, not this one's.
        nested = _nested_cue_tokens(c, d)
        toks = [t for t in c.subtree if t.i not in nested]
        outside = sum(1 for t in toks if not d.quoted[t.i] and not t.is_punct)
        if outside >= max(2, len(toks) // 2):
            return c
    return None


def _subjectless(clause: Any, d: _Doc) -> bool:
    """Whether ``clause`` is a finite verb with no subject and no mark of
    its own ([subjectless_tags], [clause_subject_deps])."""
    return clause.tag_ in d.rules.subjectless_tags and not any(
        k.dep_ in d.rules.clause_subject_deps for k in clause.children)


def _hung_subject(verb: Any, clause: Any, d: _Doc) -> int | None:
    """The first token of the subject the parse hung on the cue as its object,
    right before a subjectless clause the cue reports: "agreed the benefits
    of the vaccine outweigh the risks", "confirmed two doses still offer";
    after a listener ("told the Examiner the administration ignored ..."),
    only a phrase set beside the listener ([hung_subject_listener_deps]) is
    that subject.  None when no such object ends right before the clause."""
    # the parse may hang a phrase of the subject on the cue ("think the
    # outreach to black voters was phony"): a phrase with no verb of its own
    # right after the object ([hung_subject_through_deps]) still belongs to it
    through = {c.left_edge.i: c.right_edge.i for c in verb.children
               if c.dep_ in d.rules.hung_subject_through_deps and c.i > verb.i
               and not any(t.pos_ in d.rules.hung_subject_verb_pos for t in c.subtree)}
    for k in verb.children:
        if k.dep_ not in d.rules.hung_subject_deps or k.i < verb.i:
            continue
        end = k.right_edge.i
        while end + 1 in through:
            end = through[end + 1]
        if end + 1 != clause.left_edge.i:
            continue
        if verb.lemma_.lower() not in d.rules.listener_verbs:
            return int(k.left_edge.i)
        beside = [a for a in k.children if a.dep_ in d.rules.hung_subject_listener_deps
                  and a.right_edge.i == k.right_edge.i == end]
        return int(beside[0].left_edge.i) if beside else None
    return None


def _hung_clause(verb: Any, clause: Any, d: _Doc) -> bool:
    """Whether a subjectless clause after the cue is one the parse hung on
    it from further on: its subject sits under what lies between, which is
    neither the cue's object (:func:`_hung_subject`) nor a word of time or
    manner ([hung_clause_between_deps]: "critics say amounted to torture",
    "a bill Democrats said Tuesday is crucial" lack a subject, and report).
    "to the Democrats who've labored to cut a deal", "said to Gupta as the
    analyst appeared on his show", "pointing to job growth, though
    infections pose a risk": the clause is not what the cue reports."""
    if clause.i < verb.i or not _subjectless(clause, d) or _hung_subject(verb, clause, d) is not None:
        return False
    allowed = {t.i for k in verb.children if k.dep_ in d.rules.hung_clause_between_deps for t in k.subtree}
    return any(i not in allowed for i in range(verb.i + 1, clause.left_edge.i))


def _before_contrast(lo: int, hi: int, d: _Doc) -> int:
    """The end of what a cue urges or asks before a comma and a "while"
    clause ([circumstance_marks]): "urged residents to reject the measure,
    while his challenger criticized the police" (the parse may hang the
    contrast inside the infinitive)."""
    for i in range(lo + 1, hi):
        if d.doc[i].lower_ in d.rules.circumstance_marks and d.doc[i - 1].text == ",":
            return i - 1
    return hi


def _nested_cue_tokens(clause: Any, d: _Doc) -> set[int]:
    """Token indices of the subtrees of cues coordinated inside ``clause``
    ("said the plan would not cover them, and when pressed the minister
    replied ...")."""
    out: set[int] = set()
    for t in clause.subtree:
        if t is not clause and t.dep_ == "conj" and not d.quoted[t.i] and _is_cue(t, d.rules):
            out.update(x.i for x in t.subtree)
    return out


def _unquoted(tokens: Any, d: _Doc) -> bool:
    toks = list(tokens)
    return bool(toks) and sum(1 for t in toks if not d.quoted[t.i]) >= len(toks) / 2


def _content_range(verb: Any, d: _Doc) -> tuple[int, int] | None:
    """Token range of what an indirect cue reports: its clause ("said that
    ..."), its infinitive ("urged supporters to vote"), its object ("denied
    the allegations") or "for" phrase ("called for calm")."""
    clause = _own_content(verb, d)
    if clause is not None and _relative_on_cue(verb, clause, d):
        return None
    if clause is not None:
        lo, hi = clause.left_edge.i, clause.right_edge.i + 1
        subject = _hung_subject(verb, clause, d) if _subjectless(clause, d) else None
        if subject is not None:
            lo = subject  # the clause whole, with its subject
        nested = _nested_cue_tokens(clause, d)
        if nested and min(nested) > lo:
            hi = min(nested)  # up to the coordinated cue's own words
            while hi > lo and (d.doc[hi - 1].is_punct or d.doc[hi - 1].dep_ == "cc"):
                hi -= 1
        return lo, hi
    lemma = verb.lemma_.lower()
    kids = list(verb.children)
    if lemma in d.rules.xcomp_verbs:
        for c in kids:
            if c.dep_ == "xcomp" and c.i > verb.i and _unquoted(c.subtree, d):
                obj = [k for k in kids if k.dep_ in ("dobj", "dative") and k.i < c.i]
                lo = min([c.left_edge.i] + [k.left_edge.i for k in obj])
                return lo, _before_contrast(lo, c.right_edge.i + 1, d)
    if lemma in d.rules.for_verbs:
        for c in kids:
            if c.dep_ == "prep" and c.lower_ == "for":
                objs = [k for k in c.children if k.dep_ == "pobj"]
                if objs and _unquoted(objs[0].subtree, d):
                    return objs[0].left_edge.i, objs[0].right_edge.i + 1
    if lemma in d.rules.about_verbs:
        for c in kids:
            if c.dep_ == "prep" and c.lower_ in d.rules.about_prepositions and c.i > verb.i:
                objs = [k for k in c.children if k.dep_ == "pobj" and k.pos_ in ("NOUN", "PROPN")]
                if objs and _unquoted(objs[0].subtree, d):
                    return objs[0].left_edge.i, objs[0].right_edge.i + 1
    if lemma in d.rules.object_verbs:
        for c in kids:
            if c.dep_ == "dobj" and c.i > verb.i and c.pos_ in ("NOUN", "PROPN") and _unquoted(c.subtree, d):
                return c.left_edge.i, c.right_edge.i + 1
    return None


def _trim_end(lo: int, hi: int, d: _Doc) -> int:
    """The end of reported content (tokens ``lo`` .. ``hi`` - 1) past the
    sentence's closing punctuation, keeping a mark that is part of the words
    ("will be 5.9%": [word_end_marks]) and a quote mark that closes one opened
    inside the content ('the rally was "a disgrace"'), with what it holds."""
    doc = d.doc
    end = hi
    while end > lo and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    if end < hi and end > lo and doc[end].text in d.rules.word_end_marks:
        end += 1
    inner = d.text[doc[lo].idx : doc[end - 1].idx + len(doc[end - 1].text)] if end > lo else ""
    straight, curly = inner.count('"') % 2 == 1, inner.count("\u201c") > inner.count("\u201d")
    if straight or curly:
        close = '"' if straight else "\u201d"
        # the parse may hang the closing mark on the cue, past ``hi``
        last = end
        while last < len(doc) and d.sent_of[last] == d.sent_of[lo] and doc[last].is_punct and doc[last].text != close:
            last += 1
        if last < len(doc) and d.sent_of[last] == d.sent_of[lo] and doc[last].text == close:
            end = last + 1
    return end


def _relative_on_cue(verb: Any, clause: Any, d: _Doc) -> bool:
    """"announced new requirements Thursday that could force millions to
    get shots": a clause after the cue's own object (not its listener,
    "told reporters that was a mistake") whose subject is a relative
    pronoun describes that object; the parse hung it on the cue.
    It is not what the cue reports, and the object alone is not either
    (what the writer says of it is cut off): no content."""
    if verb.lemma_.lower() in d.rules.listener_verbs:
        return False  # "told reporters that was a mistake": the object is who is told
    subj = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return (clause.i > verb.i and subj is not None and subj.tag_ in d.rules.relative_tags
            and subj.i == clause.left_edge.i
            and any(c.dep_ == "dobj" and verb.i < c.i < subj.i for c in verb.children))


def _close_brackets(lo: int, hi: int, d: _Doc) -> int:
    """The end of a content range that the parse left inside an open bracket
    ("... shooting of Kimani (Kiki" when "Gray" hangs elsewhere): past the
    closing bracket and the rest of the name after it, within the sentence."""
    doc = d.doc
    if sum(1 for t in doc[lo:hi] if t.text == "(") <= sum(1 for t in doc[lo:hi] if t.text == ")"):
        return hi
    sent = d.sent_of[lo]
    j = hi
    while j < len(doc) and d.sent_of[j] == sent and doc[j].text != ")" and not doc[j].is_space:
        j += 1
    if j >= len(doc) or doc[j].text != ")" or j - hi > 6:
        return hi
    j += 1
    while j < len(doc) and d.sent_of[j] == sent and doc[j].pos_ == "PROPN":
        j += 1
    return j


def _scare_quoted(tok: Any) -> bool:
    """A verb standing alone between quote marks (and announced "calling" a
    prize) is a word the writer quotes, not the writer reporting speech."""
    doc = tok.doc
    return (0 < tok.i < len(doc) - 1 and doc[tok.i - 1].text in _DOUBLE and doc[tok.i + 1].text in _DOUBLE
            and not doc[tok.i - 1].whitespace_ and not tok.whitespace_)


def _inverted_subject(verb: Any, lo: int, hi: int, d: _Doc) -> tuple[Any, int] | None:
    """Verb-subject order, frequent in text machine-translated from Arabic
    or French: "... was the mastermind and announced the organization
    "calling" a prize", "and said the minister that the attack failed".  The
    cue, coordinated with an earlier verb and without a subject of its own,
    is followed directly by a person or organisation that the parse makes the
    subject of the reported clause; English would put that clause's subject
    after a "that", or give it a finite verb ("said the council would vote":
    the council is reported on, not speaking), so the noun is read as the
    cue's subject only when a "that" follows it or the clause has no finite
    verb.  Returns (subject token, first token of the content) or None."""
    rules = d.rules
    if verb.lemma_.lower() not in rules.inverted_verbs or verb.dep_ != "conj":
        return None
    if any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in verb.children):
        return None
    doc = d.doc
    if verb.i + 1 >= hi:
        return None
    # the noun right after the cue: its object ("said the ministry that ...")
    # or the subject the parse gave the reported clause ("announced the
    # organization "calling" ...")
    noun, clause, obj = None, None, False
    for c in verb.children:
        if c.dep_ in ("dobj", "dative", "npadvmod") and c.left_edge.i == verb.i + 1:
            noun, obj = c, True
        elif c.dep_ == "ccomp" and noun is None:
            noun = next((k for k in c.children if k.dep_ in ("nsubj", "nsubjpass") and k.left_edge.i == verb.i + 1),
                        None)
            clause = c
    if noun is None or d.quoted[noun.i]:
        return None
    ent = d.ent_of.get(noun.i)
    agent = (ent is not None and ent.label_ in ("PERSON", "ORG", "NORP")) or noun.lemma_.lower() in rules.agent_nouns
    if not agent:
        return None
    _left, right = _np_bounds(noun)
    if right >= hi:
        return None
    that = doc[right]
    that_next = that.lower_ == "that" and that.dep_ == "mark" and that.head.dep_ == "ccomp" and that.head.head.i == verb.i
    if obj:
        # an object is a speaker only before a "that": "said the minister
        # that ...", never "announced the minister's plan"
        return (noun, right) if that_next else None
    if clause is None:
        return None
    finite = clause.tag_ in ("VBD", "VBZ", "VBP", "MD") or any(
        c.dep_ in ("aux", "auxpass") for c in clause.children)
    if not that_next and finite:
        return None
    return noun, right


def _named_after_tail_cue(verb: Any, d: _Doc) -> Any | None:
    """'"...," said Reyes, who also called the count rigged': a cue right
    after a quote, then a name that the parse made the subject of a clause
    the cue seems to report.  After a closing quote English puts the
    speaker there, so the name is the cue's subject and the clause only
    describes them; returns the name's token, or None."""
    if any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children) or verb.i + 1 >= len(d.doc):
        return None
    own = _own_content(verb, d)
    name = d.doc[verb.i + 1]
    if own is None or name.pos_ != "PROPN" or name.head.i != own.i and name.head.head.i != own.i:
        return None
    while name.dep_ == "compound" and name.head.pos_ == "PROPN":
        name = name.head
    return name if name.dep_ in ("nsubj", "nsubjpass") and name.head.i == own.i else None


def _dash_credit(te: int, para: int, d: _Doc) -> tuple[Any, Any] | None:
    """(dash token, last name token) when the quote ending before token
    ``te`` is followed by nothing but a dash and a name up to its paragraph's
    end ('“...” ― Sonya Herridge', the credit of a quote gallery or epigraph)."""
    doc = d.doc
    k = te
    while k < len(doc) and d.para_of[k] == para:
        if doc[k].text.strip(_DOUBLE + "‘’") in d.rules.dashes:
            break
        if not (d.quoted[k] or doc[k].is_space):
            return None
        k += 1
    if k >= len(doc) or d.para_of[k] != para:
        return None
    names = [t for t in doc[k + 1 :] if d.para_of[t.i] == para and not t.is_space]
    while names and names[-1].is_punct:
        names.pop()
    if not 1 <= len(names) <= 5 or not all(t.pos_ == "PROPN" or t.ent_type_ == "PERSON" for t in names):
        return None
    return doc[k], names


def _colon_lines(d: _Doc) -> list[tuple[int, Attribution, Any, bool, int]]:
    """'Pat Caddell: Democrat voters worried ...' lines, and transcript turns
    ('WALLACE: If I may, sir, ...'), also when the scraper left a quote mark
    before them."""
    doc, text = d.doc, d.text
    out = []
    lower = {t.text for t in doc if t.is_lower and t.is_alpha}
    for ps, pe in _paragraphs(text):
        lead = len(text[ps:pe]) - len(text[ps:pe].lstrip(_DOUBLE + " "))
        ps += lead
        m = re.match(r"([A-Z][^:\n]{1,60}?):\s+(\S.{8,})", text[ps:pe])
        if not m or len(m.group(1).split()) > d.rules.colon_words:
            continue
        if len(re.findall(r"[^\W\d_]{2,}", m.group(2))) < d.rules.colon_min_words:
            continue  # "POSTED: 05 / 02 / 07, 9:00 PM PDT": a time stamp
        src = doc.char_span(ps, ps + m.end(1), alignment_mode="expand")
        if src is None or not all(t.pos_ == "PROPN" or t.ent_type_ or (t.is_upper and t.is_alpha)
                                  for t in src if not t.is_punct):
            continue
        head = next((t for t in reversed(src) if t.is_alpha), None)
        if head is not None and not head.is_lower and head.lower_ in lower:
            # "Kraft Shooting: X Charged ...", "CHARGED WITH MURDER: What ...":
            # a headline's topic, capitalised by the headline; a source's
            # name is never a word the article writes in lower case
            continue
        s = ps + m.start(2)
        a = Attribution(content_start=s, content_end=pe, direct=False, how="colon")
        a.cue, a.cue_start, a.cue_end = ":", ps + m.end(1), ps + m.end(1) + 1
        out.append((src.start, a, src[-1], True, min(len(doc) - 1, src.end + 1)))
    return out


def _np_bounds(tok: Any) -> tuple[int, int]:
    """Token bounds of a noun phrase without its relative clauses,
    appositives and trailing punctuation."""
    left = tok.left_edge.i
    right = tok.i
    time_nouns = _rules().speaker_time_nouns
    for c in tok.children:
        # nor its possessive mark: "the mayor's claim that ..." names "the mayor"
        if c.i > tok.i and c.dep_ not in ("relcl", "appos", "punct", "acl", "conj", "cc", "advcl", "parataxis", "case"):
            if c.dep_ == "prep" and any(g.dep_ == "pobj" and (g.ent_type_ in ("DATE", "TIME")
                                                               or g.lemma_.lower() in time_nouns)
                                        for g in c.children):
                break  # "the 29-year-old on the eve of the Open": when, not who
            right = max(right, c.right_edge.i)
    for c in tok.children:
        if c.i < tok.i and c.dep_ in ("punct",) and c.i == left:
            left += 1
    doc = tok.doc
    while (left + 2 <= tok.i and left == doc[left].sent.start and doc[left].text.isupper() and len(doc[left]) > 2
           and doc[left + 1].text in _rules().dashes):
        left += 2  # "BRUSSELS - European leaders gathered": a dateline opens the sentence, not the phrase
    for k in range(tok.i + 1, right):
        # "A preliminary analysis by the fire service, seen by the Gazette":
        # a participle after a comma describes, it does not name
        if doc[k].text == "," and doc[k + 1].tag_ in ("VBN", "VBG"):
            right = k - 1
            break
    return left, right + 1


def _closing_name(k: int, end: int, d: _Doc) -> Any | None:
    """The root token of a person's name that follows a comma at ``k`` and
    closes the sentence (only punctuation after it), else None."""
    doc = d.doc
    if k >= end or doc[k].text != ",":
        return None
    last = end
    while last > k + 1 and (doc[last - 1].is_punct or doc[last - 1].is_space):
        last -= 1
    ent = d.ent_of.get(last - 1)
    if ent is None or ent.label_ != "PERSON" or ent.end != last or d.quoted[ent.start]:
        return None
    # only titles may stand between the comma and the name ("Dr.", "Gen.")
    bare = {h.rstrip(".").lower() for h in d.rules.honorifics}
    if any(doc[j].text.rstrip(".").lower() not in bare and doc[j].text != "." for j in range(k + 1, ent.start)):
        return None
    return ent.root


def _span_text(doc: Any, a: int, b: int) -> str:
    return doc[a:b].text.strip(" ,;:")


def _role(tok: Any, d: _Doc) -> str | None:
    for c in tok.children:
        if c.dep_ == "appos":
            span = d.doc[c.left_edge.i : c.right_edge.i + 1]
            if c.i - c.left_edge.i <= 2 and any(t.pos_ == "NUM" for t in d.doc[c.left_edge.i : c.i]):
                continue  # "47 years": an age, not a role
            if any(t.pos_ == "NOUN" for t in span):
                return span.text.strip(" ,;:")
    return None


def _person_in(tokens: Any, d: _Doc) -> str | None:
    for t in tokens:
        e = d.ent_of.get(t.i)
        if e is not None and e.label_ == "PERSON":
            return d.fullest(e.text)
    return None


class _History:
    """Speakers seen so far, for pronouns and continued quotes."""

    def __init__(self) -> None:
        self.items: list[tuple[int, int, Attribution]] = []  # (token index, sentence, attribution)

    def add(self, tok_i: int, sent: int, a: Attribution) -> None:
        self.items.append((tok_i, sent, a))


def _resolve_pronoun(word: str, tok_i: int, d: _Doc, hist: _History) -> tuple[str | None, str | None, str | None]:
    kind = d.rules.pronouns.get(word.lower())
    sent = d.sent_of[tok_i]
    window = d.rules.pronoun_window
    if kind == "person":
        # "she" only to a woman or a person of unknown gender, "he" likewise.
        want = d.rules.pronoun_gender.get(word.lower())

        def agrees(name: str | None, role: str | None) -> bool:
            return want is None or d.gender(name, role) in (None, want)

        # A person who speaks earlier in the pronoun's own sentence is its
        # antecedent: "Nolan said the tapes do not show his hands, which he
        # said were empty" is Nolan's, not the man the tapes show.
        at = d.doc[tok_i].idx
        sent_start = d.doc[tok_i].sent.start_char
        same = [a for _ti, _si, a in hist.items
                if a.label == "PERSON" and a.speaker and sent_start <= a.source_start < at and agrees(a.speaker, a.role)]
        if same:
            a = max(same, key=lambda x: x.source_start)
            return a.speaker, a.label, a.role
        for ti, si, a in reversed(hist.items):
            if ti < tok_i and sent - si <= window and a.label == "PERSON" and a.speaker and agrees(a.speaker, a.role):
                # A person named as the subject of a later sentence is the
                # nearer antecedent ("... said Wetzler. Obama also visited
                # the department. 'Throughout our history ...,' he told
                # employees": he is Obama).
                # Unless the speaker is the article's more-named person.
                later = _subject_person_between(si, tok_i, d, want)
                named = _named_counts(tok_i, d)
                if later is not None and later != a.speaker and named[later] >= named[d.fullest(a.speaker)]:
                    return later, "PERSON", None
                # Anyone else who could be "he" named after the speaker's
                # sentence makes the antecedent uncertain: no speaker rather
                # than a guess (a wrong speaker is a false statement).
                if _rival_between(a, si, tok_i, d, want):
                    return None, None, None
                return a.speaker, a.label, a.role
        best = _likely_person(tok_i, d, want)
        if best is not None:
            return best, "PERSON", None
        # Nobody near: the article's main speaker so far (most attributions,
        # then the latest), rather than whoever spoke last, pages ago.
        seen: dict[str, list[int]] = {}
        for n, (ti, _si, a) in enumerate(hist.items):
            if ti < tok_i and a.label == "PERSON" and a.speaker and agrees(a.speaker, a.role):
                seen.setdefault(a.speaker, []).append(n)
        if seen:
            name = max(seen, key=lambda k: (len(seen[k]), seen[k][-1]))
            a = hist.items[seen[name][-1]][2]
            return a.speaker, a.label, a.role
    elif kind == "group":
        for ti, si, a in reversed(hist.items):
            if ti < tok_i and sent - si <= window and a.speaker and a.label in ("ORG", "NORP", "GPE", "GROUP"):
                return a.speaker, a.label, a.role
    return None, None, None


def _named_counts(tok_i: int, d: _Doc) -> Counter[str]:
    """How often each person is named before token ``tok_i``, outside quotes."""
    return Counter(d.fullest(e.text) for e in d.doc.ents
                   if e.label_ == "PERSON" and e.start < tok_i and not d.quoted[e.start])


def _rival_between(a: Attribution, sent: int, tok_i: int, d: _Doc, gender: str | None) -> bool:
    """Whether a person other than ``a``'s speaker, agreeing in gender, is
    named outside quotes after the speaker's sentence ``sent`` and before
    token ``tok_i``."""
    own = d.fullest(a.speaker or "")
    for e in d.doc.ents:
        if e.start >= tok_i:
            break
        if e.label_ != "PERSON" or d.sent_of[e.start] <= sent or d.quoted[e.start]:
            continue
        name = d.fullest(e.text)
        if name == own or name == a.speaker or d.is_place(name):
            continue
        if gender is None or d.gender(name) in (None, gender):
            return True
    return False


def _subject_person_between(sent: int, tok_i: int, d: _Doc, gender: str | None) -> str | None:
    """The last person named as the subject of a sentence after sentence
    ``sent`` and before token ``tok_i``, outside quotes, agreeing in gender."""
    found = None
    for e in d.doc.ents:
        if e.start >= tok_i:
            break
        if (e.label_ != "PERSON" or d.sent_of[e.start] <= sent or d.quoted[e.start]
                or e.root.dep_ not in ("nsubj", "nsubjpass") or d.is_place(d.fullest(e.text))):
            continue
        if gender is not None and d.gender(d.fullest(e.text)) not in (None, gender):
            continue
        found = d.fullest(e.text)
    return found


def _likely_person(tok_i: int, d: _Doc, gender: str | None = None) -> str | None:
    """The person a pronoun most likely refers to among the names of the last
    few sentences: a name introduced with a description or an age ("Juma
    Hamdi Hamdan, 53, a Syrian citizen") or as a subject beats one merely
    mentioned ("guards Baghdadi"); nearer beats farther."""
    sent = d.sent_of[tok_i]
    best, best_score = None, float("-inf")
    named = _named_counts(tok_i, d)
    most = max(named.values(), default=0)
    for e in d.doc.ents:
        if e.label_ != "PERSON" or e.start >= tok_i or sent - d.sent_of[e.start] > d.rules.pronoun_window:
            continue
        # A name inside a quote is spoken about, not speaking; a place is no one.
        if d.quoted[e.start] or d.is_place(d.fullest(e.text)):
            continue
        if gender is not None and d.gender(d.fullest(e.text)) not in (None, gender):
            continue
        root = e.root
        score = -0.3 * (sent - d.sent_of[e.start]) + 0.01 * e.start / max(1, tok_i)
        if any(c.dep_ == "appos" for c in root.children):
            score += 2
        if root.dep_ in ("nsubj", "nsubjpass"):
            score += 1
        if len(e) >= 2:
            score += 1
        if root.dep_ in ("compound", "poss"):
            score -= 1
        if most > 1:
            score += d.rules.protagonist_weight * named[d.fullest(e.text)] / most
        if d.sent_of[e.start] == sent:
            score += d.rules.same_sentence_weight
        if score > best_score:
            best, best_score = d.fullest(e.text), score
    return best


def _fill_speaker(a: Attribution, subj: Any, d: _Doc, hist: _History) -> None:
    doc = d.doc
    if subj is None:
        return
    bare = {h.rstrip(".") for h in d.rules.honorifics}
    k = subj.i
    while k < len(doc) and doc[k].text.rstrip(".") in bare:
        k += 1
        while k < len(doc) and doc[k].text == ".":
            k += 1
    if k != subj.i and k < len(doc) and doc[k].pos_ == "PROPN":
        # "Mr. Gravano quoted Mr. Gotti as saying", "said Dist. Atty. Steve
        # Cooley": the parse may take the title for the name; the speaker is
        # the name after the titles
        subj = doc[k]
    ent = d.ent_of.get(subj.i)
    # 'women"they said': a quote mark glued to the pronoun by the scraper
    word = re.split(r"[\"“”«»]", subj.text)[-1]
    if subj.pos_ == "PRON" or word.lower() in d.rules.pronouns:
        a.source_text = word
        a.source_end = subj.idx + len(subj.text)
        a.source_start = a.source_end - len(word)
        a.speaker, a.label, a.role = _resolve_pronoun(word, subj.i, d, hist)
        if a.speaker and a.content_end > a.content_start:
            # "She believed that Kimani was ...": whoever "she" is, not the
            # person the words are about
            said = set(re.findall(r"\w+", d.text[a.content_start : a.content_end]))
            if any(w in said for w in a.speaker.split() if len(w) > 2 and w[:1].isupper()):
                a.speaker, a.label, a.role = None, None, None
        return
    left, right = _np_bounds(subj)
    joint = [c for c in subj.conjuncts if c.i > subj.i and c.pos_ in ("NOUN", "PROPN")]
    # "Okafor, a Lagos Democrat, and Brenner, ...": the parse may
    # join the second name to the first one's appositive; a person there is
    # a second speaker, not a second role ("a lawyer and activist")
    joint += [c for ap in subj.children if ap.dep_ == "appos" for c in ap.conjuncts
              if c.i > ap.i and c.pos_ == "PROPN" and getattr(d.ent_of.get(c.i), "label_", "") == "PERSON"]
    # the "and" hangs on whichever member comes before the last, or deeper
    # when the parse loses its way in a long list of names
    joint = joint if any(t.dep_ == "cc" for t in subj.subtree) else []
    if joint:
        # "the Rail Union, the Ferry Board and the Dockworkers' Association
        # said", "both the airline and the union said":
        # all of them speak, together; the first alone is not the speaker.
        # A list's last name the parse took for an appositive closes it too.
        tail = [c for c in subj.children if c.dep_ == "appos" and c.i > joint[0].i]
        right = max(right, *(_np_bounds(c)[1] for c in (*joint, *tail)))
    a.source_text = _span_text(doc, left, right)
    a.source_start, a.source_end = doc[left].idx, doc[right - 1].idx + len(doc[right - 1].text)
    if joint:
        a.speaker, a.label = a.source_text, "GROUP"
        return
    if ent is not None and ent.label_ == "NORP" and ent.start > left and any(
            t.dep_ != "det" for t in doc[left : ent.start]):
        # "The top Senate Republican said": the whole description is the
        # speaker; a party or a people named alone is no one in particular
        ent = None
    if ent is None or ent.label_ != "PERSON":
        # "Facebook VP of Global Affairs, Nick Clegg, announced": a title
        # the tagger read as a name, then the person's name in apposition
        person = next((d.ent_of[c.i] for c in subj.children if c.dep_ == "appos" and c.i in d.ent_of
                       and d.ent_of[c.i].label_ == "PERSON" and not d.quoted[c.i]), None)
        if person is not None and not d.is_place(person.text):
            a.speaker, a.label, a.role = d.fullest(person.text), "PERSON", _span_text(doc, left, person.start)
            return
    if ent is not None and ent.label_ in ("PERSON", "ORG", "NORP", "GPE", "FAC", "LOC"):
        a.label = ent.label_
        a.speaker = d.fullest(ent.text) if ent.label_ == "PERSON" else ent.text
        num = doc[ent.start - 1] if ent.start > left else None
        if (num is not None and ent.label_ != "PERSON" and num.tag_ == "CD" and num.dep_ == "nummod"
                and num.head.i in range(ent.start, ent.end) and num.head.tag_ == "NNP"):
            # "1619 Project lies claiming ...": the tagger cut the number off
            # the name; before a singular name a number is part of it, not a count
            a.speaker = doc[ent.start - 1 : ent.end].text
        if ent.label_ == "PERSON" and (ent[0].lower_ == "the" or (ent.start and d.doc[ent.start - 1].lower_ == "the")):
            a.label = "ORG"  # "The Northern Ledger reported": people take no article
        elif ent.label_ != "PERSON" and len(ent) == 1 and d.fullest(ent.text) != ent.text:
            # "Dufresne said", tagged ORG: the surname of a person named before
            a.label, a.speaker = "PERSON", d.fullest(ent.text)
        a.role = _role(ent.root, d) or _role(subj, d)
        if d.is_place(a.speaker, a.label):
            a.speaker, a.label = None, None  # a place says nothing
        return
    if subj.pos_ == "PROPN":
        a.label = "PERSON"
        a.speaker = d.fullest(a.source_text)
        a.role = _role(subj, d)
        if subj.lower_ != "the" and any(t.lower_ == "the" for t in d.doc[left:subj.i]):
            a.label = None  # "the Dawn Brigades": a group, not a person
        if d.is_place(a.speaker, a.label):
            a.speaker, a.label = None, None
        return
    # A description: "A coordinator for the relief network, Leila Nassar,"
    # (the appositive is the name) or "an SDF commander ..., who uses the war
    # name Adnan Afrini" (a relative clause gives it).  A name merely
    # mentioned further in the phrase is not the speaker.
    named = None
    k = right - 1
    while k > left and doc[k].is_punct:
        k -= 1
    last = d.ent_of.get(k)
    if (last is not None and last.label_ == "PERSON" and last.start > left and doc[last.start - 1].text == ","
            and not d.quoted[last.start]):
        # "A coordinator for the Sawa Relief Network, Leila Nassar, said":
        # the name that closes the phrase, whatever the parse hangs it on.
        named = d.fullest(last.text)
    for c in [] if named else subj.children:
        if c.dep_ == "appos" and c.pos_ == "PROPN":
            e = d.ent_of.get(c.i)
            if e is None or e.label_ == "PERSON":
                named = d.fullest(e.text if e is not None else _span_text(doc, *_np_bounds(c)))
        elif c.dep_ == "relcl":
            named = _person_in(c.subtree, d)
        if named and not d.is_place(named):
            break
        named = None
    if named:
        a.speaker, a.label, a.role = named, "PERSON", a.source_text
        return
    # "this spokesman", "the official": a definite description of someone
    # introduced before with that role ("Adnan Afrin, a spokesman for the SDS").
    det = next((c.lower_ for c in subj.children if c.dep_ == "det"), "")
    if det in ("the", "this", "that"):
        noun = subj.lemma_.lower()
        for _ti, _si, prev in reversed(hist.items):
            # the role's head, before its complements: "a coordinator for
            # the relief network" is a coordinator, not a network
            head = re.split(r"\s*,|\s+(?:for|of|at|in|from|with|who|which|that|on)\s+", prev.role.lower())[0] if prev.role else ""
            if prev.label == "PERSON" and head and noun in re.findall(r"[a-z]+", head):
                a.speaker, a.label, a.role = prev.speaker, "PERSON", prev.role
                return
    a.speaker = a.source_text
    a.label = "GROUP" if subj.tag_ in ("NNS", "NNPS") else None


def _cue_fields(a: Attribution, verb: Any) -> None:
    a.cue = verb.text
    a.cue_start, a.cue_end = verb.idx, verb.idx + len(verb.text)


def _reported(doc: Any, lo: int, hi: int, how: str, cue: Any | None = None) -> Attribution:
    """Reported speech over tokens ``lo`` .. ``hi`` - 1, found by ``how``,
    its cue the token ``cue`` when given."""
    a = Attribution(content_start=doc[lo].idx, content_end=doc[hi - 1].idx + len(doc[hi - 1].text), direct=False)
    a.how = how
    if cue is not None:
        _cue_fields(a, cue)
    return a


def _fallback_subject(verb: Any, d: _Doc, after: bool) -> Any | None:
    """When the parse gives the cue no subject: the name or pronoun right
    after it (inverted "said Afrin") or right before it ("Afrin said")."""
    doc = d.doc
    idx = verb.i + 1 if after else verb.i - 1
    if 0 <= idx < len(doc):
        t = doc[idx]
        if t.pos_ in ("PROPN", "PRON") and not d.quoted[t.i]:
            e = d.ent_of.get(t.i)
            return e.root if e is not None else t
        # '", added the fisherman.': a definite description after the cue
        if after and t.lower_ == "the" and idx + 1 < len(doc) and doc[idx + 1].pos_ == "NOUN" and not d.quoted[idx + 1]:
            return doc[idx + 1]
    if verb.i > 0 and doc[verb.i - 1].pos_ in ("NOUN", "PROPN") and not d.quoted[verb.i - 1]:
        # "In a letter to the board, the union and other groups warned
        # that ...": the parse hung the subject on the opening phrase after
        # its comma
        # (as an apposition or a conjunct of its last noun); the phrase
        # right before the cue is who spoke
        cur = doc[verb.i - 1]
        while cur.dep_ in ("conj", "appos") and cur.head.i < cur.i:
            if cur.left_edge.i > 0 and doc[cur.left_edge.i - 1].text == ",":
                opener = next((a for a in cur.ancestors if a.head.i == verb.i and a.i != verb.i), None)
                if opener is not None and opener.dep_ in d.rules.opener_deps and opener.i < cur.i:
                    return cur
                break
            cur = cur.head
    return None


def find_attributions(doc: Any) -> list[Attribution]:
    """Direct quotes and indirect speech in a parsed spaCy ``doc``, with
    source, cue and content spans, in text order."""
    d = _Doc(doc)
    rules = d.rules
    text = d.text
    spans = [q for q in find_direct_quotes(text) if _words(text, q) >= rules.min_words]
    qtoks: list[tuple[QuoteSpan, int, int]] = []
    for q in spans:
        s, e = q.inner(text)
        span = doc.char_span(s, e, alignment_mode="expand")
        if span is not None and not q.balanced:
            q = _cut_inverted_tail(q, span, d)
            s, e = q.inner(text)
            span = doc.char_span(s, e, alignment_mode="expand")
        if span is None or len(span) == 0 or not (_speech_like(span, d) or _quoted_label(span, d)):
            continue
        # Quote marks belong to the quote too, so they are not taken as cues.
        outer = doc.char_span(q.start, q.end, alignment_mode="expand") or span
        for t in range(outer.start, outer.end):
            d.quoted[t] = True
        qtoks.append((q, span.start, span.end))

    # "The document does not say who ...": a denied cue reports nothing.
    # A "not" inside a quote the parse hung on the cue ('"Probably not," the
    # mayor said') denies nothing.
    cues = [t for t in doc if not d.quoted[t.i] and _is_cue(t, rules) and not _scare_quoted(t)
            and not any(c.dep_ == "neg" and not d.quoted[c.i] for c in t.children)]
    # Membership by token index: `t in cues` scans the list, quadratic on
    # text packed with quotes and cues.
    cue_ids = {t.i for t in cues}
    used: set[int] = set()
    subj_of: dict[int, Any] = {}
    # (first token, attribution, subject, resolve it?, last token)
    found: list[tuple[int, Attribution, Any, bool, int]] = []

    for qi, (q, ts, te) in enumerate(qtoks):
        s, e = q.inner(text)
        a = Attribution(content_start=q.start, content_end=q.end, direct=True)
        prev_end = qtoks[qi - 1][2] if qi else 0
        next_start = qtoks[qi + 1][1] if qi + 1 < len(qtoks) else len(doc)
        para_end = d.para_of[te - 1]
        verb = None
        # Tail: '," said Kochar' / '," he said from the roof'.
        steps = 0
        for t in doc[te:next_start]:
            if d.para_of[t.i] != para_end:
                break
            if t.is_punct or d.quoted[t.i]:
                continue
            steps += 1
            if steps > rules.tail_window:
                break
            if t.i in cue_ids and (t.lemma_.lower() not in rules.clause_only or _no_complement(t, d)) \
                    and _own_content(t, d) is None:
                verb = t
                a.how = "tail"
                break
            named = _named_after_tail_cue(t, d) if steps == 1 and t.i in cue_ids else None
            if named is not None:
                verb = t
                a.how = "tail"
                subj_of[t.i] = named
                break
        if verb is None:
            verb = _long_tail(te, next_start, para_end, cue_ids, d)
            if verb is not None:
                a.how = "tail"
        if verb is None:
            dash = _dash_credit(te, para_end, d)
            if dash is not None:
                # '“...” ― Sonya Herridge': a quote credited after a dash
                mark, names = dash
                a.how = "dash"
                a.cue, a.cue_start, a.cue_end = mark.text, mark.idx, mark.idx + len(mark.text)
                a.source_start, a.source_end = names[0].idx, names[-1].idx + len(names[-1].text)
                found.append((ts, a, names[-1], True, names[-1].i))
                continue
        if verb is None:
            # Head: 'Afrini said: "...' / 'He went on to say, “...'.
            para_start = d.para_of[ts]
            cands = [
                t
                for t in doc[max(prev_end, ts - 14) : ts]
                if t.i in cue_ids and d.para_of[t.i] == para_start and t.lemma_.lower() not in rules.clause_only
            ]
            for t in reversed(cands):
                if _own_content(t, d) is None:
                    verb = t
                    a.how = "head"
                    break
        if verb is None and ts > 0:
            # 'The governor added:' closing the paragraph before the quote
            verb = _block_cue(ts, d, cue_ids)
            if verb is not None and verb.i not in used:
                a.how = "head"
            else:
                verb = None
        if verb is None:
            verb = _named_as(ts, te, d, cue_ids)
            if verb is not None:
                a.how = "head"
        if verb is None:
            # 'The chair said that she looks forward to “seeing the senator
            # back ...”': the quote is part of the clause a cue reports
            verb = _ancestor_cue(ts, te, d, cue_ids)
            if verb is not None:
                a.how = "head"
        if verb is None:
            a.how = "continued"
            found.append((ts, a, None, False, te - 1))
            continue
        used.add(verb.i)
        _cue_fields(a, verb)
        quoted_as = _quoted_as(verb)
        subj = subj_of.get(verb.i) or quoted_as or _subject(verb, d)
        if a.how == "tail" and quoted_as is None and (subj is None or subj.i > verb.i):
            # '”, Flynn, a top surrogate, said Thursday on “Fox and Friends.”':
            # the name between the quote and its cue, not a word after it
            subj = _name_between(te, verb.i, d) or subj
        subj = subj or _fallback_subject(verb, d, after=a.how == "tail")
        if subj is not None:
            subj_of[verb.i] = subj  # '"A," said X. "B."': one cue, one speaker for both
        found.append((min(ts, verb.i), a, subj, True, max(te - 1, verb.i)))

    # Indirect speech: a cue with a clause (or object) of its own.
    for v in cues:
        if v.i in used:
            continue
        rng = _content_range(v, d)
        if rng is None:
            continue
        lo, hi = rng
        inverted = _inverted_subject(v, lo, hi, d)
        if inverted is not None:
            subj, lo = inverted
        hi = _trim_end(lo, _close_brackets(lo, hi, d), d)
        if _not_speech(doc[lo:hi], d, relative=v.dep_ == "relcl", asks=v.lemma_.lower() in rules.question_verbs):
            continue
        a = _reported(doc, lo, hi, "clause", v)
        if inverted is None:
            subj = _subject(v, d)
            if subj is None:
                subj = _fallback_subject(v, d, after=v.i < lo)
                if subj is not None and lo <= subj.i < hi:
                    # "It is expected the elections will be monitored ...":
                    # the word after the cue opens what is reported; no speaker
                    subj = None
        if _mute(subj, d, v):
            continue
        found.append((min(lo, v.i), a, subj, True, max(hi - 1, v.i)))

    # A reporting noun with its "that" clause and its owner: "the mayor's claim
    # that the vote was rigged", "the ministry's warning that ...".  Without
    # an owner the noun names no source ("the claim that ...") and is left.
    for t in doc:
        if d.quoted[t.i] or t.pos_ != "NOUN" or t.lemma_.lower() not in rules.nouns:
            continue
        owner = next((c for c in t.children if c.dep_ == "poss" and not d.quoted[c.i]), None)
        clause = next((c for c in t.children if c.dep_ in ("acl", "ccomp") and c.i > t.i
                       and any(k.dep_ == "mark" and k.lower_ == "that" for k in c.children)), None)
        if owner is None or clause is None or owner.lower_ in ("its",):
            continue
        lo, hi = clause.left_edge.i, clause.right_edge.i + 1
        hi = _trim_end(lo, hi, d)
        if hi - lo < 3 or not _unquoted(doc[lo:hi], d) or _not_speech(doc[lo:hi], d):
            continue
        a = _reported(doc, lo, hi, "noun", t)
        found.append((min(owner.i, lo), a, owner, True, max(hi - 1, t.i)))

    # Cues whose words are not a clause of their own, tried in this order:
    # "block": "Limbaugh added:" closing a paragraph, his words the next
    # paragraph (a block quote without quote marks); "aside": "Back home,
    # Mr. Clarke said, he decided ...", a parenthetical cue reporting the rest
    # of its sentence (its own subject only: the sentence's is the content's).
    taken = {f[1].cue_start for f in found}
    for v in cues:
        if v.i in used or v.idx in taken:
            continue
        for how, span_of in (("block", _block_after), ("aside", _parenthetical)):
            rng = span_of(v, d)
            if rng is None:
                continue
            lo, hi = rng
            if how == "aside" and _not_speech(doc[lo:hi], d):
                continue
            if _mute(_subject(v, d), d, v):
                break
            if how == "block":
                a = _reported(doc, lo, hi, how, v)
                found.append((v.i, a, _subject(v, d) or _fallback_subject(v, d, after=False), True, v.i))
                break
            for p_lo, p_hi in _aside_parts(v, lo, hi, d):
                # each side of a cue set inside its words is a quote of the speaker
                a = _reported(doc, p_lo, p_hi, how, v)
                found.append((p_lo, a, _subject(v, d), True, max(p_hi - 1, v.i)))
            break

    # "according to X, ..."
    lowers = [t.lower_ for t in doc]  # once, not a span of tokens a token and phrase
    according = [list(words) for words in rules.according]
    for t in doc[:-1]:
        if d.quoted[t.i]:
            continue
        for words in according:
            n = len(words)
            if lowers[t.i : t.i + n] != words:
                continue
            prep = doc[t.i + n - 1]
            objs = [c for c in prep.children if c.dep_ == "pobj"]
            if not objs:
                break
            sent = doc[t.i].sent
            obj = objs[0]
            if obj.lemma_.lower() in rules.according_not:
                break  # "done according to the law": in line with, not a source
            phrase_end = obj.right_edge.i + 1
            para = d.para_of[t.i]
            s_lo = next(i for i in range(sent.start, t.i + 1) if d.para_of[i] == para)
            s_hi = next((i for i in range(phrase_end, sent.end) if d.para_of[i] != para), sent.end)
            before = (s_lo, t.i)
            after = (phrase_end, s_hi)
            # The side holding the sentence's main verb is what the source
            # said: "The top 1 percent would gain most, according to the
            # institute, twice what it projected for the middle" reports the
            # clause before, not the tail after; else the longer side.
            main = sent.root.i if sent.root.pos_ in ("VERB", "AUX") else -1
            holds = [r for r in (before, after) if r[0] <= main < r[1] and r[1] - r[0] >= 3]
            lo, hi = holds[0] if holds else max((before, after), key=lambda r: r[1] - r[0])
            while lo < hi and (doc[lo].is_punct or doc[lo].is_space):
                lo += 1
            if lo > prep.i and doc[lo - 1].text == "," and doc[lo].tag_ == "VBN":
                # "According to the ruling, adopted by five judges to two, ...":
                # the participle between commas describes the source; what
                # it says starts after the second comma
                close = next((k for k in range(lo + 1, min(hi, lo + 15)) if doc[k].text == ","), None)
                if close is not None:
                    lo = close + 1
                    while lo < hi and (doc[lo].is_punct or doc[lo].is_space):
                        lo += 1
            while hi > lo and (doc[hi - 1].is_punct or doc[hi - 1].is_space):
                hi -= 1
            if hi - lo < 3:
                break
            if hi <= t.i and any(i in used for i in range(lo, hi)):
                # '"I don't feel anything," she said, according to the
                # statement': the words have their speaker; the statement
                # only carries them
                break
            a = _reported(doc, lo, hi, "according")
            named = _closing_name(phrase_end, sent.end, d)
            if named is not None and lo < t.i:
                # "..., according to the county's health officer, Dr. Ana
                # Ruiz.": the parse hangs the name on the main verb; it is
                # the source's appositive, the person who speaks
                obj = named
            a.cue = doc[t.i : t.i + n].text
            a.cue_start, a.cue_end = t.idx, prep.idx + len(prep.text)
            found.append((min(lo, t.i), a, obj, True, max(hi - 1, prep.i)))
            break

    found += _colon_lines(d)
    found.sort(key=lambda f: (f[0], f[1].content_start))
    hist = _History()
    out: list[Attribution] = []
    # '"WALLACE: ...' with a stray quote mark: the transcript turn, not an uncued quote
    colon = [(f[1].content_start, f[1].content_end) for f in found if f[1].how == "colon"]
    found = [f for f in found
             if not (f[1].how == "continued" and any(s <= f[1].content_end and f[1].content_start <= e for s, e in colon))]
    by_cue: dict[int, Attribution] = {}
    for order, a, subj, resolve, last in found:
        if resolve:
            dash_span = (a.source_start, a.source_end) if a.how == "dash" else None
            _fill_speaker(a, subj, d, hist)
            _outer_speaker(a, subj, d, by_cue)
            if dash_span:
                a.source_start, a.source_end = dash_span
                a.source_text = d.text[dash_span[0] : dash_span[1]]
            if a.direct and a.content_start <= a.source_start < a.content_end:
                # a name inside the quoted words is never their speaker
                a.speaker, a.label, a.role = None, None, None
        else:
            _continue_from(a, order, d, hist)
        if a.speaker and a.label == "PERSON" and not a.role:
            a.role = _known_role(a.speaker, hist)
        if a.speaker:
            hist.add(last, d.sent_of[last], a)
        if a.cue_start >= 0:
            by_cue.setdefault(a.cue_start, a)
        out.append(a)
    out.sort(key=lambda a: (a.content_start, a.content_end))
    return out


def _cut_inverted_tail(q: QuoteSpan, span: Any, d: _Doc) -> QuoteSpan:
    """An unclosed quote that runs to its paragraph's end over an inverted
    credit ('"... with cars or motorcycle bombs said Afrin.': the closing mark
    lost where a filter glued "bombssaid") ends before the credit: the last
    words are a cue of ``[inverted] verbs`` and the name that is its subject
    (the small parser reads a name closing "... bombs said Marwan." as the
    verb's object as often: nothing follows it, so it is the credit either
    way), so the tail step finds them as it does after a closing mark."""
    toks = [t for t in span if not t.is_punct]
    names = []
    while toks and toks[-1].pos_ == "PROPN" and toks[-1].text[:1].isupper() and len(names) < 4:
        names.append(toks.pop())
    if not names or len(toks) < 2:
        return q
    cue = toks[-1]
    if (not _is_cue(cue, d.rules) or cue.lemma_.lower() not in d.rules.inverted_verbs
            or not any(n.dep_ in ("nsubj", "dobj") and n.head.i == cue.i for n in names)):
        return q
    before = toks[-2]
    return QuoteSpan(q.start, before.idx + len(before.text), False)


def _mute(subj: Any, d: _Doc, cue: Any = None) -> bool:
    """Whether a cue's subject names no one who could speak ("history
    demanded ...", "let the record show ..."): a common noun of the
    ``mute_subjects`` list, not part of a name, owned by no one.  With a cue
    of ``agent_only_cues`` ("threaten", "signal"), any singular common noun
    that is neither a name nor an agent noun ("a supply-chain crunch
    threatens to leave presents missing", "a measure ..., signaling that cases
    will decline"): those verbs report speech only when someone uses them."""
    if (subj is not None and cue is not None and cue.dep_ == "relcl" and cue.head.i == subj.i
            and subj.dep_ == "pobj" and subj.head.lower_ in d.rules.predicative_prepositions
            and any(c.tag_ == "WDT" and c.dep_ in ("nsubj", "nsubjpass") for c in cue.children)):
        # "welcomed the accord as one that would show America can ...": a
        # thing taken as something ([predicative_prepositions]) that shows or
        # proves speaks no words ("a man who said" is still someone)
        return True
    if subj is None or subj.pos_ != "NOUN" or d.ent_of.get(subj.i) is not None:
        return False
    lemma = subj.lemma_.lower()
    if (cue is not None and cue.lemma_.lower() in d.rules.agent_only_cues and subj.tag_ == "NN"
            and lemma not in d.rules.agent_nouns
            and not any(d.ent_of.get(c.i) is not None for c in subj.subtree if c.i != subj.i and c.i < cue.i)):
        return True
    # someone's records ("police records", "his record") are documents that
    # can report; the record, history, signs alone are not
    return (lemma in d.rules.mute_subjects
            and not any(c.dep_ in ("compound", "poss") and c.tag_ != "WP$" for c in subj.children))


def _outer_speaker(a: Attribution, subj: Any, d: _Doc, by_cue: dict[int, Attribution]) -> None:
    """A pronoun subject of a cue that is itself what another cue reports
    ("coroner Gary Hargrove said he believed the death occurred July 24") is
    that cue's speaker, when the pronoun agrees: not the last person named
    before the sentence.  Only the reported clause's own verb: in "LaRue said
    Magruder lied when he claimed ...", "he" is Magruder, the person named as
    the subject of the clause the cue's adverbial clause hangs on."""
    if subj is None or subj.pos_ != "PRON" or d.rules.pronouns.get(subj.lower_) != "person":
        return
    verb = subj.head
    want = d.rules.pronoun_gender.get(subj.lower_)
    if verb.dep_ == "advcl" and verb.head.i != verb.i:
        head_subj = next((c for c in verb.head.children if c.dep_ == "nsubj"), None)
        ent = d.ent_of.get(head_subj.i) if head_subj is not None else None
        if ent is not None and ent.label_ == "PERSON" and not d.quoted[head_subj.i]:
            name = d.fullest(ent.text)
            if want is None or d.gender(name) in (None, want):
                a.speaker, a.label, a.role = name, "PERSON", None
        return
    outer = by_cue.get(verb.head.idx) if verb.dep_ == "ccomp" and verb.head.i != verb.i else None
    if outer is None or not outer.speaker or outer.label != "PERSON" or outer is a:
        return
    if want is not None and d.gender(outer.speaker, outer.role) not in (None, want):
        return
    a.speaker, a.label, a.role = outer.speaker, outer.label, outer.role


def _colon_end(v: Any, d: _Doc) -> int | None:
    """Index of the colon that follows cue ``v`` (after at most a few
    words that are not verbs: 'added Tuesday:') and ends its paragraph."""
    doc = d.doc
    for k in range(v.i + 1, min(len(doc), v.i + 5)):
        t = doc[k]
        if t.text == ":":
            after = next((x for x in doc[k + 1 :] if not x.is_space), None)
            return k if after is None or d.para_of[after.i] != d.para_of[v.i] else None
        if t.pos_ in ("VERB", "AUX") or t.is_punct or d.quoted[t.i] or d.para_of[t.i] != d.para_of[v.i]:
            return None
    return None


def _block_cue(ts: int, d: _Doc, cue_ids: set[int]) -> Any | None:
    """The cue ending the paragraph before a quote that opens its own
    paragraph ('The New York Times reports:' / '"In an illustration ...')."""
    doc = d.doc
    para = d.para_of[ts]
    k = ts - 1
    while k >= 0 and (doc[k].is_space or d.quoted[k]) and d.para_of[k] == para:
        k -= 1
    if k < 0 or d.para_of[k] == para:
        return None  # something stands before the quote in its paragraph
    while k >= 0 and doc[k].is_space:
        k -= 1
    if k < 0 or doc[k].text != ":" or d.para_of[k] != para - 1:
        return None
    for j in range(k - 1, max(-1, k - 5), -1):
        if j in cue_ids and d.rules.clause_only.isdisjoint({doc[j].lemma_.lower()}) and _colon_end(doc[j], d) == k:
            return doc[j]
    return None


def _block_after(v: Any, d: _Doc) -> tuple[int, int] | None:
    """Token range of the paragraph a cue ending in a colon introduces
    ('Limbaugh added:' / 'And from a supposed front-runner ...'), when that
    paragraph is not a direct quote (those go through the quote path)."""
    if v.lemma_.lower() in d.rules.clause_only or _own_content(v, d) is not None:
        return None
    k = _colon_end(v, d)
    if k is None:
        return None
    doc = d.doc
    lo = k + 1
    while lo < len(doc) and (doc[lo].is_space or doc[lo].is_punct) and not d.quoted[lo]:
        lo += 1
    if lo >= len(doc) or d.para_of[lo] != d.para_of[v.i] + 1:
        return None
    hi = lo
    while hi < len(doc) and d.para_of[hi] == d.para_of[lo]:
        hi += 1
    while hi > lo and (doc[hi - 1].is_space or doc[hi - 1].is_punct):
        hi -= 1
    toks = [t for t in doc[lo:hi] if not t.is_punct]
    if len(toks) < 4 or any(d.quoted[t.i] for t in toks):
        return None
    return lo, hi


def _name_between(te: int, vi: int, d: _Doc) -> Any | None:
    """The first name or pronoun between a quote's end (token ``te``) and
    its tail cue (token ``vi``), when one stands there."""
    for t in d.doc[te:vi]:
        if t.is_punct or t.is_space or d.quoted[t.i]:
            continue
        if t.pos_ in ("PROPN", "PRON"):
            e = d.ent_of.get(t.i)
            return e.root if e is not None else t
        return None
    return None


def _quoted_as(verb: Any) -> Any | None:
    """'"...," the Courier quoted a witness, Dara Bell, as saying': the one
    quoted speaks, not the outlet quoting."""
    if verb.lemma_.lower() not in ("quote", "cite"):
        return None
    obj = next((c for c in verb.children if c.dep_ in ("dobj", "dative")), None)
    as_ = next((c for c in verb.children if c.dep_ == "prep" and c.lower_ == "as"), None)
    if obj is None or as_ is None or not any(k.lemma_.lower() in ("say", "tell", "write") for k in as_.subtree):
        return None
    return obj


def _named_as(ts: int, te: int, d: _Doc, cue_ids: set[int]) -> Any | None:
    """'Judge Torres, who called it the "proper course."': a quote that is
    what a naming verb ([naming_verbs]) calls its object is the subject's
    words, the cue that verb; the object and the rest of the label are the
    writer's (no reported speech, see :func:`_content_range`)."""
    doc = d.doc
    for t in doc[ts:te]:
        head = t.head
        if (t.dep_ == "oprd" and head.i in cue_ids and not d.quoted[head.i]
                and head.lemma_.lower() in d.rules.naming_verbs):
            return head
    return None


def _no_complement(verb: Any, d: _Doc) -> bool:
    """A verb with nothing of its own but its subject ('"...," she continued.',
    '"...?" the senator demanded.'): after a quote even a verb that otherwise
    needs a clause reports the quote."""
    return not any(c.dep_ in ("ccomp", "xcomp", "dobj", "prep", "advcl", "attr", "acomp", "oprd", "dative")
                   and not d.quoted[c.i] for c in verb.children)


def _ancestor_cue(ts: int, te: int, d: _Doc, cue_ids: set[int]) -> Any | None:
    """The nearest cue the quote (tokens ``ts``..``te``) hangs under in the
    parse, in its sentence, when that cue reports no clause of its own
    outside the quote (else the clause is the attribution)."""
    doc = d.doc
    child = doc[ts:te].root
    t = child.head
    for _ in range(8):
        if d.sent_of[t.i] != d.sent_of[ts] or (ts <= t.i < te) or t is child:
            return None
        if t.i in cue_ids and not d.quoted[t.i]:
            if t.lemma_.lower() not in d.rules.clause_only:
                return t if _own_content(t, d) is None else None
            if child.dep_ in ("ccomp", "xcomp"):
                return None  # "voters hope “to see change”": a stance, not these words
            # "the senator felt better and looked forward to “...”": not a cue here
        child, t = t, t.head
    return None


# Dependencies of a verb that modifies a noun (a participle or a relative
# clause inside a long subject), not a clause of its own.
_NOUN_MODIFIERS = frozenset({"amod", "acl", "relcl", "compound", "nmod", "appos", "npadvmod"})


def _long_tail(te: int, next_start: int, para: int, cue_ids: set[int], d: _Doc) -> Any | None:
    """'"...," Senate Majority Leader Mitch McConnell, R-Ky., said Tuesday':
    a cue further than ``tail_window`` from the quote, when everything
    between the quote and the cue is the cue's own subject."""
    doc, rules = d.doc, d.rules
    first = next((t for t in doc[te:next_start] if not (t.is_punct or t.is_space or d.quoted[t.i])), None)
    if first is None or d.para_of[first.i] != para:
        return None
    for t in doc[first.i : next_start]:
        if d.para_of[t.i] != para or d.sent_of[t.i] != d.sent_of[first.i]:
            return None
        if t.pos_ in ("VERB", "AUX") and t.dep_ in _NOUN_MODIFIERS:
            continue  # "retired army general ...", "one of the towns suing the firm": part of the subject
        if t.pos_ in ("VERB", "AUX"):
            if t.i not in cue_ids or t.lemma_.lower() in rules.clause_only or _own_content(t, d) is not None:
                return None
            subj = next((c for c in t.children if c.dep_ in ("nsubj", "nsubjpass") and c.i < t.i), None)
            words = [x.i for x in subj.subtree if not (x.is_punct or x.is_space)] if subj is not None else []
            if not words or words[0] != first.i:
                return None
            if any(not (x.is_punct or x.is_space) and not (words[0] <= x.i <= words[-1])
                   for x in doc[first.i : t.i]):
                return None
            return t
    return None


def _cue_clause(v: Any, subj: Any, d: _Doc) -> tuple[int, int]:
    """First and last token of a parenthetical cue's clause: its subject ..
    the verb and what hangs after the verb up to a comma ("Nassar said",
    "Mr. Clarke said on Monday")."""
    doc = d.doc
    left = subj.left_edge.i
    right = v.i
    while right + 1 < len(doc) and doc[right + 1].head.i == v.i and doc[right + 1].dep_ in d.rules.aside_cue_tail_deps \
            and doc[right + 1].text != ",":
        right = doc[right + 1].right_edge.i
    return left, right


def _aside_parts(v: Any, lo: int, hi: int, d: _Doc) -> list[tuple[int, int]]:
    """The words a parenthetical cue reports, without the cue: the side
    before it and the side after it, when each can stand as a statement
    ([aside_part_min_words], [aside_part_pos]: "Those who remain are mostly
    women, Nassar said, together with families who fear ..." gives both);
    else the whole range, cue and all ("The benefit, it says, would be
    $300": the cue cuts a subject from its verb); the side before alone when
    only it stands."""
    doc, rules = d.doc, d.rules
    subj = next(c for c in v.children if c.dep_ == "nsubj" and c.i < v.i)
    left, right = _cue_clause(v, subj, d)

    def trimmed(a: int, b: int, *, after: bool = False) -> tuple[int, int]:
        while a < b and (doc[a].is_punct or doc[a].is_space
                         or (after and doc[a].dep_ in rules.aside_part_trim_first)):
            a += 1
        while b > a and (doc[b - 1].is_punct or doc[b - 1].is_space):
            b -= 1
        return a, b

    parts = [(a, b) for a, b in (trimmed(lo, left), trimmed(right + 1, hi, after=True)) if b > a]
    stands = [len([t for t in doc[a:b] if not t.is_punct]) >= rules.aside_part_min_words
              and any(t.pos_ in rules.aside_part_pos for t in doc[a:b])
              and doc[a].dep_ not in rules.aside_part_not_first for a, b in parts]
    if parts and all(stands):
        return parts
    if len(parts) == 2 and stands[0]:
        # "Prices climbed 4.2 percent, the department said, the fastest pace
        # since 2008", "... five rockets, a U.S. official said, as the United
        # States rushed to ...": the side after cannot stand; whether it is
        # the speaker's words or the writer's gloss is not written.  The
        # statement before the cue stands: that side alone.
        return [parts[0]]
    return [(lo, hi)]


def _parenthetical(v: Any, d: _Doc) -> tuple[int, int] | None:
    """Token range of what a parenthetical cue reports: "Back in Virginia,
    Mr. Clarke said, he decided ..." / "The benefit, it says, would be $300"
    / "... replacing Clinton would be costly, he said."  The cue and its
    subject stand between commas (or a comma and the sentence end), with no
    clause or object of their own; the rest of the sentence is the content,
    when it lies mostly outside direct quotes."""
    doc = d.doc
    if v.dep_ not in ("parataxis", "ROOT") or d.quoted[v.i]:
        return None
    subj = next((c for c in v.children if c.dep_ == "nsubj" and c.i < v.i), None)
    if subj is None or d.quoted[subj.i]:
        return None
    left, right = _cue_clause(v, subj, d)
    if any(c.dep_ in ("ccomp", "dobj", "xcomp", "dative", "attr", "acomp", "oprd") for c in v.children):
        return None
    if any(c.dep_ == "advcl" and c.i < left and c.left_edge.i <= v.sent.start + 1
           and any(k.dep_ == "mark" and k.lower_ in d.rules.circumstance_marks for k in c.children)
           for c in v.children):
        # "While the SEC stole the show, the Big East responded with wins":
        # the clause before the cue is its own circumstance, not its words
        return None
    sent = v.sent
    before = left - 1
    after = right + 1
    if before < sent.start or doc[before].text not in (",", "—", "–"):
        return None
    at_end = after >= sent.end or (doc[after].is_punct and doc[after].text in (".", "!", "?") and
                                   all(t.is_punct or t.is_space for t in doc[after:sent.end]))
    if not at_end and (after >= len(doc) or doc[after].text not in (",", "—", "–")):
        return None
    lo, hi = sent.start, sent.end
    para = d.para_of[v.i]
    while lo < hi and (d.para_of[lo] != para or doc[lo].is_punct or doc[lo].is_space):
        lo += 1
    while hi > lo and (d.para_of[hi - 1] != para or doc[hi - 1].is_punct or doc[hi - 1].is_space):
        hi -= 1
    outside = [t for t in doc[lo:hi] if not (left <= t.i <= right) and not t.is_punct]
    if len(outside) < 3 or not _unquoted(outside, d):
        return None
    return lo, hi


def _continue_from(a: Attribution, tok_i: int, d: _Doc, hist: _History) -> None:
    """A quote with no cue of its own goes to the last speaker of its
    paragraph; opening a paragraph, it goes on with the previous paragraph's
    speaker only when that paragraph ended with their words (quoted or
    reported), not when anything else came after them."""
    para = d.para_of[tok_i]
    own = _own_sentence_person(tok_i, d)
    for ti, _si, prev in reversed(hist.items):
        if ti >= tok_i or not prev.speaker:
            continue
        if prev.how in d.rules.uncontinued:
            # "..., according to the Gazette. “While millions ...": the
            # source vouches for its own sentence; the next quote's speaker
            # is not named
            break
        if _unsaid(d.doc, prev) or _intended(d.doc, prev) or (not prev.direct and (
                _bare_object(d.doc, prev.content_start, prev.content_end, (prev.cue_start, prev.cue_end))
                or _subject_infinitive(d.doc, prev.content_start, prev.content_end))):
            # "The decree aims to ... outline new rules": a cue that shows
            # no words (an intention, only a thing for object) has no
            # speaker whose words could go on
            continue
        if own is not None and own != prev.speaker:
            # "Kall compared Trump to a coach who is 'working the referees'":
            # the quote's own sentence names another person as its subject:
            # the words are not the last speaker's, nor surely this person's
            break
        same = d.para_of[ti] == para
        if same or (para - d.para_of[ti] == 1 and _ends_paragraph(ti, d)):
            a.speaker, a.label, a.role = prev.speaker, prev.label, prev.role
            a.source_text = prev.source_text
            a.how = "continued"
            return
        break
    a.how = "none"


def _own_sentence_person(tok_i: int, d: _Doc) -> str | None:
    """The person named as a subject (or as the root of a verbless parse),
    outside quotes, before token ``tok_i`` in its sentence (its fullest
    name), else None."""
    doc = d.doc
    sent = doc[tok_i].sent
    for t in doc[sent.start : tok_i]:
        ent = d.ent_of.get(t.i)
        if (t.dep_ in ("nsubj", "nsubjpass", "ROOT") and not d.quoted[t.i] and ent is not None
                and ent.label_ == "PERSON"):
            return d.fullest(ent.text)
    return None


def _ends_paragraph(tok_i: int, d: _Doc) -> bool:
    """The attribution ending at token ``tok_i`` is in its paragraph's last
    sentence: its speaker has the paragraph's last word."""
    para = d.para_of[tok_i]
    last = tok_i
    while last + 1 < len(d.doc) and d.para_of[last + 1] == para:
        last += 1
    while last > tok_i and (d.doc[last].is_space or d.doc[last].is_punct):
        last -= 1
    return d.sent_of[last] == d.sent_of[tok_i]


def _not_speech(span: Any, d: _Doc, *, relative: bool = False, asks: bool = False) -> bool:
    """Reported content that says something about the speaker ("asked not
    to be named") or leaves a question open ("does not say who ...").  In a
    relative clause ("his hands, which he said were at his side") the
    relative pronoun opens a statement, not a question."""
    text = span.text.strip()
    if any(p.match(text) for p in d.rules.not_speech):
        return True
    first = next((t for t in span if not t.is_punct), None)
    if first is None:
        return False
    if relative and first.lower_ in ("which", "who", "whom") and first.dep_ in ("nsubj", "nsubjpass", "dobj"):
        return False  # "what" stays a question: "fighters who fear what will happen"
    return first.lower_ in d.rules.question_words and not asks


def _known_role(speaker: str, hist: _History) -> str | None:
    for _ti, _si, a in hist.items:
        if a.speaker == speaker and a.role:
            return a.role
    return None


def _speech_like(span: Any, d: _Doc) -> bool:
    """A quoted name or title ('“Abu Mu’az Al Jazairi”') is not speech: a
    short quote needs a verb and may not be mostly one named entity."""
    named = sum(1 for t in span if t.i in d.ent_of and d.ent_of[t.i].label_ not in ("CARDINAL", "DATE", "TIME"))
    if named >= len(span) * 0.6:
        return False
    if len(span) < 8 and not any(t.pos_ in ("VERB", "AUX") for t in span):
        return False
    return True


def _quoted_label(span: Any, d: _Doc) -> bool:
    """'called Friday's decision a "huge win for Ohio voters"': a label in
    quote marks that a naming verb ([naming_verbs]) gives its object is the
    subject's words even without a verb (the short-quote rule of
    :func:`_speech_like` is for quoted names and titles); a label mostly
    one named entity stays a name."""
    named = sum(1 for t in span if t.i in d.ent_of and d.ent_of[t.i].label_ not in ("CARDINAL", "DATE", "TIME"))
    return named < len(span) * 0.6 and any(
        t.dep_ == "oprd" and not (span.start <= t.head.i < span.end) and t.head.lemma_.lower() in d.rules.naming_verbs
        for t in span)


def _bare_object(doc: Any, start: int, end: int, cue: tuple[int, int] = (-1, -1)) -> bool:
    """Reported content that is a short noun phrase with no verb ("dispute
    that account", "complained about the storage"), or a noun phrase of any
    length after a cue that only names a topic or a target ("criticized the
    county sheriff Dana Holt"): what was spoken about, not what was said."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return False
    words = [t for t in span if not t.is_punct and not t.is_space]
    if words and words[0].dep_ == "mark":
        return False  # "that Al Baghdadi Hiding there": a clause whose verb the tagger missed
    rules = _rules()
    if len(words) < rules.min_object_words and not any(t.pos_ in ("VERB", "AUX") for t in words):
        return True
    verb = doc.char_span(*cue, alignment_mode="expand") if cue[0] >= 0 else None
    if verb is None or verb.root.lemma_.lower() not in rules.topic_verbs:
        return False
    if verb.root.lemma_.lower() in rules.source_verbs:
        return True  # "citing data compiled by the archive": the source cited, never its words
    # a verb inside a relative clause, or an infinitive that modifies a
    # noun, describes a word of the phrase ("the anchor, who took heat for
    # ...", "its ability to prevent breaches"); any other verb may be a
    # claim ("reported 189 people killed", "concerns that the plan would fail")
    aside = {t.i for w in words
             if w.dep_ in rules.object_aside_deps
             or (w.dep_ in rules.infinitive_aside_deps and any(c.dep_ == "aux" and c.lower_ == "to" for c in w.children))
             for t in w.subtree}
    return not any(t.pos_ in ("VERB", "AUX") for t in words if t.i not in aside)


def _subject_infinitive(doc: Any, start: int, end: int) -> bool:
    """Reported content that is a subject and an infinitive ("expect the
    group to shift to raids", "wanted the board to resign"): what the source
    expects or wants someone to do, not a statement they made."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return False
    root = span.root
    return (root.pos_ in ("VERB", "AUX") and any(c.dep_ == "aux" and c.lower_ == "to" for c in root.children)
            and any(c.dep_ in ("nsubj", "nsubjpass") and c.i < root.i for c in root.children))


def _unsaid(doc: Any, a: Attribution) -> bool:
    """A cue that reports an intention, a wish or what someone came to know
    ("plans to visit", "wanted to shield", "learned that"): the attribution
    stands (PolNeAR annotates it), but nobody said the words."""
    if a.cue_start < 0:
        return False
    verb = doc.char_span(a.cue_start, a.cue_end, alignment_mode="expand")
    return verb is not None and verb.root.lemma_.lower() in _rules().unsaid_cues


def _impersonal(doc: Any, a: Attribution) -> bool:
    """"it's expected masks will be required": a passive cue of outlook
    whose subject is an empty "it", with no agent, is the writer's own
    forecast, not reported speech.  Hearsay ("it is believed that ...", "it
    was reported that ...") reports what unnamed others hold and stays."""
    if a.direct or a.cue_start < 0:
        return False
    verb = doc.char_span(a.cue_start, a.cue_end, alignment_mode="expand")
    rules = _rules()
    if verb is None or verb.root.lemma_.lower() not in rules.impersonal_cues:
        return False
    kids = list(verb.root.children)
    return (any(c.dep_ in ("nsubjpass", "expl") and c.lower_ in rules.impersonal_subjects for c in kids)
            and any(c.dep_ == "auxpass" for c in kids) and not any(c.dep_ == "agent" for c in kids))


def _defining_relative(doc: Any, a: Attribution, start: int) -> bool:
    """"a bill that Democrats said is crucial to voting rights": the words
    open with the relative pronoun of a defining clause (no comma before it)
    that the cue heads; they describe the noun, cue and speaker inside, and
    are nobody's quote.  An aside after a comma ("his hands, which he said
    were at his side") names what it is about and stays."""
    found = _cue_and_words(doc, a, start)
    if found is None:
        return False
    verb, words = found
    first = words[0]
    rules = _rules()
    return (verb.dep_ == "relcl" and first.i < verb.i and first.i > 0
            and (first.tag_ in rules.relative_tags or first.lower_ in rules.relative_words)
            and not doc[first.i - 1].is_punct)


def _intended(doc: Any, a: Attribution) -> bool:
    """A cue in the infinitive an intention governs, or in its conjuncts
    ("plans to tell ...", "aims to raise the walls and outline new
    rules"): the subject may yet speak (the quote stays theirs), but
    nothing said yet goes on in a later uncued quote.  "wanted change and
    said that ..." is said: no infinitive between."""
    verb = doc.char_span(a.cue_start, a.cue_end, alignment_mode="expand") if a.cue_start >= 0 else None
    if verb is None:
        return False
    v = verb.root
    while v.dep_ == "conj" and v.head.i != v.i:
        v = v.head
    return (v.dep_ == "xcomp" and any(c.dep_ == "aux" and c.lower_ == "to" for c in v.children)
            and v.head.lemma_.lower() in _rules().unsaid_cues)


def _withheld(doc: Any, a: Attribution) -> bool:
    """"Trump stopped short of calling the actions racially motivated",
    "the mayor declined to say whether ...": a cue whose head (through the
    preposition or infinitive it hangs on) holds it back reports words that
    were not said."""
    if a.cue_start < 0:
        return False
    span = doc.char_span(a.cue_start, a.cue_end, alignment_mode="expand")
    if span is None:
        return False
    rules = _rules()
    t = span.root
    for _ in range(rules.withheld_steps):
        if t.head.i == t.i:
            return False
        t = t.head
        if t.lemma_.lower() in rules.withheld_heads:
            return True
        if t.pos_ not in ("ADP", "PART", "ADV", "ADJ"):
            return False
    return False


def _perceived(doc: Any, a: Attribution, start: int, end: int) -> bool:
    """"he felt his car run over someone", "saw the car hit her": a cue of
    the senses whose content is a bare verb (no "that", no auxiliary, the
    verb uninflected) reports what was perceived, not words anyone said.
    "She felt the plan was wrong" (an inflected verb) stays an opinion."""
    if a.cue_start < 0:
        return False
    verb = doc.char_span(a.cue_start, a.cue_end, alignment_mode="expand")
    span = doc.char_span(start, end, alignment_mode="expand")
    if verb is None or span is None or verb.root.lemma_.lower() not in _rules().perception_cues:
        return False
    root = span.root
    return (root.pos_ == "VERB" and root.lower_ == root.lemma_.lower()
            and not any(c.dep_ in _rules().perceived_not_deps for c in root.children))


def _verbless_clause(doc: Any, start: int, end: int) -> bool:
    """"it is believed that Al Baghdadi Hiding there": a "that" clause with
    no finite verb (no tense, no auxiliary, no modal: the parse sees a name,
    or a bare participle) is words cut or garbled, not a statement a reader
    can be shown.  "proposed that the council publish" keeps its
    (subjunctive: base form) verb."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return False
    rules = _rules()
    words = [t for t in span if not t.is_punct and not t.is_space]
    return (bool(words) and words[0].dep_ == "mark" and words[0].lower_ in rules.verbless_marks
            and not any(t.pos_ == "AUX" or t.tag_ in rules.finite_tags for t in words))


def _small_clause(doc: Any, start: int, end: int) -> bool:
    """"found himself embroiled in a back-and-forth", "found them guilty": a
    clause with no finite verb whose subject is a pronoun in its object form
    (data/analyze_quotes.toml `small_clause_subjects`) says what the subject was found or
    felt to be, not words anyone said.  "found that the wall had collapsed"
    (finite) stays."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return False
    rules = _rules()
    root = span.root
    return (any(c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in rules.small_clause_subjects for c in root.children)
            and root.tag_ not in rules.finite_tags
            and not any(c.dep_ in ("aux", "auxpass", "mark") for c in root.children))


def _cut_mid_clause(doc: Any, start: int, end: int) -> bool:
    """"A doctor who wrote an op-ed claiming that he had violated Texas'
    six-week ban now faces two lawsuits": the parse gave the object of
    "violated" to the next verb as its subject, and the words stop on a verb
    that lacks what it needs while the sentence runs on.  Words that end on
    a verb with none of data/analyze_quotes.toml `cut_verb_complements`,
    followed straight by a word (no punctuation, no conjunction), are cut
    wrong: no quote.  "said he had resigned." ends at a full stop."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or span.end >= len(doc):
        return False
    words = [t for t in span if not t.is_punct and not t.is_space]
    if not words:
        return False
    last, nxt = words[-1], doc[span.end]
    rules = _rules()
    return (last.pos_ == "VERB" and last.i == span.end - 1
            and not any(c.dep_ in rules.cut_verb_complements for c in last.children)
            and not nxt.is_punct and not nxt.is_space and nxt.pos_ not in ("CCONJ", "SCONJ")
            and nxt.sent == last.sent)


def _nobody(a: Attribution) -> bool:
    """"no one can credibly state ...", "few experts believe ...": a source
    that names nobody (or hardly anybody) as saying the words."""
    src = " ".join((a.source_text or "").lower().split())
    return any(src == w or src.startswith(w + " ") for w in _rules().negative_sources)


def _truncated(text: str, end: int) -> bool:
    """Whether reported content ending at ``end`` runs into a truncation mark
    that closes its paragraph ("... the federal spending they...")."""
    rest = text[end:].lstrip(" \t")
    line_end = rest.find("\n")
    tail = (rest if line_end < 0 else rest[:line_end]).rstrip()
    return any(tail == mark for mark in _rules().truncation_marks)


def _source_cut(text: str, a: Attribution) -> bool:
    """"... 67% of adults have had a dose, according to the Centers...": the
    text stops inside the source's name, so who said it is not known (the
    name shown would be a fragment of it)."""
    return a.source_end > a.source_start >= 0 and _truncated(text, a.source_end)


def _unperformed(doc: Any, a: Attribution) -> bool:
    """"granted his motion to dismiss the case", "the signatures required to
    ask voters to remove him": reported speech with no speaker whose cue is
    an infinitive with no subject of its own names an act of speech that is
    asked for, planned or required, not one anybody performed."""
    if a.direct or a.speaker or a.cue_start < 0:
        return False
    span = doc.char_span(a.cue_start, a.cue_end, alignment_mode="expand")
    if span is None:
        return False
    verb = span.root
    return (verb.tag_ == "VB" and any(c.dep_ == "aux" and c.tag_ == "TO" for c in verb.children)
            and not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children))


def _cue_and_words(doc: Any, a: Attribution, start: int) -> tuple[Any, Any] | None:
    """The cue's verb and the reported words (from ``start``) of indirect
    speech, as tokens; None for a direct quote or with no cue."""
    if a.direct or a.cue_start < 0:
        return None
    span = doc.char_span(a.cue_start, a.cue_end, alignment_mode="expand")
    words = doc.char_span(start, a.content_end, alignment_mode="expand")
    if span is None or words is None or not len(words):
        return None
    return span.root, words


def _gapped_relative(doc: Any, a: Attribution, start: int) -> bool:
    """"the attacks the union said were coming from parents": a cue heading
    a relative clause with no relative pronoun, and a subject of its own,
    reports words with a hole for a subject, filled by the noun the clause
    hangs on (what "were coming"?): no statement anyone made.  A relative
    pronoun as the cue's subject ("officials, who said the road was shut"),
    a "which" after a preposition ("a letter in which she wrote that ...")
    or one that opens the words ("hands, which he said were at his side":
    the words name what they are about) leave them a quote."""
    found = _cue_and_words(doc, a, start)
    if found is None:
        return False
    verb, words = found
    if verb.dep_ != "relcl" or words[0].dep_ == "mark" or words[0].i < verb.i:
        return False
    relative = _rules().relative_tags
    if any(t.tag_ in relative or t.lower_ == "that" for t in verb.subtree if t.i < verb.i):
        return False
    # The hole is the words' subject ("were coming" from whom?); a clause
    # with a subject of its own ("the third time AROS said it had set up
    # such an event") hangs on a noun of time or manner and is whole.
    root = words.root
    return (any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children) and root.pos_ in ("VERB", "AUX")
            and not any(c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj") for c in root.children))


def _reduced_passive(doc: Any, a: Attribution) -> bool:
    """"A revolver believed to be the murder weapon was recovered": a cue
    with no object and no auxiliary, followed at once by the "to" of its
    infinitive, is a passive participle describing the noun before it
    ("believed to be", "said to have fled"); the noun is spoken of, and no
    one is named saying anything.  Likewise a bare participle of its own
    clause, "Asked whether cats can swim, most people ...": the subject is the
    one asked, and whoever asked is not named."""
    if a.cue_start < 0:
        return False
    span = doc.char_span(a.cue_start, a.cue_end, alignment_mode="expand")
    if span is None:
        return False
    verb = span.root
    if verb.tag_ == "VBN" and verb.dep_ == "advcl" and not any(
            c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass", "agent") for c in verb.children):
        return True
    nxt = doc[verb.i + 1] if verb.i + 1 < len(doc) else None
    return (verb.tag_ in ("VBN", "VBD") and nxt is not None and nxt.lower_ == "to" and nxt.dep_ == "aux"
            and nxt.head.dep_ == "xcomp" and nxt.head.head.i == verb.i
            and not any(c.dep_ in ("dobj", "aux", "auxpass", "dative") for c in verb.children))


def _stranded(doc: Any, start: int, end: int) -> bool:
    """"the crude gags that fans took issue with in the first place": a
    "that" clause whose verb leaves a preposition without its object is a
    relative clause on the noun before it (took issue with what?), which
    the parse hung on a cue; no one's words.  A preposition with anything
    after it ("wait until after the harvest") is not left."""
    words = doc.char_span(start, end, alignment_mode="expand")
    if words is None or not len(words) or words[0].lower_ != "that":
        return False
    root = words.root
    return (any(c.dep_ == "nsubj" for c in root.children)
            and any(c.dep_ == "prep" and not list(c.children) for c in root.children))


def _fragment(doc: Any, start: int, end: int) -> tuple[int, bool]:
    """Words cut before they end.  A last word that joins the content to
    more ("... should be released but", "... out of the car and") is cut
    off: (the new end, False); a last word that needs its object ("blamed
    them for focusing on") leaves a fragment: (end, True)."""
    span = doc.char_span(start, end, alignment_mode="expand")
    words = [t for t in span if not t.is_punct and not t.is_space] if span is not None else []
    rules = _rules()
    if not words or words[-1].lower_ not in rules.fragment_ends:
        return end, False
    if words[-1].lower_ in rules.fragment_joins and len(words) > 1:
        keep = words[-2]
        return keep.idx + len(keep.text), not any(t.pos_ in ("VERB", "AUX") for t in words[:-1])
    return end, True


def _adjacent(doc: Any, start: int, end: int) -> bool:
    """Only auxiliaries and adverbs between ``start`` and ``end`` ("Police
    have said", "the lawyers also said")."""
    if end < start:
        return False
    between = doc.char_span(start, end, alignment_mode="contract") if end > start else None
    return between is None or all(t.pos_ in ("AUX", "ADV", "PART") or t.is_space for t in between)


def _nested_source(doc: Any, a: Attribution, found: list[Attribution]) -> bool:
    """The content opens with another attribution's source and cue ("Police
    have said they have no plans ..., according to the lawyers"): the inner
    source owns those words; the outer one is no quote of its own.  A stance
    inside ("the envoy said the alliance believed ...") is what the outer
    speaker reports, and stays his."""
    text = doc.text
    for b in found:
        if b is a or b.source_start < 0 or b.cue_start < 0:
            continue
        verb = doc.char_span(b.cue_start, b.cue_end, alignment_mode="expand")
        if verb is None or verb.root.lemma_.lower() in _rules().clause_only:
            continue
        # the inner source and its cue side by side ("Police have said"), not
        # a source with an aside ("The relatives, who asked ..., watched it")
        if (a.content_start <= b.source_start < b.cue_end <= a.content_end
                and not text[a.content_start : b.source_start].strip(" \t\n\"'“”‘’,")
                and _adjacent(doc, b.source_end, b.cue_start)):
            return True
    return False


def _before_source_tail(text: str, a: Attribution, found: list[Attribution], start: int, end: int) -> int:
    """The end of reported content that the parse ran on into the writer's
    own source at the sentence's end ("Biden said that was unlikely,
    according to current and former officials"): the "according to"
    phrase names who told the writer the whole sentence, not words of the
    speaker; the content ends before it."""
    phrases = {" ".join(p) for p in _rules().according}
    for b in found:
        if (b is not a and b.cue and " ".join(b.cue.lower().split()) in phrases
                and start < b.cue_start and b.cue_end <= b.source_end <= end
                and not text[b.source_end:end].strip(" \t\n.,;:\"'“”‘’")):
            return len(text[start:b.cue_start].rstrip(" \t\n,;:")) + start
    return end


def _after_listener(doc: Any, a: Attribution, start: int, end: int) -> int:
    """The start of the words shown for an infinitive a cue of [xcomp_verbs]
    reports ("asked Congress on Monday to reauthorize the law"): whom the
    speaker asked and when are the writer's framing, the words start at the
    infinitive ("to reauthorize the law")."""
    if a.cue_start < 0:
        return start
    cue = doc.char_span(a.cue_start, a.cue_end, alignment_mode="expand")
    if cue is None or cue.root.lemma_.lower() not in _rules().xcomp_verbs:
        return start
    verb = cue.root
    for c in verb.children:
        if c.dep_ == "xcomp" and c.i > verb.i:
            first = doc[c.left_edge.i]
            if start < first.idx < end and first.lower_ == "to":
                return int(first.idx)
    return start


def _before_gloss(doc: Any, start: int, end: int) -> tuple[int, int]:
    """The end of reported content before an adjunct the writer set after it,
    past a comma, that runs to its end: a contrast or circumstance clause
    ([gloss_marks]: "argue the bill adds security, while critics charge
    ...") or a participle of what the speaker did or meant ("called on
    Congress to act, seeking to jump-start a debate", "said the plan would
    fail, citing a study").  Also the start of the adjunct cut off, -1 when
    none is."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return end, -1
    rules = _rules()
    words = [t for t in span if not t.is_punct and not t.is_space]
    if not words:
        return end, -1
    last = words[-1].i
    for t in words[1:]:
        j = t.i - 1
        while j > words[0].i and doc[j].text in rules.closing_quote_marks:
            j -= 1  # 'is "a serious threat," as officials grow concerned': the comma inside the marks
        if doc[j].text != ",":
            continue
        if t.lower_ in rules.gloss_marks and t.dep_ in rules.gloss_mark_deps:
            clause = t.head
        elif t.tag_ in rules.gloss_participle_tags and (
                t.lemma_.lower() in rules.verbs or t.lemma_.lower() in rules.unsaid_cues
                or t.lemma_.lower() in rules.gloss_participles):
            clause = t
        else:
            continue
        if clause.right_edge.i >= last and clause.left_edge.i >= t.i:
            if j < t.i - 1:  # the words end with the quote mark they close
                return int(doc[t.i - 1].idx + len(doc[t.i - 1].text)), int(t.idx)
            # "the bill adds security, while critics charge": up to the word before the comma
            k = t.i - 2
            while k >= 0 and (doc[k].is_punct or doc[k].is_space) and k > words[0].i:
                k -= 1
            return int(doc[k].idx + len(doc[k].text)), int(t.idx)
    return end, -1


def _glossed_speakers(doc: Any, found: list[Attribution]) -> dict[int, Attribution]:
    """Cue start -> the attribution whose words end before that cue, a
    participle the writer set after them with no subject of its own
    ("Biden signaled that he would be open to revisions, outlining a plan
    ..."): what the participle reports is the same speaker's, cut off the
    first quote by :func:`_before_gloss`."""
    heirs: dict[int, Attribution] = {}
    for a in found:
        if a.direct or not a.speaker:
            continue
        _end, cut = _before_gloss(doc, a.content_start, a.content_end)
        if cut >= 0:
            heirs.setdefault(cut, a)
    return heirs


def _words(text: str, q: QuoteSpan) -> int:
    s, e = q.inner(text)
    return len(re.findall(r"\w+", text[s:e]))


def extract_quotes(doc: Any, attributions: list[Attribution] | None = None) -> list[Quote]:
    """Every attributed quote and piece of reported speech in ``doc`` as
    :class:`Quote` records, sentence indices following ``doc.sents``.
    Pass ``attributions`` when :func:`find_attributions` already ran."""
    text = doc.text
    bounds = [(s.start_char, s.end_char) for s in doc.sents]
    out = []
    uncued: list[int] = []  # positions in ``out`` of quotes no cue of their own gives
    found = find_attributions(doc) if attributions is None else attributions
    heirs = _glossed_speakers(doc, found)
    for a in found:
        if not a.direct and not a.speaker and a.cue_start in heirs:
            outer = heirs[a.cue_start]
            a = replace(a, speaker=outer.speaker, source_text=outer.source_text, role=outer.role, label=outer.label)
        if a.direct:
            s, e = QuoteSpan(a.content_start, a.content_end, True).inner(text)
        else:
            s, e = a.content_start, a.content_end
        if e <= s or (not a.direct and (_bare_object(doc, s, e, (a.cue_start, a.cue_end))
                                         or _subject_infinitive(doc, s, e))):
            continue
        if _unsaid(doc, a) or _withheld(doc, a) or _nobody(a) or (not a.direct and (_nested_source(doc, a, found) or _reduced_passive(doc, a))):
            continue
        if not a.direct and (_perceived(doc, a, s, e) or _verbless_clause(doc, s, e)
                             or _source_cut(text, a) or _unperformed(doc, a) or _gapped_relative(doc, a, s)
                             or _stranded(doc, s, e) or _impersonal(doc, a) or _defining_relative(doc, a, s)
                             or _small_clause(doc, s, e) or _cut_mid_clause(doc, s, e)):
            continue
        if not a.direct:
            e = _before_source_tail(text, a, found, s, e)
            e, _cut = _before_gloss(doc, s, e)
            s = _after_listener(doc, a, s, e)
        if not a.direct:  # a quote's own words end where the speaker ended them ("... took me in,")
            e, cut = _fragment(doc, s, e)
            if cut or _truncated(text, e) or text.count("(", s, e) > text.count(")", s, e):
                # ... or cut inside a bracket ("Reggie Bush (knee"): the
                # parse split the sentence where no clause ends
                continue
        sents = [i for i, (bs, be) in enumerate(bounds) if bs < e and be > s]
        out.append(
            Quote(
                text=text[s:e],
                sentence=sents[0] if sents else 0,
                speaker=a.speaker,
                direct=a.direct,
                cue=a.cue,
                role=a.role,
                speaker_text=a.source_text,
                sentences=sents,
                start=s,
                end=e,
            )
        )
        if a.direct and a.how in ("continued", "none"):
            uncued.append(len(out) - 1)
    # 'Stefanik said she's "truly honored and humbled" to earn ...': a quote
    # inside words reported of a speaker is shown there, marks and all; on
    # its own it would be the same words again under a guessed speaker or none
    inside = {i for i in uncued
              if any(not r.direct and r.start <= out[i].start and out[i].end <= r.end for r in out)}
    return [q for i, q in enumerate(out) if i not in inside]
