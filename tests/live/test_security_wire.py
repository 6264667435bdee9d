"""Hostile bytes on the wire against a real `tyopaja serve`: oversized and malformed packets.

The server must refuse them, stay up for everyone else, change nothing and
print no traceback.
"""

from __future__ import annotations

import json

import pytest
import requests
import websocket

from tests.helpers import LiveServer, cid, digest, phone

MAX = 64 * 1024


def raw_socket(server: LiveServer, auth: dict | None = None) -> websocket.WebSocket:
    """A raw Engine.IO websocket, joined to the default namespace as a participant."""
    url = server.url.replace("http", "ws") + "/socket.io/?EIO=4&transport=websocket"
    ws = websocket.create_connection(url, origin=server.url, timeout=5)
    assert ws.recv().startswith("0{")
    auth = auth or {
        "role": "participant",
        "code": server.code,
        "pid": "wire" + "w" * 16,
        "secret": "s" * 24,
    }
    ws.send("40" + json.dumps(auth))
    assert ws.recv().startswith("40{")
    return ws


def still_serves(server: LiveServer) -> None:
    """The server answers HTTP and a fresh phone can still store an answer."""
    assert requests.get(f"{server.url}/healthz", timeout=5).json()["database"]
    other = phone(server)
    try:
        assert other.call("answer", {"cid": cid(), "step": "toimii", "text": "Toimii yhä"})["ok"]
    finally:
        other.close()


def finish(ws: websocket.WebSocket) -> None:
    """Close the socket even when the server closed it first (close() alone skips that)."""
    ws.close(timeout=1)
    ws.shutdown()


def closed(ws: websocket.WebSocket) -> bool:
    """True once the server has closed this socket (pings are answered on the way)."""
    try:
        while True:
            frame = ws.recv()
            if not frame:
                return True
            if frame == "2":
                ws.send("3")
    except (websocket.WebSocketConnectionClosedException, ConnectionError):
        return True
    except websocket.WebSocketTimeoutException:
        return False


def test_an_oversized_websocket_message_closes_only_that_socket(server):
    ws = raw_socket(server)
    before = digest(server.db_path)
    text = "x" * (MAX + 1)
    ws.send("42" + json.dumps(["answer", {"cid": cid(), "step": "toimii", "text": text}]))
    assert closed(ws)
    finish(ws)
    assert digest(server.db_path) == before
    still_serves(server)
    assert "Traceback" not in server.log()


def test_a_message_just_under_the_limit_gets_a_finnish_refusal(server):
    ws = raw_socket(server)
    text = "x" * (MAX - 200)
    ws.send("421" + json.dumps(["answer", {"cid": cid(), "step": "toimii", "text": text}]))
    reply = ws.recv()
    while reply == "2":
        ws.send("3")
        reply = ws.recv()
    assert reply.startswith("431")
    ack = json.loads(reply[3:])[0]
    assert ack["error"] == "bad_request" and "Lataa sivu" in ack["message"]
    finish(ws)


def test_an_oversized_polling_post_is_refused(server):
    handshake = requests.get(f"{server.url}/socket.io/?EIO=4&transport=polling", timeout=5)
    sid = json.loads(handshake.text[1:])["sid"]
    body = "42" + json.dumps(["answer", {"text": "x" * (MAX + 1)}])
    response = requests.post(
        f"{server.url}/socket.io/?EIO=4&transport=polling&sid={sid}", data=body, timeout=5
    )
    assert response.status_code in (400, 413)
    still_serves(server)


GARBAGE = [
    "4",
    "42",
    "42[",
    "42{}",
    "42[1]",
    "42[null]",
    '42["answer"',
    '42["answer",1,2,3]',
    "43",
    "431[]",
    "44",
    "4x",
    "400.0",
    "41",
    "45",
    "46",
    "49",
    "4" + "9" * 30,
    "42" + "[" * 3000 + "]" * 3000,
    '42["answer",' + "[" * 3000 + "]" * 3000 + "]",
    "42" + json.dumps(["answer", {"cid": "abcdefgh1", "step": "toimii", "text": "\ud800"}]),
    '42["answer",{"cid":"abcdefgh1","step":"toimii","text":"\\ud800"}]',
    '42["sync",{"__proto__":{"ok":true}}]',
    "1",
    "6",
    "5",
    "2probe",
    "\x00\x01\x02",
    "0",
    "9",
]


@pytest.mark.parametrize("frame", GARBAGE, ids=range(len(GARBAGE)))
def test_malformed_packets_change_nothing_and_print_no_traceback(server, frame):
    ws = raw_socket(server)
    ws.send(frame)
    ws.send_binary(b"\xff\xfe" + frame.encode("utf-8", "surrogatepass"))
    finish(ws)
    still_serves(server)
    assert "Traceback" not in server.log(), frame


def test_the_garbage_left_no_trace(server):
    """Every answer in the database came from still_serves, none from the garbage."""
    import sqlite3

    conn = sqlite3.connect(server.db_path)
    texts = {row[0] for row in conn.execute("SELECT text FROM answers")}
    conn.close()
    assert texts <= {"Toimii yhä"}
