"""Shared fixtures: a real SQLite file per test, the Flask-SocketIO test client, a real server."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import TEST_SCRIPT, LiveServer
from tyopaja import create_app
from tyopaja.realtime import socketio
from tyopaja.usecases import actions

ROOT = Path(__file__).resolve().parent.parent


def pytest_configure(config):
    """Register the markers used in this suite."""
    config.addinivalue_line("markers", "long: a test that waits minutes by design (runs first)")


def pytest_collection_modifyitems(items):
    """Start the long tests first, so that with several workers they overlap the rest."""
    items.sort(key=lambda item: item.get_closest_marker("long") is None)


@pytest.fixture
def app(tmp_path):
    """An app on a fresh SQLite file, in threading mode, with immediate fan-out."""
    config = {"DB": str(tmp_path / "test.db"), "ASYNC_MODE": "threading", "TESTING": True}
    app = create_app(dict(config, BACKGROUND_TASKS=False))
    yield app
    app.extensions["tyopaja"].store.close()


@pytest.fixture
def store(app):
    """The app's store."""
    return app.extensions["tyopaja"].store


@pytest.fixture
def client(app):
    """A Flask test client."""
    return app.test_client()


@pytest.fixture
def workshop(store):
    """A running workshop of the test script: (row, facilitator secret)."""
    return store.write(actions.create_workshop, TEST_SCRIPT, script_name="test.md")


def participant_client(app, client, code, pid="p" * 20, secret="s" * 32, lang="fi"):
    """A participant's Socket.IO test client."""
    auth = {"role": "participant", "code": code, "pid": pid, "secret": secret, "lang": lang}
    return socketio.test_client(app, flask_test_client=client, auth=auth)


@pytest.fixture
def phone(app, client, workshop):
    """A connected participant of the test workshop."""
    sio = participant_client(app, client, workshop[0]["code"])
    assert sio.is_connected()
    yield sio
    if sio.is_connected():
        sio.disconnect()


@pytest.fixture
def facilitator(app, workshop):
    """A connected facilitator of the test workshop (secret in the cookie, as after login)."""
    row, secret = workshop
    flask_client = app.test_client()
    response = flask_client.get(f"/f/{row['code']}/{secret}")
    assert response.status_code == 302
    sio = socketio.test_client(
        app, flask_test_client=flask_client, auth={"role": "facilitator", "code": row["code"]}
    )
    assert sio.is_connected()
    yield sio
    if sio.is_connected():
        sio.disconnect()


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright (never a downloaded browser)."""
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: run ./scripts/test, which installs it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def new_page(browser):
    """Open pages in fresh contexts (one per call, like separate devices); closed after the test."""
    contexts = []

    def open_page(width=360, height=640, **options):
        # Like a phone or laptop in Finland (Chromium's default would be en-US).
        options.setdefault("locale", "fi-FI")
        context = browser.new_context(viewport={"width": width, "height": height}, **options)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    """A real `tyopaja serve` process (gevent) on 127.0.0.1 with a test workshop."""
    server = LiveServer(tmp_path_factory.mktemp("live") / "live.db")
    server.start()
    yield server
    server.stop()
