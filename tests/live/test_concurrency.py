"""Concurrency on a real server: replays race each other, ballots race each other, limits hold."""

from __future__ import annotations

import json
import random
import secrets
import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor

from tests.helpers import Client, cid
from tyopaja.store import Store
from tyopaja.usecases import actions

VOTE_SCRIPT = """\
# Äänestystesti

### avoin: Mitä ideoita teillä on?
- id: ideat
- vastauksia: 5

### pisteet: Mitkä ideat ovat tärkeimpiä?
- id: tarkeat
- äänestä: ideat
- pisteitä: 3
- enintään: 2
"""


def prepare_server(live):
    """Besides the test workshop, a voting workshop."""
    store = Store(live.db_path)
    live.vote, live.vote_secret = store.write(actions.create_workshop, VOTE_SCRIPT, script_name="v")
    store.close()


def same_phone(server, code, sockets=3):
    """Several sockets of one participant (tabs, or a reconnect racing the old socket)."""
    auth = {
        "role": "participant",
        "code": code,
        "pid": secrets.token_urlsafe(16),
        "secret": secrets.token_urlsafe(24),
    }
    return [Client(server.url, dict(auth)) for _ in range(sockets)]


def all_at_once(calls):
    """Run the calls on threads released together; return their results in order."""
    start = threading.Barrier(len(calls))

    def run(call):
        start.wait()
        return call()

    with ThreadPoolExecutor(len(calls)) as pool:
        return list(pool.map(run, calls))


def query(server, sql, *args):
    conn = sqlite3.connect(server.db_path)
    try:
        return conn.execute(sql, args).fetchall()
    finally:
        conn.close()


def test_one_client_id_sent_ten_times_over_three_sockets_is_stored_once(server):
    sockets = same_phone(server, server.code)
    write_id = cid()
    payload = {"cid": write_id, "step": "toimii", "text": "Kerran vain"}
    try:
        acks = all_at_once([lambda s=sockets[n % 3]: s.call("answer", payload) for n in range(10)])
    finally:
        for s in sockets:
            s.close()
    assert all(ack["ok"] for ack in acks), acks
    assert len({ack["answer"] for ack in acks}) == 1
    assert sum(not ack["replay"] for ack in acks) == 1
    assert query(server, "SELECT count(*) FROM answers WHERE text = 'Kerran vain'") == [(1,)]
    assert query(server, "SELECT count(*) FROM receipts WHERE client_id = ?", write_id) == [(1,)]


def test_twenty_concurrent_ballots_from_one_participant_keep_the_dot_limits(server):
    code = server.vote["code"]
    authors = same_phone(server, code, sockets=1)[0]
    try:
        ids = [
            authors.call("answer", {"cid": cid(), "step": "ideat", "text": f"Idea {n}"})["answer"]
            for n in range(4)
        ]
    finally:
        authors.close()
    console = Client(
        server.url,
        {"role": "facilitator", "code": code},
        headers={"Cookie": f"tyopaja_f_{code}={server.vote_secret}"},
    )
    assert console.call("f:goto", {"step": "tarkeat"})["ok"]
    console.close()
    voter = same_phone(server, code)
    rng = random.Random(7)
    ballots = []
    for _ in range(20):
        chosen = rng.sample(ids, rng.randint(1, 3))
        ballots.append({"dots": {f"a:{i}": rng.randint(1, 2) for i in chosen}})
    try:
        acks = all_at_once(
            [
                lambda s=voter[n % 3], b=b: s.call(
                    "ballot", {"cid": cid(), "step": "tarkeat", "ballot": b}
                )
                for n, b in enumerate(ballots)
            ]
        )
    finally:
        for s in voter:
            s.close()
    legal = [b for b in ballots if sum(b["dots"].values()) <= 3]
    assert sum(ack["ok"] for ack in acks) == len(legal) > 0
    assert {ack.get("error") for ack in acks if not ack["ok"]} <= {"too_many_dots"}
    rows = query(server, "SELECT payload FROM ballots WHERE step_id = 'tarkeat'")
    assert len(rows) == 1, "one ballot per participant and step, however many were sent"
    stored = json.loads(rows[0][0])
    dots = stored.get("dots", stored)
    assert sum(dots.values()) <= 3 and max(dots.values()) <= 2
    assert dots in [{k: v for k, v in b["dots"].items()} for b in legal]
