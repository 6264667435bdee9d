"""The JSON coder of Socket.IO packets: same results as the standard library, same guard."""

import json

import pytest

from tyopaja.realtime import wirejson


@pytest.mark.parametrize(
    "value",
    [{"a": [1, 2.5, None, True]}, ["answer", {"text": "Hyvä ilta ♥ \ud83d\ude00"}], "x", 0, []],
)
def test_it_writes_what_the_standard_library_writes(value):
    assert wirejson.dumps(value) == json.dumps(value)
    assert wirejson.dumps(value, separators=(",", ":")) == json.dumps(value, separators=(",", ":"))
    assert wirejson.dumps(value, indent=2) == json.dumps(value, indent=2)


@pytest.mark.parametrize("text", ['["answer",{"cid":"a1","n":12}]', "[]", '"\\u00e4"', "1e3"])
def test_it_reads_what_the_standard_library_reads(text):
    assert wirejson.loads(text) == json.loads(text)
    assert wirejson.loads(text.encode("utf-8")) == json.loads(text)
    assert wirejson.loads(text.encode("utf-16")) == json.loads(text)


def test_integers_of_over_a_hundred_digits_are_never_converted_but_still_decode():
    assert wirejson.loads("9" * 100) == int("9" * 100)
    assert wirejson.loads("9" * 101) is wirejson.OVERSIZED
    assert wirejson.loads('{"n": ' + "1" * 101 + "}", object_hook=dict) == {"n": wirejson.OVERSIZED}


def test_bad_json_raises_a_value_error():
    with pytest.raises(ValueError):
        wirejson.loads("[")
