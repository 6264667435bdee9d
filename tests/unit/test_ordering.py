"""The long tests start first, spread over xdist's workers (tests/conftest.py orders them)."""

from tests.helpers import long_first


def first_runs(order: list, workers: int) -> list[list]:
    """What xdist's load scheduler hands each worker first: consecutive runs of a quarter share."""
    run = max(len(order) // workers // 4, 2)
    return [order[w * run : (w + 1) * run] for w in range(workers)]


def test_one_process_runs_the_long_tests_first():
    items = ["a", "L1", "b", "c", "L2"]
    assert long_first(items, lambda i: i.startswith("L")) == ["L1", "L2", "a", "b", "c"]


def test_two_workers_each_start_with_a_long_test():
    items = [f"t{n}" for n in range(200)] + ["L1", "L2", "L3"]
    order = long_first(items, lambda i: i.startswith("L"), workers=2)
    assert sorted(order) == sorted(items)
    runs = first_runs(order, 2)
    assert runs[0][:2] == ["L1", "L3"] and runs[1][0] == "L2"


def test_few_tests_on_many_workers_lose_none():
    items = ["L1", "a", "b"]
    order = long_first(items, lambda i: i.startswith("L"), workers=4)
    assert sorted(order) == sorted(items) and order[0] == "L1"
