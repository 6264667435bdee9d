"""Server processes for the benchmark: Työpaja and the bare baseline under gunicorn, and Redis.

Everything listens on 127.0.0.1 only and is stopped by the benchmark that
started it. Process figures (RSS, CPU time) come from /proc.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024

# A workshop as a hall would run it, self-paced so that every phone can
# answer at once: six open questions (20 answers each) and a vote.
BENCH_SCRIPT = """\
# Kuormitustesti

- tahti: oma

Tervetuloa! Tämä työpaja mittaa palvelun kestävyyttä.

## Avustukset

### avoin: Mihin toimintaan tarvitsette eniten avustusta?
- id: q1
- vastauksia: 20

### avoin: Mikä avustuksen hakemisessa on vaikeaa?
- id: q2
- vastauksia: 20

## Tilat

### avoin: Mitä tiloja yhdistyksenne tarvitsee?
- id: q3
- vastauksia: 20

### avoin: Mikä tilojen varaamisessa on vaikeaa?
- id: q4
- vastauksia: 20

## Yhteistyö

### avoin: Missä kunta ja yhdistykset voisivat tehdä enemmän yhdessä?
- id: q5
- vastauksia: 20

### avoin: Mitä muuta haluat sanoa?
- id: q6
- vastauksia: 20

### valinta: Mikä näistä on tärkein?
- id: vote
- vaihtoehdot:
  - Avustukset
  - Tilat
  - Yhteistyö
  - Viestintä
"""
OPEN_STEPS = ("q1", "q2", "q3", "q4", "q5", "q6")
ANSWERS_PER_STEP = 20
VOTE_STEP = "vote"
VOTE_OPTIONS = 4


def free_port() -> int:
    """A TCP port free right now on 127.0.0.1."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def rss_kb(pid: int) -> int:
    """Resident set size of a process in KiB."""
    with open(f"/proc/{pid}/statm") as statm:
        return int(statm.read().split()[1]) * PAGE_KB


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def machine_busy_seconds() -> float:
    """CPU seconds spent busy by the whole machine, all cores (from /proc/stat)."""
    with open("/proc/stat") as stat:
        fields = [int(x) for x in stat.readline().split()[1:9]]
    idle = fields[3] + fields[4]
    return (sum(fields) - idle) / CLOCK_TICKS


def children(pid: int) -> list[int]:
    """Direct child processes of pid."""
    found: list[int] = []
    for task in os.listdir(f"/proc/{pid}/task"):
        with open(f"/proc/{pid}/task/{task}/children") as kids:
            found.extend(int(k) for k in kids.read().split())
    return found


@dataclass
class Server:
    """A gunicorn process (master + one gevent worker) on 127.0.0.1."""

    name: str
    app: str
    env: dict[str, str] = field(default_factory=dict)
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None
    worker: int = 0
    log_path: Path | None = None
    command: list[str] | None = (
        None  # instead of gunicorn (e.g. `tyopaja serve --server threading`)
    )

    @property
    def url(self) -> str:
        """The base URL."""
        return f"http://127.0.0.1:{self.port}"

    def start(self, log_dir: Path, timeout: float = 30.0) -> None:
        """Start gunicorn with the Procfile's config and wait for /healthz and the worker."""
        self.log_path = log_dir / f"{self.name}-{self.port}.log"
        command = self.command or [
            sys.executable,
            "-m",
            "gunicorn",
            "-c",
            "python:tyopaja.serving.gunicorn_conf",
            "-b",
            f"127.0.0.1:{self.port}",
            self.app,
        ]
        env = dict(os.environ, PYTHONUNBUFFERED="1", **self.env)
        with open(self.log_path, "w") as log:
            self.process = subprocess.Popen(
                command, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=ROOT
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited; see {self.log_path}")
            if _healthy(self.url):
                if self.command:  # not gunicorn: the process is the server itself
                    self.worker = self.process.pid
                    return
                kids = children(self.process.pid)
                if kids:
                    self.worker = kids[0]
                    return
            time.sleep(0.1)
        self.stop()
        raise TimeoutError(f"{self.name} did not start; see {self.log_path}")

    def rss_kb(self) -> int:
        """The worker's RSS."""
        return rss_kb(self.worker)

    def cpu_seconds(self) -> float:
        """The worker's CPU time (and any threads it runs)."""
        return cpu_seconds(self.worker)

    def stop(self) -> None:
        """Stop gunicorn (and its worker)."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(5)


def facilitator_login(url: str, code: str, secret: str) -> int:
    """Open the facilitator link as a browser would (it sets the cookie); return the status."""
    request = urllib.request.Request(f"{url}/f/{code}/{secret}")
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def settle_rss(server: Server, timeout: float = 60.0) -> int:
    """Wait (bounded) until the worker's RSS stops growing for two seconds; return it."""
    deadline = time.monotonic() + timeout
    last, still = server.rss_kb(), 0.0
    while time.monotonic() < deadline and still < 2.0:
        time.sleep(0.25)
        now = server.rss_kb()
        still = still + 0.25 if now - last < 256 else 0.0
        last = now
    return last


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/healthz", timeout=1) as response:
            return response.status == 200
    except OSError:
        return False


class Redis:
    """A throw-away redis-server on 127.0.0.1 (no persistence)."""

    def __init__(self) -> None:
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        """The URL for TYOPAJA_MESSAGE_QUEUE."""
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self, timeout: float = 10.0) -> None:
        """Start redis-server and wait until it answers PING."""
        binary = shutil.which("redis-server") or "/usr/bin/redis-server"
        self.process = subprocess.Popen(
            [
                binary,
                "--port",
                str(self.port),
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
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("redis-server exited")
            if _redis_ping(self.port):
                return
            time.sleep(0.05)
        self.stop()
        raise TimeoutError("redis-server did not answer")

    def stop(self) -> None:
        """Stop redis-server."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)


def _redis_ping(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as conn:
            conn.sendall(b"PING\r\n")
            return conn.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def create_bench_workshop(db_path: Path) -> tuple[str, str]:
    """A fresh SQLite file with the open bench workshop; return its code and secret."""
    from tyopaja.store import Store
    from tyopaja.usecases import actions

    for suffix in ("", "-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    store = Store(db_path)
    workshop, secret = store.write(actions.create_workshop, BENCH_SCRIPT, script_name="bench.md")
    store.close()
    return workshop["code"], secret


def vote_tally(db_path: Path, code: str) -> dict[str, int]:
    """Votes per option of the bench vote, counted from the stored ballots with core.voting."""
    from tyopaja.core import voting
    from tyopaja.reads.rows import script_of
    from tyopaja.store import Store

    store = Store(db_path)
    try:
        with store.read() as tx:
            workshop = tx.workshop_by_code(code)
            rows = tx.db.execute(
                "SELECT payload FROM ballots WHERE workshop_id = ? AND step_id = ?",
                (workshop["id"], VOTE_STEP),
            ).fetchall()
        step = script_of(workshop).step(VOTE_STEP)
    finally:
        store.close()
    import json

    result = voting.tally(step, [json.loads(row[0]) for row in rows])
    return {key: int(value) for key, value in result.points.items()}
