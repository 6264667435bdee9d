"""Security: the facilitator secret, participant identity, origins, headers, and HTTP input."""

from __future__ import annotations

import hashlib
import inspect
import re
import secrets
from pathlib import Path
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers import participant_client
from tyopaja import create_app
from tyopaja.core.ratelimit import FailureThrottle, Limits
from tyopaja.realtime import EVENTS, register_handlers, socketio
from tyopaja.usecases import actions
from tyopaja.web.organizer import instance_key

ROOT = Path(__file__).resolve().parents[2]
# The facilitator's and the organiser's areas; everything under them needs credentials.
PROTECTED = ("/f/", "/o/")
SIGN_IN = {"web.facilitator_login", "organizer.sign_in"}
register_handlers()


class Clock:
    """A clock the test moves by hand."""

    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


def login(app, row, secret):
    """A browser that has opened the facilitator link."""
    browser = app.test_client()
    response = browser.get(f"/f/{row['code']}/{secret}")
    assert response.status_code == 302, response.status_code
    return browser


def facilitator_socket(app, browser, code):
    return socketio.test_client(
        app, flask_test_client=browser, auth={"role": "facilitator", "code": code}
    )


# -- the facilitator secret ------------------------------------------------------


def test_the_secret_is_long_random_and_stored_only_as_a_hash(store, workshop):
    row, secret = workshop
    assert len(secret) >= 43 and re.fullmatch(r"[A-Za-z0-9_-]+", secret)
    assert row["secret_hash"] == hashlib.sha256(secret.encode()).hexdigest()
    store.close()
    files = [store.path, *store.path.parent.glob(store.path.name + "-*")]
    for path in files:
        assert secret.encode() not in path.read_bytes(), path


def test_secrets_are_compared_in_constant_time():
    assert "hmac.compare_digest" in inspect.getsource(actions.secret_matches)


def test_the_link_moves_the_secret_into_an_httponly_samesite_cookie(app, workshop):
    row, secret = workshop
    response = app.test_client().get(f"/f/{row['code']}/{secret}")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/f/{row['code']}")
    assert secret not in response.headers["Location"]
    cookie = response.headers["Set-Cookie"]
    assert f"tyopaja_f_{row['code']}={secret}" in cookie
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Path=/" in cookie
    assert response.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize(("trust", "secure"), [(True, True), (False, False)])
def test_cookies_are_secure_behind_tls_only_with_a_trusted_proxy(tmp_path, trust, secure):
    app = create_app(
        {"DB": str(tmp_path / "p.db"), "ASYNC_MODE": "threading", "TRUST_PROXY": trust}
    )
    store = app.extensions["tyopaja"].store
    row, secret = store.write(actions.create_workshop, "# T\n\n### avoin: Mitä?\n- id: a\n")
    response = app.test_client().get(
        f"/f/{row['code']}/{secret}", headers={"X-Forwarded-Proto": "https"}
    )
    assert ("Secure" in response.headers["Set-Cookie"]) is secure
    assert ("Strict-Transport-Security" in response.headers) is secure
    store.close()


def test_every_facilitator_route_needs_the_current_secret(app, store, workshop):
    row, secret = workshop
    stale = login(app, row, secret)
    store.write(actions.rotate_secret, row["code"])
    # Every route is tried with a stale cookie: more tries than the throttle allows, so that
    # each route's own check answers (not the throttle, which has its own tests below).
    app.extensions["tyopaja_limits"].facilitator = FailureThrottle(10_000, 300)
    strangers = {"no cookie": app.test_client(), "old cookie": stale}
    checked = 0
    for rule in app.url_map.iter_rules():
        if rule.endpoint in SIGN_IN or not rule.rule.startswith(PROTECTED):
            continue
        url = rule.rule.replace("<code>", row["code"]).replace("<path:filename>", "x")
        url = re.sub(r"<[^>]+>", "x", url)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            for who, browser in strangers.items():
                status = browser.open(url, method=method).status_code
                assert status in (403, 404, 405), (who, method, url, status)
                checked += 1
    assert checked >= 4


def test_every_facilitator_event_checks_the_secret_on_an_open_socket(app, store, workshop):
    row, secret = workshop
    console = facilitator_socket(app, login(app, row, secret), row["code"])
    assert console.emit("sync", {}, callback=True)["ok"]
    store.write(actions.rotate_secret, row["code"])
    facilitator_events = [e for e, (roles, _m) in EVENTS.items() if "facilitator" in roles]
    assert len(facilitator_events) >= 5
    for event in facilitator_events:
        ack = console.emit(event, {"cid": "rotated001", "step": "toimii"}, callback=True)
        assert ack["error"] == "not_allowed", event


def test_a_thousand_forged_secrets_are_never_accepted_and_get_throttled(app, store, workshop):
    row, secret = workshop
    clock = Clock()
    app.extensions["tyopaja_limits"] = Limits(
        facilitator_failures=10, facilitator_window=300, clock=clock
    )
    browser = app.test_client()
    statuses = [
        browser.get(f"/f/{row['code']}/{secrets.token_urlsafe(32)}").status_code
        for _ in range(1000)
    ]
    assert statuses.count(302) == 0
    assert statuses[:10] == [403] * 10 and set(statuses[10:]) == {429}
    page = browser.get(f"/f/{row['code']}/{secret}")
    assert page.status_code == 429, "while throttled, even the right secret waits"
    assert "Liian monta yritystä" in page.get_data(as_text=True)
    assert page.headers["Retry-After"] == "300"  # the first of the ten failures is that old
    other, other_secret = store.write(actions.create_workshop, "# T\n\n### avoin: Mitä?\n- id: a\n")
    assert browser.get(f"/f/{other['code']}/{other_secret}").status_code == 302
    clock.now += 301
    assert browser.get(f"/f/{row['code']}/{secret}").status_code == 302


def test_guessed_organiser_keys_are_throttled_with_a_time_to_retry(app, store):
    key = instance_key(store)[0]
    clock = Clock()
    app.extensions["tyopaja_limits"] = Limits(
        facilitator_failures=10, facilitator_window=300, clock=clock
    )
    browser = app.test_client()
    statuses = []
    for n in range(200):
        clock.now = n / 100  # the failures come within two seconds
        statuses.append(browser.get(f"/o/{secrets.token_urlsafe(32)}").status_code)
    assert statuses[:10] == [403] * 10 and set(statuses[10:]) == {429}
    page = browser.get(f"/o/{key}")
    assert page.status_code == 429, "while throttled, even the right key waits"
    assert page.headers["Retry-After"] == "299"
    browser.set_cookie("tyopaja_o", secrets.token_urlsafe(32))
    assert browser.get("/o/", headers={"Accept": "application/json"}).status_code == 429
    clock.now = 300.5
    assert browser.get(f"/o/{key}").status_code == 302
    assert browser.get("/o/").status_code == 200


def test_forged_facilitator_cookies_on_sockets_are_refused_then_throttled(app, workshop):
    row, secret = workshop
    app.extensions["tyopaja_limits"] = Limits(facilitator_failures=10, clock=Clock())
    outcomes = []
    for _ in range(200):
        browser = app.test_client()
        browser.set_cookie(f"tyopaja_f_{row['code']}", secrets.token_urlsafe(32))
        sio = facilitator_socket(app, browser, row["code"])
        outcomes.append(sio.is_connected())
    assert not any(outcomes)
    real = app.test_client()
    real.set_cookie(f"tyopaja_f_{row['code']}", secret)
    assert not facilitator_socket(app, real, row["code"]).is_connected(), "throttled"


def test_the_secret_never_reaches_the_server_log(live_server):
    import requests

    from tests.helpers import Client

    session = requests.Session()
    assert session.get(f"{live_server.url}/f/{live_server.code}/{live_server.secret}").ok
    assert session.get(f"{live_server.url}/f/{live_server.code}/{'x' * 43}").status_code == 403
    console = Client(
        live_server.url,
        {"role": "facilitator", "code": live_server.code},
        headers={"Cookie": live_server.facilitator_cookie()},
    )
    try:
        assert console.call("sync")["ok"]
        console.call("f:goto", {"step": "no-such-step"})
    finally:
        console.close()
    assert live_server.secret not in live_server.log()


# -- participants ----------------------------------------------------------------


def test_no_payload_names_who_is_acting():
    """The actor always comes from the connection (pid + secret), never from the payload."""
    identity = {"pid", "participant", "participant_id", "secret", "author", "actor", "owner"}
    for event, (_roles, model) in EVENTS.items():
        assert not identity & set(model.model_fields), event


def test_nobody_can_act_on_another_participants_answer(app, client, workshop, store):
    code = workshop[0]["code"]
    owner = participant_client(app, client, code, pid="owner" * 4, secret="o" * 32)
    answer = owner.emit(
        "answer", {"cid": "own0000001", "step": "toimii", "text": "Omani"}, callback=True
    )
    intruder = participant_client(app, client, code, pid="intruder" * 3, secret="i" * 32)
    targeting = [
        (event, model)
        for event, (roles, model) in EVENTS.items()
        if "participant" in roles and "answer" in model.model_fields
    ]
    assert targeting, "followup at least"
    for n, (event, model) in enumerate(targeting):
        payload = {"cid": f"steal{n:05d}", "answer": answer["answer"]}
        if "text" in model.model_fields:
            payload["text"] = "kaapattu"
        if "rejected" in model.model_fields:  # placement: a link needs a choice
            payload["rejected"] = [answer["answer"]]
        ack = intruder.emit(event, payload, callback=True)
        assert ack["ok"] is False and ack["error"] in ("not_yours", "no_such_answer"), (event, ack)
    with store.read() as tx:
        row = tx.answer(answer["answer"])
    assert row["text"] == "Omani" and not row["withdrawn"] and row["followup"] in ("", None)


def test_a_known_participant_id_with_another_secret_cannot_connect(app, client, workshop):
    code = workshop[0]["code"]
    assert participant_client(app, client, code, pid="victim" * 4, secret="v" * 32).is_connected()
    for guess in ("v" * 31 + "w", "x" * 32, "v" * 33):
        assert not participant_client(
            app, client, code, pid="victim" * 4, secret=guess
        ).is_connected()


def test_participant_secrets_are_stored_hashed(app, client, workshop, store):
    participant_client(app, client, workshop[0]["code"], pid="hashed" * 4, secret="h" * 40)
    with store.read() as tx:
        stored = tx.db.execute("SELECT secret_hash FROM participants").fetchone()[0]
    assert stored == hashlib.sha256(("h" * 40).encode()).hexdigest()


# -- origins ---------------------------------------------------------------------


def _handshake(app, origin):
    return app.test_client().get(
        "/socket.io/?EIO=4&transport=polling", headers={"Origin": origin} if origin else {}
    )


def test_socketio_accepts_only_its_own_origin_by_default(app):
    assert _handshake(app, "http://localhost").status_code == 200
    assert _handshake(app, None).status_code == 200
    assert _handshake(app, "http://evil.example").status_code == 400


def test_allowed_origins_are_configurable_but_never_a_wildcard(tmp_path, monkeypatch):
    monkeypatch.setenv("TYOPAJA_ALLOWED_ORIGINS", "https://tyopaja.example.fi")
    app = create_app({"DB": str(tmp_path / "o.db"), "ASYNC_MODE": "threading"})
    assert _handshake(app, "https://tyopaja.example.fi").status_code == 200
    assert _handshake(app, "http://evil.example").status_code == 400
    app.extensions["tyopaja"].store.close()
    monkeypatch.setenv("TYOPAJA_ALLOWED_ORIGINS", "https://a.example, *")
    with pytest.raises(ValueError, match="not allowed"):
        create_app({"DB": str(tmp_path / "w.db"), "ASYNC_MODE": "threading"})


def test_a_foreign_origin_is_refused_by_the_live_server(live_server):
    import socketio as sio_client
    import websocket

    from tests.helpers import Client, phone

    ws_url = live_server.url.replace("http", "ws") + "/socket.io/?EIO=4&transport=websocket"
    with pytest.raises(websocket.WebSocketBadStatusException, match="400"):
        websocket.create_connection(ws_url, origin="http://evil.example", timeout=5)
    own = websocket.create_connection(ws_url, origin=live_server.url, timeout=5)
    assert own.recv().startswith("0{")
    own.close()
    with pytest.raises(sio_client.exceptions.ConnectionError):
        phone(live_server, headers={"Origin": "http://evil.example"}, transports=["polling"])
    polling = Client(
        live_server.url,
        {"role": "projector", "code": live_server.code},
        headers={"Origin": live_server.url},
        transports=["polling"],
    )
    try:
        assert polling.call("sync")["ok"]
    finally:
        polling.close()


# -- headers and pages -----------------------------------------------------------


def pages(app, workshop):
    row, secret = workshop
    browser = login(app, row, secret)
    return {
        "/": browser.get("/"),
        "/j": browser.get(f"/j/{row['code']}"),
        "/p": browser.get(f"/p/{row['code']}"),
        "/f": browser.get(f"/f/{row['code']}"),
        "/f/delete": browser.get(f"/f/{row['code']}/delete"),
        "/tietosuoja": browser.get("/tietosuoja"),
        "/saavutettavuus": browser.get("/saavutettavuus"),
        "404": browser.get("/j/ZZZZZZ"),
    }


def test_every_page_sends_a_strict_csp_and_the_other_security_headers(app, workshop):
    for name, response in pages(app, workshop).items():
        csp = dict(
            (part.split()[0], part.split()[1:])
            for part in response.headers["Content-Security-Policy"].split(";")
            if part.strip()
        )
        assert csp["script-src"] == ["'self'"], name
        assert csp["default-src"] == ["'self'"], name
        assert csp["frame-ancestors"] == ["'none'"], name
        assert csp["object-src"] == ["'none'"] and csp["base-uri"] == ["'none'"], name
        assert set(csp["connect-src"]) == {"'self'", "ws://localhost", "wss://localhost"}, name
        assert response.headers["Referrer-Policy"] == "no-referrer", name
        assert response.headers["X-Content-Type-Options"] == "nosniff", name
        assert response.headers["X-Frame-Options"] == "DENY", name


def test_no_page_has_inline_script_or_inline_handlers(app, workshop):
    for name, response in pages(app, workshop).items():
        html = response.get_data(as_text=True)
        for tag in re.findall(r"<script\b[^>]*>", html):
            assert "src=" in tag or 'type="application/json"' in tag, (name, tag)
        assert not re.search(r"\son[a-z]+\s*=", html), name
        assert "javascript:" not in html, name


def test_browser_code_never_parses_user_text_as_html():
    risky = re.compile(
        r"innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function|"
        r"setAttribute\(\s*['\"]on|\.on[a-z]+\s*=\s*['\"]"
    )
    scripts = sorted((ROOT / "tyopaja" / "static" / "js").glob("*.js"))
    assert scripts
    for path in scripts:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            assert not risky.search(line), f"{path.name}:{number}: {line.strip()}"


# -- HTTP input --------------------------------------------------------------------

segments = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["ZZZZZZ", "k7px3q", "%00", "..", "<script>", "\u202e", "x" * 3000, "🙂"]),
)


@settings(
    max_examples=300,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    endpoint=st.integers(min_value=0, max_value=100),
    value=segments,
    query=st.dictionaries(st.sampled_from(["lang", "code", "x"]), st.text(max_size=30), max_size=2),
    form=st.dictionaries(st.sampled_from(["confirm", "title", "x"]), segments, max_size=3),
)
def test_no_route_answers_odd_input_with_a_server_error(
    app, workshop, endpoint, value, query, form
):
    rules = [r for r in app.url_map.iter_rules() if r.endpoint != "static"]
    rule = rules[endpoint % len(rules)]
    url = re.sub(r"<[^>]+>", quote(value, safe="") or "x", rule.rule)
    browser = login(app, *workshop)
    for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
        response = browser.open(url, method=method, query_string=query, data=form)
        assert response.status_code < 500, (method, url, response.status_code)
        assert "Traceback" not in response.get_data(as_text=True)


def test_an_oversized_http_body_gets_a_413_page(app, workshop):
    row, secret = workshop
    browser = login(app, row, secret)
    response = browser.post(f"/f/{row['code']}/delete", data={"confirm": "x" * (3 * 1024 * 1024)})
    assert response.status_code == 413


def test_every_test_named_in_the_reliability_and_security_docs_exists():
    """docs/reliability.md and docs/security.md cannot point at tests that are gone."""
    sources = {
        p.relative_to(ROOT / "tests").as_posix(): p.read_text(encoding="utf-8")
        for p in (ROOT / "tests").rglob("test_*.py")
    }
    everything = "\n".join(sources.values())
    for doc in ("reliability.md", "security.md"):
        text = (ROOT / "docs" / doc).read_text(encoding="utf-8")
        for file, name in re.findall(r"tests/(\w+/test_\w+\.py)::(test_\w+)", text):
            assert re.search(rf"def {name}\b", sources.get(file, "")), (doc, file, name)
        for name in re.findall(r"`(test_\w+)`", text):
            assert re.search(rf"def {name}\b", everything), (doc, name)
        for file in re.findall(r"`tests/(\w+/test_\w+\.py)`", text):
            assert file in sources, (doc, file)
