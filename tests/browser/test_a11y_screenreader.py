"""Screen readers: the chat announces each new bot message once, and every page says its language.

Real Chromium phones on a real server. What a screen reader would hear is
recorded from the chat's live region (#chat-news, role=log) with a
MutationObserver; the chat list itself is watched so that a bubble already
on screen is never inserted again (a pending answer becomes the sent one in
place).
"""

from __future__ import annotations

import pytest

from tests.browser.pages import ChatEvening, onboard, sent, step_shown, write
from tests.chat_script import ALL_KINDS
from tests.helpers import cid
from tyopaja.store import Store
from tyopaja.usecases import actions


@pytest.fixture
def evening(server, new_page):
    made = ChatEvening(server, new_page)
    yield made
    made.close()


# What a screen reader hears from the chat, by the ARIA rules: text added (or changed) under
# the nearest element with aria-live, unless that says "off". Bubbles added to the list are
# recorded too.
LISTEN = """() => {
  window.heard = [];
  window.inserted = [];
  const chat = document.getElementById("chat");
  const live = node => {
    for (let n = node.nodeType === 1 ? node : node.parentElement; n; n = n.parentElement) {
      if (n.hasAttribute("aria-live")) return n.getAttribute("aria-live");
    }
    return "off";
  };
  const said = text => { if (text.trim()) window.heard.push(text); };
  new MutationObserver(list => list.forEach(m => {
    m.addedNodes.forEach(n => {
      if (n.parentNode === chat && n.id) window.inserted.push(n.id);
      if (live(n) !== "off") said(n.textContent);
    });
    if (m.type === "characterData" && live(m.target) !== "off") said(m.target.textContent);
  })).observe(chat, { childList: true, subtree: true, characterData: true });
}"""


def heard(page) -> list[str]:
    return page.evaluate("window.heard")


def test_the_chat_is_a_polite_live_list(evening):
    phone = evening.phone()
    chat = phone.get_by_role("list", name="Keskustelu")
    assert chat.get_attribute("aria-live") == "polite"
    phone.locator("#m-hello").wait_for()
    assert phone.locator("#status").get_attribute("role") == "status"


def test_each_new_bot_message_is_announced_once_and_bubbles_are_never_reinserted(evening):
    phone = evening.phone()
    phone.get_by_label("Nimimerkki").wait_for()
    phone.locator("#status[data-state=online]").wait_for()
    phone.evaluate(LISTEN)
    onboard(phone, nickname="Maija")
    assert heard(phone) == [
        "Mistä yhdistyksestä tai järjestöstä olet?",
        "Millä alalla yhdistyksenne toimii?",
        "Vastaatko yksin vai koko pöydän puolesta?",
        "Kiitos, Maija! Kysyn sinulta asioita yksi kerrallaan. Vastaukset näkyvät salin"
        " näytöllä ilman nimeäsi.",
        "Aihe: Avustukset",
        "Illan kulku\n\nEnsin ideat, sitten äänestys.",
    ]

    evening.goto("ideat")
    step_shown(phone, "ideat")
    text = "Salit auki myös iltaisin ja viikonloppuisin"
    phone.context.set_offline(True)  # the answer waits on the phone for a while
    phone.locator("#status[data-state=offline]").wait_for()
    write(phone, text)
    pending = phone.locator(".bubble.me.pending", has_text=text)
    pending.evaluate("node => { node.dataset.mark = 'typed' }")
    phone.context.set_offline(False)
    sent(phone, text)
    # the waiting bubble became the stored one: the same node, not a new one
    assert phone.locator(".bubble.me.sent", has_text=text).get_attribute("data-mark") == "typed"
    phone.get_by_text("Kiitos! Voit kirjoittaa vielä 1 vastauksen.").wait_for()

    # reconnecting redraws the chat from a fresh snapshot: nothing is said again
    phone.context.set_offline(True)
    phone.locator("#status[data-state=offline]").wait_for()
    phone.context.set_offline(False)
    phone.locator("#status[data-state=online]").wait_for()
    evening.goto("milloin")
    step_shown(phone, "milloin")
    phone.locator("#m-how\\:milloin").wait_for()

    said = heard(phone)
    assert said[6:] == [
        "Ohjaaja siirtyi eteenpäin.",
        "Mitä ideoita teillä on?",
        "Kiitos! Voit kirjoittaa vielä 1 vastauksen.",
        "Ohjaaja siirtyi eteenpäin.",
        "Milloin haku sopii?",
        "Voit valita yhden tai useamman.",
    ]
    assert not any(text in line for line in said)  # one's own words are not read back
    inserted = phone.evaluate("window.inserted")
    assert len(inserted) == len(set(inserted)), inserted
    assert "m-hello" not in inserted and f"m-a:{answer_id(evening)}" not in inserted


def answer_id(evening) -> int:
    [(answer,)] = evening.rows("SELECT id FROM answers WHERE workshop_id = ?")
    return answer


def test_a_refused_answer_is_announced_with_its_reason(evening):
    evening.goto("ideat")
    phone = evening.phone()
    onboard(phone)
    step_shown(phone, "ideat")
    phone.evaluate(LISTEN)
    phone.context.set_offline(True)
    phone.locator("#status[data-state=offline]").wait_for()
    write(phone, "Myöhässä kirjoitettu vastaus")
    evening.goto("milloin")
    phone.context.set_offline(False)
    phone.locator(".bubble.failed").wait_for()
    step_shown(phone, "milloin")
    said = heard(phone)
    assert said.count("Ei lähetetty. Tämä kysymys ei ole nyt vuorossa.") == 1, said
    assert not any("Myöhässä kirjoitettu" in line for line in said), said


# -- languages ---------------------------------------------------------------------


def test_the_participant_page_says_its_language_and_marks_the_workshops_own_texts(evening):
    evening.goto("milloin")
    sends = (("fi", "Lähetä valinnat"), ("sv", "Skicka dina val"), ("en", "Send your choices"))
    for lang, send in sends:
        page = evening.new_page()
        page.goto(f"{evening.url}?lang={lang}")
        assert page.locator("html").get_attribute("lang") == lang
        page.locator("#status[data-state=online]").wait_for()
        for link in ("fi", "sv", "en"):  # each language's name is in that language
            assert page.locator(f".langs a[hreflang={link}]").get_attribute("lang") == link
        title_lang = page.locator(".chat-title").get_attribute("lang")
        assert title_lang == "fi"
        if lang == "fi":
            continue
        # the questions come from the Finnish script: marked as Finnish inside a Swedish page
        onboard_in(page, lang)
        step = page.locator("#m-step\\:milloin")
        step.wait_for()
        assert step.get_attribute("lang") == "fi"
        assert page.get_by_role("button", name="Keväällä").get_attribute("lang") == "fi"
        assert page.get_by_role("button", name=send).get_attribute("lang") is None


def onboard_in(page, lang: str) -> None:
    skip = {"sv": "Hoppa över", "en": "Skip"}[lang]
    for _ in range(2):
        page.get_by_role("button", name=skip).click()
    page.locator(".quick-reply").first.click()
    page.locator(".quick-reply").first.click()


def swedish_workshop(server) -> tuple[str, str]:
    """A Swedish workshop not started yet, as `tyopaja new` makes it: the join screen shows."""
    store = Store(server.db_path)
    row, secret = store.write(actions.create_workshop, ALL_KINDS, lang="sv", state="draft")
    store.close()
    return row["code"], secret


def test_projector_and_console_follow_a_swedish_workshop(server, new_page):
    code, secret = swedish_workshop(server)
    projector = new_page(1280, 720)
    projector.goto(f"{server.url}/p/{code}")
    assert projector.locator("html").get_attribute("lang") == "sv"
    projector.get_by_text("Gå med med telefonen", exact=False).wait_for()
    console = new_page(1280, 720)
    console.goto(f"{server.url}/f/{code}/{secret}")
    assert console.locator("html").get_attribute("lang") == "sv"
    console.get_by_role("button", name="Starta workshoppen").wait_for()
    console.get_by_role("tab", name="Deltagare").wait_for()
    console.locator("#status", has_text="Förbindelsen fungerar").wait_for()
    chat = new_page()
    chat.goto(f"{server.url}/j/{code}")
    assert chat.locator("html").get_attribute("lang") == "sv"
    chat.get_by_text("Vad får jag kalla dig?", exact=False).wait_for()


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_every_public_page_says_its_language(server, new_page, lang):
    page = new_page()
    for path in ("/", "/tietosuoja", "/saavutettavuus", "/ei-ole"):
        page.goto(f"{server.url}{path}?lang={lang}")
        assert page.locator("html").get_attribute("lang") == lang, path
        assert page.locator("footer a[href='/saavutettavuus']").count() == 1, path


def test_the_projector_does_not_repeat_the_question_when_answers_arrive(server, new_page):
    evening = ChatEvening(server, new_page)
    try:
        evening.goto("ideat")
        page = new_page(1280, 720)
        page.goto(f"{server.url}/p/{evening.code}")
        page.locator("#prompt", has_text="Mitä ideoita teillä on?").wait_for()
        page.evaluate(
            """() => { window.touched = 0;
            new MutationObserver(list => window.touched += list.length).observe(
              document.getElementById("prompt"), { childList: true, characterData: true,
              subtree: true }); }"""
        )
        for text in ("Salit auki iltaisin", "Avustushaku selkeämmäksi"):
            ack = evening.facilitator.call(
                "f:add", {"cid": cid(), "step": "ideat", "text": text, "source": "paper"}
            )
            assert ack["ok"]
        page.locator("#wall li").nth(1).wait_for()
        assert page.evaluate("window.touched") == 0  # the live region says only what is new
        assert page.locator("#view-step").get_attribute("aria-live") == "polite"
    finally:
        evening.close()
