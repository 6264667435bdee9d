"""Stored rows as the rules and the chat see them: the script, the position, the participant.

Pure functions of rows (no store access); the parsed script is cached by its source.
"""

from __future__ import annotations

from tyopaja.chat.bot import Me
from tyopaja.core.workshop import Position
from tyopaja.script.parse import Script, parse_script
from tyopaja.store.tx import Row


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
