"""The facilitator's review of names of persons in answers, before the export.

`/f/<code>/export/nimet` lists the names the export would mask (export/names.py), each with
the text it was found in and a choice: mask (the default) or keep. Saving stores the
decisions (usecases/names.py); every export format then follows them (export/privacy.py).
Facilitator cookie as on the export page; the POST also needs a same-origin request.
"""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for

from tyopaja.core.workshop import Refused
from tyopaja.export import name_candidates
from tyopaja.export.names import key
from tyopaja.reads.followup import export_rows
from tyopaja.serving.warmup import in_background
from tyopaja.usecases import names as name_cases
from tyopaja.web.export import facilitator_workshop
from tyopaja.web.pages import same_origin, services

bp = Blueprint("name_review", __name__)


def _candidates(workshop) -> tuple[list[tuple[str, int, str]], dict[str, str]]:
    with services().store.read() as tx:
        rows = export_rows(tx, workshop["id"])
    found = in_background(name_candidates, rows)
    decided = {r["name_key"]: r["decision"] for r in rows["name_reviews"]}
    return sorted(found, key=lambda c: key(c[0])), decided


@bp.get("/f/<code>/export/nimet")
def page(code: str):
    """The proposed masks, each with keep / mask."""
    workshop = facilitator_workshop(code)
    found, decided = _candidates(workshop)
    items = [
        {"name": name, "count": n, "example": example, "decision": decided.get(key(name), "mask")}
        for name, n, example in found
    ]
    return render_template(
        "name_review.html",
        workshop=workshop,
        items=items,
        saved=request.args.get("tallennettu") == "1",
    )


@bp.post("/f/<code>/export/nimet")
def save(code: str):
    """Store the decisions of the form: one radio group per name (`n-<i>`, name in `k-<i>`)."""
    workshop = facilitator_workshop(code)
    if not same_origin():
        abort(403)
    decisions: dict[str, str] = {}
    for field, name in request.form.items():
        if field.startswith("k-"):
            decisions[name] = request.form.get("n-" + field[2:], "")
    try:
        services().commit(name_cases.review_names, workshop["id"], decisions)
    except Refused:
        abort(400)
    return redirect(url_for("name_review.page", code=workshop["code"], tallennettu=1), 303)
