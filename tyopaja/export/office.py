"""Word (.docx) and LibreOffice (.odt) documents from the Markdown documents, through pandoc.

The Markdown a document shape writes (export/documents.py) is read by pandoc as CommonMark
with pipe tables, so its backslash escapes (`\\#`, `\\<`, `1\\.`) are resolved and never
reach the office file; headings, lists and tables become real Word/Writer headings, lists
and tables. Charts go in as PNG (export/chartpng.py): Word before 2016 shows no SVG.

Styles come from a reference document (`export/reference/reference.docx` and `.odt`,
pandoc's clean defaults); a municipality restyles by editing the styles in one and setting
`TYOPAJA_REFERENCE_DOCX` / `TYOPAJA_REFERENCE_ODT` to it. The document's language (fi, sv,
en) is set, so spelling and hyphenation follow it.

pandoc ships inside the `pypandoc-binary` wheel; nothing is installed on the system.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Mapping
from pathlib import Path

import pypandoc

from tyopaja.export.markdown import CHART_DIR

REFERENCE_DIR = Path(__file__).with_name("reference")
OFFICE_FORMATS = ("docx", "odt")
CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
}
LANG_TAGS = {"fi": "fi-FI", "sv": "sv-FI", "en": "en-GB"}
# Our Markdown is CommonMark plus GFM pipe tables (markdown-it-py's js-default preset).
READER = "commonmark+pipe_tables"
_CHART = re.compile(rf"^(!\[[^\n]*\])\({CHART_DIR}/([a-z0-9_-]+)\.svg\)$", re.MULTILINE)
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def reference(fmt: str) -> Path:
    """The reference document whose styles the output takes."""
    env = os.environ.get(f"TYOPAJA_REFERENCE_{fmt.upper()}")
    if env and Path(env).is_file():
        return Path(env)
    return REFERENCE_DIR / f"reference.{fmt}"


def plain(markdown_line: str) -> str:
    """A line of our Markdown as plain text (backslash escapes and ** removed)."""
    return _ESCAPE.sub(r"\1", markdown_line.replace("**", ""))


def to_office(markdown: str, charts_png: Mapping[str, bytes], fmt: str, lang: str) -> bytes:
    """The .docx or .odt of a Markdown document; `charts_png` maps step ids to PNG bytes."""
    if fmt not in OFFICE_FORMATS:
        raise ValueError(f"not an office format: {fmt}")
    title = ""
    lines = markdown.split("\n", 1)
    if lines and lines[0].startswith("# "):
        # The first heading becomes the document's title (its Title style and properties).
        title = plain(lines[0][2:])
        markdown = lines[1] if len(lines) > 1 else ""
    with tempfile.TemporaryDirectory(prefix="tyopaja-office-") as tmp:
        folder = Path(tmp)
        (folder / CHART_DIR).mkdir()
        for step_id, png in charts_png.items():
            (folder / CHART_DIR / f"{step_id}.png").write_bytes(png)

        def image(match: re.Match[str]) -> str:
            if match.group(2) in charts_png:
                return f"{match.group(1)}({CHART_DIR}/{match.group(2)}.png)"
            return ""

        source = _CHART.sub(image, markdown)
        out = folder / f"document.{fmt}"
        args = [
            f"--reference-doc={reference(fmt)}",
            f"--resource-path={folder}",
            f"--metadata=lang:{LANG_TAGS.get(lang, lang)}",
        ]
        if title:
            args.append(f"--metadata=title:{title}")
        pypandoc.convert_text(
            source, fmt, format=READER, outputfile=str(out), extra_args=args, sandbox=False
        )
        return out.read_bytes()
