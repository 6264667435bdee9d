"""Next steps: the cost of a recap ballot's ack and of an export with a follow-up.

A series of three evenings with ten actions each (all still open, so the fourth evening
carries 30), 20 phones. Compares, in one run: the median ack of a scale ballot and of a recap
ballot rating every carried action; the Markdown export of the evening before and of the
recap evening. Run from the repository root: `.venv/bin/python -m bench.followup` (an
in-process app on a temporary SQLite file, Flask-SocketIO's test client; BENCHMARKS.md).
"""

from __future__ import annotations

import statistics
import tempfile
import time

from tests.helpers import participant_client
from tyopaja import create_app, export
from tyopaja.reads.followup import export_rows, recap_items
from tyopaja.usecases import actions, followup
from tyopaja.usecases.base import Actor

EVENING = "# A\n\n### avoin: Mitä?\n- id: a\n"
RECAP = (
    "# B\n\n### seuranta: Mitä sovittiin?\n- id: s\n\n"
    "### asteikko: Miten meni?\n- id: sc\n- asteikko: 1–5\n"
)
PHONES, ROUNDS, EXPORTS = 20, 5, 20


def series(store):
    """Three evenings in a line, ten open actions each, and the evening that follows them."""
    previous = None
    for n in range(3):
        evening, _ = store.write(followup.create_follow_up, EVENING, previous)
        for i in range(10):
            what = f"Toimenpide {n}-{i}"
            store.write(followup.add_action, evening["id"], what, "Kunta", "2027", "ongoing")
        previous = evening["code"]
    recap, _ = store.write(followup.create_follow_up, RECAP, previous)
    return previous, recap


def phones(app, code):
    out = []
    for p in range(PHONES):
        sio = participant_client(app, app.test_client(), code, pid=f"bench{p:03d}" * 4)
        for field, value in (
            ("nickname", ""),
            ("association", ""),
            ("sector", ""),
            ("mode", "one"),
        ):
            sio.emit(
                "profile",
                {"cid": f"c{p}{field}xxxxx", "field": field, "value": value},
                callback=True,
            )
        out.append(sio)
    return out


def median_ack_ms(socks, step, ballot_of) -> float:
    times, k = [], 0
    for r in range(ROUNDS):
        for sio in socks:
            k += 1
            payload = {"cid": f"{step}{k:08d}", "step": step, "ballot": ballot_of(r)}
            start = time.perf_counter()
            ack = sio.emit("ballot", payload, callback=True)
            times.append(time.perf_counter() - start)
            assert ack["ok"], ack
    return statistics.median(times) * 1000


def export_ms(store, workshop_id) -> float:
    start = time.perf_counter()
    for _ in range(EXPORTS):
        with store.read() as tx:
            rows = export_rows(tx, workshop_id)
        export.render(export.report_of(rows), "md")
    return (time.perf_counter() - start) / EXPORTS * 1000


def main() -> None:
    config = {"ASYNC_MODE": "threading", "TESTING": True, "BACKGROUND_TASKS": False}
    app = create_app(dict(config, DB=tempfile.mkdtemp() + "/bench.db"))
    store = app.extensions["tyopaja"].store
    before, recap = series(store)
    with store.read() as tx:
        items = recap_items(tx, tx.workshop(recap["id"]))
    socks = phones(app, recap["code"])
    store.write(actions.goto_step, Actor.facilitator(recap["id"]), "sc")
    scale = median_ack_ms(socks, "sc", lambda r: {"value": 1 + r % 5})
    store.write(actions.goto_step, Actor.facilitator(recap["id"]), "s")
    first = items[0]["key"]
    rated = median_ack_ms(
        socks,
        "s",
        lambda r: {"ratings": {i["key"]: 1 + r % 5 for i in items}, "comments": {first: "hyvä"}},
    )
    print(f"ack median: scale {scale:.2f} ms, recap of {len(items)} actions {rated:.2f} ms")
    print(f"  ratio {rated / scale:.2f}x")
    with store.read() as tx:
        before_id = tx.workshop_by_code(before)["id"]
    plain, follow = export_ms(store, before_id), export_ms(store, recap["id"])
    print(f"export md: the evening before {plain:.1f} ms, the recap evening {follow:.1f} ms")
    print(f"  ratio {follow / plain:.2f}x")


if __name__ == "__main__":
    main()
