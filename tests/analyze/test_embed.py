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
