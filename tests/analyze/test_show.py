from __future__ import annotations

from newsprism.analyze.show import format_analysis


def test_show_format_analysis_sections(seed_analysis):
    a = seed_analysis("000")
    out = format_analysis(a)
    for head in ("SENTENCES", "MENTIONS", "TIMES", "QUANTITIES", "QUOTES", "CITATIONS"):
        assert head in out
    assert "Jumah Hamdi Hamdan" in out
    assert f"[{len(a.sentences) - 1}]" in out
