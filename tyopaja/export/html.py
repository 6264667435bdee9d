"""Markdown -> HTML for the preview and the participants' summary. Pure Python.

markdown-it-py's "js-default" preset: raw HTML is off (shown as text), links are checked
(no javascript: URLs) and bare URLs are not linked. Participant text is escaped before it
reaches the Markdown, so the only tags in the result are the document's own.
"""

from __future__ import annotations

from functools import lru_cache

from markdown_it import MarkdownIt

_ALIGNS = ("left", "center", "right")


def _aligned_cell(self, tokens, idx, options, env) -> str:
    """A table cell whose column is aligned gets a class, not an inline style (strict CSP)."""
    token = tokens[idx]
    style = token.attrGet("style") or ""
    if style.startswith("text-align:"):
        del token.attrs["style"]
        align = style.split(":", 1)[1]
        if align in _ALIGNS:
            token.attrJoin("class", f"align-{align}")
    return self.renderToken(tokens, idx, options, env)


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    parser = MarkdownIt("js-default")
    parser.add_render_rule("th_open", _aligned_cell)
    parser.add_render_rule("td_open", _aligned_cell)
    return parser


def to_html(markdown: str) -> str:
    """The HTML of a Markdown document (a fragment, without <html> or <body>)."""
    return _parser().render(markdown)
