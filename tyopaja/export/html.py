"""Markdown -> HTML for the preview and the participants' summary. Pure Python.

markdown-it-py's "js-default" preset: raw HTML is off (shown as text), links are checked
(no javascript: URLs) and bare URLs are not linked. Participant text is escaped before it
reaches the Markdown, so the only tags in the result are the document's own.
"""

from __future__ import annotations

from functools import lru_cache

from markdown_it import MarkdownIt


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    return MarkdownIt("js-default")


def to_html(markdown: str) -> str:
    """The HTML of a Markdown document (a fragment, without <html> or <body>)."""
    return _parser().render(markdown)
