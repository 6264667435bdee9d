"""The built-in script library in sessions/: every file parses and keeps its promises."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tyopaja.core.themes import known_theme
from tyopaja.script.parse import Script, check_file, load_script_file

SESSIONS = Path(__file__).resolve().parents[2] / "tyopaja" / "sessions"
FILES = sorted(SESSIONS.glob("*.md"))


def load(name: str) -> Script:
    """A built-in script by file name."""
    return load_script_file(SESSIONS / name)


def test_library_is_complete():
    assert {path.name for path in FILES} >= {
        "demo.md",
        "yhdistysilta-avustukset-tilat.md",
        "syysilta-vuosikello.md",
        "jarjestoystavallinen-kunta.md",
        "hyvinvointikertomus.md",
        "yhteistyoasiakirja.md",
        "sv-foreningskvall.md",
        "jarjestoyhteistyon-tasot.md",
    }


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.name)
def test_parses(path):
    assert check_file(path)[0] == 0


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.name)
def test_every_step_has_an_explicit_id(path):
    text = path.read_text(encoding="utf-8")
    headings = re.findall(r"^### ", text, re.M)
    ids = re.findall(r"^- id: ", text, re.M)
    assert len(headings) == len(ids) == len(load_script_file(path).steps)


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.name)
def test_themes_are_known(path):
    assert all(known_theme(theme.key) for theme in load_script_file(path).themes)


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.name)
def test_has_an_intro_and_time_boxes(path):
    script = load_script_file(path)
    assert script.intro
    assert all(step.minutes for step in script.steps)


def test_demo_shape():
    steps = load("demo.md").steps
    assert [step.kind for step in steps] == ["info", "open", "open", "scale", "dots", "event"]
    assert all(step.probes for step in steps if step.kind == "open")
    assert steps[4].source == steps[1].id


def test_first_evening_ends_with_dot_voting_on_improvements():
    script = load("yhdistysilta-avustukset-tilat.md")
    assert [t.key for t in script.themes][:3] == ["avustukset", "tilat", "yhteistyo"]
    dots = [step for step in script.steps if step.kind == "dots"]
    assert [(step.source, step.theme) for step in dots] == [("parannukset", "priorisointi")]


def test_autumn_evening_builds_the_vuosikello():
    script = load("syysilta-vuosikello.md")
    assert sum(step.kind == "event" for step in script.steps) >= 2
    assert {"vuosikello", "yhdistysyhteistyo"} <= {t.key for t in script.themes}


def test_self_assessment_rates_seven_criteria_with_a_change_prompt_each():
    steps = load("jarjestoystavallinen-kunta.md").steps
    scales = [i for i, step in enumerate(steps) if step.kind == "scale"]
    assert len(scales) == 7
    assert all(steps[i + 1].kind == "open" for i in scales)
    assert len(next(step for step in steps if step.kind == "rank").options) == 7


def test_welfare_report_sections():
    keys = [t.key for t in load("hyvinvointikertomus.md").themes]
    assert keys == ["ilot-ja-huolet", "tavoitetut-ryhmat", "hiljaiset-signaalit", "toimenpiteet"]


def test_cooperation_document_follows_the_recommendation():
    script = load("yhteistyoasiakirja.md")
    assert [t.key for t in script.themes] == [
        "yhteistyo",
        "tilat",
        "avustukset",
        "viestinta",
        "hyvinvointi",
        "vuosikello",
        "pelisaannot",
        "jatkotoimet",
    ]
    assert script.step("kuka-mita-milloin").kind == "open"


def test_cooperation_script_asks_about_every_chapter_of_the_document():
    """Every chapter of the cooperation document (document-needs.md) gets a step."""
    from tyopaja.export.documents import COOPERATION

    script = load("yhteistyoasiakirja.md")
    themes = {step.theme for step in script.steps}
    for section in COOPERATION:
        if section.chapter:
            assert themes & set(section.themes), section.title
    assert any(step.kind == "event" for step in script.steps)  # the calendar itself
    assert script.step("viestinta-kanavat").kind == "choice"  # how to be contacted


def test_an_autumn_script_for_next_year_sets_its_calendar_year():
    for name in ("syysilta-vuosikello.md", "yhteistyoasiakirja.md"):
        script = load(name)
        assert script.year_offset == 1 and script.year is None
        events = [step for step in script.steps if step.kind == "event"]
        assert events and all(script.calendar_year(s, None, 2026) == 2027 for s in events)
        # `tyopaja new --year` wins over the script.
        assert script.calendar_year(events[0], 2030, 2026) == 2030


def test_keski_suomi_script_assesses_every_area_at_three_levels():
    from tyopaja.export.levels import LEVELS, area_of, is_assessment, level_of

    script = load("jarjestoyhteistyon-tasot.md")
    areas = [step for step in script.steps if is_assessment(step)]
    names = [area_of(step) for step in areas]
    for expected in ("Järjestöfoorumi", "Hyvinvointityö", "Avustukset", "Talousarvio"):
        assert expected in names
    assert "Tilat" in names and "Viestintä" in names and len(names) == len(set(names)) == 12
    for step in areas:
        assert step.multiple
        assert [level_of(o) for o in step.options[:3]] == list(LEVELS)
    assert script.step("rooli").kind == "choice"


def test_swedish_evening_mirrors_the_finnish_one():
    swedish, finnish = load("sv-foreningskvall.md"), load("yhdistysilta-avustukset-tilat.md")
    assert swedish.lang == "sv"
    shape = [(s.id, s.kind, s.theme, len(s.options), len(s.probes)) for s in finnish.steps]
    assert [(s.id, s.kind, s.theme, len(s.options), len(s.probes)) for s in swedish.steps] == shape


def test_swedish_keski_suomi_script_mirrors_the_finnish_one():
    from tyopaja.export.levels import LEVELS, is_assessment, level_of

    swedish, finnish = (
        load("sv-foreningssamarbetets-nivaer.md"),
        load("jarjestoyhteistyon-tasot.md"),
    )
    assert swedish.lang == "sv"
    shape = [(s.id, s.kind, s.theme, len(s.options), len(s.probes)) for s in finnish.steps]
    assert [(s.id, s.kind, s.theme, len(s.options), len(s.probes)) for s in swedish.steps] == shape
    areas = [step for step in swedish.steps if is_assessment(step)]
    assert len(areas) == 12
    assert all([level_of(o) for o in step.options[:3]] == list(LEVELS) for step in areas)
