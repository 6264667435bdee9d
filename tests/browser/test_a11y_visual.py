"""Text at 200 %, reduced motion and the projector's contrast, in real Chromium.

200 % text is the browser's own text size setting (DevTools `Page.setFontSizes`,
16 px -> 32 px): the pages must reflow without sideways scrolling and without
cutting text off, on a phone (360 px) and on a laptop (1280 px). With
`prefers-reduced-motion: reduce` nothing animates. The projector is read
from the back of a hall: its texts reach the enhanced contrast of 7:1.
"""

from __future__ import annotations

import pytest

from tests.a11y import LAPTOP, PHONE
from tests.browser.scenes import CHAT, CONSOLE, ORGANIZER_KEY, PROJECTOR, Scene, logged_in

SERVER_ENV = {"TYOPAJA_ORGANIZER_KEY": ORGANIZER_KEY}


# Elements whose text is cut off: overflow hidden or clipped with more content than room,
# or a box that reaches past the right edge of the window. Hidden-by-design helpers
# (.visually-hidden), invisible elements and the browser's own file picker (its "no file
# chosen" text is drawn by Chromium, cut to fit) are skipped.
CLIPPED = """() => {
  const out = [];
  for (const el of document.querySelectorAll("body *")) {
    if (el.closest(".visually-hidden, [hidden], script, svg, template")) continue;
    if (el.matches("input[type=file]")) continue;
    const box = el.getBoundingClientRect();
    if (!box.width || !box.height) continue;
    const s = getComputedStyle(el);
    if (s.visibility === "hidden") continue;
    const ownText = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    const clipX = ["hidden", "clip"].includes(s.overflowX) && el.scrollWidth > el.clientWidth + 1;
    const clipY = ["hidden", "clip"].includes(s.overflowY) && el.scrollHeight > el.clientHeight + 1;
    const ellipsis = s.textOverflow === "ellipsis" && el.scrollWidth > el.clientWidth + 1;
    // Past the edge but inside a box that scrolls (a data table) is reachable, not lost.
    let scrolls = false;
    for (let n = el.parentElement; n; n = n.parentElement) {
      if (["auto", "scroll"].includes(getComputedStyle(n).overflowX)) scrolls = true;
    }
    const pastEdge = ownText && !scrolls && box.right > innerWidth + 1;
    if (clipX || clipY || ellipsis || pastEdge) {
      out.push(el.tagName + (el.id ? "#" + el.id : "") + "." + [...el.classList].join(".")
        + " " + (el.textContent || "").trim().slice(0, 40));
    }
  }
  return out;
}"""
SIDEWAYS = "document.documentElement.scrollWidth > document.documentElement.clientWidth + 1"


def double_text(page) -> None:
    """The browser's text size setting at 200 %."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("Page.setFontSizes", {"fontSizes": {"standard": 32, "fixed": 26}})
    page.wait_for_function("parseFloat(getComputedStyle(document.documentElement).fontSize) >= 32")


def assert_reflows_at_double_text(page, sizes=(PHONE, LAPTOP)) -> None:
    double_text(page)
    problems = {}
    for size in sizes:
        page.set_viewport_size(size)
        found = page.evaluate(CLIPPED)
        if page.evaluate(SIDEWAYS):
            found.append("the page scrolls sideways")
        if found:
            problems[size["width"]] = found
    assert not problems, problems


@pytest.fixture
def scene(server, new_page):
    made = Scene(server, new_page)
    yield made
    made.close()


TEXT_CHAT = [
    "onboarding-name",
    "onboarding-sector",
    "open-answered",
    "open-confirm-withdraw",
    "choice-multiple",
    "scale",
    "rank",
    "dots",
    "event-errors",
    "refused",
]


@pytest.mark.parametrize("state", TEXT_CHAT)
def test_the_chat_at_double_text_size(scene, state):
    assert_reflows_at_double_text(CHAT[state](scene))


@pytest.mark.parametrize("tab", ["answers-and-links", "grouping", "results", "people"])
def test_the_console_at_double_text_size(scene, tab):
    # A laptop tool: 1280 px at 200 % is 640 px of normal text (WCAG 1.4.10 asks for 320).
    assert_reflows_at_double_text(CONSOLE[tab](scene), sizes=(LAPTOP,))


@pytest.mark.parametrize(
    "path", ["/", "/saavutettavuus", "/tietosuoja", "/ei-ole", "/saavutettavuus?lang=sv"]
)
def test_public_pages_at_double_text_size(server, new_page, path):
    page = new_page()
    page.goto(f"{server.url}{path}")
    assert_reflows_at_double_text(page)


def test_export_and_organiser_pages_at_double_text_size(scene, new_page):
    scene.answers("Salit auki iltaisin", "Avustushaku selkeämmäksi")
    assert_reflows_at_double_text(logged_in(scene, f"/f/{scene.code}/export"))
    assert_reflows_at_double_text(logged_in(scene, f"/f/{scene.code}/export/preview/md-full"))
    organiser = new_page(1280, 720)
    organiser.goto(f"{scene.server.url}/o/{ORGANIZER_KEY}")
    assert_reflows_at_double_text(organiser)


def test_the_projector_join_screen_at_double_text_size(scene):
    page = PROJECTOR["join"](scene)
    double_text(page)
    for selector in ("#join-code", ".join-url", "#join-heading"):
        box = page.locator(selector).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= LAPTOP["width"], selector
        assert box["y"] >= 0 and box["y"] + box["height"] <= LAPTOP["height"], selector


# -- motion --------------------------------------------------------------------------

# Records, for each note that arrives on the wall, how many animations it runs.
WATCH_WALL = """() => {
  window.moving = [];
  new MutationObserver(list => list.forEach(m => m.addedNodes.forEach(n => {
    if (n.nodeType === 1) window.moving.push(n.getAnimations().length);
  }))).observe(document.getElementById("wall"), { childList: true });
}"""


@pytest.mark.parametrize("motion", ["reduce", "no-preference"])
def test_the_answer_wall_animates_only_when_motion_is_welcome(scene, motion):
    scene.goto("ideat")
    page = scene.new_page(1280, 720, reduced_motion=motion)
    page.goto(f"{scene.server.url}/p/{scene.code}")
    page.locator("#main[data-view=wall]").wait_for()
    page.evaluate(WATCH_WALL)
    scene.answers("Salit auki iltaisin", "Avustushaku selkeämmäksi")
    page.locator("#wall li").nth(1).wait_for()
    moving = page.evaluate("window.moving")
    assert len(moving) == 2
    if motion == "reduce":
        assert moving == [0, 0]
    else:
        assert all(n > 0 for n in moving)  # the same check sees the animation when it runs


def test_nothing_moves_on_any_screen_with_reduced_motion(scene):
    ids = scene.answers("Salit auki iltaisin", "Avustushaku selkeämmäksi")
    scene.goto("pisteet")
    pages = []
    for width, height, path in (
        (1280, 720, f"/p/{scene.code}"),
        (360, 640, f"/j/{scene.code}"),
    ):
        page = scene.new_page(width, height, reduced_motion="reduce")
        page.goto(f"{scene.server.url}{path}")
        pages.append(page)
    console = scene.new_page(1280, 720, reduced_motion="reduce")
    console.goto(f"{scene.server.url}/f/{scene.code}/{scene.secret}")
    console.locator("#status[data-state=online]").wait_for()
    pages.append(console)
    watch = (
        "() => { window.moved = 0;"
        " setInterval(() => { window.moved += document.getAnimations().length; }, 20); }"
    )
    for page in pages:
        page.locator("body").wait_for()
        page.evaluate(watch)
    scene.vote("pisteet", {"dots": {f"a:{ids[0]}": 2, f"a:{ids[1]}": 1}})
    pages[0].locator(".scr-chart .bar-row").nth(1).wait_for()
    console.locator("#chart .bar-row").nth(1).wait_for()
    for page in pages:
        assert page.evaluate("document.getAnimations().length + window.moved") == 0, page.url


# -- the projector's contrast ------------------------------------------------------

# The contrast of every visible text against the first opaque background behind it.
CONTRASTS = """() => {
  const rgb = c => (c.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => {
    const f = v => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const background = el => {
    for (let n = el; n; n = n.parentElement) {
      const c = rgb(getComputedStyle(n).backgroundColor);
      if (c.length === 3 || c[3] === 1) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const out = [];
  for (const el of document.querySelectorAll("body *")) {
    if (el.closest(".visually-hidden, [hidden]")) continue;
    const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    if (!own || !el.getBoundingClientRect().width) continue;
    const a = lum(rgb(getComputedStyle(el).color)), b = lum(background(el));
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    out.push([el.tagName + "." + [...el.classList].join("."), Math.round(ratio * 10) / 10]);
  }
  return out;
}"""


@pytest.mark.parametrize("view", list(PROJECTOR))
def test_projector_texts_have_enhanced_contrast(scene, view):
    page = PROJECTOR[view](scene)
    measured = page.evaluate(CONTRASTS)
    assert measured, "no text measured"
    low = [(what, ratio) for what, ratio in measured if ratio < 7]
    assert not low, low
