"""The schema as numbered sqlite-utils migrations, applied at start-up."""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("tyopaja")


def _run(db: Database, *statements: str) -> None:
    for statement in statements:
        db.execute(statement)


@migrations(name="0001_initial")
def initial(db: Database) -> None:
    """Workshops, participants, answers, groups, ballots, calendar events and receipts."""
    _run(
        db,
        """CREATE TABLE workshops (
            id INTEGER PRIMARY KEY,
            code TEXT NOT NULL UNIQUE,
            title TEXT NOT NULL,
            municipality TEXT NOT NULL DEFAULT '',
            date TEXT NOT NULL DEFAULT '',
            lang TEXT NOT NULL DEFAULT 'fi',
            pacing TEXT NOT NULL DEFAULT 'facilitator',
            state TEXT NOT NULL DEFAULT 'draft',
            current_step TEXT,
            closed_steps TEXT NOT NULL DEFAULT '[]',
            hidden_results TEXT NOT NULL DEFAULT '[]',
            timer TEXT NOT NULL DEFAULT '{}',
            script_name TEXT NOT NULL DEFAULT '',
            script_source TEXT NOT NULL,
            secret_hash TEXT NOT NULL UNIQUE,
            published TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )""",
        """CREATE TABLE participants (
            id INTEGER PRIMARY KEY,
            workshop_id INTEGER NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
            public_id TEXT NOT NULL,
            secret_hash TEXT NOT NULL,
            nickname TEXT NOT NULL DEFAULT '',
            association TEXT NOT NULL DEFAULT '',
            sector TEXT NOT NULL DEFAULT '',
            table_label TEXT NOT NULL DEFAULT '',
            headcount INTEGER NOT NULL DEFAULT 1,
            lang TEXT NOT NULL DEFAULT 'fi',
            onboarding TEXT NOT NULL DEFAULT '',
            progress_step TEXT,
            created_at TEXT NOT NULL,
            last_seen TEXT NOT NULL,
            UNIQUE (workshop_id, public_id)
        )""",
        """CREATE TABLE groups (
            id INTEGER PRIMARY KEY,
            workshop_id INTEGER NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
            step_id TEXT NOT NULL,
            title TEXT NOT NULL DEFAULT '',
            suggested INTEGER NOT NULL DEFAULT 0,
            shared_words TEXT NOT NULL DEFAULT '[]',
            position INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL
        )""",
        """CREATE TABLE answers (
            id INTEGER PRIMARY KEY,
            workshop_id INTEGER NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
            step_id TEXT NOT NULL,
            participant_id INTEGER REFERENCES participants(id) ON DELETE CASCADE,
            text TEXT NOT NULL,
            original_text TEXT,
            followup TEXT NOT NULL DEFAULT '',
            source TEXT NOT NULL DEFAULT 'phone',
            hidden INTEGER NOT NULL DEFAULT 0,
            withdrawn INTEGER NOT NULL DEFAULT 0,
            group_id INTEGER REFERENCES groups(id) ON DELETE SET NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )""",
        "CREATE INDEX answers_by_step ON answers (workshop_id, step_id)",
        "CREATE INDEX answers_by_participant ON answers (participant_id, step_id)",
        """CREATE TABLE ballots (
            workshop_id INTEGER NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
            step_id TEXT NOT NULL,
            participant_id INTEGER NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
            payload TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (participant_id, step_id)
        )""",
        "CREATE INDEX ballots_by_step ON ballots (workshop_id, step_id)",
        """CREATE TABLE events (
            id INTEGER PRIMARY KEY,
            workshop_id INTEGER NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
            step_id TEXT NOT NULL,
            participant_id INTEGER REFERENCES participants(id) ON DELETE CASCADE,
            month INTEGER NOT NULL,
            day TEXT NOT NULL DEFAULT '',
            what TEXT NOT NULL,
            organiser TEXT NOT NULL DEFAULT '',
            source TEXT NOT NULL DEFAULT 'phone',
            hidden INTEGER NOT NULL DEFAULT 0,
            withdrawn INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL
        )""",
        "CREATE INDEX events_by_workshop ON events (workshop_id, month)",
        # One row per (actor, client-made id), the actor being a participant or
        # the facilitator: a replayed write finds its
        # receipt and returns the same result instead of writing again.
        """CREATE TABLE receipts (
            workshop_id INTEGER NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
            actor TEXT NOT NULL,
            client_id TEXT NOT NULL,
            result TEXT NOT NULL,
            created_at TEXT NOT NULL,
            PRIMARY KEY (workshop_id, actor, client_id)
        )""",
    )


@migrations(name="0002_facilitator_console")
def facilitator_console(db: Database) -> None:
    """Instance settings (the organiser key) and what the projector is told to show."""
    _run(
        db,
        """CREATE TABLE IF NOT EXISTS settings (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        )""",
        # {"view": "auto"|"join"|"wall"|"groups"|"results"|"calendar", "step": id}:
        # an override that holds only while `step` is the current step.
        "ALTER TABLE workshops ADD COLUMN projector TEXT NOT NULL DEFAULT '{}'",
        "CREATE INDEX IF NOT EXISTS groups_by_step ON groups (workshop_id, step_id)",
    )


@migrations(name="0003_answers_revision")
def answers_revision(db: Database) -> None:
    """A counter per participant that every change to their answers bumps.

    A socket keeps a copy of its participant's answers for the acks and
    re-reads them only when this counter moved (realtime/screens.py); the
    triggers make every writer bump it, whichever process or code path it is.
    """
    bump = "UPDATE participants SET answers_rev = answers_rev + 1 WHERE id IN ({who});"
    columns = "step_id, participant_id, text, followup, hidden, withdrawn"
    _run(
        db,
        "ALTER TABLE participants ADD COLUMN answers_rev INTEGER NOT NULL DEFAULT 0",
        "CREATE TRIGGER answers_rev_insert AFTER INSERT ON answers"
        f" BEGIN {bump.format(who='NEW.participant_id')} END",
        # One statement, so that an answer keeping its author bumps them once.
        f"CREATE TRIGGER answers_rev_update AFTER UPDATE OF {columns} ON answers"
        f" BEGIN {bump.format(who='OLD.participant_id, NEW.participant_id')} END",
        "CREATE TRIGGER answers_rev_delete AFTER DELETE ON answers"
        f" BEGIN {bump.format(who='OLD.participant_id')} END",
    )


@migrations(name="0004_review_notes")
def review_notes(db: Database) -> None:
    """The review ("Koonti") of a step or a chapter: reviewed or draft, and its summary.

    `target` is "step:<step id>" or "chapter:<theme key>". `summary` is the text the
    facilitator saved (NULL: none saved yet, the export drafts one).
    """
    _run(
        db,
        """CREATE TABLE IF NOT EXISTS reviews (
            workshop_id INTEGER NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
            target TEXT NOT NULL,
            reviewed INTEGER NOT NULL DEFAULT 0,
            summary TEXT,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (workshop_id, target)
        )""",
    )


@migrations(name="0005_organizer_spaces")
def organizer_spaces(db: Database) -> None:
    """Organiser spaces: one key per organisation, and the space each workshop belongs to.

    Only the SHA-256 of a key is kept. A revoked space keeps its row (and its
    workshops keep pointing at it) so that `tyopaja organizer list` can say who
    it was; `organizer_id` NULL is the instance's own space (the single key).
    """
    _run(
        db,
        """CREATE TABLE IF NOT EXISTS organizers (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            key_hash TEXT NOT NULL UNIQUE,
            created_at TEXT NOT NULL,
            revoked_at TEXT
        )""",
        "ALTER TABLE workshops ADD COLUMN organizer_id INTEGER REFERENCES organizers (id)",
        "CREATE INDEX IF NOT EXISTS workshops_by_organizer ON workshops (organizer_id)",
    )


@migrations(name="0006_actions_and_series")
def actions_and_series(db: Database) -> None:
    """Next steps as data (what, who, by when, status) and evenings that follow earlier ones.

    An action belongs to the evening where it was agreed; an evening that follows it reads
    it from there, so its status is marked in one place (docs/export.md, "Seuranta").
    """
    _run(
        db,
        """CREATE TABLE actions (
            id INTEGER PRIMARY KEY,
            workshop_id INTEGER NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
            step_id TEXT,
            participant_id INTEGER REFERENCES participants(id) ON DELETE SET NULL,
            what TEXT NOT NULL,
            owner TEXT NOT NULL DEFAULT '',
            deadline TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL DEFAULT 'not_started',
            note TEXT NOT NULL DEFAULT '',
            decided INTEGER NOT NULL DEFAULT 0,
            source_step TEXT,
            source_group INTEGER REFERENCES groups(id) ON DELETE SET NULL,
            source_title TEXT NOT NULL DEFAULT '',
            origin TEXT NOT NULL DEFAULT 'facilitator',
            hidden INTEGER NOT NULL DEFAULT 0,
            withdrawn INTEGER NOT NULL DEFAULT 0,
            owner_token_hash TEXT UNIQUE,
            status_by TEXT NOT NULL DEFAULT '',
            status_at TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )""",
        "CREATE INDEX actions_by_workshop ON actions (workshop_id, id)",
        "ALTER TABLE workshops ADD COLUMN follows_id INTEGER"
        " REFERENCES workshops(id) ON DELETE SET NULL",
        "CREATE INDEX workshops_by_follows ON workshops (follows_id)",
    )


@migrations(name="0007_calendar_year")
def calendar_year(db: Database) -> None:
    """The year a workshop's vuosikello is for (`tyopaja new --year`); NULL: from the script."""
    _run(db, "ALTER TABLE workshops ADD COLUMN calendar_year INTEGER")


@migrations(name="0008_name_reviews")
def name_reviews(db: Database) -> None:
    """The facilitator's review of the names of persons the export masks (keep or mask)."""
    _run(
        db,
        """CREATE TABLE IF NOT EXISTS name_reviews (
            workshop_id INTEGER NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
            name_key TEXT NOT NULL,
            name TEXT NOT NULL,
            decision TEXT NOT NULL CHECK (decision IN ('keep', 'mask')),
            updated_at TEXT NOT NULL,
            PRIMARY KEY (workshop_id, name_key)
        )""",
    )


@migrations(name="0009_participant_links")
def participant_links(db: Database) -> None:
    """Participants' links between answers (participant-assisted placement).

    One row per (answer, other answer): the answer's author said it is about the same
    thing as the other (same = 1) or not (same = 0, "none of these"). A new decision on
    an answer replaces its rows. `placement` on workshops: the facilitator's per-step
    override of the script's `sijoittelu` ({"step-id": true|false}).
    `facilitator_placed` on answers: the facilitator has grouped or ungrouped it.
    """
    _run(
        db,
        """CREATE TABLE links (
            workshop_id INTEGER NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
            step_id TEXT NOT NULL,
            participant_id INTEGER NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
            answer_id INTEGER NOT NULL REFERENCES answers(id) ON DELETE CASCADE,
            other_id INTEGER NOT NULL REFERENCES answers(id) ON DELETE CASCADE,
            same INTEGER NOT NULL,
            created_at TEXT NOT NULL,
            PRIMARY KEY (answer_id, other_id)
        )""",
        "CREATE INDEX links_by_step ON links (workshop_id, step_id)",
        "ALTER TABLE workshops ADD COLUMN placement TEXT NOT NULL DEFAULT '{}'",
        # 1 once the facilitator has put the answer into a group or taken it out of one:
        # from then on a participant's tap never moves it (the facilitator's moves win).
        "ALTER TABLE answers ADD COLUMN facilitator_placed INTEGER NOT NULL DEFAULT 0",
    )
