"""Importing answers from CSV and JSON Lines: line-numbered errors, all or nothing, round trip."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from tests import export_fixture
from tests.helpers import TEST_SCRIPT
from tyopaja import export
from tyopaja.core.importer import ImportInvalid, ImportRow, check_rows, parse_import
from tyopaja.reads.followup import export_rows
from tyopaja.script.parse import parse_script
from tyopaja.usecases import actions

SCRIPT = parse_script(TEST_SCRIPT)


def lines(invalid: ImportInvalid) -> list[int]:
    return [e.line for e in invalid.errors]


def test_csv_with_semicolons_bom_and_finnish_headers():
    data = "\ufeffvaihe;vastaus;osallistuja;yhdistys;toimiala\r\n"
    data += "toimii;Hyvä haku;o1;Latu ry;liikunta\r\n"
    data += 'tilat;"Kaksi\nriviä; ja puolipiste";;;\r\n'
    rows = parse_import(data.encode("utf-8"), "vastaukset.csv")
    assert rows == [
        ImportRow(2, "toimii", "Hyvä haku", "o1", "Latu ry", "liikunta"),
        ImportRow(3, "tilat", "Kaksi\nriviä; ja puolipiste"),
    ]


def test_csv_with_commas_english_headers_and_windows_1252():
    data = "step,text,association\nmuuttaa,Enemmän rahaa kesäksi,Kylä ry\n".encode("cp1252")
    assert parse_import(data, "x.csv") == [
        ImportRow(2, "muuttaa", "Enemmän rahaa kesäksi", association="Kylä ry")
    ]


def test_defused_formulas_come_back_as_typed():
    data = "vaihe;vastaus\ntoimii;'=1+1\ntoimii;'-ei mitään\ntoimii;'tavallinen\n"
    texts = [row.text for row in parse_import(data.encode(), "a.csv")]
    assert texts == ["=1+1", "-ei mitään", "'tavallinen"]


def test_json_lines():
    data = "\n".join(
        [
            json.dumps({"step": "toimii", "text": "Hyvä", "participant": 7}),
            "",
            json.dumps({"step": "Mitä pitäisi muuttaa?", "text": "Kaikki", "sector": None}),
        ]
    )
    rows = parse_import(data.encode(), "kysely.jsonl")
    assert rows == [
        ImportRow(1, "toimii", "Hyvä", "7"),
        ImportRow(3, "Mitä pitäisi muuttaa?", "Kaikki"),
    ]


def test_every_bad_line_is_reported_with_its_number():
    data = "\n".join(
        [
            json.dumps({"step": "toimii", "text": "ok"}),
            "{ei jsonia",
            json.dumps(["lista"]),
            json.dumps({"step": "toimii"}),
            json.dumps({"step": "toimii", "text": "x" * 2001}),
            json.dumps({"step": "toimii", "text": {"olio": 1}}),
            json.dumps({"step": "toimii", "text": "null\u0000merkki"}),
            json.dumps({"step": "toimii", "text": "orpo \ud800"}),
        ]
    )
    with pytest.raises(ImportInvalid) as caught:
        parse_import(data.encode(), "a.jsonl")
    assert lines(caught.value) == [2, 3, 4, 5, 6, 7, 8]
    messages = [e.message for e in caught.value.errors]
    assert messages[0] == "Rivi ei ole kelvollista JSONia."
    assert messages[2] == "Vastaus puuttuu."
    assert messages[3] == "Vastaus on liian pitkä: 2\u00a0001 merkkiä, enintään 2\u00a0000."


def test_missing_columns_and_empty_files():
    for data, message in (
        (b"", "Tiedosto on tyhjä."),
        (b"nimi;teksti\nx;y\n", "Ensimmäisellä rivillä pitää olla sarakkeiden nimet"),
        (b"vaihe;vastaus;step\nx;y;z\n", "Sarake step on kahdesti."),
        (b"vaihe;vastaus\n\n;\n", "Tiedostossa ei ole yhtään vastausta."),
    ):
        with pytest.raises(ImportInvalid) as caught:
            parse_import(data, "a.csv")
        assert caught.value.errors[0].line == 1
        assert caught.value.errors[0].message.startswith(message)


def test_steps_are_matched_by_id_or_exact_question():
    rows = [
        ImportRow(2, "toimii", "a"),
        ImportRow(3, "  Mitä   pitäisi muuttaa? ", "b"),
        ImportRow(4, "ei-ole", "c"),
        ImportRow(5, "Mitä pitäisi muuttaa", "d"),
    ]
    with pytest.raises(ImportInvalid) as caught:
        check_rows(rows, SCRIPT)
    assert lines(caught.value) == [4, 5]
    assert "Vaihetta ”ei-ole” ei löydy." in caught.value.errors[0].message
    assert [r.step for r in check_rows(rows[:2], SCRIPT)] == ["toimii", "muuttaa"]


def test_one_participant_keeps_one_association():
    rows = [
        ImportRow(2, "toimii", "a", "p1", "Latu ry"),
        ImportRow(9, "tilat", "b", "p1", "Muu ry"),
    ]
    with pytest.raises(ImportInvalid) as caught:
        check_rows(rows, SCRIPT)
    assert caught.value.errors[0].line == 9
    assert "rivillä 2" in caught.value.errors[0].message


def test_import_is_all_or_nothing(store, workshop):
    wid = workshop[0]["id"]
    good = [ImportRow(2, "toimii", "hyvä"), ImportRow(3, "tilat", "toinen")]
    bad = [*good, ImportRow(4, "ei-ole", "huono")]
    with pytest.raises(ImportInvalid):
        store.write(actions.import_answers, wid, bad)
    with store.read() as tx:
        assert tx.answers(wid) == []
        assert tx.participants(wid) == []
    done = store.write(actions.import_answers, wid, good)
    assert done.ack == {"ok": True, "imported": 2}
    with store.read() as tx:
        answers = tx.answers(wid)
    assert [(a["step_id"], a["text"], a["source"]) for a in answers] == [
        ("toimii", "hyvä", "import"),
        ("tilat", "toinen", "import"),
    ]


def test_imported_participants_keep_their_association_and_stay_out_of_the_head_count(
    store, workshop
):
    wid = workshop[0]["id"]
    rows = [
        ImportRow(2, "toimii", "a", "lomake 1", "Latu ry", "liikunta"),
        ImportRow(3, "tilat", "b", "lomake 1", "Latu ry", "liikunta"),
        ImportRow(4, "tilat", "c", "", "Martat ry", ""),
        ImportRow(5, "tilat", "d"),
    ]
    store.write(actions.import_answers, wid, rows)
    with store.read() as tx:
        report = export.report_of(export_rows(tx, wid), raw=True)
    answers = {a.text: a for a in report.step("toimii").answers + report.step("tilat").answers}
    assert answers["a"].respondent == answers["b"].respondent == "t1"
    assert answers["a"].association == "Latu ry" and answers["c"].association == "Martat ry"
    assert answers["d"].respondent == "" and answers["d"].association == ""
    p = report.participation
    assert (p.people, p.phones, p.imported) == (0, 0, 4)
    assert p.associations == ("Latu ry", "Martat ry")


def answer_set(report) -> Counter:
    """What must survive a round trip: step, text, association, sector (as a multiset)."""
    return Counter(
        (a.step, a.text, a.association, a.sector) for step in report.steps for a in step.visible
    )


def partition(report) -> set[frozenset]:
    """Which answers came from the same participant."""
    by: dict[str, set] = {}
    for step in report.steps:
        for a in step.visible:
            if a.respondent:
                by.setdefault(a.respondent, set()).add((a.step, a.text))
    return {frozenset(v) for v in by.values()}


def test_round_trip_export_csv_then_import_gives_the_same_answers(store, tmp_path):
    source, _ = export_fixture.build(store)
    with store.read() as tx:
        original = export.report_of(export_rows(tx, source["id"]), raw=True)
    csv_bytes = export.render(original, "csv-raw").body

    copy, _ = store.write(actions.create_workshop, export_fixture.SCRIPT)
    rows = parse_import(csv_bytes, "vastaukset.csv", script=parse_script(export_fixture.SCRIPT))
    store.write(actions.import_answers, copy["id"], rows)
    with store.read() as tx:
        imported = export.report_of(export_rows(tx, copy["id"]), raw=True)

    assert answer_set(imported) == answer_set(original)
    assert partition(imported) == partition(original)
    # And once more: the second export reads back to the same again.
    again = parse_import(export.render(imported, "csv-raw").body, "b.csv")
    assert [(r.step, r.text) for r in again] == [(r.step, r.text) for r in rows]
