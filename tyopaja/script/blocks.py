"""Markdown source -> top-level blocks (headings, bullet lists, text) with 1-based line numbers.

Knows Markdown (markdown-it-py, CommonMark) and nothing of the script format.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from markdown_it import MarkdownIt
from markdown_it.token import Token

_MD = MarkdownIt("commonmark")


@dataclass
class Item:
    """A bullet list item: its first line (1-based), its text and nested items."""

    line: int
    text: str = ""
    children: list[Item] = field(default_factory=list)


@dataclass
class Block:
    """A top-level Markdown block: a heading, a bullet list, or other text."""

    kind: Literal["heading", "list", "text"]
    line: int
    text: str = ""
    level: int = 0
    items: list[Item] = field(default_factory=list)


def markdown_blocks(source: str) -> list[Block]:
    """Split the source into top-level blocks with their line numbers."""
    tokens = _MD.parse(source)
    lines = source.split("\n")
    blocks: list[Block] = []
    i = 0
    while i < len(tokens):
        end = _block_end(tokens, i)
        blocks.append(_block(tokens, i, end, lines, blocks[-1].line if blocks else 1))
        i = end + 1
    return blocks


def _block(tokens: list[Token], start: int, end: int, lines: list[str], default: int) -> Block:
    """The block whose tokens run from `start` to `end`; at line `default` if it has no map."""
    tok = tokens[start]
    line = _line(tok, default)
    if tok.type == "heading_open":
        inline = tokens[start + 1].content if start + 1 < end else ""
        return Block("heading", line, " ".join(inline.split()), int(tok.tag[1:]))
    if tok.type == "bullet_list_open":
        return Block("list", line, _text(lines, tok), items=_list_items(tokens, start, end))
    return Block("text", line, _text(lines, tok))


def _line(token: Token, default: int) -> int:
    """The 1-based first line of a block token."""
    return token.map[0] + 1 if token.map else default


def _block_end(tokens: list[Token], start: int) -> int:
    """Index of the token that closes the block opened at `start`."""
    depth = 0
    for i in range(start, len(tokens)):
        depth += tokens[i].nesting
        if depth <= 0:
            return i
    return len(tokens) - 1


def _list_items(tokens: list[Token], start: int, end: int) -> list[Item]:
    """The items of the list whose tokens run from `start` (open) to `end` (close)."""
    level = tokens[start].level
    items: list[Item] = []
    i = start + 1
    while i < end:
        tok = tokens[i]
        if tok.type == "list_item_open" and tok.level == level + 1:
            items.append(Item(_line(tok, 1)))
        elif items and tok.type == "inline" and tok.level == level + 3:
            text = " ".join(tok.content.split())
            items[-1].text = f"{items[-1].text} {text}".strip()
        elif items and tok.type.endswith("_list_open") and tok.level == level + 2:
            close = _block_end(tokens, i)
            items[-1].children.extend(_list_items(tokens, i, close))
            i = close
        i += 1
    return items


def _text(lines: list[str], token: Token) -> str:
    """The source lines of a block, as written."""
    if not token.map:
        return token.content.strip()
    return "\n".join(line.rstrip() for line in lines[token.map[0] : token.map[1]]).strip()
