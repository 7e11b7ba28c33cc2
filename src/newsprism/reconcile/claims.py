"""Claims: the sentences of a story that assert something, with their slots.

A claim unit is one sentence of one article.  Its slots say who (entities),
what (predicate lemma + object), where (places), when (dates from the
sentence's temporal expressions, each with the event it dates and, for
events a thing undergoes once, the thing), how many (counts, the concept
counted and the state it is in, read from the parse), what it compares
with, and to whom the article attributes it (a quote's speaker or a
citation's source).

Sentences that assert nothing are skipped: questions, scraper residue, page
furniture (captions, wire credits, datelines, a repeated headline), and
sentences with too few content words (setting reconcile.claim_min_words;
a full clause needs only clause_min_words of data/claims_filters.toml).

A sentence that asserts several things gives several claims, each with its
character span: coordinated clauses that each stand alone (:func:`_clauses`),
facts stated in passing about a name, an age, a role or a relative clause
(:func:`_facts`), and statements inside a clause, a counted part of a whole
or a reason given as a fact (:func:`_embedded`).  A dateline opening a
sentence is in no claim.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from ..data import load_toml
from ..config import Config, ReconcileSettings, stage_settings
from ..errors import E
from ..model import AnalyzedArticle, Quantity, TimeExpr
from .furniture import furniture_kind
from ..partial_dates import _month_end, _span, _yearless, date_range, ranges_compatible  # noqa: F401 - moved there

__all__ = [
    "ClaimUnit",
    "counted_concept",
    "date_range",
    "event_label",
    "extract_claims",
    "is_once_event",
    "is_once_per_target",
    "is_story_event",
    "load_data",
    "normalize_text",
    "ranges_compatible",
    "stated_text",
    "stated_tokens",
]

log = logging.getLogger(__name__)

_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_WHO_LABELS = frozenset({"PERSON", "ORG", "NORP"})
_WORD = re.compile(r"[^\W\d_](?:[\w'’-]*\w)?", re.UNICODE)


@dataclass
class ClaimUnit:
    """One candidate claim: a sentence of one article, with its evidence."""

    article: str
    sentence: int
    text: str
    slots: dict[str, Any] = field(default_factory=dict)
    terms: frozenset[str] = frozenset()  # content lemmas
    entities: frozenset[str] = frozenset()  # entity ids (or normalised names)
    # (start char, end char, lemma) of every word, relative to the sentence:
    # proximity of dates and numbers to the words that say what they are about.
    tokens: list[tuple[int, int, str]] = field(default_factory=list)
    vector: Any = None  # the sentence embedding, when the article has them
    precise: Any = None  # the transformer embedding, filled by alignment (align.score_pairs)
    # The characters of the sentence this claim covers (start, end), when it
    # is one clause of a sentence that asserts several things; None: all of it.
    span: tuple[int, int] | None = None
    # The whole sentence: token, quantity and date offsets index into it even
    # when ``text`` is one clause of it.
    sentence_text: str = ""
    order: int = 0  # position in the story: a deterministic tie-breaker
    # A fact stated in passing about a name (an age, a role, a relative
    # clause: :func:`_facts`), not what its sentence asserts.
    passing: bool = False
    published: str = ""  # the article's publication date: later reports may update figures
    doc: Any = None  # the spaCy doc of the sentence (offsets relative to it), when there is one
    # The sentence is the last of a text cut short ("... comes with $1
    # trillion in..."): what its figures count may be in the part not given.
    cut: bool = False
    # A short statement under the content-word floors ("Most of them were
    # Tunisians."): a unit only a retelling's restatement of it in its own
    # derivation family may align (align.score_pairs); alone it is no claim
    # (align.aligned_short, align.drop_short).  ``[short_statements]`` of claims_filters.
    short: bool = False
    # The main clause of a sentence that adds a participle clause
    # (:func:`_main_clause`), a unit besides the whole sentence: a claim
    # only when another article's report joins it in a group (the caller,
    # reconcile_story, drops it otherwise, as a lone short statement), so
    # that alone it does not count its sentence twice.
    besides: bool = False
    # The core of the sentence or of a clause of it, without what it adds
    # at its end (:func:`_core_clause`); also ``besides``.  The per-story read
    # limit takes its pairs after every other pair ([cross] cores_last).
    core: bool = False
    # The characters of the sentence (start, end) of a subject the clause
    # carries over from the clause before it ("The panel rejected ..., but it
    # endorsed ...": the panel, :func:`_carried_subject`); ``text`` opens with
    # it, then an ellipsis, then the clause's own words (``span``).
    carried: tuple[int, int] | None = None

    @property
    def source_text(self) -> str:
        """The text that slot and token offsets index into."""
        return self.sentence_text or self.text

    @property
    def key(self) -> tuple[str, int]:
        return (self.article, self.sentence)


def load_data(name: str) -> dict[str, Any]:
    """A shipped data file (``data/<name>.toml``), parsed.  Treat as read-only."""
    return load_toml(name)


def normalize_text(text: str) -> str:
    """Case- and punctuation-free form of a sentence: in-article duplicates
    (captions printed twice) compare equal."""
    return " ".join(w.lower() for w in _WORD.findall(text))


@cache
def _filters() -> tuple[tuple[re.Pattern[str], ...], frozenset[str], frozenset[str]]:
    data = load_data("claims_filters")
    patterns = tuple(re.compile(p, re.IGNORECASE) for p in data.get("residue_patterns", []))
    return patterns, frozenset(data.get("extra_stopwords", [])), frozenset(data.get("reporting_verbs", []))


@cache
def _cut_ends() -> tuple[re.Pattern[str], ...]:
    """``cut_text_ends`` of claims_filters.toml: how a text cut short ends."""
    return tuple(re.compile(p) for p in load_data("claims_filters").get("cut_text_ends", []))


def is_cut(text: str) -> bool:
    """Whether ``text`` ends cut short, its last sentence unfinished."""
    return any(p.search(text) for p in _cut_ends())


def _naming_verbs() -> frozenset[str]:
    return frozenset(load_data("claims_filters").get("naming_verbs", []))


def reporting_lemmas() -> frozenset[str]:
    """Lemmas of the verbs that report speech (data/claims_filters.toml), read once."""
    return _filters()[2]


def is_once_per_target(name: str | None) -> bool:
    """True for classes a thing undergoes once (a bridge is destroyed once):
    their dates are compared across the story when the object is the same."""
    if not name:
        return False
    spec = load_data("claims_events").get("classes", {}).get(name, {})
    return bool(spec.get("once_per_target", False))


@cache
def _event_classes() -> tuple[int, dict[tuple[str, ...], str], dict[str, tuple[str, bool, bool, bool]]]:
    """(max distance, keyword lemmas -> class,
    class -> (label, story_event, once, before_only))."""
    data = load_data("claims_events")
    keyword_class: dict[tuple[str, ...], str] = {}
    classes: dict[str, tuple[str, bool, bool, bool]] = {}
    for name, spec in data.get("classes", {}).items():
        classes[name] = (spec.get("label", name), bool(spec.get("story_event", True)), bool(spec.get("once", False)),
                         bool(spec.get("before_only", False)))
        for kw in spec.get("keywords", []):
            keyword_class.setdefault(tuple(kw.lower().split()), name)
    return int(data.get("max_distance", 12)), keyword_class, classes


@cache
def _event_contexts() -> dict[str, tuple[frozenset[str], str | None]]:
    """Class -> (lemmas one of which the sentence must hold for the class's
    keywords to name it, the class they name otherwise), for the classes
    whose keywords all have another sense ("campaign", "launch")."""
    return {name: (frozenset(w.lower() for w in spec["context"]), spec.get("otherwise"))
            for name, spec in load_data("claims_events").get("classes", {}).items() if spec.get("context")}


def is_once_event(name: str | None) -> bool:
    """True for classes a story normally has one of (a coup attempt): their
    dates are compared across the story even when the sentences do not align."""
    return bool(name) and _event_classes()[2].get(name, (name, True, False, False))[2]


def event_label(name: str | None) -> str:
    """Human label of an event class ("the coup attempt")."""
    if not name:
        return "an event"
    return _event_classes()[2].get(name, (name, True, False, False))[0]


def is_story_event(name: str | None) -> bool:
    """False for classes such as reporting, whose dates are about the article."""
    if not name:
        return True
    return _event_classes()[2].get(name, (name, True, False, False))[1]


def _stopwords() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS) | _filters()[1]


def _parse(picked: Sequence[tuple[AnalyzedArticle, int]]) -> list[Any]:
    """The spaCy doc of each (article, sentence): read from the parse that
    analyze stored with the article, else (an analysis without one) parsed
    here with the shared model; None when the model is missing too (slots
    that need a parse are then left empty)."""
    if not picked:
        return []
    from .parses import sentence_docs

    docs = sentence_docs(picked)
    todo = [k for k, d in enumerate(docs) if d is None]
    if not todo:
        return docs
    try:
        from ..analyze.nlp import load_nlp

        nlp = load_nlp()
    except Exception:  # noqa: BLE001 - a missing model degrades, it does not stop reconcile
        return docs
    texts = [picked[k][0].sentences[picked[k][1]].text for k in todo]
    for k, doc in zip(todo, nlp.pipe(texts, disable=["ner"], batch_size=64)):
        docs[k] = doc
    return docs


def _is_clause(doc: Any) -> bool:
    """A full statement: a main verb with a subject ("Most of the fighters
    who stayed behind were foreigners"), not a menu item or a command."""
    if doc is None:
        return False
    return any(t.dep_ == "ROOT" and t.pos_ in ("VERB", "AUX")
               and any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in t.children) for t in doc)


_FINITE = frozenset({"VBD", "VBZ", "VBP", "MD"})
_NOMINAL = frozenset({"NOUN", "PROPN", "PRON"})
_RELATIVE = frozenset({"WDT", "WP", "WP$", "WRB"})


def _subordinators() -> frozenset[str]:
    return frozenset(load_data("claims_filters").get("subordinators", []))


def _opens_subordinate(t: Any, subordinators: frozenset[str]) -> bool:
    """A word that opens a clause depending on another ("while", "who",
    "that" as a complementiser), not a preposition ("after the skirmish")."""
    return (t.dep_ == "mark" or t.tag_ in _RELATIVE
            or (t.lower_ in subordinators and t.dep_ not in ("prep", "nsubj", "nsubjpass", "det")))


def _statement(tokens: Sequence[Any]) -> bool:
    """A finite verb with a noun or pronoun before it: a clause that
    states something of its own ("many people were killed"), not a verb
    sharing the previous subject ("and charged them"), an attribution
    ("the commander said") nor a subordinate clause ("the larger of which
    was ...", "after the company decided ...")."""
    reporting = _filters()[2]
    subordinators = _subordinators()
    seen_nominal = False
    sub = False  # inside a subordinate clause whose verb has not come yet
    reported = False  # a reporting verb came last: "that" opens what was said
    for t in tokens:
        if _opens_subordinate(t, subordinators):
            if not (reported and _is_complementiser(t)):
                sub = True
            seen_nominal = False
            continue
        if t.tag_ in _FINITE:
            if sub:
                sub, seen_nominal = False, False  # the subordinate clause's own verb
                continue
            verb = t.head if t.dep_ in ("aux", "auxpass") else t
            if seen_nominal and (t.lemma_.lower() not in reporting or _reports_a_thing(verb)) \
                    and verb.dep_ not in ("relcl", "acl"):
                return True  # not the verb of a relative clause without a pronoun ("the last time he heard")
        if t.pos_ in ("VERB", "AUX"):
            reported = t.lemma_.lower() in reporting
        seen_nominal = seen_nominal or t.pos_ in _NOMINAL
    return False


def _reports_a_thing(verb: Any) -> bool:
    """True for a reporting verb whose object is what it reports ("the
    army announced the capture of 41 posts"): a statement, not an
    attribution of the clause beside it.  Verbs listed in
    claims_filters ``object_reporting_verbs`` only ("told reporters" names
    who heard it)."""
    data = load_data("claims_filters")
    verbs = frozenset(data.get("object_reporting_verbs", []))
    back = frozenset(data.get("anaphoric_determiners", []))
    # "confirmed this account": the object points back into the sentence's
    # other clause, and alone the clause says nothing.
    return verb.lemma_.lower() in verbs and any(
        c.dep_ == "dobj" and c.pos_ in ("NOUN", "PROPN", "NUM")
        and not any(d.dep_ in ("det", "poss") and d.lower_ in back for d in c.children) for c in verb.children)


def _is_complementiser(t: Any) -> bool:
    """ "that" opening a complement clause (not a relative pronoun)."""
    return t.lower_ == "that" and t.tag_ not in _RELATIVE and t.dep_ in ("mark", "")


def _reported_that(left: Sequence[Any], right: Sequence[Any]) -> bool:
    """True when ``right`` opens with the "that" of a second thing reported
    by a reporting verb of ``left`` ("X said that A and that B"): B is a
    statement of its own once "that" is left out."""
    toks = [t for t in right if not (t.is_punct or t.dep_ == "cc")]
    reporting = _filters()[2]
    # The reporter must be named: "It is believed that A and that B" often
    # hides a relative clause in translated text ("... and that they intend
    # to use"), and says nothing of who reports it.
    return bool(toks) and _is_complementiser(toks[0]) and any(
        t.pos_ in ("VERB", "AUX") and t.lemma_.lower() in reporting
        and any(c.dep_ == "nsubj" and c.lower_ != "it" for c in t.children) for t in left)


def _attribution_tail(tokens: Sequence[Any]) -> bool:
    """True when the words open with an attribution of what came before
    ("the officer said, adding ...", "it said", "the ministry has
    announced"): it belongs to the clause before it, which would lose its
    speaker if cut there."""
    reporting = _filters()[2]
    toks = [t for t in tokens if not (t.is_punct and t.tag_ in ("``", "''"))]
    j = 0
    while j < len(toks) and toks[j].pos_ in _NP_POS:
        j += 1
    np_end = j
    # "the White House has announced": the auxiliaries before the verb.
    while j < len(toks) and toks[j].dep_ == "aux" and toks[j].pos_ == "AUX":
        j += 1
    finite = j < len(toks) and (toks[j].tag_ in _FINITE or (j > np_end and toks[j].tag_ in ("VBN", "VB")))
    if np_end == 0 or not finite:
        return False
    if toks[j].lemma_.lower() not in reporting:
        # Whatever its verb ('...," the judge declared in a filing'), a
        # clause right after a closing quote mark is the quote's
        # attribution when its verb governs the quoted clause before it
        # (the small model makes it a complement, an adverbial or a
        # conjunct one).  Not after an opening mark: 'producers had this
        # to say, "Jackman is a star' opens the quote, whatever the parse.
        verb = toks[j]
        first = tokens[0].i
        after_quote = any(_closes_quote(t) for t in [*tokens[0].doc[max(0, first - 2):first], *tokens[:3]])
        return after_quote and any(t.dep_ in ("ccomp", "parataxis", "advcl", "conj") and t.i < tokens[0].i
                                   for t in verb.children)
    rest = toks[j + 1:]
    return not rest or rest[0].is_punct or rest[0].pos_ in ("ADP", "ADV")


def _before_last_conjunct(doc: Any, words: Sequence[Any], fragment_tags: frozenset[str]) -> tuple[int, int] | None:
    """The span of a cut sentence up to the coordinator of the conjunct the
    cut falls in ("..., if we have to keep people from contracting COVID
    and helping reopen..." -> up to "COVID"), or None: the cut must fall
    inside a conjunct (a word under a ``conj`` that a ``cc`` opens), and what
    is left must end on no fragment word and hold its own verb."""
    last = words[-1]
    t = last
    while t.dep_ != "conj" and t.head.i != t.i:
        t = t.head
    if t.dep_ != "conj":
        return None
    cc = next((c for c in t.children if c.dep_ == "cc" and c.i < t.i), None)
    if cc is None:
        cc = next((c for c in t.head.children if c.dep_ == "cc" and t.head.i < c.i < t.i), None)
    if cc is None:
        return None
    # a verb may end the first conjunct ("... from flooding and ..."): its
    # object, if any, is before the coordinator; a function word may not
    return _kept_before(doc, words, min(cc.i, t.left_edge.i), fragment_tags, verb_end=True)


def _before_open_clause(doc: Any, words: Sequence[Any], fragment_tags: frozenset[str]) -> tuple[int, int] | None:
    """The span of a cut sentence up to the comma that sets off the
    subordinate clause the cut falls in before its verb ("... inched up
    around 5 percent, while property..." -> up to "percent"), or None: what
    is left must end on no fragment word and hold its own verb."""
    opener = _open_opener(words)
    if opener is None or opener.i == 0 or doc[opener.i - 1].text != ",":
        return None
    # no verb form at the end either: "... study including, as recommended"
    return _kept_before(doc, words, opener.i - 1, fragment_tags, verb_end=False)


def _kept_before(doc: Any, words: Sequence[Any], stop: int, fragment_tags: frozenset[str], *,
                 verb_end: bool) -> tuple[int, int] | None:
    """The span of the sentence's words before token ``stop``, when they
    stand as a claim: a verb of their own, no open subordinate clause, and
    no fragment word at the end (a verb form allowed there with
    ``verb_end``); a bracket they open is closed."""
    kept = [w for w in words if w.i < stop]
    if not kept or (kept[-1].tag_ in fragment_tags and not (verb_end and kept[-1].tag_.startswith("VB"))) \
            or not any(w.pos_ in ("VERB", "AUX") for w in kept) or _open_subordinate(kept):
        return None
    return (doc[0].idx, _bracket_closed(doc, kept[-1], stop))


def _bracket_closed(doc: Any, last: Any, stop: int) -> int:
    """The end of a kept span that ends on ``last``, taking in the closing
    brackets just after it (before token ``stop``) that close one it opens:
    "Mark Levine (D-Manhattan)", not "(D-Manhattan"."""
    end = last.idx + len(last)
    depth = sum(1 for t in doc[:last.i + 1] if t.text == "(") - sum(1 for t in doc[:last.i + 1] if t.text == ")")
    k = last.i + 1
    while depth > 0 and k < stop and doc[k].text == ")":
        end, depth, k = doc[k].idx + 1, depth - 1, k + 1
    return end


def _open_subordinate(tokens: Sequence[Any]) -> bool:
    """True when the words end inside a subordinate clause that has not got
    its verb yet ("Mr Smith replied that the city"): cutting there leaves
    the clause's subject behind."""
    return _open_opener(tokens) is not None


def _open_opener(tokens: Sequence[Any]) -> Any:
    """The word that opens the subordinate clause the words end inside
    before its verb (:func:`_open_subordinate`), or None."""
    subordinators = _subordinators()
    opener = None
    for t in tokens:
        if _opens_subordinate(t, subordinators):
            opener = t
        elif t.tag_ in _FINITE:
            opener = None
    return opener


_NP_POS = frozenset({"DET", "ADJ", "NUM", "NOUN", "PROPN", "PRON", "PART"})


def _bad_start(tokens: Sequence[Any]) -> bool:
    """True when a clause cannot stand alone from its first words: it opens
    with a subordinator or relative ("While two escaped", "that they
    intend", "which ..."), or with a verb or infinitive whose subject is in
    the other clause ("also rescued two ships", "Coming off a film, ...")."""
    subordinators = _subordinators()
    toks = [t for t in tokens if not (t.is_punct or t.dep_ == "cc")]
    while toks and toks[0].pos_ == "ADV" and toks[0].dep_ != "mark" and toks[0].lower_ not in subordinators:
        toks.pop(0)
    if not toks:
        return True
    first = toks[0]
    if _opens_subordinate(first, subordinators) or first.tag_ == "TO":
        return True
    return first.pos_ in ("VERB", "AUX") and first.dep_ not in ("csubj", "csubjpass")


def _leans_back(tokens: Sequence[Any]) -> bool:
    """True when a clause's subject, or the subject of the clause it reports,
    is a pronoun that points back into the sentence's other clause (data:
    claims_filters ``anaphoric_subjects``): alone it says nothing."""
    words = frozenset(load_data("claims_filters").get("anaphoric_subjects", []))
    inside = {t.i for t in tokens}
    # The clause's own verb (its head lies outside the clause) and the
    # clause that verb reports; a subject deeper down ("before they opened
    # fire") belongs to a clause of its own.
    verbs = [t for t in tokens if t.head.i not in inside or t.head.i == t.i]
    verbs += [c for v in verbs for c in v.children if c.dep_ == "ccomp"]
    return any(c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in words for v in verbs for c in v.children)


def _noun_coordination(doc: Any, k: int) -> bool:
    """True when the coordinator at token ``k`` joins words, not clauses:
    "23 Somali and Yemeni pirates", "passengers and crew after ...",
    "the US and its allies" (with the verb after them).  When the parser
    says the coordinator joins verbs, it joins clauses; otherwise the words
    after it must be a noun phrase followed at once by its finite verb
    ("... and many people were killed"), which the small model often
    parses as a coordinated noun."""
    # "dug into cellars and tunnels kept up ...": a bare noun after the
    # coordinator, of the same kind as the object of the preposition before
    # it, reads both ways ("into cellars and tunnels" / "tunnels kept up").
    # Whichever way the parser went, the cut is a guess: keep one claim.
    prev, nxt = doc[k - 1], doc[k + 1]
    if prev.dep_ == "pobj" and nxt.tag_ == prev.tag_ and nxt.pos_ == "NOUN" and not any(
            c.dep_ in ("det", "poss", "nummod", "amod") for c in nxt.children):
        return True
    head = doc[k].head
    if head.pos_ in ("VERB", "AUX") and any(c.dep_ == "conj" and c.i > k and c.pos_ in ("VERB", "AUX")
                                            for c in head.children):
        return False
    if k + 1 < len(doc) and _is_complementiser(doc[k + 1]):
        return False  # "... and that B": a second thing reported (see _reported_that)
    j = k + 1
    while j < len(doc) and doc[j].pos_ in _NP_POS and doc[j].tag_ not in _RELATIVE:
        if doc[j].dep_ in ("nsubj", "nsubjpass") and doc[j].head.i > j and doc[j].head.pos_ in ("VERB", "AUX") \
                and doc[j].head.dep_ in ("ROOT", "conj", "parataxis"):
            return False  # the subject of a main verb of its own ("... and residents who fled have said")
        j += 1
    if j == k + 1:
        return True
    while j < len(doc) and doc[j].pos_ == "ADV":
        j += 1
    if not (j < len(doc) and doc[j].tag_ in _FINITE):
        return True
    # Tags alone say "clause"; the words before must then hold a main verb
    # of their own: in "fighters dug into cellars and tunnels kept up their
    # resistance" the parser reads "dug" as a reduced relative ("fighters
    # (who) dug ..."), and the cut would make two false statements.
    return not any(t.pos_ in ("VERB", "AUX") and t.tag_ in _FINITE and t.dep_ in ("ROOT", "conj", "parataxis", "ccomp")
                   for t in doc[:k])


def _clauses(doc: Any) -> list[tuple[int, int]]:
    """Character spans of the coordinated clauses of a parsed sentence, or
    [] when it is one statement (:func:`_clause_parts` without the subjects
    carried over)."""
    return [span for span, _ in _clause_parts(doc)]


def _contrast_seam(doc: Any, k: int, words: frozenset[str]) -> bool:
    """True when token ``k`` is a contrast subordinator after a comma
    ("..., while the agency kept ...", claims_filters ``[contrast]``) whose
    clause has its own subject and finite verb and hangs on a verb before
    it: a second statement, cut off as a coordinated clause is."""
    t = doc[k]
    if t.lower_ not in words or t.dep_ != "mark" or k < 1 or doc[k - 1].text != ",":
        return False
    verb = t.head
    pointing = frozenset(load_data("claims_filters").get("contrast", {}).get("not_subject_determiners", []))
    # "..., although that situation has now improved": the subject points
    # back into the first clause, and alone the clause says nothing.
    return (verb.i > k and verb.dep_ == "advcl" and verb.head.i < k
            and any(c.dep_ in ("nsubj", "nsubjpass") and c.i > k
                    and not any(d.dep_ == "det" and d.lower_ in pointing for d in c.children)
                    for c in verb.children)
            and (verb.tag_ in _FINITE or any(c.dep_ in ("aux", "auxpass") and c.tag_ in _FINITE
                                             for c in verb.children)))


def _carried_subject(doc: Any, left: Sequence[Any], right: Sequence[Any], seam: Any,
                     data: Mapping[str, Any]) -> tuple[int, int] | None:
    """Token range [lo, hi) of the first clause's subject that the clause
    after a contrast word refers to with its first word, a pronoun ("The
    panel rejected the plan, but it endorsed the shots": "it" is the
    panel), or None (claims_filters ``[contrast]``).  Precision first: the
    pronoun and the subject have the same role (subject of an active verb,
    or of a passive one: "approved the budget, but it was cut" is the
    budget) and number; the subject is a short run of words without a
    figure, a date or punctuation; the pronoun's verb is not a copula, a
    reporting verb nor one that takes a clause ("but it is unclear
    whether"); no other pronoun of the clause points back."""
    if seam.lower_ not in frozenset(data.get("words", [])):
        return None
    toks = [t for t in right if not (t.is_punct or t.dep_ == "cc" or t.i == seam.i)]
    if not toks or toks[0].lower_ not in frozenset(data.get("carried_subjects", [])):
        return None  # "but that it would ...": a second thing reported, or the pronoun not first
    pronoun, verb = toks[0], toks[0].head
    if pronoun.dep_ not in ("nsubj", "nsubjpass") or verb.i <= pronoun.i or verb.pos_ not in ("VERB", "AUX"):
        return None
    if verb.lemma_.lower() in frozenset(data.get("not_verbs", [])) or verb.lemma_.lower() in _filters()[2] \
            or any(c.dep_ in ("ccomp", "xcomp", "csubj") for c in verb.children):
        return None
    back = frozenset(load_data("claims_filters").get("anaphoric_subjects", []))
    if any(t.i != pronoun.i and t.dep_ in ("nsubj", "nsubjpass") and t.lower_ in back for t in doc[seam.i + 1:]):
        return None  # another pronoun after it points back too ("..., and it will take two weeks")
    inside = {t.i for t in left}
    heads = [t for t in left if t.pos_ in ("VERB", "AUX") and (t.head.i not in inside or t.head.i == t.i)]
    if heads and heads[0].lemma_.lower() in _filters()[2]:
        return None  # "The company said it was sending a ship, but it ...": the ship, or the company?
    subjects = [c for h in heads[:1] for c in h.children if c.dep_ in ("nsubj", "nsubjpass") and c.i in inside]
    if len(subjects) != 1 or subjects[0].dep_ != pronoun.dep_:
        return None
    subj = subjects[0]
    plural = subj.tag_ in ("NNS", "NNPS") or any(c.dep_ == "conj" for c in subj.children)
    if subj.pos_ not in ("NOUN", "PROPN") or plural != (pronoun.lower_ == "they") \
            or (not plural and subj.ent_type_ == "PERSON"):
        return None
    lo, hi = subj.left_edge.i, subj.right_edge.i + 1
    if any(x.is_punct or x.pos_ in ("VERB", "AUX") for x in doc[lo:hi]):
        hi = subj.i + 1  # "The panel, which ..." / "the panel that met": the noun phrase up to its noun
    words = doc[lo:hi]
    if hi - lo > int(data.get("max_subject_tokens", 8)) or any(
            x.is_punct or x.like_num or x.pos_ in ("VERB", "AUX", "PRON") or x.ent_type_ in ("DATE", "TIME")
            for x in words):
        return None
    return lo, hi


def _closes_quote(t: Any) -> bool:
    """Whether the token is a closing quote mark: by the mark itself, and
    for a straight one by the marks before it (the tagger reads a straight
    closing mark before a comma as an opening one as often as not)."""
    if t.text in ("”", "»", "''"):
        return True
    return t.text == '"' and sum(u.text == '"' for u in t.doc[:t.i]) % 2 == 1


def _attributed_quote_tokens(doc: Any) -> set[int]:
    """Indices of the tokens inside quote marks that the sentence's own
    words follow (its attribution: '"...," the judge said')."""
    inside: set[int] = set()
    opened = None
    for t in doc:
        # by the marks, not the tags: the tagger reads a straight closing
        # mark before a comma as an opening one as often as not
        closes = t.text in ("”", "»") or (t.text == '"' and opened is not None)
        if closes and opened is not None:
            if any(not (u.is_punct or u.is_space) for u in doc[t.i + 1:]):
                inside.update(range(opened + 1, t.i))
            opened = None
        elif t.text in ('"', "“", "«"):
            opened = t.i
    return inside


def _clause_parts(doc: Any) -> list[tuple[tuple[int, int], tuple[int, int] | None]]:
    """Character spans of the coordinated clauses of a parsed sentence
    ("These were mainly foreigners and many people were killed" -> two), or
    [] when it is one statement.  A seam is a coordinating word or a comma /
    semicolon with a statement on each side (:func:`_statement`); read
    mostly from tags rather than from the dependency tree, which the small
    model often gets wrong on such sentences.  Precision first: a clause
    that cannot stand alone (a subordinate clause, a verb sharing the
    subject, a list of nouns cut in two) is never cut off, and the sentence
    stays one claim.  The seam belongs to neither clause."""
    if doc is None:
        return []
    filters = load_data("claims_filters")
    punct = frozenset(filters.get("clause_seam_punct", [";"]))
    comma_starts = frozenset(filters.get("comma_clause_starts", []))
    main_deps = frozenset(filters.get("comma_clause_heads", ["ROOT", "conj", "parataxis"]))

    def opens_clause(k: int) -> bool:
        # After a comma, a clause of its own: it opens with a nominal and its
        # verb heads a main or coordinated clause, not an adverbial or
        # relative one (", a village near X, three months earlier than
        # officials had believed" is not a second statement).
        nxt = next((t for t in doc[k + 1:] if not t.is_punct), None)
        if nxt is None or nxt.pos_ not in comma_starts:
            return False
        end = next((t.i for t in doc[k + 1:] if t.text in (",", ";") or t.dep_ == "cc"), len(doc))
        return any(t.dep_ in ("nsubj", "nsubjpass") and k < t.head.i < end and t.head.dep_ in main_deps
                   for t in doc[k + 1:end])

    not_seams = frozenset(filters.get("not_clause_seams", []))

    def phrase_seam(t: Any) -> bool:
        # "2,000 or so", "as well as": the coordinator is part of a phrase.
        return (f"{t.lower_} {doc[t.i + 1].lower_}" in not_seams
                or f"{doc[t.i - 1].lower_} {t.lower_}" in not_seams)

    contrast = filters.get("contrast", {})
    contrast = contrast if contrast.get("enabled", False) else {}
    contrast_subs = frozenset(contrast.get("subordinators", []))
    seams = [t.i for t in doc if 0 < t.i < len(doc) - 1 and not phrase_seam(t)
             and ((t.dep_ == "cc" and not _noun_coordination(doc, t.i))
                  or t.text in punct or (t.text == "," and opens_clause(t.i))
                  or _contrast_seam(doc, t.i, contrast_subs))]
    # '"I won it once and I will win it again," she declared': the quoted
    # words are one statement of the speaker the words after them name; cut
    # inside the marks, a clause would lose its speaker.
    attributed = _attributed_quote_tokens(doc)
    seams = [k for k in seams if k not in attributed]
    cuts, lo = [], 0
    carried: dict[int, tuple[int, int]] = {}  # cut -> token range of the subject its clause carries over
    for n, k in enumerate(seams):
        # The clause after a seam runs to the next seam: "the streets and
        # the tunnels, and every house ..." is cut before "every", not "the".
        nxt = seams[n + 1] if n + 1 < len(seams) else len(doc)
        left, right = doc[lo:k], doc[k + 1:nxt]
        if _reported_that(left, right):
            right = doc[next(t.i for t in right if _is_complementiser(t)) + 1:nxt]
        if _bad_start(right) or _open_subordinate(left) or _attribution_tail(right):
            continue
        subject = None
        if _leans_back(right):
            # "..., but it endorsed the shots": the pronoun is the first
            # clause's subject, carried over, or the sentence stays whole.
            subject = _carried_subject(doc, left, right, doc[k], contrast) if contrast else None
            if subject is None:
                continue
        # The words since the previous seam must state something too: in
        # "X did it twice and Y and Z each had a shot" the second "and"
        # joins two names, not two clauses.
        since = doc[max(lo, seams[n - 1] + 1):k] if n and doc[seams[n - 1]].dep_ == "cc" else left
        if _statement(left) and _statement(since) and _statement(right):
            cuts.append(k)
            lo = k + 1
            if subject is not None:
                carried[k] = subject
    if not cuts:
        return []
    spans: list[tuple[tuple[int, int], tuple[int, int] | None]] = []
    lo, prev = 0, None
    for k in [*cuts, len(doc)]:
        toks = [t for t in doc[lo:k]]
        while toks and (toks[0].is_punct or toks[0].dep_ == "cc"):
            toks.pop(0)
        if lo and toks and _is_complementiser(toks[0]):
            toks.pop(0)  # "... and that B": the claim is B (its source is the reporter)
        subject = carried.get(prev) if prev is not None else None
        if subject is not None and toks:
            toks.pop(0)  # the pronoun: the carried subject stands for it
        while toks and toks[-1].is_punct and k != len(doc):
            if toks[-1].tag_ == "''" and any(t.tag_ == "``" for t in toks):
                break  # the closing quote of a quote the clause opens
            toks.pop()
        if toks:
            who = None
            if subject is not None:
                first, last = doc[subject[0]], doc[subject[1] - 1]
                who = (first.idx, last.idx + len(last))
            spans.append(((toks[0].idx, toks[-1].idx + len(toks[-1])), who))
        lo, prev = k + 1, k
    return spans if len(spans) > 1 else []


def _facts(doc: Any) -> list[tuple[int, int]]:
    """Character spans of the facts a sentence states in passing about a
    name: an apposition giving an age or a role ("Karim Haddad, 47",
    "Lena Park, the mayor of Easton") and a relative clause set off by a
    comma ("Omar Said, who was arrested in 2010").  Each span runs from the
    name to the end of what is said of it, so that its text reads as a
    statement on its own; the sentence stays a claim too."""
    if doc is None:
        return []
    data = load_data("claims_filters").get("facts", {})
    if not data.get("enabled", False):
        return []
    max_appos = int(data.get("max_apposition_tokens", 12))
    max_relative = int(data.get("max_relative_tokens", 25))
    max_age = int(data.get("max_age", 120))
    heads = frozenset(data.get("name_pos", ["PROPN"]))
    after_prep = frozenset(data.get("not_after_prepositions", []))
    ages_after_prep = bool(data.get("ages_after_prepositions", False))
    roles = bool(data.get("role_appositions", True))
    out: list[tuple[int, int]] = []

    def name_start(h: Any) -> int | None:
        # The name with what is glued to it ("British journalist John
        # Cantlie"), never across punctuation.
        lo = h.left_edge.i
        if any(t.is_punct or t.like_num for t in doc[lo:h.i + 1]):
            return None  # across punctuation, or a date ("12 January, which cut ...")
        return lo

    def end_ok(i: int) -> bool:
        # What is said of the name ends at a comma or the sentence's end, not
        # in the middle of a phrase.
        return i + 1 >= len(doc) or doc[i + 1].is_punct

    for t in doc:
        h = t.head
        if h.i >= t.i or h.pos_ not in heads or t.left_edge.i < 1 or doc[t.left_edge.i - 1].text != ",":
            continue
        lo = name_start(h)
        hi = t.right_edge.i
        if lo is None or not end_ok(hi):
            continue
        piece = doc[t.left_edge.i:hi + 1]
        age = t.dep_ == "appos" and t.like_num and len(piece) == 1
        if t.dep_ == "appos" and h.dep_ == "pobj" and h.head.lower_ in after_prep and not (age and ages_after_prep):
            # "62 wins in Portland, the fourth-highest total": of what is it
            # said?  An age set off by commas ("a report on Juma Hamdan, 53,")
            # can only be said of the name before it.
            continue
        if t.dep_ == "appos" and len(piece) <= max_appos:
            if any(x.tag_ in _FINITE or x.tag_ in _RELATIVE for x in piece):
                continue  # a clause inside: not a plain age or role
            if t.like_num and len(piece) == 1:
                try:
                    age = int(t.text)
                except ValueError:
                    continue
                if not 0 < age <= max_age:
                    continue
            elif t.pos_ != "NOUN" or not roles:
                continue  # another name ("Paris, France"), a list, or a role that only identifies
        elif t.dep_ == "relcl" and len(piece) <= max_relative:
            if h.dep_ == "pobj" and h.head.lower_ == "of":
                continue  # "the east of the Euphrates, which ...": which of the two is meant?
            first = doc[t.left_edge.i]
            if first.tag_ not in ("WP", "WDT") or first.dep_ not in ("nsubj", "nsubjpass") \
                    or not any(x.tag_ in _FINITE for x in piece):
                continue  # "who was arrested ...": the relative is the subject of its own verb
        else:
            continue
        last = doc[hi]
        out.append((doc[lo].idx, last.idx + len(last)))
    return out


def _embedded(doc: Any) -> list[tuple[int, int]]:
    """Character spans of the statements a sentence makes inside one of its
    clauses, each a claim of its own besides the sentence (data:
    claims_filters ``[embedded]``):

    - a part of a counted whole named with a figure ("31 dead, including
      four firefighters", "killed 12 people, including two children"): the
      span runs from the whole (with the verb and subject right before it,
      when there is no punctuation between) to the end of the part;
    - a clause giving a reason or circumstance as a fact ("..., as he was
      driving a red van"): its own subject and finite verb, after one of
      the listed conjunctions; the span leaves the conjunction out.

    Precision first: the part needs a figure (without one, "including the
    mayor" says who was there, not how many) and ends at a comma or the
    sentence's end; a clause that only supposes ("if", "unless") is never
    listed."""
    if doc is None:
        return []
    data = load_data("claims_filters").get("embedded", {})
    if not data.get("enabled", False):
        return []
    cues = frozenset(w.lower() for w in data.get("part_cues", []))
    marks = frozenset(w.lower() for w in data.get("asserting_conjunctions", []))
    max_tokens = int(data.get("max_tokens", 25))
    out: list[tuple[int, int]] = []

    def own_end(p: Any) -> int:
        # The part's own words: a parser that hangs the next coordinated
        # clause on it (", and more than 150 injured") is not followed.
        keep = [c.right_edge.i for c in p.children if c.dep_ not in ("conj", "cc", "punct", "appos", "relcl", "acl")]
        return max([p.i, *keep])

    def unbroken(lo: int, hi: int) -> bool:
        return not any(x.is_punct for x in doc[lo:hi])

    for t in doc:
        k = t.i
        if t.lower_ in cues and 1 < k < len(doc) - 1 and doc[k - 1].text == ",":
            parts = [c for c in t.children if c.dep_ == "pobj"]
            if not parts or not any(c.dep_ == "nummod" for c in parts[0].children):
                continue  # no figure: it says who, not how many
            hi = own_end(parts[0])
            if not (hi + 1 >= len(doc) or doc[hi + 1].is_punct):
                continue
            whole = doc[k - 2]
            while whole.dep_ in ("nummod", "amod", "compound", "quantmod") and whole.head.i > whole.i:
                whole = whole.head
            if whole.i != k - 2 or whole.pos_ not in ("NOUN", "PROPN", "ADJ", "NUM"):
                continue  # the comma does not close a noun phrase
            lo = whole.left_edge.i
            verb = whole.head
            if whole.dep_ in ("dobj", "attr", "nsubjpass") and verb.pos_ in ("VERB", "AUX") and verb.i < lo \
                    and unbroken(verb.i, lo):
                lo = verb.i  # "killed 12 people, ..."
                subj = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c.i < verb.i]
                if subj and unbroken(subj[0].left_edge.i, verb.i):
                    lo = subj[0].left_edge.i
            if hi - lo + 1 > max_tokens or not unbroken(lo, k - 1):
                continue
            out.append((doc[lo].idx, doc[hi].idx + len(doc[hi])))
        elif t.lower_ in marks and t.dep_ == "mark" and k > 1 and doc[k - 1].text == ",":
            verb = t.head
            if verb.dep_ != "advcl" or verb.head.i > k or verb.tag_ not in _FINITE and not any(
                    c.dep_ in ("aux", "auxpass") and c.tag_ in _FINITE for c in verb.children):
                continue  # not a clause after its main clause, or no finite verb
            if not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children) \
                    or verb.lemma_.lower() in _filters()[2] or verb.head.lemma_.lower() in _filters()[2]:
                # No subject of its own; "as the captain had warned": a source,
                # not a fact; "..., the governor said, as crews dug on": hung
                # on the attribution, not on what it attributes.
                continue
            lo, hi = k + 1, verb.right_edge.i
            while hi > lo and doc[hi].is_punct:
                hi -= 1
            if not (hi + 1 >= len(doc) or doc[hi + 1].is_punct) or hi - lo + 1 > max_tokens:
                continue
            out.append((doc[lo].idx, doc[hi].idx + len(doc[hi])))
    return out


def _main_clause(doc: Any) -> list[tuple[int, int]]:
    """The character span of a sentence's main clause when a participle
    clause set off by a comma hangs on its verb, before or after it ("The
    number of births fell 4% in 2020, dropping to the lowest level since
    1979"; "Faced with a rise in cases, the county will again require
    masks"), or [] (data: claims_filters ``[main_clause]``).

    The main clause is a claim of its own besides the sentence: another
    report that states only it ("births dropped by 4% in 2020") states the
    same proposition, and the cross-encoder, trained on MSRP's strict "same
    meaning", parts it from the whole sentence for the clause it adds.  The
    sentence stays a claim and carries what the participle adds.  Precision
    first: the clause must hang on the sentence's root, which must have its
    own subject inside the main clause; the participle clause must run from
    the comma to the sentence's end (trailing) or from the sentence's start
    to the comma (leading), so that what is left is the whole main clause;
    a main clause that only reports ("the agency said Tuesday, citing ...")
    or leaves a quote open is not one."""
    if doc is None or len(doc) < 4:
        return []
    data = load_data("claims_filters").get("main_clause", {})
    if not data.get("enabled", False):
        return []
    tags = frozenset(data.get("participle_tags", ["VBG", "VBN"]))
    deps = frozenset(data.get("participle_deps", ["advcl"]))
    noun_deps = frozenset(data.get("trailing_noun_deps", []))
    quotes = frozenset(data.get("quote_marks", ['"', "“", "”"]))
    list_deps = frozenset(data.get("list_deps", ["conj", "appos"]))
    roots = [t for t in doc if t.dep_ == "ROOT"]
    if len(roots) != 1 or roots[0].pos_ not in ("VERB", "AUX"):
        return []
    root = roots[0]
    words = [t for t in doc if not (t.is_punct or t.is_space)]
    if not words:
        return []
    first, last = words[0], words[-1]
    out: list[tuple[int, int]] = []
    for c in root.children:
        lo_c, hi_c = c.left_edge, c.right_edge
        trailing = c.i > root.i and hi_c.i >= last.i and lo_c.i > 0 and doc[lo_c.i - 1].text == ","
        leading = c.i < root.i and lo_c.i <= first.i and hi_c.i + 1 < len(doc) and doc[hi_c.i + 1].text == ","
        if not (trailing or leading):
            continue
        participle = c.dep_ in deps and c.tag_ in tags and all(
            t.pos_ == "ADV" for t in doc[lo_c.i:c.i])  # the clause opens with its participle
        # ", the lowest level in decades": a noun phrase that says more of
        # the whole clause (trailing only).
        noun = trailing and c.dep_ in noun_deps and c.pos_ == "NOUN" and not any(
            t.tag_ in _FINITE for t in doc[lo_c.i:hi_c.i + 1])
        if not (participle or noun):
            continue
        if trailing:
            # "charged with homicide, manslaughter, leaving the scene ...": a
            # gerund that is an item of a list, not a clause of its own.
            before = doc[lo_c.i - 2]
            while before.dep_ in ("compound", "amod", "nummod") and before.head.i > before.i:
                before = before.head
            if before.dep_ in list_deps or any(x.dep_ in list_deps for x in before.children):
                continue
        span = doc[:lo_c.i - 1] if trailing else doc[hi_c.i + 2:]
        toks = [t for t in span if not t.is_space]
        while toks and toks[0].is_punct and toks[0].text not in quotes:
            toks.pop(0)
        while trailing and toks and toks[-1].is_punct:
            toks.pop()
        if not toks or not any(s.dep_ in ("nsubj", "nsubjpass", "expl") and toks[0].i <= s.i <= toks[-1].i
                               for s in root.children):
            continue  # the root's subject is not in the main clause
        if sum(t.text in quotes for t in toks) % 2:
            continue  # a quote opened or closed on the other side of the comma
        if root.lemma_.lower() in _filters()[2] and not any(
                d.dep_ in ("ccomp", "dobj") and toks[0].i <= d.i <= toks[-1].i for d in root.children):
            continue  # "the agency said Tuesday": who speaks, not what
        out.append((toks[0].idx, toks[-1].idx + len(toks[-1])))
    return out


def _core_clause(doc: Any, lo: int, hi: int, *,
                 names: Sequence[tuple[int, int, str]] = ()) -> tuple[int, int] | None:
    """The character span of a claim's core when what it adds at its end
    (data: claims_filters ``[core_clause]``) runs from a cut to its last
    word, or None: an apposition or relative clause about a name set off by
    a comma ("fired Commissioner Andrew Saul, a holdover from the Trump
    administration who ..."), or a circumstance its verb is told with
    ("... after the official refused to resign", "... amid a dispute over
    his leadership"), or what its object is for or does ("signed an order
    aimed at ...").

    Three outlets that open on one event each add their own circumstance,
    and the cross-encoder, trained on MSRP's strict "same meaning", parts
    each pair for what one adds; their cores ("President Biden on Friday
    fired Social Security Commissioner Andrew Saul") say the same.  The core
    is a claim besides the whole, which stays a claim.  Precision first: the
    claim's own verb and its subject stay in the core, a name in apposition
    is what the claim says and stays, and the core must name at least
    ``min_names`` distinct things (``name_labels``), one of them not a date:
    "two people died" after one thing and after another are two facts.
    ``names``: the sentence's mentions and times as (start, end, label),
    characters of the sentence (analyze's, not the parse's: the parse here
    may have no entities)."""
    data = load_data("claims_filters").get("core_clause", {})
    if doc is None or not data.get("enabled", False):
        return None
    toks = [t for t in doc if lo <= t.idx and t.idx + len(t) <= hi and not t.is_space]
    words = [t for t in toks if not t.is_punct]
    if len(words) < 4:
        return None
    own = {t.i for t in toks}
    heads = [t for t in toks if t.head.i not in own or t.head.i == t.i]
    if len(heads) != 1 or heads[0].pos_ not in ("VERB", "AUX"):
        return None
    verb, last = heads[0], words[-1]
    if verb.lemma_.lower() in _filters()[2]:
        # "X struck Y after Z, the army said": the core is the reported
        # clause's, told before its speaker (who said it is not the claim).
        said = [c for c in verb.children if c.dep_ == "ccomp" and c.i < verb.i and c.i in own]
        if len(said) != 1:
            return None
        verb = said[0]
        toks = [t for t in toks if verb.left_edge.i <= t.i <= verb.right_edge.i]
        words = [t for t in toks if not t.is_punct]
        if len(words) < 4:
            return None
        own, last = {t.i for t in toks}, words[-1]
    passing = frozenset(data.get("passing_deps", ["appos", "relcl"]))
    kept_pos = frozenset(data.get("passing_kept_pos", ["PROPN"]))
    preps = frozenset(data.get("circumstance_prepositions", []))
    marks = frozenset(data.get("circumstance_conjunctions", []))
    quotes = frozenset(data.get("quote_marks", ['"', "“", "”"]))
    cuts: list[int] = []
    for t in toks:
        left = t.left_edge.i
        if t.right_edge.i < last.i or left - 1 not in own or left - 1 <= verb.i:
            continue  # it must run to the claim's end, after its verb
        if t.dep_ in passing and t.pos_ not in kept_pos and doc[left - 1].text == "," \
                and t.head.i < left - 1 and not any(x.text == "," for x in t.subtree):
            # A comma inside ("Kijakazi, the deputy commissioner, to serve as
            # acting commissioner"): the parse may have hung the rest of the
            # claim on the apposition.
            cuts.append(left - 1)
        elif t.head.i == verb.i and t.i > verb.i:
            first = doc[left]
            marker = next((c for c in t.children if c.dep_ == "mark"), None) if t.dep_ == "advcl" else None
            if (t.dep_ == "prep" and t.lower_ in preps and t.i == first.i) or (
                    marker is not None and marker.lower_ in marks and marker.i == first.i):
                cuts.append(left - 1 if doc[left - 1].text == "," else left)
    # What the object is for or does ("an executive order aimed at shoring
    # up ...", "an order boosting ..."): each outlet words it its own way,
    # and the cross-encoder parts the leads for it.  Only a participle on
    # the verb's object that runs to the claim's end or to a cut above.
    purpose_deps = frozenset(data.get("purpose_deps", []))
    purpose = frozenset(data.get("purpose_verbs", []))
    purpose_tags = frozenset(data.get("purpose_tags", []))
    end = min(cuts, default=last.i + 1)
    end_word = max((t.i for t in toks if t.i < end and not t.is_punct), default=-1)
    for t in toks:
        obj = t.head
        if t.dep_ in purpose_deps and (t.lemma_.lower() in purpose or t.tag_ in purpose_tags) \
                and obj.dep_ == "dobj" and obj.head.i == verb.i and verb.i < obj.i < t.left_edge.i \
                and t.right_edge.i == end_word:
            cuts.append(t.left_edge.i - 1 if doc[t.left_edge.i - 1].text == "," else t.left_edge.i)
    if not cuts:
        return None
    cut = min(cuts)
    kept = [t for t in toks if t.i < cut]
    while kept and kept[-1].is_punct:
        kept.pop()
    if not kept or verb.i > kept[-1].i or not any(
            c.dep_ in ("nsubj", "nsubjpass", "expl") and c.i in {t.i for t in kept} for c in verb.children):
        return None
    if sum(t.text in quotes for t in kept) % 2:
        return None  # a quote opened in the core closes in what was cut
    labels = frozenset(data.get("name_labels", []))
    lo_c, hi_c = kept[0].idx, kept[-1].idx + len(kept[-1])
    named = {(label, doc.text[s0:e0].lower()) for s0, e0, label in names
             if label in labels and lo_c <= s0 and e0 <= hi_c}
    dated = frozenset(data.get("date_labels", ["DATE", "TIME"]))
    if len(named) < int(data.get("min_names", 2)) or all(lab in dated for lab, _ in named):
        return None
    return kept[0].idx, kept[-1].idx + len(kept[-1])


def _only_reports(doc: Any, part: tuple[int, int] | None, reporting: frozenset[str]) -> bool:
    """True when every verb of the sentence (or of its clause ``part``) is a
    reporting verb: "Gerry Scherlinck said." says who spoke, not what."""
    lo, hi = part if part is not None else (0, len(doc.text))
    verbs = [t for t in doc if lo <= t.idx < hi and t.pos_ in ("VERB", "AUX")]
    return bool(verbs) and all(t.lemma_.lower() in reporting for t in verbs)


def stated_text(u: ClaimUnit) -> str:
    """What a claim unit states, without who it is attributed to: "the
    blood was drawn well after the arrest" of "CHP Officer Brian Pennings
    said that the blood was drawn well after the arrest" (a reporting verb's
    subject and the verb, "according to X").  Two reports of one fact name
    its source differently ("he said", "the officer said", none): the words
    of the attribution are not a part of the fact one of them adds.  Its
    words, space-separated, for comparing; the unit's text when there is
    no parse or no attribution."""
    rest = stated_tokens(u)
    if rest is None:
        return u.text
    # Words only: what is left is compared, not shown.
    return " ".join(t.text for t in rest)


def stated_tokens(u: ClaimUnit) -> list[Any] | None:
    """The tokens of :func:`stated_text` (the unit's own tokens without its
    attribution), or None when the unit has no parse or nothing but its
    attribution is content."""
    doc = u.doc
    if doc is None:
        return None
    lo, hi = u.span if u.span is not None else (0, len(u.source_text))
    toks = [t for t in doc if lo <= t.idx and t.idx + len(t) <= hi]
    if u.carried is not None:  # the subject the clause carries over is stated too
        toks = [t for t in doc if u.carried[0] <= t.idx and t.idx + len(t) <= u.carried[1]] + toks
    reporting = _filters()[2]
    drop: set[int] = set()
    for t in toks:
        if t.lower_ == "according":
            drop.update(x.i for x in t.subtree)  # "according to the fire service"
        elif t.pos_ in ("VERB", "AUX") and t.lemma_.lower() in reporting and (
                t.dep_ == "parataxis" or any(c.dep_ in ("ccomp", "parataxis") for c in t.children)):
            # The verb, who speaks and its auxiliaries ("the ministry has
            # said", "A, the ministry said"); what else hangs on the verb
            # ("..., the second time she has hosted") may be content.
            drop.add(t.i)
            for c in t.children:
                if c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass", "neg"):
                    drop.update(x.i for x in c.subtree)
    rest = [t for t in toks if t.i not in drop]
    if not any(t.is_alpha and not t.is_stop for t in rest):
        return None
    return rest


@cache
def _dateline_prefixes() -> tuple[re.Pattern[str], ...]:
    """What opens a sentence without being part of its claim: a dateline,
    an outlet's section label ("Why it matters: ...")."""
    raw = load_data("claims_filters")
    return tuple(re.compile(p) for p in [*raw.get("dateline_prefix", []), *raw.get("label_prefix", [])])


def _fallback_tokens(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group().lower()) for m in _WORD.finditer(text)]


def _reports_clause(doc: Any, reporting: frozenset[str]) -> bool:
    """True when the sentence's root is a reporting verb with a clause for
    what it reports ("X said A and B"), not with a noun ("the coast guard
    announced the rescue of 12 sailors and the port stayed closed": the
    second clause is not the coast guard's)."""
    if doc is None:
        return False
    # A verb with a noun object ("announced the capture of 41 posts") reports
    # that thing; a parser that also hangs the next clause on it guesses.
    return any(t.dep_ == "ROOT" and t.lemma_.lower() in reporting and not _reports_a_thing(t)
               and any(c.dep_ in ("ccomp", "xcomp", "parataxis") for c in t.children) for t in doc)


@cache
def _headline_rules() -> tuple[frozenset[str], frozenset[str], frozenset[str], frozenset[str]] | None:
    """``[headline_predicate]`` of claims_filters.toml: (dependencies from
    the root to the noun, the participle's dependencies, its tags, the
    dependencies of a subject of its own), or None when off."""
    data = load_data("claims_filters").get("headline_predicate", {})
    if not data.get("enabled", False):
        return None
    return (frozenset(data.get("through_deps", [])), frozenset(data.get("participle_deps", [])),
            frozenset(data.get("participle_tags", [])), frozenset(data.get("own_subject_deps", [])))


def _headline_participle(root: Any) -> Any:
    """The past participle a verbless headline states its event in ("man
    charged with arson" of "Breaking: man charged with arson after fire"),
    or a verb with a subject of its own that the parse hung on a kicker
    ("Waitrose fire: Man denies arson"); None when the root is a verb or no
    such verb hangs on it or on a noun it joins (its apposition)."""
    rules = _headline_rules()
    if rules is None or root.pos_ in ("VERB", "AUX"):
        return None
    through, deps, tags, subjects = rules
    todo = [root]
    while todo:
        t = todo.pop(0)
        for c in t.children:
            if c.dep_ in deps and c.pos_ in ("VERB", "AUX") and (
                    c.tag_ in tags or any(g.dep_ in subjects for g in c.children)):
                return c
        todo.extend(c for c in t.children if c.dep_ in through)
    return None


def _predicate(doc: Any, reporting: frozenset[str]) -> tuple[str | None, str | None, str | None]:
    """(predicate lemma, object lemma, attributed subject) of a parsed sentence.

    When the root is a reporting verb with a clausal complement, the claim is
    the complement; the root's subject is who it is attributed to."""
    if doc is None:
        return None, None, None
    # A clause cut from its sentence (Span.as_doc) keeps its verb's label
    # ("conj"), with the verb as its own head: that is its root.
    roots = [t for t in doc if t.dep_ == "ROOT" or t.head.i == t.i]
    if not roots:
        return None, None, None
    root = _headline_participle(roots[0]) or roots[0]
    source = None
    if root.lemma_.lower() in reporting:
        comps = [c for c in root.children if c.dep_ in ("ccomp", "xcomp", "parataxis")]
        subj = [c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subj:
            source = " ".join(t.text for t in subj[0].subtree)
        if comps:
            root = comps[0]
    elif root.lemma_.lower() in _naming_verbs() and any(c.dep_ == "oprd" for c in root.children) \
            and any(c.dep_ == "dobj" for c in root.children):
        # "Deese called the measure a pivotal moment": the label is the
        # subject's judgement, so the subject is the claim's source.
        subj = [c for c in root.children if c.dep_ == "nsubj"]
        if subj:
            source = " ".join(t.text for t in subj[0].subtree)
    obj = None
    for child in root.children:
        if child.dep_ in ("dobj", "attr", "acomp", "oprd", "nsubjpass"):
            obj = child.lemma_.lower()
            break
    if obj is None:
        for child in root.children:
            if child.dep_ in ("prep", "agent"):
                pobj = [g for g in child.children if g.dep_ == "pobj"]
                if pobj:
                    obj = pobj[0].lemma_.lower()
                    break
    return root.lemma_.lower(), obj, source


def _nearest_event(tokens: Sequence[tuple[int, int, str]], start: int, end: int) -> str | None:
    """Class of the event keyword nearest (in tokens) to the span start..end
    (characters, relative to the sentence)."""
    found = _nearest_event_at(tokens, start, end)
    return found[0] if found else None


def _nearest_event_at(tokens: Sequence[tuple[int, int, str]], start: int,
                      end: int) -> tuple[str, int] | None:
    """(class, index of the keyword's first token) of the nearest event keyword."""
    max_distance, keyword_class, classes = _event_classes()
    inside = [i for i, (s, e, _) in enumerate(tokens) if s < end and e > start]
    if not inside:
        inside = [min(range(len(tokens)), key=lambda i: abs(tokens[i][0] - start))] if tokens else []
    if not inside:
        return None
    lo, hi = min(inside), max(inside)
    lemmas = [lem for _, _, lem in tokens]
    present = {lem.lower() for lem in lemmas}
    contexts = _event_contexts()
    longest = max((len(k) for k in keyword_class), default=1)
    best: tuple[int, int, str, int] | None = None
    skip_to = 0
    for i in range(len(lemmas)):
        if i < skip_to:
            continue  # inside a longer keyword already matched
        for size in range(longest, 0, -1):
            cls = keyword_class.get(tuple(lemmas[i:i + size]))
            if cls in contexts and not contexts[cls][0] & present:
                # "a campaign stop", "launched a fashion line": not the
                # class the keyword names in war.
                cls = contexts[cls][1]
            if cls is None:
                continue
            j = i + size - 1
            if j >= lo and i <= hi:
                break  # the keyword is the date expression itself
            if j > hi and classes[cls][3]:
                skip_to = j + 1
                break  # this class only dates what follows its keyword
            dist = lo - j if j < lo else i - hi
            # Ties go to the keyword before the date: "the incident took
            # place on January 10" is about the incident.
            cand = (dist, 0 if j < lo else 1, cls, i)
            if dist <= max_distance and (best is None or cand < best):
                best = cand
            skip_to = j + 1
            break
    return (best[2], best[3]) if best else None


@cache
def _comparison_rules() -> tuple[tuple[re.Pattern[str], ...], tuple[str, ...], dict[str, str]]:
    data = load_data("verdicts_comparisons")
    patterns = tuple(re.compile(p) for p in data.get("patterns", []))
    fillers = tuple(data.get("object_fillers", []))
    noun_class = {}
    for name, spec in data.get("subjects", {}).items():
        for noun in spec.get("nouns", []):
            noun_class.setdefault(noun.lower(), name)
    return patterns, fillers, noun_class


def _comparisons(text: str, tokens: Sequence[tuple[int, int, str]]) -> list[dict[str, Any]]:
    """What the sentence compares something with ("the size of Wales"), and
    the class of the thing compared (territory), when a subject noun is there."""
    patterns, fillers, noun_class = _comparison_rules()
    stripped = text
    for filler in fillers:
        stripped = re.sub(re.escape(filler), "", stripped, flags=re.IGNORECASE)
    subject = next((noun_class[lem] for _, _, lem in tokens if lem in noun_class), None)
    out: list[dict[str, Any]] = []
    for pattern in patterns:
        for m in pattern.finditer(stripped):
            obj = m.group("object").strip()
            item = {"object": obj, "subject": subject, "text": m.group(0).strip()}
            if all(o["object"] != obj for o in out):
                out.append(item)
    return out


def _when(t: TimeExpr, offset: int, tokens: Sequence[tuple[int, int, str]], doc: Any = None) -> dict[str, Any]:
    start, end = t.start - offset, t.end - offset
    found = _nearest_event_at(tokens, start, end)
    event = found[0] if found else None
    target = None
    if found and doc is not None and is_once_per_target(event):
        target = _event_target(doc, tokens[found[1]][0])
    return {
        "value": t.value,
        "end_value": t.end_value,
        "precision": t.precision,
        "text": t.text,
        "resolved": t.resolved,
        "event": event,
        "target": target[0] if target else None,  # normalised object of the event ("al jisr bridge")
        "target_text": target[1] if target else None,  # as written ("the al-Jisr bridge")
        "range": list(date_range(t.value, t.precision, end_value=t.end_value, text=t.text) or []) or None,
        "start": start,
        "end": end,
    }


_NOUN_POS = frozenset({"NOUN", "PROPN"})
_DROP_DEPS = frozenset({"det", "poss", "predet", "nummod", "quantmod", "punct", "case"})


# Clauses that hang off the main statement: a date inside one dates what
# that clause tells, not the sentence's event.
_SUBORDINATE_DEPS = frozenset({"advcl", "relcl", "acl", "ccomp", "xcomp", "csubj", "pcomp"})


def _clause_of(doc: Any, char: int) -> tuple[int, int] | None:
    """Token span of the innermost subordinate clause holding the token at
    ``char``, or None when it stands in the main clause (or nowhere)."""
    t = _token_at(doc, char)
    while t is not None and t.dep_ != "ROOT" and t.head.i != t.i:
        if t.dep_ in _SUBORDINATE_DEPS:
            return t.left_edge.i, t.right_edge.i
        t = t.head
    return None


def _relative_clause_of(doc: Any, char: int) -> tuple[int, int] | None:
    """Character span of the relative clause holding the token at ``char``
    ("which has besieged the town since mid-September"), or None."""
    t = _token_at(doc, char)
    while t is not None and t.dep_ != "ROOT" and t.head.i != t.i:
        if t.dep_ == "relcl":
            last = t.right_edge
            return t.left_edge.idx, last.idx + len(last)
        t = t.head
    return None


def _background(when: list[dict[str, Any]], times: Sequence[TimeExpr], offset: int,
                doc: Any, *, unit: tuple[int, int] | None = None) -> list[dict[str, Any]]:
    """Mark the dates of a subordinate clause as ``background`` when the
    sentence has a time outside that clause, placed or not: in "On Saturday
    evening, forces launched the final phase ... since his capture of the
    country in early 2013", early 2013 is when the capture happened, not the
    launch, and the timeline must not show the sentence under it.

    A relative clause only describes its antecedent ("The group, which
    seized the town four years ago, is now reduced to 450 fighters"), so its
    date never dates a claim that reaches beyond it (``unit``, characters of
    the sentence), whatever else the sentence says; the clause's own claim
    unit keeps it."""
    if doc is None or not when:
        return when
    for w in when:
        clause = _clause_of(doc, w["start"])
        w["background"] = False
        if clause is None:
            continue
        relative = _relative_clause_of(doc, w["start"])
        if relative is not None and unit is not None and (unit[0] < relative[0] or unit[1] > relative[1]):
            w["background"] = True
            continue
        for t in times:
            other = _token_at(doc, t.start - offset)
            if other is None or clause[0] <= other.i <= clause[1]:
                continue
            # The other time must stand above this clause: in the main clause
            # or in a clause that holds this one. Two times in side-by-side
            # clauses say nothing about which is the sentence's.
            outer = _clause_of(doc, t.start - offset)
            if outer is None or (outer[0] <= clause[0] and clause[1] <= outer[1]):
                w["background"] = True
                break
    return when


def _token_at(doc: Any, char: int) -> Any:
    for t in doc:
        if t.idx <= char < t.idx + len(t):
            return t
    return None


def _event_target(doc: Any, char: int) -> tuple[str, str] | None:
    """What the event keyword at ``char`` happens to: its direct object or
    passive subject ("blew up the al-Jisr bridge", "the bridge was
    destroyed"), as (normalised key, text as written)."""
    verb = _token_at(doc, char)
    if verb is None:
        return None
    obj = next((c for c in verb.children if c.dep_ in ("dobj", "nsubjpass") and c.pos_ in _NOUN_POS), None)
    if obj is None:
        return None
    left = [t for t in doc[obj.left_edge.i:obj.i] if t.dep_ not in _DROP_DEPS and not t.is_punct]
    key = normalize_text(" ".join([*(t.text for t in left), obj.lemma_]))
    text = doc[obj.left_edge.i:obj.i + 1].text
    return (key, text) if key else None


@cache
def _concepts() -> dict[str, str]:
    out: dict[str, str] = {}
    for name, spec in load_data("verdicts_quantities").get("concepts", {}).items():
        for noun in spec.get("nouns", []):
            out.setdefault(noun.lower(), name)
    return out


def counted_concept(lemma: str | None) -> str | None:
    """The concept a counted noun belongs to (member, militant -> fighter);
    the lemma itself when no concept lists it."""
    if not lemma:
        return None
    lemma = lemma.lower()
    head = lemma.split()[-1]
    return _concepts().get(lemma) or _concepts().get(head) or head


@cache
def _state_rules() -> dict[str, Any]:
    """Everything :func:`_count_state` reads from data/verdicts_quantities.toml."""
    data = load_data("verdicts_quantities")
    return {
        "context": {k: frozenset(w.lower() for w in v.get("words", [])) for k, v in data.get("context", {}).items()},
        "counts": {k: (v.get("counts"), v.get("context")) for k, v in data.get("concepts", {}).items()
                   if v.get("counts")},
        "aggregate": frozenset(data.get("aggregate", {}).get("nouns", [])),
        "bare_verbs": {verb: concept for concept, verbs in data.get("bare_figure_verbs", {}).items()
                       for verb in verbs},
        "reference": frozenset(data.get("reference", {}).get("words", [])),
    }


# Children of the governing verb that say what state a count is in
# ("are still inside", "believed to remain"), and children of the counted
# noun that do ("the remaining fighters", "people killed").
_VERB_STATE_DEPS = frozenset({"advmod", "prt", "neg", "acomp", "xcomp", "oprd"})
_NOUN_STATE_DEPS = frozenset({"amod", "acl", "relcl", "compound"})


def _count_state(doc: Any, start: int, end: int) -> dict[str, Any] | None:
    """Read from the parse what a figure (characters start..end of the
    sentence) counts and in what state: the counted noun when the figure has
    none, the governing verb, the context classes its words name, and
    whether the figure is only a point of comparison ("more than the 1,870
    votes ...").  None without a parse."""
    if doc is None:
        return None
    rules = _state_rules()
    span = [t for t in doc if t.idx < end and t.idx + len(t) > start]
    if not span:
        return None
    inside = {t.i for t in span}
    head = next((t for t in span if t.head.i not in inside or t.head.i == t.i), span[-1])
    if head.dep_ == "nummod" and head.head.i != head.i:
        head = head.head  # "31 dead", "about 60 armed men"
    words: set[str] = set()
    for child in head.children:
        if child.dep_ in _NOUN_STATE_DEPS and child.i not in inside:
            words.update(t.lemma_.lower() for t in child.subtree)
    reference = False
    verb = None
    path: set[str] = set()  # words between the figure and its verb
    t = head
    while t.head.i != t.i:
        if t.pos_ in ("VERB", "AUX") and t is not head:
            break
        t = t.head
        if t.lemma_.lower() in rules["reference"]:
            reference = True
        if t.pos_ not in ("VERB", "AUX"):
            path.add(t.lemma_.lower())
    if t.pos_ in ("VERB", "AUX") or t.dep_ == "ROOT":
        verb = t
    counted = None
    if head.pos_ in ("NOUN", "PROPN", "ADJ") and head.i not in {s.i for s in span if s.like_num}:
        counted = head.lemma_.lower()
    # "the surrender of several thousand members": an event noun between
    # the figure and the verb says its state; the verb is about something else.
    if any(path & cw for cw in rules["context"].values()):
        words |= path
        verb_state = False
    else:
        verb_state = True
    if verb is not None and verb is not head:
        if verb_state:
            words.add(verb.lemma_.lower())
        for child in verb.children:
            if child.dep_ in _VERB_STATE_DEPS and verb_state:
                words.add(child.lemma_.lower())
                if child.dep_ == "xcomp":
                    words.update(g.lemma_.lower() for g in child.children if g.dep_ in _VERB_STATE_DEPS)
            if child.dep_ in ("nsubj", "nsubjpass") and child.lemma_.lower() in rules["aggregate"] \
                    and child.i not in inside:
                # "the number of people killed has risen to 31": the figure
                # counts what the aggregate noun is of, in its state.
                words.update(g.lemma_.lower() for g in child.subtree)
                of = [g for p in child.children if p.dep_ == "prep" and p.lemma_.lower() == "of"
                      for g in p.children if g.dep_ == "pobj"]
                if of:
                    counted = counted or of[0].lemma_.lower()
                else:
                    known = [g.lemma_.lower() for g in child.subtree if g.lemma_.lower() in _concepts()]
                    counted = counted or (known[0] if known else child.lemma_.lower())
        if counted is None and head.like_num and verb.lemma_.lower() in rules["bare_verbs"]:
            counted = rules["bare_verbs"][verb.lemma_.lower()]
    contexts = {c for c, cw in rules["context"].items() if words & cw}
    return {"counted": counted, "predicate": verb.lemma_.lower() if verb is not None else None,
            "contexts": contexts, "reference": reference}


def _how_many(q: Quantity, offset: int, doc: Any = None) -> dict[str, Any]:
    start, end = q.start - offset, q.end - offset
    state = _count_state(doc, start, end)
    counted = q.counted or (state or {}).get("counted")
    concept = counted_concept(counted)
    contexts = set((state or {}).get("contexts", ()))
    # "31 dead" counts people in the state killed.
    as_concept, as_context = _state_rules()["counts"].get(concept, (None, None))
    if as_concept:
        concept = as_concept
        if as_context:
            contexts.add(as_context)
    return {
        "concept": concept,
        "value": q.value,
        "low": q.low,
        "high": q.high,
        "counted": counted,
        "hedge": q.hedge,
        "text": q.text,
        "start": start,
        "end": end,
        # From the parse; None without one (verdicts then read nearby words).
        "contexts": sorted(contexts) if state is not None or contexts else None,
        "predicate": (state or {}).get("predicate"),
        "reference": bool((state or {}).get("reference")),
    }


def extract_claims(
    analyzed: Sequence[AnalyzedArticle],
    *,
    settings: ReconcileSettings | None = None,
    config: Config | None = None,
    mention_entity: Mapping[tuple[str, int], str] | None = None,
    entity_names: Mapping[str, str] | None = None,
    short: bool = False,
) -> list[ClaimUnit]:
    """Claim units of every article, in article then sentence order.

    ``mention_entity`` maps (article id, mention index) to an entity id
    (from entity resolution); mentions without one are keyed by their
    lowercased text.  ``entity_names`` maps entity ids to display names.
    With ``short`` true, full clauses under the content-word floors are
    units too, marked ``short`` (``[short_statements]`` of
    data/claims_filters.toml): the caller aligns them only with a
    retelling's restatement and drops the rest
    (:func:`.align.drop_short`)."""
    min_words = stage_settings(ReconcileSettings, settings, config).claim_min_words
    residue, _, reporting = _filters()
    clause_min = int(load_data("claims_filters").get("clause_min_words", min_words))
    stop = _stopwords()
    mention_entity = mention_entity or {}
    entity_names = entity_names or {}

    filters = load_data("claims_filters")
    shorts = filters.get("short_statements", {})
    short_min = int(shorts.get("min_words", clause_min)) if short and shorts.get("enabled", False) else None
    named_short = bool(shorts.get("named", True))
    skip_headline = bool(filters.get("skip_headline", False))
    skip_furniture = frozenset(filters.get("skip_furniture", []))
    datelines = _dateline_prefixes()
    closing = "".join(filters.get("question_closing_marks", [])) + " "
    picked: list[tuple[AnalyzedArticle, int]] = []
    lead: dict[tuple[str, int], int] = {}  # characters of a dateline or label opening the sentence
    for a in analyzed:
        headline = normalize_text(a.article.title or "") if skip_headline else ""
        for s in a.sentences:
            text = s.text.strip()
            # a question inside quote marks ('"Did she need to die?"') asks too
            if not text or text.rstrip(closing).endswith("?") or any(p.search(text) for p in residue):
                continue
            if headline and normalize_text(text) == headline:
                continue  # the headline printed again: not a claim of its own
            if skip_furniture and furniture_kind(text, title=a.article.title or "") in skip_furniture:
                continue  # a photo caption, wire boilerplate, a dateline: page furniture
            m = next((m for p in datelines if (m := p.match(s.text))), None)
            if m:
                if not _WORD.search(s.text[m.end():]):
                    continue  # the dateline alone
                lead[(a.article.id, s.index)] = m.end()
            picked.append((a, s.index))
    docs = _parse(picked)

    split = bool(load_data("claims_filters").get("split_clauses", False))
    fragment_tags = frozenset(filters.get("cut_fragment_end_tags", []))
    units: list[ClaimUnit] = []
    warned: set[str] = set()
    cut = {a.article.id: a.sentences[-1].index for a in analyzed if a.sentences and is_cut(a.article.text)}
    for (a, i), doc in zip(picked, docs):
        sent = a.sentences[i]
        if doc is not None:
            tokens = [(t.idx, t.idx + len(t), t.lemma_.lower()) for t in doc if not t.is_punct and not t.is_space]
        else:
            tokens = _fallback_tokens(sent.text)
        start = lead.get((a.article.id, i), 0)
        if a.lemmas and i < len(a.lemmas) and a.lemmas[i] and not start:
            content = [w.lower() for w in a.lemmas[i]]
        else:
            content = [lem for s0, _, lem in tokens if s0 >= start and lem not in stop and _WORD.fullmatch(lem)]
        content = [w for w in content if w not in stop]
        is_short = False
        if len(content) < min_words and not (len(content) >= clause_min and _is_clause(doc)):
            if short_min is None or len(content) < short_min or start or not _is_clause(doc):
                continue
            is_short = True  # "Most of them were Tunisians.": only a retelling's restatement aligns it
        # A sentence asserting several things gives one claim per clause,
        # when every clause is a statement of its own.  A dateline opening
        # the sentence ("TOWN (Agency) -") is in none of them.
        parts: list[tuple[int, int] | None] = [None] if not start else [(start, len(sent.text.rstrip()))]
        shorts_of: set[tuple[int, int] | None] = {parts[0]} if is_short else set()
        carried: dict[tuple[int, int], tuple[int, int]] = {}  # a clause -> the subject it carries over
        if split and not is_short:
            clause_parts = [((max(lo, start), hi), who) for (lo, hi), who in _clause_parts(doc) if hi > start]
            if any(who is not None and who[0] < start for _, who in clause_parts):
                clause_parts = []  # a subject carried over from a dateline: keep the sentence whole
            spans = [span for span, _ in clause_parts]
            carried.update((span, who) for span, who in clause_parts if who is not None)
            words_in = [[lem for s0, e0, lem in tokens if s0 >= lo and e0 <= hi and lem not in stop
                         and _WORD.fullmatch(lem)] for lo, hi in spans]
            split_min = int(filters.get("split_min_words", clause_min))
            if len(spans) > 1 and all(len(w) >= split_min for w in words_in):
                parts = list(spans)
            elif short_min is not None and not is_short and len(spans) > 1 \
                    and all(len(w) >= short_min for w in words_in):
                # Clauses too short to replace their sentence ("These were
                # mainly Tunisians and many people were killed"): the
                # sentence stays a claim, each clause a short statement.
                parts += list(spans)
                shorts_of = set(spans)
        # Facts stated in passing (an age, a role, a relative clause about a
        # name) are claims of their own besides the sentence; so are the
        # statements inside a clause (a counted part of a whole, a reason
        # given as a fact), which state the event, not who someone is, so
        # they are not "in passing".
        stated_parts = list(parts)
        fact_min = int(filters.get("facts", {}).get("min_words", clause_min))
        passing: set[tuple[int, int]] = set()
        for (lo, hi), in_passing in [*((f, True) for f in _facts(doc)), *((e, False) for e in _embedded(doc))]:
            if is_short or lo < start or (lo, hi) in parts or hi - lo >= len(sent.text.strip()) - 1:
                continue
            words = [lem for s0, e0, lem in tokens if s0 >= lo and e0 <= hi and lem not in stop
                     and _WORD.fullmatch(lem)]
            if len(words) >= fact_min:
                parts.append((lo, hi))
                if in_passing:
                    passing.add((lo, hi))
        # The main clause of a sentence that adds a participle clause (or a
        # noun phrase) after a comma, or opens with one: a claim besides the
        # sentence, with the content words a clause of a split sentence needs.
        main_min = int(filters.get("split_min_words", clause_min))
        besides: set[tuple[int, int]] = set()
        for lo, hi in _main_clause(doc):
            lo = max(lo, start)
            if is_short or hi <= lo or (lo, hi) in parts or hi - lo >= len(sent.text.strip()) - 1:
                continue
            words = [lem for s0, e0, lem in tokens if s0 >= lo and e0 <= hi and lem not in stop
                     and _WORD.fullmatch(lem)]
            if len(words) >= main_min:
                parts.append((lo, hi))
                besides.add((lo, hi))
        # The core of the sentence or of each of its clauses, without what
        # it adds at its end: a claim besides it, as the main clause is.
        cores: set[tuple[int, int]] = set()
        names = [(m.start - sent.start, m.end - sent.start, m.label) for m in a.mentions if m.sentence == i]
        names += [(t.start - sent.start, t.end - sent.start, "DATE") for t in a.times if t.sentence == i]
        for part in stated_parts:
            if is_short or part in shorts_of:
                continue
            lo, hi = part if part is not None else (start, len(sent.text.rstrip()))
            core = _core_clause(doc, lo, hi, names=names)
            if core is None or core in parts or core[1] - core[0] >= hi - lo - 1:
                continue
            if normalize_text(sent.text[core[0]:core[1]]) == normalize_text(sent.text[lo:hi]):
                continue  # it cut an age or a figure only: the same claim (a verbatim repeat)
            words = [lem for s0, e0, lem in tokens if s0 >= core[0] and e0 <= core[1] and lem not in stop
                     and _WORD.fullmatch(lem)]
            if len(words) >= main_min:
                parts.append(core)
                besides.add(core)
                cores.add(core)
        # The last sentence of a text cut short that stops on a function word
        # ("He insinuated that the ten-year ban on..."): what reaches the cut
        # is a fragment, no claim; a clause before it (the main clause before
        # a participle, a fact in passing) still is, on its own.
        if cut.get(a.article.id) == sent.index and doc is not None and fragment_tags:
            words = [t for t in doc if not (t.is_punct or t.is_space)]
            # ... and one cut inside a clause that has not got its verb yet
            # ("a clip of the call in which the woman..."), or with no verb
            # over it at all ("The increase - the steepest since 1982,
            # when recipients saw a bump..."): what it says is in the part
            # not given.
            # (quoted words hung on a speaker's name whose cue was cut off,
            # '"...," Treasury Secretary Jo Lane...', are whole: they stay)
            roots = [t for t in words if t.dep_ == "ROOT"]
            verbless = bool(roots) and not any(t.pos_ in ("VERB", "AUX") or any(
                c.dep_ in ("ccomp", "parataxis") for c in t.children) for t in roots)
            # A cut right after a verb of saying ('"...," Noem said...') leaves
            # what was said whole: only when or where is not given.
            said_last = bool(words) and words[-1].lemma_.lower() in reporting and any(
                _closes_quote(t) for t in doc[:words[-1].i])
            if words and not said_last and (words[-1].tag_ in fragment_tags or verbless
                                            or _open_subordinate(words)):
                edge = words[-1].idx
                parts = [p for p in parts if p is not None and p[1] <= edge and p not in cores]
                besides = set()
                # A cut inside the last conjunct ("... from contracting COVID
                # and helping reopen..."): what comes before its coordinator
                # is whole and stays a claim, when it stands as one.
                before = _before_last_conjunct(doc, words, fragment_tags) \
                    or _before_open_clause(doc, words, fragment_tags)
                if before is not None:
                    before = (max(before[0], start), before[1])
                if before is not None and before not in parts and not verbless and len(
                        [lem for s0, e0, lem in tokens if e0 <= before[1] and lem not in stop
                         and _WORD.fullmatch(lem)]) >= clause_min:
                    parts.append(before)
        for part in parts:
            unit = _unit(a, i, sent, doc, tokens, content, part, mention_entity=mention_entity,
                         entity_names=entity_names, reporting=reporting, stop=stop, warned=warned,
                         carried=carried.get(part) if part is not None else None)
            unit.order = len(units)
            unit.passing = part in passing
            unit.cut = cut.get(a.article.id) == sent.index
            unit.short = part in shorts_of
            unit.besides = part in besides
            unit.core = part in cores
            if unit.short and named_short and not any(unit.slots.get(k) for k in ("who", "where", "how_many")):
                continue  # "Now it is too late," he said: names nothing, counts nothing
            if unit.short and doc is not None and _only_reports(doc, part, reporting):
                continue  # "Gerry Scherlinck said.": who speaks, not what is said
            units.append(unit)
    return units


def _unit(a: AnalyzedArticle, i: int, sent: Any, doc: Any, tokens: list[tuple[int, int, str]],
          content: list[str], part: tuple[int, int] | None, *, mention_entity: Mapping[tuple[str, int], str],
          entity_names: Mapping[str, str], reporting: frozenset[str], stop: frozenset[str],
          warned: set[str], carried: tuple[int, int] | None = None) -> ClaimUnit:
    """The claim unit of sentence ``i`` of an article, or of the clause
    ``part`` (characters of the sentence) of it.  Offsets in the slots stay
    relative to the sentence.  ``carried``: the characters of the first
    clause's subject that the clause carries over (:func:`_carried_subject`):
    its names are the unit's too, and its text opens the unit's."""
    aid = a.article.id
    lo, hi = part if part is not None else (0, len(sent.text))

    def inside(start: int, end: int) -> bool:
        return part is None or (start - sent.start >= lo and end - sent.start <= hi)

    def named(start: int, end: int) -> bool:
        return inside(start, end) or (carried is not None and start - sent.start >= carried[0]
                                      and end - sent.start <= carried[1])

    if part is not None:
        content = [lem for s0, e0, lem in tokens if (s0 >= lo and e0 <= hi or carried is not None
                   and s0 >= carried[0] and e0 <= carried[1]) and lem not in stop and _WORD.fullmatch(lem)]
        if doc is not None:
            clause = doc.char_span(lo, hi, alignment_mode="expand")
            doc_for_predicate = clause.as_doc() if clause is not None else doc
        else:
            doc_for_predicate = None
    else:
        doc_for_predicate = doc
    who: list[dict[str, str]] = []
    where: list[dict[str, str]] = []
    ents: set[str] = set()
    for m_index, m in enumerate(a.mentions):
        if m.sentence != i or not named(m.start, m.end):
            continue
        eid = mention_entity.get((aid, m_index))
        key = eid or "name:" + normalize_text(m.text)
        ents.add(key)
        item = {"entity": eid, "name": entity_names.get(eid, m.text) if eid else m.text, "text": m.text,
                "label": m.label}
        target = where if m.label in _PLACE_LABELS else who if m.label in _WHO_LABELS else None
        if target is not None and all((o["entity"], o["name"]) != (eid, item["name"]) for o in target):
            target.append(item)

    predicate, obj, said_by = _predicate(doc_for_predicate, reporting)
    sources: list[str] = []
    for q in a.quotes:
        covered = set(q.sentences) | {q.sentence}
        if i in covered and q.speaker:
            sources.append(q.speaker)
    for c in a.citations:
        if i in c.sentences and c.source:
            sources.append(c.source)
    if said_by is None and part is not None and _reports_clause(doc, reporting):
        said_by = _predicate(doc, reporting)[2]  # "X said A and B": B is X's too
    if said_by and not sources:
        sources.append(said_by)

    slots: dict[str, Any] = {
        "who": who,
        "what": {"predicate": predicate, "object": obj},
        "where": where,
        "when": _background([_when(t, sent.start, tokens, doc) for t in a.times
                             if t.sentence == i and t.value and inside(t.start, t.end)],
                            [t for t in a.times if t.sentence == i and inside(t.start, t.end)], sent.start, doc,
                            unit=(lo, hi)),
        "how_many": [_how_many(q, sent.start, doc) for q in a.quantities
                     if q.sentence == i and q.value is not None and inside(q.start, q.end)],
        "compared_to": _comparisons(sent.text[lo:hi], tokens),
        "source": sorted(set(sources), key=sources.index),
    }
    vector = None
    emb = a.embeddings
    if emb is not None:
        rows = getattr(emb, "shape", (0,))[0]
        if rows == len(a.sentences):
            vector = emb[i]
        elif aid not in warned:
            warned.add(aid)
            log.warning(E.E086.format(article=aid, rows=rows, sentences=len(a.sentences)))
    text = sent.text[lo:hi].strip() if part is not None else sent.text.strip()
    if carried is not None:
        # What the clause says of the subject it carries over, the cut shown
        # as an ellipsis (as a report shown without a passing clause is).
        text = f"{sent.text[carried[0]:carried[1]].strip()} … {text}"
    return ClaimUnit(
        article=aid,
        sentence=i,
        text=text,
        sentence_text=sent.text,
        slots=slots,
        terms=frozenset(content),
        entities=frozenset(ents),
        tokens=tokens,
        vector=vector,
        published=a.article.published or "",
        span=part,
        doc=doc,
        carried=carried,
    )
