"""Names of persons in answers: what is detected and masked, and what is not (docs/export.md)."""

from __future__ import annotations

import pytest

from tyopaja.export import names


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Tiina Rautio vapaa-aikatoimesta vastaa aina", ["Tiina Rautio"]),
        ("Kysykää Tiinalta Rautiolta", ["Tiinalta Rautiolta"]),
        ("Tiinan Raution mukaan", ["Tiinan Raution"]),
        ("Anna-Karin Lindqvist kom också", ["Anna-Karin Lindqvist"]),
        ("Matti Virtanen-Mäkelä soitti", ["Matti Virtanen-Mäkelä"]),
        ("Kiitos puheenjohtaja Virtaselle", ["Virtaselle"]),
        ("rehtori Anna Mäkinen lupasi salin", ["Anna Mäkinen"]),
        ("Puheenjohtajamme Matti Virtanen", ["Matti Virtanen"]),
        ("ordförande Lindqvist sa ja", ["Lindqvist"]),
        (
            "Sähköposti Jukka Niemiseltä ja Liisa Koskiselta",
            ["Jukka Niemiseltä", "Liisa Koskiselta"],
        ),
    ],
)
def test_detected(text, found):
    assert [hit.name for hit in names.find(text)] == found


@pytest.mark.parametrize(
    "text",
    [
        "Tiina sanoi, että hakuaika on hyvä",  # a first name alone
        "Rautio vastaa puhelimeen",  # a surname alone
        "tiina rautio vastaa aina",  # lower case
        "T. Rautio vastaa aina",  # initials
        "Mielenterveysyhdistys Tuulikki ry järjestää",  # a first name inside an association
        "Vääräjoen Latu ry ja Kirkonkylän Eläkeläiset",  # place names, no first name
        "Onni ja ilo ovat tärkeitä",  # first names used as words, no surname
        "Puheenjohtaja vaihtuu ensi vuonna",  # a title without a name
    ],
)
def test_not_detected(text):
    assert names.find(text) == []


def test_masking_keeps_the_title_and_the_rest_of_the_text():
    mask = names.masker([])
    assert mask("Kiitos puheenjohtaja Virtaselle ja Tiina Rautiolle!") == (
        "Kiitos puheenjohtaja (nimi poistettu) ja (nimi poistettu)!"
    )


def test_a_kept_name_stays_and_the_others_go():
    mask = names.masker(["tiina  RAUTIO"], mask="(x)")
    assert mask("Tiina Rautio ja Matti Virtanen") == "Tiina Rautio ja (x)"


def test_candidates_are_counted_once_per_name():
    found = names.candidates(["Tiina Rautio auttaa", "tiina rautio", "Kiitos Tiina Rautio!"])
    assert found == [("Tiina Rautio", 2, "Tiina Rautio auttaa")]


def test_the_name_list_has_finnish_and_swedish_first_names():
    listed = names.first_names()
    assert {"Tiina", "Matti", "Aino", "Anna", "Erik", "Karin", "Ingrid"} <= listed
    assert len(listed) > 1000
