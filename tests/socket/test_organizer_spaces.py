"""Organiser spaces: one key per organisation, each seeing and touching only its own workshops."""

from __future__ import annotations

import hmac
import io
import zipfile

import pytest
from click.testing import CliRunner

from tests.helpers import TEST_SCRIPT
from tyopaja.commands import cli
from tyopaja.usecases import actions, spaces
from tyopaja.web.organizer import instance_key

SAME_ORIGIN = {"Sec-Fetch-Site": "same-origin"}


@pytest.fixture
def two_spaces(store):
    """Two organisations, each with a key and one workshop of its own."""
    made = {}
    for name in ("Kuopion kaupunki", "Savon yhdistyskeskus"):
        row, key = store.write(spaces.add, name)
        workshop, secret = store.write(
            actions.create_workshop, TEST_SCRIPT, title=f"Ilta: {name}", organizer_id=row["id"]
        )
        made[name] = {"row": row, "key": key, "workshop": workshop, "secret": secret}
    return made["Kuopion kaupunki"], made["Savon yhdistyskeskus"]


def signed_in(app, key):
    client = app.test_client()
    response = client.get(f"/o/{key}")
    assert response.status_code == 302, response.status_code
    return client


def snapshot(store):
    """Everything an organiser action could change: workshops (with secrets) and spaces."""
    with store.read() as tx:
        workshops = tx.db.execute("SELECT * FROM workshops ORDER BY id").fetchall()
        organizers = tx.db.execute("SELECT * FROM organizers ORDER BY id").fetchall()
    return workshops, organizers


def test_each_space_lists_only_its_own_workshops(app, store, two_spaces, workshop):
    kuopio, savo = two_spaces
    html = signed_in(app, kuopio["key"]).get("/o/").get_data(as_text=True)
    assert kuopio["workshop"]["code"] in html and "Järjestäjä: Kuopion kaupunki" in html
    assert savo["workshop"]["code"] not in html and workshop[0]["code"] not in html
    html = signed_in(app, savo["key"]).get("/o/").get_data(as_text=True)
    assert savo["workshop"]["code"] in html and kuopio["workshop"]["code"] not in html


def test_the_instance_key_is_the_instances_own_space(app, store, two_spaces, workshop):
    html = signed_in(app, instance_key(store)[0]).get("/o/").get_data(as_text=True)
    assert workshop[0]["code"] in html
    assert all(s["workshop"]["code"] not in html for s in two_spaces)


def test_a_workshop_is_created_in_the_creators_space(app, store, two_spaces):
    kuopio, savo = two_spaces
    client = signed_in(app, savo["key"])
    response = client.post(
        "/o/", data={"builtin": "demo.md", "action": "create", "title": "Savon uusi ilta"},
        headers=SAME_ORIGIN, content_type="multipart/form-data",
    )  # fmt: skip
    assert response.status_code == 201
    with store.read() as tx:
        mine = [w["title"] for w in tx.workshop_overview(savo["row"]["id"])]
        theirs = [w["title"] for w in tx.workshop_overview(kuopio["row"]["id"])]
    assert "Savon uusi ilta" in mine and "Savon uusi ilta" not in theirs


def test_keys_are_stored_only_hashed(app, store, two_spaces, tmp_path):
    raw = b"".join(path.read_bytes() for path in tmp_path.glob("test.db*"))
    for space in two_spaces:
        assert space["key"].encode() not in raw
        assert len(space["row"]["key_hash"]) == 64


def test_an_unknown_key_is_refused_and_creates_nothing(app, store, two_spaces):
    before = snapshot(store)
    client = app.test_client()
    assert client.get("/o/" + "x" * 43).status_code == 403
    client.set_cookie("tyopaja_o", "y" * 43)
    response = client.post(
        "/o/", data={"builtin": "demo.md", "action": "create"},
        headers=SAME_ORIGIN, content_type="multipart/form-data",
    )  # fmt: skip
    assert response.status_code == 403
    assert "järjestäjän linkin" in response.get_data(as_text=True)
    assert snapshot(store) == before


def test_a_revoked_key_is_refused_with_a_clear_word_and_changes_nothing(app, store, two_spaces):
    kuopio, _savo = two_spaces
    client = signed_in(app, kuopio["key"])  # a browser that signed in before the revocation
    store.write(spaces.revoke, "kuopion KAUPUNKI")
    before = snapshot(store)
    for response in (
        client.get("/o/"),
        app.test_client().get(f"/o/{kuopio['key']}"),
        client.post(
            "/o/", data={"builtin": "demo.md", "action": "create"},
            headers=SAME_ORIGIN, content_type="multipart/form-data",
        ),
        client.get(f"/o/w/{kuopio['workshop']['code']}/export/zip"),
        client.post(
            f"/o/w/{kuopio['workshop']['code']}/delete",
            data={"confirm": kuopio["workshop"]["code"]}, headers=SAME_ORIGIN,
        ),
    ):  # fmt: skip
        assert response.status_code == 403
        assert "peruttu" in response.get_data(as_text=True)
    assert snapshot(store) == before


def test_a_revoked_spaces_workshop_still_runs_from_its_facilitator_link(app, store, two_spaces):
    kuopio, _savo = two_spaces
    store.write(spaces.revoke, "Kuopion kaupunki")
    code = kuopio["workshop"]["code"]
    client = app.test_client()
    assert client.get(f"/f/{code}/{kuopio['secret']}").status_code == 302
    assert client.get(f"/f/{code}").status_code == 200
    assert client.get(f"/f/{code}/export/md").status_code == 200


@pytest.mark.parametrize("action", ["export", "delete_page", "delete", "new_link"])
def test_another_spaces_workshop_is_refused_as_unknown_and_kept(app, store, two_spaces, action):
    kuopio, savo = two_spaces
    client = signed_in(app, kuopio["key"])
    code = savo["workshop"]["code"]
    before = snapshot(store)
    response = {
        "export": lambda: client.get(f"/o/w/{code}/export/zip"),
        "delete_page": lambda: client.get(f"/o/w/{code}/delete"),
        "delete": lambda: client.post(
            f"/o/w/{code}/delete", data={"confirm": code}, headers=SAME_ORIGIN
        ),
        "new_link": lambda: client.post(f"/o/w/{code}/link", headers=SAME_ORIGIN),
    }[action]()
    assert response.status_code == 404
    assert "ei löytynyt" in response.get_data(as_text=True).lower()
    assert snapshot(store) == before
    # The facilitator link of the other organisation's workshop still works.
    assert app.test_client().get(f"/f/{code}/{savo['secret']}").status_code == 302


def test_a_space_exports_and_deletes_its_own_workshop(app, store, two_spaces):
    kuopio, savo = two_spaces
    client = signed_in(app, kuopio["key"])
    code = kuopio["workshop"]["code"]
    response = client.get(f"/o/w/{code}/export/zip")
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    assert zipfile.ZipFile(io.BytesIO(response.data)).namelist()
    assert client.get(f"/o/w/{code}/delete").status_code == 200
    wrong = client.post(f"/o/w/{code}/delete", data={"confirm": "AAAAAA"}, headers=SAME_ORIGIN)
    assert wrong.status_code == 400
    cross_site = client.post(
        f"/o/w/{code}/delete", data={"confirm": code}, headers={"Sec-Fetch-Site": "cross-site"}
    )
    assert cross_site.status_code == 403
    with store.read() as tx:
        assert tx.workshop_by_code(code) is not None
    done = client.post(f"/o/w/{code}/delete", data={"confirm": code}, headers=SAME_ORIGIN)
    assert done.status_code == 200
    with store.read() as tx:
        assert tx.workshop_by_code(code) is None
        assert tx.workshop_by_code(savo["workshop"]["code"]) is not None


def test_wrong_organiser_keys_are_throttled_for_every_space(app, store, two_spaces):
    kuopio, _savo = two_spaces
    client = app.test_client()
    limit = app.config.get("FACILITATOR_FAILURES", 10)
    for n in range(limit):
        assert client.get(f"/o/wrong-key-{n:040d}").status_code == 403
    throttled = client.get(f"/o/{kuopio['key']}")
    assert throttled.status_code == 429 and int(throttled.headers["Retry-After"]) > 0


def test_spaces_match_by_constant_time_comparison_of_every_hash(monkeypatch):
    rows = [{"key_hash": actions.hash_secret(k), "id": i} for i, k in enumerate(("a", "b", "c"))]
    compared, original = [], hmac.compare_digest

    def compare_digest(a, b):
        compared.append(b)
        return original(a, b)

    monkeypatch.setattr(spaces.hmac, "compare_digest", compare_digest)
    assert spaces.match(rows, "a")["id"] == 0
    assert compared == [r["key_hash"] for r in rows]  # no early exit at the first match
    assert spaces.match(rows, "d") is None


# -- the command line -----------------------------------------------------------------


def run(*args):
    return CliRunner().invoke(cli, list(args))


def test_the_owner_adds_lists_and_revokes_spaces(tmp_path):
    db = str(tmp_path / "cli.db")
    added = run("organizer", "add", "Kuopion kaupunki", "--db", db, "--public-url", "https://t.fi")
    assert added.exit_code == 0, added.output
    link = next(line for line in added.output.splitlines() if "/o/" in line).split()[-1]
    assert link.startswith("https://t.fi/o/") and len(link.rsplit("/", 1)[1]) >= 43
    listed = run("organizer", "list", "--db", db)
    assert "Kuopion kaupunki" in listed.output and "käytössä" in listed.output
    revoked = run("organizer", "revoke", "kuopion kaupunki", "--db", db)
    assert revoked.exit_code == 0, revoked.output
    assert "peruttu" in run("organizer", "list", "--db", db).output


@pytest.mark.parametrize(
    "args, message",
    [
        (("organizer", "add", "   "), "Anna järjestäjän nimi"),
        (("organizer", "add", "Kuopion  KAUPUNKI"), "on jo olemassa"),
        (("organizer", "revoke", "Tuntematon"), "ei löytynyt"),
        (("organizer", "revoke", "99"), "ei löytynyt"),
    ],
)
def test_bad_organiser_commands_are_refused_and_change_nothing(tmp_path, args, message):
    db = str(tmp_path / "cli.db")
    assert run("organizer", "add", "Kuopion kaupunki", "--db", db).exit_code == 0
    before = run("organizer", "list", "--db", db).output
    result = run(*args, "--db", db)
    assert result.exit_code == 1 and message in result.output
    assert run("organizer", "list", "--db", db).output == before


def test_only_the_instance_key_reads_the_hosts_codes(app, store, two_spaces, workshop):
    kuopio, _savo = two_spaces
    client = app.test_client()

    def codes(key):
        return client.get("/o/codes.json", headers={"Authorization": f"Bearer {key}"})

    assert codes(kuopio["key"]).status_code == 403
    assert client.get("/o/codes.json").status_code == 403
    assert codes("z" * 43).status_code == 403
    listed = codes(instance_key(store)[0])
    assert listed.status_code == 200
    with store.read() as tx:
        assert listed.get_json()["codes"] == tx.workshop_codes()
    assert len(listed.get_json()["codes"]) == 3
