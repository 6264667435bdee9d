"""Word (.docx) and LibreOffice (.odt) documents from the Markdown documents, through pandoc.

The Markdown a document shape writes (export/documents.py) is read by pandoc as CommonMark
with pipe tables, so its backslash escapes (`\\#`, `\\<`, `1\\.`) are resolved and never
reach the office file; headings, lists and tables become real Word/Writer headings, lists
and tables. Charts go in as PNG (export/chartpng.py): Word before 2016 shows no SVG.

Styles come from a reference document (`export/reference/reference.docx` and `.odt`,
pandoc's clean defaults); a municipality restyles by editing the styles in one and setting
`TYOPAJA_REFERENCE_DOCX` / `TYOPAJA_REFERENCE_ODT` to it. The document's language (fi, sv,
en) is set, so spelling and hyphenation follow it.

pandoc ships inside the `pypandoc-binary` wheel (pypandoc only finds it); nothing is
installed on the system. It runs as a process of its own with the Markdown on its standard
input.
"""

from __future__ import annotations

import calendar
import os
import re
import subprocess
import tempfile
from collections.abc import Mapping
from functools import lru_cache
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
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
TIMEOUT_SECONDS = 300  # a 2,000-answer document takes seconds; a loaded machine, more


class ConversionFailed(RuntimeError):
    """pandoc did not produce the document (missing, timed out or failed)."""


@lru_cache(maxsize=1)
def pandoc() -> str:
    """The pandoc binary inside the pypandoc-binary wheel (else one on the PATH)."""
    return pypandoc.get_pandoc_path()


def _epoch(date: str) -> str:
    """SOURCE_DATE_EPOCH for pandoc: noon UTC on the workshop's date, so bytes are stable."""
    match = _ISO.match(date or "")
    if match:
        year, month, day = (int(x) for x in match.groups())
        if 1980 <= year <= 2107 and 1 <= month <= 12 and 1 <= day <= 31:
            try:
                return str(calendar.timegm((year, month, day, 12, 0, 0)))
            except ValueError:
                pass
    return "315532800"  # 1980-01-01, the earliest time a zip can hold


def reference(fmt: str) -> Path:
    """The reference document whose styles the output takes."""
    env = os.environ.get(f"TYOPAJA_REFERENCE_{fmt.upper()}")
    if env and Path(env).is_file():
        return Path(env)
    return REFERENCE_DIR / f"reference.{fmt}"


def plain(markdown_line: str) -> str:
    """A line of our Markdown as plain text (backslash escapes and ** removed)."""
    return _ESCAPE.sub(r"\1", markdown_line.replace("**", ""))


def to_office(
    markdown: str, charts_png: Mapping[str, bytes], fmt: str, lang: str, date: str = ""
) -> bytes:
    """The .docx or .odt of a Markdown document; `charts_png` maps step ids to PNG bytes.

    The same input gives the same bytes: pandoc stamps the file with `date` (ISO, the
    workshop's date) through SOURCE_DATE_EPOCH instead of the clock.
    """
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
            pandoc(),
            f"--from={READER}",
            f"--to={fmt}",
            f"--output={out}",
            f"--reference-doc={reference(fmt)}",
            f"--lua-filter={REFERENCE_DIR / 'column-widths.lua'}",
            f"--resource-path={folder}",
            f"--metadata=lang:{LANG_TAGS.get(lang, lang)}",
        ]
        if title:
            args.append(f"--metadata=title:{title}")
        env = {"SOURCE_DATE_EPOCH": _epoch(date), "LANG": "C.UTF-8", "PATH": os.defpath}
        try:
            subprocess.run(
                args,
                input=source.encode("utf-8"),
                env=env,
                cwd=folder,
                check=True,
                capture_output=True,
                timeout=TIMEOUT_SECONDS,
            )
        except (OSError, subprocess.SubprocessError) as error:
            raise ConversionFailed(str(error)[:500]) from error
        return out.read_bytes()
