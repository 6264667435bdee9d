"""Simulated phones, a projector and a facilitator, playing docs/protocol.md against one server.

Every loop is bounded in count and in time. Latencies are measured on the
client with a monotonic clock: ack latency from sending an `answer` (or
`ballot`) to its ack (sent by the server after the commit), projector
latency from sending an answer to the projector receiving it in `answers`.
"""

from __future__ import annotations

import asyncio
import itertools
import random
import secrets
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from .servers import ANSWERS_PER_STEP, OPEN_STEPS, VOTE_OPTIONS, VOTE_STEP
from .sio import LeanSocket, SioError

CALL_TIMEOUT = 15.0
PHRASES = (
    "Avustushaku on liian monimutkainen pienelle yhdistykselle",
    "Tarvitsemme edullisen kokoontumistilan iltaisin",
    "Tiedotus kunnan avustuksista voisi olla selkeämpää",
    "Yhteinen vuosikello auttaisi sopimaan tapahtumista",
    "Nuorisotilat ovat kaukana keskustasta",
    "Toivomme tapaamisia kunnan kanssa useammin",
)


def percentile(values: list[float], p: float) -> float | None:
    """The p-th percentile (0–100) of values, nearest rank; None if empty."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]


@dataclass
class Phone:
    """One simulated participant: identity, socket and how many answers it has given."""

    index: int
    pid: str = field(default_factory=lambda: secrets.token_urlsafe(16))
    secret: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    sock: LeanSocket | None = None
    step_index: int = 0  # where the phone is in the self-paced workshop (OPEN_STEPS, then vote)
    on_step: int = 0  # answers given (or in flight) on that step
    writes: int = 0

    def next_cid(self) -> str:
        """A fresh client id for this phone's next write."""
        self.writes += 1
        return f"c{self.index:05d}w{self.writes:06d}"


def can_answer(phone: Phone) -> bool:
    """True if the phone is connected and has a question left to answer."""
    last = len(OPEN_STEPS) - 1
    return phone.sock is not None and (phone.step_index < last or phone.on_step < ANSWERS_PER_STEP)


@dataclass
class Phase:
    """Figures of one measured phase."""

    name: str
    started: float = 0.0
    wall: float = 0.0
    sent: int = 0
    acked: int = 0
    ack_ms: list[float] = field(default_factory=list)
    ack_at: list[float] = field(default_factory=list)  # when each acked call was sent
    projector_ms: list[float] = field(default_factory=list)
    errors: Counter = field(default_factory=Counter)
    server_cpu: float = 0.0
    client_cpu: float = 0.0
    extra: dict[str, Any] = field(default_factory=dict)

    def summary(self) -> dict[str, Any]:
        """The phase as plain figures."""
        rate = self.acked / self.wall if self.wall else 0.0
        return {
            "sent": self.sent,
            "acked": self.acked,
            "seconds": round(self.wall, 2),
            "answers_per_s": round(rate, 1),
            "ack_p50_ms": _round(percentile(self.ack_ms, 50)),
            "ack_p95_ms": _round(percentile(self.ack_ms, 95)),
            "ack_p99_ms": _round(percentile(self.ack_ms, 99)),
            "projector_p50_ms": _round(percentile(self.projector_ms, 50)),
            "projector_p99_ms": _round(percentile(self.projector_ms, 99)),
            "projector_seen": len(self.projector_ms),
            "server_cpu_ms_per_answer": _round(1000 * self.server_cpu / self.acked)
            if self.acked
            else None,
            "client_cpu_pct": round(100 * self.client_cpu / self.wall) if self.wall else None,
            "errors": sum(self.errors.values()),
            "error_kinds": dict(self.errors),
            **self.extra,
        }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


class Fleet:
    """The phones and screens connected to one server, and the measured phases."""

    def __init__(self, server: Any, code: str, facilitator_secret: str, votes: bool):
        self.server = server  # servers.Server (or a list of them for scale-out)
        self.servers = server if isinstance(server, list) else [server]
        self.code = code
        self.facilitator_secret = facilitator_secret
        self.votes = votes
        self.phones: list[Phone] = []
        self.projector: LeanSocket | None = None
        self.facilitator: LeanSocket | None = None
        self._tags = itertools.count(1)
        self._waiting: dict[str, tuple[float, Phase]] = {}
        self.projector_events = 0

    # -- connecting ------------------------------------------------------------

    def url_for(self, index: int) -> str:
        """The server a phone talks to: the load generator does the sticky routing itself."""
        return self.servers[index % len(self.servers)].url

    async def connect_screens(self) -> None:
        """The projector (on the last server) and the facilitator (on the first), both synced."""
        self.projector = LeanSocket(self._on_projector)
        await self.projector.connect(self.servers[-1].url, {"role": "projector", "code": self.code})
        await self.projector.call("sync", {}, CALL_TIMEOUT)
        self.facilitator = LeanSocket(lambda *_: None)
        cookie = f"tyopaja_f_{self.code}={self.facilitator_secret}"
        await self.facilitator.connect(
            self.servers[0].url, {"role": "facilitator", "code": self.code}, {"Cookie": cookie}
        )
        await self.facilitator.call("sync", {}, CALL_TIMEOUT)

    async def connect_phones(self, count: int, phase: Phase, concurrency: int = 50) -> None:
        """Connect `count` new phones (join, then sync), `concurrency` at a time."""
        start = len(self.phones)
        new = [Phone(start + i) for i in range(count)]
        self.phones.extend(new)
        gate = asyncio.Semaphore(concurrency)

        async def one(phone: Phone) -> None:
            async with gate:
                await self._connect_phone(phone, phase)

        await asyncio.gather(*(one(p) for p in new))

    async def _connect_phone(self, phone: Phone, phase: Phase) -> None:
        auth = {
            "role": "participant",
            "code": self.code,
            "pid": phone.pid,
            "secret": phone.secret,
            "lang": "fi",
            "delta": True,  # as the chat page asks: write acks carry conversation deltas
        }
        sock = LeanSocket(lambda *_: None)
        phase.sent += 1
        began = time.perf_counter()
        try:
            await sock.connect(self.url_for(phone.index), auth, timeout=CALL_TIMEOUT)
            reply = await sock.call("sync", {}, CALL_TIMEOUT)
        except (SioError, OSError, TimeoutError) as error:
            phase.errors[f"connect:{type(error).__name__}"] += 1
            await sock.close()
            return
        if not reply or not reply.get("ok"):
            phase.errors[f"sync:{(reply or {}).get('error')}"] += 1
        phase.acked += 1
        phase.ack_ms.append(1000 * (time.perf_counter() - began))
        phase.ack_at.append(began)
        phone.sock = sock

    async def disconnect_phones(self) -> None:
        """Close every phone's socket."""
        await asyncio.gather(*(p.sock.close() for p in self.phones if p.sock))
        for phone in self.phones:
            phone.sock = None

    async def close(self) -> None:
        """Close everything this fleet opened."""
        await self.disconnect_phones()
        for sock in (self.projector, self.facilitator):
            if sock is not None:
                await sock.close()

    def connected(self) -> int:
        """Phones whose socket is open."""
        return sum(1 for p in self.phones if p.sock and not p.sock.closed.is_set())

    # -- answering -------------------------------------------------------------

    def _on_projector(self, event: str, data: Any) -> None:
        if event != "answers":
            return
        self.projector_events += 1
        now = time.perf_counter()
        for answer in data.get("answers", ()):
            tag = answer.get("text", "").rpartition("#")[2]
            waiting = self._waiting.pop(tag, None)
            if waiting is not None:
                sent_at, phase = waiting
                phase.projector_ms.append(1000 * (now - sent_at))

    async def answer(self, phone: Phone, phase: Phase) -> None:
        """Send one answer (moving on to the next question when this one is full); wait for acks."""
        if phone.on_step >= ANSWERS_PER_STEP and not await self.advance(phone, phase):
            return
        step = OPEN_STEPS[phone.step_index]
        phone.on_step += 1  # reserved now (answers may overlap), given back if refused
        tag = str(next(self._tags))
        text = f"{PHRASES[phone.on_step % len(PHRASES)]} #{tag}"
        payload = {"cid": phone.next_cid(), "step": step, "text": text}
        if not await self._call(phone, "answer", payload, phase, tag):
            phone.on_step -= 1

    async def advance(self, phone: Phone, phase: Phase) -> bool:
        """`advance` from the phone's step to the next one (self pacing); not an answer."""
        if phone.step_index >= len(OPEN_STEPS):
            return False
        payload = {"cid": phone.next_cid(), "step": OPEN_STEPS[phone.step_index]}
        try:
            ack = await phone.sock.call("advance", payload, CALL_TIMEOUT)
        except (SioError, TimeoutError, OSError, AttributeError) as error:
            phase.errors[f"advance:{type(error).__name__}"] += 1
            return False
        if not ack or not ack.get("ok"):
            phase.errors[f"advance:{(ack or {}).get('error')}"] += 1
            return False
        phone.step_index += 1
        phone.on_step = 0
        phase.extra["advances"] = phase.extra.get("advances", 0) + 1
        return True

    async def reach_vote(self, phase: Phase, concurrency: int = 50) -> None:
        """Every phone advances (as a person taps "next") until it stands at the vote."""
        gate = asyncio.Semaphore(concurrency)

        async def one(phone: Phone) -> None:
            async with gate:
                while phone.sock and phone.step_index < len(OPEN_STEPS):
                    if not await self.advance(phone, phase):
                        return

        await asyncio.gather(*(one(p) for p in self.phones))

    async def vote(self, phone: Phone, option: int, phase: Phase) -> bool:
        """Send one ballot for the bench vote and wait for its ack."""
        payload = {"cid": phone.next_cid(), "step": VOTE_STEP, "ballot": {"options": [option]}}
        return await self._call(phone, "ballot", payload, phase, None)

    async def _call(
        self, phone: Phone, event: str, payload: dict, phase: Phase, tag: str | None
    ) -> bool:
        phase.sent += 1
        began = time.perf_counter()
        if tag is not None:
            self._waiting[tag] = (began, phase)
        try:
            ack = await phone.sock.call(event, payload, CALL_TIMEOUT)
        except (SioError, TimeoutError, OSError, AttributeError) as error:
            phase.errors[f"{event}:{type(error).__name__}"] += 1
            self._waiting.pop(tag, None)
            return False
        if not ack or not ack.get("ok"):
            phase.errors[f"{event}:{(ack or {}).get('error')}"] += 1
            self._waiting.pop(tag, None)
            return False
        phase.acked += 1
        phase.ack_ms.append(1000 * (time.perf_counter() - began))
        phase.ack_at.append(began)
        return True

    def usable(self) -> list[Phone]:
        """Connected phones that can still answer."""
        return [p for p in self.phones if can_answer(p)]

    async def sustained(self, rate: float, seconds: float, phase: Phase) -> None:
        """Open loop: `rate` answers a second, spread over the phones, for `seconds`."""
        phones = self.usable()
        random.shuffle(phones)
        total = int(rate * seconds)
        tasks: list[asyncio.Task] = []
        began = time.perf_counter()
        for i in range(total):
            due = began + i / rate
            delay = due - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            phone = phones[i % len(phones)]
            tasks.append(asyncio.create_task(self.answer(phone, phase)))
        await asyncio.gather(*tasks)

    async def saturated(self, seconds: float, phase: Phase, per_phone: float | None) -> None:
        """Closed loop: every phone answers again once its last answer is acked.

        A phone sends at most `per_phone` answers a second (None: no cap), under
        the server's per-participant write limit (a person cannot type faster
        either), so the load is many phones, not a few flooding ones.
        """
        deadline = time.perf_counter() + seconds
        gap = 1.0 / per_phone if per_phone else 0.0

        async def loop(phone: Phone) -> None:
            await asyncio.sleep(random.uniform(0, gap))
            while time.perf_counter() < deadline and can_answer(phone):
                began = time.perf_counter()
                await self.answer(phone, phase)
                rest = gap - (time.perf_counter() - began)
                if rest > 0:
                    await asyncio.sleep(rest)

        await asyncio.gather(*(loop(p) for p in self.usable()))

    async def burst(self, window: float, phase: Phase) -> Counter:
        """Every phone votes once at a random moment within `window` seconds; returns the votes."""
        expected: Counter = Counter()

        async def one(phone: Phone, option: int) -> None:
            await asyncio.sleep(random.uniform(0, window))
            await self.vote(phone, option, phase)

        phones = [p for p in self.phones if p.sock]
        options = [i % VOTE_OPTIONS for i in range(len(phones))]
        expected.update(str(o) for o in options)
        await asyncio.gather(*(one(p, o) for p, o in zip(phones, options, strict=True)))
        return expected

    async def answer_burst(self, window: float, phase: Phase) -> None:
        """Every phone answers once at a random moment within `window` seconds."""

        async def one(phone: Phone) -> None:
            await asyncio.sleep(random.uniform(0, window))
            await self.answer(phone, phase)

        await asyncio.gather(*(one(p) for p in self.usable()))

    async def settle(self, timeout: float = 3.0) -> int:
        """Wait (bounded) until the projector has seen every acked answer; return the missed."""
        deadline = time.perf_counter() + timeout
        while self._waiting and time.perf_counter() < deadline:
            await asyncio.sleep(0.05)
        missed = len(self._waiting)
        self._waiting.clear()
        return missed

    # -- churn -----------------------------------------------------------------

    async def churn(self, cycles: int, phase: Phase, concurrency: int, sample) -> None:
        """`cycles` reconnects (connect, sync, disconnect) of the known phones; samples RSS."""
        counter = itertools.count()

        async def worker() -> None:
            while (n := next(counter)) < cycles:
                phone = self.phones[n % len(self.phones)]
                await self._connect_phone(phone, phase)
                if phone.sock is not None:
                    await phone.sock.close()
                    phone.sock = None
                if (n + 1) % 1000 == 0:
                    sample(n + 1)

        await asyncio.gather(*(worker() for _ in range(concurrency)))
