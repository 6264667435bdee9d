"""Accessibility helpers for the browser tests: axe-core (WCAG 2.1 A/AA) and the two screen sizes.

axe-core comes from the `axe-playwright-python` package (it ships `axe.min.js`),
so no page ever fetches anything from another host. The script is evaluated
through the DevTools protocol, which the pages' CSP (`script-src 'self'`)
does not apply to: the audited pages run with their real CSP.
"""

from __future__ import annotations

from axe_playwright_python.base import AXE_SCRIPT

# The WCAG 2.1 A and AA rules (what laki digitaalisten palvelujen tarjoamisesta 306/2019 asks for).
WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")
# A phone held upright and a laptop.
PHONE = {"width": 360, "height": 640}
LAPTOP = {"width": 1280, "height": 720}
SIZES = (PHONE, LAPTOP)

_RUN = """options => axe.run(document, options).then(result => result.violations.map(v => ({
  id: v.id,
  impact: v.impact,
  help: v.help,
  nodes: v.nodes.map(n => ({ target: n.target.join(" "), summary: n.failureSummary || "" })),
})))"""


def axe_violations(page) -> list[dict]:
    """The WCAG 2.1 A/AA violations axe-core finds on the page as it is now."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(AXE_SCRIPT)
    # A note still fading in would be measured half transparent: let animations finish.
    page.evaluate("Promise.all(document.getAnimations().map(a => a.finished)).then(() => 0)")
    options = {"runOnly": {"type": "tag", "values": list(WCAG_TAGS)}, "resultTypes": ["violations"]}
    return page.evaluate(_RUN, options)


def describe(violations: list[dict]) -> str:
    """A readable list of violations for an assertion message."""
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']}")
        for node in v["nodes"][:5]:
            summary = " ".join(node["summary"].split())
            lines.append(f"    {node['target']}: {summary[:300]}")
    return "\n".join(lines)


def audit_sizes(page, ready=None) -> dict[str, list[dict]]:
    """axe at 360×640 and at 1280×720 (the page is resized in place); violations by size."""
    found = {}
    for size in SIZES:
        page.set_viewport_size(size)
        if ready is not None:
            ready(page)
        found[f"{size['width']}x{size['height']}"] = axe_violations(page)
    return found


def assert_accessible(page, ready=None) -> None:
    """Zero WCAG 2.1 A/AA violations at both sizes."""
    found = audit_sizes(page, ready)
    problems = {size: describe(v) for size, v in found.items() if v}
    assert not problems, "\n".join(f"at {size}:\n{text}" for size, text in problems.items())


def overflows_sideways(page) -> bool:
    """True if the page scrolls sideways (content wider than the viewport)."""
    return page.evaluate(
        "document.documentElement.scrollWidth > document.documentElement.clientWidth + 1"
    )
