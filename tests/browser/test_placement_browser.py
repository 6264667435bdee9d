"""Real Chromium phones tap their neighbours; the console's suggestions and the export follow."""

from __future__ import annotations

import json

import requests
from playwright.sync_api import expect

from tests.browser.pages import onboard, sent, write
from tyopaja.store import Store
from tyopaja.usecases import actions

SCRIPT = """\
# Sijoittelukokeilu

## Tilat

### avoin: Mikä tiloissa on vaikeaa?
- id: tilat
- vastauksia: 2
- sijoittelu: kyllä
"""

# The two paraphrases share no word, so only the phones put them together.
FIRST = "Kokoontumistilat maksavat aivan liikaa"
SECOND = "Salivuokra syö koko budjetin"
OTHER = "Tilojen varaaminen netissä on hankalaa"


def phone(server, new_page, code):
    page = new_page(360, 740)
    page.goto(f"{server.url}/j/{code}")
    onboard(page)
    return page


def offer(page):
    """The placement offer bubble on a phone."""
    bubble = page.locator(".bubble.placement")
    bubble.get_by_text("Onko vastauksesi samasta asiasta kuin jokin näistä?").wait_for()
    return bubble


def test_phones_that_tap_neighbours_make_the_groups_of_console_and_export(server, new_page):
    store = Store(server.db_path)
    row, secret = store.write(actions.create_workshop, SCRIPT)
    store.close()
    code = row["code"]

    # The projector's answer wall, where the room's links show as they are made.
    projector = new_page(1366, 768)
    projector.goto(f"{server.url}/p/{code}?sivu=0")
    projector.locator("#wall").wait_for(state="attached")

    first = phone(server, new_page, code)
    write(first, FIRST)
    sent(first, FIRST)
    assert first.locator(".bubble.placement").count() == 0  # nothing to compare with yet

    second = phone(server, new_page, code)
    write(second, SECOND)
    sent(second, SECOND)
    card = offer(second)
    # One tap, from the keyboard: Tab to the option, Enter.
    option = card.get_by_role("button", name=FIRST)
    option.focus()
    second.keyboard.press("Enter")
    # The thanks is a bot bubble in the chat (a live region: screen readers hear it).
    second.locator(
        ".bubble.placement-done", has_text="Vastauksesi on nyt samassa ryhmässä"
    ).wait_for()
    # The composer is still there: tapping added no step.
    assert second.get_by_label("Kirjoita vastauksesi").is_visible()
    # On the projector the two stand side by side with one colour band, the newest first,
    # the first of them saying how many the room put together.
    linked = projector.locator("#wall > li[data-cluster]")
    expect(linked).to_have_count(2)
    assert linked.all_inner_texts()[0].startswith(SECOND)
    assert FIRST in linked.all_inner_texts()[1]
    assert linked.nth(0).get_attribute("data-cluster") == linked.nth(1).get_attribute(
        "data-cluster"
    )
    expect(linked.nth(0).locator(".scr-linked")).to_have_text(
        "Osallistujat liittivät nämä 2 yhteen"
    )

    third = phone(server, new_page, code)
    write(third, OTHER)
    sent(third, OTHER)
    offer(third).get_by_role("button", name="Ei mikään näistä").click()
    third.locator(".bubble.placement-done", has_text="jää omaksi ajatuksekseen").wait_for()
    # "None of these" links nothing: the third answer stands alone, newest, on top.
    expect(projector.locator("#wall > li").first).to_have_text(OTHER)
    expect(projector.locator("#wall > li[data-cluster]")).to_have_count(2)

    # The console: the suggestion holds the two linked answers and says who put them there.
    console = new_page(1366, 768)
    console.goto(f"{server.url}/f/{code}/{secret}")
    console.get_by_text("Yhteys kunnossa").wait_for()
    console.get_by_role("tab", name="Ryhmittely").click()
    assert console.get_by_label(
        "Osallistujat sijoittelevat: puhelin ehdottaa vastauksen jälkeen samankaltaisia"
    ).is_checked()
    console.get_by_role("button", name="Ehdota ryhmiä").click()
    suggestion = console.locator(".suggestion").filter(has_text="1 osallistuja liitti nämä yhteen")
    suggestion.wait_for()
    assert (
        suggestion.get_by_text(FIRST).is_visible() and suggestion.get_by_text(SECOND).is_visible()
    )
    # (The third phone's "none of these" is one voice against; whether the shared words
    # still bring it in is the machine's call, and the facilitator's to correct.)
    shown = set(suggestion.locator("label").all_text_contents())

    # The export groups the step the same way (no facilitator groups: automatic).
    response = requests.get(
        f"{server.url}/f/{code}/export/json",
        cookies={f"tyopaja_f_{code}": secret},
        timeout=30,
    )
    assert response.status_code == 200
    step = json.loads(response.content)["steps"][0]
    texts = {a["id"]: a["text"] for a in step["answers"]}
    assert step["grouping"] == "automatic"
    groups = [({texts[i] for i in g["answers"]}, g["linked_by"]) for g in step["groups"]]
    assert (shown, 1) in groups  # the same group as the console's, with the same reason

    # Accepting the suggestion makes it the facilitator's group; the export follows that.
    suggestion.get_by_role("button", name="Hyväksy").click()
    console.locator(".group-card").filter(has_text=SECOND).wait_for()
    step = requests.get(
        f"{server.url}/f/{code}/export/json", cookies={f"tyopaja_f_{code}": secret}, timeout=30
    ).json()["steps"][0]
    assert step["grouping"] == "facilitator"
    assert [{texts[i] for i in g["answers"]} for g in step["groups"]] == [shown]
