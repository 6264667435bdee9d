"""docs/protocol.md's promises, checked in raw Engine.IO/Socket.IO frames against `tyopaja serve`.

Written as an outside client would, from the document alone: refusals carry their
`data`, reserved event names are not the server's own handlers, huge integers get
an ack, loose payloads are refused, a chunked long-polling post is not dropped, a
rotated facilitator link cuts off an open console, and a NUL is no answer.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys

import pytest
import requests
import websocket
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers import ROOT, LiveServer, cid, phone
from tests.socket.test_fuzz_events import digest
from tyopaja.store import Store
from tyopaja.usecases import actions

TIMEOUT = 5


VOTE_SCRIPT = """\
# Äänestys

## Avustukset

### valinta: Milloin haku sopii parhaiten?
- id: valinta
- vaihtoehdot:
  - Keväällä
  - Syksyllä
  - Ympäri vuoden
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A server of its own, so that its log holds only what these tests caused."""
    live = LiveServer(tmp_path_factory.mktemp("promises") / "promises.db")
    store = Store(live.db_path)
    vote, _secret = store.write(actions.create_workshop, VOTE_SCRIPT, script_name="vote.md")
    store.close()
    live.vote_code = vote["code"]
    live.start()
    yield live
    live.stop()


def open_socket(server: LiveServer, headers: list[str] | None = None) -> websocket.WebSocket:
    """A raw Engine.IO websocket, before the Socket.IO handshake."""
    url = server.url.replace("http", "ws") + "/socket.io/?EIO=4&transport=websocket"
    ws = websocket.create_connection(url, origin=server.url, timeout=TIMEOUT, header=headers)
    assert ws.recv().startswith("0{")
    return ws


def recv_packet(ws: websocket.WebSocket) -> str:
    """The next Socket.IO packet (pings answered on the way)."""
    while True:
        frame = ws.recv()
        if frame == "2":
            ws.send("3")
            continue
        return frame


def participant_auth(server: LiveServer, **extra) -> dict:
    return {
        "role": "participant",
        "code": server.code,
        "pid": "raw" + cid() + "x" * 8,
        "secret": "s" * 24,
        **extra,
    }


def joined(server: LiveServer, auth: dict | None = None, headers=None) -> websocket.WebSocket:
    ws = open_socket(server, headers)
    ws.send("40" + json.dumps(auth or participant_auth(server)))
    assert recv_packet(ws).startswith("40{")
    return ws


def ack(ws: websocket.WebSocket, ack_id: int, event: str, payload_json: str) -> object:
    """Send `event` with an ack id as raw text and return the ack's first argument."""
    ws.send(f"42{ack_id}[{json.dumps(event)},{payload_json}]")
    prefix = f"43{ack_id}"
    while True:
        packet = recv_packet(ws)
        if packet.startswith(prefix):
            return json.loads(packet[len(prefix) :])[0]


def finish(ws: websocket.WebSocket) -> None:
    ws.close(timeout=1)
    ws.shutdown()


@pytest.mark.parametrize(
    ("auth", "code"),
    [
        ({"role": "participant", "code": "ZZZZZZ", "pid": "p" * 16, "secret": "s" * 16}, "unknown"),
        ({"role": "king", "code": "X"}, "bad_request"),
        ({"role": "participant", "code": None}, "bad_identity"),
        ({"role": "facilitator", "code": None}, "not_allowed"),
    ],
)
def test_a_refused_connection_carries_the_documented_data(server, auth, code):
    if auth["code"] is None:
        auth["code"] = server.code
    code = "unknown_workshop" if code == "unknown" else code
    ws = open_socket(server)
    try:
        ws.send("40" + json.dumps(auth))
        packet = recv_packet(ws)
        assert packet.startswith("44{"), packet
        refusal = json.loads(packet[2:])
        assert refusal["data"]["error"] == code
        assert refusal["data"]["message"] == refusal["message"]
        assert "{" not in refusal["message"] and refusal["message"].endswith(".")
    finally:
        finish(ws)


@pytest.mark.parametrize("name", ["connect", "disconnect"])
def test_client_events_with_reserved_names_are_refused(server, name):
    ws = joined(server)
    try:
        answer = ack(ws, 7, name, json.dumps({"role": "projector", "code": server.code}))
        assert answer["ok"] is False and answer["error"] == "bad_request"
        # Still a participant, still in its rooms: an answer is taken and acked.
        taken = ack(ws, 8, "answer", json.dumps({"cid": cid(), "step": "toimii", "text": "yhä"}))
        assert taken["ok"] is True
    finally:
        finish(ws)
    assert "Traceback" not in server.log()


@pytest.mark.parametrize("digits", [100, 101, 5000])
def test_a_huge_integer_gets_an_ack(server, digits):
    ws = joined(server)
    try:
        huge = "1" * digits
        answer = ack(ws, 3, "edit", '{"cid":"' + cid() + '","answer":' + huge + ',"text":"x"}')
        assert answer["ok"] is False and answer["error"] == "bad_request"
    finally:
        finish(ws)


LOOSE_BALLOTS = [
    '{"options":[0],"zzz":1}',
    '{"value":3,"zzz":1}',
    '{"dots":{"a:6":1},"zzz":1}',
    '{"order":[2,1,0],"zzz":1}',
    '{"options":[0],"value":2}',
    '{"options":[0,0]}',
    '{"options":[' + ",".join(["0"] * 10_000) + "]}",
]


@pytest.mark.parametrize("ballot", LOOSE_BALLOTS, ids=range(len(LOOSE_BALLOTS)))
def test_loose_ballots_are_refused_and_change_nothing(server, ballot):
    ws = joined(server, participant_auth(server, code=server.vote_code))
    assert ack(
        ws, 2, "ballot", '{"cid":"' + cid() + '","step":"valinta","ballot":{"options":[1]}}'
    )["ok"]
    before = digest(server.db_path)
    try:
        payload = '{"cid":"' + cid() + '","step":"valinta","ballot":' + ballot + "}"
        answer = ack(ws, 5, "ballot", payload)
        assert answer["ok"] is False and answer["error"] == "bad_request", answer
    finally:
        finish(ws)
    assert digest(server.db_path) == before


@pytest.mark.parametrize(
    "profile",
    [
        {"field": "nickname", "value": {"label": "x"}},
        {"field": "table", "value": {"label": "Pöytä 3", "headcount": 4, "zzz": 1}},
        {"field": "table", "value": "Pöytä 3"},
    ],
)
def test_loose_profile_values_are_refused(server, profile):
    ws = joined(server)
    before = digest(server.db_path)
    try:
        answer = ack(ws, 4, "profile", json.dumps({"cid": cid(), **profile}))
        assert answer["ok"] is False and answer["error"] == "bad_request", answer
    finally:
        finish(ws)
    assert digest(server.db_path) == before


def test_rate_limited_is_a_documented_connection_refusal():
    protocol = (ROOT / "docs" / "protocol.md").read_text(encoding="utf-8")
    section = protocol[protocol.index("A refused connection") : protocol.index("After connecting")]
    for code in ("bad_request", "unknown_workshop", "bad_identity", "not_allowed", "rate_limited"):
        assert f"`{code}`" in section


def _polling_session(server: LiveServer) -> str:
    opened = requests.get(f"{server.url}/socket.io/?EIO=4&transport=polling", timeout=TIMEOUT)
    return json.loads(opened.text[1:])["sid"]


def _chunked_post(server: LiveServer, sid: str, chunks: list[bytes]) -> str:
    """POST a body in chunked transfer encoding (no Content-Length); the status line back."""
    path = f"/socket.io/?EIO=4&transport=polling&sid={sid}"
    with socket.create_connection(("127.0.0.1", server.port), timeout=TIMEOUT) as conn:
        head = (
            f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n"
            "Content-Type: text/plain;charset=UTF-8\r\nTransfer-Encoding: chunked\r\n"
            "Connection: close\r\n\r\n"
        )
        conn.sendall(head.encode())
        for chunk in chunks:
            conn.sendall(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
        conn.sendall(b"0\r\n\r\n")
        reply = b""
        while b"\r\n" not in reply:
            data = conn.recv(4096)
            if not data:
                break
            reply += data
    return reply.split(b"\r\n", 1)[0].decode()


def test_a_chunked_polling_post_is_read_not_dropped(server):
    sid = _polling_session(server)
    auth = json.dumps(participant_auth(server)).encode()
    assert " 200 " in _chunked_post(server, sid, [b"40", auth])
    reply = requests.get(
        f"{server.url}/socket.io/?EIO=4&transport=polling&sid={sid}", timeout=TIMEOUT
    )
    assert "40{" in reply.text, reply.text


def test_an_oversized_chunked_polling_post_gets_413(server):
    sid = _polling_session(server)
    status = _chunked_post(server, sid, [b"4" + b"x" * 65_536, b"x" * 1_000_000])
    assert " 413 " in status


def test_a_nul_is_no_answer(server):
    ws = joined(server)
    before = digest(server.db_path)
    try:
        for text in ("\u0000", " \u0000 \u0000\t", "\u0007"):
            answer = ack(
                ws, 9, "answer", json.dumps({"cid": cid(), "step": "toimii", "text": text})
            )
            assert answer["ok"] is False and answer["error"] == "empty", answer
    finally:
        finish(ws)
    assert digest(server.db_path) == before


def test_a_new_facilitator_link_cuts_off_an_open_console(server):
    cookie = [f"Cookie: {server.facilitator_cookie()}"]
    console = joined(server, {"role": "facilitator", "code": server.code}, headers=cookie)
    try:
        rotated = subprocess.run(
            [sys.executable, "-m", "tyopaja.cli", "link", server.code, "--db", str(server.db_path)],
            capture_output=True,
            text=True,
            cwd=ROOT,
            timeout=60,
        )
        assert rotated.returncode == 0, rotated.stderr
        # A new phone joins: an open console of the old link must not hear of it.
        other = phone(server)
        other.call("profile", {"cid": cid(), "field": "nickname", "value": "Uusi"})
        other.close()
        heard = []
        while True:
            try:
                packet = recv_packet(console)
            except (websocket.WebSocketConnectionClosedException, ConnectionError):
                break
            if not packet or packet.startswith("41"):  # closed, or disconnected by the server
                break
            heard.append(packet)
        assert not any("Uusi" in p for p in heard), heard
    finally:
        finish(console)


# -- fuzz cases: random names, integers and chunk splits on the real wire ----------------

WIRE_EXAMPLES = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@WIRE_EXAMPLES
@given(
    name=st.one_of(
        st.sampled_from(["connect", "disconnect", "connect_error", "message", "*", "f:drop"]),
        st.text(min_size=1, max_size=20),
    ),
    digits=st.integers(min_value=1, max_value=400),
)
def test_fuzz_any_event_name_and_integer_gets_an_ack(server, name, digits):
    ws = joined(server)
    try:
        payload = '{"cid":"' + cid() + '","answer":' + "9" * digits + ',"text":"x"}'
        answer = ack(ws, 11, name, payload)
        assert answer["ok"] is False, (name, digits, answer)
        assert answer["error"] in ("bad_request", "no_such_answer"), answer
    finally:
        finish(ws)


@WIRE_EXAMPLES
@given(cuts=st.lists(st.integers(min_value=1, max_value=60), max_size=6))
def test_fuzz_a_chunked_handshake_arrives_however_it_is_cut(server, cuts):
    body = b"40" + json.dumps(participant_auth(server)).encode()
    chunks, rest = [], body
    for cut in cuts:
        if rest:
            chunks.append(rest[:cut])
            rest = rest[cut:]
    chunks.append(rest)
    sid = _polling_session(server)
    assert " 200 " in _chunked_post(server, sid, [c for c in chunks if c])
    reply = requests.get(
        f"{server.url}/socket.io/?EIO=4&transport=polling&sid={sid}", timeout=TIMEOUT
    )
    assert "40{" in reply.text, reply.text
