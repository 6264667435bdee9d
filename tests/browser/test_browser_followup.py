"""Follow-up in the browser: phones rate last time's actions, the projector shows them with their
status, and the actions page and the owner's page pass axe-core (WCAG 2.1 AA).

Evening A (answers from paper notes, groups, three agreed actions) and evening B (which follows
A) are made in the database before the server starts; everything after that goes through a real
`tyopaja serve` and headless Chromium.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.a11y import assert_accessible
from tests.browser.pages import onboard
from tests.helpers import Client, cid
from tyopaja.store import Store
from tyopaja.store import followup as store_followup
from tyopaja.usecases import actions, followup, moderation
from tyopaja.usecases.base import Actor

SHOTS = (
    Path(os.environ.get("TYOPAJA_SCREENSHOTS", ""))
    if os.environ.get("TYOPAJA_SCREENSHOTS")
    else None
)

EVENING_A = """# Syysilta 2026

## Tilat

### avoin: Mikä tilojen varaamisessa on vaikeaa?
- id: tilat
- vastauksia: 3
"""

EVENING_B = """# Vuosiarvio 2027

## Jatkotoimet

### seuranta: Mitä viime kerralla sovittiin?
- id: seuranta
- asteikko: 1–5
- ääripäät: huonosti – hyvin

### toimenpide: Mitä tehdään seuraavaksi?
- id: seuraavaksi
"""

ORGANIZER_KEY = "followup-organiser-" + "k" * 16

AGREED = [
    (
        "Varauskalenteri verkkoon",
        "Vapaa-aikapalvelut",
        "kevät 2027",
        "done",
        "Avattiin maaliskuussa",
    ),
    ("Avustusinfo yhdistyksille joka syksy", "Järjestöyhdyshenkilö", "syksy 2027", "ongoing", ""),
    ("Salien vuokrat kohtuullisiksi pienille yhdistyksille", "", "2028", "not_started", ""),
]


@pytest.fixture(scope="module")
def series(start_server):
    """A live server with evening A (three actions, an owner link) and evening B following it."""
    made: dict = {}

    def prepare(live):
        store = Store(live.db_path)
        a, a_secret = store.write(actions.create_workshop, EVENING_A, municipality="Kuopio")
        texts = [
            "Varauskalenteri on vaikea löytää",
            "Kalenteri ei näytä vapaita vuoroja",
            "Vuokra on kallis",
        ]
        facilitator = Actor.facilitator(a["id"])
        ids = [
            store.write(moderation.add_answer, facilitator, cid(), "tilat", text, "paper").ack[
                "answer"
            ]
            for text in texts
        ]
        store.write(moderation.make_group, facilitator, cid(), "tilat", "Varauskalenteri", ids[:2])
        rows = []
        for what, owner, deadline, status, note in AGREED:
            row = store.write(followup.add_action, a["id"], what, owner, deadline, status)
            if note:
                store.write(followup.mark_status, row["id"], status, note, "owner")
            rows.append(row)
        owner_secret = store.write(followup.owner_link, a["id"], rows[1]["id"])
        b, b_secret = store.write(followup.create_follow_up, EVENING_B, a["code"])
        store.write(actions.goto_step, Actor.facilitator(b["id"]), "seuranta")
        store.close()
        made.update(a=a, a_secret=a_secret, b=b, b_secret=b_secret, owner=owner_secret)

    server = start_server("followup", {"TYOPAJA_ORGANIZER_KEY": ORGANIZER_KEY}, prepare)
    yield dict(made, server=server)
    server.stop()


def assert_usable_at_360(page):
    """No sideways scrolling, and every visible button is a big enough touch target."""
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    for button in page.locator("#composer button:visible, #chat button:visible").all():
        box = button.bounding_box()
        assert box["height"] >= 44 and box["width"] >= 44, button.text_content()


def shot(page, name: str) -> None:
    if SHOTS is not None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_phones_rate_last_times_actions_and_the_projector_shows_them(series, new_page):
    server, b = series["server"], series["b"]
    projector = new_page(1366, 768)
    projector.goto(f"{server.url}/p/{b['code']}")
    projector.locator(".bar-label", has_text="tehty · Varauskalenteri verkkoon").wait_for()

    phone = new_page(360, 740)
    phone.goto(f"{server.url}/j/{b['code']}")
    onboard(phone)
    phone.locator(".recap-item").nth(2).wait_for()
    facts = phone.locator(".recap-facts").all_text_contents()
    assert facts[0].startswith("Tila: tehty") and facts[2].startswith("Tila: ei aloitettu")
    assert phone.locator(".recap-note").first.text_content() == "Avattiin maaliskuussa"
    assert_usable_at_360(phone)
    shot(phone, "recap-phone-360")
    assert_accessible(phone)  # at a phone's and a laptop's size: it leaves the laptop's
    phone.get_by_role("button", name="4: Varauskalenteri verkkoon").click()
    phone.get_by_role("button", name="2: Avustusinfo yhdistyksille joka syksy").click()
    phone.get_by_label("Kommentti (vapaaehtoinen)").nth(1).fill("Infoa ei ole vielä pidetty")
    phone.get_by_role("button", name="Tallenna arviot").click()
    phone.locator(".bubble.me.sent", has_text="Infoa ei ole vielä pidetty").wait_for()

    # A second phone over Socket.IO, then the projector's bars carry the means.
    other = Client(
        server.url, {"role": "participant", "code": b["code"], "pid": "p" * 22, "secret": "s" * 32}
    )
    for field, value in (("nickname", ""), ("association", ""), ("sector", ""), ("mode", "one")):
        assert other.call("profile", {"cid": cid(), "field": field, "value": value})["ok"]
    items = other.call("sync")["conversation"]["prompt"]["extra"]["items"]
    ballot = {"ratings": {items[0]["key"]: 5, items[1]["key"]: 3}, "comments": {}}
    assert other.call("ballot", {"cid": cid(), "step": "seuranta", "ballot": ballot})["ok"]
    other.close()
    projector.locator(".bar-row", has_text="Varauskalenteri verkkoon").locator(
        ".bar-value", has_text="4,5"
    ).wait_for()
    assert_accessible(projector)
    shot(projector, "recap-projector-1366")


def test_the_actions_page_and_the_owner_page_are_accessible(series, new_page):
    server, a, b = series["server"], series["a"], series["b"]
    console = new_page(1280, 800)
    console.goto(f"{server.url}/f/{b['code']}/{series['b_secret']}")
    console.goto(f"{server.url}/f/{b['code']}/toimenpiteet")
    console.get_by_role("heading", name="Edellisen työpajan toimenpiteet").wait_for()
    assert_accessible(console)
    shot(console, "actions-page-b-1280")

    console_a = new_page(1280, 800)
    console_a.goto(f"{server.url}/f/{a['code']}/{series['a_secret']}")
    console_a.goto(f"{server.url}/f/{a['code']}/toimenpiteet")
    console_a.get_by_role("heading", name="Tärkeimmät asiat").wait_for()
    assert console_a.get_by_text("Varauskalenteri", exact=True).count() >= 1
    assert_accessible(console_a)
    shot(console_a, "actions-page-a-1280")

    owner = new_page(360, 740)
    owner.goto(f"{server.url}/s/{series['owner']}")
    owner.get_by_role("heading", name="Toimenpiteen tila").wait_for()
    assert_accessible(owner)
    owner.get_by_label("tehty").check()
    owner.get_by_label("Lyhyt huomio (vapaaehtoinen)").fill("Info pidettiin lokakuussa")
    owner.get_by_role("button", name="Tallenna tila").click()
    owner.get_by_role("status").wait_for()
    assert "Kiitos! Tila on tallennettu." in owner.get_by_role("status").text_content()
    assert_accessible(owner)
    shot(owner, "owner-page-360")


def test_the_organiser_page_lists_series_and_makes_a_follow_up(series, new_page):
    server, a, b = series["server"], series["a"], series["b"]
    page = new_page(1366, 768)
    page.goto(f"{server.url}/o/{ORGANIZER_KEY}")
    listing = page.locator(".org-series")
    listing.get_by_role("heading", name="Kuopio").wait_for()
    evenings = listing.locator("ol.series").first.locator("li").all_text_contents()
    store = Store(server.db_path)  # the owner's page may have marked one more as done
    with store.read() as tx:
        done = sum(a["status"] == "done" for a in store_followup.decided_actions(tx, a["id"]))
    store.close()
    assert evenings[0].startswith("Vuosiarvio 2027") and f"tehty {done}/3" in evenings[0]
    assert evenings[1].startswith("Syysilta 2026")
    assert_accessible(page)
    page.set_viewport_size({"width": 1366, "height": 768})
    shot(page, "organiser-series-1366")
    # A's follow-up exists already: the form offers only the newest evening of the series.
    choices = page.locator("#follow_up option").all_text_contents()
    assert any(b["code"] in c for c in choices) and not any(a["code"] in c for c in choices)
    page.get_by_label("Jatkaa työpajaa").select_option(b["code"])
    page.get_by_role("button", name="Luo työpaja").click()
    page.get_by_role("heading", name="Työpaja on luotu").wait_for()
    page.goto(f"{server.url}/o/")
    chain = page.locator(".org-series ol.series").first.locator("li").all_text_contents()
    assert len(chain) == 3 and b["code"] in chain[1] and a["code"] in chain[2]
    assert "tehty" not in chain[0]  # the evening it follows agreed on nothing yet
