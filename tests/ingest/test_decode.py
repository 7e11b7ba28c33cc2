import pytest

from newsprism.ingest.decode import binary_reason, decode_bytes, normalize_text

TEXT = "Les forces kurdes ont annoncé l’offensive finale à Baghouz, près de la frontière irakienne."


def test_decode_utf8_and_bom():
    assert decode_bytes(TEXT.encode()).text == TEXT
    assert decode_bytes(b"\xef\xbb\xbf" + TEXT.encode()).text == TEXT
    assert decode_bytes(TEXT.encode("utf-16")).text == TEXT
    assert decode_bytes(TEXT.encode("utf-16-le")).text == TEXT  # no BOM


def test_decode_truncated_utf8_loses_only_the_cut_character():
    data = TEXT.encode()
    cut = data[: data.index("à".encode()) + 1]  # half of "à"
    d = decode_bytes(cut)
    assert d.text == TEXT[: TEXT.index("à")]
    assert d.repairs[0].rule == "decode:truncated-utf8" and d.problem is None


def test_decode_stray_latin1_bytes_in_utf8():
    data = TEXT.encode() + " Caf\xe9 ferm\xe9.".encode("latin-1")
    d = decode_bytes(data)
    assert d.text.endswith("Café fermé.") and TEXT in d.text
    assert [r.rule for r in d.repairs] == ["decode:invalid-utf8-as-cp1252"] * 2


def test_decode_legacy_encoding_detected():
    text = "Министерство обороны России сообщило в понедельник о новых ударах по позициям боевиков в провинции."
    assert decode_bytes(text.encode("cp1251")).text == text


@pytest.mark.parametrize(
    "data,reason",
    [
        (b"%PDF-1.7\n...", "PDF"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "PNG"),
        (bytes(range(256)) * 4, "NUL"),
        (b"\x01\x02\x03\x04\x05 text \x06\x07\x08" * 50, "control"),
    ],
)
def test_decode_binary_is_recognised(data, reason):
    assert reason in binary_reason(data)


def test_decode_text_is_not_binary():
    assert binary_reason(TEXT.encode()) is None
    assert binary_reason(TEXT.encode("utf-16")) is None


def test_decode_normalize_records_invisible_characters():
    text, repairs = normalize_text("a\u200bb\r\nc\xa0d\x07")
    assert text == "ab\nc d"
    assert {r.rule for r in repairs} == {"normalize:invisible", "normalize:control"}


def test_decode_mojibake_is_undone_and_recorded():
    from newsprism.ingest.decode import fix_mojibake

    text, repairs = fix_mojibake("He said â€œwe will stayâ€\x9d at the cafÃ©; SÃ£o Paulo")
    assert text == "He said “we will stay” at the café; São Paulo"
    assert {r.rule for r in repairs} == {"decode:mojibake"} and len(repairs) == 4
    # Real Latin-1 / accented text is left alone.
    for clean in ["São Paulo à Nîmes, «citation», 25°C", "Ærø, Ça va, Øresund"]:
        assert fix_mojibake(clean) == (clean, [])


def test_decode_mojibake_twice_over():
    from newsprism.ingest.decode import fix_mojibake

    assert fix_mojibake("President FranÃ\x83Â§ois Hollande")[0] == "President François Hollande"


def test_decode_html_entities_left_in_text():
    from newsprism.ingest.decode import unescape_entities

    text, repairs = unescape_entities("Smith &amp; Sons said it&#39;s fine &mdash; &notanentity; AT&T")
    assert text == "Smith & Sons said it's fine — &notanentity; AT&T"
    assert [r.to for r in repairs] == ["&", "'", "—"]


def test_decode_embed_placeholders_leave_the_sentence_around_them():
    text, repairs = normalize_text(
        'The figure he gave was right<tweet/>.\n<tweet tweet-id="12345">\nA value x < 5 stays; so does <b>bold</b>.'
    )
    assert text == "The figure he gave was right.\n\nA value x < 5 stays; so does <b>bold</b>."
    assert [r.from_ for r in repairs] == ["<tweet/>", '<tweet tweet-id="12345">']
    assert {r.rule for r in repairs} == {"normalize:embed-tag"}
