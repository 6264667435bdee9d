"""Selkokieli (Easy Finnish): a plainer variant of the participant's Finnish texts.

It is a gettext domain of its own, `selko`: translations/fi/LC_MESSAGES/selko.po
maps the standard Finnish texts of the participant chat (the msgids) to their
selkokieli versions. A text without one stays as it is, so the variant can
cover just the texts where it helps. It is used only for Finnish, on the
participant page and in the participant's conversation, when the participant
asks for it (`?selko=1`, kept in a cookie like the language; the socket says
`plain: true`). See docs/accessibility.md.
"""

from __future__ import annotations

from flask import Flask, Response, g, request
from flask_babel import Domain, get_locale

COOKIE = "selko"
DOMAIN = Domain(domain="selko")


def asked() -> bool:
    """True if this request asks for selkokieli: ?selko=1, else the remembered choice."""
    value = request.args.get("selko")
    if value in ("0", "1"):
        return value == "1"
    return request.cookies.get(COOKIE) == "1"


def offered() -> bool:
    """True if the page is in Finnish, the only language with a selkokieli variant."""
    return str(get_locale()) == "fi"


def use_for_page() -> bool:
    """Switch this request's texts to selkokieli if it was asked for and the page is Finnish."""
    g.selko = asked() and offered()
    if g.selko:
        DOMAIN.as_default()
    return g.selko


def remember(response: Response) -> Response:
    """Keep a choice made with ?selko= for the next pages (like the language)."""
    value = request.args.get("selko")
    if value in ("0", "1") and request.cookies.get(COOKIE) != value:
        response.set_cookie(COOKIE, value, max_age=365 * 24 * 3600, samesite="Lax", httponly=True)
    return response


def init_app(app: Flask) -> None:
    """Remember the choice; templates see `selko` (in use) and `selko_offered`."""
    app.after_request(remember)
    app.context_processor(lambda: {"selko": g.get("selko", False), "selko_offered": offered})
