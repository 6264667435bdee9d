"""Phones offline for 5 s, 30 s and 3 minutes while sending: each answer stored once, shown sent.

Three real Chromium phones go offline at the same moment and come back after
5 s, 30 s and 180 s, so the whole test costs about three minutes. "Offline"
is `context.set_offline(True)` *and* a cut in the phone's own network path:
Playwright's offline mode does not touch open WebSockets (microsoft/playwright
issue 4910), so each phone reaches the server through a small TCP relay on
127.0.0.1 that the test unplugs (dropping every connection and refusing new
ones) and plugs back in. The waits below are the offline durations themselves;
everything else waits for what the page shows.
"""

from __future__ import annotations

import contextlib
import socket
import sqlite3
import threading
import time

import pytest

from tests.browser.pages import onboard, sent, write
from tyopaja.store import Store
from tyopaja.usecases import actions

SCRIPT = """\
# Katkostesti

### avoin: Mitä ideoita teillä on?
- id: ideat
- vastauksia: 10
"""
DURATIONS = (5, 30, 180)


class Relay:
    """A TCP relay to the server that can be unplugged like a phone losing its network."""

    def __init__(self, target_port: int):
        self.target = ("127.0.0.1", target_port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.plugged = True
        self.links: set[socket.socket] = set()
        self.lock = threading.Lock()
        self.closing = False
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while not self.closing:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if not self.plugged:
                client.close()
                continue
            try:
                upstream = socket.create_connection(self.target)
            except OSError:
                client.close()
                continue
            with self.lock:
                self.links.update((client, upstream))
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    def _pipe(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while chunk := source.recv(65536):
                sink.sendall(chunk)
        except OSError:
            pass
        finally:
            for end in (source, sink):
                self._drop(end)

    def _drop(self, end: socket.socket) -> None:
        with self.lock:
            self.links.discard(end)
        with contextlib.suppress(OSError):
            end.shutdown(socket.SHUT_RDWR)
        end.close()

    def unplug(self) -> None:
        """Drop every open connection and refuse new ones."""
        self.plugged = False
        with self.lock:
            links = list(self.links)
        for end in links:
            self._drop(end)

    def plug(self) -> None:
        self.plugged = True

    def close(self) -> None:
        self.closing = True
        self.unplug()
        self.listener.close()


def prepare_server(live):
    store = Store(live.db_path)
    live.outage, _secret = store.write(actions.create_workshop, SCRIPT, script_name="katko")
    store.close()


def stored(server, text: str) -> int:
    with sqlite3.connect(server.db_path) as db:
        return db.execute("SELECT count(*) FROM answers WHERE text = ?", (text,)).fetchone()[0]


@pytest.mark.long
def test_phones_offline_for_5_s_30_s_and_3_minutes_lose_nothing(server, new_page):
    code = server.outage["code"]
    phones = []
    for seconds in DURATIONS:
        relay = Relay(server.port)
        page = new_page(360, 640)
        page.goto(f"http://127.0.0.1:{relay.port}/j/{code}")
        onboard(page)
        page.locator("#m-step\\:ideat").wait_for()
        first = f"Ennen katkoa {seconds}"
        write(page, first)
        sent(page, first)
        phones.append((seconds, relay, page, [first]))
    try:
        start = time.monotonic()
        for seconds, relay, page, texts in phones:
            page.context.set_offline(True)
            relay.unplug()
            for n in range(3):  # the first goes out while the connection is dying
                text = f"Katkon aikana {seconds} s, viesti {n + 1}"
                write(page, text)
                page.locator(".bubble.me.pending", has_text=text).wait_for()
                texts.append(text)
            page.locator("#status[data-state='offline']").wait_for(timeout=30_000)
        for seconds, relay, page, texts in phones:
            for text in texts[1:]:
                assert page.locator(".bubble.me.pending", has_text=text).count() == 1
                assert stored(server, text) == 0, "nothing got through while offline"
            time.sleep(max(0.0, start + seconds - time.monotonic()))  # the outage itself
            page.context.set_offline(False)
            relay.plug()
            for text in texts:
                sent(page, text)
            assert page.locator(".bubble.me.pending").count() == 0
            for text in texts:
                assert stored(server, text) == 1, text
            page.reload()
            page.locator("#m-step\\:ideat").wait_for()
            for text in texts:
                assert page.locator(".bubble.me.sent", has_text=text).count() == 1, text
    finally:
        for _seconds, relay, _page, _texts in phones:
            relay.close()
