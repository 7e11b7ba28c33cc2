"""The claim-alignment pair classifier on MSRP (Dolan, Quirk & Brockett 2004; Dolan & Brockett 2005).

MSRP pairs are news sentences judged to have the same meaning or not.  The
public test split is held out from this project; by default this scores the
fixed 20 % of MSRP train that ``bench/train_align.py`` keeps apart (the shipped
model never saw it).  ``--msrp-test PATH`` scores any file in the MSRP format
instead (e.g. the official ``msr_paraphrase_test.txt``).

Side by side, every choice made on the 80 % training part only:

* majority class ("same meaning" for every pair);
* TF-IDF cosine (sklearn, English stop words, fitted on the training part's
  sentences), threshold tuned for accuracy on the training part;
* MiniLM cosine (all-MiniLM-L6-v2 from the shipped package), threshold tuned
  the same way;
* the shipped classifier's embedding head alone (a logistic regression over
  |u - v| and u * v of the two MiniLM embeddings) at probability 0.5;
* the shipped classifier (data/claims_align_model.toml) at probability 0.5,
  and at the shipped alignment threshold (setting reconcile.align_threshold,
  chosen for precision);
* the cross-encoder (reconcile/cross.py: all-MiniLM-L6-v2 reading both
  sentences, fine-tuned with LoRA adapters, data/claims_align_cross.npz) at
  probability 0.5 and at the threshold chosen on the dev slice of the 80 %
  part by ``train_align.py --cross`` (``--no-cross`` skips it: ~1-5 min here);
  with ``[cross] weight`` below 1, the ensemble that reconcile uses (that
  share of the cross-encoder's probability, the rest the classifier's).

  ``--stack`` adds logistic regressions stacked over the cross-encoder's
  log-odds and the two cosines (and the classifier's log-odds), fitted on the
  dev slice, and the cross-encoder bounded to the pairs whose classifier
  probability is uncertain ([0.5, corroboration threshold)).

    python bench/bench_msrp.py
    python bench/bench_msrp.py --stack
    python bench/bench_msrp.py --msrp-test /path/to/msr_paraphrase_test.txt
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from train_align import MSRP, embed, metric_rows, msrp_features, msrp_split, read_msrp  # noqa: E402


def scores(y, pred) -> tuple[float, float, float, float]:
    tp = sum(1 for a, b in zip(y, pred) if a and b)
    npred, npos = sum(pred), sum(y)
    p = tp / npred if npred else 0.0
    r = tp / npos if npos else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    acc = sum(1 for a, b in zip(y, pred) if bool(a) == bool(b)) / len(y)
    return acc, p, r, f


def tune(values, y) -> float:
    """Threshold with the best accuracy on the training part."""
    grid = sorted(set(round(v, 3) for v in values))
    return max(grid, key=lambda t: (scores(y, [v >= t for v in values])[0], -t))


def dev_slice(train: list) -> list:
    """The MSRP dev slice of the 80 % part that ``train_align.py --cross``
    keeps out of the cross-encoder's training (same seed, same share)."""
    import random

    from train_align import CROSS, SEED

    idx = list(range(len(train)))
    random.Random(SEED + 1).shuffle(idx)
    return [train[i] for i in sorted(idx[:int(CROSS["dev_share"] * len(idx))])]


def stacked(train, test, model, encoder, tfidf, minilm, shipped: float) -> list:
    """Rows of a logistic regression stacked over the cross-encoder's
    log-odds and the two cosines (and the classifier's log-odds), fitted on
    the dev slice only.  The classifier trained on the whole 80 % part, dev
    slice included, so its log-odds there are in-sample: the row with it is
    optimistic about the classifier's weight."""
    import math

    import numpy as np
    from sklearn.linear_model import LogisticRegression

    from newsprism.reconcile.align import FEATURES

    def logit(p):
        p = min(max(p, 1e-6), 1 - 1e-6)
        return math.log(p / (1 - p))

    def columns(pairs):
        X, _, (u, v) = msrp_features(pairs)
        heads = model.embedding_logit(u, v)
        col = FEATURES.index("embedding")
        prob = model.probabilities([dict(zip(FEATURES, [*row[:col], h, *row[col + 1:]])) for row, h in zip(X, heads)])
        cross = encoder.probabilities([(a, b) for _, a, b in pairs])
        return np.array([[logit(c), m, t, logit(p)] for c, m, t, p in zip(cross, minilm(pairs), tfidf(pairs), prob)])

    dev = dev_slice(train)
    Xd, yd = columns(dev), [lab for lab, _, _ in dev]
    Xt = columns(test)
    rows = []
    for label, cols in (("stack: cross + MiniLM + TF-IDF", [0, 1, 2]),
                        ("stack: cross + MiniLM + TF-IDF + classifier", [0, 1, 2, 3])):
        lr = LogisticRegression(C=1.0, max_iter=1000).fit(Xd[:, cols], yd)
        p = lr.predict_proba(Xt[:, cols])[:, 1]
        print(f"{label}: weights {np.round(lr.coef_[0], 3).tolist()} intercept {lr.intercept_[0]:.3f} "
              f"(fitted on {len(dev)} dev-slice pairs)", file=sys.stderr)
        rows.append((f"{label}, p >= 0.5", 0.5, [x >= 0.5 for x in p]))
        rows.append((f"{label}, align threshold", shipped, [x >= shipped for x in p]))
    return rows


def classifier_without_dev(train: list, dev: list):
    """The shipped classifier's recipe (its features and model kind; the MSRP
    80 % part and the ECB+ train topics, equal weight per corpus) refitted
    without the MSRP dev slice, so that its probabilities on the dev slice are
    out-of-sample like the cross-encoder's: a stacked head fitted there then
    learns how far each reading can be trusted on pairs neither has seen (the
    shipped classifier's own dev-slice probabilities are in-sample, and a
    head fitted on them trusts it too much: session 7).  Returns this
    classifier's probabilities on the dev slice."""
    import numpy as np
    from ecbplus import TRAIN_TOPICS
    from train_align import SHIPPED_FEATURES, _fit, _models, ecb_features

    from newsprism.data import load_toml
    from newsprism.reconcile.align import FEATURES

    kind = load_toml("claims_align_model")["model"]["kind"]
    cols = [FEATURES.index(f) for f in SHIPPED_FEATURES]
    held = set(dev)
    # Feature rows of the whole 80 % part (its embeddings are cached), then split.
    Xall, yall, _ = msrp_features(train)
    Xm = [x for x, p in zip(Xall, train) if p not in held]
    ym = [lab for lab, p in zip(yall, train) if p not in held]
    Xd = np.array([x for x, p in zip(Xall, train) if p in held], dtype=np.float64)[:, cols]
    Xe, ye, _ = ecb_features(TRAIN_TOPICS)
    X = np.array(Xm + Xe, dtype=np.float64)[:, cols]
    y = np.array(ym + ye)
    w = np.array([0.5 / len(ym)] * len(ym) + [0.5 / max(1, len(ye))] * len(ye)) * len(y)
    model = _fit(_models()[kind], X, y, w)
    print(f"classifier refitted without the dev slice ({kind}): {len(ym)} MSRP + {len(ye)} ECB+ pairs",
          file=sys.stderr)

    dev_order = [p for p in train if p in held]
    assert dev_order == list(dev)
    return model.predict_proba(Xd)[:, 1]


def _logit(p):
    import numpy as np

    p = np.clip(np.asarray(p, dtype=np.float64), 1e-6, 1 - 1e-6)
    return np.log(p / (1 - p))


def stack_head(cross_dev, clf_dev, y_dev):
    """A tiny logistic head on [cross-encoder log-odds, classifier log-odds],
    fitted on the dev slice: (weight cross, weight classifier, bias)."""
    from sklearn.linear_model import LogisticRegression

    import numpy as np

    X = np.column_stack([_logit(cross_dev), _logit(clf_dev)])
    lr = LogisticRegression(C=1.0, max_iter=1000).fit(X, y_dev)
    return float(lr.coef_[0][0]), float(lr.coef_[0][1]), float(lr.intercept_[0])


def stack_apply(head, cross, clf):
    import numpy as np

    wc, wp, b = head
    z = wc * _logit(cross) + wp * _logit(clf) + b
    return 1 / (1 + np.exp(-z))


# Uncertain bands of the classifier's probability tried for the cascade
# (the cross-encoder reads only the pairs whose classifier probability is in
# the band; the classifier decides the others), chosen on the dev slice.
BANDS = [(lo, hi) for lo in (0.1, 0.2, 0.3, 0.4, 0.5) for hi in (0.7, 0.8, 0.85, 0.9, 0.95, 1.01)]


def choose_band(clf_dev, stacked_dev, y_dev, *, threshold: float, slack: float = 0.005):
    """The narrowest band (fewest dev pairs read) whose dev accuracy at
    ``threshold`` is within ``slack`` of the best band's."""
    import numpy as np

    y = np.asarray(y_dev).astype(bool)
    rows = []
    for lo, hi in BANDS:
        inband = (clf_dev >= lo) & (clf_dev < hi)
        score = np.where(inband, stacked_dev, clf_dev)
        rows.append((float(((score >= threshold) == y).mean()), int(inband.sum()), lo, hi))
    best = max(r[0] for r in rows)
    acc, n, lo, hi = min((r for r in rows if r[0] >= best - slack), key=lambda r: (r[1], -r[0]))
    return lo, hi, acc, n


def _both_orders() -> bool:
    from newsprism.data import load_toml

    rules = load_toml("claims_align").get("cross", {})
    return bool(rules.get("independent", False)) and bool(rules.get("independent_both_orders", False))


def asserted_pairs(pairs) -> list[tuple[str, str]]:
    """Each pair's sentences as the cross-encoder reads them in reconcile:
    what each asserts, its attribution frame left out
    (reconcile/asserted.py), from the project's own parse."""
    from newsprism.analyze.nlp import load_nlp
    from newsprism.reconcile.asserted import asserted_pair
    from newsprism.reconcile.claims import ClaimUnit

    texts = sorted({t for _, a, b in pairs for t in (a, b)})
    units = {t: ClaimUnit(article="", sentence=0, text=t, sentence_text=t, doc=doc)
             for t, doc in zip(texts, load_nlp().pipe(texts))}
    return [asserted_pair(units[a], units[b]) for _, a, b in pairs]


def as_reconciled(label, cross, prob, test, shipped, *, cosines=None, independent_at=None, reverse=None) -> list:
    """Rows of the decision score_pairs makes with the shipped ``[cross]``
    data.  MSRP pairs have no source family, so they are the independent
    case (session 13): with ``[cross] independent`` on, the cross-encoder
    decides every pair it reads (classifier probability or MiniLM cosine at
    ``prefilter_probability``, figures alike with ``same_figures`` and
    ``same_figures_lacking``) at
    ``independent_at`` (default ``[cross] independent_threshold``, chosen on
    the MSRP dev slice of the training part; a pair under
    ``independent_raise_floor`` and ``independent_late_floor`` is not read), and the classifier decides the
    others at the align threshold; with ``independent_both_orders``
    (``reverse``: the probabilities of each pair read the other way round) a
    pair the classifier aligns is parted only when neither order reaches the
    bar, and a pair it does not is aligned only when both do.  Beside it, the decision within one family
    (session 12): the classifier's alignment stands (with ``veto`` false the
    cross-encoder never parts it), a pair whose classifier probability is in
    ``band`` below the threshold is aligned when the cross-encoder's
    probability (weighed with the classifier's) reaches it, unless its
    figures differ.  MSRP pairs have no parse: the guards and the count
    rules of reconcile are not applied, nor the per-story limit."""
    from newsprism.data import load_toml
    from newsprism.reconcile.align import figures_differ, sketch

    rules = load_toml("claims_align").get("cross", {})
    low, high = (float(x) for x in rules.get("band", (0.0, 2.0)))
    w = float(rules.get("weight", 1.0))
    shipped_veto, same = bool(rules.get("veto", True)), bool(rules.get("same_figures", False))
    prefilter = float(rules.get("prefilter_probability", 0.3))
    if independent_at is None:
        independent_at = float(rules.get("independent_threshold", shipped))
    cosines = [0.0] * len(test) if cosines is None else cosines
    # As score_pairs reads them: a figure one sentence lacks keeps the pair
    # unread only with ``same_figures_lacking`` (off since session 19).
    lacking = bool(rules.get("same_figures_lacking", True))
    differ = [same and figures_differ(sketch(a), sketch(b), lacking=lacking) for _, a, b in test]
    rows = []
    if rules.get("independent", False):
        both = bool(rules.get("independent_both_orders", False)) and reverse is not None
        floor = float(rules.get("independent_raise_floor", 0.0))
        # Pairs from the late floor up are read too (after the others: MSRP
        # has no per-story limit, so the order changes nothing here), unless
        # their figures differ in any way (MSRP has no speakers).
        late = float(rules.get("independent_late_floor", floor))
        pred = []
        for k, (q, p, c, d) in enumerate(zip(cross, prob, cosines, differ)):
            if both:
                q = max(q, reverse[k]) if p >= shipped else min(q, reverse[k])
            reach = p >= floor or (p >= late and not figures_differ(sketch(test[k][1]), sketch(test[k][2]), lacking=True))
            read = max(p, c) >= prefilter and not d and reach
            pred.append(q >= independent_at if read else p >= shipped)
        rows.append((f"{label} as reconcile decides, independent sources, thr {independent_at:.2f}",
                     independent_at, pred))
    # Within one family: the shipped veto setting, and the other one for comparison.
    for veto, thr in ((shipped_veto, 0.5), (shipped_veto, shipped), (not shipped_veto, shipped)):
        pred = []
        for q, p, d in zip(cross, prob, differ):
            read = low <= p < high and not d
            if not veto and p >= thr:
                read = False
            judged = w * q + (1 - w) * p
            pred.append((max(judged, p) if not veto else judged) >= thr if read else p >= thr)
        rows.append((f"{label} within one family{'' if veto == shipped_veto else ', veto ' + str(veto).lower()}, "
                     f"thr {thr:.2f}", thr, pred))
    return rows


def cross_rows(label, encoder, test, dev, train, prob, shipped, *, stack_clf=None, both_orders=False,
               cosines=None) -> list:
    """Rows of one cross-encoder file: alone (0.5, its dev threshold, the
    align threshold) and, with ``stack_clf`` (the classifier refitted without
    the dev slice), stacked with the classifier and as the cascade."""
    import numpy as np

    pairs = [(a, b) for _, a, b in test]
    cross = encoder.probabilities(pairs)
    rows = [(f"{label}, p >= 0.5", 0.5, [p >= 0.5 for p in cross]),
            (f"{label}, dev-chosen threshold", encoder.threshold, [p >= encoder.threshold for p in cross]),
            (f"{label}, shipped align threshold", shipped, [p >= shipped for p in cross])]
    # Another adapters file decides independent pairs at its own dev-chosen threshold.
    reverse = encoder.probabilities([(b, a) for a, b in pairs]) if _both_orders() else None
    rows += as_reconciled(label, cross, prob, test, shipped, cosines=cosines, independent_at=encoder.threshold,
                          reverse=reverse)
    y_dev = np.array([lab for lab, _, _ in dev])
    if both_orders:
        # Each pair read in both orders of its sentences, the two log-odds
        # averaged (twice the cost), threshold chosen on the dev slice.
        def sym(rows_):
            one = encoder.probabilities([(a, b) for _, a, b in rows_])
            two = encoder.probabilities([(b, a) for _, a, b in rows_])
            return 1 / (1 + np.exp(-(_logit(one) + _logit(two)) / 2))

        st, sd = sym(test), sym(dev)
        grid = sorted(set(np.round(sd, 3).tolist()))
        thr = max(grid, key=lambda t: (float(((sd >= t) == y_dev.astype(bool)).mean()), -abs(t - 0.5)))
        rows.append((f"{label}, both orders, p >= 0.5", 0.5, [p >= 0.5 for p in st]))
        rows.append((f"{label}, both orders, dev-chosen threshold", thr, [p >= thr for p in st]))
        rows.append((f"{label}, both orders, shipped align threshold", shipped, [p >= shipped for p in st]))
    if stack_clf is None:
        return rows
    cross_dev = encoder.probabilities([(a, b) for _, a, b in dev])
    clf_dev = stack_clf
    head = stack_head(cross_dev, clf_dev, y_dev)
    print(f"{label}: stacked head (cross, classifier, bias) = {tuple(round(x, 3) for x in head)}, "
          f"fitted on {len(dev)} dev-slice pairs", file=sys.stderr)
    prob = np.asarray(prob)
    st = stack_apply(head, cross, prob)  # at run time the shipped classifier's probability is the input
    rows.append((f"{label} stacked with classifier, p >= 0.5", 0.5, [p >= 0.5 for p in st]))
    rows.append((f"{label} stacked with classifier, align threshold", shipped, [p >= shipped for p in st]))
    for thr in (0.5, shipped):
        lo, hi, acc, n = choose_band(clf_dev, stack_apply(head, cross_dev, clf_dev), y_dev, threshold=thr)
        inband = (prob >= lo) & (prob < hi)
        casc = np.where(inband, st, prob)
        print(f"{label}: cascade band for threshold {thr:.2f}: [{lo:.2f}, {hi:.2f}) (dev accuracy {acc:.3f}, "
              f"reads {n} of {len(dev)} dev pairs; {int(inband.sum())} of {len(test)} test pairs)", file=sys.stderr)
        rows.append((f"{label} stacked, cascade [{lo:.2f}, {hi:.2f}), thr {thr:.2f}", thr, [p >= thr for p in casc]))
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--msrp-test", metavar="PATH", help="score this MSRP-format file instead of the held-out 20 %%")
    ap.add_argument("--model", metavar="PATH", action="append", default=[],
                    help="score this model file beside the shipped one (repeatable; e.g. "
                         "bench/out/claims_align_model_metrics.toml from train_align.py --metrics)")
    ap.add_argument("--no-cross", action="store_true", help="skip the cross-encoder rows")
    ap.add_argument("--cross-model", dest="cross_model", metavar="NPZ", action="append", default=[],
                    help="score this cross-encoder file (train_align.py --cross --out ...) beside the shipped one "
                         "(repeatable)")
    ap.add_argument("--both-orders", dest="both_orders", action="store_true",
                    help="also each cross-encoder file reading both orders of a pair's sentences (log-odds averaged)")
    ap.add_argument("--cascade", action="store_true",
                    help="for each cross-encoder file: a logistic head on [its log-odds, the classifier's] fitted "
                         "on the MSRP dev slice (the classifier refitted without that slice), and the cascade that "
                         "lets it decide only the pairs in an uncertain band of the classifier chosen on that slice")
    ap.add_argument("--stack", action="store_true",
                    help="also a stacked model: a logistic regression over the cross-encoder's log-odds, the MiniLM "
                         "and TF-IDF cosines (and, in a second row, the pair classifier's log-odds), fitted on the "
                         "MSRP dev slice of the 80 %% part that the cross-encoder never trained on")
    args = ap.parse_args(argv)
    from sklearn.feature_extraction.text import TfidfVectorizer

    from newsprism.config import load_config
    from newsprism.reconcile.align import FEATURES, load_model

    train, held = msrp_split(read_msrp(MSRP))
    test = read_msrp(Path(args.msrp_test)) if args.msrp_test else held
    name = args.msrp_test or "MSRP train, held-out 20 % (fixed split)"
    ytr, yte = [lab for lab, _, _ in train], [lab for lab, _, _ in test]

    vec = TfidfVectorizer(stop_words="english", sublinear_tf=True)
    vec.fit([t for _, a, b in train for t in (a, b)])

    def tfidf(pairs):
        A = vec.transform([a for _, a, _ in pairs])
        B = vec.transform([b for _, _, b in pairs])
        return list(A.multiply(B).sum(axis=1).A1)

    def minilm(pairs):
        texts = sorted({t for _, a, b in pairs for t in (a, b)})
        index = {t: i for i, t in enumerate(texts)}
        v = embed(texts)
        return [float(v[index[a]] @ v[index[b]]) for _, a, b in pairs]

    import tomllib

    from newsprism.reconcile.align import model_from_data
    from newsprism.reconcile.pair_metrics import METRIC_FEATURES, TOKEN_FEATURES

    model = load_model()
    Xte, _, (u, v) = msrp_features(test)
    col = FEATURES.index("embedding")
    shipped = float(load_config()["reconcile.align_threshold"])
    rows = [("majority class (all 'same meaning')", None, [1] * len(test))]
    for label, fn in (("TF-IDF cosine", tfidf), ("MiniLM cosine", minilm)):
        t = tune(fn(train), ytr)
        rows.append((f"{label} (threshold tuned on train part)", t, [v >= t for v in fn(test)]))
    metrics = None
    for path in [None, *args.model]:
        m = model if path is None else model_from_data(tomllib.loads(Path(path).read_text(encoding="utf-8")))
        label = "newsprism pair classifier" if path is None else Path(path).stem
        heads = m.embedding_logit(u, v)
        feats = [dict(zip(FEATURES, [*row[:col], h, *row[col + 1:]])) for row, h in zip(Xte, heads)]
        extra = [f for f in METRIC_FEATURES + TOKEN_FEATURES if f in m.features]
        if extra:
            if metrics is None:
                metrics = metric_rows([(a, b) for _, a, b in test])
            names = METRIC_FEATURES + TOKEN_FEATURES
            for f, mrow in zip(feats, metrics):
                f.update(zip(names, mrow))
        prob = m.probabilities(feats).tolist()
        if m.head_absdiff:
            rows.append((f"{label}: embedding head alone, p >= 0.5", 0.5, [h >= 0.0 for h in heads]))
        rows.append((f"{label}, p >= 0.5", 0.5, [p >= 0.5 for p in prob]))
        rows.append((f"{label}, shipped align threshold", shipped, [p >= shipped for p in prob]))
        if path is None:
            shipped_prob = prob
        elif extra:
            # As the aligner runs it ([metrics] of data/claims_align.toml): the
            # model re-scores only the pairs the shipped classifier (or the
            # cosine) puts at the prefilter or above.
            from newsprism.data import load_toml

            pre = float(load_toml("claims_align").get("metrics", {}).get("prefilter_probability", 0.3))
            casc = [q if max(p0, f["cosine"]) >= pre else p0 for q, p0, f in zip(prob, shipped_prob, feats)]
            rows.append((f"{label} as a cascade, p >= 0.5", 0.5, [p >= 0.5 for p in casc]))
            rows.append((f"{label} as a cascade, shipped align threshold", shipped, [p >= shipped for p in casc]))
    prob = shipped_prob
    # The MiniLM cosine of each pair (the aligner's cheap prefilter beside the classifier).
    cosines = [float(x) for x in ((u * v).sum(axis=1) / (((u * u).sum(axis=1) * (v * v).sum(axis=1)) ** 0.5))]
    import time

    if not args.no_cross:
        from newsprism.reconcile.cross import load_cross_encoder

        from bench_claim_alignment import _MemoEncoder

        t0 = time.time()
        # Through the bench's cache of the cross-encoder's probabilities (keyed
        # by the adapters file), so that a re-run does not read the pairs again.
        encoder = _MemoEncoder(load_cross_encoder(), "msrp")
        cross = encoder.probabilities([(a, b) for _, a, b in test])
        print(f"cross-encoder: {len(test)} pairs in {time.time() - t0:.0f} s (model load included)", file=sys.stderr)
        rows.append(("newsprism cross-encoder, p >= 0.5", 0.5, [p >= 0.5 for p in cross]))
        rows.append(("newsprism cross-encoder, dev-chosen threshold", encoder.threshold,
                     [p >= encoder.threshold for p in cross]))
        rows.append(("newsprism cross-encoder, shipped align threshold", shipped, [p >= shipped for p in cross]))
        reverse = encoder.probabilities([(b, a) for _, a, b in test]) if _both_orders() else None
        # As reconcile reads a pair: each sentence as what it asserts
        # (reconcile/asserted.py: "A, police said" is read "A"); the
        # whole sentences beside it.
        said = asserted_pairs(test)
        cross_said = encoder.probabilities(said)
        reverse_said = encoder.probabilities([(b, a) for a, b in said]) if _both_orders() else None
        changed = sum(x != (a, b) for x, (_, a, b) in zip(said, test))
        print(f"asserted content: {changed} of {len(test)} pairs read without a frame on a side", file=sys.stderr)
        # Before parting a pair the classifier aligns, reconcile reads it
        # once more as asserted content (a reading either way keeps it);
        # a pair it may raise is read as written only.
        mixed = [max(s_, w) if p >= shipped else w for s_, w, p in zip(cross_said, cross, prob)]
        mixed_rev = (None if reverse is None else
                     [max(s_, w) if p >= shipped else w for s_, w, p in zip(reverse_said, reverse, prob)])
        # Within one family reconcile reads the sentences as written.
        rows += (as_reconciled("newsprism cross-encoder", mixed, prob, test, shipped, cosines=cosines,
                               reverse=mixed_rev)[:1]
                 + as_reconciled("newsprism cross-encoder", cross, prob, test, shipped, cosines=cosines,
                                 reverse=reverse)[1:])
        rows += as_reconciled("cross-encoder, content on every pair", cross_said, prob, test, shipped,
                              cosines=cosines, reverse=reverse_said)[:1]
        rows += as_reconciled("cross-encoder, sentences as written", cross, prob, test, shipped, cosines=cosines,
                              reverse=reverse)[:1]
        from newsprism.data import load_toml

        shipped_w = float(load_toml("claims_align").get("cross", {}).get("weight", 1.0))
        for w in sorted({0.5, 0.75} | ({shipped_w} if shipped_w < 1.0 else set())):
            mix = [w * q + (1 - w) * p for q, p in zip(cross, prob)]
            rows.append((f"ensemble {w:.2f} cross + {1 - w:.2f} classifier, p >= 0.5", 0.5, [m >= 0.5 for m in mix]))
            rows.append((f"ensemble {w:.2f} cross + {1 - w:.2f} classifier, align threshold", shipped,
                         [m >= shipped for m in mix]))
    if args.cross_model or args.cascade or args.both_orders:
        from newsprism.reconcile.cross import load_cross_encoder

        from bench_claim_alignment import _MemoEncoder

        stack_clf = classifier_without_dev(train, dev_slice(train)) if args.cascade else None
        files = ([None] if (args.cascade or args.both_orders) and not args.no_cross else []) + [str(Path(f).resolve())
                                                                         for f in args.cross_model]
        for f in files:
            t0 = time.time()
            enc = _MemoEncoder(load_cross_encoder(name=f) if f else load_cross_encoder(), "msrp", name=f)
            label = "cross " + (Path(f).stem if f else "shipped")
            rows += cross_rows(label, enc, test, dev_slice(train), train, prob, shipped, stack_clf=stack_clf,
                               both_orders=args.both_orders, cosines=cosines)
            print(f"{label}: {time.time() - t0:.0f} s", file=sys.stderr)
    if args.stack and not args.no_cross:
        rows += stacked(train, test, model, encoder, tfidf, minilm, shipped)
        # A bounded cross-encoder: it reads only the pairs whose classifier
        # probability is uncertain (from the classifier's own decision point
        # to the corroboration threshold), the classifier decides the rest.
        low, high = 0.5, float(load_config()["reconcile.corroborate_threshold"])
        band = [low <= p < high for p in prob]
        mixed = [q if b else p for q, p, b in zip(cross, prob, band)]
        print(f"band [{low:.2f}, {high:.2f}): the cross-encoder reads {sum(band)} of {len(band)} pairs",
              file=sys.stderr)
        rows.append((f"cross-encoder on classifier band [{low:.2f}, {high:.2f}), align threshold", shipped,
                     [m >= shipped for m in mixed]))
        rows.append((f"cross-encoder on classifier band [{low:.2f}, {high:.2f}), p >= 0.5", 0.5,
                     [m >= 0.5 for m in mixed]))
    print(f"{name}: {len(test)} pairs, {sum(yte)} positive")
    print(f"{'method':56s} {'thr':>6s} {'acc':>6s} {'P':>6s} {'R':>6s} {'F1':>6s}")
    for label, thr, pred in rows:
        acc, p, r, f = scores(yte, pred)
        print(f"{label:56s} {'-' if thr is None else f'{thr:.3f}':>6s} {acc:6.3f} {p:6.3f} {r:6.3f} {f:6.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
