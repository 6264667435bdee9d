"""Data formats and report rules: CSV for Finnish Excel, iCalendar, automatic grouping, votes."""

from __future__ import annotations

import csv
import io
import json

import pytest

from tyopaja import export
from tyopaja.export import documents
from tyopaja.export.data import defuse
from tyopaja.export.ics import escape_text, fold
from tyopaja.export.safe import md
from tyopaja.grouping import engine as grouping
from tyopaja.reads.followup import export_rows
from tyopaja.usecases import actions
from tyopaja.usecases.base import Actor

SCRIPT = """\
# Ilta

## Hyvinvointityö

### avoin: Mikä kuntalaisten arjessa huolestuttaa?
- id: huolet
- vastauksia: 5

## Järjestöystävällinen kunta

### asteikko: 1. Asukkaat voivat osallistua. Kuinka hyvin tämä toteutuu?
- id: k1
- asteikko: 1–5

### asteikko: 4. Yhdistykset saavat tiloja maksutta. Kuinka hyvin tämä toteutuu?
- id: k4
- asteikko: 1–5

## Priorisointi

### järjestys: Mikä ensin?
- id: jarjestys
- vaihtoehdot:
  - Tilat
  - Avustukset
  - Viestintä

### valinta: Milloin haku?
- id: haku
- vaihtoehdot:
  - Keväällä
  - Syksyllä

## Vuosikello

### tapahtuma: Tapahtumat?
- id: tapahtumat
"""

WORRIES = [
    "Yksinäisyys ikäihmisillä on lisääntynyt",
    "Ikäihmisten yksinäisyys huolestuttaa",
    "Nuorten mielenterveys ja jaksaminen",
    "Nuorten mielenterveyspalvelut eivät riitä",
    "Ruoan hinta ja toimeentulo",
    "=SUMMA(A1:A9)",
    "-5 astetta ja liukasta, +lisää hiekkaa",
    "@kaikki huomio",
]


@pytest.fixture
def evening(store):
    workshop, _ = store.write(actions.create_workshop, SCRIPT, date="2026-09-10")
    wid = workshop["id"]

    def fill(tx):
        for i, text in enumerate(WORRIES):
            row, _ = actions.join(tx, wid, f"phone-{i:02d}-00000000000", "s" * 32, "fi")
            tx.update_participant(row["id"], association=f"Yhdistys {i % 3} ry", sector="sote")
            actions.submit_answer(tx, Actor(wid, row["id"]), f"a{i}", "huolet", text)
            for step, payload in (
                ("k1", {"value": 1 + i % 5}),
                ("k4", {"value": 5 - i % 2}),
                ("jarjestys", {"order": [i % 3, (i + 1) % 3, (i + 2) % 3]}),
                ("haku", {"options": [i % 2]}),
            ):
                tx.db["ballots"].insert(
                    {"workshop_id": wid, "step_id": step, "participant_id": row["id"],
                     "payload": json.dumps(payload), "updated_at": "2026-09-10T18:00:00Z"}
                )  # fmt: skip
        for i, (month, day, what) in enumerate([(2, "29", "Karkauspäivä"), (12, "", "Joulu")]):
            tx.db["events"].insert(
                {"workshop_id": wid, "step_id": "tapahtumat", "month": month, "day": day,
                 "what": what, "organiser": "Kylä, seura; ja \\muut",
                 "created_at": f"2026-09-10T18:0{i}:00.000Z"}
            )  # fmt: skip

    store.write(fill)
    with store.read() as tx:
        return export_rows(tx, wid)


def test_csv_opens_in_finnish_excel(evening):
    body = export.render(export.report_of(evening), "csv").body
    assert body.startswith(b"\xef\xbb\xbf")  # UTF-8 byte order mark
    text = body.decode("utf-8-sig")
    assert "\r\n" in text and "\n" not in text.replace("\r\n", "")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    assert rows[0][:5] == ["vaihe", "vastaus", "osallistuja", "yhdistys", "toimiala"]
    texts = [row[1] for row in rows[1:]]
    assert "'=SUMMA(A1:A9)" in texts
    assert "'-5 astetta ja liukasta, +lisää hiekkaa" in texts
    assert "'@kaikki huomio" in texts
    assert "Ruoan hinta ja toimeentulo" in texts


@pytest.mark.parametrize(
    ("cell", "safe"),
    [("=1+1", "'=1+1"), ("+358", "'+358"), ("-x", "'-x"), ("@a", "'@a"), ("\tx", "'\tx"),
     ("ok = fine", "ok = fine"), ("", "")],
)  # fmt: skip
def test_cells_that_look_like_formulas_are_defused(cell, safe):
    assert defuse(cell) == safe


def test_ics_entries_escape_fold_and_date(evening):
    ics = export.render(export.report_of(evening), "ics").body.decode()
    lines = ics.split("\r\n")
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-2] == "END:VCALENDAR" and lines[-1] == ""
    assert all(len(line.encode()) <= 75 for line in lines)
    unfolded = ics.replace("\r\n ", "")
    assert "DESCRIPTION:Järjestäjä: Kylä\\, seura\\; ja \\\\muut" in unfolded
    # 29 February 2026 does not exist, and December has no day: each becomes a one-day
    # reminder on the first of its month, the day in words, not a month-long event.
    assert "DTSTART;VALUE=DATE:20260201\r\nDTEND;VALUE=DATE:20260202" in unfolded
    assert "DTSTART;VALUE=DATE:20261201\r\nDTEND;VALUE=DATE:20261202" in unfolded
    assert "(helmikuu\\, päivä ei tiedossa)" in unfolded
    assert unfolded.count("BEGIN:VEVENT") == 2


def test_fold_never_splits_a_character():
    line = "SUMMARY:" + "ä" * 100
    folded = fold(line)
    assert all(len(part.encode()) <= 75 for part in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == line
    assert escape_text("a;b,c\\d\ne") == "a\\;b\\,c\\\\d\\ne"


def test_ungrouped_answers_are_grouped_automatically_and_the_export_says_so(evening):
    report = export.report_of(evening)
    step = report.step("huolet")
    assert step.grouping == "automatic"
    grouping.warm_up()
    visible = [(a.id, a.text) for a in step.visible]
    expected = grouping.suggest_groups(visible, "fi")
    assert [tuple(a.id for a in g.answers) for g in step.groups] == sorted(
        (s.answer_ids for s in expected), key=lambda ids: -len(ids)
    )
    assert all(g.automatic and str(g.id).startswith("auto-") for g in step.groups)
    markdown = documents.full(report).markdown
    assert "Ryhmät on muodostettu automaattisesti." in markdown
    assert "Osa vastauksista on ryhmitelty automaattisesti" in markdown
    # Every visible answer is shown exactly once: in a group or among the others.
    section = markdown.split("### Mikä kuntalaisten arjessa huolestuttaa?")[1].split("\n## ")[0]
    for answer in step.visible:
        # (a bullet each; a readable group title may quote an answer in the summary too)
        assert section.count(f"- ”{md(answer.text)}”") == 1, answer.text


def test_grouped_steps_use_the_facilitators_groups(store, evening):
    wid = evening["workshop"]["id"]
    ids = [a["id"] for a in evening["answers"]]

    def group(tx):
        group_id = tx.insert_group({"workshop_id": wid, "step_id": "huolet", "title": "Ikäihmiset"})
        tx.set_answers_group(ids[:2], group_id)

    store.write(group)
    with store.read() as tx:
        report = export.report_of(export_rows(tx, wid))
    step = report.step("huolet")
    assert step.grouping == "facilitator"
    assert [g.title for g in step.shown_groups] == ["Ikäihmiset"]
    assert len(step.ungrouped) == len(WORRIES) - 2
    assert "automaattisesti" not in documents.full(report).markdown


def test_welfare_report_has_the_self_assessment_table_and_the_sample_note(evening):
    report = export.report_of(evening)
    markdown = documents.welfare(report).markdown
    assert "| Tuntomerkki | Vastaajia | Keskiarvo | Mediaani |" in markdown
    criterion = "1\\. Asukkaat voivat osallistua. Kuinka hyvin tämä toteutuu?"
    assert f"| {criterion} | 8 | 2,6 | 2,5 |" in markdown
    assert "Osallistujat eivät ole edustava otos kuntalaisista." in markdown
    # THL's parts, in order.
    parts = [
        "## Tiivistelmä",
        "## Tausta ja osallistuminen",
        "## Hyvinvoinnin tila: yhdistysten kokemustieto",
        "## Vahvuudet ja kehittämiskohteet",
        "## Tavoitteet, toimenpiteet ja mittarit",
    ]
    assert [markdown.index(part) for part in parts] == sorted(markdown.index(p) for p in parts)
    assert "## Ilon- ja huolenaiheet" not in markdown  # no such theme in this script


def test_scale_rank_and_choice_results(evening):
    report = export.report_of(evening)
    k4 = report.step("k4").result
    assert (k4.voters, k4.mean, k4.median) == (8, 4.5, 4.5)
    assert dict(k4.distribution) == {1: 0, 2: 0, 3: 0, 4: 4, 5: 4}
    rank = report.step("jarjestys").result
    assert [i.label for i in rank.items][0] in ("Tilat", "Avustukset", "Viestintä")
    assert sum(i.points for i in rank.items) == 8 * (3 + 2 + 1)
    choice = report.step("haku").result
    assert {i.label: i.points for i in choice.items} == {"Keväällä": 4, "Syksyllä": 4}
    markdown = documents.cooperation(report).markdown
    assert "| Keväällä | 4 | 50\u00a0% |" in markdown
    assert "Ylimmäksi asetettu vaihtoehto sai 3 pistettä" in markdown


def test_a_workshop_without_answers_exports_cleanly(store):
    workshop, _ = store.write(actions.create_workshop, SCRIPT)
    with store.read() as tx:
        report = export.report_of(export_rows(tx, workshop["id"]))
    for fmt in export.FORMATS:
        assert export.render(report, fmt).body
    markdown = documents.cooperation(report).markdown
    assert "Tähän kysymykseen ei tullut vastauksia." in markdown
    assert "0 henkeä" not in markdown and "0 puhelinta" not in markdown
    assert "Työpajassa ei vastattu puhelimilla." in markdown


def test_the_welfare_material_keeps_the_document_review_out_of_the_goals(store):
    """The cooperation script's "when is the document reviewed" goes to follow-up; the
    goals table has its owner, indicator and timetable columns for the official."""
    from tyopaja.paths import resource_dir

    source = (resource_dir("sessions") / "yhteistyoasiakirja.md").read_text(encoding="utf-8")
    workshop, _ = store.write(actions.create_workshop, source, date="2026-11-26")
    with store.read() as tx:
        report = export.report_of(export_rows(tx, workshop["id"]))
    markdown = documents.welfare(report).markdown
    goals = markdown.index("## Tavoitteet, toimenpiteet ja mittarit")
    follow_up = markdown.index("## Seuranta")
    review = markdown.index("### Milloin asiakirja tarkistetaan?")
    assert goals < follow_up < review
    # Nothing was proposed, so the table is not drawn empty.
    assert "Työpajassa ei ehdotettu toimenpiteitä." in markdown
    cooperation = documents.cooperation(report).markdown
    assert "Työpajassa ei käsitelty" not in cooperation  # the script asks about every chapter
    assert report.calendar_year == 2027  # `vuosi: ensi vuosi`
