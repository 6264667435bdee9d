"""Export speed: a workshop of 150 people and 2,000 answers, from SQLite to every format.

Usage: python -m bench.export_speed [--people 150] [--answers 2000] [--repeat 7] [--data PATH]

Builds the workshop in a temporary SQLite file (through Tx, as the app stores it): 150
participants (ten of them table groups), 2,000 answers over ten open steps (texts from the
shared dev data, varied), the facilitator's groups on five steps and none on the other five
(so the export groups those automatically), a scale and a dot vote from everyone, and 60
calendar entries. Then it times, as the median of --repeat runs: reading the rows, building
the report (automatic grouping included; simplemma's one-off warm-up is timed apart), and
rendering each format; and the whole `tyopaja export` path for the cooperation document.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from tyopaja import export
from tyopaja.export import build as export_build
from tyopaja.export import safe
from tyopaja.grouping import engine as grouping
from tyopaja.store import Store, Tx
from tyopaja.usecases import actions

DATA = Path(__file__).resolve().parents[1].parent / "shared/data/yhdistysilta-dev.jsonl"
OPEN_STEPS = 10
GROUPED_STEPS = 5
SECTORS = ("sote", "liikunta", "kulttuuri", "nuoriso", "eläkeläiset", "kylätoiminta", "muu")
TAILS = ("", " meidän kylällä", " erityisesti talvella", ", tosi tärkeä asia", " ja nuorille")


def script() -> str:
    """Ten open steps over five themes, a scale, a dot vote and a calendar step."""
    themes = ("Avustukset", "Tilat", "Yhteistyö", "Hyvinvointityö", "Viestintä")
    parts = ["# Iso yhdistysilta", ""]
    for i in range(OPEN_STEPS):
        if i % 2 == 0:
            parts += [f"## {themes[i // 2]}", ""]
        parts += [
            f"### avoin: Kysymys {i + 1}: mitä ajattelette?",
            f"- id: q{i}",
            "- vastauksia: 20",
            "",
        ]
    parts += [
        "## Priorisointi",
        "",
        "### asteikko: Kuinka hyvin yhteistyö toimii?",
        "- id: arvio",
        "- asteikko: 1–5",
        "",
        "### pisteet: Mikä on tärkeintä?",
        "- id: pisteet",
        "- äänestä: q0",
        "- äänestettävät: ryhmät",
        "- pisteitä: 5",
        "- enintään: 2",
        "",
        "## Vuosikello",
        "",
        "### tapahtuma: Tapahtumat?",
        "- id: tapahtumat",
    ]
    return "\n".join(parts) + "\n"


def build(store: Store, people: int, answers: int, data: Path = DATA) -> int:
    """Store the workshop; return its id."""
    rng = random.Random(6)
    texts = [json.loads(line)["text"] for line in data.open(encoding="utf-8") if line.strip()]
    workshop, _ = store.write(actions.create_workshop, script(), municipality="Vääräjoki")
    wid = workshop["id"]

    def fill(tx: Tx) -> None:
        ids = []
        for n in range(people):
            row, _ = actions.join(tx, wid, f"bench-phone-{n:05d}-0000", "s" * 32, "fi")
            tx.update_participant(
                row["id"],
                association=f"Yhdistys {n % 60} ry",
                sector=SECTORS[n % len(SECTORS)],
                table_label=f"Pöytä {n}" if n % 15 == 0 else "",
                headcount=4 if n % 15 == 0 else 1,
            )
            ids.append(row["id"])
        by_step: dict[int, list[int]] = {}
        for n in range(answers):
            step = n % OPEN_STEPS
            text = rng.choice(texts) + rng.choice(TAILS)
            answer = tx.insert_answer(
                {"workshop_id": wid, "step_id": f"q{step}", "participant_id": ids[n % people],
                 "text": text}
            )  # fmt: skip
            by_step.setdefault(step, []).append(answer)
        for step in range(GROUPED_STEPS):
            members = by_step[step]
            for g in range(8):
                group = tx.insert_group(
                    {"workshop_id": wid, "step_id": f"q{step}", "title": f"Ryhmä {g + 1}"}
                )
                tx.set_answers_group(members[g::10], group)
        keys = [f"g:{g['id']}" for g in tx.groups(wid, "q0")]
        for pid in ids:
            dots = {key: 1 for key in rng.sample(keys, 5)}
            for step, payload in (
                ("arvio", {"value": rng.randint(1, 5)}),
                ("pisteet", {"dots": dots}),
            ):
                tx.db["ballots"].insert(
                    {"workshop_id": wid, "step_id": step, "participant_id": pid,
                     "payload": json.dumps(payload), "updated_at": "2026-11-26T19:00:00Z"}
                )  # fmt: skip
        for n in range(60):
            tx.db["events"].insert(
                {"workshop_id": wid, "step_id": "tapahtumat", "participant_id": ids[n],
                 "month": 1 + n % 12, "day": str(1 + n % 28), "what": f"Tapahtuma {n}",
                 "created_at": "2026-11-26T18:00:00.000Z"}
            )  # fmt: skip

    store.write(fill)
    return wid


def timed(fn: Callable[[], object], repeat: int) -> float:
    """Median wall time of fn in milliseconds."""
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append((time.perf_counter() - start) * 1000)
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=150)
    parser.add_argument("--answers", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--data", type=Path, default=DATA, help="answer texts (JSON Lines)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        store = Store(Path(folder) / "bench.db")
        wid = build(store, args.people, args.answers, args.data)
        start = time.perf_counter()
        grouping.warm_up()
        warm = (time.perf_counter() - start) * 1000

        def read():
            with store.read() as tx:
                return tx.export_rows(wid)

        rows = read()
        report = export.report_of(rows)
        auto = sum(1 for s in report.steps if s.grouping == "automatic")
        print(
            f"{args.people} people ({report.participation.people} with table groups), "
            f"{report.participation.answers} answers, {auto} steps grouped automatically"
        )
        print(f"  simplemma warm-up (once per process)  {warm:8.1f} ms")
        print(f"  read rows (one snapshot)              {timed(read, args.repeat):8.1f} ms")

        def cold():
            export_build._suggestions.cache_clear()
            return export.report_of(rows)

        print(f"  build report, first time              {timed(cold, args.repeat):8.1f} ms")
        report = export.report_of(rows)
        again = timed(lambda: export.report_of(rows), args.repeat)
        print(f"  build report again (groups cached)    {again:8.1f} ms")

        def render(fmt: str) -> object:
            safe.md.cache_clear()  # as in a fresh process: nothing escaped yet
            return export.render(report, fmt)

        for fmt in export.FORMATS:
            ms = timed(lambda fmt=fmt: render(fmt), args.repeat)
            size = len(export.render(report, fmt).body) / 1024
            print(f"  render {fmt:<10} {size:8.0f} KiB        {ms:8.1f} ms")

        def whole(fmt: str) -> Callable[[], object]:
            def run():
                export_build._suggestions.cache_clear()
                safe.md.cache_clear()
                return export.render(export.report_of(read()), fmt)

            return run

        ms = timed(whole("md"), args.repeat)
        print(f"  whole export, cooperation document    {ms:8.1f} ms  (read + build + render)")
        ms = timed(whole("zip"), args.repeat)
        print(f"  whole export, zip of everything       {ms:8.1f} ms")
        store.close()


if __name__ == "__main__":
    main()
