from newsprism.group.names import keys_match, match_keys, name_key


def test_names_transliteration_variants_share_a_key():
    keys = {name_key(n) for n in ("Baghouz", "Bagouz", "Baghuz")}
    assert len(keys) == 1
    assert name_key("Keshmah") == name_key("Al Keshma")


def test_names_person_titles_and_articles_dropped():
    assert name_key("al-Baghdadi", person=True) == name_key("Al Baghdadi", person=True)
    assert keys_match(name_key("Abu Bakr al-Baghdadi", person=True), name_key("Baghdadi", person=True), person=True)
    assert not keys_match(name_key("Tara Reid", person=True), name_key("Lindsay Lohan", person=True), person=True)


def test_names_match_keys_pairs_each_key_once():
    a = {name_key("Baghouz"): 1.0, name_key("Syria"): 1.0, name_key("Mosul"): 1.0}
    b = {name_key("Baghuz"): 1.0, name_key("Syria"): 1.0, name_key("Deir Ezzor"): 1.0}
    pairs = match_keys(a, b)
    assert sorted(pairs) == sorted([(name_key("Baghouz"), name_key("Baghuz")), (name_key("Syria"),) * 2])


def test_names_broken_data_file_gives_clear_message():
    import pytest

    from newsprism.errors import NewsprismError
    from newsprism.group.names import load_group_data

    with pytest.raises(NewsprismError, match="group_similarity.toml"):
        load_group_data("group_similarity.toml", lambda raw: raw["no_such_key"])
