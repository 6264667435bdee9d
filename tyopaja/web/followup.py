"""HTTP routes of next steps: the console's Toimenpiteet page and the owner's status link.

- `/f/<CODE>/toimenpiteet` (facilitator cookie; POST also same-origin): turn a top-voted group
  or answer into an action with owner, deadline and status; edit, hide, accept participants'
  proposals; make an owner link; mark the status of the actions this evening carries.
- `/s/<token>` (no account): the named owner marks the status of their action with a short
  note. The token is a 256-bit secret like the facilitator's, stored as its SHA-256, compared in
  constant time; wrong tokens are throttled for the whole instance (docs/security.md).
"""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    g,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _

from tyopaja.chat.followup import STATUS_LABELS
from tyopaja.core import followup as rules
from tyopaja.core.workshop import Refused
from tyopaja.i18n import error_message
from tyopaja.reads import followup as follow_reads
from tyopaja.reads.rows import script_of
from tyopaja.store import followup as store
from tyopaja.store.tx import Row
from tyopaja.usecases import followup
from tyopaja.usecases.actions import hash_secret, secret_matches
from tyopaja.web.export import facilitator_workshop
from tyopaja.web.pages import check_key, public_url, same_origin, services

bp = Blueprint("followup", __name__)

PRIORITY_LIMIT = 10  # per dots step on the page
TOKEN_CHARS = 128


def _refusal(refused: Refused) -> str:
    return error_message(refused.code, str(get_locale()), **refused.params)


def _statuses() -> list[tuple[str, str]]:
    return [(key, _(STATUS_LABELS[key])) for key in rules.STATUSES]


def _priorities(tx: Any, workshop: Row) -> list[dict[str, Any]]:
    """Top-voted items of every dots step; without votes, the groups of open steps by size."""
    top = follow_reads.top_priorities(tx, workshop, PRIORITY_LIMIT)
    if top:
        return top
    out = []
    for step in script_of(workshop).steps:
        if step.kind != "open":
            continue
        for group in tx.votable_groups(workshop["id"], step.id):
            label = group["title"] or group["sample"] or ""
            out.append({"step": step.id, "key": f"g:{group['id']}", "label": label, "points": 0})
    return out


def _ratings(tx: Any, workshop: Row, carried: list[dict[str, Any]]) -> dict[str, Any]:
    """The participants' ratings of each carried action, and whether to take it up again."""
    recap = next((s for s in script_of(workshop).steps if s.kind == "recap"), None)
    low, high = (recap.scale_min, recap.scale_max) if recap else (1, 5)
    ballots = tx.step_ballots(workshop["id"], recap.id) if recap else []
    tally = rules.tally_recap(low, high, [i["key"] for i in carried], ballots)
    return {
        i["key"]: {
            "rating": tally[i["key"]],
            "mean": f"{tally[i['key']].mean:.1f}".replace(".", ",")
            if tally[i["key"]].mean is not None
            else "",
            "again": rules.needs_attention(tally[i["key"]], i["status"], low, high),
        }
        for i in carried
    }


def _page(workshop: Row, error: str = "", status: int = 200, saved: str = ""):
    with services().store.read() as tx:
        actions = store.actions_of(tx, workshop["id"])
        priorities = _priorities(tx, workshop)
        carried = follow_reads.recap_items(tx, workshop) if workshop.get("follows_id") else []
        chain = follow_reads.chain(tx, workshop) if workshop.get("follows_id") else []
        ratings = _ratings(tx, workshop, carried)
    decided = [a for a in actions if a["decided"]]
    proposals = [a for a in actions if not a["decided"]]
    body = render_template(
        "followup_console.html",
        workshop=workshop,
        decided=decided,
        proposals=proposals,
        priorities=priorities,
        carried=carried,
        earlier=chain[0][0] if chain else None,
        ratings=ratings,
        statuses=_statuses(),
        error=error,
        saved=saved,
        owner_link=request.args.get("linkki", ""),
    )
    response = make_response(body, status)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/f/<code>/toimenpiteet")
def page(code: str):
    """The facilitator's actions page."""
    workshop = facilitator_workshop(code)
    return _page(workshop, saved=request.args.get("tallennettu", ""))


def _form(name: str, limit: int = 2000) -> str:
    return (request.form.get(name) or "")[:limit]


def _action_id() -> int:
    raw = _form("action", 12)
    if not raw.isdigit():
        raise Refused("no_such_action")
    return int(raw)


@bp.post("/f/<code>/toimenpiteet")
def change(code: str):
    """One change from the actions page; a refusal re-renders it with the reason."""
    workshop = facilitator_workshop(code)
    if not same_origin():
        abort(403)
    op, wid = _form("op", 20), workshop["id"]
    commit = services().commit
    fields = (_form("what"), _form("owner"), _form("deadline"))
    try:
        if op == "add":
            commit(followup.add_action, wid, *fields, _form("status", 20), _form("source", 40))
        elif op == "edit":
            commit(
                followup.edit_action, wid, _action_id(), *fields, _form("status", 20), _form("note")
            )
        elif op in ("accept", "unaccept"):
            commit(followup.decide_action, wid, _action_id(), op == "accept")
        elif op in ("hide", "show"):
            commit(followup.hide_action, wid, _action_id(), op == "hide")
        elif op == "link":
            secret = commit(followup.owner_link, wid, _action_id())
            link = f"{public_url()}/s/{secret}"
            return redirect(url_for("followup.page", code=workshop["code"], linkki=link), 303)
        elif op == "carried":
            commit(followup.carried_status, wid, _action_id(), _form("status", 20), _form("note"))
        else:
            raise Refused("bad_request")
    except Refused as refused:
        return _page(workshop, error=_refusal(refused), status=400)
    return redirect(url_for("followup.page", code=workshop["code"], tallennettu="1"), 303)


# -- the owner's link -------------------------------------------------------------------


def _owned(token: str) -> Row:
    """The action this owner link is for; 403 if none, 429 while wrong links are throttled."""
    if not token or len(token) > TOKEN_CHARS:
        abort(404)
    found: dict[str, Row] = {}

    def check() -> bool:
        digest = hash_secret(token)
        with services().store.read() as tx:
            row = store.action_by_token(tx, digest)
        # The row was found by the hash; compare it again in constant time all the same.
        if row is None or not secret_matches(token, row.pop("owner_token_hash")):
            return False
        found["action"] = row
        return True

    check_key(current_app.extensions["tyopaja_limits"].owner, "owner", check)
    return found["action"]


def _owner_page(token: str, action: Row, error: str = "", saved: bool = False, status=200):
    with services().store.read() as tx:
        workshop = tx.workshop(action["workshop_id"])
    g.page_lang = workshop["lang"]
    body = render_template(
        "followup_owner.html",
        action=action,
        workshop=workshop,
        token=token,
        statuses=_statuses(),
        error=error,
        saved=saved,
    )
    response = make_response(body, status)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/s/<token>")
def owner(token: str):
    """The owner's page: the action, its status and note, and a form to change them."""
    action = _owned(token)
    return _owner_page(token, action, saved=request.args.get("tallennettu") == "1")


@bp.post("/s/<token>")
def owner_mark(token: str):
    """The owner marks the status."""
    action = _owned(token)
    if not same_origin():
        abort(403)
    try:
        services().commit(
            followup.mark_status, action["id"], _form("status", 20), _form("note"), "owner"
        )
    except Refused as refused:
        return _owner_page(token, action, _refusal(refused), status=400)
    return redirect(url_for("followup.owner", token=token, tallennettu="1"), 303)


# -- the organiser page: series ---------------------------------------------------------


def series_view(tx: Any, organizer_id: int | None = None) -> list[dict[str, Any]]:
    """Municipalities with their series of evenings: newest series first, newest evening first.

    Each evening says how many of the actions of the evening it follows are done.
    """
    rows = store.series_overview(tx, organizer_id)
    by_id = {row["id"]: row for row in rows}
    followed = {row["follows_id"] for row in rows if row["follows_id"]}
    municipalities: dict[str, list[list[dict[str, Any]]]] = {}
    for row in rows:  # newest first: a series starts at an evening nobody follows
        if row["id"] in followed:
            continue
        series: list[dict[str, Any]] = []
        current: dict[str, Any] | None = row
        seen: set[int] = set()
        while current is not None and current["id"] not in seen and len(series) < rules.MAX_SERIES:
            seen.add(current["id"])
            earlier = by_id.get(current["follows_id"]) if current["follows_id"] else None
            series.append(
                dict(
                    current,
                    earlier_done=earlier["done"] if earlier else None,
                    earlier_actions=earlier["actions"] if earlier else None,
                )
            )
            current = earlier
        key = (series[0]["municipality"] or "").strip()
        municipalities.setdefault(key, []).append(series)
    return [
        {"municipality": name, "series": series}
        for name, series in sorted(municipalities.items(), key=lambda kv: (not kv[0], kv[0]))
    ]


def followable(tx: Any, organizer_id: int | None = None) -> list[Row]:
    """Workshops of one space a new evening may follow: the newest of each series."""
    rows = store.series_overview(tx, organizer_id)
    followed = {row["follows_id"] for row in rows if row["follows_id"]}
    return [row for row in rows if row["id"] not in followed]
