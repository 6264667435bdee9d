"""The accessibility statement (saavutettavuusseloste) and its feedback channel.

Finnish public-sector digital services publish a statement and offer a way to
give feedback on accessibility (laki digitaalisten palvelujen tarjoamisesta
306/2019). The contact is a setting, `TYOPAJA_ACCESSIBILITY_CONTACT` (an email
address or a web address), falling back to the privacy contact; see
docs/accessibility.md.
"""

from __future__ import annotations

import re
from datetime import date

from flask import Blueprint, Flask, current_app, render_template
from flask_babel import get_locale

from tyopaja import settings
from tyopaja.i18n import LANGS

bp = Blueprint("accessibility", __name__)

# When the statement was last reviewed against the service (docs/accessibility.md).
REVIEWED = date(2026, 11, 26)
MONTHS_EN = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
EMAIL = re.compile(r"^[^@\s<>\"']+@[^@\s<>\"']+\.[A-Za-z]{2,}$")


def contact_link(contact: str) -> str | None:
    """Where the feedback link points: mailto: for an email address, the address for a URL."""
    contact = contact.strip()
    if EMAIL.match(contact):
        return f"mailto:{contact}"
    if contact.startswith(("https://", "http://")) and not re.search(r"[\s<>\"']", contact):
        return contact
    return None


def reviewed_text(lang: str, day: date = REVIEWED) -> str:
    """The review date as the page's language writes it."""
    if lang == "en":
        return f"{day.day} {MONTHS_EN[day.month - 1]} {day.year}"
    return f"{day.day}.{day.month}.{day.year}"


@bp.get("/saavutettavuus")
def statement():
    """The accessibility statement in the page language (fi, sv or en)."""
    lang = str(get_locale()) if str(get_locale()) in LANGS else "fi"
    config = current_app.config
    contact = config.get("ACCESSIBILITY_CONTACT") or config.get("PRIVACY_CONTACT") or ""
    return render_template(
        "accessibility.html",
        lang=lang,
        provider=config.get("PRIVACY_CONTROLLER") or "",
        contact=contact,
        contact_href=contact_link(contact),
        reviewed=reviewed_text(lang),
    )


def init_app(app: Flask) -> None:
    """Register the statement page; the contact comes from the environment unless configured."""
    app.config.setdefault("ACCESSIBILITY_CONTACT", settings.value("TYOPAJA_ACCESSIBILITY_CONTACT"))
    app.register_blueprint(bp)
