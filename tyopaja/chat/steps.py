"""The workshop steps in the participant chat: questions, own answers, and what to offer next.

Pure Python, called by chatbot.build() once onboarding is over. Facilitator
pacing shows the steps up to the facilitator's current one; self pacing
shows the steps up to the participant's own progress.
"""

from __future__ import annotations

from collections.abc import Sequence

from tyopaja.chat import followup as chatfollowup
from tyopaja.chat import votes as chatvotes
from tyopaja.chat.cache import NO_CACHE, ChatCache
from tyopaja.chat.followup import Proposal, RecapItem
from tyopaja.chat.model import Conversation, Me, Message, Mine, MyAnswer, Prompt, Translator
from tyopaja.chat.votes import DotItem, MyEvent
from tyopaja.core.workshop import Position, Refused, participant_accepts, reached_step
from tyopaja.script.parse import Probe, Script, Step


def probe_for(step: Step, text: str) -> Probe | None:
    """The first of the step's probes whose condition holds for this answer."""
    lowered = text.lower()
    for probe in step.probes:
        if probe.when == "always":
            return probe
        if probe.when == "short" and len(text.strip()) < probe.short_chars:
            return probe
        if probe.when == "mentions" and any(word in lowered for word in probe.words):
            return probe
    return None


def visible_steps(script: Script, pos: Position, me: Me) -> list[Step]:
    """The steps the participant has reached, in script order."""
    reached = reached_step(script, me.progress_step) if pos.pacing == "self" else pos.current
    if reached is None:
        return []
    last = script.index(reached)
    return list(script.steps[: last + 1]) if last >= 0 else []


class _Walk:
    """One pass over the visible steps, collecting messages."""

    def __init__(
        self,
        script: Script,
        pos: Position,
        me: Me,
        mine: Mine,
        t: Translator,
        cache: ChatCache = NO_CACHE,
    ):
        self.script, self.pos, self.me, self.mine, self.t = script, pos, me, mine, t
        self.messages: list[Message] = []
        self.cache = cache

    def accepting(self, step: Step) -> bool:
        """True if the participant may still answer (or change answers to) this step."""
        try:
            participant_accepts(self.script, self.pos, step.id, self.me.progress_step)
        except Refused:
            return False
        return True

    def has_next(self, step: Step) -> bool:
        """True if a self-paced participant can move on from this step."""
        return self.pos.pacing == "self" and self.script.index(step.id) + 1 < len(self.script.steps)

    def say(self, message_id: str, text: str, step: str | None = None) -> None:
        """Add a bot message."""
        self.messages.append(Message(message_id, "bot", text, step=step))


def steps_conversation(
    script: Script,
    pos: Position,
    me: Me,
    mine: Mine,
    t: Translator,
    messages: list[Message],
    cache: ChatCache = NO_CACHE,
) -> Conversation:
    """The steps part of the conversation, appended to `messages` (greeting and onboarding).

    `cache`: see _open_step_answers.
    """
    if pos.state == "draft":
        messages.append(Message("wait:start", "bot", t.gettext("Työpaja alkaa pian. Odota hetki.")))
        return Conversation(tuple(messages), Prompt("wait"))
    visible = visible_steps(script, pos, me)
    if not visible:
        step_id = script.steps[0].id if script.steps else None
        return Conversation(tuple(messages), Prompt("wait", step=step_id))
    walk = _Walk(script, pos, me, mine, t, cache)
    current = visible[-1]
    shown = [
        s
        for s in visible
        if s is current
        or mine.has(s.id)
        or s.kind == "info"
        or (s.kind == "action" and mine.items.get(s.id))
    ]
    previous: Step | None = None
    for step in shown:
        _announce(walk, step, previous, latest=step is current)
        _step_messages(walk, step)
        previous = step
    prompt = _prompt_for(walk, current)
    if pos.state == "closed":
        walk.say("closed", t.gettext("Työpaja on päättynyt. Kiitos osallistumisesta!"))
        prompt = Prompt("closed")
    return Conversation(tuple(messages + walk.messages), prompt)


def _announce(walk: _Walk, step: Step, previous: Step | None, *, latest: bool) -> None:
    """Tell that the facilitator moved on (once, at the latest step), and name a new theme."""
    t = walk.t
    parts = []
    if latest and previous is not None and walk.pos.pacing == "facilitator":
        parts.append(t.gettext("Ohjaaja siirtyi eteenpäin."))
    if step.theme and (previous is None or previous.theme != step.theme):
        parts.append(t.gettext("Aihe: %(theme)s", theme=walk.script.theme_title(step.theme)))
    if parts:
        walk.say(f"move:{step.id}", " ".join(parts), step=step.id)


def _dot_items(walk: _Walk, step: Step) -> list[DotItem]:
    """The groups or answers a vote step offers."""
    return [i for i in walk.mine.items.get(step.id, ()) if isinstance(i, DotItem)]


def _proposals(walk: _Walk, step: Step) -> list[Proposal]:
    """The participant's own proposals on an action step."""
    return [i for i in walk.mine.items.get(step.id, ()) if isinstance(i, Proposal)]


def _carried(walk: _Walk, step: Step) -> list[RecapItem]:
    """The earlier evening's actions a recap step rates."""
    return [i for i in walk.mine.items.get(step.id, ()) if isinstance(i, RecapItem)]


def _step_messages(walk: _Walk, step: Step) -> None:
    text = step.text if not step.help else f"{step.text}\n\n{step.help}"
    walk.say(f"step:{step.id}", text, step=step.id)
    hint = chatvotes.hint(step, walk.t) or chatfollowup.hint(step, walk.t)
    if hint:
        walk.say(f"how:{step.id}", hint, step=step.id)
    editable = walk.accepting(step)
    if step.kind == "open":
        _open_step_answers(walk, step, editable)
    elif step.kind == "event":
        for event in walk.mine.events.get(step.id, ()):
            walk.messages.append(_event_message(walk, step, event, editable))
    elif step.kind == "action":
        for proposal in _proposals(walk, step):
            text = chatfollowup.proposal_text(proposal, walk.t)
            walk.messages.append(Message(f"x:{proposal.id}", "me", text, step=step.id))
    elif step.kind == "recap":
        carried = _carried(walk, step)
        walk.say(f"recap:{step.id}", chatfollowup.recap_list(carried, walk.t), step=step.id)
        if walk.mine.ballots.get(step.id):
            text = chatfollowup.ballot_text(walk.mine.ballots[step.id], carried, walk.t)
            walk.messages.append(Message(f"v:{step.id}", "me", text, step=step.id))
    elif step.is_vote and walk.mine.ballots.get(step.id):
        items = _dot_items(walk, step)
        text = chatvotes.ballot_text(step, walk.mine.ballots[step.id], items, walk.t)
        walk.messages.append(Message(f"v:{step.id}", "me", text, step=step.id))


def _open_step_answers(walk: _Walk, step: Step, editable: bool) -> None:
    """The participant's answers to an open step, each with its follow-up.

    From the cache (chat/cache.py) while the step's answers and editability are as
    last time, so an ack does not rebuild every earlier answer's bubbles.
    """
    answers = tuple(walk.mine.answers.get(step.id, ()))
    hit = walk.cache.get(step.id, (editable, answers))
    if hit is not None:
        walk.messages.extend(hit)
        return
    start = len(walk.messages)
    for answer in answers:
        _answer_messages(walk, step, answer, editable)
    walk.cache.put(step.id, (editable, answers), tuple(walk.messages[start:]))


def _answer_messages(walk: _Walk, step: Step, answer: MyAnswer, editable: bool) -> None:
    actions = ("edit", "withdraw") if editable else ()
    walk.messages.append(
        Message(
            f"a:{answer.id}", "me", answer.text, step=step.id, answer=answer.id, actions=actions
        )
    )
    probe = probe_for(step, answer.text)
    if probe is not None:
        walk.messages.append(
            Message(f"probe:{answer.id}", "bot", probe.text, step=step.id, answer=answer.id)
        )
        if answer.followup:
            # A skipped follow-up is stored as "–"; the chat says so in words.
            text = walk.t.gettext("(ohitettu)") if answer.followup == "–" else answer.followup
            walk.messages.append(
                Message(f"f:{answer.id}", "me", text, step=step.id, answer=answer.id)
            )
    if answer.hidden:
        walk.say(
            f"hidden:{answer.id}",
            walk.t.gettext("Ohjaaja piilotti tämän vastauksen yhteiseltä näytöltä."),
            step=step.id,
        )


def _event_message(walk: _Walk, step: Step, event: MyEvent, editable: bool) -> Message:
    return Message(
        f"e:{event.id}",
        "me",
        chatvotes.event_text(event, step.year, walk.t),
        step=step.id,
        event=event.id,
        actions=("withdraw",) if editable else (),
    )


def _prompt_for(walk: _Walk, step: Step) -> Prompt:
    t = walk.t
    if step.id in walk.pos.closed:
        walk.say(f"closed:{step.id}", t.gettext("Tähän kysymykseen ei voi enää vastata."))
        return _wait_or_next(walk, step, done=True)
    if step.kind == "open":
        return _open_prompt(walk, step, walk.mine.answers.get(step.id, ()))
    if step.kind == "info":
        return _wait_or_next(walk, step, done=True)
    if step.kind == "event":
        return _event_prompt(walk, step)
    if step.kind == "action":
        return _action_prompt(walk, step)
    if step.kind == "recap":
        return _recap_prompt(walk, step)
    return _vote_prompt(walk, step)


def _open_prompt(walk: _Walk, step: Step, mine: Sequence[MyAnswer]) -> Prompt:
    t = walk.t
    for answer in mine:
        if probe_for(step, answer.text) is not None and not answer.followup:
            return Prompt(
                "followup",
                step=step.id,
                placeholder=t.gettext("Kirjoita tarkennus"),
                skippable=True,
                extra={"answer": answer.id},
            )
    left = step.max_answers - len(mine)
    if left <= 0:
        walk.say(f"thanks:{step.id}", t.gettext("Kiitos vastauksistasi!"), step=step.id)
        return _wait_or_next(walk, step, done=True)
    if mine:
        walk.say(
            f"more:{step.id}:{len(mine)}",
            t.ngettext(
                "Kiitos! Voit kirjoittaa vielä %(num)d vastauksen.",
                "Kiitos! Voit kirjoittaa vielä %(num)d vastausta.",
                left,
            ),
            step=step.id,
        )
    extra: dict = {"left": left}
    _offer_next(walk, step, extra, done=bool(mine))
    return Prompt("text", step=step.id, placeholder=t.gettext("Kirjoita vastauksesi"), extra=extra)


def _vote_prompt(walk: _Walk, step: Step) -> Prompt:
    t = walk.t
    ballot = walk.mine.ballots.get(step.id)
    items = _dot_items(walk, step)
    if step.kind == "dots" and not items:
        walk.say(
            f"noitems:{step.id}",
            t.gettext("Äänestettäviä vastauksia ei ole vielä. Odota hetki ja paina Päivitä."),
            step=step.id,
        )
    if ballot:
        text = (
            t.gettext("Kiitos! Voit vielä muuttaa pisteitäsi.")
            if step.kind == "dots"
            else t.gettext("Kiitos! Voit vielä muuttaa valintaasi.")
        )
        walk.say(f"voted:{step.id}", text, step=step.id)
    extra = chatvotes.vote_extra(step, ballot, items)
    _offer_next(walk, step, extra, done=bool(ballot))
    options = () if step.kind == "dots" else chatvotes.options_of(step)
    return Prompt(step.kind, step=step.id, options=options, extra=extra)


def _event_prompt(walk: _Walk, step: Step) -> Prompt:
    t = walk.t
    mine = walk.mine.events.get(step.id, ())
    if mine:
        walk.say(
            f"more:{step.id}:{len(mine)}",
            t.gettext("Kiitos! Tapahtuma on nyt vuosikellossa. Voit lisätä vielä toisen."),
            step=step.id,
        )
    extra = chatvotes.event_extra(step, len(mine), walk.me.association)
    _offer_next(walk, step, extra, done=bool(mine))
    return Prompt(
        "event",
        step=step.id,
        placeholder=t.gettext("Mitä tapahtuu?"),
        options=chatvotes.month_options(t),
        extra=extra,
    )


def _action_prompt(walk: _Walk, step: Step) -> Prompt:
    t = walk.t
    mine = walk.mine.items.get(step.id, ())
    if mine:
        walk.say(
            f"more:{step.id}:{len(mine)}",
            t.gettext("Kiitos! Ehdotuksesi on kirjattu. Voit lisätä vielä toisen."),
            step=step.id,
        )
    extra = chatfollowup.action_extra(len(mine))
    _offer_next(walk, step, extra, done=bool(mine))
    return Prompt("action", step=step.id, placeholder=t.gettext("Mitä tehdään?"), extra=extra)


def _recap_prompt(walk: _Walk, step: Step) -> Prompt:
    t = walk.t
    ballot = walk.mine.ballots.get(step.id)
    items = _carried(walk, step)
    if ballot:
        walk.say(
            f"voted:{step.id}", t.gettext("Kiitos! Voit vielä muuttaa arvioitasi."), step=step.id
        )
    extra = chatfollowup.recap_extra(step, ballot, items, t)
    _offer_next(walk, step, extra, done=bool(ballot))
    return Prompt("recap", step=step.id, extra=extra)


def _offer_next(walk: _Walk, step: Step, extra: dict, *, done: bool) -> None:
    """Self pacing: let the participant move on; at the last step, thank them when done."""
    if walk.has_next(step):
        extra["next"] = True
    elif walk.pos.pacing == "self" and done:
        _say_end(walk)


def _say_end(walk: _Walk) -> None:
    walk.say(
        "end",
        walk.t.gettext(
            "Vastasit kaikkiin kysymyksiin. Kiitos! Voit vielä muuttaa vastauksiasi,"
            " kunnes työpaja päättyy."
        ),
    )


def _wait_or_next(walk: _Walk, step: Step, *, done: bool) -> Prompt:
    if walk.has_next(step):
        return Prompt(
            "next", step=step.id, options=({"value": "next", "label": walk.t.gettext("Seuraava")},)
        )
    if walk.pos.pacing == "self" and done:
        _say_end(walk)
    if done and walk.script.index(step.id) + 1 == len(walk.script.steps):
        return Prompt("wait", step=step.id, extra={"end": True})  # nothing more is coming
    return Prompt("wait", step=step.id)
