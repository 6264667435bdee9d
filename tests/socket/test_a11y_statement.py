"""The accessibility statement (saavutettavuusseloste): fi/sv/en, the feedback channel, links."""

from __future__ import annotations

from pathlib import Path

import pytest

from tyopaja import create_app
from tyopaja.web.accessibility import contact_link, reviewed_text

DOCS = Path(__file__).resolve().parents[2] / "docs"

WORDING = {
    "fi": (
        "Saavutettavuusseloste: Työpaja",
        "Liikenne- ja viestintävirasto Traficom",
        "https://www.saavutettavuusvaatimukset.fi/",
        "Vastaamme 14 päivän kuluessa.",
        "osittain",
    ),
    "sv": (
        "Tillgänglighetsutlåtande: Työpaja",
        "Transport- och kommunikationsverket Traficom",
        "https://www.tillganglighetskrav.fi/",
        "Vi svarar inom 14 dagar.",
        "delvis",
    ),
    "en": (
        "Accessibility statement: Työpaja",
        "Finnish Transport and Communications Agency Traficom",
        "https://www.webaccessibility.fi/",
        "We will reply within 14 days.",
        "partially",
    ),
}


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_the_statement_has_every_part_the_law_asks_for(app, client, lang):
    app.config["ACCESSIBILITY_CONTACT"] = "saavutettavuus@kunta.example"
    page = client.get(f"/saavutettavuus?lang={lang}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert f'<html lang="{lang}">' in html
    heading, authority, site, reply, status = WORDING[lang]
    for text in (heading, authority, f'href="{site}"', reply, status, "306/2019", "WCAG 2.1"):
        assert text in html, text
    assert reviewed_text(lang) in html  # when it was prepared
    assert 'href="mailto:saavutettavuus@kunta.example"' in html  # the feedback channel


def test_the_feedback_link_follows_the_kind_of_contact():
    assert contact_link("palaute@kunta.fi") == "mailto:palaute@kunta.fi"
    assert contact_link("https://kunta.fi/palaute") == "https://kunta.fi/palaute"
    assert contact_link("puh. 040 123 4567") is None  # shown as text
    assert contact_link("javascript:alert(1)") is None
    assert contact_link('https://x.fi/"onclick="x') is None


def test_without_its_own_contact_the_statement_uses_the_privacy_contact(app, client):
    app.config["ACCESSIBILITY_CONTACT"] = ""
    app.config["PRIVACY_CONTACT"] = "tietosuoja@kunta.example"
    html = client.get("/saavutettavuus").get_data(as_text=True)
    assert 'href="mailto:tietosuoja@kunta.example"' in html


def test_without_any_contact_a_placeholder_shows_what_to_fill_in(app, client):
    app.config["ACCESSIBILITY_CONTACT"] = ""
    app.config["PRIVACY_CONTACT"] = ""
    html = client.get("/saavutettavuus").get_data(as_text=True)
    assert "[sähköpostiosoite tai palautelomakkeen osoite]" in html


def test_a_contact_with_markup_is_shown_as_text(app, client):
    app.config["ACCESSIBILITY_CONTACT"] = "<script>alert(1)</script>"
    html = client.get("/saavutettavuus").get_data(as_text=True)
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)" in html


def test_the_contact_comes_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("TYOPAJA_ACCESSIBILITY_CONTACT", "https://kunta.example/palaute")
    config = {"DB": str(tmp_path / "env.db"), "ASYNC_MODE": "threading", "TESTING": True}
    app = create_app(dict(config, BACKGROUND_TASKS=False))
    try:
        html = app.test_client().get("/saavutettavuus").get_data(as_text=True)
        assert 'href="https://kunta.example/palaute"' in html
    finally:
        app.extensions["tyopaja"].store.close()


def test_every_kind_of_page_links_to_the_statement(app, client, workshop):
    row, secret = workshop
    code = row["code"]
    public = ["/", "/tietosuoja", "/ei-ole", f"/j/{code}"]
    for path in public:
        assert 'href="/saavutettavuus"' in client.get(path).get_data(as_text=True), path
    client.get(f"/f/{code}/{secret}")  # the facilitator's cookie
    for path in (f"/f/{code}", f"/f/{code}/export", f"/f/{code}/delete"):
        assert 'href="/saavutettavuus"' in client.get(path).get_data(as_text=True), path


def test_the_setting_and_the_choices_are_documented():
    deploy = (DOCS / "deploy.md").read_text(encoding="utf-8")
    assert "`TYOPAJA_ACCESSIBILITY_CONTACT`" in deploy
    guide = (DOCS / "accessibility.md").read_text(encoding="utf-8")
    for topic in ("TYOPAJA_ACCESSIBILITY_CONTACT", "selkokieli", "axe-core", "Traficom"):
        assert topic in guide, topic
