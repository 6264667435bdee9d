"""HTTP routes: the join page, the participant chat, the projector, the facilitator console."""

from __future__ import annotations

from collections.abc import Callable

from flask import (
    Blueprint,
    abort,
    current_app,
    g,
    jsonify,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _

from tyopaja import __version__
from tyopaja.core.ratelimit import FailureThrottle
from tyopaja.core.workshop import normalize_code
from tyopaja.i18n import LANG_NAMES, LANGS
from tyopaja.reads.snapshots import welcome_conversation
from tyopaja.realtime.runtime import facilitator_cookie
from tyopaja.store.tx import Row
from tyopaja.usecases import actions
from tyopaja.web import qr, selko

bp = Blueprint("web", __name__)


def services():
    """The app's services."""
    return current_app.extensions["tyopaja"]


def public_url() -> str:
    """The base URL phones use: --public-url if set, else the one this page was loaded from."""
    configured = current_app.config.get("PUBLIC_URL")
    return (configured or request.url_root).rstrip("/")


def join_url(code: str) -> str:
    """The participant link of a workshop."""
    return f"{public_url()}/j/{code}"


def short_url(url: str) -> str:
    """An address as people type it on a phone: without the scheme (browsers add it)."""
    for scheme in ("https://", "http://"):
        if url.startswith(scheme):
            return url[len(scheme) :]
    return url


def workshop_or_404(raw_code: str) -> Row:
    """The workshop with this join code, or a friendly 404 page."""
    code = normalize_code(raw_code)
    with services().store.read() as tx:
        workshop = tx.workshop_by_code(code) if code else None
    if workshop is None:
        abort(404, description="unknown_workshop")
    return workshop


def check_facilitator(workshop: Row, secret: str) -> None:
    """Abort with 403 unless `secret` is the workshop's facilitator secret; 429 after many failures.

    Failures are counted per workshop (never per IP address); while a workshop
    is throttled, secrets are not even checked, so guessing stays bounded.
    """
    if not secret:
        abort(403)
    throttle = current_app.extensions["tyopaja_limits"].facilitator
    check_key(
        throttle,
        workshop["code"],
        lambda: actions.secret_matches(secret, workshop["secret_hash"]),
    )


def check_key(throttle: FailureThrottle, key: str, check: Callable[[], bool]) -> None:
    """Run `check` through `throttle`: 429 (and when to retry) if throttled, 403 if wrong."""
    verdict = throttle.attempt(key, check)
    if verdict == "throttled":
        g.retry_after = throttle.retry_after(key)
        abort(429)
    if verdict == "denied":
        abort(403)


@bp.get("/healthz")
def healthz():
    """Liveness and database check, as JSON."""
    try:
        database_ok = services().store.check()
    except Exception:
        database_ok = False
    body = {
        "status": "ok" if database_ok else "degraded",
        "version": __version__,
        "database": database_ok,
    }
    return jsonify(body), 200


@bp.get("/")
def index():
    """The start page: type a join code."""
    code = request.args.get("code")
    if code is not None:
        normalized = normalize_code(code)
        if normalized:
            return redirect(url_for("web.participant", code=normalized))
        return render_template(
            "index.html", error=_("Koodi on kuusi merkkiä, esimerkiksi K7PX3Q."), code=code
        ), 400
    return render_template("index.html", error=None, code="")


@bp.get("/j/<code>")
def participant(code: str):
    """The participant's chat page; after a closed workshop, its published summary."""
    workshop = workshop_or_404(code)
    g.page_lang = workshop["lang"]  # unless the participant picked a language
    selko.use_for_page()  # selkokieli, if asked for and the page is in Finnish
    if workshop["state"] == "closed" and workshop.get("published"):
        from tyopaja.web.export import published_page

        summary = published_page(workshop)
        if summary is not None:
            return summary
    return render_template(
        "participant.html",
        workshop=workshop,
        langs=LANGS,
        lang_names=LANG_NAMES,
        initial=welcome_conversation(workshop, str(get_locale()), g.selko),
    )


@bp.get("/p/<code>")
def projector(code: str):
    """The projector: QR code, join code, live answers."""
    workshop = workshop_or_404(code)
    link = join_url(workshop["code"])
    label = _("QR-koodi: %(url)s", url=link)
    return render_template(
        "projector.html",
        workshop=workshop,
        join_url=link,
        short_url=short_url(link),
        qr_svg=qr.svg(link, label),
    )


@bp.get("/f/<code>/<secret>")
def facilitator_login(code: str, secret: str):
    """A facilitator link: check the secret, move it to a cookie, drop it from the address bar."""
    workshop = workshop_or_404(code)
    check_facilitator(workshop, secret)
    response = redirect(url_for("web.facilitator", code=workshop["code"]))
    response.set_cookie(
        facilitator_cookie(workshop["code"]),
        secret,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure,
        max_age=60 * 60 * 24 * 30,
        path="/",
    )
    return response


@bp.get("/f/<code>")
def facilitator(code: str):
    """The facilitator console (needs the secret cookie)."""
    workshop = workshop_or_404(code)
    check_facilitator(workshop, request.cookies.get(facilitator_cookie(workshop["code"]), ""))
    link = join_url(workshop["code"])
    return render_template(
        "facilitator.html",
        workshop=workshop,
        join_url=link,
        projector_url=f"{public_url()}/p/{workshop['code']}",
        qr_svg=qr.svg(link, _("QR-koodi: %(url)s", url=link)),
    )


# -- privacy: the notice, deleting a workshop (docs/security.md) -----------------


@bp.get("/tietosuoja")
def privacy():
    """The privacy notice (tietosuojaseloste) in the page language: a template to fill in."""
    return render_template(
        "privacy.html",
        lang=str(get_locale()) if str(get_locale()) in LANGS else "fi",
        controller=current_app.config.get("PRIVACY_CONTROLLER") or "",
        contact=current_app.config.get("PRIVACY_CONTACT") or "",
        retention_days=current_app.config.get("RETENTION_DAYS", 365),
    )


def same_origin() -> bool:
    """False if the browser says this request came from another site.

    Sec-Fetch-Site first: with `Referrer-Policy: no-referrer` browsers send
    `Origin: null` even for same-origin form posts.
    """
    site = request.headers.get("Sec-Fetch-Site")
    if site is not None:
        return site in ("same-origin", "none")
    origin = request.headers.get("Origin")
    return origin in (None, "null") or origin == request.host_url.rstrip("/")


@bp.route("/f/<code>/delete", methods=["GET", "POST"])
def facilitator_delete(code: str):
    """Delete a workshop and all its data: facilitator cookie, same origin, the code typed again."""
    workshop = workshop_or_404(code)
    check_facilitator(workshop, request.cookies.get(facilitator_cookie(workshop["code"]), ""))
    if request.method == "GET":
        return render_template("delete.html", workshop=workshop, error=None)
    if not same_origin():
        abort(403)
    if normalize_code(request.form.get("confirm", "")[:16]) != workshop["code"]:
        error = _("Koodi ei täsmää. Kirjoita koodi %(code)s.", code=workshop["code"])
        return render_template("delete.html", workshop=workshop, error=error), 400
    services().commit(actions.delete_workshop, workshop["id"])
    disconnect_workshop(workshop["id"])
    response = make_response(render_template("deleted.html", title=workshop["title"]))
    response.delete_cookie(facilitator_cookie(workshop["code"]), path="/")
    return response


def disconnect_workshop(workshop_id: int) -> None:
    """Close every socket of a deleted workshop; on reconnect they hear it no longer exists."""
    from tyopaja.realtime import socketio

    connections = services().connections
    for sid, conn in list(connections.items()):
        if conn.workshop_id == workshop_id:
            connections.pop(sid, None)
            socketio.server.disconnect(sid, namespace="/")


def error_page(error):
    """Errors as a friendly page in the user's language, or JSON for API callers."""
    status = getattr(error, "code", 500) or 500
    if request.accept_mimetypes.best == "application/json" or request.path == "/healthz":
        response = make_response(jsonify({"ok": False, "status": status}), status)
    else:
        description = getattr(error, "description", "")
        page = render_template(
            "error.html", status=status, unknown_workshop=description == "unknown_workshop"
        )
        response = make_response(page, status)
    if status == 429:
        response.headers["Retry-After"] = str(g.get("retry_after") or 60)
    return response
