"""Privacy: nothing personal is asked, no addresses are stored, workshops are deleted and purged."""

import re
import sqlite3

import pytest
from click.testing import CliRunner

from tests.helpers import TEST_SCRIPT, Client, cid, participant_client
from tyopaja.commands import cli
from tyopaja.realtime import socketio
from tyopaja.usecases import actions

ADDRESS_COLUMN = re.compile(r"(^|_)(ip|ips|addr|address|remote|host|user_agent|useragent|ua)($|_)")


def tables(db_path):
    """Every table of the database and its columns."""
    conn = sqlite3.connect(db_path)
    names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    found = {name: [c[1] for c in conn.execute(f"PRAGMA table_info('{name}')")] for name in names}
    conn.close()
    return found


def every_value(db_path):
    """Every text value stored anywhere in the database."""
    conn = sqlite3.connect(db_path)
    values = []
    for table in tables(db_path):
        for row in conn.execute(f"SELECT * FROM '{table}'"):
            values.extend(str(v) for v in row if v is not None)
    conn.close()
    return values


def rows_of(db_path, workshop_id):
    """How many rows of each table belong to a workshop (directly or through a participant)."""
    conn = sqlite3.connect(db_path)
    counts = {}
    for table, columns in tables(db_path).items():
        if table == "workshops":
            sql, args = "SELECT count(*) FROM workshops WHERE id = ?", (workshop_id,)
        elif "workshop_id" in columns:
            sql, args = f"SELECT count(*) FROM '{table}' WHERE workshop_id = ?", (workshop_id,)
        else:
            continue
        counts[table] = conn.execute(sql, args).fetchone()[0]
    conn.close()
    return counts


def test_no_column_is_meant_for_addresses_or_browsers(store):
    for table, columns in tables(store.path).items():
        for column in columns:
            assert not ADDRESS_COLUMN.search(column), f"{table}.{column}"


def test_the_phones_address_and_browser_are_not_stored(live_server):
    probe = "PrivacyProbe/1.0 (tunnistettava selain)"
    phone = Client(
        live_server.url,
        {"role": "participant", "code": live_server.code, "pid": "privacy" * 3, "secret": "s" * 24},
        headers={"User-Agent": probe, "X-Forwarded-For": "203.0.113.77"},
    )
    try:
        assert phone.call("answer", {"cid": cid(), "step": "toimii", "text": "Osoitteeton"})["ok"]
    finally:
        phone.close()
    values = every_value(live_server.db_path)
    assert any("Osoitteeton" in v for v in values), "the answer itself is stored"
    for needle in ("127.0.0.1", "203.0.113.77", "PrivacyProbe"):
        assert not any(needle in v for v in values), needle


def test_a_participant_can_skip_every_personal_question_and_still_answer(phone, store):
    for n, field in enumerate(("nickname", "association", "sector")):
        ack = phone.emit(
            "profile", {"cid": f"skip{n:06d}", "field": field, "value": ""}, callback=True
        )
        assert ack["ok"]
    ack = phone.emit(
        "profile", {"cid": "skipmode01", "field": "mode", "value": "one"}, callback=True
    )
    assert ack["ok"]
    answer = phone.emit(
        "answer", {"cid": "answer0001", "step": "toimii", "text": "Ok"}, callback=True
    )
    assert answer["ok"]
    with store.read() as tx:
        person = tx.db.execute("SELECT nickname, association, sector FROM participants").fetchone()
    assert person == ("", "", "")


def test_every_reference_to_a_workshops_data_cascades(store):
    """Any table that points at workshop data goes with it (also tables added later)."""
    owned = {"workshops", "participants", "answers", "groups", "events"}
    conn = sqlite3.connect(store.path)
    for table in tables(store.path):
        for fk in conn.execute(f"PRAGMA foreign_key_list('{table}')"):
            parent, on_delete = fk[2], fk[6]
            if parent in owned:
                assert on_delete in ("CASCADE", "SET NULL"), f"{table} -> {parent}: {on_delete}"
    conn.close()


def _filled_workshop(app, client, store):
    """A workshop with a participant, a nickname, an answer and a follow-up."""
    row, secret = store.write(actions.create_workshop, TEST_SCRIPT, script_name="t.md")
    sio = participant_client(app, client, row["code"], pid="del" + "x" * 17)
    sio.emit("profile", {"cid": "prof000001", "field": "nickname", "value": "Maija"}, callback=True)
    ack = sio.emit("answer", {"cid": "answ000001", "step": "toimii", "text": "Hyvä"}, callback=True)
    sio.emit(
        "followup", {"cid": "foll000001", "answer": ack["answer"], "text": "Lisää"}, callback=True
    )
    return row, secret, sio


def _login(app, row, secret):
    browser = app.test_client()
    assert browser.get(f"/f/{row['code']}/{secret}").status_code == 302
    return browser


def test_the_facilitator_deletes_a_workshop_and_all_its_data(app, client, store):
    doomed, secret, sio = _filled_workshop(app, client, store)
    kept, _kept_secret, _other = _filled_workshop(app, client, store)
    before_kept = rows_of(store.path, kept["id"])
    assert sum(rows_of(store.path, doomed["id"]).values()) > 4
    browser = _login(app, doomed, secret)
    page = browser.get(f"/f/{doomed['code']}/delete")
    assert page.status_code == 200 and doomed["code"] in page.get_data(as_text=True)
    done = browser.post(
        f"/f/{doomed['code']}/delete",
        data={"confirm": doomed["code"].lower()},
        headers={"Sec-Fetch-Site": "same-origin"},
    )
    assert done.status_code == 200 and "poistettu" in done.get_data(as_text=True)
    assert set(rows_of(store.path, doomed["id"]).values()) == {0}
    assert rows_of(store.path, kept["id"]) == before_kept
    assert not sio.is_connected(), "its phones are disconnected"
    again = participant_client(app, client, doomed["code"], pid="del" + "x" * 17)
    assert not again.is_connected()
    assert browser.get(f"/f/{doomed['code']}").status_code == 404


@pytest.mark.parametrize(
    ("cookie", "headers", "confirm", "status"),
    [
        (False, {}, "CODE", 403),
        (True, {"Sec-Fetch-Site": "cross-site"}, "CODE", 403),
        (True, {"Origin": "http://evil.example"}, "CODE", 403),
        (True, {}, "WRONG1", 400),
        (True, {}, "", 400),
        (True, {}, "x" * 5000, 400),
    ],
)
def test_deleting_needs_the_cookie_the_same_origin_and_the_code(
    app, store, workshop, cookie, headers, confirm, status
):
    row, secret = workshop
    browser = _login(app, row, secret) if cookie else app.test_client()
    confirm = row["code"] if confirm == "CODE" else confirm
    response = browser.post(f"/f/{row['code']}/delete", data={"confirm": confirm}, headers=headers)
    assert response.status_code == status
    assert rows_of(store.path, row["id"])["workshops"] == 1


def test_tyopaja_delete_removes_a_workshop(app, client, store):
    row, _secret, _sio = _filled_workshop(app, client, store)
    runner = CliRunner()
    result = runner.invoke(cli, ["delete", row["code"], "--db", str(store.path)], input="n\n")
    assert result.exit_code != 0 and rows_of(store.path, row["id"])["workshops"] == 1
    result = runner.invoke(cli, ["delete", row["code"], "--db", str(store.path), "--yes"])
    assert result.exit_code == 0, result.output
    assert set(rows_of(store.path, row["id"]).values()) == {0}
    missing = runner.invoke(cli, ["delete", row["code"], "--db", str(store.path), "--yes"])
    assert missing.exit_code == 1 and "ei löytynyt" in missing.output


def _age(db_path, workshop_id, days):
    """Pretend a workshop and its answers were last changed `days` ago (test setup)."""
    conn = sqlite3.connect(db_path)
    stamp = f"-{days} days"
    conn.execute(
        "UPDATE workshops SET updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', ?) WHERE id = ?",
        (stamp, workshop_id),
    )
    conn.execute(
        "UPDATE answers SET updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', ?)"
        " WHERE workshop_id = ?",
        (stamp, workshop_id),
    )
    conn.commit()
    conn.close()


def test_tyopaja_purge_deletes_workshops_past_the_retention(app, client, store):
    old, _s1, _p1 = _filled_workshop(app, client, store)
    recent, _s2, _p2 = _filled_workshop(app, client, store)
    late_answer, _s3, _p3 = _filled_workshop(app, client, store)
    _age(store.path, old["id"], 400)
    _age(store.path, recent["id"], 100)
    _age(store.path, late_answer["id"], 400)
    conn = sqlite3.connect(store.path)
    conn.execute(
        "UPDATE answers SET updated_at = '2999-01-01T00:00:00.000Z' WHERE workshop_id = ?",
        (late_answer["id"],),
    )
    conn.commit()
    conn.close()
    runner = CliRunner()
    dry = runner.invoke(cli, ["purge", "--db", str(store.path), "--dry-run"])
    assert dry.exit_code == 0 and old["code"] in dry.output
    assert rows_of(store.path, old["id"])["workshops"] == 1
    result = runner.invoke(cli, ["purge", "--db", str(store.path)])
    assert result.exit_code == 0 and "365" in result.output
    assert set(rows_of(store.path, old["id"]).values()) == {0}
    assert rows_of(store.path, recent["id"])["workshops"] == 1
    assert rows_of(store.path, late_answer["id"])["workshops"] == 1, "an answer is activity too"
    shorter = runner.invoke(
        cli, ["purge", "--db", str(store.path)], env={"TYOPAJA_RETENTION_DAYS": "30"}
    )
    assert shorter.exit_code == 0 and recent["code"] in shorter.output
    assert rows_of(store.path, recent["id"])["workshops"] == 0


@pytest.mark.parametrize(
    ("lang", "heading"),
    [("fi", "Tietosuojaseloste"), ("sv", "Dataskyddsbeskrivning"), ("en", "Privacy notice")],
)
def test_the_privacy_notice_exists_in_three_languages(app, client, lang, heading):
    app.config.update(RETENTION_DAYS=123, PRIVACY_CONTROLLER="Esimerkkilän kunta")
    page = client.get(f"/tietosuoja?lang={lang}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and f"<h1>{heading}" in html
    assert "123" in html and "Esimerkkilän kunta" in html
    assert f'<html lang="{lang}">' in html


def test_the_participant_page_links_to_the_privacy_notice(client, workshop):
    html = client.get(f"/j/{workshop[0]['code']}").get_data(as_text=True)
    assert 'href="/tietosuoja"' in html


def test_a_deleted_workshops_facilitator_socket_is_closed(app, store, workshop):
    row, secret = workshop
    browser = _login(app, row, secret)
    console = socketio.test_client(
        app, flask_test_client=browser, auth={"role": "facilitator", "code": row["code"]}
    )
    assert console.is_connected()
    browser.post(f"/f/{row['code']}/delete", data={"confirm": row["code"]})
    assert not console.is_connected()
