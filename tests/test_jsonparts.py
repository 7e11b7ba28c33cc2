import json

import pytest

from newsprism.jsonparts import json_parts

_CASES = [
    {},
    [],
    {"a": [], "b": {}, "c": ""},
    {"text": "line\nbreak \u00e9 \u2028 \"quoted\" \\ tab\t", "n": [1, 2.5, -0.0, 1e300, None, True, False]},
    {"non-string keys": {1: "a", None: "b"}, 2: "top"},
    [[[]], [{}], ({"k": (1, 2)},), "x"],
    {"schema": "newsprism/1", "articles": [{"id": "a1", "sentences": [{"index": 0, "start": 0, "end": 4}]}] * 3,
     "stories": [{"id": "s1", "claims": [{"text": "Zwölf", "sides": [[1, 2], []]}], "conflicts": []}],
     "similarity": [], "duplicates": []},
    "plain",
    3,
    None,
]


@pytest.mark.parametrize("indent", [None, 2, 0])
@pytest.mark.parametrize("ensure_ascii", [False, True])
@pytest.mark.parametrize("depth", [0, 1, 2, 3, 6])
def test_jsonparts_joined_is_the_json_dumps_text(indent, ensure_ascii, depth):
    for obj in _CASES:
        joined = "".join(json_parts(obj, indent=indent, ensure_ascii=ensure_ascii, depth=depth))
        assert joined == json.dumps(obj, indent=indent, ensure_ascii=ensure_ascii)


def test_jsonparts_no_part_holds_more_than_one_item():
    big = [{"id": f"a{i}", "text": "w" * 1000} for i in range(50)]
    doc = {"schema": "newsprism/1", "articles": big, "stories": []}
    for indent in (None, 2):
        parts = list(json_parts(doc, indent=indent))
        largest = max(len(json.dumps(a, indent=indent)) for a in big)
        assert len(parts) > len(big)
        assert max(len(p) for p in parts) <= largest + 2 * len(big[0]) + 8  # one article, its indentation

