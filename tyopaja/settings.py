"""Every setting read from the environment, in one table: name, default, what it does.

The app (`app.default_config`), the command line (`tyopaja serve` and friends), the
gunicorn config and docs/deploy.md (tests/unit/test_docs.py) all read this table, so a
setting is added in one place. No Flask here.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from tyopaja.config import DEFAULT_DB


def _flag(raw: str) -> bool:
    return raw.strip().lower() in ("1", "true", "yes")


def _origins(raw: str) -> list[str] | None:
    return [o.strip() for o in raw.split(",") if o.strip()] or None


@dataclass(frozen=True)
class Setting:
    """One environment variable: its app.config key (if the app keeps it), default and help."""

    name: str
    default: Any
    help: str
    key: str | None = None
    parse: Callable[[str], Any] = str


SETTINGS: tuple[Setting, ...] = (
    Setting("TYOPAJA_DB", DEFAULT_DB, "SQLite database file (created with its folder)", "DB"),
    Setting(
        "TYOPAJA_SECRET_KEY",
        None,
        "Flask secret key (random per start when unset); set it when hosted",
        "SECRET_KEY",
    ),
    Setting(
        "TYOPAJA_MESSAGE_QUEUE",
        None,
        "Redis URL shared by several server processes",
        "MESSAGE_QUEUE",
    ),
    Setting("TYOPAJA_PUBLIC_URL", None, "base URL phones use; goes into QR codes", "PUBLIC_URL"),
    Setting(
        "TYOPAJA_ORGANIZER_KEY",
        None,
        "the key of the organiser page /o/<key> (made and stored when unset)",
        "ORGANIZER_KEY",
    ),
    Setting(
        "TYOPAJA_ALLOWED_ORIGINS",
        None,
        "comma-separated origins allowed to open Socket.IO connections",
        "ALLOWED_ORIGINS",
        _origins,
    ),
    Setting("TYOPAJA_ASYNC_MODE", None, "Socket.IO async mode (gevent or threading)", "ASYNC_MODE"),
    Setting("TYOPAJA_WORKER_CONNECTIONS", 2000, "gunicorn gevent worker connections", None, int),
    Setting(
        "TYOPAJA_ACCESSIBILITY_CONTACT",
        "",
        "where accessibility feedback goes (an email or web address)",
        "ACCESSIBILITY_CONTACT",
    ),
    Setting(
        "TYOPAJA_TRUST_PROXY",
        False,
        "1 behind a reverse proxy that sets X-Forwarded-Proto/-Host",
        "TRUST_PROXY",
        _flag,
    ),
    Setting(
        "TYOPAJA_RETENTION_DAYS",
        365,
        "tyopaja purge deletes workshops with no changes for this many days",
        "RETENTION_DAYS",
        int,
    ),
    Setting(
        "TYOPAJA_PRIVACY_CONTROLLER",
        "",
        "the controller named in the privacy notice",
        "PRIVACY_CONTROLLER",
    ),
    Setting(
        "TYOPAJA_PRIVACY_CONTACT", "", "the contact named in the privacy notice", "PRIVACY_CONTACT"
    ),
    Setting(
        "TYOPAJA_PHONE_CACHE",
        "all",
        "a phone socket's caches: all, none, chat or answers (reads/phone.py)",
        "PHONE_CACHE",
    ),
    Setting("PORT", 8000, "port for tyopaja serve and the Procfile", None, int),
)
BY_NAME = {setting.name: setting for setting in SETTINGS}


def value(name: str, environ: Mapping[str, str] | None = None) -> Any:
    """A setting's value: parsed from the environment when set (and not empty), else its default."""
    setting = BY_NAME[name]
    raw = (os.environ if environ is None else environ).get(name, "")
    return setting.parse(raw) if raw.strip() else setting.default


def app_config(environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The app.config entries of every setting the app keeps."""
    return {s.key: value(s.name, environ) for s in SETTINGS if s.key is not None}
