"""Participant rules: calendar entries, self-paced progress and who may answer what."""

import pytest

from tyopaja.core import workshop as rules
from tyopaja.core.workshop import Position, Refused
from tyopaja.script.parse import Script, Step

SCRIPT = Script(
    title="T",
    steps=(
        Step(id="a", kind="open", text="A?"),
        Step(id="cal", kind="event", text="Tapahtumat?"),
        Step(id="y", kind="event", text="Vuonna 2027?", year=2027),
    ),
)
SELF = Position(state="open", pacing="self")


def refusal(fn, *args, **kwargs) -> str:
    with pytest.raises(Refused) as caught:
        fn(*args, **kwargs)
    return caught.value.code


def test_a_calendar_entry_is_cleaned():
    entry = rules.check_event(SCRIPT.steps[1], 5, 12, "  Kevätkonsertti ", " Kuoro ry ", 0)
    assert entry == rules.EventEntry(month=5, day="12", what="Kevätkonsertti", organiser="Kuoro ry")
    assert rules.check_event(SCRIPT.steps[1], 12, None, "Joulumyyjäiset", "", 0).day == ""


@pytest.mark.parametrize(
    ("step", "month", "day", "what", "code"),
    [
        (1, 0, None, "x", "bad_date"),
        (1, 13, None, "x", "bad_date"),
        (1, 4, 31, "x", "bad_date"),
        (1, 5, 0, "x", "bad_date"),
        (2, 2, 29, "x", "bad_date"),  # 2027 is not a leap year
        (1, 5, None, "   ", "empty"),
        (1, 5, None, "x" * 201, "too_long"),
        (0, 5, None, "x", "wrong_kind"),
    ],
)
def test_bad_calendar_entries_are_refused(step, month, day, what, code):
    assert refusal(rules.check_event, SCRIPT.steps[step], month, day, what, "", 0) == code


def test_29_february_is_fine_without_a_year_and_the_entries_per_step_are_limited():
    assert rules.check_event(SCRIPT.steps[1], 2, 29, "Karkauspäivä", "", 0).day == "29"
    limit = rules.MAX_EVENTS_PER_STEP
    assert refusal(rules.check_event, SCRIPT.steps[1], 5, None, "x", "", limit) == "max_events"


def test_self_paced_participants_move_one_step_at_a_time():
    assert rules.advance_from(SCRIPT, SELF, None, "a") == "cal"
    assert rules.advance_from(SCRIPT, SELF, "cal", "cal") == "y"
    # leaving a step already left again (a double tap) keeps them where they are
    assert rules.advance_from(SCRIPT, SELF, "y", "cal") == "y"


def test_advancing_is_refused_past_the_end_and_with_facilitator_pacing():
    assert refusal(rules.advance_from, SCRIPT, SELF, "y", "y") == "no_such_step"
    running = Position(state="open", current="a")
    assert refusal(rules.advance_from, SCRIPT, running, None, "a") == "not_self_paced"
    draft = Position(state="draft", pacing="self")
    assert refusal(rules.advance_from, SCRIPT, draft, None, "a") == "workshop_not_started"


def test_self_paced_participants_answer_only_steps_they_have_reached():
    assert rules.participant_accepts(SCRIPT, SELF, "a", "cal").id == "a"
    assert rules.participant_accepts(SCRIPT, SELF, "a", None).id == "a"
    assert refusal(rules.participant_accepts, SCRIPT, SELF, "y", "cal") == "step_not_current"
    closed = Position(state="open", pacing="self", closed=frozenset({"a"}))
    assert refusal(rules.participant_accepts, SCRIPT, closed, "a", "cal") == "step_closed"
