"""Names of private persons in free text: what is detected, and masking it. Pure Python.

Detected (docs/export.md, *Names of persons*):

- a first name from the Finnish and Swedish name lists (`names/first_names.txt`, also in an
  inflected form: `Tiinan`, `Tiinalle`) followed by one or two capitalised words, the surname
  (`Tiina Rautio`, `Tiina Rautiolta`, `Anna-Karin Lindqvist`, `Matti Virtanen-Mäkelä`);
- a title or role followed by one or two capitalised words (`puheenjohtaja Virtanen`,
  `rehtori Anna Mäkinen`, `ordförande Lindqvist`); the title stays, the name goes.

Not detected: a first name alone (`Tiina sanoi`), a surname alone, names written in lower
case, initials (`T. Rautio`), nicknames and names missing from the lists unless a title
precedes them. The facilitator reviews every proposal (keep or mask) before the export.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

NAME_MASK = "(nimi poistettu)"
_DIR = Path(__file__).with_name("names")

# Titles and roles (lower case) that are followed by a person's name. An inflected or
# possessive form (`puheenjohtajamme`, `rehtorille`) counts too.
TITLES = (
    "puheenjohtaja",
    "varapuheenjohtaja",
    "sihteeri",
    "rahastonhoitaja",
    "jäsen",
    "kunnanjohtaja",
    "kaupunginjohtaja",
    "johtaja",
    "toiminnanjohtaja",
    "rehtori",
    "opettaja",
    "pastori",
    "kirkkoherra",
    "koordinaattori",
    "hyvinvointikoordinaattori",
    "järjestöyhdyshenkilö",
    "yhdyshenkilö",
    "valtuutettu",
    "kunnanvaltuutettu",
    "sivistysjohtaja",
    "vapaa-aikasihteeri",
    "vapaa-aikaohjaaja",
    "nuoriso-ohjaaja",
    "nuorisosihteeri",
    "liikuntasihteeri",
    "kulttuurisihteeri",
    "sosiaalijohtaja",
    "lääkäri",
    "tohtori",
    "sairaanhoitaja",
    "terveydenhoitaja",
    "työntekijä",
    "ohjaaja",
    "valmentaja",
    "herra",
    "rouva",
    "neiti",
    "hra",
    "rva",
    "tri",
    "ordförande",
    "viceordförande",
    "sekreterare",
    "kassör",
    "rektor",
    "kommundirektör",
    "stadsdirektör",
    "direktör",
    "verksamhetsledare",
    "kyrkoherde",
    "koordinator",
    "lärare",
    "tränare",
    "herr",
    "fru",
    "fröken",
    "chair",
    "chairperson",
    "mayor",
    "director",
    "coordinator",
    "teacher",
    "mr",
    "mrs",
    "ms",
    "dr",
)

_WORD = r"[A-ZÅÄÖÜÉ][a-zåäöüéè]+(?:-[A-ZÅÄÖÜÉ][a-zåäöüéè]+)?"
_CAP_RUN = re.compile(rf"{_WORD}(?:\s+{_WORD})?")
_TOKEN = re.compile(r"[A-Za-zÅÄÖÜÉåäöüéè][\w-]*", re.UNICODE)
# Finnish case endings and possessive suffixes a name or title may carry.
_ENDINGS: tuple[str, ...] = (
    "llekin",
    "lleen",
    "ltaan",
    "staan",
    "ssaan",
    "llaan",
    "mme",
    "nne",
    "lle",
    "lta",
)
_ENDINGS += ("sta", "ssa", "lla", "ksi", "tä", "ta", "na", "nä", "n", "a", "ä")
_TITLE_ENDINGS = ("", "mme", "nne", "nsa", "nsä", "lle", "n", "lta", "a", "ä", "ltä", "sta")


@lru_cache(maxsize=1)
def first_names() -> frozenset[str]:
    """The first names of the shipped lists (Finnish and Swedish), as written."""
    lines = (_DIR / "first_names.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(x.strip() for x in lines if x.strip() and not x.startswith("#"))


def _is_first_name(word: str) -> bool:
    names = first_names()
    for part in word.split("-"):
        if not part or not part[0].isupper():
            return False
    if word in names or all(p in names for p in word.split("-")):
        return True
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 2:
            stem = word[: -len(ending)]
            # Finnish consonant gradation is rare in first names; a doubled vowel is not
            # (Tiinaa -> Tiina), and -sen/-nen is a surname's, not a first name's, ending.
            if stem in names or stem + "a" in names or stem + "ä" in names:
                return True
    return False


_TITLE_FORMS = frozenset(title + ending for title in TITLES for ending in _TITLE_ENDINGS)


def _is_title(word: str) -> bool:
    return word.casefold() in _TITLE_FORMS


@dataclass(frozen=True)
class Found:
    """A detected name: where it is in the text, and the name itself."""

    start: int
    end: int
    name: str
    reason: str  # "name" (first name + surname) | "title" (a title before a name)


def find(text: str) -> list[Found]:
    """The names of persons in a text, left to right, not overlapping."""
    return list(_find(text))


@lru_cache(maxsize=8192)
def _find(text: str) -> tuple[Found, ...]:
    found: list[Found] = []
    if not text:
        return ()
    pos = 0
    for token in _TOKEN.finditer(text):
        if token.start() < pos:
            continue
        word = token.group(0)
        if word[0].isupper() and _is_first_name(word):
            rest = _CAP_RUN.match(text, _skip_space(text, token.end()))
            if rest and _skip_space(text, token.end()) > token.end():
                surname = _first_word(rest.group(0))
                end = _skip_space(text, token.end()) + len(surname)
                found.append(Found(token.start(), end, text[token.start() : end], "name"))
                pos = end
                continue
        if _is_title(word):
            after = _skip_space(text, token.end())
            if after == token.end():
                continue
            run = _CAP_RUN.match(text, after)
            if run:
                words = run.group(0).split()
                # One or two words: "Virtanen", or a first name and a surname.
                take = run.group(0) if len(words) == 2 and _is_first_name(words[0]) else words[0]
                end = after + len(take)
                found.append(Found(after, end, text[after:end], "title"))
                pos = end
    return tuple(found)


def _skip_space(text: str, index: int) -> int:
    while index < len(text) and text[index] == " ":
        index += 1
    return index


def _first_word(run: str) -> str:
    return run.split()[0]


def key(name: str) -> str:
    """How a name is stored in the review: whitespace folded, case-insensitive."""
    return " ".join(name.split()).casefold()


def masker(keep: Iterable[str], mask: str = NAME_MASK) -> Callable[[str], str]:
    """A function that masks every detected name except those kept in the review."""
    kept = frozenset(key(k) for k in keep)

    def apply(text: str) -> str:
        if not text:
            return text
        out, last = [], 0
        for hit in _find(text):
            if key(hit.name) in kept:
                continue
            out += [text[last : hit.start], mask]
            last = hit.end
        return "".join(out) + text[last:] if out else text

    return apply


def candidates(texts: Iterable[str]) -> list[tuple[str, int, str]]:
    """Detected names over many texts: (name, how many times, the first text it was in)."""
    seen: dict[str, list] = {}
    for text in texts:
        for hit in find(text or ""):
            entry = seen.setdefault(key(hit.name), [hit.name, 0, text])
            entry[1] += 1
    return [(name, n, example) for name, n, example in seen.values()]


def decisions(rows: Iterable[Mapping]) -> frozenset[str]:
    """The names the facilitator chose to keep, from stored review rows."""
    return frozenset(key(r["name"]) for r in rows if r.get("decision") == "keep")
