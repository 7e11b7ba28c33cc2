"""Reconcile, per story: entity resolution -> claims -> alignment ->
verdicts -> provenance -> timeline."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Mapping, Sequence
from functools import cache
from typing import Any

from ..analyze.embed import precise_encoder
from ..config import AnalyzeSettings, Config, ReconcileSettings, stage_settings
from ..data import load_toml
from ..errors import E, NewsprismError
from ..model import AnalyzedArticle, Entity, Quote, Similarity, Story, StoryReport
from .align import AlignedPair, aligned_short, drop_short, group_pairs, score_pairs
from .antecedents import pronoun_in_doubt
from .parses import article_doc
from ..names import normalize_name
from ..quotelist import ListedQuote, SpeakerEntity, _listed_rules, listed_quotes
from .circumstance import might_run_on, writers_clause_cut
from .claims import extract_claims
from .entities import resolve_entities
from .provenance import derive, independent_sources
from .timeline import build_timeline
from .verdicts import build_claims, figure_units, find_conflicts

__all__ = ["reconcile_story", "shown_quotes", "story_quotes"]

_SPEAKER_LABELS = ("PERSON", "ORG", "NORP")
# A speaker is a person or an organisation: never linked to a place entity.
_PLACE_LABELS = ("LOC", "FAC")
# A state or a people opening a longer speaker phrase ("a New York judge",
# "Kurdish officials") only says which one: it is not the speaker.
_MODIFIER_LABELS = ("GPE", "NORP")


@cache
def _speaker_words(key: str) -> frozenset[str]:
    """One word list of data/reconcile_speakers.toml [speaker]."""
    try:
        return frozenset(str(w) for w in load_toml("reconcile_speakers.toml")["speaker"][key])
    except (KeyError, TypeError) as exc:
        raise NewsprismError(E.E080.format(name="reconcile_speakers.toml", reason=f"missing or bad entry {exc}")) \
            from None


def _not_head() -> frozenset[str]:
    """Words that put the name after them inside a longer speaker phrase ("aid
    workers outside the village of Tell Sawa"): that name is not the speaker
    ([speaker] `not_head`)."""
    return _speaker_words("not_head")


def _joint() -> frozenset[str]:
    """Words that join several speakers into one phrase ("the airline and the
    pilots' union"): [speaker] `joint`."""
    return _speaker_words("joint")


@cache
def _joint_rules() -> tuple[re.Pattern[str], frozenset[str]]:
    """(the pattern that splits a joint speaker phrase at its joining words,
    keeping them; the entity types whose names a joint phrase is shown as):
    data/reconcile_speakers.toml [speaker] `joint`, `joint_types`."""
    words = sorted(_joint(), key=len, reverse=True)
    return re.compile(r"\s+(" + "|".join(re.escape(w) for w in words) + r")\s+"), _speaker_words("joint_types")


def _names_speaker(inner: str, phrase: str) -> bool:
    """``inner`` (a multi-word name) stands for the speaker ``phrase``: it is
    the phrase, or opens it, or closes it as an appositive ("a coordinator
    ..., Leila Nassar"), not the object of a preposition inside it."""
    if inner == phrase:
        return True
    if len(inner.split()) < 2 or inner not in phrase:
        return False
    if any(w in _joint() for w in set(phrase.split()) - set(inner.split())):
        return False  # "Sen. Ada Brenner and Sen. Tomas Quill": both speak; neither alone is the speaker
    if phrase.startswith(inner + " "):
        return True
    if phrase.endswith(" " + inner):
        before = phrase[: -len(inner)].split()
        return bool(before) and before[-1] not in _not_head()
    return False


@cache
def _role_rules() -> tuple[int, frozenset[str], dict[str, tuple[str, ...]]]:
    """(most words of an office-only speaker phrase, the articles that open
    one, office word -> titles written before a name), from
    data/reconcile_speakers.toml."""
    try:
        raw = load_toml("reconcile_speakers.toml")["speaker"]
        return (int(raw["role_max_words"]), frozenset(w.lower() for w in raw["role_articles"]),
                {k.lower(): tuple(v) for k, v in raw["role_titles"].items()})
    except (KeyError, TypeError, ValueError) as exc:
        raise NewsprismError(E.E080.format(name="reconcile_speakers.toml", reason=f"missing or bad entry {exc}")) \
            from exc


def _titled_person(a: AnalyzedArticle, speaker: str, mention_entity: Mapping[tuple[str, int], str]) -> str | None:
    """Entity id of the one person the article names with the title of the
    office a speaker phrase names alone ("The governor" -> "Gov. Chris
    Christie"), else None (no such person, or more than one)."""
    max_words, articles, titles = _role_rules()
    words = speaker.split()
    if not 2 <= len(words) <= max_words or words[0].lower() not in articles or words[-1].lower() not in titles:
        return None
    if any(w.lower() in _joint() for w in words):
        return None  # "the mayor and governor": two offices, not one person
    forms = titles[words[-1].lower()]
    text = a.article.text
    found = set()
    for i, m in enumerate(a.mentions):
        eid = mention_entity.get((a.article.id, i))
        if not eid or m.label != "PERSON":
            continue
        before = text[max(0, m.start - 20):m.start].split()
        if before and before[-1] in forms:
            found.add(eid)
    return found.pop() if len(found) == 1 else None


@cache
def _office_rules() -> tuple[int, int, frozenset[str]]:
    """(fewest and most words of an office of several words, the words after
    which a title is another office): data/reconcile_speakers.toml [speaker]
    `office_words`, `office_not_after`."""
    try:
        raw = load_toml("reconcile_speakers.toml")["speaker"]
        low, high = (int(n) for n in raw["office_words"])
        return low, high, frozenset(str(w).lower() for w in raw["office_not_after"])
    except (KeyError, TypeError, ValueError) as exc:
        raise NewsprismError(E.E080.format(name="reconcile_speakers.toml", reason=f"missing or bad entry {exc}")) \
            from None


def _office_person(a: AnalyzedArticle, speaker: str, mention_entity: Mapping[tuple[str, int], str], *,
                   story: Sequence[AnalyzedArticle] = ()) -> str | None:
    """Entity id of the one person the article names with the very words of
    the office a speaker phrase names alone ("The Senate majority leader" ->
    "Senate Majority Leader Chuck Schumer"), else None (no such person, two,
    or the title is another office: "Deputy Attorney General ...").  When
    the article names no one so, the story's other articles (``story``) may:
    the one person they name with the title, if this article names that
    person too ("Chuck Schumer" written without his title)."""
    low, high, not_after = _office_rules()
    words = speaker.split()
    if not words or words[0].lower() not in _role_rules()[1] or not low <= len(words) - 1 <= high:
        return None
    office = words[1:]
    if not all(w.isalpha() for w in office) or any(w.lower() in _joint() for w in office):
        return None  # "the state's attorney general": someone's; "the mayor and governor": two
    title = re.compile(r"(?<![\w.'’-])(\S+\s+)?" + r"\s+".join(re.escape(w) for w in office) + r"\s+$",
                       flags=re.IGNORECASE)

    def fits(b: AnalyzedArticle, m: Any) -> bool:
        hit = title.search(b.article.text[max(0, m.start - len(speaker) - 40):m.start])
        return bool(hit) and (hit.group(1) or "").strip(" ,;:(—-").lower() not in not_after

    return _one_person(a, mention_entity, story, fits)


def _one_person(a: AnalyzedArticle, mention_entity: Mapping[tuple[str, int], str], story: Sequence[AnalyzedArticle],
                fits: Callable[[AnalyzedArticle, Any], bool]) -> str | None:
    """Entity id of the one person whose mention in the article ``fits``;
    with none, of the one person whose mentions in the story's other
    articles fit, if the article names that person too; else None."""

    def holders(b: AnalyzedArticle) -> set[str]:
        return {eid for i, m in enumerate(b.mentions)
                if m.label == "PERSON" and (eid := mention_entity.get((b.article.id, i))) and fits(b, m)}

    found = holders(a)
    if not found:
        named = {mention_entity.get((a.article.id, i)) for i in range(len(a.mentions))} - {None}
        found = {eid for b in story if b.article.id != a.article.id for eid in holders(b)}
        if not found <= named:
            return None
    return found.pop() if len(found) == 1 else None


@cache
def _epithet_rules() -> tuple[dict[str, str], dict[str, frozenset[str]]]:
    """(party word -> its letter in a tag, place name -> its forms read
    without dots and spaces): data/reconcile_speakers.toml
    [speaker.epithet_parties], [speaker.epithet_places]."""
    try:
        raw = load_toml("reconcile_speakers.toml")["speaker"]
        parties = {str(k).lower(): str(v).upper() for k, v in raw["epithet_parties"].items()}
        places = {str(k).lower(): frozenset(_bare(f) for f in [k, *v]) for k, v in raw["epithet_places"].items()}
        return parties, places
    except (KeyError, TypeError, AttributeError) as exc:
        raise NewsprismError(E.E080.format(name="reconcile_speakers.toml", reason=f"missing or bad entry {exc}")) \
            from None


def _bare(form: str) -> str:
    """A place as a tag may write it, without dots, spaces and case ("W. Va." -> "wva")."""
    return re.sub(r"[.\s]", "", form).lower()


# A party tag right after a name: "(D., N.Y.)", ", R-Alaska,", "(D-NY)".
_PARTY_TAG = re.compile(r"\s*[,(]\s*([A-Z])\.?\s*[-–,]\s*([A-Z][A-Za-z. ]{0,20}?)\s*[),]")


def _epithet_person(a: AnalyzedArticle, speaker: str, mention_entity: Mapping[tuple[str, int], str], *,
                    story: Sequence[AnalyzedArticle] = ()) -> str | None:
    """Entity id of the one person written with the party and place of an
    epithet speaker phrase ("The New York Democrat" -> "Chuck Schumer (D.,
    N.Y.)", "Joe Manchin, a West Virginia Democrat,"), in the article or, as
    for an office, in the story; else None."""
    parties, places = _epithet_rules()
    words = speaker.split()
    if len(words) < 3 or words[0].lower() not in _role_rules()[1] or words[-1].lower() not in parties:
        return None
    place = " ".join(words[1:-1])
    forms = places.get(place.lower())
    if forms is None:
        return None
    letter = parties[words[-1].lower()]
    appositive = re.compile(r"\s*,\s+an?\s+" + r"\s+".join(re.escape(w) for w in words[1:]) + r"\b",
                            flags=re.IGNORECASE)

    def fits(b: AnalyzedArticle, m: Any) -> bool:
        after = b.article.text[m.end:m.end + len(speaker) + 20]
        tag = _PARTY_TAG.match(after)
        if tag and tag.group(1) == letter and _bare(tag.group(2)) in forms:
            return True
        return bool(appositive.match(after))

    return _one_person(a, mention_entity, story, fits)


# "New York's attorney general", "the Smiths' lawyer": what stands before the
# possessive owns the speaker; it is not the speaker.
_POSSESSIVE = re.compile(r"^(.+?)(?:['’]s|s['’])\s")


def _after_preposition(mention: str, speaker: str) -> bool:
    """Whether the name ``mention`` is written in the speaker phrase as the
    object of a preposition ([speaker] `not_head`: "The president of the
    Champlain Towers condo association"): the phrase names someone else, and
    normalising it (which drops "The president of the" as a title) must not
    make the name open it."""
    words = re.findall(r"[\w'’.-]+", speaker.casefold())
    name = re.findall(r"[\w'’.-]+", mention.casefold())
    if not name or words[: len(name)] == name:
        return False
    for k in range(1, len(words) - len(name) + 1):
        if words[k : k + len(name)] == name:
            before = [w for w in words[:k] if w not in _listed_rules()[2]]  # determiners: "of the", "of its"
            if before and before[-1] in _not_head():
                return True
    return False


def _owner(speaker: str, *, norm: Callable[[str], str] = normalize_name) -> str:
    """The normalised owner of a possessive speaker phrase, or ""."""
    m = _POSSESSIVE.match(speaker.strip())
    return norm(m.group(1)) if m else ""


def _speaker_entity(
    a: AnalyzedArticle,
    speaker: str | None,
    sentences: Sequence[int],
    mention_entity: Mapping[tuple[str, int], str],
    entities: Sequence[Entity],
    *,
    norm: Callable[[str], str] = normalize_name,
    story: Sequence[AnalyzedArticle] = (),
) -> str | None:
    """Entity id of a quote's speaker: a resolved mention with the speaker's
    name (in the quote's sentences first), else a name match on entities,
    else the one person named with the office the phrase names alone.
    ``norm`` is :func:`normalize_name` (story_quotes gives a memo of it);
    ``story``: the story's articles, where an office may be written before
    a name the article writes without it."""
    if not speaker:
        return None
    name = norm(speaker)
    if not name:
        return None
    aid = a.article.id
    owner = _owner(speaker, norm=norm)
    candidates = []
    for i, m in enumerate(a.mentions):
        eid = mention_entity.get((aid, i))
        if not eid:
            continue
        text = norm(m.text)
        if owner and text == owner:
            continue  # the possessor of "New York's attorney general" is a state, not its attorney general
        if m.label in _MODIFIER_LABELS and name.startswith(text + " "):
            continue  # "a New York judge": the place only says which judge
        if _after_preposition(m.text, speaker):
            continue  # "The president of the Towers condo association": the association does not speak
        if text == name or _names_speaker(text, name) or (len(name.split()) > 1 and name in text):
            # "Brookfield Mayor Dana Whitlock" holds two names: the one that
            # closes the phrase is the person, the one that opens it a title.
            opens = text != name and name.startswith(text + " ") and any(
                norm(o.text) != text and name.endswith(" " + norm(o.text))
                and _names_speaker(norm(o.text), name) and mention_entity.get((aid, k))
                for k, o in enumerate(a.mentions))
            candidates.append((m.sentence not in sentences, m.label not in _SPEAKER_LABELS, opens, i, eid))
    places = {e.id for e in entities if e.type in _PLACE_LABELS}
    candidates = [c for c in candidates if c[4] not in places]
    if candidates:
        return min(candidates)[4]
    entities = [e for e in entities if e.id not in places]
    for e in entities:
        names = {norm(v) for v in [e.name, *e.variants]}
        if name in names and not any(_after_preposition(v, speaker) for v in [e.name, *e.variants]):
            return e.id
    for e in entities:
        names = {norm(v) for v in [e.name, *e.variants]} - {owner}
        if e.type in _MODIFIER_LABELS:
            names = {n for n in names if not name.startswith(n + " ")}
        if any(_names_speaker(n, name) or (len(name.split()) > 1 and name in n) for n in names) and not any(
                _after_preposition(v, speaker) for v in [e.name, *e.variants]):
            return e.id
    return (_titled_person(a, speaker, mention_entity) or _office_person(a, speaker, mention_entity, story=story)
            or _epithet_person(a, speaker, mention_entity, story=story))


def _joint_speakers(speaker: str | None, *, resolve: Callable[[str], str | None],
                    entities: Mapping[str, Entity]) -> tuple[str, tuple[str, ...]] | None:
    """(the names shown, the entity ids) of a joint speaker phrase whose every
    conjunct names a different entity of the story ("Sen. Ada Brenner, D-Ore.,
    and Sen. Tomas Quill" -> "Ada Brenner and Tomas Quill"), else None: one
    pair of speakers is one speaker however each article writes it.  A
    conjunct's first comma part is its name, the others appositives ("D-Ore.",
    "an Oregon Democrat"); an appositive that names another person or
    organisation makes a list of the phrase, and a list is left as written.
    ``resolve``: a phrase's entity id in the quote's article
    (:func:`_speaker_entity`); ``entities``: the story's, by id."""
    split, types = _joint_rules()
    pieces = split.split(speaker or "")
    if len(pieces) < 3:
        return None
    by_id = entities
    ids: list[str] = []
    for conjunct in pieces[::2]:
        parts = [p.strip() for p in conjunct.split(",") if p.strip()]
        if not parts:
            return None
        eid = resolve(parts[0])
        if eid is None or eid not in by_id or by_id[eid].type not in types:
            return None  # "the pilots' union" names no entity: the phrase stays as written
        for p in parts[1:]:
            other = resolve(p)
            if other is not None and other != eid and other in by_id and by_id[other].type in types:
                return None  # "Ada Brenner, Tomas Quill and ...": a list, not a name and its appositive
        ids.append(eid)
    if len(set(ids)) != len(ids):
        return None  # two conjuncts read as one entity: which two spoke is not known
    names = [by_id[i].name for i in ids]
    return f"{', '.join(names[:-1])} {pieces[-2]} {names[-1]}", tuple(ids)


def shown_quotes(
    analyzed: Sequence[AnalyzedArticle],
    *,
    mention_entity: Mapping[tuple[str, int], str] | None = None,
    entities: Sequence[Entity] = (),
) -> list[tuple[AnalyzedArticle, list[ListedQuote]]]:
    """Each article with the quotes the story lists, each with the decision
    on its speaker and its entity id: :func:`newsprism.quotelist.listed_quotes`
    with the story's entities, the one decision that the story's quotes and
    the claims' sources read (a pronoun of the other gender than the name
    shown leaves the quote unattributed in both); a reported quote's words
    end before a clause of the writer's circumstance
    (:func:`newsprism.reconcile.circumstance.writers_clause_cut`)."""
    mention_entity = mention_entity or {}
    # Every quote compares its speaker with each mention of its article and
    # each entity's names: the same few hundred texts normalised tens of
    # thousands of times on a large story (58,000 calls on ECB+ 150).  A
    # memo by text, for this call only (normalize_name is a pure function).
    normalized: dict[str, str] = {}

    def norm(text: str) -> str:
        value = normalized.get(text)
        if value is None:
            value = normalized[text] = normalize_name(text)
        return value

    by_id = {e.id: e for e in entities}
    names = {e.id: e.name for e in entities}
    out: list[tuple[AnalyzedArticle, list[ListedQuote]]] = []
    for a in analyzed:

        def resolve(q: Quote, a: AnalyzedArticle = a) -> SpeakerEntity | None:
            # The story's entity the speaker names, if reconcile resolved one.
            eid = _speaker_entity(a, q.speaker, list(q.sentences) or [q.sentence], mention_entity, entities,
                                  norm=norm, story=analyzed)
            if not eid:
                return None
            # an id the caller's entities do not hold keeps analyze's name
            e = by_id.get(eid)
            return SpeakerEntity(id=eid, name=e.name if e else q.speaker or "", type=e.type if e else "")

        def joint(q: Quote, a: AnalyzedArticle = a) -> tuple[str, tuple[str, ...]] | None:
            # each conjunct read as a speaker of its own, in the quote's sentences first
            sentences = list(q.sentences) or [q.sentence]
            return _joint_speakers(q.speaker, entities=by_id, resolve=lambda phrase: _speaker_entity(
                a, phrase, sentences, mention_entity, entities, norm=norm))

        held: list[Any] = []  # the article's parse, decoded when a pronoun asks for it

        def parsed(a: AnalyzedArticle = a, held: list[Any] = held) -> Any:
            if not held:
                held.append(article_doc(a))
            return held[0]

        def doubt(q: Quote, eid: str | None, a: AnalyzedArticle = a, parsed: Callable[[], Any] = parsed) -> bool:
            return pronoun_in_doubt(a, q, eid, parsed=parsed, mention_entity=mention_entity, names=names)

        listed = listed_quotes(a.quotes, text=a.article.text, resolve=resolve, doubt=doubt, joint=joint)
        for n, lq in enumerate(listed):
            # "asked Congress to act, as legislatures pass new curbs": the
            # "as" clause is the writer's, not what was asked
            if might_run_on(lq.quote) and (words := writers_clause_cut(lq.quote, parsed(), a.article.text)):
                listed[n] = dataclasses.replace(lq, quote=dataclasses.replace(
                    lq.quote, text=words, end=lq.quote.start + len(words)))
        out.append((a, listed))
    return out


def story_quotes(
    analyzed: Sequence[AnalyzedArticle],
    *,
    mention_entity: Mapping[tuple[str, int], str] | None = None,
    entities: Sequence[Entity] = (),
    shown: Sequence[tuple[AnalyzedArticle, Sequence[ListedQuote]]] | None = None,
) -> list[dict[str, Any]]:
    """The story's quotes, with the speaker's entity id (export contract
    fields: speaker, entity, text, article, sentence, direct; added: role,
    cue, speaker_rule, entities).  ``shown``:
    :func:`shown_quotes` of these articles, when the caller has it."""
    if shown is None:
        shown = shown_quotes(analyzed, mention_entity=mention_entity, entities=entities)
    out: list[dict[str, Any]] = []
    for a, quotes in shown:
        for listed in quotes:
            q, entity = listed.quote, listed.entity
            out.append({
                "speaker": q.speaker,
                "entity": entity,
                "text": q.text,
                "article": a.article.id,
                "sentence": q.sentence,
                "direct": bool(q.direct),
                "role": q.role,
                "cue": q.cue,
                # which rule decided the speaker shown (quotelist.ListedQuote):
                # the provenance a reader can check
                "speaker_rule": listed.rule,
                # every entity the speaker names: its one entity, or each of
                # a joint speaker's ("Ada Brenner and Tomas Quill")
                "entities": list(listed.entities) or ([entity] if entity else []),
            })
    return out


def reconcile_story(
    story: Story,
    analyzed: Sequence[AnalyzedArticle],
    *,
    settings: ReconcileSettings | None = None,
    analyze_settings: AnalyzeSettings | None = None,
    config: Config | None = None,
    similarities: Sequence[Similarity] = (),
) -> StoryReport:
    """Everything the brief says about one story: entities, quotes, claims
    with verdicts, conflicts, timeline and derivations.  ``analyze_settings``
    say which sentence vectors the analyses carry (for provenance)."""
    settings = stage_settings(ReconcileSettings, settings, config)
    analyze_settings = stage_settings(AnalyzeSettings, analyze_settings, config)
    precise_encoder().use_threads(analyze_settings.transformer_threads)
    # Earlier articles first, so that a claim is worded as its first report.
    analyzed = sorted(analyzed, key=lambda a: (a.article.published or "9999", a.article.id))
    derivations = derive(analyzed, settings=settings, analyze_settings=analyze_settings, similarities=similarities)
    roots = independent_sources([a.article.id for a in analyzed], derivations)
    # names are chosen by independent sources: derivations first
    entities, mention_entity = resolve_entities(analyzed, settings=settings, roots=roots)

    shown = shown_quotes(analyzed, mention_entity=mention_entity, entities=entities)
    # The claims' sources are the speakers the story shows ("says:" in the
    # brief): the articles as claims read them carry the listed quotes.
    quoted = [dataclasses.replace(a, quotes=[lq.quote for lq in quotes]) for a, quotes in shown]
    units = extract_claims(quoted, settings=settings, mention_entity=mention_entity,
                           entity_names={e.id: e.name for e in entities}, short=True)
    # Scored once at the lower of the two thresholds: claim groups keep the
    # pairs that state the same thing; conflicts are looked for among pairs
    # about the same thing, which the classifier scores lower when their
    # figures differ.
    align_at = settings.align_threshold
    conflict_at = min(align_at, settings.conflict_align_threshold)
    # A retelling restates its source sentence by sentence: within a
    # derivation family, each other's closest sentences align (one family
    # still counts once).
    # Between independent sources the cross-encoder decides; the pairs it
    # parts that the classifier aligns are still compared for a conflict (a
    # denial and what it denies read as "not the same statement").
    parted: list[AlignedPair] = []
    scored = score_pairs(units, settings=settings, threshold=conflict_at, families=roots, parted=parted)
    # A short statement ("Most of them were Tunisians.") is a claim only when
    # a retelling restates it in its own family.
    units, (scored, parted) = drop_short(units, [scored, parted], keep=aligned_short(units, scored, threshold=align_at)
                                         | {k for k, u in enumerate(units) if u.besides})
    pairs = [p for p in scored if p.score >= align_at]
    # An article restating one proposition (headline, lead, a later
    # paragraph): its restatements may share a group when they align with
    # each other as well as with every other member (off by default: it cost
    # a second classifier pass and found no true pair on ECB+ dev).
    within = score_pairs(units, settings=settings, within=True) if settings.restatement_groups else []
    groups = group_pairs(units, pairs, within=within, families=roots,
                         confirm_at=settings.corroborate_threshold)
    # ... and one that no other article's report joins in its group (its
    # restatement went with a longer group it does not fit) is no claim; nor
    # is a main clause cut besides its sentence that no other article's
    # report joins (alone it would count its sentence twice).
    lone = {k for g in groups if len({units[i].article for i in g}) < 2 for k in g
            if units[k].short or units[k].besides}
    if lone:
        keep = {k for k, u in enumerate(units) if (u.short or u.besides) and k not in lone}
        units, (scored, parted, within) = drop_short(units, [scored, parted, within], keep=keep)
        pairs = [p for p in scored if p.score >= align_at]
        groups = group_pairs(units, pairs, within=within, families=roots,
                             confirm_at=settings.corroborate_threshold)
    # Conflicts keep one claim per article and group: an article's own
    # sentences are never two sides.
    conflict_pairs = sorted([*scored, *parted], key=lambda q: (-q.score, units[q.a].order, units[q.b].order))
    conflict_groups = group_pairs(units, conflict_pairs) if conflict_at < align_at or within or parted else groups
    # A short statement takes no side of a conflict (its sentence's figures
    # would be read whole there; it only groups a retelling's copies): the
    # conflict finders see the other units, numbered among themselves.
    sided = [k for k, u in enumerate(units) if not u.short]
    at = {k: n for n, k in enumerate(sided)}
    conflict_groups = [g for g in ([at[k] for k in g if k in at] for g in conflict_groups) if g]
    # Short sentences with a figure take sides too; they align with nothing.
    extra = figure_units(quoted, units, settings=settings, mention_entity=mention_entity,
                         entity_names={e.id: e.name for e in entities})
    conflicts, sided_conflicts = find_conflicts(
        [*(units[k] for k in sided), *extra], [*conflict_groups, *([len(sided) + n] for n in range(len(extra)))],
        settings=settings, roots=roots)
    conflicts_by_unit = {(sided[n] if n < len(sided) else len(units) + n - len(sided)): ids
                         for n, ids in sided_conflicts.items()}
    claims, claim_of = build_claims(units, groups, conflicts_by_unit, roots, pairs=[*pairs, *within],
                                    corroborate_threshold=settings.corroborate_threshold, conflicts=conflicts)
    unit_at: dict[tuple[str, int], int] = {}
    for i, u in enumerate(units):
        unit_at.setdefault(u.key, i)  # a sentence split in clauses: its first clause
    for c in conflicts:
        first = c.sides[0].sentences[0]
        c.claim = claim_of.get(unit_at.get((first.article, first.sentence), -1))
    timeline = build_timeline(units, groups, conflicts,
                              published={a.article.id: a.article.published for a in analyzed},
                              titles={a.article.id: a.article.title or "" for a in analyzed})
    quotes = story_quotes(analyzed, shown=shown)
    return StoryReport(story=story, entities=list(entities), quotes=quotes, claims=claims, conflicts=conflicts,
                       timeline=timeline, derivations=list(derivations))
