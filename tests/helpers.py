"""Test helpers: a test script, a real server process, real Socket.IO clients."""

from __future__ import annotations

import functools
import hashlib
import os
import queue
import secrets
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import requests
import socketio

from tyopaja.realtime import socketio as app_socketio
from tyopaja.store import Store
from tyopaja.usecases import actions

ROOT = Path(__file__).resolve().parent.parent

TEST_SCRIPT = """\
# Testityöpaja

Tervetuloa testityöpajaan!

## Avustukset

### avoin: Mikä avustuksissa toimii?
- id: toimii
- vastauksia: 3
- tarkenna: Kerrotko vähän lisää? (jos lyhyt)

### avoin: Mitä pitäisi muuttaa?
- id: muuttaa

## Tilat

### avoin: Mitä tiloja tarvitsette?
- id: tilat
"""


def free_port() -> int:
    """A TCP port that is free right now on 127.0.0.1."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class LiveServer:
    """`tyopaja serve` in a subprocess on a real SQLite file."""

    def __init__(
        self,
        db_path: Path,
        extra_env: dict[str, str] | None = None,
        share_with: LiveServer | None = None,
    ):
        self.db_path = Path(db_path)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.extra_env = extra_env or {}
        self.process: subprocess.Popen | None = None
        if share_with is not None:
            # Another process on the same database and workshop (scale-out tests).
            self.workshop, self.secret = share_with.workshop, share_with.secret
        else:
            store = Store(self.db_path)
            self.workshop, self.secret = store.write(
                actions.create_workshop, TEST_SCRIPT, script_name="test.md"
            )
            store.close()
        self.code = self.workshop["code"]

    def start(self, timeout: float = 20.0) -> None:
        """Start the server and wait until /healthz answers."""
        env = dict(os.environ, PYTHONUNBUFFERED="1", **self.extra_env)
        self.log_path = self.db_path.with_name(f"{self.db_path.stem}-{self.port}.log")
        self._log = open(self.log_path, "a")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tyopaja.cli",
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--db",
                str(self.db_path),
            ],
            stdout=self._log,
            stderr=subprocess.STDOUT,
            env=env,
            cwd=ROOT,
        )
        wait_until_healthy(self.url, self.process, timeout)

    def stop(self) -> None:
        """Stop the server."""
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        self._log.close()

    def log(self) -> str:
        """What the server printed."""
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def facilitator_cookie(self) -> str:
        """The Cookie header a logged-in facilitator sends."""
        return f"tyopaja_f_{self.code}={self.secret}"


def wait_until_healthy(url: str, process: subprocess.Popen, timeout: float) -> None:
    """Poll /healthz until it answers (the server's readiness is the condition waited for)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        try:
            if requests.get(f"{url}/healthz", timeout=1).status_code == 200:
                return
        except requests.ConnectionError:
            pass
        time.sleep(0.05)
    raise TimeoutError("server did not become healthy")


class Client:
    """A real python-socketio client that records every event it receives."""

    def __init__(
        self,
        url: str,
        auth: dict[str, Any],
        headers: dict[str, str] | None = None,
        transports: list[str] | None = None,
    ):
        self.auth = auth
        self.sio = socketio.Client(reconnection=False)
        self.received: dict[str, queue.Queue] = {}
        self.sio.on("*", self._record)
        self.sio.connect(
            url,
            auth=auth,
            headers=headers or {},
            transports=transports or ["websocket"],
            wait_timeout=10,
        )

    def _record(self, event: str, data: Any = None) -> None:
        self.received.setdefault(event, queue.Queue()).put(data)

    def call(self, event: str, data: Any = None, timeout: float = 10) -> Any:
        """Emit and wait for the ack."""
        return self.sio.call(event, data if data is not None else {}, timeout=timeout)

    def wait_for(self, event: str, predicate=lambda data: True, timeout: float = 5) -> Any:
        """The first received `event` payload matching predicate (waits for it)."""
        q = self.received.setdefault(event, queue.Queue())
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"no matching {event!r}")
            try:
                data = q.get(timeout=remaining)
            except queue.Empty:
                raise TimeoutError(f"no matching {event!r}") from None
            if predicate(data):
                return data

    def close(self) -> None:
        """Disconnect, without websocket-client's 3-second wait for a second close frame."""
        ws = getattr(self.sio.eio, "ws", None)
        if ws is not None:
            ws.close = functools.partial(ws.close, timeout=0)
        self.sio.disconnect()


def phone(server: LiveServer, **kwargs: Any) -> Client:
    """A new participant on the live server."""
    auth = {
        "role": "participant",
        "code": server.code,
        "pid": secrets.token_urlsafe(16),
        "secret": secrets.token_urlsafe(24),
        "lang": "fi",
    }
    return Client(server.url, auth, **kwargs)


def cid() -> str:
    """A client-made write id."""
    return secrets.token_urlsafe(12)


def participant_client(app, client, code, pid="p" * 20, secret="s" * 32, lang="fi"):
    """A participant's Flask-SocketIO test client (in-process, no server)."""
    auth = {"role": "participant", "code": code, "pid": pid, "secret": secret, "lang": lang}
    return app_socketio.test_client(app, flask_test_client=client, auth=auth)


def digest(db_path) -> str:
    """A hash of every row of every table (except visit stamps that reads may refresh)."""
    conn = sqlite3.connect(db_path)
    h = hashlib.sha256()
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    for table in sorted(tables):
        columns = [c[1] for c in conn.execute(f"PRAGMA table_info('{table}')")]
        kept = ", ".join(f'"{c}"' for c in columns if c not in ("last_seen",)) or "1"
        for row in conn.execute(f"SELECT {kept} FROM '{table}' ORDER BY 1"):
            h.update(repr((table, row)).encode("utf-8", "surrogatepass"))
    conn.close()
    return h.hexdigest()


def long_first(items: list, is_long, workers: int = 1) -> list:
    """The tests in the order that lets long ones overlap the rest, on `workers` xdist workers.

    xdist's load scheduler first hands each worker a run of consecutive tests, a quarter of its
    share (at least 2); the long tests go to the heads of those runs, spread over the workers,
    so that no two of them queue on one worker while another is free.
    """
    long = [item for item in items if is_long(item)]
    rest = [item for item in items if not is_long(item)]
    if workers <= 1 or not long:
        return long + rest
    run = max(len(items) // workers // 4, 2)
    ordered: list = []
    for worker in range(workers):
        mine = long[worker::workers]
        take = max(run - len(mine), 0)
        ordered += mine + rest[:take]
        rest = rest[take:]
    return ordered + rest
