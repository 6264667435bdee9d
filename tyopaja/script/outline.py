"""Blocks -> the script's outline: title, preamble, themes and steps with their raw settings.

Nothing here judges a setting's value; it only sorts what was written where.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from tyopaja.script.blocks import Block, Item
from tyopaja.script.format import LEVELS_HINT, PLAIN_TEXT_HINT, TITLE_HINT, setting_name
from tyopaja.script.model import ScriptError

_KEY_SHAPE = re.compile(r"^\s*[^\W\d_]+(?:[ _-][^\W\d_]+){0,3}\s*:")
_NO_COLON = (
    "Asetus kirjoitetaan muodossa avain: arvo, esimerkiksi - aika: 5 min. " + PLAIN_TEXT_HINT
)


@dataclass
class Setting:
    """One `- key: value` line as written."""

    key: str  # as written
    value: str
    line: int
    children: list[Item]


@dataclass
class Section:
    """The preamble, a theme or a step, as read before validation."""

    role: Literal["script", "theme", "step"]
    line: int
    heading: str
    settings: list[Setting] = field(default_factory=list)
    text: list[str] = field(default_factory=list)
    theme: Section | None = None
    key: str = ""  # theme key or step id, once known

    @property
    def body(self) -> str:
        """The paragraphs under the heading and its settings, blank-line separated."""
        return "\n\n".join(self.text)


class Issues(list[ScriptError]):
    """The problems found so far."""

    def add(self, line: int, message: str) -> None:
        """Record a problem at a 1-based line."""
        self.append(ScriptError(line, message))

    def no_sub_items(self, items: list[Item], subject: str) -> None:
        """Report nested bullets where none belong (`subject` ei voi olla alakohtia)."""
        if items:
            self.add(items[0].line, f"{subject} ei voi olla alakohtia.")


class Reader:
    """Walks the blocks and sorts them into preamble, themes and steps."""

    def __init__(self, blocks: list[Block], issues: Issues):
        self.issues = issues
        self.title: Block | None = None
        self.preamble: Section | None = None
        self.themes: list[Section] = []
        self.steps: list[Section] = []
        self.current: Section | None = None
        self.fresh = False  # the previous block was the current section's heading
        self.stray = False  # text before the title has been reported
        for block in blocks:
            self.feed(block)

    def feed(self, block: Block) -> None:
        """Take one block."""
        fresh, self.fresh = self.fresh, False
        if block.kind == "heading":
            self.heading(block)
        elif self.current is None:
            if not self.stray:
                self.issues.add(block.line, "Ennen otsikkoa ei voi olla tekstiä. " + TITLE_HINT)
            self.stray = True
        elif block.kind == "list" and fresh and _looks_like_settings(block.items):
            self.current.settings.extend(_settings(block.items, self.issues))
        elif block.kind == "list" and _all_known_keys(block.items):
            self.issues.add(block.line, "Asetukset kirjoitetaan heti otsikon alle, ennen tekstiä.")
        else:
            self.current.text.append(block.text)

    def heading(self, block: Block) -> None:
        """Start the title, a theme or a step."""
        if block.level == 1:
            self.title_heading(block)
        elif block.level == 2:
            self.current = Section("theme", block.line, block.text)
            self.themes.append(self.current)
            if not block.text:
                self.issues.add(block.line, "Teeman otsikko on tyhjä.")
        elif block.level == 3:
            theme = self.themes[-1] if self.themes else None
            self.current = Section("step", block.line, block.text, theme=theme)
            self.steps.append(self.current)
        else:
            level = "#" * block.level
            self.issues.add(block.line, f"Otsikkotasoa {level} ei käytetä. " + LEVELS_HINT)
            return
        self.fresh = True

    def title_heading(self, block: Block) -> None:
        """The `# Title` line: once, before themes and steps."""
        if self.title is not None:
            self.issues.add(block.line, "Pääotsikko (#) voi olla vain kerran. " + LEVELS_HINT)
            return
        self.title = block
        if self.themes or self.steps:
            self.issues.add(
                block.line, "Pääotsikko (#) kirjoitetaan alkuun, ennen teemoja ja vaiheita."
            )
            return
        self.current = self.preamble = Section("script", block.line, block.text)
        if not block.text:
            self.issues.add(block.line, "Pääotsikko on tyhjä. " + TITLE_HINT)


def _looks_like_settings(items: list[Item]) -> bool:
    """True if some item starts like `word: …` (else the list is plain text)."""
    return any(_KEY_SHAPE.match(item.text) for item in items)


def _all_known_keys(items: list[Item]) -> bool:
    """True if every item is `known-key: …` (settings placed after text by mistake)."""
    return bool(items) and all(
        ":" in item.text and setting_name(item.text.split(":", 1)[0]) is not None for item in items
    )


def _settings(items: list[Item], issues: Issues) -> list[Setting]:
    """The `key: value` items of a settings list."""
    settings = []
    for item in items:
        key, colon, value = item.text.partition(":")
        if not colon or not key.strip():
            issues.add(item.line, _NO_COLON)
            continue
        settings.append(Setting(key.strip(), value.strip(), item.line, item.children))
    return settings
