"""The brief, rendered from the export document (so the Markdown, the HTML
and the JSON always say the same thing)."""

from __future__ import annotations

import html
from typing import Any

__all__ = ["render_markdown", "render_html"]


def _md_escape(text: str | None) -> str:
    return (text or "").replace("|", "\\|").replace("\n", " ")


def render_markdown(doc: dict[str, Any]) -> str:
    articles = {a["id"]: a for a in doc["articles"]}
    lines = ["# newsprism brief", ""]
    if not doc["stories"]:
        lines.append("No stories.")
    for story in doc["stories"]:
        lines += [f"## {_md_escape(story['headline']) or story['id']}", "", f"Story `{story['id']}`", ""]
        lines += ["| article | outlet | published | language | agency |", "|---|---|---|---|---|"]
        for aid in story["articles"]:
            a = articles[aid]
            lines.append(
                f"| `{aid[:8]}` {_md_escape(a['title'])} | {_md_escape(a['outlet'])} | {a['published'] or ''}"
                f" | {a['language'] or ''} | {_md_escape(a['agency'])} |"
            )
        lines.append("")
    return "\n".join(lines) + "\n"


def render_html(doc: dict[str, Any]) -> str:
    body = html.escape(render_markdown(doc))
    return (
        "<!doctype html><html><head><meta charset='utf-8'><title>newsprism brief</title></head>"
        f"<body><pre>{body}</pre></body></html>\n"
    )
