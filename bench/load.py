"""Load benchmark: a thousand simulated phones against Työpaja and against the bare baseline.

    python -m bench.load --participants 1000 --rate 300 --seconds 30
    python -m bench.load --modes sustained,saturated --processes 1,2 --json out.json

One invocation runs the same load against every target, one after another:
Työpaja under the Procfile's gunicorn config (tyopaja.serving.gunicorn_conf: one
gevent worker) on a fresh SQLite file, and bench/baseline_server.py under the
same config; with `--processes 2` also both of them as two processes sharing
a throw-away Redis (TYOPAJA_MESSAGE_QUEUE), the load generator assigning
phones to processes itself (sticky by construction, so no proxy is needed).
Everything listens on 127.0.0.1, every loop is bounded in count and time, and
every process started here is stopped here. See BENCHMARKS.md for the figures.

Modes (phases, in this order, on the same phones):
  memory     connect the phones (join + sync); RSS per connected participant
  sustained  open loop, --rate answers/s for --seconds
  saturated  closed loop, every phone answers again at once, --saturate-seconds
  burst      every phone votes once within one second (`ballot`); tally checked
  churn      --churn reconnect cycles (connect, sync, disconnect); RSS growth
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from .fleet import Fleet, Phase
from .servers import (
    ROOT,
    Redis,
    Server,
    create_bench_workshop,
    facilitator_login,
    machine_busy_seconds,
    settle_rss,
    vote_tally,
)

MODES = ("memory", "sustained", "saturated", "burst", "churn")


def ballot_documented() -> bool:
    """True once docs/protocol.md describes the participant's `ballot` event."""
    protocol = (ROOT / "docs" / "protocol.md").read_text(encoding="utf-8")
    return re.search(r"^### `ballot`", protocol, flags=re.M) is not None


def start_target(kind: str, processes: int, work: Path, redis: Redis | None):
    """Start one target's server processes; return them, the workshop code and the secret."""
    db = work / f"{kind}-{processes}.db"
    code, secret = create_bench_workshop(db)
    env = {"TYOPAJA_DB": str(db), "TYOPAJA_SECRET_KEY": "bench-" + "k" * 32}
    if redis is not None:
        env["TYOPAJA_MESSAGE_QUEUE"] = redis.url
    app = "bench.baseline_server:app" if kind == "baseline" else "tyopaja:create_app()"
    servers = [Server(f"{kind}{i}", app, dict(env)) for i in range(processes)]
    if kind == "threading":  # `tyopaja serve --server threading` (Werkzeug), for comparison
        for server in servers:
            server.command = [
                sys.executable,
                "-m",
                "tyopaja.cli",
                "serve",
                "--server",
                "threading",
                "--host",
                "127.0.0.1",
                "--port",
                str(server.port),
                "--db",
                str(db),
            ]
    try:
        for server in servers:
            server.start(work)
    except Exception:
        for server in servers:
            server.stop()
        raise
    return servers, db, code, secret


class Target:
    """One server setup under load: measures phases and collects their figures."""

    def __init__(self, name: str, servers: list[Server], fleet: Fleet, kind: str = "tyopaja"):
        self.name = name
        self.kind = kind
        self.servers = servers
        self.fleet = fleet
        self.results: dict[str, Any] = {}

    def rss_kb(self) -> int:
        """Total RSS of the server workers."""
        return sum(s.rss_kb() for s in self.servers)

    def cpu(self) -> float:
        """Total CPU seconds of the server workers."""
        return sum(s.cpu_seconds() for s in self.servers)

    async def measure(self, phase: Phase, work: Callable[[], Awaitable[Any]]) -> Any:
        """Run one phase, recording wall time, server and client CPU, and projector misses."""
        cpu0, client0, began = self.cpu(), time.process_time(), time.perf_counter()
        busy0 = machine_busy_seconds()
        value = await work()
        phase.wall = time.perf_counter() - began
        missed = await self.fleet.settle()
        gc.collect()
        phase.server_cpu = self.cpu() - cpu0
        phase.client_cpu = time.process_time() - client0
        others = machine_busy_seconds() - busy0 - phase.server_cpu - phase.client_cpu
        phase.extra["other_cpu_pct"] = round(100 * max(0.0, others) / phase.wall)
        if missed:
            phase.errors["projector_missed"] += missed
        self.results[phase.name] = phase.summary()
        if os.environ.get("BENCH_TRACE"):
            _trace(phase, began)
        return value


async def run_target(
    target: Target, args: argparse.Namespace, modes: set[str], votes: bool, db: Path, code: str
) -> None:
    """The phases, in order, on one target."""
    fleet = target.fleet
    # The facilitator opens the console link as a browser does; Työpaja then
    # loads its grouping dictionary in the background. Wait for that, so
    # that the phases measure a server in its steady state.
    for server in target.servers:
        status = await asyncio.to_thread(
            facilitator_login, server.url, code, fleet.facilitator_secret
        )
        target.results.setdefault("facilitator_login_status", status)
        await asyncio.to_thread(settle_rss, server)
    await fleet.connect_screens()
    rss_before = target.rss_kb()
    connect = Phase("connect")
    await target.measure(connect, lambda: fleet.connect_phones(args.participants, connect))
    rss_after = target.rss_kb()
    target.results["connect"].update(
        connected=fleet.connected(),
        rss_before_mb=round(rss_before / 1024, 1),
        rss_after_mb=round(rss_after / 1024, 1),
        rss_kb_per_participant=round((rss_after - rss_before) / max(1, fleet.connected()), 1),
    )
    if os.environ.get("BENCH_CLIENT_GC") != "1":
        # The load generator's own collector pauses would show up as server
        # latency: freeze what connecting built and collect only between phases.
        gc.collect()
        gc.freeze()
        gc.disable()
    if "sustained" in modes:
        phase = Phase("sustained")
        await target.measure(phase, lambda: fleet.sustained(args.rate, args.seconds, phase))
    if "saturated" in modes:
        phase = Phase("saturated")
        profiler = start_profiler(target, args, "saturated")
        try:
            # Työpaja refuses a phone's writes over 5/s, so its phones keep under that;
            # the bare baseline has no such limit and runs uncapped, so that its
            # figure is the stack's own ceiling, not the load generator's.
            cap = None if target.kind == "baseline" else args.phone_max_rate
            await target.measure(phase, lambda: fleet.saturated(args.saturate_seconds, phase, cap))
        finally:
            stop_profiler(profiler)
    if "burst" in modes:
        await _burst(target, votes, db, code)
    if "churn" in modes:
        await _churn(target, args)
    target.results["connected_at_end"] = fleet.connected()


def _trace(phase: Phase, began: float) -> None:
    """Debugging aid: the slowest acks by when they were sent (BENCH_TRACE=1)."""
    slow = sorted(zip(phase.ack_ms, phase.ack_at, strict=True), reverse=True)[:40]
    print(
        phase.name,
        "slowest acks (ms @ s):",
        " ".join(f"{ms:.0f}@{at - began:.2f}" for ms, at in sorted(slow, key=lambda x: x[1])),
    )


def py_spy() -> str:
    """py-spy on PATH, else beside this Python (a venv that was not activated)."""
    return shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))


def start_profiler(target: Target, args: argparse.Namespace, phase: str) -> list:
    """With --profile DIR: py-spy records each server worker (collapsed stacks) during a phase."""
    if not args.profile:
        return []
    args.profile.mkdir(parents=True, exist_ok=True)
    return [
        subprocess.Popen(
            [
                py_spy(),
                "record",
                "--nonblocking",
                "--format",
                "raw",
                "--rate",
                "200",
                "-o",
                str(args.profile / f"{target.name}-{server.name}-{phase}.txt"),
                "-p",
                str(server.worker),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for server in target.servers
    ]


def stop_profiler(processes: list) -> None:
    """Stop py-spy (it writes its file on SIGINT)."""
    for process in processes:
        process.send_signal(signal.SIGINT)
    for process in processes:
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()


async def _burst(target: Target, votes: bool, db: Path, code: str) -> None:
    fleet = target.fleet
    phase = Phase("burst")
    if not votes:
        phase.extra["kind"] = "answers (no `ballot` event yet)"
        await target.measure(phase, lambda: fleet.answer_burst(1.0, phase))
        return
    phase.extra["kind"] = "votes"
    walk = Phase("to_vote")
    await fleet.reach_vote(walk)
    target.results["to_vote"] = {
        "advances": walk.extra.get("advances", 0),
        "errors": dict(walk.errors),
    }
    expected = await target.measure(phase, lambda: fleet.burst(1.0, phase))
    if target.name.startswith("tyopaja"):
        stored = {k: v for k, v in vote_tally(db, code).items() if v}
        target.results["burst"].update(tally_right=stored == dict(expected), tally=stored)


async def _churn(target: Target, args: argparse.Namespace) -> None:
    fleet = target.fleet
    await fleet.disconnect_phones()
    await asyncio.sleep(1.0)  # let the server notice the closed sockets
    samples = [(0, target.rss_kb())]
    phase = Phase("churn")
    await target.measure(
        phase,
        lambda: fleet.churn(args.churn, phase, 50, lambda n: samples.append((n, target.rss_kb()))),
    )
    first, last = samples[0][1], target.rss_kb()
    target.results["churn"].update(
        rss_mb_by_cycles={n: round(kb / 1024, 1) for n, kb in samples},
        rss_growth_pct=round(100 * (last - first) / first, 1),
    )


async def run_one(kind: str, processes: int, args, modes, votes, work: Path) -> dict[str, Any]:
    """Start a target, run the phases, stop everything; return its figures."""
    redis = None
    if processes > 1:
        redis = Redis()
        redis.start()
    servers: list[Server] = []
    try:
        servers, db, code, secret = start_target(kind, processes, work, redis)
        fleet = Fleet(servers, code, secret, votes)
        target = Target(f"{kind}x{processes}", servers, fleet, kind)
        try:
            await asyncio.wait_for(run_target(target, args, modes, votes, db, code), args.timeout)
        finally:
            await fleet.close()
        return target.results
    finally:
        for server in servers:
            server.stop()
        if redis is not None:
            redis.stop()


ROWS = (
    ("connect", "connected", "participants connected"),
    ("connect", "rss_before_mb", "server RSS before phones (MB)"),
    ("connect", "rss_after_mb", "server RSS with phones (MB)"),
    ("connect", "rss_kb_per_participant", "RSS per participant (KB)"),
    ("connect", "ack_p99_ms", "connect+sync p99 (ms)"),
    ("sustained", "answers_per_s", "sustained answers/s"),
    ("sustained", "ack_p50_ms", "sustained ack p50 (ms)"),
    ("sustained", "ack_p95_ms", "sustained ack p95 (ms)"),
    ("sustained", "ack_p99_ms", "sustained ack p99 (ms)"),
    ("sustained", "projector_p50_ms", "sustained projector p50 (ms)"),
    ("sustained", "projector_p99_ms", "sustained projector p99 (ms)"),
    ("sustained", "server_cpu_ms_per_answer", "sustained server CPU ms/answer"),
    ("sustained", "client_cpu_pct", "sustained load-generator CPU %"),
    ("sustained", "other_cpu_pct", "sustained CPU % of other processes"),
    ("sustained", "errors", "sustained errors"),
    ("saturated", "answers_per_s", "saturated answers/s"),
    ("saturated", "ack_p50_ms", "saturated ack p50 (ms)"),
    ("saturated", "ack_p99_ms", "saturated ack p99 (ms)"),
    ("saturated", "projector_p99_ms", "saturated projector p99 (ms)"),
    ("saturated", "server_cpu_ms_per_answer", "saturated server CPU ms/answer"),
    ("saturated", "client_cpu_pct", "saturated load-generator CPU %"),
    ("saturated", "other_cpu_pct", "saturated CPU % of other processes"),
    ("saturated", "errors", "saturated errors"),
    ("burst", "acked", "burst acked"),
    ("burst", "ack_p99_ms", "burst ack p99 (ms)"),
    ("burst", "tally_right", "burst tally right"),
    ("burst", "errors", "burst errors"),
    ("churn", "acked", "churn cycles completed"),
    ("churn", "rss_growth_pct", "churn RSS growth (%)"),
    ("churn", "errors", "churn errors"),
)


def table(results: dict[str, dict[str, Any]]) -> str:
    """A Markdown table: one column per target, plus Työpaja ÷ baseline for each process count."""
    names = list(results)
    pairs = [(n, n.replace("tyopaja", "baseline")) for n in names if n.startswith("tyopaja")]
    pairs = [(t, b) for t, b in pairs if b in results]
    header = ["figure", *names, *(f"{t} ÷ {b}" for t, b in pairs)]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for phase, key, label in ROWS:
        cells = [_cell(results[n].get(phase, {}).get(key)) for n in names]
        if all(c == "–" for c in cells):
            continue
        ratios = [
            _ratio(results[t].get(phase, {}).get(key), results[b].get(phase, {}).get(key))
            for t, b in pairs
        ]
        lines.append("| " + " | ".join([label, *cells, *ratios]) + " |")
    return "\n".join(lines)


def _cell(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:,.1f}"
    return f"{value:,}" if isinstance(value, int) and not isinstance(value, bool) else str(value)


def _ratio(mine: Any, base: Any) -> str:
    if isinstance(mine, bool) or isinstance(base, bool):
        return "–"
    if not isinstance(mine, int | float) or not isinstance(base, int | float) or not base:
        return "–"
    return f"{mine / base:.2f}×"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(
        prog="python -m bench.load",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--participants", type=int, default=1000)
    parser.add_argument("--rate", type=float, default=300.0, help="sustained answers per second")
    parser.add_argument("--seconds", type=float, default=30.0, help="sustained phase length")
    parser.add_argument("--saturate-seconds", type=float, default=20.0)
    parser.add_argument(
        "--phone-max-rate",
        type=float,
        default=4.0,
        help="saturated: answers/s per Työpaja phone at most (its limit: 5/s);"
        " baseline phones are not capped",
    )
    parser.add_argument("--profile", type=Path, help="py-spy the servers into this folder")
    parser.add_argument("--churn", type=int, default=5000, help="reconnect cycles")
    parser.add_argument(
        "--modes", default=",".join(MODES), help="comma-separated: " + ",".join(MODES)
    )
    parser.add_argument(
        "--targets", default="tyopaja,baseline", help="tyopaja, baseline, threading (Werkzeug)"
    )
    parser.add_argument("--processes", default="1", help="comma-separated process counts, e.g. 1,2")
    parser.add_argument("--timeout", type=float, default=900.0, help="hard limit per target (s)")
    parser.add_argument("--workdir", type=Path, help="keep databases and server logs here")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    """Run every target and print the table."""
    args = parse_args(argv)
    args.participants = max(1, min(args.participants, 1900))  # under worker_connections
    args.churn = max(0, min(args.churn, 50_000))
    args.seconds = min(args.seconds, 600.0)
    args.saturate_seconds = min(args.saturate_seconds, 600.0)
    modes = {m.strip() for m in args.modes.split(",") if m.strip()}
    votes = ballot_documented()
    results: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix="tyopaja-bench-") as tmp:
        if args.workdir:
            args.workdir.mkdir(parents=True, exist_ok=True)
            tmp = str(args.workdir)
        for processes in (int(p) for p in args.processes.split(",")):
            for kind in args.targets.split(","):
                name = f"{kind}x{processes}"
                print(f"== {name}", flush=True)
                results[name] = asyncio.run(run_one(kind, processes, args, modes, votes, Path(tmp)))
                print(json.dumps(results[name], indent=1, default=str), flush=True)
    print()
    print(table(results))
    if not votes:
        print("\n`ballot` is not in docs/protocol.md yet: the burst sent answers instead of votes.")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=1, default=str), encoding="utf-8")


if __name__ == "__main__":
    main()
