"""A full hall on real screens: 80 phones, 240 answers on one step, 15 groups (tests/hall.py).

Projector at 1920×1080 and 1366×768, the console at 1280×800 and 1366×768, a phone at 360×740:
nothing overflows sideways, every answer is on the projector within one rotation of its pages
(turned with the keyboard, as a presenter's clicker does; `?sivu=0` stops the clock, so no
test waits for time), every group is on screen, the dot-voting counter stays in view, and no
page logs a Content-Security-Policy error. Screenshots go to the test's tmp_path.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.hall import OPEN_STEP, VOTE_STEP, seed_hall
from tests.helpers import Client, cid
from tyopaja.store import Store
from tyopaja.usecases import actions
from tyopaja.usecases.base import Actor

PROJECTORS = [(1920, 1080), (1366, 768)]
LAPTOPS = [(1280, 800), (1366, 768)]
PHONE = (360, 740)


def hall_server(start_server, name, **seed):
    """A live server whose database also holds a hall seeded with `seed` (tests/hall.py)."""
    seeded = {}

    def prepare(live):
        seeded["hall"] = seed_hall(live.db_path, **seed)

    server = start_server(name, prepare=prepare)
    hall = seeded["hall"]
    hall.server = server
    return hall


@pytest.fixture(scope="module")
def hall(start_server):
    """A full hall on its open step: 80 phones, 240 answers, 15 groups."""
    seeded = hall_server(start_server, "hall", phones=80, answers=240, groups=15)
    yield seeded
    seeded.server.stop()


def watched(new_page, width, height):
    """A page that records console errors (CSP violations are logged there)."""
    page = new_page(width, height)
    page.errors = []
    page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    return page


def assert_clean(page, where):
    assert not page.errors, (where, page.errors[:3])
    width = page.evaluate("document.documentElement.clientWidth")
    assert page.evaluate("document.documentElement.scrollWidth") <= width, f"{where}: sideways"


def inside(box, width, height):
    return (
        box["x"] >= 0
        and box["y"] >= 0
        and box["x"] + box["width"] <= width + 0.5
        and (box["y"] + box["height"] <= height + 0.5)
    )


def facilitator(hall, new_page, width, height):
    page = watched(new_page, width, height)
    page.goto(f"{hall.server.url}/f/{hall.code}/{hall.secret}")
    page.locator(".con-step.current").wait_for()
    return page


def console_client(hall) -> Client:
    return Client(
        hall.server.url,
        {"role": "facilitator", "code": hall.code},
        headers={"Cookie": f"tyopaja_f_{hall.code}={hall.secret}"},
    )


@pytest.fixture
def wall_shown(hall):
    """The facilitator puts the answer wall on the screen (with groups, "auto" shows those)."""
    console = console_client(hall)
    assert console.call("f:screen", {"cid": cid(), "view": "wall"})["ok"]
    yield console
    console.call("f:screen", {"cid": cid(), "view": "auto"})
    console.close()


VISIBLE_NOTES = """() => {
  const wall = document.getElementById("wall").getBoundingClientRect();
  return [...document.querySelectorAll("#wall > li")].filter(li => {
    if (li.hidden) return false;
    const r = li.getBoundingClientRect();
    return r.top >= wall.top - 1 && r.bottom <= wall.bottom + 1 && r.left >= wall.left - 1
      && r.right <= wall.right + 1 && r.right <= innerWidth && r.bottom <= innerHeight;
  }).map(li => Number(li.id.slice(1)));
}"""


@pytest.mark.parametrize("size", PROJECTORS, ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_answer_is_on_the_projector_within_one_rotation(
    hall, wall_shown, new_page, tmp_path, size
):
    width, height = size
    page = watched(new_page, width, height)
    page.goto(f"{hall.server.url}/p/{hall.code}?sivu=0")
    page.wait_for_function("() => document.querySelectorAll('#wall > li').length === 240")
    page.wait_for_function("() => Number(document.getElementById('wall').dataset.pages) > 1")
    pages = int(page.locator("#wall").get_attribute("data-pages"))
    assert page.locator("#pager").inner_text() == f"sivu 1/{pages}"
    # Readable from the back of the hall: notes at 1.5 % of the screen's width or more.
    size_px = page.locator(".note").first.evaluate("n => parseFloat(getComputedStyle(n).fontSize)")
    assert size_px >= 0.014 * width, size_px
    seen: set[int] = set()
    for n in range(1, pages + 1):
        expect_page = f"sivu {n}/{pages}"
        page.locator("#pager").filter(has_text=expect_page).wait_for()
        page.wait_for_function("() => !document.getAnimations().length")
        shown = page.evaluate(VISIBLE_NOTES)
        assert shown, expect_page
        seen.update(shown)
        if n in (1, 2):
            page.screenshot(path=str(tmp_path / f"wall-{width}-page{n}.png"))
        page.keyboard.press("PageDown")
    page.locator("#pager").filter(has_text=f"sivu 1/{pages}").wait_for()
    assert seen == set(hall.answers)
    assert_clean(page, "projector wall")


def test_a_new_answer_shows_on_the_projector_at_once_whatever_the_page(
    hall, wall_shown, new_page, tmp_path
):
    page = watched(new_page, 1920, 1080)
    page.goto(f"{hall.server.url}/p/{hall.code}?sivu=0")
    page.wait_for_function("() => Number(document.getElementById('wall').dataset.pages) > 2")
    page.keyboard.press("PageDown")
    page.keyboard.press("PageDown")
    page.locator("#pager").filter(has_text="sivu 3/").wait_for()
    console = wall_shown
    try:
        text = "Uusi ehdotus: kirjastoon yhdistysten ilmoitustaulu"
        ack = console.call(
            "f:add", {"cid": cid(), "step": OPEN_STEP, "text": text, "source": "paper"}
        )
        assert ack["ok"], ack
        newest = page.locator("#wall-new .note", has_text=text)
        newest.wait_for()  # the strip of newest answers, on top of page 3
        assert inside(newest.bounding_box(), 1920, 1080)
        page.screenshot(path=str(tmp_path / "wall-newest.png"))
    finally:
        console.call("f:hide", {"cid": cid(), "answer": ack["answer"], "hidden": True})
    page.wait_for_function("() => document.querySelectorAll('#wall > li').length === 240")
    assert_clean(page, "projector newest")


@pytest.mark.parametrize("size", PROJECTORS, ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_group_is_on_the_projector(hall, new_page, tmp_path, size):
    width, height = size
    page = watched(new_page, width, height)
    page.goto(f"{hall.server.url}/p/{hall.code}")
    page.locator(".scr-group").first.wait_for()
    cards = page.locator(".scr-group")
    assert cards.count() == 16  # 15 groups and the ungrouped ("Muut")
    page.wait_for_function("() => document.querySelector('#groups').dataset.rows")
    for i in range(cards.count()):
        card = cards.nth(i)
        assert inside(card.bounding_box(), width, height), card.inner_text()[:40]
        title = card.locator(".scr-group-title")
        assert inside(title.bounding_box(), width, height)
        more = card.locator(".scr-more")
        if more.count():  # a cut list says how many more answers the group has
            assert inside(more.bounding_box(), width, height)
    page.screenshot(path=str(tmp_path / f"groups-{width}.png"))
    assert_clean(page, "projector groups")


@pytest.mark.parametrize("size", LAPTOPS, ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_console_fits_a_laptop(hall, new_page, tmp_path, size):
    width, height = size
    page = facilitator(hall, new_page, width, height)
    current = page.locator(".con-step.current")
    assert current.inner_text().startswith("9"), current.inner_text()
    assert inside(current.bounding_box(), width, height), "the current step is in view"
    page.locator(".tab-count", has_text="240").wait_for()
    assert_clean(page, "console answers")
    page.screenshot(path=str(tmp_path / f"console-{width}.png"))
    page.get_by_role("tab", name="Ryhmittely").click()
    page.locator(".group-card").nth(14).wait_for()
    assert_clean(page, "console groups")
    for button in page.get_by_role("button", name="Pura ryhmä").all():
        box = button.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, box
    for title in page.locator("textarea.group-title").all():
        # the whole name shows: the field is as tall as its text
        assert title.evaluate("t => t.scrollHeight <= t.clientHeight + 1"), title.input_value()
    page.screenshot(path=str(tmp_path / f"console-groups-{width}.png"))


def test_grouping_by_hand_moves_answers_in_bulk(start_server, new_page, tmp_path):
    hall = hall_server(start_server, "bulk", phones=80, answers=200, groups=0)
    store = Store(hall.server.db_path)
    store.write(_group_of_none, hall.workshop_id)
    store.close()
    server = hall.server
    try:
        page = facilitator(hall, new_page, 1280, 800)
        page.get_by_role("tab", name="Ryhmittely").click()
        page.wait_for_function("() => document.querySelectorAll('#ungrouped li').length === 200")
        boxes = page.locator("#ungrouped input[type=checkbox]")
        # Shift selects a range, as in a file manager; dragging one takes the selection along.
        boxes.nth(0).click()
        boxes.nth(9).click(modifiers=["Shift"])
        page.locator("#selected-count", has_text="10 valittu").wait_for()
        page.locator("#ungrouped li").nth(3).drag_to(page.locator(".group-card").first)
        page.wait_for_function("() => document.querySelectorAll('#ungrouped li').length === 190")
        assert page.locator(".group-card .group-count").first.inner_text() == "10"
        # Keyboard: arrows walk the answers, space ticks; "Valitse kaikki" and "Siirrä" the rest.
        boxes.first.focus()
        page.keyboard.press("Space")
        page.keyboard.press("ArrowDown")
        page.keyboard.press("Space")
        page.locator("#selected-count", has_text="2 valittu").wait_for()
        page.get_by_role("button", name="Valitse kaikki").click()
        page.locator("#selected-count", has_text="190 valittu").wait_for()
        page.locator("#move-target").select_option(label="Tyhjä")
        page.get_by_role("button", name="Siirrä", exact=True).click()
        page.wait_for_function("() => document.querySelectorAll('#ungrouped li').length === 0")
        assert page.locator(".group-card .group-count").first.inner_text() == "200"
        assert_clean(page, "console after the bulk move")
        page.screenshot(path=str(tmp_path / "console-all-placed.png"))
    finally:
        server.stop()


def _group_of_none(tx, workshop_id):
    from tyopaja.usecases import moderation

    moderation.make_group(tx, Actor.facilitator(workshop_id), "empty", OPEN_STEP, "Tyhjä", [])


def test_dot_voting_fits_a_phone_and_keeps_its_points(hall, new_page, tmp_path):
    store = Store(hall.server.db_path)
    store.write(actions.goto_step, Actor.facilitator(hall.workshop_id), VOTE_STEP)
    store.close()
    pid, secret = hall.phones[0]
    page = watched(new_page, *PHONE)
    page.goto(f"{hall.server.url}/j/{hall.code}")
    page.evaluate(
        """([code, pid, secret]) => localStorage.setItem("tyopaja:" + code + ":me",
             JSON.stringify({pid: pid, secret: secret}))""",
        [hall.code, pid, secret],
    )
    page.reload()
    question = page.locator(f"#m-step\\:{VOTE_STEP}")
    question.wait_for()
    cards = page.locator(".dot-card")
    cards.nth(14).wait_for()
    header = page.locator(".chat-header").bounding_box()
    page.wait_for_function("() => window.scrollY > 0")
    top = question.bounding_box()
    assert top["y"] >= header["y"] + header["height"] - 1, "the question is under the header"
    assert page.locator("details.dot-detail").count() == 15  # the answers open on demand
    page.screenshot(path=str(tmp_path / "dots-360.png"))
    counter = page.locator("#dots-left")
    for i in (0, 14, 14):
        cards.nth(i).get_by_role("button", name="Lisää piste").click()
        assert inside(counter.bounding_box(), *PHONE), "the counter stays in view"
    page.screenshot(path=str(tmp_path / "dots-360-given.png"))
    # Points given but not yet saved survive a reload, like typed text.
    page.reload()
    page.locator("#dots-left").filter(has_text="Pisteitä jäljellä: 2/5").wait_for()
    page.get_by_role("button", name="Tallenna pisteet").click()
    page.get_by_text("Valmis! Pisteesi on tallennettu.").wait_for()
    expect(page.locator(".bubble.me.pending")).to_have_count(0)  # stored: the ack is in
    assert inside(page.locator(".dots-bar.done").bounding_box(), *PHONE)
    page.screenshot(path=str(tmp_path / "dots-360-done.png"))
    assert_clean(page, "phone dots")
    store = Store(hall.server.db_path)
    store.write(actions.goto_step, Actor.facilitator(hall.workshop_id), OPEN_STEP)
    store.close()


def test_a_new_workshop_opens_in_the_lobby(start_server, new_page, tmp_path):
    hall = hall_server(start_server, "lobby", phones=4, answers=0, groups=0, state="draft")
    server = hall.server
    try:
        screen = watched(new_page, 1920, 1080)
        screen.goto(f"{server.url}/p/{hall.code}")
        screen.locator("#view-join").wait_for()
        assert screen.locator(".join-code").inner_text() == hall.code
        assert "kirjoita koodi" not in screen.locator("#view-join").inner_text()
        qr = screen.locator(".qr-big svg").bounding_box()
        assert qr["height"] >= 0.5 * 1080
        # The people in the hall: three phones alone and a table of four.
        screen.locator("#join-count", has_text="7").wait_for()
        screen.screenshot(path=str(tmp_path / "lobby-1920.png"))
        console = watched(new_page, 1280, 800)
        console.goto(f"{server.url}/f/{hall.code}/{hall.secret}")
        start = console.get_by_role("button", name="Aloita 1. vaihe")
        start.click()
        screen.locator("#view-step").wait_for()
        assert screen.locator("#prompt").inner_text() == "Illan kulku"
        assert_clean(screen, "lobby projector")
        assert_clean(console, "lobby console")
    finally:
        server.stop()
