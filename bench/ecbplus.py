"""One reader of the ECB+ corpus for every benchmark (Cybulska & Vossen, LREC 2014).

The corpus sits beside the repository, in ``../shared/benchmarks/ecbplus/<topic>/``:
one CAT XML file per document, ``<topic>_<n>ecb.xml`` (the original ECB half of
the topic: one event) or ``<topic>_<n>ecbplus.xml`` (the added half: another
event of the same kind).  A file holds

* ``<token t_id sentence number>word</token>`` - the tokenised text;
* ``<Markables>``: one element per mention, its tag the mention type
  (``ACTION_OCCURRENCE``, ``HUMAN_PART_PER``, ``LOC_GEO``, ``TIME_DATE``, ...),
  with ``m_id`` and ``<token_anchor t_id>`` children; a markable without anchors
  is an instance description (the target of a relation), not a mention;
* ``<Relations>``: ``CROSS_DOC_COREF`` (``note`` = the corpus-wide instance id)
  and ``INTRA_DOC_COREF``, each with ``<source m_id>`` mentions and one
  ``<target m_id>``.

``ECBplus_coreference_sentences.csv`` lists the sentences the annotators
checked for coreference; :func:`annotated_sentences` reads it.

Usage.  The scripts run as ``python bench/<name>.py`` and tests load them by
path (bench/ is not on ``sys.path`` then), so a script puts its own folder on
the path before importing this module::

    sys.path.insert(0, str(Path(__file__).resolve().parent))

    from ecbplus import DEV_TOPICS, documents
    for doc in documents(DEV_TOPICS):
        doc.topic, doc.half, doc.name, doc.sentence_words()

Joining tokens into text is each benchmark's own choice (what its scorer needs:
token offsets, sentence spans, detokenised prose); :meth:`Document.sentence_words`
gives the words per sentence, :meth:`Document.plain_text` the simplest joining
and :func:`detokenize` a prose-like one.
"""

from __future__ import annotations

import csv
import functools
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "ALL_TOPICS",
    "DATA",
    "DEV_TOPICS",
    "TRAIN_TOPICS",
    "Document",
    "Markable",
    "Relation",
    "Token",
    "annotated_sentences",
    "available",
    "detokenize",
    "documents",
    "read_document",
]

DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "benchmarks" / "ecbplus"

# Topics 15 and 17 are not in the copy we have; the dev split is fixed once,
# so that every benchmark tunes on TRAIN_TOPICS and reports on DEV_TOPICS.
DEV_TOPICS: tuple[int, ...] = (2, 5, 12, 18, 21, 23, 34, 35)
ALL_TOPICS: tuple[int, ...] = tuple(t for t in range(1, 36) if t not in (15, 17))
TRAIN_TOPICS: tuple[int, ...] = tuple(t for t in ALL_TOPICS if t not in DEV_TOPICS)


@dataclass(frozen=True)
class Token:
    t_id: str
    sentence: int
    number: int  # position within the sentence
    text: str


@dataclass(frozen=True)
class Markable:
    m_id: str
    tag: str  # ACTION_OCCURRENCE, HUMAN_PART_PER, LOC_GEO, TIME_DATE, ...
    token_ids: tuple[str, ...]  # t_ids in file order; empty for an instance description


@dataclass(frozen=True)
class Relation:
    tag: str  # CROSS_DOC_COREF | INTRA_DOC_COREF
    r_id: str
    note: str  # the corpus-wide instance id of a CROSS_DOC_COREF; often "" otherwise
    sources: tuple[str, ...]  # m_ids of the mentions
    target: str  # m_id of the instance markable ("" if none)


@dataclass(frozen=True)
class Document:
    topic: int
    half: str  # "ecb" | "ecbplus"
    name: str  # file stem, e.g. "2_1ecb"; matches "<Topic>_<File>" of the CSV
    path: Path
    tokens: tuple[Token, ...]  # file order
    markables: tuple[Markable, ...]  # file order
    relations: tuple[Relation, ...]  # file order

    @functools.cached_property
    def token_by_id(self) -> dict[str, Token]:
        return {t.t_id: t for t in self.tokens}

    def sentence_words(self) -> dict[int, list[str]]:
        """Sentence number -> its words, in file order (which is sentence order)."""
        out: dict[int, list[str]] = {}
        for t in self.tokens:
            out.setdefault(t.sentence, []).append(t.text)
        return out

    def plain_text(self, *, sentence_sep: str = "\n\n") -> str:
        """Words joined by single spaces, sentences by ``sentence_sep`` (no detokenising)."""
        return sentence_sep.join(" ".join(words) for words in self.sentence_words().values())

    def mentions(self, prefix: str = "") -> list[Markable]:
        """Markables anchored to tokens whose tag starts with ``prefix``."""
        return [m for m in self.markables if m.token_ids and m.tag.startswith(prefix)]

    def relations_of(self, tag: str) -> list[Relation]:
        return [r for r in self.relations if r.tag == tag]


def _half(stem: str) -> str:
    return "ecbplus" if stem.endswith("ecbplus") else "ecb"


def read_document(path: Path | str) -> Document:
    """Parse one CAT XML file (cached per process: the files do not change)."""
    return _read(str(path))


@functools.lru_cache(maxsize=None)
def _read(path_str: str) -> Document:
    path = Path(path_str)
    root = ET.parse(path).getroot()
    stem = path.stem
    tokens = tuple(
        Token(t.get("t_id", ""), int(t.get("sentence", "0")), int(t.get("number", "0")), t.text or "")
        for t in root.iter("token")
    )
    markables = []
    found = root.find("Markables")
    for el in found if found is not None else []:
        anchors = tuple(a.get("t_id", "") for a in el.iter("token_anchor"))
        markables.append(Markable(el.get("m_id", ""), el.tag, anchors))
    relations = []
    found = root.find("Relations")
    for el in found if found is not None else []:
        target = el.find("target")
        relations.append(Relation(
            tag=el.tag,
            r_id=el.get("r_id", ""),
            note=el.get("note", "") or "",
            sources=tuple(s.get("m_id", "") for s in el.iter("source")),
            target=target.get("m_id", "") if target is not None else "",
        ))
    return Document(int(stem.split("_")[0]), _half(stem), stem, path, tokens, tuple(markables), tuple(relations))


def available(data: Path = DATA) -> bool:
    return data.is_dir()


def documents(topics: Iterable[int] = ALL_TOPICS, *, data: Path = DATA,
              half: str | None = None) -> Iterator[Document]:
    """The documents of ``topics``, topic by topic in the order given, files of
    a topic in name order (``1_10ecb`` before ``1_1ecb``: plain string sort).
    ``half`` keeps only "ecb" or "ecbplus".  Missing topics are skipped."""
    for t in topics:
        for path in sorted((data / str(t)).glob("*.xml")):
            if half is None or _half(path.stem) == half:
                yield read_document(path)


def annotated_sentences(data: Path = DATA) -> dict[str, set[int]]:
    """Document name ("1_10ecbplus") -> the sentence numbers checked for coreference."""
    out: dict[str, set[int]] = {}
    with open(data / "ECBplus_coreference_sentences.csv", newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            out.setdefault(f"{row['Topic']}_{row['File']}", set()).add(int(row["Sentence Number"]))
    return out


_NO_SPACE_BEFORE = re.compile(r" ([,.;:!?%)\]}]|'s|'re|'ve|'ll|'d|'m|n't|'')")
_NO_SPACE_AFTER = re.compile(r"([(\[{$]|``) ")


def detokenize(words: list[str]) -> str:
    """Words of one sentence as prose: no space before closing punctuation and
    clitics or after opening ones, PTB quotes as plain double quotes."""
    text = " ".join(words)
    text = _NO_SPACE_BEFORE.sub(r"\1", text)
    text = _NO_SPACE_AFTER.sub(r"\1", text)
    return text.replace("``", '"').replace("''", '"')
