from __future__ import annotations

import copy
import functools
import json
import re
import shutil
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[2]


def _model_path() -> Path:
    from newsprism.analyze.nlp import EMBEDDING_PACKAGE, _package_path
    from newsprism.errors import NewsprismError

    try:
        return _package_path(EMBEDDING_PACKAGE)
    except NewsprismError:
        pytest.skip("no transformer model installed")


def _real_sentences(seeds_dir: Path) -> list[str]:
    """Sentences of the project's examples and the seed reports, and a few
    odd texts: empty, blank, longer than the model's 256 word pieces, marks
    the tokenizer treats specially."""
    texts: list[str] = []
    for path in sorted((ROOT / "examples" / "txt").glob("*.txt"))[:6] + sorted(seeds_dir.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        texts += [s.strip() for s in re.split(r"(?<=[.!?])\s+|\n+", text) if s.strip()]
    return texts[:80] + ["", "  ", "x", "Ünïcödé — “quotes” 北京 🙂", "word " * 400, "a\tb\nc", "[CLS] [SEP] [PAD]"]


def test_bert_vectors_equal_sentence_transformers_on_real_sentences(seeds_dir):
    pytest.importorskip("sentence_transformers")
    from sentence_transformers import SentenceTransformer

    from newsprism.analyze.bert import BertSentenceEncoder
    from newsprism.analyze.nlp import load_embedder

    path = _model_path()
    light = load_embedder()
    assert isinstance(light, BertSentenceEncoder)  # the shipped folder is read without sentence-transformers
    reference = SentenceTransformer(str(path), device="cpu")
    texts = _real_sentences(seeds_dir)
    # Batches of 16 sorted by length: padded batches, and the last ones of
    # texts of one length (no padding: no attention mask at all).
    texts += ["same length a", "same length b"]
    for batch_size in (16, 64):
        ours = light.encode(texts, batch_size=batch_size, normalize_embeddings=True)
        theirs = reference.encode(texts, batch_size=batch_size, normalize_embeddings=True, show_progress_bar=False)
        assert ours.shape == theirs.shape == (len(texts), light.get_embedding_dimension())
        assert np.abs(ours - theirs).max() <= 1e-5
        # what the precise encoder keeps: the float16 rounding, which a
        # difference in the last bit could move
        assert np.array_equal(ours.astype(np.float16), theirs.astype(np.float16))
    ours_tokens = light.encode(texts[:40], batch_size=16, output_value="token_embeddings")
    theirs_tokens = reference.encode(texts[:40], batch_size=16, output_value="token_embeddings",
                                     show_progress_bar=False, convert_to_numpy=False)
    assert [tuple(t.shape) for t in ours_tokens] == [tuple(t.shape) for t in theirs_tokens]
    assert max(float((a - b).abs().max()) for a, b in zip(ours_tokens, theirs_tokens)) <= 1e-5


def test_bert_folder_of_another_shape_is_left_to_sentence_transformers(tmp_path):
    from newsprism.analyze.bert import load_bert

    path = _model_path()
    copy = tmp_path / "model"
    shutil.copytree(path, copy, ignore=shutil.ignore_patterns("*.safetensors", "*.bin", "*.onnx"))
    (copy / "model.safetensors").symlink_to(path / "model.safetensors")
    assert load_bert(copy) is not None
    pooling = copy / "1_Pooling" / "config.json"
    config = json.loads(pooling.read_text())
    config.update(pooling_mode_mean_tokens=False, pooling_mode_cls_token=True)
    pooling.write_text(json.dumps(config))
    assert load_bert(copy) is None  # CLS pooling: not computed here
    assert load_bert(tmp_path / "nowhere") is None


def test_bert_vectors_skipping_padding_equal_the_padded_forwards():
    from newsprism.analyze.bert import BertSentenceEncoder
    from newsprism.analyze.nlp import load_embedder

    light = load_embedder()
    if not isinstance(light, BertSentenceEncoder):
        pytest.skip("the installed model is not read by the plain encoder")
    # Texts of very different lengths, so that every batch sorted by length
    # carries padding, and two of one length (a batch without padding).
    texts = ["The council voted on Tuesday.", "Rain.", "",
             "A spokeswoman for the ministry said the talks would resume next week, after both delegations had "
             "consulted their governments about the proposed ceasefire lines and the exchange of prisoners.",
             "Police said three people were hurt.", "The mayor, who took office in 2019, denied the report.",
             "Shares fell 4.2 % in early trading as investors weighed the quarterly figures.",
             "It was not immediately clear who fired first.", "word " * 300, "same length a", "same length b"]
    texts = [f"{t} (copy {i})" if i % 2 else t for i in range(4) for t in texts]

    padded = copy.copy(light)
    padded._forward = functools.partial(BertSentenceEncoder._forward, padded, skip_padding=False)
    for batch_size in (32, 8):
        ours = light.encode(texts, batch_size=batch_size)
        theirs = padded.encode(texts, batch_size=batch_size)
        assert np.array_equal(ours, theirs)  # measured equal, bit for bit: the cached vectors stay what they were
        ours_tokens = light.encode(texts, batch_size=batch_size, output_value="token_embeddings")
        theirs_tokens = padded.encode(texts, batch_size=batch_size, output_value="token_embeddings")
        assert all(bool((a == b).all()) for a, b in zip(ours_tokens, theirs_tokens, strict=True))
