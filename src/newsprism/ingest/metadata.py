"""Metadata from the text itself, for what no sidecar gave.

- title: the first line when it looks like a headline (minus a trailing
  dateline such as "– 14/02/2019"), else the first sentence, shortened;
- published: a dateline line ("Published: ...", "First Published: June 13,
  2013", "Updated ...", a line that is only a date) near the top or bottom,
  or the date after the title.  An all-numeric date is read day-first or
  month-first by validity ("14/02/2019" can only be 14 February); when both
  readings are valid ("03/04/2019") the setting ``ingest.date_order``
  decides (default DMY, day first, as most of the world writes it);
- agency: a credit line ("AFP Agency.", "— AP", "Source: Reuters") or a lede
  dateline ("BEIRUT (Reuters) -", "KELMORA, 07/05/2024 (Some Wire) -", whose
  date also gives ``published`` when nothing better did); a name not in the
  agency list is taken from a lede dateline or a closing "X Agency." line;
- contributors: "Additional report: NAME", "Additional reporting by NAME and
  NAME", "Reporting by NAME; Editing by NAME";
- byline: "By NAME" in the first lines;
- outlet: a "Source: X" line naming a known outlet or a web address, or a
  residue line that names a known outlet ("Clarin Bulletins" -> Clarín).
  Before any of these, :func:`outlet_from_url` reads the outlet from the
  article's own URL (``data/outlets.toml``).  The text is only read for the
  article's *self*-identification (byline, credit, "Source:" line): an
  article that quotes or cites an outlet ("told the New York Times") is not
  that outlet.

Each field found records its rule in ``meta_sources`` ("text:dateline",
"text:credit-line", ...).  Lines used for metadata leave the text as
Removal(rule="metadata:<field>"); the title line stays.  Patterns, agency and
outlet names are data: ``data/ingest_metadata.toml``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from .rules import alias_lookup, load_data

__all__ = [
    "TextMeta",
    "parse_date",
    "find_metadata_lines",
    "is_dateline",
    "outlet_from_residue",
    "outlet_from_url",
    "registrable_domain",
    "title_from_text",
    "url_from_line",
]

_META = "ingest_metadata.toml"
_NUMERIC = re.compile(r"^(?:[A-Za-z]+,?\s+)?(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4}|\d{2})\b")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?(Z|[+-]\d{2}:?\d{2})?)?")
_DOMAIN = re.compile(r"(?:https?://)?(?:www\.)?[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}/?", re.IGNORECASE)
# A sentence end: not after a capital ("U.S. Court" is one sentence).
_SENTENCE = re.compile(r"(?<=[a-z0-9)][.!?])[\"”’']?\s+(?=[\"“‘']?[A-Z0-9])")


@dataclass
class TextMeta:
    fields: dict[str, Any] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)
    drop: dict[int, str] = field(default_factory=dict)  # line index -> "metadata:<field>"

    def offer(self, name: str, value: Any, rule: str) -> None:
        """Set a field unless an earlier (better) rule already did."""
        if value and name not in self.fields:
            self.fields[name] = value
            self.sources[name] = rule


@cache
def _patterns() -> dict[str, Any]:
    d = load_data(_META)
    flags = re.IGNORECASE
    return {
        "trailing": re.compile(d["title"]["trailing_dateline"], flags),
        "published": re.compile(d["dateline"]["published"], flags),
        "updated": re.compile(d["dateline"]["updated"], flags),
        "bare": re.compile(d["dateline"]["bare"], flags),
        "time_tail": re.compile(d["dateline"]["time_tail"], flags),
        # Names must be capitalised: the byline pattern is case-sensitive
        # except for its "By".
        "byline": re.compile(d["byline"]["pattern"].replace("^by", "^(?i:by)", 1)),
        "contributors": [re.compile(p, flags) for p in d["contributors"]["patterns"]],
        "stop": re.compile(d["contributors"]["stop"]),
        "credit": re.compile(d["agency"]["credit_line"], flags),
        "lede": re.compile(d["agency"]["lede"]),
        "unknown": re.compile(d["agency"]["unknown_name"]),
        "closing": re.compile(d["agency"]["closing"]),
        "source": re.compile(d["outlet"]["source_line"], flags),
    }


# ------------------------------------------------------------------- dates


def _iso(date: dt.date) -> str:
    return date.isoformat()


def parse_date(text: str, *, order: str = "DMY") -> tuple[str, str] | None:
    """(ISO date or datetime, rule) for an absolute date, else None.
    Relative dates ("2 hours ago") are not resolved: there is nothing to
    anchor them to at ingest."""
    s = text.strip().strip(".,;()[]")
    m = _ISO.match(s)
    if m:
        try:
            date = dt.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return None
        if m[4] is None:
            return _iso(date), "yyyy-mm-dd"
        stamp = f"{_iso(date)}T{m[4]}:{m[5]}:{m[6] or '00'}"
        if m[7]:
            stamp += "+00:00" if m[7] == "Z" else (m[7] if ":" in m[7] else m[7][:3] + ":" + m[7][3:])
        return stamp, "iso-datetime"
    m = _NUMERIC.match(s)
    if m:
        a, b, year = int(m[1]), int(m[2]), int(m[3])
        if year < 100:
            year += 2000 if year < 70 else 1900
        readings = []
        for label, day, month in (("dd/mm/yyyy", a, b), ("mm/dd/yyyy", b, a)):
            try:
                readings.append((label, dt.date(year, month, day)))
            except ValueError:
                pass
        if not readings:
            return None
        if len(readings) == 2 and readings[0][1] != readings[1][1]:
            label, date = readings[0] if order.upper().startswith("D") else readings[1]
            return _iso(date), f"{label}:ambiguous-{order.upper()}"
        return _iso(readings[0][1]), readings[0][0]
    if not re.search(r"\d{4}", s) or not re.search(r"[A-Za-z]{3}", s):
        return None
    s = _patterns()["time_tail"].sub("", s) or s
    import dateparser  # lazy: only for written-out dates

    settings = {
        "DATE_ORDER": order.upper(),
        "PARSERS": ["absolute-time"],
        "REQUIRE_PARTS": ["day", "month", "year"],
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    try:
        # English only: with every language dateparser takes ~0.4 s a string.
        parsed = dateparser.parse(s, languages=["en"], settings=settings)
    except Exception:  # dateparser raises assorted errors on odd strings; an odd string is not a date
        return None
    if parsed is None:
        return None
    return _iso(parsed.date()), "written-date"


# ------------------------------------------------------------------ lines


def _names(text: str) -> list[str]:
    parts = re.split(r"\s*(?:,|;|&|\band\b)\s*", text.strip().rstrip("."))
    names = []
    for part in parts:
        part = _patterns()["stop"].sub("", part).strip(" .:-–—")
        words = part.split()
        if not 1 <= len(words) <= 5:
            return []
        # A name: its words capitalised (particles such as "al", "de" aside).
        if sum(1 for w in words if w[:1].isupper()) < max(1, len(words) - 1):
            return []
        names.append(part)
    return names


def _edge_indices(lines: list[str], n: int) -> list[int]:
    nonblank = [i for i, line in enumerate(lines) if line.strip()]
    return sorted(set(nonblank[:n] + nonblank[-n:]))


def find_metadata_lines(lines: list[str], *, order: str = "DMY", title_index: int | None = None) -> TextMeta:
    """Metadata lines of a text split at newlines, and the fields they give."""
    d = load_data(_META)
    p = _patterns()
    meta = TextMeta()
    dated: dict[str, tuple[str, str]] = {}
    for i in _edge_indices(lines, int(d["dateline"]["search_lines"])):
        if i == title_index:
            continue
        line = lines[i].strip()
        if len(line) > 80:
            continue
        for label in ("published", "updated", "bare"):
            m = p[label].match(line)
            if m:
                parsed = parse_date(m["date"], order=order)
                if parsed:
                    dated.setdefault(label, parsed)
                    meta.drop[i] = "metadata:published"
                break
    for label in ("published", "bare", "updated"):
        if label in dated:
            meta.offer("published", dated[label][0], f"text:dateline-{label}:{dated[label][1]}")

    nonblank = [i for i, line in enumerate(lines) if line.strip()]
    for i in nonblank[: int(d["byline"]["search_lines"])]:
        if i == title_index or i in meta.drop:
            continue
        line = lines[i].strip()
        m = p["byline"].match(line) if len(line) <= 100 else None
        if m and alias_lookup(_META, "agency.names", m["name"]):
            meta.offer("agency", alias_lookup(_META, "agency.names", m["name"]), "text:byline")
            meta.drop[i] = "metadata:agency"
        elif m and _names(m["name"]):
            meta.offer("byline", ", ".join(_names(m["name"])), "text:byline")
            rest = (m["rest"] or "").strip()
            if rest:
                agency = alias_lookup(_META, "agency.names", rest)
                if agency:
                    meta.offer("agency", agency, "text:byline")
                else:
                    meta.offer("outlet", alias_lookup(_META, "outlet.names", rest), "text:byline")
            meta.drop[i] = "metadata:byline"

    closing_lines = set(nonblank[-int(d["agency"]["closing_lines"]):])
    for i in nonblank:
        if i in meta.drop or i == title_index:
            continue
        line = lines[i].strip()
        if len(line) > 250:
            continue
        m = p["credit"].match(line) if len(line) <= 60 else None
        if m:
            agency = alias_lookup(_META, "agency.names", m["agency"])
            closing = p["closing"].match(line) if i in closing_lines else None
            if not agency and closing and _unknown_agency(closing["agency"]):
                agency = closing["agency"]
            if agency:
                meta.offer("agency", agency, "text:credit-line")
                meta.drop[i] = "metadata:agency"
                continue
        for pattern in p["contributors"]:
            # Reuters closes with "(Reporting by X; Editing by Y)".
            m = pattern.match(line.strip("()[] "))
            if m:
                names = _names(m["names"]) + (_names(m["more"]) if m.groupdict().get("more") else [])
                if names:
                    meta.fields.setdefault("contributors", [])
                    meta.fields["contributors"] += [n for n in names if n not in meta.fields["contributors"]]
                    meta.sources.setdefault("contributors", "text:contributor-line")
                    meta.drop[i] = "metadata:contributors"
                break
        if i in meta.drop:
            continue
        m = p["source"].match(line) if len(line) <= 80 else None
        if m:
            # Only a known agency / outlet or a web address: "Source: NATO"
            # under a chart credits the data, not the article, and stays.
            value = m["outlet"].strip()
            agency = alias_lookup(_META, "agency.names", value)
            outlet = alias_lookup(_META, "outlet.names", value)
            if agency:
                meta.offer("agency", agency, "text:source-line")
            elif outlet or _DOMAIN.fullmatch(value):
                meta.offer("outlet", outlet or value, "text:source-line")
            else:
                continue
            meta.drop[i] = "metadata:source"

    for i in nonblank[: int(d["agency"]["lede_lines"]) + 1]:
        if i in meta.drop:
            continue
        m = p["lede"].match(lines[i].strip())
        if m:
            name = m["agency"].strip()
            agency = alias_lookup(_META, "agency.names", name) or (name if _unknown_agency(name) else None)
            if not agency:
                continue
            meta.offer("agency", agency, "text:lede-dateline")
            parsed = parse_date(m["date"], order=order) if m["date"] else None
            if parsed:
                meta.offer("published", parsed[0], f"text:lede-dateline:{parsed[1]}")
            break  # one lede
    return meta


def is_dateline(line: str, *, order: str = "DMY") -> bool:
    """A line that is only a page's date stamp ("Sunday, March 17, 2013 |
    5:00 PM", "Published: 13 June 2013"): never a headline."""
    line = line.strip()
    if len(line) > 80:
        return False
    p = _patterns()
    for label in ("published", "updated", "bare"):
        m = p[label].match(line)
        if m:
            return parse_date(m["date"], order=order) is not None
    return False


def _unknown_agency(name: str) -> bool:
    """A name of an agency not in the list: capitalised words, not too many."""
    name = name.strip()
    limit = int(load_data(_META)["agency"]["unknown_max_words"])
    return bool(_patterns()["unknown"].match(name)) and len(name.split()) <= limit


def outlet_from_residue(lines: list[str], residue: dict[int, str]) -> tuple[str, str] | None:
    """An outlet named by a dropped residue line ("Clarin Bulletins")."""
    rules = {f"residue:{r}" for r in load_data(_META)["outlet"]["residue_rules"]}
    for i, rule in sorted(residue.items()):
        if rule in rules:
            outlet = alias_lookup(_META, "outlet.names", lines[i], whole=False)
            if outlet:
                return outlet, f"text:{rule}"
    return None


# ------------------------------------------------------------------- URL

_OUTLETS = "outlets.toml"
_HOST = re.compile(r"^(?:[a-z][a-z0-9+.\-]*:)?//(?:[^@/?#]*@)?(?P<host>[^/:?#]+)", re.IGNORECASE)


def _host(url: str) -> str | None:
    """The host name of a URL, lower case, or None when there is none."""
    url = url.strip()
    # Without a scheme only "www.example.com/..." is taken for a URL:
    # "feed.jsonl" is a file name.
    m = _HOST.match(url) or (_HOST.match("//" + url) if url.lower().startswith("www.") else None)
    if not m:
        return None
    host = m["host"].lower().rstrip(".")
    # A host has a dot and no blanks; an IP address names no outlet.
    if "." not in host or " " in host or re.fullmatch(r"[\d.]+", host):
        return None
    return host


def registrable_domain(url: str) -> str | None:
    """The domain a URL's site registered: "https://edition.cnn.com/x" ->
    "cnn.com", "amp.theguardian.com" -> "theguardian.com", "news.bbc.co.uk"
    -> "bbc.co.uk" (multi-label suffixes are data)."""
    host = _host(url)
    if host is None:
        return None
    labels = host.split(".")
    multi = set(load_data(_OUTLETS)["suffixes"]["multi_label"])
    keep = 3 if len(labels) >= 3 and ".".join(labels[-2:]) in multi else 2
    return ".".join(labels[-keep:])


def outlet_from_url(url: str) -> tuple[str, str] | None:
    """(outlet, rule) named by an article's URL: the most specific entry of
    the domain table for its host ("abcnews.go.com", then "go.com"), else
    the registrable domain itself; None when the URL has no usable host."""
    host = _host(url)
    domain = registrable_domain(url) if host else None
    if host is None or domain is None:
        return None
    table = load_data(_OUTLETS)["domains"]
    labels = host.split(".")
    # Longest name first: "abcnews.go.com" is more specific than "go.com".
    for k in range(0, len(labels) - domain.count(".")):
        name = ".".join(labels[k:])
        if name in table:
            return str(table[name]), f"url:{name}"
    return domain, "url:domain"


@cache
def _url_line() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    d = load_data(_META)["url_line"]
    glue = re.escape(d["glue"])
    return (re.compile(d["start"], re.IGNORECASE), re.compile(rf"\s*([{glue}])\s*"),
            re.compile(d["whole"], re.IGNORECASE))


def url_from_line(line: str) -> str | None:
    """The web address a line consists of, or None.  A tokenised address
    ("http : / / rt . com / usa / riot - 127 /") is put back together; a
    line with words beside the address ("www.example.com has the list") is
    not an address line."""
    start, glue, whole = _url_line()
    if len(line) > 1000 or not start.match(line):
        return None
    joined = glue.sub(r"\1", line.strip())
    return joined if whole.match(joined) and _host(joined if "//" in joined else "//" + joined) else None


def title_from_text(text: str, *, order: str = "DMY") -> tuple[str, str, tuple[str, str] | None] | None:
    """(title, rule, (published, rule) from a trailing dateline or None)."""
    d = load_data(_META)["title"]
    first = text.lstrip().split("\n", 1)[0].strip()
    if not first:
        return None
    date = None
    m = _patterns()["trailing"].search(first)
    if m:
        parsed = parse_date(m["date"], order=order)
        if parsed:
            date = (parsed[0], f"text:title-dateline:{parsed[1]}")
            first = first[: m.start()].rstrip()
    words = first.split()
    if words and (len(words) <= int(d["max_words_with_stop"])
                  or (len(words) <= int(d["max_words"]) and not first.endswith("."))):
        return first, "text:first-line", date
    sentence = _SENTENCE.split(first, maxsplit=1)[0]
    words = sentence.split()
    limit = int(d["fallback_words"])
    title = sentence if len(words) <= limit else " ".join(words[:limit]).rstrip(",;:") + " …"
    return title, "text:first-sentence", date
