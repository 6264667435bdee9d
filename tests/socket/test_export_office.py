"""Office files of the dev evening: .docx and .odt open in LibreOffice, the .xlsx in openpyxl.

Headless LibreOffice (`soffice --headless --convert-to pdf`, Debian's
libreoffice-writer-nogui, installed by scripts/test) turns the documents into PDF; poppler's
pdftotext and pdfimages read the pages back: headings, tables and charts are there, and no
backslash escape of the Markdown leaked into the text.
"""

from __future__ import annotations

import base64
import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest

from tests import export_fixture
from tyopaja import export
from tyopaja.export import office
from tyopaja.reads.followup import export_rows
from tyopaja.store import Store

SOFFICE = shutil.which("soffice")
POPPLER = shutil.which("pdftotext") and shutil.which("pdfimages")
needs_office = pytest.mark.skipif(
    not (SOFFICE and POPPLER),
    reason="LibreOffice (soffice) or poppler-utils is not installed: scripts/test installs"
    " libreoffice-writer-nogui and poppler-utils from Debian",
)
# A leaked escape: a backslash before Markdown punctuation (\#yhdistysilta, \<3, 1\.).
LEAK = re.compile(r"\\[!-/:-@\[-`{-~]")


@pytest.fixture(scope="module")
def rows(tmp_path_factory):
    store = Store(tmp_path_factory.mktemp("office") / "evening.db")
    workshop, _ = export_fixture.build(store)
    with store.read() as tx:
        rows = export_rows(tx, workshop["id"])
    store.close()
    return rows


def to_pdf(path: Path, tmp: Path) -> Path:
    profile = (tmp / "lo-profile").as_uri()  # its own profile: runs beside other sofficees
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp), str(path)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    pdf = tmp / (path.stem + ".pdf")
    assert pdf.exists() and pdf.stat().st_size > 10_000
    return pdf


def pdf_text(pdf: Path) -> str:
    """The PDF's text, whitespace folded (a long title wraps over two lines)."""
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    return " ".join(text.split())


def pdf_images(pdf: Path) -> int:
    listing = subprocess.run(
        ["pdfimages", "-list", str(pdf)], check=True, capture_output=True, text=True
    ).stdout
    return len([line for line in listing.splitlines()[2:] if line.strip()])


def docx_xml(body: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        return archive.read("word/document.xml").decode("utf-8")


@needs_office
@pytest.mark.parametrize("fmt", ["docx", "odt"])
def test_the_cooperation_document_opens_with_headings_tables_and_charts(rows, tmp_path, fmt):
    result = export.export_file(rows, fmt)
    assert result.filename == f"yhdistysilta-2026-yhteistyoasiakirjan-aineisto.{fmt}"
    path = tmp_path / result.filename
    path.write_bytes(result.body)
    pdf = to_pdf(path, tmp_path)
    text = pdf_text(pdf)
    # Title, chapters and a question as headings; a table's header row; the calendar table.
    assert "Yhteistyöasiakirjan aineisto: Yhdistysilta 2026" in text
    for heading in ("Tilaisuus ja osallistujat", "Avustukset", "Vuosikello", "Priorisointi"):
        assert heading in text
    assert re.search(r"Arvo\s+Vastaajia\s+Osuus", text)  # the scale's table
    assert re.search(r"Sija\s+Ryhmä\s+Pisteitä", text)  # the dot vote's table
    assert "Talvirieha ja pilkkikilpailu" in text
    # The two charts are images in the PDF.
    assert pdf_images(pdf) == 2
    # Participant text as written: no escapes, hashtags and hearts intact.
    assert not LEAK.search(text), LEAK.search(text)
    assert "#yhdistysilta" in text
    (tmp_path / f"cooperation-{fmt}.pdf").write_bytes(pdf.read_bytes())


@needs_office
def test_the_welfare_report_and_the_full_record_open_too(rows, tmp_path):
    for fmt, title in (
        ("odt-welfare", "Hyvinvointikertomuksen aineisto"),
        ("docx-full", "Työpajan koko aineisto"),
    ):
        result = export.export_file(rows, fmt)
        path = tmp_path / result.filename
        path.write_bytes(result.body)
        text = pdf_text(to_pdf(path, tmp_path))
        assert title in text, fmt
        assert not LEAK.search(text)


def test_office_files_have_real_structure_and_language(rows):
    xml = docx_xml(export.export_file(rows, "docx").body)
    assert 'w:pStyle w:val="Title"' in xml
    assert 'w:pStyle w:val="Heading2"' in xml and 'w:pStyle w:val="Heading3"' in xml
    assert xml.count("<w:tbl>") >= 3  # participation is a list; scale, dots and calendar tables
    assert "<w:numPr>" in xml  # bulleted lists
    assert xml.count("<pic:pic") == 2  # the charts
    assert not LEAK.search(re.sub(r"<[^>]+>", "", xml))
    with zipfile.ZipFile(io.BytesIO(export.export_file(rows, "docx").body)) as archive:
        styles = archive.read("word/styles.xml").decode()
        assert re.search(r'<w:lang [^>]*w:val="fi-FI"', styles)
        assert any(n.startswith("word/media/") and n.endswith(".png") for n in archive.namelist())
    sv = docx_xml(export.export_file(rows, "docx", lang="sv").body)
    assert "Material för samarbetsdokumentet" in sv
    with zipfile.ZipFile(io.BytesIO(export.export_file(rows, "odt", lang="en").body)) as archive:
        assert "en-GB" in archive.read("styles.xml").decode() + archive.read("meta.xml").decode()


def test_hostile_text_reaches_the_office_file_as_written():
    markdown = "# Otsikko\n\n- ”\\#yhdistysilta \\<3 \\*tärkeä\\*” – Muu toimiala\n\n1\\. kohta\n"
    xml = docx_xml(office.to_office(markdown, {}, "docx", "fi"))
    text = re.sub(r"<[^>]+>", "", xml)
    assert "#yhdistysilta <3 *tärkeä*" in text.replace("&lt;", "<")
    assert "1. kohta" in text
    assert not LEAK.search(text)


def test_the_spreadsheet_holds_every_sheet(rows):
    book = openpyxl.load_workbook(io.BytesIO(export.export_file(rows, "xlsx").body))
    assert book.sheetnames == [
        "Vastaukset",
        "Ryhmät",
        "Äänestykset ja järjestykset",
        "Valinnat ja asteikot",
        "Vuosikello",
        "Jatkotoimet",
        "Tilaisuus",
    ]
    for sheet in book:
        assert sheet.freeze_panes == "A2", sheet.title
        assert all(cell.font.bold for cell in sheet[1] if cell.value)
    answers = book["Vastaukset"]
    report = export.report_of(rows)
    assert answers.max_row == 1 + report.participation.answers  # every visible answer
    sectors = {row[8].value for row in answers.iter_rows(min_row=2)}
    assert "Sosiaali- ja terveysala" in sectors and "sote" not in sectors and "muu" not in sectors
    scale = [r for r in book["Valinnat ja asteikot"].iter_rows(min_row=2) if r[1].value]
    assert scale[0][4].number_format == "0 %" and scale[0][6].number_format == "0.00"
    assert abs(scale[0][6].value - 3.27) < 0.01  # the mean, a number (3,27 in Finnish Excel)
    votes = list(book["Äänestykset ja järjestykset"].iter_rows(min_row=2, values_only=True))
    assert votes[0][2:5] == (1, "Muistutus ennen hakuajan päättymistä", 35)
    facts = {r[0]: r[1] for r in book["Tilaisuus"].iter_rows(min_row=2, values_only=True)}
    assert facts["Osallistujia (henkeä)"] == 30 and facts["Vastauksia"] == 166
    assert facts["Päivämäärä"].year == 2026
    agreed = [r for r in book["Jatkotoimet"].iter_rows(min_row=2, values_only=True)]
    assert [(r[0], r[2], r[4]) for r in agreed] == [
        ("Sovittu", "Vapaa-aikapalvelut", "ei aloitettu"),
        ("Sovittu", None, "ei aloitettu"),
    ]
    calendar = list(book["Vuosikello"].iter_rows(min_row=2, values_only=True))
    assert calendar[0][:3] == (2027, "Tammikuu", 1)
    # Text that looks like a formula stays text.
    assert all(
        c.data_type != "f" for sheet in book for row in sheet.iter_rows() for c in row if c.value
    )


def test_the_markdown_download_embeds_every_chart_it_refers_to(rows):
    text = export.export_file(rows, "md").body.decode()
    refs = re.findall(r"!\[[^\]]*\]\[(kaavio-[a-z0-9-]+)\]", text)
    assert sorted(refs) == ["kaavio-avustus-tarkeimmat", "kaavio-yhteistyo-nyt"]
    for ref in refs:
        found = re.search(rf"^\[{ref}\]: data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)$", text, re.M)
        assert found
        assert base64.b64decode(found.group(1)).decode().startswith("<svg ")
    assert "](kaaviot/" not in text


def test_table_columns_are_as_wide_as_their_text(rows):
    """pandoc's CommonMark tables carry no widths; a filter gives each column a share by its
    text (tyopaja/export/reference/column-widths.lua), so the group names of a vote table are
    not squeezed into a column as narrow as its points."""
    xml = docx_xml(export.export_file(rows, "docx").body)
    grids = [
        [int(w) for w in re.findall(r'<w:gridCol w:w="(\d+)"', grid)]
        for grid in re.findall(r"<w:tblGrid>(.*?)</w:tblGrid>", xml)
    ]
    assert grids and all(len(g) >= 2 for g in grids)
    ranking = next(g for g in grids if len(g) == 3 and g[1] > 3 * g[0])  # Sija | Ryhmä | Pisteitä
    assert ranking[1] > 3 * ranking[2]
