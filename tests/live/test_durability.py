"""Durability: kill -9 a loaded server, restart it, and count every acknowledged write exactly once.

A real `tyopaja serve` takes writes from 200 simulated phones (lean asyncio
Socket.IO clients from bench/sio.py, about 500 writes a second in all). At a
random, seeded moment the server gets SIGKILL; it is restarted on the same
database, the phones reconnect and resend whatever was not acknowledged, as
static/js/participant.js does. Afterwards every acknowledged write is in the
database exactly once and `PRAGMA integrity_check` says ok. The backup test
copies the database with `tyopaja backup` while the same kind of load runs.
"""

from __future__ import annotations

import asyncio
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import pytest

from bench.sio import LeanSocket
from tests.helpers import ROOT, LiveServer
from tyopaja.store import Store
from tyopaja.usecases import actions

LOAD_SCRIPT = """\
# Kuormatesti

### avoin: Mitä ideoita teillä on?
- id: ideat
- vastauksia: 20
"""
PHONES = 200
WRITES_PER_PHONE = 10
INTERVAL = 0.4  # seconds between one phone's writes: 200 phones -> ~500 writes/s
KILL_SEEDS = (11, 22, 33)
TRANSIENT = {"rate_limited", "store_failed", "server_error"}


@dataclass
class Tally:
    """What the phones saw: acknowledged writes (cid -> answer id), refusals, reconnects."""

    acked: dict[str, int] = field(default_factory=dict)
    times: list[float] = field(default_factory=list)
    refused: list[dict] = field(default_factory=list)
    reconnects: int = 0


async def run_phone(url: str, code: str, n: int, tally: Tally, deadline: float) -> None:
    """One phone: writes one after another, keeps unacked ones and resends them after reconnects."""
    auth = {"role": "participant", "code": code, "pid": f"{code}-phone-{n:05d}", "secret": "s" * 24}
    outbox = [(f"{code}-{n:05d}-{i:03d}", f"Idea {code} {n} {i}") for i in range(WRITES_PER_PHONE)]
    rng = random.Random(n)
    await asyncio.sleep(rng.random() * INTERVAL)
    while outbox and time.monotonic() < deadline:
        sock = LeanSocket()
        try:
            await sock.connect(url, auth, timeout=10)
        except Exception:  # refused, closed, timed out: try again
            tally.reconnects += 1
            await asyncio.sleep(0.2 + rng.random() * 0.3)
            continue
        try:
            while outbox and time.monotonic() < deadline:
                write_id, text = outbox[0]
                started = time.monotonic()
                ack = await sock.call(
                    "answer", {"cid": write_id, "step": "ideat", "text": text}, timeout=15
                )
                if ack.get("ok"):
                    tally.acked[write_id] = ack["answer"]
                    tally.times.append(time.monotonic())
                    outbox.pop(0)
                    await asyncio.sleep(max(0.0, INTERVAL - (time.monotonic() - started)))
                elif ack.get("error") in TRANSIENT:
                    await asyncio.sleep(0.2 + rng.random() * 0.3)
                else:
                    tally.refused.append(ack)
                    outbox.pop(0)
        except Exception:  # refused, closed, timed out: try again
            tally.reconnects += 1
        finally:
            await sock.close()


async def load(url: str, code: str, tally: Tally, seconds: float) -> None:
    """All phones of one workshop, until every write is acknowledged (or time is up)."""
    deadline = time.monotonic() + seconds
    await asyncio.gather(*(run_phone(url, code, n, tally, deadline) for n in range(PHONES)))


def run_async(coroutine):
    """asyncio.run on a thread of its own (Playwright's sync API may own this thread's loop)."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def kill(server: LiveServer) -> None:
    """SIGKILL: no clean shutdown, no final checkpoint."""
    server.process.send_signal(signal.SIGKILL)
    server.process.wait(10)
    server._log.close()


def integrity(db_path) -> str:
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


def stored_texts(db_path, workshop_id: int) -> list[tuple[int, str]]:
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute(
            "SELECT id, text FROM answers WHERE workshop_id = ?", (workshop_id,)
        ).fetchall()
    finally:
        conn.close()


def new_workshop(db_path) -> dict:
    store = Store(db_path)
    try:
        workshop, _secret = store.write(actions.create_workshop, LOAD_SCRIPT, script_name="load")
    finally:
        store.close()
    return workshop


@pytest.mark.parametrize("seed", KILL_SEEDS)
def test_every_acknowledged_write_survives_a_kill_at_a_random_moment(server, seed):
    workshop = new_workshop(server.db_path)
    tally = Tally()
    kill_after = random.Random(seed).uniform(0.2, 2.5)

    async def scenario():
        phones = asyncio.create_task(load(server.url, workshop["code"], tally, seconds=60))
        # The random moment is counted from the first acknowledged write, so that a slow
        # start (a loaded CI machine) cannot put the kill before any write was acked.
        while not tally.acked and not phones.done():
            await asyncio.sleep(0.01)
        await asyncio.sleep(kill_after)
        acked_before_kill = dict(tally.acked)
        rate = sum(1 for t in tally.times if t > time.monotonic() - 0.5) * 2
        await asyncio.to_thread(kill, server)
        await asyncio.to_thread(server.start)
        await phones
        return acked_before_kill, rate

    before_kill, rate = run_async(scenario())
    expected = PHONES * WRITES_PER_PHONE
    assert tally.refused == []
    assert len(before_kill) > 0, "the kill came after some writes were acknowledged"
    assert len(tally.acked) == expected, "every write was acknowledged in the end"
    assert tally.reconnects >= PHONES, "the phones really lost the server"
    rows = stored_texts(server.db_path, workshop["id"])
    by_id = dict(rows)
    assert len(rows) == expected, "no write stored twice, none lost"
    for write_id, answer_id in tally.acked.items():
        code, n, i = write_id.split("-")
        assert by_id[answer_id] == f"Idea {code} {int(n)} {int(i)}", write_id
    assert integrity(server.db_path) == "ok"
    print(
        f"\nseed {seed}: killed {kill_after:.2f}s after the first ack at {rate} writes/s,"
        f" {len(before_kill)} writes acked;"
        f" {len(tally.acked)} acked in all, {tally.reconnects} reconnects"
    )


def test_tyopaja_backup_copies_a_consistent_database_under_load(server, tmp_path):
    if server.process.poll() is not None:
        server.start()
    workshop = new_workshop(server.db_path)
    tally = Tally()
    dest = tmp_path / "backup" / "copy.db"

    async def scenario():
        phones = asyncio.create_task(load(server.url, workshop["code"], tally, seconds=60))
        await asyncio.sleep(1.5)
        acked_before = dict(tally.acked)
        done = await asyncio.to_thread(
            subprocess.run,
            [sys.executable, "-m", "tyopaja.cli", "backup", "--db", str(server.db_path), str(dest)],
            capture_output=True,
            text=True,
            cwd=ROOT,
            env=dict(os.environ),
        )
        acked_during = len(tally.acked)
        await phones
        return acked_before, acked_during, done

    acked_before, acked_during, done = run_async(scenario())
    assert done.returncode == 0 and "Varmuuskopio" in done.stdout, done.stderr
    assert integrity(dest) == "ok"
    copy = dict(stored_texts(dest, workshop["id"]))
    assert set(acked_before.values()) <= set(copy), "writes acked before the backup are in it"
    assert len(copy) < PHONES * WRITES_PER_PHONE, "the backup ran while writes went on"
    assert acked_during > len(acked_before)
    conn = sqlite3.connect(dest)
    receipts = conn.execute(
        "SELECT count(*) FROM receipts WHERE workshop_id = ?", (workshop["id"],)
    ).fetchone()[0]
    conn.close()
    assert receipts == len(copy), "each answer and its receipt are in the same snapshot"
    restored = Store(dest)
    try:
        with restored.read() as tx:
            assert len(tx.answers(workshop["id"])) == len(copy)
    finally:
        restored.close()
