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
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..analyze.nlp import EMBEDDING_PACKAGE, _package_path
from ..data import data_path

__all__ = [
    "CROSS_MODEL",
    "CrossEncoder",
    "adapted_linears",
    "load_cross_encoder",
    "pair_inputs",
    "pool",
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


@dataclass(frozen=True)
class CrossEncoder:
    """The merged encoder, its tokenizer and the head."""

    model: Any
    tokenizer: Any
    head: Any  # (weight (d,), bias ()) as torch tensors
    max_length: int
    threshold: float  # the probability chosen on the training data's MSRP dev slice (accuracy); for benchmarks

    def logits(self, pairs: Sequence[tuple[str, str]], *, batch_size: int = 32) -> Any:
        """Log-odds that each pair states the same thing (numpy, float64).
        Pairs are read in order of length so that a batch pads little."""
        import numpy as np
        import torch

        out = np.zeros(len(pairs), dtype=np.float64)
        order = sorted(range(len(pairs)), key=lambda k: len(pairs[k][0]) + len(pairs[k][1]))
        weight, bias = self.head
        with torch.inference_mode():
            for s in range(0, len(order), batch_size):
                rows = order[s:s + batch_size]
                enc = pair_inputs(self.tokenizer, [pairs[k][0] for k in rows], [pairs[k][1] for k in rows],
                                  max_length=self.max_length)
                hidden = self.model(**enc).last_hidden_state
                z = pool(hidden, enc["attention_mask"]) @ weight + bias
                out[rows] = z.double().numpy()
        return out

    def probabilities(self, pairs: Sequence[tuple[str, str]], *, batch_size: int = 32) -> Any:
        import numpy as np

        z = self.logits(pairs, batch_size=batch_size)
        return 1.0 / (1.0 + np.exp(-np.clip(z, -50.0, 50.0)))


@cache
def load_cross_encoder(package: str = EMBEDDING_PACKAGE, name: str = CROSS_MODEL) -> CrossEncoder:
    """The transformer of ``package`` with the shipped adapters merged into
    its weights (W + scale * B @ A, once) and the shipped head.  Raises
    OSError when the adapters file is missing."""
    import numpy as np
    import torch
    from transformers import AutoTokenizer, BertModel
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()
    with np.load(data_path(name)) as z:
        arrays = {k: z[k] for k in z.files}
    path = str(_package_path(package))
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
    return CrossEncoder(model, tokenizer, head, int(arrays["max_length"]), float(arrays["threshold"]))
