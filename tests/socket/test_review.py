"""The review ("Koonti"): adopt suggested groups, mark reviewed, save summaries; the export follows.

Flask-SocketIO's test client on a real SQLite file.
"""

from __future__ import annotations

import pytest

from tests.helpers import participant_client
from tyopaja import export
from tyopaja.grouping import engine as grouping
from tyopaja.reads.followup import export_rows
from tyopaja.realtime import socketio
from tyopaja.usecases import actions

SCRIPT = """\
# Koontikokeilu

## Tilat
- avain: tilat

### avoin: Mitä tiloja yhdistyksenne tarvitsee?
- id: tarve
- vastauksia: 10

### avoin: Mikä tilojen käytössä on hankalaa?
- id: hankala
- vastauksia: 10

## Avustukset
- avain: avustukset

### asteikko: Kuinka selkeät avustusten ohjeet ovat?
- id: ohjeet
- asteikko: 1–5
"""

ANSWERS = [
    "Maksuton sali harjoituksiin iltaisin",
    "Koulun sali on iltaisin tyhjänä, sen voisi antaa yhdistyksille maksutta",
    "Ilmainen liikuntasali junioreille",
    "Varastotila tarvikkeille",
    "Lukittava varasto kerhon tavaroille",
    "Varasto, jossa tavarat säilyvät kuivina",
]


def connect_facilitator(app, row, secret):
    flask_client = app.test_client()
    assert flask_client.get(f"/f/{row['code']}/{secret}").status_code == 302
    auth = {"role": "facilitator", "code": row["code"]}
    return socketio.test_client(app, flask_test_client=flask_client, auth=auth)


@pytest.fixture(scope="module", autouse=True)
def warm_grouping():
    grouping.warm_up()


@pytest.fixture
def workshop(store):
    return store.write(actions.create_workshop, SCRIPT, script_name="koonti.md")


@pytest.fixture
def fac(app, workshop):
    sio = connect_facilitator(app, *workshop)
    assert sio.is_connected()
    return sio


@pytest.fixture
def answered(app, client, workshop):
    phone = participant_client(app, client, workshop[0]["code"], pid="k" * 20)
    ids = []
    for n, text in enumerate(ANSWERS):
        ack = phone.emit(
            "answer", {"cid": f"ans-{n:06d}", "step": "tarve", "text": text}, callback=True
        )
        assert ack["ok"], ack
        ids.append(ack["answer"])
    return ids


_counter = iter(range(10**6))


def cid() -> str:
    return f"rev-{next(_counter):08d}"


def rows(store, sql, params=()):
    with store.read() as tx:
        return tx.db.execute(sql, params).fetchall()


def report(store, workshop):
    with store.read() as tx:
        return export.report_of(export_rows(tx, workshop[0]["id"]))


def koonti_step(fac, step_id):
    view = fac.emit("f:koonti", {}, callback=True)
    assert view["ok"], view
    return next(s for s in view["steps"] if s["id"] == step_id), view


def test_koonti_shows_automatic_groups_with_readable_titles_and_a_draft(fac, answered):
    step, view = koonti_step(fac, "tarve")
    assert step["grouping"] == "automatic" and step["reviewed"] is False
    assert step["summary"] is None
    assert len(step["auto"]) >= 2
    for group in step["auto"]:
        # A phrase from an answer, not a list of lemmas such as "Sali, maksuton".
        assert "," not in group["title"] or " " in group["title"].split(",")[0]
        assert any(group["title"].rstrip("…").casefold() in a.casefold() for a in ANSWERS)
    assert "Eniten mainittiin" in step["draft"]
    assert [c["key"] for c in view["chapters"]] == ["tilat", "avustukset"]
    empty = next(s for s in view["steps"] if s["id"] == "hankala")
    assert empty["draft"] == "Tähän kysymykseen ei tullut vastauksia."


def test_adopt_then_rename_merge_review_and_summary_reach_the_export(
    fac, answered, store, workshop
):
    step, _ = koonti_step(fac, "tarve")
    ack = fac.emit(
        "f:adopt", {"cid": cid(), "step": "tarve", "groups": step["auto"]}, callback=True
    )
    assert ack["ok"] and len(ack["groups"]) == len(step["auto"])
    first, second = ack["groups"][:2]
    fac.emit("f:rename", {"cid": cid(), "group": first, "title": "Salit maksutta"}, callback=True)
    fac.emit("f:merge", {"cid": cid(), "group": second, "into": first}, callback=True)
    text = "Yhdistykset tarvitsevat maksuttomia saleja ja varastotilaa."
    saved = fac.emit("f:summary", {"cid": cid(), "step": "tarve", "text": text}, callback=True)
    assert saved == {
        "ok": True,
        "target": "step:tarve",
        "reviewed": False,
        "summary": text,
    }
    built = report(store, workshop).step("tarve")
    assert built.summary == text and not built.reviewed
    assert [g.title for g in built.groups][0] == "Salit maksutta"
    markdown = export.documents.full(report(store, workshop)).markdown
    assert "ei ole vielä merkinnyt tätä tarkistetuksi" in markdown
    done = fac.emit("f:review", {"cid": cid(), "step": "tarve", "reviewed": True}, callback=True)
    assert done["reviewed"] is True
    markdown = export.documents.full(report(store, workshop)).markdown
    assert f"\n{text}\n" in markdown
    assert "#### 1. Salit maksutta (" in markdown
    section = markdown.split("Mitä tiloja yhdistyksenne tarvitsee?")[1].split("####")[0]
    assert "tarkist" not in section  # nothing says "not reviewed" for this step any more
    step, _ = koonti_step(fac, "tarve")
    assert step["grouping"] == "facilitator" and step["reviewed"] and step["auto"] == []
    assert step["titles"][str(first)] == {"title": "Salit maksutta", "given": True}


def test_a_chapter_summary_is_saved_and_shown_reviewed(fac, answered, store, workshop):
    text = "Tiloista toivottiin ennen kaikkea maksuttomia saleja."
    fac.emit("f:summary", {"cid": cid(), "chapter": "tilat", "text": text}, callback=True)
    fac.emit("f:review", {"cid": cid(), "chapter": "tilat", "reviewed": True}, callback=True)
    chapter = report(store, workshop).chapter("tilat")
    assert chapter.reviewed and chapter.summary == text
    markdown = export.documents.full(report(store, workshop)).markdown
    assert f"**Tilat:** {text}\n" in markdown
    _, view = koonti_step(fac, "tarve")
    assert view["chapters"][0]["summary"] == text and view["chapters"][0]["reviewed"]


def test_an_empty_summary_goes_back_to_the_draft(fac, answered, store, workshop):
    fac.emit("f:summary", {"cid": cid(), "step": "tarve", "text": "Oma teksti"}, callback=True)
    ack = fac.emit("f:summary", {"cid": cid(), "step": "tarve", "text": "   "}, callback=True)
    assert ack["ok"] and ack["summary"] is None
    assert report(store, workshop).step("tarve").summary is None


def test_replays_are_no_ops(fac, answered, store):
    step, _ = koonti_step(fac, "tarve")
    payload = {"cid": cid(), "step": "tarve", "groups": step["auto"]}
    first = fac.emit("f:adopt", payload, callback=True)
    again = fac.emit("f:adopt", payload, callback=True)
    assert again["replay"] and again["groups"] == first["groups"]
    assert rows(store, "SELECT count(*) FROM groups") == [(len(step["auto"]),)]
    review = {"cid": cid(), "step": "tarve", "reviewed": True}
    fac.emit("f:review", review, callback=True)
    fac.emit("f:review", {"cid": cid(), "step": "tarve", "reviewed": False}, callback=True)
    replayed = fac.emit("f:review", review, callback=True)
    assert replayed["replay"] and replayed["reviewed"] is True  # the same ack as the first time
    assert rows(store, "SELECT reviewed FROM reviews") == [(0,)]  # and nothing written again


@pytest.mark.parametrize(
    ("event", "payload", "error"),
    [
        ("f:review", {"step": "olematon", "reviewed": True}, "no_such_step"),
        ("f:review", {"chapter": "olematon", "reviewed": True}, "no_such_chapter"),
        ("f:review", {"reviewed": True}, "bad_request"),
        ("f:review", {"step": "tarve", "chapter": "tilat", "reviewed": True}, "bad_request"),
        ("f:review", {"step": "tarve", "reviewed": "kyllä"}, "bad_request"),
        ("f:summary", {"step": "tarve", "text": "x" * 4001}, "too_long"),
        ("f:summary", {"chapter": "olematon", "text": "x"}, "no_such_chapter"),
        ("f:adopt", {"step": "ohjeet", "groups": [{"answers": [1]}]}, "wrong_kind"),
        ("f:adopt", {"step": "tarve", "groups": []}, "bad_request"),
        ("f:adopt", {"step": "tarve", "groups": [{"answers": [999]}]}, "no_such_answer"),
        ("f:adopt", {"step": "hankala", "groups": [{"answers": [1]}]}, "other_step"),
        (
            "f:adopt",
            {"step": "tarve", "groups": [{"answers": [1, 2]}, {"answers": [2, 3]}]},
            "bad_request",
        ),
    ],
)
def test_bad_review_input_is_refused_in_finnish_and_changes_nothing(
    fac, answered, store, event, payload, error
):
    before = rows(store, "SELECT id, group_id FROM answers")
    ack = fac.emit(event, dict(payload, cid=cid()), callback=True)
    assert ack["ok"] is False and ack["error"] == error and ack["message"], ack
    assert rows(store, "SELECT count(*) FROM reviews") == [(0,)]
    assert rows(store, "SELECT count(*) FROM groups") == [(0,)]
    assert rows(store, "SELECT id, group_id FROM answers") == before
    assert rows(store, "SELECT count(*) FROM receipts WHERE actor = 'f'") == [(0,)]


def test_the_console_hears_review_changes_and_its_snapshot_has_them(app, fac, workshop):
    other = connect_facilitator(app, *workshop)
    other.get_received()
    fac.emit("f:review", {"cid": cid(), "step": "tarve", "reviewed": True}, callback=True)
    heard = [e["args"][0] for e in other.get_received() if e["name"] == "review"]
    assert heard and heard[-1]["notes"]["step:tarve"] == {"reviewed": True, "summary": None}
    snapshot = other.emit("sync", {}, callback=True)
    assert snapshot["reviews"]["step:tarve"]["reviewed"] is True


def test_stored_word_list_titles_read_as_phrases_in_the_export(fac, answered, store, workshop):
    """A suggestion accepted before readable titles kept "Sali, maksuton": the export rephrases."""
    group = fac.emit(
        "f:group",
        {
            "cid": cid(),
            "step": "tarve",
            "title": "Sali, maksuton",
            "answers": answered[:3],
            "words": ["sali", "maksuton"],
            "suggested": True,
        },
        callback=True,
    )["group"]
    built = report(store, workshop).step("tarve")
    title = next(g.title for g in built.groups if g.id == group)
    assert title != "Sali, maksuton" and title.rstrip("…") in " ".join(ANSWERS[:3])
