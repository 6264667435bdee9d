"""The participant conversation as a pure function of stored state."""

from tyopaja import chatbot
from tyopaja.chatbot import Me, MyAnswer
from tyopaja.script import Probe, Script, Step
from tyopaja.workshop import Position


class Echo:
    """A translator that returns the Finnish source text, formatted."""

    def gettext(self, message, **variables):
        return message % variables if variables else message

    def ngettext(self, singular, plural, num, **variables):
        variables.setdefault("num", num)
        return (singular if num == 1 else plural) % variables


T = Echo()
SCRIPT = Script(
    title="Ilta",
    intro="Hei kaikki!",
    steps=(
        Step(id="info", kind="info", text="Illan ohjelma"),
        Step(
            id="a",
            kind="open",
            text="Mikä toimii?",
            max_answers=2,
            probes=(Probe("Kerrotko lisää?", when="short", short_chars=20),),
        ),
        Step(id="b", kind="scale", text="Arvioi", scale_min=1, scale_max=5),
    ),
)
DONE = Me(onboarding="done")
AT_A = Position(state="open", current="a")


def ids(talk):
    return [m.id for m in talk.messages]


def test_a_new_participant_is_greeted_and_asked_for_a_nickname():
    talk = chatbot.build(SCRIPT, AT_A, Me(), [], T)
    assert talk.messages[0].text.startswith("Ilta\n\nHei kaikki!")
    assert ids(talk)[-1] == "ask:nickname"
    assert talk.prompt.field == "nickname" and talk.prompt.skippable


def test_onboarding_goes_through_the_stages_in_order():
    stages = []
    me = Me()
    for answered in ("nickname", "association", "sector", "mode"):
        stages.append(chatbot.next_stage(me))
        me = Me(onboarding=answered)
    assert stages == ["nickname", "association", "sector", "mode"]
    assert chatbot.next_stage(Me(onboarding="mode")) == "table"
    assert chatbot.next_stage(Me(onboarding="done")) is None
    assert chatbot.next_stage(Me(onboarding="table")) is None


def test_skipped_answers_are_shown_as_skipped():
    talk = chatbot.build(SCRIPT, AT_A, Me(onboarding="association", nickname="Maija"), [], T)
    replies = {m.id: m.text for m in talk.messages if m.who == "me"}
    assert replies == {"re:nickname": "Maija", "re:association": "(ohitettu)"}
    assert talk.prompt.field == "sector"


def test_a_table_group_reports_its_headcount():
    me = Me(onboarding="table", table_label="Pöytä 3", headcount=5)
    talk = chatbot.build(SCRIPT, AT_A, me, [], T)
    replies = {m.id: m.text for m in talk.messages if m.who == "me"}
    assert replies["re:mode"] == "Pöytäryhmä"
    assert replies["re:table"] == "Pöytä 3, 5 henkeä"


def test_after_onboarding_the_current_step_is_asked():
    talk = chatbot.build(SCRIPT, AT_A, DONE, [], T)
    assert "step:a" in ids(talk) and "step:info" in ids(talk)
    assert talk.prompt.kind == "text" and talk.prompt.step == "a"
    assert talk.prompt.extra == {"left": 2}


def test_a_short_answer_gets_the_follow_up_question():
    answers = [MyAnswer(7, "a", "Hyvä")]
    talk = chatbot.build(SCRIPT, AT_A, DONE, answers, T)
    assert ids(talk)[-2:] == ["a:7", "probe:7"]
    assert talk.prompt.kind == "followup" and talk.prompt.extra == {"answer": 7}


def test_a_long_answer_gets_no_follow_up_and_counts_down():
    answers = [MyAnswer(7, "a", "Hakuaika on aina samaan aikaan keväällä")]
    talk = chatbot.build(SCRIPT, AT_A, DONE, answers, T)
    assert "probe:7" not in ids(talk)
    assert talk.messages[-1].text == "Kiitos! Voit kirjoittaa vielä 1 vastauksen."
    assert talk.prompt.extra == {"left": 1}


def test_when_all_answers_are_given_the_phone_waits():
    answers = [
        MyAnswer(1, "a", "Pitkä vastaus numero yksi"),
        MyAnswer(2, "a", "Pitkä vastaus numero kaksi"),
    ]
    talk = chatbot.build(SCRIPT, AT_A, DONE, answers, T)
    assert talk.prompt.kind == "wait"


def test_a_closed_step_says_so():
    position = Position(state="open", current="a", closed=frozenset({"a"}))
    talk = chatbot.build(SCRIPT, position, DONE, [], T)
    assert ids(talk)[-1] == "closed:a" and talk.prompt.kind == "wait"


def test_earlier_steps_show_only_when_answered():
    at_b = Position(state="open", current="b")
    assert "step:a" not in ids(chatbot.build(SCRIPT, at_b, DONE, [], T))
    answered = chatbot.build(
        SCRIPT, at_b, DONE, [MyAnswer(1, "a", "Toimii hyvin, kiitos kysymästä")], T
    )
    assert ids(answered).index("step:a") < ids(answered).index("step:b")
    assert answered.prompt.kind == "scale"


def test_a_draft_workshop_asks_to_wait():
    talk = chatbot.build(SCRIPT, Position(state="draft"), DONE, [], T)
    assert talk.prompt.kind == "wait" and ids(talk)[-1] == "wait:start"


def test_the_same_state_gives_the_same_conversation():
    answers = [MyAnswer(3, "a", "Hyvä")]
    assert chatbot.build(SCRIPT, AT_A, DONE, answers, T) == chatbot.build(
        SCRIPT, AT_A, DONE, answers, T
    )
