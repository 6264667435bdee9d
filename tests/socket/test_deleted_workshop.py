"""A workshop deleted while its phones and console are still connected: clear refusals, no 500s."""

import pytest

from tyopaja.usecases import actions

PHONE_WRITES = [
    ("profile", {"cid": "del-profile-1", "field": "nickname", "value": "Aino"}),
    ("answer", {"cid": "del-answer-01", "step": "toimii", "text": "Salit auki iltaisin"}),
    ("ballot", {"cid": "del-ballot-01", "step": "toimii", "ballot": {"options": [0]}}),
    ("advance", {"cid": "del-advance-1", "step": "toimii"}),
    ("sync", {}),
]
CONSOLE_WRITES = [
    ("f:goto", {"step": "muuttaa"}),
    ("f:add", {"cid": "del-add-0001", "step": "toimii", "text": "Paperilta", "source": "paper"}),
    ("f:timer", {"cid": "del-timer-001", "action": "start", "seconds": 60}),
]


@pytest.mark.parametrize(("event", "payload"), PHONE_WRITES, ids=[e for e, _ in PHONE_WRITES])
def test_a_phone_writing_to_a_deleted_workshop_is_told_it_is_gone(
    store, workshop, phone, event, payload
):
    store.write(actions.delete_workshop, workshop[0]["id"])
    ack = phone.emit(event, payload, callback=True)
    assert ack["ok"] is False and ack["error"] == "unknown_workshop", ack
    assert ack["message"] == "Työpajaa ei löytynyt. Tarkista koodi."


@pytest.mark.parametrize(("event", "payload"), CONSOLE_WRITES, ids=[e for e, _ in CONSOLE_WRITES])
def test_a_console_writing_to_a_deleted_workshop_is_refused(
    store, workshop, facilitator, event, payload
):
    store.write(actions.delete_workshop, workshop[0]["id"])
    ack = facilitator.emit(event, payload, callback=True)
    assert ack["ok"] is False and ack["error"] in ("unknown_workshop", "not_allowed"), ack
