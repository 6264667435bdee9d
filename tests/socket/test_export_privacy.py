"""Who is named: an association with one respondent and a person's name, in every format.

An evening of seven phones: three from a sports club, three from a health association and
one, alone, from a small choir. The choir's answer names a municipal employee and the
chair of another association. Every format the facilitator can download (and the preview
and the participants' summary) must name neither the choir nor the persons; the raw
download is the only place the choir's name appears; a name the facilitator keeps in the
review shows again.
"""

from __future__ import annotations

import io
import json
import re
import zipfile

import openpyxl
import pytest

from tests import export_fixture
from tyopaja import export
from tyopaja.export import privacy
from tyopaja.reads.followup import export_rows
from tyopaja.store import Store
from tyopaja.usecases import actions
from tyopaja.usecases import names as name_cases
from tyopaja.usecases.base import Actor

SAME = {"Sec-Fetch-Site": "same-origin"}
SMALL = "Pikkukylän Kuoro ry"
SCRIPT = """\
# Pieni ilta

## Yhteistyö

### avoin: Mikä yhteistyössä toimii?
- id: toimii

### valinta: Milloin tavataan?
- id: milloin
- vaihtoehdot:
  - Keväällä
  - Syksyllä

## Vuosikello

### tapahtuma: Tapahtumat?
- id: tapahtumat
- vuosi: 2027
"""
PEOPLE = [
    ("Vääräjoen Urheilijat ry", "liikunta", "Salivuorot jaetaan reilusti"),
    ("Vääräjoen Urheilijat ry", "liikunta", "Kentät ovat hyvässä kunnossa"),
    ("Vääräjoen Urheilijat ry", "liikunta", "Avustushaku on selkeä"),
    ("Reumayhdistys ry", "sote", "Kunta kuuntelee potilasyhdistyksiä"),
    ("Reumayhdistys ry", "sote", "Esteettömyys on parantunut"),
    ("Reumayhdistys ry", "sote", "Yhdyshenkilö vastaa nopeasti"),
    (SMALL, "kulttuuri", "Tiina Rautio vapaa-aikatoimesta auttaa aina, kiitos myös"
     " puheenjohtaja Virtaselle"),
]  # fmt: skip
PERSONS = ("Tiina Rautio", "Virtaselle")


@pytest.fixture
def evening(store):
    workshop, secret = store.write(actions.create_workshop, SCRIPT, date="2026-10-01")
    wid = workshop["id"]

    def fill(tx):
        for i, (association, sector, text) in enumerate(PEOPLE):
            row, _ = actions.join(tx, wid, f"phone-{i:02d}-00000000000", "s" * 32, "fi")
            tx.update_participant(row["id"], association=association, sector=sector)
            actions.submit_answer(tx, Actor(wid, row["id"]), f"a{i}", "toimii", text)
            tx.db["ballots"].insert(
                {"workshop_id": wid, "step_id": "milloin", "participant_id": row["id"],
                 "payload": json.dumps({"options": [i % 2]}),
                 "updated_at": "2026-10-01T18:00:00Z"}
            )  # fmt: skip
            if association == SMALL:
                tx.db["events"].insert(
                    {"workshop_id": wid, "step_id": "tapahtumat", "participant_id": row["id"],
                     "month": 12, "day": "", "what": "Joulukonsertti", "organiser": "",
                     "created_at": "2026-10-01T18:05:00.000Z"}
                )  # fmt: skip

    store.write(fill)
    return workshop, secret


def rows_of(store, workshop):
    with store.read() as tx:
        return export_rows(tx, workshop["id"])


def office_text(body: bytes) -> str:
    """The text of a .docx, .odt or .xlsx (every XML part, tags removed)."""
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        parts = [archive.read(n).decode("utf-8") for n in archive.namelist() if n.endswith(".xml")]
    return re.sub(r"<[^>]+>", " ", " ".join(parts))


def xlsx_text(body: bytes) -> str:
    book = openpyxl.load_workbook(io.BytesIO(body))
    return " ".join(str(c.value) for ws in book for row in ws.iter_rows() for c in row if c.value)


def text_of(fmt: str, body: bytes) -> str:
    if fmt == "xlsx":
        return xlsx_text(body)
    if fmt.startswith(("docx", "odt")):
        return office_text(body)
    if fmt == "zip":
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            texts = []
            for name in archive.namelist():
                data = archive.read(name)
                if name.endswith(".xlsx"):
                    texts.append(xlsx_text(data))
                elif name.endswith((".docx", ".odt")):
                    texts.append(office_text(data))
                else:
                    texts.append(data.decode("utf-8"))
            return "\n".join(texts)
    return body.decode("utf-8")


SHARED = [f for f in export.FORMATS if f not in export.RAW]


@pytest.mark.parametrize("attribution", [None, "association", "sector", "none"])
def test_an_association_with_one_respondent_is_named_in_no_format(store, evening, attribution):
    rows = rows_of(store, evening[0])
    for fmt in SHARED:
        text = text_of(fmt, export.export_file(rows, fmt, attribution=attribution).body)
        assert SMALL not in text, fmt
        assert "Pikkukylän" not in text, fmt
        assert "Kulttuuri" not in text, fmt  # its sector has one respondent too
        for person in PERSONS:
            assert person not in text, (fmt, person)
    # The raw download is the facilitator's: the choir is there, the persons are not.
    raw = export.export_file(rows, "csv-raw").body.decode("utf-8")
    assert SMALL in raw and "kulttuuri" in raw
    assert "Tiina Rautio" not in raw and "(nimi poistettu)" in raw


def test_big_associations_are_named_only_when_attribution_is_by_association(store, evening):
    rows = rows_of(store, evening[0])
    by_association = export.export_file(rows, "md", attribution="association").body.decode()
    assert "– Vääräjoen Urheilijat ry" in by_association
    assert "– muu yhdistys" in by_association  # the choir's quote
    by_sector = export.export_file(rows, "md").body.decode()  # the default: by sector
    assert "– Vääräjoen Urheilijat ry" not in by_sector
    assert "– Liikunta ja urheilu" in by_sector and "– Muu toimiala" in by_sector
    nobody = export.export_file(rows, "md", attribution="none").body.decode()
    assert "– Liikunta ja urheilu" not in nobody and "– muu yhdistys" not in nobody
    # Counts stay honest: three associations, one of them unnamed.
    assert "**Yhdistykset (3):**" in by_sector
    assert "1 muu yhdistys, jolta vastasi alle kolme henkeä" in by_sector
    data = json.loads(export.export_file(rows, "json").body)
    assert data["participation"]["other_associations"] == 1
    assert {a["association"] for s in data["steps"] for a in s.get("answers", [])} == {""}


def test_the_script_chooses_the_default_and_the_export_page_overrides_it(app, store):
    script = SCRIPT.replace("# Pieni ilta\n", "# Pieni ilta\n\n- nimeäminen: yhdistys\n")
    workshop, secret = store.write(actions.create_workshop, script)
    assert actions.script_of(workshop).attribution == "association"

    def fill(tx):
        for i in range(3):
            row, _ = actions.join(tx, workshop["id"], f"phone-{i:02d}-0000000000", "s" * 32, "fi")
            tx.update_participant(row["id"], association="Iso seura ry", sector="liikunta")
            who = Actor(workshop["id"], row["id"])
            actions.submit_answer(tx, who, f"a{i}", "toimii", f"Hyvä {i}")

    store.write(fill)
    client = app.test_client()
    assert client.get(f"/f/{workshop['code']}/{secret}").status_code == 302
    md = client.get(f"/f/{workshop['code']}/export/md").data.decode()
    assert "– Iso seura ry" in md
    md = client.get(f"/f/{workshop['code']}/export/md?nimeaminen=toimiala").data.decode()
    assert "– Iso seura ry" not in md and "– Liikunta ja urheilu" in md
    page = client.get(f"/f/{workshop['code']}/export?nimeaminen=ei").data.decode()
    assert "nimeaminen=ei" in page  # every download link carries the choice


def test_the_preview_and_the_published_summary_follow_the_rule(app, store, evening):
    workshop, secret = evening
    code = workshop["code"]
    client = app.test_client()
    assert client.get(f"/f/{code}/{secret}").status_code == 302
    for shape in ("md", "md-welfare", "md-full", "summary"):
        html = client.get(f"/f/{code}/export/preview/{shape}").data.decode()
        assert SMALL not in html and "Tiina Rautio" not in html, shape
    publish = client.post(f"/f/{code}/export/publish", data={"confirm": "1"}, headers=SAME)
    assert publish.status_code == 303
    with store.read() as tx:
        published = tx.workshop(workshop["id"])["published"]
    assert SMALL not in published and "Tiina Rautio" not in published


def test_a_name_the_facilitator_keeps_shows_again_in_every_format(app, store, evening):
    workshop, secret = evening
    code = workshop["code"]
    client = app.test_client()
    assert client.get(f"/f/{code}/{secret}").status_code == 302
    page = client.get(f"/f/{code}/export/nimet").data.decode()
    assert "Tiina Rautio" in page and "Virtaselle" in page
    # The form: keep Tiina Rautio (say she is the municipality's named liaison), mask the rest.
    fields = dict(re.findall(r'name="(k-\d+)" value="([^"]+)"', page))
    form = {}
    for field, name in fields.items():
        form[field] = name
        form["n-" + field[2:]] = "keep" if name == "Tiina Rautio" else "mask"
    cross = {"Sec-Fetch-Site": "cross-site"}
    assert client.post(f"/f/{code}/export/nimet", data=form, headers=cross).status_code == 403
    saved = client.post(f"/f/{code}/export/nimet", data=form, headers=SAME)
    assert saved.status_code == 303
    rows = rows_of(store, workshop)
    for fmt in ("md", "docx", "odt", "xlsx", "csv", "json"):
        text = text_of(fmt, export.export_file(rows, fmt).body)
        assert "Tiina Rautio" in text, fmt
        assert "Virtaselle" not in text, fmt
    again = client.get(f"/f/{code}/export/nimet").data.decode()
    assert re.search(r'value="keep" checked', again)


def test_a_bad_review_changes_nothing(store, evening):
    wid = evening[0]["id"]
    with pytest.raises(actions.Refused):
        store.write(name_cases.review_names, wid, {"Tiina Rautio": "keep", "X": "publish"})
    with store.read() as tx:
        assert tx.name_reviews(wid) == []


def test_small_cells_are_counted_by_people_not_phones(store, evening):
    rows = rows_of(store, evening[0])
    report = export.report_of(rows, raw=True)
    by_association, by_sector = privacy.respondents(report)
    assert by_association[SMALL.casefold()] == 1
    assert by_sector["liikunta"] == 3
    # A table group of three from the choir makes it big enough to name.
    rows["participants"] = [
        dict(p, headcount=3) if p["association"] == SMALL else p for p in rows["participants"]
    ]
    md = export.export_file(rows, "md", attribution="association").body.decode()
    assert f"– {SMALL}" in md


def test_a_sector_named_in_a_count_has_three_people_behind_it(tmp_path):
    """The participation's sector counts are people (a table group as its headcount), as the
    small-cell rule counts them: a sector is never printed with a count below 3. The dev
    evening has a sector whose only answering phone is a table of four."""
    dev = Store(tmp_path / "dev.db")
    workshop, _secret = export_fixture.build(dev)
    with dev.read() as tx:
        rows = export_rows(tx, workshop["id"])
    dev.close()
    report = export.report_of(rows)
    sectors = dict(report.participation.sectors)
    assert sectors and all(n >= 3 for key, n in sectors.items() if key != "muu"), sectors
    text = export.render(report, "md").body.decode()
    assert re.search(r"Vastaajien toiminta-alat:\*\* .*Vapaaehtoinen pelastustoiminta [3-9]", text)
