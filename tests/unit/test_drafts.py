"""Summaries drafted from the facts: plain sentences, ties as ties, no names, three languages."""

from __future__ import annotations

import pytest

from tyopaja.export import drafts
from tyopaja.export.model import Answer, Chapter, Group, Item, Report, Result, StepReport
from tyopaja.export.texts import Texts


def answers(step: str, n: int, first: int = 1, association: str = "Kuoro ry") -> tuple:
    return tuple(
        Answer(
            id=first + i, step=step, text=f"vastaus {first + i}", association=f"{association} {i}"
        )
        for i in range(n)
    )


def open_step(groups: list[tuple[str, int, int]], voted: bool = False) -> StepReport:
    made, every, at = [], [], 1
    for title, size, votes in groups:
        members = answers("q", size, at)
        at += size
        every.extend(members)
        made.append(Group(id=at, title=title, answers=members, votes=votes))
    return StepReport(
        id="q",
        kind="open",
        text="Mitä?",
        theme="tilat",
        answers=tuple(every),
        groups=tuple(made),
        grouping="facilitator",
        voted_in=("pisteet",) if voted else (),
    )


def report(*steps: StepReport) -> Report:
    return Report(code="X", title="Ilta", steps=steps, chapters=(Chapter("tilat", "Tilat"),))


def test_an_open_step_names_its_largest_groups_with_counts_and_associations():
    step = open_step([("Salit maksutta", 5, 0), ("Avaimet", 3, 0), ("Varastot", 2, 0), ("X", 1, 0)])
    text = drafts.step_draft(Texts("fi"), step, report(step))
    assert text == (
        "Eniten mainittiin: ”Salit maksutta” (5 vastausta 5 yhdistykseltä),"
        " ”Avaimet” (3 vastausta 3 yhdistykseltä) ja ”Varastot” (2 vastausta 2 yhdistykseltä)."
    )
    assert "Kuoro" not in text  # no association is named


def test_a_dot_vote_tie_is_said_as_a_tie():
    step = open_step([("Salit", 4, 9), ("Avaimet", 3, 9), ("Varastot", 2, 1)], voted=True)
    text = drafts.step_draft(Texts("fi"), step, report(step))
    assert "yhtä paljon pisteitä (9 pistettä) saivat ”Salit” ja ”Avaimet”" in text
    assert "eniten pisteitä sai" not in text


def test_choices_are_counted_in_choices_and_a_tie_is_a_tie():
    r = Result(kind="choice", voters=12, items=(Item("0", "Sähköposti", 7), Item("1", "Kirje", 7)))
    step = StepReport(id="c", kind="choice", text="Miten?", result=r)
    text = drafts.step_draft(Texts("fi"), step, report(step))
    assert (
        text == "Vastaajia oli 12. Yhtä usein valittiin ”Sähköposti” ja ”Kirje” (7 valintaa kukin)."
    )
    assert "piste" not in text


def test_a_scale_has_a_decimal_comma_and_its_most_common_value():
    r = Result(
        kind="scale",
        voters=5,
        distribution=((2, 1), (3, 3), (5, 1)),
        mean=3.2,
        median=3,
        scale=(1, 5, "huonosti", "hyvin"),
    )
    step = StepReport(id="s", kind="scale", text="Kuinka?", result=r)
    assert drafts.step_draft(Texts("fi"), step, report(step)) == (
        "5 vastaajaa arvioi asteikolla 1–5. Keskiarvo oli 3,2 ja mediaani 3."
        " Yleisin vastaus oli 3 (3 vastaajaa)."
    )


def test_a_saved_summary_wins_over_the_draft_and_an_empty_one_does_not():
    step = open_step([("Salit", 2, 0)])
    t = Texts("fi")
    saved = StepReport(**{**step.__dict__, "summary": "Oma teksti."})
    assert drafts.step_summary(t, saved, report(saved)) == ("Oma teksti.", True)
    blank = StepReport(**{**step.__dict__, "summary": "  "})
    assert drafts.step_summary(t, blank, report(blank))[1] is False


def test_a_chapter_sums_up_its_steps():
    step = open_step([("Salit maksutta", 5, 0), ("Avaimet", 3, 0)])
    text = drafts.chapter_draft(Texts("fi"), Chapter("tilat", "Tilat"), report(step))
    assert text.startswith("Luvun kysymyksiin tuli 8 vastausta 5 yhdistykseltä. Eniten mainittiin:")
    empty = drafts.chapter_draft(Texts("fi"), Chapter("muut", "Muut"), report(step))
    assert empty == "Tämän luvun kysymyksiin ei tullut vastauksia."


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("sv", "Oftast nämndes: ”Salit” (2 svar från 2 föreningar)."),
        ("en", "Mentioned most: “Salit” (2 answers from 2 associations)."),
    ],
)
def test_drafts_speak_swedish_and_english(lang, expected):
    step = open_step([("Salit", 2, 0)])
    assert drafts.step_draft(Texts(lang), step, report(step)).startswith(expected)
