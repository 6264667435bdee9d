"""Scenes of the browser tier: an ALL_KINDS workshop brought to each state a page can be in.

`CHAT`, `PROJECTOR` and `CONSOLE` map a state's name to a function that builds it on a `Scene`
and returns the page; the accessibility tests (axe-core, text at 200 %) audit the same states.
"""

from __future__ import annotations

import secrets

import requests

from tests.browser.pages import ChatEvening, onboard, sent, step_shown, write
from tests.chat_script import ALL_KINDS
from tests.helpers import Client, cid

ORGANIZER_KEY = "a11y-organiser-key-" + "x" * 12


class Scene(ChatEvening):
    """An ALL_KINDS workshop with phones that answer over Socket.IO, and pages to audit."""

    def __init__(self, server, new_page, source: str = ALL_KINDS):
        super().__init__(server, new_page, source)
        self.phones: list[Client] = []

    def facilitate(self, event: str, payload: dict) -> dict:
        """A facilitator event (the client is made on first use)."""
        if self.facilitator is None:
            cookie = {"Cookie": f"tyopaja_f_{self.code}={self.secret}"}
            self.facilitator = Client(
                self.server.url, {"role": "facilitator", "code": self.code}, headers=cookie
            )
        if event not in ("f:goto", "f:state", "f:suggest"):
            payload = dict(payload, cid=cid())
        ack = self.facilitator.call(event, payload)
        assert ack["ok"], ack
        return ack

    def answers(self, *texts: str, step: str = "ideat") -> list[int]:
        """Answers from paper notes (the facilitator adds them)."""
        return [
            self.facilitate("f:add", {"step": step, "text": text, "source": "paper"})["answer"]
            for text in texts
        ]

    def phone_client(self) -> Client:
        auth = {
            "role": "participant",
            "code": self.code,
            "pid": secrets.token_urlsafe(16),
            "secret": secrets.token_urlsafe(24),
        }
        client = Client(self.server.url, auth)
        self.phones.append(client)
        return client

    def vote(self, step: str, ballot: dict) -> None:
        ack = self.phone_client().call("ballot", {"cid": cid(), "step": step, "ballot": ballot})
        assert ack["ok"], ack

    def console(self, width: int = 1280, height: int = 720):
        """The facilitator console, logged in by its link."""
        page = self.new_page(width, height)
        page.goto(f"{self.server.url}/f/{self.code}/{self.secret}")
        page.locator("#status[data-state=online]").wait_for()
        page.locator("#steps li").first.wait_for()
        return page

    def projector(self):
        page = self.new_page(1280, 720)
        page.goto(f"{self.server.url}/p/{self.code}")
        return page

    def close(self) -> None:
        super().close()
        for phone in self.phones:
            phone.close()


# -- the participant chat ---------------------------------------------------------


def chat(scene: Scene, step: str | None = None):
    """An onboarded phone at `step` (None: the first step, an info step)."""
    if step is not None:
        scene.goto(step)
    phone = scene.phone()
    onboard(phone)
    step_shown(phone, step or "kulku")
    return phone


def chat_onboarding(scene):
    phone = scene.phone()
    phone.get_by_label("Nimimerkki").wait_for()
    return phone


def chat_onboarding_quick(scene):
    phone = scene.phone()
    for _ in range(2):
        phone.get_by_role("button", name="Ohita").click()
    phone.get_by_role("button", name="Kulttuuri", exact=True).wait_for()
    return phone


def chat_onboarding_table(scene):
    phone = chat_onboarding_quick(scene)
    phone.get_by_role("button", name="Kulttuuri", exact=True).click()
    phone.get_by_role("button", name="Pöytäryhmä").click()
    phone.get_by_label("Montako teitä on?").wait_for()
    return phone


def chat_info(scene):
    phone = chat(scene)
    phone.locator("#composer .composer-wait").wait_for()
    return phone


def chat_draft(server, new_page):
    made = Scene(server, new_page)
    made.facilitate("f:state", {"state": "draft"})
    phone = made.phone()
    onboard(phone)
    phone.locator("#m-wait\\:start").wait_for()
    return phone


def chat_open(scene):
    phone = chat(scene, "ideat")
    write(phone, "Salit auki myös iltaisin ja viikonloppuisin")
    sent(phone, "Salit auki")
    phone.get_by_role("button", name="Muokkaa: Salit auki").wait_for()
    return phone


def chat_followup(scene):
    phone = chat(scene, "ideat")
    write(phone, "Lyhyt")
    phone.get_by_label("Kirjoita tarkennus").wait_for()
    return phone


def chat_confirm_withdraw(scene):
    phone = chat_open(scene)
    phone.get_by_role("button", name="Poista: Salit auki").click()
    phone.get_by_role("button", name="Kyllä, poista").wait_for()
    return phone


def chat_edit(scene):
    phone = chat_open(scene)
    phone.get_by_role("button", name="Muokkaa: Salit auki").click()
    phone.get_by_label("Muokkaa vastaustasi").wait_for()
    return phone


def chat_choice_multiple(scene):
    phone = chat(scene, "milloin")
    phone.get_by_role("button", name="Keväällä").click()
    phone.get_by_role("button", name="✓ Keväällä").wait_for()
    return phone


def chat_choice(scene):
    return chat(scene, "tuletteko")


def chat_voted(scene):
    phone = chat(scene, "tuletteko")
    phone.get_by_role("button", name="Ehkä").click()
    sent(phone, "Ehkä")
    phone.get_by_role("button", name="Muuta valintaa").wait_for()
    return phone


def chat_scale(scene):
    return chat(scene, "helppous")


def chat_rank(scene):
    phone = chat(scene, "ensin")
    phone.get_by_role("button", name="Siirrä alemmas: Tilat").click()
    return phone


def chat_dots(scene):
    scene.answers("Salit auki iltaisin", "Avustushaku selkeämmäksi", "Yhteinen ilmoitustaulu")
    phone = chat(scene, "pisteet")
    phone.get_by_role("button", name="Lisää piste: Salit auki iltaisin").click()
    phone.get_by_text("Muista tallentaa pisteet.").wait_for()
    return phone


def chat_dots_empty(scene):
    phone = chat(scene, "pisteet")
    phone.get_by_role("button", name="Päivitä").wait_for()
    return phone


def chat_event(scene):
    phone = chat(scene, "tapahtumat")
    phone.get_by_role("button", name="Lisää vuosikelloon").click()  # empty: the errors show
    phone.locator("#event-what-error").wait_for()
    return phone


def chat_event_added(scene):
    phone = chat(scene, "tapahtumat")
    phone.get_by_label("Kuukausi").select_option(label="Toukokuu")
    phone.get_by_label("Mitä tapahtuu?").fill("Kevätkonsertti")
    phone.get_by_role("button", name="Lisää vuosikelloon").click()
    sent(phone, "Kevätkonsertti")
    return phone


def chat_offline(scene):
    phone = chat(scene, "ideat")
    phone.context.set_offline(True)
    phone.locator("#status[data-state=offline]").wait_for()
    write(phone, "Ilman verkkoa kirjoitettu vastaus")
    phone.locator(".bubble.me.pending", has_text="Ilman verkkoa").wait_for()
    return phone


def chat_refused(scene):
    phone = chat(scene, "ideat")
    phone.context.set_offline(True)
    phone.locator("#status[data-state=offline]").wait_for()
    write(phone, "Myöhässä kirjoitettu vastaus")
    scene.goto("milloin")
    phone.context.set_offline(False)
    phone.locator(".bubble.failed", has_text="Myöhässä").wait_for()
    step_shown(phone, "milloin")
    return phone


def chat_closed(scene):
    phone = chat(scene, "ideat")
    scene.facilitate("f:state", {"state": "closed"})
    phone.locator("#m-closed").wait_for()
    return phone


def chat_summary(scene):
    scene.answers("Salit auki iltaisin")
    scene.facilitate("f:state", {"state": "closed"})
    response = requests.post(
        f"{scene.server.url}/f/{scene.code}/export/publish",
        data={"action": "publish"},
        headers={"Cookie": f"tyopaja_f_{scene.code}={scene.secret}", "Origin": scene.server.url},
        allow_redirects=False,
        timeout=30,
    )
    assert response.status_code == 303, response.text
    phone = scene.phone()
    phone.locator(".page-summary .document").wait_for()
    return phone


def chat_in(lang: str):
    def open_chat(scene):
        scene.goto("ideat")
        phone = scene.phone()
        phone.goto(f"{scene.url}?lang={lang}")
        phone.locator("#status[data-state=online]").wait_for()
        phone.locator("#composer input, #composer textarea").first.wait_for()
        return phone

    return open_chat


CHAT = {
    "onboarding-name": chat_onboarding,
    "onboarding-sector": chat_onboarding_quick,
    "onboarding-table": chat_onboarding_table,
    "info-wait": chat_info,
    "open-answered": chat_open,
    "open-followup": chat_followup,
    "open-confirm-withdraw": chat_confirm_withdraw,
    "open-edit": chat_edit,
    "choice-multiple": chat_choice_multiple,
    "choice": chat_choice,
    "choice-voted": chat_voted,
    "scale": chat_scale,
    "rank": chat_rank,
    "dots": chat_dots,
    "dots-empty": chat_dots_empty,
    "event-errors": chat_event,
    "event-added": chat_event_added,
    "offline-pending": chat_offline,
    "refused": chat_refused,
    "closed": chat_closed,
    "published-summary": chat_summary,
    "swedish": chat_in("sv"),
    "english": chat_in("en"),
}


# -- the projector --------------------------------------------------------------


def projector_join(scene):
    scene.facilitate("f:state", {"state": "draft"})
    page = scene.projector()
    page.locator("#main[data-view=join]").wait_for()
    return page


def projector_info(scene):
    page = scene.projector()
    page.locator("#main[data-view=info]").wait_for()
    return page


def projector_wall(scene):
    scene.goto("ideat")
    scene.answers("Salit auki iltaisin", "Avustushaku selkeämmäksi", "Yhteinen ilmoitustaulu")
    page = scene.projector()
    page.locator("#wall li").nth(2).wait_for()
    return page


def projector_timer(scene):
    page = projector_wall(scene)
    scene.facilitate("f:timer", {"action": "set", "seconds": 300})
    scene.facilitate("f:timer", {"action": "start"})
    page.locator("#timer[data-state=running]").wait_for()
    return page


def projector_groups(scene):
    scene.goto("ideat")
    ids = scene.answers("Salit auki iltaisin", "Salit halvemmiksi", "Avustushaku selkeämmäksi")
    scene.facilitate("f:group", {"step": "ideat", "title": "Tilat", "answers": ids[:2]})
    page = scene.projector()
    page.locator("#main[data-view=groups] .scr-group").nth(1).wait_for()
    return page


def projector_choice(scene):
    scene.goto("tuletteko")
    for option in (0, 0, 1):
        scene.vote("tuletteko", {"options": [option]})
    page = scene.projector()
    page.locator("#sub", has_text="3 vastaajaa").wait_for()
    return page


def projector_scale(scene):
    scene.goto("helppous")
    for value in (2, 4, 5):
        scene.vote("helppous", {"value": value})
    page = scene.projector()
    page.locator("#sub", has_text="3 vastaajaa").wait_for()
    return page


def projector_dots(scene):
    ids = scene.answers("Salit auki iltaisin", "Avustushaku selkeämmäksi")
    scene.goto("pisteet")
    scene.vote("pisteet", {"dots": {f"a:{ids[0]}": 2, f"a:{ids[1]}": 1}})
    page = scene.projector()
    page.locator(".scr-chart .bar-row").nth(1).wait_for()
    return page


def projector_hidden_results(scene):
    scene.goto("tuletteko")
    scene.facilitate("f:results", {"step": "tuletteko", "hidden": True})
    page = scene.projector()
    page.locator(".results-hidden").wait_for()
    return page


def projector_calendar(scene):
    scene.goto("tapahtumat")
    phone = scene.phone_client()
    entry = {"cid": cid(), "step": "tapahtumat", "month": 5, "day": 12, "what": "Kevätkonsertti"}
    assert phone.call("event_entry", dict(entry, organiser="Kuoro ry"))["ok"]
    page = scene.projector()
    page.locator(".scr-calendar .cal-event").wait_for()
    return page


def projector_thanks(scene):
    scene.facilitate("f:state", {"state": "closed"})
    page = scene.projector()
    page.locator("#main[data-view=closed]").wait_for()
    return page


PROJECTOR = {
    "join": projector_join,
    "info": projector_info,
    "wall": projector_wall,
    "timer": projector_timer,
    "groups": projector_groups,
    "results-choice": projector_choice,
    "results-scale": projector_scale,
    "results-dots": projector_dots,
    "results-hidden": projector_hidden_results,
    "vuosikello": projector_calendar,
    "thanks": projector_thanks,
}


# -- the facilitator console --------------------------------------------------------


def console_answers(scene):
    scene.goto("ideat")
    hidden, _ = scene.answers("Asiaton kommentti", "Salit auki iltaisin")
    scene.facilitate("f:hide", {"answer": hidden, "hidden": True})
    page = scene.console()
    page.locator("#answers .mod-item").nth(1).wait_for()
    page.locator("details.con-links summary").click()  # the links and the QR code, open
    return page


def console_editing(scene):
    scene.goto("ideat")
    scene.answers("Kokoustila kirjastossa")
    page = scene.console()
    page.get_by_role("button", name="Korjaa: Kokoustila kirjastossa").click()
    page.locator("#answers textarea").wait_for()
    return page


def console_groups(scene):
    scene.goto("ideat")
    ids = scene.answers(
        "Tarvitsemme edullisia tiloja harjoituksiin",
        "Tilojen vuokra on liian kallis",
        "Kunnan tilat pitäisi saada ilmaiseksi",
        "Avustusten haku on vaikeaa",
        "Avustushakemus on liian monimutkainen",
    )
    scene.facilitate("f:group", {"step": "ideat", "title": "Avustukset", "answers": ids[3:]})
    page = scene.console()
    page.get_by_role("tab", name="Ryhmittely").click()
    page.locator(".group-card").wait_for()
    page.get_by_role("button", name="Ehdota ryhmiä").click()
    page.locator(".suggestion, #suggestions p").first.wait_for()
    return page


def console_results(scene):
    scene.goto("helppous")
    scene.vote("helppous", {"value": 4})
    page = scene.console()
    page.locator("#voters", has_text="1 vastaajaa").wait_for()
    return page


def console_calendar(scene):
    scene.goto("tapahtumat")
    phone = scene.phone_client()
    entry = {"cid": cid(), "step": "tapahtumat", "month": 5, "day": 12, "what": "Kevätkonsertti"}
    assert phone.call("event_entry", dict(entry, organiser="Kuoro ry"))["ok"]
    page = scene.console()
    page.locator("#calendar .cal-event").wait_for()
    return page


def console_people(scene):
    phone = scene.phone_client()
    profile = (("nickname", "Maija"), ("association", "Kuoro ry"), ("sector", "kulttuuri"))
    for field, value in profile:
        assert phone.call("profile", {"cid": cid(), "field": field, "value": value})["ok"]
    page = scene.console()
    page.get_by_role("tab", name="Osallistujat").click()
    page.locator("#people .people-box").first.wait_for()
    return page


def console_message(scene):
    scene.goto("ideat")
    page = scene.console()
    page.get_by_role("button", name="Lisää", exact=True).click()  # empty: a refusal shows
    page.locator("#message:not([hidden])").wait_for()
    return page


CONSOLE = {
    "answers-and-links": console_answers,
    "answers-editing": console_editing,
    "grouping": console_groups,
    "results": console_results,
    "vuosikello": console_calendar,
    "people": console_people,
    "message": console_message,
}


# -- export pages ----------------------------------------------------------------


def logged_in(scene, path: str):
    page = scene.new_page(1280, 720)
    page.goto(f"{scene.server.url}/f/{scene.code}/{scene.secret}")
    page.goto(f"{scene.server.url}{path}")
    return page
