"""Real Chromium: a phone joins, answers, and the projector shows it."""

import io

import zxingcpp
from PIL import Image


def test_a_phone_answers_and_the_projector_shows_it(live_server, new_page):
    projector = new_page(1280, 720)
    projector.goto(f"{live_server.url}/p/{live_server.code}")
    phone = new_page(360, 640)
    phone.goto(f"{live_server.url}/j/{live_server.code}")
    phone.get_by_role("button", name="Ohita").click()
    phone.get_by_role("button", name="Ohita").click()
    phone.get_by_role("button", name="Ohita").click()
    phone.get_by_role("button", name="Vain minä").click()
    phone.locator("#m-step\\:toimii").wait_for()
    phone.get_by_label("Kirjoita vastauksesi").fill("Avustuspäätökset tulevat ajoissa")
    phone.get_by_role("button", name="Lähetä").click()
    sent = phone.locator(".bubble.me.sent", has_text="Avustuspäätökset tulevat ajoissa")
    sent.wait_for()
    projector.locator(".card", has_text="Avustuspäätökset tulevat ajoissa").wait_for(timeout=3000)
    # a reload brings back the same conversation, with the answer once
    phone.reload()
    phone.locator("#m-step\\:toimii").wait_for()
    assert phone.locator(".bubble.me", has_text="Avustuspäätökset tulevat ajoissa").count() == 1


def test_the_projector_qr_code_is_the_join_url(live_server, new_page):
    projector = new_page(1280, 720)
    projector.goto(f"{live_server.url}/p/{live_server.code}")
    png = projector.locator(".qr-box").screenshot()
    decoded = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))
    assert [code.text for code in decoded] == [f"{live_server.url}/j/{live_server.code}"]


def test_an_unknown_code_shows_a_friendly_finnish_page(live_server, new_page):
    page = new_page()
    response = page.goto(f"{live_server.url}/j/ZZZZZZ")
    assert response.status == 404
    assert page.get_by_role("heading", name="Työpajaa ei löytynyt").is_visible()
