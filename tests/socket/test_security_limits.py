"""Rate limits: per-participant write buckets and facilitator failure throttling (never per IP)."""

import pytest

from tests.helpers import participant_client
from tyopaja.core.ratelimit import FailureThrottle, Limits, TokenBuckets
from tyopaja.realtime import EVENTS, register_handlers, socketio


class Clock:
    """A clock the test moves by hand."""

    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_a_bucket_allows_its_burst_then_refills_at_its_rate():
    clock = Clock()
    buckets = TokenBuckets(burst=5, rate=2.0, clock=clock)
    assert [buckets.allow("a") for _ in range(6)] == [True] * 5 + [False]
    assert buckets.allow("b"), "another key has its own bucket"
    clock.now += 0.5
    assert buckets.allow("a") and not buckets.allow("a")
    clock.now += 100
    assert sum(buckets.allow("a") for _ in range(10)) == 5, "never more than the burst"


def test_buckets_forget_the_oldest_keys_past_the_cap():
    buckets = TokenBuckets(burst=1, rate=0.0, clock=Clock(), max_keys=3)
    for key in "abcd":
        assert buckets.allow(key)
    assert buckets.allow("a"), "a was forgotten, so it starts full again"
    assert not buckets.allow("d")


def test_the_failure_throttle_counts_in_a_sliding_window():
    clock = Clock()
    throttle = FailureThrottle(limit=3, window=60, clock=clock)
    verdicts = [throttle.attempt("K", lambda: False) for _ in range(5)]
    assert verdicts == ["denied"] * 3 + ["throttled"] * 2
    checked = []
    assert throttle.attempt("K", lambda: checked.append(1) or True) == "throttled"
    assert checked == [], "a throttled attempt is not even checked"
    assert throttle.attempt("OTHER", lambda: True) == "ok"
    clock.now += 61
    assert throttle.attempt("K", lambda: True) == "ok"


def _write_events():
    register_handlers()
    return sorted(
        name
        for name, (roles, model) in EVENTS.items()
        if "participant" in roles and "cid" in model.model_fields
    )


def test_every_participant_write_event_is_rate_limited_per_participant(app, client, workshop):
    app.extensions["tyopaja_limits"] = Limits(write_burst=3, write_rate=0.0, clock=Clock())
    code = workshop[0]["code"]
    for n, event in enumerate(_write_events()):
        sio = participant_client(app, client, code, pid=f"rate{n:016d}", secret="s" * 32)
        acks = [
            sio.emit(event, {"cid": f"c{n}x{i:08d}", "step": "toimii", "text": "x"}, callback=True)
            for i in range(4)
        ]
        errors = [ack.get("error") for ack in acks]
        assert "rate_limited" not in errors[:3], (event, errors)
        assert errors[3] == "rate_limited", (event, errors)
        assert "Hetkinen" in acks[3]["message"]
        sio.disconnect()


def test_the_limit_is_per_participant_not_per_address(app, client, workshop):
    """A whole hall shares one IP address: one busy phone does not slow the others."""
    app.extensions["tyopaja_limits"] = Limits(write_burst=2, write_rate=0.0, clock=Clock())
    code = workshop[0]["code"]
    busy = participant_client(app, client, code, pid="b" * 20, secret="s" * 32)
    for i in range(3):
        busy.emit("answer", {"cid": f"busy{i:06d}", "step": "toimii", "text": "x"}, callback=True)
    calm = participant_client(app, client, code, pid="c" * 20, secret="t" * 32)
    ack = calm.emit("answer", {"cid": "calm000001", "step": "toimii", "text": "y"}, callback=True)
    assert ack["ok"]


def test_a_rate_limited_write_is_not_stored_and_its_id_can_be_resent(app, client, workshop, store):
    clock = Clock()
    app.extensions["tyopaja_limits"] = Limits(write_burst=1, write_rate=1.0, clock=clock)
    sio = participant_client(app, client, workshop[0]["code"])
    assert sio.emit("answer", {"cid": "first00001", "step": "toimii", "text": "a"}, callback=True)[
        "ok"
    ]
    refused = sio.emit(
        "answer", {"cid": "second0001", "step": "toimii", "text": "b"}, callback=True
    )
    assert refused["error"] == "rate_limited"
    with store.read() as tx:
        assert [r[0] for r in tx.db.execute("SELECT text FROM answers")] == ["a"]
    clock.now += 1
    again = sio.emit("answer", {"cid": "second0001", "step": "toimii", "text": "b"}, callback=True)
    assert again["ok"] and not again["replay"]


@pytest.mark.parametrize("event", ["sync"])
def test_reads_are_not_rate_limited(app, client, workshop, event):
    app.extensions["tyopaja_limits"] = Limits(write_burst=1, write_rate=0.0, clock=Clock())
    sio = participant_client(app, client, workshop[0]["code"])
    assert all(sio.emit(event, {}, callback=True)["ok"] for _ in range(20))


def test_facilitator_events_are_not_write_limited(app, workshop):
    app.extensions["tyopaja_limits"] = Limits(write_burst=1, write_rate=0.0, clock=Clock())
    row, secret = workshop
    flask_client = app.test_client()
    flask_client.get(f"/f/{row['code']}/{secret}")
    sio = socketio.test_client(
        app, flask_test_client=flask_client, auth={"role": "facilitator", "code": row["code"]}
    )
    acks = [sio.emit("f:goto", {"step": "toimii"}, callback=True) for _ in range(5)]
    assert all(ack["ok"] for ack in acks)
