"""The Flask application: configuration, extensions, security headers."""

from __future__ import annotations

import secrets
import sys
from collections.abc import Mapping
from typing import Any

from flask import Flask, request
from flask.sessions import SessionInterface
from werkzeug.middleware.proxy_fix import ProxyFix

from tyopaja import i18n, settings
from tyopaja.config import MAX_MESSAGE_BYTES
from tyopaja.core import ratelimit
from tyopaja.paths import resource_dir
from tyopaja.realtime import (
    guard_frames,
    guard_packets,
    guard_wsgi,
    install_handlers,
    register_handlers,
    socketio,
    wirejson,
)
from tyopaja.realtime.packets import TextPacket
from tyopaja.realtime.runtime import Services
from tyopaja.store import Store
from tyopaja.web import accessibility, compress, organizer, selko
from tyopaja.web import export as export_web
from tyopaja.web import pages as web

SOCKETIO_PATH = "/socket.io/"


def default_config() -> dict[str, Any]:
    """Settings from the environment (tyopaja/settings.py), with safe defaults for a laptop."""
    config = settings.app_config()
    config["SECRET_KEY"] = config["SECRET_KEY"] or secrets.token_hex(32)
    return {
        **config,
        "COALESCE_SECONDS": 0.2,
        # Group commit and coalesced fan-out run as background tasks; tests of
        # single handlers turn them off to commit and broadcast synchronously.
        "BACKGROUND_TASKS": True,
        "MAX_CONTENT_LENGTH": 2 * 1024 * 1024,
        # Reliability and security (docs/security.md).
        "WRITE_BURST": ratelimit.WRITE_BURST,
        "WRITE_PER_SECOND": ratelimit.WRITE_PER_SECOND,
        "FACILITATOR_FAILURES": ratelimit.FACILITATOR_FAILURES,
        "FACILITATOR_WINDOW_SECONDS": ratelimit.FACILITATOR_WINDOW_SECONDS,
    }


class TyopajaFlask(Flask):
    """Flask, minus URL routing for Socket.IO connects and disconnects.

    Flask-SocketIO pushes a request context for each of them (events skip it:
    see `install_handlers`) with the socket's first request, `/socket.io/`,
    which no route serves: Flask would match it only to record a 404.
    Socket.IO handlers build no URLs.
    """

    def create_url_adapter(self, request: Any) -> Any:
        if request is not None and request.environ.get("PATH_INFO", "").startswith(SOCKETIO_PATH):
            return None
        return super().create_url_adapter(request)


class NoSessions(SessionInterface):
    """Työpaja keeps no Flask session (its secrets live in cookies of their own).

    Flask opens a session for every request context, and Flask-SocketIO makes
    one per Socket.IO connect: signing-key set-up is wasted work.
    """

    def open_session(self, app: Flask, request: Any) -> Any:
        return self.make_null_session(app)

    def save_session(self, app: Flask, session: Any, response: Any) -> None:
        return None


def detect_async_mode() -> str:
    """gevent when the process was monkey-patched (serve, gunicorn -k gevent), else threading."""
    monkey = sys.modules.get("gevent.monkey")
    if monkey is not None and monkey.is_module_patched("socket"):
        return "gevent"
    return "threading"


def build_app(config: Mapping[str, Any] | None = None) -> Flask:
    """The application factory (see tyopaja.create_app)."""
    app = TyopajaFlask(
        __name__,
        static_folder=str(resource_dir("static")),
        template_folder=str(resource_dir("templates")),
    )
    app.config.from_mapping(default_config())
    app.session_interface = NoSessions()
    if config:
        app.config.update(config)
    i18n.init_app(app)
    compress.init_app(app)
    app.register_blueprint(web.bp)
    app.register_blueprint(export_web.bp)
    organizer.init_app(app)
    accessibility.init_app(app)
    selko.init_app(app)
    for status in (400, 403, 404, 405, 413, 429, 500):
        app.register_error_handler(status, web.error_page)
    app.after_request(security_headers)

    check_origins(app.config["ALLOWED_ORIGINS"])
    register_handlers()
    socketio.init_app(
        app,
        async_mode=app.config["ASYNC_MODE"] or detect_async_mode(),
        message_queue=app.config["MESSAGE_QUEUE"],
        cors_allowed_origins=app.config["ALLOWED_ORIGINS"],
        max_http_buffer_size=MAX_MESSAGE_BYTES,
        manage_session=False,
        json=wirejson,
        # Each socket's events run one after another in the greenlet that reads
        # the socket, instead of a new greenlet per event (cheaper, BENCHMARKS.md):
        # a phone's writes keep their order, and a handler waiting for
        # its commit holds up only its own socket.
        async_handlers=False,
    )
    socketio.server.packet_class = TextPacket
    install_handlers(app, socketio.server)
    guard_packets(socketio.server)
    guard_frames(socketio.server)
    app.wsgi_app = guard_wsgi(app.wsgi_app, MAX_MESSAGE_BYTES)  # type: ignore[method-assign]
    services = Services(
        Store(app.config["DB"]),
        socketio,
        coalesce_seconds=app.config["COALESCE_SECONDS"],
        background=app.config["BACKGROUND_TASKS"],
    )
    app.extensions["tyopaja"] = services
    app.extensions["tyopaja_limits"] = ratelimit.Limits(
        app.config["WRITE_BURST"],
        app.config["WRITE_PER_SECOND"],
        app.config["FACILITATOR_FAILURES"],
        app.config["FACILITATOR_WINDOW_SECONDS"],
    )
    if app.config["TRUST_PROXY"]:
        # Only behind a proxy that sets these headers: else anyone could claim https.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_proto=1, x_host=1)  # type: ignore[method-assign]
    app.before_request(services.start)
    return app


def check_origins(origins: Any) -> None:
    """Refuse a wildcard: Socket.IO must only accept the service's own (or listed) origins."""
    if origins == "*" or (isinstance(origins, list | tuple) and "*" in origins):
        raise ValueError("TYOPAJA_ALLOWED_ORIGINS must list origins; '*' is not allowed")


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
    response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
    if request.is_secure:
        response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    if request.path.startswith("/f/"):
        # Facilitator pages show everyone's answers and names: keep them out of caches.
        response.headers.setdefault("Cache-Control", "no-store")
    return response
