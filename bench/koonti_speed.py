"""Koonti (review) speed: the console's review snapshot and the export, with 2,000 answers.

Usage: python -m bench.koonti_speed [--people 150] [--answers 2000] [--repeat 7] [--data PATH]

The workshop of bench.export_speed (2,000 answers over ten open steps, five grouped by the
facilitator, five left to automatic grouping), plus a Koonti: two steps reviewed with saved
summaries. Times, as medians of --repeat runs in one process: the bare report build (the
baseline every export pays), the review snapshot the console asks for (`f:koonti`: read the
rows, build the report, draft every summary, shape), cold (grouping not cached) and warm, the
readable titles alone, and the whole cooperation-document export. Compare within one run.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from bench.export_speed import DATA, build, timed
from tyopaja import export
from tyopaja.export import build as export_build
from tyopaja.export import safe
from tyopaja.grouping import engine as grouping
from tyopaja.grouping import titles
from tyopaja.reads import review
from tyopaja.store import Store
from tyopaja.usecases import moderation


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
        for n, step in enumerate(("q0", "q5")):
            store.write(moderation.save_summary, wid, f"bench-s{n}", step, None, "Tiivistelmä.")
            store.write(moderation.set_reviewed, wid, f"bench-r{n}", step, None, True)
        grouping.warm_up()

        def read():
            with store.read() as tx:
                return tx.export_rows(wid)

        rows = read()

        def cold(fn):
            def run():
                export_build._suggestions.cache_clear()
                export_build._default_title.cache_clear()
                safe.md.cache_clear()
                return fn()

            return run

        report = export.report_of(rows)
        auto = [g for s in report.steps if s.grouping == "automatic" for g in s.groups]
        print(f"{report.participation.answers} answers, {len(auto)} automatic groups")

        def bare():
            # The report as before readable titles: every group keeps its engine title.
            real = export_build._readable
            export_build._readable = lambda members, lang, words=(): ""
            try:
                return export.report_of(rows)
            finally:
                export_build._readable = real

        figures = {
            "report build, cold, engine titles (bare)": timed(cold(bare), args.repeat),
            "report build, cold (baseline)": timed(
                cold(lambda: export.report_of(rows)), args.repeat
            ),
            "report build, warm (baseline)": timed(lambda: export.report_of(rows), args.repeat),
            "Koonti snapshot, cold (read + build + drafts)": timed(
                cold(lambda: review.koonti(read())), args.repeat
            ),
            "Koonti snapshot, warm": timed(lambda: review.koonti(read()), args.repeat),
            "readable titles of the automatic groups": timed(
                lambda: [titles.default_title([a.text for a in g.answers]) for g in auto],
                args.repeat,
            ),
            "whole export, cooperation document, cold": timed(
                cold(lambda: export.render(export.report_of(read()), "md")), args.repeat
            ),
        }
        base = figures["report build, warm (baseline)"]
        for name, ms in figures.items():
            print(f"  {name:<48} {ms:8.1f} ms  ({ms / base:4.1f}x warm build)")
        start = time.perf_counter()
        size = len(str(review.koonti(rows)))
        print(
            f"  snapshot size {size / 1024:.0f} KiB ({(time.perf_counter() - start) * 1000:.0f} ms)"
        )
        store.close()


if __name__ == "__main__":
    main()
