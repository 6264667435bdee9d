"""Fuzz every Socket.IO event (tyopaja.realtime.EVENTS, so new events are covered automatically).

Random and malformed payloads, from every role, against a real SQLite file:
0 server errors, 0 logged tracebacks, and a refused input changes nothing
(a digest of every table is the same before and after).
"""

from __future__ import annotations

import logging
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers import TEST_SCRIPT, digest
from tyopaja import create_app
from tyopaja.i18n import MESSAGES
from tyopaja.realtime import EVENTS, register_handlers, socketio
from tyopaja.usecases import actions

register_handlers()
ROLES = ("participant", "projector", "facilitator")
CASES = sorted((event, role) for event, (roles, _model) in EVENTS.items() for role in roles)
FORBIDDEN = sorted(
    (event, role)
    for event, (roles, _model) in EVENTS.items()
    for role in ROLES
    if role not in roles
)
EXAMPLES = 120
TRIED: Counter[str] = Counter()

WEIRD_TEXT = [
    "",
    " ",
    "\x00",
    "\ud800",
    "a\udfffb",
    "x" * 10_001,
    "y" * 70_000,
    "<script>window.__pwned=1</script>",
    "\u202e\u2066evil",
    "-1",
    "1e309",
    "NaN",
    "toimii",
    "tilat",
    "null",
    "__proto__",
    "' OR 1=1 --",
]
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=-3, max_value=40),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=60),
    st.sampled_from(WEIRD_TEXT),
)
# Keys that nested payload values use (table, ballots, calendar entries), plus random ones.
NESTED_KEYS = ["label", "headcount", "text", "step", "value", "month", "day", "what", "organiser"]
NESTED_KEYS += ["option", "options", "choice", "scale", "rank", "dots", "items", "id", "answer"]
keys = st.one_of(st.text(max_size=12), st.sampled_from(NESTED_KEYS))
json_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=4),
    max_leaves=12,
)
client_ids = st.from_regex(r"\A[A-Za-z0-9_-]{8,20}\Z")


def schema_values(schema: dict) -> list:
    """Enum and const values anywhere in a JSON schema (the Literal choices of a model)."""
    found: list = []
    if isinstance(schema, dict):
        found.extend(schema.get("enum", []))
        if "const" in schema:
            found.append(schema["const"])
        for value in schema.values():
            found.extend(schema_values(value))
    elif isinstance(schema, list):
        for value in schema:
            found.extend(schema_values(value))
    return found


hostile_text = st.one_of(st.sampled_from(WEIRD_TEXT), st.text(max_size=80))


def from_schema(schema: dict, defs: dict, depth: int = 0) -> st.SearchStrategy:
    """Values of the right shape for one field's JSON schema, with hostile text and numbers."""
    if "$ref" in schema:
        return from_schema(defs[schema["$ref"].split("/")[-1]], defs, depth + 1)
    if "enum" in schema or "const" in schema:
        return st.sampled_from(schema.get("enum") or [schema["const"]])
    if "anyOf" in schema:
        return st.one_of([from_schema(s, defs, depth + 1) for s in schema["anyOf"]])
    kind = schema.get("type")
    if kind == "string":
        return st.one_of(hostile_text, client_ids, st.sampled_from(["toimii", "tilat", "x"]))
    if kind in ("integer", "number"):
        return st.one_of(st.integers(min_value=-3, max_value=60), st.integers(), st.floats())
    if kind == "boolean":
        return st.booleans()
    if kind == "array" and depth < 3:
        items = from_schema(schema.get("items", {}), defs, depth + 1)
        return st.lists(items, max_size=6)
    if kind == "object" and depth < 3:
        fields = {
            k: from_schema(v, defs, depth + 1) for k, v in schema.get("properties", {}).items()
        }
        if fields:
            return st.fixed_dictionaries({}, optional=fields)
    nested = st.dictionaries(st.sampled_from(NESTED_KEYS), scalars | hostile_text, max_size=4)
    return st.one_of(scalars, hostile_text, nested, st.lists(nested, max_size=3))


def near_valid(model) -> st.SearchStrategy:
    """Dicts with the model's own field names: values of the right shape, or of any shape."""
    schema = model.model_json_schema()
    defs = schema.get("$defs", {})
    fields = {
        name: st.one_of(from_schema(prop, defs), from_schema(prop, defs), json_values)
        for name, prop in schema.get("properties", {}).items()
    }
    required = schema.get("required", [])
    return st.fixed_dictionaries(
        {name: fields[name] for name in required if name in fields},
        optional={name: s for name, s in fields.items() if name not in required}
        | {"extra_field": json_values},
    )


def payloads(model) -> st.SearchStrategy:
    """Anything at all, or something shaped like the model."""
    return st.one_of(json_values, near_valid(model), near_valid(model))


class ErrorLog(logging.Handler):
    """Collects every ERROR record (a traceback is always logged at ERROR or above)."""

    def __init__(self):
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """One app, one workshop, a socket per role; no rate limits, so that the rules answer."""
    db = tmp_path_factory.mktemp("fuzz") / "fuzz.db"
    app = create_app(
        {
            "DB": str(db),
            "ASYNC_MODE": "threading",
            "TESTING": True,
            "BACKGROUND_TASKS": False,
            "WRITE_BURST": 10**9,
            "FACILITATOR_FAILURES": 10**9,
        }
    )
    store = app.extensions["tyopaja"].store
    row, secret = store.write(actions.create_workshop, TEST_SCRIPT, script_name="t.md")
    code = row["code"]
    browser = app.test_client()
    browser.get(f"/f/{code}/{secret}")
    sockets = {
        "participant": socketio.test_client(
            app,
            flask_test_client=app.test_client(),
            auth={"role": "participant", "code": code, "pid": "f" * 20, "secret": "s" * 20},
        ),
        "projector": socketio.test_client(app, auth={"role": "projector", "code": code}),
        "facilitator": socketio.test_client(
            app, flask_test_client=browser, auth={"role": "facilitator", "code": code}
        ),
    }
    assert all(s.is_connected() for s in sockets.values())
    errors = ErrorLog()
    logging.getLogger().addHandler(errors)
    yield app, db, sockets, errors, code
    logging.getLogger().removeHandler(errors)
    print(f"\nfuzzed socket inputs: {sum(TRIED.values())} ({dict(TRIED)})")
    store.close()


@pytest.fixture(autouse=True)
def fresh_error_log(world):
    """Each test starts with an empty error log."""
    world[3].records.clear()


def check_one(world, role: str, event: str, payload) -> None:
    """Send one payload; the server answers with an ack, refuses cleanly, and logs nothing."""
    _app, db, sockets, errors, _code = world
    sio = sockets[role]
    before = digest(db)
    ack = sio.emit(event, payload, callback=True)
    TRIED[event] += 1
    assert sio.is_connected()
    assert isinstance(ack, dict) and isinstance(ack.get("ok"), bool), ack
    if not ack["ok"]:
        assert ack["error"] in MESSAGES and ack["error"] != "server_error", ack
        assert ack["message"] and "Traceback" not in ack["message"]
        assert digest(db) == before, (event, payload, ack)
    assert not errors.records, [logging.Formatter().format(r) for r in errors.records]


@pytest.mark.parametrize(("event", "role"), CASES)
def test_any_payload_gets_a_clean_ack_and_refusals_change_nothing(world, event, role):
    model = EVENTS[event][1]

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(payload=payloads(model))
    def run(payload):
        check_one(world, role, event, payload)

    run()


@pytest.mark.parametrize(("event", "role"), FORBIDDEN)
def test_a_role_may_not_send_anothers_events(world, event, role):
    _app, db, sockets, _errors, _code = world
    before = digest(db)
    ack = sockets[role].emit(event, {"cid": "forbidden1", "step": "toimii"}, callback=True)
    assert ack["error"] == "not_allowed" and digest(db) == before


@settings(max_examples=300, deadline=None, database=None)
@given(
    auth=st.one_of(
        st.none(),
        st.dictionaries(keys, json_values, max_size=5),
        st.fixed_dictionaries(
            {},
            optional={
                "role": st.sampled_from([*ROLES, "admin", "", None]),
                "code": st.one_of(
                    st.sampled_from(["REAL", "ZZZZZZ", "", "a" * 20]), st.text(max_size=20)
                ),
                "pid": st.one_of(client_ids, st.text(max_size=70)),
                "secret": st.one_of(st.text(max_size=130), st.sampled_from(["\ud800" * 20])),
                "lang": st.sampled_from(["fi", "sv", "en", "de", 3]),
            },
        ),
    )
)
def test_any_connect_auth_is_refused_or_accepted_cleanly(world, auth):
    app, db, _sockets, errors, code = world
    if isinstance(auth, dict) and auth.get("code") == "REAL":
        auth = dict(auth, code=code.lower())
    before = digest(db)
    sio = socketio.test_client(app, auth=auth)
    TRIED["connect"] += 1
    if sio.is_connected():
        sio.disconnect()
    else:
        assert digest(db) == before
    assert not errors.records, [logging.Formatter().format(r) for r in errors.records]


@pytest.mark.parametrize("name", ["f:drop_tables", "connect", "disconnect", "connect_error"])
def test_unknown_and_reserved_events_are_refused(world, name):
    _app, db, sockets, errors, _code = world
    before = digest(db)
    for role, sio in sockets.items():
        ack = sio.emit(name, {"role": "projector", "code": "X"}, callback=True)
        assert ack["ok"] is False and ack["error"] == "bad_request", (role, ack)
        assert sio.is_connected()
    assert digest(db) == before and not errors.records


INT_KEYS = {"headcount", "month", "answer", "id", "dots", "value", "scale", "rank", "group"}


def baseline(name: str, prop: dict, defs: dict):
    """A plausible value for one field (so that a probe gets past the fields it does not target)."""
    if "$ref" in prop:
        prop = defs[prop["$ref"].split("/")[-1]]
    if "enum" in prop or "const" in prop:
        return (prop.get("enum") or [prop["const"]])[0]
    kind = prop.get("type") or next((p.get("type") for p in prop.get("anyOf", [])), None)
    if name == "cid":
        return "probe-cid-0001"
    if name == "step":
        return "toimii"
    return {"integer": 1, "number": 1, "boolean": True, "array": [1], "object": {}}.get(kind, "x")


def hostile_nested(text: str) -> dict:
    """A nested object where every known key holds `text`, except numbers where numbers belong."""
    return {key: (1 if key in INT_KEYS else text) for key in NESTED_KEYS}


def probes(model):
    """Deterministic probes: each field in turn gets hostile text, directly and nested."""
    schema = model.model_json_schema()
    defs = schema.get("$defs", {})
    props = schema.get("properties", {})
    base = {name: baseline(name, prop, defs) for name, prop in props.items()}
    enums = {
        name: schema_values(prop) or [base[name]]
        for name, prop in props.items()
        if schema_values(prop)
    }
    hostile = ["\ud800", "a\udfffb", "x" * 10_001, "\x00", "<img src=x onerror=alert(1)>"]
    huge = [2**63, -(2**63) - 1, 10**30]
    for target in props:
        for text in hostile + huge:
            for value in (text, hostile_nested(text), [hostile_nested(text)], [text]):
                variants = [dict(base, **{target: value})]
                for name, choices in enums.items():
                    if name != target:
                        variants += [dict(base, **{target: value, name: c}) for c in choices]
                yield from variants


@pytest.mark.parametrize(("event", "role"), CASES)
def test_hostile_text_in_every_field_is_refused_or_stored_cleanly(world, event, role):
    model = EVENTS[event][1]
    for n, payload in enumerate(probes(model)):
        if "cid" in payload:
            payload["cid"] = f"probe{n:06d}"
        check_one(world, role, event, payload)


def test_the_atheris_harnesses_run_their_seeds():
    """The fuzz/ harnesses stay runnable: each replays its seeds without atheris."""
    from fuzz import fuzz_import, fuzz_payloads, fuzz_script
    from fuzz.harness import replay

    for harness in (fuzz_script, fuzz_payloads, fuzz_import):
        assert replay(harness.test_one_input, harness.seeds()) >= 5
