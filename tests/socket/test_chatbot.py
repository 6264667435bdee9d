"""The participant conversation as a pure function of stored state."""

from tyopaja.chat import bot as chatbot
from tyopaja.chat.bot import Me, MyAnswer
from tyopaja.chat.cache import ChatCache
from tyopaja.core.workshop import Position
from tyopaja.script.parse import Probe, Script, Step


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


# -- every step kind, pacing, own answers ------------------------------

ALL = Script(
    title="Kaikki",
    steps=(
        Step(id="intro", kind="info", text="Tervetuloa", theme="avustukset"),
        Step(id="idea", kind="open", text="Ideat?", max_answers=2, theme="avustukset"),
        Step(id="when", kind="choice", text="Milloin?", options=("Kevät", "Syksy"), multiple=True),
        Step(id="one", kind="choice", text="Yksi?", options=("Kyllä", "Ei")),
        Step(
            id="how",
            kind="scale",
            text="Kuinka helppoa?",
            scale_min=1,
            scale_max=5,
            min_label="vaikeaa",
            max_label="helppoa",
        ),
        Step(id="order", kind="rank", text="Järjestä", options=("Tilat", "Raha", "Tieto")),
        Step(id="dots", kind="dots", text="Tärkeimmät?", source="idea", dots=3, max_per_item=2),
        Step(id="cal", kind="event", text="Tapahtumat?", year=2027, theme="vuosikello"),
    ),
)
ITEMS = {"dots": [chatbot.DotItem("a:1", "Sali"), chatbot.DotItem("a:2", "Kahvio")]}


def at(step, pacing="facilitator", **kwargs):
    return Position(state="open", pacing=pacing, current=step, **kwargs)


def test_an_info_step_is_shown_and_the_phone_waits_for_the_facilitator():
    talk = chatbot.build(ALL, at("intro"), DONE, [], T)
    assert "step:intro" in ids(talk) and talk.prompt.kind == "wait"
    assert {m.id: m.text for m in talk.messages}["move:intro"] == "Aihe: avustukset"


def test_choice_offers_the_options_and_says_how_many_to_pick():
    talk = chatbot.build(ALL, at("when"), DONE, [], T)
    assert talk.prompt.kind == "choice"
    assert [o["label"] for o in talk.prompt.options] == ["Kevät", "Syksy"]
    assert talk.prompt.extra == {"ballot": None, "multiple": True}
    assert talk.messages[-1].text == "Voit valita yhden tai useamman."
    single = chatbot.build(ALL, at("one"), DONE, [], T)
    assert single.messages[-1].text == "Valitse yksi." and not single.prompt.extra["multiple"]


def test_a_ballot_shows_as_my_bubble_and_stays_changeable():
    talk = chatbot.build(ALL, at("when"), DONE, [], T, ballots={"when": {"options": [0, 1]}})
    mine = {m.id: m.text for m in talk.messages if m.who == "me"}
    assert mine["v:when"] == "Kevät, Syksy"
    assert ids(talk)[-1] == "voted:when"
    assert talk.prompt.kind == "choice" and talk.prompt.extra["ballot"] == {"options": [0, 1]}


def test_scale_shows_its_end_labels_and_the_chosen_value():
    talk = chatbot.build(ALL, at("how"), DONE, [], T, ballots={"how": {"value": 5}})
    assert [o["value"] for o in talk.prompt.options] == [1, 2, 3, 4, 5]
    assert (
        talk.prompt.extra["min_label"] == "vaikeaa" and talk.prompt.extra["max_label"] == "helppoa"
    )
    assert {m.id: m.text for m in talk.messages}["v:how"] == "5 (helppoa)"


def test_rank_shows_the_order_as_a_numbered_list():
    talk = chatbot.build(ALL, at("order"), DONE, [], T, ballots={"order": {"order": [2, 0, 1]}})
    assert {m.id: m.text for m in talk.messages}["v:order"] == "1. Tieto\n2. Tilat\n3. Raha"
    assert talk.prompt.kind == "rank" and len(talk.prompt.options) == 3


def test_dots_lists_the_items_with_the_budget_and_the_spent_dots():
    talk = chatbot.build(
        ALL, at("dots"), DONE, [], T, ballots={"dots": {"dots": {"a:2": 2, "a:1": 1}}}, items=ITEMS
    )
    extra = talk.prompt.extra
    assert (extra["dots"], extra["per_item"]) == (3, 2)
    assert [i["label"] for i in extra["items"]] == ["Sali", "Kahvio"]
    assert {m.id: m.text for m in talk.messages}["v:dots"] == "2 pistettä: Kahvio\n1 piste: Sali"


def test_dots_without_anything_to_vote_on_asks_to_wait():
    talk = chatbot.build(ALL, at("dots"), DONE, [], T, items={"dots": []})
    assert ids(talk)[-1] == "noitems:dots" and talk.prompt.extra["items"] == []


def test_a_dot_on_a_withdrawn_answer_reads_as_removed():
    talk = chatbot.build(
        ALL, at("dots"), DONE, [], T, ballots={"dots": {"dots": {"a:9": 1}}}, items=ITEMS
    )
    assert {m.id: m.text for m in talk.messages}["v:dots"] == "1 piste: (poistettu vastaus)"


def test_event_offers_the_months_and_shows_my_entries_with_dates():
    events = [
        chatbot.MyEvent(4, "cal", 5, "12", "Kevätkonsertti", "Kuoro ry"),
        chatbot.MyEvent(5, "cal", 9, "", "Syysretki"),
    ]
    me = Me(onboarding="done", association="Kuoro ry")
    talk = chatbot.build(ALL, at("cal"), me, [], T, events=events)
    mine = {m.id: m.text for m in talk.messages if m.id.startswith("e:")}
    assert mine == {"e:4": "12.5.2027: Kevätkonsertti (Kuoro ry)", "e:5": "Syyskuu 2027: Syysretki"}
    assert talk.prompt.kind == "event" and len(talk.prompt.options) == 12
    assert talk.prompt.extra["organiser"] == "Kuoro ry" and talk.prompt.extra["left"] == 18
    assert ids(talk)[-1] == "more:cal:2"


def test_own_answers_of_the_open_step_can_be_edited_and_withdrawn():
    answers = [MyAnswer(7, "idea", "Lisää saleja iltaisin käyttöön")]
    talk = chatbot.build(ALL, at("idea"), DONE, answers, T)
    bubble = next(m for m in talk.messages if m.id == "a:7")
    assert bubble.actions == ("edit", "withdraw") and bubble.answer == 7


def test_answers_to_a_step_that_has_moved_on_are_no_longer_editable():
    answers = [MyAnswer(7, "idea", "Lisää saleja iltaisin käyttöön")]
    talk = chatbot.build(ALL, at("when"), DONE, answers, T)
    assert next(m for m in talk.messages if m.id == "a:7").actions == ()
    closed = chatbot.build(ALL, at("idea", closed=frozenset({"idea"})), DONE, answers, T)
    assert next(m for m in closed.messages if m.id == "a:7").actions == ()


def test_the_bot_announces_when_the_facilitator_moves_on():
    answers = [MyAnswer(7, "idea", "Lisää saleja iltaisin käyttöön")]
    talk = chatbot.build(ALL, at("when"), DONE, answers, T)
    texts = {m.id: m.text for m in talk.messages}
    assert texts["move:when"] == "Ohjaaja siirtyi eteenpäin."
    assert ids(talk).index("a:7") < ids(talk).index("move:when") < ids(talk).index("step:when")
    moved = chatbot.build(ALL, at("cal"), DONE, answers, T)
    assert {m.id: m.text for m in moved.messages}["move:cal"] == (
        "Ohjaaja siirtyi eteenpäin. Aihe: vuosikello"
    )


def test_self_paced_participants_start_on_the_first_step_and_get_a_next_button():
    talk = chatbot.build(ALL, at(None, pacing="self"), DONE, [], T)
    assert talk.prompt.kind == "next" and talk.prompt.step == "intro"


def test_self_paced_participants_see_the_steps_up_to_their_own_progress():
    me = Me(onboarding="done", progress_step="how")
    talk = chatbot.build(
        ALL, at("intro", pacing="self"), me, [], T, ballots={"one": {"options": [0]}}
    )
    assert talk.prompt.kind == "scale" and talk.prompt.extra["next"] is True
    assert "step:one" in ids(talk) and "step:when" not in ids(talk)
    assert "move:how" not in ids(talk)  # nobody moved them: they moved themselves


def test_self_paced_open_step_offers_next_and_earlier_answers_stay_editable():
    me = Me(onboarding="done", progress_step="when")
    answers = [MyAnswer(7, "idea", "Lisää saleja iltaisin käyttöön")]
    talk = chatbot.build(ALL, at(None, pacing="self"), me, answers, T)
    assert next(m for m in talk.messages if m.id == "a:7").actions == ("edit", "withdraw")
    at_idea = chatbot.build(
        ALL, at(None, pacing="self"), Me(onboarding="done", progress_step="idea"), [], T
    )
    assert at_idea.prompt.kind == "text" and at_idea.prompt.extra == {"left": 2, "next": True}


def test_the_last_self_paced_step_thanks_when_done():
    me = Me(onboarding="done", progress_step="cal")
    events = [chatbot.MyEvent(4, "cal", 5, "", "Konsertti")]
    talk = chatbot.build(ALL, at(None, pacing="self"), me, [], T, events=events)
    assert "end" in ids(talk) and "next" not in talk.prompt.extra
    assert "end" not in ids(chatbot.build(ALL, at(None, pacing="self"), me, [], T))


def test_a_closed_workshop_offers_nothing_and_nothing_is_editable():
    answers = [MyAnswer(7, "idea", "Lisää saleja iltaisin käyttöön")]
    position = Position(state="closed", current="idea")
    talk = chatbot.build(ALL, position, DONE, answers, T)
    assert talk.prompt.kind == "closed" and ids(talk)[-1] == "closed"
    assert next(m for m in talk.messages if m.id == "a:7").actions == ()


def test_a_ballot_alone_ends_the_introductions():
    talk = chatbot.build(ALL, at("one"), Me(), [], T, ballots={"one": {"options": [1]}})
    assert "ready" in ids(talk) and "ask:nickname" not in ids(talk)
    assert talk.prompt.kind == "choice"


def test_a_message_as_json_has_every_field_of_the_message():
    from dataclasses import asdict, fields

    from tyopaja.chat.model import Message

    values = {f.name: f"value of {f.name}" for f in fields(Message)}
    message = Message(**{**values, "actions": ("edit", "withdraw")})
    assert message.to_dict() == {**asdict(message), "actions": ["edit", "withdraw"]}


def test_a_prompt_as_json_has_every_field_of_the_prompt():
    from dataclasses import asdict, fields

    from tyopaja.chat.model import Prompt

    values = {f.name: f"value of {f.name}" for f in fields(Prompt)}
    options = ({"value": "a", "label": "A"}, {"value": "b", "label": "B"})
    prompt = Prompt(**{**values, "options": options, "extra": {"min": 1, "labels": ["x"]}})
    assert prompt.to_dict() == {**asdict(prompt), "options": list(options)}


def test_the_translator_translates_and_counts_like_flask_babel(app):
    """The chat's Flask-free translator (tyopaja/catalogs.py) reads the same catalogs as the
    pages' Flask-Babel, selkokieli included."""
    from flask_babel import force_locale, gettext, ngettext

    from tyopaja.catalogs import Translator
    from tyopaja.web.selko import DOMAIN

    with app.app_context(), force_locale("sv"):
        t = Translator("sv")
        assert (
            t.gettext("Tervetuloa mukaan!") == gettext("Tervetuloa mukaan!") != "Tervetuloa mukaan!"
        )
        for n in (1, 3):
            ours = t.ngettext(
                "%(label)s, %(num)d henkilö", "%(label)s, %(num)d henkeä", n, label="B"
            )
            theirs = ngettext(
                "%(label)s, %(num)d henkilö", "%(label)s, %(num)d henkeä", n, label="B"
            )
            assert ours == theirs
    plain = Translator("fi", plain=True)
    with app.app_context(), force_locale("fi"):
        simplified = [m for m in DOMAIN.get_translations()._catalog if isinstance(m, str) and m]
        assert simplified
        for message in simplified[:20]:
            assert plain.gettext(message) == DOMAIN.gettext(message)
        assert plain.gettext(simplified[0]) != simplified[0]
    assert Translator("fi").gettext(simplified[0]) == simplified[0]


def test_a_cache_reuses_unchanged_answers_and_never_shows_stale_ones():
    cache = ChatCache()
    first = [MyAnswer(1, "a", "Hyvä"), MyAnswer(2, "a", "Avustukset tulevat ajallaan")]
    talk = chatbot.build(SCRIPT, AT_A, DONE, first, T, cache=cache)
    assert talk == chatbot.build(SCRIPT, AT_A, DONE, first, T)
    bubbles = {m.id: m for m in talk.messages}
    again = chatbot.build(SCRIPT, AT_A, DONE, first, T, cache=cache)
    assert again == talk
    assert all(m is bubbles[m.id] for m in again.messages if m.answer)

    edited = [first[0], MyAnswer(2, "a", "Päätökset tulevat ajoissa")]
    talk = chatbot.build(SCRIPT, AT_A, DONE, edited, T, cache=cache)
    assert talk == chatbot.build(SCRIPT, AT_A, DONE, edited, T)
    assert "Päätökset tulevat ajoissa" in [m.text for m in talk.messages]

    closed = Position(state="open", current="b", closed=frozenset({"a"}))
    talk = chatbot.build(SCRIPT, closed, DONE, edited, T, cache=cache)
    assert talk == chatbot.build(SCRIPT, closed, DONE, edited, T)
    assert all(m.actions == () for m in talk.messages if m.answer)


def test_a_cache_follows_the_profile_through_onboarding():
    cache = ChatCache()
    for me in (
        Me(),
        Me(onboarding="nickname", nickname="Aino"),
        DONE,
        Me(onboarding="done", nickname="Eino"),
    ):
        assert chatbot.build(SCRIPT, AT_A, me, [], T, cache=cache) == chatbot.build(
            SCRIPT, AT_A, me, [], T
        )
