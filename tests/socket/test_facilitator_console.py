"""Facilitator console events through Flask-SocketIO's test client, on a real SQLite file."""

from __future__ import annotations

import json
import time

import pytest

from tests.chat_script import CONSOLE_SCRIPT
from tests.helpers import participant_client
from tyopaja.grouping import engine as grouping
from tyopaja.realtime import EVENTS, fanout, register_handlers, socketio
from tyopaja.usecases import actions


@pytest.fixture(scope="module", autouse=True)
def warm_grouping():
    """simplemma's Finnish data loads once for the module."""
    grouping.warm_up()


@pytest.fixture
def console(store):
    """A running workshop of the console script: (row, facilitator secret)."""
    return store.write(actions.create_workshop, CONSOLE_SCRIPT, script_name="konsoli.md")


def connect_facilitator(app, row, secret):
    flask_client = app.test_client()
    assert flask_client.get(f"/f/{row['code']}/{secret}").status_code == 302
    auth = {"role": "facilitator", "code": row["code"]}
    return socketio.test_client(app, flask_test_client=flask_client, auth=auth)


@pytest.fixture
def fac(app, console):
    sio = connect_facilitator(app, *console)
    assert sio.is_connected()
    return sio


@pytest.fixture
def projector(app, client, console):
    sio = socketio.test_client(
        app, flask_test_client=client, auth={"role": "projector", "code": console[0]["code"]}
    )
    assert sio.is_connected()
    return sio


@pytest.fixture
def phones(app, client, console):
    """Two participants who skipped onboarding."""
    out = []
    for n in range(2):
        sio = participant_client(app, client, console[0]["code"], pid=f"{n}" * 20)
        out.append(sio)
    return out


_counter = iter(range(10**6))


def cid() -> str:
    return f"cid-{next(_counter):08d}"


def answer(phone, text, step="tilat"):
    ack = phone.emit("answer", {"cid": cid(), "step": step, "text": text}, callback=True)
    assert ack["ok"], ack
    return ack["answer"]


def events(sio, name):
    return [e["args"][0] for e in sio.get_received() if e["name"] == name]


def rows(store, sql, params=()):
    with store.read() as tx:
        return tx.db.execute(sql, params).fetchall()


def cast(store, workshop_id, step_id, payloads):
    """Ballots straight into the `ballots` table (the participant `ballot` event is built apart)."""

    def write(tx):
        for n, payload in enumerate(payloads):
            pid = tx.create_participant(workshop_id, f"voter{n:012d}{step_id}", "x" * 64, "fi")
            tx.db.execute(
                "INSERT INTO ballots (workshop_id, step_id, participant_id, payload, updated_at)"
                " VALUES (?, ?, ?, ?, ?)",
                (workshop_id, step_id, pid, json.dumps(payload), "2026-01-01T00:00:00Z"),
            )

    store.write(write)


# -- security -------------------------------------------------------------------


def facilitator_events():
    register_handlers()
    return sorted(name for name, (roles, _) in EVENTS.items() if roles == ("facilitator",))


VALID = {
    "f:goto": {"step": "tilat"},
    "f:next": {},
    "f:prev": {},
    "f:state": {"state": "closed"},
    "f:step": {"cid": "c" * 10, "step": "tilat", "open": False},
    "f:timer": {"cid": "c" * 10, "action": "start"},
    "f:results": {"cid": "c" * 10, "step": "tarpeet", "hidden": True},
    "f:screen": {"cid": "c" * 10, "view": "join"},
    "f:hide": {"cid": "c" * 10, "answer": 1, "hidden": True},
    "f:edit": {"cid": "c" * 10, "answer": 1, "text": "kaapattu"},
    "f:add": {"cid": "c" * 10, "step": "tilat", "text": "kaapattu"},
    "f:calendar": {"cid": "c" * 10, "step": "tapahtumat", "month": 2, "what": "Avustushaku"},
    "f:group": {"cid": "c" * 10, "step": "tilat", "title": "x", "answers": [1]},
    "f:move": {"cid": "c" * 10, "answers": [1], "group": None},
    "f:rename": {"cid": "c" * 10, "group": 1, "title": "x"},
    "f:merge": {"cid": "c" * 10, "group": 1, "into": 2},
    "f:ungroup": {"cid": "c" * 10, "group": 1},
    "f:suggest": {"step": "tilat"},
    "f:koonti": {},
    "f:adopt": {"cid": "c" * 10, "step": "tilat", "groups": [{"title": "x", "answers": [1]}]},
    "f:review": {"cid": "c" * 10, "step": "tilat", "reviewed": True},
    "f:summary": {"cid": "c" * 10, "step": "tilat", "text": "kaapattu"},
    "f:placement": {"cid": "c" * 10, "step": "tilat", "on": True},
}


def test_every_facilitator_event_has_a_valid_example_here():
    assert set(facilitator_events()) == set(VALID)


@pytest.mark.parametrize("event", facilitator_events())
def test_participants_and_projectors_can_never_run_a_facilitator_event(
    event, phones, projector, store, console
):
    answer(phones[0], "Iso sali")
    before = rows(store, "SELECT * FROM answers") + rows(store, "SELECT * FROM workshops")
    for sio in (phones[1], projector):
        ack = sio.emit(event, VALID[event], callback=True)
        assert ack["ok"] is False and ack["error"] == "not_allowed", ack
    after = rows(store, "SELECT * FROM answers") + rows(store, "SELECT * FROM workshops")
    assert after == before
    assert rows(store, "SELECT count(*) FROM receipts WHERE actor = 'f'") == [(0,)]


def test_a_rotated_secret_cuts_off_a_connected_console_at_the_next_event(fac, store, console):
    assert fac.emit("f:screen", {"cid": cid(), "view": "join"}, callback=True)["ok"]
    store.write(actions.rotate_secret, console[0]["code"])
    ack = fac.emit("f:screen", {"cid": cid(), "view": "wall"}, callback=True)
    assert ack["error"] == "not_allowed"


# -- running the steps ------------------------------------------------------------


def test_a_closed_step_refuses_answers_until_it_is_opened_again(fac, phones):
    assert fac.emit("f:step", {"cid": cid(), "step": "tilat", "open": False}, callback=True)["ok"]
    ack = phones[0].emit("answer", {"cid": cid(), "step": "tilat", "text": "Sali"}, callback=True)
    assert ack["error"] == "step_closed"
    assert fac.emit("f:step", {"cid": cid(), "step": "tilat", "open": True}, callback=True)["ok"]
    assert answer(phones[0], "Sali")


def test_the_timer_starts_from_the_time_box_and_survives_a_reload(fac, projector):
    projector.get_received()
    before = int(time.time() * 1000)
    ack = fac.emit("f:timer", {"cid": cid(), "action": "start"}, callback=True)
    timer = ack["timer"]
    assert timer["running"] and timer["duration"] == 300
    assert before + 300_000 <= timer["ends_at"] <= int(time.time() * 1000) + 300_000
    assert events(projector, "control")[-1]["timer"]["ends_at"] == timer["ends_at"]
    again = projector.emit("sync", {}, callback=True)["control"]["timer"]
    assert again["ends_at"] == timer["ends_at"] and again["running"]


def test_pause_add_a_minute_and_set_the_timer(fac):
    fac.emit("f:timer", {"cid": cid(), "action": "start"}, callback=True)
    paused = fac.emit("f:timer", {"cid": cid(), "action": "pause"}, callback=True)["timer"]
    assert not paused["running"] and 298 <= paused["left"] <= 300
    more = fac.emit("f:timer", {"cid": cid(), "action": "add", "seconds": 60}, callback=True)
    assert more["timer"]["left"] == paused["left"] + 60
    fixed = fac.emit("f:timer", {"cid": cid(), "action": "set", "seconds": 120}, callback=True)
    assert fixed["timer"]["duration"] == 120 and fixed["timer"]["left"] == 120


def test_a_replayed_add_a_minute_adds_only_once(fac):
    write = {"cid": cid(), "action": "add", "seconds": 60}
    first = fac.emit("f:timer", write, callback=True)
    again = fac.emit("f:timer", write, callback=True)
    assert again["replay"] and again["timer"]["left"] == first["timer"]["left"] == 360


def test_a_timer_out_of_range_is_refused_in_finnish(fac):
    ack = fac.emit("f:timer", {"cid": cid(), "action": "set", "seconds": 21_600 + 1}, callback=True)
    assert ack["error"] == "bad_request"
    ack = fac.emit("f:timer", {"cid": cid(), "action": "add", "seconds": -21_600}, callback=True)
    assert ack["ok"] and ack["timer"]["left"] == 0


def test_the_next_step_starts_with_its_own_timer(fac):
    fac.emit("f:timer", {"cid": cid(), "action": "start"}, callback=True)
    fac.emit("f:next", {}, callback=True)
    timer = fac.emit("sync", {}, callback=True)["control"]["timer"]
    assert timer["step"] == "tarpeet" and not timer["running"] and timer["duration"] == 0


def test_the_projector_view_holds_for_the_current_step_only(fac, projector):
    fac.emit("f:screen", {"cid": cid(), "view": "join"}, callback=True)
    assert projector.emit("sync", {}, callback=True)["control"]["screen"] == "join"
    fac.emit("f:next", {}, callback=True)
    assert projector.emit("sync", {}, callback=True)["control"]["screen"] == "auto"


# -- moderation -----------------------------------------------------------------------


def test_a_hidden_answer_leaves_the_projector_and_comes_back(fac, projector, phones):
    kept, bad = answer(phones[0], "Iso sali"), answer(phones[1], "Asiaton kommentti")
    projector.get_received()
    assert fac.emit("f:hide", {"cid": cid(), "answer": bad, "hidden": True}, callback=True)["ok"]
    assert events(projector, "answers")[-1]["removed"] == [bad]
    shown = [a["id"] for a in projector.emit("sync", {}, callback=True)["answers"]]
    assert shown == [kept]
    mine = fac.emit("sync", {}, callback=True)["answers"]
    assert [a["hidden"] for a in mine] == [False, True]
    fac.emit("f:hide", {"cid": cid(), "answer": bad, "hidden": False}, callback=True)
    assert [a["id"] for a in events(projector, "answers")[-1]["answers"]] == [bad]


def test_fixing_a_typo_keeps_the_original(fac, phones, store):
    answer_id = answer(phones[0], "Isi sali")
    fac.emit("f:edit", {"cid": cid(), "answer": answer_id, "text": "Iso sali"}, callback=True)
    fac.emit("f:edit", {"cid": cid(), "answer": answer_id, "text": "Iso sali!"}, callback=True)
    assert rows(store, "SELECT text, original_text FROM answers") == [("Iso sali!", "Isi sali")]
    ack = fac.emit("f:edit", {"cid": cid(), "answer": answer_id, "text": "  "}, callback=True)
    assert ack["error"] == "empty" and ack["message"] == "Kirjoita ensin jotain."


def test_answers_added_for_people_without_a_phone_are_marked(fac, projector, store):
    ack = fac.emit(
        "f:add",
        {"cid": cid(), "step": "tilat", "text": "Kokoustila", "source": "paper"},
        callback=True,
    )
    assert ack["ok"]
    assert rows(store, "SELECT participant_id, source FROM answers") == [(None, "paper")]
    seen = fac.emit("sync", {}, callback=True)["answers"][0]
    assert seen["source"] == "paper" and seen["text"] == "Kokoustila"
    assert projector.emit("sync", {}, callback=True)["answers"][0]["text"] == "Kokoustila"


def test_a_replayed_add_stores_one_answer(fac, store):
    write = {"cid": cid(), "step": "tilat", "text": "Kokoustila", "source": "facilitator"}
    first, again = (fac.emit("f:add", write, callback=True) for _ in range(2))
    assert again["replay"] and again["answer"] == first["answer"]
    assert rows(store, "SELECT count(*) FROM answers") == [(1,)]


def test_the_facilitator_adds_the_municipalitys_dates_to_the_vuosikello(fac, projector, store):
    # Any step may be current: the municipality's dates come before the participants' own.
    ack = fac.emit(
        "f:calendar",
        {"cid": cid(), "step": "tapahtumat", "month": 2, "day": 28, "what": "Avustushaku päättyy"},
        callback=True,
    )
    assert ack["ok"]
    again = fac.emit(
        "f:calendar",
        {
            "cid": cid(),
            "step": "tapahtumat",
            "month": 5,
            "what": "Kevään yhdistysilta",
            "organiser": "Vapaa-aikatoimi",
        },
        callback=True,
    )
    assert again["ok"]
    assert rows(
        store, "SELECT participant_id, month, day, what, organiser, source FROM events ORDER BY id"
    ) == [
        (None, 2, "28", "Avustushaku päättyy", "", "municipality"),
        (None, 5, "", "Kevään yhdistysilta", "Vapaa-aikatoimi", "municipality"),
    ]
    shown = projector.emit("sync", {}, callback=True)["calendar"]
    assert [e["what"] for e in shown] == ["Avustushaku päättyy", "Kevään yhdistysilta"]


@pytest.mark.parametrize(
    ("payload", "error"),
    [
        ({"step": "tilat", "month": 2, "what": "x"}, "wrong_kind"),
        ({"step": "tapahtumat", "month": 13, "what": "x"}, "bad_date"),
        ({"step": "tapahtumat", "month": 2, "day": 30, "what": "x"}, "bad_date"),
        ({"step": "tapahtumat", "month": 2, "what": " "}, "empty"),
        ({"step": "olematon", "month": 2, "what": "x"}, "no_such_step"),
    ],
)
def test_a_bad_municipal_date_is_refused_and_stores_nothing(fac, store, payload, error):
    ack = fac.emit("f:calendar", dict(payload, cid=cid()), callback=True)
    assert ack["ok"] is False and ack["error"] == error and ack["message"]
    assert rows(store, "SELECT count(*) FROM events") == [(0,)]


@pytest.mark.parametrize(
    ("event", "payload", "error"),
    [
        ("f:hide", {"answer": 999, "hidden": True}, "no_such_answer"),
        ("f:add", {"step": "tarpeet", "text": "x"}, "wrong_kind"),
        ("f:add", {"step": "olematon", "text": "x"}, "no_such_step"),
        ("f:add", {"step": "tilat", "text": "x" * 2001}, "too_long"),
        ("f:rename", {"group": 999, "title": "x"}, "no_such_group"),
        ("f:results", {"step": "tilat", "hidden": True}, "wrong_kind"),
        ("f:hide", {"answer": "1", "hidden": True}, "bad_request"),
        ("f:move", {"answers": [], "group": None}, "bad_request"),
        ("f:screen", {"view": "kaikki"}, "bad_request"),
    ],
)
def test_bad_facilitator_input_is_refused_and_changes_nothing(fac, store, event, payload, error):
    ack = fac.emit(event, dict(payload, cid=cid()), callback=True)
    assert ack["ok"] is False and ack["error"] == error and ack["message"]
    assert rows(store, "SELECT count(*) FROM answers") == [(0,)]
    assert rows(store, "SELECT count(*) FROM receipts") == [(0,)]


# -- grouping -------------------------------------------------------------------------


def test_group_move_rename_merge_and_split(fac, phones, projector, store):
    a, b, c = (answer(phones[0], t) for t in ("Iso sali", "Pieni kokoushuone", "Avustus"))
    first = fac.emit(
        "f:group",
        {"cid": cid(), "step": "tilat", "title": "Tilat", "answers": [a, b]},
        callback=True,
    )["group"]
    second = fac.emit(
        "f:group", {"cid": cid(), "step": "tilat", "title": "Raha", "answers": [c]}, callback=True
    )["group"]
    projector.get_received()
    fac.emit("f:move", {"cid": cid(), "answers": [b], "group": second}, callback=True)
    got = projector.get_received()
    groups_msg = [e["args"][0] for e in got if e["name"] == "groups"][-1]
    assert [g["title"] for g in groups_msg["groups"]] == ["Tilat", "Raha"]
    moved = [e["args"][0] for e in got if e["name"] == "answers"][-1]["answers"]
    assert moved == [
        {
            "id": b,
            "step": "tilat",
            "text": "Pieni kokoushuone",
            "followup": "",
            "group": second,
            "table": "",
        }
    ]
    fac.emit("f:rename", {"cid": cid(), "group": second, "title": "Rahat"}, callback=True)
    fac.emit("f:merge", {"cid": cid(), "group": first, "into": second}, callback=True)
    assert rows(store, "SELECT id, title FROM groups") == [(second, "Rahat")]
    assert rows(store, "SELECT DISTINCT group_id FROM answers") == [(second,)]
    fac.emit("f:ungroup", {"cid": cid(), "group": second}, callback=True)
    assert rows(store, "SELECT count(*) FROM groups") == [(0,)]
    assert rows(store, "SELECT DISTINCT group_id FROM answers") == [(None,)]


def test_answers_of_another_step_cannot_join_a_group(fac, phones, store):
    a = answer(phones[0], "Iso sali")
    fac.emit("f:next", {}, callback=True)
    fac.emit("f:next", {}, callback=True)
    group = fac.emit("f:group", {"cid": cid(), "step": "tilat", "answers": [a]}, callback=True)[
        "group"
    ]
    ack = fac.emit("f:group", {"cid": cid(), "step": "milloin", "answers": [a]}, callback=True)
    assert ack["error"] == "wrong_kind"
    other = fac.emit("f:add", {"cid": cid(), "step": "tilat", "text": "Sauna"}, callback=True)
    ack = fac.emit("f:merge", {"cid": cid(), "group": group, "into": group}, callback=True)
    assert ack["error"] == "other_step"
    assert other["ok"] and rows(store, "SELECT count(*) FROM groups") == [(1,)]


def test_suggestions_group_inflected_forms_and_say_why(fac, phones, store):
    texts = [
        "Tarvitsemme edullisia tiloja harjoituksiin",
        "Tilojen vuokra on liian kallis",
        "Kunnan tilat pitäisi saada ilmaiseksi",
        "Avustusten haku on vaikeaa",
        "Avustushakemus on liian monimutkainen",
    ]
    ids = [answer(phones[n % 2], t) for n, t in enumerate(texts)]
    ack = fac.emit("f:suggest", {"step": "tilat"}, callback=True)
    assert ack["ok"]
    groups = {frozenset(s["answers"]): s for s in ack["suggestions"]}
    rooms = groups[frozenset(ids[:3])]
    assert "tila" in rooms["words"]
    # accepting one stores it as a suggested group with its words
    made = fac.emit(
        "f:group",
        {
            "cid": cid(),
            "step": "tilat",
            "title": rooms["title"],
            "answers": rooms["answers"],
            "words": rooms["words"],
            "suggested": True,
        },
        callback=True,
    )
    assert made["ok"]
    stored = rows(store, "SELECT suggested, shared_words FROM groups")
    assert stored[0][0] == 1 and "tila" in json.loads(stored[0][1])
    # grouped answers are not suggested again
    again = fac.emit("f:suggest", {"step": "tilat"}, callback=True)["suggestions"]
    assert all(not set(s["answers"]) & set(ids[:3]) for s in again)


# -- votes ------------------------------------------------------------------------------


def test_dot_results_count_the_dots_with_answer_labels(fac, phones, store, console):
    a, b = answer(phones[0], "Iso sali"), answer(phones[1], "Sauna")
    cast(
        store,
        console[0]["id"],
        "tarpeet",
        [{"dots": {f"a:{a}": 2, f"a:{b}": 1}}, {"dots": {f"a:{b}": 2}}, {"dots": {f"a:{a}": 1}}],
    )
    results = fac.emit("sync", {}, callback=True)["results"]["tarpeet"]
    assert results["voters"] == 3
    assert [(i["label"], i["points"]) for i in results["items"]] == [("Iso sali", 3), ("Sauna", 3)]


def test_hidden_results_reach_the_projector_when_the_vote_closes(fac, projector, store, console):
    cast(store, console[0]["id"], "milloin", [{"options": [0]}, {"options": [1]}, {"options": [1]}])
    fac.emit("f:results", {"cid": cid(), "step": "milloin", "hidden": True}, callback=True)
    shown = projector.emit("sync", {}, callback=True)["results"]["milloin"]
    assert shown["hidden"] and shown["items"] == [] and shown["voters"] == 3
    assert fac.emit("sync", {}, callback=True)["results"]["milloin"]["items"][1]["points"] == 2
    projector.get_received()
    fac.emit("f:step", {"cid": cid(), "step": "milloin", "open": False}, callback=True)
    revealed = events(projector, "results")[-1]
    assert not revealed["hidden"]
    assert [(i["label"], i["points"]) for i in revealed["items"]] == [
        ("Keväällä", 1),
        ("Syksyllä", 2),
    ]


def test_scale_results_have_a_distribution_mean_and_median(fac, store, console):
    cast(store, console[0]["id"], "helppous", [{"value": v} for v in (1, 4, 4, 5)])
    results = fac.emit("sync", {}, callback=True)["results"]["helppous"]
    assert results["distribution"] == [[1, 1], [2, 0], [3, 0], [4, 2], [5, 1]]
    assert results["mean"] == 3.5 and results["median"] == 4


def test_people_are_summarised_by_sector_and_table(fac, phones):
    phones[0].emit("profile", {"cid": cid(), "field": "sector", "value": "liikunta"}, callback=True)
    phones[1].emit(
        "profile",
        {"cid": cid(), "field": "table", "value": {"label": "Pöytä 3", "headcount": 4}},
        callback=True,
    )
    people = events(fac, "people")[-1]
    assert people["count"] == 2 and people["headcount"] == 5
    assert people["sectors"] == [["liikunta", 1]]
    assert people["tables"] == [{"label": "Pöytä 3", "headcount": 4}]


def test_phones_on_an_open_dots_vote_hear_when_its_items_change(fac, phones, monkeypatch):
    monkeypatch.setattr(fanout, "ITEMS_SYNCS_PER_SECOND", 0.5)  # two phones: spread over 4 s
    kept, gone = answer(phones[0], "Iso sali"), answer(phones[1], "Sauna")
    fac.emit("f:hide", {"cid": cid(), "answer": gone, "hidden": True}, callback=True)
    assert events(phones[0], "items") == []  # no vote over these answers is open yet
    fac.emit("f:hide", {"cid": cid(), "answer": gone, "hidden": False}, callback=True)
    assert fac.emit("f:next", {}, callback=True)["ok"]  # to the dots vote over them
    phones[0].get_received()
    fac.emit("f:hide", {"cid": cid(), "answer": gone, "hidden": True}, callback=True)
    assert events(phones[0], "items") == [{"steps": ["tarpeet"], "spread": 4.0}]
    prompt = phones[0].emit("sync", {}, callback=True)["conversation"]["prompt"]
    assert prompt["step"] == "tarpeet"
    assert [i["label"] for i in prompt["extra"]["items"]] == ["Iso sali"]
    assert [i["key"] for i in prompt["extra"]["items"]] == [f"a:{kept}"]
