"""The shipped sentence transformer (all-MiniLM-L6-v2) run in plain torch.

sentence-transformers imports transformers, scikit-learn and scipy before it
reads a weight (about 4 CPU s a process; the model's own load is 0.2 s),
which every process that encodes a sentence paid: the CLI's fork server, a
re-run that adds one article, the web app's first reconcile.  This module
reads the same folder (``modules.json``: a BERT, mean pooling,
normalisation) with ``tokenizers`` and ``safetensors`` and computes the same
forward pass with the same torch operations in the same order, so the
vectors are the ones sentence-transformers computes, bit for bit
(tests/analyze/test_bert.py compares them on real sentences; a 1e-5
tolerance is the contract, equality is what is measured).

What "the same" takes, read from sentence-transformers 6 and transformers 5:
texts sorted by character length, longest first (numpy's argsort of the
negated lengths, ties included), in batches of ``batch_size``; word pieces
truncated to the folder's ``max_seq_length`` and padded to the longest of
the batch; token type 0; the attention mask a boolean (batch, 1, L, L)
given to torch's scaled dot-product attention, and no mask at all for a
batch without padding; GELU exact; LayerNorm after each residual sum; the
mean over unpadded tokens, then L2 normalisation.  One step differs: the
linears, LayerNorms and GELUs skip the padding's word pieces, whose rows the
pooling drops (the real rows are the same bits: ``_forward``).

A folder of any other shape (another pooling, another architecture) is not
read here: :func:`load_bert` returns None and the caller loads it with
sentence-transformers.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

__all__ = ["BertSentenceEncoder", "load_bert"]

# The module types a folder may list, in this order, to be read here.
_MODULES = ("sentence_transformers.models.Transformer", "sentence_transformers.models.Pooling",
            "sentence_transformers.models.Normalize")


def _folder_is_plain_bert(path: Path) -> bool:
    """Whether ``path`` is a BERT with mean pooling and normalisation, the
    only shape this module computes."""
    try:
        modules = json.loads((path / "modules.json").read_text())
        arch = json.loads((path / "config.json").read_text())
        pooling_dir = next(m["path"] for m in modules if m["type"].endswith("Pooling"))
        pooling = json.loads((path / pooling_dir / "config.json").read_text())
    except (OSError, ValueError, KeyError, StopIteration):
        return False
    modes = [k for k, v in pooling.items() if k.startswith("pooling_mode") and v]
    return (tuple(m["type"] for m in modules) == _MODULES
            and arch.get("model_type") == "bert"
            and arch.get("hidden_act") == "gelu"
            and arch.get("position_embedding_type", "absolute") == "absolute"
            and not arch.get("is_decoder", False)
            and modes == ["pooling_mode_mean_tokens"]
            and (path / "tokenizer.json").exists()
            and (path / "model.safetensors").exists())


def load_bert(path: str | Path) -> BertSentenceEncoder | None:
    """The encoder of the sentence-transformers folder ``path``, or None when
    the folder is not a plain BERT with mean pooling and normalisation."""
    path = Path(path)
    return BertSentenceEncoder(path) if _folder_is_plain_bert(path) else None


class BertSentenceEncoder:
    """The subset of ``SentenceTransformer`` newsprism calls: ``encode`` (the
    sentence vectors, or each text's token vectors) and the dimension."""

    def __init__(self, path: Path) -> None:
        import torch
        from safetensors.torch import load_file
        from tokenizers import Tokenizer

        arch = json.loads((path / "config.json").read_text())
        st_arch = json.loads((path / "sentence_bert_config.json").read_text()) \
            if (path / "sentence_bert_config.json").exists() else {}
        self.max_seq_length = int(st_arch.get("max_seq_length") or arch["max_position_embeddings"])
        self.heads = int(arch["num_attention_heads"])
        self.layers = int(arch["num_hidden_layers"])
        self.hidden = int(arch["hidden_size"])
        self.eps = float(arch["layer_norm_eps"])
        self.pad_id = int(arch.get("pad_token_id", 0))

        tok = Tokenizer.from_file(str(path / "tokenizer.json"))
        # tokenizer.json carries a fixed padding and truncation of its own;
        # sentence-transformers asks for the longest of the batch and its
        # max_seq_length instead
        tok.no_padding()
        tok.no_truncation()
        tok.enable_truncation(max_length=self.max_seq_length, strategy="longest_first")
        tok.enable_padding(pad_id=self.pad_id, pad_token=tok.id_to_token(self.pad_id) or "[PAD]")
        self.tokenizer = tok

        weights = load_file(str(path / "model.safetensors"), device="cpu")
        # Checkpoints name the weights with or without the "bert." prefix.
        w = {k.removeprefix("bert."): v for k, v in weights.items()}
        self.w = w
        self.scaling = (self.hidden // self.heads) ** -0.5
        self._torch = torch

    def get_embedding_dimension(self) -> int:
        return self.hidden

    get_sentence_embedding_dimension = get_embedding_dimension

    # ---------------------------------------------------------------- forward

    def _layer_norm(self, x: Any, name: str) -> Any:
        F = self._torch.nn.functional
        return F.layer_norm(x, (self.hidden,), self.w[f"{name}.weight"], self.w[f"{name}.bias"], self.eps)

    def _linear(self, x: Any, name: str) -> Any:
        return self._torch.nn.functional.linear(x, self.w[f"{name}.weight"], self.w[f"{name}.bias"])

    def _forward(self, ids: Any, mask: Any, types: Any = None, *, skip_padding: bool = True) -> Any:
        """The last hidden state (batch, length, hidden) of ``ids``; token
        types 0 unless ``types`` are given (a sentence pair's second
        segment: the cross-encoder of reconcile/cross.py).

        The linears, LayerNorms and GELUs act on each word piece alone, and a
        padding piece never reaches a real one (the attention masks it as a
        key), so they run on the real word pieces only: the padding's rows
        were work for nothing (a third of the word pieces of reconcile's
        pairs, bench/RESULTS.md session 22).  The attention runs on the
        padded batch as before, so the padded length it reads is unchanged.
        The padding's rows of the result are 0 (the pooling leaves them out).
        The real rows are the padded forward's (``skip_padding=False``) bit
        for bit on the sentences and pairs measured
        (tests/analyze/test_bert.py, tests/reconcile/test_align_cross.py): a
        linear's row does not depend on the other rows computed with it on
        this machine's kernels; the tests say whether that holds on another."""
        torch = self._torch
        F = torch.nn.functional
        w = self.w
        batch, length = ids.shape
        x = F.embedding(ids, w["embeddings.word_embeddings.weight"])
        types = torch.zeros_like(ids) if types is None else types
        x = x + F.embedding(types, w["embeddings.token_type_embeddings.weight"])
        x = x + F.embedding(torch.arange(length).unsqueeze(0), w["embeddings.position_embeddings.weight"])
        x = self._layer_norm(x, "embeddings.LayerNorm")
        # transformers gives SDPA no mask when no token of the batch is padding
        attn_mask = None
        if not bool(mask.all()):
            attn_mask = mask.bool()[:, None, None, :].expand(batch, 1, length, length)
        real = mask.reshape(-1).bool() if skip_padding else torch.ones(batch * length, dtype=torch.bool)
        x = x.reshape(batch * length, -1)[real]  # (real word pieces, hidden)

        def heads(t: Any) -> Any:
            # the real rows back in the padded batch, as the attention reads it
            full = t.new_zeros(batch * length, t.shape[-1])
            full[real] = t
            return full.view(batch, length, self.heads, -1).transpose(1, 2)

        for i in range(self.layers):
            p = f"encoder.layer.{i}."
            q, k, v = (heads(self._linear(x, p + f"attention.self.{name}")) for name in ("query", "key", "value"))
            a = F.scaled_dot_product_attention(q, k, v, attn_mask=attn_mask, dropout_p=0.0, scale=self.scaling,
                                               is_causal=False)
            a = a.transpose(1, 2).reshape(batch * length, -1)[real]
            x = self._layer_norm(self._linear(a, p + "attention.output.dense") + x, p + "attention.output.LayerNorm")
            h = F.gelu(self._linear(x, p + "intermediate.dense"))
            x = self._layer_norm(self._linear(h, p + "output.dense") + x, p + "output.LayerNorm")
        out = x.new_zeros(batch * length, x.shape[-1])
        out[real] = x
        return out.view(batch, length, -1)

    def encode(self, texts: Sequence[str], *, batch_size: int = 32, normalize_embeddings: bool = False,
               output_value: str = "sentence_embedding", show_progress_bar: bool = False,
               convert_to_numpy: bool = True) -> Any:
        """Like ``SentenceTransformer.encode``: an array of sentence vectors
        (float32, one row per text, normalised when asked: the model's own
        Normalize module has normalised them already), or with
        ``output_value="token_embeddings"`` a list of each text's token
        vectors ([CLS] and [SEP] included, padding cut) as tensors."""
        torch = self._torch
        F = torch.nn.functional
        texts = list(texts)
        order = np.argsort([-len(t) for t in texts])
        rows: list[Any] = []
        with torch.inference_mode():
            for start in range(0, len(texts), batch_size):
                chunk = [texts[i] for i in order[start:start + batch_size]]
                encs = self.tokenizer.encode_batch(chunk)
                ids = torch.tensor([e.ids for e in encs], dtype=torch.long)
                mask = torch.tensor([e.attention_mask for e in encs], dtype=torch.long)
                hidden = self._forward(ids, mask)
                if output_value == "token_embeddings":
                    for h, m in zip(hidden, mask):
                        n = int(m.sum())
                        rows.append(h[:max(n, 1)])
                    continue
                m = mask.unsqueeze(-1).to(hidden.dtype)
                summed = (hidden * m).sum(dim=1, dtype=hidden.dtype)
                vec = summed / torch.clamp(m.sum(dim=1, dtype=hidden.dtype), min=1e-9)
                vec = F.normalize(vec, p=2, dim=-1)  # the folder's Normalize module
                if normalize_embeddings:
                    vec = F.normalize(vec, p=2, dim=1)
                rows.extend(vec)
        back = np.argsort(order)
        rows = [rows[i] for i in back]
        if output_value == "token_embeddings":
            return rows
        if not rows:
            return np.zeros((0, self.hidden), dtype=np.float32)
        out = torch.stack(rows)
        return out.numpy() if convert_to_numpy else out
