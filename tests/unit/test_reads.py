"""Reads every ack makes are cheap: a workshop's script is parsed once, not per event."""

from tests.chat_script import ALL_KINDS
from tyopaja.reads.rows import script_of


def test_the_script_of_a_workshop_is_parsed_once():
    workshop = {"script_source": ALL_KINDS}
    assert script_of(workshop) is script_of(dict(workshop))
