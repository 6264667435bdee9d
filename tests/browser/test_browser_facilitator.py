"""Real Chromium: the facilitator runs an evening, moderates, groups, votes; the projector follows.

Phones are real python-socketio clients on a real `tyopaja serve` process.
"""

from __future__ import annotations

import re

import pytest

from tests.browser.pages import ConsoleEvening, answer
from tests.helpers import cid


@pytest.fixture
def evening(server, new_page):
    made = ConsoleEvening(server, new_page)
    yield made
    made.close()


def note(page, text: str):
    return page.locator(".scr-wall .note", has_text=text)


def bars(page, root: str) -> dict[str, str]:
    """Label -> shown count of every bar in a chart."""
    rows = page.locator(f"{root} .bar-row")
    return {
        rows.nth(i).locator(".bar-label").inner_text(): rows.nth(i)
        .locator(".bar-value")
        .inner_text()
        for i in range(rows.count())
    }


def test_the_facilitator_runs_three_steps_while_two_phones_answer(evening):
    console, projector = evening.console, evening.projector
    projector.locator(".join-code", has_text=evening.code).wait_for()
    first, second = evening.phone(), evening.phone()
    projector.locator("#join-count", has_text="2").wait_for()
    console.locator("#count", has_text="2").wait_for()

    evening.click("Aloita työpaja")
    projector.locator(".scr-prompt", has_text="Illan kulku").wait_for()
    assert projector.locator(".scr-help").inner_text() == "Ensin tilat, sitten äänestys."

    evening.click("Seuraava vaihe")
    projector.locator(".scr-prompt", has_text="Mitä tiloja").wait_for()
    answer(first, "Iso sali iltaisin")
    answer(second, "Varasto tarvikkeille")
    note(projector, "Iso sali iltaisin").wait_for()
    note(projector, "Varasto tarvikkeille").wait_for()
    assert console.locator("#answers .mod-item").count() == 2
    assert console.locator("#answers-count").inner_text() == "2"

    console.get_by_role("button", name="Käynnistä").click()
    projector.locator("#timer[data-state=running]").wait_for()
    assert re.fullmatch(r"[45]:\d\d", projector.locator("#timer").inner_text())

    evening.click("Seuraava vaihe")
    projector.locator(".scr-prompt", has_text="Mitkä tarpeet").wait_for()
    evening.click("Päätä ja lukitse")
    projector.get_by_role("heading", name="Kiitos osallistumisesta!").wait_for()
    late = first.call("answer", {"cid": cid(), "step": "tarpeet", "text": "myöhässä"})
    assert late["error"] == "workshop_closed"


def test_a_hidden_answer_leaves_the_projector_and_paper_notes_join_it(server, new_page):
    evening = ConsoleEvening(server, new_page, state="open")
    try:
        console, projector = evening.console, evening.projector
        evening.click("Seuraava vaihe")
        phone = evening.phone()
        answer(phone, "Asiaton kommentti")
        typo = answer(phone, "Kokoustila kirjastossa")
        note(projector, "Asiaton kommentti").wait_for()
        item = console.locator(".mod-item", has_text="Asiaton kommentti")
        item.get_by_role("button", name="Piilota").click()
        note(projector, "Asiaton kommentti").wait_for(state="detached")
        item.locator(".badge", has_text="Piilotettu").wait_for()
        assert note(projector, "Kokoustila kirjastossa").is_visible()

        console.get_by_label("Lisää vastaus osallistujan puolesta tai paperilapulta").fill(
            "Liikuntasali lauantaisin"
        )
        console.get_by_label("Mistä vastaus tuli").select_option("paper")
        console.get_by_role("button", name="Lisää", exact=True).click()
        note(projector, "Liikuntasali lauantaisin").wait_for()
        console.locator(".mod-item", has_text="Liikuntasali lauantaisin").get_by_text(
            "Paperilta"
        ).wait_for()

        fixed = console.locator(f"#fa{typo}")
        fixed.get_by_role("button", name="Korjaa").click()
        fixed.locator("textarea").fill("Kokoustila pääkirjastossa")
        fixed.get_by_role("button", name="Tallenna").click()
        note(projector, "Kokoustila pääkirjastossa").wait_for()
        fixed.locator(".badge", has_text="Korjattu").wait_for()
    finally:
        evening.close()


def test_grouping_by_hand_with_the_keyboard_and_by_suggestion(server, new_page):
    evening = ConsoleEvening(server, new_page, state="open")
    try:
        console, projector = evening.console, evening.projector
        evening.click("Seuraava vaihe")
        phone = evening.phone()
        for text in (
            "Tarvitsemme edullisia tiloja harjoituksiin",
            "Tilojen vuokra on liian kallis",
            "Kunnan tilat pitäisi saada ilmaiseksi",
            "Avustusten haku on vaikeaa",
            "Avustushakemus on liian monimutkainen",
        ):
            answer(phone, text)
        console.get_by_role("tab", name="Ryhmittely").click()
        # by hand, from the keyboard: focus a checkbox, Space ticks it
        for text in ("Avustusten haku on vaikeaa", "Avustushakemus on liian monimutkainen"):
            console.get_by_label(text, exact=True).focus()
            console.keyboard.press("Space")
        console.locator("#selected-count", has_text="2 valittu").wait_for()
        console.get_by_placeholder("Uuden ryhmän nimi").fill("Avustukset")
        console.get_by_role("button", name="Tee ryhmä valituista").click()
        card = console.locator(".group-card", has_text="Avustusten haku")
        card.wait_for()
        assert card.locator(".group-title").input_value() == "Avustukset"
        projector.locator(".scr-group-title", has_text="Avustukset").wait_for()

        # by suggestion: the shared words say why; accepting makes a group
        console.get_by_role("button", name="Ehdota ryhmiä").click()
        suggestion = console.locator(".suggestion").first
        suggestion.wait_for()
        assert "tila" in suggestion.locator(".word-chip").all_inner_texts()
        suggestion.locator("input.group-title").fill("Tilat ja vuokrat")
        suggestion.get_by_role("button", name="Hyväksy").click()
        rooms = projector.locator(".scr-group", has_text="Tilat ja vuokrat")
        rooms.locator("li").nth(2).wait_for()
        assert rooms.locator(".scr-group-count").inner_text() == "3"

        # move one answer between groups with the keyboard
        console.get_by_label("Tilojen vuokra on liian kallis", exact=True).focus()
        console.keyboard.press("Space")
        console.get_by_label("Siirrä valitut ryhmään").select_option(label="Avustukset")
        console.get_by_role("button", name="Siirrä", exact=True).click()
        projector.locator(".scr-group", has_text="Avustukset").locator(
            "li", has_text="Tilojen vuokra"
        ).wait_for()
    finally:
        evening.close()


def test_a_dot_vote_draws_bars_that_match_the_votes(server, new_page):
    evening = ConsoleEvening(server, new_page, state="open")
    try:
        console, projector = evening.console, evening.projector
        evening.click("Seuraava vaihe")
        phones = [evening.phone() for _ in range(3)]
        sali = answer(phones[0], "Iso sali")
        varasto = answer(phones[1], "Varasto")
        sauna = answer(phones[2], "Sauna")
        console.get_by_role("button", name=re.compile("^3\\. pisteet")).click()
        projector.locator(".scr-prompt", has_text="Mitkä tarpeet").wait_for()
        ballots = [
            {f"a:{sali}": 2, f"a:{sauna}": 1},
            {f"a:{sali}": 1, f"a:{varasto}": 2},
            {f"a:{sali}": 2},
        ]
        for phone, dots in zip(phones, ballots, strict=True):
            ack = phone.call("ballot", {"cid": cid(), "step": "tarpeet", "ballot": {"dots": dots}})
            assert ack["ok"], ack
        expected = {"Iso sali": "5", "Varasto": "2", "Sauna": "1"}
        console.locator("#voters", has_text="3 vastaajaa").wait_for()
        projector.locator("#sub", has_text="3 vastaajaa").wait_for()
        assert bars(console, "#chart") == expected
        assert bars(projector, ".scr-chart") == expected
        widths = projector.locator(".scr-chart .bar-fill").evaluate_all(
            "bars => bars.map(b => b.style.width)"
        )
        assert widths == ["100%", "40%", "20%"]
    finally:
        evening.close()
