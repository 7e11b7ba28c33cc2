"""Sentence embeddings.

Every sentence gets a vector from a *static* embedding distilled offline from
the shipped all-MiniLM-L6-v2 (model2vec: each vocabulary token passed through
the transformer once, PCA to 128 dimensions, Zipf weighting), shipped in
``data/analyze_static_minilm`` (~8 MB).  It embeds thousands of sentences a
second where the transformer embeds about a hundred on this machine, and
keeps most of its ranking quality; the analyze stage would otherwise be
bound by the transformer.  The later stages that must decide between close
candidates (claim alignment, provenance) call :func:`encode_precise` on
those sentences only, when first needed, and the pipeline keeps what it
computed in the store by text (:meth:`PreciseEncoder.backed_by`): a story
redone after one more article encodes only that article's sentences.
Encoding every sentence here instead was measured and not chosen: on
ECB+ and AllSides (150 articles each, nearly all in stories of several
articles) reconcile encoded about every sentence anyway (2,708 texts for
2,324 distinct sentences; 665 for 582), so it would save no CPU there, and
on a corpus of single-article stories it would encode sentences that are
never compared and make the transformer bound this stage.  Setting ``analyze.embeddings = "transformer"`` stores
transformer vectors for every sentence instead.

Regenerate the shipped model with ``python -m newsprism.analyze.embed
--distill DIR`` (needs the ``skeletoken`` package, a model2vec extra used
only for this; nothing is downloaded: the transformer comes from its pip
package).
"""

from __future__ import annotations

import argparse
import hashlib
import threading
from collections import OrderedDict
from collections.abc import Sequence
from contextlib import AbstractContextManager
from functools import cache
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from ..backing import swapped_backing
from ..analysis_version import MODES, embedding_mode  # noqa: F401 - re-exported: their home moved
from ..config import AnalyzeSettings, Config, stage_settings
from .nlp import EMBEDDING_PACKAGE, _package_path, load_embedder, load_static_embedder

__all__ = ["PreciseEncoder", "VectorStore", "vector_key", "embed_sentences", "encode_static", "encode_precise", "embedding_mode", "distill_static",
           "precise_encoder", "encode_tokens"]

def encode_static(texts: Sequence[str]) -> np.ndarray:
    """L2-normalised static embeddings, float32, one row per text."""
    model = load_static_embedder()
    if not texts:
        return np.zeros((0, model.dim), dtype=np.float32)
    return np.asarray(model.encode(list(texts)), dtype=np.float32)


# Vectors kept by the precise encoder of one process (384 float32 each:
# about 1.5 kB, so at most ~75 MB), the least recently used dropped first.
_PRECISE_KEPT = 50_000


class VectorStore(Protocol):
    """Where vectors outlive the process (the store's ``vectors`` table)."""

    def vectors(self, keys: list[str]) -> dict[str, np.ndarray]: ...

    def put_vectors(self, vectors: dict[str, np.ndarray]) -> None: ...


def vector_key(package: str, text: str) -> str:
    """The key a text's vector is kept under: the model and the text."""
    return hashlib.blake2b(f"{package}\0{text}".encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


class PreciseEncoder:
    """The transformer with the vectors it already computed, by text.
    Claim alignment and provenance encode mostly the same sentences of a
    story (and a story redone after one new article, the same sentences
    again): each text goes through the transformer once per process, and
    once per store when one backs the encoder (:meth:`backed_by`): a
    re-run, the web app, or a story redone after one more article encodes
    only the texts it has not seen.  The model is loaded on the first text
    no one has a vector for.

    Vectors are rounded to float16 as they are computed, the precision they
    are kept in, so a vector read back is the one computed: outputs do not
    depend on what was cached."""

    def __init__(self, package: str) -> None:
        self.package = package
        self._model: Any = None
        self._dim = 0
        self._kept: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.RLock()  # the web app reconciles in a background thread
        self._backing: VectorStore | None = None
        self.threads = 0  # analyze.transformer_threads, given by the stage that encodes (use_threads)

    def use_threads(self, threads: int) -> None:
        """Run the transformer on ``threads`` torch threads (0: torch's own
        choice), from the calling stage's ``analyze.transformer_threads``:
        torch's threads spin while they wait for each other, and on a busy
        machine that burns more CPU than it saves (setting's help)."""
        self.threads = threads
        if self._model is not None:
            _set_torch_threads(threads)

    @property
    def model(self) -> Any:
        if self._model is None:
            self._model = load_embedder(self.package)
            _set_torch_threads(self.threads)
            # sentence-transformers renamed the method (the old name warns).
            dim = (getattr(self._model, "get_embedding_dimension", None)
                   or self._model.get_sentence_embedding_dimension)
            self._dim = int(dim())
        return self._model

    @property
    def dim(self) -> int:
        if not self._dim:
            kept = next(iter(self._kept.values()), None)
            if kept is not None:
                return len(kept)  # known without loading the model
            self.model  # noqa: B018 - loading the model sets the dimension
        return self._dim

    def backed_by(self, store: VectorStore | None) -> AbstractContextManager["PreciseEncoder"]:
        """Read vectors from ``store`` before computing them, and keep there
        the ones computed, while the block runs."""
        return swapped_backing(self, store)

    def _from_backing(self, texts: list[str]) -> list[str]:
        """Fill what the backing store has; the texts still to compute."""
        keys = {vector_key(self.package, t): t for t in texts}
        try:
            found = self._backing.vectors(list(keys)) if self._backing is not None else {}
        except Exception:  # noqa: BLE001 - an unreadable cache is only slower
            found = {}
        for key, v in found.items():
            v.setflags(write=False)
            self._kept[keys[key]] = v
        return [t for t in texts if t not in self._kept]

    def encode(self, texts: Sequence[str], *, batch_size: int = 64) -> np.ndarray:
        texts = list(texts)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._lock:
            todo = list(dict.fromkeys(t for t in texts if t not in self._kept))
            if todo and self._backing is not None:
                todo = self._from_backing(todo)
            if todo:
                vecs = self.model.encode(todo, batch_size=batch_size, normalize_embeddings=True,
                                         show_progress_bar=False)
                vecs = np.asarray(vecs, dtype=np.float16).astype(np.float32)
                for t, v in zip(todo, vecs):
                    v.setflags(write=False)  # shared between callers
                    self._kept[t] = v
                if self._backing is not None:
                    try:
                        self._backing.put_vectors({vector_key(self.package, t): self._kept[t] for t in todo})
                    except Exception:  # noqa: BLE001 - a read-only or busy store: kept in this process only
                        pass
            for t in texts:
                self._kept.move_to_end(t)
            out = np.stack([self._kept[t] for t in texts])
            while len(self._kept) > _PRECISE_KEPT:
                self._kept.popitem(last=False)
        return out


def _set_torch_threads(threads: int) -> None:
    if threads > 0:
        import torch

        if torch.get_num_threads() != threads:
            torch.set_num_threads(threads)


@cache
def _precise_encoder(package: str) -> PreciseEncoder:
    return PreciseEncoder(package)


def precise_encoder(package: str = EMBEDDING_PACKAGE) -> PreciseEncoder:
    """The one precise encoder of this process for ``package`` (cached like
    the model loaders; one per package however it is named in the call)."""
    return _precise_encoder(package)


def encode_precise(texts: Sequence[str], *, package: str = EMBEDDING_PACKAGE, batch_size: int = 64) -> np.ndarray:
    """L2-normalised sentence-transformers embeddings, float32 (slow: use
    for the few sentences where a decision hangs on it).  A text already
    encoded in this process is not encoded again."""
    return precise_encoder(package).encode(texts, batch_size=batch_size)


def encode_tokens(texts: Sequence[str], *, package: str = EMBEDDING_PACKAGE, batch_size: int = 64) -> list[np.ndarray]:
    """Per text, the transformer's contextual token embeddings (word pieces,
    the [CLS] and [SEP] marks left out), each row L2-normalised, float32:
    what a BERTScore-style greedy match of two sentences reads (the pair
    features of reconcile/pair_metrics.py).  Nothing is kept between calls:
    the caller holds them for the story it scores."""
    texts = list(texts)
    if not texts:
        return []
    enc = precise_encoder(package)
    with enc._lock:
        rows = enc.model.encode(texts, batch_size=batch_size, output_value="token_embeddings",
                                show_progress_bar=False, convert_to_numpy=False)
    out = []
    for r in rows:
        m = np.asarray(r.float().cpu().numpy() if hasattr(r, "cpu") else r, dtype=np.float32)[1:-1]
        if not len(m):
            m = np.zeros((1, enc.dim), dtype=np.float32)
        norm = np.linalg.norm(m, axis=1, keepdims=True)
        out.append(m / np.where(norm == 0, 1, norm))
    return out


def embed_sentences(texts: Sequence[str], *, settings: AnalyzeSettings | None = None,
                    config: Config | None = None) -> np.ndarray:
    """One row per sentence, with the model the settings name."""
    settings = stage_settings(AnalyzeSettings, settings, config)
    if embedding_mode(settings) == "transformer":
        return encode_precise(texts, package=settings.embedding_model)
    return encode_static(texts)


def distill_static(out: str | Path, *, pca_dims: int = 128, package: str = EMBEDDING_PACKAGE) -> Path:
    """Distil the static model from the installed transformer into ``out``."""
    from model2vec.distill import distill  # needs skeletoken

    model: Any = distill(model_name=str(_package_path(package)), pca_dims=pca_dims, device="cpu")
    out = Path(out)
    model.save_pretrained(str(out))
    return out


def _main() -> None:
    p = argparse.ArgumentParser(description="Regenerate the shipped static embedding model.")
    p.add_argument("--distill", metavar="DIR", required=True)
    p.add_argument("--pca-dims", type=int, default=128)
    args = p.parse_args()
    print(distill_static(args.distill, pca_dims=args.pca_dims))


if __name__ == "__main__":
    _main()
