"""Quality of grouping suggestions against gold groupings: pairwise F1 and adjusted Rand index.

Usage: python -m bench.grouping_quality [--data PATH] [--holdout PATH] [--no-cv] [--timing]
                                        [--low-memory]

Prints per-prompt and pooled figures for the shipped defaults (in-sample) and for the
lexical method alone, then leave-one-prompt-out cross-validations: for each prompt, the
parameters are chosen on the other prompts only and the held-out prompt is scored with
them. Then the holdout file (new prompts, never used to choose anything) scored with the
shipped parameters, ablations, and a robustness check with part of the concept lexicon
removed. The word-vector rows need the optional Finnish vectors (grouping_vectors.py).
--timing times suggest_groups on 200 and 2,000 answers made from the data file (answers
spliced together, with typos) and prints the process's peak memory after warm_up.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import resource
import time
from collections.abc import Hashable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from math import comb
from pathlib import Path

from tyopaja.grouping import engine as grouping

_DEV = "shared/data/yhdistysilta-dev.jsonl"
# Beside the checkout (/work/main -> /work/shared), or two levels up from a worktree.
DEFAULT_DATA = next(
    (
        folder / _DEV
        for folder in Path(__file__).resolve().parents[1:4]
        if (folder / _DEV).is_file()
    ),
    Path(__file__).resolve().parents[1].parent / _DEV,
)
HOLDOUT_DATA = Path(__file__).resolve().parents[1] / "tests/data/grouping_holdout.jsonl"
THRESHOLDS = tuple(round(0.06 + 0.02 * i, 2) for i in range(18))  # 0.06 .. 0.40
VECTOR_THRESHOLDS = tuple(round(0.2 + 0.02 * i, 2) for i in range(13))  # 0.20 .. 0.44

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
    for n, suggestion in enumerate(grouping.suggest_groups(answers, params=params)):
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


def per_prompt_scores(
    prompts: dict[str, list[dict]], candidates: Sequence[grouping.Params]
) -> list[dict[str, tuple[Counts, float]]]:
    """Scores of every candidate parameter set on every prompt (computed once)."""
    return [score(prompts, params) for params in candidates]


def cross_validate(
    prompts: dict[str, list[dict]], candidates: Sequence[grouping.Params]
) -> tuple[dict[str, tuple[Counts, float]], dict[str, grouping.Params]]:
    """Leave-one-prompt-out: pick the candidate with the best pooled F1 on the other prompts."""
    table = per_prompt_scores(prompts, candidates)
    held_out, chosen = {}, {}
    for pid in prompts:
        # Ties go to the earlier candidate, so the choice is deterministic.
        train_f1 = [pooled({k: v for k, v in scores.items() if k != pid})[0].f1 for scores in table]
        best = max(range(len(candidates)), key=lambda i: (train_f1[i], -i))
        chosen[pid] = candidates[best]
        held_out[pid] = table[best][pid]
    return held_out, chosen


def thresholds(params: grouping.Params) -> list[grouping.Params]:
    """The parameter set at every threshold of the grid."""
    return [replace(params, threshold=t) for t in THRESHOLDS]


def vector_thresholds(params: grouping.Params) -> list[grouping.Params]:
    """The parameter set at every threshold of the word-vector grid."""
    return [replace(params, vector_threshold=t) for t in VECTOR_THRESHOLDS]


def describe(params: grouping.Params) -> str:
    """The chosen parameters in a few characters (threshold, or the word-vector settings)."""
    if params.fusion == "gate" and grouping.vectors_available():
        return (
            f"gated: thr {params.vector_threshold:.2f} w {params.w_vector}"
            f" gate {params.vector_gate} concept {params.vector_concept}"
        )
    if params.fusion == "sum" and grouping.vectors_available():
        return f"sum: thr {params.vector_threshold:.2f} concept {params.vector_concept}"
    return f"thr {params.threshold:.2f} concept {params.w_concept}"


@contextmanager
def lexicon_dropout(rate: float, seed: int) -> Iterator[None]:
    """Run with a random share of the concept lexicon's words removed (robustness check)."""
    full = grouping._concepts("fi")
    rng = random.Random(seed)
    kept = {word: tags for word, tags in sorted(full.items()) if rng.random() >= rate}
    original = grouping._concepts
    grouping._concepts = lambda lang: kept if lang == "fi" else {}  # type: ignore[assignment]
    try:
        yield
    finally:
        grouping._concepts = original  # type: ignore[assignment]


def print_table(
    title: str,
    per_prompt: dict[str, tuple[Counts, float]],
    chosen: dict[str, grouping.Params] | None = None,
) -> None:
    """One line per prompt plus the pooled line; with `chosen`, the threshold used."""
    print(f"\n{title}")
    print(f"{'prompt':<8}{'P':>7}{'R':>7}{'F1':>7}{'ARI':>7}" + ("   chosen" if chosen else ""))
    for pid, (c, ari) in per_prompt.items():
        tail = f"   {describe(chosen[pid])}" if chosen else ""
        print(f"{pid:<8}{c.precision:>7.3f}{c.recall:>7.3f}{c.f1:>7.3f}{ari:>7.3f}{tail}")
    total, ari = pooled(per_prompt)
    print(f"{'pooled':<8}{total.precision:>7.3f}{total.recall:>7.3f}{total.f1:>7.3f}{ari:>7.3f}")


def summary(label: str, per_prompt: dict[str, tuple[Counts, float]]) -> None:
    """One line: pooled pairwise F1 and mean ARI."""
    total, ari = pooled(per_prompt)
    print(f"  {label:<46} F1 {total.f1:.3f}  ARI {ari:.3f}")


# Weight grid for the nested cross-validation of the lexical method.
GRID = {
    "w_concept": (1.0, 2.0, 3.0),
    "w_part": (0.6, 1.0),
    "w_stem": (0.0, 0.3),
}

# Grid of the word-vector settings (each combined with every vector threshold).
VECTOR_GRID = {"vector_concept": (1.0, 2.0)}

ABLATIONS = {
    "lemmas only (no compounds, stems, lexicon)": dict(w_part=0.0, w_stem=0.0, w_concept=0.0),
    "lemmas + compound parts": dict(w_stem=0.0, w_concept=0.0),
    "lemmas + compounds + stems (no lexicon)": dict(w_concept=0.0),
}


def synthetic_answers(texts: Sequence[str], n: int, seed: int = 1) -> list[tuple[int, str]]:
    """n answers spliced from two real ones each, with a typo in about one word in ten."""
    rng = random.Random(seed)
    answers = []
    for i in range(n):
        first, second = (t.split() for t in rng.sample(list(texts), 2))
        words = first[: rng.randint(1, len(first))] + second[rng.randint(0, len(second) - 1) :]
        words = [w[:2] + w[3:] if len(w) > 4 and rng.random() < 0.1 else w for w in words]
        answers.append((i, " ".join(words)))
    return answers


def timing(prompts: dict[str, list[dict]]) -> None:
    """Time suggest_groups on synthetic answer sets; print peak memory (RSS)."""
    print(
        f"peak RSS after warm_up: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MB"
    )
    texts = [row["text"] for rows in prompts.values() for row in rows]
    for n in (200, 2000):
        answers = synthetic_answers(texts, n)
        started = time.perf_counter()
        suggestions = grouping.suggest_groups(answers)
        elapsed = time.perf_counter() - started
        grouped = sum(len(s.answer_ids) for s in suggestions)
        print(f"{n:>5} answers: {elapsed:.3f} s, {len(suggestions)} groups, {grouped} grouped")
    print(f"peak RSS after timing: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MB")


def grid_of(base: grouping.Params, grid: dict[str, tuple[float, ...]]) -> list[grouping.Params]:
    """Every combination of the grid's values on top of base."""
    return [
        replace(base, **dict(zip(grid, values, strict=True)))
        for values in itertools.product(*grid.values())
    ]


def lexical_cv(prompts: dict[str, list[dict]]) -> None:
    """Cross-validated lexical method: threshold only, then weights and threshold (nested)."""
    base = grouping.LEXICAL_PARAMS
    held_out, chosen = cross_validate(prompts, thresholds(base))
    print_table("Lexical, leave-one-prompt-out CV of the threshold", held_out, chosen)
    candidates = [c for g in grid_of(base, GRID) for c in thresholds(g)]
    held_out, chosen = cross_validate(prompts, candidates)
    print_table("Lexical, nested CV of weights and threshold", held_out, chosen)


def vector_cv(prompts: dict[str, list[dict]]) -> None:
    """Cross-validated word-vector method: every vector setting and threshold (nested)."""
    candidates = [
        c for g in grid_of(grouping.DEFAULT_PARAMS, VECTOR_GRID) for c in vector_thresholds(g)
    ]
    held_out, chosen = cross_validate(prompts, candidates)
    print_table("Word vectors (sum), nested CV of concept weight and threshold", held_out, chosen)
    only = [
        replace(grouping.GATED_PARAMS, w_vector=1.0, vector_threshold=t)
        for t in (0.02, 0.04, 0.06, 0.08, 0.10, 0.12, 0.14, 0.16)
    ]
    summary("word vectors alone (threshold CV)", cross_validate(prompts, only)[0])


def ablations(prompts: dict[str, list[dict]]) -> None:
    """Lexical ablations and lexicon dropout, threshold cross-validated."""
    print("\nAblations and robustness (leave-one-prompt-out CV of the threshold):")
    for name, changes in ABLATIONS.items():
        params = replace(grouping.LEXICAL_PARAMS, **changes)
        summary(name, cross_validate(prompts, thresholds(params))[0])
    for rate in (0.3, 0.5):
        for label, params, grid in (
            ("lexical", grouping.LEXICAL_PARAMS, thresholds),
            ("vectors", grouping.DEFAULT_PARAMS, vector_thresholds),
        ):
            if label == "vectors" and not grouping.vectors_available():
                continue
            totals = []
            for seed in range(5):
                with lexicon_dropout(rate, seed):
                    totals.append(pooled(cross_validate(prompts, grid(params))[0]))
            f1 = sum(t.f1 for t, _ in totals) / len(totals)
            ari = sum(a for _, a in totals) / len(totals)
            text = f"{label}, lexicon with {rate:.0%} of its words dropped (5 runs)"
            print(f"  {text:<46} F1 {f1:.3f}  ARI {ari:.3f}")


def main(argv: Sequence[str] | None = None) -> None:
    """Print in-sample, cross-validated and holdout quality of the shipped parameters."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--holdout", type=Path, default=HOLDOUT_DATA)
    parser.add_argument("--no-cv", action="store_true", help="skip cross-validation and ablations")
    parser.add_argument("--timing", action="store_true", help="only time 200 and 2,000 answers")
    parser.add_argument("--low-memory", action="store_true", help="simplemma's low-memory backend")
    args = parser.parse_args(argv)
    prompts = load(args.data)
    started, cpu = time.perf_counter(), time.process_time()
    grouping.warm_up(low_memory=args.low_memory)
    n_answers = sum(map(len, prompts.values()))
    print(
        f"warm_up: {time.perf_counter() - started:.2f} s ({time.process_time() - cpu:.2f} s CPU);"
        f" {n_answers} answers; word vectors: {grouping.vectors_available()}"
    )
    if args.timing:
        timing(prompts)
        return
    params, lexical = grouping.DEFAULT_PARAMS, grouping.LEXICAL_PARAMS
    print_table(f"In-sample, shipped defaults ({describe(params)})", score(prompts, params))
    if grouping.vectors_available():
        print_table(f"In-sample, lexical alone ({describe(lexical)})", score(prompts, lexical))
    if not args.no_cv:
        lexical_cv(prompts)
        if grouping.vectors_available():
            vector_cv(prompts)
    if args.holdout.is_file():
        holdout = load(args.holdout)
        print_table("Holdout (new prompts), shipped defaults", score(holdout, params))
        if grouping.vectors_available():
            print_table("Holdout (new prompts), lexical alone", score(holdout, lexical))
    if not args.no_cv:
        ablations(prompts)


if __name__ == "__main__":
    main()
