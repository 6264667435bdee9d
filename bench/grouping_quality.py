"""Quality of grouping suggestions against gold groupings: pairwise F1 and adjusted Rand index.

Usage: python -m bench.grouping_quality [--data PATH] [--no-cv]

Prints per-prompt and pooled figures for the shipped defaults (in-sample), then a
leave-one-prompt-out cross-validation: for each prompt, the threshold is chosen on the
other prompts only and the held-out prompt is scored with it.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, replace
from math import comb
from pathlib import Path

from tyopaja import grouping

DEFAULT_DATA = Path(__file__).resolve().parents[1].parent / "shared/data/yhdistysilta-dev.jsonl"
THRESHOLDS = tuple(round(0.08 + 0.02 * i, 2) for i in range(17))  # 0.08 .. 0.40

Labels = dict[Hashable, str]


@dataclass
class Counts:
    """Pair counts of one or more prompts: true positives, predicted pairs, gold pairs."""

    tp: int = 0
    pred: int = 0
    gold: int = 0

    def __iadd__(self, other: Counts) -> Counts:
        self.tp += other.tp
        self.pred += other.pred
        self.gold += other.gold
        return self

    @property
    def precision(self) -> float:
        """Share of predicted same-group pairs that are gold pairs."""
        return self.tp / self.pred if self.pred else 1.0

    @property
    def recall(self) -> float:
        """Share of gold same-group pairs that were predicted."""
        return self.tp / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        """Harmonic mean of pairwise precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def load(path: Path) -> dict[str, list[dict]]:
    """Rows of a JSONL file grouped by prompt_id, in file order."""
    prompts: dict[str, list[dict]] = {}
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
        if line.strip():
            row = json.loads(line)
            row["id"] = i
            prompts.setdefault(row["prompt_id"], []).append(row)
    return prompts


def gold_labels(rows: Sequence[dict]) -> Labels:
    """Gold cluster per answer id; singleton_* and off_topic items each stand alone."""
    labels = {}
    for row in rows:
        name = row["cluster"]
        alone = name.startswith("singleton_") or name.startswith("off_topic")
        labels[row["id"]] = f"#{row['id']}" if alone else name
    return labels


def predicted_labels(rows: Sequence[dict], params: grouping.Params) -> Labels:
    """Cluster per answer id from suggest_groups; ungrouped answers stand alone."""
    labels = {row["id"]: f"#{row['id']}" for row in rows}
    answers = [(row["id"], row["text"]) for row in rows]
    suggestions = grouping.suggest_groups(answers, params=params, prompt=rows[0]["prompt"])
    for n, suggestion in enumerate(suggestions):
        for answer_id in suggestion.answer_ids:
            labels[answer_id] = f"g{n}"
    return labels


def pair_counts(gold: Labels, pred: Labels) -> Counts:
    """Same-group pair counts of a prediction against gold."""
    ids = list(gold)
    counts = Counts()
    for x, a in enumerate(ids):
        for b in ids[x + 1 :]:
            same_gold = gold[a] == gold[b]
            same_pred = pred[a] == pred[b]
            counts.tp += same_gold and same_pred
            counts.gold += same_gold
            counts.pred += same_pred
    return counts


def adjusted_rand(gold: Labels, pred: Labels) -> float:
    """Adjusted Rand index of two labelings of the same items."""
    cells: dict[tuple[str, str], int] = {}
    for key in gold:
        cells[gold[key], pred[key]] = cells.get((gold[key], pred[key]), 0) + 1
    rows: dict[str, int] = {}
    cols: dict[str, int] = {}
    for (g, p), n in cells.items():
        rows[g] = rows.get(g, 0) + n
        cols[p] = cols.get(p, 0) + n
    index = sum(comb(n, 2) for n in cells.values())
    sum_rows = sum(comb(n, 2) for n in rows.values())
    sum_cols = sum(comb(n, 2) for n in cols.values())
    expected = sum_rows * sum_cols / comb(len(gold), 2)
    maximum = (sum_rows + sum_cols) / 2
    return (index - expected) / (maximum - expected) if maximum != expected else 1.0


def score(
    prompts: dict[str, list[dict]], params: grouping.Params
) -> dict[str, tuple[Counts, float]]:
    """Pair counts and ARI per prompt."""
    result = {}
    for pid, rows in prompts.items():
        gold, pred = gold_labels(rows), predicted_labels(rows, params)
        result[pid] = (pair_counts(gold, pred), adjusted_rand(gold, pred))
    return result


def pooled(per_prompt: dict[str, tuple[Counts, float]]) -> tuple[Counts, float]:
    """Pair counts summed over prompts, and the mean per-prompt ARI."""
    total = Counts()
    for counts, _ in per_prompt.values():
        total += counts
    return total, sum(ari for _, ari in per_prompt.values()) / len(per_prompt)


def best_threshold(prompts: dict[str, list[dict]], params: grouping.Params) -> float:
    """Threshold with the best pooled pairwise F1 on these prompts (ties: the lower one)."""
    results = [(pooled(score(prompts, replace(params, threshold=t)))[0].f1, -t) for t in THRESHOLDS]
    return -max(results)[1]


def cross_validate(prompts: dict[str, list[dict]], params: grouping.Params) -> dict:
    """Leave-one-prompt-out: threshold from the other prompts, scored on the held-out one."""
    per_prompt, chosen = {}, {}
    for pid in prompts:
        train = {k: v for k, v in prompts.items() if k != pid}
        chosen[pid] = best_threshold(train, params)
        per_prompt.update(score({pid: prompts[pid]}, replace(params, threshold=chosen[pid])))
    return {"per_prompt": per_prompt, "thresholds": chosen}


def print_table(
    title: str, per_prompt: dict[str, tuple[Counts, float]], extra: dict | None = None
) -> None:
    """One line per prompt plus the pooled line."""
    print(f"\n{title}")
    print(f"{'prompt':<8}{'P':>7}{'R':>7}{'F1':>7}{'ARI':>7}" + ("   thr" if extra else ""))
    for pid, (c, ari) in per_prompt.items():
        tail = f"{extra[pid]:>6.2f}" if extra else ""
        print(f"{pid:<8}{c.precision:>7.3f}{c.recall:>7.3f}{c.f1:>7.3f}{ari:>7.3f}{tail}")
    total, ari = pooled(per_prompt)
    print(f"{'pooled':<8}{total.precision:>7.3f}{total.recall:>7.3f}{total.f1:>7.3f}{ari:>7.3f}")


ABLATIONS = {
    "lemmas only": dict(w_part=0.0, w_stem=0.0, w_concept=0.0),
    "+ compounds": dict(w_stem=0.0, w_concept=0.0),
    "+ compounds, stems (no lexicon)": dict(w_concept=0.0),
}


def main(argv: Sequence[str] | None = None) -> None:
    """Print in-sample and cross-validated quality of the default parameters."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--no-cv", action="store_true", help="skip cross-validation and ablations")
    args = parser.parse_args(argv)
    prompts = load(args.data)
    started = time.perf_counter()
    grouping.warm_up()
    print(
        f"warm_up: {time.perf_counter() - started:.2f} s; {sum(map(len, prompts.values()))} answers"
    )
    params = grouping.DEFAULT_PARAMS
    print_table(
        f"In-sample, shipped defaults (threshold {params.threshold})", score(prompts, params)
    )
    if args.no_cv:
        return
    cv = cross_validate(prompts, params)
    print_table(
        "Leave-one-prompt-out CV (threshold chosen on the other prompts)",
        cv["per_prompt"],
        cv["thresholds"],
    )
    print("\nAblations (CV pooled F1 / mean ARI):")
    for name, changes in ABLATIONS.items():
        total, ari = pooled(cross_validate(prompts, replace(params, **changes))["per_prompt"])
        print(f"  {name:<34} F1 {total.f1:.3f}  ARI {ari:.3f}")


if __name__ == "__main__":
    main()
