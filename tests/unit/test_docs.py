"""Documentation that cannot drift: events, error codes, limits and settings are all documented."""

import re
from pathlib import Path

from tyopaja.app import default_config
from tyopaja.core import workshop
from tyopaja.i18n import MESSAGES
from tyopaja.realtime import EVENTS, SERVER_EVENTS, register_handlers
from tyopaja.settings import BY_NAME, SETTINGS, app_config
from tyopaja.usecases import moderation

DOCS = Path(__file__).resolve().parents[2] / "docs"
PROTOCOL = (DOCS / "protocol.md").read_text(encoding="utf-8")


def documented_client_events() -> set[str]:
    section = PROTOCOL.split("## Client → server events")[1].split("## Server → client events")[0]
    return set(re.findall(r"^### `([^`]+)`", section, flags=re.M))


def test_every_handler_is_documented_and_every_documented_event_has_a_handler():
    register_handlers()
    assert documented_client_events() == set(EVENTS)


def test_every_server_event_is_documented():
    section = PROTOCOL.split("## Server → client events")[1]
    for event in SERVER_EVENTS:
        assert f"| `{event}` |" in section, event


def test_every_error_code_is_documented():
    table = PROTOCOL.split("## Acks and errors")[1].split("### Client ids")[0]
    assert set(re.findall(r"^\| `([a-z_]+)` \|", table, flags=re.M)) == set(MESSAGES)


def test_limits_in_the_document_match_the_code():
    limits = PROTOCOL.split("## Limits")[1].split("##")[0]
    names = ("MAX_ANSWER_CHARS", "MAX_NICKNAME_CHARS", "MAX_ASSOCIATION_CHARS", "MAX_TABLE_CHARS")
    for name in names:
        value = getattr(workshop, name)
        assert f"{value:,}" in limits or str(value) in limits, name
    assert f"summary of a step or chapter | {moderation.MAX_SUMMARY_CHARS:,} characters" in limits
    assert f"(`f:adopt`) | {moderation.MAX_ADOPTED_GROUPS} |" in limits


def test_every_environment_setting_is_documented():
    deploy = (DOCS / "deploy.md").read_text(encoding="utf-8")
    table = deploy.split("## Settings")[1].split("##")[0]
    documented = set(re.findall(r"^\| `([A-Z_]+)` \|", table, flags=re.M))
    assert documented == {setting.name for setting in SETTINGS}
    assert "SECRET_KEY" in default_config()


def test_the_app_config_is_read_from_the_settings_table():
    config = app_config({"TYOPAJA_RETENTION_DAYS": "30", "TYOPAJA_TRUST_PROXY": "yes"})
    assert config["RETENTION_DAYS"] == 30 and config["TRUST_PROXY"] is True
    assert app_config({})["DB"] == BY_NAME["TYOPAJA_DB"].default
