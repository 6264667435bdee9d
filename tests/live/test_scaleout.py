"""Scale-out: two server processes on one SQLite file share broadcasts through a real Redis.

A phone on process A and the projector and facilitator on process B must see
each other's events, as behind a sticky proxy (docs/deploy.md).
"""

from __future__ import annotations

import shutil
import subprocess
import time

import pytest
import redis

from tests.helpers import Client, LiveServer, cid, free_port, phone

REDIS_SERVER = shutil.which("redis-server") or "/usr/sbin/redis-server"


@pytest.fixture(scope="module")
def redis_url():
    """A throw-away redis-server on 127.0.0.1 (no persistence), stopped after the module."""
    if not shutil.which(REDIS_SERVER):
        pytest.fail("redis-server is missing: run ./scripts/test, which installs it")
    port = free_port()
    process = subprocess.Popen(
        [
            REDIS_SERVER,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for_redis(port, process)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(10)


def _wait_for_redis(port: int, process: subprocess.Popen, timeout: float = 10.0) -> None:
    """Poll PING until redis answers (its readiness is the condition waited for)."""
    client = redis.Redis(host="127.0.0.1", port=port, socket_timeout=1)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("redis-server exited")
        try:
            if client.ping():
                return
        except redis.ConnectionError:
            time.sleep(0.05)
    raise TimeoutError("redis-server did not answer")


@pytest.fixture(scope="module")
def two_servers(tmp_path_factory, redis_url):
    """Processes A and B on the same database and workshop, sharing the Redis message queue."""
    db = tmp_path_factory.mktemp("scaleout") / "shared.db"
    env = {"TYOPAJA_MESSAGE_QUEUE": redis_url}
    a = LiveServer(db, extra_env=env)
    b = LiveServer(db, extra_env=env, share_with=a)
    a.start()
    try:
        b.start()
        yield a, b
    finally:
        b.stop()
        a.stop()


def screen(server: LiveServer, role: str) -> Client:
    """A projector or facilitator socket on one server process, synced."""
    headers = {"Cookie": server.facilitator_cookie()} if role == "facilitator" else None
    client = Client(server.url, {"role": role, "code": server.code}, headers=headers)
    assert client.call("sync")["ok"]
    return client


def has_text(text: str):
    """A predicate: an `answers` payload that carries this text."""
    return lambda data: any(a["text"] == text for a in data["answers"])


def test_answer_on_process_a_reaches_projector_and_facilitator_on_process_b(two_servers):
    a, b = two_servers
    projector, facilitator, device = screen(b, "projector"), screen(b, "facilitator"), phone(a)
    try:
        ack = device.call("answer", {"cid": cid(), "step": "toimii", "text": "Avustus kiittää"})
        assert ack["ok"], ack
        seen = projector.wait_for("answers", has_text("Avustus kiittää"), timeout=10)
        assert [x["id"] for x in seen["answers"]] == [ack["answer"]]
        facilitator.wait_for("answers", has_text("Avustus kiittää"), timeout=10)
    finally:
        for client in (projector, facilitator, device):
            client.close()


def test_facilitator_on_process_b_moves_phone_on_process_a(two_servers):
    a, b = two_servers
    device, facilitator = phone(a), screen(b, "facilitator")
    try:
        assert device.call("sync")["ok"]
        assert facilitator.call("f:goto", {"step": "tilat"})["ok"]
        position = device.wait_for("position", lambda p: p["current"] == "tilat", timeout=10)
        assert position["state"] == "open"
    finally:
        device.close()
        facilitator.close()


def test_phones_on_both_processes_reach_one_projector(two_servers):
    a, b = two_servers
    projector = screen(a, "projector")
    phones = [phone(a), phone(b)]
    try:
        assert phones[0].call("sync")["ok"] and phones[1].call("sync")["ok"]
        current = phones[0].call("sync")["position"]["current"]
        texts = [f"Vastaus prosessista {name}" for name in "AB"]
        for device, text in zip(phones, texts, strict=True):
            assert device.call("answer", {"cid": cid(), "step": current, "text": text})["ok"]
        seen: set[str] = set()

        def all_seen(data) -> bool:
            # Both answers may come in one coalesced `answers` event, or in two.
            seen.update(a["text"] for a in data["answers"])
            return seen >= set(texts)

        projector.wait_for("answers", all_seen, timeout=10)
    finally:
        for client in (projector, *phones):
            client.close()
