"""Real Chromium: the facilitator reviews a step in the Koonti and the export shows the review.

Answers are stored in the server's real SQLite file before the console opens.
"""

from __future__ import annotations

import json
import os
import time
from collections import defaultdict
from pathlib import Path

import pytest

from tests.helpers import LiveServer
from tyopaja.store import Store
from tyopaja.usecases import actions

DATA = Path("/work/shared/data/yhdistysilta-dev.jsonl")
HOLDOUT = Path(__file__).resolve().parents[1] / "data" / "grouping_holdout.jsonl"
SHOTS = Path(os.environ.get("TYOPAJA_SCREENSHOTS", "/tmp/tyopaja-screenshots"))

EVENING = """\
# Koonti-ilta

## Tilat
- avain: tilat

### avoin: Millaisia tiloja yhdistyksenne tarvitsee ja mikä tilojen käytössä on hankalaa?
- id: tilat
- vastauksia: 20

### asteikko: Kuinka helppoa tilojen varaaminen on?
- id: helppous
- asteikko: 1–5
"""


def _rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def seed(server: LiveServer, texts: list[str], groups: list[tuple[str, list[int], list[str]]] = ()):
    """A workshop with `texts` as answers to "tilat" (and stored groups of their indexes)."""
    store = Store(server.db_path)
    row, secret = store.write(actions.create_workshop, EVENING, state="open")

    def write(tx):
        ids = []
        for n, text in enumerate(texts):
            pid = tx.create_participant(row["id"], f"phone{n:012d}", "x" * 64, "fi")
            tx.update_participant(pid, association=f"Yhdistys {n % 23}", sector="kulttuuri")
            ids.append(
                tx.insert_answer(
                    {
                        "workshop_id": row["id"],
                        "step_id": "tilat",
                        "text": text,
                        "participant_id": pid,
                    }
                )
            )
        for title, members, words in groups:
            group = tx.insert_group(
                {
                    "workshop_id": row["id"],
                    "step_id": "tilat",
                    "title": title,
                    "suggested": 1,
                    "shared_words": words,
                }
            )
            tx.set_answers_group([ids[i] for i in members], group)

    store.write(write)
    store.close()
    return row["code"], secret


def stored(server: LiveServer, sql: str, params: tuple, expected: list, timeout: float = 10):
    """Wait until the server's database holds `expected` (the commit is the condition)."""
    store = Store(server.db_path)
    deadline = time.monotonic() + timeout
    try:
        while True:
            with store.read() as tx:
                got = [tuple(r) for r in tx.db.execute(sql, params).fetchall()]
            if got == expected or time.monotonic() > deadline:
                assert got == expected
                return
            time.sleep(0.05)
    finally:
        store.close()


def open_koonti(new_page, server, code, secret, width=1280, height=800):
    page = new_page(width, height)
    page.goto(f"{server.url}/f/{code}/{secret}")
    page.get_by_text("Yhteys kunnossa").wait_for()
    page.get_by_role("tab", name="Koonti").click()
    page.locator("#k-heading").wait_for()
    return page


def test_the_facilitator_reviews_a_step_and_the_export_shows_it(server, new_page):
    space = [r["text"] for r in _rows(DATA) if r["prompt_id"] == "q3"]
    code, secret = seed(server, space)
    page = open_koonti(new_page, server, code, secret)
    # Nobody grouped: the Koonti shows the automatic groups with readable titles.
    adopt = page.get_by_role("button", name="Ota ehdotetut ryhmät pohjaksi")
    adopt.wait_for()
    titles = page.locator(".koonti-auto-title").all_inner_texts()
    assert len(titles) >= 3
    assert all(" " in t for t in titles), titles  # phrases, not a lemma or two
    adopt.click()
    page.locator("input.group-title[data-group]").first.wait_for()
    cards = page.locator(".koonti-group[data-group]")
    assert cards.count() == len(titles)
    # Rename the first group, merge the second into it.
    first = page.locator("input.group-title[data-group]").first
    first_id = first.get_attribute("data-group")
    first.fill("Maksuttomat salit iltaisin")
    first.press("Enter")
    stored(
        server,
        "SELECT title FROM groups WHERE id = ?",
        (first_id,),
        [("Maksuttomat salit iltaisin",)],
    )
    second_id = cards.nth(1).get_attribute("data-group")
    page.locator(f"select[data-merge='{second_id}']").select_option(first_id)
    page.locator(f"button[data-act='merge'][data-group='{second_id}']").click()
    page.wait_for_function(
        "n => document.querySelectorAll('.koonti-group[data-group]').length === n",
        arg=len(titles) - 1,
    )
    # The summary starts as a draft from the facts; the facilitator edits and saves it.
    summary = page.locator("#k-summary")
    assert "Eniten mainittiin" in summary.input_value()
    text = "Yhdistykset tarvitsevat ennen kaikkea maksuttomia saleja iltaisin."
    summary.fill(text)
    page.get_by_role("button", name="Tallenna yhteenveto").click()
    page.get_by_text("Tallennettu teksti.").wait_for()
    page.get_by_role("button", name="Merkitse tarkistetuksi").click()
    page.get_by_role("button", name="Palauta luonnokseksi").wait_for()
    assert page.locator(".koonti-pick.current .review-chip").inner_text() == "Tarkistettu"
    # The export's preview (same browser, same facilitator cookie) uses the review.
    preview = page.context.new_page()
    preview.goto(f"{server.url}/f/{code}/export/preview/md-full")
    body = preview.locator("article").inner_text()
    assert text in body
    assert "Maksuttomat salit iltaisin" in body
    section = body.split("Millaisia tiloja")[1].split("Kuinka helppoa")[0]
    assert "ei ole tarkistanut" not in section and "merkinnyt" not in section
    # The scale step nobody reviewed says so (its chapter draft too).
    assert "Luonnos: ohjaaja ei ole tarkistanut" in body


def _hall() -> tuple[list[str], list[tuple[str, list[int], list[str]]]]:
    """240 answers in 15 groups: the dev evening's and the holdout's answers by cluster."""
    rows = (_rows(DATA) + _rows(HOLDOUT))[:240]
    by_cluster = defaultdict(list)
    for n, row in enumerate(rows):
        by_cluster[row["cluster"]].append(n)
    clusters = sorted(by_cluster.values(), key=len, reverse=True)
    groups = [list(c) for c in clusters[:15]]
    for n, members in enumerate(clusters[15:]):
        groups[n % 15].extend(members)
    titled = []
    for n, members in enumerate(groups):
        # A mix as in real evenings: typed titles, untitled groups, old lemma-pair titles.
        title = ["Tilat ja vuokrat", "", "Raha, maksaa"][n % 3]
        titled.append((title, members, ["raha", "maksaa"] if title.startswith("Raha") else []))
    return [r["text"] for r in rows], titled


@pytest.mark.parametrize(("width", "height"), [(1280, 800), (1366, 768)])
def test_the_koonti_of_a_big_hall_fits_the_laptop_screen(server, new_page, width, height):
    texts, groups = _hall()
    code, secret = seed(server, texts, groups)
    page = open_koonti(new_page, server, code, secret, width, height)
    page.wait_for_function("document.querySelectorAll('.koonti-group[data-group]').length === 15")
    assert page.locator(".koonti-answer").count() == 240
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    wide = page.evaluate(
        "() => Array.from(document.querySelectorAll('body *')).filter(e =>"
        " e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)"
        ".slice(0, 5).map(e => e.className + ' ' + e.getBoundingClientRect().right)"
    )
    assert overflow <= 0, f"{overflow}px sideways overflow at {width}x{height}: {wide}"
    # No lemma pair is shown as a title: stored "Raha, maksaa" reads as a phrase.
    values = page.locator("input.group-title[data-group]").evaluate_all(
        "inputs => inputs.map(i => i.value)"
    )
    assert "Raha, maksaa" not in values and all(values), values
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"koonti-{width}x{height}.png"))
    page.screenshot(path=str(SHOTS / f"koonti-{width}x{height}-full.png"), full_page=True)


def test_a_tab_picked_before_the_console_has_synced_stays_picked(server, new_page):
    """A facilitator quicker than the socket: the Koonti tab clicked before the first sync has
    arrived is still the open tab after it (it used to fall back to Vastaukset). The socket is
    kept on long polling, and the post that carries the console's `sync` is held back until
    the tab has been clicked."""
    code, secret = seed(server, ["Salit ovat liian kalliit", "Avaimet hukassa"])
    page = new_page(1280, 800)
    page.route_web_socket("**/socket.io/**", lambda ws: ws.close())  # polling only
    held = []

    def is_sync(request):
        return request.method == "POST" and '"sync"' in (request.post_data or "")

    def hold_the_sync(route):
        if is_sync(route.request) and not held:
            held.append(route)
        else:
            route.continue_()

    page.route("**/socket.io/**", hold_the_sync)
    with page.expect_request(is_sync):
        page.goto(f"{server.url}/f/{code}/{secret}")
    page.get_by_role("tab", name="Koonti").click()
    assert len(held) == 1
    held[0].continue_()
    page.locator("#k-heading").wait_for()
    assert page.get_by_role("tab", name="Koonti").get_attribute("aria-selected") == "true"
