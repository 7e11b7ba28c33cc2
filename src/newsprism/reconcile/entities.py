"""Cross-article entity resolution within a story.

One entity however it is spelled: transliteration variants (Baghouz / Bagouz /
Baghuz), articles and titles (al-Baghdadi, President Trump), surname-only and
full names (Hamdan -> Jumah Hamdi Hamdan), acronyms and their expansions, even
acronyms and names left in another language's word order (SDF / FDS, Party
of the Civic Renewal / Civic Renewal Party), and aliases from data (ISIS =
Islamic State).

Method: every mention is normalised (case, accents, apostrophes, articles,
titles); each (article, normal form) is a node; nodes are merged by a
union-find in order of decreasing evidence (same form, same transliteration
key, aliases, acronyms, partial names) under cannot-link constraints (two
different full names never merge; a person never merges with a strongly typed
place; father and son, Jr. and Sr., never merge).  Every merge records why,
in ``Entity.merges``.

Then each entity gets one type, by vote over its articles (each article one
vote, split over the labels of its mentions; a label set by a data rule
outweighs the model's guess; name forms such as "X Brigades" or "Tell X"
decide; a role before a name or "administration" after it reads a person the
model took for an organisation, and a disease or a time zone takes its kind:
data/entities_types.toml); one name, the spelling most independent sources
use (articles of one derivation family count once, given ``roots``), ties to
the longest full form; every variant with its count; and a salience, its weight in the story
(articles, mentions, lead).

The name rules (folding, particles, titles, transliteration) are the ones every
stage uses, :mod:`newsprism.names` (``data/names.toml``); aliases and salience
weights are data too, in ``data/entities_*.toml``.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache

from ..analyze.mentions import name_form_label
from ..data import load_toml
from ..config import Config, ReconcileSettings, stage_settings
from ..errors import E, NewsprismError
from ..model import AnalyzedArticle, Entity, Mention
from ..names import NameRules, familiar_forms, fold, gender_words, name_rules, name_tokens, normalize_name, skeleton_key, spelled_alike

__all__ = ["resolve_entities", "name_key", "normalize_name"]


# ------------------------------------------------------------------ rules


@dataclass(frozen=True)
class _Rules:
    """The name rules (shared with every stage: :mod:`newsprism.names`) and
    what only entity resolution reads: aliases, salience weights, agencies."""

    names: NameRules
    aliases: tuple[tuple[str, ...], ...]
    salience: dict
    agencies: frozenset[str]
    outlet_from: frozenset[str] = frozenset()
    outlet_label: str = "ORG"
    outlet_always: frozenset[tuple[str, ...]] = frozenset()  # token forms of outlets that name nothing else
    final_vowel_classes: frozenset[str] = frozenset()
    # person cues around a mention (entities_types.toml): a role before the
    # name ("secretary of education Miguel Cardona"), a leader's institution
    # after it ("the Trump administration")
    role_before: re.Pattern | None = None
    role_from: frozenset[str] = frozenset()
    leader_after: re.Pattern | None = None
    leader_from: frozenset[str] = frozenset()
    # kinds of names that are no actor and no place (a disease, a time zone, a
    # law): kind -> (normal forms, the words after a name that make it one,
    # the last words of a name that make it one)
    kinds: tuple[tuple[str, frozenset[str], re.Pattern | None, frozenset[str]], ...] = ()
    # a journalist's role with a comma before the name ("correspondent, Kaitlan Collins")
    press_role_before: re.Pattern | None = None
    # a role in an apposition after the name ("Shontel Brown, a Cuyahoga County councilor")
    role_after: re.Pattern | None = None
    # an outlet's possessive before a name ("CNN's Elle Reeve"): the owners,
    # a call sign's pattern, the words after the name that say it is no person
    possessive_owners: frozenset[str] = frozenset()
    possessive_before: re.Pattern | None = None
    possessive_not_before: re.Pattern | None = None
    possessive_from: frozenset[str] = frozenset()
    call_sign: re.Pattern | None = None
    possessive_over: frozenset[str] = frozenset()
    # a place-kind word after a name ("Rhineland-Palatinate state")
    place_after: re.Pattern | None = None
    place_from: frozenset[str] = frozenset()
    place_label: str = "GPE"
    hyphen_cut: bool = False
    glued_kind: bool = False
    glued_keep: frozenset[str] = frozenset()
    # a one-word name before a title ("Press Secretary"): no entity
    title_after: re.Pattern | None = None
    title_from: frozenset[str] = frozenset()
    # an acronym spelled out in lower case just before it ("cost-of-living
    # adjustment, or COLA"): the phrase and the acronym
    defined_acronym: re.Pattern | None = None
    # a verb in capitals after "is" ("the motion is GRANTED"): the words before
    capital_verb_before: re.Pattern | None = None
    capital_verb_endings: tuple[str, ...] = ()
    capital_verb_min: int = 0
    cut_after: re.Pattern | None = None
    cut_words: int = 0
    cut_initial: int = 0
    # a capitalised common word read as a place ("the Pardon"): labels, share
    common_from: frozenset[str] = frozenset()
    common_lower_share: float = 0.0
    # a product noun after a name ("the Pfizer vaccine"): the pattern, labels, label
    product_after: re.Pattern | None = None
    maker_before: re.Pattern | None = None  # "the vaccine developed by " just before the name
    product_from: frozenset[str] = frozenset()
    product_label: str = "ORG"
    company_before: re.Pattern | None = None
    company_from: frozenset[str] = frozenset()
    company_label: str = "ORG"
    quoted_work_before: frozenset[str] = frozenset()
    quoted_work_after: re.Pattern | None = None
    quoted_work_from: frozenset[str] = frozenset()
    quoted_work_label: str = "WORK_OF_ART"
    common_before: str | None = None  # the determiners before the lower-case word, as a pattern
    # a word with a capital inside it ("FedEx") read as a place: the form, labels, label
    inner_capital: re.Pattern | None = None
    inner_capital_from: frozenset[str] = frozenset()
    inner_capital_label: str = "ORG"
    # a company's legal form read as a name of its own ("BioNTech SE"): the pattern before it
    legal_form_before: re.Pattern | None = None
    # the classes of an acronym that a person's initials may stand for ("JFK")
    initials_classes: frozenset[str] = frozenset()
    # session 25 (s25-types): names that are no person and no place
    work_before: re.Pattern | None = None  # "special The Closer": a made thing's noun, a quote mark or "The"
    work_from: frozenset[str] = frozenset()
    work_label: str = "WORK_OF_ART"
    agency_last: frozenset[str] = frozenset()  # "Miami-Dade Fire Rescue": a public body's last word
    agency_from: frozenset[str] = frozenset()
    agency_label: str = "ORG"
    station: re.Pattern | None = None  # "KNX1070": a call sign
    station_from: frozenset[str] = frozenset()
    station_label: str = "ORG"
    company_role_after: re.Pattern | None = None  # "Netflix co-CEO"
    company_role_from: frozenset[str] = frozenset()
    company_role_label: str = "ORG"
    weapon_after: re.Pattern | None = None  # "Patriot missile"
    numbered_after: re.Pattern | None = None  # "Marine One helicopter": group 1 the number
    thing_from: frozenset[str] = frozenset()
    thing_number_from: frozenset[str] = frozenset()
    thing_label: str = "PRODUCT"
    spelled_min: int = 0  # "I.C.U." beside "intensive care units": the acronym's letters, the words' letters
    spelled_word_min: int = 0
    # session 25 (s25-rows): more rows that are no actor, or the wrong one
    outlet_whole_from: frozenset[str] = frozenset()  # "told The Federalist" read as a nationality
    law_cut_after: re.Pattern | None = None  # " in Women's Sports Act" after "Fairness": the rest of a law's name
    law_cut_from: frozenset[str] = frozenset()
    law_cut_label: str = "LAW"
    movement_words: frozenset[str] = frozenset()  # "LGBT", "MAGA": no body of that name
    movement_from: frozenset[str] = frozenset()
    service_title_after: re.Pattern | None = None  # " Chief" after "Palmer Fire"
    service_last: frozenset[str] = frozenset()
    service_from: frozenset[str] = frozenset()
    company_last: frozenset[tuple[str, ...]] = frozenset()  # "Southwest" beside "Southwest Airlines"
    company_short_from: frozenset[str] = frozenset()


def _read(name: str) -> dict:
    return load_toml(name)


@cache
def _rules() -> _Rules:
    names = name_rules()
    al = _read("entities_aliases.toml")
    sal = _read("entities_salience.toml")
    ty = _read("entities_types.toml")
    try:
        rb, lo = ty["role_before"], ty["leader_of"]
        roles = "|".join(re.escape(w) for w in rb["roles"])
        not_domain = "|".join(re.escape(w) for w in rb["domain_not"])
        # the role, then optionally "of" and one to n lower-case words, the
        # last of them no function word, then the name (matched at the end
        # of the text before the mention)
        domain = rf"(?:\s+of(?:\s+[a-z][a-z-]*){{0,{int(rb['max_domain_words']) - 1}}}\s+(?!(?:{not_domain})\s*$)[a-z][a-z-]*)?"
        role_before = re.compile(rf"(?<![\w-])(?i:{roles})\.?{domain}\s+$")
        nouns = "|".join(re.escape(w) for w in lo["nouns"])
        leader_after = re.compile(rf"\s+(?:{nouns})\b")
        kinds = []
        for kind, spec in sorted(ty["kinds"].items()):
            after = "|".join(re.escape(w) for w in spec["after"])
            kinds.append((str(kind), frozenset(" ".join(name_tokens(n, rules=names)) for n in spec["names"]) - {""},
                          re.compile(rf"\s+(?:{after})\b") if after else None,
                          frozenset(fold(w, names) for w in spec.get("last_words", ()))))
        press = "|".join(re.escape(w) for w in rb["press_roles"])
        press_role_before = re.compile(rf"(?<![\w-])(?i:{press})\s*,\s+$")
        appo = "|".join(re.escape(w) for w in [*rb["roles"], *rb["press_roles"], *rb["apposition_roles"]])
        mods = "|".join(re.escape(w) for w in rb["apposition_modifiers"])
        not_verb = "|".join(re.escape(w) for w in rb["apposition_not_before"])
        role_after = re.compile(rf"\s*,\s+(?:a|an|the)\s+(?:(?:{mods}|[A-Z][\w.&-]*)\s+){{0,4}}"
                                rf"(?:{appo})(?![\w-])(?!\s+(?:{not_verb})\b)")
        op, pa = ty["outlet_possessive"], ty["place_after"]
        not_before = "|".join(re.escape(w) for w in op["not_before"])
        place_words = "|".join(re.escape(w) for w in pa["words"])
        da, cv = ty["defined_acronym"], ty["capital_verb"]
        links = "|".join(r"\s*".join(re.escape(part) for part in str(link).split()) for link in da["links"])
        phrase = rf"((?:[a-z][a-z'’-]*\s+){{0,{int(da['max_words']) - 1}}}[a-z][a-z'’-]*)"
        before = "|".join(re.escape(w) for w in cv["before"])
        pr = ty["product_after"]
        products = "|".join(re.escape(w) for w in pr["products"])
        modifiers = "|".join(re.escape(w) for w in pr["modifiers"])
        # [and|/|- Name['s]] [(TICKER)] [modifier] product
        product_after = (rf"(?:(?:\s*(?:and|/)\s*|-)[A-Z][\w-]*(?:['’]s)?)?(?:\s*\([A-Z]{{1,5}}(?:\.[A-Z]{{1,2}})?\))?"
                         rf"(?:\s+(?i:{modifiers}))?\s+(?:{products})\b")
        makers = "|".join(re.escape(w) for w in pr.get("maker_verbs", ()))
        # product[,] maker-verb by [Name and]
        maker_before = (rf"(?<![\w-])(?:{products})\s*,?\s+(?:{makers})\s+by\s+(?:[A-Z][\w-]*\s+and\s+)?$"
                        if makers else None)
        wt, ag, st, cr, th = (ty["work_title"], ty["agency_name"], ty["station"], ty["company_role_after"],
                              ty["thing_after"])
        work_nouns = "|".join(re.escape(w) for w in wt["nouns"])
        marks = "".join(re.escape(w) for w in wt["opening_marks"])
        # noun, then a quote mark, "The" or both, just before the name (group 1: the mark, 2: "The")
        work_before = rf"(?<![\w-])(?:{work_nouns})\s+([{marks}]\s*)?(The\s+)?$"
        weapons = "|".join(re.escape(w) for w in th["weapons"])
        vehicles = "|".join(re.escape(w) for w in [*th["weapons"], *th["vehicles"]])
        numbers = "|".join(re.escape(w) for w in th["numbers"])
        # wire agencies named in a text are credits, not actors (salience)
        agencies = [name for names_ in _read("provenance_sources.toml")["agencies"].values() for name in names_]
        lc, mw, sv, cs = ty["law_cut"], ty["movement_word"], ty["service_title"], ty["company_short"]
        law_last = "|".join(re.escape(w) for w in ty["kinds"]["LAW"]["last_words"])
        law_links = "|".join(re.escape(w) for w in lc["links"])
        # up to n-1 words, each capitalised (a possessive allowed) or a link, then the law's last word
        law_cut_after = (rf"((?:\s+(?:[A-Z][\w-]*(?:['’]s)?|{law_links})){{0,{int(lc['max_words']) - 1}}}"
                         rf"\s+(?:{law_last}))(?![\w-])")
        return _Rules(
            names=names,
            aliases=tuple(tuple(g) for g in al["groups"]),
            salience={k: sal[k] for k in ("presence", "mentions", "lead_sentences", "lead", "minor_labels",
                                          "minor_factor", "source_factor", "source_citation_kinds")},
            agencies=frozenset(agencies),
            outlet_from=frozenset(al["outlet_names"]["relabel_from"]),
            outlet_label=str(al["outlet_names"]["label"]),
            outlet_always=frozenset(tuple(name_tokens(o, rules=names)) for o in al["outlet_names"]["always"]) - {()},
            final_vowel_classes=frozenset(al.get("final_vowel", {}).get("classes", [])),
            role_before=role_before,
            role_from=frozenset(rb["from"]),
            leader_after=leader_after,
            leader_from=frozenset(lo["from"]),
            kinds=tuple(kinds),
            press_role_before=press_role_before,
            role_after=role_after,
            possessive_owners=frozenset(" ".join(name_tokens(o, rules=names)) for o in op["outlets"]) - {""},
            possessive_before=re.compile(r"(?:^|(?<=[\s(\"“]))(?:([A-Z][\w.&-]*)\s+)?([A-Z][\w.&-]*)['’]s\s+$"),
            possessive_not_before=re.compile(rf"\s+(?:{not_before})\b"),
            possessive_from=frozenset(op["from"]),
            call_sign=re.compile(str(op["call_sign"])),
            possessive_over=frozenset(op["over_rules"]),
            place_after=re.compile(rf"\s+(?:{place_words})\b"),
            place_from=frozenset(pa["from"]),
            place_label=str(pa["label"]),
            hyphen_cut=bool(ty["hyphen_cut"]["enabled"]),
            glued_kind=bool(ty["glued_kind"]["enabled"]),
            glued_keep=frozenset(ty["glued_kind"]["keep"]),
            title_after=re.compile(r"\s+(?:%s)\b" % "|".join(re.escape(w) for w in ty["title_modifier"]["titles"])),
            title_from=frozenset(ty["title_modifier"]["from"]),
            defined_acronym=re.compile(rf"(?<![\w-]){phrase}\s*(?:{links})\s*([A-Z]{{2,6}})s?\b"),
            capital_verb_before=re.compile(rf"(?<![\w-])(?:{before})\s+$"),
            capital_verb_endings=tuple(str(e) for e in cv["endings"]),
            capital_verb_min=int(cv["min_letters"]),
            cut_after=re.compile(r"\s*(?:%s)[\s.\"'“”’‘)\]]*\Z"
                                 % "|".join(re.escape(str(mk)) for mk in ty["cut_name"]["marks"])),
            cut_words=int(ty["cut_name"]["max_words"]),
            cut_initial=int(ty["cut_name"]["initial_letters"]),
            product_after=re.compile(product_after),
            maker_before=re.compile(maker_before) if maker_before else None,
            product_from=frozenset(pr["from"]),
            product_label=str(pr["label"]),
            company_before=re.compile(r"(?<![\w-])(?i:%s)\s+$" % "|".join(re.escape(w) for w in sorted(names.company_words))),
            company_from=frozenset(ty["company_before"]["from"]),
            company_label=str(ty["company_before"]["label"]),
            quoted_work_before=frozenset(ty["quoted_work"]["opening_marks"]),
            quoted_work_after=re.compile(r"\s+(?:%s)\s+[A-Z]" % "|".join(re.escape(w) for w in ty["quoted_work"]["links"])),
            quoted_work_from=frozenset(ty["quoted_work"]["from"]),
            quoted_work_label=str(ty["quoted_work"]["label"]),
            common_from=frozenset(ty["common_word"]["from"]),
            common_lower_share=float(ty["common_word"]["lower_share"]),
            common_before=r"(?<![\w-])(?i:%s)" % "|".join(re.escape(w) for w in ty["common_word"]["determiners"]),
            inner_capital=re.compile(str(ty["inner_capital"]["form"])),
            inner_capital_from=frozenset(ty["inner_capital"]["from"]),
            inner_capital_label=str(ty["inner_capital"]["label"]),
            legal_form_before=re.compile(str(ty["legal_form"]["before"])),
            initials_classes=frozenset(ty["person_initials"]["acronym_classes"]),
            work_before=re.compile(work_before),
            work_from=frozenset(wt["from"]),
            work_label=str(wt["label"]),
            agency_last=frozenset(str(w) for w in ag["last_words"]),
            agency_from=frozenset(ag["from"]),
            agency_label=str(ag["label"]),
            station=re.compile(str(st["pattern"])),
            station_from=frozenset(st["from"]),
            station_label=str(st["label"]),
            company_role_after=re.compile(r"\s+(?:%s)(?![\w-])" % "|".join(re.escape(w) for w in cr["roles"])),
            company_role_from=frozenset(cr["from"]),
            company_role_label=str(cr["label"]),
            weapon_after=re.compile(rf"\s+(?:{weapons})(?![\w-])"),
            numbered_after=re.compile(rf"\s+({numbers}|[0-9]{{1,3}})\s+(?:{vehicles})(?![\w-])"),
            thing_from=frozenset(th["from"]),
            thing_number_from=frozenset(th["number_from"]),
            thing_label=str(th["label"]),
            spelled_min=int(ty["spelled_acronym"]["min_letters"]),
            spelled_word_min=int(ty["spelled_acronym"]["min_word_letters"]),
            outlet_whole_from=frozenset(al["outlet_names"].get("whole_from", ())),
            law_cut_after=re.compile(law_cut_after) if law_last else None,
            law_cut_from=frozenset(lc["from"]),
            law_cut_label=str(lc["label"]),
            movement_words=frozenset(" ".join(name_tokens(w, rules=names)) for w in mw["names"]) - {""},
            movement_from=frozenset(mw["from"]),
            service_title_after=re.compile(r"\s+(?:%s)(?![\w-])" % "|".join(re.escape(w) for w in sv["titles"])),
            service_last=frozenset(str(w) for w in sv["last_words"]),
            service_from=frozenset(sv["from"]),
            company_last=frozenset(tuple(name_tokens(w, rules=names)) for w in cs["company_last"]) - {()},
            company_short_from=frozenset(cs["from"]),
        )
    except (KeyError, TypeError, ValueError, re.error) as exc:
        raise NewsprismError(E.E080.format(name="entities_*.toml", reason=f"missing or bad entry {exc}")) from None


# ----------------------------------------------------------- normalisation


def _tokens(text: str, rules: _Rules, *, cls: str | None = None) -> list[str]:
    return name_tokens(text, cls=cls, rules=rules.names)


def name_key(text: str, *, strict: bool = True) -> str:
    """The skeleton key entity resolution groups a name under (names.skeleton_key,
    joined): ``name_key("Baghouz") == name_key("Bagouz")``."""
    names = name_rules()
    return " ".join(skeleton_key(name_tokens(text, rules=names), strict=strict, rules=names))


# ------------------------------------------------------------------ graph


@dataclass
class _Node:
    """All mentions of one normal form in one article."""

    article: str
    norm: str
    tokens: tuple[str, ...]
    strict: tuple[str, ...]
    loose: tuple[str, ...]
    mentions: list[int] = field(default_factory=list)  # indexes into the mention table
    labels: Counter = field(default_factory=Counter)
    surfaces: Counter = field(default_factory=Counter)
    acronym: str = ""  # upper-case letters when written as an acronym (SDF)
    first_offset: int = 0
    generation: str = ""  # jr, sr, ii ... (kept out of tokens and keys)
    votes: Counter = field(default_factory=Counter)  # label -> weight (rules outweigh the model)
    ruled: bool = False  # a data rule set the label of one of its mentions
    lower: set = field(default_factory=set)  # words written in lower case: descriptors, not names
    kind_fits: Counter = field(default_factory=Counter)  # kind -> mentions that fit it (a disease, a time zone)
    company: bool = False  # one of its mentions follows a company word ("Drugmaker Pfizer")
    after_the: int = 0  # mentions written after a capital "The" ("told The Federalist")
    after_article: int = 0  # mentions written after "the" or "The" ("the Southwest": a region)


class _UnionFind:
    def __init__(self, nodes: list[_Node], classes: dict[str, str]) -> None:
        self.parent = list(range(len(nodes)))
        self.nodes = nodes
        self.classes = classes
        self.reasons: dict[int, list[str]] = defaultdict(list)
        self.members: dict[int, list[int]] = {i: [i] for i in range(len(nodes))}

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def class_counts(self, root: int) -> Counter:
        c: Counter = Counter()
        for m in self.members[root]:
            for label, n in self.nodes[m].labels.items():
                c[self.classes.get(label, "other")] += n
        return c

    def strong_class(self, root: int) -> str | None:
        """The class a cluster certainly has: at least 3 mentions, two thirds
        of them in it (one label, even on a full name, is too noisy: the
        small model reads "Dayr Hamadiya" as a person)."""
        counts = self.class_counts(root)
        total = sum(counts.values())
        if total >= 3:
            top, n = counts.most_common(1)[0]
            if n * 3 >= total * 2:
                return top
        return None

    def conflict(self, a: int, b: int, *, types: bool = True) -> str | None:
        """Why clusters a and b must stay apart, or None."""
        # Person vs place is the confusion that matters (Baghdadi vs Baghdad);
        # person vs organisation is mostly NER noise on surnames.
        sa, sb = (self.strong_class(a), self.strong_class(b)) if types else (None, None)
        if sa and sb and {sa, sb} == {"person", "place"}:
            return f"{sa} vs {sb}"
        gens_a = {self.nodes[i].generation for i in self.members[a]} - {""}
        gens_b = {self.nodes[i].generation for i in self.members[b]} - {""}
        if gens_a and gens_b and gens_a != gens_b:
            return f"generations {sorted(gens_a)} / {sorted(gens_b)}: father and son"
        for i in self.members[a]:
            na = self.nodes[i]
            if len(na.tokens) < 2 or na.acronym or not self._personal(na):
                continue
            for j in self.members[b]:
                nb = self.nodes[j]
                if len(nb.tokens) < 2 or nb.acronym or not self._personal(nb):
                    continue
                if _different_full_names(na, nb):
                    return f"different full names {na.norm!r} / {nb.norm!r}"
        return None

    def _personal(self, node: _Node) -> bool:
        return any(self.classes.get(label) == "person" for label in node.labels)

    def union(self, a: int, b: int, reason: str, *, check: bool = True, types: bool = True) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        if check and self.conflict(ra, rb, types=types):
            return False
        if len(self.members[ra]) < len(self.members[rb]):
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.members[ra].extend(self.members.pop(rb))
        self.reasons[ra].extend(self.reasons.pop(rb, []))
        self.reasons[ra].append(reason)
        return True


def _added_final_vowel(a: str, b: str) -> bool:
    """Whether one name is the other with a vowel added at its end (Bern / Berne)."""
    short, long = sorted((a, b), key=len)
    return len(long) == len(short) + 1 and long.startswith(short) and long[-1] in "aeiouy"


def _different_full_names(a: _Node, b: _Node) -> bool:
    """Two multi-word person names that cannot be one person: the same
    surname with another given name (Jumah Hamdi Hamdan vs Ali Hamdan), or
    the same given name with another surname (John Smith vs John Brown)."""
    if _same_person(a, b):
        return False
    if a.loose[-1] == b.loose[-1] or a.strict[-1] == b.strict[-1]:
        return True
    return a.loose[0] == b.loose[0] and len(a.tokens) == len(b.tokens) == 2


def _same_person(a: _Node, b: _Node) -> str:
    """Why two multi-word person names are one person, or ''."""
    if len(a.tokens) != len(b.tokens):
        long, short = (a, b) if len(a.tokens) > len(b.tokens) else (b, a)
        if _contains(long.loose, short.loose):
            return "one full name inside the other"
    if not (a.strict[-1] == b.strict[-1] or a.loose[-1] == b.loose[-1]):
        return ""
    if not _middles_agree(a, b):
        # George H. W. Bush / George W. Bush (father and son), Abu Bakr
        # al-Baghdadi / Abu Omar al-Baghdadi: the middle names differ
        return ""
    fa, fb = a.tokens[0], b.tokens[0]
    if a.loose[0] == b.loose[0]:
        return "same given name and surname"
    short, long = sorted((fa, fb), key=len)
    if len(short) == 1 and long.startswith(short) or len(short) >= 3 and long.startswith(short):
        return f"given name {short!r} shortens {long!r}, same surname"
    if familiar_forms(fa, fb):
        return f"given names {fa!r} and {fb!r} are one name's forms (names.toml [nicknames]), same surname"
    return ""


def _middles_agree(a: _Node, b: _Node) -> bool:
    """The words between the first and the last name agree, when both names
    have some: the same words (or spellings of one word), or an initial for a
    word (John F. Kennedy / John Fitzgerald Kennedy).  Middles of different
    lengths only disagree when both are initials."""
    # words written in lower case are descriptors ("defensive lineman Jamal
    # Williams"), not middle names
    pa = [(t, k) for t, k in zip(a.tokens[1:-1], a.loose[1:-1]) if t not in a.lower]
    pb = [(t, k) for t, k in zip(b.tokens[1:-1], b.loose[1:-1]) if t not in b.lower]
    if not pa or not pb:
        return True
    if len(pa) != len(pb):
        # only initials can be told apart by their number (H. W. / W.); a
        # word more is as often a nickname or a descriptor ("The Chin")
        return not all(len(t) == 1 for t, _ in pa + pb)
    for (x, kx), (y, ky) in zip(pa, pb):
        short, long = sorted((x, y), key=len)
        if not (kx == ky or len(short) == 1 and long.startswith(short)):
            return False
    return True


def _org_part(short: _Node, long: _Node) -> bool:
    """The end of an organisation's name, or (two words or more) its start,
    plurals aside: Red Sox / Boston Red Sox, Norland Chemicals / Norland
    Chemical Storage."""
    if long.strict[-len(short.tokens):] == short.strict:
        return True
    if len(short.tokens) < 2:
        return False
    stem = [t[:-1] if len(t) > 3 and t.endswith("s") else t for t in short.tokens]
    head = [t[:-1] if len(t) > 3 and t.endswith("s") else t for t in long.tokens[: len(stem)]]
    return stem == head


def _part_of(short: _Node, long: _Node, rules: _Rules) -> bool:
    """A one-word name that is a word of a longer person name: same strict
    key, or the surname's loose key when the short form is itself read as a
    person (Afrini -> Adnan Afrin, but not Baghdad -> Abu Bakr al-Baghdadi)."""
    personal = any(rules.names.classes.get(label) == "person" for label in short.labels)
    if not personal:
        # a name not read as a person only stands for a surname (Baghdadi
        # labelled ORG), never for a given name ("Staunton" in a "Staunton
        # Police" the model read as a person)
        return long.strict[-1:] == short.strict
    # A loose match (spelling variants) only of the surname: a given name
    # matched loosely is another name ("Duke" is not "Dick Baddour").
    return _contains(long.strict, short.strict) or long.loose[-1:] == short.loose


def _contains(long: tuple[str, ...], short: tuple[str, ...]) -> bool:
    n = len(short)
    return n <= len(long) and any(long[i : i + n] == short for i in range(len(long) - n + 1))


def _initials(tokens: Sequence[str], rules: _Rules) -> str:
    return "".join(t[0] for t in tokens if t not in rules.names.acronym_stopwords and t[0].isalpha())


def _acronym(surface: str) -> str:
    s = re.sub(r"^(the|The)\s+", "", surface.strip()).replace(".", "")
    if re.fullmatch(r"[A-Z]{2,5}", s):
        return s.lower()
    return ""


def _entity_id(name: str, type_: str, taken: set[str]) -> str:
    base = "ent-" + hashlib.sha1(f"{type_}|{name}".encode()).hexdigest()[:8]
    eid, n = base, 1
    while eid in taken:
        n += 1
        eid = f"{base}-{n}"
    taken.add(eid)
    return eid


# --------------------------------------------------------------- resolver


def resolve_entities(
    analyzed: Sequence[AnalyzedArticle],
    *,
    settings: ReconcileSettings | None = None,
    config: Config | None = None,
    roots: Mapping[str, str] | None = None,
) -> tuple[list[Entity], dict[tuple[str, int], str]]:
    """Entities of a story, and a map (article id, index into that article's
    ``mentions``) -> entity id.

    ``roots`` maps an article to the root of its derivation family
    (:func:`~newsprism.reconcile.provenance.independent_sources`): articles
    with one root count as one source when the canonical name is chosen and
    the salience weighed.  Without it every article is its own source.

    Mentions whose label is not a name class (dates, numbers) or that carry
    no capital letter are left out of the map."""
    root_of = dict(roots or {})
    min_ratio = float(stage_settings(ReconcileSettings, settings, config).entity_min_ratio)
    rules = _rules()

    # --- mention table and nodes
    table: list[tuple[str, int, int, str, str]] = []  # (article, index, sentence, surface, label)
    nodes: list[_Node] = []
    node_of: dict[tuple[str, str], int] = {}
    sent_nodes: dict[tuple[str, int], set[int]] = defaultdict(set)
    written_times = Counter(m.text.strip() for aa in analyzed for m in aa.mentions)
    story_texts = set(written_times)
    hyphenated = sorted(t for t in story_texts if "-" in t)
    texts = [aa.article.text for aa in analyzed]
    defined = _defined_acronyms(texts, rules)
    common: dict[str, bool] = {}  # word -> a common word of this story
    spelled = _spelled_acronyms(analyzed, rules)  # "intensive care units ... I.C.U.": ICU
    outlets = rules.possessive_owners | {" ".join(_tokens(o, rules)) for aa in analyzed
                                         for o in (aa.article.outlet, aa.article.agency) if o}
    for order, aa in enumerate(analyzed):
        aid = aa.article.id
        for idx, m in enumerate(aa.mentions):
            cls = rules.names.classes.get(m.label)
            if cls is None or not any(c.isupper() for c in m.text):
                continue
            if written_times[m.text.strip()] == 1 and _cut_off(aa.article.text, m, rules):
                continue  # "backed by Judges James C....": a piece of a name
            written = _lower_lead_off(_whole_hyphenated(aa.article.text, m, story_texts, hyphenated, rules), rules)
            thing = (_thing_after(aa.article.text, m, written, rules)  # "Marine One helicopter": "Marine One"
                     or _law_cut(aa.article.text, m, written, rules))  # "the Fairness in Women's Sports Act"
            if thing is not None:
                written = thing[0]
            toks = _tokens(written, rules, cls=cls)
            if not toks or (m.label not in rules.glued_keep and _glued_kind(toks, rules)):
                continue  # "Moderna COVID-19": neither the company nor the disease alone
            if (m.label in rules.title_from and rules.title_after is not None and len(m.text.split()) == 1
                    and not m.text.isupper() and rules.title_after.match(aa.article.text, m.end)):
                continue  # "Press Secretary Jen Psaki": "Press" names nothing
            if m.label in rules.movement_from and " ".join(toks) in rules.movement_words:
                continue  # "LGBT activists", "the MAGA throne": no body of that name
            if (m.label in rules.service_from and rules.service_title_after is not None
                    and m.text.split()[-1] in rules.service_last and rules.service_title_after.match(aa.article.text, m.end)):
                continue  # "Palmer Fire Chief John McNutt": "Palmer Fire" is no person
            bare = re.sub(r"^(?:the|The)\s+", "", m.text.strip())
            if bare in defined or (bare[-1:] == "s" and bare[:-1] in defined) or _capital_verb(aa.article.text, m, rules):
                continue  # "cost-of-living adjustment, or COLA"; "the motion is GRANTED"
            if (_acronym_letters(bare, rules) in spelled
                    and not _kinds_fit(aa.article.text, m, " ".join(toks), rules)):
                continue  # "I.C.U. beds" after "intensive care units"
            if m.label in rules.common_from and m.rule == "model" and bare not in common:
                common[bare] = _common_word(bare, texts, rules)
            if _legal_form(aa.article.text, m, rules):
                continue  # "BioNTech SE": the company's legal form, not a name
            if (m.label in rules.common_from and m.rule == "model" and common[bare]
                    and not _kinds_fit(aa.article.text, m, " ".join(toks), rules)):
                continue  # "paragraph one of the Pardon" beside "the pardon"
            norm = " ".join(toks)
            generation = ""
            if cls == "person" and len(toks) > 2 and toks[-1] in rules.names.generations:
                generation, toks = toks[-1], toks[:-1]
            key = (aid, norm)
            if key not in node_of:
                node_of[key] = len(nodes)
                nodes.append(
                    _Node(
                        article=aid,
                        norm=norm,
                        tokens=tuple(toks),
                        strict=skeleton_key(toks, strict=True, rules=rules.names),
                        loose=skeleton_key(toks, strict=False, rules=rules.names),
                        first_offset=order * 10**9 + m.start,
                        generation=generation,
                    )
                )
            n = node_of[key]
            node = nodes[n]
            label, rule = (thing[1:] if thing is not None
                           else _person_cue(aa.article.text, m, toks, rules, outlets=outlets) or (m.label, m.rule))
            node.mentions.append(len(table))
            node.labels[label] += 1
            node.votes[label] += _vote_weight(rule)
            node.ruled = node.ruled or rule.startswith(_RULED)
            node.kind_fits.update(_kinds_fit(aa.article.text, m, norm, rules))
            node.company = node.company or _company(aa.article.text, m, rules)
            before = aa.article.text[max(0, m.start - 8):m.start]
            node.after_article += bool(re.match(r"(?i:the)\s", m.text) or re.search(r"(?<![\w-])(?i:the)\s+$", before))
            node.after_the += bool(re.match(r"The\s", m.text) or re.search(r"(?<![\w-])The\s+$", before))
            node.lower.update(fold(w, rules.names) for w in re.split(r"[\s-]+", m.text) if w[:1].islower())
            surface = re.sub(r"^(the|The)\s+", "", written.strip().strip("“”\"'"))
            surface = re.sub(r"\s*['’]s$", "", surface) or surface  # Lohan's -> Lohan
            first, _, after = surface.partition(" ")
            if (first.lower() in rules.names.occupations and len(after.split()) >= 2) \
                    or (first.lower() in rules.names.company_words and after):
                surface = after  # "Gymnast Simone Biles", "Drugmaker Pfizer": the name alone
            node.surfaces[surface] += 1
            if not node.acronym:
                node.acronym = _acronym(m.text)
            table.append((aid, idx, m.sentence, surface, m.label, m.rule))
            sent_nodes[(aid, m.sentence)].add(n)
    if not nodes:
        return [], {}

    uf = _UnionFind(nodes, rules.names.classes)
    label_of = lambda i: nodes[i].labels.most_common(1)[0][0]  # noqa: E731

    # Short person-like forms (a token run of a longer person name) are
    # attached last, article by article, since a bare surname may be ambiguous.
    long_person = [i for i, n in enumerate(nodes) if len(n.tokens) > 1 and rules.names.classes.get(label_of(i)) == "person"]
    short = set()
    for i, n in enumerate(nodes):
        if len(n.tokens) == 1 and not n.acronym:
            if any(_part_of(n, nodes[j], rules) for j in long_person):
                short.add(i)

    # 1. the same normal form in different articles
    by_norm: dict[str, list[int]] = defaultdict(list)
    for i, n in enumerate(nodes):
        if i not in short:
            by_norm[n.norm].append(i)
    for norm, ids in sorted(by_norm.items()):
        for j in ids[1:]:
            uf.union(ids[0], j, f"{norm!r}: same name in several articles", check=False)

    # 2. aliases from data
    alias_of: dict[str, int] = {}
    for g, group in enumerate(rules.aliases):
        for name in group:
            alias_of[" ".join(_tokens(name, rules))] = g
    by_alias: dict[int, list[int]] = defaultdict(list)
    for i, n in enumerate(nodes):
        g = alias_of.get(n.norm)
        if g is None and n.acronym:
            g = alias_of.get(n.acronym)
        if g is not None and i not in short:
            by_alias[g].append(i)
    for g, ids in sorted(by_alias.items()):
        for j in ids[1:]:
            uf.union(ids[0], j, f"{_surface(nodes[j])} = {_surface(nodes[ids[0]])}: known alias", check=False)

    # 3. transliteration keys
    order = sorted((i for i in range(len(nodes)) if i not in short), key=lambda i: (nodes[i].strict, nodes[i].norm))
    by_key: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for i in order:
        if not nodes[i].acronym:
            by_key[nodes[i].strict].append(i)
    for key, ids in sorted(by_key.items()):
        if sum(len(k) for k in key) < 3:
            continue
        for j in ids[1:]:
            a, b = nodes[ids[0]], nodes[j]
            if a.norm == b.norm:
                continue
            if not spelled_alike(a.norm, b.norm, rules.names, min_ratio=min_ratio, min_length=0):
                continue
            if not _class_compatible(uf, ids[0], j, strong_string=len(key) > 1):
                continue
            # a multi-word key match outweighs NER labels ("Dayr Hamadiya"
            # read as a person in every sentence of one article)
            why = f"{_surface(b)} ~ {_surface(a)}: transliteration key {' '.join(key)!r}"
            uf.union(ids[0], j, why, types=len(key) == 1)
    # loose keys (final vowel dropped) need the same class and a multi-word
    # match, or a clear majority class on both sides: Adnan Afrini = Adnan
    # Afrin, but Baghdadi (person) != Baghdad (place).
    by_loose: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for i in order:
        if not nodes[i].acronym:
            by_loose[nodes[i].loose].append(i)
    for key, ids in sorted(by_loose.items()):
        if sum(len(k) for k in key) < 3:
            continue
        for j in ids[1:]:
            a, b = nodes[ids[0]], nodes[j]
            if uf.find(ids[0]) == uf.find(j):
                continue
            if not spelled_alike(a.norm, b.norm, rules.names, min_ratio=min_ratio, min_length=0):
                continue
            ca = uf.class_counts(uf.find(ids[0])).most_common(1)[0][0]
            cb = uf.class_counts(uf.find(j)).most_common(1)[0][0]
            if ca != cb:
                continue
            if len(key) == 1 and ca != "person" and not (ca in rules.final_vowel_classes
                                                         and _added_final_vowel(a.norm, b.norm)):
                continue
            uf.union(ids[0], j, f"{_surface(b)} ~ {_surface(a)}: transliteration key {' '.join(key)!r} (final vowel)")

    # 3b. full person names: same given name and surname (Richard M. Nixon =
    # Richard Nixon, Fred = Frederick), or one inside the other (W. Mark Felt)
    full = [i for i in long_person if not nodes[i].acronym]
    for x, i in enumerate(full):
        for j in full[x + 1 :]:
            if uf.find(i) == uf.find(j):
                continue
            why = _same_person(nodes[i], nodes[j])
            if why:
                uf.union(i, j, f"{_surface(nodes[j])} ~ {_surface(nodes[i])}: {why}")

    # 4. acronyms and expansions
    _merge_acronyms(uf, nodes, rules, sent_nodes, short)

    # 4b. organisations: the same words in another order (Party of the Civic
    # Renewal = Civic Renewal Party, word order left by translation); the end
    # of the name (Red Sox -> Boston Red Sox) or its start (Norland Chemicals
    # -> Norland Chemical Storage) when only one organisation fits
    groups = [i for i in range(len(nodes)) if rules.names.classes.get(label_of(i)) == "group" and not nodes[i].acronym]
    bags: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for i in groups:
        words = [k for t, k in zip(nodes[i].tokens, nodes[i].strict) if t not in rules.names.acronym_stopwords]
        if len(words) >= 2:
            bags[tuple(sorted(words))].append(i)
    for bag, ids in sorted(bags.items()):
        for j in ids[1:]:
            if nodes[j].norm != nodes[ids[0]].norm:
                uf.union(ids[0], j, f"{_surface(nodes[j])} ~ {_surface(nodes[ids[0]])}: same words, other order")
    for i in groups:
        n = nodes[i]
        if i in short or label_of(i) != "ORG":
            continue
        fits = [j for j in groups if len(nodes[j].tokens) > len(n.tokens) and _org_part(n, nodes[j])]
        cands = sorted({uf.find(j) for j in fits})
        if len(cands) == 1 and uf.find(i) != cands[0]:
            target = min(fits)
            uf.union(target, i, f"{_surface(n)} -> {_surface(nodes[target])}: part of the full name")

    # 4c. a one-word name read as a region, the first word of the one
    # company of the story named in full (Southwest -> Southwest Airlines)
    for i, n in enumerate(nodes):
        if len(n.tokens) != 1 or n.acronym or n.after_article or not set(n.labels) <= rules.company_short_from:
            continue  # "the Southwest" is the region even in a story of Southwest Airlines
        fits = [j for j in groups if label_of(j) == "ORG" and len(nodes[j].tokens) > 1
                and nodes[j].strict[:1] == n.strict
                and any(nodes[j].tokens[-len(c):] == c for c in rules.company_last)]
        cands = sorted({uf.find(j) for j in fits})
        if len(cands) == 1 and uf.find(i) != cands[0]:
            target = min(fits)
            uf.union(target, i, f"{_surface(n)} -> {_surface(nodes[target])}: a company's short name")

    # (No rule merges a bare name into a "Tell X" / "Deir X" place: in the
    # examples bare "Sawa" is the river and valley, not the village Tell Sawa.)

    # 5. partial names, per article
    _attach_short(uf, nodes, sorted(short), rules, label_of)

    # --- build entities
    clusters: dict[int, list[int]] = defaultdict(list)
    for i in range(len(nodes)):
        clusters[uf.find(i)].append(i)
    art_order = {aa.article.id: k for k, aa in enumerate(analyzed)}
    family = Counter(root_of.get(a, a) for a in art_order)  # root -> articles of the story in it
    cited = [name for aa in analyzed for name in (aa.article.outlet, aa.article.agency) if name]
    cited += [c.source for aa in analyzed for c in aa.citations if c.kind in rules.salience["source_citation_kinds"]]
    sources = {" ".join(_tokens(name, rules)) for name in [*cited, *rules.agencies]} - {""}
    own = [_tokens(name, rules) for aa in analyzed for name in (aa.article.outlet, aa.article.agency) if name]
    outlet_tails = {tuple(toks[k:]) for toks in own for k in range(len(toks))}
    own_whole = {tuple(toks) for toks in own}
    entities: list[Entity] = []
    mapping: dict[tuple[str, int], str] = {}
    taken: set[str] = set()
    built = []
    for root, ids in clusters.items():
        surfaces: Counter = Counter()
        where: dict[str, set[str]] = defaultdict(set)  # surface -> articles it is written in
        mention_ids: list[int] = []
        for i in ids:
            for surface in nodes[i].surfaces:
                where[surface].add(nodes[i].article)
            surfaces.update(nodes[i].surfaces)
            mention_ids.extend(nodes[i].mentions)
        type_ = _kind([nodes[i] for i in ids]) or (
            rules.company_label if any(nodes[i].company for i in ids)
            else _vote_type([nodes[i] for i in ids], surfaces, rules))
        if type_ in rules.outlet_from and all(nodes[i].tokens in outlet_tails for i in ids):
            type_ = rules.outlet_label  # "the Ledger": the end of an outlet's name
        elif all(nodes[i].tokens in rules.outlet_always for i in ids):
            type_ = rules.outlet_label  # "Politico | PERSON": an outlet's name is no one's
        elif (type_ in rules.outlet_whole_from and all(nodes[i].tokens in own_whole for i in ids)
              and all(nodes[i].after_the == len(nodes[i].mentions) for i in ids)):
            type_ = rules.outlet_label  # "told The Federalist" in a story of The Federalist
        name = _best_name(surfaces, where, root_of, rules, person=rules.names.classes.get(type_) == "person",
                          cls=rules.names.classes.get(type_))
        first = min(nodes[i].first_offset for i in ids)
        built.append((first, name, type_, surfaces, where, mention_ids, uf.reasons.get(root, []), ids))
    built.sort(key=lambda b: (b[0], b[1]))
    for first, name, type_, surfaces, where, mention_ids, reasons, ids in built:
        eid = _entity_id(name, type_, taken)
        mention_ids.sort()
        arts = sorted({nodes[i].article for i in ids}, key=lambda a: art_order[a])
        ment = sorted({(table[k][0], table[k][2]) for k in mention_ids}, key=lambda x: (art_order[x[0]], x[1]))
        for k in mention_ids:
            mapping[(table[k][0], table[k][1])] = eid
        is_source = any(nodes[i].norm in sources for i in ids)
        entities.append(
            Entity(
                id=eid,
                name=name,
                type=type_,
                variants=sorted(surfaces),
                articles=arts,
                mentions=ment,
                merges=list(dict.fromkeys(reasons)),
                variant_counts={v: surfaces[v] for v in sorted(surfaces)},
                variant_sources={v: len({root_of.get(a, a) for a in where[v]}) for v in sorted(surfaces)},
                salience=_salience(ment, type_, is_source, family, root_of, rules),
            )
        )
    top = max((e.salience for e in entities), default=0.0)
    for e in entities:
        e.salience = round(e.salience / top, 3) if top > 0 else 0.0
    return entities, mapping


_RULED = ("ruler:", "type:")


def _kind(members: Sequence[_Node]) -> str | None:
    """The kind of name (entities_types.toml: a disease, a time zone) that
    two thirds of the entity's mentions or more fit, else None: "COVID-19"
    read as a person, "GMT" as an organisation, are neither."""
    total = sum(len(n.mentions) for n in members)
    fits: Counter = Counter()
    for n in members:
        fits.update(n.kind_fits)
    best = max(sorted(fits), key=lambda k: fits[k], default=None)
    return best if best is not None and fits[best] * 3 >= total * 2 else None


def _whole_hyphenated(text: str, m: Mention, story_texts: set[str], hyphenated: Sequence[str], rules: _Rules) -> str:
    """The name a mention writes, read whole when the analyzer cut it at a
    hyphen: "Rhineland" of "Rhineland-Palatinate State" is
    "Rhineland-Palatinate" when another mention of the story writes that
    name, and the part after the hyphen is no name of the story of its own
    ("U.S.-China": two countries)."""
    if not rules.hyphen_cut:
        return m.text
    hit = re.match(r"-([A-Z][\w]*)", text[m.end:m.end + 40])
    if not hit or hit.group(1) in story_texts or text[m.start:m.end] != m.text:
        return m.text
    whole = m.text + hit.group(0)
    if any(h == whole or h.startswith(whole + " ") for h in hyphenated):
        return whole
    return m.text


def _defined_acronyms(texts: Sequence[str], rules: _Rules) -> frozenset[str]:
    """The acronyms the texts spell out as a common noun phrase in lower
    case just before them ("the cost-of-living adjustment, or COLA",
    "personal protective equipment (PPE)"): no actor and no place
    (entities_types.toml defined_acronym)."""
    if rules.defined_acronym is None:
        return frozenset()
    found = set()
    for text in texts:
        for hit in rules.defined_acronym.finditer(text):
            parts = [p for p in re.split(r"[\s-]+", hit.group(1)) if p]
            if _spells(parts, hit.group(2).lower(), rules):
                found.add(hit.group(2))
    return frozenset(found)


def _acronym_letters(written: str, rules: _Rules) -> str:
    """The letters of an acronym, dotted or not, a plural "s" off ("I.C.U.s"
    -> "ICU"), when it has ``spelled_min`` of them or more, else ""."""
    hit = re.fullmatch(r"((?:[A-Z]\.){2,}|[A-Z]{2,})s?", written.strip())
    letters = hit.group(1).replace(".", "") if hit else ""
    return letters if rules.spelled_min and len(letters) >= rules.spelled_min else ""


def _spelled_acronyms(analyzed: Sequence[AnalyzedArticle], rules: _Rules) -> frozenset[str]:
    """The letters of the acronyms an article writes after spelling them in
    lower case, one word of ``spelled_word_min`` letters or more for each
    letter in order ("intensive care units ... I.C.U. beds": ICU;
    entities_types.toml spelled_acronym).  Only the same article, before
    the acronym: over a whole story a chance phrase ("chief investigative
    agency" for CIA) would take a name away."""
    found: set[str] = set()
    rest = rules.spelled_word_min - 1
    for aa in analyzed:
        for m in aa.mentions:
            letters = _acronym_letters(re.sub(r"^(?:the|The)\s+", "", m.text.strip()), rules)
            if not letters or letters in found:
                continue
            words = r"\s+".join(rf"{c.lower()}[a-z]{{{rest},}}" for c in letters)
            if re.search(rf"(?<![\w-]){words}(?![\w-])", aa.article.text[:m.start]):
                found.add(letters)
    return frozenset(found)


def _spells(parts: Sequence[str], acronym: str, rules: _Rules) -> bool:
    """Whether the last words of a phrase give an acronym's letters, one
    initial a word, in order, passing over function words ("cost of living
    adjustment" -> "cola", "protection of the environment act" -> "pea")."""
    if not acronym:
        return True
    if not parts:
        return False
    last = parts[-1]
    if last[:1] == acronym[-1] and _spells(parts[:-1], acronym[:-1], rules):
        return True
    return last in rules.names.acronym_stopwords and _spells(parts[:-1], acronym, rules)


def _lower_lead_off(written: str, rules: _Rules) -> str:
    """A name without the lower-case words that open it before a capitalised
    word (or a figure), name particles aside (names.toml lower_particles):
    "respected 9/11 Commission" -> "9/11 Commission", "de Blasio" stays."""
    words = written.split()
    k = 0
    while k < len(words) - 1 and words[k].isalpha() and words[k].islower() \
            and words[k] not in rules.names.lower_particles:
        k += 1
    if k and (words[k][:1].isupper() or words[k][:1].isdigit()):
        return " ".join(words[k:])
    return written


def _kinds_fit(text: str, m: Mention, norm: str, rules: _Rules) -> list[str]:
    """The kinds of name (entities_types.toml: a disease, a time zone, a
    law) a mention fits: its name is listed under the kind, one of the kind's
    words follows it ("the Delta variant"), or its last word is one of the
    kind's ("the Ku Klux Klan Act"; a name of more than that word)."""
    words = norm.split()
    return [kind for kind, forms, after, last in rules.kinds
            if norm in forms or (after is not None and after.match(text, m.end))
            or (len(words) > 1 and words[-1] in last)]


def _common_word(word: str, texts: Sequence[str], rules: _Rules) -> bool:
    """Whether a capitalised word the model read as a place is a common word
    of the story: written in lower case in its texts at least as often as
    with its capital ("the Pardon" beside "the pardon"; entities_types.toml
    common_word)."""
    if not (word.isalpha() and word[:1].isupper() and word[1:].islower()):
        return False
    if rules.common_before is None:
        return False
    lower = sum(len(re.findall(rf"{rules.common_before}\s+{re.escape(word.lower())}(?![\w-])", t)) for t in texts)
    upper = sum(len(re.findall(rf"(?<![\w-]){re.escape(word)}(?![\w-])", t)) for t in texts)
    return lower > 0 and lower >= rules.common_lower_share * upper


def _company(text: str, m: Mention, rules: _Rules) -> bool:
    """Whether a mention the model read as one of company_before's labels
    follows a company word, or opens with one ("planemaker Boeing", "Drugmaker
    Pfizer"; names.toml company_words)."""
    if m.label not in rules.company_from or rules.company_before is None:
        return False
    words = m.text.split()
    return ((len(words) > 1 and words[0].lower() in rules.names.company_words)
            or rules.company_before.search(text, max(0, m.start - 40), m.start) is not None)


def _cut_off(text: str, m: Mention, rules: _Rules) -> bool:
    """Whether the text ends with a cut mark right after a mention (then
    only periods, quote marks and brackets) that looks cut: a name of
    ``cut_words`` words or fewer, or one ending with an initial ("Judges James
    C....") or holding the mark itself ("Ursula von...") (entities_types.toml
    cut_name).  "European Council President
    Charles Michel..." keeps its council: a name follows it."""
    if rules.cut_after is None:
        return False
    words = m.text.split()
    inner = re.search(rules.cut_after.pattern, m.text)
    if inner is not None and rules.cut_after.match(text, m.start + inner.start()) is not None:
        return True  # "Ursula von...": the model took the cut mark into the name
    if rules.cut_after.match(text, m.end) is None:
        return False
    return len(words) <= rules.cut_words or len(words[-1].rstrip(".")) <= rules.cut_initial


def _legal_form(text: str, m: Mention, rules: _Rules) -> bool:
    """Whether a one-word mention is a company's legal form (names.toml
    org_suffixes) right after the company's capitalised name ("Pfizer and
    German partner BioNTech SE said": "SE" read as a person names no one;
    entities_types.toml legal_form)."""
    word = m.text.strip().rstrip(".")
    return (rules.legal_form_before is not None and " " not in word and word.lower() in rules.names.org_suffixes
            and rules.legal_form_before.search(text, max(0, m.start - 40), m.start) is not None)


def _capital_verb(text: str, m: Mention, rules: _Rules) -> bool:
    """Whether a mention is a verb written in capitals after "is" ("the
    motion is GRANTED"): no name (entities_types.toml capital_verb)."""
    word = m.text.strip()
    return (rules.capital_verb_before is not None and word.isalpha() and word.isupper()
            and len(word) >= rules.capital_verb_min and word.endswith(rules.capital_verb_endings)
            and rules.capital_verb_before.search(text, max(0, m.start - 20), m.start) is not None)


def _glued_kind(tokens: Sequence[str], rules: _Rules) -> bool:
    """Whether a name ends with a kind's name (a disease, a time zone) after
    other words: "Moderna COVID-19" glues a company to a disease and is
    neither (entities_types.toml glued_kind)."""
    if not rules.glued_kind:
        return False
    norm = " ".join(tokens)
    for _, forms, _, _ in rules.kinds:
        if norm in forms:
            return False
        for form in forms:
            ft = tuple(form.split())
            if len(tokens) > len(ft) and tuple(tokens[-len(ft):]) == ft:
                return True
    return False


def _person_cue(text: str, m: Mention, tokens: Sequence[str], rules: _Rules, *,
                outlets: frozenset[str] | set[str] = frozenset()) -> tuple[str, str] | None:
    """(label, rule) when the words around a mention the model labelled
    otherwise say what it names (entities_types.toml), else None.

    A role before a name of two or three capitalised words: "U.S. secretary
    of education Miguel Cardona said" (the model read an organisation; the
    analyzer's own role cue only looks at the one word before the name).
    A role in an apposition after such a name: "Shontel Brown, a Cuyahoga
    County councilor".
    A one-word name before "administration" or "presidency": "the Trump
    administration" (one model vote, not a rule's: an organisation named
    elsewhere in the story keeps its majority).
    Not only PERSON: a place word after a name votes a place ("Ahrweiler
    district"), a vaccine noun after a one-word name its maker ("the Pfizer
    vaccine")."""
    words = m.text.split()
    if m.rule == "model" or m.rule.startswith("consistency:"):
        # a label copied from another mention of the article is no better
        # evidence than the model's guess: the name's own words outweigh it
        if cue := _not_person_nor_place(text, m, words, rules):
            return cue
    if m.rule != "model":
        # a data rule's label stands, but for an outlet's possessive over the team rule
        if m.rule in rules.possessive_over and name_form_label(m.text, "PERSON") is None:
            return _outlet_possessive(text, m, tokens, words, rules, outlets)
        return None
    if (m.label in rules.role_from and rules.role_before is not None and 2 <= len(words) <= 3
            and all(w[:1].isupper() and not w.isupper() for w in words)
            and not any(t in rules.names.institution_heads for t in tokens)
            and rules.role_before.search(text, max(0, m.start - 80), m.start)):
        return "PERSON", "type:role-before"
    capitalised = 2 <= len(words) <= 3 and all(w[:1].isupper() and not w.isupper() for w in words) \
        and not any(t in rules.names.institution_heads for t in tokens)
    if (m.label in rules.quoted_work_from and rules.quoted_work_after is not None
            and text[max(0, m.start - 1):m.start] in rules.quoted_work_before
            and rules.quoted_work_after.match(text, m.end)):
        return rules.quoted_work_label, "type:quoted-work"  # '“Sweet Temptations by Sana Imitiyaz.”'
    rest = words[1:]
    if (m.label in rules.role_from and words and words[0].lower().rstrip(".") in rules.names.occupations
            and 2 <= len(rest) <= 3 and all(w[:1].isupper() and not w.isupper() for w in rest)
            and not any(t in rules.names.institution_heads for t in tokens)):
        return "PERSON", "type:title-before"  # "Gymnast Simone Biles": a trade, then a name
    if (m.label in rules.role_from and capitalised and rules.press_role_before is not None
            and rules.press_role_before.search(text, max(0, m.start - 80), m.start)):
        return "PERSON", "type:role-before"  # "CNN's chief White House correspondent, Kaitlan Collins"
    if (m.label in rules.role_from and capitalised and rules.role_after is not None
            and rules.role_after.match(text, m.end)):
        return "PERSON", "type:role-after"  # "Shontel Brown, a Cuyahoga County councilor"
    if cue := _outlet_possessive(text, m, tokens, words, rules, outlets):
        return cue
    if (m.label in rules.place_from and rules.place_after is not None and not any(w.isupper() for w in words)
            and rules.place_after.match(text, m.end)):
        return rules.place_label, "type:place-after"  # "Rhineland-Palatinate state"
    if (m.label in rules.product_from and rules.product_after is not None and len(words) == 1
            and not words[0].isupper() and rules.product_after.match(text, m.end)):
        return rules.product_label, "type:product-after"  # "the Pfizer vaccine"
    if (m.label in rules.product_from and rules.maker_before is not None and len(words) == 1
            and not words[0].isupper() and rules.maker_before.search(text[max(0, m.start - 60):m.start])):
        return rules.product_label, "type:product-maker"  # "the vaccine developed by Pfizer"
    if (m.label in rules.inner_capital_from and rules.inner_capital is not None and len(words) == 1
            and rules.inner_capital.fullmatch(words[0])):
        return rules.inner_capital_label, "type:inner-capital"  # "UPS, FedEx and Walmart": a brand, no place
    if (m.label in rules.leader_from and rules.leader_after is not None and len(words) == 1
            and words[0][:1].isupper() and not words[0].isupper()
            and rules.leader_after.match(text, m.end)):
        return "PERSON", "context:leader-of"
    return None


def _not_person_nor_place(text: str, m: Mention, words: Sequence[str], rules: _Rules) -> tuple[str, str] | None:
    """(label, rule) when a mention the model read as a person or a place
    names a made thing or a body (entities_types.toml, session 25): a title
    after a made thing's noun ("his special “The Closer”"), a public body
    named after its place ("Miami-Dade Fire Rescue"), a station's call sign
    ("KNX1070"), a company before its officer ("Netflix co-CEO")."""
    if (m.label in rules.work_from and rules.work_before is not None
            and (hit := rules.work_before.search(text, max(0, m.start - 40), m.start)) is not None
            and (hit.group(1) or hit.group(2) or words[:1] == ["The"])):
        return rules.work_label, "type:work-title"
    if (m.label in rules.agency_from and len(words) >= 2
            and re.sub(r"['’]s$", "", words[-1]) in rules.agency_last):
        return rules.agency_label, "type:agency-name"
    if (m.label in rules.station_from and len(words) == 1 and rules.station is not None
            and rules.station.fullmatch(re.sub(r"['’]s$", "", words[0]))):
        return rules.station_label, "type:station"
    if (m.label in rules.company_role_from and rules.company_role_after is not None
            and rules.company_role_after.match(text, m.end)):
        return rules.company_role_label, "type:company-role"
    return None


def _thing_after(text: str, m: Mention, written: str, rules: _Rules) -> tuple[str, str, str] | None:
    """(name read whole, label, rule) when a one-word mention is the
    modifier of a weapon's noun ("the Patriot missile") or opens a vehicle's
    name with a number ("Marine One helicopter": "Marine One"), else None
    (entities_types.toml thing_after)."""
    if not (m.rule == "model" or m.rule.startswith("consistency:")) or len(m.text.split()) != 1 or m.text.isupper():
        return None
    if m.label in rules.thing_from and rules.weapon_after is not None and rules.weapon_after.match(text, m.end):
        return written, rules.thing_label, "type:thing-after"
    if (m.label in rules.thing_number_from and rules.numbered_after is not None
            and (hit := rules.numbered_after.match(text, m.end)) is not None):
        return f"{written} {hit.group(1)}", rules.thing_label, "type:thing-after"
    return None


def _law_cut(text: str, m: Mention, written: str, rules: _Rules) -> tuple[str, str, str] | None:
    """(name read whole, LAW, rule) when the model cut a mention from the
    front of a law's name ("the Fairness in Women's Sports Act": "Fairness"),
    else None (entities_types.toml law_cut)."""
    if (m.label not in rules.law_cut_from or rules.law_cut_after is None
            or not (m.rule == "model" or m.rule.startswith("consistency:"))
            or not re.search(r"(?<![\w-])(?i:the)\s+$", text[max(0, m.start - 8):m.start])):
        return None
    hit = rules.law_cut_after.match(text, m.end)
    return (f"{written}{hit.group(1)}", rules.law_cut_label, "type:law-cut") if hit else None


def _outlet_possessive(text: str, m: Mention, tokens: Sequence[str], words: Sequence[str], rules: _Rules,
                       outlets: frozenset[str] | set[str]) -> tuple[str, str] | None:
    """(PERSON, rule) for a name of two or three capitalised words just
    after an outlet's possessive ("CNN's Elle Reeve adds", "NBC10's Rosemary
    Connors"): one of its journalists (entities_types.toml outlet_possessive)."""
    if (m.label not in rules.possessive_from or rules.possessive_before is None or not 2 <= len(words) <= 3
            or not all(w[:1].isupper() and not w.isupper() for w in words)
            or any(t in rules.names.institution_heads for t in tokens)):
        return None
    hit = rules.possessive_before.search(text, max(0, m.start - 40), m.start)
    if hit is None:
        return None
    # the owner: its last word ("As CNN's"), or its last two ("Sky News's")
    owners = [hit.group(2)] + ([f"{hit.group(1)} {hit.group(2)}"] if hit.group(1) else [])
    if not any(" ".join(_tokens(o, rules)) in outlets or (rules.call_sign is not None and rules.call_sign.fullmatch(o))
               for o in owners):
        return None
    if rules.possessive_not_before is not None and rules.possessive_not_before.match(text, m.end):
        return None  # "NBC's Real Life program"
    return "PERSON", "type:outlet-possessive"


def _vote_weight(rule: str) -> float:
    """How much one mention's label counts in its entity's type: a data rule
    (entity ruler, name form, place cue) three times the model's guess; a
    label copied from another mention of the article half (it is not new
    evidence)."""
    if rule.startswith(_RULED):
        return 3.0
    if rule.startswith("consistency:"):
        return 0.5
    return 1.0


def _vote_type(members: Sequence[_Node], surfaces: Counter, rules: _Rules) -> str:
    """One type for the entity: each article one vote (two when a data rule
    typed one of its mentions), split over the labels of its mentions (full names weigh more than bare surnames: NER reads
    "Baghdadi" as ORG, "Abu Bakr al-Baghdadi" as PERSON); the total weight
    breaks ties, then a place before a person (the small model's commonest
    slip is a village read as a person).  A name form that decides the type
    (X Brigades, Tell X) overrides the vote, and a LANGUAGE that is not a
    language becomes a place."""
    per_article: dict[str, Counter] = defaultdict(Counter)
    ruled: set[str] = set()
    for n in members:
        for label, w in n.votes.items():
            per_article[n.article][label] += w * len(n.tokens)
        if n.ruled:
            ruled.add(n.article)
    votes: Counter = Counter()
    weight: Counter = Counter()
    for article, counts in per_article.items():
        total = sum(counts.values())
        # an article where a rule set the type (a place cue, a name form)
        # counts twice: the rule is better evidence than another article's guess
        share = 2.0 if article in ruled else 1.0
        for label, w in counts.items():
            votes[label] += share * w / total
            weight[label] += w
    priority = ["GPE", "PERSON", "ORG", "LOC", "FAC", "NORP", *rules.names.classes]
    label = min(votes, key=lambda k: (-round(votes[k], 6), -weight[k], priority.index(k) if k in priority else 99))
    forms = {name_form_label(s, label) for s in surfaces} - {None}
    decided = {f[0] for f in forms}
    if len(decided) == 1:
        return decided.pop()
    return label


def _salience(mentions: Sequence[tuple[str, int]], type_: str, is_source: bool, family: Counter,
              root_of: Mapping[str, str], rules: _Rules) -> float:
    """The entity's weight in its story, before scaling: per article a
    presence point, log-damped mentions and a lead bonus, each article
    weighed 1 / (articles of its derivation family), over the story's
    independent sources; minor labels and credited sources weigh less."""
    w = rules.salience
    per_article: dict[str, list[int]] = defaultdict(list)
    for aid, sent in mentions:
        per_article[aid].append(sent)
    score = 0.0
    for aid, sents in per_article.items():
        part = w["presence"] + w["mentions"] * math.log1p(len(sents))
        if min(sents) < w["lead_sentences"]:
            part += w["lead"]
        score += part / family.get(root_of.get(aid, aid), 1)
    score /= max(1, len(family))
    if type_ in w["minor_labels"]:
        score *= w["minor_factor"]
    if is_source:
        score *= w["source_factor"]
    return score


def _surface(node: _Node) -> str:
    return node.surfaces.most_common(1)[0][0]


def _class_compatible(uf: _UnionFind, a: int, b: int, *, strong_string: bool) -> bool:
    """Clusters that share a class, or where one side's label is too thin to
    trust (NER labels one village PERSON, ORG and GPE in three sentences)."""
    ra, rb = uf.find(a), uf.find(b)
    ca, cb = uf.class_counts(ra), uf.class_counts(rb)
    if strong_string or set(ca) & set(cb):
        return True
    return min(sum(ca.values()), sum(cb.values())) <= 2


def _epithet_form(text: str, cands: Sequence[str], surfaces: Counter, rules: _Rules, *,
                  cls: str | None = None) -> bool:
    """Whether a person's name ``text`` is another written full name with
    words before it that the text writes less often than the name alone:
    an epithet or a descriptor ("Crooked Hillary Clinton", "Rival Hillary
    Clinton" beside "Hillary Clinton"), not a longer name.  The name alone
    has two words or more and opens with a listed first name, and the word
    before it is none: else the shorter form is a part of the name ("Peña
    Nieto" of "Enrique Peña Nieto", "Suu Kyi", "Holtz-Eakin", "W. Bush";
    PolNeAR)."""
    words = _tokens(text, rules, cls=cls)
    if not words or words[0] in gender_words().given:
        return False  # "Jumah Hamdi Hamdan" beside "Hamdi Hamdan": a given name is the name's
    for other in cands:
        rest = _tokens(other, rules, cls=cls)
        if (2 <= len(rest) < len(words) and tuple(words[-len(rest):]) == tuple(rest)
                and rest[0] in gender_words().given and surfaces[other] > surfaces[text]):
            return True
    return False


def _best_name(surfaces: Counter, where: Mapping[str, set[str]], root_of: Mapping[str, str], rules: _Rules,
               *, person: bool, cls: str | None = None) -> str:
    """The spelling most independent sources use.  Candidates are the full
    forms: for a person the names of two words or more (not a bare surname),
    for anything else the names that are not acronyms.  Spellings with one
    normal form (case, articles, titles aside) are counted together; the form
    written by most derivation families wins, ties to the longest full form
    (most words), then most articles and mentions.  Within the form, the
    spelling with capitals on its words, in most articles, most often, the
    longest (Tariq al-Obeidi over Tariq Obeidi)."""
    def words(text: str) -> int:
        return len(_tokens(text, rules, cls=cls))

    cands = [s for s in surfaces if not _acronym(s)] or list(surfaces)
    if person:
        cands = [s for s in cands if words(s) >= 2] or cands
        cands = [s for s in cands if not _epithet_form(s, cands, surfaces, rules, cls=cls)] or cands
    forms: dict[str, list[str]] = defaultdict(list)
    for s in cands:
        forms[" ".join(_tokens(s, rules, cls=cls))].append(s)

    def form_score(item: tuple[str, list[str]]) -> tuple:
        norm, group = item
        arts = set().union(*(where[s] for s in group))
        fams = {root_of.get(a, a) for a in arts}
        return (-len(fams), -len(norm.split()), -len(arts), -sum(surfaces[s] for s in group), -len(norm), norm)

    group = min(forms.items(), key=form_score)[1]

    def surface_score(text: str) -> tuple:
        capped = all(w[:1].isupper() for w in text.split() if w.casefold() not in rules.names.acronym_stopwords
                     and not w.casefold().startswith(tuple(p + "-" for p in rules.names.particles)))
        return (not capped, -len(where[text]), -surfaces[text], -len(text), text)

    best = min(group, key=surface_score)
    if person:
        # "Frenchman Quentin Le Brun" -> "Quentin Le Brun": a title or
        # descriptor is not part of the name shown
        ws = best.split()
        while len(ws) > 2 and ws[0].casefold().rstrip(".") in rules.names.titles:
            ws = ws[1:]
        best = " ".join(ws)
    return best


def _merge_acronyms(
    uf: _UnionFind,
    nodes: list[_Node],
    rules: _Rules,
    sent_nodes: dict[tuple[str, int], set[int]],
    short: set[int],
) -> None:
    """SDF = Syrian Democratic Forces (initials); FDS = SDF (same letters in
    another language's order); SDS ~ SDF (one letter off, in its place) only with context:
    no expansion of its own, the other's expansion in the same article, and a
    neighbouring entity in common, and only towards an acronym the story
    writes (not the initials of an expansion)."""
    expansions: dict[int, str] = {}
    for i, n in enumerate(nodes):
        if not n.acronym and len(n.tokens) >= 2 and i not in short:
            ini = _initials(n.tokens, rules)
            if len(ini) >= 2:
                expansions[i] = ini
    acronyms = sorted((i for i, n in enumerate(nodes) if n.acronym), key=lambda i: (nodes[i].acronym, nodes[i].article))
    # exact initials; a person's initials stand only for an acronym read in
    # the classes of [person_initials] ("S.C." of "R-S.C." is a state, not
    # Susan Collins)
    explained = set()
    cls = lambda k: rules.names.classes.get(nodes[k].labels.most_common(1)[0][0])  # noqa: E731
    for i in acronyms:
        for j, ini in sorted(expansions.items()):
            if (cls(j) == "person" and cls(i) not in rules.initials_classes
                    and not all(len(t) == 1 for t in nodes[j].tokens)):
                continue  # (an acronym spelled apart, "F. B. I.", is no person's name)
            if ini == nodes[i].acronym:
                uf.union(j, i, f"{_surface(nodes[i])} = {_surface(nodes[j])}: initials")
                explained.add(i)
    # permutations, then one letter off
    known = {i: nodes[i].acronym for i in acronyms} | expansions
    written = set(acronyms)
    for i in acronyms:
        if i in explained:
            continue
        a = nodes[i].acronym
        for j, b in sorted(known.items()):
            if j == i or uf.find(i) == uf.find(j) or len(b) != len(a) or len(a) < 3 or b == a:
                continue
            if sorted(a) == sorted(b):
                if _context_support(uf, nodes, i, j, sent_nodes, need_neighbour=False):
                    uf.union(j, i, f"{_surface(nodes[i])} ~ {b.upper()}: same letters, other word order")
                    break
            elif sum(x != y for x, y in zip(a, b)) == 1 and j in written:
                # one letter replaced in place (SDS ~ SDF), not two letters
                # shared in any order: CBS is no misspelling of UCB.  A slip
                # is of a form someone wrote: BBC is no misspelling of the
                # initials of the Broadcasting Board of Governors, which the
                # story never writes as BBG.
                if _context_support(uf, nodes, i, j, sent_nodes, need_neighbour=True):
                    why = "all but one letter, expansion in the same article, shared context"
                    uf.union(j, i, f"{_surface(nodes[i])} ~ {b.upper()}: {why}")
                    break


def _context_support(
    uf: _UnionFind,
    nodes: list[_Node],
    i: int,
    j: int,
    sent_nodes: dict[tuple[str, int], set[int]],
    *,
    need_neighbour: bool,
) -> bool:
    ri, rj = uf.find(i), uf.find(j)
    # The other acronym's cluster appears in the same article (typically with its expansion).
    same_article = any(nodes[m].article == nodes[i].article for m in uf.members[rj])
    if not same_article:
        return False
    if not need_neighbour:
        return True
    has_expansion = any(len(nodes[m].tokens) >= 2 and not nodes[m].acronym for m in uf.members[rj])
    if not has_expansion:
        return False
    return bool(_neighbours(uf, nodes, ri, sent_nodes) & _neighbours(uf, nodes, rj, sent_nodes))


def _neighbours(uf: _UnionFind, nodes: list[_Node], root: int, sent_nodes: dict[tuple[str, int], set[int]]) -> set[int]:
    """Clusters mentioned within one sentence of the cluster's mentions."""
    out: set[int] = set()
    own = set(uf.members[root])
    spots = {(a, s) for (a, s), ids in sent_nodes.items() if ids & own}
    for a, s in spots:
        for d in (-1, 0, 1):
            for n in sent_nodes.get((a, s + d), ()):
                r = uf.find(n)
                if r != root:
                    out.add(r)
    return out


def _attach_short(uf: _UnionFind, nodes: list[_Node], short: list[int], rules: _Rules, label_of) -> None:
    """A bare surname (or given name) joins the one cluster whose full name
    contains it; when several do, the one named in the same article, else
    the one named last before it there; otherwise it stays apart."""
    leftovers: dict[str, list[int]] = defaultdict(list)
    for i in short:
        n = nodes[i]
        classes = uf.class_counts(uf.find(i))
        if classes.get("place", 0) >= 2 and not classes.get("person"):
            leftovers[n.norm].append(i)
            continue
        cands: dict[int, list[int]] = defaultdict(list)
        for j, m in enumerate(nodes):
            if len(m.tokens) < 2 or m.acronym or rules.names.classes.get(label_of(j)) != "person":
                continue
            if _part_of(n, m, rules):
                cands[uf.find(j)].append(j)
        if not cands:
            leftovers[n.norm].append(i)
            continue
        roots = sorted(cands)
        if len(roots) > 1:
            # a surname before a given name: Obama -> Barack Obama, not
            # "Obama White House" (read as a person)
            last = [r for r in roots if any(nodes[j].strict[-1:] == n.strict or nodes[j].loose[-1:] == n.loose
                                            for j in cands[r])]
            roots = last or roots
        if len(roots) > 1:
            local = [r for r in roots if any(nodes[j].article == n.article for j in cands[r])]
            if len(local) == 1:
                roots = local
            elif local:
                before = [
                    (max(nodes[j].first_offset for j in cands[r] if nodes[j].article == n.article), r) for r in local
                ]
                before = [b for b in before if b[0] <= n.first_offset]
                roots = [max(before)[1]] if before else []
            else:
                roots = []
        if len(roots) == 1:
            target = cands[roots[0]][0]
            if uf.union(target, i, f"{_surface(n)} -> {_surface(nodes[target])}: part of the full name"):
                continue
        leftovers[n.norm].append(i)
    for norm, ids in sorted(leftovers.items()):
        for j in ids[1:]:
            if uf.find(j) == uf.find(ids[0]):
                continue
            uf.union(ids[0], j, f"{norm!r}: same name in several articles")
