"""The many-evenings benchmark's cross-talk checks would see cross-talk (bench/evenings.py)."""

from __future__ import annotations

from bench.evenings import STEPS, Evening, Phone, Room


def evening() -> tuple[Evening, Room, Room]:
    rooms = [Room(0, "AAAAAA", "s"), Room(1, "BBBBBB", "s")]
    for room in rooms:
        room.phones = [Phone(room, 0, sock=object())]  # connected, as far as the checks go
    return Evening(server=None, rooms=rooms, kind="tyopaja"), rooms[0], rooms[1]


def test_an_answer_of_another_workshop_on_a_screen_is_counted():
    bench, first, second = evening()
    bench._on_screen(first, "answers", {"answers": [{"text": "oma #0-1"}]}, False)
    assert sum(bench.figures.cross_talk.values()) == 0
    bench._on_screen(second, "answers", {"answers": [{"text": "vieras #0-2"}]}, True)
    assert bench.figures.cross_talk["answer_on_another_screen"] == 1


def test_a_step_change_of_another_workshop_on_a_phone_is_counted():
    bench, first, second = evening()
    first.step, first.moves = 1, 1
    bench._on_phone(first.phones[0], "position", {"current": STEPS[1]})
    assert sum(bench.figures.cross_talk.values()) == 0
    bench._on_phone(second.phones[0], "position", {"current": STEPS[1]})  # second never moved
    assert bench.figures.cross_talk["step_on_another_workshops_phone"] == 1
    for _ in range(3):
        bench._on_phone(first.phones[0], "position", {"current": STEPS[1]})
    bench.check_positions()
    assert bench.figures.cross_talk["extra_step_changes_on_phone"] == 1
