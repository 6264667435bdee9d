"""The workshop rules, without Flask or SQLite."""

import pytest

from tyopaja.core import workshop as rules
from tyopaja.core.workshop import Position, Refused
from tyopaja.script.parse import Script, Step

SCRIPT = Script(
    title="T",
    steps=(
        Step(id="a", kind="open", text="A?", max_answers=2),
        Step(id="b", kind="open", text="B?"),
        Step(id="c", kind="scale", text="C?"),
    ),
)
RUNNING = Position(state="open", current="a")


def refusal(fn, *args, **kwargs) -> str:
    with pytest.raises(Refused) as caught:
        fn(*args, **kwargs)
    return caught.value.code


def test_codes_are_readable_and_normalized():
    code = rules.new_code()
    assert rules.normalize_code(code) == code
    assert rules.normalize_code(f" {code[:3].lower()}-{code[3:]} ") == code
    assert not set(code) & set("01OIL")


@pytest.mark.parametrize("raw", ["", "ABC", "ABCDEFG", "ABC12O", "<script>", "ÄÄÄÄÄÄ"])
def test_malformed_codes_are_rejected(raw):
    assert rules.normalize_code(raw) is None


def test_secrets_are_long_and_distinct():
    assert len(rules.new_secret()) >= 43
    assert rules.new_secret() != rules.new_secret()


def test_current_step_accepts_answers():
    assert rules.accepts_input(SCRIPT, RUNNING, "a").id == "a"


@pytest.mark.parametrize(
    ("position", "step", "code"),
    [
        (Position(state="draft", current="a"), "a", "workshop_not_started"),
        (Position(state="closed", current="a"), "a", "workshop_closed"),
        (Position(state="open", current="a", closed=frozenset({"a"})), "a", "step_closed"),
        (RUNNING, "b", "step_not_current"),
        (RUNNING, "zzz", "no_such_step"),
    ],
)
def test_answers_are_refused_when_the_step_is_not_open(position, step, code):
    assert refusal(rules.accepts_input, SCRIPT, position, step) == code


def test_self_paced_workshop_accepts_any_open_step():
    position = Position(state="open", pacing="self", current="a")
    assert rules.accepts_input(SCRIPT, position, "b").id == "b"


def test_answer_text_is_stripped_and_limited():
    step = SCRIPT.steps[0]
    assert rules.check_answer(step, "  hyvä  ", 0) == "hyvä"
    assert refusal(rules.check_answer, step, "   ", 0) == "empty"
    assert refusal(rules.check_answer, step, "x" * (rules.MAX_ANSWER_CHARS + 1), 0) == "too_long"
    assert rules.check_answer(step, "x" * rules.MAX_ANSWER_CHARS, 0)


def test_answer_count_is_limited_per_step():
    assert rules.check_answer(SCRIPT.steps[0], "yksi", 1) == "yksi"
    assert refusal(rules.check_answer, SCRIPT.steps[0], "kolmas", 2) == "max_answers"


def test_only_open_steps_take_text():
    assert refusal(rules.check_answer, SCRIPT.steps[2], "teksti", 0) == "wrong_kind"


def test_neighbour_moves_within_the_script():
    assert rules.neighbour(SCRIPT, "a", 1) == "b"
    assert rules.neighbour(SCRIPT, "b", -1) == "a"
    assert refusal(rules.neighbour, SCRIPT, "a", -1) == "no_such_step"
    assert refusal(rules.neighbour, SCRIPT, "c", 1) == "no_such_step"


def test_profile_fields_are_cleaned_and_limited():
    profile = rules.check_profile(nickname=" Maija ", association="Martat ry", headcount=5)
    assert (profile.nickname, profile.headcount) == ("Maija", 5)
    assert refusal(rules.check_profile, nickname="x" * 41) == "too_long"
    assert refusal(rules.check_profile, headcount=0) == "bad_headcount"
    assert refusal(rules.check_profile, headcount=51) == "bad_headcount"


VOTES = Script(
    title="V",
    steps=(
        Step(id="ideas", kind="open", text="Ideas?"),
        Step(id="by_answer", kind="dots", text="Best?", source="ideas"),
        Step(id="by_group", kind="dots", text="Best group?", source="ideas", source_kind="groups"),
        Step(id="other", kind="open", text="Other?"),
    ),
)


@pytest.mark.parametrize(
    ("position", "expected"),
    [
        (Position(state="open", current="ideas"), []),  # no vote over them is open yet
        (Position(state="open", current="by_answer"), ["by_answer"]),
        (Position(state="open", current="by_group"), ["by_group"]),
        (Position(state="open", pacing="self", current="ideas"), ["by_answer", "by_group"]),
        (
            Position(state="open", pacing="self", current="ideas", closed=frozenset({"by_answer"})),
            ["by_group"],
        ),
        (Position(state="closed", current="by_answer"), []),
        (Position(state="draft"), []),
    ],
)
def test_phones_hear_of_new_items_only_for_dots_votes_open_now(position, expected):
    assert rules.open_votes_over(VOTES, position, {"ideas"}) == expected
    assert rules.open_votes_over(VOTES, position, {"other"}) == []
