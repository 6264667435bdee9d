"""Fixtures of every tier: the markers, an app on a real SQLite file, the live-server factory.

The app fixtures (Flask test client, Flask-SocketIO test clients) serve the socket tier and the
in-process checks of the live and browser tiers; each tier's conftest adds its own.
"""

from __future__ import annotations

import pytest

from tests.helpers import TEST_SCRIPT, LiveServer, long_first, participant_client
from tyopaja import create_app
from tyopaja.realtime import socketio
from tyopaja.usecases import actions


def pytest_configure(config):
    """Register the markers used in this suite."""
    config.addinivalue_line("markers", "long: a test that waits minutes by design (runs first)")


@pytest.hookimpl(trylast=True)  # after -k/-m deselection: the order is of the final list
def pytest_collection_modifyitems(config, items):
    """Start the long tests first, one at the head of each worker's first run of tests."""
    workers = int(getattr(config, "workerinput", {}).get("workercount", 1))
    items[:] = long_first(items, lambda item: item.get_closest_marker("long"), workers)


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


@pytest.fixture(scope="session")
def start_server(tmp_path_factory):
    """The live-server factory: `start_server(name, env=None, prepare=None)` -> a started server.

    Each call is a real `tyopaja serve` process (gevent) on 127.0.0.1 on its own SQLite file
    holding the test workshop; `prepare(live)` runs before the start (e.g. to add workshops).
    Servers still running are stopped at the end of the session.
    """
    started: list[LiveServer] = []

    def start(name: str = "live", env: dict[str, str] | None = None, prepare=None) -> LiveServer:
        live = LiveServer(tmp_path_factory.mktemp(name) / f"{name}.db", extra_env=env)
        if prepare is not None:
            prepare(live)
        live.start()
        started.append(live)
        return live

    yield start
    for live in started:
        live.stop()


@pytest.fixture(scope="module")
def server(start_server, request):
    """The test module's own server, so that what it does never disturbs other modules.

    A module sets `SERVER_ENV` (extra environment) or defines `prepare_server(live)` to adjust it.
    """
    module = request.module
    name = module.__name__.rsplit(".", 1)[-1].removeprefix("test_")
    live = start_server(
        name,
        env=getattr(module, "SERVER_ENV", None),
        prepare=getattr(module, "prepare_server", None),
    )
    yield live
    live.stop()


@pytest.fixture(scope="session")
def live_server(start_server):
    """One server shared by the whole session, for tests that only read or add their own rows."""
    return start_server("live")
