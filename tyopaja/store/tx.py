"""Typed reads and writes on one transaction: the store's vocabulary.

Rows come back as plain dicts; JSON columns are decoded. Callers decide;
this module only reads and writes.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from sqlite_utils import Database

from tyopaja.core.workshop import Refused

Row = dict[str, Any]

_JSON_COLUMNS = (
    "closed_steps",
    "hidden_results",
    "timer",
    "shared_words",
    "payload",
    "result",
    "projector",
    "placement",
)


def now() -> str:
    """The current UTC time as ISO 8601 text with milliseconds."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _decoded(row: Row) -> Row:
    """A row with its JSON columns decoded."""
    decoded = _decode(row)
    assert decoded is not None
    return decoded


def _decode(row: Row | None) -> Row | None:
    if row is None:
        return None
    for column in _JSON_COLUMNS:
        if column in row and isinstance(row[column], str):
            row[column] = json.loads(row[column])
    return row


def _encode(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _encoded(values: Row) -> Row:
    """Values with their JSON columns (_JSON_COLUMNS, as decoded on reading) encoded."""
    return {k: _encode(v) if k in _JSON_COLUMNS else v for k, v in values.items()}


class Tx:
    """Reads and writes within one transaction (or one read connection)."""

    def __init__(self, db: Database):
        self.db = db

    # -- generic helpers -------------------------------------------------------

    def _one(self, sql: str, params: tuple | dict = ()) -> Row | None:
        cursor = self.db.execute(sql, params)
        row = cursor.fetchone()
        if row is None:
            return None
        return _decode(dict(zip([c[0] for c in cursor.description], row, strict=True)))

    def _update(self, table: str, row_id: int, values: Row, *, stamp: bool = False) -> None:
        """Set columns of one row (JSON columns encoded; `stamp`: updated_at too)."""
        values = _encoded(dict(values, updated_at=now()) if stamp else values)
        assignments = ", ".join(f"{name} = :{name}" for name in values)
        self.db.execute(f"UPDATE {table} SET {assignments} WHERE id = :id", dict(values, id=row_id))

    def _all(self, sql: str, params: tuple | dict = ()) -> list[Row]:
        cursor = self.db.execute(sql, params)
        names = [c[0] for c in cursor.description]
        return [_decoded(dict(zip(names, row, strict=True))) for row in cursor.fetchall()]

    def _insert(self, table: str, values: Row) -> int:
        values = _encoded(values)
        columns = ", ".join(values)
        marks = ", ".join(f":{name}" for name in values)
        cursor = self.db.execute(f"INSERT INTO {table} ({columns}) VALUES ({marks})", values)
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def ping(self) -> bool:
        """True if the database answers."""
        return self.db.execute("SELECT 1").fetchone() == (1,)

    # -- workshops ---------------------------------------------------------------------

    def create_workshop(self, values: Row) -> int:
        """Insert a workshop; return its id."""
        stamp = now()
        values = dict(values, created_at=stamp, updated_at=stamp)
        return self._insert("workshops", values)

    def workshop(self, workshop_id: int) -> Row | None:
        """The workshop with this id."""
        return self._one("SELECT * FROM workshops WHERE id = ?", (workshop_id,))

    def workshop_or_refuse(self, workshop_id: int) -> Row:
        """The workshop with this id; Refused("unknown_workshop") if it is gone (deleted)."""
        workshop = self.workshop(workshop_id)
        if workshop is None:
            raise Refused("unknown_workshop")
        return workshop

    def workshop_by_code(self, code: str) -> Row | None:
        """The workshop with this join code."""
        return self._one("SELECT * FROM workshops WHERE code = ?", (code,))

    def workshop_by_secret(self, secret_hash: str) -> Row | None:
        """The workshop whose facilitator secret has this hash."""
        return self._one("SELECT * FROM workshops WHERE secret_hash = ?", (secret_hash,))

    def workshops(self) -> list[Row]:
        """Every workshop, newest first, without script sources."""
        return self._all(
            "SELECT id, code, title, municipality, date, lang, pacing, state, current_step,"
            " script_name, created_at FROM workshops ORDER BY id DESC"
        )

    def code_taken(self, code: str) -> bool:
        """True if a workshop already has this join code."""
        return self._one("SELECT 1 AS x FROM workshops WHERE code = ?", (code,)) is not None

    def update_workshop(self, workshop_id: int, **values: Any) -> None:
        """Set columns of a workshop."""
        self._update("workshops", workshop_id, values, stamp=True)

    def set_projector(self, workshop_id: int, projector: Row) -> None:
        """Store what the projector is told to show."""
        self.update_workshop(workshop_id, projector=projector)

    def workshop_overview(self, organizer_id: int | None = None) -> list[Row]:
        """One space's workshops, newest first, with their participant and answer counts.

        `organizer_id` None is the instance's own space (workshops of no organiser).
        """
        return self._all(
            "SELECT w.id, w.code, w.title, w.municipality, w.date, w.lang, w.pacing, w.state,"
            " w.current_step, w.script_name, w.created_at,"
            " (SELECT count(*) FROM participants p WHERE p.workshop_id = w.id) AS participants,"
            " (SELECT count(*) FROM answers a WHERE a.workshop_id = w.id AND a.withdrawn = 0)"
            " AS answers FROM workshops w WHERE w.organizer_id IS ? ORDER BY w.id DESC",
            (organizer_id,),
        )

    def workshop_codes(self) -> list[str]:
        """Every workshop's join code, sorted."""
        return [row[0] for row in self.db.execute("SELECT code FROM workshops ORDER BY code")]

    def secret_hashes(self, workshop_ids: set[int]) -> dict[int, str]:
        """The facilitator secret hash of each of these workshops that exists."""
        ids = sorted(workshop_ids)
        marks = ", ".join("?" * len(ids))
        sql = f"SELECT id, secret_hash FROM workshops WHERE id IN ({marks})"
        return {row[0]: row[1] for row in self.db.execute(sql, ids)}

    def progress_counts(self, workshop_id: int) -> dict[str | None, int]:
        """Self pacing: how many participants are on each step (None: not started)."""
        rows = self._all(
            "SELECT progress_step, count(*) AS n FROM participants"
            " WHERE workshop_id = ? GROUP BY progress_step",
            (workshop_id,),
        )
        return {row["progress_step"]: row["n"] for row in rows}

    # -- participants ------------------------------------------------------------------

    def participant(self, workshop_id: int, public_id: str) -> Row | None:
        """The participant with this client-made id in this workshop."""
        return self._one(
            "SELECT * FROM participants WHERE workshop_id = ? AND public_id = ?",
            (workshop_id, public_id),
        )

    def participant_by_id(self, participant_id: int) -> Row | None:
        """The participant with this row id."""
        return self._one("SELECT * FROM participants WHERE id = ?", (participant_id,))

    def participant_or_refuse(self, participant_id: int) -> Row:
        """The participant with this row id; Refused if gone (their workshop was deleted)."""
        participant = self.participant_by_id(participant_id)
        if participant is None:
            raise Refused("unknown_workshop")
        return participant

    def create_participant(
        self, workshop_id: int, public_id: str, secret_hash: str, lang: str
    ) -> int:
        """Insert a participant; return its row id."""
        stamp = now()
        return self._insert(
            "participants",
            {
                "workshop_id": workshop_id,
                "public_id": public_id,
                "secret_hash": secret_hash,
                "lang": lang,
                "created_at": stamp,
                "last_seen": stamp,
            },
        )

    def update_participant(self, participant_id: int, **values: Any) -> None:
        """Set columns of a participant."""
        self._update("participants", participant_id, values)

    def participants(self, workshop_id: int) -> list[Row]:
        """Every participant of a workshop, without secrets."""
        return self._all(
            "SELECT id, public_id, nickname, association, sector, table_label, headcount, lang,"
            " onboarding, progress_step, created_at, last_seen"
            " FROM participants WHERE workshop_id = ? ORDER BY id",
            (workshop_id,),
        )

    def participant_count(self, workshop_id: int) -> int:
        """How many participants (phones) have joined."""
        row = self._one(
            "SELECT count(*) AS n FROM participants WHERE workshop_id = ?", (workshop_id,)
        )
        return row["n"] if row else 0

    def headcount(self, workshop_id: int) -> int:
        """How many people have joined: a table group's phone counts as its headcount."""
        row = self._one(
            "SELECT coalesce(sum(max(1, headcount)), 0) AS n FROM participants"
            " WHERE workshop_id = ?",
            (workshop_id,),
        )
        return row["n"] if row else 0

    # -- receipts (idempotency) --------------------------------------------------------

    def receipt(self, workshop_id: int, actor: str, client_id: str) -> Any | None:
        """The stored result of an earlier write with this client id, if any."""
        row = self._one(
            "SELECT result FROM receipts WHERE workshop_id = ? AND actor = ? AND client_id = ?",
            (workshop_id, actor, client_id),
        )
        return None if row is None else row["result"]

    def save_receipt(self, workshop_id: int, actor: str, client_id: str, result: Any) -> None:
        """Record the result of a write so that a replay returns it unchanged."""
        self._insert(
            "receipts",
            {
                "workshop_id": workshop_id,
                "actor": actor,
                "client_id": client_id,
                "result": result,
                "created_at": now(),
            },
        )

    # -- answers -----------------------------------------------------------------------

    def insert_answer(self, values: Row) -> int:
        """Insert an answer; return its id."""
        stamp = now()
        return self._insert("answers", dict(values, created_at=stamp, updated_at=stamp))

    def answer(self, answer_id: int) -> Row | None:
        """The answer with this id."""
        return self._one("SELECT * FROM answers WHERE id = ?", (answer_id,))

    def update_answer(self, answer_id: int, **values: Any) -> None:
        """Set columns of an answer."""
        self._update("answers", answer_id, values, stamp=True)

    def count_answers(self, participant_id: int, step_id: str) -> int:
        """How many live (not withdrawn) answers a participant has given to a step."""
        row = self._one(
            "SELECT count(*) AS n FROM answers"
            " WHERE participant_id = ? AND step_id = ? AND withdrawn = 0",
            (participant_id, step_id),
        )
        return row["n"] if row else 0

    def answer_with_author(self, answer_id: int) -> Row | None:
        """An answer (withdrawn ones too) with its author's profile."""
        return self._one(
            "SELECT a.*, p.public_id AS participant, p.nickname, p.association, p.sector,"
            " p.table_label"
            " FROM answers a LEFT JOIN participants p ON p.id = a.participant_id WHERE a.id = ?",
            (answer_id,),
        )

    def answers_with_authors(self, answer_ids: list[int]) -> list[Row]:
        """Several answers (withdrawn ones too) with their authors' profiles, in id order."""
        if not answer_ids:
            return []
        marks = ", ".join("?" for _ in answer_ids)
        return self._all(
            "SELECT a.*, p.public_id AS participant, p.nickname, p.association, p.sector,"
            " p.table_label"
            " FROM answers a LEFT JOIN participants p ON p.id = a.participant_id"
            f" WHERE a.id IN ({marks}) ORDER BY a.id",
            tuple(answer_ids),
        )

    def answers(self, workshop_id: int, *, include_hidden: bool = True) -> list[Row]:
        """The live answers of a workshop in the order they came, with who gave them."""
        hidden = "" if include_hidden else " AND a.hidden = 0"
        return self._all(
            "SELECT a.*, p.public_id AS participant, p.nickname, p.association, p.sector,"
            " p.table_label"
            " FROM answers a LEFT JOIN participants p ON p.id = a.participant_id"
            f" WHERE a.workshop_id = ? AND a.withdrawn = 0{hidden} ORDER BY a.id",
            (workshop_id,),
        )

    def answers_of(self, participant_id: int) -> list[tuple[int, str, str, str, int]]:
        """A participant's own live answers, oldest first: (id, step_id, text, followup, hidden).

        Plain tuples: every ack reads these, and building a dict per row was a
        tenth of an answer's CPU under load.
        """
        return self.db.execute(
            "SELECT id, step_id, text, followup, hidden FROM answers"
            " WHERE participant_id = ? AND withdrawn = 0 ORDER BY id",
            (participant_id,),
        ).fetchall()

    def answers_rev(self, participant_id: int) -> int | None:
        """The participant's answers revision: it moves with every change to their answers."""
        row = self.db.execute(
            "SELECT answers_rev FROM participants WHERE id = ?", (participant_id,)
        ).fetchone()
        return None if row is None else row[0]

    def step_answers(self, workshop_id: int, step_id: str) -> list[Row]:
        """The live, visible answers of one step, oldest first."""
        return self._all(
            "SELECT * FROM answers WHERE workshop_id = ? AND step_id = ?"
            " AND withdrawn = 0 AND hidden = 0 ORDER BY id",
            (workshop_id, step_id),
        )

    def votable_answers(self, workshop_id: int, step_id: str) -> list[Row]:
        """The answers of a step that a dots vote may use: visible and not withdrawn."""
        return self._all(
            "SELECT id, text FROM answers WHERE workshop_id = ? AND step_id = ?"
            " AND hidden = 0 AND withdrawn = 0 ORDER BY id",
            (workshop_id, step_id),
        )

    # -- groups ------------------------------------------------------------------------

    def group(self, group_id: int) -> Row | None:
        """The group with this id."""
        return self._one("SELECT * FROM groups WHERE id = ?", (group_id,))

    def groups(self, workshop_id: int, step_id: str | None = None) -> list[Row]:
        """The groups of a workshop (or of one step) in board order."""
        where, params = "workshop_id = ?", [workshop_id]
        if step_id is not None:
            where, params = where + " AND step_id = ?", [workshop_id, step_id]  # type: ignore[list-item]
        return self._all(f"SELECT * FROM groups WHERE {where} ORDER BY position, id", tuple(params))

    def insert_group(self, values: Row) -> int:
        """Insert a group (at the end of its step's board); return its id."""
        row = self._one(
            "SELECT coalesce(max(position), 0) + 1 AS next FROM groups"
            " WHERE workshop_id = ? AND step_id = ?",
            (values["workshop_id"], values["step_id"]),
        )
        assert row is not None  # an aggregate always has a row
        values = dict(values, position=row["next"], created_at=now())
        return self._insert("groups", values)

    def update_group(self, group_id: int, **values: Any) -> None:
        """Set columns of a group."""
        self._update("groups", group_id, values)

    def delete_group(self, group_id: int) -> list[int]:
        """Delete a group; its answers become ungrouped. Returns their ids."""
        members = self.group_members(group_id)
        self.set_answers_group(members, None)
        self.db.execute("DELETE FROM groups WHERE id = ?", (group_id,))
        return members

    def group_members(self, group_id: int) -> list[int]:
        """Ids of the answers in a group."""
        rows = self.db.execute("SELECT id FROM answers WHERE group_id = ? ORDER BY id", (group_id,))
        return [row[0] for row in rows.fetchall()]

    def set_answers_group(
        self, answer_ids: list[int], group_id: int | None, *, by_facilitator: bool = True
    ) -> None:
        """Put answers into a group (None: take them out of any group).

        A facilitator's move marks the answers, so that a participant's tap never moves
        them again (participant-assisted placement: the facilitator's moves win).
        """
        stamp = now()
        mark = ", facilitator_placed = 1" if by_facilitator else ""
        for answer_id in answer_ids:
            self.db.execute(
                f"UPDATE answers SET group_id = ?, updated_at = ?{mark} WHERE id = ?",
                (group_id, stamp, answer_id),
            )

    def votable_groups(self, workshop_id: int, step_id: str) -> list[Row]:
        """The groups of a step with at least one visible answer, and a sample of their answers."""
        visible = "a.group_id = g.id AND a.hidden = 0 AND a.withdrawn = 0"
        return self._all(
            "SELECT g.id, g.title, (SELECT group_concat(text, ' · ') FROM"
            f" (SELECT a.text FROM answers a WHERE {visible} ORDER BY a.id LIMIT 3)) AS sample"
            " FROM groups g WHERE g.workshop_id = ? AND g.step_id = ?"
            f" AND EXISTS (SELECT 1 FROM answers a WHERE {visible})"
            " ORDER BY g.position, g.id",
            (workshop_id, step_id),
        )

    # -- links: participants' placement of answers -------------------------------------

    def replace_links(self, answer_id: int, rows: list[Row]) -> None:
        """Store a participant's decision on their answer: it replaces the earlier one."""
        self.db.execute("DELETE FROM links WHERE answer_id = ?", (answer_id,))
        stamp = now()
        for row in rows:
            self._insert("links", dict(row, answer_id=answer_id, created_at=stamp))

    def step_links(self, workshop_id: int, step_id: str) -> list[Row]:
        """Every link on one step between live answers, oldest first."""
        return self._all(
            "SELECT l.answer_id, l.other_id, l.participant_id, l.same FROM links l"
            " JOIN answers a ON a.id = l.answer_id JOIN answers o ON o.id = l.other_id"
            " WHERE l.workshop_id = ? AND l.step_id = ? AND a.withdrawn = 0 AND o.withdrawn = 0"
            " ORDER BY l.rowid",
            (workshop_id, step_id),
        )

    # -- ballots -----------------------------------------------------------------------

    def ballots_of(self, participant_id: int) -> dict[str, Any]:
        """A participant's ballots, by step id."""
        rows = self._all(
            "SELECT step_id, payload FROM ballots WHERE participant_id = ?", (participant_id,)
        )
        return {row["step_id"]: row["payload"] for row in rows}

    def save_ballot(
        self, workshop_id: int, step_id: str, participant_id: int, payload: Any
    ) -> None:
        """Store a participant's ballot on a step, replacing the one they had."""
        self.db.execute(
            "INSERT INTO ballots (workshop_id, step_id, participant_id, payload, updated_at)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (participant_id, step_id)"
            " DO UPDATE SET payload = excluded.payload, updated_at = excluded.updated_at",
            (workshop_id, step_id, participant_id, _encode(payload), now()),
        )

    def delete_ballot(self, participant_id: int, step_id: str) -> None:
        """Withdraw a participant's ballot on a step."""
        self.db.execute(
            "DELETE FROM ballots WHERE participant_id = ? AND step_id = ?",
            (participant_id, step_id),
        )

    def step_ballots(self, workshop_id: int, step_id: str) -> list[Row]:
        """The ballot payloads cast on one step."""
        rows = self._all(
            "SELECT payload FROM ballots WHERE workshop_id = ? AND step_id = ?",
            (workshop_id, step_id),
        )
        return [row["payload"] for row in rows]

    # -- calendar entries (events) -----------------------------------------------------

    def insert_event(self, values: Row) -> int:
        """Insert a calendar entry; return its id."""
        return self._insert("events", dict(values, created_at=now()))

    def count_municipal_events(self, workshop_id: int) -> int:
        """Live calendar entries the facilitator added for the municipality."""
        row = self._one(
            "SELECT count(*) AS n FROM events WHERE workshop_id = ? AND source = 'municipality'"
            " AND withdrawn = 0",
            (workshop_id,),
        )
        return int(row["n"]) if row else 0

    def event(self, event_id: int) -> Row | None:
        """The calendar entry with this id."""
        return self._one("SELECT * FROM events WHERE id = ?", (event_id,))

    def update_event(self, event_id: int, **values: Any) -> None:
        """Set columns of a calendar entry."""
        self._update("events", event_id, values)

    def events_of(self, participant_id: int) -> list[Row]:
        """A participant's own live calendar entries, oldest first."""
        return self._all(
            "SELECT * FROM events WHERE participant_id = ? AND withdrawn = 0 ORDER BY id",
            (participant_id,),
        )

    def count_events(self, participant_id: int, step_id: str) -> int:
        """How many live calendar entries a participant has added to a step."""
        row = self._one(
            "SELECT count(*) AS n FROM events"
            " WHERE participant_id = ? AND step_id = ? AND withdrawn = 0",
            (participant_id, step_id),
        )
        return row["n"] if row else 0

    def calendar_events(self, workshop_id: int, *, include_hidden: bool = False) -> list[Row]:
        """The vuosikello entries of a workshop, by month and then as they came."""
        hidden = "" if include_hidden else " AND hidden = 0"
        return self._all(
            "SELECT id, step_id, month, day, what, organiser, source, hidden, created_at"
            f" FROM events WHERE workshop_id = ? AND withdrawn = 0{hidden} ORDER BY month, id",
            (workshop_id,),
        )

    # -- reviews ("Koonti") and name reviews -------------------------------------------

    def reviews(self, workshop_id: int) -> list[Row]:
        """The review notes of a workshop: target, reviewed, summary (None: none saved)."""
        return self._all(
            "SELECT target, reviewed, summary, updated_at FROM reviews"
            " WHERE workshop_id = ? ORDER BY target",
            (workshop_id,),
        )

    def save_review(self, workshop_id: int, target: str, **values: Any) -> None:
        """Set `reviewed` and/or `summary` of one target, creating its row when missing."""
        row: Row = {"reviewed": 0, "summary": None}
        current = self._one(
            "SELECT reviewed, summary FROM reviews WHERE workshop_id = ? AND target = ?",
            (workshop_id, target),
        )
        row.update(current or {})
        row.update(values)
        self.db.execute(
            "INSERT INTO reviews (workshop_id, target, reviewed, summary, updated_at)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (workshop_id, target) DO UPDATE SET"
            " reviewed = excluded.reviewed, summary = excluded.summary,"
            " updated_at = excluded.updated_at",
            (workshop_id, target, int(row["reviewed"]), row["summary"], now()),
        )

    def name_reviews(self, workshop_id: int) -> list[Row]:
        """The facilitator's keep/mask decisions on detected names of persons."""
        return self._all(
            "SELECT name_key, name, decision FROM name_reviews WHERE workshop_id = ?"
            " ORDER BY name_key",
            (workshop_id,),
        )

    def save_name_review(self, workshop_id: int, name_key: str, name: str, decision: str) -> None:
        """Store one keep/mask decision (replacing an earlier one for the same name)."""
        self.db.execute(
            "INSERT INTO name_reviews (workshop_id, name_key, name, decision, updated_at)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (workshop_id, name_key)"
            " DO UPDATE SET name = excluded.name, decision = excluded.decision,"
            " updated_at = excluded.updated_at",
            (workshop_id, name_key, name, decision, now()),
        )

    # -- organiser spaces and instance settings ----------------------------------------

    def organizers(self) -> list[Row]:
        """Every organiser space, revoked ones too, oldest first, with its workshop count."""
        return self._all(
            "SELECT o.id, o.name, o.key_hash, o.created_at, o.revoked_at,"
            " (SELECT count(*) FROM workshops w WHERE w.organizer_id = o.id) AS workshops"
            " FROM organizers o ORDER BY o.id"
        )

    def add_organizer(self, name: str, key_hash: str) -> int:
        """Store a new organiser space; return its id."""
        return self._insert("organizers", {"name": name, "key_hash": key_hash, "created_at": now()})

    def revoke_organizer(self, organizer_id: int) -> None:
        """Mark an organiser space's key as revoked (its workshops stay)."""
        self.db.execute(
            "UPDATE organizers SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
            (now(), organizer_id),
        )

    def setting(self, key: str) -> str | None:
        """An instance setting, or None."""
        row = self._one("SELECT value FROM settings WHERE key = ?", (key,))
        return None if row is None else row["value"]

    def set_setting(self, key: str, value: str) -> None:
        """Store an instance setting."""
        self.db.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?)"
            " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    # -- deletion and retention (docs/security.md) -------------------------------------

    def delete_workshop(self, workshop_id: int) -> None:
        """Delete a workshop; every row that belongs to it goes too (foreign keys cascade)."""
        self.db.execute("DELETE FROM workshops WHERE id = ?", (workshop_id,))

    def workshops_idle_since(self, cutoff: str) -> list[Row]:
        """Workshops with no change to them or their answers since `cutoff` (ISO 8601 UTC)."""
        return self._all(
            "SELECT w.id, w.code, w.title, w.updated_at FROM workshops w"
            " WHERE max(w.updated_at, coalesce("
            "   (SELECT max(a.updated_at) FROM answers a WHERE a.workshop_id = w.id), '')) < ?"
            " ORDER BY w.id",
            (cutoff,),
        )

    # -- export: one consistent read of everything an export shows ---------------------

    def export_rows(self, workshop_id: int) -> Row:
        """The workshop and its participants, live answers, groups, ballots and calendar entries.

        Read in one snapshot (a read transaction when none is open), without secrets or
        nicknames; withdrawn answers and entries are left out, hidden ones are flagged.
        """
        conn = self.db.conn
        began = not conn.in_transaction
        if began:
            conn.execute("BEGIN")
        try:
            return {
                "workshop": self.workshop(workshop_id),
                "participants": self._all(
                    "SELECT id, public_id, association, sector, table_label, headcount, lang"
                    " FROM participants WHERE workshop_id = ? ORDER BY id",
                    (workshop_id,),
                ),
                "answers": self._all(
                    "SELECT id, step_id, participant_id, text, followup, source, hidden,"
                    " group_id FROM answers WHERE workshop_id = ? AND withdrawn = 0 ORDER BY id",
                    (workshop_id,),
                ),
                "groups": self._all(
                    "SELECT id, step_id, title, suggested, shared_words, position FROM groups"
                    " WHERE workshop_id = ? ORDER BY position, id",
                    (workshop_id,),
                ),
                "ballots": self._all(
                    "SELECT step_id, participant_id, payload FROM ballots"
                    " WHERE workshop_id = ? ORDER BY participant_id, step_id",
                    (workshop_id,),
                ),
                "events": self._all(
                    "SELECT id, step_id, participant_id, month, day, what, organiser, source,"
                    " hidden, created_at FROM events WHERE workshop_id = ? AND withdrawn = 0"
                    " ORDER BY month, id",
                    (workshop_id,),
                ),
                "reviews": self.reviews(workshop_id),
                "name_reviews": self.name_reviews(workshop_id),
                "links": self._all(
                    "SELECT step_id, answer_id, other_id, participant_id, same FROM links"
                    " WHERE workshop_id = ? ORDER BY rowid",
                    (workshop_id,),
                ),
            }
        finally:
            if began:
                conn.rollback()
