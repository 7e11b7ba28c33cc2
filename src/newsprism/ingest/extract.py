"""HTML page -> article text and metadata, with trafilatura.

trafilatura (with lxml_html_clean) finds the main text and the page's own
metadata: title, publication date, site name, author, canonical URL.  Each
field it gives is recorded as coming from ``trafilatura:<field>``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["Extracted", "extract_html"]


@dataclass
class Extracted:
    text: str
    meta: dict[str, str] = field(default_factory=dict)  # Article field -> value
    sources: dict[str, str] = field(default_factory=dict)  # Article field -> provenance


# trafilatura's Document attribute -> Article field
_FIELDS = {"title": "title", "date": "published", "sitename": "outlet", "author": "byline", "url": "url"}


def extract_html(html: str, *, url: str | None = None) -> Extracted | None:
    """The article in an HTML page, or None when the page has none."""
    import trafilatura  # lazy: ~0.5 s of imports that plain-text ingest never needs

    try:
        doc = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            include_images=False,
            date_extraction_params={"extensive_search": True, "original_date": True},
        )
    except Exception:  # trafilatura raises many kinds on hostile markup; an unreadable page has no article
        return None
    if doc is None:
        return None
    text = (getattr(doc, "text", None) or "").strip()
    if not text:
        return None
    out = Extracted(text=text)
    for attr, name in _FIELDS.items():
        value = getattr(doc, attr, None)
        if isinstance(value, str) and value.strip():
            out.meta[name] = value.strip()
            out.sources[name] = f"trafilatura:{attr}"
    return out
