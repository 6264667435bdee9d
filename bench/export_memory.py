"""Export memory and time for one huge step: 1,000, 4,000 and 10,000 answers to one question.

Usage: python -m bench.export_memory [--answers 1000 4000 10000] [--format zip] [--data PATH]

For each size, builds a workshop whose one open step has that many answers (texts spliced
from the dev answers, with typos, so nearly every answer shares words with many others: the
worst case for grouping) and no groups, so the export groups the step automatically. Then a
fresh Python process warms up the grouping as the server does (simplemma's low-memory
dictionary, any word vectors), notes its RSS, and runs the whole export (read the rows,
build the report with the automatic grouping, render the format); it reports the peak RSS
over that baseline, the wall time and the CPU time (on a shared machine the CPU time is the
steadier figure). One process per size, so the peaks do not mix.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.grouping_quality import DEFAULT_DATA, synthetic_answers
from tyopaja.store import Store, Tx
from tyopaja.usecases import actions

SCRIPT = "# Iso kysymys\n\n### avoin: Mitä ajattelette?\n- id: iso\n- vastauksia: 20\n"

CHILD = r"""
import json, resource, sys, time
from tyopaja import export
from tyopaja.grouping import engine as grouping
from tyopaja.store import Store
db, wid, fmt = sys.argv[1], int(sys.argv[2]), sys.argv[3]
grouping.warm_up(low_memory=True)
store = Store(db)
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
started, cpu = time.perf_counter(), time.process_time()
with store.read() as tx:
    rows = tx.export_rows(wid)
report = export.report_of(rows)
body = export.render(report, fmt).body
elapsed = time.perf_counter() - started
cpu = time.process_time() - cpu
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
groups = sum(len(s.groups) for s in report.steps)
print(json.dumps({"base_mb": base / 1024, "peak_mb": peak / 1024, "seconds": elapsed, "cpu": cpu,
                  "groups": groups, "bytes": len(body),
                  "vectors": grouping.vectors_available()}))
"""


def build(path: Path, answers: int, data: Path) -> int:
    """A workshop with `answers` answers on its one open step; return its id."""
    texts = [json.loads(line)["text"] for line in data.open(encoding="utf-8") if line.strip()]
    store = Store(path)
    workshop, _ = store.write(actions.create_workshop, SCRIPT)
    wid = workshop["id"]

    def fill(tx: Tx) -> None:
        people = []
        for n in range(max(1, answers // 3)):
            row, _ = actions.join(tx, wid, f"bench-phone-{n:06d}-000", "s" * 32, "fi")
            people.append(row["id"])
        for n, text in synthetic_answers(texts, answers):
            tx.insert_answer(
                {"workshop_id": wid, "step_id": "iso", "participant_id": people[n % len(people)],
                 "text": text}
            )  # fmt: skip

    store.write(fill)
    store.close()
    return wid


def measure(answers: int, fmt: str, data: Path) -> dict:
    """Peak RSS over the warmed-up baseline, and time, of one whole export in a fresh process."""
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "bench.db"
        wid = build(db, answers, data)
        out = subprocess.run(
            [sys.executable, "-c", CHILD, str(db), str(wid), fmt],
            capture_output=True,
            text=True,
            check=True,
        )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, nargs="+", default=[1000, 4000, 10000])
    parser.add_argument("--format", default="zip")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    args = parser.parse_args()
    for n in args.answers:
        r = measure(n, args.format, args.data)
        print(
            f"{n:>6} answers on one step: {r['seconds']:6.2f} s ({r['cpu']:.2f} s CPU), peak RSS"
            f" {r['peak_mb']:6.0f} MB = {r['base_mb']:.0f} MB after warm-up"
            f" + {r['peak_mb'] - r['base_mb']:.0f} MB; {r['groups']} groups;"
            f" {r['bytes'] / 1024:.0f} KiB {args.format}; vectors {r['vectors']}",
            flush=True,
        )


if __name__ == "__main__":
    main()
