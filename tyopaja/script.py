"""Workshop scripts: sessions/*.md -> Script, with line-numbered errors.

The format is documented in docs/scripts.md. This module is pure Python:
it imports neither Flask nor SQLite.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from markdown_it import MarkdownIt
from markdown_it.token import Token

from .themes import slugify, theme_key

StepKind = Literal["info", "open", "choice", "scale", "rank", "dots", "event"]
STEP_KINDS: tuple[StepKind, ...] = ("info", "open", "choice", "scale", "rank", "dots", "event")
ProbeWhen = Literal["always", "short", "mentions"]
Pacing = Literal["facilitator", "self"]


@dataclass(frozen=True)
class Probe:
    """A bot follow-up question asked after an `open` answer when its condition holds."""

    text: str
    when: ProbeWhen = "always"
    words: tuple[str, ...] = ()  # for when == "mentions": lower-case words or stems
    short_chars: int = 40  # for when == "short": answers shorter than this


@dataclass(frozen=True)
class Theme:
    """A theme section of a script (e.g. avustukset, tilat)."""

    key: str  # stable key, e.g. "avustukset"; known keys map to export sections
    title: str  # as written in the script
    line: int = 0
    intro: str = ""  # optional text under the theme heading


@dataclass(frozen=True)
class Step:
    """One step of a workshop: a prompt of one kind."""

    id: str
    kind: StepKind
    text: str  # the prompt the bot shows
    theme: str | None = None  # Theme.key
    help: str = ""  # optional extra text shown under the prompt
    minutes: int | None = None  # optional time box
    line: int = 0  # 1-based line in the script source
    # open
    max_answers: int = 1
    probes: tuple[Probe, ...] = ()
    # choice / rank
    options: tuple[str, ...] = ()
    multiple: bool = False  # choice: several options may be chosen
    # scale
    scale_min: int = 1
    scale_max: int = 5
    min_label: str = ""
    max_label: str = ""
    # dots
    source: str | None = None  # id of an earlier step whose answers (or groups) are voted on
    source_kind: Literal["answers", "groups"] = "answers"
    dots: int = 3
    max_per_item: int = 1
    # event
    year: int | None = None  # the calendar year the entries are for, if the script says

    @property
    def collects_answers(self) -> bool:
        """True for steps whose input is free text answers (the answer wall)."""
        return self.kind == "open"

    @property
    def is_vote(self) -> bool:
        """True for steps whose input is a ballot (choice, scale, rank, dots)."""
        return self.kind in ("choice", "scale", "rank", "dots")


@dataclass(frozen=True)
class Script:
    """A parsed workshop script."""

    title: str
    intro: str = ""
    lang: str = "fi"
    pacing: Pacing = "facilitator"
    themes: tuple[Theme, ...] = ()
    steps: tuple[Step, ...] = ()
    source: str = field(default="", repr=False, compare=False)

    def step(self, step_id: str) -> Step | None:
        """The step with this id, or None."""
        for step in self.steps:
            if step.id == step_id:
                return step
        return None

    def index(self, step_id: str) -> int:
        """Position of a step (0-based), or -1."""
        for i, step in enumerate(self.steps):
            if step.id == step_id:
                return i
        return -1

    def theme_title(self, key: str | None) -> str:
        """The title of a theme as written in the script, or the key."""
        for theme in self.themes:
            if theme.key == key:
                return theme.title
        return key or ""


@dataclass(frozen=True)
class ScriptError:
    """One problem in a script, tied to a line."""

    line: int
    message: str  # plain Finnish explanation

    def format(self, path: str = "") -> str:
        """`path:line: message`, as compilers print it."""
        prefix = f"{path}:" if path else ""
        return f"{prefix}{self.line}: {self.message}"


class ScriptInvalid(Exception):
    """The script has problems; `errors` lists them with line numbers."""

    def __init__(self, errors: list[ScriptError]):
        super().__init__("; ".join(e.format() for e in errors))
        self.errors = errors


# --- Vocabulary -------------------------------------------------------------------------
# Keywords are matched after folding (lower case, no accents, '_' and '-' as spaces), so
# `Äänestä`, `aanesta` and `äänestä` are the same key. Finnish, Swedish and English work.

MAX_SOURCE_CHARS = 200_000
MAX_STEPS = 200
MAX_ANSWERS = 20
MAX_DOTS = 20
MAX_MINUTES = 240
MAX_OPTIONS = 20
MAX_SCALE_POINTS = 11
MAX_SHORT_CHARS = 500
MAX_ID_CHARS = 40

KIND_NAMES: dict[str, str] = {
    "info": "info",
    "open": "avoin",
    "choice": "valinta",
    "scale": "asteikko",
    "rank": "järjestys",
    "dots": "pisteet",
    "event": "tapahtuma",
}

_KIND_WORDS: dict[str, tuple[str, ...]] = {
    "info": ("info",),
    "open": ("open", "avoin", "oppen", "fritext"),
    "choice": ("choice", "valinta", "val"),
    "scale": ("scale", "asteikko", "skala"),
    "rank": ("rank", "ranking", "jarjestys", "rangordning", "ordning"),
    "dots": ("dots", "pisteet", "pisteaanestys", "poang", "prickar"),
    "event": ("event", "tapahtuma", "handelse", "evenemang"),
}

# canonical setting -> (Finnish label used in messages, accepted keys after folding)
_SETTING_WORDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "lang": ("kieli", ("kieli", "lang", "language", "sprak")),
    "pacing": ("tahti", ("tahti", "pacing", "tempo")),
    "key": ("avain", ("avain", "key", "nyckel")),
    "id": ("id", ("id", "tunniste")),
    "minutes": ("aika", ("aika", "time", "tid", "minutes", "minuutit")),
    "max_answers": ("vastauksia", ("vastauksia", "vastaukset", "max answers", "answers", "svar")),
    "options": ("vaihtoehdot", ("vaihtoehdot", "options", "alternativ")),
    "multiple": ("monivalinta", ("monivalinta", "multiple", "flerval")),
    "range": ("asteikko", ("asteikko", "range", "skala")),
    "labels": ("ääripäät", ("aaripaat", "labels", "andpunkter")),
    "source": ("äänestä", ("aanesta", "source", "vote on", "rosta om")),
    "source_kind": ("äänestettävät", ("aanestettavat", "of", "objekt")),
    "dots": ("pisteitä", ("pisteita", "dots", "poang")),
    "per_item": ("enintään", ("enintaan", "per item", "max per item", "hogst")),
    "probe": ("tarkenna", ("tarkenna", "tarkennus", "probe", "foljdfraga")),
    "year": ("vuosi", ("vuosi", "year", "ar")),
}

_SCRIPT_SETTINGS = ("lang", "pacing")
_THEME_SETTINGS = ("key",)
_COMMON = ("id", "minutes")
_STEP_SETTINGS: dict[str, tuple[str, ...]] = {
    "info": _COMMON,
    "open": (*_COMMON, "max_answers", "probe"),
    "choice": (*_COMMON, "options", "multiple"),
    "scale": (*_COMMON, "range", "labels"),
    "rank": (*_COMMON, "options"),
    "dots": (*_COMMON, "source", "source_kind", "dots", "per_item"),
    "event": (*_COMMON, "year"),
}
_ALL_STEP_SETTINGS = tuple(dict.fromkeys(s for v in _STEP_SETTINGS.values() for s in v))
_LIST_SETTINGS = ("options", "probe")  # settings whose values may be nested bullets
_REPEATABLE = ("probe",)

_LANGS = {"fi": "fi", "suomi": "fi", "finska": "fi", "finnish": "fi", "sv": "sv", "ruotsi": "sv"}
_LANGS |= {"svenska": "sv", "swedish": "sv", "en": "en", "englanti": "en", "engelska": "en"}
_LANGS |= {"english": "en"}
_PACINGS = {"fasilitaattori": "facilitator", "facilitator": "facilitator", "ohjaaja": "facilitator"}
_PACINGS |= {"ledare": "facilitator", "oma": "self", "self": "self", "itse": "self", "egen": "self"}
_YES = ("kylla", "yes", "ja", "true", "on", "1")
_NO = ("ei", "no", "nej", "false", "off", "0")
_SOURCE_KINDS = {"vastaukset": "answers", "answers": "answers", "svar": "answers"}
_SOURCE_KINDS |= {"svaren": "answers", "ryhmat": "groups", "groups": "groups", "grupper": "groups"}

# Question words and the like, left out of derived step ids so that ids say what is asked.
_STOPWORD_TEXT = """mika mita mihin miten millainen millaisia millaista milloin mista missa kuka
    ketka keita kenelle kenen kuinka onko ovatko voisiko ja tai on ovat te teilla teidan sina
    sinun me meidan se ne jo nyt kun etta jos ei vad hur nar var vilka vilken vem och eller
    ar ni er era det som en ett att i pa for med till av what how when where which who why
    the a an and or is are do does you your of to in on with"""
_STOPWORDS = frozenset(_STOPWORD_TEXT.split())

_ID_RE = re.compile(rf"^[a-z0-9](?:[a-z0-9_-]{{0,{MAX_ID_CHARS - 2}}}[a-z0-9])?$")
_KEY_SHAPE = re.compile(r"^\s*[^\W\d_]+(?:[ _-][^\W\d_]+){0,3}\s*:")
_RANGE_RE = re.compile(r"^(-?\d{1,4})\s*(?:–|—|-|\.\.|…|to|till)\s*(-?\d{1,4})$")
_LABELS_RE = re.compile(r"\s+[-–—/]\s+|\s*[–—/]\s*")
_INT_RE = re.compile(r"^[+]?\d{1,9}$")
_MINUTES_RE = re.compile(
    r"^(\d{1,5})\s*(min|mins|minutes?|minuutti|minuuttia|minuter|minut|m|"
    r"h|t|tunti|tuntia|hours?|timme|timmar)?\.?$"
)
_PROBE_COND_RE = re.compile(
    r"^(.*?)\s*\(\s*((?:jos|if|om|kun|when|aina|always|alltid)\b[^()]*)\)$", re.IGNORECASE
)
_UNDER_RE = re.compile(
    r"^(?:alle|under|shorter than|lyhyempi kuin|kortare an)\s+(\d{1,4})\s*"
    r"(?:merkkia|merkkiä|merkki|chars?|characters?|tecken)?$"
)
_MENTIONS_RE = re.compile(r"^(?:mainitsee|mentions|namner|nämner)\s*:?\s*(.*)$")


def _fold(text: str) -> str:
    """Lower-case ASCII form of a keyword: accents dropped, '_' and '-' as spaces."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(ascii_text.lower().replace("_", " ").replace("-", " ").split())


def _lookup(table: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """Invert {canonical: words} into {word: canonical}."""
    return {word: name for name, words in table.items() for word in words}


_KINDS_BY_WORD = _lookup(_KIND_WORDS)
_SETTINGS_BY_WORD = _lookup({name: words for name, (_, words) in _SETTING_WORDS.items()})


def _label(name: str) -> str:
    """The Finnish name of a setting, for messages."""
    return _SETTING_WORDS[name][0]


def _labels(names: tuple[str, ...]) -> str:
    """Finnish names of settings as a comma-separated list."""
    return ", ".join(_label(name) for name in names)


# --- Markdown blocks --------------------------------------------------------------------

_MD = MarkdownIt("commonmark")


@dataclass
class _Item:
    """A bullet list item: its first line (1-based), its text and nested items."""

    line: int
    text: str = ""
    children: list[_Item] = field(default_factory=list)


@dataclass
class _Block:
    """A top-level Markdown block: a heading, a bullet list, or other text."""

    kind: Literal["heading", "list", "text"]
    line: int
    text: str = ""
    level: int = 0
    items: list[_Item] = field(default_factory=list)


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


def _list_items(tokens: list[Token], start: int, end: int) -> list[_Item]:
    """The items of the list whose tokens run from `start` (open) to `end` (close)."""
    level = tokens[start].level
    items: list[_Item] = []
    i = start + 1
    while i < end:
        tok = tokens[i]
        if tok.type == "list_item_open" and tok.level == level + 1:
            items.append(_Item(_line(tok, 1)))
        elif items and tok.type == "inline" and tok.level == level + 3:
            text = " ".join(tok.content.split())
            items[-1].text = f"{items[-1].text} {text}".strip()
        elif items and tok.type.endswith("_list_open") and tok.level == level + 2:
            close = _block_end(tokens, i)
            items[-1].children.extend(_list_items(tokens, i, close))
            i = close
        i += 1
    return items


def _blocks(source: str) -> list[_Block]:
    """Split the source into top-level blocks with their line numbers."""
    tokens = _MD.parse(source)
    lines = source.split("\n")
    blocks: list[_Block] = []
    i = 0
    while i < len(tokens):
        tok, end = tokens[i], _block_end(tokens, i)
        line = _line(tok, blocks[-1].line if blocks else 1)
        if tok.type == "heading_open":
            inline = tokens[i + 1].content if i + 1 < end else ""
            blocks.append(_Block("heading", line, " ".join(inline.split()), int(tok.tag[1:])))
        elif tok.type == "bullet_list_open":
            blocks.append(
                _Block("list", line, _text(lines, tok), items=_list_items(tokens, i, end))
            )
        else:
            blocks.append(_Block("text", line, _text(lines, tok)))
        i = end + 1
    return blocks


def _text(lines: list[str], token: Token) -> str:
    """The source lines of a block, as written."""
    if not token.map:
        return token.content.strip()
    return "\n".join(line.rstrip() for line in lines[token.map[0] : token.map[1]]).strip()


# --- Reading the outline ----------------------------------------------------------------


@dataclass
class _Setting:
    """One `- key: value` line as written."""

    key: str  # as written
    value: str
    line: int
    children: list[_Item]


@dataclass
class _Section:
    """The preamble, a theme or a step, as read before validation."""

    role: Literal["script", "theme", "step"]
    line: int
    heading: str
    settings: list[_Setting] = field(default_factory=list)
    text: list[str] = field(default_factory=list)
    theme: _Section | None = None
    key: str = ""  # theme key or step id, once known


class _Issues(list[ScriptError]):
    """The problems found so far."""

    def add(self, line: int, message: str) -> None:
        """Record a problem at a 1-based line."""
        self.append(ScriptError(line, message))


class _Reader:
    """Walks the blocks and sorts them into preamble, themes and steps."""

    def __init__(self, blocks: list[_Block], issues: _Issues):
        self.issues = issues
        self.title: _Block | None = None
        self.preamble: _Section | None = None
        self.themes: list[_Section] = []
        self.steps: list[_Section] = []
        self.current: _Section | None = None
        self.fresh = False  # the previous block was the current section's heading
        self.stray = False  # text before the title has been reported
        for block in blocks:
            self.feed(block)

    def feed(self, block: _Block) -> None:
        """Take one block."""
        fresh, self.fresh = self.fresh, False
        if block.kind == "heading":
            self.heading(block)
        elif self.current is None:
            if not self.stray:
                self.issues.add(block.line, "Ennen otsikkoa ei voi olla tekstiä. " + _TITLE_HINT)
            self.stray = True
        elif block.kind == "list" and fresh and _looks_like_settings(block.items):
            self.current.settings.extend(_settings(block.items, self.issues))
        elif block.kind == "list" and _all_known_keys(block.items):
            self.issues.add(block.line, "Asetukset kirjoitetaan heti otsikon alle, ennen tekstiä.")
        else:
            self.current.text.append(block.text)

    def heading(self, block: _Block) -> None:
        """Start the title, a theme or a step."""
        if block.level == 1:
            self.title_heading(block)
        elif block.level == 2:
            self.current = _Section("theme", block.line, block.text)
            self.themes.append(self.current)
            if not block.text:
                self.issues.add(block.line, "Teeman otsikko on tyhjä.")
        elif block.level == 3:
            theme = self.themes[-1] if self.themes else None
            self.current = _Section("step", block.line, block.text, theme=theme)
            self.steps.append(self.current)
        else:
            level = "#" * block.level
            self.issues.add(block.line, f"Otsikkotasoa {level} ei käytetä. " + _LEVELS_HINT)
            return
        self.fresh = True

    def title_heading(self, block: _Block) -> None:
        """The `# Title` line: once, before themes and steps."""
        if self.title is not None:
            self.issues.add(block.line, "Pääotsikko (#) voi olla vain kerran. " + _LEVELS_HINT)
            return
        self.title = block
        if self.themes or self.steps:
            self.issues.add(
                block.line, "Pääotsikko (#) kirjoitetaan alkuun, ennen teemoja ja vaiheita."
            )
            return
        self.current = self.preamble = _Section("script", block.line, block.text)
        if not block.text:
            self.issues.add(block.line, "Pääotsikko on tyhjä. " + _TITLE_HINT)


_TITLE_HINT = "Aloita otsikolla, esimerkiksi: # Yhdistysilta 2026"
_LEVELS_HINT = "Käytä teemoille otsikkoa ## ja vaiheille otsikkoa ###."


def _looks_like_settings(items: list[_Item]) -> bool:
    """True if some item starts like `word: …` (else the list is plain text)."""
    return any(_KEY_SHAPE.match(item.text) for item in items)


def _all_known_keys(items: list[_Item]) -> bool:
    """True if every item is `known-key: …` (settings placed after text by mistake)."""
    return bool(items) and all(
        ":" in item.text and _fold(item.text.split(":", 1)[0]) in _SETTINGS_BY_WORD
        for item in items
    )


def _settings(items: list[_Item], issues: _Issues) -> list[_Setting]:
    """The `key: value` items of a settings list."""
    settings = []
    for item in items:
        key, colon, value = item.text.partition(":")
        if not colon or not key.strip():
            issues.add(item.line, _NO_COLON)
            continue
        settings.append(_Setting(key.strip(), value.strip(), item.line, item.children))
    return settings


_NO_COLON = (
    "Asetus kirjoitetaan muodossa avain: arvo, esimerkiksi - aika: 5 min. "
    "Jos tarkoitit tavallista tekstiä, kirjoita ensin kappale ja sitten luettelo."
)


# --- Settings ---------------------------------------------------------------------------

Values = dict[str, Any]


def _resolve(
    section: _Section, allowed: tuple[str, ...], issues: _Issues, kind: str | None = None
) -> dict[str, list[_Setting]]:
    """A section's settings by canonical name; reports unknown, misplaced and repeated ones."""
    found: dict[str, list[_Setting]] = {}
    for setting in section.settings:
        name = _SETTINGS_BY_WORD.get(_fold(setting.key))
        if name is None or name not in allowed:
            issues.add(setting.line, _misplaced(setting.key, name, section.role, allowed, kind))
        elif name in found and name not in _REPEATABLE:
            first = found[name][0].line
            issues.add(setting.line, f"Asetus ”{setting.key}” on annettu jo rivillä {first}.")
        elif not setting.value and name not in _LIST_SETTINGS:
            issues.add(setting.line, f"Asetukselta ”{setting.key}” puuttuu arvo.")
        else:
            if setting.children and name not in _LIST_SETTINGS:
                line = setting.children[0].line
                issues.add(line, f"Asetuksella ”{setting.key}” ei voi olla alakohtia.")
            found.setdefault(name, []).append(setting)
    return found


def _misplaced(
    key: str, name: str | None, role: str, allowed: tuple[str, ...], kind: str | None
) -> str:
    """Message for a setting that is unknown or does not belong here."""
    where = {
        "script": "Pääotsikon alla voi käyttää",
        "theme": "Teeman otsikon alla voi käyttää",
    }.get(role, "Tässä vaiheessa voi käyttää")
    if name is None:
        return (
            f"Tuntematon asetus ”{key}”. {where}: {_labels(allowed)}. "
            "Jos tarkoitit tavallista tekstiä, kirjoita ensin kappale ja sitten luettelo."
        )
    if kind:
        return (
            f"Asetus ”{key}” ei sovi vaiheeseen, jonka laji on {KIND_NAMES[kind]}. "
            f"{where}: {_labels(allowed)}."
        )
    return f"Asetus ”{key}” ei kuulu tähän. {where}: {_labels(allowed)}."


def _first(section: _Section, name: str) -> _Setting | None:
    """The first setting of a section with this canonical name, unvalidated."""
    for setting in section.settings:
        if _SETTINGS_BY_WORD.get(_fold(setting.key)) == name:
            return setting
    return None


def _int(setting: _Setting, low: int, high: int, issues: _Issues) -> int | None:
    """A whole number within low..high, or None after reporting the problem."""
    value = setting.value.strip()
    rule = f"Asetuksen ”{setting.key}” arvo on kokonaisluku {low}–{high}"
    if not _INT_RE.match(value):
        issues.add(setting.line, f"”{value}” ei ole kokonaisluku. {rule}.")
        return None
    number = int(value)
    if not low <= number <= high:
        issues.add(setting.line, f"{rule}, nyt {number}.")
        return None
    return number


def _minutes(setting: _Setting, issues: _Issues) -> Values:
    """`aika: 5 min` -> minutes."""
    match = _MINUTES_RE.match(setting.value.strip().lower())
    if not match:
        issues.add(
            setting.line,
            f"Aika kirjoitetaan minuutteina, esimerkiksi 5 min, ei ”{setting.value}”. "
            "Ajan pitää olla positiivinen kokonaisluku.",
        )
        return {}
    unit = match.group(2) or "min"
    minutes = int(match.group(1)) * (60 if unit[0] in "ht" else 1)
    if not 1 <= minutes <= MAX_MINUTES:
        issues.add(setting.line, f"Ajan pitää olla 1–{MAX_MINUTES} minuuttia, nyt {minutes}.")
        return {}
    return {"minutes": minutes}


def _options(setting: _Setting, issues: _Issues) -> Values:
    """`vaihtoehdot:` with nested bullets -> options."""
    if setting.value:
        issues.add(setting.line, _OPTIONS_HINT)
        return {}
    options: list[str] = []
    seen: dict[str, int] = {}
    for child in setting.children:
        folded = child.text.casefold()
        if not child.text:
            issues.add(child.line, "Vaihtoehto on tyhjä.")
        elif folded in seen:
            issues.add(child.line, f"Vaihtoehto ”{child.text}” on jo rivillä {seen[folded]}.")
        else:
            seen[folded] = child.line
            options.append(child.text)
        if child.children:
            issues.add(child.children[0].line, "Vaihtoehdolla ei voi olla alakohtia.")
    if len(options) > MAX_OPTIONS:
        issues.add(setting.line, f"Vaihtoehtoja voi olla enintään {MAX_OPTIONS}.")
    return {"options": tuple(options)}


_OPTIONS_HINT = (
    "Kirjoita jokainen vaihtoehto omalle rivilleen ”vaihtoehdot:”-rivin alle "
    "sisennettynä luettelokohtana, esimerkiksi ”  - kyllä”."
)


def _multiple(setting: _Setting, issues: _Issues) -> Values:
    """`monivalinta: kyllä|ei`."""
    value = _fold(setting.value)
    if value in _YES or value in _NO:
        return {"multiple": value in _YES}
    issues.add(setting.line, f"Monivalinta on kyllä tai ei, ei ”{setting.value}”.")
    return {}


def _range(setting: _Setting, issues: _Issues) -> Values:
    """`asteikko: 1–5` -> scale_min, scale_max."""
    match = _RANGE_RE.match(setting.value.strip().lower())
    if not match:
        issues.add(
            setting.line,
            f"Asteikon alku ja loppu kirjoitetaan esimerkiksi 1–5, ei ”{setting.value}”.",
        )
        return {}
    low, high = int(match.group(1)), int(match.group(2))
    if low >= high:
        issues.add(setting.line, f"Asteikon alun pitää olla pienempi kuin loppu, nyt {low}–{high}.")
        return {}
    if high - low + 1 > MAX_SCALE_POINTS:
        issues.add(
            setting.line,
            f"Asteikossa voi olla enintään {MAX_SCALE_POINTS} kohtaa (esimerkiksi 0–10), "
            f"nyt {high - low + 1}.",
        )
        return {}
    return {"scale_min": low, "scale_max": high}


def _end_labels(setting: _Setting, issues: _Issues) -> Values:
    """`ääripäät: heikko – erinomainen` -> min_label, max_label."""
    parts = [part.strip() for part in _LABELS_RE.split(setting.value.strip(), maxsplit=1)]
    if len(parts) != 2 or not all(parts):
        issues.add(
            setting.line,
            "Kirjoita asteikon ääripäät viivalla erotettuina, esimerkiksi heikko – erinomainen.",
        )
        return {}
    return {"min_label": parts[0], "max_label": parts[1]}


def _source(setting: _Setting, issues: _Issues) -> Values:
    """`äänestä: step-id` (checked against the steps later)."""
    return {"source": setting.value.strip().lower()}


def _source_kind(setting: _Setting, issues: _Issues) -> Values:
    """`äänestettävät: vastaukset|ryhmät`."""
    kind = _SOURCE_KINDS.get(_fold(setting.value))
    if kind is None:
        issues.add(setting.line, f"Äänestettävät ovat vastaukset tai ryhmät, ei ”{setting.value}”.")
        return {}
    return {"source_kind": kind}


# setting -> (Step field, smallest, largest)
_NUMBERS: dict[str, tuple[str, int, int]] = {
    "max_answers": ("max_answers", 1, MAX_ANSWERS),
    "dots": ("dots", 1, MAX_DOTS),
    "per_item": ("max_per_item", 1, MAX_DOTS),
    "year": ("year", 2000, 2100),
}


def _number(name: str) -> Callable[[_Setting, _Issues], Values]:
    """A parser for a whole-number setting such as `pisteitä: 5`."""
    field_name, low, high = _NUMBERS[name]

    def parse(setting: _Setting, issues: _Issues) -> Values:
        number = _int(setting, low, high, issues)
        return {} if number is None else {field_name: number}

    return parse


def _probes(setting: _Setting, issues: _Issues) -> Values:
    """`tarkenna: Kysymys? (jos …)`, or one probe per nested bullet."""
    texts = [(setting.value, setting.line)] if setting.value else []
    texts += [(child.text, child.line) for child in setting.children]
    if not texts:
        issues.add(setting.line, "Tarkennuksesta puuttuu kysymys.")
    probes = [_probe(text, line, issues) for text, line in texts]
    for child in setting.children:
        if child.children:
            issues.add(child.children[0].line, "Tarkennuksella ei voi olla alakohtia.")
    return {"probes": tuple(probe for probe in probes if probe)}


def _probe(text: str, line: int, issues: _Issues) -> Probe | None:
    """One probe: the question and an optional `(jos …)` condition at its end."""
    match = _PROBE_COND_RE.match(text)
    question = (match.group(1) if match else text).strip()
    if not question:
        issues.add(line, "Tarkennuksesta puuttuu kysymys.")
        return None
    if not match:
        return Probe(question)
    return _conditional_probe(question, " ".join(match.group(2).split()), line, issues)


def _conditional_probe(question: str, condition: str, line: int, issues: _Issues) -> Probe | None:
    """A probe for `aina`, `jos lyhyt`, `jos alle N merkkiä` or `jos mainitsee: a, b`."""
    word, _, rest = condition.partition(" ")
    folded = _fold(rest)
    under = _UNDER_RE.match(folded)
    mentions = _MENTIONS_RE.match(rest.lower())
    if _fold(word) in ("aina", "always", "alltid") and not rest:
        return Probe(question)
    if folded in ("lyhyt", "short", "kort"):
        return Probe(question, "short")
    if under and 1 <= int(under.group(1)) <= MAX_SHORT_CHARS:
        return Probe(question, "short", short_chars=int(under.group(1)))
    if under:
        issues.add(line, f"Merkkimäärän pitää olla 1–{MAX_SHORT_CHARS}, nyt {under.group(1)}.")
        return None
    if mentions:
        words = tuple(dict.fromkeys(w.strip() for w in mentions.group(1).split(",") if w.strip()))
        if words:
            return Probe(question, "mentions", words=words)
        issues.add(line, "Kirjoita ehtoon sanat, esimerkiksi (jos mainitsee: vuokra, maksu).")
        return None
    issues.add(
        line,
        f"Tuntematon ehto ”({condition})”. Käytä (jos lyhyt), (jos alle 30 merkkiä) "
        "tai (jos mainitsee: vuokra, maksu).",
    )
    return None


_PARSERS: dict[str, Callable[[_Setting, _Issues], Values]] = {
    "minutes": _minutes,
    "options": _options,
    "multiple": _multiple,
    "range": _range,
    "labels": _end_labels,
    "source": _source,
    "source_kind": _source_kind,
    "probe": _probes,
    **{name: _number(name) for name in _NUMBERS},
}


# --- Building the script ----------------------------------------------------------------


def _step_heading(section: _Section, issues: _Issues) -> tuple[StepKind | None, str]:
    """`### kind: prompt` -> (kind, prompt); reports a missing or unknown kind, empty prompt."""
    word, colon, prompt = section.heading.partition(":")
    prompt = prompt.strip()
    if not colon:
        issues.add(section.line, "Vaiheen otsikosta puuttuu laji. " + _STEP_HINT)
        return None, section.heading
    kind: StepKind | None = _KINDS_BY_WORD.get(_fold(word))  # type: ignore[assignment]
    if kind is None:
        kinds = ", ".join(KIND_NAMES.values())
        issues.add(
            section.line,
            f"Tuntematon vaiheen laji ”{word.strip()}”. Käytä jotakin näistä: {kinds}.",
        )
    if not prompt:
        issues.add(section.line, "Vaiheesta puuttuu kysymys tai teksti. " + _STEP_HINT)
    return kind, prompt


_STEP_HINT = "Kirjoita vaihe näin: ### avoin: Mitä toivotte kunnalta?"


def _step_values(found: dict[str, list[_Setting]], issues: _Issues) -> Values:
    """The Step fields given by a step's settings (id is handled apart)."""
    values: Values = {}
    for name, settings in found.items():
        for setting in settings if name in _PARSERS else ():
            parsed = _PARSERS[name](setting, issues)
            if "probes" in parsed:
                parsed["probes"] = values.get("probes", ()) + parsed["probes"]
            values.update(parsed)
    return values


def _check_kind(
    kind: StepKind,
    section: _Section,
    found: dict[str, list[_Setting]],
    values: Values,
    issues: _Issues,
) -> None:
    """What each kind needs: options, a range, a source; dots within limits."""
    if kind in ("choice", "rank") and "options" not in found:
        issues.add(section.line, "Vaiheelta puuttuvat vaihtoehdot. " + _OPTIONS_HINT)
    elif kind in ("choice", "rank") and "options" in values and len(values["options"]) < 2:
        count = len(values["options"])
        issues.add(found["options"][0].line, f"Vaihtoehtoja pitää olla vähintään 2, nyt {count}.")
    if kind == "scale" and "range" not in found:
        issues.add(
            section.line, "Asteikolta puuttuu alku ja loppu. Lisää esimerkiksi: - asteikko: 1–5"
        )
    if kind == "dots" and "source" not in found:
        issues.add(
            section.line,
            "Pisteäänestykseltä puuttuu äänestettävä vaihe. Lisää esimerkiksi: "
            "- äänestä: toiveet (aiemman avoimen vaiheen tunniste).",
        )
    dots, per_item = values.get("dots", 3), values.get("max_per_item", 1)
    if kind == "dots" and per_item > dots:
        line = (found.get("per_item") or found.get("dots") or [section])[0].line
        issues.add(
            line,
            f"Yhdelle kohteelle voi antaa enintään niin monta pistettä kuin pisteitä on "
            f"(nyt enintään {per_item}, pisteitä {dots}).",
        )


def _build_step(section: _Section, issues: _Issues) -> Step | None:
    """A Step from its section, or None if its kind is unknown (problems are reported)."""
    kind, prompt = _step_heading(section, issues)
    allowed = _STEP_SETTINGS[kind] if kind else _ALL_STEP_SETTINGS
    found = _resolve(section, allowed, issues, kind)
    values = _step_values(found, issues)
    if kind is None:
        return None
    _check_kind(kind, section, found, values, issues)
    return Step(
        id=section.key,
        kind=kind,
        text=prompt,
        theme=section.theme.key if section.theme else None,
        help="\n\n".join(section.text),
        line=section.line,
        **values,
    )


def _derived_id(section: _Section) -> str:
    """A short ASCII id from the prompt: its first words without question words."""
    prompt = section.heading.partition(":")[2] or section.heading
    words = [w for w in re.findall(r"[a-z0-9]+", _fold(prompt)) if w not in _STOPWORDS]
    kind = _KINDS_BY_WORD.get(_fold(section.heading.partition(":")[0]), "")
    return (
        slugify(" ".join(words), 24)
        or slugify(prompt, 24)
        or slugify(KIND_NAMES.get(kind, "vaihe"))
    )


def _assign_ids(steps: list[_Section], issues: _Issues) -> None:
    """Explicit ids first (checked, unique), then derived ids that avoid them."""
    used: dict[str, int] = {}
    for section in steps:
        setting = _first(section, "id")
        if setting is None or not setting.value:
            continue
        ident = setting.value.strip().lower()
        if not _ID_RE.match(ident):
            example = slugify(setting.value, MAX_ID_CHARS) or "avustus-toiveet"
            issues.add(
                setting.line,
                f"Tunniste ”{setting.value}” ei kelpaa. Käytä enintään {MAX_ID_CHARS} merkkiä: "
                f"kirjaimia a–z, numeroita ja viivoja, esimerkiksi ”{example}”.",
            )
        elif ident in used:
            issues.add(setting.line, f"Tunniste ”{ident}” on jo käytössä rivillä {used[ident]}.")
        else:
            used[ident] = setting.line
            section.key = ident
    for section in steps:
        if not section.key:
            base = candidate = _derived_id(section)
            number = 2
            while candidate in used:
                candidate, number = f"{base}-{number}", number + 1
            used[candidate] = section.line
            section.key = candidate


def _check_sources(sections: list[_Section], steps: list[Step], issues: _Issues) -> None:
    """Each dots step votes on an earlier open step."""
    position = {section.key: i for i, section in enumerate(sections)}
    built = {step.id: step for step in steps}
    for step in steps:
        setting = _first(sections[position[step.id]], "source")
        if step.kind != "dots" or step.source is None or setting is None:
            continue
        where = position.get(step.source)
        target = built.get(step.source)
        if where is None:
            issues.add(
                setting.line,
                f"Vaihetta ”{step.source}” ei löydy. Kirjoita aiemman avoimen vaiheen tunniste.",
            )
        elif where >= position[step.id]:
            issues.add(
                setting.line,
                f"Vaihe ”{step.source}” (rivi {sections[where].line}) ei ole ennen tätä vaihetta. "
                "Pisteillä äänestetään aiemman vaiheen vastauksista.",
            )
        elif target is not None and target.kind != "open":
            issues.add(
                setting.line,
                f"Vaiheen ”{step.source}” laji on {KIND_NAMES[target.kind]}. "
                "Pisteillä äänestetään avoimen vaiheen vastauksista tai ryhmistä.",
            )


def _build_themes(sections: list[_Section], issues: _Issues) -> tuple[Theme, ...]:
    """Themes with their keys; a key used twice keeps its first title."""
    themes: dict[str, Theme] = {}
    for number, section in enumerate(sections, start=1):
        found = _resolve(section, _THEME_SETTINGS, issues)
        key = theme_key(section.heading) or f"teema-{number}"
        for setting in found.get("key", []):
            if _ID_RE.match(setting.value.strip().lower()):
                key = setting.value.strip().lower()
            else:
                issues.add(
                    setting.line,
                    f"Avain ”{setting.value}” ei kelpaa. "
                    "Käytä kirjaimia a–z, numeroita ja viivoja.",
                )
        section.key = key
        intro = "\n\n".join(section.text)
        themes.setdefault(key, Theme(key, section.heading, section.line, intro))
    return tuple(themes.values())


def _script_settings(section: _Section | None, issues: _Issues) -> Values:
    """`kieli` and `tahti` from under the title."""
    found = _resolve(section, _SCRIPT_SETTINGS, issues) if section else {}
    values: Values = {}
    for setting in found.get("lang", []):
        if _fold(setting.value) in _LANGS:
            values["lang"] = _LANGS[_fold(setting.value)]
        else:
            issues.add(setting.line, f"Tuntematon kieli ”{setting.value}”. Käytä fi, sv tai en.")
    for setting in found.get("pacing", []):
        if _fold(setting.value) in _PACINGS:
            values["pacing"] = _PACINGS[_fold(setting.value)]
        else:
            issues.add(setting.line, f"Tahti on fasilitaattori tai oma, ei ”{setting.value}”.")
    return values


def _check_whole(reader: _Reader, line_count: int, issues: _Issues) -> None:
    """A title, at least one step, not too many."""
    first_line = min(1, line_count)
    if reader.title is None:
        issues.add(first_line, "Käsikirjoituksesta puuttuu pääotsikko. " + _TITLE_HINT)
    if not reader.steps:
        line = reader.title.line if reader.title else first_line
        issues.add(line, "Käsikirjoituksessa ei ole yhtään vaihetta. " + _STEP_HINT)
    if len(reader.steps) > MAX_STEPS:
        issues.add(reader.steps[MAX_STEPS].line, f"Vaiheita voi olla enintään {MAX_STEPS}.")


def _parse(source: str) -> Script:
    """Parse normalised source text; raise ScriptInvalid with every problem."""
    issues = _Issues()
    lines = source.split("\n")
    if len(source) > MAX_SOURCE_CHARS:
        raise ScriptInvalid(
            [ScriptError(0, f"Käsikirjoitus on liian pitkä (yli {MAX_SOURCE_CHARS} merkkiä).")]
        )
    reader = _Reader(_blocks(source), issues)
    settings = _script_settings(reader.preamble, issues)
    themes = _build_themes(reader.themes, issues)
    _assign_ids(reader.steps, issues)
    steps = [step for section in reader.steps if (step := _build_step(section, issues))]
    _check_sources(reader.steps, steps, issues)
    _check_whole(reader, len(lines) if source else 0, issues)
    if issues:
        raise ScriptInvalid(sorted(issues, key=lambda error: error.line))
    assert reader.title is not None and reader.preamble is not None
    return Script(
        title=reader.title.text,
        intro="\n\n".join(reader.preamble.text),
        themes=themes,
        steps=tuple(steps),
        **settings,
    )


# --- Public functions -------------------------------------------------------------------


def parse_script(source: str) -> Script:
    """Parse a script; raise ScriptInvalid listing every problem with its line."""
    text = re.sub(r"\r\n?", "\n", source).replace("\0", "\ufffd")
    try:
        return replace(_parse(text), source=source)
    except ScriptInvalid:
        raise
    except Exception as exc:  # a script must never show a traceback to a facilitator
        message = (
            "Käsikirjoitusta ei voitu lukea ohjelman virheen vuoksi "
            f"({type(exc).__name__}). Kerro tästä Työpajan ylläpitäjälle."
        )
        raise ScriptInvalid([ScriptError(0, message)]) from exc


def _read_error(exc: OSError) -> str:
    """A Finnish reason why a file could not be read."""
    if isinstance(exc, FileNotFoundError):
        return "Tiedostoa ei voi lukea: sitä ei löydy."
    if isinstance(exc, IsADirectoryError):
        return "Tiedostoa ei voi lukea: polku on kansio, ei tiedosto."
    if isinstance(exc, PermissionError):
        return "Tiedostoa ei voi lukea: ei lukuoikeutta."
    return f"Tiedostoa ei voi lukea ({exc.strerror or type(exc).__name__})."


def load_script_file(path: str | Path) -> Script:
    """Read a UTF-8 script file and parse it; unreadable files become ScriptInvalid."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise ScriptInvalid([ScriptError(0, _read_error(exc))]) from exc
    try:
        source = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        message = (
            "Tiedosto ei ole UTF-8-muodossa. Tallenna se tekstieditorissa "
            "merkistöllä UTF-8 ja yritä uudelleen."
        )
        raise ScriptInvalid([ScriptError(line, message)]) from exc
    return parse_script(source)


def summarize(script: Script) -> str:
    """One line: title and the number of steps by kind, in Finnish."""
    counts = [
        f"{sum(step.kind == kind for step in script.steps)} {KIND_NAMES[kind]}"
        for kind in STEP_KINDS
        if any(step.kind == kind for step in script.steps)
    ]
    total = len(script.steps)
    noun = "vaihe" if total == 1 else "vaihetta"
    details = f" ({', '.join(counts)})" if counts else ""
    return f"{script.title}: {total} {noun}{details}"


def check_file(path: str | Path) -> tuple[int, list[str]]:
    """Exit code (0 valid, 1 invalid) and the lines `tyopaja check` prints."""
    try:
        script = load_script_file(path)
    except ScriptInvalid as invalid:
        return 1, [error.format(str(path)) for error in invalid.errors]
    return 0, [summarize(script)]
