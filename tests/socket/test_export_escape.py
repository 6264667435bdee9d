"""Hostile participant text stays text: no headings, links, images or tags in any export."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from tyopaja import export
from tyopaja.export import documents
from tyopaja.export.safe import mask_contacts, md, one_line
from tyopaja.reads.followup import export_rows
from tyopaja.usecases import actions
from tyopaja.usecases.base import Actor

HOSTILE = [
    "<script>alert('x')</script>",
    "[klikkaa](javascript:alert(1))",
    "![kuva](https://evil.example/x.png)",
    "# Väärä otsikko",
    "## Toinen otsikko\n=====",
    "> lainaus\n> jatkuu",
    "- lista\n- toinen",
    "1. numeroitu",
    "| a | b |\n|---|---|\n| c | d |",
    "<!-- kommentti -->",
    '[viite]: https://evil.example/ "otsikko"',
    "<https://evil.example>",
    "&lt;b&gt;lihava&lt;/b&gt; &#x3C;img src=x onerror=alert(1)&#x3E;",
    "`koodi` ja ```aita```",
    "**lihava** _kursiivi_ ~~yliviivattu~~",
    "    sisennetty koodilohko",
    "rivi\\\nrivinvaihto kenoviivalla",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">linkki</a>',
    "---",
    "***",
    "+ plus",
    "<div>\n\n*ei*\n\n</div>",
    "javascript:alert(document.cookie)",
    "[x]\n\n[x]: javascript:alert(1)",
]

SCRIPT = """\
# Vihamielinen <b>testi</b> [linkki](javascript:x)

## Avustukset <script>

### avoin: Mitä *kuuluu* <i>nyt</i>?
- id: auki
- vastauksia: 20

### pisteet: Mikä on tärkeintä?
- id: pisteet
- äänestä: auki
- pisteitä: 3

### asteikko: Arvio
- id: arvio
- asteikko: 1–3
- ääripäät: <b>huono</b> – [hyvä](javascript:y)

## Vuosikello

### tapahtuma: Tapahtumat?
- id: tapahtumat
"""

ALLOWED_TAGS = {
    "h1", "h2", "h3", "h4", "h5", "h6", "p", "ul", "ol", "li", "strong", "em", "table", "thead",
    "tbody", "tr", "th", "td", "img",
}  # fmt: skip


class Tags(HTMLParser):
    """Collects the tags and attributes of an HTML fragment."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def tags_of(html: str) -> list[tuple[str, dict]]:
    parser = Tags()
    parser.feed(html)
    return parser.tags


def assert_only_our_structure(markdown: str) -> None:
    html = MarkdownIt("js-default").render(markdown)
    for tag, attrs in tags_of(html):
        assert tag in ALLOWED_TAGS, (tag, attrs)
        if tag == "img":
            assert re.fullmatch(r"kaaviot/[a-z0-9_-]+\.svg", attrs["src"]), attrs
            assert not re.search(r"[<>\[\]]", attrs.get("alt", "")), attrs
        else:
            assert attrs == {} or set(attrs) <= {"style"} and tag in ("th", "td"), (tag, attrs)
    assert "<a " not in html
    assert "<script" not in html and "<!--" not in html


@pytest.fixture
def hostile_workshop(store):
    """A workshop whose every free-text field is hostile."""
    workshop, _ = store.write(actions.create_workshop, SCRIPT, municipality="<b>Kunta</b> # x")
    wid = workshop["id"]

    def fill(tx):
        ids = []
        for i, text in enumerate(HOSTILE):
            row, _ = actions.join(tx, wid, f"hostile-{i:02d}-0000000000", "s" * 32, "fi")
            tx.update_participant(
                row["id"],
                association=HOSTILE[-1 - i],
                sector=HOSTILE[i // 2],
                table_label="<b>pöytä</b>" if i == 0 else "",
                headcount=3 if i == 0 else 1,
            )
            ids.append(actions.submit_answer(tx, Actor(wid, row["id"]), f"c{i}", "auki", text).ack)
            tx.update_answer(ids[-1]["answer"], followup=HOSTILE[(i + 3) % len(HOSTILE)])
            payload = {"dots": {f"a:{ids[0]['answer']}": 1}}
            tx.db["ballots"].insert(
                {"workshop_id": wid, "step_id": "pisteet", "participant_id": row["id"],
                 "payload": json.dumps(payload), "updated_at": "2026-01-01T00:00:00Z"}
            )  # fmt: skip
            tx.db["ballots"].insert(
                {"workshop_id": wid, "step_id": "arvio", "participant_id": row["id"],
                 "payload": json.dumps({"value": 1 + i % 3}), "updated_at": "2026-01-01T00:00:00Z"}
            )  # fmt: skip
            tx.db["events"].insert(
                {"workshop_id": wid, "step_id": "tapahtumat", "participant_id": row["id"],
                 "month": 1 + i % 12, "day": HOSTILE[i][:10], "what": text,
                 "organiser": HOSTILE[-1 - i], "created_at": "2026-01-01T00:00:00.000Z"}
            )  # fmt: skip
        group = tx.insert_group({"workshop_id": wid, "step_id": "auki", "title": HOSTILE[0]})
        tx.set_answers_group([ids[1]["answer"], ids[2]["answer"]], group)

    store.write(fill)
    with store.read() as tx:
        return export_rows(tx, wid)


def test_hostile_text_never_becomes_structure_in_any_markdown(hostile_workshop):
    report = export.report_of(hostile_workshop)
    outputs = [render(report).markdown for render in documents.SHAPES.values()]
    outputs.append(export.summary_markdown(report))
    for markdown in outputs:
        assert_only_our_structure(markdown)


def test_hostile_text_is_still_all_there_as_text(hostile_workshop):
    report = export.report_of(hostile_workshop)
    html = export.to_html(documents.full(report).markdown)
    for text in ("<script>alert('x')</script>", "# Väärä otsikko", "![kuva](https://evil"):
        escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        assert escaped.replace("'", "&#x27;") in html or escaped in html


def test_charts_are_well_formed_svg_without_script_or_links(hostile_workshop):
    report = export.report_of(hostile_workshop)
    for step_id in ("pisteet", "arvio"):
        svg = export.chart_svg(report, step_id)
        root = ET.fromstring(svg)
        names = {element.tag.split("}")[-1] for element in root.iter()}
        assert names <= {"svg", "title", "desc", "rect", "text", "line"}, names
        assert "javascript" not in " ".join(v for e in root.iter() for v in e.attrib.values())
        assert root.find("{http://www.w3.org/2000/svg}title").text
        assert "<script" not in svg


def test_ics_and_csv_keep_hostile_text_inert(hostile_workshop):
    report = export.report_of(hostile_workshop)
    csv_text = export.render(report, "csv").body.decode("utf-8-sig")
    for line in csv_text.split("\r\n")[1:]:
        for cell in line.split(";"):
            assert not cell.startswith(("=", "+", "-", "@")), cell
    ics = export.render(report, "ics").body.decode()
    assert all(len(line.encode()) <= 75 for line in ics.split("\r\n"))


# -- the escaping itself -------------------------------------------------------------------

TRICKY = st.text(
    alphabet=st.sampled_from(list("#>-+=*_`[]()!<>|~&\\:./ 0123456789aäö\n\t\r\"'{}$%@;,")),
    max_size=60,
)


@settings(max_examples=400, deadline=None)
@given(TRICKY)
def test_escaped_text_renders_to_exactly_that_text(text):
    """In a list item, a table cell and a heading, md(text) is one text node with the text."""
    parser = MarkdownIt("js-default")
    expected = one_line(text)
    for markdown, wrap in (
        (f"- ”{md(text)}”", ("”", "”")),
        (f"| a |\n| --- |\n| x{md(text)}x |", ("x", "x")),
        (f"### y{md(text)}y", ("y", "y")),
        (md(text), ("", "")),
    ):
        inline = [t for t in parser.parse(markdown) if t.type == "inline"]
        if not expected and not any(wrap):
            continue
        assert len(inline) == 1 + markdown.startswith("|"), markdown
        children = inline[-1].children
        assert {c.type for c in children} <= {"text"}, (markdown, children)
        rendered = "".join(c.content for c in children)
        assert rendered.strip() == f"{wrap[0]}{expected}{wrap[1]}".strip(), markdown


@pytest.mark.parametrize(
    "text",
    [
        "Soita 040 123 4567",
        "Soita +358 40 1234567",
        "soita +358401234567 iltaisin",
        "Toimisto 09-123 4567",
        "Toimisto (09) 123 4567",
        "numero 0401234567.",
        "050-1234567",
        "puh. 044 1234 567",
        "00358 40 123 4567",
    ],
)
def test_finnish_phone_numbers_are_masked(text):
    masked = mask_contacts(text)
    assert "puhelinnumero poistettu" in masked
    assert not re.search(r"\d{3}", masked), masked


@pytest.mark.parametrize(
    "text",
    [
        "Avustus 300 euroa vuodessa",
        "jatkuva haku 100-300e",
        "vuonna 2015, 12.3.2026 klo 09-12",
        "00100 Helsinki",
        "IBAN FI21 1234 5600 0007 85",
        "Jäseniä on 1 250",
    ],
)
def test_other_numbers_are_not_masked(text):
    assert mask_contacts(text) == text


@pytest.mark.parametrize(
    "text", ["maija.meikalainen@example.fi", "info+yhdistys@kunta.fi", "A.B@c-d.example.org"]
)
def test_email_addresses_are_masked(text):
    masked = mask_contacts(f"Kirjoita {text} kiitos")
    assert masked == "Kirjoita (sähköpostiosoite poistettu) kiitos"
