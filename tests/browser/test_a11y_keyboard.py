"""Keyboard only: a participant answers every kind of step and a facilitator runs the console.

Real Chromium on a real server; no clicks at all, only Tab, Enter, Space and
the arrow keys (page.keyboard). At every stop of the Tab key the focused
element must show a clear focus ring and must not hide under the sticky
header or composer.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.pages import ChatEvening, ConsoleEvening, answer, sent, step_shown
from tests.helpers import cid

# Where the focus is, whether its ring shows, and whether something sticky covers it.
FOCUS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  const x = Math.min(Math.max(box.left + box.width / 2, 0), innerWidth - 1);
  const y = Math.min(Math.max(box.top + Math.min(box.height / 2, 12), 0), innerHeight - 1);
  const top = document.elementFromPoint(x, y);
  return {
    what: el.tagName + (el.id ? "#" + el.id : "") + " "
      + (el.getAttribute("aria-label") || el.textContent || "").trim().slice(0, 40),
    ring: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2,
    inView: box.bottom > 0 && box.top < innerHeight,
    covered: !!top && top !== el && !el.contains(top) && !top.contains(el),
  };
}"""


def check_focus(page) -> dict:
    """The focused element shows its focus and is not hidden (WCAG 2.4.7)."""
    state = page.evaluate(FOCUS)
    assert state is not None, "the focus was lost"
    assert state["ring"], f"no visible focus on {state['what']}"
    assert state["inView"] and not state["covered"], f"focus hidden: {state['what']}"
    return state


def focused(target) -> bool:
    return target.evaluate("el => el === document.activeElement")


def tab_to(page, target, limit: int = 80) -> None:
    """Press Tab until `target` has the focus (it may have it already); round past the end."""
    target.wait_for()
    for _ in range(limit):
        if focused(target):
            check_focus(page)
            return
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement !== document.body"):
            check_focus(page)
    raise AssertionError(f"Tab never reached {target}")


def press_on(page, target, key: str = "Enter") -> None:
    tab_to(page, target)
    page.keyboard.press(key)


# -- participant ---------------------------------------------------------------------


@pytest.fixture
def evening(server, new_page):
    made = ChatEvening(server, new_page)
    yield made
    made.close()


def test_the_first_tab_shows_the_skip_link(evening):
    phone = evening.phone()
    phone.locator("#m-hello").wait_for()
    phone.keyboard.press("Tab")
    assert check_focus(phone)["what"].startswith("A Siirry sisältöön")
    phone.keyboard.press("Enter")
    phone.wait_for_url(re.compile("#main$"))
    phone.keyboard.press("Tab")  # past the header: into the chat and the composer
    assert phone.evaluate("document.activeElement.closest('.chat-header') === null")
    check_focus(phone)


def button(page, name: str):
    return page.get_by_role("button", name=name, exact=True)


def test_a_participant_answers_every_kind_of_step_with_the_keyboard(evening):
    phone = evening.phone()
    # introductions: type and Enter; the next question gets the focus by itself
    tab_to(phone, phone.get_by_label("Nimimerkki"))
    phone.keyboard.type("Maija")
    phone.keyboard.press("Enter")
    association = phone.get_by_label("Yhdistyksen nimi")
    association.wait_for()
    expect(association).to_be_focused()
    phone.keyboard.type("Kuoro ry")
    phone.keyboard.press("Enter")
    press_on(phone, button(phone, "Kulttuuri"), "Space")  # a quick reply
    press_on(phone, button(phone, "Vain minä"))
    phone.locator("#m-ready").wait_for()

    evening.goto("ideat")
    step_shown(phone, "ideat")
    tab_to(phone, phone.get_by_label("Kirjoita vastauksesi"))
    phone.keyboard.type("Salit auki myös iltaisin ja viikonloppuisin")
    phone.keyboard.press("Control+Enter")
    sent(phone, "Salit auki myös iltaisin")
    evening.facilitator.call(
        "f:add",
        {"cid": cid(), "step": "ideat", "text": "Avustushaku selkeämmäksi", "source": "paper"},
    )

    evening.goto("milloin")  # several choices: Space toggles, then send
    step_shown(phone, "milloin")
    press_on(phone, button(phone, "Keväällä"), "Space")
    assert button(phone, "✓ Keväällä").get_attribute("aria-pressed") == "true"
    press_on(phone, button(phone, "Talvella"), "Space")
    press_on(phone, button(phone, "Lähetä valinnat"))
    sent(phone, "Keväällä, Talvella")

    evening.goto("tuletteko")
    step_shown(phone, "tuletteko")
    press_on(phone, button(phone, "Kyllä"))
    sent(phone, "Kyllä")

    evening.goto("helppous")
    step_shown(phone, "helppous")
    press_on(phone, button(phone, "4"))
    sent(phone, "4")

    evening.goto("ensin")  # rank: the focus stays on the moved item's button
    step_shown(phone, "ensin")
    down = button(phone, "Siirrä alemmas: Tilat")
    press_on(phone, down)
    expect(down).to_be_focused()
    phone.keyboard.press("Enter")
    assert phone.locator(".rank-label").all_text_contents() == ["Avustukset", "Tiedotus", "Tilat"]
    expect(button(phone, "Siirrä ylemmäs: Tilat")).to_be_focused()  # it cannot go further down
    assert phone.locator("#announce").text_content() == "Tilat on nyt sijalla 3."
    press_on(phone, button(phone, "Tallenna järjestys"))
    sent(phone, "1. Avustukset")

    evening.goto("pisteet")  # dots: Enter adds, the focus stays while more can be added
    step_shown(phone, "pisteet")
    plus = button(phone, "Lisää piste: Salit auki myös iltaisin ja viikonloppuisin")
    press_on(phone, plus)
    expect(plus).to_be_focused()
    phone.keyboard.press("Enter")
    remove = button(phone, "Poista piste: Salit auki myös iltaisin ja viikonloppuisin")
    expect(remove).to_be_focused()
    expect(phone.locator("#dots-left")).to_have_text("Pisteitä jäljellä: 1/3")
    press_on(phone, button(phone, "Lisää piste: Avustushaku selkeämmäksi"), "Space")
    press_on(phone, button(phone, "Tallenna pisteet"))
    sent(phone, "2 pistettä: Salit auki")

    evening.goto("tapahtumat")  # the calendar form: a select, numbers and text
    step_shown(phone, "tapahtumat")
    tab_to(phone, phone.get_by_label("Kuukausi"))
    for _ in range(5):
        phone.keyboard.press("ArrowDown")
    assert phone.get_by_label("Kuukausi").input_value() == "5"
    phone.keyboard.press("Tab")
    phone.keyboard.type("12")
    phone.keyboard.press("Tab")
    phone.keyboard.type("Kevätkonsertti")
    phone.keyboard.press("Tab")
    assert phone.get_by_label("Kuka järjestää?").input_value() == "Kuoro ry"
    press_on(phone, button(phone, "Lisää vuosikelloon"))
    sent(phone, "12.5.2027: Kevätkonsertti (Kuoro ry)")

    ballots = dict(evening.rows("SELECT step_id, payload FROM ballots WHERE workshop_id = ?"))
    assert ballots["milloin"] == '{"options":[0,2]}' and ballots["tuletteko"] == '{"options":[0]}'
    assert ballots["helppous"] == '{"value":4}' and ballots["ensin"] == '{"order":[1,2,0]}'
    assert sorted(re.findall(r'"a:\d+":(\d)', ballots["pisteet"])) == ["1", "2"]
    assert evening.rows("SELECT month, day, what FROM events WHERE workshop_id = ?") == [
        (5, "12", "Kevätkonsertti")
    ]


def test_an_answer_is_edited_and_withdrawn_with_the_keyboard(evening):
    evening.goto("ideat")
    phone = evening.phone()
    for name in ("Ohita", "Ohita", "Kulttuuri", "Vain minä"):
        press_on(phone, button(phone, name))
    step_shown(phone, "ideat")
    tab_to(phone, phone.get_by_label("Kirjoita vastauksesi"))
    phone.keyboard.type("Salit auki iltaisin")
    press_on(phone, button(phone, "Lähetä"))
    sent(phone, "Salit auki iltaisin")
    press_on(phone, phone.get_by_role("button", name="Muokkaa: Salit auki iltaisin"))
    editor = phone.get_by_label("Muokkaa vastaustasi")
    expect(editor).to_be_focused()  # the editor takes the focus
    phone.keyboard.press("End")
    phone.keyboard.type(" ja viikonloppuisin")
    press_on(phone, button(phone, "Tallenna"))
    sent(phone, "Salit auki iltaisin ja viikonloppuisin")
    press_on(phone, phone.get_by_role("button", name="Poista: Salit auki iltaisin ja"))
    no = button(phone, "Ei")
    expect(no).to_be_focused()  # "are you sure?" starts on the safe answer
    phone.keyboard.press("Shift+Tab")
    expect(button(phone, "Kyllä, poista")).to_be_focused()
    phone.keyboard.press("Enter")
    phone.locator(".bubble", has_text="Salit auki").wait_for(state="detached")
    assert evening.rows("SELECT text, withdrawn FROM answers WHERE workshop_id = ?") == [
        ("Salit auki iltaisin ja viikonloppuisin", 1)
    ]


# -- facilitator ---------------------------------------------------------------------


def test_the_facilitator_runs_the_console_with_the_keyboard(server, new_page):
    evening = ConsoleEvening(server, new_page)
    try:
        console, projector = evening.console, evening.projector
        phone = evening.phone()
        press_on(console, button(console, "Aloita työpaja"))
        projector.locator(".scr-prompt", has_text="Illan kulku").wait_for()
        press_on(console, button(console, "Seuraava vaihe"))
        projector.locator(".scr-prompt", has_text="Mitä tiloja").wait_for()
        for text in (
            "Tilojen vuokra on liian kallis",
            "Avustusten haku on vaikeaa",
            "Avustushakemus on liian monimutkainen",
            "Asiaton kommentti",
        ):
            answer(phone, text)
        console.locator("#answers .mod-item").nth(3).wait_for()

        # moderation: hide an answer, add one from a paper note
        press_on(console, console.get_by_role("button", name="Piilota: Asiaton kommentti"))
        console.locator("#fa" + str(answer_id(evening, "Asiaton kommentti"))).locator(
            ".badge", has_text="Piilotettu"
        ).wait_for()
        tab_to(
            console, console.get_by_label("Lisää vastaus osallistujan puolesta tai paperilapulta")
        )
        console.keyboard.type("Liikuntasali lauantaisin")
        console.keyboard.press("Tab")
        console.keyboard.press("ArrowDown")
        assert console.get_by_label("Mistä vastaus tuli").input_value() == "paper"
        press_on(console, button(console, "Lisää"))
        console.locator(".mod-item", has_text="Liikuntasali lauantaisin").wait_for()

        # tabs: the arrow keys move between them
        tab_to(console, console.get_by_role("tab", name=re.compile("^Vastaukset")))
        console.keyboard.press("ArrowRight")
        grouping = console.get_by_role("tab", name="Ryhmittely")
        expect(grouping).to_be_focused()
        expect(grouping).to_have_attribute("aria-selected", "true")
        console.locator("#panel-groups").wait_for()

        # a group from ticked answers
        for text in ("Avustusten haku on vaikeaa", "Avustushakemus on liian monimutkainen"):
            press_on(console, console.get_by_label(text, exact=True), "Space")
        console.locator("#selected-count", has_text="2 valittu").wait_for()
        tab_to(console, console.get_by_label("Uuden ryhmän nimi"))
        console.keyboard.type("Avustukset")
        press_on(console, button(console, "Tee ryhmä valituista"))
        card = console.locator(".group-card", has_text="Avustusten haku")
        card.wait_for()

        # move one more answer into it: tick, choose the group, "Siirrä"
        press_on(
            console, console.get_by_label("Tilojen vuokra on liian kallis", exact=True), "Space"
        )
        tab_to(console, console.get_by_label("Siirrä valitut ryhmään"))
        console.keyboard.press("ArrowDown")
        press_on(console, button(console, "Siirrä"))
        card.locator("li", has_text="Tilojen vuokra").wait_for()
        projector_group = projector.locator(".scr-group", has_text="Avustukset")
        projector_group.locator("li", has_text="Tilojen vuokra").wait_for()

        # rename the group: type, Enter
        tab_to(console, card.get_by_label("Ryhmän nimi"))
        console.keyboard.press("Control+A")
        console.keyboard.type("Avustukset ja tilat")
        console.keyboard.press("Enter")
        projector.locator(".scr-group-title", has_text="Avustukset ja tilat").wait_for()

        # the timer, and a jump to another step from the list
        press_on(console, button(console, "Käynnistä"))
        projector.locator("#timer[data-state=running]").wait_for()
        press_on(console, console.get_by_role("button", name=re.compile("^3\\. pisteet")))
        projector.locator(".scr-prompt", has_text="Mitkä tarpeet").wait_for()
    finally:
        evening.close()


def answer_id(evening, text: str) -> int:
    return int(
        evening.console.locator(".mod-item", has_text=text).get_attribute("data-answer") or 0
    )
