from newsprism.model import (
    AnalyzedArticle,
    Article,
    Claim,
    Conflict,
    ConflictSide,
    Entity,
    Removal,
    Repair,
    Report,
    Story,
    StoryReport,
    from_dict,
    to_dict,
)


def test_model_round_trip_keeps_every_field():
    art = Article(
        id="abc",
        path="x.txt",
        text="Body.",
        title="T",
        removed=[Removal(3, "Look also", "residue:look-also")],
        repairs=[Repair("badysts", "analysts", "filter-artifact", 10)],
        meta_sources={"published": "dateline"},
    )
    back = from_dict(Article, to_dict(art))
    assert back == art
    assert to_dict(art)["repairs"][0]["from"] == "badysts"


def test_model_nested_report_round_trip():
    rep = StoryReport(
        story=Story("s1", ["a", "b"], "H"),
        entities=[Entity("e1", "Baghouz", "GPE", ["Bagouz"], ["a"], [("a", 2)], ["why"])],
        claims=[Claim("c1", "t", "conflicting", [Report("a", 1, "x")], 2, [{"value": 400}])],
        conflicts=[Conflict("k1", "fighters", [ConflictSide("400", ["a"], [Report("a", 1, "x")])])],
    )
    back = from_dict(StoryReport, to_dict(rep))
    assert back == rep
    assert back.entities[0].mentions == [("a", 2)]


def test_model_unknown_keys_are_ignored():
    data = to_dict(Story("s", ["a"]))
    data["added_later"] = 1
    assert from_dict(Story, data) == Story("s", ["a"])


def test_model_embeddings_left_out_of_json():
    aa = AnalyzedArticle(article=Article(id="a", path="p", text="t"), embeddings=[[1.0]])
    assert "embeddings" not in to_dict(aa)
