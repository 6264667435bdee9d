"""QR codes: an SVG for the screens and block characters for the terminal."""

from __future__ import annotations

import io
import re
from html import escape

import qrcode
import qrcode.image.svg


def svg(url: str, label: str = "") -> str:
    """An inline, scalable SVG QR code for `url`, with a white quiet zone and an accessible name."""
    image = qrcode.make(
        url,
        image_factory=qrcode.image.svg.SvgPathFillImage,
        box_size=10,
        border=2,
        error_correction=qrcode.constants.ERROR_CORRECT_M,
    )
    markup = image.to_string(encoding="unicode")
    markup = re.sub(r"<\?xml[^>]*>", "", markup)
    # Size comes from CSS; the fixed millimetre size would not scale with the screen.
    markup = re.sub(r'\s(width|height)="[^"]*mm"', "", markup, count=2)
    name = escape(label or url, quote=True)
    return markup.replace("<svg ", f'<svg role="img" aria-label="{name}" class="qr" ', 1)


def terminal(url: str) -> str:
    """The QR code for `url` drawn with block characters, for a dark terminal."""
    code = qrcode.QRCode(border=2, error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data(url)
    out = io.StringIO()
    code.print_ascii(out=out, invert=True)
    return out.getvalue()
