import random

from builders import build_article

from newsprism.config import load_config
from newsprism.group.dedup import find_duplicates
from newsprism.model import Article

WORDS = ("river bridge council vote budget storm harbour school minister police court station market "
         "farmer tunnel museum protest election village hospital railway engineer festival").split()


def _text(seed: int, n: int = 160) -> str:
    rng = random.Random(seed)
    return " ".join(rng.choice(WORDS) + (". " if i % 12 == 11 else "") for i in range(n))


def test_dedup_near_copy_found_and_different_texts_not():
    base = _text(1)
    words = base.split()
    edited = " ".join(["Reporting", "by", "our", "desk:"] + words[:-6])  # new intro, trimmed end
    arts = [Article(id="a", path="a", text=base, published="2024-01-02"),
            Article(id="b", path="b", text=edited, published="2024-01-03"),
            Article(id="c", path="c", text=_text(2), published="2024-01-01")]
    dups = find_duplicates(arts, config=load_config())
    assert [(d.article, d.copy_of, d.kind) for d in dups] == [("b", "a", "near")]
    assert 0.8 <= dups[0].jaccard < 1.0


def test_dedup_wire_copies_point_at_earliest():
    wire = _text(3)
    arts = [Article(id="x1", path="1", text=wire.upper(), published="2024-03-02"),
            Article(id="x2", path="2", text=wire, published="2024-03-01"),
            Article(id="x3", path="3", text=wire.replace(".", " ."), published="2024-03-05")]
    dups = find_duplicates(arts, config=load_config())
    assert {d.article for d in dups} == {"x1", "x3"}
    assert all(d.copy_of == "x2" and d.kind == "exact" and d.jaccard == 1.0 for d in dups)


def test_dedup_threshold_setting_respected():
    base = _text(4)
    words = base.split()
    half = " ".join(words[:80] + _text(5).split()[:80])
    arts = [Article(id="p", path="p", text=base), Article(id="q", path="q", text=half)]
    assert find_duplicates(arts, config=load_config()) == []
    loose = load_config().replace(group__minhash_threshold=0.2)
    assert len(find_duplicates(arts, config=loose)) == 1


def test_dedup_a_reprint_at_another_address_is_a_copy():
    body = [f"{s.strip()}." for s in _text(5, 120).split(".") if s.strip()]
    one = ["http: / / www.", "riverpost.", "com / news / 2024 / bridge - vote\n", *body]
    two = ["http: / / www. harbourdaily.", "co. uk / politics / council - budget - storm - 123456\n", *body]
    arts = [build_article("a", one, published="2024-01-02"), build_article("b", two, published="2024-01-02")]
    dups = find_duplicates(arts, config=load_config())
    assert [(d.article, d.copy_of, d.kind) for d in dups] == [("b", "a", "exact")]
    # Read as plain articles (no sentences to find the address in), the
    # addresses keep the two texts apart as before.
    plain = find_duplicates([x.article for x in arts], config=load_config())
    assert [d.kind for d in plain] != ["exact"]
