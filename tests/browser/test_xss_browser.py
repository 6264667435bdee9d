"""An XSS corpus in real Chromium: answers, nicknames and group titles are shown as text, never run.

Hostile strings go in through the real protocol (phones' answers and nicknames,
the facilitator's group titles) and are viewed on the phone, the projector, the
facilitator console and every export preview. On every page: no script runs
(`window.__pwned` stays unset, no dialog opens), no Content-Security-Policy
violation is reported, and the strings appear literally (as text, or as the value of an editable
field such as a group title).
"""

from __future__ import annotations

import pytest

from tests.helpers import Client, LiveServer, cid
from tyopaja.store import Store
from tyopaja.usecases import actions

SCRIPT = """\
# XSS-testi

### avoin: Mitä ideoita teillä on?
- id: ideat
- vastauksia: 20
"""
ANSWERS = [
    "<script>window.__pwned=1</script>",
    '<img src=x onerror="window.__pwned=1;alert(1)">',
    "<svg onload=window.__pwned=1><circle r=5></circle></svg>",
    "<svg><script>window.__pwned=1</script></svg>",
    "javascript:window.__pwned=1",
    '<a href="javascript:window.__pwned=1">klikkaa</a>',
    "[klikkaa](javascript:window.__pwned=1)",
    '"><iframe src="javascript:alert(1)"></iframe>',
    "<details open ontoggle=window.__pwned=1>x</details>",
    "</textarea><script>alert(1)</script>",
    "{{7*7}} ${alert(1)} <%= 7*7 %>",
    "\u202eexe.txt\u202c tiedosto \u2066RTL\u2069",
    "<style>body{display:none}</style>näkyykö",
    "<math><mi xlink:href=javascript:alert(1)>x</mi></math>",
    "x" * 1980 + "<b>loppu</b>",
]
NICKNAMES = [
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    '"><script>alert(1)</script>',
    "\u202enimi\u202c",
]
TITLES = [
    "<script>window.__pwned=1</script>",
    "<img src=x onerror=window.__pwned=1>",
    "javascript:alert(1)",
]
TOO_LONG = "y" * 10_000
WATCH = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__violations.push(e.violatedDirective + " " + e.blockedURI);
});
"""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """A server whose workshop holds the corpus; returns (server, workshop, secret, pid auth)."""
    live = LiveServer(tmp_path_factory.mktemp("xss") / "xss.db")
    store = Store(live.db_path)
    workshop, secret = store.write(actions.create_workshop, SCRIPT, script_name="xss")
    store.close()
    live.start()
    code = workshop["code"]
    phones, answer_ids = [], []
    for n, nickname in enumerate(NICKNAMES):
        auth = {"role": "participant", "code": code, "pid": f"xssphone{n:012d}", "secret": "s" * 24}
        phone = Client(live.url, auth)
        assert phone.call("profile", {"cid": cid(), "field": "nickname", "value": nickname})["ok"]
        refused = phone.call("profile", {"cid": cid(), "field": "nickname", "value": TOO_LONG})
        assert refused["ok"] is False
        phones.append(phone)
    for n, text in enumerate(ANSWERS):
        ack = phones[n % len(phones)].call("answer", {"cid": cid(), "step": "ideat", "text": text})
        assert ack["ok"], (text, ack)
        answer_ids.append(ack["answer"])
    refused = phones[0].call("answer", {"cid": cid(), "step": "ideat", "text": TOO_LONG})
    assert refused["error"] == "too_long"
    console = Client(
        live.url,
        {"role": "facilitator", "code": code},
        headers={"Cookie": f"tyopaja_f_{code}={secret}"},
    )
    for n, title in enumerate(TITLES):
        ack = console.call(
            "f:group", {"cid": cid(), "step": "ideat", "title": title, "answers": [answer_ids[n]]}
        )
        assert ack["ok"], ack
    assert (
        console.call("f:group", {"cid": cid(), "step": "ideat", "title": TOO_LONG})["ok"] is False
    )
    for client in (*phones, console):
        client.close()
    yield live, workshop, secret
    live.stop()


def watched(new_page, width=1280, height=900):
    """A page that records dialogs, console errors and CSP violations."""
    page = new_page(width, height)
    page.add_init_script(WATCH)
    page.dialogs, page.console_errors = [], []
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    page.on("console", lambda m: m.type == "error" and page.console_errors.append(m.text))
    return page


def assert_nothing_ran(page, where: str) -> None:
    assert page.evaluate("window.__pwned") is None, where
    assert page.dialogs == [], where
    assert page.evaluate("window.__violations") == [], where
    assert not [e for e in page.console_errors if "Content Security Policy" in e], where


def assert_literal(page, texts, where: str) -> None:
    shown = page.locator("body").inner_text() + "\n".join(
        page.evaluate("Array.from(document.querySelectorAll('input, textarea'), e => e.value)")
    )
    for text in texts:
        assert text in shown, (where, text[:60])


def test_the_projector_shows_the_corpus_as_text(corpus, new_page):
    live, workshop, secret = corpus
    page = watched(new_page)
    page.goto(f"{live.url}/p/{workshop['code']}?sivu=0")  # pages turn by the keyboard only
    page.get_by_text("javascript:alert(1)", exact=True).first.wait_for()
    assert_literal(page, TITLES, "projector groups")
    console = Client(
        live.url,
        {"role": "facilitator", "code": workshop["code"]},
        headers={"Cookie": f"tyopaja_f_{workshop['code']}={secret}"},
    )
    try:
        assert console.call("f:screen", {"cid": cid(), "view": "wall"})["ok"]
        page.locator(".card", has_text="näkyykö").wait_for()
        # A long wall is paged: every page in turn, as a presenter's clicker turns them.
        page.wait_for_function("() => document.getElementById('wall').dataset.pages")
        pages = int(page.locator("#wall").get_attribute("data-pages"))
        shown = []
        for n in range(1, pages + 1):
            if pages > 1:
                page.locator("#pager").filter(has_text=f" {n}/{pages}").wait_for()
            shown.append(page.locator("#wall").inner_text())
            page.keyboard.press("PageDown")
        for text in ANSWERS:
            assert any(text in part for part in shown), ("projector wall", text[:60])
        assert_nothing_ran(page, "projector")
    finally:
        console.call("f:screen", {"cid": cid(), "view": "auto"})
        console.close()


def test_the_facilitator_console_shows_the_corpus_as_text(corpus, new_page):
    live, workshop, secret = corpus
    page = watched(new_page)
    page.goto(f"{live.url}/f/{workshop['code']}/{secret}")
    page.get_by_text("näkyykö").first.wait_for()
    assert_literal(page, ANSWERS + NICKNAMES, "console answers")
    page.locator("button", has_text="Ryhmittely").click()
    page.locator(".group-title").first.wait_for()
    assert_literal(page, TITLES, "console groups")
    assert_nothing_ran(page, "console")


def test_a_phone_shows_its_own_hostile_answers_as_text(corpus, new_page):
    live, workshop, _secret = corpus
    page = watched(new_page, 360, 640)
    page.goto(f"{live.url}/j/{workshop['code']}")
    page.evaluate(
        """([code, pid]) => localStorage.setItem("tyopaja:" + code + ":me",
             JSON.stringify({pid: pid, secret: "s".repeat(24)}))""",
        [workshop["code"], "xssphone000000000000"],
    )
    page.reload()
    page.locator(".bubble.me.sent", has_text="window.__pwned=1</script>").first.wait_for()
    assert_literal(page, ANSWERS[::4], "phone")
    assert_nothing_ran(page, "phone")


def test_every_export_preview_shows_the_corpus_as_text(corpus, new_page):
    from tyopaja.web.export import PREVIEW_SHAPES

    live, workshop, secret = corpus
    page = watched(new_page)
    page.goto(f"{live.url}/f/{workshop['code']}/{secret}")
    for shape in PREVIEW_SHAPES:
        response = page.goto(f"{live.url}/f/{workshop['code']}/export/preview/{shape}")
        assert response.status == 200, shape
        shown = page.locator("body").inner_text()
        assert "<script>window.__pwned=1</script>" in shown, shape
        assert_nothing_ran(page, f"export {shape}")


def test_the_watch_would_see_an_injection(corpus, new_page):
    """The detectors work: markup injected as HTML is blocked by the CSP and reported."""
    live, workshop, _secret = corpus
    page = watched(new_page)
    page.goto(f"{live.url}/p/{workshop['code']}")
    page.evaluate(
        "document.body.insertAdjacentHTML('beforeend', '<img src=x onerror=\"window.__pwned=1\">')"
    )
    page.wait_for_function("window.__violations.length > 0")
    assert page.evaluate("window.__pwned") is None, "the CSP stopped the inline handler"
    assert "script-src" in page.evaluate("window.__violations")[0]
