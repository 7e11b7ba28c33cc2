import gzip
import io
import json

from newsprism.ingest import ingest_bytes
from newsprism.ingest.readers import detect_format, record_fields

BODY = "Kurdish-led forces said on Thursday they had surrounded the last pocket held by Islamic State fighters."
PAGE = f"""<!DOCTYPE html><html><head><title>Forces close in | The Example Times</title>
<meta property="og:site_name" content="The Example Times">
<meta property="article:published_time" content="2019-02-14T09:00:00Z"></head>
<body><nav><a href="/">Home</a></nav><article><h1>Forces close in</h1><p>{BODY}</p>
<p>About 400 fighters remain inside, according to commanders at the front, who said many were foreigners.</p>
<p>Read more: Why Baghuz matters</p></article></body></html>"""


def _warc(pages: list[tuple[str, str]], *, gz: bool) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gz)
    for url, html in pages:
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(html.encode()),
                                                      http_headers=headers))
    return buf.getvalue()


def test_readers_html_keeps_title_date_site(config):
    (a,) = ingest_bytes(PAGE.encode(), "page.html", config=config)
    assert a.format == "html"
    assert BODY in a.text and "Read more" not in a.text and "Home" not in a.text.split("\n")
    assert a.published == "2019-02-14" and a.outlet == "The Example Times"
    assert a.meta_sources["published"] == "trafilatura:date"


def test_readers_json_aliases_and_provenance(config):
    record = {"Headline": "Budget approved", "Body": BODY, "pubDate": "2019-03-05T08:00:00Z",
              "link": "http://example.org/1", "source": {"id": "x", "name": "The Guardian"},
              "authors": ["A. Writer", {"name": "B. Writer"}], "lang": "en-GB"}
    for payload in (record, [record], {"articles": [record]}):
        (a,) = ingest_bytes(json.dumps(payload).encode(), "a.json", config=config)
        assert a.title == "Budget approved" and a.url == "http://example.org/1"
        assert a.published == "2019-03-05T08:00:00+00:00"
        assert a.outlet == "The Guardian" and a.byline == "A. Writer, B. Writer" and a.language == "en"
        assert a.meta_sources["title"] == "sidecar:Headline" and a.meta_sources["outlet"] == "sidecar:source"


def test_readers_record_fields_every_alias_group_documented():
    from newsprism.ingest import readers

    for name in ("text", "title", "published", "url", "outlet", "byline", "language"):
        assert f"- {name}:" in readers.__doc__
    values, _ = record_fields({"article": "x", "site_name": "y", "byline": "z", "published": "2019-01-01"})
    assert values == {"text": "x", "outlet": "y", "byline": "z", "published": "2019-01-01"}


def test_readers_jsonl_bad_lines_reported_good_lines_kept(config):
    data = "\n".join([
        json.dumps({"text": BODY}),
        '{"text": "broken',
        json.dumps({"title": "no text"}),
        json.dumps({"content": BODY.replace("Thursday", "Friday")}),
    ]).encode()
    problems = []
    articles = ingest_bytes(data, "x.jsonl", config=config, on_error=problems.append)
    assert [a.path for a in articles] == ["x.jsonl#1", "x.jsonl#4"]
    assert [p.code for p in problems] == ["E006", "E008"]
    assert "line 2" in str(problems[0]) and "x.jsonl" in str(problems[0])


def test_readers_csv_rows(config):
    data = f'headline;content;published\n"Flood";"{BODY}";14/03/2019\n"Two";"{BODY} Again.";2019-03-15\n'.encode()
    articles = ingest_bytes(data, "rows.csv", config=config)
    assert [a.published for a in articles] == ["2019-03-14", "2019-03-15"]
    assert articles[0].title == "Flood"


def test_readers_warc_each_html_response_is_an_article(config):
    second = PAGE.replace(BODY, BODY.replace("Thursday", "Friday night"))
    for gz in (False, True):
        data = _warc([("http://example.org/a", PAGE), ("http://example.org/b", second)], gz=gz)
        name = "crawl.warc.gz" if gz else "crawl.warc"
        articles = ingest_bytes(data, name, config=config)
        assert [a.url for a in articles] == ["http://example.org/a", "http://example.org/b"]
        assert all(a.format == "warc" for a in articles)


def test_readers_unknown_suffix_is_sniffed():
    assert detect_format("page.php", PAGE.encode()) == "html"
    assert detect_format("notes.log", b"Just some plain text.\n") == "txt"
    assert detect_format("dump", b'{"text": "a"}\n{"text": "b"}\n') == "jsonl"
    assert detect_format("crawl.bin", gzip.compress(b"WARC/1.0\r\n")) == "warc"
    assert detect_format("x.HTM", b"") == "html"


def test_readers_malformed_containers_name_the_file(config):
    import pytest

    from newsprism.errors import InputError

    cases = [
        (b'{"text": "unterminated', "a.json", "E015"),
        (b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 99999\r\n\r\ntruncated", "c.warc", "E013"),
        (b'{"headline": "no body at all"}', "d.json", "E008"),
    ]
    for data, name, code in cases:
        with pytest.raises(InputError) as info:
            ingest_bytes(data, name, config=config)
        assert info.value.code == code and name in str(info.value), (name, str(info.value))


def _one_line_errors(data: bytes, name: str) -> list[str]:
    from newsprism.errors import InputError
    from newsprism.ingest.readers import read_document

    out = list(read_document(data, name, detect_format(name, data), max_bytes=1_000_000))
    return [str(e) for e in out if isinstance(e, InputError)]


def test_readers_json_lone_surrogate_is_repaired(config):
    record = json.dumps({"title": "Ferry late", "text": BODY + " \udfff"}).encode()
    (article,) = ingest_bytes(record, "s.json", config=config)
    assert "\ufffd" in article.text and "\udfff" not in article.text
    article.text.encode("utf-8")


def test_readers_json_deep_nesting_and_huge_integers_are_one_error_each():
    (deep,) = _one_line_errors(b"[" * 50_000 + b"]" * 50_000, "deep.json")
    assert deep.startswith("E015: deep.json:") and "nested too deeply" in deep
    (big,) = _one_line_errors(b'{"text": "x", "n": 1' + b"0" * 5000 + b"}", "big.json")
    assert big.startswith("E015: big.json:") and "digits" in big
    lines = b'{"text": "' + BODY.encode() + b'"}\n' + b"[" * 50_000 + b"\n" + b'{"n": 1' + b"0" * 5000 + b"}\n"
    errors = _one_line_errors(lines, "x.jsonl")
    assert [e.split(":")[2].strip() for e in errors] == ["line 2", "line 3"]


def test_readers_header_only_csv_is_reported():
    (error,) = _one_line_errors(b"title,text\n", "h.csv")
    assert error.startswith("E012: h.csv:") and "no rows" in error


def test_readers_warc_expanded_size_is_limited_and_truncation_reported():
    bomb = gzip.compress(b"WARC/1.0\r\n" + b"\0" * 2_000_000)
    (error,) = _one_line_errors(bomb, "bomb.warc.gz")
    assert "expands to more than 1000000 bytes" in error
    pages = [(f"http://example.test/{i}", PAGE.replace("Forces close in", f"Forces close in {i}")) for i in range(4)]
    for gz in (True, False):
        data = _warc(pages, gz=gz)
        name = "cut.warc.gz" if gz else "cut.warc"
        (error,) = _one_line_errors(data[:-40], name)
        assert error.startswith(f"E013: {name}") and "truncated" in error and "3 records read" in error
        assert _one_line_errors(data, name) == []
