"""ingest.date_order is the one source of the order of all-numeric dates:
ingest (the publication date) and analyze (dates in the text) read the same
string the same way under either order."""

from __future__ import annotations

import pytest

from newsprism.analyze import analyze_article, analyzer_version
from newsprism.config import load_config
from newsprism.ingest import ingest_bytes

DOC = "Port talks resume after the strike\n03/04/2019\n\nThe port deal was signed on 03/04/2019, officials said.\n"


@pytest.mark.parametrize(("order", "expected"), [("DMY", "2019-04-03"), ("MDY", "2019-03-04")])
def test_date_order_ingest_and_analyze_agree(nlp, order, expected):
    config = load_config(env={"NEWSPRISM_INGEST_DATE_ORDER": order})
    (article,) = ingest_bytes(DOC.encode(), "port.txt", config=config)
    assert (article.published or "")[:10] == expected
    analyzed = analyze_article(article, config=config)
    values = [t.value for t in analyzed.times if t.text == "03/04/2019"]
    assert values == [expected]


def test_date_order_changes_the_analyzer_cache_key():
    dmy = load_config(env={"NEWSPRISM_INGEST_DATE_ORDER": "DMY"})
    mdy = load_config(env={"NEWSPRISM_INGEST_DATE_ORDER": "MDY"})
    assert analyzer_version(dmy) == analyzer_version(load_config(env={}))
    assert analyzer_version(mdy) != analyzer_version(dmy)


def test_date_order_not_shadowed_by_a_data_file_key():
    from newsprism.data import load_toml

    assert "date_order" not in load_toml("dates_rules.toml").get("settings", {})
