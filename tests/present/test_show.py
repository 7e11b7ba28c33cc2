from __future__ import annotations

import pytest

from newsprism.present.show import format_analysis


@pytest.fixture(scope="module")
def seed_000(seed_path):
    from newsprism.analyze import analyze_article
    from newsprism.model import Article

    path = seed_path("000")
    return analyze_article(Article(id="000", path=str(path), text=path.read_text("utf-8")))


def test_show_format_analysis_sections(seed_000):
    a = seed_000
    out = format_analysis(a)
    for head in ("SENTENCES", "MENTIONS", "TIMES", "QUANTITIES", "QUOTES", "CITATIONS"):
        assert head in out
    assert "Jumah Hamdi Hamdan" in out
    assert f"[{len(a.sentences) - 1}]" in out


def test_show_text_formatters_live_in_present():
    # One direction: the stages compute, present/ formats (issue 16, item 3).
    import re
    from pathlib import Path

    src = Path(__file__).resolve().parents[2] / "src" / "newsprism"
    outside = [f"{p.relative_to(src)}: {m}" for p in src.rglob("*.py") if "present" not in p.parts
               for m in re.findall(r"^def (format_\w+)", p.read_text("utf-8"), re.MULTILINE)]
    assert not outside, outside


def test_show_similarity_words_come_from_the_group_scale():
    from newsprism.group.explain import scale_label
    from newsprism.present import show

    assert show._label is scale_label
    assert [scale_label(v) for v in (1.0, 2.4, 2.6, 9.0)] == [
        "very similar", "somewhat similar", "somewhat dissimilar", "very dissimilar"]
