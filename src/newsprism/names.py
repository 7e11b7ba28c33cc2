"""Names: when two spellings name the same person, place or organisation.

One module, one data file (``data/names.toml``), for every stage that asks
whether two names are one:

* the group stage's name keys (:func:`name_key`, :func:`keys_match`,
  :func:`match_keys`): do two articles name the same place or person?
* entity resolution in reconcile (:func:`name_tokens`, :func:`skeleton`,
  :func:`fold`), which adds the evidence only a story has (types, aliases,
  acronyms, full names);
* speaker matching (:func:`normalize_name` on both sides);
* outlet matching (:func:`outlet_key`).

The steps, in order: fold (accents, possessives and apostrophes off, an
initialism's dots joined: U.S. -> us), cut into word tokens (an Arabic
article is a token of its own: al-Baghdadi = Al Baghdadi = Baghdadi),
leading articles, prepositions and titles dropped (the President Donald
Trump -> donald trump), then transliteration rewrites on each token
(Baghouz / Bagouz / Baghuz).  :func:`skeleton` goes one step further, to the
consonant skeleton entity resolution compares (Baghdadi / Bagdady).
"""

from __future__ import annotations

import dataclasses

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from rapidfuzz import fuzz, process

from .data import load_toml
from .errors import E, NewsprismError

__all__ = [
    "NameRules",
    "name_rules",
    "fold",
    "name_tokens",
    "normalize_name",
    "translit",
    "skeleton",
    "skeleton_key",
    "name_key",
    "spelled_alike",
    "familiar_forms",
    "keys_match",
    "match_keys",
    "outlet_key",
    "same_outlet",
    "GenderWords",
    "gender_words",
]

_DATA = "names.toml"


@dataclass(frozen=True)
class GenderWords:
    """The ``[gender]`` lists of analyze_quotes.toml, read by value: each
    word, lower case (a title without its dot), to "f" or "m"."""

    pronouns: Mapping[str, str]
    titles: Mapping[str, str]
    given: Mapping[str, str]  # first names
    roles: Mapping[str, str] = dataclasses.field(default_factory=dict)  # "actress", "spokesman"


@cache
def gender_words() -> GenderWords:
    """What analyze reads a person's gender by, for the stages after it
    (a pronoun speaker checked against the name shown, a first name that is
    never an epithet)."""
    g = load_toml("analyze_quotes").get("gender", {})

    def by_sex(kind: str, *, dot: bool = False) -> dict[str, str]:
        return {(w.lower().rstrip(".") if dot else w.lower()): sex
                for sex in ("f", "m") for w in g.get(f"{'female' if sex == 'f' else 'male'}_{kind}", [])}

    return GenderWords(pronouns={k.lower(): v for k, v in g.get("pronouns", {}).items()},
                       titles=by_sex("titles", dot=True), given=by_sex("names"), roles=by_sex("roles"))


@dataclass(frozen=True)
class NameRules:
    drop_chars: str
    classes: Mapping[str, str]
    particles: frozenset[str]
    hyphen_particles: frozenset[str]
    leading: frozenset[str]
    titles: frozenset[str]
    occupations: frozenset[str]
    company_words: frozenset[str]
    place_generics: frozenset[str]
    org_suffixes: frozenset[str]
    institution_heads: frozenset[str]
    acronym_stopwords: frozenset[str]
    lower_particles: frozenset[str]
    generations: frozenset[str]
    translit: tuple[tuple[re.Pattern[str], str], ...]
    vowels: str
    initial_vowels: Mapping[str, str]
    final_vowels: Mapping[str, str]
    fuzzy_min_ratio: float
    fuzzy_min_length: int
    outlet_suffixes: tuple[str, ...]
    nicknames: Mapping[str, frozenset[int]]  # folded given name -> the [nicknames] sets holding it


@cache
def name_rules() -> NameRules:
    """The rules shipped in data/names.toml (immutable, loaded once); a broken
    or incomplete file gives one clear message (E080), not a KeyError."""
    raw = load_toml(_DATA)
    try:
        return _build(raw)
    except (KeyError, TypeError, ValueError, re.error) as exc:
        raise NewsprismError(E.E080.format(name=_DATA, reason=f"missing or bad entry {type(exc).__name__}: {exc}")) \
            from None


_WORD_SETS = ("particles", "hyphen_particles", "leading", "titles", "place_generics", "org_suffixes",
              "institution_heads", "acronym_stopwords", "lower_particles")


def _build(raw: dict[str, Any]) -> NameRules:
    tr = raw["translit"]
    return NameRules(
        drop_chars=str(raw["drop_chars"]),
        classes=dict(raw["classes"]),
        **{name: frozenset(raw["tokens"][name]) for name in _WORD_SETS if name != "titles"},
        # an occupation before a name is dropped like a title ("Gymnast Simone Biles")
        titles=frozenset(raw["tokens"]["titles"]) | frozenset(raw["tokens"]["occupations"])
        | frozenset(raw["tokens"]["company_words"]),
        occupations=frozenset(raw["tokens"]["occupations"]),
        company_words=frozenset(raw["tokens"]["company_words"]),
        generations=frozenset(raw["generations"]["suffixes"]),
        translit=tuple((re.compile(p), r) for p, r in tr["rules"]),
        vowels=str(tr["vowels"]),
        initial_vowels=dict(tr["initial_vowels"]),
        final_vowels=dict(tr["final_vowels"]),
        fuzzy_min_ratio=float(raw["fuzzy_min_ratio"]),
        fuzzy_min_length=int(raw["fuzzy_min_length"]),
        outlet_suffixes=tuple(str(s) for s in raw["outlets"]["suffixes"]),
        nicknames=_nickname_index(raw["nicknames"]["sets"]),
    )


def _nickname_index(sets: list[list[str]]) -> dict[str, frozenset[int]]:
    index: dict[str, set[int]] = {}
    for i, names in enumerate(sets):
        for name in names:
            index.setdefault(str(name).casefold(), set()).add(i)
    return {name: frozenset(ids) for name, ids in index.items()}


def familiar_forms(a: str, b: str, rules: NameRules | None = None) -> bool:
    """Whether two different given names (folded tokens) are one name in
    its formal and familiar forms (Stephen / Steve): one [nicknames] set of
    names.toml holds both."""
    rules = rules or name_rules()
    return a != b and bool(rules.nicknames.get(a, frozenset()) & rules.nicknames.get(b, frozenset()))


# ----------------------------------------------------------- normal form


def fold(text: str, rules: NameRules | None = None) -> str:
    """Case-folded, accent-free text with possessives and apostrophes off;
    a dot after a single letter joins an initialism (U.S. -> us), any other
    dot separates (Gov.Sarah Palin)."""
    rules = rules or name_rules()
    text = re.sub(r"['’]s\b", "", text)  # possessive, before apostrophes go
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = "".join(c for c in text if c not in rules.drop_chars)
    text = re.sub(r"(?<![A-Za-z])([A-Za-z])\.", r"\1", text)
    return text.replace(".", " ").casefold()


def name_tokens(text: str, *, cls: str | None = None, rules: NameRules | None = None) -> list[str]:
    """The words of a name: folded, without leading articles, prepositions
    and titles, Arabic articles or (by ``cls``: "place", "group") a generic
    last word (Euphrates River, Microsoft Corp.)."""
    rules = rules or name_rules()
    text = text.strip()
    if cls == "place" and "," in text:
        # "Santa Rosa, California": the place is the part before the comma
        head = text.split(",", 1)[0]
        if head.strip():
            text = head
    folded = fold(text, rules)
    # A hyphen-attached assimilated article (ez-Zor, ad-Din) is an article;
    # the same two letters standing alone are English words.
    folded = re.sub(
        r"\b([a-z]{2,3})-",
        lambda m: " " if m.group(1) in rules.hyphen_particles else m.group(0),
        folded,
    )
    toks = [t for t in re.split(r"[^0-9a-z]+", folded) if t]
    while toks and (toks[0] in rules.leading or toks[0] in rules.titles) and len(toks) > 1:
        if toks[0] in rules.titles and len(toks) == 2 and toks[1] in rules.institution_heads:
            break  # "Justice Department" keeps its first word
        toks = toks[1:]
    kept = [t for t in toks if t not in rules.particles]
    toks = kept or toks
    generics = rules.place_generics if cls == "place" else rules.org_suffixes if cls == "group" else frozenset()
    while len(toks) > 1 and toks[-1] in generics:
        toks = toks[:-1]
    return toks


def normalize_name(text: str, *, label: str = "") -> str:
    """Case-folded, accent-free form of a name without articles and titles:
    ``normalize_name("the al-Baghdadi")`` -> ``"baghdadi"``.  ``label`` (a
    spaCy label) drops the generic words of its class."""
    rules = name_rules()
    return " ".join(name_tokens(text, cls=rules.classes.get(label), rules=rules))


# ------------------------------------------------------- transliteration


def translit(token: str, rules: NameRules | None = None) -> str:
    """One folded token with the transliteration rewrites applied in order
    (Baghouz, Bagouz and Baghuz all give "baguz")."""
    rules = rules or name_rules()
    for pattern, repl in rules.translit:
        token = pattern.sub(repl, token)
    return token


def skeleton(token: str, *, strict: bool = True, rules: NameRules | None = None) -> str:
    """The consonant skeleton of a folded token, after transliteration: the
    first letter kept (a vowel by its class), inner vowels dropped, a final
    vowel kept as its class when ``strict`` (Afrini vs Afrin, Baghdadi vs
    Baghdad differ only there) and dropped otherwise."""
    rules = rules or name_rules()
    t = translit(token, rules)
    if not t:
        return ""
    v = rules.vowels
    head = rules.initial_vowels.get(t[0], t[0])
    body = t[1:]
    tail = ""
    if body and body[-1] in v:
        tail = rules.final_vowels.get(body[-1], "") if strict else ""
        body = body.rstrip(v)
    body = "".join(c for c in body if c not in v)
    return re.sub(r"(.)\1+", r"\1", head + body + tail)


def skeleton_key(tokens: Iterable[str], *, strict: bool = True, rules: NameRules | None = None) -> tuple[str, ...]:
    """The skeletons of a name's tokens (:func:`name_tokens`), in order: the
    key under which entity resolution finds transliteration variants."""
    rules = rules or name_rules()
    return tuple(skeleton(t, strict=strict, rules=rules) for t in tokens)


def name_key(text: str, *, person: bool = False, label: str = "", rules: NameRules | None = None) -> str:
    """The comparison key of a name: its tokens (:func:`name_tokens`), a
    person's generation suffix (Jr., Sr.) off, each token transliterated.
    "" if nothing is left."""
    rules = rules or name_rules()
    cls = rules.classes.get(label) or ("person" if person else None)
    toks = name_tokens(text, cls=cls, rules=rules)
    if cls == "person" and len(toks) > 1 and toks[-1] in rules.generations:
        toks = toks[:-1]
    return " ".join(k for k in (translit(t, rules) for t in toks) if k)


# ------------------------------------------------------------ same name


def spelled_alike(a: str, b: str, rules: NameRules | None = None, *, min_ratio: float | None = None,
                  min_length: int | None = None) -> bool:
    """Two keys close enough in spelling to be one name: both at least
    ``min_length`` long and their rapidfuzz ratio at least ``min_ratio``
    (default: ``fuzzy_min_length`` and ``fuzzy_min_ratio`` of names.toml).

    On spelling alone the bar is high (86: Bagdadi ~ Baghdadi, ratio 93).
    Entity resolution asks it only of two names that already share a
    transliteration skeleton (:func:`skeleton_key`), strong evidence by
    itself, and so passes the lower bar of setting reconcile.entity_min_ratio
    (60: Baghdadi ~ Bagdady, ratio 80, are one name; Mosul ~ Mawsil, 55,
    share the skeleton "msl" but are not taken for one) and no length floor
    (its keys carry their own: three letters)."""
    rules = rules or name_rules()
    min_ratio = rules.fuzzy_min_ratio if min_ratio is None else min_ratio
    min_length = rules.fuzzy_min_length if min_length is None else min_length
    if min(len(a), len(b)) < min_length:
        return False
    return fuzz.ratio(a, b) >= min_ratio


def keys_match(a: str, b: str, *, person: bool = False, rules: NameRules | None = None) -> bool:
    """Whether two keys name the same thing: equal; for people, one is the
    other's surname, or the same surname with a given name in common; or
    spelled alike (long keys only)."""
    if not a or not b:
        return False
    if a == b:
        return True
    rules = rules or name_rules()
    if person:
        ta, tb = a.split(), b.split()
        if (len(ta) == 1 and ta[0] == tb[-1]) or (len(tb) == 1 and tb[0] == ta[-1]):
            return len(ta[-1]) >= 3
        # Same surname and compatible first names ("Abu Bakr Baghdadi" / "Bakr Baghdadi").
        if ta[-1] == tb[-1] and (set(ta[:-1]) & set(tb[:-1])):
            return True
    return spelled_alike(a, b, rules)


def _best_match(x: str, free: list[str], persons: frozenset[str] | set[str], rules: NameRules) -> str | None:
    # Spelling variants first, through rapidfuzz's C loop (this runs for every
    # compared pair of articles), then the person-name rules.
    best = None
    if len(x) >= rules.fuzzy_min_length:
        hit = process.extractOne(x, [y if len(y) >= rules.fuzzy_min_length else "" for y in free],
                                 scorer=fuzz.ratio, score_cutoff=rules.fuzzy_min_ratio)
        if hit is not None:
            best = free[hit[2]]
    if best is None and (x in persons or any(y in persons for y in free)):
        # keys_match(x, y, person=True) for each free y in turn, without its
        # last step: spelled_alike is false for every y here (the search
        # above found none).  Each person rule needs the two keys to end
        # with the same token (keys are tokens joined by single spaces), so
        # a suffix test passes over the rest without splitting them: the
        # same answer, in a fraction of the time (this loop was a third of
        # batch grouping's time).
        ta = x.split()
        if not ta:
            return best
        last = ta[-1]
        for y in free:
            if y.endswith(last) and (x in persons or y in persons) and (y == x or _same_person(ta, y.split())):
                return y
    return best


def _same_person(ta: list[str], tb: list[str]) -> bool:
    """The person rules of :func:`keys_match` on two keys' tokens (ending
    with the same token): one is the other's surname (three letters or
    more), or the same surname with a given name in common."""
    if (len(ta) == 1 and ta[0] == tb[-1]) or (len(tb) == 1 and tb[0] == ta[-1]):
        return len(ta[-1]) >= 3
    return ta[-1] == tb[-1] and bool(set(ta[:-1]) & set(tb[:-1]))


def match_keys(
    a: Mapping[str, float] | Iterable[str],
    b: Mapping[str, float] | Iterable[str],
    *,
    persons: frozenset[str] | set[str] = frozenset(),
    rules: NameRules | None = None,
) -> list[tuple[str, str]]:
    """Pairs (key in a, key in b) naming the same thing; each key used once,
    exact matches first, then the best fuzzy ones, in a deterministic order."""
    rules = rules or name_rules()
    ka, kb = sorted(a), sorted(b)
    used_b: set[str] = set()
    pairs: list[tuple[str, str]] = []
    rest = []
    bset = set(kb)
    for x in ka:
        if x in bset:
            pairs.append((x, x))
            used_b.add(x)
        else:
            rest.append(x)
    for x in rest:
        free = [y for y in kb if y not in used_b]
        if not free:
            break
        best = _best_match(x, free, persons, rules)
        if best is not None:
            pairs.append((x, best))
            used_b.add(best)
    return pairs


# --------------------------------------------------------------- outlets


def outlet_key(name: str, *, suffixes: Iterable[str] | None = None) -> str:
    """The comparison form of an outlet's name: case-folded, punctuation
    off (``&`` and ``-`` kept), no leading "the", and at most one trailing
    word of ``suffixes`` (default: names.toml [outlets]) off ('The Guardian
    newspaper' -> 'guardian')."""
    suffixes = name_rules().outlet_suffixes if suffixes is None else suffixes
    s = " ".join(re.sub(r"[^\w\s&-]", " ", name).casefold().split())
    s = re.sub(r"^the\s+", "", s)
    for suffix in sorted(suffixes, key=len, reverse=True):
        if s.endswith(" " + suffix):
            s = s[: -len(suffix) - 1]
            break
    return s


def same_outlet(a: str | None, b: str | None) -> bool:
    """Whether two outlet names name one outlet (equal :func:`outlet_key`);
    an empty name is no outlet."""
    ka, kb = outlet_key(a or ""), outlet_key(b or "")
    return bool(ka) and ka == kb
