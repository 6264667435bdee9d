"""The export in a real browser: the export page, the print preview (and its PDF), the summary."""

from __future__ import annotations

from tests import export_fixture
from tyopaja.store import Store

CODE = export_fixture.CODE


def prepare_server(live):
    """The server's database also holds the realistic evening."""
    store = Store(live.db_path)
    _, live.evening_secret = export_fixture.build(store)
    store.close()


def console_errors(page) -> list[str]:
    """Record the page's console errors (a CSP violation, e.g. an inline style, is one)."""
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    return errors


def facilitator_page(server, new_page, width=360, height=740):
    page = new_page(width=width, height=height)
    page.errors = console_errors(page)
    page.goto(f"{server.url}/f/{CODE}/{server.evening_secret}")  # sets the cookie
    return page


def test_export_page_at_360px_is_usable_by_keyboard(server, new_page, tmp_path):
    page = facilitator_page(server, new_page)
    page.goto(f"{server.url}/f/{CODE}/export")
    assert page.locator("h1").inner_text() == "Vienti ja tulokset"
    # Nothing wider than the phone: no horizontal scrolling.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    # The file input has a label; the forms can be reached with Tab.
    assert page.get_by_label("Tiedosto (CSV tai JSON Lines", exact=False).count() == 1
    page.screenshot(path=str(tmp_path / "export-page.png"), full_page=True)
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused  # the skip link, then the back link: focus moves through real elements


def test_preview_shows_the_document_and_prints_to_pdf(server, new_page, tmp_path):
    page = facilitator_page(server, new_page)
    page.goto(f"{server.url}/f/{CODE}/export/preview/md")
    heading = page.locator("article.document h1")
    assert heading.inner_text() == "Yhteistyöasiakirjan aineisto: Yhdistysilta 2026"
    chart = page.locator('img[src="kaaviot/yhteistyo-nyt.svg"]')
    chart.scroll_into_view_if_needed()
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=chart.element_handle()
    )
    assert page.locator("[data-print]").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path=str(tmp_path / "preview-360.png"))
    # Printing hides the toolbar and keeps the document.
    page.emulate_media(media="print")
    assert not page.locator(".preview-bar").is_visible()
    assert heading.is_visible()
    pdf = page.pdf(path=str(tmp_path / "yhteistyoasiakirja.pdf"), format="A4")
    assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page") > 5
    # Numbers keep their alignment through classes; nothing inline is blocked by the CSP.
    assert page.locator("article.document td.align-right").count() > 0
    assert page.locator("article.document [style]").count() == 0
    assert not page.errors, page.errors[:3]


def test_published_summary_on_the_join_link(server, new_page, tmp_path):
    facilitator = facilitator_page(server, new_page, width=1024)
    facilitator.goto(f"{server.url}/f/{CODE}/export")
    facilitator.get_by_role("button", name="Julkaise yhteenveto").click()
    # Nothing was reviewed in the Koonti: publishing asks first, and says what is unreviewed.
    facilitator.get_by_text("Näitä vaiheita ei ole vielä tarkistettu:").wait_for()
    facilitator.get_by_role("button", name="Julkaise silti").click()
    facilitator.wait_for_selector("text=Yhteenveto on julkaistu")

    phone = new_page(width=360, height=740)
    errors = console_errors(phone)
    phone.goto(f"{server.url}/j/{CODE}")
    lead = phone.locator(".summary .lead")
    assert lead.inner_text() == "Työpaja on päättynyt. Tässä on yhteenveto sen tuloksista."
    assert phone.locator("article.document h1").inner_text() == "Yhdistysilta 2026"
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    phone.screenshot(path=str(tmp_path / "summary-360.png"), full_page=False)
    assert not errors, errors[:3]
    phone.get_by_role("link", name="Svenska").click()
    phone.wait_for_selector("text=Workshoppen är avslutad.")


def test_names_are_reviewed_and_office_files_download(server, new_page, tmp_path):
    page = facilitator_page(server, new_page, 1366, 768)
    page.goto(f"{server.url}/f/{CODE}/export")
    page.screenshot(path=str(tmp_path / "export-page-1366.png"), full_page=True)
    page.get_by_role("link", name="Tarkista henkilöiden nimet vastauksissa").click()
    assert page.locator("h1").inner_text() == "Henkilöiden nimet vastauksissa"
    row = page.locator("tr", has_text="Tiina Rautio")
    assert row.get_by_label("poista").is_checked()
    row.get_by_label("jätä näkyviin").check()
    page.get_by_role("button", name="Tallenna valinnat").click()
    page.wait_for_selector("text=Valinnat tallennettu.")
    assert page.locator("tr", has_text="Tiina Rautio").get_by_label("jätä näkyviin").is_checked()
    page.screenshot(path=str(tmp_path / "names.png"), full_page=True)
    # The Word file now keeps the name; it downloads from the page's own link.
    page.goto(f"{server.url}/f/{CODE}/export")
    with page.expect_download() as download:
        page.locator("a[href$='/export/docx']").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.name == "yhdistysilta-2026-yhteistyoasiakirjan-aineisto.docx"
    import zipfile

    with zipfile.ZipFile(saved) as archive:
        assert "Tiina Rautio" in archive.read("word/document.xml").decode()
