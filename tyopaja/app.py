"""The Flask application: configuration, extensions, security headers."""

from __future__ import annotations

import os
import secrets
import sys
from collections.abc import Mapping
from typing import Any

from flask import Flask, request

from . import i18n, web
from .config import DEFAULT_DB, MAX_MESSAGE_BYTES
from .paths import resource_dir
from .realtime import register_handlers, socketio
from .realtime.runtime import Services
from .store import Store


def default_config() -> dict[str, Any]:
    """Settings from the environment, with safe defaults for a laptop."""
    origins = os.environ.get("TYOPAJA_ALLOWED_ORIGINS", "")
    return {
        "SECRET_KEY": os.environ.get("TYOPAJA_SECRET_KEY") or secrets.token_hex(32),
        "DB": os.environ.get("TYOPAJA_DB") or DEFAULT_DB,
        "MESSAGE_QUEUE": os.environ.get("TYOPAJA_MESSAGE_QUEUE") or None,
        "PUBLIC_URL": os.environ.get("TYOPAJA_PUBLIC_URL") or None,
        "ALLOWED_ORIGINS": [o.strip() for o in origins.split(",") if o.strip()] or None,
        "ASYNC_MODE": os.environ.get("TYOPAJA_ASYNC_MODE") or None,
        "COALESCE_SECONDS": 0.2,
        # Group commit and coalesced fan-out run as background tasks; tests of
        # single handlers turn them off to commit and broadcast synchronously.
        "BACKGROUND_TASKS": True,
        "MAX_CONTENT_LENGTH": 2 * 1024 * 1024,
    }


def detect_async_mode() -> str:
    """gevent when the process was monkey-patched (serve, gunicorn -k gevent), else threading."""
    monkey = sys.modules.get("gevent.monkey")
    if monkey is not None and monkey.is_module_patched("socket"):
        return "gevent"
    return "threading"


def build_app(config: Mapping[str, Any] | None = None) -> Flask:
    """The application factory (see tyopaja.create_app)."""
    app = Flask(
        __name__,
        static_folder=str(resource_dir("static")),
        template_folder=str(resource_dir("templates")),
    )
    app.config.from_mapping(default_config())
    if config:
        app.config.update(config)
    i18n.init_app(app)
    app.register_blueprint(web.bp)
    for status in (400, 403, 404, 405, 413, 429, 500):
        app.register_error_handler(status, web.error_page)
    app.after_request(security_headers)

    register_handlers()
    socketio.init_app(
        app,
        async_mode=app.config["ASYNC_MODE"] or detect_async_mode(),
        message_queue=app.config["MESSAGE_QUEUE"],
        cors_allowed_origins=app.config["ALLOWED_ORIGINS"],
        max_http_buffer_size=MAX_MESSAGE_BYTES,
        manage_session=False,
    )
    services = Services(
        Store(app.config["DB"]),
        socketio,
        coalesce_seconds=app.config["COALESCE_SECONDS"],
        background=app.config["BACKGROUND_TASKS"],
    )
    app.extensions["tyopaja"] = services
    app.before_request(services.start)
    return app


def security_headers(response):
    """CSP without inline script, no framing, no referrer, no sniffing."""
    host = request.host
    response.headers.setdefault(
        "Content-Security-Policy",
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        f"connect-src 'self' ws://{host} wss://{host}; font-src 'self'; object-src 'none'; "
        "base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    )
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    return response
