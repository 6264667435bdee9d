"""The chat's cache changes nothing a participant sees: with it or without, the same conversation.

Hypothesis walks one participant through random moments of an evening (the step
moves, steps close, the profile fills in, answers come, are edited, hidden, get
follow-ups or are withdrawn) and builds the conversation at each moment twice: with
the cache the phone session keeps between acks, and with `NO_CACHE`.
"""

from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.chat_script import ALL_KINDS
from tyopaja.chat import bot as chatbot
from tyopaja.chat.bot import Me, MyAnswer
from tyopaja.chat.cache import NO_CACHE, ChatCache
from tyopaja.core.workshop import Position
from tyopaja.script.parse import parse_script

SCRIPT = parse_script(ALL_KINDS)
STEPS = [step.id for step in SCRIPT.steps]
OPEN_STEPS = [step.id for step in SCRIPT.steps if step.kind == "open"] or STEPS[:1]


class Echo:
    """A translator that returns the Finnish source text, formatted."""

    def gettext(self, message, **variables):
        return message % variables if variables else message

    def ngettext(self, singular, plural, num, **variables):
        variables.setdefault("num", num)
        return (singular if num == 1 else plural) % variables


words = st.sampled_from(["Salit", "auki iltaisin", "Lyhyt", "Avustukset ajallaan"])
# One change between two acks: the facilitator moves or closes a step, the participant
# fills in the profile, answers, edits, gets a follow-up, is hidden or withdraws.
change = st.one_of(
    st.tuples(st.just("goto"), st.sampled_from(STEPS)),
    st.tuples(st.just("close"), st.sampled_from(STEPS)),
    st.tuples(st.just("state"), st.sampled_from(["open", "closed", "draft"])),
    st.tuples(st.just("profile"), st.sampled_from(["", "nickname", "sector", "mode", "done"])),
    st.tuples(st.just("nickname"), st.sampled_from(["", "Aino", "Eino"])),
    st.tuples(st.just("answer"), st.sampled_from(OPEN_STEPS), words),
    st.tuples(st.just("edit"), st.integers(0, 5), words),
    st.tuples(st.just("followup"), st.integers(0, 5), words),
    st.tuples(st.just("hide"), st.integers(0, 5)),
    st.tuples(st.just("withdraw"), st.integers(0, 5)),
)


def apply(state: dict, what: tuple) -> None:
    kind, *args = what
    answers = state["answers"]
    pick = (
        args[0] % len(answers)
        if answers and kind in ("edit", "followup", "hide", "withdraw")
        else None
    )
    if kind == "goto":
        state["pos"] = replace(state["pos"], current=args[0])
    elif kind == "close":
        state["pos"] = replace(state["pos"], closed=state["pos"].closed ^ {args[0]})
    elif kind == "state":
        state["pos"] = replace(state["pos"], state=args[0])
    elif kind == "profile":
        state["me"] = replace(state["me"], onboarding=args[0])
    elif kind == "nickname":
        state["me"] = replace(state["me"], nickname=args[0])
    elif kind == "answer":
        state["next"] += 1
        answers.append(MyAnswer(state["next"], args[0], args[1]))
    elif pick is None:
        return
    elif kind == "edit":
        answers[pick] = replace(answers[pick], text=args[1])
    elif kind == "followup":
        answers[pick] = replace(answers[pick], followup=args[1])
    elif kind == "hide":
        answers[pick] = replace(answers[pick], hidden=not answers[pick].hidden)
    else:
        del answers[pick]


@settings(max_examples=100, deadline=None)
@given(st.lists(change, min_size=1, max_size=25))
def test_the_conversation_is_the_same_with_and_without_the_cache(changes):
    cache = ChatCache()
    state = {
        "pos": Position(state="open", current=OPEN_STEPS[0]),
        "me": Me(onboarding="done"),
        "answers": [],
        "next": 0,
    }
    for what in changes:
        apply(state, what)
        pos, who, mine = state["pos"], state["me"], list(state["answers"])
        cached = chatbot.build(SCRIPT, pos, who, mine, Echo(), cache=cache)
        assert cached == chatbot.build(SCRIPT, pos, who, mine, Echo(), cache=NO_CACHE), what


def test_the_cache_keeps_the_bubbles_of_what_did_not_change():
    cache = ChatCache()
    pos, who = Position(state="open", current=OPEN_STEPS[0]), Me(onboarding="done")
    mine = [MyAnswer(1, OPEN_STEPS[0], "Salit auki iltaisin")]
    first = chatbot.build(SCRIPT, pos, who, mine, Echo(), cache=cache)
    again = chatbot.build(SCRIPT, pos, who, mine, Echo(), cache=cache)
    bubbles = [(a, b) for a, b in zip(first.messages, again.messages, strict=True) if a.answer]
    assert bubbles and all(a is b for a, b in bubbles)
    uncached = chatbot.build(SCRIPT, pos, who, mine, Echo(), cache=NO_CACHE)
    assert uncached == first
    assert not any(a is b for a, b in zip(uncached.messages, first.messages, strict=True))
