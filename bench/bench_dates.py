"""Temporal expressions: newsprism's rules vs dateparser alone.

Gold: bench/data/dates_gold.toml (the seed articles, written by reading them)
and, when present, the [[dates]] of examples/expected.toml (the project's own
example corpus).  For each gold expression both systems get the same
publication date:

* newsprism: ``extract_times(doc, published)`` over the whole article; the
  expression found at the gold position is compared.
* dateparser alone: ``DateDataParser.get_date_data(expression)`` with
  RELATIVE_BASE = publication date, PREFER_DATES_FROM = "past",
  DATE_ORDER = "DMY"; its ``period`` gives the precision.

Scores:
* strict: value, precision (and end of range) exactly as gold;
* lenient: the day given (first day of the span) falls inside the gold span;
* not-dates: durations/ages spaCy tags DATE that must get no calendar value;
* no publication date: how many relative expressions get a value anyway
  (dateparser then resolves against today; newsprism must not).

Also: quantities of examples/expected.toml (value, hedge, counted).

Run: python bench/bench_dates.py            (add --no-ecb to skip ECB+)
     python bench/bench_dates.py --polnear-sample 40 [--seed N]   (a sample to judge by hand)
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / ".." / "shared" / "examples" / "seeds"
EXAMPLES = ROOT / "examples"
GOLD = ROOT / "bench" / "data" / "dates_gold.toml"


def _article_texts_examples() -> dict[str, str]:
    out: dict[str, str] = {}
    for p in sorted((EXAMPLES / "txt").glob("*.txt")):
        out[f"txt/{p.name}"] = p.read_text("utf-8")
    html = sorted((EXAMPLES / "html").glob("*.html"))
    if html:
        import trafilatura

        for p in html:
            out[f"html/{p.name}"] = trafilatura.extract(p.read_text("utf-8"), favor_recall=True) or ""
    feed = EXAMPLES / "feed.jsonl"
    if feed.exists():
        for line in feed.read_text("utf-8").splitlines():
            if line.strip():
                rec = json.loads(line)
                out[rec.get("url", "")] = rec.get("text") or rec.get("body") or ""
    return out


def _load_gold() -> tuple[list[dict], list[dict], list[dict], str]:
    """(dates, not_dates, quantities, note)"""
    dates: list[dict] = []
    not_dates: list[dict] = []
    quantities: list[dict] = []
    notes = []
    if SEEDS.is_dir():
        gold = tomllib.loads(GOLD.read_text("utf-8"))
        texts = {p.name: p.read_text("utf-8") for p in SEEDS.glob("*.txt")}
        for g in gold["dates"]:
            dates.append({**g, "source": "seeds", "doc_text": texts[g["article"]]})
        for g in gold["not_dates"]:
            not_dates.append({**g, "source": "seeds", "doc_text": texts[g["article"]]})
    else:
        notes.append("seeds absent")
    expected = EXAMPLES / "expected.toml"
    if expected.exists():
        ex = tomllib.loads(expected.read_text("utf-8"))
        texts = _article_texts_examples()
        published = {a["id"]: a["published"] for a in ex.get("articles", [])}
        for g in ex.get("dates", []):
            dates.append({**g, "source": "examples", "doc_text": texts.get(g["article"], "")})
        for g in ex.get("quantities", []):
            quantities.append({**g, "published": published.get(g["article"]), "doc_text": texts.get(g["article"], "")})
    else:
        notes.append("examples/expected.toml absent")
    return dates, not_dates, quantities, "; ".join(notes)


def _position(text: str, expr: str, occurrence: int) -> int:
    pos = -1
    for _ in range(occurrence):
        pos = text.find(expr, pos + 1)
        if pos < 0:
            return -1
    return pos


def _gold_span(g: dict) -> tuple[dt.date, dt.date]:
    from newsprism.analyze.dates import time_span
    from newsprism.model import TimeExpr

    t = TimeExpr(g["text"], 0, 0, 0, g["value"], g["precision"], True, end_value=g.get("end_value"))
    span = time_span(t)
    assert span is not None, g
    return span


def _dateparser(expr: str, published: str | None) -> tuple[str | None, str | None, dt.date | None]:
    from dateparser.date import DateDataParser

    settings = {"PREFER_DATES_FROM": "past", "DATE_ORDER": "DMY"}
    if published:
        settings["RELATIVE_BASE"] = dt.datetime.fromisoformat(published)
    data = DateDataParser(languages=["en"], settings=settings).get_date_data(expr)
    if data.date_obj is None:
        return None, None, None
    d = data.date_obj.date()
    fmt = {"day": (d.isoformat(), "day"), "month": (f"{d:%Y-%m}", "month"), "year": (f"{d:%Y}", "year")}
    value, precision = fmt.get(data.period or "", (d.isoformat(), data.period))
    return value, precision, d


sys.path.insert(0, str(Path(__file__).resolve().parent))  # run, or loaded by path, without bench/ on the path
from ecbplus import DATA as ECB, DEV_TOPICS as ECB_DEV_TOPICS, annotated_sentences, documents  # noqa: E402

_NO_SPACE_BEFORE = {".", ",", ";", ":", "!", "?", ")", "'s", "n't", "%", "'", "-"}
_NO_SPACE_AFTER = {"(", "$", "-"}


def _ecb_documents():
    """(name, text, scored sentence spans, gold TIME_DATE spans, any TIME_* spans)
    for the ECB+ dev topics; only the sentences annotated for coreference are
    scored (ECBplus_coreference_sentences.csv)."""
    scored = annotated_sentences()
    for doc in documents(ECB_DEV_TOPICS):
        pieces: list[str] = []
        offsets: dict[str, tuple[int, int]] = {}
        sent_spans: dict[int, list[int]] = {}
        pos = 0
        prev_sent = None
        prev_tok = ""
        for tok in doc.tokens:
            word = tok.text
            sent = tok.sentence
            if prev_sent is None:
                sep = ""
            elif sent != prev_sent:
                sep = "\n"
            elif word in _NO_SPACE_BEFORE or prev_tok in _NO_SPACE_AFTER:
                sep = ""
            else:
                sep = " "
            pieces.append(sep)
            pos += len(sep)
            offsets[tok.t_id] = (pos, pos + len(word))
            span = sent_spans.setdefault(sent, [pos, pos + len(word)])
            span[1] = pos + len(word)
            pieces.append(word)
            pos += len(word)
            prev_sent, prev_tok = sent, word
        text = "".join(pieces)
        gold, anytime = [], []
        for m in doc.mentions("TIME_"):
            ids = m.token_ids
            span = (offsets[ids[0]][0], offsets[ids[-1]][1])
            anytime.append(span)
            if m.tag == "TIME_DATE":
                gold.append(span)
        name = doc.name
        sents = [tuple(sent_spans[n]) for n in sorted(scored.get(name, ())) if n in sent_spans]
        yield name, text, sents, gold, anytime


def _ecb_detection(nlp) -> list[str]:
    """Detection of ECB+ TIME_DATE mentions: recall, and precision against
    any TIME_* markable, for newsprism, spaCy DATE entities and dateparser's
    search_dates."""
    from dateparser.search import search_dates

    from newsprism.analyze.dates import extract_times

    def inside(span, sents):
        return any(a <= span[0] < b for a, b in sents)

    def overlaps(span, spans):
        return any(span[0] < b and a < span[1] for a, b in spans)

    stats = {k: [0, 0, 0] for k in ("newsprism", "spaCy DATE", "dateparser search")}  # recalled, found, found-correct
    n_gold = n_docs = 0
    for _name, text, sents, gold, anytime in _ecb_documents():
        if not sents:
            continue
        n_docs += 1
        gold = [g for g in gold if inside(g, sents)]
        n_gold += len(gold)
        doc = nlp(text)
        systems = {
            "newsprism": [(t.start, t.end) for t in extract_times(doc, None)],
            "spaCy DATE": [(e.start_char, e.end_char) for e in doc.ents if e.label_ == "DATE"],
        }
        dp = []
        for a, b in sents:
            sentence = text[a:b]
            found = search_dates(sentence, languages=["en"], settings={"RELATIVE_BASE": dt.datetime(2000, 1, 1)}) or []
            cursor = 0
            for sub, _when in found:
                k = sentence.find(sub, cursor)
                if k >= 0:
                    dp.append((a + k, a + k + len(sub)))
                    cursor = k + len(sub)
        systems["dateparser search"] = dp
        for name, spans in systems.items():
            spans = [s for s in spans if inside(s, sents)]
            st = stats[name]
            st[0] += sum(overlaps(g, spans) for g in gold)
            st[1] += len(spans)
            st[2] += sum(overlaps(s, anytime) for s in spans)
    lines = [f"ECB+ dev topics {', '.join(map(str, ECB_DEV_TOPICS))}: {n_docs} documents, {n_gold} TIME_DATE mentions "
             "in the annotated sentences (detection only: ECB+ gives no normalised values)"]
    lines.append(f"{'system':18} {'recall':>16} {'precision':>16}")
    for name, (rec, found, ok) in stats.items():
        r = f"{rec}/{n_gold} ({100 * rec / max(n_gold, 1):.0f}%)"
        p = f"{ok}/{found} ({100 * ok / max(found, 1):.0f}%)"
        lines.append(f"{name:18} {r:>16} {p:>16}")
    return lines


POLNEAR = ROOT / ".." / "shared" / "benchmarks" / "polnear-dev"


def _polnear_sample(nlp, n: int, seed: int = 1) -> None:
    """A fixed random sample of resolved expressions and quantities from
    PolNeAR dev (real news with publication dates in metadata.tsv), printed
    with context for a person to judge: PolNeAR has no date annotation.
    ``seed`` picks the sample: a fresh check takes a seed no earlier check
    used (1 is the first one's)."""
    import csv
    import random

    from newsprism.analyze.dates import extract_times
    from newsprism.analyze.quantities import extract_quantities

    times, quantities = [], []
    with open(POLNEAR / "metadata.tsv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    for row in rows:
        path = POLNEAR / "text" / f"{row['filename']}.txt"
        if not path.exists():
            continue
        doc = nlp(path.read_text("utf-8"))
        text = doc.text
        for t in extract_times(doc, row["publication_date"]):
            ctx = text[max(0, t.start - 50) : t.end + 30].replace("\n", " ")
            times.append(f"T {row['publication_date']} {t.text!r:28} {t.value} {t.end_value or ''} {t.precision} | {ctx}")
        for q in extract_quantities(doc):
            ctx = text[max(0, q.start - 40) : q.end + 25].replace("\n", " ")
            quantities.append(f"Q {q.text!r:35} v={q.value} [{q.low}..{q.high}] {q.counted!r} {q.hedge!r} | {ctx}")
    print(f"PolNeAR dev: {len(rows)} articles, {len(times)} time expressions, {len(quantities)} quantities")
    rng = random.Random(seed)
    for line in rng.sample(times, min(n, len(times))) + rng.sample(quantities, min(n, len(quantities))):
        print(line)


def main() -> int:
    from newsprism.analyze.dates import extract_times, time_span
    from newsprism.analyze.nlp import load_nlp
    from newsprism.analyze.quantities import extract_quantities

    if "--polnear-sample" in sys.argv:
        seed = int(sys.argv[sys.argv.index("--seed") + 1]) if "--seed" in sys.argv else 1
        _polnear_sample(load_nlp(), int(sys.argv[sys.argv.index("--polnear-sample") + 1]), seed)
        return 0
    dates, not_dates, quantities, note = _load_gold()
    if not dates:
        print("no gold found", note)
        return 1
    nlp = load_nlp()
    docs: dict[str, object] = {}
    t_parse = t_extract = 0.0
    times_cache: dict[tuple[str, str | None], list] = {}

    def times_of(text: str, published: str | None) -> list:
        nonlocal t_parse, t_extract
        if text not in docs:
            t0 = time.perf_counter()
            docs[text] = nlp(text)
            t_parse += time.perf_counter() - t0
        key = (text, published)
        if key not in times_cache:
            t0 = time.perf_counter()
            times_cache[key] = extract_times(docs[text], published)
            t_extract += time.perf_counter() - t0
        return times_cache[key]

    rows = {"seeds": [0, 0, 0, 0, 0], "examples": [0, 0, 0, 0, 0]}  # n, ours strict, ours lenient, dp strict, dp lenient
    missing_text = 0
    failures: list[str] = []
    dp_misses: list[str] = []
    for g in dates:
        pos = _position(g["doc_text"], g["text"], g.get("occurrence", 1))
        src = rows[g["source"]]
        src[0] += 1
        lo, hi = _gold_span(g)
        # dateparser alone
        dv, dprec, dday = _dateparser(g["text"], g["published"])
        if dv == g["value"] and dprec == g["precision"] and not g.get("end_value"):
            src[3] += 1
        if dday is not None and lo <= dday <= hi:
            src[4] += 1
        else:
            dp_misses.append(f"  {g['text']!r} gold {g['value']} {g['precision']} dateparser {dv} {dprec}")
        if pos < 0:
            missing_text += 1
            failures.append(f"  [text not found] {g['source']} {g['article']}: {g['text']!r}")
            continue
        end = pos + len(g["text"])
        ours = [t for t in times_of(g["doc_text"], g["published"]) if t.start < end and pos < t.end]
        t = ours[0] if ours else None
        if t and (t.value, t.precision, t.end_value) == (g["value"], g["precision"], g.get("end_value")):
            src[1] += 1
        else:
            got = (t.text, t.value, t.precision, t.end_value) if t else None
            failures.append(f"  {g['source']} {g['article'][:40]}: {g['text']!r} gold {g['value']} {g['precision']} got {got}")
        span = time_span(t) if t else None
        if span and lo <= span[0] <= hi:
            src[2] += 1

    nd_ours = nd_dp = 0
    for g in not_dates:
        pos = _position(g["doc_text"], g["text"], g.get("occurrence", 1))
        end = pos + len(g["text"])
        ours = [t for t in times_of(g["doc_text"], g["published"]) if t.start < end and pos < t.end and t.value]
        nd_ours += not ours
        nd_dp += _dateparser(g["text"], g["published"])[0] is None

    # Without a publication date: relative expressions (no 4-digit year in
    # them) must stay unresolved.
    relative = [g for g in dates if not re.search(r"\d{4}", g["text"])]
    leak_ours = leak_dp = 0
    for g in relative:
        pos = _position(g["doc_text"], g["text"], g.get("occurrence", 1))
        if pos >= 0:
            end = pos + len(g["text"])
            ours = [t for t in times_of(g["doc_text"], None) if t.start < end and pos < t.end]
            leak_ours += any(t.resolved for t in ours)
        leak_dp += _dateparser(g["text"], None)[0] is not None

    q_total = q_ok = q_found = 0
    q_fail = []
    for g in quantities:
        pos = _position(g["doc_text"], g["text"], 1)
        q_total += 1
        if pos < 0:
            q_fail.append(f"  [text not found] {g['article']}: {g['text']!r}")
            continue
        if g["doc_text"] not in docs:
            docs[g["doc_text"]] = nlp(g["doc_text"])
        end = pos + len(g["text"])
        qs = [q for q in extract_quantities(docs[g["doc_text"]]) if q.start < end and pos < q.end]
        if qs:
            q_found += 1
            q = qs[0]
            ok = q.counted == g.get("counted") and q.hedge == g.get("hedge") and ("value" not in g or q.value == g["value"])
            q_ok += ok
            if not ok:
                q_fail.append(f"  {g['text']!r}: got value={q.value} hedge={q.hedge!r} counted={q.counted!r}")
        else:
            q_fail.append(f"  {g['text']!r}: not found")

    def pct(a: int, b: int) -> str:
        return f"{a}/{b} ({100 * a / b:.0f}%)" if b else "-"

    print(f"gold: {len(dates)} dated expressions, {len(not_dates)} non-dates ({note or 'seeds and examples'})")
    print(f"{'set':10} {'n':>3}  {'newsprism strict':>18} {'newsprism lenient':>18} {'dateparser strict':>18} {'dateparser lenient':>18}")
    total = [0, 0, 0, 0, 0]
    for name, r in rows.items():
        if r[0]:
            print(f"{name:10} {r[0]:>3}  {pct(r[1], r[0]):>18} {pct(r[2], r[0]):>18} {pct(r[3], r[0]):>18} {pct(r[4], r[0]):>18}")
            total = [a + b for a, b in zip(total, r)]
    print(f"{'all':10} {total[0]:>3}  {pct(total[1], total[0]):>18} {pct(total[2], total[0]):>18} {pct(total[3], total[0]):>18} {pct(total[4], total[0]):>18}")
    print(f"non-dates left without a date: newsprism {pct(nd_ours, len(not_dates))}, dateparser {pct(nd_dp, len(not_dates))}")
    print(f"no publication date, relative expressions given a value anyway: newsprism {leak_ours}/{len(relative)}, "
          f"dateparser {leak_dp}/{len(relative)} (resolved against today)")
    if quantities:
        print(f"quantities (examples/expected.toml): found {pct(q_found, q_total)}, value+hedge+counted right {pct(q_ok, q_total)}")
    print(f"time: spaCy parse {t_parse:.2f} s for {len(docs)} articles, extract_times {1000 * t_extract:.0f} ms "
          f"for {len(times_cache)} (article, publication) runs")
    if ECB.is_dir() and "--no-ecb" not in sys.argv:
        t0 = time.perf_counter()
        for line in _ecb_detection(nlp):
            print(line)
        print(f"(ECB+ part: {time.perf_counter() - t0:.0f} s)")
    else:
        print("ECB+ not found or skipped: detection part not run")
    if missing_text:
        print(f"{missing_text} gold expressions not found in the article text as read here")
    if failures:
        print("newsprism misses:")
        print("\n".join(failures))
    if dp_misses:
        print("dateparser alone, outside the gold span:")
        print("\n".join(dp_misses))
    if q_fail:
        print("quantity misses:")
        print("\n".join(q_fail))
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    raise SystemExit(main())
