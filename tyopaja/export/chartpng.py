"""Our SVG charts drawn as PNG with Pillow, for Word (which may not show SVG) and LibreOffice.

The charts (export/charts.py) use a small subset of SVG: `rect`, `line` and `text` with
`x`, `y`, `width`, `height`, `fill`, `stroke`, `font-size`, `font-weight` and
`text-anchor`. This draws exactly that subset at twice the size with Pillow's FreeType and
the DejaVu Sans subset shipped in `export/fonts/`, so no system library or font is needed.
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

SCALE = 2
DPI = 220
FONTS = Path(__file__).with_name("fonts")  # DejaVu Sans, subset (fonts/LICENSE.txt)
_NS = "{http://www.w3.org/2000/svg}"


@lru_cache(maxsize=16)
def _font(size: int, bold: bool) -> ImageFont.FreeTypeFont:
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    return ImageFont.truetype(str(FONTS / name), size)


def _num(value: str | None, default: float = 0.0) -> float:
    try:
        return float(value) if value is not None else default
    except ValueError:
        return default


def to_png(svg: str) -> bytes:
    """The PNG of one of our SVG charts (twice the SVG's size)."""
    root = ET.fromstring(svg)
    width = int(_num(root.get("width"), 640))
    height = int(_num(root.get("height"), 300))
    image = Image.new("RGB", (width * SCALE, height * SCALE), "#ffffff")
    draw = ImageDraw.Draw(image)
    for element in root:
        tag = element.tag.removeprefix(_NS)
        if tag == "rect":
            x, y = _num(element.get("x")), _num(element.get("y"))
            w, h = _num(element.get("width")), _num(element.get("height"))
            if w > 0 and h > 0:
                box = [x * SCALE, y * SCALE, (x + w) * SCALE - 1, (y + h) * SCALE - 1]
                draw.rectangle(box, fill=element.get("fill") or "#000000")
        elif tag == "line":
            points = [_num(element.get(k)) * SCALE for k in ("x1", "y1", "x2", "y2")]
            draw.line(points, fill=element.get("stroke") or "#000000", width=SCALE)
        elif tag == "text":
            _text(draw, element)
    out = io.BytesIO()
    # The resolution sets the printed size: 1,280 px at 220 dpi is 14.8 cm, the text width
    # of an A4 page (Writer takes the size as it is; Word would scale down to the margins).
    image.save(out, "PNG", optimize=True, dpi=(DPI, DPI))
    return out.getvalue()


def _text(draw: ImageDraw.ImageDraw, element: ET.Element) -> None:
    text = "".join(element.itertext())
    if not text:
        return
    size = round(_num(element.get("font-size"), 13) * SCALE)
    bold = element.get("font-weight") == "bold"
    font = _font(size, bold)
    anchor = {"middle": "ms", "end": "rs"}.get(element.get("text-anchor") or "", "ls")
    xy = (_num(element.get("x")) * SCALE, _num(element.get("y")) * SCALE)
    fill = element.get("fill") or "#000000"
    draw.text(xy, text, font=font, fill=fill, anchor=anchor)
