"""Charts as inline SVG, computed in Python: the timeline and the derivation
graph.  No JavaScript library and no network, so they work in the
self-contained HTML brief and in the web UI with scripts off.

Every string that reaches the SVG goes through :func:`html.escape`; the
output is markup ready to be inserted as is (Jinja2 ``Markup``).
"""

from __future__ import annotations

import bisect
import datetime as dt
import html
import math
from collections.abc import Sequence
from typing import Any

from ..partial_dates import date_span

__all__ = ["date_span", "timeline_svg", "derivation_svg"]


def _esc(text: Any) -> str:
    return html.escape(str(text), quote=True)


# ------------------------------------------------------------------ timeline

_W = 760  # viewBox width; the SVG scales to its container


class _Scale:
    """Dates to x: piecewise linear through every date drawn, each gap
    between neighbouring dates given a width growing with the log of its
    length.  A story's events bunch in a few days while its background
    reaches back years; a linear axis would pile the recent events on one
    spot.  Order is kept; long gaps are shortened (the legend says so)."""

    def __init__(self, dates: Sequence[dt.date], x0: float, x1: float) -> None:
        self.points = sorted(set(dates))
        weights = [math.log1p((b - a).days) for a, b in zip(self.points, self.points[1:])]
        total = sum(weights) or 1.0
        self.xs = [x0]
        for w in weights:
            self.xs.append(self.xs[-1] + (x1 - x0) * w / total)
        if len(self.points) == 1:
            self.xs = [(x0 + x1) / 2]
        self.compressed = any((b - a).days > 60 for a, b in zip(self.points, self.points[1:]))

    def __call__(self, d: dt.date) -> float:
        pts, xs = self.points, self.xs
        i = bisect.bisect_right(pts, d) - 1
        if i < 0:
            return xs[0]
        if i >= len(pts) - 1:
            return xs[-1]
        a, b = pts[i], pts[i + 1]
        return xs[i] + (xs[i + 1] - xs[i]) * (d - a).days / max((b - a).days, 1)


def _ticks(lo: dt.date, hi: dt.date) -> list[tuple[dt.date, str]]:
    """Year ticks, and month ticks within a span of under ~13 months."""
    out: list[tuple[dt.date, str]] = []
    if (hi - lo).days > 400:
        for y in range(lo.year + 1, hi.year + 1):
            out.append((dt.date(y, 1, 1), str(y)))
    y, m = lo.year + (lo.month == 12), lo.month % 12 + 1
    while dt.date(y, m, 1) <= hi:
        if m != 1 or (hi - lo).days <= 400:  # a January tick is the year tick
            out.append((dt.date(y, m, 1), f"{y}-{m:02d}"))
        y, m = y + (m == 12), m % 12 + 1
    return sorted(out)


def timeline_svg(events: Sequence[dict[str, Any]], published: Sequence[tuple[str, str]] = ()) -> str:
    """A timeline strip.

    ``events``: dicts with ``date`` (ISO to some precision), ``label`` (the
    date as shown), ``text``, ``conflict`` (bool), ``href`` (optional link).
    Event i is drawn as a marker numbered i+1 (the list beside the chart
    uses the same numbers): a dot for a day, a bar over the period for a
    coarser date, red where the sources disagree on the date.  Markers that
    would overlap are stacked.  ``published``: (ISO date, label) of each
    article, drawn as ticks under the axis, so that the reader sees when each
    report came out relative to what it reports.
    """
    dated = [(date_span(e.get("date")), i, e) for i, e in enumerate(events)]
    pubs = [(date_span(p), label) for p, label in published]
    spans = [s for s, _, _ in dated if s] + [s for s, _ in pubs if s]
    if not events or not spans:
        return ""
    x0, x1 = 30, _W - 30
    px = _Scale([d for s in spans for d in s], x0, x1)
    lo = min(s[0] for s in spans)
    hi = max(s[1] for s in spans)

    # Lanes: a marker goes in the lowest lane where it does not overlap.
    lanes: list[float] = []
    placed = []
    for span, i, e in sorted((d for d in dated if d[0]), key=lambda d: (d[0][0], d[1])):
        a, b = px(span[0]), px(span[1])
        mid = a if b - a < 3 else (a + b) / 2
        left, right = min(a, mid - 11), max(b, mid + 11)
        for lane, end in enumerate(lanes):
            if left > end:
                lanes[lane] = right
                break
        else:
            lane = len(lanes)
            lanes.append(right)
        placed.append((lane, a, b, mid, i, e))
    n_lanes = max(len(lanes), 1)
    axis_y = 22 + n_lanes * 24
    parts = [f'<line class="tl-axis" x1="{x0}" y1="{axis_y}" x2="{x1}" y2="{axis_y}"/>']
    last_label = -1e9
    for d, label in _ticks(lo, hi):
        x = px(d)
        if x - last_label < 56:  # where the axis is compressed, ticks would collide: keep every few
            continue
        parts.append(f'<line class="tl-grid" x1="{x:.1f}" y1="8" x2="{x:.1f}" y2="{axis_y + 5}"/>'
                     f'<text class="tl-tick" x="{x:.1f}" y="{axis_y + 18}" text-anchor="middle">{_esc(label)}</text>')
        last_label = x
    for span, label in pubs:
        if span:
            x = px(span[0])
            parts.append(f'<path class="tl-pub" d="M{x:.1f},{axis_y + 24} l-5,9 h10 z">'
                         f'<title>published: {_esc(label)}</title></path>')
    for lane, a, b, mid, i, e in placed:
        cy = axis_y - 14 - lane * 24
        cls = "tl-mark conflict" if e.get("conflict") else "tl-mark"
        tip = f'<title>{_esc(e.get("label") or e.get("date"))}: {_esc(e.get("text", ""))}</title>'
        mark = ""
        if b - a >= 3:
            mark += f'<rect class="{cls} tl-period" x="{a:.1f}" y="{cy - 3}" width="{b - a:.1f}" height="6" rx="3"/>'
        mark += (f'<line class="tl-stem" x1="{mid:.1f}" y1="{cy}" x2="{mid:.1f}" y2="{axis_y}"/>'
                 f'<circle class="{cls}" cx="{mid:.1f}" cy="{cy}" r="9"/>'
                 f'<text class="tl-no" x="{mid:.1f}" y="{cy + 4}" text-anchor="middle">{i + 1}</text>')
        mark = f"<g>{tip}{mark}</g>"
        if e.get("href"):
            mark = f'<a href="{_esc(e["href"])}">{mark}</a>'
        parts.append(mark)
    legend_y = axis_y + 50
    note = " · long gaps shortened" if px.compressed else ""
    parts.append(f'<text class="tl-legend" x="{x0}" y="{legend_y}">● event (bar: a period) · '
                 f'<tspan class="tl-legend-conflict">● sources disagree on the date</tspan> · ▲ an article '
                 f'published{note}</text>')
    return (
        f'<svg class="chart timeline-chart" role="img" aria-label="Timeline" viewBox="0 0 {_W} {legend_y + 8}" '
        f'xmlns="http://www.w3.org/2000/svg">{"".join(parts)}</svg>'
    )


# ------------------------------------------------------------ derivations

_KINDS = ("citation", "agency", "reuse")


def derivation_svg(nodes: Sequence[dict[str, Any]], edges: Sequence[dict[str, Any]]) -> str:
    """The derivation graph: who took what from whom.

    ``nodes``: dicts with ``id``, ``label`` (short), ``sub`` (outlet or
    kind of source), ``external`` (True for a source outside the corpus,
    e.g. an agency), optional ``href``.  ``edges``: ``derived``, ``source``
    (node ids), ``kind``.  Sources sit above what derives from them; an arrow
    points from the derived report to its source.
    """
    if not nodes:
        return ""
    ids = [n["id"] for n in nodes]
    parents: dict[str, list[str]] = {i: [] for i in ids}
    for e in edges:
        if e["derived"] in parents and e["source"] in parents and e["derived"] != e["source"]:
            parents[e["derived"]].append(e["source"])
    depth: dict[str, int] = {}

    def level(i: str, seen: frozenset[str] = frozenset()) -> int:
        if i in depth:
            return depth[i]
        if i in seen:  # a cycle: stop climbing
            return 0
        d = 1 + max((level(p, seen | {i}) for p in parents[i]), default=-1)
        depth[i] = d
        return d

    for i in ids:
        level(i)
    layers: dict[int, list[dict[str, Any]]] = {}
    for n in nodes:
        layers.setdefault(depth[n["id"]], []).append(n)
    box_w, box_h, gap_x, gap_y = 170, 46, 24, 64
    widest = max(len(v) for v in layers.values())
    width = max(_W, widest * (box_w + gap_x) + gap_x)
    pos: dict[str, tuple[float, float]] = {}
    for d in sorted(layers):
        row = layers[d]
        if d > 0:  # under the sources they derive from, to keep arrows from crossing
            def centre(n: dict[str, Any]) -> float:
                xs = [pos[p][0] for p in parents[n["id"]] if p in pos]
                return sum(xs) / len(xs) if xs else float("inf")

            row.sort(key=centre)
        row_w = len(row) * box_w + (len(row) - 1) * gap_x
        x = (width - row_w) / 2
        for n in row:
            pos[n["id"]] = (x, 30 + d * (box_h + gap_y))
            x += box_w + gap_x
    height = 30 + (max(layers) + 1) * (box_h + gap_y) - gap_y + 20
    defs = "".join(
        f'<marker id="arrow-{k}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" '
        f'orient="auto-start-reverse"><path class="dg-head {k}" d="M0,0 L10,5 L0,10 z"/></marker>'
        for k in _KINDS
    )
    parts = [f"<defs>{defs}</defs>"]
    for e in edges:
        if e["derived"] not in pos or e["source"] not in pos:
            continue
        kind = e.get("kind") if e.get("kind") in _KINDS else "reuse"
        dx, dy = pos[e["derived"]]
        sx, sy = pos[e["source"]]
        x1, y1 = dx + box_w / 2, dy  # top of the derived box
        x2, y2 = sx + box_w / 2, sy + box_h  # bottom of the source box
        if dy <= sy:  # same layer (cycle guard): go around the side
            x1, y1, x2, y2 = dx + box_w, dy + box_h / 2, sx, sy + box_h / 2
        mx, my = x1 + (x2 - x1) * 0.4, y1 + (y2 - y1) * 0.4
        parts.append(
            f'<line class="dg-edge {kind}" x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
            f'marker-end="url(#arrow-{kind})"><title>{_esc(e.get("evidence", ""))}</title></line>'
            f'<text class="dg-kind {kind}" x="{mx + 6:.1f}" y="{my:.1f}">{_esc(kind)}</text>'
        )
    for n in nodes:
        x, y = pos[n["id"]]
        cls = "dg-node external" if n.get("external") else "dg-node"
        sub = str(n.get("sub") or "")
        if len(sub) > 24:
            sub = sub[:23] + "…"
        box = (
            f'<g class="{cls}"><rect x="{x:.1f}" y="{y:.1f}" width="{box_w}" height="{box_h}" rx="6"/>'
            f'<text class="dg-label" x="{x + box_w / 2:.1f}" y="{y + 19:.1f}" text-anchor="middle">'
            f'{_esc(n["label"])}</text>'
            f'<text class="dg-sub" x="{x + box_w / 2:.1f}" y="{y + 36:.1f}" text-anchor="middle">{_esc(sub)}</text></g>'
        )
        if n.get("href"):
            box = f'<a href="{_esc(n["href"])}">{box}</a>'
        parts.append(box)
    return (
        f'<svg class="chart derivation-chart" role="img" aria-label="Derivation graph" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" xmlns="http://www.w3.org/2000/svg">{"".join(parts)}</svg>'
    )
