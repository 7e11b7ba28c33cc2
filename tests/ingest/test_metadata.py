import pytest

from newsprism.ingest import ingest_bytes
from newsprism.ingest.metadata import (
    find_metadata_lines,
    outlet_from_url,
    parse_date,
    registrable_domain,
    title_from_text,
    url_from_line,
)


def test_metadata_seed_004_title_date_agency(seed_articles):
    _, article = seed_articles["004"]
    assert article.title == "The ISIS was cornered in a square kilometer of land"
    assert article.published == "2019-02-14"
    assert article.agency == "AFP"
    assert article.meta_sources["published"].startswith("text:title-dateline")
    assert article.meta_sources["agency"] == "text:credit-line"
    assert "AFP Agency." not in article.text


def test_metadata_seed_004_outlet_from_newsletter_line(seed_articles):
    _, article = seed_articles["004"]
    assert article.outlet == "Clarín"
    assert article.meta_sources["outlet"] == "text:residue:newsletter"


def test_metadata_seed_000_contributor(seed_articles):
    _, article = seed_articles["000"]
    assert article.contributors == ["Mohammed Rasool"]
    assert "Additional report" not in article.text
    assert article.agency is None


def test_metadata_seed_001_cites_but_is_not_the_guardian(seed_articles):
    _, article = seed_articles["001"]
    assert article.outlet is None and article.agency is None


@pytest.mark.parametrize(
    "text,order,expected",
    [
        ("14/02/2019", "DMY", ("2019-02-14", "dd/mm/yyyy")),
        ("02/14/2019", "DMY", ("2019-02-14", "mm/dd/yyyy")),
        ("03/04/2019", "DMY", ("2019-04-03", "dd/mm/yyyy:ambiguous-DMY")),
        ("03/04/2019", "MDY", ("2019-03-04", "mm/dd/yyyy:ambiguous-MDY")),
        ("05/05/2019", "MDY", ("2019-05-05", "dd/mm/yyyy")),
        ("June 13, 2013", "DMY", ("2013-06-13", "written-date")),
        ("Thursday 14 February 2019 10:32 GMT", "DMY", ("2019-02-14", "written-date")),
        ("2019-02-14", "DMY", ("2019-02-14", "yyyy-mm-dd")),
        ("2019-02-14T10:05:00Z", "DMY", ("2019-02-14T10:05:00+00:00", "iso-datetime")),
        ("31/31/2019", "DMY", None),
        ("2 hours ago", "DMY", None),
        ("last Saturday", "DMY", None),
    ],
)
def test_metadata_parse_date(text, order, expected):
    assert parse_date(text, order=order) == expected


def test_metadata_datelines_bylines_credits():
    lines = [
        "Council approves the budget",
        "By Jane Doe and John Roe",
        "First Published: June 13, 2013",
        "Updated: June 14, 2013",
        "The council approved the budget on Tuesday after a long debate.",
        "Additional reporting by Ali Hassan in Beirut and Maria Lopez.",
        "— AP",
        "Source: The Guardian",
    ]
    meta = find_metadata_lines(lines, title_index=0)
    assert meta.fields["published"] == "2013-06-13"
    assert meta.sources["published"].startswith("text:dateline-published")
    assert meta.fields["byline"] == "Jane Doe, John Roe"
    assert meta.fields["contributors"] == ["Ali Hassan", "Maria Lopez"]
    assert meta.fields["agency"] == "AP"
    assert meta.fields["outlet"] == "The Guardian"
    assert set(meta.drop) == {1, 2, 3, 5, 6, 7}


def test_metadata_content_lines_are_not_metadata():
    lines = [
        "A headline",
        "By listening to the frequency of walkie-talkies, the forces can hear them.",
        "Released on bail, he said nothing.",
        "The AP reported the figure first, citing two officials.",
        "Reporting by the newspaper was later confirmed by officials in Baghdad, according to the ministry.",
    ]
    meta = find_metadata_lines(lines, title_index=0)
    assert meta.drop == {} and meta.fields == {}


def test_metadata_lede_dateline_gives_agency():
    lines = ["Headline here", "", "BEIRUT (Reuters) - Syrian forces said on Monday they had taken the town."]
    assert find_metadata_lines(lines, title_index=0).fields["agency"] == "Reuters"


def test_metadata_title_rules():
    assert title_from_text("Short headline | 13 June 2013\n\nBody text.") == (
        "Short headline", "text:first-line", ("2013-06-13", "text:title-dateline:written-date"))
    title, rule, date = title_from_text("This first line is a full sentence of the lede, ending with a stop. And more.")
    assert rule == "text:first-sentence" and date is None
    assert title == "This first line is a full sentence of the lede, ending with a stop."


def test_metadata_source_line_needs_a_known_outlet_or_address():
    lines = ["Headline", "Only five countries spend 2 percent of GDP on defence.", "Source: NATO."]
    meta = find_metadata_lines(lines, title_index=0)
    assert meta.drop == {} and "outlet" not in meta.fields
    meta = find_metadata_lines(lines[:2] + ["Source: www.example-news.com"], title_index=0)
    assert meta.fields["outlet"] == "www.example-news.com" and meta.drop == {2: "metadata:source"}


def test_metadata_lede_dateline_unknown_agency_and_date():
    lines = ["Headline here", "", "PORTVILLE, 07/05/2024 (Harbour Wire Service) - Ten ships were held on Monday."]
    meta = find_metadata_lines(lines, title_index=0)
    assert meta.fields["agency"] == "Harbour Wire Service"
    assert meta.fields["published"] == "2024-05-07"
    assert meta.sources["published"].startswith("text:lede-dateline:")
    assert meta.drop == {}  # the lede stays in the text


def test_metadata_lede_dateline_place_with_country_is_not_a_date():
    lines = ["Headline here", "", "Baghuz, Syria (Eastline Press) - Fighters surrendered on Monday."]
    meta = find_metadata_lines(lines, title_index=0)
    assert meta.fields["agency"] == "Eastline Press" and "published" not in meta.fields


def test_metadata_closing_agency_line_unknown_name():
    lines = ["Headline here", "", "Ten ships were held on Monday, officials said.", "", "Northgate Press Agency."]
    meta = find_metadata_lines(lines, title_index=0)
    assert meta.fields["agency"] == "Northgate Press" and meta.drop == {4: "metadata:agency"}


def test_metadata_agency_word_in_content_is_not_a_credit():
    lines = ["Headline here", "Environmental Protection Agency", "The Environmental Protection Agency said so.",
             "Ten ships were held on Monday, officials said.", "It was the Federal Agency."]
    meta = find_metadata_lines(lines, title_index=0)
    # Not closing-line credits: a subheading without a stop, a sentence.
    assert "agency" not in meta.fields and meta.drop == {}


@pytest.mark.parametrize(
    "url, outlet",
    [
        ("https://www.nytimes.com/2010/05/01/world/story.html", "The New York Times"),
        ("http://www.foxnews.com/story/0,2933,1,00.html", "Fox News"),
        ("https://www.reuters.com/article/us-war-idUS", "Reuters"),
        ("https://edition.cnn.com/2024/03/18/world/index.html", "CNN"),
        ("https://amp.theguardian.com/world/2024/mar/18/x", "The Guardian"),
        ("https://m.smh.com.au/world/x", "Sydney Morning Herald"),
        ("https://news.bbc.co.uk/2/hi/middle_east/1.stm", "BBC"),
        ("https://abcnews.go.com/International/x", "ABC News"),
        ("www.aljazeera.com/news/x", "Al Jazeera"),
    ],
)
def test_metadata_outlet_from_url_known_domains(url, outlet):
    assert outlet_from_url(url)[0] == outlet


def test_metadata_outlet_from_url_unknown_domain_is_the_domain():
    assert outlet_from_url("https://news.example-gazette.co.uk/a/b") == ("example-gazette.co.uk", "url:domain")
    assert registrable_domain("https://edition.cnn.com/x") == "cnn.com"
    assert registrable_domain("https://a.b.example.com.au/x") == "example.com.au"
    # not URLs: nothing
    for value in ("feed.jsonl#3", "not a url", "http://127.0.0.1/x", ""):
        assert outlet_from_url(value) is None


def test_metadata_outlet_order_sidecar_then_url_then_text():
    text = "A headline about the port\n\nThe port reopened on Monday after a week, officials said on the quay.\n\nSource: The Guardian"
    rec = {"url": "https://www.nytimes.com/2024/05/07/world/port.html", "text": text}
    import json

    (art,) = ingest_bytes(json.dumps(rec).encode(), "one.json")
    assert art.outlet == "The New York Times" and art.meta_sources["outlet"] == "url:nytimes.com"
    (art,) = ingest_bytes(json.dumps({**rec, "outlet": "Harbour Post"}).encode(), "two.json")
    assert art.outlet == "Harbour Post"
    (art,) = ingest_bytes(json.dumps({"text": text}).encode(), "three.json")
    assert art.outlet == "The Guardian"


def test_metadata_quoting_an_outlet_does_not_make_the_article_its_own():
    text = ("Siege of the river town tightens\n\nA commander told the New York Times that the town would fall soon. "
            "The Guardian reported that food was running out, according to aid workers on the road.")
    (art,) = ingest_bytes(text.encode(), "told.txt")
    assert art.outlet is None


@pytest.mark.parametrize(
    "line, url",
    [
        ("http://www.nytimes.com/2013/03/14/nyregion/shot.html?pagewanted=all",
         "http://www.nytimes.com/2013/03/14/nyregion/shot.html?pagewanted=all"),
        # a tokenised address, as corpora store them
        ("http : / / rt . com / usa / brooklyn - riot - 127 /", "http://rt.com/usa/brooklyn-riot-127/"),
        ("http: / / www. dailymail. co. uk / news / article - 22. html", "http://www.dailymail.co.uk/news/article-22.html"),
        # commas and apostrophes inside a tokenised address
        ("http: / / www. people. example. com / article / 0,, 2069, 00. html",
         "http://www.people.example.com/article/0,,2069,00.html"),
        ("http: / / www. herald. example. com / article / 13 / harbour ’ s - old - crane - falls -",
         "http://www.herald.example.com/article/13/harbour’s-old-crane-falls-"),
        ("www.example.com, the city's site, has the full list", None),
        ("www.example.com has the full list", None),
        ("http://example.com - breaking news from the port", None),
        ("Riot breaks out in Brooklyn", None),
    ],
)
def test_metadata_url_from_line(line, url):
    assert url_from_line(line) == url


def test_metadata_leading_url_line_is_metadata_outlet_and_next_line_title():
    text = ("http : / / www . nytimes . com / 2013 / 03 / 14 / nyregion / teen - shot . html\n\n"
            "Sunday, March 17, 2013 | 5 : 00 PM\n\n"
            "Anger Persists Over a Teenager's Killing\n\n"
            "The vigil on Monday night turned into a confrontation with the police, witnesses said.")
    (art,) = ingest_bytes(text.encode(), "ecb.txt")
    assert art.outlet == "The New York Times"
    assert art.meta_sources["outlet"] == "text:url-line:url:nytimes.com"
    assert art.url == "http://www.nytimes.com/2013/03/14/nyregion/teen-shot.html"
    assert art.title == "Anger Persists Over a Teenager's Killing"
    assert art.published == "2013-03-17"
    assert "http" not in art.text and "nytimes" not in art.text
    assert [r.rule for r in art.removed][:1] == ["metadata:url"]
    # A sidecar URL and outlet still come first: the line only fills what is missing.
    import json

    rec = {"text": text, "url": "https://www.reuters.com/x", "title": "Given title"}
    (art,) = ingest_bytes(json.dumps(rec).encode(), "one.json")
    assert art.outlet == "Reuters" and art.url == "https://www.reuters.com/x" and art.title == "Given title"
    # An address inside a sentence is text.
    (art,) = ingest_bytes(b"www.example.com has the list of shelters\n\nThe shelters open at noon, officials said.", "x.txt")
    assert art.outlet is None and art.text.startswith("www.example.com has")


def test_metadata_page_time_stamps_are_datelines():
    assert parse_date("March 12, 2013 02: 03") == ("2013-03-12", "written-date")
    meta = find_metadata_lines(["Title here", "Published time: March 12, 2013 02: 03",
                                "Edited time: March 13, 2013 02: 15", "Body text of the report."], title_index=0)
    assert meta.fields["published"] == "2013-03-12" and set(meta.drop) == {1, 2}


@pytest.mark.parametrize("stamp, published", [("on Apr 14 2031, 7: 42p", "2031-04-14"),
                                              ("October 3rd, 2031, 10: 05 GMT", "2031-10-03")])
def test_metadata_clock_stamps_as_corpora_cut_them_date_the_page(stamp, published):
    # An ordinal day and "p" for "pm": the stamp dates the page and is no headline.
    text = ("http: / / www. harbourtimes. example. com / news / ferry - strike\n"
            f"{stamp}\nFerry crews walk out over rosters\n"
            "Ferry crews walked out on Friday after talks on new rosters broke down, their union said.")
    (art,) = ingest_bytes(text.encode(), "ferry.txt")
    assert art.published == published
    assert art.title == "Ferry crews walk out over rosters"
    assert stamp not in art.text
