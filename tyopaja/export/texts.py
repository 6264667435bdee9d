"""The export's own words in Finnish, Swedish and English, through a gettext domain. Pure Python.

Export texts live in their own catalog (`translations/<lang>/LC_MESSAGES/export.po`), so
that the export works without Flask and translators see them apart from the UI. Msgids
are Finnish. Strings are marked with `tr`, `trn` and `mark` (see docs/export.md for the
extraction command).
"""

from __future__ import annotations

import re
from typing import Any

from tyopaja.catalogs import catalog
from tyopaja.core.labels import LANGS, MONTHS, SECTOR_LABELS

DOMAIN = "export"


def mark(message: str) -> str:
    """Mark a string for extraction; translate it later with `Texts.tr`."""
    return message


LANG_NAMES = {"fi": mark("suomi"), "sv": mark("ruotsi"), "en": mark("englanti")}

_QUOTES = {"en": ("“", "”")}
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


class Texts:
    """Translated export texts and number, date and month formats for one language."""

    def __init__(self, lang: str = "fi"):
        self.lang = lang if lang in LANGS else "fi"
        self._catalog = catalog(DOMAIN, self.lang)

    def tr(self, message: str, **variables: Any) -> str:
        """Translate a message and fill in `%(name)s` variables."""
        text = self._catalog.gettext(message)
        return text % variables if variables else text

    def trn(self, singular: str, plural: str, num: int, **variables: Any) -> str:
        """Translate a message with a plural form; `%(num)s` is the count."""
        text = self._catalog.ngettext(singular, plural, num)
        return text % dict(variables, num=self.number(num))

    def month(self, month: int) -> str:
        """The name of a month (1-12), capitalised."""
        name = self.tr(MONTHS[month - 1])
        return name[:1].upper() + name[1:]

    def sector(self, sector: str) -> str:
        """The readable name of a sector key; unknown sectors as written."""
        return self.tr(SECTOR_LABELS[sector]) if sector in SECTOR_LABELS else sector

    def lang_name(self, code: str) -> str:
        """The name of a language code in this language."""
        return self.tr(LANG_NAMES[code]) if code in LANG_NAMES else code

    def number(self, value: float | int | None) -> str:
        """A number as people write it: decimal comma (fi, sv), thin grouping of thousands."""
        if value is None:
            return "–"
        if isinstance(value, float) and not value.is_integer():
            text = f"{value:,.1f}"
        else:
            text = f"{int(value):,}"
        if self.lang == "en":
            return text
        return text.replace(",", "\u00a0").replace(".", ",")

    def decimal(self, value: float | int | None) -> str:
        """A mean or a median with one decimal always (2,0 not 2), so that figures line up."""
        if value is None:
            return "–"
        text = f"{float(value):,.1f}"
        if self.lang == "en":
            return text
        return text.replace(",", "\u00a0").replace(".", ",")

    def date(self, raw: str) -> str:
        """An ISO date as 26.11.2026 (fi, sv) or 26 November 2026 (en); other text as is."""
        match = _ISO_DATE.match(raw.strip())
        if not match:
            return raw.strip()
        year, month, day = (int(part) for part in match.groups())
        if not 1 <= month <= 12:
            return raw.strip()
        if self.lang == "en":
            return f"{day} {self.month(month)} {year}"
        return f"{day}.{month}.{year}"

    def quote(self, text: str) -> str:
        """Text between this language's quotation marks (”…” in Finnish and Swedish)."""
        left, right = _QUOTES.get(self.lang, ("”", "”"))
        return f"{left}{text}{right}"
