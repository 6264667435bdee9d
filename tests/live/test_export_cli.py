"""`tyopaja export` and `tyopaja import` as a facilitator runs them: real processes, real files."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile

import pytest

from tests import export_fixture
from tests.helpers import ROOT
from tyopaja import export
from tyopaja.reads.followup import export_rows
from tyopaja.store import Store


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    """A database file holding the realistic evening (code VRJ226)."""
    path = tmp_path_factory.mktemp("cli") / "ilta.db"
    store = Store(path)
    export_fixture.build(store)
    store.close()
    return path


def tyopaja(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "tyopaja.cli", *args],
        input=stdin,
        capture_output=True,
        cwd=ROOT,
        timeout=60,
    )


def expected(db, fmt: str) -> bytes:
    store = Store(db)
    try:
        with store.read() as tx:
            workshop = tx.workshop_by_code(export_fixture.CODE)
            return export.render(export.report_of(export_rows(tx, workshop["id"])), fmt).body
    finally:
        store.close()


@pytest.mark.parametrize("fmt", ["md", "md-welfare", "csv", "json", "ics"])
def test_export_writes_the_format_to_stdout(db, fmt):
    result = tyopaja("export", export_fixture.CODE, "--format", fmt, "--db", str(db))
    assert result.returncode == 0, result.stderr.decode()
    assert result.stdout == expected(db, fmt)


def test_export_to_a_file_and_zip(db, tmp_path):
    target = tmp_path / "tulokset.zip"
    result = tyopaja("export", "vrj 226", "--format", "zip", "-o", str(target), "--db", str(db))
    assert result.returncode == 0, result.stderr.decode()
    assert "Tallennettu" in result.stderr.decode()
    names = zipfile.ZipFile(io.BytesIO(target.read_bytes())).namelist()
    assert "yhdistysilta-2026/kaaviot/yhteistyo-nyt.svg" in names


@pytest.mark.parametrize("fmt", ["docx", "odt-welfare", "xlsx"])
def test_export_office_files_and_the_spreadsheet(db, tmp_path, fmt):
    target = tmp_path / f"tulokset.{fmt.split('-')[0]}"
    result = tyopaja(
        "export", export_fixture.CODE, "--format", fmt, "-o", str(target), "--db", str(db)
    )
    assert result.returncode == 0, result.stderr.decode()
    assert target.read_bytes() == expected(db, fmt)  # the same bytes as the export page's


def test_attribution_is_chosen_on_the_command_line(db):
    by = {}
    for choice in ("yhdistys", "toimiala", "ei"):
        args = ("export", export_fixture.CODE, "--attribution", choice, "--db", str(db))
        result = tyopaja(*args)
        assert result.returncode == 0, result.stderr.decode()
        by[choice] = result.stdout.decode()
    assert "– Vääräjoen Martat ry" in by["yhdistys"]  # a table of four: big enough to name
    assert "– Vääräjoen Martat ry" not in by["toimiala"]
    assert "– Muu toimiala" in by["toimiala"] and "– Muu toimiala" not in by["ei"]
    raw = tyopaja("export", export_fixture.CODE, "--format", "csv-raw", "--db", str(db))
    assert "Mielenterveysyhdistys Tuulikki ry" in raw.stdout.decode()
    assert "Mielenterveysyhdistys Tuulikki ry" not in by["yhdistys"]


def test_export_in_swedish(db):
    result = tyopaja("export", export_fixture.CODE, "--lang", "sv", "--db", str(db))
    assert result.stdout.decode().startswith("# Material för samarbetsdokumentet: Yhdistysilta")


def test_unknown_workshop_or_database_is_a_plain_message(db, tmp_path):
    result = tyopaja("export", "ZZZZZZ", "--db", str(db))
    assert result.returncode == 1
    assert result.stderr.decode().strip() == "Työpajaa ZZZZZZ ei löytynyt."
    result = tyopaja("export", "ZZZZZZ", "--db", str(tmp_path / "ei-ole.db"))
    assert result.returncode == 1 and "Tietokantaa" in result.stderr.decode()
    assert not (tmp_path / "ei-ole.db").exists()
    result = tyopaja("export", export_fixture.CODE, "--format", "pdf", "--db", str(db))
    assert result.returncode == 2 and b"Traceback" not in result.stderr


def test_import_errors_name_the_lines_and_import_nothing(db, tmp_path):
    before = expected(db, "json")
    bad = tmp_path / "kysely.csv"
    bad.write_text("vaihe;vastaus\ntilat;Hyvä\nyhteistyo-nyt;Ei käy\nei-ole;x\ntilat;\n")
    result = tyopaja("import", export_fixture.CODE, str(bad), "--db", str(db))
    assert result.returncode == 1
    err = result.stderr.decode().splitlines()
    assert err[0] == (
        f"{bad}:3: Vaihe ”yhteistyo-nyt” ei ole avoin kysymys,"
        " joten siihen ei voi tuoda vastauksia."
    )
    assert err[1].startswith(f"{bad}:4: Vaihetta ”ei-ole” ei löydy.")
    assert err[2] == f"{bad}:5: Vastaus puuttuu."
    assert err[3] == "Mitään ei tuotu. Korjaa rivit ja yritä uudelleen."
    assert expected(db, "json") == before


def test_import_from_json_lines_then_export_shows_them(tmp_path):
    db = tmp_path / "ilta.db"
    store = Store(db)
    export_fixture.build(store)
    store.close()
    lines = [
        {"step": "tilat", "text": "Varasto puuttuu (ennakkokysely)", "association": "Uusi ry"},
        {"step": "Miten järjestötoiminnasta pitäisi viestiä asukkaille?", "text": "Radiossa"},
    ]
    data = "\n".join(json.dumps(line, ensure_ascii=False) for line in lines).encode()
    result = tyopaja("import", export_fixture.CODE, "-", "--db", str(db), stdin=data)
    assert result.returncode == 0, result.stderr.decode()
    assert result.stdout.decode().strip() == "Tuotiin 2 vastausta työpajaan VRJ226."
    markdown = tyopaja("export", export_fixture.CODE, "--format", "md-full", "--db", str(db))
    text = markdown.stdout.decode()
    assert "”Varasto puuttuu (ennakkokysely)”" in text
    assert "Uusi ry" not in text  # one respondent: never named (docs/export.md, Who is named)
    raw = tyopaja("export", export_fixture.CODE, "--format", "csv-raw", "--db", str(db))
    assert "Varasto puuttuu (ennakkokysely);t1;Uusi ry" in raw.stdout.decode()
    assert "2 vastausta tuotiin tiedostosta" in text


def test_new_with_a_year_makes_the_calendar_for_that_year(tmp_path):
    db = tmp_path / "vuosi.db"
    script = ROOT / "tyopaja" / "sessions" / "syysilta-vuosikello.md"
    args = ("new", str(script), "--date", "2026-10-15", "--db", str(db))
    for extra in ((), ("--year", "2029")):
        result = tyopaja(*args, *extra)
        assert result.returncode == 0, result.stderr.decode()
    store = Store(db)
    try:
        with store.read() as tx:
            workshops = tx.db.execute(
                "SELECT id, calendar_year FROM workshops ORDER BY id"
            ).fetchall()
            years = [export.report_of(export_rows(tx, w[0])).calendar_year for w in workshops]
    finally:
        store.close()
    # The script says "ensi vuosi": the year after the date, unless --year says otherwise.
    assert [w[1] for w in workshops] == [None, 2029]
    assert years == [2027, 2029]
    bad = tyopaja(*args, "--year", "27")
    assert bad.returncode != 0 and b"27" in bad.stderr
    store = Store(db)
    try:
        with store.read() as tx:
            code = tx.workshop(workshops[0][0])["code"]
    finally:
        store.close()
    empty = tyopaja("export", code, "--format", "ics", "--db", str(db))
    assert empty.returncode == 1 and not empty.stdout
    assert "Vuosikellossa ei ole tapahtumia" in empty.stderr.decode()
