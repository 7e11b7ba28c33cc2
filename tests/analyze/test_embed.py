from __future__ import annotations

import numpy as np

from newsprism.analyze.embed import encode_static


def test_embed_static_similarity_ranks_paraphrase_first():
    vecs = encode_static([
        "The fighting was very intense, they had tunnels between houses.",
        "The fighting was very fierce and they had tunnels connecting the houses.",
        "The central bank raised interest rates on Tuesday.",
    ])
    assert vecs.dtype == np.float32 and vecs.shape[0] == 3
    sims = vecs @ vecs.T
    assert sims[0, 1] > sims[0, 2] + 0.3
    assert np.allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-2)


def test_embed_seed_embeddings_shape(seed_analysis):
    a = seed_analysis("004")
    assert a.embeddings.shape == (len(a.sentences), a.embeddings.shape[1])
    assert a.embeddings.shape[1] >= 64
    assert len(a.lemmas) == len(a.sentences)


class _CountingModel:
    """A stand-in for the transformer: a vector per text, every text counted."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def get_embedding_dimension(self) -> int:
        return 3

    def encode(self, texts, **kwargs):
        import numpy as np

        self.seen += list(texts)
        return np.array([[len(t), t.count("a"), 1.0] for t in texts], dtype=np.float32)


def test_embed_precise_encoder_encodes_each_text_once(monkeypatch):
    import numpy as np

    from newsprism.analyze import embed

    model = _CountingModel()
    monkeypatch.setattr(embed, "load_embedder", lambda package: model)
    enc = embed.PreciseEncoder("fake")
    first = enc.encode(["a cat", "a dog", "a cat"])
    assert model.seen == ["a cat", "a dog"]
    second = enc.encode(["a dog", "a bat"])
    assert model.seen == ["a cat", "a dog", "a bat"]
    assert np.array_equal(first[0], first[2]) and np.array_equal(first[1], second[0])
    second[0][0] = -1.0  # a caller's copy: the kept vector is not changed
    assert enc.encode(["a dog"])[0][0] == len("a dog")
    assert enc.encode([]).shape == (0, 3)


def test_embed_precise_encoder_keeps_a_bounded_number(monkeypatch):
    from newsprism.analyze import embed

    model = _CountingModel()
    monkeypatch.setattr(embed, "load_embedder", lambda package: model)
    monkeypatch.setattr(embed, "_PRECISE_KEPT", 2)
    enc = embed.PreciseEncoder("fake")
    enc.encode(["one", "two", "three"])
    enc.encode(["one"])  # dropped as the oldest: encoded again
    assert model.seen == ["one", "two", "three", "one"]


class _DictVectors:
    """A stand-in for the store's vectors table."""

    def __init__(self) -> None:
        self.kept: dict = {}
        self.reads = 0

    def vectors(self, keys):
        self.reads += 1
        return {k: self.kept[k].copy() for k in keys if k in self.kept}

    def put_vectors(self, vectors):
        self.kept.update(vectors)


def test_embed_precise_encoder_backed_by_a_store_encodes_each_text_once_across_processes(monkeypatch):
    import numpy as np

    from newsprism.analyze import embed

    model = _CountingModel()
    loads: list[str] = []

    def load(package):
        loads.append(package)
        return model

    monkeypatch.setattr(embed, "load_embedder", load)
    kept = _DictVectors()
    first = embed.PreciseEncoder("fake")
    with first.backed_by(kept):
        a = first.encode(["a cat", "a dog"])
    assert model.seen == ["a cat", "a dog"] and len(kept.kept) == 2
    # A new process (a new encoder) on the same store: nothing is encoded
    # again, and the model is not even loaded.
    loads.clear()
    second = embed.PreciseEncoder("fake")
    with second.backed_by(kept):
        b = second.encode(["a dog", "a cat"])
        assert second.encode([]).shape == (0, 3)
    assert loads == [] and model.seen == ["a cat", "a dog"]
    assert np.array_equal(a[0], b[1]) and np.array_equal(a[1], b[0])
    # Out of the block the store is not used.
    third = embed.PreciseEncoder("fake")
    third.encode(["a cat"])
    assert model.seen == ["a cat", "a dog", "a cat"]


def test_embed_precise_vectors_are_float16_values_whether_computed_or_read(monkeypatch):
    import numpy as np

    from newsprism.analyze import embed

    class Model(_CountingModel):
        def encode(self, texts, **kwargs):
            self.seen += list(texts)
            return np.array([[1 / 3, 0.1, 0.7]] * len(texts), dtype=np.float32)

    monkeypatch.setattr(embed, "load_embedder", lambda package: Model())
    kept = _DictVectors()
    enc = embed.PreciseEncoder("fake")
    with enc.backed_by(kept):
        computed = enc.encode(["x"])[0]
    assert np.array_equal(computed, computed.astype(np.float16).astype(np.float32))
    assert embed.vector_key("fake", "x") != embed.vector_key("other", "x")


def test_embed_precise_encoder_is_one_per_package_however_called():
    from newsprism.analyze import embed
    from newsprism.analyze.nlp import EMBEDDING_PACKAGE

    assert embed.precise_encoder() is embed.precise_encoder(EMBEDDING_PACKAGE)
    assert embed.precise_encoder() is embed.precise_encoder(package=EMBEDDING_PACKAGE)
