"""The export's HTTP routes: facilitator only, same-origin posts, and the published summary."""

from __future__ import annotations

import io
import zipfile

import pytest

from tests import export_fixture
from tyopaja.usecases import actions
from tyopaja.usecases.base import Actor

CODE = export_fixture.CODE
SAME = {"Sec-Fetch-Site": "same-origin"}
GETS = [
    f"/f/{CODE}/export",
    f"/f/{CODE}/export/md",
    f"/f/{CODE}/export/zip",
    f"/f/{CODE}/export/json",
    f"/f/{CODE}/export/preview/md",
    f"/f/{CODE}/export/preview/summary",
    f"/f/{CODE}/export/preview/kaaviot/yhteistyo-nyt.svg",
]
POSTS = [f"/f/{CODE}/export/publish", f"/f/{CODE}/export/import"]


@pytest.fixture
def evening(store):
    """The realistic evening: (workshop row, facilitator secret)."""
    return export_fixture.build(store)


@pytest.fixture
def facilitator_client(app, evening):
    """A browser that has opened the facilitator link (the secret is in its cookie)."""
    client = app.test_client()
    assert client.get(f"/f/{CODE}/{evening[1]}").status_code == 302
    return client


@pytest.mark.parametrize("url", GETS)
def test_every_export_page_needs_the_facilitator_cookie(client, evening, url):
    assert client.get(url).status_code == 403
    client.set_cookie(f"tyopaja_f_{CODE}", "x" * 43)
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("url", POSTS)
def test_every_export_form_needs_the_facilitator_cookie(client, evening, url):
    assert client.post(url, data={"action": "publish"}, headers=SAME).status_code == 403


def test_downloads(facilitator_client):
    md = facilitator_client.get(f"/f/{CODE}/export/md")
    assert md.status_code == 200
    assert md.content_type == "text/markdown; charset=utf-8"
    assert md.headers["Content-Disposition"] == (
        'attachment; filename="yhdistysilta-2026-yhteistyoasiakirjan-aineisto.md"'
    )
    assert md.headers["Cache-Control"] == "no-store"
    assert md.data.decode().startswith("# Yhteistyöasiakirjan aineisto: Yhdistysilta 2026")
    archive = zipfile.ZipFile(io.BytesIO(facilitator_client.get(f"/f/{CODE}/export/zip").data))
    assert "yhdistysilta-2026/vastaukset.csv" in archive.namelist()
    csv = facilitator_client.get(f"/f/{CODE}/export/csv")
    assert csv.content_type == "text/csv; charset=utf-8" and csv.data[:3] == b"\xef\xbb\xbf"
    sv = facilitator_client.get(f"/f/{CODE}/export/md?kieli=sv")
    assert sv.data.decode().startswith("# Material för samarbetsdokumentet")
    assert facilitator_client.get(f"/f/{CODE}/export/docx").status_code == 404


def test_preview_renders_the_document_with_its_charts(facilitator_client):
    page = facilitator_client.get(f"/f/{CODE}/export/preview/md")
    html = page.data.decode()
    assert page.status_code == 200
    assert "<h1>Yhteistyöasiakirjan aineisto: Yhdistysilta 2026</h1>" in html
    assert 'src="kaaviot/yhteistyo-nyt.svg"' in html
    assert 'media="print"' in html and "css/print.css" in html
    chart = facilitator_client.get(f"/f/{CODE}/export/preview/kaaviot/yhteistyo-nyt.svg")
    assert chart.content_type == "image/svg+xml; charset=utf-8"
    assert chart.data.startswith(b"<svg")
    for name in ("ei-ole", "..%2Fx", "ABC"):
        url = f"/f/{CODE}/export/preview/kaaviot/{name}.svg"
        assert facilitator_client.get(url).status_code == 404


def test_publishing_needs_a_same_origin_post(facilitator_client, store, evening):
    url = f"/f/{CODE}/export/publish"
    cross = facilitator_client.post(url, data={}, headers={"Sec-Fetch-Site": "cross-site"})
    assert cross.status_code == 403
    foreign = facilitator_client.post(url, data={}, headers={"Origin": "https://evil.example"})
    assert foreign.status_code == 403
    assert facilitator_client.get(url).status_code == 404  # GET never publishes
    with store.read() as tx:
        assert tx.workshop(evening[0]["id"])["published"] is None


def test_published_summary_replaces_the_chat_once_the_workshop_is_closed(
    facilitator_client, client, store, evening
):
    workshop = evening[0]
    assert "page-summary" not in client.get(f"/j/{CODE}").data.decode()
    response = facilitator_client.post(f"/f/{CODE}/export/publish", data={}, headers=SAME)
    assert response.status_code == 303
    assert "on julkaistu" in facilitator_client.get(f"/f/{CODE}/export").data.decode()

    page = client.get(f"/j/{CODE}").data.decode()
    assert "page-summary" in page
    assert "Työpaja on päättynyt. Tässä on yhteenveto sen tuloksista." in page
    assert "<li>Pidempi hakuaika – 6 vastausta, 17 pistettä</li>" in page
    assert "” – " not in page  # answers are shown without who gave them
    swedish = client.get(f"/j/{CODE}?lang=sv").data.decode()
    assert "Workshoppen är avslutad." in swedish
    assert "<li>Pidempi hakuaika – 6 svar, 17 poäng</li>" in swedish

    # While the workshop is open again, the join link is the chat.
    store.write(actions.set_state, Actor(workshop["id"]), "open")
    assert "page-summary" not in client.get(f"/j/{CODE}").data.decode()
    store.write(actions.set_state, Actor(workshop["id"]), "closed")

    facilitator_client.post(f"/f/{CODE}/export/publish", data={"action": "unpublish"}, headers=SAME)
    assert "page-summary" not in client.get(f"/j/{CODE}").data.decode()


def test_import_upload_all_or_nothing(facilitator_client, store, evening):
    wid = evening[0]["id"]
    with store.read() as tx:
        before = len(tx.answers(wid))
    bad = b"vaihe;vastaus\ntilat;Hyva\nyhteistyo-nyt;x\n"
    response = facilitator_client.post(
        f"/f/{CODE}/export/import",
        data={"file": (io.BytesIO(bad), "kysely.csv")},
        headers=SAME,
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    html = response.data.decode()
    assert "Mitään ei tuotu." in html
    assert "Rivi 3: Vaihe ”yhteistyo-nyt” ei ole avoin kysymys" in html
    with store.read() as tx:
        assert len(tx.answers(wid)) == before

    good = "vaihe;vastaus;yhdistys\ntilat;Lisää varastotilaa;Uusi ry\n".encode()
    response = facilitator_client.post(
        f"/f/{CODE}/export/import",
        data={"file": (io.BytesIO(good), "kysely.csv")},
        headers=SAME,
        content_type="multipart/form-data",
    )
    assert response.status_code == 303
    assert response.location.endswith(f"/f/{CODE}/export?tuotu=1")
    assert "Tuotiin 1 vastausta." in facilitator_client.get(response.location).data.decode()
    with store.read() as tx:
        answers = tx.answers(wid)
    assert answers[-1]["text"] == "Lisää varastotilaa" and answers[-1]["source"] == "import"


def test_import_without_a_file_or_from_another_site(facilitator_client):
    url = f"/f/{CODE}/export/import"
    response = facilitator_client.post(url, data={}, headers=SAME)
    assert response.status_code == 400
    assert "Valitse ensin tiedosto." in response.data.decode()
    cross = facilitator_client.post(url, data={}, headers={"Sec-Fetch-Site": "cross-site"})
    assert cross.status_code == 403


def test_console_links_to_the_export_page(facilitator_client):
    console = facilitator_client.get(f"/f/{CODE}").data.decode()
    assert f'href="/f/{CODE}/export"' in console
