"""Golden files: the export of a realistic evening, byte for byte.

The workshop is built from the shared dev data (tests/export_fixture.py) in a real SQLite
file. When an export text changes on purpose, regenerate the goldens and read the diff:

    TYOPAJA_UPDATE_GOLDEN=1 python -m pytest tests/socket/test_export_golden.py
    git diff tests/golden/
"""

from __future__ import annotations

import io
import json
import os
import zipfile
from pathlib import Path

import pytest

from tests import export_fixture
from tyopaja import export
from tyopaja.export import documents, names
from tyopaja.store import Store

GOLDEN = Path(__file__).resolve().parents[1] / "golden"
UPDATE = os.environ.get("TYOPAJA_UPDATE_GOLDEN") == "1"


@pytest.fixture(scope="module")
def evening(tmp_path_factory):
    """The stored evening: (store, workshop row, export rows)."""
    store = Store(tmp_path_factory.mktemp("golden") / "evening.db")
    workshop, _secret = export_fixture.build(store)
    with store.read() as tx:
        rows = tx.export_rows(workshop["id"])
    yield store, workshop, rows
    store.close()


@pytest.fixture(scope="module")
def report(evening):
    return export.report_of(evening[2])


def check_golden(name: str, body: bytes) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(body)
    assert path.exists(), f"missing golden {name}: run with TYOPAJA_UPDATE_GOLDEN=1"
    assert body == path.read_bytes(), f"{name} differs from its golden file"


@pytest.mark.parametrize(
    ("fmt", "name"),
    [
        ("md", "yhteistyoasiakirja.md"),
        ("md-welfare", "hyvinvointikertomus.md"),
        ("md-full", "koko-aineisto.md"),
        ("json", "tyopaja.json"),
        ("csv", "vastaukset.csv"),
        ("ics", "vuosikello.ics"),
    ],
)
def test_format_matches_golden(report, fmt, name):
    check_golden(name, export.render(report, fmt).body)


def test_participants_summary_matches_golden(report):
    check_golden("yhteenveto.md", export.summary_markdown(report).encode("utf-8"))


def test_swedish_summary_matches_golden(evening):
    report = export.report_of(evening[2], "sv")
    check_golden("yhteenveto.sv.md", export.summary_markdown(report).encode("utf-8"))


@pytest.mark.parametrize("step_id", ["yhteistyo-nyt", "avustus-tarkeimmat"])
def test_charts_match_golden(report, step_id):
    check_golden(f"kaaviot/{step_id}.svg", export.chart_svg(report, step_id).encode("utf-8"))


def test_zip_holds_the_documents_their_charts_and_the_data(report):
    archive = zipfile.ZipFile(io.BytesIO(export.render(report, "zip").body))
    names = sorted(archive.namelist())
    documents_ = [
        f"yhdistysilta-2026/{name}.{ext}"
        for name in (
            "hyvinvointikertomuksen-aineisto",
            "koko-aineisto",
            "yhteistyoasiakirjan-aineisto",
        )
        for ext in ("docx", "md", "odt")
    ]
    assert names == sorted(
        [
            *documents_,
            "yhdistysilta-2026/kaaviot/avustus-tarkeimmat.svg",
            "yhdistysilta-2026/kaaviot/yhteistyo-nyt.svg",
            "yhdistysilta-2026/taulukot.xlsx",
            "yhdistysilta-2026/tyopaja.json",
            "yhdistysilta-2026/vastaukset.csv",
            "yhdistysilta-2026/vuosikello.ics",
        ]
    )
    inner = archive.read("yhdistysilta-2026/yhteistyoasiakirjan-aineisto.md")
    assert inner.decode() == documents.cooperation(report).markdown
    assert archive.read("yhdistysilta-2026/taulukot.xlsx") == export.render(report, "xlsx").body
    # Every chart a document refers to is in the zip, beside it.
    for shape in documents.SHAPES:
        for step_id in documents.SHAPES[shape](report).charts:
            assert f"yhdistysilta-2026/kaaviot/{step_id}.svg" in names
    # Same data, same bytes (fixed timestamps inside the zip).
    assert export.render(report, "zip").body == export.render(report, "zip").body


def visible_texts(store: Store, workshop_id: int) -> list[str]:
    with store.read() as tx:
        return [
            a["text"] for a in tx.answers(workshop_id, include_hidden=False) if a["text"].strip()
        ]


def test_appendix_quotes_every_visible_answer_and_leaves_out_hidden_and_withdrawn(evening):
    store, workshop, rows = evening
    markdown = export.render(export.report_of(rows), "md").body.decode()
    appendix = markdown.split("## Liite: kaikki vastaukset")[1]
    html = export.to_html(appendix)
    for text in visible_texts(store, workshop["id"]):
        if "@" in text or "040" in text or names.find(text):
            continue  # masked, see the next test and tests/socket/test_export_privacy.py
        expected = " / ".join(line.strip() for line in text.splitlines() if line.strip())
        assert expected.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") in html
    hidden = [a["text"] for a in rows["answers"] if a["hidden"]]
    with store.read() as tx:
        withdrawn = tx.db.execute(
            "SELECT text FROM answers WHERE withdrawn = 1 AND workshop_id = ?", (workshop["id"],)
        ).fetchall()
    assert hidden and withdrawn
    for text in hidden + [row[0] for row in withdrawn]:
        assert f"”{text}”" not in markdown
    assert "Testi testi" not in markdown  # a hidden calendar entry
    assert "Peruttu tapahtuma" not in markdown  # a withdrawn one


def test_contact_details_are_masked_in_every_format(report):
    for fmt in ("md", "md-welfare", "md-full", "json", "csv"):
        body = export.render(report, fmt).body.decode("utf-8")
        assert "tiedotus@kotaniemenvy.fi" not in body
        assert "040 123 4567" not in body
        assert "sähköpostiosoite poistettu" in body
        assert "puhelinnumero poistettu" in body


def test_participation_counts_table_groups_by_headcount(report):
    p = report.participation
    # 13 answering phones + 12 voting phones; two of them are tables of 3 and 4 people.
    assert p.phones == 25
    assert p.people == 25 - 2 + 3 + 4
    assert dict(p.tables) == {"Pöytä 4": 3, "Pöytä 7": 4}
    assert len(p.associations) + p.other_associations == 14


def test_json_has_the_documented_structure(report):
    data = json.loads(export.render(report, "json").body)
    assert set(data) == {
        "format",
        "version",
        "workshop",
        "participation",
        "themes",
        "steps",
        "calendar",
    }
    step = next(s for s in data["steps"] if s["id"] == "avustus-kehitys")
    assert {"id", "kind", "theme", "text", "answers", "groups"} <= set(step)
    answer = step["answers"][0]
    assert {"id", "text", "association", "sector", "hidden", "votes"} <= set(answer)
    group = step["groups"][0]
    assert {"id", "title", "answers", "votes", "suggested"} <= set(group)
    ids = {a["id"] for a in step["answers"]}
    assert all(set(g["answers"]) <= ids for g in step["groups"])
    # Dot votes on groups: the best group leads, its points add up with the others.
    results = next(s for s in data["steps"] if s["id"] == "avustus-tarkeimmat")["results"]
    assert [g["votes"] for g in step["groups"]] == sorted(
        (g["votes"] for g in step["groups"]), reverse=True
    )
    assert sum(g["votes"] for g in step["groups"]) == sum(i["points"] for i in results["items"])
