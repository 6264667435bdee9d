"""Työpaja: real-time workshop facilitation for Finnish municipalities and associations.

Importing the package is cheap (no Flask), so that `tyopaja serve` can
monkey-patch gevent before anything else is loaded.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tyopaja.config import DEFAULT_DB

if TYPE_CHECKING:
    from collections.abc import Mapping

    from flask import Flask

__version__ = "0.1.0"
__all__ = ["DEFAULT_DB", "__version__", "create_app"]


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """The application factory: settings from the environment, overridden by `config`."""
    from tyopaja.app import build_app

    return build_app(config)
