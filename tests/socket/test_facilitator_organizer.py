"""The organiser's pages: the key, the workshop list, creating from a script, new links."""

from __future__ import annotations

import io
import re

import pytest

from tests.helpers import TEST_SCRIPT
from tyopaja import create_app
from tyopaja.usecases import actions
from tyopaja.web.organizer import instance_key, serve_line

SAME_ORIGIN = {"Sec-Fetch-Site": "same-origin"}


@pytest.fixture
def key(store):
    return instance_key(store)[0]


@pytest.fixture
def organiser(client, key):
    """A browser that opened the organiser link."""
    response = client.get(f"/o/{key}")
    assert response.status_code == 302 and response.headers["Location"].endswith("/o/")
    return client


def post(client, **form):
    return client.post("/o/", data=form, headers=SAME_ORIGIN, content_type="multipart/form-data")


def test_the_key_is_made_once_and_kept(store, key):
    assert len(key) >= 32 and instance_key(store) == (key, False)
    assert f"/o/{key}" in serve_line(store, "http://x")


def test_a_configured_key_wins_and_is_never_printed(tmp_path, monkeypatch):
    monkeypatch.setenv("TYOPAJA_ORGANIZER_KEY", "hosted-organiser-key-1234567890")
    app = create_app({"DB": str(tmp_path / "h.db"), "BACKGROUND_TASKS": False})
    store = app.extensions["tyopaja"].store
    try:
        assert instance_key(store) == ("hosted-organiser-key-1234567890", True)
        assert "hosted-organiser-key" not in serve_line(store, "http://x")
        client = app.test_client()
        assert client.get("/o/hosted-organiser-key-1234567890").status_code == 302
        assert client.get("/o/").status_code == 200
    finally:
        store.close()


@pytest.mark.parametrize("path", ["/o/", "/o/wrong-key-wrong-key-wrong-key"])
def test_without_the_key_nothing_is_shown(client, key, path):
    response = client.get(path)
    assert response.status_code == 403
    assert "järjestäjän linkin" in response.get_data(as_text=True)


def test_without_the_key_nothing_is_created(client, store, key):
    response = post(client, builtin="demo.md", action="create")
    assert response.status_code == 403
    with store.read() as tx:
        assert tx.workshops() == []


def test_a_cross_site_post_is_refused(organiser, store):
    response = organiser.post(
        "/o/", data={"builtin": "demo.md", "action": "create"},
        headers={"Sec-Fetch-Site": "cross-site"},
    )  # fmt: skip
    assert response.status_code == 403
    with store.read() as tx:
        assert tx.workshops() == []


def test_the_list_shows_workshops_with_state_and_links(organiser, workshop):
    html = organiser.get("/o/").get_data(as_text=True)
    code = workshop[0]["code"]
    assert "Testityöpaja" in html and "Käynnissä" in html
    for link in (f"/f/{code}", f"/p/{code}", f"/j/{code}"):
        assert f'href="{link}"' in html


def test_a_built_in_script_is_previewed_with_finnish_step_kinds(organiser):
    response = post(organiser, builtin="demo.md", action="preview")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Esikatselu: Kokeiluilta" in html
    assert re.findall(r'data-kind="\w+">([^<]+)<', html)[:3] == ["info", "avoin", "avoin"]
    assert "pisteet" in html and "tapahtuma" in html


def test_creating_shows_the_links_the_qr_and_opens_the_console(organiser, store):
    response = post(
        organiser, builtin="demo.md", title="Syysilta", municipality="Mänttä-Vilppula",
        date="2026-11-26", lang="fi", pacing="facilitator", action="create",
    )  # fmt: skip
    assert response.status_code == 201
    html = response.get_data(as_text=True)
    with store.read() as tx:
        (created,) = tx.workshops()
    assert created["title"] == "Syysilta" and created["state"] == "draft"
    assert created["municipality"] == "Mänttä-Vilppula" and created["script_name"] == "demo.md"
    secret = re.search(rf'value="http://localhost/f/{created["code"]}/([^"]+)"', html).group(1)
    with store.read() as tx:
        assert actions.secret_matches(secret, tx.workshop(created["id"])["secret_hash"])
    assert 'class="qr"' in html and f"/j/{created['code']}" in html
    assert organiser.get(f"/f/{created['code']}").status_code == 200


def test_a_pasted_script_with_errors_shows_them_with_line_numbers(organiser, store):
    source = TEST_SCRIPT.replace("### avoin: Mitä tiloja", "### kysely: Mitä tiloja")
    response = post(organiser, source=source, action="create")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    bad_line = source.splitlines().index("### kysely: Mitä tiloja tarvitsette?") + 1
    assert f"Rivi {bad_line}" in html and "kysely" in html
    assert "Esikatselu" not in html
    with store.read() as tx:
        assert tx.workshops() == []


def test_an_uploaded_script_is_used(organiser, store):
    data = {
        "upload": (io.BytesIO(TEST_SCRIPT.encode()), "oma.md"),
        "builtin": "demo.md",
        "action": "create",
    }
    response = organiser.post("/o/", data=data, headers=SAME_ORIGIN)
    assert response.status_code == 201
    with store.read() as tx:
        assert [w["title"] for w in tx.workshops()] == ["Testityöpaja"]


def test_a_file_that_is_not_utf8_gets_a_finnish_message(organiser):
    data = {"upload": (io.BytesIO("Työpaja".encode("latin-1")), "oma.md"), "action": "create"}
    response = organiser.post("/o/", data=data, headers=SAME_ORIGIN)
    assert response.status_code == 400
    assert "UTF-8" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [("date", "26.11.2026", "2026-11-26"), ("lang", "de", "Valitse kieli"),
     ("pacing", "nopea", "Valitse tahti")],
)  # fmt: skip
def test_bad_fields_are_explained_next_to_them(organiser, store, field, value, message):
    response = post(organiser, builtin="demo.md", action="create", **{field: value})
    assert response.status_code == 400 and message in response.get_data(as_text=True)
    with store.read() as tx:
        assert tx.workshops() == []


def test_a_new_facilitator_link_replaces_the_old(organiser, workshop, store):
    row, old = workshop
    response = organiser.post(f"/o/w/{row['code']}/link", headers=SAME_ORIGIN)
    assert response.status_code == 200
    new = re.search(rf'/f/{row["code"]}/([^"]+)"', response.get_data(as_text=True)).group(1)
    with store.read() as tx:
        stored = tx.workshop(row["id"])["secret_hash"]
    assert actions.secret_matches(new, stored) and not actions.secret_matches(old, stored)
