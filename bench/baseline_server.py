"""The bare baseline: Flask-SocketIO with the same server and async mode, no application logic.

Run exactly like Työpaja (the benchmark does this):

    gunicorn -c python:tyopaja.serving.gunicorn_conf -b 127.0.0.1:8001 bench.baseline_server:app

It accepts the same `auth`, joins the same kind of rooms, acks every `answer`,
`advance` and `ballot` at once and forwards each answer to the projector room as an
`answers` event (one emit per answer: nothing is stored, nothing coalesced). A
console's `f:goto` is acked and told to the workshop's phones and screens as a
`position` event (bench/evenings.py moves steps with it).
The difference between this and Työpaja is what the application costs.
"""

from __future__ import annotations

import itertools
import os

from flask import Flask, request
from flask_socketio import ConnectionRefusedError, SocketIO, join_room

from tyopaja.app import detect_async_mode

app = Flask(__name__)
socketio = SocketIO(
    app,
    async_mode=os.environ.get("TYOPAJA_ASYNC_MODE") or detect_async_mode(),
    message_queue=os.environ.get("TYOPAJA_MESSAGE_QUEUE") or None,
    max_http_buffer_size=64 * 1024,
    manage_session=False,
)
_ids = itertools.count(1)
votes: dict[str, int] = {}
codes: dict[str, str] = {}  # socket id -> workshop code


@app.get("/healthz")
def healthz() -> dict:
    """Liveness, as Työpaja's."""
    return {"ok": True}


@socketio.on("connect")
def on_connect(auth=None) -> None:
    """Join the role's room of the workshop code."""
    auth = auth or {}
    role, code = auth.get("role"), auth.get("code")
    if role not in ("participant", "projector", "facilitator") or not code:
        raise ConnectionRefusedError({"error": "bad_request"})
    join_room(f"w:{code}:{'participants' if role == 'participant' else role}")
    codes[request.sid] = code


@socketio.on("disconnect")
def on_disconnect(*_reason) -> None:
    """Forget the socket."""
    codes.pop(request.sid, None)


@socketio.on("sync")
def on_sync(_data=None) -> dict:
    """An empty snapshot."""
    return {"ok": True}


@socketio.on("answer")
def on_answer(data) -> dict:
    """Ack, and forward the answer to the projector room."""
    answer = {"id": next(_ids), "step": data["step"], "text": data["text"]}
    room = f"w:{codes.get(request.sid, '')}:projector"
    socketio.emit("answers", {"answers": [answer], "removed": []}, to=room)
    return {"ok": True, "answer": answer["id"]}


@socketio.on("advance")
def on_advance(data) -> dict:
    """Ack (a self-paced phone moving to its next step)."""
    return {"ok": True, "step": data["step"]}


@socketio.on("ballot")
def on_ballot(data) -> dict:
    """Ack, and count the ballot in memory."""
    for option in data["ballot"].get("options", []):
        votes[str(option)] = votes.get(str(option), 0) + 1
    return {"ok": True}


@socketio.on("f:goto")
def on_goto(data) -> dict:
    """Ack, and tell the workshop's phones and screens where it is now."""
    code = codes.get(request.sid, "")
    position = {"current": data["step"], "state": "open"}
    for audience in ("participants", "projector", "facilitator"):
        socketio.emit("position", position, to=f"w:{code}:{audience}")
    return {"ok": True, "step": data["step"]}
