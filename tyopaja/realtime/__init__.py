"""Socket.IO: thin handlers that validate, call an action, wait for the commit, ack, emit.

Every event is registered through `handler()`, which looks up the caller's
connection, checks its role (and, for the facilitator, the secret on every
single event), validates the payload, and turns refusals and surprises into
error acks: a handler never crashes the connection and never leaks a
traceback. The event names and payloads are documented in docs/protocol.md.
"""

from __future__ import annotations

import contextlib
import functools
import io
import logging
import socket
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask import current_app
from flask_socketio import SocketIO
from pydantic import BaseModel, ValidationError

from tyopaja.core.workshop import Refused
from tyopaja.i18n import error_message
from tyopaja.realtime import wirejson
from tyopaja.usecases.base import Actor

log = logging.getLogger(__name__)

socketio = SocketIO()

# event name -> (roles, payload model); docs/protocol.md is checked against it.
EVENTS: dict[str, tuple[tuple[str, ...], type[BaseModel]]] = {}
# Events the server emits (see fanout.py); documented in docs/protocol.md too.
SERVER_EVENTS: tuple[str, ...] = (
    "position",
    "answers",
    "participants",
    # facilitator console and projector (realtime/console.py)
    "groups",
    "results",
    "control",
    "calendar",
    "people",
    # participants: the items of an open dots vote changed (realtime/console.py)
    "items",
)


@dataclass
class Conn:
    """One connected socket: who it is and where it belongs."""

    role: str  # participant | projector | facilitator
    workshop_id: int
    code: str
    lang: str = "fi"
    participant_id: int | None = None
    plain: bool = False  # selkokieli for a Finnish participant (tyopaja/selko.py)
    public_id: str | None = None
    # Conversation deltas (docs/protocol.md, "Conversation deltas"): the messages this
    # socket was last sent, and their version, so that a write's ack carries only what
    # changed.
    delta: bool = False
    sent: tuple | None = field(default=None, repr=False)
    sent_v: int = 0
    # A copy of the participant's own answers by step, and the revision it was taken at
    # (screens.my_answers): an ack re-reads them only when the revision moved.
    mine: dict | None = field(default=None, repr=False)
    mine_rev: int | None = None
    # The chat's bubbles of unchanged answers, reused between acks (chatbot.build's memo).
    chat_memo: dict = field(default_factory=dict, repr=False)
    # A facilitator socket's secret, from the cookie it connected with (checked on every event).
    secret: str = field(default="", repr=False)

    @property
    def actor(self) -> Actor:
        """Who this socket writes as (its participant, or the workshop's facilitator)."""
        if self.role == "participant":
            assert self.participant_id is not None
            return Actor.participant(self.workshop_id, self.participant_id)
        return Actor.facilitator(self.workshop_id)


def services():
    """The app's services (store, committer, fan-out, connections)."""
    return current_app.extensions["tyopaja"]


def refusal(code: str, lang: str = "fi", **params: Any) -> dict[str, Any]:
    """An error ack with the message in the user's language."""
    return {"ok": False, "error": code, "message": error_message(code, lang, **params)}


def write_allowed(conn: Conn, model: type[BaseModel]) -> bool:
    """Per-participant rate limit on writes (events with a client id); never per IP address."""
    if conn.role != "participant" or not _is_write(model):
        return True
    return current_app.extensions["tyopaja_limits"].writes.allow(conn.participant_id)


@functools.cache
def _is_write(model: type[BaseModel]) -> bool:
    """Events whose payload carries a client id are writes (read once per model, not per event)."""
    return "cid" in model.model_fields


def storable(data: Any, depth: int = 0) -> bool:
    """False for what SQLite cannot take (lone surrogates, over 64-bit integers) or deep nesting."""
    if data is wirejson.OVERSIZED:
        return False
    if isinstance(data, str):
        try:
            data.encode("utf-8")
        except UnicodeEncodeError:
            return False
        return True
    if isinstance(data, int) and not isinstance(data, bool):
        return -(2**63) <= data < 2**63  # SQLite INTEGER; larger ids would overflow in a query
    if depth > 8 and isinstance(data, dict | list):
        return False
    if isinstance(data, dict):
        return all(storable(k, depth + 1) and storable(v, depth + 1) for k, v in data.items())
    if isinstance(data, list):
        return all(storable(item, depth + 1) for item in data)
    return True


def handler(event: str, model: type[BaseModel], *roles: str) -> Callable:
    """Register a Socket.IO event handler for the given roles, with validation and error acks.

    The handlers are installed on python-socketio's server by `install_handlers`.
    """

    def decorate(fn: Callable[[Conn, Any], Any]) -> Callable:
        EVENTS[event] = (roles, model)
        HANDLERS[event] = functools.partial(_dispatch, event, fn, model, roles)
        return fn

    return decorate


# event name -> dispatch(sid, data, *extra), filled by `handler()`.
HANDLERS: dict[str, Callable[..., Any]] = {}


def _dispatch(
    event: str,
    fn: Callable[[Conn, Any], Any],
    model: type[BaseModel],
    roles: tuple[str, ...],
    sid: str,
    data: Any = None,
    *extra: Any,
) -> Any:
    """Look up the socket, check its role and payload, run the handler; every failure an ack."""
    conn = services().connections.get(sid)
    lang = conn.lang if conn else "fi"
    try:
        if extra:
            return refusal("bad_request", lang)
        if conn is None or conn.role not in roles:
            return refusal("not_allowed", lang)
        if conn.role == "facilitator" and not services().facilitator_ok(conn):
            return refusal("not_allowed", lang)
        if not write_allowed(conn, model):
            return refusal("rate_limited", lang)
        if not storable(data):
            return refusal("bad_request", lang)
        payload = model.model_validate({} if data is None else data)
        return fn(conn, payload)
    except ValidationError:
        return refusal("bad_request", lang)
    except Refused as refused:
        return refusal(refused.code, lang, **refused.params)
    except Exception:
        log.exception("socket event %s failed", event)
        return refusal("server_error", lang)


def install_handlers(app: Any, server: Any) -> None:
    """Register every event on python-socketio's server, each run inside an app context only.

    Flask-SocketIO would build a Flask request (headers, cookies, session) for
    every event; the handlers need none of it (a facilitator's cookie is read
    once, at connect), and skipping it is a tenth of the server's CPU per answer
    (BENCHMARKS.md, "What costs"). Connect and disconnect stay with Flask-SocketIO.
    """
    for event, dispatch in HANDLERS.items():
        server.on(event, _in_app_context(app, dispatch), namespace="/")
    server.on("*", _in_app_context(app, _unknown_event), namespace="/")
    _guard_reserved_names(server)


def _unknown_event(_event: Any, sid: str, *_data: Any) -> dict[str, Any]:
    """An event no handler knows: refused with `bad_request`, so a client never waits for an ack."""
    conn = services().connections.get(sid)
    return refusal("bad_request", conn.lang if conn else "fi")


RESERVED_PREFIX = "reserved:"


def _guard_reserved_names(server: Any) -> None:
    """Client events named like the server's own (`connect`, `disconnect`, `*`) are unknown events.

    python-socketio would run the server's connect or disconnect handler for
    them: a socket could re-handshake as another role, or be forgotten while it
    stays in its rooms.
    """
    handle = server._handle_event
    reserved = frozenset([*server.reserved_events, "connect_error", "*"])  # "*": the catch-all

    def guarded(eio_sid: str, namespace: str, id: Any, data: Any) -> Any:
        if data and isinstance(data[0], str) and data[0] in reserved:
            data = [RESERVED_PREFIX + data[0], *data[1:]]
        return handle(eio_sid, namespace, id, data)

    server._handle_event = guarded


def _in_app_context(app: Any, dispatch: Callable[..., Any]) -> Callable[..., Any]:
    def on_event(sid: str, *args: Any) -> Any:
        with app.app_context():
            return dispatch(sid, *args)

    return on_event


def guard_packets(server: Any) -> None:
    """Drop malformed Socket.IO packets from clients with one log line instead of a traceback.

    python-socketio raises on packets it cannot decode (bad JSON, unknown
    types, absurd nesting); that is the sender's fault, not a server error.
    Errors raised inside Työpaja's own code still propagate and are logged in full.
    """
    dispatch = server._handle_eio_message

    def guarded(eio_sid: str, data: Any) -> Any:
        try:
            return dispatch(eio_sid, data)
        except (ValueError, TypeError, KeyError, IndexError, RecursionError) as error:
            if _raised_in_tyopaja(error):
                raise
            log.warning("dropped a malformed Socket.IO packet (%s)", type(error).__name__)
            return None

    server.eio.on("message", guarded)


def guard_wsgi(app: Callable, max_bytes: int) -> Callable:
    """Refuse oversized Socket.IO polling posts at once, with a 413.

    python-engineio answers an oversized post only after the client's next
    poll (it waits to deliver a close packet), so a client that never polls
    again would hold the request open; a 413 here costs nothing. A chunked
    post (no Content-Length) is read here, at most `max_bytes` + 1 bytes, so
    that engineio sees its length: without it, engineio would read nothing.
    """

    def guarded(environ: dict, start_response: Callable) -> Any:
        if environ.get("REQUEST_METHOD") != "POST" or not _is_socketio(environ):
            return app(environ, start_response)
        length = environ.get("CONTENT_LENGTH") or ""
        if not length and "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower():
            body = environ["wsgi.input"].read(max_bytes + 1)
            environ["wsgi.input"] = io.BytesIO(body)
            environ["CONTENT_LENGTH"] = length = str(len(body))
        length = length or "0"
        if not length.isdigit() or int(length) > max_bytes:
            headers = [("Content-Type", "text/plain"), ("Connection", "close")]
            start_response("413 Payload Too Large", headers)
            return [b"Payload too large"]
        return app(environ, start_response)

    return guarded


def _is_socketio(environ: dict) -> bool:
    return environ.get("PATH_INFO", "").startswith("/socket.io")


def guard_frames(server: Any) -> None:
    """Close a websocket whose text frame is not an Engine.IO packet (engineio would raise)."""
    base = server.eio._async["websocket"]

    class CheckedWebSocket(base):
        def __call__(self, environ: dict, start_response: Callable) -> Any:
            try:
                return super().__call__(environ, start_response)
            finally:
                _end_gevent_connection(environ)

        def wait(self):
            frame = super().wait()
            if isinstance(frame, str) and not frame[:1].isdigit():
                log.warning("closed a socket that sent a malformed frame")
                return None  # as if the client had closed: engineio ends the socket cleanly
            return frame

    server.eio._async = dict(server.eio._async, websocket=CheckedWebSocket)


def _end_gevent_connection(environ: dict) -> None:
    """After a websocket ends, shut its TCP connection so gevent does not read frames as HTTP.

    simple-websocket works on a duplicate of gevent's socket; when the server
    closes first and the client still sends, gevent would parse those bytes
    as a new request, fail to answer and log a traceback.
    """
    if not environ.get("SERVER_SOFTWARE", "").startswith("gevent"):
        return
    stream = environ.get("wsgi.input")
    if not hasattr(stream, "raw"):
        stream = getattr(stream, "rfile", None)
    sock = getattr(getattr(stream, "raw", None), "_sock", None)
    if sock is None:
        return
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
    with contextlib.suppress(OSError, ValueError):
        stream.read()  # drop bytes gevent may have buffered: after the shutdown, EOF comes at once


def _raised_in_tyopaja(error: BaseException) -> bool:
    """True if Työpaja's own code raised (but wirejson.py only decodes the sender's bytes)."""
    trace = error.__traceback__.tb_next if error.__traceback__ else None  # past guarded()
    while trace is not None:
        path = trace.tb_frame.f_code.co_filename.replace("\\", "/")
        if f"{__package__.split('.')[0]}/" in path and not path.endswith("/wirejson.py"):
            return True
        trace = trace.tb_next
    return False


def register_handlers() -> None:
    """Import the handler modules so that their events are registered (once)."""
    from tyopaja.realtime import connection, facilitator, participant  # noqa: F401
