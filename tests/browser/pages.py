"""Page objects of the browser tier: a workshop on a live server, its chat, console, projector.

`ChatEvening` is one workshop seen from the phones' chat page (the facilitator is a real
Socket.IO client); `ConsoleEvening` is a draft workshop with the console and the projector open
in Chromium and python-socketio phones. The functions act on one chat page.
"""

from __future__ import annotations

import secrets
import sqlite3

from tests.chat_script import ALL_KINDS
from tests.helpers import Client, LiveServer, cid
from tyopaja.store import Store
from tyopaja.usecases import actions


class ChatEvening:
    """One workshop on the module's server, its facilitator and its phones."""

    def __init__(self, server: LiveServer, new_page, source: str = ALL_KINDS):
        store = Store(server.db_path)
        self.row, self.secret = store.write(actions.create_workshop, source)
        store.close()
        self.server, self.new_page = server, new_page
        self.code = self.row["code"]
        self.url = f"{server.url}/j/{self.code}"
        self.facilitator: Client | None = None

    def goto(self, step: str) -> None:
        """The facilitator moves everyone to `step`."""
        if self.facilitator is None:
            cookie = {"Cookie": f"tyopaja_f_{self.code}={self.secret}"}
            auth = {"role": "facilitator", "code": self.code}
            self.facilitator = Client(self.server.url, auth, headers=cookie)
        assert self.facilitator.call("f:goto", {"step": step})["ok"]

    def phone(self, **options):
        """A new phone (its own browser context) on the chat page."""
        page = self.new_page(360, 640, **options)
        page.goto(self.url)
        return page

    def rows(self, sql: str, *params) -> list[tuple]:
        """Rows of this workshop, read from the server's SQLite file."""
        with sqlite3.connect(self.server.db_path) as db:
            return db.execute(sql, (self.row["id"], *params)).fetchall()

    def close(self) -> None:
        if self.facilitator is not None:
            self.facilitator.close()


def step_shown(page, step: str):
    page.locator(f"#m-step\\:{step}").wait_for()


def sent(page, text: str):
    page.locator(".bubble.me.sent", has_text=text).wait_for()


def onboard(page, nickname: str = "", association: str = "", table: tuple[str, int] | None = None):
    """Answer (or skip) the introductions."""
    for label, value in (("Nimimerkki", nickname), ("Yhdistyksen nimi", association)):
        if value:
            page.get_by_label(label).fill(value)
            page.get_by_role("button", name="Lähetä").click()
        else:
            page.get_by_role("button", name="Ohita").click()
    page.get_by_role("button", name="Kulttuuri", exact=True).click()
    if table is None:
        page.get_by_role("button", name="Vain minä").click()
    else:
        page.get_by_role("button", name="Pöytäryhmä").click()
        page.get_by_label("Pöytä", exact=True).fill(table[0])
        page.get_by_label("Montako teitä on?").fill(str(table[1]))
        page.get_by_role("button", name="Lähetä").click()
    page.locator("#m-ready").wait_for()


def write(page, text: str):
    page.get_by_label("Kirjoita vastauksesi").fill(text)
    page.get_by_role("button", name="Lähetä").click()


# -- the console and the projector -------------------------------------------------------

CONSOLE_EVENING = """\
# Iltakokeilu

Tervetuloa!

## Tilat

### info: Illan kulku
- id: alku
- aika: 1 min

Ensin tilat, sitten äänestys.

### avoin: Mitä tiloja yhdistyksenne tarvitsee?
- id: tilat
- vastauksia: 5
- aika: 5 min

### pisteet: Mitkä tarpeet ovat tärkeimpiä?
- id: tarpeet
- äänestä: tilat
- äänestettävät: vastaukset
- pisteitä: 3
- enintään: 2
"""


class ConsoleEvening:
    """A fresh draft workshop on the server, its pages and its phones."""

    def __init__(self, server: LiveServer, new_page, state: str = "draft"):
        store = Store(server.db_path)
        row, self.secret = store.write(actions.create_workshop, CONSOLE_EVENING, state=state)
        store.close()
        self.server, self.code, self.phones = server, row["code"], []
        self.console = new_page(1280, 720)
        self.console.goto(f"{server.url}/f/{self.code}/{self.secret}")
        self.console.get_by_text("Yhteys kunnossa").wait_for()
        self.projector = new_page(1280, 720)
        self.projector.goto(f"{server.url}/p/{self.code}")

    def phone(self) -> Client:
        auth = {
            "role": "participant",
            "code": self.code,
            "pid": secrets.token_urlsafe(16),
            "secret": secrets.token_urlsafe(24),
        }
        client = Client(self.server.url, auth)
        self.phones.append(client)
        return client

    def click(self, name: str) -> None:
        self.console.get_by_role("button", name=name, exact=True).click()

    def close(self) -> None:
        for client in self.phones:
            client.close()


def answer(phone: Client, text: str) -> int:
    ack = phone.call("answer", {"cid": cid(), "step": "tilat", "text": text})
    assert ack["ok"], ack
    return ack["answer"]
