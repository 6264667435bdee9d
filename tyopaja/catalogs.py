"""The gettext catalogs, read without Flask: one loader for the chat, the sockets and the export.

The compiled catalogs live in `tyopaja/translations/<lang>/LC_MESSAGES/`, three domains:
`messages` (pages, the chat, refusals; Flask-Babel reads the same files for the templates),
`selko` (the chat's Finnish in selkokieli, web/selko.py) and `export` (export/texts.py).
Finnish is the source language: its msgids are the texts, so Finnish needs no catalog but
selkokieli's. Catalogs never change while a process runs; each is read once.
"""

from __future__ import annotations

import gettext
from functools import lru_cache
from typing import Any

from tyopaja.core.labels import LANGS
from tyopaja.paths import resource_dir


@lru_cache(maxsize=16)
def catalog(domain: str, lang: str) -> gettext.NullTranslations:
    """The catalog of one domain in one language (Finnish: the msgids themselves)."""
    lang = lang if lang in LANGS else "fi"
    if lang == "fi" and domain != "selko":
        return gettext.NullTranslations()
    return gettext.translation(
        domain, str(resource_dir("translations")), languages=[lang], fallback=True
    )


class Translator:
    """The chat's translator (chat.model.Translator) for one language, and for selkokieli
    when `plain` (Finnish only): gettext and ngettext with %(name)s variables, as Flask-Babel's
    functions take them."""

    def __init__(self, lang: str, plain: bool = False) -> None:
        self._catalog = catalog("selko" if plain and lang == "fi" else "messages", lang)

    def gettext(self, message: str, **variables: Any) -> str:
        """Translate a message."""
        text = self._catalog.gettext(message)
        return text % variables if variables else text

    def ngettext(self, singular: str, plural: str, num: int, **variables: Any) -> str:
        """Translate a message with a plural form; `num` is one of the variables."""
        variables.setdefault("num", num)
        return self._catalog.ngettext(singular, plural, num) % variables
