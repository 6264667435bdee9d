"""Socket.IO handlers through Flask-SocketIO's test client, on a real SQLite file."""

import json

import pytest

from tests.helpers import participant_client
from tyopaja.realtime import socketio

CID = "cid-0000001"


def answers_in_db(store):
    with store.read() as tx:
        return tx.db.execute("SELECT step_id, text FROM answers").fetchall()


def last_event(sio, name):
    events = [e for e in sio.get_received() if e["name"] == name]
    return events[-1]["args"][0] if events else None


def test_sync_returns_the_greeting_and_the_first_question(phone):
    res = phone.emit("sync", {}, callback=True)
    assert res["ok"]
    texts = [m["text"] for m in res["conversation"]["messages"]]
    assert texts[0].startswith("Testityöpaja")
    assert res["conversation"]["prompt"]["field"] == "nickname"


def test_an_answer_is_stored_once_and_acked_with_the_conversation(phone, store):
    ack = phone.emit("answer", {"cid": CID, "step": "toimii", "text": " Hyvä haku "}, callback=True)
    assert ack["ok"] and ack["answer"] > 0 and not ack["replay"]
    mine = [m for m in ack["conversation"]["messages"] if m["who"] == "me"]
    assert mine[-1]["text"] == "Hyvä haku"
    assert answers_in_db(store) == [("toimii", "Hyvä haku")]


def test_a_replayed_answer_is_a_no_op(phone, store):
    first = phone.emit("answer", {"cid": CID, "step": "toimii", "text": "Yksi"}, callback=True)
    again = phone.emit("answer", {"cid": CID, "step": "toimii", "text": "Yksi"}, callback=True)
    assert again["replay"] and again["answer"] == first["answer"]
    assert len(answers_in_db(store)) == 1


@pytest.mark.parametrize(
    ("text", "error"),
    [("", "empty"), ("   \n ", "empty"), ("x" * 2001, "too_long")],
)
def test_bad_answers_are_refused_in_finnish_and_nothing_is_stored(phone, store, text, error):
    ack = phone.emit("answer", {"cid": CID, "step": "toimii", "text": text}, callback=True)
    assert ack["ok"] is False and ack["error"] == error
    assert ack["message"] and "Traceback" not in ack["message"]
    assert answers_in_db(store) == []


def test_a_refused_write_can_be_retried_with_the_same_id(phone, store):
    phone.emit("answer", {"cid": CID, "step": "toimii", "text": ""}, callback=True)
    ack = phone.emit("answer", {"cid": CID, "step": "toimii", "text": "Nyt tekstiä"}, callback=True)
    assert ack["ok"] and answers_in_db(store) == [("toimii", "Nyt tekstiä")]


@pytest.mark.parametrize(
    "payload",
    [
        None,
        "teksti",
        42,
        [1, 2],
        {},
        {"cid": CID, "step": "toimii"},
        {"cid": CID, "step": "toimii", "text": 5},
        {"cid": "lyhyt", "step": "toimii", "text": "x"},
        {"cid": CID, "step": "toimii", "text": "x", "extra": 1},
        {"cid": CID, "step": "x" * 500, "text": "x"},
        {"cid": CID, "step": "toimii", "text": "x" * 20000},
    ],
)
def test_malformed_payloads_get_an_error_ack(phone, store, payload):
    ack = phone.emit("answer", payload, callback=True)
    assert ack["ok"] is False and ack["error"] == "bad_request"
    assert answers_in_db(store) == []


def test_an_answer_to_a_step_that_is_not_current_is_refused(phone):
    ack = phone.emit("answer", {"cid": CID, "step": "tilat", "text": "Sali"}, callback=True)
    assert ack["error"] == "step_not_current"


def test_the_answer_limit_per_step_holds(phone):
    for n in range(3):
        assert phone.emit(
            "answer", {"cid": f"{CID}{n}", "step": "toimii", "text": f"v{n}"}, callback=True
        )["ok"]
    ack = phone.emit(
        "answer", {"cid": f"{CID}9", "step": "toimii", "text": "neljäs"}, callback=True
    )
    assert ack["error"] == "max_answers" and "3" in ack["message"]


def test_onboarding_moves_on_with_each_profile_answer(phone):
    ack = phone.emit("profile", {"cid": CID, "field": "nickname", "value": "Maija"}, callback=True)
    assert ack["conversation"]["prompt"]["field"] == "association"
    ack = phone.emit(
        "profile", {"cid": CID + "2", "field": "association", "value": ""}, callback=True
    )
    assert ack["conversation"]["prompt"]["field"] == "sector"


def test_a_short_answer_gets_a_follow_up_and_the_reply_is_stored(phone, store):
    ack = phone.emit("answer", {"cid": CID, "step": "toimii", "text": "Hyvä"}, callback=True)
    assert ack["conversation"]["prompt"]["kind"] == "followup"
    ack = phone.emit(
        "followup",
        {"cid": CID + "f", "answer": ack["answer"], "text": "Nopea päätös"},
        callback=True,
    )
    assert ack["ok"] and ack["conversation"]["prompt"]["kind"] == "text"
    with store.read() as tx:
        assert tx.db.execute("SELECT followup FROM answers").fetchone() == ("Nopea päätös",)


def test_nobody_can_reply_to_someone_elses_answer(app, client, workshop, phone):
    ack = phone.emit("answer", {"cid": CID, "step": "toimii", "text": "Hyvä"}, callback=True)
    other = participant_client(app, client, workshop[0]["code"], pid="o" * 20, secret="t" * 32)
    res = other.emit(
        "followup", {"cid": CID + "x", "answer": ack["answer"], "text": "kaapattu"}, callback=True
    )
    assert res["error"] == "not_yours"


def test_the_same_participant_id_with_another_secret_is_refused(app, client, workshop, phone):
    intruder = participant_client(app, client, workshop[0]["code"], pid="p" * 20, secret="x" * 32)
    assert not intruder.is_connected()


def test_an_unknown_join_code_is_refused(app, client):
    sio = participant_client(app, client, "ZZZZZZ")
    assert not sio.is_connected()


def test_a_participant_cannot_run_facilitator_events(phone):
    for event, payload in [
        ("f:next", {}),
        ("f:goto", {"step": "tilat"}),
        ("f:state", {"state": "closed"}),
    ]:
        assert phone.emit(event, payload, callback=True)["error"] == "not_allowed"


def test_the_facilitator_moves_everyone_to_the_next_step(facilitator, phone):
    phone.get_received()
    ack = facilitator.emit("f:next", {}, callback=True)
    assert ack == {"ok": True, "step": "muuttaa"}
    assert last_event(phone, "position")["current"] == "muuttaa"
    phone.emit("profile", {"cid": CID, "field": "mode", "value": "one"}, callback=True)
    prompt = phone.emit("sync", {}, callback=True)["conversation"]["prompt"]
    assert prompt["step"] == "muuttaa"


def test_a_facilitator_without_the_cookie_cannot_connect(app, workshop):
    sio = socketio.test_client(app, auth={"role": "facilitator", "code": workshop[0]["code"]})
    assert not sio.is_connected()


def test_the_facilitator_sees_new_answers_with_their_author(facilitator, phone):
    phone.emit("profile", {"cid": CID + "n", "field": "nickname", "value": "Maija"}, callback=True)
    facilitator.get_received()
    phone.emit("answer", {"cid": CID, "step": "toimii", "text": "Selkeä haku"}, callback=True)
    update = last_event(facilitator, "answers")
    assert update["answers"][0]["text"] == "Selkeä haku"
    assert update["answers"][0]["nickname"] == "Maija"


def test_locking_the_workshop_refuses_late_answers_politely(facilitator, phone):
    assert facilitator.emit("f:state", {"state": "closed"}, callback=True)["ok"]
    ack = phone.emit("answer", {"cid": CID, "step": "toimii", "text": "myöhässä"}, callback=True)
    assert ack["error"] == "workshop_closed"
    assert phone.emit("sync", {}, callback=True)["conversation"]["prompt"]["kind"] in (
        "closed",
        "text",
    )


def delta_phone(app, client, workshop):
    """A participant's test client that asks for conversation deltas, as the chat page does."""
    auth = {"role": "participant", "code": workshop[0]["code"], "pid": "d" * 20}
    auth.update(secret="s" * 32, lang="fi", delta=True)
    return socketio.test_client(app, flask_test_client=client, auth=auth)


def test_write_acks_carry_only_what_changed_when_the_phone_asks_for_deltas(app, client, workshop):
    phone = delta_phone(app, client, workshop)
    full = phone.emit("sync", {}, callback=True)["conversation"]
    assert full["v"] == 1 and "base" not in full
    texts = []
    for n, text in enumerate(("Salit auki iltaisin", "Avustushaku selkeämmäksi")):
        ack = phone.emit(
            "answer", {"cid": f"delta-{n:04d}", "step": "toimii", "text": text}, callback=True
        )
        delta = ack["conversation"]
        assert delta["base"] == full["v"] and delta["v"] == full["v"] + 1
        assert delta["messages"] and 0 < delta["keep"] <= len(full["messages"])
        full = {  # what the phone puts together
            "v": delta["v"],
            "messages": full["messages"][: delta["keep"]] + delta["messages"],
            "prompt": delta["prompt"],
        }
        texts.append(json.dumps(ack))
    whole = phone.emit("sync", {}, callback=True)
    assert whole["conversation"]["messages"] == full["messages"]
    assert whole["conversation"]["prompt"] == full["prompt"]
    assert all(len(text) < len(json.dumps(whole)) for text in texts)


def test_without_deltas_every_ack_carries_the_whole_conversation(phone):
    ack = phone.emit(
        "answer", {"cid": "whole-0001", "step": "toimii", "text": "Salit auki"}, callback=True
    )
    assert "base" not in ack["conversation"] and "v" not in ack["conversation"]
    assert ack["conversation"] == phone.emit("sync", {}, callback=True)["conversation"]


def test_a_new_socket_starts_from_a_whole_conversation(app, client, workshop):
    first = delta_phone(app, client, workshop)
    first.emit("sync", {}, callback=True)
    first.disconnect()
    again = delta_phone(app, client, workshop)
    ack = again.emit(
        "answer", {"cid": "again-0001", "step": "toimii", "text": "Uusi yhteys"}, callback=True
    )
    assert ack["ok"] and ack["conversation"]["v"] == 1 and "base" not in ack["conversation"]
