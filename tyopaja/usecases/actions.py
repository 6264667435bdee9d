"""Use cases: read what a decision needs, let the rules decide, write the result.

Each action runs inside one store transaction (`fn(tx, ...)`), so the check
and the write are atomic even with many phones at once. Writes from phones
carry a client-made id: the first run stores a receipt with the result, a
replay returns that result and changes nothing.

Actions return `Done`: the ack for the caller and the changes the rooms
should hear about. No Flask here, and no SQL: `Tx` is the store's vocabulary.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from tyopaja.chat.bot import DotItem, Me, MyAnswer, MyEvent
from tyopaja.chat.steps import visible_steps
from tyopaja.core import voting
from tyopaja.core import workshop as rules
from tyopaja.core.workshop import Position, Refused
from tyopaja.script.parse import Script, Step, parse_script
from tyopaja.store import Tx
from tyopaja.store.tx import Row


@dataclass
class Done:
    """What an action produced: the ack and the changes to broadcast."""

    ack: dict[str, Any]
    changes: list[dict[str, Any]] = field(default_factory=list)
    replay: bool = False
    # The workshop and participant rows the action read, when the write changed neither
    # (but for the participant's answers revision): the ack's conversation is built from
    # them instead of reading them again.
    seen: tuple[Row, Row] | None = None
    # The answer the write added, so that the ack can extend its copy of the
    # participant's answers instead of reading them all again.
    added: MyAnswer | None = None


def hash_secret(secret: str) -> str:
    """SHA-256 of a high-entropy secret (no salt needed at 256 bits of entropy)."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def secret_matches(secret: str, secret_hash: str) -> bool:
    """Constant-time comparison of a presented secret with a stored hash."""
    return hmac.compare_digest(hash_secret(secret), secret_hash)


@lru_cache(maxsize=128)
def script_from_source(source: str) -> Script:
    """The parsed script of a stored workshop (cached: sources never change in place)."""
    return parse_script(source)


def script_of(workshop: Row) -> Script:
    """The script a workshop runs."""
    return script_from_source(workshop["script_source"])


def position_of(workshop: Row) -> Position:
    """Where a workshop is."""
    return Position(
        state=workshop["state"],
        pacing=workshop["pacing"],
        current=workshop["current_step"],
        closed=frozenset(workshop["closed_steps"]),
    )


def me_of(participant: Row) -> Me:
    """The participant as the chatbot sees them."""
    return Me(
        onboarding=participant["onboarding"],
        nickname=participant["nickname"],
        association=participant["association"],
        sector=participant["sector"],
        table_label=participant["table_label"],
        headcount=participant["headcount"],
        progress_step=participant["progress_step"],
    )


def my_answers(tx: Tx, participant_id: int) -> list[MyAnswer]:
    """A participant's own answers, for the chat."""
    return [
        MyAnswer(answer_id, step_id, text, followup, bool(hidden))
        for answer_id, step_id, text, followup, hidden in tx.answers_of(participant_id)
    ]


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
    year: int | None = None,
) -> tuple[Row, str]:
    """Create a workshop from a script source; return it and its facilitator secret.

    `year` is the vuosikello's year; without it the script's `vuosi:` decides at export.
    """
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
            "calendar_year": year,
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


def _replayed(tx: Tx, workshop_id: int, actor: str, cid: str) -> Done | None:
    stored = tx.receipt(workshop_id, actor, cid)
    return None if stored is None else Done(ack=stored, replay=True)


def _actor(participant_id: int) -> str:
    return f"p:{participant_id}"


def set_profile(
    tx: Tx, workshop_id: int, participant_id: int, cid: str, field_name: str, value: Any
) -> Done:
    """Store one onboarding answer (or its skip) and move the onboarding on."""
    actor = _actor(participant_id)
    if (done := _replayed(tx, workshop_id, actor, cid)) is not None:
        return done
    participant = tx.participant_by_id(participant_id)
    updates = _profile_updates(participant, field_name, value)
    tx.update_participant(participant_id, **updates)
    ack = {"ok": True}
    tx.save_receipt(workshop_id, actor, cid, ack)
    return Done(ack=ack, changes=[{"type": "participants"}])


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


def submit_answer(
    tx: Tx, workshop_id: int, participant_id: int, cid: str, step_id: str, text: str
) -> Done:
    """Store a participant's answer to an open step, once."""
    actor = _actor(participant_id)
    if (done := _replayed(tx, workshop_id, actor, cid)) is not None:
        return done
    step, seen = _open(tx, workshop_id, participant_id, step_id)
    cleaned = rules.check_answer(step, text, tx.count_answers(participant_id, step_id))
    answer_id = tx.insert_answer(
        {
            "workshop_id": workshop_id,
            "step_id": step_id,
            "participant_id": participant_id,
            "text": cleaned,
        }
    )
    ack = {"ok": True, "answer": answer_id}
    tx.save_receipt(workshop_id, actor, cid, ack)
    return Done(
        ack=ack,
        changes=[{"type": "answer", "answer": answer_id}],
        seen=seen,
        added=MyAnswer(answer_id, step_id, cleaned),
    )


def submit_followup(
    tx: Tx, workshop_id: int, participant_id: int, cid: str, answer_id: int, text: str
) -> Done:
    """Store the reply to the bot's follow-up question on one of the participant's answers."""
    actor = _actor(participant_id)
    if (done := _replayed(tx, workshop_id, actor, cid)) is not None:
        return done
    answer = _own_answer(tx, participant_id, answer_id)
    _open_step(tx, workshop_id, participant_id, answer["step_id"])
    cleaned = rules.clean_text(text, rules.MAX_ANSWER_CHARS, required=False) or "–"
    tx.update_answer(answer_id, followup=cleaned)
    ack = {"ok": True, "answer": answer_id}
    tx.save_receipt(workshop_id, actor, cid, ack)
    return Done(ack=ack, changes=[{"type": "answer", "answer": answer_id}])


def _own_answer(tx: Tx, participant_id: int, answer_id: int) -> Row:
    answer = tx.answer(answer_id)
    if answer is None or answer["withdrawn"]:
        raise Refused("no_such_answer")
    if answer["participant_id"] != participant_id:
        raise Refused("not_yours")
    return answer


def _open_step(tx: Tx, workshop_id: int, participant_id: int, step_id: str) -> Step:
    """The step if this participant may answer it now (pacing and own progress); else Refused."""
    return _open(tx, workshop_id, participant_id, step_id)[0]


def _open(tx: Tx, workshop_id: int, participant_id: int, step_id: str) -> tuple[Step, tuple]:
    """As _open_step, with the workshop and participant rows it read."""
    workshop = tx.workshop(workshop_id)
    participant = tx.participant_by_id(participant_id)
    step = rules.participant_accepts(
        script_of(workshop), position_of(workshop), step_id, participant["progress_step"]
    )
    return step, (workshop, participant)


def _receipt(tx: Tx, workshop_id: int, participant_id: int, cid: str, ack: dict) -> dict:
    tx.save_receipt(workshop_id, _actor(participant_id), cid, ack)
    return ack


def edit_answer(
    tx: Tx, workshop_id: int, participant_id: int, cid: str, answer_id: int, text: str
) -> Done:
    """Change the text of one's own answer while its step is open."""
    if (done := _replayed(tx, workshop_id, _actor(participant_id), cid)) is not None:
        return done
    answer = _own_answer(tx, participant_id, answer_id)
    _open_step(tx, workshop_id, participant_id, answer["step_id"])
    tx.update_answer(answer_id, text=rules.clean_text(text, rules.MAX_ANSWER_CHARS))
    ack = _receipt(tx, workshop_id, participant_id, cid, {"ok": True, "answer": answer_id})
    return Done(ack=ack, changes=[{"type": "answer", "answer": answer_id}])


def withdraw_answer(
    tx: Tx, workshop_id: int, participant_id: int, cid: str, answer_id: int
) -> Done:
    """Take back one's own answer while its step is open; it leaves every screen."""
    if (done := _replayed(tx, workshop_id, _actor(participant_id), cid)) is not None:
        return done
    answer = _own_answer(tx, participant_id, answer_id)
    _open_step(tx, workshop_id, participant_id, answer["step_id"])
    tx.update_answer(answer_id, withdrawn=1)
    ack = _receipt(tx, workshop_id, participant_id, cid, {"ok": True, "answer": answer_id})
    return Done(ack=ack, changes=[{"type": "answer", "answer": answer_id}])


# -- votes, calendar entries and self-paced progress ------------------------------


def my_ballots(tx: Tx, participant_id: int) -> dict[str, dict[str, Any]]:
    """A participant's ballots, by step."""
    return tx.ballots_of(participant_id)


def my_events(tx: Tx, participant_id: int) -> list[MyEvent]:
    """A participant's own calendar entries, oldest first."""
    return [
        MyEvent(e["id"], e["step_id"], e["month"], e["day"], e["what"], e["organiser"])
        for e in tx.events_of(participant_id)
    ]


def dot_items(tx: Tx, workshop_id: int, step: Step) -> list[DotItem]:
    """What a dots step votes on: the visible answers of its source step, or its groups."""
    if step.kind != "dots" or not step.source:
        return []
    if step.source_kind == "groups":
        return [
            DotItem(
                voting.item_key("groups", g["id"]),
                g["title"] or g["sample"],
                g["sample"] if g["title"] else "",
            )
            for g in tx.votable_groups(workshop_id, step.source)
        ]
    return [
        DotItem(voting.item_key("answers", a["id"]), a["text"])
        for a in tx.votable_answers(workshop_id, step.source)
    ]


def chat_state(tx: Tx, workshop: Row, participant: Row) -> dict[str, Any]:
    """Everything the participant has given, as keyword arguments for chatbot.build().

    Ballots and calendar entries are read only if the script has such steps, dots
    items only for the dots steps the participant can see.
    """
    participant_id = participant["id"]
    script = script_of(workshop)
    shown = visible_steps(script, position_of(workshop), me_of(participant))
    votes = any(step.is_vote for step in script.steps)
    events = any(step.kind == "event" for step in script.steps)
    return {
        "ballots": my_ballots(tx, participant_id) if votes else {},
        "events": my_events(tx, participant_id) if events else [],
        "items": {
            step.id: dot_items(tx, workshop["id"], step) for step in shown if step.kind == "dots"
        },
    }


def submit_ballot(
    tx: Tx, workshop_id: int, participant_id: int, cid: str, step_id: str, ballot: Any
) -> Done:
    """Store a participant's ballot on a vote step, replacing any earlier one (empty: withdraw)."""
    if (done := _replayed(tx, workshop_id, _actor(participant_id), cid)) is not None:
        return done
    step, seen = _open(tx, workshop_id, participant_id, step_id)
    items = {item.key for item in dot_items(tx, workshop_id, step)}
    cleaned = voting.check_ballot(step, ballot, items)
    if voting.is_empty(cleaned):
        tx.delete_ballot(participant_id, step_id)
    else:
        tx.save_ballot(workshop_id, step_id, participant_id, cleaned)
    ack = _receipt(tx, workshop_id, participant_id, cid, {"ok": True, "step": step_id})
    return Done(ack=ack, changes=[{"type": "ballot", "step": step_id}], seen=seen)


def submit_event(
    tx: Tx,
    workshop_id: int,
    participant_id: int,
    cid: str,
    step_id: str,
    entry: dict[str, Any],
) -> Done:
    """Add a calendar entry ({month, day, what, organiser}) to an `event` step."""
    if (done := _replayed(tx, workshop_id, _actor(participant_id), cid)) is not None:
        return done
    step = _open_step(tx, workshop_id, participant_id, step_id)
    so_far = tx.count_events(participant_id, step_id)
    checked = rules.check_event(
        step, entry["month"], entry.get("day"), entry["what"], entry.get("organiser", ""), so_far
    )
    event_id = tx.insert_event(
        dict(vars(checked), workshop_id=workshop_id, step_id=step_id, participant_id=participant_id)
    )
    ack = _receipt(tx, workshop_id, participant_id, cid, {"ok": True, "event": event_id})
    return Done(ack=ack, changes=[{"type": "event", "event": event_id}])


def withdraw_event(tx: Tx, workshop_id: int, participant_id: int, cid: str, event_id: int) -> Done:
    """Take back one's own calendar entry while its step is open."""
    if (done := _replayed(tx, workshop_id, _actor(participant_id), cid)) is not None:
        return done
    event = tx.event(event_id)
    if event is None or event["withdrawn"]:
        raise Refused("no_such_answer")
    if event["participant_id"] != participant_id:
        raise Refused("not_yours")
    _open_step(tx, workshop_id, participant_id, event["step_id"])
    tx.update_event(event_id, withdrawn=1)
    ack = _receipt(tx, workshop_id, participant_id, cid, {"ok": True, "event": event_id})
    return Done(ack=ack, changes=[{"type": "event", "event": event_id}])


def advance(tx: Tx, workshop_id: int, participant_id: int, cid: str, leaving: str) -> Done:
    """Self pacing: move the participant from the step they are leaving to the next one."""
    if (done := _replayed(tx, workshop_id, _actor(participant_id), cid)) is not None:
        return done
    workshop = tx.workshop(workshop_id)
    progress = tx.participant_by_id(participant_id)["progress_step"]
    target = rules.advance_from(script_of(workshop), position_of(workshop), progress, leaving)
    if target != progress:
        tx.update_participant(participant_id, progress_step=target)
    ack = _receipt(tx, workshop_id, participant_id, cid, {"ok": True, "step": target})
    return Done(ack=ack, changes=[{"type": "progress"}])


def progress_of(tx: Tx, workshop: Row) -> dict[str, int]:
    """Self pacing: how many participants are on each step, in script order (for the console)."""
    counts = tx.progress_counts(workshop["id"])
    script = script_of(workshop)
    first = rules.first_step(script)
    if first is not None and None in counts:
        counts[first] = counts.get(first, 0) + counts.pop(None)
    return {step.id: counts.get(step.id, 0) for step in script.steps}


# -- facilitator -----------------------------------------------------------------


def goto_step(tx: Tx, workshop_id: int, step_id: str) -> Done:
    """Make a step the current one (and open the workshop if it was a draft)."""
    workshop = tx.workshop(workshop_id)
    rules.require_step(script_of(workshop), step_id)
    state = "open" if workshop["state"] == "draft" else workshop["state"]
    tx.update_workshop(workshop_id, current_step=step_id, state=state)
    return Done(ack={"ok": True, "step": step_id}, changes=[{"type": "position"}])


def move(tx: Tx, workshop_id: int, delta: int) -> Done:
    """Go to the next (delta=1) or previous (delta=-1) step."""
    workshop = tx.workshop(workshop_id)
    target = rules.neighbour(script_of(workshop), workshop["current_step"], delta)
    return goto_step(tx, workshop_id, target)


def set_state(tx: Tx, workshop_id: int, state: str) -> Done:
    """Open, close (lock) or return a workshop to draft."""
    if state not in rules.STATES:
        raise Refused("bad_request")
    workshop = tx.workshop(workshop_id)
    current = workshop["current_step"] or rules.first_step(script_of(workshop))
    tx.update_workshop(workshop_id, state=state, current_step=current)
    return Done(ack={"ok": True, "state": state}, changes=[{"type": "position"}])


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
        changes=[{"type": "answer", "answer": answer_id} for answer_id in ids],
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
