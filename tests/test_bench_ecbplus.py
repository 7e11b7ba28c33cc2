"""bench/ecbplus.py, the ECB+ reader shared by the benchmarks, on a tiny CAT XML."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

CAT = """<?xml version="1.0" encoding="UTF-8"?>
<Document doc_name="{name}.xml" doc_id="D1">
<token t_id="1" sentence="0" number="0">Rain</token>
<token t_id="2" sentence="0" number="1">hit</token>
<token t_id="3" sentence="0" number="2">Oslo</token>
<token t_id="4" sentence="0" number="3">.</token>
<token t_id="5" sentence="1" number="0">It</token>
<token t_id="6" sentence="1" number="1">fell</token>
<token t_id="7" sentence="1" number="2">on</token>
<token t_id="8" sentence="1" number="3">Monday</token>
<token t_id="9" sentence="1" number="4">&amp;</token>
<Markables>
<ACTION_OCCURRENCE m_id="10"><token_anchor t_id="2"/></ACTION_OCCURRENCE>
<LOC_GEO m_id="11"><token_anchor t_id="3"/></LOC_GEO>
<ACTION_OCCURRENCE m_id="12"><token_anchor t_id="6"/></ACTION_OCCURRENCE>
<TIME_DATE m_id="13"><token_anchor t_id="7"/><token_anchor t_id="8"/></TIME_DATE>
<ACTION_OCCURRENCE m_id="14" RELATED_TO="" TAG_DESCRIPTOR="rain_event" instance_id="ACT99"/>
</Markables>
<Relations>
<CROSS_DOC_COREF r_id="20" note="ACT99"><source m_id="10"/><source m_id="12"/><target m_id="14"/></CROSS_DOC_COREF>
<INTRA_DOC_COREF r_id="21"><source m_id="11"/><target m_id="15"/></INTRA_DOC_COREF>
</Relations>
</Document>
"""


@pytest.fixture(scope="module")
def ecb():
    spec = importlib.util.spec_from_file_location("ecbplus", ROOT / "bench" / "ecbplus.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.fixture()
def corpus(tmp_path):
    for topic, names in {3: ["3_1ecb", "3_10ecb", "3_2ecbplus"], 4: ["4_1ecb"]}.items():
        (tmp_path / str(topic)).mkdir()
        for name in names:
            (tmp_path / str(topic) / f"{name}.xml").write_text(CAT.format(name=name), encoding="utf-8")
    (tmp_path / "ECBplus_coreference_sentences.csv").write_text(
        "Topic,File,Sentence Number\n3,1ecb,0\n3,1ecb,1\n4,1ecb,1\n", encoding="utf-8")
    return tmp_path


def test_bench_ecbplus_reads_tokens_markables_relations(ecb, corpus):
    doc = ecb.read_document(corpus / "3" / "3_2ecbplus.xml")
    assert (doc.topic, doc.half, doc.name) == (3, "ecbplus", "3_2ecbplus")
    assert [t.text for t in doc.tokens][-1] == "&"  # entities decoded
    assert doc.token_by_id["8"] == ecb.Token("8", 1, 3, "Monday")
    assert doc.sentence_words() == {0: ["Rain", "hit", "Oslo", "."], 1: ["It", "fell", "on", "Monday", "&"]}
    assert doc.plain_text(sentence_sep="\n") == "Rain hit Oslo .\nIt fell on Monday &"
    # the instance description (no anchors) is a markable but not a mention
    assert [m.m_id for m in doc.markables] == ["10", "11", "12", "13", "14"]
    assert [m.m_id for m in doc.mentions("ACTION")] == ["10", "12"]
    assert doc.mentions("TIME_")[0].token_ids == ("7", "8")
    (cross,) = doc.relations_of("CROSS_DOC_COREF")
    assert (cross.r_id, cross.note, cross.sources, cross.target) == ("20", "ACT99", ("10", "12"), "14")
    (intra,) = doc.relations_of("INTRA_DOC_COREF")
    assert (intra.note, intra.sources, intra.target) == ("", ("11",), "15")


def test_bench_ecbplus_documents_order_half_and_missing_topics(ecb, corpus):
    names = [d.name for d in ecb.documents([4, 3, 99], data=corpus)]
    assert names == ["4_1ecb", "3_10ecb", "3_1ecb", "3_2ecbplus"]  # topics as given, files in name order
    assert [d.name for d in ecb.documents([3], data=corpus, half="ecbplus")] == ["3_2ecbplus"]
    assert ecb.annotated_sentences(corpus) == {"3_1ecb": {0, 1}, "4_1ecb": {1}}


def test_bench_ecbplus_detokenize_and_splits(ecb):
    assert ecb.detokenize(["``", "He", "did", "n't", "(", "really", ")", "pay", "$", "5", ",", "''", "she", "said"]) \
        == '"He didn\'t (really) pay $5," she said'
    assert set(ecb.DEV_TOPICS) | set(ecb.TRAIN_TOPICS) == set(ecb.ALL_TOPICS)
    assert not set(ecb.DEV_TOPICS) & set(ecb.TRAIN_TOPICS)
    assert 15 not in ecb.ALL_TOPICS and len(ecb.ALL_TOPICS) == 33


def test_bench_ecbplus_real_topic(ecb):
    if not (ecb.DATA / "1").is_dir():
        pytest.skip("ECB+ not beside the repository")
    docs = list(ecb.documents([1]))
    assert {d.half for d in docs} == {"ecb", "ecbplus"}
    for doc in docs:
        assert doc.tokens and doc.topic == 1
        ids = set(doc.token_by_id)
        assert all(a in ids for m in doc.mentions() for a in m.token_ids)
        sentences = [t.sentence for t in doc.tokens]
        assert sentences == sorted(sentences)  # file order is sentence order, which the scripts rely on
    assert any(r.tag == "CROSS_DOC_COREF" and r.note for d in docs for r in d.relations)
