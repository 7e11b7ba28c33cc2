"""The one names module: every stage decides "same name" the same way."""

from __future__ import annotations

import pytest

from newsprism import names
from newsprism.errors import NewsprismError
from newsprism.model import AnalyzedArticle, Article, Entity, Quote


def test_names_group_and_reconcile_share_one_normal_form():
    from newsprism.group import names as group_names
    from newsprism.reconcile import entities

    # the stages import the one implementation, not copies of it
    assert group_names.name_key is names.name_key
    assert entities.normalize_name is names.normalize_name
    for a, b in [("Baghouz", "Bagouz"), ("al-Baghdadi", "Al Baghdadi"), ("Abu Mu’az", "Abu Muaz")]:
        assert names.name_key(a) == names.name_key(b)
        assert entities.name_key(a) == entities.name_key(b)


def test_names_titles_drop_only_before_the_name():
    # "Major" is a title before a name and a surname after one
    assert names.normalize_name("Major John Smith") == "john smith"
    assert names.normalize_name("John Major") == "john major"
    assert names.name_key("President Donald Trump", person=True) == names.name_key("Donald Trump", person=True)


def test_names_initialisms_and_possessives_fold():
    assert names.normalize_name("the U.S.") == names.normalize_name("US")
    assert names.normalize_name("Lohan's") == "lohan"
    assert names.normalize_name("São Paulo") == "sao paulo"


def test_names_person_generation_suffix_off_in_group_key():
    assert names.name_key("Martin Luther King Jr.", person=True) == names.name_key("Martin Luther King", person=True)


def test_names_spelling_threshold_only_for_long_keys():
    rules = names.name_rules()
    assert names.spelled_alike(names.name_key("Bagdadi"), names.name_key("Baghdady"))
    assert not names.spelled_alike("iran", "iraq")  # shorter than fuzzy_min_length: exact only
    assert rules.fuzzy_min_length > 4


def test_names_keys_match_surname_for_people_only():
    full, last = names.name_key("Abu Bakr al-Baghdadi", person=True), names.name_key("Baghdadi", person=True)
    assert names.keys_match(full, last, person=True)
    assert not names.keys_match(full, last)
    assert not names.keys_match(names.name_key("Tara Reid"), names.name_key("Lindsay Lohan"), person=True)


def test_names_outlet_key_drops_article_and_suffix():
    suffixes = ["newspaper", "news agency", "agency"]
    assert names.outlet_key("The Guardian newspaper", suffixes=suffixes) == "guardian"
    assert names.outlet_key("Anadolu news agency", suffixes=suffixes) == "anadolu"
    assert names.outlet_key("The Guardian") == names.outlet_key("guardian")


def test_names_speaker_with_title_finds_the_entity():
    from newsprism.reconcile import story_quotes

    art = Article(id="a1", path="a.txt", text="x")
    q = Quote(text="we will rebuild", sentence=0, direct=True, speaker="Mayor Irena Vass")
    ent = Entity(id="e1", name="Irena Vass", type="PERSON", variants=["Irena Vass"])
    (out,) = story_quotes([AnalyzedArticle(article=art, quotes=[q])], entities=[ent])
    assert out["entity"] == "e1"


def test_names_broken_data_file_gives_clear_message(monkeypatch):
    monkeypatch.setattr(names, "load_toml", lambda name: {"fuzzy_min_ratio": 86})
    names.name_rules.cache_clear()
    try:
        with pytest.raises(NewsprismError, match="names.toml"):
            names.name_rules()
    finally:
        names.name_rules.cache_clear()


def test_names_spelled_alike_takes_the_lower_entity_bar_only_when_asked():
    # One test of spelling for both stages: the group stage's default bar,
    # and entity resolution's lower one for names that share a skeleton.
    from newsprism.config import ReconcileSettings, stage_settings

    entity_bar = stage_settings(ReconcileSettings).entity_min_ratio
    a, b = names.normalize_name("Baghdadi"), names.normalize_name("Bagdady")
    assert names.skeleton_key(a.split()) == names.skeleton_key(b.split())
    assert not names.spelled_alike(a, b)
    assert names.spelled_alike(a, b, min_ratio=entity_bar, min_length=0)
    m, w = names.normalize_name("Mosul"), names.normalize_name("Mawsil")
    assert names.skeleton_key(m.split()) == names.skeleton_key(w.split())
    assert not names.spelled_alike(m, w, min_ratio=entity_bar, min_length=0)
    from newsprism.reconcile import entities

    assert entities.name_key("Baghdadi") == " ".join(names.skeleton_key([a]))


def test_names_same_outlet_uses_the_shipped_suffixes():
    assert names.same_outlet("The Guardian newspaper", "guardian")
    assert names.same_outlet("Anadolu news agency", "ANADOLU")
    assert not names.same_outlet("The Guardian", "The Observer")
    assert not names.same_outlet("", None)
    assert names.outlet_key("Reuters agency") == "reuters"


def _match_keys_by_keys_match(a, b, persons):
    # match_keys as it reads: exact pairs first, then for each other key of
    # a the best spelling variant, else the first key of b that
    # keys_match(person=True) accepts (either being a person).
    rules = names.name_rules()
    kb = sorted(b)
    used, pairs, rest = set(), [], []
    for x in sorted(a):
        if x in kb:
            pairs.append((x, x))
            used.add(x)
        else:
            rest.append(x)
    for x in rest:
        free = [y for y in kb if y not in used]
        if not free:
            break
        scored = [(names.fuzz.ratio(x, y), -i, y) for i, y in enumerate(free)
                  if min(len(x), len(y)) >= rules.fuzzy_min_length]
        best = max(scored)[2] if scored and max(scored)[0] >= rules.fuzzy_min_ratio else None
        if best is None:
            best = next((y for y in free if (x in persons or y in persons)
                         and names.keys_match(x, y, person=True, rules=rules)), None)
        if best is not None:
            pairs.append((x, best))
            used.add(best)
    return pairs


def test_names_match_keys_person_shortcut_gives_the_keys_match_answer():
    # The person rules are tried only on keys ending with the same token; the
    # pairs must be the ones keys_match gives when asked of every key.
    a = ["abu bakr baghdadi", "trump", "al", "donald trump", "baghouz", "jo smith", "smith", "mary ann lee"]
    b = ["bakr baghdadi", "donald j trump", "baguz", "smith", "ann lee", "lee", "mith", "al"]
    persons = {"abu bakr baghdadi", "trump", "donald trump", "jo smith", "smith", "mary ann lee", "bakr baghdadi",
               "donald j trump", "ann lee", "lee", "mith", "al"}
    for ka, kb in ((a, b), (b, a), (a[:3], b[3:]), (a[4:], b)):
        expected = _match_keys_by_keys_match(ka, kb, persons)
        assert names.match_keys(ka, kb, persons=persons) == expected
    assert ("mary ann lee", "ann lee") in names.match_keys(a, b, persons=persons)
