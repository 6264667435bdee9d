"""Participant socket events (ballot, event_entry, edit, withdraw, advance) on real SQLite."""

import pytest

from tests.chat_script import ALL_KINDS, SELF_PACED
from tests.helpers import participant_client
from tyopaja.reads import chat as chatreads
from tyopaja.reads import console as consolereads
from tyopaja.reads.rows import script_of
from tyopaja.realtime import socketio
from tyopaja.usecases import actions
from tyopaja.usecases.base import Actor

CID = "cid-0000001"


class Phone:
    """A participant's test socket with a counter for fresh client ids."""

    def __init__(self, sio):
        self.sio = sio
        self.n = 0

    def send(self, name, **payload):
        self.n += 1
        payload.setdefault("cid", f"{CID}-{self.n}")
        return self.sio.emit(name, payload, callback=True)

    def prompt(self):
        return self.sio.emit("sync", {}, callback=True)["conversation"]["prompt"]

    def onboard(self):
        """Skip the introductions as one person."""
        for field in ("nickname", "association", "sector"):
            self.send("profile", field=field, value="")
        return self.send("profile", field="mode", value="one")


@pytest.fixture
def kinds_and_secret(store):
    """A running facilitator-paced workshop with every step kind, and its facilitator secret."""
    return store.write(actions.create_workshop, ALL_KINDS, script_name="kaikki.md")


@pytest.fixture
def kinds(kinds_and_secret):
    """The workshop with every step kind."""
    return kinds_and_secret[0]


@pytest.fixture
def watcher(app, kinds_and_secret):
    """A facilitator console socket of that workshop."""
    row, secret = kinds_and_secret
    flask_client = app.test_client()
    assert flask_client.get(f"/f/{row['code']}/{secret}").status_code == 302
    sio = socketio.test_client(
        app, flask_test_client=flask_client, auth={"role": "facilitator", "code": row["code"]}
    )
    assert sio.is_connected()
    return sio


def goto(store, workshop, step):
    store.write(actions.goto_step, Actor(workshop["id"]), step)


def rows(store, sql):
    with store.read() as tx:
        return tx.db.execute(sql).fetchall()


def connect(app, client, workshop, pid="p" * 20, secret="s" * 32, lang="fi"):
    sio = participant_client(app, client, workshop["code"], pid=pid, secret=secret, lang=lang)
    assert sio.is_connected()
    return Phone(sio)


@pytest.fixture
def me(app, client, kinds):
    return connect(app, client, kinds)


@pytest.fixture
def other(app, client, kinds):
    return connect(app, client, kinds, pid="o" * 20, secret="t" * 32)


# -- ballots ---------------------------------------------------------------------


def test_a_choice_ballot_is_stored_replaced_and_withdrawn(store, kinds, me):
    goto(store, kinds, "milloin")
    ack = me.send("ballot", step="milloin", ballot={"options": [2, 0]})
    assert ack["ok"] and ack["step"] == "milloin" and not ack["replay"]
    texts = {m["id"]: m["text"] for m in ack["conversation"]["messages"]}
    assert texts["v:milloin"] == "Keväällä, Talvella"
    assert rows(store, "SELECT payload FROM ballots") == [('{"options":[0,2]}',)]
    me.send("ballot", step="milloin", ballot={"options": [1]})
    assert rows(store, "SELECT payload FROM ballots") == [('{"options":[1]}',)]
    ack = me.send("ballot", step="milloin", ballot={"options": []})
    assert ack["ok"] and rows(store, "SELECT count(*) FROM ballots") == [(0,)]
    assert "v:milloin" not in {m["id"] for m in ack["conversation"]["messages"]}


def test_a_replayed_ballot_is_a_no_op(store, kinds, me):
    goto(store, kinds, "helppous")
    first = me.send("ballot", cid=CID, step="helppous", ballot={"value": 4})
    me.send("ballot", step="helppous", ballot={"value": 2})
    again = me.send("ballot", cid=CID, step="helppous", ballot={"value": 4})
    assert again["replay"] and again["step"] == first["step"]
    assert rows(store, "SELECT payload FROM ballots") == [('{"value":2}',)]


@pytest.mark.parametrize(
    ("step", "ballot", "error"),
    [
        ("tuletteko", {"options": [0, 1]}, "one_choice"),
        ("tuletteko", {"options": [7]}, "bad_request"),
        ("tuletteko", {"options": "0"}, "bad_request"),
        ("helppous", {"value": 6}, "out_of_range"),
        ("helppous", {"value": True}, "bad_request"),
        ("ensin", {"order": [0, 0, 1]}, "bad_request"),
        ("ensin", {"order": [0, 1]}, "bad_request"),
        ("ideat", {"options": [0]}, "wrong_kind"),
        ("tapahtumat", {"options": [0]}, "wrong_kind"),
    ],
)
def test_bad_ballots_are_refused_and_nothing_is_stored(store, kinds, me, step, ballot, error):
    goto(store, kinds, step)
    ack = me.send("ballot", step=step, ballot=ballot)
    assert ack["ok"] is False and ack["error"] == error and ack["message"]
    assert rows(store, "SELECT count(*) FROM ballots") == [(0,)]


def test_a_ballot_for_a_step_that_is_not_current_is_refused_politely(store, kinds, me):
    goto(store, kinds, "helppous")
    ack = me.send("ballot", step="milloin", ballot={"options": [0]})
    assert (
        ack["error"] == "step_not_current" and ack["message"] == "Tämä kysymys ei ole nyt vuorossa."
    )


def test_a_rank_ballot_keeps_the_order(store, kinds, me):
    goto(store, kinds, "ensin")
    ack = me.send("ballot", step="ensin", ballot={"order": [2, 0, 1]})
    texts = {m["id"]: m["text"] for m in ack["conversation"]["messages"]}
    assert texts["v:ensin"] == "1. Tiedotus\n2. Tilat\n3. Avustukset"


# -- dots ------------------------------------------------------------------------


@pytest.fixture
def ideas(store, kinds, me, other):
    """Three answers to the dots vote's source step (one of them hidden); then the vote."""
    goto(store, kinds, "ideat")
    ids = [
        me.send("answer", step="ideat", text="Enemmän iltavuoroja saleihin")["answer"],
        other.send("answer", step="ideat", text="Avustushaku selkeämmäksi")["answer"],
        other.send("answer", step="ideat", text="Piilotettava vastaus tähän")["answer"],
    ]
    store.write(lambda tx: tx.update_answer(ids[2], hidden=1))
    goto(store, kinds, "pisteet")
    return ids


def test_dots_offer_the_visible_answers_and_respect_the_limits(store, me, ideas):
    prompt = me.prompt()
    assert prompt["kind"] == "dots" and (prompt["extra"]["dots"], prompt["extra"]["per_item"]) == (
        3,
        2,
    )
    assert [i["key"] for i in prompt["extra"]["items"]] == [f"a:{ideas[0]}", f"a:{ideas[1]}"]
    a, b, hidden = (f"a:{i}" for i in ideas)
    assert (
        me.send("ballot", step="pisteet", ballot={"dots": {a: 3}})["error"] == "too_many_per_item"
    )
    assert (
        me.send("ballot", step="pisteet", ballot={"dots": {a: 2, b: 2}})["error"] == "too_many_dots"
    )
    assert me.send("ballot", step="pisteet", ballot={"dots": {hidden: 1}})["error"] == "bad_request"
    assert (
        me.send("ballot", step="pisteet", ballot={"dots": {"a:99999": 1}})["error"] == "bad_request"
    )
    assert me.send("ballot", step="pisteet", ballot={"dots": {a: -1}})["error"] == "bad_request"
    assert rows(store, "SELECT count(*) FROM ballots") == [(0,)]
    ack = me.send("ballot", step="pisteet", ballot={"dots": {a: 2, b: 1}})
    assert ack["ok"] and ack["conversation"]["prompt"]["extra"]["ballot"] == {"dots": {a: 2, b: 1}}


def test_dots_can_be_changed_while_the_vote_is_open(store, me, ideas):
    a, b = f"a:{ideas[0]}", f"a:{ideas[1]}"
    me.send("ballot", step="pisteet", ballot={"dots": {a: 2, b: 1}})
    me.send("ballot", step="pisteet", ballot={"dots": {b: 2}})
    assert rows(store, "SELECT payload FROM ballots") == [(f'{{"dots":{{"{b}":2}}}}',)]


def test_dots_over_groups_offer_the_groups_with_some_of_their_answers(store, kinds, me, other):
    source = ALL_KINDS.replace("- pisteitä: 3", "- äänestettävät: ryhmät\n- pisteitä: 3")
    workshop = store.write(actions.create_workshop, source)[0]
    goto(store, workshop, "ideat")
    pid = store.write(actions.join, workshop["id"], "g" * 20, "s" * 32, "fi")[0]["id"]
    ids = [
        store.write(
            actions.submit_answer, Actor(workshop["id"], pid), f"c{n}-xxxxxx", "ideat", text
        ).ack["answer"]
        for n, text in enumerate(["Salit iltaisin auki", "Halvempi salivuokra"])
    ]

    def group(tx):
        insert = "INSERT INTO groups (workshop_id, step_id, title, created_at) VALUES (?, ?, ?, ?)"
        gid = tx.db.execute(insert, (workshop["id"], "ideat", "", "x")).lastrowid
        tx.db.execute(insert, (workshop["id"], "ideat", "Tyhjä", "x"))  # no answers: not offered
        for answer_id in ids:
            tx.update_answer(answer_id, group_id=gid)
        return gid

    gid = store.write(group)
    with store.read() as tx:
        items = chatreads.dot_items(tx, workshop["id"], script_of(workshop).step("pisteet"))
    assert [(i.key, i.label) for i in items] == [
        (f"g:{gid}", "Salit iltaisin auki · Halvempi salivuokra")
    ]


# -- calendar entries ------------------------------------------------------------


def test_a_calendar_entry_is_stored_and_shown_with_its_date(store, kinds, me):
    goto(store, kinds, "tapahtumat")
    ack = me.send(
        "event_entry",
        step="tapahtumat",
        month=5,
        day=12,
        what=" Kevätkonsertti ",
        organiser="Kuoro ry",
    )
    assert ack["ok"] and ack["event"] > 0
    texts = {m["id"]: m["text"] for m in ack["conversation"]["messages"]}
    assert texts[f"e:{ack['event']}"] == "12.5.2027: Kevätkonsertti (Kuoro ry)"
    assert rows(store, "SELECT month, day, what, organiser FROM events") == [
        (5, "12", "Kevätkonsertti", "Kuoro ry")
    ]


@pytest.mark.parametrize(
    ("payload", "error"),
    [
        ({"month": 13, "what": "x"}, "bad_date"),
        ({"month": 2, "day": 30, "what": "x"}, "bad_date"),
        ({"month": 2, "what": "  "}, "empty"),
        ({"month": 2, "what": "x" * 201}, "too_long"),
        ({"month": 2, "what": "x", "organiser": "y" * 121}, "too_long"),
        ({"month": "5", "what": "x"}, "bad_request"),
        ({"what": "x"}, "bad_request"),
    ],
)
def test_bad_calendar_entries_are_refused(store, kinds, me, payload, error):
    goto(store, kinds, "tapahtumat")
    ack = me.send("event_entry", step="tapahtumat", **payload)
    assert ack["error"] == error and ack["message"]
    assert rows(store, "SELECT count(*) FROM events") == [(0,)]


def test_a_calendar_entry_can_be_withdrawn_only_by_its_author(store, kinds, me, other):
    goto(store, kinds, "tapahtumat")
    event = me.send("event_entry", step="tapahtumat", month=6, what="Juhannustanssit")["event"]
    assert other.send("withdraw", event=event)["error"] == "not_yours"
    ack = me.send("withdraw", event=event)
    assert ack["ok"] and f"e:{event}" not in {m["id"] for m in ack["conversation"]["messages"]}
    assert rows(store, "SELECT withdrawn FROM events") == [(1,)]
    assert me.send("withdraw", event=event)["error"] == "no_such_answer"


# -- editing and withdrawing answers -----------------------------------------------


def test_an_answer_can_be_edited_and_the_facilitator_sees_the_new_text(store, kinds, me, app):
    goto(store, kinds, "ideat")
    answer = me.send("answer", step="ideat", text="Salit auki iltaisin")["answer"]
    ack = me.send("edit", answer=answer, text=" Salit auki myös viikonloppuisin ")
    assert ack["ok"] and ack["answer"] == answer
    bubble = next(m for m in ack["conversation"]["messages"] if m["id"] == f"a:{answer}")
    assert bubble["text"] == "Salit auki myös viikonloppuisin" and bubble["actions"] == [
        "edit",
        "withdraw",
    ]
    assert rows(store, "SELECT text FROM answers") == [("Salit auki myös viikonloppuisin",)]


def test_the_facilitator_hears_of_edits_and_withdrawals(store, kinds, me, watcher):
    goto(store, kinds, "ideat")
    answer = me.send("answer", step="ideat", text="Salit auki iltaisin")["answer"]
    watcher.get_received()
    me.send("edit", answer=answer, text="Salit auki aamuisin")
    updates = [e["args"][0] for e in watcher.get_received() if e["name"] == "answers"]
    assert updates[-1]["answers"][0]["text"] == "Salit auki aamuisin"
    me.send("withdraw", answer=answer)
    updates = [e["args"][0] for e in watcher.get_received() if e["name"] == "answers"]
    assert updates[-1]["removed"] == [answer]


def test_a_withdrawn_answer_frees_its_place(store, kinds, me):
    goto(store, kinds, "ideat")
    first = me.send("answer", step="ideat", text="Ensimmäinen pitkä vastaus tähän")["answer"]
    me.send("answer", step="ideat", text="Toinen pitkä vastaus tähän kohtaan")
    assert me.send("answer", step="ideat", text="kolmas")["error"] == "max_answers"
    ack = me.send("withdraw", answer=first)
    assert ack["ok"] and f"a:{first}" not in {m["id"] for m in ack["conversation"]["messages"]}
    assert me.send("answer", step="ideat", text="Kolmas pitkä vastaus tähän kohtaan")["ok"]
    assert rows(store, "SELECT count(*) FROM answers WHERE withdrawn = 0") == [(2,)]


def test_edits_are_refused_for_others_answers_bad_text_and_moved_on_steps(store, kinds, me, other):
    goto(store, kinds, "ideat")
    answer = me.send("answer", step="ideat", text="Salit auki iltaisin")["answer"]
    assert other.send("edit", answer=answer, text="kaapattu")["error"] == "not_yours"
    assert other.send("withdraw", answer=answer)["error"] == "not_yours"
    assert me.send("edit", answer=answer, text="   ")["error"] == "empty"
    assert me.send("edit", answer=answer, text="x" * 2001)["error"] == "too_long"
    assert me.send("edit", answer=answer + 100, text="uusi")["error"] == "no_such_answer"
    goto(store, kinds, "milloin")
    assert me.send("edit", answer=answer, text="myöhässä")["error"] == "step_not_current"
    assert me.send("withdraw", answer=answer)["error"] == "step_not_current"
    assert rows(store, "SELECT text, withdrawn FROM answers") == [("Salit auki iltaisin", 0)]


# -- pacing ----------------------------------------------------------------------


def test_the_bot_tells_when_the_facilitator_moves_on(store, kinds, me):
    goto(store, kinds, "ideat")
    me.send("answer", step="ideat", text="Salit auki iltaisin ja viikonloppuisin")
    me.sio.get_received()
    goto(store, kinds, "milloin")
    app_fanout_position = [e for e in me.sio.get_received() if e["name"] == "position"]
    assert app_fanout_position == [] or app_fanout_position[-1]["args"][0]["current"] == "milloin"
    talk = me.sio.emit("sync", {}, callback=True)["conversation"]
    texts = {m["id"]: m["text"] for m in talk["messages"]}
    assert texts["move:milloin"] == "Ohjaaja siirtyi eteenpäin."
    assert me.send("answer", step="ideat", text="Myöhässä tuleva")["error"] == "step_not_current"


def test_self_paced_participants_walk_the_steps_and_the_console_counts_them(store, app, client):
    workshop = store.write(actions.create_workshop, SELF_PACED)[0]
    me = connect(app, client, workshop)
    me.onboard()
    assert (me.prompt()["kind"], me.prompt()["step"]) == ("next", "kulku")
    ack = me.send("advance", step="kulku")
    assert ack["ok"] and ack["step"] == "ideat"
    assert me.send("advance", step="kulku")["step"] == "ideat"  # a double tap does not skip
    assert me.send("answer", step="milloin", text="ei vielä")["error"] == "step_not_current"
    assert me.send("answer", step="ideat", text="Salit auki iltaisin ja viikonloppuisin")["ok"]
    assert me.send("advance", step="ideat")["step"] == "milloin"
    with store.read() as tx:
        assert consolereads.progress_of(tx, tx.workshop(workshop["id"]))["milloin"] == 1
        assert tx.progress_counts(workshop["id"]) == {"milloin": 1}


def test_a_new_self_paced_participant_starts_on_the_first_step(store, app, client):
    workshop = store.write(actions.create_workshop, SELF_PACED)[0]
    connect(app, client, workshop)
    assert rows(store, "SELECT progress_step FROM participants") == [("kulku",)]
    with store.read() as tx:
        assert list(consolereads.progress_of(tx, workshop).items())[:2] == [
            ("kulku", 1),
            ("ideat", 0),
        ]


def test_advance_is_refused_when_the_facilitator_leads(store, kinds, me):
    ack = me.send("advance", step="kulku")
    assert ack["error"] == "not_self_paced" and "Ohjaaja" in ack["message"]


def test_the_last_step_has_no_next(store, app, client):
    workshop = store.write(actions.create_workshop, SELF_PACED)[0]
    me = connect(app, client, workshop)
    for step in ["kulku", "ideat", "milloin", "tuletteko", "helppous", "ensin", "pisteet"]:
        assert me.send("advance", step=step)["ok"]
    assert me.send("advance", step="tapahtumat")["error"] == "no_such_step"


# -- malformed input -------------------------------------------------------------


@pytest.mark.parametrize(
    ("event", "payload"),
    [
        ("ballot", {"cid": CID, "step": "milloin"}),
        ("ballot", {"cid": CID, "step": "milloin", "ballot": [0]}),
        ("ballot", {"cid": "x", "step": "milloin", "ballot": {"options": [0]}}),
        ("event_entry", {"cid": CID, "step": "tapahtumat", "month": 5}),
        ("event_entry", {"cid": CID, "step": "tapahtumat", "month": 5, "what": "x", "x": 1}),
        ("edit", {"cid": CID, "answer": 0, "text": "x"}),
        ("edit", {"cid": CID, "answer": "1", "text": "x"}),
        ("withdraw", {"cid": CID}),
        ("withdraw", {"cid": CID, "answer": 1, "event": 1}),
        ("advance", {"cid": CID}),
        ("advance", None),
    ],
)
def test_malformed_payloads_get_an_error_ack_and_change_nothing(store, me, event, payload):
    ack = me.sio.emit(event, payload, callback=True)
    assert ack["ok"] is False and ack["error"] == "bad_request"
    assert rows(store, "SELECT count(*) FROM ballots") == [(0,)]
    assert rows(store, "SELECT count(*) FROM events") == [(0,)]


def test_the_projector_cannot_vote(app, kinds):
    projector = socketio.test_client(app, auth={"role": "projector", "code": kinds["code"]})
    ack = projector.emit(
        "ballot", {"cid": CID, "step": "milloin", "ballot": {"options": [0]}}, callback=True
    )
    assert ack["error"] == "not_allowed"


def test_swedish_phones_get_swedish_errors_and_bot_texts(store, app, client, kinds):
    sv = connect(app, client, kinds, pid="s" * 20, secret="v" * 32, lang="sv")
    sv.onboard()
    goto(store, kinds, "tapahtumat")
    ack = sv.send("event_entry", step="tapahtumat", month=13, what="x")
    assert ack["error"] == "bad_date" and ack["message"] != "Tarkista kuukausi ja päivä."
    talk = sv.sio.emit("sync", {}, callback=True)["conversation"]
    assert talk["prompt"]["options"][0]["label"] == "Januari"
