"""The plain dataclasses that flow between stages.

ingest -> Article -> analyze -> AnalyzedArticle -> group -> Story
       -> reconcile -> StoryReport -> present

Every record that ends up in a brief keeps a pointer back to the article
(``Article.id``) and the sentence (index into ``AnalyzedArticle.sentences``)
it came from, so that no line of output is without a source.

The classes are deliberately dumb: no methods that call models or the store.
``to_dict``/``from_dict`` give a JSON-safe form used by the store and the
export; fields are only ever added (the export contract is append-only).
"""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

__all__ = [
    "Removal",
    "Repair",
    "Article",
    "Sentence",
    "Mention",
    "TimeExpr",
    "Quantity",
    "Quote",
    "Citation",
    "AnalyzedArticle",
    "Duplicate",
    "Similarity",
    "Story",
    "Entity",
    "Report",
    "Claim",
    "ConflictSide",
    "Conflict",
    "TimelineEvent",
    "Derivation",
    "StoryReport",
    "Verdict",
    "Precision",
    "to_dict",
    "from_dict",
]

Verdict = Literal["corroborated", "conflicting", "single-source"]
# How much of a date is known.  "part-of-month" covers early/mid/late X.
Precision = Literal["day", "part-of-month", "month", "season", "year", "decade", "range"]


# --------------------------------------------------------------------- ingest


@dataclass
class Removal:
    """A line that cleaning dropped, and the rule that dropped it."""

    line: int  # 0-based line number in the extracted (pre-clean) text
    text: str
    rule: str


@dataclass
class Repair:
    """An in-place fix of the text (filter artifact, glued words, ...)."""

    from_: str
    to: str
    rule: str
    offset: int = -1  # character offset in the cleaned text, -1 if unknown


@dataclass
class Article:
    """One cleaned article.  ``id`` is the content hash of the cleaned text,
    so the same article ingested twice is one row."""

    id: str
    path: str
    text: str
    title: str | None = None
    outlet: str | None = None
    published: str | None = None  # ISO date (YYYY-MM-DD) or datetime, as precise as known
    byline: str | None = None
    agency: str | None = None
    language: str | None = None
    url: str | None = None
    contributors: list[str] = field(default_factory=list)
    removed: list[Removal] = field(default_factory=list)
    repairs: list[Repair] = field(default_factory=list)
    # field name -> the rule / source that produced it ("sidecar:published",
    # "trafilatura:date", "dateline:dd/mm/yyyy", ...): provenance for metadata
    meta_sources: dict[str, str] = field(default_factory=dict)
    raw_hash: str = ""  # hash of the bytes read, before any cleaning
    format: str = ""  # txt | html | json | jsonl | csv | warc | stdin


# -------------------------------------------------------------------- analyze


@dataclass
class Sentence:
    index: int
    start: int  # character offsets into Article.text
    end: int
    text: str


@dataclass
class Mention:
    """A named-entity mention in one article."""

    text: str
    label: str  # spaCy label: PERSON, ORG, GPE, LOC, NORP, FAC, ...
    start: int
    end: int
    sentence: int
    rule: str = "model"  # "model" or the name of the data rule that added it


@dataclass
class TimeExpr:
    """A temporal expression, resolved against the publication date when known."""

    text: str
    sentence: int
    start: int
    end: int
    value: str | None  # ISO, to the precision known: "2019-02-09", "2018-09", "2014", "201"
    precision: Precision | None
    resolved: bool  # False when no publication date anchors a relative expression
    rule: str = ""
    end_value: str | None = None  # for ranges ("the last three weeks")


@dataclass
class Quantity:
    text: str
    sentence: int
    start: int
    end: int
    value: float | None  # central value
    low: float | None  # ranges, from hedges: "about 400" -> 360..440
    high: float | None
    counted: str | None  # the noun counted, lemma: "fighter", "position"
    hedge: str | None  # about | more than | up to | a few | ...


@dataclass
class Quote:
    text: str
    sentence: int  # first sentence the quote is in
    speaker: str | None  # the speaker's fullest name in the article
    direct: bool
    cue: str | None = None  # the reporting verb
    role: str | None = None  # "a senior Kurdish army official"
    speaker_text: str | None = None  # as written at this quote ("he", "Hamdan")
    sentences: list[int] = field(default_factory=list)  # every sentence it spans
    start: int = -1
    end: int = -1


@dataclass
class Citation:
    """Where an article says its information comes from."""

    source: str  # "The Guardian", "AFP", "an intelligence official"
    kind: Literal["outlet", "agency", "unnamed", "document", "person"]
    text: str  # the citing phrase as written
    sentences: list[int] = field(default_factory=list)


@dataclass
class AnalyzedArticle:
    article: Article
    sentences: list[Sentence] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    times: list[TimeExpr] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    # Sentence embeddings, row i for sentence i; float16 bytes in the store.
    # A numpy array at run time (typed Any to keep numpy out of this module).
    embeddings: Any = None
    # Lemmas of content words per sentence: cheap lexical evidence for
    # alignment and similarity without re-running the parser.
    lemmas: list[list[str]] = field(default_factory=list)
    analyzer_version: str = ""
    # The spaCy parse of the text (``Doc.to_bytes``: tokens, lemmas, tags,
    # dependencies, entities), so that reconcile reads the parse instead of
    # parsing sentences again; bytes in their own store column, None for an
    # analysis made without it (reconcile then parses what it needs).
    parse: bytes | None = None


# ---------------------------------------------------------------------- group


@dataclass
class Duplicate:
    article: str
    copy_of: str
    jaccard: float
    kind: Literal["exact", "near"] = "near"


@dataclass
class Similarity:
    """SemEval-2022 Task 8 scale: 1 very similar ... 4 very dissimilar."""

    a: str
    b: str
    overall: float
    geography: float
    entities: float
    time: float
    narrative: float
    # dimension -> human-readable pieces of evidence
    evidence: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class Story:
    id: str
    articles: list[str]
    headline: str = ""


# ------------------------------------------------------------------ reconcile


@dataclass
class Entity:
    id: str
    name: str
    type: str
    variants: list[str] = field(default_factory=list)
    articles: list[str] = field(default_factory=list)
    # (article id, sentence index) of each mention
    mentions: list[tuple[str, int]] = field(default_factory=list)
    merges: list[str] = field(default_factory=list)  # why variants were merged
    # every spelling -> its mentions, and -> the independent sources (derivation
    # families) that write it; the name is the spelling most sources use
    variant_counts: dict[str, int] = field(default_factory=dict)
    variant_sources: dict[str, int] = field(default_factory=dict)
    salience: float = 0.0  # weight in the story, 1 for its most central entity


@dataclass
class Report:
    article: str
    sentence: int
    text: str
    # Characters of the sentence the report covers (start, end), when it is
    # one clause of it; None: the whole sentence.  Additive export field.
    span: list[int] | None = None


@dataclass
class Claim:
    id: str
    text: str
    verdict: Verdict
    reports: list[Report] = field(default_factory=list)
    independent_sources: int = 0
    values: list[dict[str, Any]] = field(default_factory=list)  # slot values seen
    slots: dict[str, Any] = field(default_factory=dict)  # who/what/where/when/how_many/source
    # Why the reports were matched: one entry per aligned pair of reports
    # (a, b: {article, sentence}; probability, cosine, lexical, shared_words,
    # shared_names, shared_numbers).  Additive field of the export contract.
    alignment: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class ConflictSide:
    value: str
    articles: list[str] = field(default_factory=list)
    sentences: list[Report] = field(default_factory=list)
    # Who says it: the quotes' speakers and cited sources of its sentences
    # ("an intelligence official", "the SDF"), as the articles name them.
    said_by: list[str] = field(default_factory=list)
    # Its independent sources: the derivation roots (provenance) of its
    # articles; one article retelling another counts once.
    sources: list[str] = field(default_factory=list)
    first_reported: str = ""  # earliest publication date (ISO) of its articles, "" when unknown


@dataclass
class Conflict:
    id: str
    about: str
    sides: list[ConflictSide] = field(default_factory=list)
    slot: str = ""  # how_many | when | size | ...
    claim: str | None = None  # the claim id it belongs to
    # "" (values that cannot both be true), "update" (a cumulative figure, a
    # death toll, that later reports raise), "vague-vs-precise" ("many
    # killed" vs "two deaths"), "denial" (a statement and its denial).
    kind: str = ""
    severity: str = "high"  # "high" | "low" (updates, vague-vs-precise): shown less loudly


@dataclass
class TimelineEvent:
    date: str
    precision: str
    text: str
    articles: list[str] = field(default_factory=list)
    reports: list[Report] = field(default_factory=list)
    conflict: str | None = None  # a Conflict id when sources disagree on the date
    # A date written without its year that got one from the story: "from"
    # ("article": the publication date of the article that writes it;
    # "story": the other articles of the story), "article" (its id, for
    # "article") and "published" (the date the year was taken from).
    year_inferred: dict[str, str] = field(default_factory=dict)
    # The date is a deadline or the end of what still runs ("counties have
    # until April 29 to confirm"): what the sentence tells is to happen by
    # then, not on that day (reconcile.timeline.is_deadline).
    deadline: bool = False


@dataclass
class Derivation:
    derived: str
    source: str
    kind: Literal["citation", "agency", "reuse"]
    evidence: str


@dataclass
class StoryReport:
    story: Story
    entities: list[Entity] = field(default_factory=list)
    quotes: list[dict[str, Any]] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    timeline: list[TimelineEvent] = field(default_factory=list)
    derivations: list[Derivation] = field(default_factory=list)


# ------------------------------------------------------------ serialisation

T = TypeVar("T")

# Python keywords cannot be field names; they get a trailing underscore in the
# class and lose it in JSON.
_RENAMES = {"from_": "from"}


def to_dict(obj: Any) -> Any:
    """JSON-safe form of a dataclass tree (numpy arrays are left out: the
    store keeps embeddings in their own column)."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        out = {}
        for f in dataclasses.fields(obj):
            value = getattr(obj, f.name)
            if f.name in ("embeddings", "parse"):
                continue
            out[_RENAMES.get(f.name, f.name)] = to_dict(value)
        return out
    if isinstance(obj, (list, tuple)):
        return [to_dict(v) for v in obj]
    if isinstance(obj, dict):
        return {k: to_dict(v) for k, v in obj.items()}
    return obj


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    # resolving string annotations is most of the cost of loading a store's
    # analyses; classes are fixed at import, so the result never goes stale
    return typing.get_type_hints(cls)


def from_dict(cls: type[T], data: dict[str, Any]) -> T:
    """Rebuild a dataclass tree written by :func:`to_dict`.  Unknown keys are
    ignored so that older code can read newer data."""
    hints = _hints(cls)
    kwargs = {}
    for f in dataclasses.fields(cls):  # type: ignore[arg-type]
        key = _RENAMES.get(f.name, f.name)
        if key not in data:
            continue
        kwargs[f.name] = _convert(hints[f.name], data[key])
    return cls(**kwargs)


def _convert(tp: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):
        for arg in args:
            if arg is type(None):
                continue
            return _convert(arg, value)
    if origin is list and args:
        return [_convert(args[0], v) for v in value]
    if origin is tuple and args:
        return tuple(_convert(a, v) for a, v in zip(args, value))
    if origin is dict and len(args) == 2:
        return {k: _convert(args[1], v) for k, v in value.items()}
    if dataclasses.is_dataclass(tp):
        return from_dict(tp, value)
    return value
