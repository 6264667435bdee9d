"""Connecting, disconnecting and snapshots: every (re)connect starts from a full snapshot."""

from __future__ import annotations

from typing import Any

from flask import current_app, request
from flask_socketio import ConnectionRefusedError, join_room
from pydantic import ValidationError

from tyopaja.core.workshop import Refused, normalize_code
from tyopaja.i18n import error_message
from tyopaja.reads.snapshots import snapshot
from tyopaja.realtime import Conn, handler, services, socketio
from tyopaja.realtime.payloads import ConnectAuth, Sync
from tyopaja.realtime.rooms import room
from tyopaja.realtime.runtime import facilitator_cookie
from tyopaja.usecases import actions
from tyopaja.usecases.events import ParticipantsChanged


def _refuse(code: str, lang: str = "fi") -> ConnectionRefusedError:
    """A refusal whose `connect_error` carries `data` = {"error", "message"} (docs/protocol.md)."""
    message = error_message(code, lang)
    return ConnectionRefusedError(message, {"error": code, "message": message})


@socketio.on("connect")
def on_connect(auth: Any = None) -> None:
    """Check who is connecting and put the socket in its workshop's rooms."""
    services().start()
    try:
        hello = ConnectAuth.model_validate(auth or {})
    except ValidationError:
        raise _refuse("bad_request") from None
    code = normalize_code(hello.code)
    with services().store.read() as tx:
        workshop = tx.workshop_by_code(code) if code else None
    if workshop is None:
        raise _refuse("unknown_workshop", hello.lang)
    conn = Conn(hello.role, workshop["id"], workshop["code"], hello.lang)
    if hello.role == "participant":
        _join_participant(conn, hello)
    elif hello.role == "facilitator":
        _check_facilitator(conn, hello.lang)
    join_room(room(conn.workshop_id, _audience(conn.role)))
    services().connections[request.sid] = conn


def _check_facilitator(conn: Conn, lang: str) -> None:
    """Refuse a facilitator socket without the current secret; throttle repeated failures."""
    conn.secret = request.cookies.get(facilitator_cookie(conn.code), "")
    if not conn.secret:
        raise _refuse("not_allowed", lang)
    limits = current_app.extensions["tyopaja_limits"]
    verdict = limits.facilitator.attempt(conn.code, lambda: services().facilitator_ok(conn))
    if verdict == "throttled":
        raise _refuse("rate_limited", lang)
    if verdict == "denied":
        raise _refuse("not_allowed", lang)


def _audience(role: str) -> str:
    return "participants" if role == "participant" else role


def _join_participant(conn: Conn, hello: ConnectAuth) -> None:
    if not hello.pid or not hello.secret:
        raise _refuse("bad_identity", hello.lang)
    try:
        participant, new = services().commit(
            actions.join, conn.workshop_id, hello.pid, hello.secret, hello.lang
        )
    except Refused:
        raise _refuse("bad_identity", hello.lang) from None
    conn.participant_id = participant["id"]
    conn.public_id = participant["public_id"]
    conn.lang = hello.lang
    conn.plain = hello.plain
    conn.delta = hello.delta
    join_room(f"p:{participant['id']}")
    if new:
        services().fanout.publish(conn.workshop_id, [ParticipantsChanged()])


@socketio.on("disconnect")
def on_disconnect(*_reason: Any) -> None:
    """Forget the socket."""
    services().connections.pop(request.sid, None)


@handler("sync", Sync, "participant", "projector", "facilitator")
def on_sync(conn: Conn, _payload: Sync) -> dict:
    """A full snapshot for this socket's role."""
    return {"ok": True, **snapshot(conn)}
