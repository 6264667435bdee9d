"""Participant use cases (and the workshop's own): read what a decision needs, decide, write.

Each action runs inside one store transaction (`fn(tx, actor, ...)`), so the check
and the write are atomic even with many phones at once. Writes from phones carry a
client-made id; `idempotent` (usecases/base.py) stores the receipt and answers replays.

Actions return `Done`: the ack for the caller and the changes the rooms should hear
about. No Flask here, and no SQL: `Tx` is the store's vocabulary. What the screens
read lives in tyopaja/reads/.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from tyopaja.chat.bot import MyAnswer
from tyopaja.core import voting
from tyopaja.core import workshop as rules
from tyopaja.core.workshop import Refused
from tyopaja.reads.chat import dot_items
from tyopaja.reads.rows import position_of, script_of
from tyopaja.script.parse import Step, parse_script
from tyopaja.store import Tx
from tyopaja.store.tx import Row
from tyopaja.usecases.base import Actor, Done, idempotent
from tyopaja.usecases.events import (
    AnswerChanged,
    CalendarChanged,
    ParticipantsChanged,
    PositionChanged,
    VoteChanged,
)


def hash_secret(secret: str) -> str:
    """SHA-256 of a high-entropy secret (no salt needed at 256 bits of entropy)."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def secret_matches(secret: str, secret_hash: str) -> bool:
    """Constant-time comparison of a presented secret with a stored hash."""
    return hmac.compare_digest(hash_secret(secret), secret_hash)


# -- workshops ---------------------------------------------------------------


def create_workshop(
    tx: Tx,
    source: str,
    *,
    script_name: str = "",
    title: str = "",
    municipality: str = "",
    date: str = "",
    lang: str = "",
    pacing: str = "",
    state: str = "open",
) -> tuple[Row, str]:
    """Create a workshop from a script source; return it and its facilitator secret."""
    script = parse_script(source)
    secret = rules.new_secret()
    code = _free_code(tx)
    workshop_id = tx.create_workshop(
        {
            "code": code,
            "title": title or script.title,
            "municipality": municipality,
            "date": date,
            "lang": lang or script.lang,
            "pacing": pacing or script.pacing,
            "state": state,
            "current_step": rules.first_step(script) if state == "open" else None,
            "script_name": script_name,
            "script_source": source,
            "secret_hash": hash_secret(secret),
        }
    )
    return tx.workshop(workshop_id), secret


def _free_code(tx: Tx) -> str:
    while True:
        code = rules.new_code()
        if not tx.code_taken(code):
            return code


# -- participants --------------------------------------------------------------


def join(tx: Tx, workshop_id: int, public_id: str, secret: str, lang: str) -> tuple[Row, bool]:
    """The participant with this id, created on first join; Refused if the secret is wrong.

    Returns the participant and whether it is new.
    """
    participant = tx.participant(workshop_id, public_id)
    if participant is None:
        participant_id = tx.create_participant(workshop_id, public_id, hash_secret(secret), lang)
        workshop = tx.workshop(workshop_id)
        if workshop["pacing"] == "self":
            # Self-paced participants start on the first step (the console counts them there).
            first = rules.first_step(script_of(workshop))
            tx.update_participant(participant_id, progress_step=first)
        return tx.participant_by_id(participant_id), True
    if not secret_matches(secret, participant["secret_hash"]):
        raise Refused("not_yours")
    if participant["lang"] != lang:
        tx.update_participant(participant["id"], lang=lang)
        participant = dict(participant, lang=lang)
    return participant, False


@idempotent
def set_profile(tx: Tx, actor: Actor, field_name: str, value: Any) -> Done:
    """Store one onboarding answer (or its skip) and move the onboarding on."""
    participant = tx.participant_by_id(actor.pid)
    tx.update_participant(actor.pid, **_profile_updates(participant, field_name, value))
    return Done(ack={"ok": True}, changes=[ParticipantsChanged()])


def _profile_updates(participant: Row, field_name: str, value: Any) -> dict[str, Any]:
    current = dict(
        nickname=participant["nickname"],
        association=participant["association"],
        sector=participant["sector"],
        table_label=participant["table_label"],
        headcount=participant["headcount"],
    )
    if field_name in ("nickname", "association", "sector"):
        current[field_name] = value if isinstance(value, str) else ""
        stage = field_name
    elif field_name == "mode":
        if value not in ("one", "table"):
            raise Refused("bad_request")
        stage = "mode" if value == "table" else "done"
    elif field_name == "table":
        label, headcount = _table_value(value)
        current.update(table_label=label, headcount=headcount)
        stage = "table"
    else:
        raise Refused("bad_request")
    profile = rules.check_profile(**current)
    return dict(vars(profile), onboarding=stage)


def _table_value(value: Any) -> tuple[str, int]:
    if not isinstance(value, dict):
        raise Refused("bad_request")
    label = value.get("label", "")
    headcount = value.get("headcount", 1)
    if not isinstance(label, str) or not isinstance(headcount, int) or isinstance(headcount, bool):
        raise Refused("bad_request")
    return label, headcount


# -- answers -------------------------------------------------------------------


@idempotent
def submit_answer(tx: Tx, actor: Actor, step_id: str, text: str) -> Done:
    """Store a participant's answer to an open step, once."""
    step, seen = _open(tx, actor, step_id)
    cleaned = rules.check_answer(step, text, tx.count_answers(actor.pid, step_id))
    answer_id = tx.insert_answer(
        {
            "workshop_id": actor.workshop_id,
            "step_id": step_id,
            "participant_id": actor.pid,
            "text": cleaned,
        }
    )
    return Done(
        ack={"ok": True, "answer": answer_id},
        changes=[AnswerChanged(answer_id)],
        seen=seen,
        added=MyAnswer(answer_id, step_id, cleaned),
    )


@idempotent
def submit_followup(tx: Tx, actor: Actor, answer_id: int, text: str) -> Done:
    """Store the reply to the bot's follow-up question on one of the participant's answers."""
    answer = _own_answer(tx, actor, answer_id)
    _open(tx, actor, answer["step_id"])
    cleaned = rules.clean_text(text, rules.MAX_ANSWER_CHARS, required=False) or "–"
    tx.update_answer(answer_id, followup=cleaned)
    return Done(ack={"ok": True, "answer": answer_id}, changes=[_answer_change(answer_id)])


def _answer_change(answer_id: int) -> AnswerChanged:
    return AnswerChanged(answer_id)


def _own_answer(tx: Tx, actor: Actor, answer_id: int) -> Row:
    answer = tx.answer(answer_id)
    if answer is None or answer["withdrawn"]:
        raise Refused("no_such_answer")
    if answer["participant_id"] != actor.pid:
        raise Refused("not_yours")
    return answer


def _open(tx: Tx, actor: Actor, step_id: str) -> tuple[Step, tuple[Row, Row]]:
    """The step if this participant may answer it now (else Refused), and the rows it read.

    Pacing and the participant's own progress decide; the workshop and participant rows
    come back so that the ack's conversation need not read them again.
    """
    workshop = tx.workshop(actor.workshop_id)
    participant = tx.participant_by_id(actor.pid)
    step = rules.participant_accepts(
        script_of(workshop), position_of(workshop), step_id, participant["progress_step"]
    )
    return step, (workshop, participant)


@idempotent
def edit_answer(tx: Tx, actor: Actor, answer_id: int, text: str) -> Done:
    """Change the text of one's own answer while its step is open."""
    answer = _own_answer(tx, actor, answer_id)
    _open(tx, actor, answer["step_id"])
    tx.update_answer(answer_id, text=rules.clean_text(text, rules.MAX_ANSWER_CHARS))
    return Done(ack={"ok": True, "answer": answer_id}, changes=[_answer_change(answer_id)])


@idempotent
def withdraw_answer(tx: Tx, actor: Actor, answer_id: int) -> Done:
    """Take back one's own answer while its step is open; it leaves every screen."""
    answer = _own_answer(tx, actor, answer_id)
    _open(tx, actor, answer["step_id"])
    tx.update_answer(answer_id, withdrawn=1)
    return Done(ack={"ok": True, "answer": answer_id}, changes=[_answer_change(answer_id)])


# -- votes, calendar entries and self-paced progress ------------------------------


@idempotent
def submit_ballot(tx: Tx, actor: Actor, step_id: str, ballot: Any) -> Done:
    """Store a participant's ballot on a vote step, replacing any earlier one (empty: withdraw)."""
    step, seen = _open(tx, actor, step_id)
    items = {item.key for item in dot_items(tx, actor.workshop_id, step)}
    cleaned = voting.check_ballot(step, ballot, items)
    if voting.is_empty(cleaned):
        tx.delete_ballot(actor.pid, step_id)
    else:
        tx.save_ballot(actor.workshop_id, step_id, actor.pid, cleaned)
    ack = {"ok": True, "step": step_id}
    return Done(ack=ack, changes=[VoteChanged(step_id)], seen=seen)


@idempotent
def submit_event(tx: Tx, actor: Actor, step_id: str, entry: dict[str, Any]) -> Done:
    """Add a calendar entry ({month, day, what, organiser}) to an `event` step."""
    step, _ = _open(tx, actor, step_id)
    so_far = tx.count_events(actor.pid, step_id)
    checked = rules.check_event(
        step, entry["month"], entry.get("day"), entry["what"], entry.get("organiser", ""), so_far
    )
    event_id = tx.insert_event(
        dict(
            vars(checked),
            workshop_id=actor.workshop_id,
            step_id=step_id,
            participant_id=actor.pid,
        )
    )
    ack = {"ok": True, "event": event_id}
    return Done(ack=ack, changes=[CalendarChanged()])


@idempotent
def withdraw_event(tx: Tx, actor: Actor, event_id: int) -> Done:
    """Take back one's own calendar entry while its step is open."""
    event = tx.event(event_id)
    if event is None or event["withdrawn"]:
        raise Refused("no_such_answer")
    if event["participant_id"] != actor.pid:
        raise Refused("not_yours")
    _open(tx, actor, event["step_id"])
    tx.update_event(event_id, withdrawn=1)
    ack = {"ok": True, "event": event_id}
    return Done(ack=ack, changes=[CalendarChanged()])


@idempotent
def advance(tx: Tx, actor: Actor, leaving: str) -> Done:
    """Self pacing: move the participant from the step they are leaving to the next one."""
    workshop = tx.workshop(actor.workshop_id)
    progress = tx.participant_by_id(actor.pid)["progress_step"]
    target = rules.advance_from(script_of(workshop), position_of(workshop), progress, leaving)
    if target != progress:
        tx.update_participant(actor.pid, progress_step=target)
    return Done(ack={"ok": True, "step": target}, changes=[ParticipantsChanged()])


# -- facilitator -----------------------------------------------------------------


def goto_step(tx: Tx, actor: Actor, step_id: str) -> Done:
    """Make a step the current one (and open the workshop if it was a draft)."""
    workshop = tx.workshop(actor.workshop_id)
    rules.require_step(script_of(workshop), step_id)
    state = "open" if workshop["state"] == "draft" else workshop["state"]
    tx.update_workshop(actor.workshop_id, current_step=step_id, state=state)
    return Done(ack={"ok": True, "step": step_id}, changes=[PositionChanged()])


def move(tx: Tx, actor: Actor, delta: int) -> Done:
    """Go to the next (delta=1) or previous (delta=-1) step."""
    workshop = tx.workshop(actor.workshop_id)
    target = rules.neighbour(script_of(workshop), workshop["current_step"], delta)
    return goto_step(tx, actor, target)


def set_state(tx: Tx, actor: Actor, state: str) -> Done:
    """Open, close (lock) or return a workshop to draft."""
    if state not in rules.STATES:
        raise Refused("bad_request")
    workshop = tx.workshop(actor.workshop_id)
    current = workshop["current_step"] or rules.first_step(script_of(workshop))
    tx.update_workshop(actor.workshop_id, state=state, current_step=current)
    return Done(ack={"ok": True, "state": state}, changes=[PositionChanged()])


def rotate_secret(tx: Tx, code: str) -> tuple[Row, str]:
    """Give a workshop a new facilitator secret; the old link and cookies stop working."""
    normalized = rules.normalize_code(code)
    workshop = tx.workshop_by_code(normalized) if normalized else None
    if workshop is None:
        raise Refused("unknown_workshop")
    secret = rules.new_secret()
    tx.update_workshop(workshop["id"], secret_hash=hash_secret(secret))
    return tx.workshop(workshop["id"]), secret


# -- privacy: deleting workshops (docs/security.md) ------------------------------


def delete_workshop(tx: Tx, workshop_id: int) -> Row | None:
    """Delete a workshop and everything in it; return what it was (None if already gone)."""
    workshop = tx.workshop(workshop_id)
    if workshop is not None:
        tx.delete_workshop(workshop_id)
    return workshop


def delete_by_code(tx: Tx, code: str) -> Row:
    """Delete the workshop with this join code; Refused if there is none."""
    normalized = rules.normalize_code(code)
    workshop = tx.workshop_by_code(normalized) if normalized else None
    if workshop is None:
        raise Refused("unknown_workshop")
    tx.delete_workshop(workshop["id"])
    return workshop


def purge_idle(tx: Tx, cutoff: str, *, dry_run: bool = False) -> list[Row]:
    """Delete every workshop idle since `cutoff` (ISO 8601 UTC); return the ones deleted."""
    idle = tx.workshops_idle_since(cutoff)
    if not dry_run:
        for workshop in idle:
            tx.delete_workshop(workshop["id"])
    return idle


# -- export (issue 6): importing answers, publishing the summary -------------------


def import_answers(tx: Tx, workshop_id: int, rows: list, texts: Any = None) -> Done:
    """Store answers read from a file (source 'import'): all rows, or none and ImportInvalid.

    `rows` come from `importer.parse_import`; rows with the same `participant` label share
    one participant (so their association and sector are kept), rows without a label but
    with an association or sector get one each, and bare rows belong to no participant.
    """
    from tyopaja.core.importer import check_rows

    workshop = tx.workshop(workshop_id)
    checked = check_rows(rows, script_of(workshop), texts)
    people: dict[str, int] = {}
    ids = []
    for row in checked:
        participant_id = _import_participant(tx, workshop, row, people)
        ids.append(
            tx.insert_answer(
                {
                    "workshop_id": workshop_id,
                    "step_id": row.step,
                    "participant_id": participant_id,
                    "text": row.text,
                    "source": "import",
                }
            )
        )
    return Done(
        ack={"ok": True, "imported": len(ids)},
        changes=[AnswerChanged(answer_id) for answer_id in ids],
    )


def _import_participant(tx: Tx, workshop: Row, row: Any, people: dict[str, int]) -> int | None:
    """The participant an imported row belongs to (created on first use), or None."""
    if not (row.participant or row.association or row.sector):
        return None
    label = row.participant or rules.new_secret()[:12]
    if label in people:
        return people[label]
    public_id = f"import:{label}"
    existing = tx.participant(workshop["id"], public_id)
    if existing is not None:
        people[label] = existing["id"]
        return existing["id"]
    participant_id = tx.create_participant(
        workshop["id"], public_id, hash_secret(rules.new_secret()), workshop["lang"]
    )
    tx.update_participant(
        participant_id, association=row.association, sector=row.sector, onboarding="done"
    )
    people[label] = participant_id
    return participant_id


def publish_summary(tx: Tx, workshop_id: int, summaries: dict[str, str] | None) -> Done:
    """Publish the participants' summary ({lang: Markdown}), or withdraw it with None."""
    import json

    from tyopaja.store.tx import now

    value = None if summaries is None else json.dumps({"at": now(), "summary": summaries})
    tx.update_workshop(workshop_id, published=value)
    return Done(ack={"ok": True, "published": summaries is not None})


# Reads that moved to tyopaja/reads/, still importable from here for code written against the
# old names (other branches); new code imports them from reads.
from tyopaja.reads.chat import (  # noqa: E402, F401
    chat_state,
    my_answers,
    my_ballots,
    my_events,
)
from tyopaja.reads.console import progress_of  # noqa: E402, F401
from tyopaja.reads.rows import me_of, script_from_source  # noqa: E402, F401
