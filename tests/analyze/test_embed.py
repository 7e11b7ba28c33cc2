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
