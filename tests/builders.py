"""The one builder of hand-made analysed articles for tests.

Every test folder builds its small AnalyzedArticle objects here (importable
as ``builders``: pyproject puts tests/ on the path, since conftest modules are
not importable under --import-mode=importlib).  Annotations are given by the
exact text they cover, as analyze would set them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from newsprism.model import AnalyzedArticle, Article, Citation, Mention, Quantity, Quote, Sentence, TimeExpr

__all__ = ["build_article", "returns_within", "load_bench"]


def build_article(
    aid: str,
    sentences: Sequence[str],
    *,
    sep: str = " ",
    title: str | None = None,
    published: str | None = None,
    outlet: str | None = None,
    agency: str | None = None,
    mentions: Sequence[tuple[Any, ...]] = (),
    quantities: Sequence[dict[str, Any]] = (),
    times: Sequence[dict[str, Any]] = (),
    quotes: Sequence[dict[str, Any]] = (),
    citations: Sequence[Citation] = (),
    embeddings: Any = None,
) -> AnalyzedArticle:
    """An analysed article from plain sentences joined by ``sep``.

    ``mentions``: (sentence index, exact text, label), or (text, label) for
    the first place the text stands in the article (the start of the text
    when it stands nowhere).  ``quantities`` / ``times`` / ``quotes``: dicts
    with ``sentence`` and ``text`` plus their own fields."""
    text = sep.join(sentences)
    sents, pos = [], 0
    for i, s in enumerate(sentences):
        start = text.index(s, pos)
        sents.append(Sentence(i, start, start + len(s), s))
        pos = start + len(s)

    def span(i: int, what: str) -> tuple[int, int]:
        off = sents[i].text.index(what)
        return sents[i].start + off, sents[i].start + off + len(what)

    def sentence_at(offset: int) -> int:
        return next((s.index for s in sents if s.start <= offset <= s.end), 0)

    ms = []
    for m in mentions:
        if len(m) == 3:
            i, t, label = m
            ms.append(Mention(t, label, *span(i, t), sentence=i))
        else:
            t, label = m
            at = max(text.find(t), 0)
            ms.append(Mention(t, label, at, at + len(t), sentence_at(at)))
    qs = []
    for q in quantities:
        s, e = span(q["sentence"], q["text"])
        qs.append(Quantity(text=q["text"], sentence=q["sentence"], start=s, end=e, value=q["value"],
                           low=q.get("low"), high=q.get("high"), counted=q.get("counted"), hedge=q.get("hedge")))
    ts = []
    for t in times:
        s, e = span(t["sentence"], t["text"])
        ts.append(TimeExpr(text=t["text"], sentence=t["sentence"], start=s, end=e, value=t["value"],
                           precision=t["precision"], resolved=True, end_value=t.get("end_value")))
    qts = [Quote(text=q["text"], sentence=q["sentence"], speaker=q.get("speaker"), direct=q.get("direct", True),
                 speaker_text=q.get("speaker_text"),
                 sentences=[q["sentence"]]) for q in quotes]
    art = Article(id=aid, path=f"{aid}.txt", text=text, title=title, published=published, outlet=outlet,
                  agency=agency)
    return AnalyzedArticle(article=art, sentences=sents, mentions=ms, quantities=qs, times=ts, quotes=qts,
                           citations=list(citations), embeddings=embeddings)


def returns_within(call: Any, seconds: float = 20.0) -> list[Any]:
    """``call()``'s return value in a one-item list, or an assertion error if
    it has not returned within ``seconds`` (a parse climb that never ends
    would hang the test run instead of failing it)."""
    import threading

    out: list[Any] = []
    worker = threading.Thread(target=lambda: out.append(call()), daemon=True)
    worker.start()
    worker.join(timeout=seconds)
    assert not worker.is_alive(), f"did not return within {seconds:g} s"
    return out


def claims_of_one(sentence: str, **kw: Any) -> list[Any]:
    """The claim units of a one-sentence article "a" (``kw`` as
    :func:`build_article` takes them), each checked to cite sentence 0 and
    the characters it covers (a subject carried over from the clause before
    opens its text, before those characters)."""
    from newsprism.reconcile.claims import extract_claims

    units = extract_claims([build_article("a", [sentence], **kw)])
    for u in units:
        assert u.sentence == 0
        if u.span is not None:
            cited = sentence[u.span[0]:u.span[1]].strip()
            assert u.text == cited or (u.carried is not None and u.text.endswith(cited))
    return units


def claims_of_two(first: str, second: str, families: dict[str, str], *,
                  mentions: Sequence[tuple[str, str]] = ()) -> list[Any]:
    """Two one-sentence articles "a" and "b" through claim extraction,
    alignment and verdicts with the shipped settings (``families``: article
    -> its source family), as reconcile_story runs them.  ``mentions``:
    (text, label) of names, given to each article whose sentence has them."""
    from newsprism.config import load_config
    from newsprism.reconcile.align import group_pairs, score_pairs
    from newsprism.reconcile.claims import extract_claims
    from newsprism.reconcile.verdicts import build_claims

    config = load_config()
    def named(text: str) -> list[tuple[str, str]]:
        return [m for m in mentions if m[0] in text]

    units = extract_claims([build_article("a", [first], mentions=named(first)),
                            build_article("b", [second], mentions=named(second))], config=config)
    pairs = score_pairs(units, config=config)
    within = score_pairs(units, config=config, within=True)
    claims, _ = build_claims(units, group_pairs(units, pairs, within=within), {}, families,
                             pairs=[*pairs, *within])
    return claims


def load_bench(name: str) -> Any:
    """A script of bench/ as a module (bench/ put on the path first, as the
    script itself runs), registered under its name: its dataclasses look
    their module up while they are made."""
    import importlib.util
    import sys
    from pathlib import Path

    bench = Path(__file__).resolve().parents[1] / "bench"
    sys.path.insert(0, str(bench))
    spec = importlib.util.spec_from_file_location(name, bench / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module
