"""Office documents: pandoc (pypandoc-binary) against python-docx, on the dev evening.

Usage: python -m bench.office_compare [--repeat 5]   (needs `pip install python-docx`)

Builds the dev evening (tests/export_fixture.py) in a temporary SQLite file, renders the
cooperation document's Markdown, and times, as the median of --repeat runs:

- pandoc: `export.office.to_office` (.docx and .odt; CommonMark + pipe tables in, the
  reference document's styles, PNG charts) — what the export uses;
- python-docx: a straightforward writer over markdown-it-py's tokens (headings, paragraphs
  with bold runs, bullet lists, tables, the PNG charts) — what choosing python-docx would
  mean (.docx only: python-docx writes no .odt).

It prints the size of each file and what each kept (headings, tables, list paragraphs,
images), read back from the .docx with python-docx.
"""

from __future__ import annotations

import argparse
import io
import re
import statistics
import tempfile
import time
from pathlib import Path

from markdown_it import MarkdownIt

from tests import export_fixture
from tyopaja import export
from tyopaja.export import bundle, chartpng, charts, documents, office
from tyopaja.export.texts import Texts
from tyopaja.store import Store

_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def python_docx(markdown: str, pngs: dict[str, bytes]) -> bytes:
    """A .docx from our Markdown with python-docx (the writer one would have to maintain)."""
    import docx
    from docx.shared import Cm

    doc = docx.Document()
    tokens = MarkdownIt("js-default").parse(markdown)
    i = 0
    list_item = False
    while i < len(tokens):
        tok = tokens[i]
        if tok.type == "heading_open":
            doc.add_heading(_plain(tokens[i + 1]), level=min(int(tok.tag[1]), 9) - 1 or 0)
            i += 3
            continue
        if tok.type == "bullet_list_open":
            list_item = True
        elif tok.type == "bullet_list_close":
            list_item = False
        elif tok.type == "inline" and tokens[i - 1].type == "paragraph_open":
            image = next((c for c in tok.children or [] if c.type == "image"), None)
            if image is not None:
                step = Path(image.attrs["src"]).stem
                if step in pngs:
                    doc.add_picture(io.BytesIO(pngs[step]), width=Cm(16))
            else:
                para = doc.add_paragraph(style="List Bullet" if list_item else None)
                _runs(para, tok)
        elif tok.type == "table_open":
            i = _table(doc, tokens, i)
            continue
        i += 1
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _plain(inline) -> str:
    return "".join(c.content for c in inline.children or [] if c.type == "text")


def _runs(para, inline) -> None:
    bold = False
    for child in inline.children or []:
        if child.type == "strong_open":
            bold = True
        elif child.type == "strong_close":
            bold = False
        elif child.type in ("text", "softbreak"):
            para.add_run(child.content or " ").bold = bold


def _table(doc, tokens, i: int) -> int:
    rows: list[list[str]] = []
    while tokens[i].type != "table_close":
        if tokens[i].type == "tr_open":
            rows.append([])
        elif tokens[i].type == "inline":
            rows[-1].append(_plain(tokens[i]))
        i += 1
    table = doc.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = "Table Grid"
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            table.cell(r, c).text = text
    return i + 1


def kept(body: bytes) -> dict[str, int]:
    import docx

    doc = docx.Document(io.BytesIO(body))
    styles = [p.style.name for p in doc.paragraphs]
    return {
        "headings": sum(1 for s in styles if s.startswith("Heading") or s == "Title"),
        "tables": len(doc.tables),
        "list paragraphs": sum(
            1 for p in doc.paragraphs if p._p.pPr is not None and p._p.pPr.numPr is not None
        )
        + sum(1 for s in styles if s == "List Bullet"),
        "images": len(doc.inline_shapes),
        "escapes left": len(_ESCAPE.findall("\n".join(p.text for p in doc.paragraphs))),
    }


def timed(fn, repeat: int) -> tuple[float, bytes]:
    times, body = [], b""
    for _ in range(repeat):
        start = time.perf_counter()
        body = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), body


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "evening.db")
        workshop, _ = export_fixture.build(store)
        with store.read() as tx:
            rows = tx.export_rows(workshop["id"])
        store.close()
    report = export.report_of(rows)
    document = documents.cooperation(report)
    svgs = charts.charts_of(list(report.steps), document.charts, Texts(report.lang))
    pngs = {k: chartpng.to_png(v) for k, v in svgs.items()}
    print(f"Markdown: {len(document.markdown):,} characters, {len(pngs)} charts")
    runs = {
        "pandoc .docx": lambda: office.to_office(document.markdown, pngs, "docx", "fi"),
        "pandoc .odt": lambda: office.to_office(document.markdown, pngs, "odt", "fi"),
        "python-docx .docx": lambda: python_docx(document.markdown, pngs),
        "charts as PNG (Pillow)": lambda: b"".join(chartpng.to_png(s) for s in svgs.values()),
        "whole document (pandoc .docx)": lambda: bundle.office_document(report, "md", "docx"),
    }
    for name, fn in runs.items():
        seconds, body = timed(fn, args.repeat)
        line = f"{name:32} {seconds * 1000:7.0f} ms {len(body) / 1024:7.1f} KiB"
        if name.endswith(".docx"):
            line += "  " + ", ".join(f"{k} {v}" for k, v in kept(body).items())
        print(line)


if __name__ == "__main__":
    main()
