"""The JSON API under /api: stories, articles, comparisons, and uploads.

Responses are slices of the export document (schema newsprism/1), described
by the pydantic models below so that /openapi.json documents them.  The
models allow extra fields: the export only ever gains fields, and the API
passes them through.  Errors are JSON: ``{"error": {"code", "message"}}``.
"""

from __future__ import annotations

import hmac
from pathlib import PurePath
from typing import Any

from fastapi import APIRouter, Header, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, RedirectResponse
from pydantic import BaseModel, ConfigDict, Field

from ..errors import E, InputError, NewsprismError
from ..names import same_outlet
from . import brief
from .search import search

__all__ = ["ApiError", "router", "api_error_response", "find_article", "find_story"]


class ApiError(Exception):
    """An error answered as JSON with an HTTP status and a catalogue code."""

    def __init__(self, status: int, code: str, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers or {}


def api_error_response(exc: ApiError) -> JSONResponse:
    return JSONResponse({"error": {"code": exc.code, "message": exc.message}}, status_code=exc.status,
                        headers=exc.headers)


# ------------------------------------------------------------------ models


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow", populate_by_name=True)


class ErrorBody(BaseModel):
    code: str = Field(description="stable code from newsprism's message catalogue, e.g. E052")
    message: str


class ErrorResponse(BaseModel):
    error: ErrorBody


class Removal(_Open):
    line: int
    text: str
    rule: str


class Repair(_Open):
    from_: str = Field(alias="from")
    to: str
    rule: str


class SentenceSpan(_Open):
    index: int
    start: int
    end: int


class ArticleSummary(_Open):
    id: str
    path: str
    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    language: str | None = None
    agency: str | None = None
    story: str | None = Field(None, description="id of the story the article belongs to")


class ArticleDetail(_Open):
    id: str
    path: str
    url: str | None = None
    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    language: str | None = None
    agency: str | None = None
    byline: str | None = None
    text: str = Field(description="the cleaned text; sentence offsets index into it")
    removed: list[Removal] = Field(default_factory=list, description="lines cleaning dropped, with the rule")
    repairs: list[Repair] = Field(default_factory=list, description="in-place fixes, with the rule")
    sentences: list[SentenceSpan] = Field(default_factory=list)
    story: str | None = None


class StorySummary(_Open):
    id: str
    headline: str
    articles: int = Field(description="number of articles")
    outlets: list[str]
    first: str | None = Field(None, description="earliest publication date (YYYY-MM-DD)")
    last: str | None = None
    claims: int
    corroborated: int
    conflicts: int
    entities: list[str]


class Report(_Open):
    article: str
    sentence: int | None = Field(None, description="index into the article's sentences")
    text: str | None = ""


class Entity(_Open):
    id: str
    name: str
    type: str | None = None
    variants: list[str] = Field(default_factory=list)
    articles: list[str] = Field(default_factory=list)
    variant_counts: dict[str, int] = Field(default_factory=dict)
    variant_sources: dict[str, int] = Field(default_factory=dict)
    salience: float | None = None


class StoryQuote(_Open):
    speaker: str | None = None
    text: str | None = None
    article: str | None = None
    sentence: int | None = None
    direct: bool | None = None
    speaker_rule: str | None = Field(None, description="which rule decided the speaker shown (quotelist.ListedQuote)")
    entity: str | None = Field(None, description="the story's entity id of the one speaker, if resolved")
    entities: list[str] = Field(default_factory=list,
                                description="entity ids of every speaker named: the one entity, or each of a "
                                            "joint speaker's (rule joint)")


class Claim(_Open):
    id: str
    text: str
    verdict: str = Field(description="corroborated | conflicting | single-source")
    reports: list[Report] = Field(default_factory=list)
    independent_sources: int = 0
    values: list[dict[str, Any]] = Field(default_factory=list)


class ConflictSide(_Open):
    value: str | float | int | None = None
    articles: list[str] = Field(default_factory=list)
    sentences: list[Report] = Field(default_factory=list)
    said_by: list[str] = Field(default_factory=list, description="speakers and cited sources of the side")
    sources: list[str] = Field(default_factory=list, description="independent sources: derivation roots")
    first_reported: str = Field("", description="earliest publication date of the side's articles")


class Conflict(_Open):
    id: str
    about: str
    sides: list[ConflictSide] = Field(default_factory=list)
    kind: str = Field("", description="'' | update | vague-vs-precise | denial | who | where")
    severity: str = Field("high", description="high | low")


class TimelineEvent(_Open):
    date: str | None = Field(None, description="ISO date to the precision known")
    precision: str | None = None
    text: str = ""
    articles: list[str] = Field(default_factory=list)
    deadline: bool = Field(False, description="the date is a deadline or the end of what still runs, not an event on it")


class Derivation(_Open):
    derived: str
    source: str
    kind: str = Field(description="citation | agency | reuse")
    evidence: str | None = ""


class Similarity(_Open):
    a: str
    b: str
    overall: float | None = None
    geography: float | None = None
    entities: float | None = None
    time: float | None = None
    narrative: float | None = None


class StoryDetail(_Open):
    id: str
    headline: str
    articles: list[str]
    entities: list[Entity] = Field(default_factory=list)
    quotes: list[StoryQuote] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)
    conflicts: list[Conflict] = Field(default_factory=list)
    timeline: list[TimelineEvent] = Field(default_factory=list)
    derivations: list[Derivation] = Field(default_factory=list)
    similarity: list[Similarity] = Field(default_factory=list, description="pairs of this story's articles")


class AlignedClaim(BaseModel):
    n: int
    id: str
    text: str
    verdict: str
    a_sentences: list[int]
    b_sentences: list[int]


class PairConflict(BaseModel):
    id: str
    about: str
    a_value: str
    b_value: str
    a_sentences: list[int]
    b_sentences: list[int]


class Comparison(BaseModel):
    a: str
    b: str
    story: str | None = Field(None, description="the story both belong to, if any")
    similarity: dict[str, float | None] | None = Field(
        None, description="SemEval-2022 Task 8 scale, 1 very similar ... 4 very dissimilar")
    aligned: list[AlignedClaim] = Field(description="claims both articles report, with their sentences")
    conflicts: list[PairConflict] = Field(description="conflicts on which the two take different sides")


class Ingested(BaseModel):
    added: list[ArticleSummary] = Field(description="articles new to the store")
    known: list[ArticleSummary] = Field(description="articles already stored (same content)")
    problems: list[str] = Field(default_factory=list, description="one line per part of the upload that could not "
                                "be ingested while other parts were (a bad record, a truncated archive)")


_ERRORS = {
    404: {"model": ErrorResponse, "description": "no such story or article"},
}

router = APIRouter(prefix="/api", tags=["api"])


# ----------------------------------------------------------------- helpers


def _doc(request: Request) -> dict[str, Any]:
    return request.app.state.documents.get()


def _story_of(doc: dict[str, Any]) -> dict[str, str]:
    return {aid: s["id"] for s in doc.get("stories", []) for aid in s.get("articles", [])}


def find_story(doc: dict[str, Any], ref: str) -> dict[str, Any]:
    try:
        return brief.select_story(doc, ref)["stories"][0]
    except NewsprismError:
        raise ApiError(404, "E053", E.E053.format(ref=ref)) from None


def find_article(doc: dict[str, Any], ref: str) -> dict[str, Any]:
    """An article by id or unambiguous id prefix; 404 E054 otherwise."""
    arts = doc.get("articles", [])
    hits = [a for a in arts if a["id"] == ref] or [a for a in arts if a["id"].startswith(ref)]
    if len(hits) != 1:
        raise ApiError(404, "E054", E.E054.format(ref=ref))
    return hits[0]


def _summary(a: dict[str, Any], story: str | None) -> dict[str, Any]:
    return {k: a.get(k) for k in ("id", "path", "title", "outlet", "published", "language", "agency")} | {
        "story": story}


# ------------------------------------------------------------------ routes


@router.get("/stories", response_model=list[StorySummary], summary="List stories")
def list_stories(request: Request) -> list[dict[str, Any]]:
    """Every story: headline, article count, outlets, date span, counts of claims and conflicts."""
    doc = _doc(request)
    return [brief.story_summary(doc, s) for s in doc.get("stories", [])]


@router.get("/stories/{story_id}", response_model=StoryDetail, responses=_ERRORS, summary="One story")
def get_story(request: Request, story_id: str) -> dict[str, Any]:
    """The story as in the export (entities, quotes, claims with verdicts, conflicts, timeline,
    derivations) plus the similarity of its article pairs.  An unambiguous id prefix is accepted."""
    doc = _doc(request)
    try:
        story = find_story(doc, story_id)
    except ApiError:
        new_id = request.app.state.documents.alias(story_id)
        if not new_id:
            raise
        # Re-clustering merged this story into another: point there.
        return RedirectResponse(f"/api/stories/{new_id}", status_code=308)  # type: ignore[return-value]
    ids = set(story.get("articles", []))
    sims = [s for s in doc.get("similarity", []) if s.get("a") in ids and s.get("b") in ids]
    return {**story, "similarity": sims}


@router.get("/articles", response_model=list[ArticleSummary], summary="List articles")
def list_articles(
    request: Request,
    outlet: str | None = Query(None, description="only this outlet (its name, in any case, with or without "
                               "'the' and a word like 'newspaper': 'the guardian' finds 'The Guardian')"),
    story: str | None = Query(None, description="only articles of this story (id or id prefix)"),
) -> list[dict[str, Any]]:
    doc = _doc(request)
    story_of = _story_of(doc)
    if story:
        story = find_story(doc, story)["id"]
    out = []
    for a in doc.get("articles", []):
        if outlet and not same_outlet(a.get("outlet"), outlet):
            continue
        if story and story_of.get(a["id"]) != story:
            continue
        out.append(_summary(a, story_of.get(a["id"])))
    return out


@router.get("/articles/{article_id}", response_model=ArticleDetail, responses=_ERRORS, summary="One article")
def get_article(request: Request, article_id: str) -> dict[str, Any]:
    """The cleaned text, the lines removed and the repairs made, with the rule behind each."""
    doc = _doc(request)
    a = find_article(doc, article_id)
    return {**a, "story": _story_of(doc).get(a["id"])}


@router.get("/compare", response_model=Comparison, responses={400: {"model": ErrorResponse}, **_ERRORS},
            summary="Compare two articles")
def compare(request: Request, a: str = Query(..., description="article id or prefix"),
            b: str = Query(..., description="article id or prefix")) -> dict[str, Any]:
    """The claims two articles both report and the conflicts between them."""
    doc = _doc(request)
    aa, bb = find_article(doc, a), find_article(doc, b)
    if aa["id"] == bb["id"]:
        raise ApiError(400, "E056", E.E056)
    view = brief.compare_view(doc, aa["id"], bb["id"])
    return {k: view[k] for k in ("a", "b", "story", "similarity", "aligned", "conflicts")}


class SearchHit(_Open):
    kind: str = Field(description="claim | quote")
    story: str
    story_title: str | None = None
    id: str | None = Field(None, description="claim id; for a quote, its index in the story's quotes[]")
    anchor: str | None = Field(None, description="claims: the stable link, /stories/{story}#{anchor}")
    verdict: str | None = None
    speaker: str | None = None
    text: str = Field(description="the text the words were found in")
    spans: list[list[int]] = Field(description="[start, end] of each match in text")
    article: str | None = None
    sentence: int | None = None


@router.get("/search", response_model=list[SearchHit], summary="Search claims and quotes")
def search_route(request: Request, q: str = Query(..., description="words to find, all of them (case-insensitive)"),
                 limit: int = Query(200, ge=1, le=1000, description="at most this many hits")) -> list[dict[str, Any]]:
    """Claims and quotes of every story that hold every word of ``q``, with the matched spans."""
    return search(_doc(request), q, limit=limit)


_SUFFIX = {
    "text/html": ".html",
    "application/xhtml+xml": ".html",
    "application/json": ".json",
    "application/x-ndjson": ".jsonl",
    "application/jsonl": ".jsonl",
    "text/csv": ".csv",
}


@router.post(
    "/ingest",
    response_model=Ingested,
    status_code=201,
    summary="Add an article",
    responses={
        401: {"model": ErrorResponse, "description": "bad or missing bearer token (E052)"},
        403: {"model": ErrorResponse, "description": "ingest disabled: serve.ingest_token is not set (E050)"},
        413: {"model": ErrorResponse, "description": "body larger than serve.max_upload_bytes (E051)"},
        422: {"model": ErrorResponse, "description": "the upload is not an article (E055)"},
    },
    openapi_extra={"requestBody": {"required": True, "content": {
        "text/plain": {"schema": {"type": "string"}},
        "text/html": {"schema": {"type": "string"}},
        "application/json": {"schema": {"type": "object"}},
    }}},
)
async def ingest(
    request: Request,
    name: str | None = Query(None, description="file name; its extension picks the reader (.txt .html .json ...)"),
    authorization: str | None = Header(None, description="Bearer <serve.ingest_token>"),
) -> dict[str, Any]:
    """Ingest one document (plain text, HTML or JSON, as the request body) into the store.
    Disabled unless the setting serve.ingest_token is set; the token is sent as a bearer token."""
    settings = request.app.state.settings
    token = settings.ingest_token
    if not token:
        raise ApiError(403, "E050", E.E050)
    # The scheme name is case-insensitive (RFC 9110 section 11.1).
    scheme, _, given = (authorization or "").strip().partition(" ")
    given = given.strip() if scheme.lower() == "bearer" else ""
    if not given or not hmac.compare_digest(given.encode(), str(token).encode()):
        raise ApiError(401, "E052", E.E052, headers={"WWW-Authenticate": "Bearer"})
    limit = settings.max_upload_bytes
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise ApiError(413, "E051", E.E051.format(size=int(declared), limit=limit))
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise ApiError(413, "E051", E.E051.format(size=f"more than {limit}", limit=limit))
    ctype = request.headers.get("content-type", "text/plain").split(";")[0].strip().lower()
    fname = PurePath((name or "").replace("\\", "/")).name or "upload"
    if not PurePath(fname).suffix:
        fname += _SUFFIX.get(ctype, ".txt")
    documents = request.app.state.documents
    try:
        problems: list[str] = []
        added, known = await run_in_threadpool(documents.ingest, bytes(body), f"api/{fname}", problems)
    except InputError as exc:
        raise ApiError(422, "E055", E.E055.format(name=fname, reason=exc)) from None
    return {"added": [_summary(a, None) for a in added], "known": [_summary(a, None) for a in known],
            "problems": problems}
