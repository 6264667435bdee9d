"""Many evenings on one process: a hosted Tuesday, against the bare baseline in the same run.

    python -m bench.evenings --workshops 100 --phones 30 --seconds 180
    python -m bench.evenings --workshops 10 --phones 10 --seconds 30   # a quick look

One invocation runs the same evening against every target, one after another:
Työpaja under the Procfile's gunicorn config (one gevent worker) on a fresh
SQLite file holding `--workshops` facilitator-paced workshops, and
bench/baseline_server.py under the same config with the same rooms. Per
workshop: a projector, a facilitator console and `--phones` phones. Each
phone answers the workshop's current step at random moments, one answer per
`--answer-every` seconds on average (exponential gaps), and each console
moves its workshop to the next step every `--step-every` seconds (each
workshop at its own moment). Everything listens on 127.0.0.1, every loop is
bounded, and every process started here is stopped here.

Figures: time from the server's start to the first answer acked, and the
resident memory of the idle instance; memory per idle workshop (its console
and projector connected) and per phone; ack and projector latency during the
evening; and cross-talk: an answer or a step change reaching another
workshop's screens or phones, and (Työpaja) an answer stored in another
workshop, all counted and expected to be 0.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import random
import sqlite3
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from websockets.exceptions import ConnectionClosed

from .fleet import CALL_TIMEOUT, PHRASES, percentile
from .servers import Server, facilitator_login, machine_busy_seconds, settle_rss
from .sio import LeanSocket, SioError

STEPS = tuple(f"q{i}" for i in range(1, 13))
EVENING_SCRIPT = "# Iltatesti\n- tahti: fasilitaattori\n\nTervetuloa illan työpajaan!\n" + "".join(
    f"\n## Osa {i}\n\n### avoin: Kysymys {i}: mitä yhdistyksenne tarvitsee?\n- id: {step}\n"
    f"- vastauksia: 20\n"
    for i, step in enumerate(STEPS, 1)
)


@dataclass
class Room:
    """One workshop of the evening: its screens, phones and where it is."""

    index: int
    code: str
    secret: str
    step: int = 0
    moves: int = 0
    projector: LeanSocket | None = None
    console: LeanSocket | None = None
    phones: list[Phone] = field(default_factory=list)


@dataclass
class Phone:
    """One participant: its room, its socket and the step it was last told of."""

    room: Room
    index: int
    sock: LeanSocket | None = None
    current: str = STEPS[0]
    positions: int = 0
    writes: int = 0


@dataclass
class Figures:
    """What one target measured."""

    ack_ms: list[float] = field(default_factory=list)
    projector_ms: list[float] = field(default_factory=list)
    console_ms: list[float] = field(default_factory=list)
    move_ms: list[float] = field(default_factory=list)
    errors: Counter = field(default_factory=Counter)
    cross_talk: Counter = field(default_factory=Counter)
    sent: int = 0
    acked: int = 0
    refused_moved: int = 0  # answers to a step the console had just left


def create_workshops(db: Path, count: int) -> list[tuple[str, str]]:
    """A fresh SQLite file with `count` open evenings; their codes and facilitator secrets."""
    from tyopaja.store import Store
    from tyopaja.usecases import actions

    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    store = Store(db)
    try:
        made = []
        for i in range(count):
            workshop, secret = store.write(
                actions.create_workshop, EVENING_SCRIPT, script_name="ilta.md",
                title=f"Ilta {i + 1}", municipality=f"Kunta {i + 1}",
            )  # fmt: skip
            made.append((workshop["code"], secret))
        return made
    finally:
        store.close()


class Evening:
    """The rooms of one target and the measured evening."""

    def __init__(self, server: Server, rooms: list[Room], kind: str):
        self.server = server
        self.rooms = rooms
        self.kind = kind
        self.figures = Figures()
        self._projector_waits: dict[str, float] = {}  # answer tag -> when it was sent
        self._console_waits: dict[str, float] = {}
        self._tags = 0

    # -- connecting ----------------------------------------------------------------

    async def connect_screens(self, concurrency: int = 20) -> None:
        gate = asyncio.Semaphore(concurrency)

        async def one(room: Room) -> None:
            async with gate:
                room.projector = LeanSocket(lambda e, d, r=room: self._on_screen(r, e, d, False))
                await room.projector.connect(
                    self.server.url, {"role": "projector", "code": room.code}
                )
                await room.projector.call("sync", {}, CALL_TIMEOUT)
                room.console = LeanSocket(lambda e, d, r=room: self._on_screen(r, e, d, True))
                cookie = {"Cookie": f"tyopaja_f_{room.code}={room.secret}"}
                await room.console.connect(
                    self.server.url, {"role": "facilitator", "code": room.code}, cookie
                )
                await room.console.call("sync", {}, CALL_TIMEOUT)

        await asyncio.gather(*(one(r) for r in self.rooms))

    async def connect_phones(self, per_room: int, concurrency: int = 50) -> None:
        gate = asyncio.Semaphore(concurrency)

        async def one(phone: Phone) -> None:
            async with gate:
                sock = LeanSocket(lambda e, d, p=phone: self._on_phone(p, e, d))
                auth = {
                    "role": "participant", "code": phone.room.code,
                    "pid": f"ilta{phone.room.index:04d}puhelin{phone.index:04d}",
                    "secret": f"salaisuus-{phone.room.index:04d}-{phone.index:04d}",
                    "lang": "fi", "delta": True,
                }  # fmt: skip
                try:
                    await sock.connect(self.server.url, auth, timeout=CALL_TIMEOUT)
                    await sock.call("sync", {}, CALL_TIMEOUT)
                except (SioError, OSError, TimeoutError) as error:
                    self.figures.errors[f"connect:{type(error).__name__}"] += 1
                    await sock.close()
                    return
                phone.sock = sock

        for room in self.rooms:
            room.phones = [Phone(room, i) for i in range(per_room)]
        await asyncio.gather(*(one(p) for r in self.rooms for p in r.phones))

    def connected(self) -> int:
        return sum(1 for r in self.rooms for p in r.phones if p.sock and not p.sock.closed.is_set())

    async def close(self) -> None:
        socks = [s for r in self.rooms for s in (r.projector, r.console) if s]
        socks += [p.sock for r in self.rooms for p in r.phones if p.sock]
        await asyncio.gather(*(s.close() for s in socks))

    # -- events --------------------------------------------------------------------

    def _on_screen(self, room: Room, event: str, data: Any, console: bool) -> None:
        if event != "answers" or not isinstance(data, dict):
            return
        now = time.perf_counter()
        for answer in data.get("answers", ()):
            tag = str(answer.get("text", "")).rpartition("#")[2]
            owner = tag.partition("-")[0]
            if owner != str(room.index):
                self.figures.cross_talk["answer_on_another_screen"] += 1
                continue
            waits = self._console_waits if console else self._projector_waits
            sent = waits.pop(tag, None)
            if sent is not None:
                latencies = self.figures.console_ms if console else self.figures.projector_ms
                latencies.append(1000 * (now - sent))

    def _on_phone(self, phone: Phone, event: str, data: Any) -> None:
        if event != "position" or not isinstance(data, dict):
            return
        step = data.get("current")
        phone.positions += 1
        if step not in STEPS or STEPS.index(step) > phone.room.step:
            # A step this phone's workshop has not reached: another workshop's move.
            self.figures.cross_talk["step_on_another_workshops_phone"] += 1
        phone.current = step or phone.current

    # -- the evening ---------------------------------------------------------------

    async def run(self, seconds: float, answer_every: float, step_every: float) -> float:
        deadline = time.perf_counter() + seconds
        tasks = [
            asyncio.create_task(self._phone_loop(p, deadline, answer_every))
            for r in self.rooms
            for p in r.phones
            if p.sock
        ]
        tasks += [
            asyncio.create_task(self._console_loop(r, deadline, step_every)) for r in self.rooms
        ]
        began = time.perf_counter()
        await asyncio.gather(*tasks)
        return time.perf_counter() - began

    async def _phone_loop(self, phone: Phone, deadline: float, every: float) -> None:
        while True:
            due = time.perf_counter() + random.expovariate(1.0 / every)
            if due >= deadline:
                return
            await asyncio.sleep(due - time.perf_counter())
            if phone.sock is None:
                return
            await self._answer(phone)

    async def _answer(self, phone: Phone) -> None:
        self._tags += 1
        tag = f"{phone.room.index}-{self._tags}"
        phone.writes += 1
        payload = {
            "cid": f"i{phone.room.index:04d}p{phone.index:04d}w{phone.writes:05d}",
            "step": phone.current,
            "text": f"{PHRASES[phone.writes % len(PHRASES)]} #{tag}",
        }
        figures = self.figures
        figures.sent += 1
        began = time.perf_counter()
        self._projector_waits[tag] = began
        if self.kind != "baseline":  # the bare baseline forwards answers to the projector only
            self._console_waits[tag] = began
        try:
            ack = await phone.sock.call("answer", payload, CALL_TIMEOUT)
        except (SioError, TimeoutError, OSError, ConnectionClosed) as error:
            figures.errors[f"answer:{type(error).__name__}"] += 1
            self._forget(tag)
            if phone.sock.closed.is_set() or isinstance(error, ConnectionClosed):
                figures.errors["phone_socket_closed_by_server"] += 1
                phone.sock = None  # its loop stops; counted once
            return
        if not ack or not ack.get("ok"):
            error = (ack or {}).get("error")
            if error == "step_not_current":  # sent just as the console moved on, as in a hall
                figures.refused_moved += 1
            else:
                figures.errors[f"answer:{error}"] += 1
            self._forget(tag)
            return
        figures.acked += 1
        figures.ack_ms.append(1000 * (time.perf_counter() - began))

    def _forget(self, tag: str) -> None:
        self._projector_waits.pop(tag, None)
        self._console_waits.pop(tag, None)

    async def _console_loop(self, room: Room, deadline: float, every: float) -> None:
        due = time.perf_counter() + random.uniform(0.2, 1.0) * every  # each at its own moment
        while due < deadline and room.step + 1 < len(STEPS):
            await asyncio.sleep(max(0.0, due - time.perf_counter()))
            room.step += 1  # before the ack: phones may hear of the move first
            payload = {"step": STEPS[room.step]}
            began = time.perf_counter()
            try:
                ack = await room.console.call("f:goto", payload, CALL_TIMEOUT)
            except (SioError, TimeoutError, OSError, ConnectionClosed) as error:
                self.figures.errors[f"f:goto:{type(error).__name__}"] += 1
                return
            if not ack or not ack.get("ok"):
                self.figures.errors[f"f:goto:{(ack or {}).get('error')}"] += 1
                return
            room.moves += 1
            self.figures.move_ms.append(1000 * (time.perf_counter() - began))
            due += every

    async def settle(self, timeout: float = 5.0) -> int:
        deadline = time.perf_counter() + timeout
        while (self._projector_waits or self._console_waits) and time.perf_counter() < deadline:
            await asyncio.sleep(0.05)
        missed = len(self._projector_waits) + len(self._console_waits)
        self._projector_waits.clear()
        self._console_waits.clear()
        return missed

    def check_positions(self) -> None:
        """Each phone heard each move of its own workshop once at most, and stands where it is."""
        for room in self.rooms:
            for phone in room.phones:
                if phone.sock is None:
                    continue
                if phone.positions > room.moves + 1:
                    self.figures.cross_talk["extra_step_changes_on_phone"] += 1
                if phone.current != STEPS[room.step]:
                    self.figures.errors["phone_not_on_its_workshops_step"] += 1


def stored_cross_talk(db: Path, rooms: list[Room]) -> tuple[int, int]:
    """Answers stored in another workshop than the one their phone joined; and all stored."""
    index_of = {room.code: room.index for room in rooms}
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "SELECT w.code, a.text FROM answers a JOIN workshops w ON w.id = a.workshop_id"
        ).fetchall()
    wrong = sum(1 for code, text in rows if text.rpartition("#")[2].partition("-")[0] != str(
        index_of.get(code)
    ))  # fmt: skip
    return wrong, len(rows)


async def first_ack_seconds(server: Server, room: Room, started: float) -> float:
    """Seconds from the server's start to a first phone's answer acked."""
    sock = LeanSocket(lambda *_: None)
    auth = {"role": "participant", "code": room.code, "pid": "ensimmainen-puhelin-00",
            "secret": "ensimmainen-salaisuus", "lang": "fi"}  # fmt: skip
    await sock.connect(server.url, auth, timeout=CALL_TIMEOUT)
    await sock.call("sync", {}, CALL_TIMEOUT)
    text = f"Ensimmäinen #{room.index}-0"
    first = {"cid": "ensimmainen-vastaus-0001", "step": STEPS[0], "text": text}
    ack = await sock.call("answer", first, CALL_TIMEOUT)
    elapsed = time.perf_counter() - started
    await sock.close()
    if not ack or not ack.get("ok"):
        raise RuntimeError(f"the first answer was refused: {ack}")
    return elapsed


async def run_target(kind: str, args: argparse.Namespace, work: Path) -> dict[str, Any]:
    db = work / f"{kind}.db"
    made = create_workshops(db, args.workshops)  # the baseline uses the same codes as rooms
    rooms = [Room(i, code, secret) for i, (code, secret) in enumerate(made)]
    sockets = args.workshops * (args.phones + 2) + 200
    env = {
        "TYOPAJA_DB": str(db), "TYOPAJA_SECRET_KEY": "bench-" + "k" * 32,
        "TYOPAJA_WORKER_CONNECTIONS": str(sockets),
    }  # fmt: skip
    app = "bench.baseline_server:app" if kind == "baseline" else "tyopaja:create_app()"
    server = Server(kind, app, env)
    result: dict[str, Any] = {}
    started = time.perf_counter()
    server.start(work, timeout=60)
    result["healthy_s"] = round(time.perf_counter() - started, 2)
    evening = Evening(server, rooms, kind)
    try:
        result["first_ack_s"] = round(await first_ack_seconds(server, rooms[0], started), 2)
        result["idle_rss_mb"] = round(await asyncio.to_thread(settle_rss, server) / 1024, 1)
        # A facilitator opens a console page, as a browser does (Työpaja then loads its
        # grouping dictionary, once per process); the memory after that is the base.
        status = await asyncio.to_thread(
            facilitator_login, server.url, rooms[0].code, rooms[0].secret
        )
        result["console_page_status"] = status
        base = await asyncio.to_thread(settle_rss, server)
        result["console_open_rss_mb"] = round(base / 1024, 1)
        began = time.perf_counter()
        await evening.connect_screens()
        result["screens_connect_s"] = round(time.perf_counter() - began, 1)
        with_screens = await asyncio.to_thread(settle_rss, server)
        result["rss_kb_per_idle_workshop"] = round((with_screens - base) / args.workshops, 1)
        began = time.perf_counter()
        await evening.connect_phones(args.phones)
        result["phones_connect_s"] = round(time.perf_counter() - began, 1)
        with_phones = await asyncio.to_thread(settle_rss, server)
        connected = evening.connected()
        result["phones_connected"] = connected
        result["rss_kb_per_phone"] = round((with_phones - with_screens) / max(1, connected), 1)
        result["rss_with_phones_mb"] = round(with_phones / 1024, 1)
        gc.collect()
        gc.freeze()
        gc.disable()  # the load generator's own pauses would show up as server latency
        cpu0, client0, busy0 = server.cpu_seconds(), time.process_time(), machine_busy_seconds()
        wall = await evening.run(args.seconds, args.answer_every, args.step_every)
        missed = await evening.settle()
        server_cpu = server.cpu_seconds() - cpu0
        client_cpu = time.process_time() - client0
        gc.enable()
        others = machine_busy_seconds() - busy0 - server_cpu - client_cpu
        evening.check_positions()
        figures = evening.figures
        if missed:
            figures.errors["projector_missed"] += missed
        result.update(
            seconds=round(wall, 1),
            sent=figures.sent,
            acked=figures.acked,
            answers_per_s=round(figures.acked / wall, 1),
            step_moves=sum(r.moves for r in rooms),
            refused_step_moved=figures.refused_moved,
            ack_p50_ms=_round(percentile(figures.ack_ms, 50)),
            ack_p95_ms=_round(percentile(figures.ack_ms, 95)),
            ack_p99_ms=_round(percentile(figures.ack_ms, 99)),
            projector_p50_ms=_round(percentile(figures.projector_ms, 50)),
            projector_p99_ms=_round(percentile(figures.projector_ms, 99)),
            console_p99_ms=_round(percentile(figures.console_ms, 99)),
            step_move_p99_ms=_round(percentile(figures.move_ms, 99)),
            server_cpu_pct=round(100 * server_cpu / wall),
            server_cpu_ms_per_answer=_round(1000 * server_cpu / max(1, figures.acked)),
            client_cpu_pct=round(100 * client_cpu / wall),
            other_cpu_pct=round(100 * max(0.0, others) / wall),
            rss_end_mb=round(server.rss_kb() / 1024, 1),
            errors=sum(figures.errors.values()),
            error_kinds=dict(figures.errors),
        )
        cross = Counter(figures.cross_talk)
        if kind != "baseline":
            wrong, stored = stored_cross_talk(db, rooms)
            cross["answer_stored_in_another_workshop"] += wrong
            result["answers_stored"] = stored
        result["cross_talk"] = sum(cross.values())
        result["cross_talk_kinds"] = dict(cross)
    finally:
        await evening.close()
        server.stop()
    return result


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


ROWS = (
    ("healthy_s", "start → /healthz answers (s)"),
    ("first_ack_s", "start → first answer acked (s)"),
    ("idle_rss_mb", "idle instance RSS (MB)"),
    ("console_open_rss_mb", "RSS after a first console page (MB)"),
    ("rss_kb_per_idle_workshop", "RSS per idle workshop, console + projector (KB)"),
    ("phones_connected", "phones connected"),
    ("rss_kb_per_phone", "RSS per phone (KB)"),
    ("rss_with_phones_mb", "RSS with every phone (MB)"),
    ("answers_per_s", "answers/s during the evening"),
    ("step_moves", "step moves"),
    ("refused_step_moved", "answers refused: the step had just moved"),
    ("ack_p50_ms", "ack p50 (ms)"),
    ("ack_p95_ms", "ack p95 (ms)"),
    ("ack_p99_ms", "ack p99 (ms)"),
    ("projector_p50_ms", "projector p50 (ms)"),
    ("projector_p99_ms", "projector p99 (ms)"),
    ("console_p99_ms", "console p99 (ms)"),
    ("step_move_p99_ms", "step move ack p99 (ms)"),
    ("server_cpu_pct", "server CPU %"),
    ("server_cpu_ms_per_answer", "server CPU ms per answer (all its work / answers)"),
    ("client_cpu_pct", "load-generator CPU %"),
    ("other_cpu_pct", "CPU % of other processes"),
    ("errors", "errors"),
    ("cross_talk", "cross-talk between workshops"),
)


def table(results: dict[str, dict[str, Any]]) -> str:
    names = list(results)
    ratio = "tyopaja" in results and "baseline" in results
    header = ["figure", *names, *(["Työpaja ÷ baseline"] if ratio else [])]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for key, label in ROWS:
        cells = [_cell(results[n].get(key)) for n in names]
        extra = []
        if ratio:
            mine, base = results["tyopaja"].get(key), results["baseline"].get(key)
            ok = isinstance(mine, int | float) and isinstance(base, int | float) and base
            extra = [f"{mine / base:.2f}×" if ok else "–"]
        lines.append("| " + " | ".join([label, *cells, *extra]) + " |")
    return "\n".join(lines)


def _cell(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:,.1f}"
    return f"{value:,}" if isinstance(value, int) else str(value)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.evenings",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--workshops", type=int, default=100)
    parser.add_argument("--phones", type=int, default=30, help="phones per workshop")
    parser.add_argument("--seconds", type=float, default=180.0, help="length of the evening")
    parser.add_argument("--answer-every", type=float, default=20.0, help="mean s between answers")
    parser.add_argument("--step-every", type=float, default=120.0, help="s between step moves")
    parser.add_argument("--targets", default="tyopaja,baseline")
    parser.add_argument("--workdir", type=Path, help="keep databases and server logs here")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    args.workshops = max(1, min(args.workshops, 300))
    args.phones = max(1, min(args.phones, 80))
    args.seconds = min(args.seconds, 900.0)
    results: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix="tyopaja-evenings-") as tmp:
        work = Path(tmp)
        if args.workdir:
            args.workdir.mkdir(parents=True, exist_ok=True)
            work = args.workdir
        for kind in args.targets.split(","):
            print(f"== {kind}", flush=True)
            results[kind] = asyncio.run(run_target(kind, args, work))
            print(json.dumps(results[kind], indent=1), flush=True)
    print()
    print(table(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
