"""The export's own catalog (domain "export") covers every marked text in Swedish and English."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po

from tyopaja.export.texts import Texts

ROOT = Path(__file__).resolve().parents[2]
SOURCES = [
    *sorted((ROOT / "tyopaja" / "export").glob("*.py")),
    ROOT / "tyopaja" / "core" / "importer.py",
]
SOURCES.append(ROOT / "tyopaja" / "web" / "export.py")
KEYWORDS = {"tr": None, "trn": (1, 2), "mark": None}


def marked() -> set[str]:
    """Every msgid marked in the export's sources (singular ids for plurals)."""
    ids = set()
    for path in SOURCES:
        for _line, message, _comments, _context in extract_from_file(
            "python", str(path), keywords=KEYWORDS, comment_tags=()
        ):
            ids.add(message[0] if isinstance(message, tuple) else message)
    return ids


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_marked_export_text_is_translated(lang):
    with (ROOT / "tyopaja" / "translations" / lang / "LC_MESSAGES" / "export.po").open(
        "rb"
    ) as handle:
        catalog = read_po(handle)
    translated = {
        (m.id[0] if isinstance(m.id, tuple) else m.id)
        for m in catalog
        if m.id and (all(m.string) if isinstance(m.string, tuple) else m.string)
    }
    missing = sorted(marked() - translated)
    assert missing == [], f"run ./scripts/i18n-export and translate: {missing[:5]}"


def test_compiled_catalogs_are_used():
    assert Texts("sv").tr("Vuosikello") == "Årsklocka"
    assert Texts("en").trn("%(num)s vastaus", "%(num)s vastausta", 3) == "3 answers"
    assert Texts("fi").trn("%(num)s vastaus", "%(num)s vastausta", 1) == "1 vastaus"


def test_numbers_and_dates_follow_the_language():
    assert Texts("fi").number(3.25) == "3,2"
    assert Texts("fi").number(12000) == "12\u00a0000"
    assert Texts("en").number(3.5) == "3.5"
    assert Texts("fi").date("2026-11-26") == "26.11.2026"
    assert Texts("en").date("2026-11-26") == "26 November 2026"
    assert Texts("fi").date("syksy 2026") == "syksy 2026"
