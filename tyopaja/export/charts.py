"""SVG charts of vote results: bars for choice, rank and dots, columns for a scale. Pure Python.

Each chart is a standalone SVG with a <title> and a <desc> that states the numbers in
words, so a screen reader (or a reader without images) gets the same information. Every
text is XML-escaped; the SVG contains no script, links or external references.
"""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from tyopaja.export.model import Result, StepReport
from tyopaja.export.texts import Texts

WIDTH = 640
BAR_COLOUR = "#1f5f8b"  # 7:1 against white
TEXT_COLOUR = "#1a1a1a"
MUTED = "#555555"
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"
MAX_BARS = 12
MAX_LABEL = 80


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _svg(step_id: str, height: int, title: str, desc: str, body: list[str]) -> str:
    ids = f"chart-{step_id}"
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}"'
        f' viewBox="0 0 {WIDTH} {height}" role="img"'
        f" aria-labelledby={quoteattr(ids + '-title')} aria-describedby={quoteattr(ids + '-desc')}"
        f" font-family={quoteattr(FONT)}>"
    )
    return "\n".join(
        [
            head,
            f"<title id={quoteattr(ids + '-title')}>{escape(title)}</title>",
            f"<desc id={quoteattr(ids + '-desc')}>{escape(desc)}</desc>",
            f'<rect width="{WIDTH}" height="{height}" fill="#ffffff"/>',
            f'<text x="16" y="28" font-size="16" font-weight="bold" fill="{TEXT_COLOUR}">'
            f"{escape(_clip(title, 70))}</text>",
            *body,
            "</svg>",
            "",
        ]
    )


def chart(step: StepReport, texts: Texts) -> str | None:
    """The SVG chart of a vote step, or None if it has no results to draw."""
    result = step.result
    if result is None or not result.voters:
        return None
    if result.kind == "scale":
        return _columns(step, result, texts)
    if not result.items:
        return None
    return _bars(step, result, texts)


def _bars(step: StepReport, result: Result, t: Texts) -> str:
    items = result.items[:MAX_BARS]
    top = max(item.points for item in items) or 1
    row, left, right = 46, 16, WIDTH - 72
    body = []
    for i, item in enumerate(items):
        y = 52 + i * row
        width = max(2, round((right - left) * item.points / top))
        value = t.number(item.points)
        body += [
            f'<text x="{left}" y="{y + 14}" font-size="13" fill="{TEXT_COLOUR}">'
            f"{escape(_clip(item.label, MAX_LABEL))}</text>",
            f'<rect x="{left}" y="{y + 20}" width="{width}" height="16" rx="2"'
            f' fill="{BAR_COLOUR}"/>',
            f'<text x="{left + width + 6}" y="{y + 33}" font-size="13" fill="{TEXT_COLOUR}">'
            f"{escape(value)}</text>",
        ]
    more = len(result.items) - len(items)
    height = 52 + len(items) * row + (28 if more > 0 else 12)
    if more > 0:
        note = t.tr("… ja %(n)s muuta", n=t.number(more))
        body.append(
            f'<text x="{left}" y="{height - 14}" font-size="12" fill="{MUTED}">'
            f"{escape(note)}</text>"
        )
    desc = "; ".join(f"{i.label}: {_amount(t, result.kind, i.points)}" for i in result.items)
    return _svg(step.id, height, step.text, desc, body)


def _amount(t: Texts, kind: str, points: float) -> str:
    """'7 valintaa' for a choice, '12 pistettä' for dots and rankings."""
    if kind in ("dots", "rank"):
        return t.trn("%(num)s piste", "%(num)s pistettä", int(points))
    return t.trn("%(num)s valinta", "%(num)s valintaa", int(points))


def _columns(step: StepReport, result: Result, t: Texts) -> str:
    counts = result.distribution
    top = max((c for _, c in counts), default=0) or 1
    base, plot = 220, 150
    slot = (WIDTH - 32) / max(len(counts), 1)
    body = [f'<line x1="16" y1="{base}" x2="{WIDTH - 16}" y2="{base}" stroke="{MUTED}"/>']
    for i, (value, count) in enumerate(counts):
        x = 16 + i * slot
        height = round(plot * count / top)
        bar_x = round(x + slot * 0.2)
        bar_w = round(slot * 0.6)
        centre = round(x + slot / 2)
        body += [
            f'<rect x="{bar_x}" y="{base - height}" width="{bar_w}" height="{height}"'
            f' fill="{BAR_COLOUR}"/>',
            f'<text x="{centre}" y="{base - height - 6}" font-size="13" text-anchor="middle"'
            f' fill="{TEXT_COLOUR}">{escape(t.number(count))}</text>',
            f'<text x="{centre}" y="{base + 18}" font-size="13" text-anchor="middle"'
            f' fill="{TEXT_COLOUR}">{escape(t.number(value))}</text>',
        ]
    low, high, low_label, high_label = result.scale
    if low_label or high_label:
        body += [
            f'<text x="16" y="{base + 40}" font-size="12" fill="{MUTED}">'
            f"{escape(_clip(f'{low} = {low_label}', 40))}</text>",
            f'<text x="{WIDTH - 16}" y="{base + 40}" font-size="12" text-anchor="end"'
            f' fill="{MUTED}">{escape(_clip(f"{high} = {high_label}", 40))}</text>',
        ]
    desc = t.tr(
        "Asteikko %(low)s–%(high)s, %(n)s, keskiarvo %(mean)s, mediaani %(median)s.",
        low=t.number(low),
        high=t.number(high),
        n=t.trn("%(num)s vastaaja", "%(num)s vastaajaa", result.voters),
        mean=t.decimal(result.mean),
        median=t.decimal(result.median),
    )
    desc += " " + "; ".join(
        f"{t.number(v)}: {t.trn('%(num)s vastaaja', '%(num)s vastaajaa', c)}" for v, c in counts
    )
    return _svg(step.id, base + 56, step.text, desc, body)


def charts_of(steps: list[StepReport], step_ids: tuple[str, ...], texts: Texts) -> dict[str, str]:
    """The SVG of each referenced step, keyed by step id."""
    by_id = {s.id: s for s in steps}
    out = {}
    for step_id in dict.fromkeys(step_ids):
        svg = chart(by_id[step_id], texts) if step_id in by_id else None
        if svg is not None:
            out[step_id] = svg
    return out
