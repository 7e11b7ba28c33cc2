"""CSV tables of the export: claims, conflicts, quotes, sources."""

from __future__ import annotations

import csv
import io

from newsprism.present.tables import TABLES, table_rows, write_table, write_tables


def _read(path) -> list[dict[str, str]]:  # noqa: ANN001
    return list(csv.DictReader(io.StringIO(path.read_text("utf-8"))))


def test_tables_one_file_per_table_with_a_row_per_item(export_doc, tmp_path):
    paths = write_tables(export_doc, tmp_path / "csv")
    assert sorted(paths) == sorted(TABLES)
    claims = _read(paths["claims"])
    assert [r["claim"] for r in claims] == ["c1", "c2", "c3", "c4"]
    c1 = claims[0]
    assert c1["verdict"] == "corroborated" and c1["independent_sources"] == "2" and c1["reports"] == "3"
    assert c1["outlets"].split("; ") == ["Northern Ledger", "NWA", "Coastal Daily"]
    assert c1["anchor"].startswith("c-")
    conflicts = _read(paths["conflicts"])
    assert [(r["conflict"], r["side"], r["value"]) for r in conflicts] == [
        ("k1", "1", "about 120"), ("k1", "2", "more than 200"), ("k2", "1", "2023-09"), ("k2", "2", "2023-10")]
    quotes = _read(paths["quotes"])
    assert len(quotes) == 3 and quotes[2]["direct"] == "false" and quotes[0]["outlet"] == "Northern Ledger"
    sources = _read(paths["sources"])
    assert len(sources) == 4  # three articles in the dam story, one in the tram story
    derived = {r["article"]: r["derived_from"] for r in sources}
    assert derived["b2c3d4e5f6071829"] == "citation:a1b2c3d4e5f60718"


def test_tables_formula_cells_made_inert(export_doc):
    export_doc["stories"][0]["claims"][0]["text"] = "=HYPERLINK(\"http://evil.example\")"
    export_doc["stories"][0]["claims"][1]["text"] = "-12 degrees overnight"
    _, rows = table_rows(export_doc, "claims")
    assert rows[0][7].startswith("'=") and rows[1][7] == "-12 degrees overnight"


def test_tables_one_table_to_a_stream(export_doc):
    out = io.StringIO()
    assert write_table(export_doc, "quotes", out) == 3
    assert out.getvalue().splitlines()[0].startswith("story,speaker,entity,direct,text")
