"""The export as CSV tables for a spreadsheet: claims, conflicts, quotes,
sources.  One row per claim, per conflict side, per quote, per article of a
story; ids link the tables to each other and to the JSON export.

Cells that a spreadsheet would run as a formula (starting with ``=``, ``+``,
``@``, or ``-`` not followed by a digit) get a leading apostrophe.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from .changes import claim_anchor, conflict_anchor

__all__ = ["TABLES", "table_rows", "write_table", "write_tables"]

TABLES = ("claims", "conflicts", "quotes", "sources")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    if text[:1] in ("=", "+", "@", "\t", "\r") or (text[:1] == "-" and not text[1:2].isdigit()):
        return "'" + text
    return text


def _join(values: Any) -> str:
    return "; ".join(str(v) for v in values if v not in (None, ""))


def table_rows(doc: dict[str, Any], table: str) -> tuple[list[str], list[list[str]]]:
    """(header, rows) of one table."""
    arts = {a["id"]: a for a in doc.get("articles", [])}

    def outlet(aid: str) -> str:
        return (arts.get(aid) or {}).get("outlet") or ""

    rows: list[list[Any]] = []
    if table == "claims":
        header = ["story", "claim", "anchor", "verdict", "independent_sources", "reports", "key_fact_rank",
                  "text", "articles", "outlets", "sentences"]
        for s in doc.get("stories", []):
            rank = {cid: i + 1 for i, cid in enumerate(s.get("key_facts") or [])}
            for c in s.get("claims", []):
                reps = c.get("reports", [])
                ids = list(dict.fromkeys(r.get("article") for r in reps))
                rows.append([s.get("id"), c.get("id"), c.get("anchor") or claim_anchor(c), c.get("verdict"),
                             c.get("independent_sources"), len(reps), rank.get(c.get("id"), ""), c.get("text"),
                             _join(ids), _join(dict.fromkeys(outlet(a) for a in ids)),
                             _join(f"{r.get('article')}:{r.get('sentence')}" for r in reps)])
    elif table == "conflicts":
        header = ["story", "conflict", "anchor", "about", "kind", "severity", "side", "value", "articles",
                  "outlets", "said_by", "independent_sources", "first_reported", "sentences"]
        for s in doc.get("stories", []):
            for k in s.get("conflicts", []):
                for n, side in enumerate(k.get("sides", []), 1):
                    ids = list(dict.fromkeys(side.get("articles", [])))
                    rows.append([s.get("id"), k.get("id"), k.get("anchor") or conflict_anchor(k), k.get("about"),
                                 k.get("kind"), k.get("severity"), n, side.get("value"), _join(ids),
                                 _join(dict.fromkeys(outlet(a) for a in ids)), _join(side.get("said_by") or []),
                                 len(side.get("sources") or []) or len(ids), side.get("first_reported"),
                                 _join(f"{r.get('article')}:{r.get('sentence')}" for r in side.get("sentences", []))])
    elif table == "quotes":
        header = ["story", "speaker", "entity", "direct", "text", "article", "outlet", "sentence"]
        for s in doc.get("stories", []):
            for q in s.get("quotes", []):
                rows.append([s.get("id"), q.get("speaker"), q.get("entity"), q.get("direct"), q.get("text"),
                             q.get("article"), outlet(q.get("article") or ""), q.get("sentence")])
    elif table == "sources":
        header = ["story", "article", "outlet", "title", "published", "language", "agency", "byline", "url",
                  "path", "derived_from"]
        for s in doc.get("stories", []):
            derived: dict[str, list[str]] = {}
            for d in s.get("derivations", []):
                derived.setdefault(d.get("derived"), []).append(f"{d.get('kind')}:{d.get('source')}")
            for aid in s.get("articles", []):
                a = arts.get(aid) or {}
                rows.append([s.get("id"), aid, a.get("outlet"), a.get("title"), a.get("published"),
                             a.get("language"), a.get("agency"), a.get("byline"), a.get("url"), a.get("path"),
                             _join(derived.get(aid, []))])
    else:
        raise ValueError(table)
    return header, [[_cell(v) for v in r] for r in rows]


def write_table(doc: dict[str, Any], table: str, out: Any) -> int:
    """Write one table as CSV to the text stream ``out``; the number of rows."""
    header, rows = table_rows(doc, table)
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return len(rows)


def write_tables(doc: dict[str, Any], folder: str | Path, tables: tuple[str, ...] = TABLES) -> dict[str, Path]:
    """``folder``/claims.csv, conflicts.csv, quotes.csv, sources.csv (UTF-8)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = {}
    for table in tables:
        buf = io.StringIO()
        write_table(doc, table, buf)
        paths[table] = folder / f"{table}.csv"
        paths[table].write_text(buf.getvalue(), "utf-8", newline="")
    return paths
