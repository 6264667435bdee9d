"""Readable group titles: a phrase from the group's most representative answer, never lemmas."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import pytest

from tyopaja.grouping import engine, titles

DEV = Path("/work/shared/data/yhdistysilta-dev.jsonl")
HOLDOUT = Path(__file__).resolve().parents[1] / "data" / "grouping_holdout.jsonl"


@pytest.fixture(scope="module", autouse=True)
def warm():
    engine.warm_up()


def _clusters(path: Path) -> list[list[str]]:
    by = defaultdict(list)
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        by[(row["prompt_id"], row["cluster"])].append(row["text"])
    return [texts for texts in by.values() if len(texts) > 1]


def _from_an_answer(title: str, texts: list[str]) -> bool:
    phrase = title.rstrip("…").casefold()
    return any(phrase in " ".join(t.split()).casefold() for t in texts)


@pytest.mark.parametrize("path", [pytest.param(DEV, id="dev"), pytest.param(HOLDOUT, id="holdout")])
def test_every_gold_cluster_gets_a_phrase_from_one_of_its_answers(path):
    if not path.is_file():
        pytest.skip("shared dev data not present")
    for texts in _clusters(path):
        title = titles.default_title(texts, "fi")
        assert 0 < len(title) <= titles.MAX_TITLE_CHARS, title
        assert title[0].isupper() or not title[0].isalpha(), title
        assert _from_an_answer(title, texts), (title, texts)
        assert not title.endswith((" ja…", " että…", " ja", ",", ".")), title


@pytest.mark.parametrize("path", [pytest.param(DEV, id="dev"), pytest.param(HOLDOUT, id="holdout")])
def test_suggestions_get_phrases_where_the_engine_names_lemmas(path):
    if not path.is_file():
        pytest.skip("shared dev data not present")
    by = defaultdict(list)
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
        row = json.loads(line)
        by[row["prompt_id"]].append((n, row["text"]))
    for answers in by.values():
        text = dict(answers)
        for suggestion in engine.suggest_groups(answers, "fi"):
            members = [text[i] for i in suggestion.answer_ids]
            title = titles.default_title(members, "fi", suggestion.shared_words)
            assert not titles.is_word_list(title, suggestion.shared_words), title
            assert _from_an_answer(title, members), (title, members)


def test_the_answer_the_group_shares_most_with_is_chosen():
    texts = [
        "Kahvit oli hyvät :)",
        "Hakuaika liian lyhyt",
        "Hakuaika on liian lyhyt pienille yhdistyksille",
        "Lyhyt hakuaika on ongelma",
    ]
    title = titles.default_title(texts, "fi")
    assert "akuaika" in title and "Kahvi" not in title


def test_a_long_answer_is_cut_to_its_best_clause_at_a_word_boundary():
    long = (
        "Meillä on ollut vuosia ongelmana se, että koulun liikuntasali on iltaisin tyhjänä mutta"
        " yhdistykset eivät saa sitä käyttöön ilman vuokraa, joka on pienelle seuralle liian iso."
    )
    title = titles.default_title([long, "Koulun liikuntasali iltaisin yhdistyksille"], "fi")
    assert len(title) <= titles.MAX_TITLE_CHARS
    assert title == "Koulun liikuntasali iltaisin yhdistyksille"
    # Alone: the clause with most content, its joining "että" dropped, its "mutta …" tail too.
    assert titles.default_title([long], "fi") == "Koulun liikuntasali on iltaisin tyhjänä"
    words = "Hakuaika on liian lyhyt pienille yhdistyksille " * 3
    cut = titles.default_title([words], "fi")
    assert cut.endswith("…") and len(cut) <= titles.MAX_TITLE_CHARS
    assert cut.rstrip("…").split()[-1] in words.split()  # a whole word


def test_a_negation_is_never_dropped():
    text = "Ei mitään monimutkaista järjestelmää johon tarvii tunnukset ja salasanat joka kerta"
    assert titles.default_title([text], "fi").startswith("Ei mitään")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("kahvit oli hyvät :)", "Kahvit oli hyvät"),
        ("  Avaimet   kulkemaan.  ", "Avaimet kulkemaan"),
        ("Tilat kuntoon 👍", "Tilat kuntoon"),
        ("", ""),
    ],
)
def test_shorten_tidies_a_title(text, expected):
    assert titles.shorten(text) == expected


def test_a_cut_title_does_not_end_on_a_joining_word():
    text = "Hakuaika on liian lyhyt pienille yhdistyksille ja sitä pitäisi pidentää ainakin"
    assert titles.shorten(text, limit=50) == "Hakuaika on liian lyhyt pienille yhdistyksille…"


def test_word_list_titles_are_recognised():
    assert titles.is_word_list("Raha, maksaa", ["raha", "maksaa", "tili"])
    assert titles.is_word_list("Kahvi", ["kahvi"])
    assert not titles.is_word_list("Raha tulee tilille nopeasti", ["raha", "maksaa"])
    assert not titles.is_word_list("Tilat", [])
