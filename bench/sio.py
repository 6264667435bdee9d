"""A lean Socket.IO (protocol 5, Engine.IO 4) client over `websockets`, for the load generator.

python-socketio's AsyncClient costs several times more CPU per message than
this (it is built for features, not for a thousand sockets in one process),
and on a 2-core machine the load generator shares the CPU with the server.
This client speaks only what the benchmark needs: the websocket transport,
the default namespace, events with acks, and the server's pings.

Packets (text frames): Engine.IO `0` open, `2` ping → `3` pong, `4` message;
inside a message, Socket.IO `0` connect (with auth), `2` event, `3` ack,
`4` connect error. An event with an ack id looks like `42<id>["name",data]`.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Any

from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed


class SioError(Exception):
    """The server refused the connection or the socket closed."""


class LeanSocket:
    """One Socket.IO connection; events go to `on_event(name, data)`."""

    def __init__(self, on_event: Callable[[str, Any], None] | None = None):
        self.on_event = on_event
        self.ws = None
        self.sid: str | None = None
        self.closed = asyncio.Event()
        self._acks: dict[int, asyncio.Future] = {}
        self._next_id = 0
        self._reader: asyncio.Task | None = None

    async def connect(
        self,
        url: str,
        auth: dict[str, Any],
        headers: dict[str, str] | None = None,
        timeout: float = 30.0,
    ) -> None:
        """Open the websocket, join the default namespace with `auth`; raise SioError if refused."""
        ws_url = url.replace("http://", "ws://") + "/socket.io/?EIO=4&transport=websocket"
        self.ws = await asyncio.wait_for(
            connect(
                ws_url,
                additional_headers=headers or {},
                compression=None,
                ping_interval=None,
                max_size=2**22,
                open_timeout=timeout,
                close_timeout=1,
                proxy=None,
            ),
            timeout,
        )
        opening = await asyncio.wait_for(self.ws.recv(), timeout)
        if not opening.startswith("0"):
            raise SioError(f"unexpected opening {opening[:40]!r}")
        await self.ws.send("40" + json.dumps(auth, separators=(",", ":")))
        reply = await asyncio.wait_for(self._first_message(), timeout)
        if reply.startswith("4"):
            raise SioError(f"refused: {reply[1:200]}")
        if not reply.startswith("0"):
            raise SioError(f"unexpected reply {reply[:40]!r}")
        self.sid = json.loads(reply[1:]).get("sid")
        self._reader = asyncio.create_task(self._read())

    async def _first_message(self) -> str:
        """The first Socket.IO packet (without the Engine.IO `4`), answering pings meanwhile."""
        while True:
            packet = await self.ws.recv()
            if packet == "2":
                await self.ws.send("3")
                continue
            if packet.startswith("4"):
                return packet[1:]
            raise SioError(f"unexpected packet {packet[:40]!r}")

    async def call(self, event: str, data: Any = None, timeout: float = 30.0) -> Any:
        """Emit an event with an ack; return the ack's first argument."""
        self._next_id += 1
        ack_id = self._next_id
        future = asyncio.get_running_loop().create_future()
        self._acks[ack_id] = future
        payload = json.dumps([event, {} if data is None else data], separators=(",", ":"))
        try:
            await self.ws.send(f"42{ack_id}{payload}")
            return await asyncio.wait_for(future, timeout)
        finally:
            self._acks.pop(ack_id, None)

    async def _read(self) -> None:
        try:
            async for packet in self.ws:
                self._dispatch(packet)
        except ConnectionClosed:
            pass
        finally:
            self.closed.set()
            for future in self._acks.values():
                if not future.done():
                    future.set_exception(SioError("closed"))

    def _dispatch(self, packet: str) -> None:
        if packet == "2":
            asyncio.ensure_future(self.ws.send("3"))
            return
        if not packet.startswith("4"):
            return
        kind, body = packet[1:2], packet[2:]
        if kind == "3":
            ack_id, data = _split_id(body)
            future = self._acks.get(ack_id)
            if future is not None and not future.done():
                args = json.loads(data)
                future.set_result(args[0] if args else None)
        elif kind == "2" and self.on_event is not None:
            _, data = _split_id(body)
            args = json.loads(data)
            self.on_event(args[0], args[1] if len(args) > 1 else None)

    async def close(self) -> None:
        """Leave the namespace and close the websocket."""
        if self.ws is None:
            return
        try:
            await self.ws.send("41")
            await asyncio.wait_for(self.ws.close(), 2)
        except (ConnectionClosed, TimeoutError, OSError):
            pass
        if self._reader is not None:
            self._reader.cancel()
        self.closed.set()


def _split_id(body: str) -> tuple[int | None, str]:
    digits = 0
    while digits < len(body) and body[digits].isdigit():
        digits += 1
    return (int(body[:digits]) if digits else None), body[digits:]
