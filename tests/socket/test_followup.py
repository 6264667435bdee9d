"""Next steps and follow-up across evenings, end to end on real SQLite with Socket.IO phones.

Evening A decides next steps (from a top-voted group and a participant's proposal); evening B
follows A, marks statuses (by the owner's own link and by B's facilitator), rates them with
phones on a recap step; B's exports carry *Edellisen työpajan seuranta* and A's published
summary shows the status. A also runs with answers imported from a file.
"""

import io
import json
import re
import zipfile
from urllib.parse import parse_qs, urlparse

import openpyxl
import pytest

from tests.helpers import participant_client
from tyopaja import export
from tyopaja.core.importer import parse_import
from tyopaja.core.workshop import Refused
from tyopaja.reads import followup as follow_reads
from tyopaja.reads.followup import export_rows
from tyopaja.realtime import socketio
from tyopaja.usecases import actions, followup

SAME = {"Sec-Fetch-Site": "same-origin"}

EVENING_A = """# Syysilta 2026

## Tilat

### avoin: Mikä tilojen varaamisessa on vaikeaa?
- id: tilat
- vastauksia: 3

### pisteet: Mikä korjataan ensin?
- id: tilat-tarkeimmat
- äänestä: tilat
- äänestettävät: ryhmät
- pisteitä: 2

## Jatkotoimet

### toimenpide: Mitä tehdään seuraavaksi?
- id: seuraavaksi
"""

EVENING_B = """# Vuosiarvio 2027

## Jatkotoimet

### seuranta: Mitä viime kerralla sovittiin?
- id: seuranta
- asteikko: 1–5
- ääripäät: huonosti – hyvin
"""

ROOMS = ["Varauskalenteri on vaikea löytää", "Kalenteri ei näytä vapaita vuoroja"]
FEES = ["Salin vuokra on liian kallis pienelle yhdistykselle"]


class Phone:
    """A participant's test socket with fresh client ids."""

    def __init__(self, app, code, n, association):
        self.sio = participant_client(
            app, app.test_client(), code, pid=f"phone{n:02d}" * 3, secret="s" * 32
        )
        self.n, self.k = n, 0
        for field, value in (("nickname", ""), ("association", association), ("sector", "")):
            self.send("profile", field=field, value=value)
        self.send("profile", field="mode", value="one")

    def send(self, name, **payload):
        self.k += 1
        payload.setdefault("cid", f"cid-{self.n:02d}-{self.k:04d}")
        return self.sio.emit(name, payload, callback=True)

    def prompt(self):
        return self.sio.emit("sync", {}, callback=True)["conversation"]["prompt"]


class Facilitator:
    """The facilitator's browser (cookie) and console socket for one workshop."""

    def __init__(self, app, row, secret):
        self.code = row["code"]
        self.http = app.test_client()
        assert self.http.get(f"/f/{self.code}/{secret}").status_code == 302
        self.sio = socketio.test_client(
            app, flask_test_client=self.http, auth={"role": "facilitator", "code": self.code}
        )
        self.k = 0

    def emit(self, name, **payload):
        self.k += 1
        if name not in ("f:goto", "f:state"):
            payload.setdefault("cid", f"fac-{self.code}-{self.k:04d}")
        ack = self.sio.emit(name, payload, callback=True)
        assert ack["ok"], ack
        return ack

    def post(self, **form):
        return self.http.post(f"/f/{self.code}/toimenpiteet", data=form, headers=SAME)


def _goto(fac, step):
    fac.emit("f:goto", step=step)


def _workshop(store, code):
    with store.read() as tx:
        return tx.workshop_by_code(code)


def _actions(store, code):
    from tyopaja.store import followup as store_followup

    with store.read() as tx:
        return store_followup.actions_of(tx, _workshop(store, code)["id"])


def _answers_of(store, code, step):
    with store.read() as tx:
        return tx.step_answers(_workshop(store, code)["id"], step)


def _build_a_live(app, store):
    """Evening A with phones: answers, a group, dots, a proposal."""
    row, secret = store.write(actions.create_workshop, EVENING_A, municipality="Kuopio")
    fac = Facilitator(app, row, secret)
    phones = [
        Phone(app, row["code"], n, assoc)
        for n, assoc in enumerate(["Marttayhdistys", "Nuorisoseura", "Kyläyhdistys"])
    ]
    _goto(fac, "tilat")
    for phone, text in zip(phones, ROOMS + FEES, strict=True):
        assert phone.send("answer", step="tilat", text=text)["ok"]
    return row, secret, fac, phones


def _group_and_vote(store, fac, phones, code):
    answers = _answers_of(store, code, "tilat")
    by_text = {a["text"]: a["id"] for a in answers}
    rooms = fac.emit(
        "f:group", step="tilat", title="Varauskalenteri", answers=[by_text[t] for t in ROOMS]
    )
    fees = fac.emit("f:group", step="tilat", title="Vuokrat", answers=[by_text[t] for t in FEES])
    _goto(fac, "tilat-tarkeimmat")
    for phone in phones:
        ack = phone.send(
            "ballot", step="tilat-tarkeimmat", ballot={"dots": {f"g:{rooms['group']}": 1}}
        )
        assert ack["ok"], ack
    phones[0].send(
        "ballot",
        step="tilat-tarkeimmat",
        ballot={"dots": {f"g:{rooms['group']}": 1, f"g:{fees['group']}": 1}},
    )
    return rooms["group"], fees["group"]


def _decide(store, fac, phones, code, rooms_group):
    """The facilitator turns the top group into an action; a phone proposes one; accepted."""
    page = fac.http.get(f"/f/{code}/toimenpiteet")
    assert page.status_code == 200
    assert "Varauskalenteri" in page.get_data(as_text=True)
    response = fac.post(
        op="add",
        source=f"g:{rooms_group}",
        what="Varauskalenteri verkkoon",
        owner="Vapaa-aikapalvelut",
        deadline="kevät 2027",
        status="ongoing",
    )
    assert response.status_code == 303
    _goto(fac, "seuraavaksi")
    prompt = phones[1].prompt()
    assert prompt["kind"] == "action"
    ack = phones[1].send(
        "action_entry", step="seuraavaksi", what="Avustusinfo yhdistyksille", deadline="syksy 2027"
    )
    assert ack["ok"], ack
    assert any(m["id"] == f"x:{ack['action']}" for m in ack["conversation"]["messages"])
    assert phones[1].send("action_entry", step="seuraavaksi", what="  ")["error"] == "empty"
    assert fac.post(op="accept", action=str(ack["action"])).status_code == 303
    rows = _actions(store, code)
    assert [(a["what"], a["decided"], a["source_title"]) for a in rows] == [
        ("Varauskalenteri verkkoon", 1, "Varauskalenteri"),
        ("Avustusinfo yhdistyksille", 1, ""),
    ]
    return rows


def _close_and_publish(fac, code):
    fac.emit("f:state", state="closed")
    response = fac.http.post(
        f"/f/{code}/export/publish", data={"action": "publish", "confirm": "1"}, headers=SAME
    )
    assert response.status_code == 303


def _owner_link(fac, action_id):
    response = fac.post(op="link", action=str(action_id))
    assert response.status_code == 303
    link = parse_qs(urlparse(response.headers["Location"]).query)["linkki"][0]
    return urlparse(link).path


@pytest.fixture
def evening_a(app, store):
    """Evening A, run live, closed, with two agreed actions and a published summary."""
    row, secret, fac, phones = _build_a_live(app, store)
    rooms, _fees = _group_and_vote(store, fac, phones, row["code"])
    decided = _decide(store, fac, phones, row["code"], rooms)
    _close_and_publish(fac, row["code"])
    return row, fac, decided


def test_a_follow_up_evening_carries_rates_and_exports_the_actions(app, store, evening_a):
    a_row, a_fac, decided = evening_a
    owner_path = _owner_link(a_fac, decided[0]["id"])
    a_code = a_row["code"]

    b_row, b_secret = store.write(followup.create_follow_up, EVENING_B, a_code)
    assert b_row["follows_id"] == a_row["id"] and b_row["municipality"] == "Kuopio"
    b_fac = Facilitator(app, b_row, b_secret)

    # The owner marks their action through their own link, without an account.
    owner = app.test_client()
    page = owner.get(owner_path)
    assert page.status_code == 200 and "Varauskalenteri verkkoon" in page.get_data(as_text=True)
    saved = owner.post(
        owner_path, data={"status": "done", "note": "Kalenteri avattiin maaliskuussa"}, headers=SAME
    )
    assert saved.status_code == 303
    assert owner.post(owner_path, data={"status": "valmis"}, headers=SAME).status_code == 400
    # B's facilitator marks the other carried action.
    assert (
        b_fac.post(
            op="carried", action=str(decided[1]["id"]), status="not_started", note=""
        ).status_code
        == 303
    )
    statuses = {a["what"]: (a["status"], a["status_by"]) for a in _actions(store, a_code)}
    assert statuses == {
        "Varauskalenteri verkkoon": ("done", "owner"),
        "Avustusinfo yhdistyksille": ("not_started", "facilitator"),
    }

    # Phones rate last time's actions on the recap step.
    b_phones = [Phone(app, b_row["code"], 10 + n, "Kyläyhdistys") for n in range(3)]
    _goto(b_fac, "seuranta")
    prompt = b_phones[0].prompt()
    assert prompt["kind"] == "recap"
    items = prompt["extra"]["items"]
    assert [(i["what"], i["status_label"]) for i in items] == [
        ("Varauskalenteri verkkoon", "tehty"),
        ("Avustusinfo yhdistyksille", "ei aloitettu"),
    ]
    first, second = (i["key"] for i in items)
    ratings = [(5, 2, "Hyvä, toimii"), (4, 1, ""), (4, 2, "Ei ole kuulunut mitään")]
    for phone, (r1, r2, comment) in zip(b_phones, ratings, strict=True):
        ballot = {
            "ratings": {first: r1, second: r2},
            "comments": {second: comment} if comment else {},
        }
        ack = phone.send("ballot", step="seuranta", ballot=ballot)
        assert ack["ok"], ack
    bad = b_phones[0].send("ballot", step="seuranta", ballot={"ratings": {first: 9}})
    assert bad["error"] == "out_of_range"
    unknown = b_phones[0].send("ballot", step="seuranta", ballot={"ratings": {"x:999": 3}})
    assert unknown["error"] == "bad_request"
    assert b_phones[0].prompt()["extra"]["ballot"]["ratings"][first] == 5  # unchanged

    # B's exports: the section in every document shape and data format.
    with store.read() as tx:
        report = export.report_of(export_rows(tx, b_row["id"]))
    for shape in ("md", "md-welfare", "md-full"):
        text = export.render(report, shape).body.decode()
        assert "Edellisen työpajan seuranta" in text, shape
        assert "Varauskalenteri verkkoon (Kalenteri avattiin maaliskuussa)" in text
        assert "| 4,3 | 3 |" in text  # mean of 5, 4, 4 with a decimal comma
        assert "”Ei ole kuulunut mitään”" in text
        assert "Kyläyhdistys" not in text.split("Edellisen työpajan seuranta")[1].split("##")[0]
    cooperation = export.render(report, "md").body.decode()
    assert cooperation.index("## Toteuttaminen ja seuranta") < cooperation.index(
        "### Edellisen työpajan seuranta"
    )
    welfare = export.render(report, "md-welfare").body.decode()
    assert welfare.index("## Seuranta") < welfare.index("### Edellisen työpajan seuranta")
    data = json.loads(export.render(report, "json").body)
    carried = data["follow_up"]["actions"]
    assert [(c["what"], c["status"], c["ratings"], c["mean"]) for c in carried] == [
        ("Varauskalenteri verkkoon", "done", 3, 4.33),
        ("Avustusinfo yhdistyksille", "not_started", 3, 1.67),
    ]
    assert carried[1]["comments"] == [
        "Ei ole kuulunut mitään",
        "Hyvä, toimii",
    ]  # sorted, no authors
    assert data["follow_up"]["priorities"][0]["label"] == "Varauskalenteri"
    archive = zipfile.ZipFile(io.BytesIO(export.render(report, "zip").body))
    csv_name = next(n for n in archive.namelist() if n.endswith("toimenpiteet.csv"))
    assert "Varauskalenteri verkkoon" in archive.read(csv_name).decode("utf-8-sig")
    book = openpyxl.load_workbook(io.BytesIO(export.render(report, "xlsx").body))
    rows = list(book["Jatkotoimet"].iter_rows(values_only=True))
    assert rows[0][:5] == ("Laji", "Toimenpide", "Vastuutaho", "Aikataulu", "Tila")
    carried_rows = {r[1]: r for r in rows if r[0] == "Edellisestä työpajasta"}
    done = carried_rows["Varauskalenteri verkkoon"]
    assert (done[4], done[5], done[9]) == ("tehty", "Kalenteri avattiin maaliskuussa", 3)
    assert abs(done[8] - 4.33) < 0.01

    # A's published summary shows the status now, not as it was when published.
    summary = app.test_client().get(f"/j/{a_code}").get_data(as_text=True)
    assert "Sovitut toimenpiteet" in summary
    assert re.search(r"Varauskalenteri verkkoon.*?tehty", summary, re.S)


def test_the_agreed_actions_are_a_table_and_missing_owners_are_flagged(store, evening_a):
    a_row, _fac, _decided = evening_a
    with store.read() as tx:
        report = export.report_of(export_rows(tx, a_row["id"]))
    text = export.render(report, "md").body.decode()
    chapter = text.split("## Toteuttaminen ja seuranta")[1]
    assert "| Toimenpide | Vastuutaho | Aikataulu | Tila | Lähtökohta |" in chapter
    assert (
        "| Varauskalenteri verkkoon | Vapaa-aikapalvelut | kevät 2027 | kesken | Varauskalenteri |"
        in chapter
    )
    assert "| Avustusinfo yhdistyksille | **puuttuu** | syksy 2027 | ei aloitettu | – |" in chapter
    assert "1 toimenpiteeltä puuttuu vastuutaho" in chapter
    welfare = export.render(report, "md-welfare").body.decode()
    assert "| Varauskalenteri verkkoon | Varauskalenteri |  | Vapaa-aikapalvelut |" in welfare
    book = openpyxl.load_workbook(io.BytesIO(export.render(report, "xlsx").body))
    agreed = [r[1:5] for r in book["Jatkotoimet"].iter_rows(values_only=True) if r[0] == "Sovittu"]
    assert agreed == [
        ("Varauskalenteri verkkoon", "Vapaa-aikapalvelut", "kevät 2027", "kesken"),
        ("Avustusinfo yhdistyksille", None, "syksy 2027", "ei aloitettu"),
    ]
    data = json.loads(export.render(report, "json").body)
    assert data["follow_up"] is None
    assert {a["what"] for a in data["actions"]} == {
        "Varauskalenteri verkkoon",
        "Avustusinfo yhdistyksille",
    }


def test_bad_series_input_is_refused_and_changes_nothing(store, evening_a):
    a_row, _fac, _decided = evening_a
    b_row, _ = store.write(followup.create_follow_up, EVENING_B, a_row["code"])
    with store.read() as tx:
        before = [dict(w) for w in tx.workshops()]

    def refused(fn, *args):
        with pytest.raises(Refused) as caught:
            store.write(fn, *args)
        return caught.value

    assert refused(followup.create_follow_up, EVENING_B, "ZZZZZZ").code == "no_such_workshop"
    assert refused(followup.create_follow_up, EVENING_B, "not a code!").code == "no_such_workshop"
    fork = refused(followup.create_follow_up, EVENING_B, a_row["code"])
    assert fork.code == "already_followed" and fork.params == {"next": b_row["code"]}
    assert refused(followup.follow, b_row["code"], b_row["code"]).code == "follows_itself"
    assert refused(followup.follow, a_row["code"], b_row["code"]).code == "series_loop"
    with store.read() as tx:
        assert [dict(w) for w in tx.workshops()] == before
        assert tx.workshop(a_row["id"])["follows_id"] is None


def test_a_chain_carries_only_what_is_still_open(app, store, evening_a):
    a_row, _fac, decided = evening_a
    b_row, b_secret = store.write(followup.create_follow_up, EVENING_B, a_row["code"])
    store.write(followup.mark_status, decided[0]["id"], "done", "", "facilitator")
    b_fac = Facilitator(app, b_row, b_secret)
    assert b_fac.post(op="add", what="Uusi tilaopas", owner="Kunta").status_code == 303
    c_row, _ = store.write(followup.create_follow_up, EVENING_B, b_row["code"])
    with store.read() as tx:
        carried = [a["what"] for a, _ in follow_reads.carried(tx, c_row)]
    # B's own action, and A's action that is still not started; A's done one stays behind.
    assert carried == ["Avustusinfo yhdistyksille", "Uusi tilaopas"]


def test_the_owner_link_is_secret_and_throttled(app, store, evening_a):
    _a_row, fac, decided = evening_a
    path = _owner_link(fac, decided[0]["id"])
    client = app.test_client()
    assert client.get(path).status_code == 200
    assert client.get("/s/" + "x" * 43).status_code == 403
    new_path = _owner_link(fac, decided[0]["id"])  # a new link replaces the old one
    assert client.get(path).status_code == 403
    statuses = [client.get("/s/" + "y" * 43).status_code for _ in range(30)]
    assert statuses[-1] == 429
    assert client.get(new_path).status_code == 429  # throttled: not even checked
    with store.read() as tx:
        assert all(a["status"] != "done" for a in _actions(store, _a_row["code"]))
        assert tx is not None


def test_follow_up_works_on_answers_imported_from_a_file(app, store):
    row, secret = store.write(actions.create_workshop, EVENING_A, municipality="Kuopio")
    data = "vaihe;vastaus;osallistuja;yhdistys;toimiala\n" + "".join(
        f"tilat;{text};paperi{n};Kyläyhdistys;\n" for n, text in enumerate(ROOMS + FEES)
    )
    rows = parse_import(data.encode(), "paperi.csv", script=actions.script_of(row))
    store.write(actions.import_answers, row["id"], rows)
    fac = Facilitator(app, row, secret)
    answers = _answers_of(store, row["code"], "tilat")
    group = fac.emit(
        "f:group", step="tilat", title="Varauskalenteri", answers=[a["id"] for a in answers[:2]]
    )
    assert (
        fac.post(
            op="add", source=f"g:{group['group']}", what="Varauskalenteri verkkoon"
        ).status_code
        == 303
    )
    b_row, b_secret = store.write(followup.create_follow_up, EVENING_B, row["code"])
    b_fac = Facilitator(app, b_row, b_secret)
    _goto(b_fac, "seuranta")
    phone = Phone(app, b_row["code"], 40, "")
    key = phone.prompt()["extra"]["items"][0]["key"]
    assert phone.send("ballot", step="seuranta", ballot={"ratings": {key: 3}})["ok"]
    with store.read() as tx:
        report = export.report_of(export_rows(tx, b_row["id"]))
    assert report.follow_up.actions[0].action.source == "Varauskalenteri"
    assert report.follow_up.actions[0].mean == 3.0
    assert "Varauskalenteri verkkoon" in export.render(report, "md-full").body.decode()


def test_the_actions_page_refuses_bad_input_with_a_message(store, evening_a):
    a_row, fac, _decided = evening_a
    before = _actions(store, a_row["code"])
    empty = fac.post(op="add", what="   ", owner="Kunta")
    assert empty.status_code == 400 and "Kirjoita ensin jotain." in empty.get_data(as_text=True)
    bad_status = fac.post(op="add", what="Jotain", status="valmis")
    assert bad_status.status_code == 400 and "Valitse tila" in bad_status.get_data(as_text=True)
    assert fac.post(op="edit", action="999999", what="x").status_code == 400
    cross = fac.http.post(
        f"/f/{a_row['code']}/toimenpiteet",
        data={"op": "add", "what": "x"},
        headers={"Sec-Fetch-Site": "cross-site"},
    )
    assert cross.status_code == 403
    assert _actions(store, a_row["code"]) == before


def test_the_command_line_makes_a_series_and_refuses_bad_codes(tmp_path):
    from click.testing import CliRunner

    from tyopaja.commands import cli
    from tyopaja.store import Store

    db = str(tmp_path / "cli.db")
    script = tmp_path / "ilta.md"
    script.write_text(EVENING_A, encoding="utf-8")
    runner = CliRunner()
    first = runner.invoke(cli, ["new", str(script), "--municipality", "Kuopio", "--db", db])
    assert first.exit_code == 0, first.output
    code = re.search(r"koodi (\w{6})", first.output).group(1)
    unknown = runner.invoke(cli, ["new", str(script), "--follow-up", "ZZZZZZ", "--db", db])
    assert unknown.exit_code == 1
    assert "Aiempaa työpajaa ei löytynyt" in unknown.output
    second = runner.invoke(cli, ["new", str(script), "--follow-up", code.lower(), "--db", db])
    assert second.exit_code == 0 and f"Jatkaa työpajaa {code}" in second.output
    again = runner.invoke(cli, ["new", str(script), "--follow-up", code, "--db", db])
    assert again.exit_code == 1 and "on jo jatko" in again.output
    itself = runner.invoke(cli, ["follow", code, "--after", code, "--db", db])
    assert itself.exit_code == 1 and "oma jatkonsa" in itself.output
    store = Store(db)
    with store.read() as tx:
        rows = tx.workshops()
        assert len(rows) == 2
        assert [tx.workshop(r["id"])["municipality"] for r in rows] == ["Kuopio", "Kuopio"]
    store.close()
