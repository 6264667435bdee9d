"""HTTP routes of the export: downloads, the print preview, publishing the summary, importing.

Everything under /f/<code>/export needs the facilitator cookie (checked like the console);
the two POST forms also need a same-origin request. The participants' published summary is
served on the join link by `published_page`, called from web.participant.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import get_locale

from tyopaja.core.importer import MAX_BYTES, ImportInvalid, RowError, parse_import
from tyopaja.export import (
    FORMATS,
    MARKDOWN_SHAPES,
    chart_svg,
    documents,
    render,
    report_of,
    summary_markdown,
    to_html,
)
from tyopaja.export.model import Report
from tyopaja.export.texts import LANGS, Texts
from tyopaja.reads.rows import script_of
from tyopaja.realtime.runtime import facilitator_cookie
from tyopaja.serving.warmup import in_background
from tyopaja.store.tx import Row
from tyopaja.usecases import actions
from tyopaja.web.pages import check_facilitator, same_origin, services, workshop_or_404

bp = Blueprint("export", __name__)

PREVIEW_SHAPES = (*MARKDOWN_SHAPES, "summary")
STEP_ID_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789-_")


def facilitator_workshop(code: str) -> Row:
    """The workshop, if the request carries its facilitator cookie; else 403 (or 404)."""
    workshop = workshop_or_404(code)
    check_facilitator(workshop, request.cookies.get(facilitator_cookie(workshop["code"]), ""))
    return workshop


def export_lang(workshop: Row) -> str:
    """The language of the exported texts: ?kieli=fi|sv|en, else the workshop's language."""
    asked = request.args.get("kieli")
    return asked if asked in LANGS else workshop["lang"]


def load_report(workshop: Row, lang: str | None = None) -> Report:
    """The report of a workshop, read in one snapshot.

    Building it may group answers (CPU work, and simplemma's first load): on gevent that runs
    in the native thread pool, so the phones of other workshops are served meanwhile.
    """
    with services().store.read() as tx:
        rows = tx.export_rows(workshop["id"])
    return in_background(report_of, rows, lang)


def upload_limit() -> int:
    """The largest file the import form takes: the importer's limit or the request limit."""
    request_limit = current_app.config.get("MAX_CONTENT_LENGTH") or MAX_BYTES
    return min(MAX_BYTES, request_limit)


def page_lang() -> str:
    """The language of the page itself."""
    lang = str(get_locale())
    return lang if lang in LANGS else "fi"


# -- the export page, downloads, preview ------------------------------------------------


@bp.get("/f/<code>/export")
def page(code: str):
    """Downloads, previews, publishing and importing, on one page."""
    workshop = facilitator_workshop(code)
    return _page(workshop)


def _page(workshop: Row, errors: list[RowError] | None = None, more: int = 0, status: int = 200):
    imported = request.args.get("tuotu", "")
    return make_response(
        render_template(
            "export.html",
            workshop=workshop,
            formats=FORMATS,
            shapes=PREVIEW_SHAPES,
            published=when(published_at(workshop), Texts(page_lang())),
            errors=errors or [],
            more=more,
            imported=int(imported) if imported.isdigit() else None,
            max_mb=upload_limit() // (1024 * 1024),
        ),
        status,
    )


@bp.get("/f/<code>/export/<fmt>")
def download(code: str, fmt: str):
    """One export file as a download."""
    workshop = facilitator_workshop(code)
    if fmt not in FORMATS:
        abort(404)
    result = render(load_report(workshop, export_lang(workshop)), fmt)
    response = Response(result.body, content_type=result.content_type)
    response.headers["Content-Disposition"] = f'attachment; filename="{result.filename}"'
    return response


@bp.get("/f/<code>/export/preview/<shape>")
def preview(code: str, shape: str):
    """A document as a page that prints cleanly (print.css)."""
    workshop = facilitator_workshop(code)
    if shape not in PREVIEW_SHAPES:
        abort(404)
    report = load_report(workshop, export_lang(workshop))
    if shape == "summary":
        markdown = summary_markdown(report)
    else:
        markdown = documents.SHAPES[shape](report).markdown
    return render_template(
        "export_preview.html",
        workshop=workshop,
        shape=shape,
        shapes=PREVIEW_SHAPES,
        html=to_html(markdown),
        doc_lang=report.lang,
    )


@bp.get("/f/<code>/export/preview/kaaviot/<name>.svg")
def chart(code: str, name: str):
    """The SVG chart of a step, as the preview's Markdown refers to it."""
    workshop = facilitator_workshop(code)
    if not name or not set(name) <= STEP_ID_CHARS:
        abort(404)
    svg = chart_svg(load_report(workshop, export_lang(workshop)), name)
    if svg is None:
        abort(404)
    return Response(svg, content_type="image/svg+xml; charset=utf-8")


# -- publishing the summary to the participants ------------------------------------------


def published_at(workshop: Row) -> str | None:
    """When the summary was published (ISO 8601), or None."""
    data = _published(workshop)
    return data.get("at") if data else None


def when(stamp: str | None, t: Texts) -> str | None:
    """'26.11.2026 klo 19.30 UTC' from an ISO 8601 UTC time."""
    if not stamp or len(stamp) < 16:
        return None
    return t.tr(
        "%(date)s klo %(time)s UTC", date=t.date(stamp[:10]), time=stamp[11:16].replace(":", ".")
    )


def _published(workshop: Row) -> dict[str, Any] | None:
    raw = workshop.get("published")
    if not raw:
        return None
    try:
        data = json.loads(raw)
    except ValueError:
        return None
    summary = data.get("summary") if isinstance(data, dict) else None
    if not isinstance(summary, dict) or not summary:
        return None
    return data


@bp.post("/f/<code>/export/publish")
def publish(code: str):
    """Publish the summary (rendered now, in every language) or withdraw it."""
    workshop = facilitator_workshop(code)
    if not same_origin():
        abort(403)
    if request.form.get("action") == "unpublish":
        services().commit(actions.publish_summary, workshop["id"], None)
    else:
        summaries = {lang: summary_markdown(load_report(workshop, lang)) for lang in LANGS}
        services().commit(actions.publish_summary, workshop["id"], summaries)
    return redirect(url_for("export.page", code=workshop["code"]), 303)


def published_page(workshop: Row) -> Response | None:
    """The published summary in the participant's language, or None if there is none."""
    data = _published(workshop)
    if data is None:
        return None
    lang = page_lang()
    summaries = data["summary"]
    markdown = summaries.get(lang) or summaries.get(workshop["lang"])
    markdown = markdown or next(iter(summaries.values()))
    t = Texts(lang)
    texts = {
        "lead": t.tr("Työpaja on päättynyt. Tässä on yhteenveto sen tuloksista."),
        "published": t.tr("Julkaistu %(date)s.", date=t.date(str(data.get("at", ""))[:10])),
        "languages": t.tr("Kieli"),
    }
    return make_response(
        render_template("summary.html", workshop=workshop, html=summary_html(markdown), texts=texts)
    )


@lru_cache(maxsize=64)
def summary_html(markdown: str) -> str:
    """The HTML of a published summary (cached: a hall of phones loads the same page)."""
    return to_html(markdown)


# -- importing answers from a file -----------------------------------------------------


@bp.post("/f/<code>/export/import")
def import_file(code: str):
    """Import answers from an uploaded CSV or JSON Lines file: all rows, or none."""
    workshop = facilitator_workshop(code)
    if not same_origin():
        abort(403)
    t = Texts(page_lang())
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        return _page(workshop, [RowError(0, t.tr("Valitse ensin tiedosto."))], status=400)
    data = upload.read(MAX_BYTES + 1)
    try:
        rows = parse_import(data, upload.filename, t, script_of(workshop))
        done = services().commit(actions.import_answers, workshop["id"], rows, t)
    except ImportInvalid as invalid:
        return _page(workshop, invalid.errors, invalid.more, status=400)
    services().fanout.publish(workshop["id"], done.changes)
    count = done.ack["imported"]
    return redirect(url_for("export.page", code=workshop["code"], tuotu=count), 303)
