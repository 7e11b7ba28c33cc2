"""Inline SVG charts: timeline and derivation graph."""

from __future__ import annotations

import datetime as dt
import re
import xml.dom.minidom

from newsprism.present import svg


def test_svg_date_span_precisions():
    assert svg.date_span("2019-02-09") == (dt.date(2019, 2, 9), dt.date(2019, 2, 9))
    assert svg.date_span("2024-02") == (dt.date(2024, 2, 1), dt.date(2024, 2, 29))
    assert svg.date_span("2018-12") == (dt.date(2018, 12, 1), dt.date(2018, 12, 31))
    assert svg.date_span("2014") == (dt.date(2014, 1, 1), dt.date(2014, 12, 31))
    assert svg.date_span("201") == (dt.date(2010, 1, 1), dt.date(2019, 12, 31))
    assert svg.date_span("2019-01-05/2019-01-20") == (dt.date(2019, 1, 5), dt.date(2019, 1, 20))
    assert svg.date_span("2019-02-09T10:00:00+01:00")[0] == dt.date(2019, 2, 9)
    assert svg.date_span("not a date") is None and svg.date_span(None) is None
    assert svg.date_span("2019-13") is None


def test_svg_timeline_numbers_markers_and_escapes():
    events = [
        {"date": "2023-09", "label": "September 2023", "text": "a <b>crack</b>", "conflict": True},
        {"date": "2024-03-12", "label": "12 March 2024", "text": "dam fails", "conflict": False},
        {"date": "2024-03-12", "label": "12 March 2024", "text": "same day", "conflict": False},
        {"date": "someday", "label": "someday", "text": "undated", "conflict": False},
    ]
    out = svg.timeline_svg(events, [("2024-03-13", "001 Ledger")])
    xml.dom.minidom.parseString(out)  # well-formed
    numbers = re.findall(r'class="tl-no"[^>]*>(\d+)<', out)
    assert sorted(numbers) == ["1", "2", "3"]  # the undated event has no marker
    assert out.count('class="tl-mark conflict') >= 1
    assert "<b>" not in out and "&lt;b&gt;" in out
    # two events on one day are stacked, not drawn on top of each other
    ys = re.findall(r'<circle class="tl-mark" cx="([\d.]+)" cy="([\d.]+)"', out)
    assert len(ys) == 2 and ys[0][0] == ys[1][0] and ys[0][1] != ys[1][1]
    assert svg.timeline_svg([], []) == ""


def test_svg_derivation_layers_sources_above():
    nodes = [{"id": "a", "label": "001", "sub": "Ledger"}, {"id": "b", "label": "002", "sub": "Daily"},
             {"id": "AG", "label": "AG", "sub": "wire", "external": True}, {"id": "c", "label": "003", "sub": "<x>"}]
    edges = [{"derived": "b", "source": "a", "kind": "citation", "evidence": "reported"},
             {"derived": "c", "source": "b", "kind": "reuse", "evidence": "copy"},
             {"derived": "a", "source": "AG", "kind": "agency", "evidence": "dateline"}]
    out = svg.derivation_svg(nodes, edges)
    xml.dom.minidom.parseString(out)
    rows = {label: float(y) for y, label in re.findall(
        r'<text class="dg-label" x="[\d.]+" y="([\d.]+)" text-anchor="middle">([^<]+)<', out)}
    assert rows["AG"] < rows["001"] < rows["002"] < rows["003"]
    assert out.count("<line class=\"dg-edge") == 3 and "&lt;x&gt;" in out


def test_svg_derivation_survives_a_cycle():
    nodes = [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}]
    edges = [{"derived": "a", "source": "b", "kind": "reuse"}, {"derived": "b", "source": "a", "kind": "reuse"}]
    out = svg.derivation_svg(nodes, edges)
    xml.dom.minidom.parseString(out)
    assert out.count("dg-edge") == 2
