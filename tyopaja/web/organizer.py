"""The organiser's pages: list the instance's workshops, create one from a script, new links.

Creating workshops needs the instance's organiser key, so that strangers cannot
fill a hosted instance: `TYOPAJA_ORGANIZER_KEY` when hosted, otherwise a key
made on first use and kept in the database (`tyopaja serve` prints the link).
The link `/o/<key>` moves the key into an HttpOnly cookie, as the facilitator
link does; every organiser page and form checks it.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from typing import Any

from flask import (
    Blueprint,
    Flask,
    abort,
    current_app,
    g,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext

from tyopaja import settings
from tyopaja.core import labels
from tyopaja.core.workshop import Refused, normalize_code
from tyopaja.export import FORMATS, render
from tyopaja.i18n import LANG_NAMES, LANGS, error_message
from tyopaja.paths import builtin_scripts
from tyopaja.realtime import socketio
from tyopaja.realtime.runtime import facilitator_cookie
from tyopaja.script.parse import Script, ScriptError, ScriptInvalid, parse_script
from tyopaja.serving import warmup
from tyopaja.store import Store
from tyopaja.usecases import actions, spaces
from tyopaja.usecases.actions import hash_secret, secret_matches
from tyopaja.usecases.followup import create_follow_up
from tyopaja.usecases.spaces import Space
from tyopaja.web import followup as followup_web
from tyopaja.web import qr
from tyopaja.web.export import load_report
from tyopaja.web.pages import (
    disconnect_workshop,
    join_url,
    public_url,
    same_origin,
    services,
    workshop_or_404,
)

bp = Blueprint("organizer", __name__, url_prefix="/o")

COOKIE = "tyopaja_o"
SETTING = "organizer_key"
MAX_SCRIPT_BYTES = 200_000
PACINGS = ("facilitator", "self")

# Step kinds as the organiser and the facilitator read them (the script's own words).
KIND_NAMES = {kind: lazy_gettext(name) for kind, name in labels.KIND_NAMES.items()}
STATE_NAMES = {
    "draft": lazy_gettext("Ei alkanut"),
    "open": lazy_gettext("Käynnissä"),
    "closed": lazy_gettext("Päättynyt"),
}


# -- the key -----------------------------------------------------------------------


def instance_key(store: Store, configured: str | None = None) -> tuple[str, bool]:
    """The organiser key and whether it was configured (env) rather than made here."""
    configured = configured or settings.value("TYOPAJA_ORGANIZER_KEY") or ""
    if configured.strip():
        return configured.strip(), True
    with store.read() as tx:
        stored = tx.setting(SETTING)
    if stored:
        return stored, False
    return store.write(_make_key), False


def _make_key(tx: Any) -> str:
    key = tx.setting(SETTING)  # another process may have made it meanwhile
    if not key:
        key = secrets.token_urlsafe(24)
        tx.set_setting(SETTING, key)
    return key


def serve_line(store: Store, base: str) -> str:
    """The line `tyopaja serve` prints about the organiser page."""
    key, configured = instance_key(store)
    if configured:
        return f"  Järjestäjä:     {base}/o/  (avain ympäristömuuttujassa TYOPAJA_ORGANIZER_KEY)"
    return f"  Järjestäjä:     {base}/o/{key}  (uudet työpajat)"


def _key() -> str:
    return instance_key(services().store, current_app.config.get("ORGANIZER_KEY"))[0]


def _check_key(presented: str) -> Space:
    """The space whose key `presented` is: 403 if none (or revoked), 429 after many wrong keys.

    The instance's key opens the instance's own space; an organiser's key its
    organisation's. Wrong keys are counted for the whole instance, never per
    IP address; while throttled, keys are not even checked, so guessing stays
    bounded. A revoked key counts as a wrong one, and its page says it was revoked.
    """
    if not presented:
        abort(403, description="organizer")
    found: dict[str, Any] = {}

    def check() -> bool:
        with services().store.read() as tx:
            organizers = tx.organizers()
        row = spaces.match(organizers, presented)
        instance = secret_matches(presented, hash_secret(_key()))
        if instance:
            found["space"] = Space(None, "")
        elif row is not None and not row["revoked_at"]:
            found["space"] = Space(row["id"], row["name"])
        found["revoked"] = row is not None and bool(row["revoked_at"])
        return "space" in found

    throttle = current_app.extensions["tyopaja_limits"].organizer
    verdict = throttle.attempt("organizer", check)
    if verdict == "throttled":
        g.retry_after = throttle.retry_after("organizer")
        abort(429)
    if verdict == "denied":
        abort(403, description="revoked" if found.get("revoked") else "organizer")
    return found["space"]


def _require() -> Space:
    space = _check_key(request.cookies.get(COOKIE, ""))
    g.organizer_space = space
    return space


@bp.errorhandler(403)
def denied(error):
    """Without the organiser key: say where the link comes from (or that it was revoked)."""
    revoked = getattr(error, "description", "") == "revoked"
    return render_template("organizer_denied.html", revoked=revoked), 403


def _require_post() -> Space:
    space = _require()
    if not same_origin():
        abort(403, description="organizer")
    return space


def _own_workshop(code: str, space: Space) -> dict:
    """The workshop with this code if it belongs to `space`; else 404, as for no workshop.

    Another organisation's workshop is refused exactly like one that does not
    exist, so a key never learns what other spaces hold.
    """
    workshop = workshop_or_404(code)
    if workshop.get("organizer_id") != space.id:
        abort(404, description="unknown_workshop")
    return workshop


def init_app(app: Flask) -> None:
    """Register the organiser pages and start the grouping warm-up with the first console."""
    app.config.setdefault("ORGANIZER_KEY", settings.value("TYOPAJA_ORGANIZER_KEY"))
    app.register_blueprint(bp)
    app.before_request(_warm_up_for_consoles)


def _warm_up_for_consoles() -> None:
    if request.path.startswith(("/f/", "/o/")) and current_app.config.get("BACKGROUND_TASKS"):
        warmup.start(socketio)
    _screen_language()


def _screen_language() -> None:
    """Console, projector and organiser pages speak the workshop's language (else Finnish).

    Not the browser's: a laptop set to English would otherwise mix languages
    wherever a catalog lacks a console text (i18n.select_locale reads g.page_lang).
    """
    parts = request.path.split("/")
    if len(parts) < 3 or parts[1] not in ("f", "p", "o"):
        return
    g.page_lang = "fi"
    if parts[1] in ("f", "p") and (code := normalize_code(parts[2])):
        with services().store.read() as tx:
            workshop = tx.workshop_by_code(code)
        if workshop is not None:
            g.page_lang = workshop["lang"]


# -- the form ------------------------------------------------------------------------


@dataclass
class Draft:
    """What the organiser typed into the new-workshop form, and what is wrong with it."""

    title: str = ""
    municipality: str = ""
    date: str = ""
    lang: str = ""
    pacing: str = ""
    follow_up: str = ""
    builtin: str = ""
    source: str = ""
    errors: dict[str, str] = field(default_factory=dict)
    script_errors: list[ScriptError] = field(default_factory=list)
    script: Script | None = None
    from_builtin: bool = False

    @property
    def script_name(self) -> str:
        """The built-in script's file name, or empty for the organiser's own script."""
        return self.builtin if self.from_builtin else ""


def _builtins() -> dict[str, Any]:
    return {path.name: path for path in builtin_scripts()}


def _field(name: str, limit: int) -> str:
    return (request.form.get(name) or "").strip()[:limit]


def read_form() -> Draft:
    """The form as a Draft, with field errors and the parsed script (or its errors)."""
    draft = Draft(
        title=_field("title", 120),
        municipality=_field("municipality", 80),
        date=_field("date", 10),
        lang=_field("lang", 2),
        pacing=_field("pacing", 12),
        follow_up=_field("follow_up", 16),
        builtin=_field("builtin", 120),
        source=(request.form.get("source") or "")[: MAX_SCRIPT_BYTES + 1],
    )
    _check_fields(draft)
    draft.source = _uploaded(draft) or draft.source
    if "upload" in draft.errors:
        return draft
    if not draft.source.strip():
        path = _builtins().get(draft.builtin)
        if path is None:
            draft.errors["script"] = _("Valitse valmis käsikirjoitus tai liitä oma.")
            return draft
        draft.source = path.read_text(encoding="utf-8")
        draft.from_builtin = True
    try:
        draft.script = parse_script(draft.source)
    except ScriptInvalid as invalid:
        draft.script_errors = invalid.errors
    return draft


def _check_fields(draft: Draft) -> None:
    if draft.lang and draft.lang not in LANGS:
        draft.errors["lang"] = _("Valitse kieli listasta.")
    if draft.pacing and draft.pacing not in PACINGS:
        draft.errors["pacing"] = _("Valitse tahti listasta.")
    if draft.date and not _is_date(draft.date):
        draft.errors["date"] = _("Kirjoita päivämäärä muodossa 2026-11-26.")


def _is_date(text: str) -> bool:
    from datetime import date

    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return len(text) == 10


def _uploaded(draft: Draft) -> str:
    upload = request.files.get("upload")
    if upload is None or not upload.filename:
        return ""
    data = upload.read(MAX_SCRIPT_BYTES + 1)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        draft.errors["upload"] = _(
            "Tiedosto ei ole UTF-8-muodossa. Tallenna se tekstieditorissa merkistöllä UTF-8 "
            "ja yritä uudelleen."
        )
        return ""


def _render_form(draft: Draft, space: Space, status: int = 200):
    with services().store.read() as tx:
        workshops = tx.workshop_overview(space.id)
        series = followup_web.series_view(tx, space.id)
        followable = followup_web.followable(tx, space.id)
    body = render_template(
        "organizer.html",
        draft=draft,
        space=space,
        workshops=workshops,
        builtins=_builtin_titles(),
        langs=LANGS,
        lang_names=LANG_NAMES,
        kind_names=KIND_NAMES,
        state_names=STATE_NAMES,
        error_lines={e.line for e in draft.script_errors},
        series=series,
        followable=followable,
        base=public_url(),
    )
    response = make_response(body, status)
    response.headers["Cache-Control"] = "no-store"
    return response


def _builtin_titles() -> list[tuple[str, str]]:
    titles = []
    for name, path in _builtins().items():
        try:
            titles.append((name, parse_script(path.read_text(encoding="utf-8")).title))
        except ScriptInvalid:
            continue
    return titles


# -- routes ----------------------------------------------------------------------------


@bp.get("/<key>")
def sign_in(key: str):
    """The organiser link: check the key, move it into a cookie, drop it from the address."""
    _check_key(key)
    response = redirect(url_for("organizer.home"))
    response.set_cookie(
        COOKIE, key, httponly=True, samesite="Lax", secure=request.is_secure,
        max_age=60 * 60 * 24 * 30, path="/",
    )  # fmt: skip
    return response


@bp.get("/codes.json")
def codes():
    """Every workshop code on this host, for `tyopaja hosts-map`: the instance's key only.

    The key comes as `Authorization: Bearer KEY`; an organisation's key is
    refused (it may see only its own workshops), wrong keys are throttled.
    """
    scheme, _, presented = request.headers.get("Authorization", "").partition(" ")
    space = _check_key(presented.strip() if scheme.lower() == "bearer" else "")
    if space.id is not None:
        abort(403, description="organizer")
    with services().store.read() as tx:
        body = {"codes": tx.workshop_codes()}
    response = make_response(body)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/")
def home():
    """The space's workshops and the form for a new one."""
    space = _require()
    return _render_form(Draft(builtin=next(iter(_builtins()), "")), space)


@bp.post("/")
def create():
    """Preview or create a workshop from the form, in the organiser's own space."""
    space = _require_post()
    draft = read_form()
    if draft.errors or draft.script_errors or request.form.get("action") != "create":
        status = 400 if draft.errors or draft.script_errors else 200
        return _render_form(draft, space, status)
    try:
        workshop, secret = services().commit(
            _create, draft.source, draft.script_name, draft.title, draft.municipality,
            draft.date, draft.lang, draft.pacing, space.id, draft.follow_up,
        )  # fmt: skip
    except Refused as refused:
        draft.errors["follow_up"] = error_message(refused.code, "fi", **refused.params)
        return _render_form(draft, space, 400)
    return _links_page(workshop, secret, created=True)


def _create(
    tx: Any, source, name, title, municipality, date, lang, pacing, organizer_id, follow_up=""
):
    return create_follow_up(
        tx, source, follow_up or None, script_name=name, title=title,
        municipality=municipality, date=date, lang=lang, pacing=pacing, state="draft",
        organizer_id=organizer_id,
    )  # fmt: skip


@bp.post("/w/<code>/link")
def new_link(code: str):
    """Make a new facilitator link for a workshop (the old link stops working)."""
    workshop = _own_workshop(code, _require_post())
    workshop, secret = services().commit(actions.rotate_secret, workshop["code"])
    services().fanout.cut_off_stale_consoles(workshop["id"])
    return _links_page(workshop, secret, created=False)


@bp.get("/w/<code>/export/<fmt>")
def export(code: str, fmt: str):
    """One export file of the space's own workshop, as the facilitator's export page gives it."""
    workshop = _own_workshop(code, _require())
    if fmt not in FORMATS:
        abort(404)
    result = render(load_report(workshop, workshop["lang"]), fmt)
    response = make_response(result.body)
    response.headers["Content-Type"] = result.content_type
    response.headers["Content-Disposition"] = f'attachment; filename="{result.filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/w/<code>/delete", methods=["GET", "POST"])
def delete(code: str):
    """Delete the space's own workshop and all its data (the code typed again to confirm)."""
    space = _require_post() if request.method == "POST" else _require()
    workshop = _own_workshop(code, space)
    cancel = url_for("organizer.home")
    if request.method == "GET":
        return render_template("delete.html", workshop=workshop, error=None, cancel_url=cancel)
    if normalize_code(request.form.get("confirm", "")[:16]) != workshop["code"]:
        error = _("Koodi ei täsmää. Kirjoita koodi %(code)s.", code=workshop["code"])
        page = render_template("delete.html", workshop=workshop, error=error, cancel_url=cancel)
        return page, 400
    services().commit(actions.delete_workshop, workshop["id"])
    disconnect_workshop(workshop["id"])
    return render_template("deleted.html", title=workshop["title"], back_url=cancel)


def _links_page(workshop: dict, secret: str, *, created: bool):
    base = public_url()
    link = join_url(workshop["code"])
    body = render_template(
        "organizer_links.html",
        workshop=workshop,
        created=created,
        join_url=link,
        projector_url=f"{base}/p/{workshop['code']}",
        facilitator_url=f"{base}/f/{workshop['code']}/{secret}",
        qr_svg=qr.svg(link, _("QR-koodi: %(url)s", url=link)),
    )
    response = make_response(body, 201 if created else 200)
    response.headers["Cache-Control"] = "no-store"
    # The organiser's own browser may open the console straight away.
    response.set_cookie(
        facilitator_cookie(workshop["code"]), secret, httponly=True, samesite="Lax",
        secure=request.is_secure, max_age=60 * 60 * 24 * 30, path="/",
    )  # fmt: skip
    return response
