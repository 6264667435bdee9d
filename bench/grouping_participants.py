"""Participant-assisted grouping, simulated: pairwise F1 as a function of tap accuracy and uptake.

Usage: python -m bench.grouping_participants [--data PATH] [--seeds N] [--tune] [--lexical]
                                            [--splice N]

Replays each prompt's answers in file order. After each answer, its author (if one of the
participants who take part: a share `q` of them, drawn at random) is offered what the
server would offer (`grouping.offers`: up to three earlier answers, one per cluster that
participants already linked, never the author's own). With probability p the simulated
participant answers right: taps an offered answer of their own gold group if there is one,
else "none of these"; otherwise wrong: taps an offered answer of another group, or "none"
when every offer was right. "None" is a "not the same" link to each offer. At the end the
step is grouped with every link (`suggest_groups(..., links=...)`) and scored against the
gold groups; "automatic" is the same grouping without links, "taps alone" the connected
components of the links (the naive merge). Means over --seeds draws of who taps and how.
--splice N replays N consecutive prompts as one answer set (gold groups kept per prompt),
to see how the links fare as a set grows and mixes themes.
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from bench import grouping_quality as quality
from tyopaja.grouping import engine as grouping

ACCURACY = (0.5, 0.7, 0.9)
UPTAKE = (0.25, 0.5, 0.75, 1.0)


def simulate(rows: Sequence[dict], p: float, q: float, rng: random.Random) -> list[grouping.Link]:
    """The links simulated participants make while one prompt's answers arrive."""
    gold = quality.gold_labels(rows)
    people = sorted({row["participant"] for row in rows})
    tappers = {person for person in people if rng.random() < q}
    links: list[grouping.Link] = []
    for t, row in enumerate(rows):
        if row["participant"] not in tappers:
            continue
        so_far = [(r["id"], r["text"]) for r in rows[: t + 1]]
        own = [r["id"] for r in rows[:t] if r["participant"] == row["participant"]]
        offered = grouping.offers(so_far, row["id"], links, exclude=own)
        if not offered:
            continue
        right = [o for o in offered if gold[o] == gold[row["id"]]]
        wrong = [o for o in offered if o not in right]
        if rng.random() < p:
            chosen = right[0] if right else None
        else:
            chosen = rng.choice(wrong) if wrong else None
        person = row["participant"]
        if chosen is None:
            links += [grouping.Link(row["id"], o, person, same=False) for o in offered]
        else:
            links.append(grouping.Link(row["id"], chosen, person))
    return links


def taps_alone(rows: Sequence[dict], links: Sequence[grouping.Link]) -> quality.Labels:
    """Groups as the connected components of the positive links (the naive merge)."""
    parent = {row["id"]: row["id"] for row in rows}

    def root(x):
        while parent[x] != x:
            x = parent[x]
        return x

    for link in links:
        if link.same:
            parent[root(link.answer)] = root(link.other)
    return {row["id"]: f"c{root(row['id'])}" for row in rows}


def with_links(
    rows: Sequence[dict], links: Sequence[grouping.Link], params: grouping.Params
) -> quality.Labels:
    """Groups from suggest_groups with the links."""
    labels = {row["id"]: f"#{row['id']}" for row in rows}
    answers = [(row["id"], row["text"]) for row in rows]
    for n, s in enumerate(grouping.suggest_groups(answers, params=params, links=links)):
        for answer_id in s.answer_ids:
            labels[answer_id] = f"g{n}"
    return labels


def run(
    prompts: dict[str, list[dict]],
    p: float,
    q: float,
    seeds: int,
    params: grouping.Params,
) -> tuple[float, float]:
    """Mean pooled F1 over seeds: (combined, taps alone)."""
    combined, naive = [], []
    for seed in range(seeds):
        rng = random.Random(f"{seed}:{p}:{q}")
        c_total, n_total = quality.Counts(), quality.Counts()
        for rows in prompts.values():
            links = simulate(rows, p, q, rng)
            gold = quality.gold_labels(rows)
            c_total += quality.pair_counts(gold, with_links(rows, links, params))
            n_total += quality.pair_counts(gold, taps_alone(rows, links))
        combined.append(c_total.f1)
        naive.append(n_total.f1)
    return sum(combined) / seeds, sum(naive) / seeds


def automatic(prompts: dict[str, list[dict]], params: grouping.Params) -> float:
    """Pooled F1 of the automatic grouping alone."""
    return quality.pooled(quality.score(prompts, params))[0].f1


def table(prompts: dict[str, list[dict]], seeds: int, params: grouping.Params) -> None:
    """The curve: F1 by tap accuracy (rows) and uptake (columns)."""
    auto = automatic(prompts, params)
    print(f"automatic (no taps): F1 {auto:.3f}")
    print("combined F1 (taps alone, naive merge, in brackets)")
    print(f"{'p':<6}" + "".join(f"{f'q={q:.0%}':>18}" for q in UPTAKE))
    for p in ACCURACY:
        cells = []
        for q in UPTAKE:
            combined, naive = run(prompts, p, q, seeds, params)
            mark = "" if combined >= auto else " !"
            cells.append(f"{combined:.3f} ({naive:.3f}){mark}")
        print(f"{p:<6}" + "".join(f"{c:>18}" for c in cells), flush=True)


def tune(prompts: dict[str, list[dict]], seeds: int, params: grouping.Params) -> None:
    """The room's trust: worst margin over the automatic method, and F1 at p=0.9, q=100 %.

    Every cell of the table (the worst margin is over all of them): the trust settings
    matter most where few participants tap or half the taps are wrong.
    """
    auto = automatic(prompts, params)
    for trust_low in (0.6, 0.65, 0.7):
        for trust_weight in (2.5, 3.0, 3.5):
            tuned = replace(params, trust_low=trust_low, trust_weight=trust_weight)
            cells = {(p, q): run(prompts, p, q, seeds, tuned)[0] for p in ACCURACY for q in UPTAKE}
            worst = min(cells.values()) - auto
            print(
                f"trust_low {trust_low} trust_weight {trust_weight}: worst margin {worst:+.3f},"
                f" p=0.9 q=100% {cells[0.9, 1]:.3f}, p=0.5 q=50% {cells[0.5, 0.5]:.3f}",
                flush=True,
            )


def splice(prompts: dict[str, list[dict]], n: int) -> dict[str, list[dict]]:
    """Every n consecutive prompts as one set; gold groups stay apart across prompts."""
    names = list(prompts)
    sets = {}
    for k in range(0, len(names), n):
        rows = []
        for pid in names[k : k + n]:
            for row in prompts[pid]:
                alone = row["cluster"].startswith(("singleton_", "off_topic"))
                rows.append(row if alone else {**row, "cluster": f"{pid}:{row['cluster']}"})
        sets["+".join(names[k : k + n])] = rows
    return sets


def main(argv: Sequence[str] | None = None) -> None:
    """Print the curve for the shipped parameters (or the tuning grid with --tune)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=quality.DEFAULT_DATA)
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--tune", action="store_true")
    parser.add_argument("--lexical", action="store_true", help="without word vectors")
    parser.add_argument("--splice", type=int, default=1, help="prompts per answer set")
    args = parser.parse_args(argv)
    grouping.warm_up()
    prompts = quality.load(args.data)
    if args.splice > 1:
        prompts = splice(prompts, args.splice)
    params = grouping.LEXICAL_PARAMS if args.lexical else grouping.DEFAULT_PARAMS
    print(f"{sum(map(len, prompts.values()))} answers; vectors: {grouping.vectors_available()}")
    if args.tune:
        tune(prompts, args.seeds, params)
    else:
        table(prompts, args.seeds, params)


if __name__ == "__main__":
    main()
