"""Coalescing with the real background tasks: a burst of votes is a handful of emits."""

from __future__ import annotations

import json
import threading
import time

import pytest

from tests.chat_script import CONSOLE_SCRIPT
from tyopaja import create_app
from tyopaja.realtime import socketio
from tyopaja.usecases import actions
from tyopaja.usecases.events import VoteChanged

VOTES = 500


@pytest.fixture
def live_app(tmp_path):
    """An app whose group committer and fan-out run as background threads, as in a server."""
    app = create_app({"DB": str(tmp_path / "t.db"), "ASYNC_MODE": "threading", "TESTING": True})
    yield app
    app.extensions["tyopaja"].store.close()


def screens(app, code, secret):
    flask_client = app.test_client()
    flask_client.get(f"/f/{code}/{secret}")
    fac = socketio.test_client(
        app, flask_test_client=flask_client, auth={"role": "facilitator", "code": code}
    )
    proj = socketio.test_client(app, auth={"role": "projector", "code": code})
    assert fac.is_connected() and proj.is_connected()
    return fac, proj


def vote(services, workshop_id, n):
    """One phone's ballot, committed through the group committer, then published."""

    def write(tx):
        pid = tx.create_participant(workshop_id, f"voter-{n:016d}", "x" * 64, "fi")
        tx.db.execute(
            "INSERT INTO ballots (workshop_id, step_id, participant_id, payload, updated_at)"
            " VALUES (?, 'milloin', ?, ?, '2026-01-01T00:00:00Z')",
            (workshop_id, pid, json.dumps({"options": [n % 2]})),
        )

    services.commit(write)
    services.fanout.publish(workshop_id, [VoteChanged("milloin")])


def wait_for_results(sio, voters, timeout=10.0):
    """Every `results` message received until one shows `voters` votes."""
    seen, deadline = [], time.monotonic() + timeout
    while time.monotonic() < deadline:
        seen += [e["args"][0] for e in sio.get_received() if e["name"] == "results"]
        if seen and seen[-1]["voters"] == voters:
            return seen
        time.sleep(0.02)  # polling the test client's inbox; the condition is the message
    raise TimeoutError(f"no results with {voters} voters; last {seen[-1:]}")


def test_a_burst_of_500_votes_is_a_handful_of_results_messages(live_app):
    services = live_app.extensions["tyopaja"]
    row, secret = services.store.write(actions.create_workshop, CONSOLE_SCRIPT)
    fac, proj = screens(live_app, row["code"], secret)
    fac.get_received(), proj.get_received()
    threads = [
        threading.Thread(
            target=lambda k=k: [vote(services, row["id"], n) for n in range(k, VOTES, 10)]
        )
        for k in range(10)
    ]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    burst = time.monotonic() - started
    to_projector = wait_for_results(proj, VOTES)
    to_facilitator = wait_for_results(fac, VOTES)
    # one message per flush at most (flushes every 0.2 s), never one per vote
    limit = int(burst / 0.2) + 3
    assert len(to_projector) <= limit and len(to_facilitator) <= limit
    assert len(to_projector) < VOTES / 20
    final = to_projector[-1]
    assert [(i["label"], i["points"]) for i in final["items"]] == [
        ("Keväällä", VOTES // 2),
        ("Syksyllä", VOTES // 2),
    ]
