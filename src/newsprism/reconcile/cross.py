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

A pair's logit is a function of that pair alone, bit for bit: each row's
attention runs at the row's own length, and each row is pooled and headed
alone (:meth:`_PlainPairModel.row_states`), so no other pair of its batch
(how many, their padded length, its place) reaches its bits; on the padded
batch they moved in their last bits (bench/RESULTS.md, session 23).  So
the reads can be kept outside the process by pair (:func:`read_keeper`,
the store's ``reads`` table, which the pipeline backs it with): a story
reconciled again after one more article reads only the pairs that article
brings, and one pair asked twice in a call is read once.  The
transformers fallback reads the padded batch, whose bits depend on the
batch: its reads are not kept.
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
    """Where pairs' logits outlive the process (the store's ``reads``
    table): float32 bytes, one value, by :meth:`CrossEncoder.pair_key`."""

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
        """Read pairs from ``store`` before computing them, and hand it the
        ones computed, while the block runs."""
        return swapped_backing(self, store)


@cache
def read_keeper() -> _ReadKeeper:
    """The one keeper of this process (a cached loader, as the models are)."""
    return _ReadKeeper()


def model_identity(folder: Path, arrays_file: Path, *, plain: bool, max_length: int) -> str:
    """What a read depends on besides its pair: the transformer's files
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

    def pair_key(self, a: str, b: str) -> str:
        """The key a pair's logit is kept under: the model and the pair's two
        texts in their order (texts as read); reads are kept on one thread
        only (:meth:`logits`)."""
        h = hashlib.blake2b(f"{self.identity}\0{a}\0{b}".encode("utf-8", "surrogatepass"), digest_size=20)
        return h.hexdigest()

    def _read(self, enc: dict[str, Any]) -> Any:
        """The float32 logits of one tokenized batch: each row alone when
        the model reads rows at their own length (the plain forward), else
        the padded batch pooled (transformers)."""
        import torch

        weight, bias = self.head
        row_states = getattr(self.model, "row_states", None)
        if row_states is None:
            hidden = self.model(**enc).last_hidden_state
            return pool(hidden, enc["attention_mask"]) @ weight + bias
        # The mean over the row's word pieces and the head's dot product as
        # a product summed, on the row alone: a matrix product over the batch
        # would let the other rows into its last bits.
        return torch.stack([(h.sum(dim=0) / h.shape[0] * weight).sum() + bias for h in row_states(**enc)])

    def logits(self, pairs: Sequence[tuple[str, str]], *, batch_size: int = 32) -> Any:
        """Log-odds that each pair states the same thing (numpy, float64).
        Each distinct pair is read once, in order of length so that a batch
        pads little; a pair kept by :func:`read_keeper`'s backing is not
        read again.  Only a pair-only read on one thread is kept (the
        shipped analyze.transformer_threads): on two threads a linear splits
        its rows between them by the batch's size and a row's last bits
        moved with it (3 of 63 seed pairs, bench/RESULTS.md session 23), so
        a kept read would not be a fresh one's."""
        import numpy as np
        import torch

        asked = [(a, b) for a, b in pairs]
        distinct = list(dict.fromkeys(asked))
        pair_only = hasattr(self.model, "row_states") and torch.get_num_threads() == 1
        backing = read_keeper().backing if self.identity and pair_only else None
        keys: list[str] = []
        kept: dict[str, bytes] = {}
        if backing is not None and distinct:
            keys = [self.pair_key(a, b) for a, b in distinct]
            try:
                kept = backing.reads(list(dict.fromkeys(keys)))
            except Exception:  # noqa: BLE001 - an unreadable keep is only slower
                kept = {}
        value = np.zeros(len(distinct), dtype=np.float64)
        todo = []
        for n in range(len(distinct)):
            got = kept.get(keys[n]) if keys else None
            if got is not None and len(got) == 4:
                value[n] = np.frombuffer(got, dtype=np.float32)[0]
            else:
                todo.append(n)
        todo.sort(key=lambda n: len(distinct[n][0]) + len(distinct[n][1]))
        new: dict[str, bytes] = {}
        with torch.inference_mode():
            for s in range(0, len(todo), batch_size):
                rows = todo[s:s + batch_size]
                enc = pair_inputs(self.tokenizer, [distinct[n][0] for n in rows], [distinct[n][1] for n in rows],
                                  max_length=self.max_length)
                z = self._read(enc)
                if keys:
                    # float32 is what the head computes; float64 below is
                    # that value widened, so the kept bytes give it exactly.
                    new.update((keys[n], v.tobytes()) for n, v in zip(rows, z.numpy().astype(np.float32)))
                value[rows] = z.double().numpy()
        if new and backing is not None:
            try:
                backing.put_reads(new)
            except Exception:  # noqa: BLE001 - a read-only or busy store: only slower next time
                pass
        index = {pair: n for n, pair in enumerate(distinct)}
        return value[[index[p] for p in asked]]

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

    def row_states(self, *, input_ids: Any, attention_mask: Any, token_type_ids: Any = None) -> list[Any]:
        """Each row's last hidden states over its own word pieces, each a
        function of that row alone: the embeddings, linears, LayerNorms and
        GELUs act on each word piece alone (a linear's row does not depend on
        the other rows computed with it on the kernels measured), and the
        attention runs row by row at the row's own length, never over a
        padded batch, whose length and padding moved the last bits.  The
        padding is never computed (attention included: 0.94x the CPU of the
        padded batch's read, bench/RESULTS.md session 23)."""
        bert = self.bert
        torch = bert._torch
        F = torch.nn.functional
        w = bert.w
        batch, length = input_ids.shape
        types = torch.zeros_like(input_ids) if token_type_ids is None else token_type_ids
        real = attention_mask.reshape(-1).bool()
        # pairs are padded on the right: a row's word pieces sit at 0 .. n-1
        positions = torch.arange(length).expand(batch, length).reshape(-1)[real]
        x = F.embedding(input_ids.reshape(-1)[real], w["embeddings.word_embeddings.weight"])
        x = x + F.embedding(types.reshape(-1)[real], w["embeddings.token_type_embeddings.weight"])
        x = x + F.embedding(positions, w["embeddings.position_embeddings.weight"])
        x = bert._layer_norm(x, "embeddings.LayerNorm")
        bounds = [0, *torch.cumsum(attention_mask.sum(dim=1), 0).tolist()]
        spans = list(zip(bounds[:-1], bounds[1:]))
        for i in range(bert.layers):
            p = f"encoder.layer.{i}."
            q, k, v = (bert._linear(x, p + f"attention.self.{name}") for name in ("query", "key", "value"))
            parts = []
            for s, e in spans:
                qh, kh, vh = (t[s:e].view(1, e - s, bert.heads, -1).transpose(1, 2) for t in (q, k, v))
                a = F.scaled_dot_product_attention(qh, kh, vh, dropout_p=0.0, scale=bert.scaling, is_causal=False)
                parts.append(a.transpose(1, 2).reshape(e - s, -1))
            a = torch.cat(parts)
            x = bert._layer_norm(bert._linear(a, p + "attention.output.dense") + x, p + "attention.output.LayerNorm")
            h = F.gelu(bert._linear(x, p + "intermediate.dense"))
            x = bert._layer_norm(bert._linear(h, p + "output.dense") + x, p + "output.LayerNorm")
        return [x[s:e] for s, e in spans]


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
    # No identity: transformers reads the padded batch, whose other pairs
    # move a pair's last bits, so a kept read would not be a fresh one's.
    return CrossEncoder(model, tokenizer, head, max_length, float(arrays["threshold"]))
