"""The cross-encoder of claim alignment: its shipped adapters, their merge, and its use by score_pairs."""

import logging

import numpy as np
import pytest

from newsprism.config import load_config
from newsprism.data import data_path
from newsprism.reconcile import align
from newsprism.reconcile.align import score_pairs
from newsprism.reconcile.claims import extract_claims
from newsprism.reconcile.cross import CROSS_MODEL, load_cross_encoder


def _arrays():
    with np.load(data_path(CROSS_MODEL)) as z:
        return {k: z[k] for k in z.files}


def test_cross_shipped_adapters_are_small_and_complete():
    path = data_path(CROSS_MODEL)
    assert path.stat().st_size < 5_000_000
    arrays = _arrays()
    adapters = sorted(k for k in arrays if k.startswith("lora."))
    assert adapters and len(adapters) % 12 == 0  # A and B of six linears per adapted layer
    for k in adapters:
        if k.endswith(".A"):
            a, b = arrays[k], arrays[k[:-1] + "B"]
            assert a.shape[0] == b.shape[1] and 8 <= a.shape[0] <= 64  # the rank (16 to session 9, 32 since)
            assert np.abs(b).max() > 0  # trained: B starts at zero
    assert arrays["head.weight"].shape == (384,)
    assert 0.0 < float(arrays["threshold"]) < 1.0


def test_cross_merge_adds_the_scaled_low_rank_update():
    from safetensors.numpy import load_file

    from newsprism.analyze.nlp import EMBEDDING_PACKAGE, _package_path

    base = load_file(str(_package_path(EMBEDDING_PACKAGE) / "model.safetensors"))
    arrays = _arrays()
    encoder = load_cross_encoder()
    merged = dict(encoder.model.named_parameters())
    key = next(k[len("lora."):-len(".A")] for k in sorted(arrays) if k.startswith("lora.") and k.endswith(".A"))
    want = base[f"{key}.weight"] + float(arrays["scale"]) * (
        arrays[f"lora.{key}.B"].astype(np.float32) @ arrays[f"lora.{key}.A"].astype(np.float32))
    got = merged[f"{key}.weight"].detach().numpy()
    assert np.allclose(got, want, atol=1e-5)
    assert not np.allclose(got, base[f"{key}.weight"], atol=1e-4)


def test_cross_restatement_scores_above_different_events():
    encoder = load_cross_encoder()
    same = ("Kurdish-led forces launched the final phase of their offensive on Saturday.",
            "On Saturday the Kurdish-led fighters began the last phase of the offensive.")
    names_only = ("On Saturday the SDF launched its final offensive on Baghouz.",
                  "An SDF commander in Baghouz said Algerians and Moroccans had joined the coup plotters.")
    p_same, p_names = encoder.probabilities([same, names_only])
    assert p_same > p_names


def test_align_cross_encoder_decides_and_leaves_its_evidence(make_article):
    a = make_article("a", ["More than 12,000 people have fled the town since January, aid workers said."])
    b = make_article("b", ["Aid workers say more than 12,000 residents have left the town since January."])
    units = extract_claims([a, b])
    (pair,) = score_pairs(units, threshold=0.0, params={"cross.on": 1, "cross.veto": 1})
    ev = pair.evidence
    assert not ev["near_copy"] and 0.0 <= ev["cross_probability"] <= 1.0
    from newsprism.data import load_toml

    weight = float(load_toml("claims_align")["cross"].get("weight", 1.0))
    judged = weight * ev["cross_probability"] + (1 - weight) * ev["probability"]
    if judged >= load_config()["reconcile.align_threshold"]:
        assert pair.score == pytest.approx(judged, abs=1e-3)
    else:  # below the threshold whatever the classifier said
        assert pair.score < load_config()["reconcile.align_threshold"]
    (plain,) = score_pairs(units, threshold=0.0, params={"cross.off": 1})
    assert "cross_probability" not in plain.evidence
    assert plain.score == pytest.approx(ev["probability"], abs=1e-4)


def test_align_without_the_cross_encoder_the_classifier_decides(make_article, monkeypatch, caplog):
    def missing(*args, **kwargs):
        raise OSError("no such file")

    monkeypatch.setattr("newsprism.reconcile.cross.load_cross_encoder", missing)
    a = make_article("a", ["More than 12,000 people have fled the town since January, aid workers said."])
    b = make_article("b", ["Aid workers say more than 12,000 residents have left the town since January."])
    units = extract_claims([a, b])
    with caplog.at_level(logging.WARNING, logger=align.__name__):
        (pair,) = score_pairs(units, threshold=0.0, params={"cross.on": 1, "cross.veto": 1})
    assert "cross-encoder could not be loaded" in caplog.text
    assert pair.score == pytest.approx(pair.evidence["probability"], abs=1e-4)


def test_align_cross_encoder_is_off_unless_the_data_enables_it(make_article):
    from newsprism.data import load_toml

    # A near miss of the classifier (in the band, below the threshold): the
    # pair the cross-encoder reads whenever it is on.
    a = make_article("a", ["The council voted on Tuesday to shut the old bridge for repairs."])
    b = make_article("b", ["Councillors decided on Tuesday that the ageing bridge will close while workers repair it."])
    (pair,) = score_pairs(extract_claims([a, b]), threshold=0.0)
    enabled = load_toml("claims_align").get("cross", {}).get("enabled", False)
    assert ("cross_probability" in pair.evidence) == bool(enabled)


def test_align_cross_weight_mixes_the_two_probabilities(make_article):
    a = make_article("a", ["More than 12,000 people have fled the town since January, aid workers said."])
    b = make_article("b", ["Aid workers say more than 12,000 residents have left the town since January."])
    units = extract_claims([a, b])
    align_at = load_config()["reconcile.align_threshold"]
    for weight in (0.0, 0.5, 1.0):
        (pair,) = score_pairs(units, threshold=0.0, params={"cross.on": 1, "cross.weight": weight, "cross.veto": 1})
        ev = pair.evidence
        judged = weight * ev["cross_probability"] + (1 - weight) * ev["probability"]
        if judged >= align_at:
            assert pair.score == pytest.approx(judged, abs=1e-3)
        else:
            assert pair.score < align_at and pair.score <= ev["probability"] + 1e-6


def test_align_cross_past_the_story_limit_the_classifier_decides(make_article):
    a = make_article("a", ["More than 12,000 people have fled the town since January, aid workers said."])
    b = make_article("b", ["Aid workers say more than 12,000 residents have left the town since January."])
    units = extract_claims([a, b])
    (pair,) = score_pairs(units, threshold=0.0, params={"cross.on": 1, "cross.max_pairs": 0})
    assert "cross_probability" not in pair.evidence
    assert pair.score == pytest.approx(pair.evidence["probability"], abs=1e-4)


def test_align_cross_stacked_head_weighs_the_two_log_odds():
    from newsprism.reconcile.align import stacked_probability

    assert stacked_probability((1.0, 0.0, 0.0), 0.83, 0.2) == pytest.approx(0.83)
    assert stacked_probability((0.0, 1.0, 0.0), 0.83, 0.2) == pytest.approx(0.2)
    assert stacked_probability((0.0, 0.0, 0.0), 0.9, 0.9) == pytest.approx(0.5)
    low, high = (stacked_probability((1.5, 0.5, -0.2), c, 0.6) for c in (0.3, 0.9))
    assert low < high  # more confident cross-encoder, higher stacked probability
    assert 0.0 < stacked_probability((2.0, 2.0, 0.0), 0.0, 0.0) < 1e-6  # clipped, no math error


def test_align_cross_band_leaves_the_other_pairs_to_the_classifier(make_article):
    a = make_article("a", ["More than 12,000 people have fled the town since January, aid workers said."])
    b = make_article("b", ["Aid workers say more than 12,000 residents have left the town since January."])
    units = extract_claims([a, b])
    (inside,) = score_pairs(units, threshold=0.0, params={"cross.on": 1, "cross.band_low": 0.0,
                                                          "cross.band_high": 1.01, "cross.veto": 1})
    prob = inside.evidence["probability"]
    assert "cross_probability" in inside.evidence
    # A band that leaves the pair's classifier probability out: not read, the classifier decides.
    (outside,) = score_pairs(units, threshold=0.0, params={"cross.on": 1, "cross.band_low": prob + 1e-3,
                                                           "cross.band_high": 1.01, "cross.veto": 1})
    assert "cross_probability" not in outside.evidence
    assert outside.score == pytest.approx(prob, abs=1e-4)


def test_cross_loads_parameters_shipped_as_values(tmp_path):
    arrays = _arrays()
    key = "encoder.layer.5.output.LayerNorm.bias"
    arrays[f"param.{key}"] = np.full(384, 0.25, dtype=np.float16)
    path = tmp_path / "cross.npz"
    np.savez(path, **arrays)
    encoder = load_cross_encoder(name=str(path))
    got = dict(encoder.model.named_parameters())[key].detach().numpy()
    assert np.allclose(got, 0.25)
    shipped = dict(load_cross_encoder().model.named_parameters())[key].detach().numpy()
    if f"param.{key}" not in _arrays():
        assert not np.allclose(shipped, 0.25)


def test_align_cross_never_reads_a_pair_it_cannot_change(make_article, monkeypatch):
    # A part restated is kept apart by a guard whatever any model says: reading it
    # with the transformer would cost time and change nothing.
    a = make_article("a", ["Police said 14 people were hurt in the clashes near the stadium."])
    b = make_article("b", ["Police said 19 people were hurt in the clashes near the stadium and nine looters arrested."])
    config = load_config()
    units = extract_claims([a, b], config=config)
    read: list = []

    class Spy:
        def probabilities(self, pairs, **kw):
            read.extend(pairs)
            return np.full(len(pairs), 0.99)

    monkeypatch.setattr("newsprism.reconcile.cross.load_cross_encoder", lambda *a, **k: Spy())
    low = score_pairs(units, config=config, threshold=0.0, params={"cross.on": 1, "cross.band_low": 0.0})
    assert low and all(p.score < config["reconcile.align_threshold"] for p in low)
    assert not read and all("cross_probability" not in p.evidence for p in low)
    # The guard off: the same pair is read (the spy's 0.99 aligns it).
    high = score_pairs(units, config=config, threshold=0.0,
                       params={"cross.on": 1, "guards.off": 1, "cross.band_low": 0.0, "cross.same_figures": 0})
    assert read and any("cross_probability" in p.evidence for p in high)


class _Fixed:
    """A cross-encoder that gives every pair one probability and records what it reads."""

    def __init__(self, p: float):
        self.p, self.read = p, []

    def probabilities(self, pairs, **kw):
        self.read.extend(pairs)
        return np.full(len(pairs), self.p)


def _two_sources(make_article, a_sentences, b_sentences):
    """(config, claim units, families) of two articles "a" and "b" of
    independent source families."""
    config = load_config()
    units = extract_claims([make_article("a", a_sentences), make_article("b", b_sentences)], config=config)
    return config, units, {"a": "a", "b": "b"}


def test_align_cross_adds_but_never_parts_what_the_classifier_aligns(make_article, monkeypatch):
    # A restatement the classifier aligns stays aligned when the cross-encoder
    # may not veto (session 12: it parted retellings that add a clause); with
    # veto allowed, the same reading parts it.
    a = make_article("a", ["Kurdish-led forces launched the final phase of their offensive on Saturday."])
    b = make_article("b", ["On Saturday the Kurdish-led fighters began the last phase of the offensive."])
    config = load_config()
    align_at = config["reconcile.align_threshold"]
    units = extract_claims([a, b], config=config)
    spy = _Fixed(0.01)
    monkeypatch.setattr("newsprism.reconcile.cross.load_cross_encoder", lambda *a, **k: spy)
    (kept,) = score_pairs(units, config=config, threshold=0.0, params={"cross.on": 1, "cross.veto": 0})
    assert kept.evidence["probability"] >= align_at and kept.score >= align_at and not spy.read
    (parted,) = score_pairs(units, config=config, threshold=0.0, params={"cross.on": 1, "cross.veto": 1})
    assert spy.read and parted.score < align_at


def test_align_cross_raises_a_near_miss_of_the_classifier(make_article, monkeypatch):
    a = make_article("a", ["The council voted on Tuesday to shut the old bridge for repairs."])
    b = make_article("b", ["Councillors decided on Tuesday that the ageing bridge will close while workers repair it."])
    config = load_config()
    align_at = config["reconcile.align_threshold"]
    units = extract_claims([a, b], config=config)
    monkeypatch.setattr("newsprism.reconcile.cross.load_cross_encoder", lambda *a, **k: _Fixed(0.95))
    (pair,) = score_pairs(units, config=config, threshold=0.0, params={"cross.on": 1, "cross.veto": 0})
    assert pair.evidence["probability"] < align_at <= pair.score
    monkeypatch.setattr("newsprism.reconcile.cross.load_cross_encoder", lambda *a, **k: _Fixed(0.2))
    (pair,) = score_pairs(units, config=config, threshold=0.0, params={"cross.on": 1, "cross.veto": 0})
    assert pair.score == pytest.approx(pair.evidence["probability"], abs=1e-4)  # the classifier's, not lower


def test_align_cross_never_reads_a_pair_whose_figures_differ(make_article, monkeypatch):
    # "two" and "three undersea cables": the cross-encoder reads past a
    # figure; the classifier, which counts it against a match, decides.
    a = make_article("a", ["Phone and internet links across the region failed after two undersea cables off the coast "
                           "were badly damaged, the operator said."])
    b = make_article("b", ["Internet users lost service on Friday when three undersea cables off the coast were "
                           "damaged, according to the ministry."])
    config = load_config()
    align_at = config["reconcile.align_threshold"]
    units = extract_claims([a, b], config=config)
    spy = _Fixed(0.99)
    monkeypatch.setattr("newsprism.reconcile.cross.load_cross_encoder", lambda *a, **k: spy)
    params = {"cross.on": 1, "cross.band_low": 0.0, "cross.veto": 0}
    pairs = score_pairs(units, config=config, threshold=0.0, params={**params, "cross.same_figures": 1})
    assert not spy.read and all(p.score < align_at for p in pairs)
    pairs = score_pairs(units, config=config, threshold=0.0, params={**params, "cross.same_figures": 0})
    assert spy.read and any(p.score >= align_at for p in pairs)


def _restatement(make_article, config):
    a = make_article("a", ["Kurdish-led forces launched the final phase of their offensive on Saturday."])
    b = make_article("b", ["On Saturday the Kurdish-led fighters began the last phase of the offensive."])
    return extract_claims([a, b], config=config)


def test_align_cross_decides_between_independent_families(make_article, monkeypatch):
    # Two independent sources: the cross-encoder's reading parts a pair the
    # classifier aligns (a false alignment there is a false "corroborated"),
    # and the parted pair is handed back for the conflict finders.
    config = load_config()
    align_at = config["reconcile.align_threshold"]
    units = _restatement(make_article, config)
    spy = _Fixed(0.01)
    monkeypatch.setattr("newsprism.reconcile.cross.load_cross_encoder", lambda *a, **k: spy)
    parted: list = []
    params = {"cross.on": 1, "cross.veto": 0, "cross.independent": 1}
    pairs = score_pairs(units, config=config, params=params, families={"a": "a", "b": "b"}, parted=parted)
    assert spy.read and pairs == []
    (p,) = parted
    assert p.evidence["probability"] >= align_at and p.evidence["independent"] and p.evidence["cross_probability"] < 0.5
    # One family (b retells a): today's decision, the classifier's alignment stands, nothing read.
    spy.read.clear()
    parted.clear()
    (kept,) = score_pairs(units, config=config, params=params, families={"a": "a", "b": "a"}, parted=parted)
    assert kept.score >= align_at and not spy.read and not parted
    # No families known: no two articles are known to be independent, today's decision too.
    (kept,) = score_pairs(units, config=config, params=params)
    assert kept.score >= align_at and not spy.read
    # The rule off: today's decision between independent families as well.
    (kept,) = score_pairs(units, config=config, params={**params, "cross.independent": 0}, families={"a": "a", "b": "b"})
    assert kept.score >= align_at and not spy.read


def test_align_cross_independent_threshold_is_its_bar(make_article, monkeypatch):
    # Between independent families the cross-encoder's probability decides at
    # [cross] independent_threshold; an alignment just over that bar scores
    # the alignment threshold (it aligns, it does not corroborate), a
    # confident one scores the cross-encoder's probability.
    config, units, fam = _two_sources(
        make_article, ["The council voted on Tuesday to shut the old bridge for repairs."],
        ["Councillors decided on Tuesday that the ageing bridge will close while workers repair it."])
    align_at = config["reconcile.align_threshold"]
    params = {"cross.on": 1, "cross.independent": 1, "cross.independent_threshold": 0.6}
    monkeypatch.setattr("newsprism.reconcile.cross.load_cross_encoder", lambda *a, **k: _Fixed(0.65))
    (pair,) = score_pairs(units, config=config, threshold=0.0, params=params, families=fam)
    assert pair.score == pytest.approx(align_at, abs=1e-4) and pair.evidence["independent"]
    (pair,) = score_pairs(units, config=config, threshold=0.0, params={**params, "cross.independent_threshold": 0.7},
                          families=fam)
    assert pair.score < align_at
    monkeypatch.setattr("newsprism.reconcile.cross.load_cross_encoder", lambda *a, **k: _Fixed(0.93))
    (pair,) = score_pairs(units, config=config, threshold=0.0, params=params, families=fam)
    assert pair.score == pytest.approx(0.93, abs=1e-4)
    # The per-story limit: past it the classifier decides, at
    # [cross] independent_unread_min_probability (0: at the alignment bar).
    (pair,) = score_pairs(units, config=config, threshold=0.0, families=fam,
                          params={**params, "cross.independent_max_pairs": 0,
                                  "cross.independent_unread_min_probability": 0.0})
    assert "cross_probability" not in pair.evidence
    assert pair.score == pytest.approx(pair.evidence["probability"], abs=1e-4)


def test_align_cross_shipped_independent_threshold_is_the_adapters_own():
    # The bar is the one chosen on the MSRP dev slice of the training part
    # when the shipped adapters were trained, not one chosen on a benchmark.
    from newsprism.data import load_toml

    rules = load_toml("claims_align")["cross"]
    assert rules["independent_threshold"] == pytest.approx(float(_arrays()["threshold"]), abs=1e-3)


def test_align_cross_parted_denial_is_still_a_conflict(make_article, monkeypatch):
    # A denial and what it denies are "not the same statement" to the
    # cross-encoder: parted between independent sources, the two are still
    # compared for a conflict.
    import newsprism.reconcile as rec
    from newsprism.model import Story
    from newsprism.reconcile import reconcile_story

    a = make_article("a", ["The Hawks placed Jones on injured reserve on Monday, ending his season."])
    c = make_article("c", ["Smith said the Hawks, who were knocked out of the race on Sunday, did not place Jones on "
                           "injured reserve."])
    monkeypatch.setattr(rec, "derive", lambda *args, **kw: [])  # two independent sources
    spy = _Fixed(0.01)
    monkeypatch.setattr("newsprism.reconcile.cross.load_cross_encoder", lambda *a, **k: spy)
    report = reconcile_story(Story("s", ["a", "c"]), [a, c])
    assert spy.read
    assert [k.kind for k in report.conflicts] == ["denial"]


class _ByOrder:
    """A cross-encoder whose reading depends on the order of the two sentences:
    ``first`` when they come in alphabetical order, ``second`` otherwise."""

    def __init__(self, first: float, second: float):
        self.first, self.second, self.read = first, second, []

    def probabilities(self, pairs, **kw):
        self.read.extend(pairs)
        return np.array([self.first if a < b else self.second for a, b in pairs])


def test_align_cross_both_orders_change_the_classifier_only_when_they_agree(make_article, monkeypatch):
    # Read both ways, the cross-encoder parts a pair the classifier aligns only
    # when neither order reaches its bar, and aligns a near miss only when both do.
    config = load_config()
    align_at = config["reconcile.align_threshold"]
    fam = {"a": "a", "b": "b"}
    params = {"cross.on": 1, "cross.independent": 1, "cross.independent_threshold": 0.6,
              "cross.independent_both_orders": 1}
    units = _restatement(make_article, config)  # the classifier aligns it
    monkeypatch.setattr("newsprism.reconcile.cross.load_cross_encoder", lambda *a, **k: _ByOrder(0.1, 0.9))
    (kept,) = score_pairs(units, config=config, params=params, families=fam)
    assert kept.score >= align_at and kept.evidence["cross_orders"] == [0.1, 0.9]
    monkeypatch.setattr("newsprism.reconcile.cross.load_cross_encoder", lambda *a, **k: _ByOrder(0.1, 0.2))
    assert score_pairs(units, config=config, params=params, families=fam) == []
    a = make_article("a", ["The council voted on Tuesday to shut the old bridge for repairs."])
    b = make_article("b", ["Councillors decided on Tuesday that the ageing bridge will close while workers repair it."])
    near_miss = extract_claims([a, b], config=config)
    monkeypatch.setattr("newsprism.reconcile.cross.load_cross_encoder", lambda *a, **k: _ByOrder(0.9, 0.1))
    (pair,) = score_pairs(near_miss, config=config, threshold=0.0, params=params, families=fam)
    assert pair.evidence["probability"] < align_at and pair.score < align_at
    monkeypatch.setattr("newsprism.reconcile.cross.load_cross_encoder", lambda *a, **k: _ByOrder(0.9, 0.8))
    (pair,) = score_pairs(near_miss, config=config, threshold=0.0, params=params, families=fam)
    assert pair.score == pytest.approx(0.8, abs=1e-4)


def _seed_pairs(seeds_dir) -> list[tuple[str, str]]:
    import random
    import re

    texts = []
    for path in sorted(seeds_dir.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        texts += [s.strip() for s in re.split(r"(?<=[.!?])\s+|\n+", text) if s.strip()]
    rnd = random.Random(3)
    pairs = [(rnd.choice(texts), rnd.choice(texts)) for _ in range(60)]
    # one pair past max_length (longest-first truncation), odd marks, an empty side
    return pairs + [("word " * 300, "other " * 200), ("", "x"), ("Ünïcödé 北京 🙂\ttab", "[CLS] [SEP] [PAD]")]


def test_cross_plain_torch_logits_equal_transformers_on_real_pairs(seeds_dir):
    pytest.importorskip("transformers")
    from newsprism.reconcile.cross import pair_inputs

    plain, reference = load_cross_encoder(), load_cross_encoder(plain=False)
    assert type(plain.model).__name__ != type(reference.model).__name__ == "BertModel"
    pairs = _seed_pairs(seeds_dir)
    a, b = [x for x, _ in pairs], [y for _, y in pairs]
    ours = pair_inputs(plain.tokenizer, a, b, max_length=plain.max_length)
    theirs = pair_inputs(reference.tokenizer, a, b, max_length=reference.max_length)
    for key in ("input_ids", "token_type_ids", "attention_mask"):
        assert ours[key].tolist() == theirs[key].tolist()
    # batches of 32 and 8 sorted by length: padded batches and unpadded ones
    for batch_size in (32, 8):
        assert np.abs(plain.logits(pairs, batch_size=batch_size)
                      - reference.logits(pairs, batch_size=batch_size)).max() <= 1e-5
    # the plain read is each pair's alone (no padding in its attention): its
    # last bits may differ from the padded batch transformers reads
    assert np.abs(plain.probabilities(pairs) - reference.probabilities(pairs)).max() <= 1e-5


def test_cross_plain_torch_loads_no_transformers():
    import subprocess
    import sys

    code = ("import sys\nfrom newsprism.reconcile.cross import load_cross_encoder\n"
            "load_cross_encoder().probabilities([('a storm hit', 'the storm struck')])\n"
            "print(sorted(m for m in ('transformers', 'sentence_transformers', 'sklearn', 'scipy') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_align_cross_second_order_read_only_when_it_may_change_an_output(make_article, monkeypatch):
    # A first reading that agrees with the classifier cannot change the
    # alignment (a veto needs both orders under the bar, a raise both over
    # it): the other order is read only when the pair's score may still
    # cross the corroboration bar.  A pair both models align scores the
    # larger of the classifier's probability and its readings.
    config = load_config()
    corroborate_at = config["reconcile.corroborate_threshold"]
    fam = {"a": "a", "b": "b"}
    params = {"cross.on": 1, "cross.independent": 1, "cross.independent_threshold": 0.6,
              "cross.independent_both_orders": 1}
    units = _restatement(make_article, config)  # the classifier aligns it, under the corroboration bar
    spy = _ByOrder(0.9, 0.1)
    monkeypatch.setattr("newsprism.reconcile.cross.load_cross_encoder", lambda *a, **k: spy)
    (kept,) = score_pairs(units, config=config, params=params, families=fam)
    assert kept.evidence["probability"] < corroborate_at <= 0.9
    assert len(spy.read) == 1 and kept.evidence["cross_orders"] == [0.9] and kept.score == pytest.approx(0.9, abs=1e-4)
    # Asked to read every pair both ways, it does (the same alignment).
    spy.read.clear()
    (kept,) = score_pairs(units, config=config, params={**params, "cross.independent_second_always": 1}, families=fam)
    assert len(spy.read) == 2 and kept.evidence["cross_orders"] == [0.9, 0.1]
    # Agreeing under the corroboration bar: the second reading may lift the score.
    spy = _ByOrder(0.65, 0.95)
    monkeypatch.setattr("newsprism.reconcile.cross.load_cross_encoder", lambda *a, **k: spy)
    (kept,) = score_pairs(units, config=config, params=params, families=fam)
    assert len(spy.read) == 2 and kept.score == pytest.approx(0.95, abs=1e-4)
    spy = _ByOrder(0.65, 0.62)
    monkeypatch.setattr("newsprism.reconcile.cross.load_cross_encoder", lambda *a, **k: spy)
    (kept,) = score_pairs(units, config=config, params=params, families=fam)
    assert kept.score == pytest.approx(max(0.65, kept.evidence["probability"]), abs=1e-4)
    (kept,) = score_pairs(units, config=config, params={**params, "cross.independent_agree_keeps_classifier": 0},
                          families=fam)
    assert kept.score == pytest.approx(config["reconcile.align_threshold"], abs=1e-4)
    # A near miss read "not the same" first: not read again, not aligned.
    a = make_article("a", ["The council voted on Tuesday to shut the old bridge for repairs."])
    b = make_article("b", ["Councillors decided on Tuesday that the ageing bridge will close while workers repair it."])
    near_miss = extract_claims([a, b], config=config)
    spy = _ByOrder(0.9, 0.1)  # its sentences come in reverse alphabetical order: read 0.1 first
    monkeypatch.setattr("newsprism.reconcile.cross.load_cross_encoder", lambda *a, **k: spy)
    (pair,) = score_pairs(near_miss, config=config, threshold=0.0, params=params, families=fam)
    assert len(spy.read) == 1 and pair.score < config["reconcile.align_threshold"]


def test_align_cross_reads_what_is_asserted_before_parting_a_pair(make_article, monkeypatch):
    # "A, police said" / "When X was arrested, police said A": before parting
    # a pair the classifier aligns, the cross-encoder reads the two contents,
    # both sides the same way; a pair it may raise is read as written.
    config, units, fam = _two_sources(
        make_article, ["Officers found a shotgun and three shells in the car, Sergeant Pickell said."],
        ["When Mr Lane was arrested, police said they found a shotgun and three shells in his car."])
    params = {"cross.on": 1, "cross.independent": 1, "cross.independent_raise_floor": 0.0}
    def reads(align_at):
        spy = _Fixed(0.5)  # under the bar: parts what the classifier aligns
        monkeypatch.setattr("newsprism.reconcile.cross.load_cross_encoder", lambda *a, **k: spy)
        score_pairs(units, config=config.replace(reconcile__align_threshold=align_at), threshold=0.0, params=params,
                    families=fam)
        assert spy.read and all("shotgun" in x and "shotgun" in y for x, y in spy.read)
        return [("said" in x + y or "arrested" in x + y) for x, y in spy.read]

    # The classifier aligns it: both orders as written, then both as asserted.
    assert reads(0.01) == [True, True, False, False]
    # It may be raised: read as written only (one order: it does not raise).
    assert reads(0.99) == [True]


def test_align_the_same_words_once_the_frame_is_left_out_are_a_copy(make_article, monkeypatch):
    # "'A,' the mayor said" / "A.": the same statement; aligned as a
    # near-copy between independent sources, not left to the cross-encoder.
    a = make_article("a", ['"The old bridge will reopen to traffic on Monday after months of repairs," said Anne Ward '
                           'and Tom Bell, the new managers of the county roads department.'])
    b = make_article("b", ["The old bridge will reopen to traffic on Monday after months of repairs."])
    config = load_config()
    units = extract_claims([a, b], config=config)
    spy = _Fixed(0.01)
    monkeypatch.setattr("newsprism.reconcile.cross.load_cross_encoder", lambda *a, **k: spy)
    params = {"cross.on": 1, "cross.independent": 1}
    (pair,) = score_pairs(units, config=config, params=params, families={"a": "a", "b": "b"})
    assert pair.evidence["same_content"] and pair.score >= config["reconcile.corroborate_threshold"]
    assert not spy.read
    # Other words: the rule does not apply (the cross-encoder's 0.01 parts it).
    c = make_article("c", ["The old bridge will reopen to cars on Monday after months of roadworks."])
    units = extract_claims([a, c], config=config)
    assert all(not p.evidence.get("same_content")
               for p in score_pairs(units, config=config, params=params, families={"a": "a", "c": "c"}))


def test_align_cross_past_the_read_limit_the_classifier_aligns_only_when_very_sure(make_article, monkeypatch):
    # Independent sources past the per-story read limit: a pair the
    # cross-encoder would have read aligns on the classifier alone only at
    # [cross] independent_unread_min_probability; under it the pair is kept
    # apart but still compared for a conflict (``parted``), marked unread.
    config, units, fam = _two_sources(
        make_article, ["Kurdish-led forces launched the final phase of their offensive on Saturday."],
        ["On Saturday the Kurdish-led fighters began the last phase of the offensive."])
    align_at = config["reconcile.align_threshold"]
    spy = _Fixed(0.99)
    monkeypatch.setattr("newsprism.reconcile.cross.load_cross_encoder", lambda *a, **k: spy)
    params = {"cross.on": 1, "cross.independent": 1, "cross.independent_max_pairs": 0}
    (pair,) = score_pairs(units, config=config, threshold=0.0, params={**params,
                          "cross.independent_unread_min_probability": 0.0}, families=fam)
    prob = pair.evidence["probability"]
    assert prob >= align_at and pair.score == pytest.approx(prob, abs=1e-4)
    assert pair.evidence["unread"] and not spy.read
    over = {**params, "cross.independent_unread_min_probability": min(prob + 0.01, 1.01)}
    (low,) = score_pairs(units, config=config, threshold=0.0, params=over, families=fam)
    assert low.score < align_at and not spy.read
    parted: list = []
    assert score_pairs(units, config=config, threshold=align_at, params=over, families=fam, parted=parted) == []
    assert [(p.a, p.b) for p in parted] == [(low.a, low.b)] and parted[0].evidence["unread"]
    (sure,) = score_pairs(units, config=config, threshold=0.0, params={**params,
                          "cross.independent_unread_min_probability": prob - 0.01}, families=fam)
    assert sure.score == pytest.approx(prob, abs=1e-4)
    # Read under the limit, the cross-encoder decides whatever the bar.
    (read,) = score_pairs(units, config=config, threshold=0.0, params={**params, "cross.independent_max_pairs": 10,
                          "cross.independent_unread_min_probability": 1.01}, families=fam)
    assert spy.read and read.score >= align_at and "unread" not in read.evidence


def test_align_cross_past_the_read_limit_a_near_copy_still_aligns(make_article, monkeypatch):
    # A near-copy is never read: the read limit's bar does not touch it.
    text = "Kurdish-led forces launched the final phase of their offensive on Saturday near the river."
    units = extract_claims([make_article("a", [text]), make_article("b", [text])], config=load_config())
    monkeypatch.setattr("newsprism.reconcile.cross.load_cross_encoder", lambda *a, **k: _Fixed(0.01))
    (pair,) = score_pairs(units, threshold=0.0, families={"a": "a", "b": "b"},
                          params={"cross.on": 1, "cross.independent": 1, "cross.independent_max_pairs": 0,
                                  "cross.independent_unread_min_probability": 1.01})
    assert pair.evidence["near_copy"] and pair.score >= load_config()["reconcile.align_threshold"]


def _units_of(*articles: str) -> list:
    from newsprism.reconcile.claims import ClaimUnit

    return [ClaimUnit(article=a, sentence=0, text=f"{a} {n}", order=n) for n, a in enumerate(articles)]


def test_align_read_order_likeliest_probability_and_mutual():
    # Units 0, 1 of article a; 2, 3 of article b.  (i, j, cosine, classifier probability).
    units = _units_of("a", "a", "b", "b")
    worth = [(0, 2, 0.95, 0.60), (0, 3, 0.50, 0.90), (1, 2, 0.40, 0.80), (1, 3, 0.30, 0.56)]
    # The larger of probability and cosine first (sessions 11-15).
    assert align.read_order(units, worth) == [(0, 2), (0, 3), (1, 2), (1, 3)]
    assert align.read_order(units, worth, order="probability") == [(0, 3), (1, 2), (0, 2), (1, 3)]
    # (0, 3) and (1, 2) are each the best pair of both their units across a / b.
    assert align.read_order(units, worth, order="mutual")[:2] == [(0, 3), (1, 2)]
    # Unit 0 of a: its best in b (1), then its best in c (3), then its second in b (2).
    units = _units_of("a", "b", "b", "c")
    worth = [(0, 1, 0.5, 0.90), (0, 2, 0.5, 0.85), (0, 3, 0.5, 0.60)]
    assert align.read_order(units, worth, order="probability") == [(0, 1), (0, 2), (0, 3)]
    assert align.read_order(units, worth, order="mutual") == [(0, 1), (0, 3), (0, 2)]
    with pytest.raises(ValueError):
        align.read_order(units, worth, order="random")


def test_align_cross_distinct_reads_one_pair_of_texts_once(make_article, monkeypatch):
    # An article that prints one sentence twice: the two pairs with the other
    # article's sentence carry the same texts, read once, and count once
    # against the read limit.
    text = "Kurdish-led forces launched the final phase of their offensive on Saturday."
    config, units, fam = _two_sources(
        make_article, [text, "The weather was mild.", text],
        ["On Saturday the Kurdish-led fighters began the last phase of the offensive."])
    params = {"cross.on": 1, "cross.independent": 1, "cross.independent_max_pairs": 1,
              "cross.independent_unread_min_probability": 1.01, "cross.independent_distinct_reads": 0}
    spy = _Fixed(0.99)
    monkeypatch.setattr("newsprism.reconcile.cross.load_cross_encoder", lambda *a, **k: spy)
    plain = score_pairs(units, config=config, threshold=0.0, params=params, families=fam)
    repeats = [p for p in plain if units[p.a].text == text or units[p.b].text == text]
    assert len(repeats) == 2 and sum(bool(p.evidence.get("unread")) for p in repeats) == 1
    spy.read.clear()
    once = score_pairs(units, config=config, threshold=0.0,
                       params={**params, "cross.independent_distinct_reads": 1}, families=fam)
    repeats = [p for p in once if units[p.a].text == text or units[p.b].text == text]
    assert len(repeats) == 2 and not any(p.evidence.get("unread") for p in repeats)
    assert all(p.evidence["cross_probability"] == pytest.approx(0.99) for p in repeats)
    assert len(set(spy.read)) == len(spy.read)


def test_align_cross_figures_differ_pair_carries_its_evidence(make_article, monkeypatch):
    # Between independent sources a pair whose figures differ is never read:
    # its evidence says so, for verdicts (such a pair under the corroboration
    # bar brings no report into a corroborated claim).
    config, units, families = _two_sources(
        make_article,
        ["Phone and internet links across the region failed after two undersea cables off the coast were badly "
         "damaged, the operator said."],
        ["Internet users lost service on Friday when three undersea cables off the coast were damaged, according "
         "to the ministry."])
    spy = _Fixed(0.99)
    monkeypatch.setattr("newsprism.reconcile.cross.load_cross_encoder", lambda *a, **k: spy)
    pairs = score_pairs(units, config=config, threshold=0.0, families=families, params={"cross.on": 1})
    assert pairs and not spy.read
    assert all(p.evidence.get("figures_differ") and "cross_probability" not in p.evidence for p in pairs)
    same = score_pairs(units, config=config, threshold=0.0, families=families,
                       params={"cross.on": 1, "cross.same_figures": 0})
    assert spy.read and not any(p.evidence.get("figures_differ") for p in same)


def test_align_cross_figure_one_report_lacks_is_read(make_article, monkeypatch):
    # A pair where one report states a figure the other does not ("fell 6%
    # in 2023" / "fell 6% in 2023, the lowest since 1988") gives the
    # cross-encoder no figure to read past: it is read like any other pair
    # (``[cross] same_figures_lacking`` false), while two figures of one kind
    # that disagree (two / three cables, the test above) still keep it unread.
    config, units, families = _two_sources(
        make_article,
        ["Sales of new cars in the country fell 6% in 2023 compared with the year before, the trade body said."],
        ["New car sales fell 6% in 2023, dropping to their lowest level since 1988, according to the trade body."])
    spy = _Fixed(0.99)
    monkeypatch.setattr("newsprism.reconcile.cross.load_cross_encoder", lambda *a, **k: spy)
    pairs = score_pairs(units, config=config, threshold=0.0, families=families, params={"cross.on": 1})
    assert spy.read and pairs
    assert not any(p.evidence.get("figures_differ") for p in pairs)
    assert all("cross_probability" in p.evidence for p in pairs)
    spy.read.clear()
    old = score_pairs(units, config=config, threshold=0.0, families=families,
                      params={"cross.on": 1, "cross.same_figures_lacking": 1})
    assert not spy.read and all(p.evidence.get("figures_differ") for p in old)


def test_align_read_order_one_pair_of_sentences_first():
    # Units 0 (a sentence) and 1 (its main clause) of article a, sentence 0;
    # unit 2 of b, sentence 0; unit 3 of b, sentence 1.  (0, 2) and (1, 2)
    # read the same two sentences: the second of them waits until (0, 3)
    # and (1, 3)'s first pair of sentences is taken.
    from newsprism.reconcile.claims import ClaimUnit

    units = [ClaimUnit(article="a", sentence=0, text="a whole", order=0),
             ClaimUnit(article="a", sentence=0, text="a clause", order=1, span=(0, 8)),
             ClaimUnit(article="b", sentence=0, text="b first", order=2),
             ClaimUnit(article="b", sentence=1, text="b second", order=3)]
    ordered = [(0, 2), (1, 2), (1, 3), (0, 3)]
    assert align.sentence_pairs_first(units, ordered) == [(0, 2), (1, 3), (1, 2), (0, 3)]


class _DictReads:
    """A ReadStore in memory that counts what it is asked."""

    def __init__(self) -> None:
        self.kept: dict[str, bytes] = {}
        self.asked = 0

    def reads(self, keys):
        self.asked += len(keys)
        return {k: self.kept[k] for k in keys if k in self.kept}

    def put_reads(self, reads):
        self.kept.update(reads)


class _CountingModel:
    """The plain model, counting the rows it reads."""

    def __init__(self, model) -> None:
        self.model, self.rows = model, 0

    def row_states(self, **enc):
        self.rows += int(enc["input_ids"].shape[0])
        return self.model.row_states(**enc)


_PAIRS = [("The quake killed 12 people in the north.", "Twelve people died in the northern earthquake."),
          ("Police arrested two men on Monday.", "Two men were arrested by police on Monday."),
          ("The ministry denied the report.", "The ministry confirmed the report on Tuesday."),
          ("Shares fell 3 percent.", "The company's shares rose 3 percent in early trading."),
          ("The fire was put out by noon.", "Firefighters had the blaze under control by midday.")]


def _bits(x):
    return np.asarray(x, dtype=np.float64).view(np.int64).tolist()


@pytest.fixture
def one_thread():
    """torch on one thread, as reconcile runs it (analyze.transformer_threads)."""
    import torch

    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


def test_cross_pair_logit_is_the_same_bits_alone_in_a_batch_and_in_any_order(seeds_dir, one_thread):
    encoder = load_cross_encoder()
    pairs = _seed_pairs(seeds_dir)
    alone = [encoder.logits([p])[0] for p in pairs]
    assert _bits(encoder.logits(pairs)) == _bits(alone)
    assert _bits(encoder.logits(pairs[::-1], batch_size=7)[::-1]) == _bits(alone)
    # among other, longer pairs: another padded length, another row
    others = [(a + " " + b, b) for a, b in pairs[:20]]
    assert _bits(encoder.logits(others + pairs)[len(others):]) == _bits(alone)


def test_cross_kept_pairs_give_the_bits_of_a_fresh_read_and_are_not_read_again(one_thread):
    import dataclasses

    from newsprism.reconcile.cross import read_keeper

    encoder = load_cross_encoder()
    assert encoder.identity  # the shipped model has one: its reads can be kept
    fresh = encoder.logits(_PAIRS, batch_size=2)
    counting = _CountingModel(encoder.model)
    counted = dataclasses.replace(encoder, model=counting)
    keep = _DictReads()
    with read_keeper().backed_by(keep):
        first = counted.logits([*_PAIRS, _PAIRS[0]], batch_size=2)
        assert counting.rows == len(_PAIRS) == len(keep.kept)  # each pair read once, the repeat too
        again = counted.logits(_PAIRS[::-1], batch_size=2)[::-1]
        assert counting.rows == len(_PAIRS)  # nothing read again, in another order
        # One pair changed: only that pair is read.
        other = [*_PAIRS[:4], (_PAIRS[4][0], "The blaze is still burning.")]
        counted.logits(other, batch_size=2)
        assert counting.rows == len(_PAIRS) + 1
    assert _bits(fresh) == _bits(first[:-1]) == _bits(again) and _bits(first[-1:]) == _bits(fresh[:1])
    # Outside a backed block nothing is asked or kept; nor on two threads.
    asked = keep.asked
    counted.logits(_PAIRS, batch_size=2)
    assert keep.asked == asked
    import torch

    torch.set_num_threads(2)
    with read_keeper().backed_by(keep):
        counted.logits(_PAIRS, batch_size=2)
    assert keep.asked == asked and counting.rows == 3 * len(_PAIRS) + 1


def test_cross_pair_key_names_the_model_and_the_pair_in_order():
    import dataclasses

    encoder = load_cross_encoder()
    (a, b), (c, _) = _PAIRS[:2]
    key = encoder.pair_key(a, b)
    assert key == encoder.pair_key(str(a), str(b))
    assert len({key, encoder.pair_key(b, a), encoder.pair_key(a, c),
                dataclasses.replace(encoder, identity="other").pair_key(a, b), encoder.pair_key(a + b, "")}) == 5


def test_cross_transformers_reads_are_never_kept():
    pytest.importorskip("transformers")
    from newsprism.reconcile.cross import read_keeper

    keep = _DictReads()
    with read_keeper().backed_by(keep):
        load_cross_encoder(plain=False).logits(_PAIRS)
    assert keep.asked == 0 and not keep.kept


def test_align_cross_story_with_one_more_article_reads_only_its_pairs(make_article, one_thread):
    from newsprism.reconcile.cross import read_keeper

    texts = {"a": ["Kurdish-led forces launched the final phase of their offensive on Saturday.",
                   "The town is the last held by the group."],
             "b": ["On Saturday the Kurdish-led fighters began the last phase of the offensive.",
                   "Thousands of civilians have left the town in recent weeks."],
             "c": ["The offensive's final phase started on Saturday, a spokesman said.",
                   "Aid groups said civilians were still leaving the last town."]}
    params = {"cross.on": 1, "cross.veto": 1}
    keep = _DictReads()
    with read_keeper().backed_by(keep):
        score_pairs(extract_claims([make_article(k, texts[k]) for k in "ab"]), threshold=0.0, params=params)
        before = set(keep.kept)
        assert before
        units = extract_claims([make_article(k, texts[k]) for k in "abc"])
        score_pairs(units, threshold=0.0, params=params)
    new = set(keep.kept) - before
    encoder = load_cross_encoder()
    with_c = {encoder.pair_key(x.text, y.text) for x in units for y in units if "c" in (x.article, y.article)}
    assert new and new <= with_c  # every pair read again involves the new article
    old = {encoder.pair_key(x.text, y.text) for x in units for y in units if "c" not in (x.article, y.article)}
    assert before <= old  # and the first run's reads were all of a and b


def test_align_cross_reads_claims_cores_after_every_other_pair(monkeypatch):
    # A claim's core (claims_filters [core_clause]) restates its claim: under
    # the per-story read limit the pairs of whole claims keep the reads they
    # had and the cores take what is left ([cross] cores_last).
    from types import SimpleNamespace

    from newsprism.reconcile.align import _cross_judge

    units = [SimpleNamespace(text=f"claim {k}", core=k in (1, 3), article="ab"[k // 2]) for k in range(4)]
    # (i, j, cosine, -, classifier probability, near copy): the cores' pair is the likeliest
    kept = [(1, 3, 0.95, None, 0.9, False), (0, 2, 0.8, None, 0.7, False), (0, 3, 0.7, None, 0.6, False)]
    for last, first_read in ((False, (1, 3)), (True, (0, 2))):
        spy = _Fixed(0.5)
        monkeypatch.setattr("newsprism.reconcile.cross.load_cross_encoder", lambda *a, **k: spy)
        got = _cross_judge(units, kept, prefilter=0.3, limit=1, cores_last=last)
        assert list(got) == [first_read] and spy.read == [(units[first_read[0]].text, units[first_read[1]].text)]

def test_align_cross_one_speakers_words_named_two_ways_are_read():
    # "He said ..." / "Ada Lenz said ...": the classifier counts the speaker
    # named two ways against the pair (under independent_raise_floor); both
    # report Lenz's words, so the cross-encoder reads the pair and aligns it.
    from builders import build_article
    from newsprism.config import load_config
    from newsprism.reconcile.align import same_speaker, score_pairs
    from newsprism.reconcile.claims import extract_claims

    first = "He said the police and army had the security situation under control"
    second = "Lenz said the security situation in the country was \"under the control\" of Norland's police and military."
    config = load_config()

    def pair(speaker_a: str, speaker_b: str):
        arts = [build_article("a", [first], quotes=[{"sentence": 0, "text": first, "speaker": speaker_a,
                                                     "direct": False}]),
                build_article("b", [second], quotes=[{"sentence": 0, "text": second, "speaker": speaker_b,
                                                      "direct": False}])]
        units = extract_claims(arts, config=config)
        (p,) = score_pairs(units, config=config, threshold=0.0, families={"a": "a", "b": "b"})
        return units, p

    units, p = pair("Ada Lenz", "Ada Lenz")
    assert same_speaker(*units)
    assert p.evidence["probability"] < 0.55  # under the raise floor
    assert p.evidence.get("cross_probability", 0) >= 0.85 and p.score >= 0.85
    # Two speakers: not read, not aligned.
    units, p = pair("Ada Lenz", "Karl Brun")
    assert not same_speaker(*units)
    assert "cross_probability" not in p.evidence and p.score < 0.55


def test_cross_unpadded_forward_gives_the_padded_forwards_logits(seeds_dir):
    import dataclasses

    import torch

    from newsprism.reconcile.cross import _PlainOutput, pair_inputs

    encoder = load_cross_encoder()
    bert = encoder.model.bert
    pairs = _seed_pairs(seeds_dir)
    enc = pair_inputs(encoder.tokenizer, [a for a, _ in pairs], [b for _, b in pairs], max_length=encoder.max_length)
    mask = enc["attention_mask"].bool()
    assert (~mask).any() and mask.sum(dim=1).min() < mask.sum(dim=1).max() // 4  # much padding in one batch
    with torch.inference_mode():
        padded = bert._forward(enc["input_ids"], enc["attention_mask"], enc["token_type_ids"], skip_padding=False)
        ours = bert._forward(enc["input_ids"], enc["attention_mask"], enc["token_type_ids"])
    assert ours.shape == padded.shape
    assert (ours[~mask] == 0).all()  # the padding's rows are left out, as the pooling leaves them
    assert (ours[mask] - padded[mask]).abs().max() <= 1e-5

    class Padded:
        def __call__(self, *, input_ids, attention_mask, token_type_ids=None):
            return _PlainOutput(bert._forward(input_ids, attention_mask, token_type_ids, skip_padding=False))

    before = dataclasses.replace(encoder, model=Padded())
    # each row read alone: its hidden states are the padded forward's real rows but for last bits
    rows = encoder.model.row_states(**enc)
    assert max((r - padded[i][mask[i]]).abs().max().item() for i, r in enumerate(rows)) <= 1e-5
    for batch_size in (32, 8):
        assert np.abs(encoder.logits(pairs, batch_size=batch_size) - before.logits(pairs, batch_size=batch_size)).max() <= 1e-5


def test_align_cross_reads_pairs_under_the_raise_floor_after_every_other_pair(monkeypatch):
    # [cross] independent_late_floor: a pair the classifier gives less than
    # the raise floor is read too, but only with the reads the story has
    # left; a pair under the late floor is never read.
    from types import SimpleNamespace

    from newsprism.reconcile.align import _cross_judge

    units = [SimpleNamespace(text=f"claim {k}", core=False, article="ab"[k // 2]) for k in range(4)]
    # (i, j, cosine, -, classifier probability, near copy): the late pair is the likeliest by its cosine
    kept = [(1, 3, 0.95, None, 0.45, False), (0, 2, 0.8, None, 0.6, False), (0, 3, 0.9, None, 0.2, False)]
    late = frozenset({(1, 3)})
    for limit, read in ((1, [(0, 2)]), (3, [(0, 2), (1, 3)])):
        spy = _Fixed(0.5)
        monkeypatch.setattr("newsprism.reconcile.cross.load_cross_encoder", lambda *a, **k: spy)
        got = _cross_judge(units, kept, prefilter=0.3, limit=limit, band=(0.55, 2.0), late=late)
        assert list(got) == read
    spy = _Fixed(0.5)
    monkeypatch.setattr("newsprism.reconcile.cross.load_cross_encoder", lambda *a, **k: spy)
    assert list(_cross_judge(units, kept, prefilter=0.3, limit=3, band=(0.55, 2.0))) == [(0, 2)]


def _independent_pair(first: str, second: str, params: dict | None = None):
    from builders import build_article

    config = load_config()
    units = extract_claims([build_article("a", [first]), build_article("b", [second])], config=config)
    (p,) = score_pairs(units, config=config, threshold=0.0, families={"a": "a", "b": "b"}, params=params or {})
    return config, p


def test_align_cross_below_the_raise_floor_a_restatement_both_orders_read_alike_aligns():
    # One sentence told in other words by two independent outlets: the
    # classifier, which counts the different words against it, gives it less
    # than the raise floor; the cross-encoder reads it as one statement both
    # ways round.
    first = "The court sentenced the former mayor to life in prison."
    second = "The ex-mayor received a life term from the judge."
    config, p = _independent_pair(first, second)
    rules = align.load_data("claims_align")["cross"]
    assert rules["independent_late_floor"] <= p.evidence["probability"] < rules["independent_raise_floor"]
    assert min(p.evidence["cross_orders"]) >= rules["independent_threshold"]
    assert p.score >= config["reconcile.align_threshold"]
    # The late floor off: not read, the classifier's probability stands.
    _, off = _independent_pair(first, second, {"cross.independent_late_floor": rules["independent_raise_floor"]})
    assert "cross_probability" not in off.evidence and off.score < config["reconcile.align_threshold"]


@pytest.mark.parametrize("first, second", [
    # One figure, two things: a price rise to come, a profit rise reported.
    ("Ticket prices will rise by ten percent next year.", "The company reported a ten percent rise in profits last year."),
    # The same place and day, two events.
    ("Heavy rain flooded dozens of streets in the old town.",
     "The mayor praised the rescue teams for their work in the old town."),
])
def test_align_cross_below_the_raise_floor_different_statements_stay_apart(first, second):
    config, p = _independent_pair(first, second)
    assert p.score < config["reconcile.align_threshold"]


def test_align_cross_below_the_raise_floor_a_figure_one_report_lacks_keeps_the_pair_unread():
    # Where the missiles came from is not how many were fired: under the
    # raise floor the classifier's doubt, which counts the figure only one
    # report gives, stands (no read).
    config, p = _independent_pair("Officials said the missiles were launched from the north of the island.",
                                  "The island's army fired two missiles into the sea on Monday.")
    rules = align.load_data("claims_align")["cross"]
    assert rules["independent_late_floor"] <= p.evidence["probability"] < rules["independent_raise_floor"]
    assert "cross_probability" not in p.evidence and p.score < config["reconcile.align_threshold"]
