"""A cross-encoder for claim pairs: do two sentences state the same thing?

The shipped all-MiniLM-L6-v2 reads the two sentences together
("[CLS] a [SEP] b [SEP]") and a logistic head on its mean-pooled output
gives the probability that they state the same proposition.  Reading both
sentences at once lets every word of one attend to every word of the other,
which a cosine of two separate embeddings cannot do (MSRP: "same meaning"
pairs and "adds a clause" pairs have the same cosine).

The encoder was fine-tuned offline with low-rank adapters (LoRA: each
adapted weight W of the attention and feed-forward layers becomes
W + scale * B @ A with A, B of rank r), optionally its LayerNorms and the
adapted linears' biases, and the head (``bench/train_align.py --cross``,
the commands in its comments and the Makefile's train-align).  Only the
adapters, those few parameters and the head ship, in
``data/claims_align_cross.npz`` (float16, a few MB); the
transformer's own weights come from its pip package.  They are merged into a
copy of the weights once, when the model is first loaded; nothing is trained
at run time.

:func:`pair_inputs` and :func:`pool` are shared with the training script so
that training and run time read the pairs the same way.

At run time the package's folder is read by :mod:`newsprism.analyze.bert`
(plain torch, ``tokenizers`` and ``safetensors``) when it is the plain BERT
that module computes: importing transformers' BertModel and AutoTokenizer
cost about 6 CPU s in every process that read a pair (each reconcile
worker, a re-run that adds one article), the model's own load a fraction of
a second.  The logits are transformers' bit for bit
(tests/reconcile/test_align_cross.py compares them on real pairs); another
folder is still loaded with transformers.

Each batch's logits can be kept outside the process (:func:`read_keeper`,
the store's ``reads`` table, which the pipeline backs it with): a story
reconciled again with the same batches (reconcile's code or a setting
moved, nothing the cross-encoder reads) reads none of them again.  The key
is the batch, not the pair: a pair's logit moves in its last bits with the
other pairs of its batch (how many rows, their padded length, its row), so
only a batch read again as a whole gives the bits a fresh run gives
(bench/RESULTS.md, session 21).
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Protocol

from ..analyze.nlp import EMBEDDING_PACKAGE, _package_path
from ..backing import swapped_backing
from ..data import data_path

__all__ = [
    "CROSS_MODEL",
    "CrossEncoder",
    "adapted_linears",
    "load_cross_encoder",
    "pair_inputs",
    "pool",
    "read_keeper",
]

CROSS_MODEL = "claims_align_cross.npz"
# The linears of each BERT layer that carry an adapter: attention query,
# key, value and output, and the two feed-forward linears.
ADAPTED = ("attention.self.query", "attention.self.key", "attention.self.value", "attention.output.dense",
           "intermediate.dense", "output.dense")


def adapted_linears(model: Any) -> dict[str, Any]:
    """The adapted ``torch.nn.Linear`` modules of a BertModel, by dotted name."""
    out = {}
    for k, layer in enumerate(model.encoder.layer):
        for name in ADAPTED:
            mod = layer
            for part in name.split("."):
                mod = getattr(mod, part)
            out[f"encoder.layer.{k}.{name}"] = mod
    return out


def pair_inputs(tokenizer: Any, a: Sequence[str], b: Sequence[str], *, max_length: int) -> Any:
    """Token ids of "[CLS] a [SEP] b [SEP]" for rows of pairs, padded to the
    longest row, as torch tensors."""
    return tokenizer(list(a), list(b), padding=True, truncation="longest_first", max_length=max_length,
                     return_tensors="pt")


def pool(hidden: Any, mask: Any) -> Any:
    """Mean of the last hidden states over the real tokens (the pooling
    all-MiniLM-L6-v2 was trained with)."""
    m = mask.unsqueeze(-1).to(hidden.dtype)
    return (hidden * m).sum(dim=1) / m.sum(dim=1).clamp(min=1.0)


class ReadStore(Protocol):
    """Where batches' logits outlive the process (the store's ``reads``
    table): float32 bytes, one value a row, by :meth:`CrossEncoder.batch_key`."""

    def reads(self, keys: list[str]) -> dict[str, bytes]: ...

    def put_reads(self, reads: dict[str, bytes]) -> None: ...


class _ReadKeeper:
    """The backing of every cross-encoder of the process while a block runs
    (:meth:`backed_by`); none outside one, and then nothing is kept."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._backing: ReadStore | None = None

    @property
    def backing(self) -> ReadStore | None:
        return self._backing

    def backed_by(self, store: ReadStore | None) -> AbstractContextManager["_ReadKeeper"]:
        """Read batches from ``store`` before computing them, and hand it the
        ones computed, while the block runs."""
        return swapped_backing(self, store)


@cache
def read_keeper() -> _ReadKeeper:
    """The one keeper of this process (a cached loader, as the models are)."""
    return _ReadKeeper()


def model_identity(folder: Path, arrays_file: Path, *, plain: bool, max_length: int) -> str:
    """What a read depends on besides its batch: the transformer's files
    (names, sizes and modification times: a reinstalled package is another
    model), the shipped adapters' bytes, the runtime (plain torch or
    transformers, torch's version) and the code that runs the forward pass."""
    import torch

    h = hashlib.blake2b(digest_size=16)
    for f in sorted(folder.rglob("*")):
        if f.is_file():
            st = f.stat()
            h.update(f"{f.relative_to(folder)}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    h.update(arrays_file.read_bytes())
    from ..analyze import bert

    for code in (Path(__file__), Path(bert.__file__)):
        h.update(code.read_bytes())
    h.update(f"{plain}\0{max_length}\0{torch.__version__}".encode())
    return h.hexdigest()


@dataclass(frozen=True)
class CrossEncoder:
    """The merged encoder, its tokenizer and the head."""

    model: Any
    tokenizer: Any
    head: Any  # (weight (d,), bias ()) as torch tensors
    max_length: int
    threshold: float  # the probability chosen on the training data's MSRP dev slice (accuracy); for benchmarks
    identity: str = ""  # model_identity; empty: reads are never kept

    def batch_key(self, batch: Sequence[tuple[str, str]], threads: int) -> str:
        """The key a batch's logits are kept under: the model, torch's
        threads and the batch's pairs in their order (texts as read)."""
        h = hashlib.blake2b(f"{self.identity}\0{threads}".encode(), digest_size=20)
        for a, b in batch:
            h.update(f"\0{a}\0{b}".encode("utf-8", "surrogatepass"))
        return h.hexdigest()

    def logits(self, pairs: Sequence[tuple[str, str]], *, batch_size: int = 32) -> Any:
        """Log-odds that each pair states the same thing (numpy, float64).
        Pairs are read in order of length so that a batch pads little; a
        batch kept by :func:`read_keeper`'s backing is not read again."""
        import numpy as np
        import torch

        out = np.zeros(len(pairs), dtype=np.float64)
        order = sorted(range(len(pairs)), key=lambda k: len(pairs[k][0]) + len(pairs[k][1]))
        batches = [order[s:s + batch_size] for s in range(0, len(order), batch_size)]
        backing = read_keeper().backing if self.identity else None
        keys: list[str] = []
        kept: dict[str, bytes] = {}
        if backing is not None and batches:
            threads = torch.get_num_threads()
            keys = [self.batch_key([pairs[k] for k in rows], threads) for rows in batches]
            try:
                kept = backing.reads(list(dict.fromkeys(keys)))
            except Exception:  # noqa: BLE001 - an unreadable keep is only slower
                kept = {}
        new: dict[str, bytes] = {}
        weight, bias = self.head
        with torch.inference_mode():
            for n, rows in enumerate(batches):
                got = kept.get(keys[n]) if keys else None
                if got is not None and len(got) == 4 * len(rows):
                    out[rows] = np.frombuffer(got, dtype=np.float32)
                    continue
                enc = pair_inputs(self.tokenizer, [pairs[k][0] for k in rows], [pairs[k][1] for k in rows],
                                  max_length=self.max_length)
                hidden = self.model(**enc).last_hidden_state
                z = pool(hidden, enc["attention_mask"]) @ weight + bias
                if keys:
                    # float32 is what the head computes; float64 below is
                    # that value widened, so the kept bytes give it exactly.
                    new[keys[n]] = z.numpy().astype(np.float32).tobytes()
                out[rows] = z.double().numpy()
        if new and backing is not None:
            try:
                backing.put_reads(new)
            except Exception:  # noqa: BLE001 - a read-only or busy store: only slower next time
                pass
        return out

    def probabilities(self, pairs: Sequence[tuple[str, str]], *, batch_size: int = 32) -> Any:
        import numpy as np

        z = self.logits(pairs, batch_size=batch_size)
        return 1.0 / (1.0 + np.exp(-np.clip(z, -50.0, 50.0)))


class _PlainOutput:
    """What :meth:`CrossEncoder.logits` reads of a model's output."""

    def __init__(self, last_hidden_state: Any) -> None:
        self.last_hidden_state = last_hidden_state


class _PlainPairModel:
    """The encoder of a plain-BERT folder run by
    :class:`newsprism.analyze.bert.BertSentenceEncoder`'s forward pass, called
    like transformers' BertModel (``model(**pair_inputs(...))``), its weights
    by name like ``named_parameters``."""

    def __init__(self, bert: Any) -> None:
        self.bert = bert

    def named_parameters(self) -> Any:
        return iter(self.bert.w.items())

    def __call__(self, *, input_ids: Any, attention_mask: Any, token_type_ids: Any = None) -> _PlainOutput:
        return _PlainOutput(self.bert._forward(input_ids, attention_mask, token_type_ids))


class _PlainPairTokenizer:
    """The folder's tokenizer.json read with ``tokenizers``, called as
    :func:`pair_inputs` calls transformers' fast tokenizer (the same Rust
    tokenizer): pairs truncated longest first to ``max_length`` word
    pieces, padded to the longest row."""

    def __init__(self, path: Any, max_length: int) -> None:
        from tokenizers import Tokenizer

        tok = Tokenizer.from_file(str(path / "tokenizer.json"))
        tok.no_padding()
        tok.no_truncation()
        tok.enable_truncation(max_length=max_length, strategy="longest_first")
        pad = json.loads((path / "config.json").read_text()).get("pad_token_id", 0)
        tok.enable_padding(pad_id=pad, pad_token=tok.id_to_token(pad) or "[PAD]")
        self.tokenizer = tok
        self.max_length = max_length

    def __call__(self, a: Sequence[str], b: Sequence[str], *, padding: bool, truncation: str, max_length: int,
                 return_tensors: str) -> dict[str, Any]:
        import torch

        if not padding or truncation != "longest_first" or max_length != self.max_length or return_tensors != "pt":
            raise ValueError("the plain tokenizer reads pairs only as pair_inputs asks")
        encs = self.tokenizer.encode_batch(list(zip(a, b)))
        return {"input_ids": torch.tensor([e.ids for e in encs], dtype=torch.long),
                "token_type_ids": torch.tensor([e.type_ids for e in encs], dtype=torch.long),
                "attention_mask": torch.tensor([e.attention_mask for e in encs], dtype=torch.long)}


def _plain_cross_encoder(path: Any, arrays: dict[str, Any], identity: str = "") -> CrossEncoder | None:
    """The cross-encoder in plain torch, the adapters merged as
    :func:`load_cross_encoder` merges them into BertModel; None when the
    folder is not a plain BERT."""
    import numpy as np
    import torch

    from ..analyze.bert import load_bert

    bert = load_bert(path)
    if bert is None:
        return None
    w = bert.w
    scale = float(arrays["scale"])
    with torch.no_grad():
        for key in sorted({k[len("lora."):-len(".A")] for k in arrays if k.startswith("lora.") and k.endswith(".A")}):
            a = torch.from_numpy(arrays[f"lora.{key}.A"].astype(np.float32))
            b = torch.from_numpy(arrays[f"lora.{key}.B"].astype(np.float32))
            w[f"{key}.weight"] += scale * (b @ a)
        for key in arrays:
            if key.startswith("param."):
                w[key[len("param."):]].copy_(torch.from_numpy(arrays[key].astype(np.float32)))
    head = (torch.from_numpy(arrays["head.weight"].astype(np.float32)),
            torch.tensor(float(arrays["head.bias"]), dtype=torch.float32))
    max_length = int(arrays["max_length"])
    return CrossEncoder(_PlainPairModel(bert), _PlainPairTokenizer(path, max_length), head, max_length,
                        float(arrays["threshold"]), identity)


@cache
def load_cross_encoder(package: str = EMBEDDING_PACKAGE, name: str = CROSS_MODEL, *,
                       plain: bool = True) -> CrossEncoder:
    """The transformer of ``package`` with the shipped adapters merged into
    its weights (W + scale * B @ A, once) and the shipped head, in plain
    torch when the folder allows it (``plain``), else with transformers.
    Raises OSError when the adapters file is missing."""
    import numpy as np

    with np.load(data_path(name)) as z:
        arrays = {k: z[k] for k in z.files}
    folder = _package_path(package)
    max_length = int(arrays["max_length"])
    encoder = (_plain_cross_encoder(folder, arrays, model_identity(folder, data_path(name), plain=True,
                                                                   max_length=max_length))
               if plain else None)
    if encoder is not None:
        return encoder

    import torch
    from transformers import AutoTokenizer, BertModel
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()
    path = str(folder)
    # The package's checkpoint carries a pooler this model does not use:
    # transformers reports it as "unexpected" keys, noise in a brief's output.
    level = hf_logging.get_verbosity()
    hf_logging.set_verbosity_error()
    try:
        model = BertModel.from_pretrained(path, add_pooling_layer=False)
    finally:
        hf_logging.set_verbosity(level)
    model.eval()
    scale = float(arrays["scale"])
    with torch.no_grad():
        for key, linear in adapted_linears(model).items():
            if f"lora.{key}.A" not in arrays:  # a layer trained without adapters
                continue
            a = torch.from_numpy(arrays[f"lora.{key}.A"].astype(np.float32))
            b = torch.from_numpy(arrays[f"lora.{key}.B"].astype(np.float32))
            linear.weight += scale * (b @ a)
        # Parameters trained as they are (the LayerNorms and the adapted
        # linears' biases of the trained layers), shipped as their values.
        params = dict(model.named_parameters())
        for key in arrays:
            if key.startswith("param."):
                params[key[len("param."):]].copy_(torch.from_numpy(arrays[key].astype(np.float32)))
    head = (torch.from_numpy(arrays["head.weight"].astype(np.float32)),
            torch.tensor(float(arrays["head.bias"]), dtype=torch.float32))
    tokenizer = AutoTokenizer.from_pretrained(path)
    return CrossEncoder(model, tokenizer, head, max_length, float(arrays["threshold"]),
                        model_identity(folder, data_path(name), plain=False, max_length=max_length))
