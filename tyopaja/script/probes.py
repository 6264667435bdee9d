"""The `tarkenna:` setting -> Probes: a follow-up question and when the bot asks it.

`Kysymys? (jos lyhyt)`, `(jos alle 30 merkkiä)`, `(jos mainitsee: vuokra, maksu)` or no condition.
"""

from __future__ import annotations

import re

from tyopaja.script.format import MAX_SHORT_CHARS, fold
from tyopaja.script.model import Probe
from tyopaja.script.outline import Issues, Setting

_COND_RE = re.compile(
    r"^(.*?)\s*\(\s*((?:jos|if|om|kun|when|aina|always|alltid)\b[^()]*)\)$", re.IGNORECASE
)
_UNDER_RE = re.compile(
    r"^(?:alle|under|shorter than|lyhyempi kuin|kortare an)\s+(\d{1,4})\s*"
    r"(?:merkkia|merkkiä|merkki|chars?|characters?|tecken)?$"
)
_MENTIONS_RE = re.compile(r"^(?:mainitsee|mentions|namner|nämner)\s*:?\s*(.*)$")
_ALWAYS = ("aina", "always", "alltid")
_SHORT = ("lyhyt", "short", "kort")
_NO_QUESTION = "Tarkennuksesta puuttuu kysymys."


def parse_probes(setting: Setting, issues: Issues) -> tuple[Probe, ...]:
    """`tarkenna: Kysymys? (jos …)`, or one probe per nested bullet."""
    texts = [(setting.value, setting.line)] if setting.value else []
    texts += [(child.text, child.line) for child in setting.children]
    if not texts:
        issues.add(setting.line, _NO_QUESTION)
    probes = [_probe(text, line, issues) for text, line in texts]
    for child in setting.children:
        issues.no_sub_items(child.children, "Tarkennuksella")
    return tuple(probe for probe in probes if probe)


def _probe(text: str, line: int, issues: Issues) -> Probe | None:
    """One probe: the question and an optional `(jos …)` condition at its end."""
    match = _COND_RE.match(text)
    question = (match.group(1) if match else text).strip()
    if not question:
        issues.add(line, _NO_QUESTION)
        return None
    if not match:
        return Probe(question)
    return _conditional_probe(question, " ".join(match.group(2).split()), line, issues)


def _conditional_probe(question: str, condition: str, line: int, issues: Issues) -> Probe | None:
    """A probe for `aina`, `jos lyhyt`, `jos alle N merkkiä` or `jos mainitsee: a, b`."""
    word, _, rest = condition.partition(" ")
    under = _UNDER_RE.match(fold(rest))
    mentions = _MENTIONS_RE.match(rest.lower())
    if fold(word) in _ALWAYS and not rest:
        return Probe(question)
    if fold(rest) in _SHORT:
        return Probe(question, "short")
    if under:
        return _short_probe(question, under.group(1), line, issues)
    if mentions:
        return _mentions_probe(question, mentions.group(1), line, issues)
    issues.add(
        line,
        f"Tuntematon ehto ”({condition})”. Käytä (jos lyhyt), (jos alle 30 merkkiä) "
        "tai (jos mainitsee: vuokra, maksu).",
    )
    return None


def _short_probe(question: str, chars: str, line: int, issues: Issues) -> Probe | None:
    """`jos alle N merkkiä`: asked when the answer is shorter than N characters."""
    if 1 <= int(chars) <= MAX_SHORT_CHARS:
        return Probe(question, "short", short_chars=int(chars))
    issues.add(line, f"Merkkimäärän pitää olla 1–{MAX_SHORT_CHARS}, nyt {chars}.")
    return None


def _mentions_probe(question: str, listed: str, line: int, issues: Issues) -> Probe | None:
    """`jos mainitsee: a, b`: asked when the answer contains one of the words."""
    words = tuple(dict.fromkeys(w.strip() for w in listed.split(",") if w.strip()))
    if words:
        return Probe(question, "mentions", words=words)
    issues.add(line, "Kirjoita ehtoon sanat, esimerkiksi (jos mainitsee: vuokra, maksu).")
    return None
