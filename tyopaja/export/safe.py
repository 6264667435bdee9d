"""Participant text made safe for the export: contact details masked, Markdown escaped. Pure Python.

Participant text must stay text: in the export it can never become a heading, a list, a
table, a link, an image or HTML, however it is written.
"""

from __future__ import annotations

import re
from functools import lru_cache

EMAIL_MASK = "(sähköpostiosoite poistettu)"
PHONE_MASK = "(puhelinnumero poistettu)"

_EMAIL = re.compile(r"[\w.+%-]+@[\w-]+(?:\.[\w-]+)*\.[a-zA-Z]{2,}", re.UNICODE)
# A Finnish (or other international) phone number: +358 or 00358 or a leading 0 with an
# area code, then digits in groups separated by spaces, hyphens or a bracketed area code.
_PHONE = re.compile(
    r"(?<![\w+/.,])"
    r"(?:(?:\+|00)\d{1,3}[\s-]?(?:\(0\)[\s-]?)?\d|\(0\d{1,3}\)\s?\d|0\d)"
    r"(?:[\s-]?\d){4,12}"
    r"(?![\w/])"
)
_MIN_PHONE_DIGITS = 7


def mask_contacts(text: str, email_mask: str = EMAIL_MASK, phone_mask: str = PHONE_MASK) -> str:
    """Text with e-mail addresses and phone numbers replaced by a note."""
    if not text:
        return text

    def phone(match: re.Match[str]) -> str:
        digits = sum(ch.isdigit() for ch in match.group(0))
        return phone_mask if digits >= _MIN_PHONE_DIGITS else match.group(0)

    return _PHONE.sub(phone, _EMAIL.sub(email_mask, text))


# Characters with inline meaning in CommonMark/GFM (emphasis, code, links, images, HTML,
# entities, autolinks, strikethrough, table cells, headings, escapes).
_INLINE = re.compile(r"([\\`*_\[\]<>|~&#])")
# What would start a block if it began a line: list markers (followed by a space or the end),
# quotes, thematic breaks and setext underlines (a run of - or =).
_LEADING = re.compile(r"^(>|[-+=](?=\s|$|[-=])|\d{1,9}(?=[.)](?:\s|$)))")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u2028\u2029\u0085]")
_LINE_BREAKS = re.compile(r"\s*(?:\r\n|\r|\n)+\s*")
_SPACES = re.compile(r" {2,}")


def one_line(text: str) -> str:
    """Text on one line: line breaks become ' / ', tabs and controls become spaces."""
    text = _CONTROL.sub(" ", text.replace("\t", " "))
    return _SPACES.sub(" ", _LINE_BREAKS.sub(" / ", text.strip())).strip()


@lru_cache(maxsize=4096)
def md(text: str) -> str:
    """Text as inline Markdown that renders to exactly this text (on one line)."""
    flat = one_line(text)
    escaped = _INLINE.sub(r"\\\1", flat)
    match = _LEADING.match(escaped)
    if match:
        # 1. -> 1\.  and  - -> \-
        end = match.end()
        if match.group(1)[0].isdigit():
            escaped = escaped[:end] + "\\" + escaped[end:]
        else:
            escaped = "\\" + escaped
    return escaped
