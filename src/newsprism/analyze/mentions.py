"""Entity mentions and content lemmas from a parsed spaCy doc.

The statistical NER of the small model labels the same name differently
within one article (Baghouz as GPE, NORP and ORG); two data-driven fixes
make an article consistent: a word that ends a person's name elsewhere in
the article is that person, and otherwise a string takes its most frequent
label.  Before those, type rules (data) fix what the model gets wrong on
translated text: name forms (Tell X, Deir X are places; X Brigades, X Forces
are groups), "languages" that are not languages (Aleppo), and place cues
around a name ("the village of X").  An article particle before a name the
article tags elsewhere ("Al keshmah" beside "Keshmah") is added as a mention.
Mentions added or relabelled by a rule say so in ``Mention.rule``.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..data import load_toml
from ..model import Mention

__all__ = ["extract_mentions", "extract_lemmas", "name_form_label", "sentence_index"]


@dataclass(frozen=True)
class _Rules:
    named: frozenset[str]
    priority: tuple[str, ...]
    surname_from: frozenset[str]
    particles: frozenset[str]
    lemma_pos: frozenset[str]
    relabel: frozenset[str]
    place_first: frozenset[str]
    place_label: str
    group_last: frozenset[str]
    group_label: str
    institution_last: frozenset[str]
    institution_of: frozenset[str]
    place_last: frozenset[str]
    place_last_label: str
    facility_last: frozenset[str]
    facility_label: str
    facility_first: frozenset[str]
    trim: tuple[re.Pattern[str], ...]
    languages: frozenset[str]
    language_fallback: str
    place_before: tuple[str, ...]
    place_after: tuple[str, ...]
    place_before_person: tuple[str, ...]
    place_before_person_marks: tuple[str, ...]
    group_after_person: tuple[str, ...]
    place_after_any: tuple[str, ...]
    person_before: tuple[str, ...]
    person_after: tuple[re.Pattern[str], ...]
    person_label: str
    person_first: frozenset[str]
    person_from: frozenset[str]
    person_after_one_word: tuple[re.Pattern[str], ...]
    person_kin_before: frozenset[str]
    person_one_word_from: frozenset[str]
    article_words: tuple[str, ...]
    article_joiners: tuple[str, ...]
    first_names: frozenset[str]
    name_particles: frozenset[str]
    group_glosses: frozenset[str]
    gloss_from: frozenset[str]
    natural_after: tuple[str, ...]
    natural_label: str
    natural_keep: frozenset[str]
    dateline: re.Pattern[str]
    headline_share: float
    verb_endings: tuple[str, ...]
    caps_min: int
    caps_after: frozenset[str]
    plural_endings: tuple[tuple[str, str], ...]
    plural_keep: frozenset[str]
    plural_before: tuple[str, ...]
    remnant_after: frozenset[str]
    unknown_plural_endings: tuple[str, ...]
    gerund_endings: tuple[str, ...]
    unknown_plural_not: tuple[str, ...]
    fullname_min: int
    given_not_after: frozenset[str]
    max_name_words: int
    aside_dash: re.Pattern[str]
    aside_min_words: int
    furniture_alone: tuple[re.Pattern[str], ...]
    never_names: tuple[re.Pattern[str], ...]
    no_capital_drop: frozenset[str]
    guess_labels: frozenset[str]
    guess_quoted: tuple[str, ...]
    guess_keep_after: frozenset[str]
    common_labels: frozenset[str]
    common_pos: tuple[str, ...]
    common_person_labels: frozenset[str]
    caps_phrase_labels: frozenset[str]
    award_last: frozenset[str]
    award_label: str
    title_abbreviations: frozenset[str]
    scare_quoted_labels: frozenset[str]
    scare_quoted_modifiers: frozenset[str]
    office_before: tuple[str, ...]
    inner_possessive: re.Pattern[str]
    place_bracket: frozenset[str]
    place_bracket_after: frozenset[str]
    place_bracket_joiners: frozenset[str]
    place_bracket_chain: re.Pattern[str]
    possessive_org_last: frozenset[str] = frozenset()


@cache
def _rules() -> _Rules:
    raw = load_toml("analyze_mentions")
    ty, pa = raw["types"], raw["particles"]
    return _Rules(
        named=frozenset(raw["labels"]["named"]),
        priority=tuple(raw["labels"]["priority"]),
        surname_from=frozenset(raw["labels"]["surname_from"]),
        particles=frozenset(raw["labels"]["name_particles"]),
        lemma_pos=frozenset(raw["lemmas"]["pos"]),
        relabel=frozenset(ty["relabel"]),
        place_first=frozenset(ty["place_first_words"]),
        place_label=ty["place_label"],
        group_last=frozenset(ty["group_last_words"]),
        possessive_org_last=frozenset(ty.get("possessive_org_last_words", ())),
        group_label=ty["group_label"],
        institution_last=frozenset(ty["institution_last_words"]),
        institution_of=frozenset(ty["institution_of_words"]),
        place_last=frozenset(ty["place_last_words"]),
        place_last_label=ty["place_last_label"],
        facility_last=frozenset(ty["facility_last_words"]),
        facility_label=ty["facility_label"],
        facility_first=frozenset(ty.get("facility_first_words", ())),
        trim=tuple(re.compile(p) for p in ty["trim"]),
        languages=frozenset(w.casefold() for w in ty["languages"]),
        language_fallback=ty["language_fallback"],
        place_before=tuple(w.casefold() for w in ty["place_before"]),
        place_after=tuple(w.casefold() for w in ty["place_after"]),
        place_before_person=tuple(w.casefold() for w in ty["place_before_person"]),
        place_before_person_marks=tuple(w.casefold() for w in ty["place_before_person_marks"]),
        group_after_person=tuple(w.casefold() for w in ty["group_after_person"]),
        place_after_any=tuple(w.casefold() for w in ty["place_after_any"]),
        person_before=tuple(w.casefold() for w in ty["person_before"]),
        person_after=tuple(re.compile(p) for p in ty["person_after"]),
        person_label=ty["person_label"],
        person_first=frozenset(ty["person_first_words"]),
        person_from=frozenset(ty["person_from"]),
        person_after_one_word=tuple(re.compile(p) for p in ty["person_after_one_word"]),
        person_kin_before=frozenset(w.casefold() for w in ty["person_kin_before"]),
        person_one_word_from=frozenset(ty["person_one_word_from"]),
        article_words=tuple(pa["words"]),
        article_joiners=tuple(pa["joiners"]),
        # the first names the quote attributor uses for gender: one list
        first_names=frozenset(_first_names()),
        name_particles=frozenset(w.casefold() for w in ty.get("person_particles", ())),
        group_glosses=frozenset(w.casefold() for w in ty.get("group_glosses", ())),
        gloss_from=frozenset(ty.get("gloss_from", ())),
        natural_after=tuple(w.casefold() for w in ty["natural_after"]),
        natural_label=ty["natural_label"],
        natural_keep=frozenset(ty["natural_keep"]),
        dateline=re.compile(ty["dateline"], re.MULTILINE),
        headline_share=float(ty["headline_title_share"]),
        verb_endings=tuple(ty["headline_verb_endings"]),
        caps_min=int(ty["caps_common_min_length"]),
        caps_after=frozenset(w.casefold() for w in ty["caps_common_after"]),
        plural_endings=tuple((a, b) for a, b in ty["plural_endings"]),
        plural_keep=frozenset(ty["plural_common_keep"]),
        plural_before=tuple(ty["plural_name_before"]),
        remnant_after=frozenset(w.casefold() for w in ty["title_remnant_after"]),
        unknown_plural_endings=tuple(ty["unknown_plural_endings"]),
        gerund_endings=tuple(ty["gerund_endings"]),
        unknown_plural_not=tuple(ty["unknown_plural_not"]),
        fullname_min=int(raw["labels"]["full_name_min_surnames"]),
        given_not_after=frozenset(raw["labels"]["given_name_not_after"]),
        max_name_words=int(ty["max_name_words"]),
        aside_dash=re.compile(ty["aside_dash"]),
        aside_min_words=int(ty["aside_dash_min_words"]),
        furniture_alone=tuple(re.compile(p) for p in ty["furniture_alone"]),
        never_names=tuple(re.compile(p) for p in ty["never_names"]),
        no_capital_drop=frozenset(ty["no_capital_drop"]),
        guess_labels=frozenset(ty["guess_labels"]),
        guess_quoted=tuple(ty["guess_quoted"]),
        guess_keep_after=frozenset(w.casefold() for w in ty["guess_keep_after"]),
        common_labels=frozenset(ty["common_word_labels"]),
        common_pos=tuple(ty["common_word_pos"]),
        common_person_labels=frozenset(ty["common_word_person_labels"]),
        caps_phrase_labels=frozenset(ty["caps_common_phrase_labels"]),
        award_last=frozenset(ty["award_last_words"]),
        award_label=ty["award_label"],
        title_abbreviations=frozenset(ty["title_abbreviations"]),
        scare_quoted_labels=frozenset(ty["scare_quoted_labels"]),
        scare_quoted_modifiers=frozenset(ty["scare_quoted_modifiers"]),
        office_before=tuple(w.casefold() for w in ty["office_title_before"]),
        inner_possessive=re.compile(ty["inner_possessive"]),
        place_bracket=frozenset(ty["place_bracket_labels"]),
        place_bracket_after=frozenset(ty["place_bracket_after"]),
        place_bracket_joiners=frozenset(w.casefold() for w in ty["place_bracket_joiners"]),
        # "(Egypt) and ": a bracketed country, then a joiner, up to the next name
        place_bracket_chain=re.compile(r"\s*\([^()]*\)\s*(?:" + "|".join(re.escape(w) for w in ty["place_bracket_joiners"])
                                       + r")\s*"),
    )


@cache
def _lemma_index(pos: str) -> frozenset[str]:
    """Base forms of the words of one part of speech ("verb", "noun") the
    pipeline's lemmatiser knows (its WordNet index), empty when the model has
    no such table."""
    try:
        from .nlp import load_nlp

        table = load_nlp().get_pipe("lemmatizer").lookups.get_table("lemma_index")
        return frozenset(table[pos])
    except Exception:  # noqa: BLE001 - without the table the rules that need it are off
        return frozenset()


def _verbs() -> frozenset[str]:
    return _lemma_index("verb")


def _plural_noun(word: str) -> bool:
    """Whether a word is the plural of a common noun the lemmatiser knows
    ("Groups", "Mortars", "Bobcats"); "Gates" counts too, so callers ask for
    another cue."""
    low = word.lower()
    nouns = _lemma_index("noun")
    return low not in nouns and any(
        low.endswith(end) and len(low) > len(end) + 1 and low[: -len(end)] + repl in nouns
        for end, repl in _rules().plural_endings)


def _first_names() -> list[str]:
    gender = load_toml("analyze_quotes").get("gender", {})
    return list(gender.get("female_names", ())) + list(gender.get("male_names", ()))


def name_form_label(text: str, label: str) -> tuple[str, str] | None:
    """(label, rule) that the form of a name imposes, or None: "Tell Sawa"
    is a place, "the Dawn Brigades" a group, "Aleppo" not a language.  Used
    here on every mention and by entity resolution on whole entities."""
    rules = _rules()
    if label not in rules.relabel:
        return None
    words = _key(text).split()
    if not words:
        return None
    if len(words) >= 2 and words[0] in rules.person_first and words[1][:1].isupper():
        return (rules.person_label, "type:person-word") if label != rules.person_label else None
    if len(words) >= 2 and words[-1] in rules.institution_last and label == rules.person_label:
        return rules.group_label, "type:group-word"
    if label == rules.person_label and any(w in rules.institution_of and nxt == "of" for w, nxt in zip(words, words[1:])):
        return rules.group_label, "type:group-word"  # "T.H. Chan School of Public Health"
    if len(words) >= 2 and words[-1] in rules.award_last and label == rules.person_label:
        return rules.award_label, "type:award-word"
    if len(words) >= 2 and words[-1] in rules.group_last:
        return (rules.group_label, "type:group-word") if label != rules.group_label else None
    if len(words) >= 2 and (words[-1] in rules.facility_last
                            or (len(words) <= 5 and words[0] in rules.facility_first and words[-1][:1].isupper())):
        return (rules.facility_label, "type:place-word") if label != rules.facility_label else None
    if len(words) >= 2 and words[-1] in rules.place_last and label not in {"GPE", "LOC", "FAC"}:
        return rules.place_last_label, "type:place-word"
    if (2 <= len(words) <= 4 and words[0] in rules.place_first and words[1][:1].isupper()
            and label not in {"GPE", "LOC", "FAC"}):
        return rules.place_label, "type:place-word"
    if (len(words) == 3 and words[0] in rules.first_names and words[1].casefold() in rules.name_particles
            and all(w[:1].isupper() for w in words[2:]) and label in rules.person_from):
        # "Bashar Al Asad", "Omar bin Salem": a known first name, an Arabic
        # particle, a family name; three words only, since a fourth is
        # often an institution named after the person ("... Hospital")
        return rules.person_label, "type:person-name"
    if label == "LANGUAGE":
        low = " ".join(words).casefold()
        if low not in rules.languages and not low.endswith(" language"):
            return rules.language_fallback, "type:not-a-language"
    return None


def _context_label(text: str, start: int, end: int, label: str) -> tuple[str, str] | None:
    """A place cue just before or after the mention: "the village of X",
    "X, a village"; "near X" and "X port" only override a person label."""
    rules = _rules()
    if label not in rules.relabel:
        return None
    # a place label the cue confirms is kept, and marked as ruled, so that the
    # article's other mentions of the name follow it
    place = label if label in {"GPE", "LOC", "FAC"} else rules.place_label
    before = " ".join(text[max(0, start - 40):start].casefold().split())
    after = text[end:end + 20].casefold()
    if after.startswith(("'s", "’s")):
        return None
    if any(before.endswith(" " + cue) or before == cue for cue in rules.place_before):
        return place, "type:context"
    def follows(cues: tuple[str, ...]) -> bool:
        return any(after.startswith(cue) and (len(after) == len(cue) or not after[len(cue)].isalpha())
                   for cue in cues)

    gloss = re.match(r"\s*\(\s*([a-z][a-z -]*?)\s*\)", text[end:end + 40])
    if gloss and gloss.group(1) in rules.group_glosses and label in rules.gloss_from:
        # "Khawarij (infidels) tried to ...": a name glossed as a kind of
        # people names a group, not a place or a person
        return rules.group_label, "type:context"
    if label not in rules.natural_keep and follows(rules.natural_after):
        return rules.natural_label, "type:context"
    if label == "PERSON":
        if any(before.endswith(" " + cue) or before == cue for cue in rules.place_before_person):
            return place, "type:context"
        if any(before.endswith(mark) for mark in rules.place_before_person_marks):
            return place, "type:context"
        if follows(rules.group_after_person):
            return rules.group_label, "type:context"
        if follows(rules.place_after):
            return place, "type:context"
        return None
    if label not in {"GPE", "LOC", "FAC"} and follows(rules.place_after_any):
        return place, "type:context"
    words = [w for w in _key(text[start:end]).split() if w not in rules.particles]
    kin = before.rsplit(" ", 1)[-1] if before.endswith(",") else ""
    if (label in rules.person_from and 1 <= len(words) <= 3 and kin.rstrip(",") in rules.person_kin_before
            and all(w[:1].isupper() and not w.isupper() for w in words)):
        return rules.person_label, "type:context"
    if label in rules.person_from and 2 <= len(words) <= 3 and all(w[:1].isupper() and not w.isupper() for w in words):
        last = before.rsplit(" ", 1)[-1].rstrip(".,") if before else ""
        if last in rules.person_before or any(p.search(text[end:end + 20]) for p in rules.person_after):
            return rules.person_label, "type:context"
    if (label in rules.person_one_word_from and len(words) == 1 and words[0].isalpha() and words[0][:1].isupper()
            and not words[0].isupper() and any(p.search(text[end:end + 20]) for p in rules.person_after_one_word)):
        return rules.person_label, "type:context"
    return None


def sentence_index(doc: Any) -> list[int]:
    """Sentence index of every token, following ``doc.sents``."""
    out = [0] * len(doc)
    for i, s in enumerate(doc.sents):
        for t in range(s.start, s.end):
            out[t] = i
    return out


def _key(text: str) -> str:
    return " ".join(text.replace("’", "'").split()).removeprefix("the ").removeprefix("The ")


def extract_mentions(doc: Any, sent_of: list[int] | None = None) -> list[Mention]:
    rules = _rules()
    sent_of = sent_of if sent_of is not None else sentence_index(doc)
    # spaCy rebuilds Doc.text from every token at each read (0.2 ms a
    # thousand tokens): read once here, not once a mention and a rule
    text = doc.text
    # a "name" of more words than any name has is a title-case headline the
    # model read as one name, judged before any cut shortens it
    ents = [e for e in doc.ents if any(ch.isalnum() for ch in e.text)
            and not (e.label_ in rules.named and len(e.text.split()) > rules.max_name_words)]
    out = [
        Mention(e.text, e.label_, e.start_char, e.end_char, sent_of[e.start], rule=e.ent_id_ or "model")
        for e in ents
    ]
    for m in out:
        for pattern in rules.trim:
            cut = pattern.search(m.text)
            if cut and cut.start() > 0:
                m.end -= len(m.text) - cut.start()
                m.text = m.text[: cut.start()]
    for m in out:
        _cut_title_abbreviation(m, text)
    for m, e in zip(out, ents):
        _cut_predicate(m, e)
        _cut_headline_verb(m, e, doc)
    out = [m for m in out if not _capitalised_common_word(m, doc) and not _sentence_start_plural(m, doc)
           and not _no_name(m, doc, text)]
    out = _split_aside_dash(doc, out, sent_of)
    out = _coordinated_organisations(doc, out, sent_of)
    added = _particle_mentions(doc, out, sent_of)
    out = _dateline_places(text, sorted(out + added, key=lambda m: m.start))
    out = _possessive_organisations(text, out)
    _apply_type_rules(text, out)
    for m in out:
        _cut_title_remnant(m, doc)
        _cut_opening_gerund(m, doc)
    # Last words of multi-word person names: "Hamdan", "Afrin", "Baghdadi".
    surnames = set()
    for m in out:
        words = m.text.split()
        if m.label == "PERSON" and len([w for w in words if w not in rules.particles]) >= 2:
            surnames.add(words[-1])
            surnames.add(" ".join(words[-2:]))
            # "al-Baghdadi" ends "Abu Bakr al-Baghdadi": "Baghdadi" is his too
            bare = re.sub(r"^(?:al|el|Al|El)[-‑]", "", words[-1])
            if bare != words[-1] and bare[:1].isupper():
                surnames.add(bare)
    for m in out:
        # "Pagliano's" read as an organisation beside "Bryan Pagliano"
        if m.rule == "model" and m.label in rules.surname_from and re.sub(r"['’]s$", "", _key(m.text)) in surnames:
            m.label, m.rule = "PERSON", "consistency:surname"
    # "Tyler" read as a place in an article about Tyler Hansbrough: a word
    # that opens a person's full name in the article, alone, is that person
    # called by the given name.
    given = {m.text.split()[0] for m in out if m.label == "PERSON" and len(m.text.split()) >= 2
             and m.text.split()[0] not in rules.particles and m.text.split()[0].isalpha()}
    given -= {m.text for m in out if " " not in m.text and _word_before(text, m.start) in rules.given_not_after}
    for m in out:
        if m.rule == "model" and m.label in rules.surname_from and " " not in m.text and m.text in given:
            m.label, m.rule = "PERSON", "consistency:given-name"
    # "Locke and Salazar" read as one organisation, where both are surnames
    # of persons the article names in full: two persons.
    pairs = []
    for m in out:
        both = re.fullmatch(r"(\S+) and (\S+)", m.text)
        if (both and m.rule == "model" and m.label in rules.surname_from
                and both.group(1) in surnames and both.group(2) in surnames):
            pairs.append(m)
    for m in pairs:
        second = m.text.index(" and ") + len(" and ")
        out.append(Mention(m.text[second:], "PERSON", m.start + second, m.end, m.sentence,
                           rule="consistency:surname"))
        m.text, m.end = m.text[: m.text.index(" and ")], m.start + m.text.index(" and ")
        m.label, m.rule = "PERSON", "consistency:surname"
    if pairs:
        out.sort(key=lambda o: o.start)
    # The other way round: "Bettie Page" read as ORG where the article names
    # "Page" alone as a person twice or more is her full name.
    # A bare name a rule made a person counts ("Scott" typed by an age after
    # it), not one only made a surname of a full name above: "Notice Trump"
    # at the head of a tweet is no one's name.  So does the end of the name
    # when it is a person's full name in the article ("Keith Lamont Scott"
    # read as ORG beside "Lamont Scott's").
    alone = Counter(m.text for m in out if m.label == "PERSON" and " " not in m.text
                    and m.rule != "consistency:surname")
    full = {re.sub(r"['’]s$", "", m.text) for m in out if m.label == "PERSON" and len(m.text.split()) == 2
            and m.rule != "consistency:surname"}
    for m in out:
        words = m.text.split()
        if (m.rule == "model" and m.label in rules.surname_from and 2 <= len(words) <= 3
                and all(w[:1].isupper() and w.isalpha() and not w.isupper() for w in words)
                and (alone[words[-1]] >= rules.fullname_min or len(words) == 3 and " ".join(words[1:]) in full)
                and name_form_label(m.text, m.label) is None):
            m.label, m.rule = "PERSON", "consistency:surname"
    # "Pagliano's Fifth Amendment" read as one name: a person's possessive
    # opens another name, which starts after it (and takes its own label
    # by the majority below).
    persons = surnames | {m.text for m in out if m.label == rules.person_label}
    cut = []
    for m in out:
        owner = rules.inner_possessive.match(m.text)
        if (owner and m.rule == "model" and m.label in rules.named and m.label != rules.person_label
                and owner.group("owner") in persons):
            m.start += owner.end()
            m.text = m.text[owner.end():]
            cut.append(m)
    if cut:
        # the rest is a name the article writes on its own: its label there
        own = {_key(m.text): m.label for m in out if m.label in rules.named and not any(m is c for c in cut)}
        for m in cut:
            if own.get(_key(m.text), m.label) != m.label:
                m.label, m.rule = own[_key(m.text)], "consistency:possessive"
    _complete_longer_names(doc.text, out)
    # One label per string within the article.
    counts: dict[str, Counter[str]] = {}
    for m in out:
        if m.label in rules.named:
            counts.setdefault(_key(m.text), Counter())[m.label] += 1
    rank = {lab: i for i, lab in enumerate(rules.priority)}
    for m in out:
        c = counts.get(_key(m.text))
        if m.rule != "model" or c is None or len(c) < 2:
            continue
        best = sorted(c.items(), key=lambda kv: (-kv[1], rank.get(kv[0], len(rank))))[0][0]
        if best != m.label:
            m.label, m.rule = best, "consistency:majority"
    _write_back(doc, ents, out)
    return out


def _complete_longer_names(text: str, mentions: list[Mention]) -> None:
    """"a Hawaiian Gardens gang member" read as the people "Hawaiian" where
    the article names the city "Hawaiian Gardens" elsewhere: a mention the
    text continues with the rest of a longer name of the same article is
    that longer name, with its label (the model cuts a place named after a
    people, a person's full name, at its first word)."""
    rules = _rules()
    longer: dict[str, list[Mention]] = {}
    for n in mentions:
        if n.label in rules.named and " " in n.text:
            longer.setdefault(n.text.split()[0], []).append(n)
    taken = sorted((m.start, m.end) for m in mentions)
    for m in mentions:
        if m.rule != "model" or m.label not in rules.named:
            continue
        best = None
        for n in longer.get(m.text.split()[0], ()):
            if (len(n.text) > len(m.text) and n.text.startswith(m.text + " ")
                    and text[m.start:m.start + len(n.text)] == n.text
                    and (m.start + len(n.text) == len(text) or not text[m.start + len(n.text)].isalnum())
                    and not any(m.end <= s < m.start + len(n.text) for s, _e in taken)
                    and (best is None or len(n.text) > len(best.text))):
                best = n
        if best is not None:
            m.text, m.end = best.text, m.start + len(best.text)
            m.label, m.rule = best.label, "consistency:longer-name"


def _word_before(text: str, start: int) -> str:
    """The word just before a position, lower-cased ("" when none)."""
    hit = re.search(r"\b(\w+)\s*$", text[max(0, start - 20):start])
    return hit.group(1).lower() if hit else ""


def _cut_predicate(m: Mention, ent: Any) -> None:
    """A name never holds its own subject and predicate: in "where it is
    believed that Al Baghdadi Hiding there" (a translation that capitalised
    the verb) the parse makes "Hiding" the head of a clause whose subject
    is "Baghdadi"; the name ends before it."""
    if len(ent) < 2 or m.end != ent.end_char or m.label not in _rules().named:
        return
    for t in ent[1:]:
        if t.dep_ in ("ccomp", "ROOT", "relcl", "advcl", "conj", "xcomp") and any(
                c.dep_ in ("nsubj", "nsubjpass") and ent.start <= c.i < t.i for c in t.children):
            cut = t.idx
            while cut > m.start and m.text[cut - m.start - 1].isspace():
                cut -= 1
            if cut > m.start:
                m.text = m.text[: cut - m.start]
                m.end = cut
            return


def _title_case(sent: Any, share: float) -> bool:
    """Whether a sentence is written in title case, as headlines are."""
    long_words = [t.text for t in sent if t.is_alpha and len(t) >= 4]
    return len(long_words) >= 2 and sum(w[:1].isupper() for w in long_words) >= share * len(long_words)


def _cut_headline_verb(m: Mention, ent: Any, doc: Any) -> None:
    """"Obama Reverses Bush", "Fred LaRue Dies": in a title-case headline a
    capitalised verb is read into the name; the name ends before it.  A word
    the article writes capitalised in a sentence that is not in title case is
    a name's word ("Steve Jobs Dies" keeps "Jobs" when the text says "Jobs
    said")."""
    rules = _rules()
    if len(ent) < 2 or m.end != ent.end_char or m.label not in rules.named:
        return
    if not _title_case(ent.sent, rules.headline_share):
        return
    verbs = _verbs()
    for t in ent[1:]:
        low = t.text.lower()
        if not (t.text[:1].isupper() and t.is_alpha) or not any(
                low.endswith(e) and low[: -len(e)] in verbs for e in rules.verb_endings):
            continue
        if any(o.text == t.text and o.i != o.sent.start and not _title_case(o.sent, rules.headline_share)
               for o in doc if o.sent.start != ent.sent.start):
            continue
        cut = t.idx
        while cut > m.start and doc.text[cut - 1].isspace():
            cut -= 1
        if cut > m.start:
            m.text, m.end = doc.text[m.start:cut], cut
        return


def _cut_title_remnant(m: Mention, doc: Any) -> None:
    """"Secretary of the Interior Ken Salazar" read as the person "the
    Interior Ken Salazar": a person's name after an article starts at its
    first known first name, or two words before its end when the article
    writes its last word in another name ("Locke and Salazar")."""
    rules = _rules()
    span = doc.char_span(m.start, m.end)
    if m.label != rules.person_label or span is None:
        return
    if span[0].lower_ in rules.remnant_after:
        words = list(span[1:])
    elif span.start > 0 and doc[span.start - 1].lower_ in rules.remnant_after:
        words = list(span)
    else:
        return
    if len(words) < 3:
        return
    last = words[-1].text
    elsewhere = any(t.text == last and not (span.start <= t.i < span.end) for t in doc)
    for k, t in enumerate(words[1:], start=1):
        if t.text in rules.first_names or (k == len(words) - 2 and elsewhere and t.text[:1].isupper()):
            m.text, m.start = doc.text[t.idx:m.end], t.idx
            return


def _cut_opening_gerund(m: Mention, doc: Any) -> None:
    """"Joining Cooley at the news conference was ...": a verb's -ing form
    opening the sentence (or anywhere in a title-case headline: "Charged with
    Murdering Sheriff's Deputy"), read into the person's name after it, is
    cut off."""
    rules = _rules()
    span = doc.char_span(m.start, m.end)
    if m.label != rules.person_label or span is None or len(span) < 2 or not doc.has_annotation("SENT_START"):
        return
    first = span[0]
    if first.text in rules.first_names:
        return
    if (any(not _punct(t) for t in doc[span.sent.start:span.start])
            and not _title_case(span.sent, rules.headline_share)):
        return  # inside a sentence, but for a title-case headline ("Charged with Murdering Sheriff's Deputy")
    word = first.text
    if not (word[:1].isupper() and word[1:].islower() and word.isalpha()):
        return
    verbs = _verbs()
    low = word.lower()
    end = next((e for e in rules.gerund_endings if low.endswith(e) and len(low) > len(e) + 2), None)
    if end is None:
        return
    stem = low[: -len(end)]
    if not (stem in verbs or stem + "e" in verbs or (len(stem) > 2 and stem[-1] == stem[-2] and stem[:-1] in verbs)):
        return
    if _capitalised_alone_inside(word, doc):
        return
    rest = span[1]
    m.text, m.start = doc.text[rest.idx:m.end], rest.idx


def _cut_title_abbreviation(m: Mention, text: str) -> None:
    """"Los Angeles County Dist." read as one place: an abbreviated title
    (with its point after it) closing a longer name is cut off."""
    words = m.text.split()
    if len(words) >= 2 and _title_abbreviation(words[-1], text, m.end, _rules().title_abbreviations):
        m.text = m.text[: m.text.rindex(words[-1])].rstrip()
        m.end = m.start + len(m.text)


def _title_abbreviation(word: str, text: str, end: int, titles: frozenset[str]) -> bool:
    """An abbreviated title with its point, inside the word ("Sgt.", one
    token: data/analyze_sentences.toml) or just after it."""
    if word.endswith("."):
        return word[:-1] in titles
    return word in titles and text[end:end + 2].lstrip().startswith(".")


def _capitalised_common_word(m: Mention, doc: Any) -> bool:
    """"A FIRE has badly damaged ...": a word in capitals at a sentence's start
    or after an article, that the article also writes in lower case."""
    rules = _rules()
    word = m.text
    if (m.label not in rules.named or " " in word or not word.isalpha() or not word.isupper()
            or len(word) < rules.caps_min):
        return False
    span = doc.char_span(m.start, m.end)
    if span is None:
        return False
    prev = doc[span.start - 1] if span.start > 0 else None
    if not (prev is None or span.start == span.sent.start or prev.lower_ in rules.caps_after):
        return False
    low = word.lower()
    return any(t.text == low for t in doc)


def _sentence_start_plural(m: Mention, doc: Any) -> bool:
    """"Groups of people sat on a ridge", "Mortars fired by ...": a plural
    common noun capitalised only because it opens the sentence, that the
    article never writes capitalised inside a sentence."""
    rules = _rules()
    word = m.text
    if (m.label not in rules.named or m.label in rules.plural_keep or " " in word or not word.isalpha()
            or not word[:1].isupper() or not word[1:].islower() or not _plural_noun(word)):
        return False
    span = doc.char_span(m.start, m.end)
    if span is None or any(not t.is_punct for t in doc[span.sent.start:span.start]):
        return False
    return not any(t.text == word and any(not p.is_punct for p in doc[t.sent.start:t.i]) for t in doc)


def _no_name(m: Mention, doc: Any, text: str) -> bool:
    """Words the model reads as a name that name nothing: page furniture alone
    in its sentence ("A6", "@someone", "Getty/Instagram"), a word without a
    capital ("state", "ref"), a one-off guess on an unknown word ("Oenegé"
    PRODUCT), a common word capitalised because it opens the sentence
    ("Secrecy is not new"), the last word of an office's title ("Secretary of
    State").  ``text`` is ``doc.text``."""
    rules = _rules()
    if m.label not in rules.named or m.rule.startswith("ruler:"):
        return False
    word = m.text
    if m.label in rules.no_capital_drop and not any(ch.isupper() for ch in word):
        return True
    if any(p.search(word) for p in rules.never_names):
        return True
    span = doc.char_span(m.start, m.end)
    if span is None or not doc.has_annotation("SENT_START"):
        return False
    if (any(p.search(word) for p in rules.furniture_alone)
            and all(t.is_punct or t.is_space for t in span.sent if not span.start <= t.i < span.end)):
        return True
    if " " in word:
        return _caps_common_phrase(m)
    if _title_abbreviation(word, text, m.end, rules.title_abbreviations):
        return True  # "Dist. Atty. Lowell Anger": an abbreviated title, no name
    if m.label == "PERSON" and word.casefold() in rules.person_before:
        return True  # "Sheriff's deputies fanned out": a title alone names no one
    before = " ".join(text[max(0, m.start - 30):m.start].casefold().split())
    if any(before.endswith(" " + cue) or before == cue for cue in rules.office_before):
        return True
    if m.label in rules.guess_labels and word[:1].isupper() and not word.isupper():
        near = text[max(0, m.start - 1):m.end + 1]
        if (not any(q in near for q in rules.guess_quoted) and _word_before(text, m.start) not in rules.guess_keep_after
                and sum(1 for t in doc if t.text == word) == 1):
            return True
    return _scare_quoted_common_word(m, span, doc, text) or _sentence_start_common_word(m, span, doc)


def _caps_common_phrase(m: Mention) -> bool:
    """"LIKELY FOE" read as a person: words in capitals that are all common
    words the lemmatiser knows, none a known given name, name nothing."""
    rules = _rules()
    words = m.text.split()
    if m.label not in rules.caps_phrase_labels or len(words) < 2:
        return False
    if not all(w.isalpha() and w.isupper() and len(w) > 1 for w in words):
        return False
    known = [_lemma_index(pos) for pos in rules.common_pos] + [_lemma_index("adv")]
    return all(w.title() not in rules.first_names and any(w.lower() in idx for idx in known) for w in words)


def _scare_quoted_common_word(m: Mention, span: Any, doc: Any, text: str) -> bool:
    """His self-proclaimed "Caliphate": one common noun in quote marks with an
    article, a possessive or an adjective of its own, read as a title; not
    one after the noun of its kind ('the novel "Drift"')."""
    rules = _rules()
    word = m.text
    if m.label not in rules.scare_quoted_labels or len(span) != 1 or not word.isalpha():
        return False
    if not word.lower() in _lemma_index("noun"):
        return False
    if not (text[max(0, m.start - 1):m.start] in rules.guess_quoted and text[m.end:m.end + 1] in rules.guess_quoted):
        return False
    before = next((t for t in reversed(doc[max(0, span.start - 3):span.start]) if not t.is_punct), None)
    if before is not None and before.dep_ not in ("det", "poss") and before.lower_ in _lemma_index("noun"):
        return False  # 'the novel "Drift"': a title after the noun of its kind
    return any(c.dep_ in rules.scare_quoted_modifiers and c.i < span.start for c in span.root.children)


def _punct(tok: Any) -> bool:
    # a backtick opening a quote ("`Colossal' factors") is tagged PUNCT but
    # not flagged is_punct
    return tok.is_punct or tok.pos_ == "PUNCT"


def _capitalised_alone_inside(word: str, doc: Any) -> bool:
    """Whether the article writes ``word`` capitalised inside a sentence on
    its own, not as the first word of a longer name ("the Valley Defence
    Forces")."""
    for t in doc:
        if t.text != word or not any(not _punct(p) for p in doc[t.sent.start:t.i]):
            continue
        if t.ent_iob_ in ("B", "I") and t.i + 1 < len(doc) and doc[t.i + 1].ent_iob_ == "I":
            continue  # "the Valley Defence Forces": a word inside a longer name
        return True
    return False


def _sentence_start_common_word(m: Mention, span: Any, doc: Any) -> bool:
    """"Secrecy is not new", "Bank executives are not": a common word the
    lemmatiser knows, capitalised only because it opens the sentence, that the
    article writes in lower case and never capitalised inside a sentence.  A
    person's "name" ("Turnout in June was ...") needs no lower-case use, but
    may be no known given name nor a word of a longer person's name."""
    rules = _rules()
    word = m.text
    person = m.label in rules.common_person_labels
    if ((m.label not in rules.common_labels and not person) or not word.isalpha() or not word[:1].isupper()
            or not word[1:].islower()):
        return False
    low = word.lower()
    written_lower = any(t.text == low for t in doc)
    opens = not any(not _punct(t) for t in doc[span.sent.start:span.start])
    if person:
        if word in rules.first_names:
            return False
        # The longer names are the model's own spans but the one this mention
        # was cut from ("Gunman Kills L. A. Deputy" cut to "Gunman").
        if any(word in e.text.split() for e in doc.ents
               if e.label_ == m.label and " " in e.text and e.start_char != m.start):
            return False
        if low not in _lemma_index("noun"):
            # "`Colossal' factors": another common word (an adjective) read as
            # a person needs a lower-case use in the article as well
            if not (written_lower and any(low in _lemma_index(pos) for pos in rules.common_pos)):
                return False
        if not opens:
            # "Deputy's Alleged Killer Held": inside a title-case headline,
            # a common noun the article also writes in lower case ("the
            # alleged killer") is capitalised by the headline, not a name
            if not (written_lower and _title_case(span.sent, rules.headline_share)):
                return False
    elif not any(low in _lemma_index(pos) for pos in rules.common_pos):
        return False
    elif not opens or not written_lower:
        return False
    return not _capitalised_alone_inside(word, doc)


def _split_aside_dash(doc: Any, mentions: list[Mention], sent_of: list[int]) -> list[Mention]:
    """"the officer who shot Hallam - Corwin Fenn, who was put on leave":
    two names joined by a dash set off by spaces, read as one, are cut in two
    when the part after the dash is a name of its own (two capitalised words
    or more) and the article writes the part before it elsewhere without the
    dash; both parts keep the model's label for the rules after this one."""
    rules = _rules()
    text = doc.text
    out = []
    for m in mentions:
        hit = rules.aside_dash.search(m.text)
        if m.label not in rules.named or m.rule != "model" or hit is None or hit.start() == 0:
            out.append(m)
            continue
        first, second = m.text[: hit.start()], m.text[hit.end():]
        words = second.split()
        elsewhere = re.compile(rf"\b{re.escape(first)}\b(?!{rules.aside_dash.pattern})")
        if (len(words) < rules.aside_min_words or not all(w[:1].isupper() and w.isalpha() for w in words)
                or elsewhere.search(text) is None):
            out.append(m)
            continue
        a = doc.char_span(m.start, m.start + hit.start())
        b = doc.char_span(m.start + hit.end(), m.end)
        if a is None or b is None:
            out.append(m)
            continue
        out.append(Mention(first, m.label, m.start, m.start + hit.start(), sent_of[a.start], rule="model"))
        out.append(Mention(second, m.label, m.start + hit.end(), m.end, sent_of[b.start], rule="model"))
    return out


def _team_name(text: str, m: Mention, surnames: set[str]) -> bool:
    """"the Tar Heels", "the NBA's Charlotte Bobcats" read as persons: a name
    ending in a plural common noun that the article writes after "the" or a
    possessive names a team or a group."""
    rules = _rules()
    words = m.text.split()
    if m.label != rules.person_label or not 1 <= len(words) <= 3:
        return False
    if not _plural_noun(words[-1]) and not _unknown_plural(words[-1], surnames):
        return False
    before = "|".join(re.escape(w) for w in rules.plural_before)
    return re.search(rf"\b(?:{before})\s+{re.escape(m.text)}\b", text, re.IGNORECASE) is not None


def _unknown_plural(word: str, surnames: set[str]) -> bool:
    """"the Bucs", "the Seahawks": a word that looks like a plural of a noun
    the lemmatiser does not know (a team's coinage), when it is no known
    given name nor the family name of a person the article names in full
    ("the Williams sisters" beside "Serena Williams")."""
    rules = _rules()
    return (word.isalpha() and len(word) > 3 and word[:1].isupper() and word[1:].islower()
            and any(word.endswith(end) for end in rules.unknown_plural_endings)
            and not any(word.endswith(end) for end in rules.unknown_plural_not)
            and word not in rules.first_names and word not in surnames
            and word.lower()[:-1] not in _lemma_index("noun"))


def _coordinated_organisations(doc: Any, mentions: list[Mention], sent_of: list[int]) -> list[Mention]:
    """"Devon and Somerset Fire and Rescue" cut by the model into "Devon"
    (PERSON), "Somerset Fire" (PERSON) and "Rescue" (ORG): a name that ends
    with a capitalised common word (one the article writes in lower case,
    "fire") and goes on with "and" and capitalised words is one organisation
    with "and" inside, together with a lone capitalised word joined before it
    by "and" ("Devon and")."""
    rules = _rules()
    text = doc.text
    lower = {t.text for t in doc if t.text.islower()}
    tail = re.compile(r"(?: and [A-Z][\w'’-]*(?: [A-Z][\w'’-]*)*)+")
    head = re.compile(r"(?:^|(\S+) )([A-Z][\w'’-]*) and $")
    for m in list(mentions):
        words = m.text.split()
        if (m.label not in rules.relabel or len(words) < 2 or not words[-1][:1].isupper()
                or words[-1].lower() not in lower):
            continue
        after = tail.match(text, m.end)
        if after is None or "\n" in after.group(0):
            continue
        start, end = m.start, after.end()
        before = head.search(text[max(0, m.start - 40):m.start])
        if before is not None and not (before.group(1) or "").lstrip("\"“‘'([")[:1].isupper():
            # a lone word ("from Devon and"), not the end of a longer name
            # ("Surrey Police and")
            start = m.start - len(before.group(0)) + (len(before.group(1)) + 1 if before.group(1) else 0)
        span = doc.char_span(start, end)
        if span is None or len({sent_of[t.i] for t in span}) > 1:
            continue
        mentions = [o for o in mentions if o.end <= start or o.start >= end]
        mentions.append(Mention(text[start:end], rules.group_label, start, end, sent_of[span.start],
                                rule="type:coordinated-name"))
    return sorted(mentions, key=lambda o: o.start)


def _dateline_places(text: str, mentions: list[Mention]) -> list[Mention]:
    """The place of a dateline ("DAYR HAMADIYA (Meridian Press) - ..."): a
    name the model found in it becomes the whole capitalised place, labelled
    a place ("HAMADIYA" read as ORG otherwise stays a stray organisation).
    Only where the model found a name: capitals alone do not make one."""
    rules = _rules()
    for hit in rules.dateline.finditer(text):
        start, end = hit.span("place")
        inside = [m for m in mentions if m.start < end and start < m.end and m.label in rules.relabel]
        if not inside or any(m.rule.startswith("ruler:") for m in inside):
            continue
        keep = inside[0]
        keep.text, keep.start, keep.end = text[start:end], start, end
        keep.label = keep.label if keep.label in {"GPE", "LOC"} else rules.place_label
        keep.rule = "type:dateline"
        mentions = [m for m in mentions if m is keep or not any(m is x for x in inside)]
    return mentions


def _bracketed_country(text: str, m: Mention, by_start: dict[int, Mention]) -> bool:
    """"Marseilles (France)": a name followed by a country alone in brackets."""
    rules = _rules()
    hit = re.match(r"\s*\(\s*", text[m.end:m.end + 6])
    inside = by_start.get(m.end + hit.end()) if hit else None
    return (inside is not None and inside.label in rules.place_bracket
            and re.match(r"\s*\)", text[inside.end:inside.end + 4]) is not None)


def _possessive_organisations(text: str, mentions: list[Mention]) -> list[Mention]:
    """"a Sam's Club store": a person's name the model cut before "'s" and a
    word that ends a business's name (possessive_org_last_words) is that
    business's name: one mention, an organisation.  A mention the model made
    of the last word alone ("Club") goes into it."""
    rules = _rules()
    out: list[Mention] = []
    taken: list[tuple[int, int]] = []
    for m in mentions:
        if any(a <= m.start and m.end <= b for a, b in taken):
            continue
        if m.label == "PERSON":
            found = re.match(r"['’]s\s+([A-Z][\w]*)\b", text[m.end:m.end + 40])
            if found and found.group(1) in rules.possessive_org_last:
                m.end += found.end()
                m.text = text[m.start:m.end]
                m.label = "ORG"
                taken.append((m.start, m.end))
                out = [o for o in out if not (m.start <= o.start and o.end <= m.end)]
        out.append(m)
    return out


def _apply_type_rules(text: str, mentions: list[Mention]) -> None:
    """Name-form and context rules, then every model-labelled mention of a
    string a rule has typed takes that type."""
    ruled: dict[str, str] = {}
    by_start = {m.start: m for m in mentions}
    # family names of the persons the article names in full, which a team
    # rule must not take for a team's plural ("the Williams sisters")
    after_the = "|".join(re.escape(w) for w in _rules().plural_before)
    surnames = {m.text.split()[-1] for m in mentions
                if m.label == _rules().person_label and len(m.text.split()) >= 2
                and not re.search(rf"\b(?:{after_the})\s+{re.escape(m.text)}\b", text, re.IGNORECASE)}
    bracket_end = -1  # end of the last name made a place by its bracketed country
    for m in mentions:
        if m.rule.startswith("ruler:"):
            continue
        fix = name_form_label(m.text, m.label) or _context_label(text, m.start, m.end, m.label)
        before = _word_before(text, m.start)
        if (fix is None and m.label in _rules().relabel and m.label not in {"GPE", "LOC", "FAC"}
                and (before in _rules().place_bracket_after
                     or (before in _rules().place_bracket_joiners
                         and bracket_end >= 0 and _rules().place_bracket_chain.fullmatch(text, bracket_end, m.start)))
                and _bracketed_country(text, m, by_start)):
            fix = _rules().place_label, "type:context"
        if ((fix[0] if fix else m.label) in {"GPE", "LOC", "FAC"}) and _bracketed_country(text, m, by_start):
            bracket_end = m.end  # "Tel Rimah (Egypt) and ...": the next name may be a place too
        if fix is None and _team_name(text, m, surnames):
            fix = _rules().group_label, "type:group-word"
        if fix:
            m.label, m.rule = fix
        if m.rule.startswith("type:"):
            ruled.setdefault(_key(m.text), m.label)
    for m in mentions:
        label = ruled.get(_key(m.text))
        if label and m.rule in {"model", "consistency:particle"} and m.label != label and m.label in _rules().relabel:
            m.label, m.rule = label, "consistency:type"


def _particle_mentions(doc: Any, mentions: list[Mention], sent_of: list[int]) -> list[Mention]:
    """"Al keshmah" where the article tags "Keshmah": an article particle
    before a one-word name tagged elsewhere, the name in any case, the span
    covered by no entity."""
    rules = _rules()
    names: dict[str, str] = {}
    for m in mentions:
        if m.label in rules.named and m.label in rules.relabel:
            words = _key(m.text).split()
            if words and words[0] in rules.article_words:
                words = words[1:]
            if len(words) == 1 and len(words[0]) >= 4 and words[0][:1].isupper():
                names.setdefault(words[0].casefold(), m.label)
    if not names:
        return []
    text = doc.text
    covered = [(m.start, m.end) for m in mentions]
    art = "|".join(re.escape(w) for w in sorted(set(rules.article_words)))
    join = "|".join(re.escape(j) for j in rules.article_joiners)
    out = []
    for hit in re.finditer(rf"\b(?:{art})(?:{join})(\w+)\b", text):
        label = names.get(hit.group(1).casefold())
        if label is None or any(s < hit.end() and hit.start() < e for s, e in covered):
            continue
        span = doc.char_span(hit.start(), hit.end())
        if span is None:
            continue
        out.append(Mention(hit.group(0), label, hit.start(), hit.end(), sent_of[span.start],
                           rule="consistency:particle"))
        covered.append((hit.start(), hit.end()))
    return out


def _write_back(doc: Any, ents: list[Any], mentions: list[Mention]) -> None:
    """Give the doc the corrected labels (and the mentions added by rules),
    so that the steps after this one (quotes, dates, quantities) see the same
    entities as the output."""
    from spacy.tokens import Span

    by_start = {e.start_char: e for e in ents}
    # a trimmed mention gets a new, shorter span
    changed_spans = any(by_start.get(m.start) is not None and by_start[m.start].end_char != m.end for m in mentions)
    changed = len(ents) != len(doc.ents) or len(mentions) != len(ents) or any(
        by_start.get(m.start) is None or by_start[m.start].label_ != m.label for m in mentions)
    if not changed and not changed_spans:
        return
    spans = []
    for m in mentions:
        e = by_start.get(m.start)
        if e is not None and e.end_char == m.end:
            spans.append(Span(doc, e.start, e.end, label=m.label, span_id=e.ent_id))
        else:
            span = doc.char_span(m.start, m.end, label=m.label)
            if span is not None:
                spans.append(span)
    doc.ents = spans


def extract_lemmas(doc: Any) -> list[list[str]]:
    """Lower-cased lemmas of the content words of each sentence."""
    pos = _rules().lemma_pos
    return [
        [t.lemma_.lower() for t in s if t.pos_ in pos and not t.is_stop and (t.is_alpha or t.like_num)]
        for s in doc.sents
    ]
