"""A refused connection reaches the person: the bundled Socket.IO client sees the refusal's data."""

from __future__ import annotations

import pytest
import requests
from playwright.sync_api import expect

from tests.helpers import LiveServer


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    live = LiveServer(tmp_path_factory.mktemp("refusal") / "refusal.db")
    live.start()
    yield live
    live.stop()


def test_a_phone_of_a_deleted_workshop_hears_that_it_no_longer_exists(server, new_page):
    page = new_page(360, 740)
    page.goto(f"{server.url}/j/{server.code}")
    status = page.locator("#status")
    expect(status).to_have_attribute("data-state", "online")
    deleted = requests.post(
        f"{server.url}/f/{server.code}/delete",
        data={"confirm": server.code},
        headers={"Cookie": server.facilitator_cookie(), "Sec-Fetch-Site": "same-origin"},
        timeout=10,
    )
    assert deleted.status_code == 200
    # The server closes the phone's socket; on reconnect it is refused as unknown_workshop.
    expect(status).to_have_text("Työpajaa ei löytynyt. Tarkista koodi.", timeout=15_000)
    expect(status).to_have_attribute("data-state", "error")
