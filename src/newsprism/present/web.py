"""The web UI (`newsprism serve`): story list, story page, side-by-side
comparison, article page, and the JSON API (api.py) under /api.

Pages are rendered on the server with Jinja2 (autoescape on) and read fine
with JavaScript off; the charts are inline SVG computed in Python; CSS and the
small optional script are served by the app itself.  The export document is
computed once per state of the store and held on the app (see
:class:`Documents`), so that page views cost a dictionary lookup.
"""

from __future__ import annotations

import re
import threading
import time
from contextlib import asynccontextmanager
from pathlib import Path
from collections.abc import AsyncIterator, Hashable
from typing import Any, Protocol

from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from markupsafe import Markup
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..version import __version__
from ..config import Config, ServeSettings, stage_settings
from ..errors import E, NewsprismError
from . import brief
from .api import ApiError, api_error_response, find_article, router
from .search import search

__all__ = ["create_app", "Documents", "allowed_hosts", "public_message"]

_STATIC = Path(__file__).with_name("static")

# Pages are server-rendered with one script and one stylesheet of our own and
# inline SVG: nothing else needs to load, run or frame them.
_SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                               "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
}
_LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
_ABSOLUTE_PATH = re.compile(r"(?<![\w.])(?:/[^\s/:'\"]+)+/([^\s/:'\"]+)")


def allowed_hosts(settings: ServeSettings | Config) -> frozenset[str]:
    """Host names the server answers: loopback, the address it binds to, and
    setting serve.allowed_hosts (``settings``: the ServeSettings, or a whole Config)."""
    if isinstance(settings, Config):
        settings = settings.serve
    names = set(_LOCAL_HOSTS) | {h.lower() for h in settings.allowed_hosts}
    bind = settings.host.lower()
    if bind not in ("0.0.0.0", "::", ""):
        names.add(bind)
    return frozenset(names)


def _host_name(header: str) -> str:
    header = header.strip().lower()
    if header.startswith("["):  # [::1]:8765
        return header[1:].split("]", 1)[0]
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


def public_message(message: str) -> str:
    """A message fit for a page or a response: absolute paths cut to their
    last part (the database's location is the server's business)."""
    return _ABSOLUTE_PATH.sub(r"\1", message)


class DocumentProvider(Protocol):
    """Where the app's export document comes from (``newsprism serve`` wires
    :class:`newsprism.provider.StoreProvider`): the web layer never imports
    the pipeline or ingest itself."""

    def state(self) -> Hashable:
        """A key that changes exactly when the document must be rebuilt."""

    def build(self) -> tuple[dict[str, Any], dict[str, str]] | tuple[dict[str, Any], dict[str, str], Any]:
        """(export document, retired story id -> current id), and optionally
        a third item: story id -> the grouping evidence of that document
        (group/explain.py's ``evidence_for_all``) if the provider kept it,
        or None; the app computes what it is not given."""

    def ingest(self, data: bytes, name: str,
               problems: list[str] | None = None) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """Ingest one upload; (added, known) articles.  Raises InputError."""


class Documents:
    """The export document the app serves, rebuilt only when the provider's
    state changes.

    Readers never wait for a rebuild: once a document exists, a changed state
    starts one rebuild in a background thread and requests go on being
    served the last complete document until the new one replaces it whole
    (one reference swap).  Only the very first request, with nothing to
    serve yet, computes in its own thread.  Story ids retired by a rebuild
    stay valid through ``aliases`` (old id -> the story that absorbed it).
    """

    def __init__(self, provider: DocumentProvider | None, document: dict[str, Any] | None = None) -> None:
        self.provider = provider
        self._fixed = document
        self._lock = threading.Lock()  # one computation at a time
        self._state: tuple[Hashable, dict[str, Any], dict[str, str], dict[str, Any] | None] | None = None
        self._rebuilding = False
        self._failed_key: Hashable | None = None  # a rebuild that failed is not retried for the same key
        self.computations = 0  # for tests and diagnostics
        self.last_error: str | None = None

    def _provider(self) -> DocumentProvider:
        if self.provider is None:
            raise NewsprismError(E.E092)
        return self.provider

    def key(self) -> Hashable:
        return self._provider().state()

    def _compute(self) -> None:
        with self._lock:
            key = self.key()
            if self._state is not None and self._state[0] == key:
                return
            doc, aliases, *kept = self._provider().build()
            evidence = kept[0] if kept else None
            if evidence is None:
                # Computed here, with the document (in the warm thread at
                # start), not by the first request's page.
                from ..group.explain import evidence_for_all

                evidence = evidence_for_all(doc, doc.get("stories", []))
            self._state = (key, doc, aliases, evidence)  # the swap: readers see the old state or the new one
            self.computations += 1

    def warm(self) -> None:
        """Start computing the first document in a background thread (the
        server calls this as it starts): a store's document takes seconds
        to build (loading analyses and reports, the export), which the
        first visitor would otherwise wait for.  A request that comes
        before it is done waits for this computation instead of starting
        its own; a failure here is left for that request to meet."""
        if self._fixed is not None or self.provider is None or self._state is not None:
            return

        def run() -> None:
            try:
                self._compute()
            except Exception as exc:  # noqa: BLE001 - the first request computes again and reports it
                self.last_error = f"{type(exc).__name__}: {exc}"

        threading.Thread(target=run, daemon=True, name="newsprism-warm").start()

    def _rebuild(self, key: Hashable) -> None:
        try:
            self._compute()
            self.last_error = None
        except Exception as exc:  # noqa: BLE001 - keep serving the last good document
            self.last_error = f"{type(exc).__name__}: {exc}"
            self._failed_key = key
        finally:
            self._rebuilding = False

    def get(self) -> dict[str, Any]:
        if self._fixed is not None:
            return self._fixed
        state = self._state
        if state is None:
            self._compute()
            return self._state[1]  # type: ignore[index]
        key = self.key()
        if not self._rebuilding and key != state[0] and key != self._failed_key:
            self._rebuilding = True
            threading.Thread(target=self._rebuild, args=(key,), daemon=True, name="newsprism-rebuild").start()
        return state[1]

    def wait(self, timeout: float = 60.0) -> dict[str, Any]:
        """The document once any pending rebuild is done (tests, scripts)."""
        if self._fixed is not None:
            return self._fixed
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            doc = self.get()
            key = self.key()
            if not self._rebuilding and self._state is not None and key in (self._state[0], self._failed_key):
                return doc
            time.sleep(0.05)
        return self.get()

    def evidence(self, doc: dict[str, Any]) -> dict[str, Any]:
        """story id -> why its articles were put together, for ``doc`` (a
        document :meth:`get` returned)."""
        state = self._state
        if state is not None and state[1] is doc:
            return state[3] or {}
        from ..group.explain import evidence_for_all  # a fixed document, or one replaced meanwhile

        return evidence_for_all(doc, doc.get("stories", []))

    def alias(self, story_id: str) -> str | None:
        """The current id of a story id retired by re-clustering."""
        if self._state is None:
            return None
        return self._state[2].get(story_id)

    def ingest(self, data: bytes, name: str,
               problems: list[str] | None = None) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """Ingest one upload through the provider; (added, known) articles.
        A fixed document has nowhere to ingest into (E092)."""
        if self._fixed is not None:
            raise NewsprismError(E.E092)
        return self._provider().ingest(data, name, problems)


def create_app(
    *, provider: DocumentProvider | None = None, settings: ServeSettings | None = None,
    config: Config | None = None, document: dict[str, Any] | None = None,
) -> FastAPI:
    """The web UI and API over what ``provider`` serves (``newsprism serve``
    gives it a :class:`newsprism.provider.StoreProvider`).

    ``document``: serve this export document as is instead (tests, or a
    saved export); ingest is then unavailable.
    """
    settings = stage_settings(ServeSettings, settings, config)
    if provider is None and document is None:
        raise ValueError("create_app needs a provider or a document")
    @asynccontextmanager
    async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
        # The server is starting: build the first document meanwhile.
        app.state.documents.warm()
        yield

    app = FastAPI(
        lifespan=_lifespan,
        title="newsprism",
        version=__version__,
        # The interactive docs pages load their scripts from a CDN: off, so
        # that nothing is fetched from the network.  /openapi.json stays.
        docs_url=None,
        redoc_url=None,
        description="Stories, claims with verdicts, conflicts, provenance and timelines from a newsprism store. "
        "Documents follow the export schema newsprism/1.",
    )
    app.state.settings = settings
    app.state.documents = Documents(provider, document)
    allowed = allowed_hosts(settings)

    @app.middleware("http")
    async def _guard(request: Request, call_next: Any) -> Any:
        # DNS rebinding: a page on evil.example whose name is re-pointed at
        # 127.0.0.1 reaches this server with Host: evil.example.  Only names
        # this server is known by are answered.
        host = _host_name(request.headers.get("host", ""))
        if host not in allowed:
            response: Any = JSONResponse({"error": {"code": "E057", "message": E.E057.format(host=host[:100])}},
                                         status_code=400)
        else:
            response = await call_next(request)
        for name, value in _SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response
    app.mount("/static", StaticFiles(directory=_STATIC), name="static")
    app.include_router(router)
    env = brief.jinja_env()

    def page(name: str, status: int = 200, **context: Any) -> HTMLResponse:
        html = env.get_template(name).render(version=__version__, **context)
        return HTMLResponse(html, status_code=status)

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> Any:
        if request.url.path.startswith("/api"):
            return api_error_response(exc)
        return page("error.html", status=exc.status, message=public_message(exc.message))

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> Any:
        message = "page not found" if exc.status_code == 404 else str(exc.detail)
        if request.url.path.startswith("/api"):
            return JSONResponse({"error": {"code": f"E{exc.status_code}", "message": message}},
                                status_code=exc.status_code)
        return page("error.html", status=exc.status_code, message=message)

    @app.exception_handler(RequestValidationError)
    async def _bad_request(request: Request, exc: RequestValidationError) -> Any:
        parts = ["; ".join(f"{'.'.join(str(x) for x in e.get('loc', ()))}: {e.get('msg')}" for e in exc.errors())]
        if request.url.path.startswith("/api"):
            return JSONResponse({"error": {"code": "E400", "message": parts[0]}}, status_code=422)
        return page("error.html", status=422, message=parts[0])

    @app.exception_handler(NewsprismError)
    async def _newsprism_error(request: Request, exc: NewsprismError) -> Any:
        message = public_message(str(exc))
        if request.url.path.startswith("/api"):
            return JSONResponse({"error": {"code": "E500", "message": message}}, status_code=500)
        return page("error.html", status=500, message=message)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> Any:
        # Never a traceback or a server path in a response: the code and the
        # exception's kind; the details are for the server's log.
        message = public_message(E.E058.format(kind=type(exc).__name__))
        if request.url.path.startswith("/api"):
            return JSONResponse({"error": {"code": "E058", "message": message}}, status_code=500)
        return page("error.html", status=500, message=message)

    def documents(request: Request) -> dict[str, Any]:
        return request.app.state.documents.get()

    def _story_evidence(request: Request, doc: dict[str, Any]) -> dict[str, Any]:
        # Why each story's articles were put together: computed once per
        # document (the document itself is rebuilt only when the store changes).
        held = getattr(request.app.state, "story_evidence", None)
        if held is None or held[0] is not doc:
            held = (doc, request.app.state.documents.evidence(doc))
            request.app.state.story_evidence = held
        return held[1]

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def stories_page(
        request: Request,
        q: str = "",
        outlet: str = "",
        entity: str = "",
        date_from: str = Query("", alias="from"),
        date_to: str = Query("", alias="to"),
    ) -> HTMLResponse:
        doc = documents(request)
        rows = []
        why = _story_evidence(request, doc)
        for story in doc.get("stories", []):
            s = {**brief.story_summary(doc, story), "why": why.get(story["id"])}
            if outlet and outlet not in s["outlets"]:
                continue
            if entity and not _entity_match(story, entity):
                continue
            if date_from and (s["last"] or "") < date_from:
                continue
            if date_to and (s["first"] or "9999") > date_to:
                continue
            if q and not _text_match(doc, story, s, q):
                continue
            rows.append(s)
        outlets = sorted({a.get("outlet") for a in doc.get("articles", []) if a.get("outlet")})
        entities = sorted({e.get("name") for st in doc.get("stories", []) for e in st.get("entities", [])
                           if e.get("name")})
        return page("stories.html", rows=rows, total=len(doc.get("stories", [])), outlets=outlets,
                    entities=entities, f={"q": q, "outlet": outlet, "entity": entity, "from": date_from,
                                          "to": date_to},
                    articles=len(doc.get("articles", [])))

    @app.get("/stories/{story_id}", response_class=HTMLResponse, include_in_schema=False)
    def story_page(request: Request, story_id: str, a: str = "", b: str = "") -> HTMLResponse:
        doc = documents(request)
        try:
            sub = brief.select_story(doc, story_id)
        except NewsprismError:
            new_id = request.app.state.documents.alias(story_id)
            if new_id:  # re-clustering merged this story into another: follow it
                return RedirectResponse(f"/stories/{new_id}", status_code=308)  # type: ignore[return-value]
            raise ApiError(404, "E053", E.E090.format(ref=story_id)) from None
        story = sub["stories"][0]
        v = brief.story_view(sub, story, link="/articles/")
        v["timeline_svg"] = Markup(v["timeline_svg"])
        v["derivation_svg"] = Markup(v["derivation_svg"])
        ids = [s["id"] for s in v["sources"]]
        # ?a=&b= take id prefixes as everywhere else.
        a = next((i for i in ids if a and i.startswith(a)), a) if a not in ids else a
        b = next((i for i in ids if b and i.startswith(b)), b) if b not in ids else b
        pair = _pick_pair(sub, story, ids, a, b)
        cmp = brief.compare_view(sub, *pair) if pair else None
        appendix = [brief.article_view(sub, next(x for x in sub["articles"] if x["id"] == i),
                                       cited=v["cited"].get(i, ()), label=v["short"][i]) for i in ids]
        return page("story.html", v=v, cmp=cmp, appendix=appendix, pair=pair, sources=v["sources"])

    @app.get("/compare", response_class=HTMLResponse, include_in_schema=False)
    def compare_page(request: Request, a: str, b: str) -> HTMLResponse:
        doc = documents(request)
        arts = {x["id"]: x for x in doc.get("articles", [])}
        a, b = find_article(doc, a)["id"], find_article(doc, b)["id"]
        if a == b:
            raise ApiError(400, "E056", E.E056)
        cmp = brief.compare_view(doc, a, b)
        return page("compare.html", cmp=cmp, articles=arts)

    @app.get("/articles/{article_id}", response_class=HTMLResponse, include_in_schema=False)
    def article_page(request: Request, article_id: str) -> HTMLResponse:
        doc = documents(request)
        art = find_article(doc, article_id)
        story = next((s for s in doc.get("stories", []) if art["id"] in s.get("articles", [])), None)
        view = brief.article_view(doc, art)
        return page("article.html", a=art, view=view, story=story)

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search_page(request: Request, q: str = "") -> HTMLResponse:
        doc = documents(request)
        hits = search(doc, q) if q.strip() else []
        for h in hits:
            h["parts"] = _parts(h["text"], h["spans"])
        return page("search.html", q=q, hits=hits)

    return app


def _parts(text: str, spans: list[list[int]]) -> list[tuple[str, bool]]:
    """``text`` cut into (piece, matched) parts for the page to mark."""
    out, pos = [], 0
    for start, end in sorted(spans):
        if start < pos:
            continue
        out += [(text[pos:start], False), (text[start:end], True)]
        pos = end
    out.append((text[pos:], False))
    return [p for p in out if p[0]]


def _entity_match(story: dict[str, Any], needle: str) -> bool:
    n = needle.casefold()
    return any(n in (e.get("name") or "").casefold() or any(n in v.casefold() for v in e.get("variants", []))
               for e in story.get("entities", []))


def _text_match(doc: dict[str, Any], story: dict[str, Any], summary: dict[str, Any], needle: str) -> bool:
    n = needle.casefold()
    arts = {a["id"]: a for a in doc.get("articles", [])}
    hay = [summary["headline"], *summary["outlets"]]
    hay += [(arts.get(i) or {}).get("title") or "" for i in story.get("articles", [])]
    hay += [c.get("text", "") for c in story.get("claims", [])]
    return any(n in h.casefold() for h in hay) or _entity_match(story, needle) or any(
        n in ((arts.get(i) or {}).get("text") or "").casefold() for i in story.get("articles", []))


def _pick_pair(doc: dict[str, Any], story: dict[str, Any], ids: list[str], a: str, b: str) -> tuple[str, str] | None:
    """The two articles to show side by side: those asked for, else the pair
    with the most aligned claims and conflicts (the most instructive)."""
    if a in ids and b in ids and a != b:
        return a, b
    if len(ids) < 2:
        return None
    best, best_score = (ids[0], ids[1]), -1
    for i, x in enumerate(ids):
        for y in ids[i + 1 :]:
            score = 0
            for c in story.get("claims", []):
                arts = {r.get("article") for r in c.get("reports", [])}
                score += x in arts and y in arts
            for k in story.get("conflicts", []):
                sides = [set(s.get("articles", [])) for s in k.get("sides", [])]
                score += 2 * any(x in s1 and y in s2 for s1 in sides for s2 in sides if s1 is not s2)
            if score > best_score:
                best, best_score = (x, y), score
    return best
