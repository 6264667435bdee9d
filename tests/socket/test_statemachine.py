"""A stateful property test: random phones and a facilitator against a simple model.

Join, answer (and replay), edit, withdraw, vote, hide, disconnect, reconnect,
step changes and locking run in random orders through the Flask-SocketIO test
client on a real SQLite file; after every step the stored answers and ballots
must equal the model's, and every ack must say what the model expects.
"""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
import tempfile

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
)

from tyopaja import create_app
from tyopaja.realtime import socketio
from tyopaja.usecases import actions

SCRIPT = """\
# Mallityöpaja

### avoin: Mikä toimii?
- id: toimii
- vastauksia: 2

### avoin: Mitä muuttaisit?
- id: muuta

### pisteet: Mikä on tärkeintä?
- id: tarkein
- äänestä: toimii
- pisteitä: 3
- enintään: 2
"""
STEPS = ("toimii", "muuta", "tarkein")
MAX_ANSWERS = {"toimii": 2, "muuta": 1}  # "muuta" has no vastauksia: the default is one
good_texts = st.sampled_from(["Hyvä", "Idea", "  välilyönnit  ", "Ääkköset öö", "x" * 2000])
bad_texts = st.sampled_from(["", "   ", "x" * 2001])
texts = st.one_of(good_texts, good_texts, good_texts, bad_texts, st.text(max_size=30))


def visible(text: str) -> str:
    """What the rules keep of a text: control characters (but tab and newlines) out, trimmed."""
    return re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", "", text).strip()


class Phone:
    """One participant in the model: identity, socket, the cids it has used."""

    def __init__(self, n: int):
        self.pid = f"phone{n:015d}"
        self.secret = f"secret{n:020d}"
        self.sio = None
        self.acked: dict[str, dict] = {}  # cid -> first ack

    def __repr__(self) -> str:
        return self.pid


class Workshop(RuleBasedStateMachine):
    """Phones and a facilitator against a simple model of answers and ballots."""

    phones = Bundle("phones")

    def __init__(self):
        super().__init__()
        self.tmp = tempfile.mkdtemp()
        self.app = create_app(
            {
                "DB": f"{self.tmp}/model.db",
                "ASYNC_MODE": "threading",
                "TESTING": True,
                "BACKGROUND_TASKS": False,
                "WRITE_BURST": 10**6,
            }
        )
        self.store = self.app.extensions["tyopaja"].store
        row, secret = self.store.write(actions.create_workshop, SCRIPT, script_name="m.md")
        self.code = row["code"]
        browser = self.app.test_client()
        browser.get(f"/f/{self.code}/{secret}")
        self.console = socketio.test_client(
            self.app, flask_test_client=browser, auth={"role": "facilitator", "code": self.code}
        )
        # the model
        self.state = "open"
        self.current = "toimii"
        self.answers: dict[int, dict] = {}  # id -> {pid, step, text, withdrawn, hidden}
        self.ballots: dict[str, dict] = {}  # pid -> dots
        self.count = 0
        self.cids = 0

    def teardown(self):
        self.store.close()
        shutil.rmtree(self.tmp, ignore_errors=True)

    def cid(self) -> str:
        self.cids += 1
        return f"model{self.cids:08d}"

    def connect(self, phone: Phone) -> None:
        auth = {"role": "participant", "code": self.code, "pid": phone.pid, "secret": phone.secret}
        phone.sio = socketio.test_client(self.app, auth=auth)
        assert phone.sio.is_connected()

    def accepts(self, step: str) -> bool:
        return self.state == "open" and step == self.current

    def live(self, pid: str, step: str) -> int:
        return sum(
            1
            for a in self.answers.values()
            if a["pid"] == pid and a["step"] == step and not a["withdrawn"]
        )

    # -- rules ------------------------------------------------------------------

    @initialize(target=phones)
    def first_phone(self):
        assert self.console.is_connected()
        return self.join()

    @initialize(target=phones)
    def second_phone(self):
        return self.join()

    @initialize(target=phones)
    def third_phone(self):
        return self.join()

    def join(self):
        self.count += 1
        phone = Phone(self.count)
        self.connect(phone)
        return phone

    @rule(phone=phones)
    def disconnect_and_reconnect(self, phone):
        if phone.sio.is_connected():
            phone.sio.disconnect()
        self.connect(phone)

    @rule(phone=phones, step=st.sampled_from(STEPS), text=texts)
    def answer(self, phone, step, text):
        write_id = self.cid()
        ack = phone.sio.emit("answer", {"cid": write_id, "step": step, "text": text}, callback=True)
        cleaned = visible(text)
        fits = step in MAX_ANSWERS and 0 < len(cleaned) <= 2000
        expected = self.accepts(step) and fits and self.live(phone.pid, step) < MAX_ANSWERS[step]
        assert ack["ok"] is expected, (step, text, ack)
        if ack["ok"]:
            assert ack["answer"] not in self.answers
            self.answers[ack["answer"]] = dict(
                pid=phone.pid, step=step, text=cleaned, withdrawn=False, hidden=False
            )
            phone.acked[write_id] = ack

    @rule(phone=phones, data=st.data())
    def replay(self, phone, data):
        if not phone.acked:
            return
        write_id = data.draw(st.sampled_from(sorted(phone.acked)))
        first = phone.acked[write_id]
        ack = phone.sio.emit(
            "answer", {"cid": write_id, "step": "toimii", "text": "eri teksti"}, callback=True
        )
        assert ack["ok"] and ack["replay"] and ack["answer"] == first["answer"]

    def _pick_answer(self, data):
        if not self.answers:
            return None
        return data.draw(st.sampled_from(sorted(self.answers)))

    @rule(phone=phones, data=st.data(), text=texts)
    def edit(self, phone, data, text):
        answer_id = self._pick_answer(data)
        if answer_id is None:
            return
        model = self.answers[answer_id]
        ack = phone.sio.emit(
            "edit", {"cid": self.cid(), "answer": answer_id, "text": text}, callback=True
        )
        mine = model["pid"] == phone.pid and not model["withdrawn"]
        expected = mine and self.accepts(model["step"]) and 0 < len(visible(text)) <= 2000
        assert ack["ok"] is expected, (model, phone, ack)
        if not mine:
            assert ack["error"] in ("not_yours", "no_such_answer")
        if ack["ok"]:
            model["text"] = visible(text)

    @rule(phone=phones, data=st.data())
    def withdraw(self, phone, data):
        answer_id = self._pick_answer(data)
        if answer_id is None:
            return
        model = self.answers[answer_id]
        ack = phone.sio.emit("withdraw", {"cid": self.cid(), "answer": answer_id}, callback=True)
        expected = (
            model["pid"] == phone.pid and not model["withdrawn"] and self.accepts(model["step"])
        )
        assert ack["ok"] is expected, (model, phone, ack)
        if ack["ok"]:
            model["withdrawn"] = True

    @rule(phone=phones, data=st.data())
    def vote(self, phone, data):
        candidates = sorted(self.answers)
        chosen = (
            data.draw(st.lists(st.sampled_from(candidates), max_size=3, unique=True))
            if candidates
            else []
        )
        dots = {f"a:{i}": data.draw(st.integers(min_value=0, max_value=3)) for i in chosen}
        ack = phone.sio.emit(
            "ballot",
            {"cid": self.cid(), "step": "tarkein", "ballot": {"dots": dots}},
            callback=True,
        )
        spent = {k: v for k, v in dots.items() if v}
        votable = {
            f"a:{i}"
            for i, a in self.answers.items()
            if a["step"] == "toimii" and not a["withdrawn"] and not a["hidden"]
        }
        expected = (
            self.accepts("tarkein")
            and set(spent) <= votable
            and all(v <= 2 for v in spent.values())
            and sum(spent.values()) <= 3
        )
        assert ack["ok"] is expected, (dots, votable, self.current, ack)
        if ack["ok"]:
            if spent:
                self.ballots[phone.pid] = dict(sorted(spent.items()))
            else:
                self.ballots.pop(phone.pid, None)

    @rule(step=st.sampled_from(STEPS))
    def step_change(self, step):
        ack = self.console.emit("f:goto", {"step": step}, callback=True)
        assert ack["ok"]
        self.current = step
        if self.state == "draft":
            self.state = "open"

    @rule(state=st.sampled_from(["open", "closed"]))
    def lock_or_open(self, state):
        assert self.console.emit("f:state", {"state": state}, callback=True)["ok"]
        self.state = state

    @rule(data=st.data(), hidden=st.booleans())
    def hide(self, data, hidden):
        answer_id = self._pick_answer(data)
        if answer_id is None:
            return
        ack = self.console.emit(
            "f:hide", {"cid": self.cid(), "answer": answer_id, "hidden": hidden}, callback=True
        )
        model = self.answers[answer_id]
        assert ack["ok"] is (not model["withdrawn"]), (model, ack)
        if ack["ok"]:
            model["hidden"] = hidden

    # -- invariants -------------------------------------------------------------------

    def stored(self, sql):
        conn = sqlite3.connect(f"{self.tmp}/model.db")
        try:
            return conn.execute(sql).fetchall()
        finally:
            conn.close()

    @invariant()
    def answers_match_the_model(self):
        rows = self.stored(
            "SELECT a.id, p.public_id, a.step_id, a.text, a.withdrawn, a.hidden"
            " FROM answers a JOIN participants p ON p.id = a.participant_id"
        )
        stored = {
            r[0]: dict(pid=r[1], step=r[2], text=r[3], withdrawn=bool(r[4]), hidden=bool(r[5]))
            for r in rows
        }
        assert stored == self.answers

    @invariant()
    def ballots_match_the_model(self):
        rows = self.stored(
            "SELECT p.public_id, b.payload FROM ballots b"
            " JOIN participants p ON p.id = b.participant_id"
        )
        assert {pid: json.loads(payload)["dots"] for pid, payload in rows} == self.ballots

    @invariant()
    def answer_limits_hold(self):
        for pid, step, n in self.stored(
            "SELECT p.public_id, a.step_id, count(*) FROM answers a"
            " JOIN participants p ON p.id = a.participant_id WHERE a.withdrawn = 0"
            " GROUP BY 1, 2"
        ):
            assert n <= MAX_ANSWERS[step], (pid, step, n)


Workshop.TestCase.settings = settings(
    max_examples=100,
    stateful_step_count=50,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
TestWorkshop = Workshop.TestCase
