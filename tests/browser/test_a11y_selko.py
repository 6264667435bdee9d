"""Selkokieli (Easy Finnish): the participant's texts in a plainer variant, chosen like a language.

The catalog (translations/fi/LC_MESSAGES/selko.po) is checked against the
texts it varies; the page, the socket conversation and a real phone in
Chromium show selkokieli when asked and standard Finnish otherwise.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from babel.messages.pofile import read_po

from tests.a11y import assert_accessible
from tests.browser.pages import ChatEvening, step_shown
from tests.chat_script import ALL_KINDS
from tests.helpers import participant_client
from tyopaja.realtime import socketio

ROOT = Path(__file__).resolve().parents[2]
SELKO = ROOT / "tyopaja" / "translations" / "fi" / "LC_MESSAGES" / "selko.po"
POT = ROOT / "tyopaja" / "translations" / "selko.pot"

STANDARD_GREETING = "Millä nimellä saan kutsua sinua? Voit myös ohittaa tämän."
SELKO_GREETING = "Mikä on nimesi? Voit kertoa myös lempinimen. Jos et halua kertoa, paina Ohita."


def catalog(path: Path):
    with open(path, "rb") as f:
        return read_po(f)


def forms(text: str | tuple[str, ...]) -> tuple[str, ...]:
    """A message's forms: one, or singular and plural."""
    return text if isinstance(text, tuple) else (text,)


def selko_entries() -> list:
    """The catalog's entries that have a selkokieli text."""
    return [m for m in catalog(SELKO) if m.id and all(forms(m.string))]


def page_texts(html: str) -> str:
    """The page's visible text and its embedded JSON (conversation, UI texts), decoded."""
    blocks = re.findall(r'<script type="application/json" id="\w+">(.*?)</script>', html, re.S)
    return html + "".join(json.dumps(json.loads(block), ensure_ascii=False) for block in blocks)


def placeholders(text: str) -> set[str]:
    return set(re.findall(r"%\(\w+\)[sd]|\{\w+\}", text))


def test_every_selkokieli_text_varies_a_current_participant_text():
    current = {m.id for m in catalog(POT) if m.id}
    entries = selko_entries()
    assert len(entries) >= 30
    for m in entries:
        assert m.id in current, m.id  # no stale entries
        # the plural's last form keeps every variable; "%(num)d" may be written out in the first
        assert placeholders(forms(m.string)[-1]) == placeholders(forms(m.id)[-1]), m.id


def test_selkokieli_sentences_are_short():
    for m in selko_entries():
        for text in forms(m.string):
            for sentence in re.split(r"(?<=[.!?])\s+", text):
                assert len(sentence.split()) <= 14, sentence


def test_the_page_speaks_selkokieli_when_asked_and_remembers_it(client, workshop):
    code = workshop[0]["code"]
    page = page_texts(client.get(f"/j/{code}?selko=1").get_data(as_text=True))
    assert SELKO_GREETING in page and STANDARD_GREETING not in page
    assert "Sinun ei tarvitse kertoa nimeäsi." in page  # the page's own texts too
    assert '<html lang="fi">' in page and 'data-plain="1"' in page
    assert "Tavallinen kieli" in page
    # the cookie keeps the choice
    again = page_texts(client.get(f"/j/{code}").get_data(as_text=True))
    assert SELKO_GREETING in again
    back = page_texts(client.get(f"/j/{code}?selko=0").get_data(as_text=True))
    assert STANDARD_GREETING in back and 'data-plain="0"' in back and ">Selkokieli<" in back


def test_selkokieli_is_only_for_finnish(client, workshop):
    code = workshop[0]["code"]
    page = page_texts(client.get(f"/j/{code}?lang=sv&selko=1").get_data(as_text=True))
    assert "Vad får jag kalla dig?" in page
    assert 'data-plain="0"' in page and "Selkokieli" not in page


def chat_texts(sio) -> list[str]:
    """The texts of the conversation a socket client is shown."""
    return [m["text"] for m in sio.emit("sync", {}, callback=True)["conversation"]["messages"]]


def test_the_socket_conversation_follows_the_plain_flag(app, client, workshop):
    code = workshop[0]["code"]
    auth = {"role": "participant", "code": code, "pid": "q" * 20, "secret": "s" * 32}
    plain = socketio.test_client(app, flask_test_client=client, auth=dict(auth, plain=True))
    assert SELKO_GREETING in chat_texts(plain)
    plain.disconnect()
    standard = participant_client(app, client, code, pid="q" * 20)
    texts = chat_texts(standard)
    assert STANDARD_GREETING in texts and SELKO_GREETING not in texts
    standard.disconnect()


def test_a_plain_flag_that_is_not_a_boolean_is_refused(app, client, workshop):
    auth = {"role": "participant", "code": workshop[0]["code"], "pid": "q" * 20, "secret": "s" * 32}
    sio = socketio.test_client(app, flask_test_client=client, auth=dict(auth, plain="yes"))
    assert not sio.is_connected()


def test_a_phone_switches_to_selkokieli_and_back(server, new_page):
    evening = ChatEvening(server, new_page, ALL_KINDS)
    try:
        evening.goto("pisteet")
        phone = evening.phone()
        phone.get_by_text(STANDARD_GREETING).wait_for()
        phone.get_by_role("link", name="Selkokieli").click()
        phone.get_by_text(SELKO_GREETING).wait_for()
        phone.locator("#status[data-state=online]").wait_for()
        phone.get_by_label("Nimi tai lempinimi").fill("Aino")
        phone.get_by_role("button", name="Lähetä").click()
        phone.get_by_role("button", name="Ohita").click()
        phone.get_by_role("button", name="Kulttuuri", exact=True).click()
        phone.get_by_role("button", name="Vain minä").click()
        phone.get_by_text("Kiitos, Aino! Kysyn sinulta yhden asian", exact=False).wait_for()
        step_shown(phone, "pisteet")
        phone.get_by_text("Vastauksia ei ole vielä. Odota hetki. Paina sitten Päivitä.").wait_for()
        assert phone.locator("html").get_attribute("lang") == "fi"
        assert_accessible(phone)
        phone.get_by_role("link", name="Tavallinen kieli").click()
        phone.get_by_text("Äänestettäviä vastauksia ei ole vielä.", exact=False).wait_for()
        phone.locator("#status[data-state=online]").wait_for()
        phone.get_by_text("Kiitos, Aino! Kysyn sinulta asioita yksi", exact=False).wait_for()
        assert evening.rows("SELECT nickname, lang FROM participants WHERE workshop_id = ?") == [
            ("Aino", "fi")
        ]
    finally:
        evening.close()
