"""axe-core (WCAG 2.1 A and AA) finds nothing on any page, at 360×640 and at 1280×720.

Real Chromium on a real `tyopaja serve` process; each case sets up its own
workshop (ALL_KINDS: every step kind) and brings the page to the state it
audits: every step kind of the participant chat, every projector view, every
console tab, the organiser and export pages, the error pages, the privacy
notice and the accessibility statement, in Finnish, Swedish and English.
"""

from __future__ import annotations

import pytest

from tests.a11y import assert_accessible
from tests.browser.scenes import (
    CHAT,
    CONSOLE,
    ORGANIZER_KEY,
    PROJECTOR,
    Scene,
    chat_draft,
    logged_in,
)

SERVER_ENV = {
    "TYOPAJA_ORGANIZER_KEY": ORGANIZER_KEY,
    "TYOPAJA_ACCESSIBILITY_CONTACT": "saavutettavuus@kunta.example",
}


@pytest.fixture
def scene(server, new_page):
    made = Scene(server, new_page)
    yield made
    made.close()


@pytest.mark.parametrize("state", list(CHAT))
def test_participant_chat(scene, state):
    assert_accessible(CHAT[state](scene))


def test_participant_chat_before_the_workshop_starts(server, new_page):
    assert_accessible(chat_draft(server, new_page))


@pytest.mark.parametrize("view", list(PROJECTOR))
def test_projector(scene, view):
    assert_accessible(PROJECTOR[view](scene))


@pytest.mark.parametrize("tab", list(CONSOLE))
def test_facilitator_console(scene, tab):
    assert_accessible(CONSOLE[tab](scene))


# -- export, deletion --------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/export",
        "/export/preview/md",
        "/export/preview/md-welfare",
        "/export/preview/md-full",
        "/export/preview/summary",
        "/delete",
    ],
)
def test_export_and_delete_pages(scene, path):
    scene.answers("Salit auki iltaisin", "Avustushaku selkeämmäksi")
    scene.goto("tuletteko")
    scene.vote("tuletteko", {"options": [0]})
    assert_accessible(logged_in(scene, f"/f/{scene.code}{path}"))


def test_export_page_with_import_errors(scene):
    page = logged_in(scene, f"/f/{scene.code}/export")
    bad = {"name": "vastaukset.csv", "mimeType": "text/csv", "buffer": b"vaihe;vastaus\nx;y\n"}
    page.locator("#import-file").set_input_files(files=[bad])
    page.get_by_role("button", name="Tuo vastaukset").click()
    page.locator("#import-errors").wait_for()
    assert_accessible(page)


def test_deleted_page(scene):
    page = logged_in(scene, f"/f/{scene.code}/delete")
    page.get_by_label("Kirjoita vahvistukseksi").fill(scene.code)
    page.get_by_role("button", name="Poista työpaja pysyvästi").click()
    page.get_by_role("heading", name="Työpaja poistettu").wait_for()
    assert_accessible(page)


# -- organiser pages ---------------------------------------------------------------


BROKEN_SCRIPT = "# Rikki\n\n### outo: Mikä tämä on?\n"


@pytest.fixture
def organiser(server, new_page):
    page = new_page(1280, 720)
    page.goto(f"{server.url}/o/{ORGANIZER_KEY}")
    page.get_by_role("heading", name="Työpajat", exact=True).wait_for()
    return page


def test_organiser_home(organiser):
    assert_accessible(organiser)


def test_organiser_preview_with_script_errors(organiser):
    organiser.get_by_label("Tai liitä oma käsikirjoitus").fill(BROKEN_SCRIPT)
    organiser.get_by_role("button", name="Esikatsele").click()
    organiser.locator("#script-errors").wait_for()
    assert_accessible(organiser)


def test_organiser_preview_and_created_workshop(organiser):
    organiser.get_by_label("Otsikko").fill("Saavutettavuusilta")
    organiser.get_by_role("button", name="Esikatsele").click()
    organiser.locator(".preview").wait_for()
    assert_accessible(organiser)
    organiser.get_by_role("button", name="Luo työpaja").click()
    organiser.get_by_role("heading", name="Työpaja on luotu").wait_for()
    assert_accessible(organiser)


def test_organiser_without_the_key(server, new_page):
    page = new_page()
    page.goto(f"{server.url}/o/")
    page.get_by_role("heading", name="Ei pääsyä").wait_for()
    assert_accessible(page)


# -- start page, errors, privacy, accessibility statement -------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/?code=x",
        "/ei-ole-olemassa",
        "/j/ZZZZZZ",
        "/tietosuoja",
        "/tietosuoja?lang=sv",
        "/tietosuoja?lang=en",
        "/saavutettavuus",
        "/saavutettavuus?lang=sv",
        "/saavutettavuus?lang=en",
    ],
)
def test_public_pages(server, new_page, path):
    page = new_page()
    page.goto(f"{server.url}{path}")
    assert_accessible(page)


def test_forbidden_page(server, new_page):
    page = new_page()
    response = page.goto(f"{server.url}/f/{server.code}")
    assert response.status == 403
    assert_accessible(page)
