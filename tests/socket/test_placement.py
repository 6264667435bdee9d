"""Participant-assisted placement: the offer in the answer's ack and the `link` event."""

import pytest

from tests.helpers import participant_client
from tyopaja.realtime import socketio
from tyopaja.usecases import actions

SCRIPT = """\
# Sijoittelu

## Tilat

### avoin: Mikä tilojen varaamisessa on vaikeaa?
- id: tilat
- vastauksia: 3
- sijoittelu: kyllä

### avoin: Mitä muuta?
- id: muuta
- vastauksia: 3
"""


class Phone:
    """A participant's test socket with fresh client ids."""

    def __init__(self, sio, name):
        self.sio = sio
        self.name = name
        self.n = 0

    def send(self, event, **payload):
        self.n += 1
        payload.setdefault("cid", f"{self.name}-cid-{self.n:04d}")
        return self.sio.emit(event, payload, callback=True)

    def answer(self, text, step="tilat"):
        ack = self.send("answer", step=step, text=text)
        assert ack["ok"], ack
        return ack


@pytest.fixture
def room(store):
    """A running workshop whose first step offers placement, and its facilitator secret."""
    return store.write(actions.create_workshop, SCRIPT, script_name="sijoittelu.md")


@pytest.fixture
def phones(app, client, room):
    """Four participants of the workshop."""
    made = []
    for n in range(4):
        sio = participant_client(app, client, room[0]["code"], pid=f"phone{n:015d}")
        assert sio.is_connected()
        made.append(Phone(sio, f"p{n}"))
    yield made
    for phone in made:
        if phone.sio.is_connected():
            phone.sio.disconnect()


@pytest.fixture
def console(app, room):
    """The facilitator's console socket."""
    row, secret = room
    flask_client = app.test_client()
    assert flask_client.get(f"/f/{row['code']}/{secret}").status_code == 302
    sio = socketio.test_client(
        app, flask_test_client=flask_client, auth={"role": "facilitator", "code": row["code"]}
    )
    assert sio.is_connected()
    yield sio
    sio.disconnect()


def command(console, event, **payload):
    return console.emit(event, payload, callback=True)


def links(store):
    with store.read() as tx:
        return tx.db.execute(
            "SELECT answer_id, other_id, participant_id, same FROM links ORDER BY rowid"
        ).fetchall()


def group_of(store, answer_id):
    with store.read() as tx:
        return tx.answer(answer_id)["group_id"]


def test_an_answer_is_offered_similar_answers_of_others_not_its_own(phones):
    a, b, c = phones[:3]
    own = a.answer("Tilojen vuokrat ovat liian kalliit")
    assert "placement" not in own  # nothing to compare with yet
    b.answer("Facebookissa tavoittaa nuoret")
    other = c.answer("Salien vuokra on kallis pienelle yhdistykselle")
    offer = other["placement"]
    assert offer["answer"] == other["answer"] and offer["step"] == "tilat"
    ids = [o["answer"] for o in offer["options"]]
    assert ids[0] == own["answer"]  # the most similar first
    assert other["answer"] not in ids and 1 <= len(offer["options"]) <= 3
    again = a.answer("Vuokrat ovat kalliita meille")
    assert own["answer"] not in [o.get("answer") for o in again["placement"]["options"]]


def test_no_offer_where_placement_is_off_and_the_toggle_turns_it_on(phones, console):
    a, b = phones[:2]
    assert command(console, "f:goto", step="muuta")["ok"]
    a.answer("Tilojen vuokrat ovat liian kalliit", step="muuta")
    assert "placement" not in b.answer("Vuokra on kallis", step="muuta")
    ack = command(console, "f:placement", cid="toggle-0001", step="muuta", on=True)
    assert ack == {"ok": True, "step": "muuta", "placement": True}
    assert b.answer("Vuokrat kalliita", step="muuta")["placement"]["options"]
    off = command(console, "f:placement", cid="toggle-0002", step="tilat", on=False)
    assert off["ok"]
    assert command(console, "f:goto", step="tilat")["ok"]
    a.answer("Tilat ovat kalliita")
    reply = b.answer("Tilojen hinta on kova")
    assert "placement" not in reply
    refused = b.send("link", answer=reply["answer"], other=1)
    assert refused["ok"] is False and refused["error"] == "placement_off"


def test_a_tap_is_stored_once_and_acked_after_commit(store, phones):
    a, b = phones[:2]
    first = a.answer("Tilojen vuokrat ovat liian kalliit")
    mine = b.answer("Salien vuokra on kallis")["answer"]
    ack = b.send("link", cid="tap-000000001", answer=mine, other=first["answer"])
    assert ack["ok"] and ack["answer"] == mine and ack["group"] is None
    assert ack["replay"] is False and "conversation" in ack
    replay = b.send("link", cid="tap-000000001", answer=mine, other=first["answer"])
    assert replay["ok"] and replay["replay"] is True
    assert len(links(store)) == 1


@pytest.mark.parametrize(
    "payload",
    [
        {},
        {"answer": 1},
        {"answer": 1, "other": 2, "group": 3},
        {"answer": 1, "other": 2, "rejected": [3]},
        {"answer": 1, "rejected": []},
        {"answer": 1, "rejected": [2, 3, 4, 5]},
        {"answer": "1", "other": 2},
        {"answer": 1, "other": 0},
        {"answer": 1, "other": 2, "extra": True},
        {"answer": 1, "other": 2**70},
    ],
)
def test_bad_input_is_refused_and_changes_nothing(store, phones, payload):
    a, b = phones[:2]
    a.answer("Tilojen vuokrat ovat liian kalliit")
    b.answer("Salien vuokra on kallis")
    ack = b.send("link", **payload)
    assert ack["ok"] is False and ack["error"] == "bad_request", ack
    assert links(store) == []


def test_only_ones_own_live_answers_can_be_linked(store, phones):
    a, b = phones[:2]
    theirs = a.answer("Tilojen vuokrat ovat liian kalliit")["answer"]
    mine = b.answer("Salien vuokra on kallis")["answer"]
    assert b.send("link", answer=theirs, other=mine)["error"] == "not_yours"
    assert b.send("link", answer=mine, other=999)["error"] == "no_such_answer"
    second = b.answer("Avaimet pitää hakea kaupungintalolta")["answer"]
    assert b.send("link", answer=mine, other=second)["error"] == "bad_request"  # own answer
    assert links(store) == []


def test_one_participant_cannot_dominate_many_taps_weigh_once(store, phones, console):
    a, b, c, d = phones
    anchor = a.answer("Tilojen vuokrat ovat liian kalliit")["answer"]
    b.answer("Avainten luovutus ei toimi viikonloppuisin")
    mine = c.answer("Kahvinkeitin puuttuu")["answer"]
    for _ in range(5):
        assert c.send("link", answer=mine, other=anchor)["ok"]
    assert len(links(store)) == 1  # the last word replaces the earlier ones
    suggestions = command(console, "f:suggest", step="tilat")["suggestions"]
    # However often one participant taps, it is one tap, and one tap that the answers do
    # not bear out is no evidence that the room taps right: it does not regroup.
    assert not any(mine in s["answers"] and anchor in s["answers"] for s in suggestions)
    # A second participant's link is a second voice: counted once per person, not per tap.
    other = d.answer("Tilavuokra on kallis")["answer"]
    assert d.send("link", answer=other, other=anchor)["ok"]
    suggestions = command(console, "f:suggest", step="tilat")["suggestions"]
    together = [s for s in suggestions if anchor in s["answers"]][0]
    assert other in together["answers"]
    assert together["linked"] == (2 if mine in together["answers"] else 1)


def test_a_tap_on_a_group_places_the_answer_but_the_facilitators_moves_win(store, phones, console):
    a, b = phones[:2]
    first = a.answer("Tilojen vuokrat ovat liian kalliit")["answer"]
    made = command(console, "f:group", cid="grp-00000001", step="tilat", answers=[first])
    group = made["group"]
    ack = b.answer("Salien vuokra on kallis")
    assert {"group": group, "title": "Tilojen vuokrat ovat liian kalliit"} in ack["placement"][
        "options"
    ]
    mine = ack["answer"]
    tap = b.send("link", answer=mine, group=group)
    assert tap["ok"] and tap["group"] == group and group_of(store, mine) == group
    moved = command(console, "f:move", cid="mv-000000001", answers=[mine], group=None)
    assert moved["ok"] and group_of(store, mine) is None
    again = b.send("link", answer=mine, group=group)
    assert again["ok"] and again["group"] is None
    assert group_of(store, mine) is None  # the facilitator took it out: it stays out


def test_rejecting_the_offer_stores_not_the_same(store, phones):
    a, b = phones[:2]
    first = a.answer("Tilojen vuokrat ovat liian kalliit")["answer"]
    mine = b.answer("Vuokra on kallis")["answer"]
    assert b.send("link", answer=mine, rejected=[first])["ok"]
    assert [tuple(r) for r in links(store)] == [(mine, first, b_id(store, mine), 0)]


def b_id(store, answer_id):
    with store.read() as tx:
        return tx.answer(answer_id)["participant_id"]
