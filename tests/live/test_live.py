"""A real `tyopaja serve` process (gevent) with real python-socketio clients over websocket."""

import time

from tests.chat_script import CONSOLE_SCRIPT
from tests.helpers import Client, cid, phone
from tyopaja.store import Store
from tyopaja.usecases import actions


def test_two_phones_and_a_projector_see_each_other(live_server):
    projector = Client(live_server.url, {"role": "projector", "code": live_server.code})
    first, second = phone(live_server), phone(live_server)
    try:
        assert projector.call("sync")["ok"]
        acks = [
            first.call("answer", {"cid": cid(), "step": "toimii", "text": "Selkeät ohjeet"}),
            second.call("answer", {"cid": cid(), "step": "toimii", "text": "Nopea maksatus"}),
        ]
        assert all(ack["ok"] for ack in acks)
        seen: set[str] = set()

        def both_seen(update):
            seen.update(a["text"] for a in update["answers"])
            return {"Selkeät ohjeet", "Nopea maksatus"} <= seen

        projector.wait_for("answers", both_seen, timeout=5)
        assert "nickname" not in str(projector.call("sync")["answers"])
    finally:
        for client in (projector, first, second):
            client.close()


def test_the_facilitator_moves_phones_and_projector_live(live_server):
    cookie = {"Cookie": live_server.facilitator_cookie()}
    auth = {"role": "facilitator", "code": live_server.code}
    facilitator = Client(live_server.url, auth, headers=cookie)
    projector = Client(live_server.url, {"role": "projector", "code": live_server.code})
    participant = phone(live_server)
    try:
        assert facilitator.call("f:goto", {"step": "tilat"})["ok"]
        assert participant.wait_for("position", lambda p: p["current"] == "tilat")
        assert projector.wait_for("position", lambda p: p["current"] == "tilat")
        ack = participant.call("answer", {"cid": cid(), "step": "toimii", "text": "myöhässä"})
        assert ack["error"] == "step_not_current"
    finally:
        facilitator.call("f:goto", {"step": "toimii"})
        for client in (facilitator, projector, participant):
            client.close()


def test_long_polling_works_when_websockets_are_blocked(live_server):
    participant = phone(live_server, transports=["polling"])
    try:
        text = "Pollingilla perille"
        ack = participant.call("answer", {"cid": cid(), "step": "toimii", "text": text})
        assert ack["ok"]
    finally:
        participant.close()


def test_an_acked_answer_survives_a_server_restart(live_server):
    participant = phone(live_server)
    write_id = cid()
    ack = participant.call("answer", {"cid": write_id, "step": "toimii", "text": "Säilyy varmasti"})
    participant.close()
    live_server.stop()
    live_server.start()
    again = Client(live_server.url, participant.auth)
    try:
        resend = {"cid": write_id, "step": "toimii", "text": "Säilyy varmasti"}
        replay = again.call("answer", resend)
        assert replay["replay"] and replay["answer"] == ack["answer"]
        messages = again.call("sync")["conversation"]["messages"]
        mine = [m["text"] for m in messages if m["who"] == "me"]
        assert mine.count("Säilyy varmasti") == 1
    finally:
        again.close()


def test_phones_on_a_dots_vote_hear_of_new_items_at_most_every_two_seconds(live_server):
    store = Store(live_server.db_path)
    row, secret = store.write(actions.create_workshop, CONSOLE_SCRIPT, script_name="konsoli.md")
    store.close()
    code = row["code"]
    cookie = {"Cookie": f"tyopaja_f_{code}={secret}"}
    facilitator = Client(live_server.url, {"role": "facilitator", "code": code}, headers=cookie)
    auth = {"role": "participant", "code": code, "pid": "n" * 20, "secret": "s" * 32, "lang": "fi"}
    participant = Client(live_server.url, auth)
    try:
        ids = [
            participant.call("answer", {"cid": cid(), "step": "tilat", "text": text})["answer"]
            for text in ("Iso sali", "Sauna", "Kahvio")
        ]
        assert facilitator.call("f:next")["ok"]
        participant.wait_for("position", lambda p: p["current"] == "tarpeet")
        hide = {"cid": cid(), "answer": ids[1], "hidden": True}
        assert facilitator.call("f:hide", hide)["ok"]
        assert participant.wait_for("items") == {"steps": ["tarpeet"], "spread": 2.0}
        first = time.monotonic()
        hide = {"cid": cid(), "answer": ids[2], "hidden": True}
        assert facilitator.call("f:hide", hide)["ok"]
        # the second hide came within two seconds of the first nudge: its nudge is held back,
        # not lost
        assert participant.wait_for("items", timeout=10)["steps"] == ["tarpeet"]
        assert time.monotonic() - first >= 1.5
        items = participant.call("sync")["conversation"]["prompt"]["extra"]["items"]
        assert [item["label"] for item in items] == ["Iso sali"]
    finally:
        for client in (facilitator, participant):
            client.close()
