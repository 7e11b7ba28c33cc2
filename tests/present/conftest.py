"""Fixtures for the present stage.

``export_doc`` is a hand-written export document (schema newsprism/1) with
every list the contract names filled in, about an invented event, so that the
brief, the web UI and the API can be tested before the stages that fill the
document are finished.  ``seed_store`` is a real store built by the pipeline
from the seed reports (skipped when they are absent).
"""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples"

_SENT = re.compile(r"[^.!?]+[.!?]+(?:\s+|$)")


def _sentences(text: str) -> list[dict[str, int]]:
    out = []
    for i, m in enumerate(_SENT.finditer(text)):
        end = m.end()
        while end > m.start() and text[end - 1].isspace():
            end -= 1
        out.append({"index": i, "start": m.start(), "end": end})
    return out


def _article(aid: str, path: str, title: str, outlet: str, published: str, text: str, **extra: Any) -> dict[str, Any]:
    art = {
        "id": aid,
        "path": path,
        "url": None,
        "title": title,
        "outlet": outlet,
        "published": published,
        "language": "en",
        "agency": None,
        "byline": None,
        "contributors": [],
        "format": "txt",
        "text": text,
        "removed": [],
        "repairs": [],
        "meta_sources": {},
        "quotes": [],
        "citations": [],
    }
    art.update(extra)
    art["sentences"] = _sentences(text)
    return art


def sentence_text(doc: dict[str, Any], aid: str, index: int) -> str:
    art = next(a for a in doc["articles"] if a["id"] == aid)
    s = art["sentences"][index]
    return art["text"][s["start"] : s["end"]]


A = "a1b2c3d4e5f60718"  # the original report
B = "b2c3d4e5f6071829"  # a retelling that cites A
C = "c3d4e5f607182930"  # a wire story
D = "d4e5f60718293041"  # another story altogether

TEXT_A = (
    "The Orrin dam above Varnholm gave way late on Tuesday night. "
    "About 120 homes were flooded in the lower town, the river authority said. "
    "\"We heard the water before we saw it,\" said Elin Sorby, a baker on Quay Street. "
    "Engineers had warned in September that the spillway was cracked. "
    "Mayor Tomas Lindqvist said the town would ask the regional government for help."
)
TEXT_B = (
    "Flood waters swept through Warnholm after a dam failed on Tuesday night, the Northern Ledger reported. "
    "More than 200 homes were under water by morning. "
    "\"We heard the water before we saw it,\" Elin Sørby told the Ledger. "
    "The cracked spillway had been reported in October, according to local councillors."
)
TEXT_C = (
    "VARNHOLM, March 13 (NWA) - A dam collapsed overnight in the town of Varnholm. "
    "The Orrin River Authority said about 120 homes were flooded. "
    "Rescue teams evacuated 300 residents on Wednesday morning. "
    "Mayor Tomas Lindqvist called it the worst flood in forty years."
)
TEXT_D = (
    "The city council of Aldmere approved a new tram line on Monday. "
    "Construction is to start in the spring and cost 40 million crowns."
)


def _build() -> dict[str, Any]:
    arts = [
        _article(
            A, "corpus/001_ledger.txt", "Dam gives way above Varnholm", "Northern Ledger", "2024-03-13", TEXT_A,
            byline="Ingrid Hale",
            removed=[{"line": 7, "text": "Read more: our flood coverage", "rule": "boilerplate:read-more"},
                     {"line": 9, "text": "Share this article", "rule": "boilerplate:share"}],
            repairs=[{"from": "engineersaid", "to": "engineer said", "rule": "glued-words", "offset": -1}],
        ),
        _article(
            B, "corpus/002_coastal.html", "Hundreds of homes flooded in Warnholm", "Coastal Daily", "2024-03-14",
            TEXT_B, language="en", format="html",
        ),
        _article(
            C, "corpus/003_wire.txt", "Dam collapses in Varnholm, homes flooded", "NWA", "2024-03-13T09:30:00",
            TEXT_C, agency="NWA",
        ),
        _article(D, "corpus/004_tram.txt", "Aldmere approves tram line", "Aldmere Post", "2024-02-05", TEXT_D),
    ]
    doc: dict[str, Any] = {"schema": "newsprism/1", "generator": "newsprism test", "articles": arts}
    s = lambda aid, i: {"article": aid, "sentence": i, "text": ""}  # noqa: E731
    story = {
        "id": "s0a1b2c3d4e",
        "headline": "Dam gives way above Varnholm",
        "articles": [A, C, B],
        "entities": [
            {"id": "e1", "name": "Varnholm", "type": "GPE", "variants": ["Varnholm", "Warnholm", "VARNHOLM"],
             "articles": [A, B, C], "mentions": [[A, 0], [B, 0], [C, 0]], "merges": ["transliteration"]},
            {"id": "e2", "name": "Elin Sørby", "type": "PERSON", "variants": ["Elin Sorby", "Elin Sørby"],
             "articles": [A, B], "mentions": [[A, 2], [B, 2]], "merges": ["diacritics"]},
            {"id": "e3", "name": "Orrin River Authority", "type": "ORG",
             "variants": ["Orrin River Authority", "the river authority"], "articles": [A, C],
             "mentions": [[A, 1], [C, 1]], "merges": []},
            {"id": "e4", "name": "Tomas Lindqvist", "type": "PERSON", "variants": ["Tomas Lindqvist"],
             "articles": [A, C], "mentions": [[A, 4], [C, 3]], "merges": []},
        ],
        "quotes": [
            {"speaker": "Elin Sørby", "entity": "e2", "text": "We heard the water before we saw it", "article": A,
             "sentence": 2, "direct": True},
            {"speaker": "Elin Sørby", "entity": "e2", "text": "We heard the water before we saw it", "article": B,
             "sentence": 2, "direct": True},
            {"speaker": "Tomas Lindqvist", "entity": "e4", "text": "it was the worst flood in forty years",
             "article": C, "sentence": 3, "direct": False},
        ],
        "claims": [
            {"id": "c1", "text": "The Orrin dam gave way on Tuesday night", "verdict": "corroborated",
             "reports": [s(A, 0), s(C, 0), s(B, 0)], "independent_sources": 2,
             "values": [{"slot": "when", "value": "2024-03-12"}]},
            {"id": "c2", "text": "Homes flooded in the lower town", "verdict": "conflicting",
             "reports": [s(A, 1), s(C, 1), s(B, 1)], "independent_sources": 2,
             "values": [{"slot": "how_many", "value": 120}, {"slot": "how_many", "value": 200}]},
            {"id": "c3", "text": "Rescue teams evacuated 300 residents on Wednesday morning",
             "verdict": "single-source", "reports": [s(C, 2)], "independent_sources": 1, "values": []},
            {"id": "c4", "text": "Engineers warned that the spillway was cracked", "verdict": "conflicting",
             "reports": [s(A, 3), s(B, 3)], "independent_sources": 1, "values": []},
        ],
        "conflicts": [
            {"id": "k1", "about": "number of homes flooded", "slot": "how_many", "claim": "c2",
             "sides": [{"value": "about 120", "articles": [A, C], "sentences": [s(A, 1), s(C, 1)]},
                       {"value": "more than 200", "articles": [B], "sentences": [s(B, 1)]}]},
            {"id": "k2", "about": "when the crack was reported", "slot": "when", "claim": "c4",
             "sides": [{"value": "2023-09", "articles": [A], "sentences": [s(A, 3)]},
                       {"value": "2023-10", "articles": [B], "sentences": [s(B, 3)]}]},
        ],
        "timeline": [
            {"date": "2023-09", "precision": "month", "text": "Engineers warn the spillway is cracked",
             "articles": [A], "reports": [s(A, 3)], "conflict": "k2"},
            {"date": "2023-10", "precision": "month", "text": "Crack in the spillway reported",
             "articles": [B], "reports": [s(B, 3)], "conflict": "k2"},
            {"date": "2024-03-12", "precision": "day", "text": "The Orrin dam gives way at night",
             "articles": [A, B, C], "reports": [s(A, 0), s(B, 0), s(C, 0)], "conflict": None},
            {"date": "2024-03-13", "precision": "day", "text": "300 residents evacuated",
             "articles": [C], "reports": [s(C, 2)], "conflict": None},
        ],
        "derivations": [
            {"derived": B, "source": A, "kind": "citation", "evidence": "the Northern Ledger reported"},
            {"derived": C, "source": "NWA", "kind": "agency", "evidence": "dateline (NWA)"},
        ],
    }
    for claim in story["claims"]:
        for r in claim["reports"]:
            r["text"] = ""
    other = {"id": "s9f8e7d6c5b", "headline": "Aldmere approves tram line", "articles": [D], "entities": [],
             "quotes": [], "claims": [], "conflicts": [], "timeline": [], "derivations": []}
    doc["stories"] = [story, other]
    doc["similarity"] = [
        {"a": A, "b": B, "overall": 1.4, "geography": 1.0, "entities": 1.5, "time": 1.0, "narrative": 1.8,
         "evidence": {"entities": ["Varnholm", "Elin Sørby"]}},
        {"a": A, "b": C, "overall": 1.6, "geography": 1.0, "entities": 1.5, "time": 1.0, "narrative": 2.0,
         "evidence": {}},
        {"a": B, "b": C, "overall": 1.9, "geography": 1.0, "entities": 2.0, "time": 1.2, "narrative": 2.2,
         "evidence": {}},
    ]
    doc["duplicates"] = []
    # Report texts are the sentences they point at, as the reconcile stage writes them.
    for st in doc["stories"]:
        for claim in st["claims"]:
            for r in claim["reports"]:
                r["text"] = sentence_text(doc, r["article"], r["sentence"])
        for k in st["conflicts"]:
            for side in k["sides"]:
                for r in side["sentences"]:
                    r["text"] = sentence_text(doc, r["article"], r["sentence"])
        for ev in st["timeline"]:
            for r in ev["reports"]:
                r["text"] = sentence_text(doc, r["article"], r["sentence"])
    return doc


_DOC = _build()


@pytest.fixture
def export_doc() -> dict[str, Any]:
    """A fresh deep copy per test, so a test may change it."""
    return copy.deepcopy(_DOC)


HOSTILE = (
    "<html><head><title>Breaking <script>alert('t')</script> news</title></head><body>"
    "<article><h1>Flood <script>alert(1)</script> latest</h1>"
    "<p>Residents said <script>document.title='pwned'</script> the water rose quickly in the night.</p>"
    "<p>The <b onmouseover=\"alert(2)\">river</b> authority &lt;script&gt;alert(3)&lt;/script&gt; said "
    "the <img src=x onerror=alert(4)> dam had been inspected last year.</p>"
    "<p>Officials said repairs would take <iframe src='http://evil.example'></iframe> several weeks.</p>"
    "</article></body></html>"
)


@pytest.fixture
def hostile_html() -> str:
    """An HTML page whose text is full of markup and scripts."""
    return HOSTILE


def seed_files(seeds: Path | None = None) -> list[Path]:
    """The project's examples corpus if present, else the seed reports
    (``seeds``, the ``seeds_dir`` fixture's folder)."""
    suffixes = {".txt", ".html", ".json", ".jsonl"}
    if EXAMPLES.is_dir():
        # Articles live in subfolders and feed.jsonl; README/expected.toml are not articles.
        files = sorted(p for p in EXAMPLES.rglob("*")
                       if p.is_file() and p.suffix in suffixes and (p.parent != EXAMPLES or p.suffix == ".jsonl"))
        if files:
            return files
    if seeds is not None:
        return sorted(p for p in seeds.glob("*") if p.is_file() and p.suffix in suffixes)
    return []


@pytest.fixture(scope="session")
def seed_db(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> Path:
    """A store holding the seed reports, processed once by the real pipeline."""
    # The seeds only when examples/ has no article: seeds_dir skips where
    # they are absent too.
    files = seed_files() or seed_files(request.getfixturevalue("seeds_dir"))
    if not files:
        pytest.skip("no examples/ or ../shared/examples/seeds to build a store from")
    from newsprism.config import load_config
    from newsprism.ingest import ingest_paths
    from newsprism.pipeline import process_store
    from newsprism.store import Store

    folder = tmp_path_factory.mktemp("seeds")
    db = folder / "seeds.db"
    cfg = load_config(env={})
    with Store(db) as store:
        ingest_paths([str(f) for f in files], store=store, config=cfg)
        process_store(store, config=cfg)
    return db
